package report

import (
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// rankingMost is the most schools an indicator page ranks in its chart, a
// bar each. More make a chart several screens tall on a phone and too
// small to read on paper; the chart then counts the schools in bands of
// value (分布), by 城乡 group, and the ranking is a table of its own.
const rankingMost = 40

// bandSchool is what a distribution needs of a school: its 城乡 group
// (index in indicators.Groups, -1 for none), its value as published, and
// its verdicts, which decide the bands either side of the 标准 and the
// floor (the value alone could fall on the wrong side by rounding).
type bandSchool struct {
	group             int
	value             float64
	below, underFloor bool
}

// band is a range of an indicator's values, [lo, hi), and its schools by
// 城乡 group. The lowest band has no lo (hasLo false), the highest no hi;
// the floor's line and the 标准's are drawn above the bands that start at
// them.
type band struct {
	lo, hi                  float64
	hasLo, hasHi            bool
	fromFloor, fromStandard bool
	counts                  [3]int
}

func (b *band) total() int { return b.counts[0] + b.counts[1] + b.counts[2] }

// bands counts schools in bands of the width of the gap between the floor
// and the 标准 (15% of the 标准 with the national 85% floor): two below
// the floor, one from the floor to the 标准, three above it, and one open
// band at each end; bands at the ends without schools are left out, but
// the band under the floor and the one from the 标准 always stay, so that
// both lines are drawn. Bands run from the lowest to the highest.
func bands(threshold, floor float64, schools []bandSchool) []band {
	d := threshold - floor
	if d <= 0 || floor <= 0 {
		d = threshold * 0.15
	}
	// Edges as written (2.31, not 2.3100000000000005).
	round := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	var edges []float64
	for _, e := range []float64{floor - 2*d, floor - d, floor, threshold, threshold + d, threshold + 2*d, threshold + 3*d} {
		if e = round(e); e > 0 && (len(edges) == 0 || e > edges[len(edges)-1]) {
			edges = append(edges, e)
		}
	}
	fi, ti := -1, -1 // the bands starting at the floor and at the 标准
	all := make([]band, len(edges)+1)
	for i := range all {
		if i > 0 {
			b := &all[i]
			b.lo, b.hasLo = edges[i-1], true
			b.fromFloor, b.fromStandard = b.lo == round(floor), b.lo == round(threshold)
			if b.fromFloor {
				fi = i
			}
			if b.fromStandard {
				ti = i
			}
		}
		if i < len(edges) {
			all[i].hi, all[i].hasHi = edges[i], true
		}
	}
	for _, sc := range schools {
		i := 0
		for i < len(edges) && sc.value >= edges[i]*(1-1e-12) {
			i++
		}
		// The verdicts place a school either side of the floor and the
		// 标准 (a value is compared in full there, not as published).
		switch {
		case sc.underFloor && fi > 0:
			i = min(i, fi-1)
		case sc.below && ti > 0:
			i = ti - 1
		case !sc.below && ti > 0:
			i = max(i, ti)
		}
		if sc.group >= 0 { // every school has one (城乡分类代码 is required)
			all[i].counts[sc.group]++
		}
	}
	lo, hi := len(all)-1, 0
	for i := range all {
		if all[i].total() > 0 {
			lo, hi = min(lo, i), max(hi, i)
		}
	}
	if fi > 0 {
		lo = min(lo, fi-1)
	}
	if ti >= 0 {
		hi = max(hi, ti)
	}
	return all[lo : hi+1]
}

// label writes a band's range in the indicator's unit: < 1,400,
// 1,400–1,700, ≥ 2,900.
func (b *band) label(ind indicators.Indicator) string {
	switch {
	case !b.hasLo:
		return "< " + Standard(ind, b.hi)
	case !b.hasHi:
		return "≥ " + Standard(ind, b.lo)
	}
	return Standard(ind, b.lo) + "–" + Standard(ind, b.hi)
}

// distributionChart is an indicator's schools counted in bands of value
// (bs, from bands), a bar per band, highest on top, stacked by 城乡 group,
// with the 标准 dashed and the floor dotted between the bands they part;
// its table is the counts.
func (s *Site) distributionChart(u *unit, lr *indicators.LevelReport, ind indicators.Indicator, id, title string, missing int, floor float64, bs []band) (*Chart, error) {
	info := indicators.Info(ind)
	unitL := s.unitLabel(ind)
	ir := lr.Indicators[ind]
	n := len(bs)
	// The legend and the table name only the 城乡 groups the level has
	// schools in (an urban district has no 乡村 school).
	gs, _ := passStats(lr)
	shown := groupsShown(lr, gs)
	cats := make([]string, n)
	data := make([][]any, 3)
	maxN := 0
	for k := range bs {
		b := &bs[n-1-k] // highest first
		cats[k] = b.label(ind)
		maxN = max(maxN, b.total())
		for g := range data {
			if c := b.counts[g]; c > 0 {
				data[g] = append(data[g], c)
			} else {
				data[g] = append(data[g], "-") // no segment, no tooltip
			}
		}
	}
	// Where the lines part the bands, on the category axis (k + 0.5 is
	// below the k-th band from the top).
	var stdAt, floorAt float64 = -1, -1
	for k := range bs {
		b := &bs[n-1-k]
		if b.fromStandard {
			stdAt = float64(k) + 0.5
		}
		if b.fromFloor {
			floorAt = float64(k) + 0.5
		}
	}
	subtitle := s.t.f("rpt_st_ind_bands", info.Name, unitL, Standard(ind, ir.Threshold), Standard(ind, floor))
	if missing > 0 {
		subtitle += s.t.f("rpt_st_ind_missing", missing)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, true, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_schools"), NameLocation: "middle", NameGap: 26, Max: niceMax(float64(maxN)), MinInterval: 1, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "24", Top: "120", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	for gi, g := range indicators.Groups {
		ser := charts.SingleSeries{Name: g.Chinese(), Type: "bar", Data: data[gi], Stack: "all", BarMaxWidth: "18"}
		ser.ConfigureSeriesOpts(seriesLabel("inside"))
		if gi == 0 {
			var marks []markItem
			if stdAt >= 0 {
				marks = append(marks, markItem{YAxis: stdAt, Label: &opts.Label{Show: opts.Bool(false)}})
			}
			if floorAt >= 0 {
				marks = append(marks, markItem{YAxis: floorAt, Label: &opts.Label{Show: opts.Bool(false)}, LineStyle: &opts.LineStyle{Color: colFloor, Type: "dotted"}})
			}
			ser.ConfigureSeriesOpts(withMarks(marks...))
		}
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	opt, err := Option(bar, numbers(0, ""), func(m map[string]any) {
		if lg, ok := m["legend"].(map[string]any); ok {
			lg["data"] = groupNames(shown)
		}
	})
	if err != nil {
		return nil, err
	}

	t := &Table{
		Class:   "bands",
		Caption: s.t.f("rpt_cap_bands", s.scope(u), lr.Level.Chinese(), info.Name),
		Sources: []Source{u.src},
		Head:    []Col{{Text: s.t.s("rpt_col_value"), Unit: unitL}},
	}
	for _, gi := range shown {
		t.Head = append(t.Head, Col{Text: indicators.Groups[gi].Chinese(), Unit: s.t.s("rpt_u_schools"), Num: true})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_total"), Unit: s.t.s("rpt_u_schools"), Num: true})
	for k := range bs {
		b := &bs[n-1-k]
		// Kept on one line by the table's class (site.css).
		row := []Cell{{Text: cats[k], Head: true}}
		for _, gi := range shown {
			row = append(row, Cell{Text: Int(b.counts[gi]), Num: true})
		}
		t.Rows = append(t.Rows, append(row, Cell{Text: Int(b.total()), Num: true}))
	}
	t.Note = s.t.f("rpt_note_bands", Standard(ind, ir.Threshold), Standard(ind, floor))
	if missing > 0 {
		t.Note += s.t.f("rpt_note_bands_missing", missing)
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}
