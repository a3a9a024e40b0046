package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// BenchmarkChartSVG is the cost of drawing a chart at build time — its
// option decoded and drawn as SVG — averaged over every chart of a
// county's data pages (schools' charts, most of a province site's 60,000,
// weigh the most). The goal is ≤ 20 µs per chart.
//
//	go test ./internal/report -run '^$' -bench ChartSVG
func BenchmarkChartSVG(b *testing.B) {
	site, theme := testSite(b)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{bigReport(40)}})
	if err != nil {
		b.Fatal(err)
	}
	var charts []*Chart
	for _, p := range s.Pages() {
		walkMarkup(reflect.ValueOf(pageData(b, p)), map[uintptr]bool{}, func(c *Chart) { charts = append(charts, c) }, func(*Table) {})
	}
	if len(charts) < 20 {
		b.Fatalf("only %d charts", len(charts))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range charts {
			c.SVG()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N)/float64(len(charts)), "µs/chart")
	b.ReportMetric(float64(len(charts)), "charts")
}

// ChartsOf is every chart reachable from a page's data (for the external
// benchmarks).
func ChartsOf(data any) []*Chart {
	var out []*Chart
	walkMarkup(reflect.ValueOf(data), map[uintptr]bool{}, func(c *Chart) { out = append(out, c) }, func(*Table) {})
	return out
}

// WriteSVG writes the chart's SVG into its figure as the page does (for
// the external benchmarks).
func WriteSVG(b *strings.Builder, c *Chart) {
	b.Grow(160)
	c.writeSVG(b, len(c.Option)+600)
}
