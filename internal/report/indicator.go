package report

import (
	"html/template"
	"math"
	"sort"
	"sync"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// IndicatorPage is the data of layouts/indicator.html: every school part of
// one level against one indicator's threshold.
type IndicatorPage struct {
	Title string
	Lead  []Fact
	Chart *Chart
	// Ranking is the table of every school, highest first, when the
	// chart counts them in bands (more than rankingMost schools); nil
	// when the chart ranks them and its table is this one.
	Ranking   *Table
	RankingH  string
	Siblings  []Link // the level's other indicators
	Years     []Link // the same indicator in other years
	Report    Link
	NotesH    string
	Notes     string
	Downloads []Link
	HasCharts bool
}

// floors are the 底线 (the FloorShare of the standard, 85 %) of every
// indicator at every level of one unit's standards, computed when a page
// first needs them: Standards.Floor works in exact decimals, too dear to
// call for each school of each table, and gongkai serve makes every unit
// again on each rebuild but renders only a few.
type floors struct {
	once sync.Once
	of   map[floorKey]float64
}

type floorKey struct {
	l   indicators.Level
	ind indicators.Indicator
}

// floor is the 底线 of ind at level l in u's standards.
func (u *unit) floor(l indicators.Level, ind indicators.Indicator) float64 {
	f := u.floors
	f.once.Do(func() {
		f.of = map[floorKey]float64{}
		for _, l := range indicators.Levels {
			for _, ind := range indicators.Indicators {
				f.of[floorKey{l, ind}] = u.report().Standards.Floor(l, ind)
			}
		}
	})
	return f.of[floorKey{l, ind}]
}

// belowFloor tells, for display, whether a value is under the floor (a
// value equal to it within rounding noise is not).
func belowFloor(v, floor float64) bool { return v < floor*(1-1e-12) }

func (s *Site) indicatorPage(u *unit, lr *indicators.LevelReport, ind indicators.Indicator) (*IndicatorPage, error) {
	info := indicators.Info(ind)
	ir := lr.Indicators[ind]
	l := lr.Level
	unitL := s.unitLabel(ind)
	floor := u.floor(l, ind)
	p := &IndicatorPage{
		Title:     s.t.f("rpt_title_indicator", s.scope(u), l.Chinese(), info.Name),
		Report:    Link{Title: s.t.f("rpt_title_year", u.name, u.year), URL: u.url},
		NotesH:    s.t.s("rpt_h_notes"),
		Notes:     u.report().Meta.Notes,
		Downloads: s.downloads(u),
		HasCharts: true,
	}
	cvt, cvc := s.verdict(ir.CVPass)
	if !ir.CV.Given {
		cvt, cvc = "", "" // the figure says 未提供 already
	}
	total := s.f.Missing
	if ir.Value.Given {
		total = s.f.Value(ir.Value) + " " + unitL
	}
	p.Lead = []Fact{
		{Label: s.t.s("rpt_col_standard"), Text: "≥ " + Standard(ind, ir.Threshold) + " " + unitL},
		{Label: s.t.f("rpt_floor", PlainPercent(u.report().Standards.FloorShare)), Text: Standard(ind, floor) + " " + unitL},
		{Label: s.totalName(u), Text: total},
		{Label: s.t.s("rpt_cv"), Text: s.t.f("rpt_cv_vs_limit", s.f.CV(ir.CV), Limit(ir.CVLimit)), Status: cvt, Class: cvc},
		{Label: s.t.s("rpt_fact_as_of"), Text: u.src.AsOf},
	}
	for _, o := range indicators.Indicators {
		p.Siblings = append(p.Siblings, Link{Title: indicators.Info(o).Short, URL: u.indicatorURL(l, o), Current: o == ind})
	}
	for _, o := range s.units {
		if (o.code == u.code || !o.multi && !u.multi) && o.report().Levels.Get(l) != nil {
			p.Years = append(p.Years, Link{Title: s.t.f("rpt_year", o.year), URL: o.indicatorURL(l, ind), Current: o.idx == u.idx})
		}
	}

	// Every part with a value, highest first; the rest are listed in the
	// table as 未提供.
	// (Performance: rows point to the schools; sorting copies of them took
	// a sixth of the page.)
	type row struct {
		sc  *indicators.SchoolResult
		v   indicators.Figure
		raw indicators.Figure
	}
	var rows, missing []row
	for i := range lr.Schools {
		sc := &lr.Schools[i]
		r := row{sc: sc, v: sc.Values[ind], raw: sc.Part.Raw(ind)}
		if r.v.Given {
			rows = append(rows, r)
		} else {
			missing = append(missing, r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].v.Value > rows[j].v.Value })

	below, underFloor := 0, 0
	spread := make([]bandSchool, len(rows))
	for i, r := range rows {
		_, isBelow := r.sc.Shortfalls[ind]
		under := isBelow && belowFloor(r.v.Value, floor)
		if isBelow {
			below++
		}
		if under {
			underFloor++
		}
		spread[i] = bandSchool{group: groupIndex(r.sc.Group), value: Round(r.v.Value, ValueDecimals), below: isBelow, underFloor: under}
	}
	var title string
	lname := l.Chinese()
	switch {
	case len(rows) == 0:
		title = s.t.f("rpt_t_ind_missing", lname, info.Short)
	case below == 0 && len(missing) > 0:
		// Not 全部: a school without the figure is not known to meet it.
		title = s.t.f("rpt_t_ind_ok_missing", len(rows), lname, info.Short, len(missing))
	case below == 0:
		title = s.t.f("rpt_t_ind_ok", len(rows), lname, info.Short)
	case underFloor > 0:
		title = s.t.f("rpt_t_ind_floor", below, lname, info.Short, underFloor)
	default:
		title = s.t.f("rpt_t_ind_below", below, lname, info.Short)
	}
	var missingNote string
	if len(missing) > 0 {
		missingNote = s.t.f("rpt_st_ind_missing", len(missing))
	}

	t := &Table{
		Caption: s.t.f("rpt_cap_indicator", s.scope(u), lname, info.Name),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_rank"), Num: true}, {Text: s.t.s("rpt_col_school")}, {Text: s.t.s("rpt_col_group")},
			{Text: s.t.s("rpt_col_students"), Unit: s.t.s("rpt_u_people"), Num: true},
			{Text: s.rawLabel(ind), Unit: info.InputUnit, Num: true},
			{Text: s.t.s("rpt_col_value"), Unit: unitL, Num: true}, {Text: s.t.s("rpt_col_ratio"), Num: true},
			{Text: s.t.s("rpt_col_verdict")}, {Text: s.t.s("rpt_col_shortfall"), Unit: info.InputUnit, Num: true}},
	}
	add := func(i int, r row) {
		rank := "—"
		vt, vc := s.f.Missing, "muted"
		var sub string
		short := "—"
		if r.v.Given {
			rank = Int(i + 1)
			vt, vc = s.t.s("rpt_pass"), "good"
			if v, ok := r.sc.Shortfalls[ind]; ok {
				vt, vc = s.t.s("rpt_fail"), "bad"
				short = Shortfall(ind, v)
				if belowFloor(r.v.Value, floor) {
					sub = s.t.s("rpt_below_floor")
				}
			}
		}
		_, isBelow := r.sc.Shortfalls[ind]
		t.Rows = append(t.Rows, []Cell{
			{Text: rank, Num: true},
			{Text: r.sc.SchoolName, Head: true, URL: layout.School(r.sc.SchoolID)},
			{Text: r.sc.Group.Chinese(), Group: string(r.sc.Group)},
			{Text: Int(r.sc.Students), Num: true},
			{Text: s.raw(ind, r.raw), Num: true},
			s.valueCell(r.v, ir.Threshold, isBelow),
			ratioCell(r.v, ir.Threshold),
			{Text: vt, Status: vc, Sub: sub},
			{Text: short, Num: true},
		})
	}
	for i, r := range rows {
		add(i, r)
	}
	for _, r := range missing {
		add(-1, r)
	}
	t.Note = s.t.s("rpt_note_indicator")
	id := ChartID("ind", string(l), string(ind))
	if len(rows) > rankingMost {
		bs := bands(ir.Threshold, floor, spread)
		c, err := s.distributionChart(u, lr, ind, id, title, len(missing), floor, bs)
		if err != nil {
			return nil, err
		}
		p.Chart = c
		t.ID = "t_ranking"
		p.Ranking, p.RankingH = t, s.t.s("rpt_h_ranking")
		sourcesOnce(c.Table, t)
		return p, nil
	}
	cats := make([]string, len(rows))
	for i, r := range rows {
		cats[i] = r.sc.SchoolName
	}
	subtitle := s.t.f("rpt_st_ind", info.Name, unitL, Standard(ind, floor)) + missingNote
	opt, err := s.rankingOption(ind, ir, floor, title, subtitle, cats, spread)
	if err != nil {
		return nil, err
	}
	p.Chart = newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t})
	return p, nil
}

// rankingOption is the option of an indicator's ranking chart: a bar per
// school (cats, highest first), in its 城乡 group's colour, with the 标准
// and floor lines.
func (s *Site) rankingOption(ind indicators.Indicator, ir *indicators.IndicatorResult, floor float64, title, subtitle string, cats []string, spread []bandSchool) (template.JS, error) {
	info := indicators.Info(ind)
	unitL := s.unitLabel(ind)
	series := make([][]any, 3)
	for g := range series {
		series[g] = make([]any, len(spread))
	}
	maxV := math.Max(ir.Threshold, 0)
	for i, b := range spread {
		for g := range series {
			series[g][i] = "-"
		}
		if b.group < 0 {
			continue
		}
		// The series' templates print the value ({c}) and the school ({b}).
		series[b.group][i] = b.value
		maxV = math.Max(maxV, b.value)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, true, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: unitL, NameLocation: "middle", NameGap: 26, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 120, Overflow: "truncate"}, AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "48", Top: "120", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	markOn := 0 // the marks go on a series that has data
	if len(spread) > 0 && spread[0].group >= 0 {
		markOn = spread[0].group
	}
	for gi, g := range indicators.Groups {
		ser := charts.SingleSeries{Name: g.Chinese(), Type: "bar", Data: series[gi], Stack: "all", BarMaxWidth: "18"}
		ser.ConfigureSeriesOpts(seriesLabel("right"))
		if gi == markOn {
			ser.ConfigureSeriesOpts(withMarks(
				standardLine(true, ir.Threshold, s.t.f("rpt_mark_standard", Standard(ind, ir.Threshold))),
				floorLine(true, floor)))
		}
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	return Option(bar, numbers(ValueDecimals, "{b}\n{a} · "+info.Short+"：{c} "+unitL), groupLegend)
}

// groupLegend names the three 城乡 groups in the legend, in their order.
func groupLegend(m map[string]any) {
	if lg, ok := m["legend"].(map[string]any); ok {
		var names []string
		for _, g := range indicators.Groups {
			names = append(names, g.Chinese())
		}
		lg["data"] = names
	}
}

// raw formats an input figure (teachers, ㎡, 元, rooms; apportioned shares
// of a shared facility may have decimals).
func (s *Site) raw(ind indicators.Indicator, f indicators.Figure) string {
	if !f.Given {
		return s.f.Missing
	}
	switch indicators.Info(ind).InputUnit {
	case "㎡":
		return Fixed(f.Value, 1)
	case "元":
		return Fixed(f.Value, 0)
	}
	if f.Value == math.Trunc(f.Value) {
		return Fixed(f.Value, 0)
	}
	return Fixed(f.Value, 1)
}

// rawLabel names an indicator's input figure: 骨干教师数, 教学及辅助用房面积 …
func (s *Site) rawLabel(ind indicators.Indicator) string {
	info := indicators.Info(ind)
	switch info.InputUnit {
	case "㎡":
		return s.t.f("rpt_col_raw_area", info.Short)
	case "元":
		return s.t.f("rpt_col_raw_value", info.Short)
	}
	return s.t.f("rpt_col_raw_count", info.Short)
}
