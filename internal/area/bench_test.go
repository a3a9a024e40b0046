package area_test

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// province150 loads a synthetic province year of 150 counties (6,000
// school parts).
func province150(b *testing.B) (*build.Site, area.Targets) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 1, Schools: 6000, Years: 1, Counties: 150}); err != nil {
		b.Fatal(err)
	}
	site, dl := build.Load(build.Options{Fs: fsys, Source: "/s"})
	if dl.HasErrors(false) {
		b.Fatal(dl.Errors())
	}
	return site, targetsOf(site.Data.Targets)
}

// BenchmarkYear150Counties is the rows, the summary and counties.json of a
// province year of 150 counties.
func BenchmarkYear150Counties(b *testing.B) {
	site, targets := province150(b)
	for b.Loop() {
		y := area.New(2024, site.Reports, targets)
		js, err := y.JSON()
		if err != nil || len(y.Counties) != 150 {
			b.Fatal(err, len(y.Counties))
		}
		b.SetBytes(int64(len(js)))
	}
}

// BenchmarkArea150Counties is the area's values over the 6,000 school parts
// of a province year of 150 counties.
func BenchmarkArea150Counties(b *testing.B) {
	site, targets := province150(b)
	for b.Loop() {
		if a := area.New(2024, site.Reports, targets).Area(); a.Primary == nil {
			b.Fatal("no primary")
		}
	}
}
