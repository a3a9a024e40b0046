package report

import (
	"math"

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
		ts.url = "reports/trends/"
		if len(order) > 1 {
			ts.url += slug(c) + "/"
		}
		s.trends = append(s.trends, ts)
	}
}

// TrendPage is the data of layouts/trends.html.
type TrendPage struct {
	Title     string
	Lead      string
	Levels    []*TrendLevel
	Reports   []Link
	EChartsJS string
	HasCharts bool
}

// TrendLevel is one level across the years.
type TrendLevel struct {
	ID      string
	Heading string
	CV      *Chart
	Values  []*Chart
	Pass    *Chart
}

func (s *Site) trendPage(ts *trendSet) (*TrendPage, error) {
	first, last := ts.units[0], ts.units[len(ts.units)-1]
	p := &TrendPage{
		Title:     s.t.f("rpt_title_trends", ts.name, first.year, last.year),
		Lead:      s.t.f("rpt_lead_trends", len(ts.units)),
		EChartsJS: s.EChartsURL(),
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
			if u.rep.Levels.Get(l) != nil {
				us = append(us, u)
			}
		}
		if len(us) == 0 {
			continue
		}
		n++
		tl := &TrendLevel{ID: string(l), Heading: cn(n) + "、" + l.Chinese()}
		var err error
		if tl.CV, err = s.trendCVChart(ts, l, us, ids.next(string(l), "cv")); err != nil {
			return nil, err
		}
		for _, ind := range indicators.Indicators {
			c, err := s.trendValueChart(ts, l, ind, us, ids.next(string(l), string(ind)))
			if err != nil {
				return nil, err
			}
			tl.Values = append(tl.Values, c)
		}
		if tl.Pass, err = s.trendPassChart(ts, l, us, ids.next(string(l), "pass")); err != nil {
			return nil, err
		}
		p.Levels = append(p.Levels, tl)
	}
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
func lineSeries(name string, gi int, data []item) charts.SingleSeries {
	ser := charts.SingleSeries{Name: name, Type: "line", Data: data, Symbol: groupSymbols[gi], SymbolSize: 9, ConnectNulls: opts.Bool(true)}
	w := float32(2.5)
	typ := "solid"
	if gi == 3 {
		w, typ = 3, "dashed"
	}
	ser.LineStyle = &opts.LineStyle{Width: w, Type: typ}
	return ser
}

// trendValueChart is one indicator of one level across the years: 城区,
// 镇区, 乡村 and 全县, against the threshold.
func (s *Site) trendValueChart(ts *trendSet, l indicators.Level, ind indicators.Indicator, us []*unit, id string) (*Chart, error) {
	info := indicators.Info(ind)
	unitL := s.unitLabel(ind)
	lname := l.Chinese()
	lastIR := us[len(us)-1].rep.Levels.Get(l).Indicators[ind]
	threshold := lastIR.Threshold
	maxV := threshold
	names := []string{indicators.Urban.Chinese(), indicators.Town.Chinese(), indicators.Rural.Chinese(), s.t.s("rpt_county_total")}
	data := make([][]item, 4)
	for _, u := range us {
		ir := u.rep.Levels.Get(l).Indicators[ind]
		year := s.t.f("rpt_year", u.year)
		for gi := 0; gi < 4; gi++ {
			var f indicators.Figure
			if gi < 3 {
				if gr := ir.Groups[indicators.Groups[gi]]; gr != nil {
					f = gr.Value
				}
			} else {
				f = ir.Value
			}
			it := item{Value: fig(f, ValueDecimals)}
			if f.Given {
				it.Tooltip = tipText(year+" · "+names[gi], info.Short+"："+s.f.Value(f)+" "+unitL)
				maxV = math.Max(maxV, f.Value)
			}
			data[gi] = append(data[gi], it)
		}
	}
	// The finding: how the county value and the rural–urban ratio moved.
	firstIR := us[0].rep.Levels.Get(l).Indicators[ind]
	var title string
	ru := func(ir *indicators.IndicatorResult) indicators.Figure {
		r, u := ir.Groups[indicators.Rural], ir.Groups[indicators.Urban]
		if r == nil || u == nil {
			return indicators.Missing
		}
		return indicators.Gap(r.Value, u.Value)
	}
	a, b := ru(firstIR), ru(lastIR)
	switch {
	case len(us) < 2:
		title = s.t.f("rpt_t_trend_one", lname, info.Short, s.f.Value(lastIR.Value))
	case a.Given && b.Given && b.Value-a.Value >= 0.05:
		title = s.t.f("rpt_t_trend_narrow", lname, info.Short)
	case a.Given && b.Given && a.Value-b.Value >= 0.05:
		title = s.t.f("rpt_t_trend_widen", lname, info.Short)
	case firstIR.Value.Given && lastIR.Value.Given:
		dir := "rpt_flat"
		switch fa, fb := Round(firstIR.Value.Value, 2), Round(lastIR.Value.Value, 2); {
		case fb > fa:
			dir = "rpt_rise"
		case fb < fa:
			dir = "rpt_fall"
		}
		title = s.t.f("rpt_t_trend_county", lname, info.Short, s.f.Value(firstIR.Value), s.t.s(dir), s.f.Value(lastIR.Value))
	default:
		title = s.t.f("rpt_t_trend_plain", lname, info.Short)
	}
	subtitle := s.t.f("rpt_st_groups", info.Name, unitL, Standard(ind, threshold))
	line := charts.NewLine()
	line.SetGlobalOptions(base(title, subtitle, true, groupPalette)...)
	line.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: s.t.s("rpt_axis_year"), NameLocation: "middle", NameGap: 28, AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: unitL, Min: 0, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "76", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	line.SetXAxis(s.yearCats(us))
	for gi := 0; gi < 4; gi++ {
		ser := lineSeries(names[gi], gi, data[gi])
		if gi == 3 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(false, threshold, s.t.f("rpt_mark_standard", Standard(ind, threshold)))))
		}
		line.MultiSeries = append(line.MultiSeries, ser)
	}
	opt, err := Option(line, nil)
	if err != nil {
		return nil, err
	}
	t := &Table{
		Caption: s.t.f("rpt_cap_trend", ts.name, lname, info.Name),
		Sources: sources(us),
		Head: []Col{{Text: s.t.s("rpt_col_year")}, {Text: s.t.s("rpt_county_total"), Unit: unitL, Num: true},
			{Text: names[0], Num: true}, {Text: names[1], Num: true}, {Text: names[2], Num: true},
			{Text: s.t.s("rpt_cv"), Num: true}, {Text: s.t.s("rpt_col_standard"), Num: true}},
	}
	for _, u := range us {
		ir := u.rep.Levels.Get(l).Indicators[ind]
		row := []Cell{{Text: s.t.f("rpt_year", u.year), Head: true, URL: u.indicatorURL(l, ind)},
			{Text: s.f.Value(ir.Value), Num: true, Below: ir.Value.Given && ir.Value.Value < ir.Threshold}}
		for _, g := range indicators.Groups {
			f := indicators.Missing
			if gr := ir.Groups[g]; gr != nil {
				f = gr.Value
			}
			row = append(row, Cell{Text: s.f.Value(f), Num: true, Below: f.Given && f.Value < ir.Threshold})
		}
		cv := Cell{Text: s.f.CV(ir.CV), Num: true}
		if ir.CVPass != nil && !*ir.CVPass {
			cv.Sub = s.t.s("rpt_cv_over")
		}
		row = append(row, cv, Cell{Text: "≥ " + Standard(ind, ir.Threshold), Num: true})
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.t.s("rpt_note_trend")
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: 360, Option: opt, Table: t}), nil
}

// trendCVChart is a level's seven 差异系数, year by year, against the limit.
func (s *Site) trendCVChart(ts *trendSet, l indicators.Level, us []*unit, id string) (*Chart, error) {
	lname := l.Chinese()
	limit := us[len(us)-1].rep.Levels.Get(l).Indicators[indicators.Indicators[0]].CVLimit
	maxV := limit
	var cats []string
	for _, ind := range indicators.Indicators {
		cats = append(cats, indicators.Info(ind).Short)
	}
	over := make([]int, len(us))
	bar := charts.NewBar()
	var series []charts.SingleSeries
	for k, u := range us {
		lr := u.rep.Levels.Get(l)
		var data []item
		for _, ind := range indicators.Indicators {
			ir := lr.Indicators[ind]
			it := item{Value: fig(ir.CV, CVDecimals)}
			if ir.CV.Given {
				verdict := s.t.s("rpt_cv_within")
				if ir.CVPass != nil && !*ir.CVPass {
					verdict = s.t.s("rpt_cv_over")
					over[k]++
				}
				it.Tooltip = tipText(s.t.f("rpt_year", u.year)+" · "+indicators.Info(ind).Name, s.t.s("rpt_cv")+"："+s.f.CV(ir.CV),
					s.t.f("rpt_tip_limit", Limit(ir.CVLimit), verdict))
				maxV = math.Max(maxV, ir.CV.Value)
			}
			data = append(data, it)
		}
		ser := charts.SingleSeries{Name: s.t.f("rpt_year", u.year), Type: "bar", Data: data, BarMaxWidth: "14"}
		if k == len(us)-1 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(true, limit, s.t.f("rpt_mark_limit", Limit(limit)))))
		}
		series = append(series, ser)
	}
	total := 0
	for _, o := range over {
		total += o
	}
	var title string
	switch {
	case total == 0:
		title = s.t.f("rpt_t_trend_cv_ok", lname, len(indicators.Indicators))
	case over[len(over)-1] == 0:
		title = s.t.f("rpt_t_trend_cv_fixed", lname, over[0])
	default:
		title = s.t.f("rpt_t_trend_cv_over", s.t.f("rpt_year", us[len(us)-1].year), lname, over[len(over)-1])
	}
	subtitle := s.t.f("rpt_st_cv", Limit(limit))
	bar.SetGlobalOptions(base(title, subtitle, true, yearColours(len(us)))...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_cv"), NameLocation: "middle", NameGap: 26, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	bar.MultiSeries = append(bar.MultiSeries, series...)
	opt, err := Option(bar, nil)
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
			ir := u.rep.Levels.Get(l).Indicators[ind]
			c := Cell{Text: s.f.CV(ir.CV), Num: true}
			if ir.CVPass != nil && !*ir.CVPass {
				c.Sub = s.t.s("rpt_cv_over")
			}
			row = append(row, c)
		}
		row = append(row, Cell{Text: "≤ " + Limit(limit), Num: true})
		t.Rows = append(t.Rows, row)
	}
	height := 150 + 7*(len(us)*14+14)
	if height < 320 {
		height = 320
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: height, Option: opt, Table: t}), nil
}

// trendPassChart is the share of a level's school parts that pass, by
// group, year by year.
func (s *Site) trendPassChart(ts *trendSet, l indicators.Level, us []*unit, id string) (*Chart, error) {
	lname := l.Chinese()
	names := []string{indicators.Urban.Chinese(), indicators.Town.Chinese(), indicators.Rural.Chinese(), s.t.s("rpt_county_total")}
	data := make([][]item, 4)
	var firstAll, lastAll indicators.Figure
	for k, u := range us {
		gs, all := passStats(u.rep.Levels.Get(l))
		rows := append(gs[:], all)
		year := s.t.f("rpt_year", u.year)
		for gi, st := range rows {
			sh := st.share()
			it := item{Value: "-"}
			if sh.Given {
				it.Value = Round(sh.Value*100, PercentDecimals)
				it.Tooltip = tipText(year+" · "+names[gi], s.t.f("rpt_tip_pass", st.pass, st.fail, Percent(sh.Value, PercentDecimals)))
			}
			data[gi] = append(data[gi], it)
		}
		if k == 0 {
			firstAll = all.share()
		}
		lastAll = all.share()
	}
	var title string
	switch {
	case len(us) > 1 && firstAll.Given && lastAll.Given:
		dir := "rpt_flat"
		switch fa, fb := Round(firstAll.Value, 3), Round(lastAll.Value, 3); {
		case fb > fa:
			dir = "rpt_rise"
		case fb < fa:
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
	for gi := 0; gi < 4; gi++ {
		ser := lineSeries(names[gi], gi, data[gi])
		if gi == 3 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(false, 100, s.t.s("rpt_mark_all_pass"))))
		}
		line.MultiSeries = append(line.MultiSeries, ser)
	}
	opt, err := Option(line, nil)
	if err != nil {
		return nil, err
	}
	t := &Table{
		Caption: s.t.f("rpt_cap_trend_pass", ts.name, lname),
		Sources: sources(us),
		Head:    []Col{{Text: s.t.s("rpt_col_year")}},
	}
	for _, n := range names {
		t.Head = append(t.Head, Col{Text: n, Num: true})
	}
	for _, u := range us {
		gs, all := passStats(u.rep.Levels.Get(l))
		row := []Cell{{Text: s.t.f("rpt_year", u.year), Head: true, URL: u.url + "#" + string(l)}}
		for _, st := range append(gs[:], all) {
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
	t.Note = s.t.f("rpt_note_pass", us[len(us)-1].rep.Standards.MinMet, len(indicators.Indicators), PlainPercent(us[len(us)-1].rep.Standards.FloorShare))
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: 360, Option: opt, Table: t}), nil
}
