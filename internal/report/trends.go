package report

import (
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// trendSet is one county across the years.
type trendSet struct {
	code, name string
	units      []*unit // year ascending
	url        string
}

func (s *Site) makeTrendSets() {
	byCode := map[string]*trendSet{}
	var order []string
	for _, u := range s.units {
		ts := byCode[u.code]
		if ts == nil {
			ts = &trendSet{code: u.code}
			byCode[u.code] = ts
			order = append(order, u.code)
		}
		ts.name = u.name
		ts.units = append(ts.units, u)
	}
	for _, c := range order {
		ts := byCode[c]
		ts.url = s.lay.Trends(c)
		s.trends = append(s.trends, ts)
	}
}

// TrendPage is the data of layouts/trends.html.
type TrendPage struct {
	Title     string
	Whole     string // 全县, 全区…: how the page names the county as a whole
	Lead      string
	Levels    []*TrendLevel
	Reports   []Link
	HasCharts bool
}

// TrendLevel is one level across the years.
type TrendLevel struct {
	ID      string
	Heading string
	Groups  string // the 城乡 groups it has schools in: 城区、镇区、乡村
	CV      *Chart
	Values  *Chart // the seven indicators, small multiples
	Pass    *Chart
}

func (s *Site) trendPage(ts *trendSet) (*TrendPage, error) {
	first, last := ts.units[0], ts.units[len(ts.units)-1]
	p := &TrendPage{
		Title:     s.t.f("rpt_title_trends", ts.name, first.year, last.year),
		Whole:     s.totalName(last),
		Lead:      s.t.f("rpt_lead_trends", len(ts.units)),
		HasCharts: true,
	}
	if first.year == last.year {
		p.Title = s.t.f("rpt_title_trends_one", ts.name, first.year)
	}
	for _, u := range ts.units {
		p.Reports = append(p.Reports, Link{Title: s.t.f("rpt_year_report", u.year), URL: u.url})
	}
	ids := ids{}
	n := 0
	for _, l := range indicators.Levels {
		var us []*unit
		for _, u := range ts.units {
			if u.report().Levels.Get(l) != nil {
				us = append(us, u)
			}
		}
		if len(us) == 0 {
			continue
		}
		n++
		tl := &TrendLevel{ID: string(l), Heading: cn(n) + "、" + l.Chinese(), Groups: list(groupNames(groupsIn(us, l)))}
		var err error
		if tl.CV, err = s.trendCVChart(ts, l, us, ids.next(string(l), "cv")); err != nil {
			return nil, err
		}
		if tl.Values, err = s.trendPanels(ts, l, us, ids.next(string(l), "values")); err != nil {
			return nil, err
		}
		if tl.Pass, err = s.trendPassChart(ts, l, us, ids.next(string(l), "pass")); err != nil {
			return nil, err
		}
		p.Levels = append(p.Levels, tl)
	}
	var tables []*Table // in the order of trends.html
	for _, l := range p.Levels {
		for _, c := range []*Chart{l.CV, l.Values, l.Pass} {
			if c != nil {
				tables = append(tables, c.Table)
			}
		}
	}
	sourcesOnce(tables...)
	return p, nil
}

func sources(us []*unit) []Source {
	var out []Source
	for _, u := range us {
		out = append(out, u.src)
	}
	return out
}

func (s *Site) yearCats(us []*unit) []string {
	var cats []string
	for _, u := range us {
		cats = append(cats, s.t.f("rpt_year", u.year))
	}
	return cats
}

var groupSymbols = []string{"circle", "triangle", "rect", "diamond"}

// lineSeries is one line of a trend chart: a group (palette index gi) or
// 全县 (gi 3).
func lineSeries(name string, gi int, data any) charts.SingleSeries {
	ser := charts.SingleSeries{Name: name, Type: "line", Data: data, Symbol: groupSymbols[gi], SymbolSize: 9, ConnectNulls: opts.Bool(true)}
	w := float32(2.5)
	typ := "solid"
	if gi == 3 {
		w, typ = 3, "dashed"
	}
	ser.LineStyle = &opts.LineStyle{Width: w, Type: typ}
	return ser
}

// gapMargin is how far the 城乡差距 must move, first year to last, to be
// called narrower or wider: 5 percentage points of the 乡村÷城区 ratio.
const gapMargin = 0.05

// ruralUrbanGap is the 城乡差距 of an indicator: how far the 乡村÷城区 ratio
// is from parity (100 %), whichever group is ahead — 145 % and 55 % are
// both a gap of 45 points. Missing without both groups' values.
func ruralUrbanGap(ir *indicators.IndicatorResult) indicators.Figure {
	r, u := ir.Groups[indicators.Rural], ir.Groups[indicators.Urban]
	if r == nil || u == nil {
		return indicators.Missing
	}
	ratio := indicators.Gap(r.Value, u.Value)
	if !ratio.Given {
		return indicators.Missing
	}
	return indicators.Given(math.Abs(1 - ratio.Value))
}

// trendFinding is how one indicator moved from the first year to the last:
// the 城乡差距 (ruralUrbanGap) when it moved by gapMargin or more, else the
// value of the whole (全县, 全市). It returns the key of the finding
// (narrow, widen, total, flat, same, one, plain), its figures, and whether the gap
// could be compared at all.
func (s *Site) trendFinding(l indicators.Level, ind indicators.Indicator, us []*unit) (key string, args []any, comparable bool) {
	firstIR := us[0].report().Levels.Get(l).Indicators[ind]
	lastIR := us[len(us)-1].report().Levels.Get(l).Indicators[ind]
	total := s.totalName(us[0])
	a, b := ruralUrbanGap(firstIR), ruralUrbanGap(lastIR)
	comparable = len(us) > 1 && a.Given && b.Given
	switch {
	case len(us) < 2:
		return "one", []any{total, s.f.Value(lastIR.Value)}, false
	case comparable && a.Value-b.Value >= gapMargin:
		return "narrow", nil, true
	case comparable && b.Value-a.Value >= gapMargin:
		return "widen", nil, true
	case firstIR.Value.Given && lastIR.Value.Given:
		dir := "rpt_rise"
		switch fa, fb := Round(firstIR.Value.Value, ValueDecimals), Round(lastIR.Value.Value, ValueDecimals); {
		case fb == fa:
			for _, u := range us {
				if v := u.report().Levels.Get(l).Indicators[ind].Value; !v.Given || Round(v.Value, ValueDecimals) != fa {
					// Equal at both ends, not in between.
					return "same", []any{total, us[0].year, us[len(us)-1].year, s.f.Value(lastIR.Value)}, comparable
				}
			}
			return "flat", []any{total, s.f.Value(lastIR.Value)}, comparable
		case fb < fa:
			dir = "rpt_fall"
		}
		return "total", []any{total, s.f.Value(firstIR.Value), s.t.s(dir), s.f.Value(lastIR.Value)}, comparable
	}
	return "plain", nil, comparable
}

// groupsIn are the 城乡 groups (indexes in indicators.Groups) level l has
// schools in, in any of the units' years.
func groupsIn(us []*unit, l indicators.Level) []int {
	var has [3]bool
	for _, u := range us {
		lr := u.report().Levels.Get(l)
		if lr == nil {
			continue
		}
		gs, _ := passStats(lr)
		for _, gi := range groupsShown(lr, gs) {
			has[gi] = true
		}
	}
	var gis []int
	for gi, h := range has {
		if h {
			gis = append(gis, gi)
		}
	}
	return gis
}

// present tells, by index in indicators.Groups, which groups gis holds.
func present(gis []int) (has [3]bool) {
	for _, gi := range gis {
		has[gi] = true
	}
	return has
}

// trendPanels is a level's seven indicators across the years, as small
// multiples: for each indicator 城区, 镇区, 乡村 and 全县 year by year,
// against the threshold. Its table holds the same numbers.
func (s *Site) trendPanels(ts *trendSet, l indicators.Level, us []*unit, id string) (*Chart, error) {
	lname := l.Chinese()
	names := []string{indicators.Urban.Chinese(), indicators.Town.Chinese(), indicators.Rural.Chinese(), s.totalName(ts.units[0])}
	// A group without schools in any of the years keeps its series, empty,
	// so that the others keep their colours, and leaves the legend and the
	// table.
	has := present(groupsIn(us, l))
	var shown, legend []string
	for gi := range 3 {
		if has[gi] {
			shown = append(shown, names[gi])
			legend = append(legend, names[gi])
		}
	}
	legend = append(legend, names[3])
	some := len(shown) < 3
	years := s.yearCats(us)
	line := charts.NewLine()
	var titles [][2]string
	narrow, widen, comparable := 0, 0, 0
	for i, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		threshold := us[len(us)-1].report().Levels.Get(l).Indicators[ind].Threshold
		maxV := threshold
		data := make([][]any, 4)
		for _, u := range us {
			ir := u.report().Levels.Get(l).Indicators[ind]
			for gi := 0; gi < 4; gi++ {
				f := ir.Value
				if gi < 3 {
					f = indicators.Missing
					if gr := ir.Groups[indicators.Groups[gi]]; gr != nil {
						f = gr.Value
					}
				}
				data[gi] = append(data[gi], fig(f, ValueDecimals))
				if f.Given {
					maxV = math.Max(maxV, f.Value)
				}
			}
		}
		key, args, cmp := s.trendFinding(l, ind, us)
		if cmp {
			comparable++
		}
		switch key {
		case "narrow":
			narrow++
		case "widen":
			widen++
		}
		titles = append(titles, [2]string{s.t.f("rpt_p_title", info.Short, s.t.f("rpt_pt_"+key, args...)),
			s.t.f("rpt_p_sub", s.unitLabel(ind), Standard(ind, threshold))})
		x := opts.XAxis{Type: "category", GridIndex: i, Data: years}
		y := opts.YAxis{Type: "value", GridIndex: i, Min: 0, Max: niceMax(maxV)}
		if i == 0 {
			line.SetGlobalOptions(charts.WithXAxisOpts(x), charts.WithYAxisOpts(y))
		} else {
			line.ExtendXAxis(x)
			line.ExtendYAxis(y)
		}
		for gi := 0; gi < 4; gi++ {
			if gi < 3 && !has[gi] {
				data[gi] = []any{}
			}
			ser := lineSeries(names[gi], gi, data[gi])
			ser.XAxisIndex, ser.YAxisIndex = i, i
			if gi == 3 {
				ser.ConfigureSeriesOpts(withMarks(standardLine(false, threshold, s.t.s("rpt_mark_standard_short"))))
			}
			line.MultiSeries = append(line.MultiSeries, ser)
		}
	}
	var title string
	switch {
	case len(us) < 2:
		title = s.t.f("rpt_t_tpanels_one", lname, years[0])
	case narrow+widen == 0 && comparable == len(indicators.Indicators):
		title = s.t.f("rpt_t_tpanels_flat", lname)
	case narrow+widen == 0 && comparable > 0:
		title = s.t.f("rpt_t_tpanels_flat_n", lname, comparable)
	case narrow+widen == 0:
		title = s.t.f("rpt_t_tpanels_plain", lname)
	default:
		var parts []string
		if narrow > 0 {
			parts = append(parts, s.t.f("rpt_t_tpanels_narrow", narrow))
		}
		if widen > 0 {
			parts = append(parts, s.t.f("rpt_t_tpanels_widen", widen))
		}
		title = s.t.f("rpt_t_tpanels", lname, strings.Join(parts, "，"))
	}
	subtitle := s.t.f("rpt_st_tpanels", names[3])
	if some {
		subtitle = s.t.f("rpt_st_tpanels_some", list(shown), names[3])
	}
	line.SetGlobalOptions(base(title, subtitle, true, groupPalette)...)
	line.SetXAxis(years)
	opt, err := Option(line, numbers(ValueDecimals, "{a} {b}：{c}"), panelTitles(titles), panelLayout(92, 170, 220, 4, 34),
		func(m map[string]any) {
			if lg, ok := m["legend"].(map[string]any); ok {
				lg["data"] = legend
			}
		})
	if err != nil {
		return nil, err
	}

	ratios := has[0] && has[2]
	t := &Table{
		Caption: s.t.f("rpt_cap_tpanels", ts.name, lname, names[3]),
		Sources: sources(us),
		Head:    []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_year")}, {Text: names[3], Num: true}},
	}
	if some {
		t.Caption = s.t.f("rpt_cap_tpanels_some", ts.name, lname, names[3], list(shown))
	}
	for _, n := range shown {
		t.Head = append(t.Head, Col{Text: n, Num: true})
	}
	if ratios {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_rural_urban"), Num: true})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_standard"), Num: true})
	for _, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		for k, u := range us {
			ir := u.report().Levels.Get(l).Indicators[ind]
			var row []Cell
			if k == 0 {
				row = append(row, Cell{Text: info.Name, Head: true, Wide: true, Sub: s.unitLabel(ind), RowSpan: len(us)})
			}
			row = append(row, Cell{Text: s.t.f("rpt_year", u.year), Head: true, NoWrap: true, URL: u.indicatorURL(l, ind)},
				s.thresholdCell(ir.Value, ir.Threshold))
			for gi, g := range indicators.Groups {
				if !has[gi] {
					continue
				}
				c := Cell{Text: "—", Num: true}
				if gr := ir.Groups[g]; gr != nil && gr.Schools > 0 {
					c = s.thresholdCell(gr.Value, ir.Threshold)
				}
				row = append(row, c)
			}
			if ratios {
				row = append(row, ruralUrbanCell(ir))
			}
			row = append(row, Cell{Text: "≥ " + Standard(ind, ir.Threshold), Num: true})
			t.Rows = append(t.Rows, row)
		}
	}
	t.Note = s.t.f("rpt_note_tpanels", gapMargin*100)
	if !ratios {
		t.Note = s.t.f("rpt_note_tpanels_no_ratio", names[3])
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// trendCVChart is a level's seven 差异系数, year by year, against the limit.
func (s *Site) trendCVChart(ts *trendSet, l indicators.Level, us []*unit, id string) (*Chart, error) {
	lname := l.Chinese()
	limit := us[len(us)-1].report().Levels.Get(l).Indicators[indicators.Indicators[0]].CVLimit
	maxV := limit
	var cats []string
	for _, ind := range indicators.Indicators {
		cats = append(cats, indicators.Info(ind).Short)
	}
	over, open := make([]int, len(us)), make([]int, len(us))
	bar := charts.NewBar()
	var series []charts.SingleSeries
	for k, u := range us {
		lr := u.report().Levels.Get(l)
		var data []any
		for _, ind := range indicators.Indicators {
			ir := lr.Indicators[ind]
			if ir.CV.Given {
				data = append(data, fig(ir.CV, CVDecimals))
			} else {
				data = append(data, s.missingBar(indicators.Info(ind).Short+" · "+s.t.f("rpt_year", u.year)))
			}
			switch {
			case ir.CVPass == nil:
				open[k]++
			case !*ir.CVPass:
				over[k]++
			}
			if ir.CV.Given {
				maxV = math.Max(maxV, ir.CV.Value)
			}
		}
		// The chart draws the first year and the last (as a school's
		// trend does); the table every year.
		if k > 0 && k < len(us)-1 {
			continue
		}
		ser := charts.SingleSeries{Name: s.t.f("rpt_year", u.year), Type: "bar", Data: data, BarMaxWidth: "14"}
		ser.ConfigureSeriesOpts(seriesLabel("right"))
		if k == len(us)-1 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(true, limit, s.t.f("rpt_mark_limit", Limit(limit)))))
		}
		series = append(series, ser)
	}
	total := 0
	for k := range over {
		total += over[k] + open[k]
	}
	first, last := over[0], over[len(over)-1]
	lastYear := s.t.f("rpt_year", us[len(us)-1].year)
	var title string
	switch {
	case total == 0:
		title = s.t.f("rpt_t_trend_cv_ok", lname, len(indicators.Indicators))
	case last == 0 && first > 0:
		title = s.t.f("rpt_t_trend_cv_fixed", lname, first)
	case last > 0 && first > 0 && len(us) > 1:
		title = s.t.f("rpt_t_trend_cv_over", lastYear, lname, last)
	case last > 0:
		title = s.t.f("rpt_t_trend_cv_over_now", lastYear, lname, last)
	default:
		// None over the limit in the last year, but a year between, or
		// a figure not given.
		title = s.t.f("rpt_t_trend_cv_none", lastYear, lname)
	}
	if n := open[len(open)-1]; n > 0 && total > 0 {
		title += s.t.f("rpt_t_trend_cv_open", n)
	}
	subtitle := s.t.f("rpt_st_cv", Limit(limit)) + s.endsNote(us[0].year, us[len(us)-1].year, len(us))
	bar.SetGlobalOptions(base(title, subtitle, true, yearColours(len(series)))...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_cv"), NameLocation: "middle", NameGap: 26, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	bar.MultiSeries = append(bar.MultiSeries, series...)
	opt, err := Option(bar, numbers(CVDecimals, "{a} · {b}：{c}"))
	if err != nil {
		return nil, err
	}
	t := &Table{
		Caption: s.t.f("rpt_cap_trend_cv", ts.name, lname),
		Sources: sources(us),
		Head:    []Col{{Text: s.t.s("rpt_col_indicator")}},
	}
	for _, u := range us {
		t.Head = append(t.Head, Col{Text: s.t.f("rpt_year", u.year), Num: true})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_cv_limit"), Num: true})
	for _, ind := range indicators.Indicators {
		row := []Cell{{Text: indicators.Info(ind).Name, Head: true, Wide: true}}
		for _, u := range us {
			ir := u.report().Levels.Get(l).Indicators[ind]
			c := Cell{Text: s.f.CV(ir.CV), Num: true}
			if ir.CVPass != nil && !*ir.CVPass {
				c.Sub = s.t.s("rpt_cv_over")
			}
			row = append(row, c)
		}
		row = append(row, Cell{Text: "≤ " + Limit(limit), Num: true})
		t.Rows = append(t.Rows, row)
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// trendPassChart is the share of a level's school parts that pass, by
// group, year by year.
func (s *Site) trendPassChart(ts *trendSet, l indicators.Level, us []*unit, id string) (*Chart, error) {
	lname := l.Chinese()
	names := []string{indicators.Urban.Chinese(), indicators.Town.Chinese(), indicators.Rural.Chinese(), s.totalName(ts.units[0])}
	data := make([][]any, 4)
	var firstAll, lastAll indicators.Figure
	steady := true // every year's share is the first's, as printed
	for k, u := range us {
		gs, all := passStats(u.report().Levels.Get(l))
		rows := append(gs[:], all)
		for gi, st := range rows {
			var v any = "-"
			if sh := st.share(); sh.Given {
				v = Round(sh.Value*100, PercentDecimals)
			}
			data[gi] = append(data[gi], v)
		}
		if k == 0 {
			firstAll = all.share()
		}
		lastAll = all.share()
		steady = steady && lastAll.Given && firstAll.Given && Round(lastAll.Value, 3) == Round(firstAll.Value, 3)
	}
	var title string
	switch {
	case len(us) > 1 && firstAll.Given && lastAll.Given:
		fa, fb := Round(firstAll.Value, 3), Round(lastAll.Value, 3)
		if fa == fb {
			if steady {
				title = s.t.f("rpt_t_trend_pass_flat", lname, Percent(lastAll.Value, PercentDecimals))
			} else {
				title = s.t.f("rpt_t_trend_pass_same", lname, us[0].year, us[len(us)-1].year, Percent(lastAll.Value, PercentDecimals))
			}
			break
		}
		dir := "rpt_rise"
		if fb < fa {
			dir = "rpt_fall"
		}
		title = s.t.f("rpt_t_trend_pass", lname, Percent(firstAll.Value, PercentDecimals), s.t.s(dir), Percent(lastAll.Value, PercentDecimals))
	case lastAll.Given:
		title = s.t.f("rpt_t_trend_pass_one", lname, Percent(lastAll.Value, PercentDecimals))
	default:
		title = s.t.f("rpt_t_trend_pass_plain", lname)
	}
	subtitle := s.t.s("rpt_st_pass")
	line := charts.NewLine()
	line.SetGlobalOptions(base(title, subtitle, true, groupPalette)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: s.t.s("rpt_axis_year"), NameLocation: "middle", NameGap: 28, AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: s.t.s("rpt_axis_pass_share"), Min: 0, Max: 100, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "76", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	line.SetXAxis(s.yearCats(us))
	// As trendPanels: a group without schools keeps an empty series, for
	// the others' colours, and leaves the legend and the table.
	has := present(groupsIn(us, l))
	var legend []string
	for gi := 0; gi < 4; gi++ {
		if gi < 3 && !has[gi] {
			data[gi] = []any{}
		} else {
			legend = append(legend, names[gi])
		}
		ser := lineSeries(names[gi], gi, data[gi])
		if gi == 3 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(false, 100, s.t.s("rpt_mark_all_pass"))))
		}
		line.MultiSeries = append(line.MultiSeries, ser)
	}
	opt, err := Option(line, numbers(PercentDecimals, "{a} {b}：{c}%"), func(m map[string]any) {
		if lg, ok := m["legend"].(map[string]any); ok {
			lg["data"] = legend
		}
	})
	if err != nil {
		return nil, err
	}
	t := &Table{
		Caption: s.t.f("rpt_cap_trend_pass", ts.name, lname),
		Sources: sources(us),
		Head:    []Col{{Text: s.t.s("rpt_col_year")}},
	}
	for gi, n := range names {
		if gi == 3 || has[gi] {
			t.Head = append(t.Head, Col{Text: n, Num: true})
		}
	}
	for _, u := range us {
		gs, all := passStats(u.report().Levels.Get(l))
		row := []Cell{{Text: s.t.f("rpt_year", u.year), Head: true, NoWrap: true, URL: u.url + "#" + string(l)}}
		for gi, st := range append(gs[:], all) {
			if gi < 3 && !has[gi] {
				continue
			}
			c := Cell{Text: s.f.Share(st.share()), Num: true}
			if st.n > 0 {
				c.Sub = s.t.f("rpt_n_of_m", st.pass, st.n)
			} else {
				c.Text = "—"
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.passRule(us[len(us)-1])
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}
