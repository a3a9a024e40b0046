package report_test

import (
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/report"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// BenchmarkNew measures the data pages and their charts (the ECharts options
// and tables of every year report, indicator, school and trends page) for a
// synthetic county and for the province-scale site of docs/performance.md;
// the templates that turn them into HTML are measured with the whole build
// (internal/build, BenchmarkBuild*).
//
//	go test ./internal/report -run '^$' -bench New -benchtime 3x
func BenchmarkNew(b *testing.B) {
	for _, c := range []struct {
		name string
		o    synth.Options
	}{
		{"County", synth.Options{Docs: 1, Schools: 300, Years: 3, Counties: 1}},
		{"Province", synth.Options{Docs: 1, Schools: 5000, Years: 10, Counties: 10}},
	} {
		b.Run(c.name, func(b *testing.B) {
			fsys := afero.NewMemMapFs()
			if _, err := synth.Generate(fsys, "/site", c.o); err != nil {
				b.Fatal(err)
			}
			site, dl := build.Load(build.Options{Fs: fsys, Source: "/site", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
			if site == nil || dl.HasErrors(false) {
				b.Fatal(dl.All())
			}
			theme, ds := build.LoadTheme(fsys, "/site", "")
			if theme == nil {
				b.Fatal(ds)
			}
			b.ReportAllocs()
			var rep *report.Site
			for b.Loop() {
				var err error
				rep, err = report.New(report.Options{Site: site.Config, Theme: theme, Layout: site.Layout, Reports: site.Reports})
				if err != nil {
					b.Fatal(err)
				}
				// Most pages' data is made in their render job: make it
				// here, as rendering would (one page at a time).
				for _, p := range rep.Pages() {
					if p.Make != nil {
						if _, err := p.Make(&p.Page); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
			b.ReportMetric(float64(len(rep.Pages())), "pages")
			b.ReportMetric(float64(rep.Charts()), "charts")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(max(rep.Charts(), 1)), "µs/chart")
		})
	}
}
