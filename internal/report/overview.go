package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// The city or province view (市、省): for a year of several counties,
// reports/<year>/ is the year's overview — how many counties pass, in each
// dimension and overall, how each stands against its 创建目标 year, every
// county side by side, and the charts that compare them. Every figure is
// read from area.Year, itself read from each county's own report, so the
// overview and the county reports cannot disagree.

// OverviewPage is the data of layouts/overview.html.
type OverviewPage struct {
	Title     string
	Year      int
	Lead      string
	Headline  []Fact // overall, then the five dimensions
	Progress  []Fact // achieved, pending, overdue, none
	Goal      string // what all_by says, "" without it
	Counties  *Table
	Levels    []*OverviewLevel
	Downloads []Link
	Others    []Link
	HasCharts bool
}

// OverviewLevel compares the counties on one level's 资源配置.
type OverviewLevel struct {
	ID      string
	Heading string // 二、小学资源配置
	Lead    string
	CV      *Chart // each indicator's 差异系数 by county, small multiples
	Pass    *Chart // the share of school parts passing, by county
	Groups  *Chart // the whole area's 城区/镇区/乡村 values
}

// areaName is what the pages call the whole area: 全市 when every county
// code shares its first four digits (the codes of one 地级市), 全省 when they
// share the first two, else 全部区县.
func (s *Site) areaName(codes []string) string {
	share := func(n int) bool {
		for _, c := range codes {
			if len(c) != 6 || len(codes[0]) != 6 || c[:n] != codes[0][:n] {
				return false
			}
		}
		return len(codes) > 0
	}
	switch {
	case share(4):
		return s.t.s("rpt_area_city")
	case share(2):
		return s.t.s("rpt_area_province")
	}
	return s.t.s("rpt_area_all")
}

func codesOf(a *area.Year) []string {
	out := make([]string, len(a.Counties))
	for i, c := range a.Counties {
		out[i] = c.Code
	}
	return out
}

// progressWord is a progress as the pages write it, with its mark class.
func (s *Site) progressWord(p area.Progress) (string, string) {
	switch p {
	case area.Achieved:
		return s.t.s("rpt_progress_achieved"), "good"
	case area.Overdue:
		return s.t.s("rpt_progress_overdue"), "bad"
	case area.Pending:
		return s.t.s("rpt_progress_pending"), "muted"
	}
	return s.t.s("rpt_progress_none"), "muted"
}

// tallyText is "达标 3 个，未达标 1 个，未提供 1 个" with the counts that
// are not zero, and "无此学段 n 个" for the counties left out.
func (s *Site) tallyText(t area.Tally, counties int) string {
	var parts []string
	if t.Pass > 0 {
		parts = append(parts, s.t.f("rpt_tally_pass", t.Pass))
	}
	if t.Fail > 0 {
		parts = append(parts, s.t.f("rpt_tally_fail", t.Fail))
	}
	if t.Open > 0 {
		parts = append(parts, s.t.f("rpt_tally_open", t.Open))
	}
	if n := counties - t.Pass - t.Fail - t.Open; n > 0 {
		parts = append(parts, s.t.f("rpt_tally_none", n))
	}
	return strings.Join(parts, "，")
}

// tallyClass marks a dimension's tally: good when every county counted
// passes, bad when one fails, else muted.
func tallyClass(t area.Tally) (string, string) {
	switch {
	case t.Fail > 0:
		return "", "bad"
	case t.Open > 0 || t.Pass == 0:
		return "", "muted"
	}
	return "", "good"
}

// areaUnit is the whole area of year y as a unit, for the charts that a
// county's report draws of itself (the 城乡 panels and the trends): its
// report holds only the area's 资源配置.
func (s *Site) areaUnit(a *area.Year, name string) *unit {
	rep := &indicators.Report{Year: a.Year, County: indicators.CountyRef{Name: name}, Levels: a.Area()}
	if len(a.Counties) > 0 {
		rep.Standards = s.countyReport(a.Year, &a.Counties[0]).Standards
	}
	u := &unit{sum: rep, idx: -1, year: a.Year, name: name, total: name, url: layout.Year(a.Year), data: layout.YearData(a.Year), floors: &floors{}}
	asOf := ""
	for i := range a.Counties {
		if at := s.countyReport(a.Year, &a.Counties[i]).Meta.AsOf; i == 0 {
			asOf = at
		} else if at != asOf {
			asOf = ""
		}
	}
	// No download: counties.csv and counties.json hold the counties'
	// verdicts and counts, not the 差异系数 or the area's 城乡 values that
	// most of its tables show (countiesFiles gives them to those that do).
	u.src = Source{Year: a.Year, YearLabel: s.t.f("rpt_year", a.Year), Source: s.t.f("rpt_area_source", len(a.Counties)),
		AsOf: s.date(asOf), CountyName: name}
	if asOf == "" {
		u.src.AsOf = s.t.s("rpt_area_as_of_varies")
	}
	return u
}

func (s *Site) overviewPage(a *area.Year) (*OverviewPage, error) {
	name := s.areaName(codesOf(a))
	sum := a.Summary
	p := &OverviewPage{
		Title: s.t.f("rpt_title_overview", name, a.Year), Year: a.Year,
		Lead: s.t.f("rpt_lead_overview", sum.Counties), HasCharts: true,
	}
	ot := s.t.f("rpt_head_overall", sum.Pass, sum.Counties)
	oc := "muted"
	switch {
	case sum.Pass == sum.Counties:
		oc = "good"
	case sum.Pass < sum.Counties:
		oc = "bad"
	}
	p.Headline = append(p.Headline, Fact{Label: s.t.s("rpt_home_area_pass"), Text: ot, Class: oc})
	dims := []struct {
		label string
		t     area.Tally
	}{
		{s.t.f("rpt_dim_level", indicators.Primary.Chinese()), sum.Primary},
		{s.t.f("rpt_dim_level", indicators.Junior.Chinese()), sum.Junior},
		{s.t.s("rpt_h_assurance"), sum.Assurance},
		{s.t.s("rpt_h_quality"), sum.Quality},
		{s.t.s("rpt_h_recognition"), sum.Recognition},
	}
	for _, d := range dims {
		_, c := tallyClass(d.t)
		p.Headline = append(p.Headline, Fact{Label: d.label, Text: s.tallyText(d.t, sum.Counties), Class: c})
	}
	for _, pr := range area.Progresses {
		n := map[area.Progress]int{area.Achieved: sum.Achieved, area.Pending: sum.Pending, area.Overdue: sum.Overdue, area.None: sum.None}[pr]
		w, c := s.progressWord(pr)
		if n == 0 {
			c = "muted"
		}
		p.Progress = append(p.Progress, Fact{Label: w, Text: s.t.f("rpt_n_counties", n), Class: c})
	}
	if a.AllBy > 0 {
		p.Goal = s.t.f("rpt_goal", a.AllBy, name, a.Year, sum.Achieved, sum.Counties-sum.Achieved)
		// Of those not yet passed, the ones whose data leave it open
		// have not failed either.
		open := 0
		for i := range a.Counties {
			if s.countyReport(a.Year, &a.Counties[i]).Overall == indicators.OverallIncomplete {
				open++
			}
		}
		if open > 0 {
			p.Goal = s.t.f("rpt_goal_open", a.AllBy, name, a.Year, sum.Achieved, sum.Counties-sum.Achieved, open)
		}
	}
	p.Counties = s.countiesTable(a, name)

	u := s.areaUnit(a, name)
	ids := ids{}
	n := 1
	for _, l := range indicators.Levels {
		have := 0
		for i := range a.Counties {
			if a.Counties[i].Level(l) != nil {
				have++
			}
		}
		if have == 0 {
			continue
		}
		n++
		ol := &OverviewLevel{ID: string(l), Heading: cn(n) + "、" + s.t.f("rpt_dim_level", l.Chinese())}
		ol.Lead = s.t.f("rpt_lead_overview_level", have, l.Chinese())
		var err error
		if ol.CV, err = s.countiesCVChart(a, u, l, ids.next("ov", string(l), "cv")); err != nil {
			return nil, err
		}
		if ol.Pass, err = s.countiesPassChart(a, u, l, ids.next("ov", string(l), "pass")); err != nil {
			return nil, err
		}
		if lr := a.Area().Get(l); lr != nil {
			if ol.Groups, err = s.groupsPanels(u, lr, ids.next("ov", string(l), "groups")); err != nil {
				return nil, err
			}
		}
		p.Levels = append(p.Levels, ol)
	}
	p.Downloads = []Link{
		{Title: layout.CountiesCSV, URL: u.data + layout.CountiesCSV, Note: s.t.s("rpt_dl_counties_csv")},
		{Title: layout.CountiesJSON, URL: u.data + layout.CountiesJSON, Note: s.t.s("rpt_dl_counties_json")},
	}
	for _, y := range s.years {
		if y == a.Year {
			p.Others = append(p.Others, Link{Title: s.t.f("rpt_year", y), Current: true})
			continue
		}
		p.Others = append(p.Others, Link{Title: s.t.f("rpt_year", y), URL: layout.Year(y)})
	}
	p.Others = append(p.Others, Link{Title: s.t.s("rpt_trends"), URL: layout.Trends})
	return p, nil
}

// countiesTable is every county of the year, a row each: its verdict in
// each dimension with the count behind it, its target year and progress.
// The sort keys (Cell.Sort) let the table be sorted with JavaScript; it is
// complete and in code order without.
func (s *Site) countiesTable(a *area.Year, name string) *Table {
	t := &Table{ID: "t_counties", Class: "sortable counties", Caption: s.t.f("rpt_cap_counties", name, a.Year),
		Head: []Col{{Text: s.t.s("rpt_fact_county")}, {Text: s.t.s("rpt_overall")},
			{Text: s.t.f("rpt_dim_level", indicators.Primary.Chinese())}, {Text: s.t.f("rpt_dim_level", indicators.Junior.Chinese())},
			{Text: s.t.s("rpt_h_assurance")}, {Text: s.t.s("rpt_h_quality")}, {Text: s.t.s("rpt_h_recognition")},
			{Text: s.t.s("rpt_col_target"), Num: true}, {Text: s.t.s("rpt_col_progress")}}}
	for i := range a.Counties {
		c := &a.Counties[i]
		url := s.lay.Report(a.Year, c.Code)
		row := []Cell{{Text: c.Name, Head: true, URL: url, Sub: c.Code, Sort: c.Code}}
		ot, oc := s.overall(c.Overall)
		row = append(row, Cell{Text: ot, Status: oc, Sort: overallRank(c.Overall)})
		for _, l := range indicators.Levels {
			lv := c.Level(l)
			if lv == nil {
				row = append(row, Cell{Text: "—", Sub: s.t.s("rpt_no_level"), Sort: "9"})
				continue
			}
			vt, vc := s.verdict(lv.Pass)
			sub := s.t.f("rpt_ov_schools", lv.SchoolsPass, lv.Schools)
			if lv.CVOver > 0 {
				sub += s.t.f("rpt_ov_cv_over", lv.CVOver)
			}
			share := 0.0
			if lv.Schools > 0 {
				share = float64(lv.SchoolsPass) / float64(lv.Schools)
			}
			row = append(row, Cell{Text: vt, Status: vc, Sub: sub, URL: layout.Level(url, l), Sort: strconv.FormatFloat(share, 'f', 4, 64)})
		}
		for _, it := range []area.Items{c.Assurance, c.Quality} {
			vt, vc := s.statusOf(it.Status)
			row = append(row, Cell{Text: vt, Status: vc, Sub: s.t.f("rpt_ov_items", it.Met, it.Of), Sort: strconv.Itoa(it.Met)})
		}
		rt, rc := s.statusOf(c.Recognition)
		row = append(row, Cell{Text: rt, Status: rc, Sort: statusRank(c.Recognition)})
		target := Cell{Text: "—", Num: true, Sort: "9999"}
		if c.Target.Year > 0 {
			target = Cell{Text: s.t.f("rpt_year", c.Target.Year), Num: true, NoWrap: true, Sub: c.Target.Note, Sort: strconv.Itoa(c.Target.Year)}
		}
		pw, pc := s.progressWord(c.Progress)
		row = append(row, target, Cell{Text: pw, Status: pc, Sort: progressRank(c.Progress)})
		t.Rows = append(t.Rows, row)
	}
	if len(a.Counties) > 0 {
		c := &a.Counties[0]
		std := s.countyReport(a.Year, &a.Counties[0]).Standards
		t.Note = s.t.f("rpt_note_counties", std.MinMet, len(indicators.Indicators), PlainPercent(std.FloorShare),
			Limit(std.Primary.CVLimit), Limit(std.Junior.CVLimit), c.Assurance.Of, c.Quality.Of, PlainPercent(std.Recognition.Satisfaction))
	}
	return t
}

func overallRank(o indicators.Overall) string {
	switch o {
	case indicators.OverallPass:
		return "0"
	case indicators.OverallIncomplete:
		return "1"
	}
	return "2"
}

func statusRank(st indicators.Status) string {
	switch st {
	case indicators.Pass:
		return "0"
	case indicators.MissingData:
		return "1"
	}
	return "2"
}

func progressRank(p area.Progress) string {
	for i, x := range []area.Progress{area.Overdue, area.Pending, area.None, area.Achieved} {
		if x == p {
			return strconv.Itoa(i)
		}
	}
	return "9"
}

// levelCounties are the counties that have school parts of level l.
func levelCounties(a *area.Year, l indicators.Level) []*area.County {
	var out []*area.County
	for i := range a.Counties {
		if a.Counties[i].Level(l) != nil {
			out = append(out, &a.Counties[i])
		}
	}
	return out
}

// countiesCVChart is each indicator's 差异系数 by county against its limit,
// as small multiples (a panel per indicator, a bar per county); its table
// holds the same numbers.
func (s *Site) countiesCVChart(a *area.Year, u *unit, l indicators.Level, id string) (*Chart, error) {
	cs := levelCounties(a, l)
	lname := l.Chinese()
	var cats []string
	for _, c := range cs {
		cats = append(cats, c.Name)
	}
	bar := charts.NewBar()
	var titles [][2]string
	overCounties, openCounties := map[string]bool{}, map[string]bool{}
	limit := 0.0
	for i, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		var data []any
		maxV := 0.0
		over, missing := 0, 0
		for _, c := range cs {
			ir := s.countyReport(a.Year, c).Levels.Get(l).Indicators[ind]
			limit = ir.CVLimit
			switch {
			case !ir.CV.Given:
				missing++
				openCounties[c.Code] = true
				data = append(data, s.missingBar(c.Name+" · "+info.Short))
				continue
			case ir.CVPass != nil && !*ir.CVPass:
				over++
				overCounties[c.Code] = true
				text := s.f.CV(ir.CV) + " " + s.t.s("rpt_cv_over")
				data = append(data, item{Value: fig(ir.CV, CVDecimals), Label: label(text, ""), Tooltip: tipText(c.Name + " · " + info.Short + "：" + text)})
			default:
				data = append(data, fig(ir.CV, CVDecimals))
			}
			maxV = math.Max(maxV, ir.CV.Value)
		}
		maxV = math.Max(maxV, limit)
		pt := s.t.f("rpt_p_cv_ok", info.Short)
		switch {
		case over > 0:
			pt = s.t.f("rpt_p_cv_over", info.Short, over)
		case missing > 0:
			// Not given is not within the limit: say so.
			pt = s.t.f("rpt_p_cv_ok_missing", info.Short, missing)
		}
		titles = append(titles, [2]string{pt, s.t.f("rpt_p_cv_sub", Limit(limit))})
		x := opts.XAxis{Type: "value", GridIndex: i, Max: niceMax(maxV)}
		y := opts.YAxis{Type: "category", GridIndex: i, Data: cats, Inverse: opts.Bool(true), AxisLabel: catAxisLabel()}
		if i == 0 {
			bar.SetGlobalOptions(charts.WithXAxisOpts(x), charts.WithYAxisOpts(y))
		} else {
			bar.ExtendXAxis(x)
			bar.ExtendYAxis(y)
		}
		ser := charts.SingleSeries{Name: info.Short, Type: "bar", XAxisIndex: i, YAxisIndex: i, Data: data, BarMaxWidth: "18"}
		ser.ConfigureSeriesOpts(seriesLabel("right"), withMarks(standardLine(true, limit, s.t.s("rpt_mark_limit_short"))))
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	title := s.t.f("rpt_t_ov_cv_ok", lname, len(cs))
	if n := len(overCounties); n > 0 {
		title = s.t.f("rpt_t_ov_cv_over", lname, n, len(cs))
	} else if n := len(openCounties); n > 0 {
		title = s.t.f("rpt_t_ov_cv_open", lname, len(cs)-n, len(cs), n)
	}
	subtitle := s.t.f("rpt_st_ov_cv", Limit(limit))
	bar.SetGlobalOptions(base(title, subtitle, false, []string{colCounty})...)
	height := 60 + 22*len(cs)
	opt, err := Option(bar, numbers(CVDecimals, "{a} · {b}：{c}"), panelTitles(titles), panelLayout(68, height, 260, 3, 48))
	if err != nil {
		return nil, err
	}
	t := &Table{Caption: s.t.f("rpt_cap_ov_cv", u.name, a.Year, lname, Limit(limit)), Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_fact_county")}}}
	for _, ind := range indicators.Indicators {
		t.Head = append(t.Head, Col{Text: indicators.Info(ind).Short, Num: true})
	}
	for _, c := range cs {
		row := []Cell{{Text: c.Name, Head: true, URL: layout.Level(s.lay.Report(a.Year, c.Code), l)}}
		for _, ind := range indicators.Indicators {
			ir := s.countyReport(a.Year, c).Levels.Get(l).Indicators[ind]
			cell := Cell{Text: s.f.CV(ir.CV), Num: true}
			if ir.CVPass != nil && !*ir.CVPass {
				cell.Sub = s.t.s("rpt_cv_over")
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.t.s("rpt_note_ov_cv")
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// countiesPassChart is the share of each county's school parts of level l
// that pass (6 of 7 indicators, the seventh at 85 %), a bar per county.
func (s *Site) countiesPassChart(a *area.Year, u *unit, l indicators.Level, id string) (*Chart, error) {
	cs := levelCounties(a, l)
	lname := l.Chinese()
	var cats []string
	var data []any
	all := 0
	for _, c := range cs {
		lv := c.Level(l)
		cats = append(cats, c.Name)
		text := s.t.f("rpt_ov_schools_short", lv.SchoolsPass, lv.Schools)
		if lv.Schools == 0 {
			data = append(data, item{Value: 0, Label: label(s.t.s("rpt_no_schools"), "insideLeft"), Tooltip: tipText(c.Name + "：" + s.t.s("rpt_no_schools"))})
			continue
		}
		if lv.SchoolsPass == lv.Schools {
			all++
		}
		share := float64(lv.SchoolsPass) / float64(lv.Schools)
		if open := openParts(s.countyReport(a.Year, c), l); open > 0 {
			// As the county's own report: no share while parts cannot
			// be decided; the bar is the part decided to pass.
			text := s.t.f("rpt_ov_schools_open", lv.SchoolsPass, lv.Schools, open)
			tip := s.t.f("rpt_tip_pass_open", lv.SchoolsPass, lv.Schools-lv.SchoolsPass-open, open, Percent(share, PercentDecimals))
			data = append(data, item{Value: Round(share*100, PercentDecimals), Label: label(text, ""), Tooltip: tipText(c.Name + "：" + tip)})
			continue
		}
		data = append(data, item{Value: Round(share*100, PercentDecimals), Label: label(Percent(share, PercentDecimals)+"（"+text+"）", ""),
			Tooltip: tipText(c.Name + "：" + Percent(share, PercentDecimals) + "（" + text + "）")})
	}
	title := s.t.f("rpt_t_ov_pass", lname, all, len(cs))
	subtitle := s.t.s("rpt_st_ov_pass")
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, false, []string{colCounty})...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_share"), NameLocation: "middle", NameGap: 26, Max: 100, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "150", Top: "76", Bottom: "40", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	ser := charts.SingleSeries{Name: s.t.s("rpt_axis_share"), Type: "bar", Data: data, BarMaxWidth: "22"}
	ser.ConfigureSeriesOpts(seriesLabel("right"))
	bar.MultiSeries = append(bar.MultiSeries, ser)
	opt, err := Option(bar, numbers(PercentDecimals, "{b}：{c}%"))
	if err != nil {
		return nil, err
	}
	t := &Table{Caption: s.t.f("rpt_cap_ov_pass", u.name, a.Year, lname), Sources: []Source{countiesFiles(u)},
		Head: []Col{{Text: s.t.s("rpt_fact_county")}, {Text: s.t.s("rpt_col_schools"), Unit: s.t.s("rpt_u_schools"), Num: true},
			{Text: s.t.s("rpt_col_schools_pass"), Unit: s.t.s("rpt_u_schools"), Num: true}, {Text: s.t.s("rpt_axis_share"), Num: true}}}
	for _, c := range cs {
		lv := c.Level(l)
		share := Cell{Text: "—", Num: true}
		if open := openParts(s.countyReport(a.Year, c), l); open > 0 {
			share.Text, share.Sub = s.f.Missing, s.t.f("rpt_ov_open_n", open)
		} else if lv.Schools > 0 {
			share.Text = Percent(float64(lv.SchoolsPass)/float64(lv.Schools), PercentDecimals)
		}
		t.Rows = append(t.Rows, []Cell{{Text: c.Name, Head: true, URL: layout.Level(s.lay.Report(a.Year, c.Code), l)},
			{Text: Int(lv.Schools), Num: true}, {Text: Int(lv.SchoolsPass), Num: true}, share})
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// countiesFiles is an area's source with counties.csv and counties.json,
// for a table whose figures they hold.
func countiesFiles(u *unit) Source {
	src := u.src
	src.CSV, src.JSON = u.data+layout.CountiesCSV, u.data+layout.CountiesJSON
	return src
}

// openParts is how many of a county's (r's) school parts of level l cannot be
// decided yet (a figure not given).
func openParts(r *indicators.Report, l indicators.Level) int {
	if r == nil {
		return 0
	}
	lr := r.Levels.Get(l)
	if lr == nil {
		return 0
	}
	return lr.PassTally().All.Open
}

// AreaHeadline is the home page's summary of a year of several counties:
// a few lines, whatever the number of counties, linking to the overview.
type AreaHeadline struct {
	Name     string // 全市, 全省
	Overall  Fact
	Progress []Fact
	Worst    []Fact // the indicators whose 差异系数 is over the limit in most counties
	Goal     string
	Overview Link
	Trends   Link
}

// worstShown is how many indicators the home page names.
const worstShown = 3

func (s *Site) areaHeadline(a *area.Year) *AreaHeadline {
	name := s.areaName(codesOf(a))
	sum := a.Summary
	h := &AreaHeadline{Name: name,
		Overview: Link{Title: s.t.f("rpt_title_overview", name, a.Year), URL: layout.Year(a.Year)},
		Trends:   Link{Title: s.t.s("rpt_trends"), URL: layout.Trends}}
	oc := "bad"
	if sum.Pass == sum.Counties {
		oc = "good"
	}
	h.Overall = Fact{Label: s.t.s("rpt_home_area_pass"), Text: s.t.f("rpt_head_overall", sum.Pass, sum.Counties), Class: oc}
	for _, pr := range area.Progresses {
		n := map[area.Progress]int{area.Achieved: sum.Achieved, area.Pending: sum.Pending, area.Overdue: sum.Overdue, area.None: sum.None}[pr]
		if n == 0 {
			continue
		}
		w, c := s.progressWord(pr)
		h.Progress = append(h.Progress, Fact{Label: w, Text: s.t.f("rpt_n_counties", n), Class: c})
	}
	type worst struct {
		l    indicators.Level
		ind  indicators.Indicator
		over int
	}
	var ws []worst
	for _, l := range indicators.Levels {
		for _, ind := range indicators.Indicators {
			w := worst{l: l, ind: ind}
			for i := range a.Counties {
				if lr := s.countyReport(a.Year, &a.Counties[i]).Levels.Get(l); lr != nil {
					if ir := lr.Indicators[ind]; ir.CVPass != nil && !*ir.CVPass {
						w.over++
					}
				}
			}
			if w.over > 0 {
				ws = append(ws, w)
			}
		}
	}
	// Most counties first; ties in level and indicator order (stable).
	for i := 1; i < len(ws); i++ {
		for j := i; j > 0 && ws[j].over > ws[j-1].over; j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
	for _, w := range ws[:min(len(ws), worstShown)] {
		h.Worst = append(h.Worst, Fact{Label: w.l.Chinese() + " · " + indicators.Info(w.ind).Short, Text: s.t.f("rpt_home_cv_over", w.over),
			URL: layout.Year(a.Year) + "#" + string(w.l)})
	}
	if a.AllBy > 0 {
		h.Goal = s.t.f("rpt_home_goal", a.AllBy, name)
	}
	return h
}
