package report

import (
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// The trends of a city or province (reports/trends/ on a site of several
// counties): how many counties pass year by year and how they stand
// against their targets, each county's unmet items year by year with its
// target year marked, and the area's own 差异系数 and 城乡 values across
// the years (the charts of a county's trends, drawn for the whole area).

// AreaTrendsPage is the data of layouts/areatrends.html.
type AreaTrendsPage struct {
	Title     string
	Area      string // 全市, 全省
	Lead      string
	Progress  *Chart
	Unmet     *Chart
	Levels    []*TrendLevel
	Counties  []Link // each county's own trends
	Reports   []Link // the years' overviews
	HasCharts bool
}

// unmetItems counts a county's unmet items in a year: each level whose
// school parts do not all pass (one of them fails: 资源配置's school test),
// its 差异系数 over the limit (seven per level), and the items of 政府保障程度,
// 教育质量 and 社会认可度 that fail. A figure not given is not counted: it
// is 未提供, not 未达标.
func unmetItems(r *indicators.Report) int {
	n := 0
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			if lr.PassTally().All.Fail > 0 {
				n++
			}
			for _, ir := range lr.Indicators {
				if ir.CVPass != nil && !*ir.CVPass {
					n++
				}
			}
		}
	}
	for _, items := range [][]indicators.Item{r.Assurance, r.Quality} {
		for _, it := range items {
			if it.Status == indicators.Fail {
				n++
			}
		}
	}
	if r.Recognition.Status == indicators.Fail {
		n++
	}
	return n
}

// areaYears are the years of several counties, ascending.
func (s *Site) areaYears() []*area.Year {
	var out []*area.Year
	for _, y := range s.years {
		if a := s.areas[y]; a != nil {
			out = append(out, a)
		}
	}
	return out
}

func (s *Site) areaTrendsPage(as []*area.Year) (*AreaTrendsPage, error) {
	last := as[len(as)-1]
	name := s.areaName(codesOf(last))
	p := &AreaTrendsPage{Title: s.t.f("rpt_title_area_trends", name, as[0].Year, last.Year), Area: name, Lead: s.t.f("rpt_lead_area_trends", len(as)), HasCharts: true}
	if len(as) == 1 {
		p.Title = s.t.f("rpt_title_area_trends_one", name, last.Year)
	}
	ids := ids{}
	var err error
	if p.Progress, err = s.areaProgressChart(as, name, ids.next("at", "progress")); err != nil {
		return nil, err
	}
	if p.Unmet, err = s.areaUnmetChart(as, name, ids.next("at", "unmet")); err != nil {
		return nil, err
	}
	ts := &trendSet{name: name}
	for _, a := range as {
		ts.units = append(ts.units, s.areaUnit(a, name))
	}
	n := 2
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
		tl := &TrendLevel{ID: string(l), Heading: cn(n) + "、" + s.t.f("rpt_area_level", name, l.Chinese())}
		if tl.CV, err = s.trendCVChart(ts, l, us, ids.next("at", string(l), "cv")); err != nil {
			return nil, err
		}
		if tl.Values, err = s.trendPanels(ts, l, us, ids.next("at", string(l), "values")); err != nil {
			return nil, err
		}
		if tl.Pass, err = s.trendPassChart(ts, l, us, ids.next("at", string(l), "pass")); err != nil {
			return nil, err
		}
		p.Levels = append(p.Levels, tl)
	}
	for _, t := range s.trends {
		p.Counties = append(p.Counties, Link{Title: t.name, URL: t.url})
	}
	for _, a := range as {
		p.Reports = append(p.Reports, Link{Title: s.t.f("rpt_year", a.Year), URL: layout.Year(a.Year)})
	}
	return p, nil
}

// areaProgressChart is the counties of each year by progress: achieved
// (passing), pending, overdue, without a target — stacked, so that each
// bar is every county of the year.
func (s *Site) areaProgressChart(as []*area.Year, name, id string) (*Chart, error) {
	var cats []string
	for _, a := range as {
		cats = append(cats, s.t.f("rpt_year", a.Year))
	}
	count := func(a *area.Year, p area.Progress) int {
		return map[area.Progress]int{area.Achieved: a.Summary.Achieved, area.Pending: a.Summary.Pending, area.Overdue: a.Summary.Overdue, area.None: a.Summary.None}[p]
	}
	first, last := as[0], as[len(as)-1]
	title := s.t.f("rpt_t_at_progress", last.Year, last.Summary.Achieved, last.Summary.Counties)
	if len(as) > 1 {
		title = s.t.f("rpt_t_at_progress_from", first.Year, first.Summary.Achieved, last.Year, last.Summary.Achieved, last.Summary.Counties)
	}
	if last.Summary.Overdue > 0 {
		title += s.t.f("rpt_t_at_overdue", last.Summary.Overdue)
	}
	subtitle := s.t.s("rpt_st_at_progress")
	palette := []string{"#1b6e34", "#93A1AF", "#b3261e", "#d0d7de"}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, true, palette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: s.t.s("rpt_axis_counties"), MinInterval: 1, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "24", Top: "100", Bottom: "30", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats)
	t := &Table{Caption: s.t.f("rpt_cap_at_progress", name), Head: []Col{{Text: s.t.s("rpt_col_year")}, {Text: s.t.s("rpt_col_counties"), Num: true}}}
	for _, pr := range area.Progresses {
		w, _ := s.progressWord(pr)
		t.Head = append(t.Head, Col{Text: w, Num: true})
		var data []any
		for _, a := range as {
			n := count(a, pr)
			if n == 0 {
				// No segment, and no "0" drawn on the next one.
				data = append(data, item{Value: 0, Label: &opts.Label{Show: opts.Bool(false)}})
				continue
			}
			data = append(data, n)
		}
		ser := charts.SingleSeries{Name: w, Type: "bar", Stack: "counties", Data: data, BarMaxWidth: "48"}
		ser.ConfigureSeriesOpts(seriesLabel("inside"))
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	for _, a := range as {
		row := []Cell{{Text: s.t.f("rpt_year", a.Year), Head: true, NoWrap: true, URL: layout.Year(a.Year)}, {Text: Int(a.Summary.Counties), Num: true}}
		for _, pr := range area.Progresses {
			row = append(row, Cell{Text: Int(count(a, pr)), Num: true})
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.t.s("rpt_note_at_progress")
	opt, err := Option(bar, numbers(0, "{a} · {b}：{c}"))
	if err != nil {
		return nil, err
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// areaUnmetChart is each county's number of unmet items (unmetItems) year
// by year, a bar per year; the table marks each county's target year.
func (s *Site) areaUnmetChart(as []*area.Year, name, id string) (*Chart, error) {
	// The counties of any year, by code; a county missing in a year has
	// no bar there.
	type row struct {
		code, name string
		target     area.Target
		unmet      map[int]int
		progress   map[int]area.Progress
	}
	byCode := map[string]*row{}
	var order []string
	for _, a := range as {
		for i := range a.Counties {
			c := &a.Counties[i]
			r := byCode[c.Code]
			if r == nil {
				r = &row{code: c.Code, unmet: map[int]int{}, progress: map[int]area.Progress{}}
				byCode[c.Code] = r
				order = append(order, c.Code)
			}
			r.name, r.target = c.Name, c.Target
			r.unmet[a.Year] = unmetItems(s.countyReport(a.Year, c))
			r.progress[a.Year] = c.Progress
		}
	}
	sort.Strings(order)
	var cats []string
	for _, code := range order {
		cats = append(cats, byCode[code].name)
	}
	first, last := as[0].Year, as[len(as)-1].Year
	fewer, more := 0, 0
	for _, code := range order {
		r := byCode[code]
		a, okA := r.unmet[first]
		b, okB := r.unmet[last]
		switch {
		case !okA || !okB:
		case b < a:
			fewer++
		case b > a:
			more++
		}
	}
	title := s.t.f("rpt_t_at_unmet_one", last)
	switch {
	case len(as) == 1:
	case fewer > 0 && more == 0:
		title = s.t.f("rpt_t_at_unmet_fewer", first, last, fewer)
	case fewer == 0 && more > 0:
		title = s.t.f("rpt_t_at_unmet_more", first, last, more)
	case fewer == 0 && more == 0:
		title = s.t.f("rpt_t_at_unmet_same", first, last)
	default:
		title = s.t.f("rpt_t_at_unmet", first, last, fewer, more)
	}
	subtitle := s.t.s("rpt_st_at_unmet")
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, len(as) > 1, yearColours(len(as)))...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_unmet"), NameLocation: "middle", NameGap: 26, MinInterval: 1, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "100", Bottom: "40", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	t := &Table{Caption: s.t.f("rpt_cap_at_unmet", name), Head: []Col{{Text: s.t.s("rpt_fact_county")}, {Text: s.t.s("rpt_col_target"), Num: true}}}
	for _, a := range as {
		t.Head = append(t.Head, Col{Text: s.t.f("rpt_year", a.Year), Num: true})
		var data []any
		for _, code := range order {
			r := byCode[code]
			v, ok := r.unmet[a.Year]
			switch {
			case !ok:
				data = append(data, "-")
			case r.target.Year == a.Year:
				text := strconv.Itoa(v) + s.t.s("rpt_at_target_mark")
				data = append(data, item{Value: v, Label: label(text, ""), Tooltip: tipText(r.name + " " + s.t.f("rpt_year", a.Year) + "：" + text)})
			default:
				data = append(data, v)
			}
		}
		ser := charts.SingleSeries{Name: s.t.f("rpt_year", a.Year), Type: "bar", Data: data, BarMaxWidth: "14"}
		ser.ConfigureSeriesOpts(seriesLabel("right"))
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	for _, code := range order {
		r := byCode[code]
		target := Cell{Text: "—", Num: true}
		if r.target.Year > 0 {
			target = Cell{Text: s.t.f("rpt_year", r.target.Year), Num: true, NoWrap: true, Sub: r.target.Note}
		}
		cells := []Cell{{Text: r.name, Head: true, URL: s.lay.Trends(code)}, target}
		for _, a := range as {
			v, ok := r.unmet[a.Year]
			c := Cell{Text: "—", Num: true}
			if ok {
				c.Text = Int(v)
				w, _ := s.progressWord(r.progress[a.Year])
				c.Sub = w
				if r.target.Year == a.Year {
					c.Sub = s.t.s("rpt_at_target_year") + " · " + w
				}
			}
			cells = append(cells, c)
		}
		t.Rows = append(t.Rows, cells)
	}
	t.Note = s.t.s("rpt_note_at_unmet")
	opt, err := Option(bar, numbers(0, "{a} · {b}：{c}"))
	if err != nil {
		return nil, err
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}
