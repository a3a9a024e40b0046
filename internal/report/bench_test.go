package report_test

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/render"
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
			site, theme := synthSite(b, c.o)
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

// synthSite generates a synthetic site in memory and loads it as the build
// does.
func synthSite(b *testing.B, o synth.Options) (*build.Site, *render.Theme) {
	b.Helper()
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/site", o); err != nil {
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
	return site, theme
}

// BenchmarkProvinceChartSVG is the cost of drawing the charts at build time
// over every chart of the province site's data pages (gksynth --schools
// 5000 --years 10 --counties 25; its documents have no charts, so one
// document stands for the 2,000), in their real proportions: the SVG of
// each chart written into its figure as the build writes it, the total
// divided by the number of charts. The goal is ≤ 20 µs per chart, set when
// the site had 60,000 charts (each school page one per year); "ms/site" is
// the whole, against that goal's 1.2 s. The pages' data is made once,
// outside the timing; only the charts are kept.
//
//	go test ./internal/report -run '^$' -bench ProvinceChartSVG -benchtime 3x -count 3
func BenchmarkProvinceChartSVG(b *testing.B) {
	site, theme := synthSite(b, synth.Options{Docs: 1, Schools: 5000, Years: 10, Counties: 25})
	rep, err := report.New(report.Options{Site: site.Config, Theme: theme, Layout: site.Layout, Reports: site.Reports})
	if err != nil {
		b.Fatal(err)
	}
	var charts []*report.Chart
	for _, p := range rep.Pages() {
		data := p.Data
		if p.Make != nil {
			if data, err = p.Make(&p.Page); err != nil {
				b.Fatal(err)
			}
		}
		for _, c := range report.ChartsOf(data) {
			c.Table = nil // the tables are not drawn; let them go
			charts = append(charts, c)
		}
	}
	n := len(charts)
	if n < 10000 {
		b.Fatalf("only %d charts", n)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		for _, c := range charts {
			var fig strings.Builder // the chart's figure
			report.WriteSVG(&fig, c)
		}
	}
	// CPU time as well as wall time: on a shared machine the wall time
	// depends on what else runs, the CPU time much less.
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1e3/float64(b.N)/float64(n), "cpu-µs/chart")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N)/float64(n), "µs/chart")
	b.ReportMetric(float64(n), "charts")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/site")
}

// processCPU is the user and system CPU time of the process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
