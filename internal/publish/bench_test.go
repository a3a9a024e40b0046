package publish

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// BenchmarkSchoolsCSV writes the published schools.csv of 10 years of
// 10,000 school parts.
func BenchmarkSchoolsCSV(b *testing.B) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/site", synth.Options{Schools: 10000, Years: 10}); err != nil {
		b.Fatal(err)
	}
	ds, _ := data.Load(fsys, "/site")
	std := indicators.DefaultStandards()
	var reps []*indicators.Report
	var ins []indicators.Input
	for _, y := range ds.Years {
		for _, in := range y.Counties {
			reps = append(reps, indicators.Compute(in, std))
			ins = append(ins, in)
		}
	}
	for b.Loop() {
		for i := range reps {
			SchoolsCSVInput(reps[i], ins[i])
		}
	}
}
