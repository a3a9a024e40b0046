package report

import (
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// The charts of a year report, per level: one indicator by 城乡 group
// (groups), the seven 差异系数 against their limit (cv), and the share of
// school parts that pass, by group (pass). Each returns the chart with the
// table of its numbers.

// groupStats counts one level's school parts of each group, and how many
// pass (6 of 7), fail, or cannot be decided.
type groupStats struct {
	n, pass, fail, open int
}

func (g groupStats) share() indicators.Figure {
	if g.n == 0 || g.open > 0 {
		return indicators.Missing
	}
	return indicators.Given(float64(g.pass) / float64(g.n))
}

// passStats returns the counts of the groups (indicators.Groups order) and
// of the whole level.
func passStats(lr *indicators.LevelReport) ([3]groupStats, groupStats) {
	var gs [3]groupStats
	var all groupStats
	for _, sc := range lr.Schools {
		gi := groupIndex(sc.Group)
		add := func(x *groupStats) {
			x.n++
			switch {
			case sc.Pass == nil:
				x.open++
			case *sc.Pass:
				x.pass++
			default:
				x.fail++
			}
		}
		if gi >= 0 {
			add(&gs[gi])
		}
		add(&all)
	}
	return gs, all
}

// metCount is how many of the level's parts meet ind's threshold, from the
// groups' shares (missing when a group's share is).
func metCount(ir *indicators.IndicatorResult) (met, n int, ok bool) {
	ok = true
	for _, g := range indicators.Groups {
		gr := ir.Groups[g]
		if gr == nil || gr.Schools == 0 {
			continue
		}
		n += gr.Schools
		if !gr.PassShare.Given {
			ok = false
			continue
		}
		met += int(math.Round(gr.PassShare.Value * float64(gr.Schools)))
	}
	return met, n, ok && n > 0
}

// groupsTitle states what the groups' values say against the threshold.
func (s *Site) groupsTitle(lname, short string, ir *indicators.IndicatorResult) string {
	var present, below, missing []string
	var lo, hi indicators.Group
	loV, hiV := math.Inf(1), math.Inf(-1)
	for _, g := range indicators.Groups {
		gr := ir.Groups[g]
		if gr == nil || gr.Schools == 0 {
			continue
		}
		if !gr.Value.Given {
			missing = append(missing, g.Chinese())
			continue
		}
		present = append(present, g.Chinese())
		if gr.Value.Value < ir.Threshold {
			below = append(below, g.Chinese())
		}
		if gr.Value.Value < loV {
			lo, loV = g, gr.Value.Value
		}
		if gr.Value.Value > hiV {
			hi, hiV = g, gr.Value.Value
		}
	}
	var title string
	switch {
	case len(present) == 0:
		return s.t.f("rpt_t_groups_missing", lname, short)
	case len(below) > 0:
		title = s.t.f("rpt_t_groups_below", list(below), lname, short)
	case len(present) > 1 && hiV > 0 && loV/hiV < 0.8:
		title = s.t.f("rpt_t_groups_gap", lname, short, lo.Chinese(), hi.Chinese())
	case len(present) == 1:
		title = s.t.f("rpt_t_groups_ok_one", lname, short, present[0])
	default:
		title = s.t.f("rpt_t_groups_ok", lname, short, list(present))
	}
	if len(missing) > 0 {
		title += s.t.f("rpt_t_groups_some_missing", list(missing))
	}
	return title
}

// groupsChart is one indicator of one level: the value of 城区, 镇区 and 乡村
// against the threshold.
func (s *Site) groupsChart(u *unit, lr *indicators.LevelReport, ind indicators.Indicator, id string) (*Chart, error) {
	info := indicators.Info(ind)
	ir := lr.Indicators[ind]
	lname := lr.Level.Chinese()
	unitL := s.unitLabel(ind)
	title := s.groupsTitle(lname, info.Short, ir)
	subtitle := s.t.f("rpt_st_groups", info.Name, unitL, Standard(ind, ir.Threshold))

	var cats []string
	var items []item
	maxV := ir.Threshold
	for _, g := range indicators.Groups {
		gr := ir.Groups[g]
		n := 0
		if gr != nil {
			n = gr.Schools
		}
		cats = append(cats, s.t.f("rpt_cat_group", g.Chinese(), n))
		it := item{Value: "-"}
		if gr != nil && gr.Value.Given {
			it.Value = Round(gr.Value.Value, ValueDecimals)
			it.Label = label(s.f.Value(gr.Value), "")
			rel := s.t.s("rpt_above_standard")
			if gr.Value.Value < ir.Threshold {
				rel = s.t.s("rpt_below_standard")
			}
			it.Tooltip = tipText(s.t.f("rpt_tip_group_value", g.Chinese(), s.f.Value(gr.Value)+" "+unitL, rel))
			maxV = math.Max(maxV, gr.Value.Value)
		} else {
			text := s.f.Missing
			if n == 0 {
				text = s.t.s("rpt_no_schools")
			}
			it.Label = label(text, "insideBottom")
			it.Value = 0
			it.Tooltip = tipText(g.Chinese() + "：" + text)
		}
		items = append(items, it)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, false, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: s.t.s("rpt_axis_group"), NameLocation: "middle", NameGap: 44, AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: unitL, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
	)
	bar.SetXAxis(cats)
	ser := charts.SingleSeries{Name: info.Short, Type: "bar", Data: items, ColorBy: "data", BarMaxWidth: "64"}
	ser.ConfigureSeriesOpts(seriesLabel("top"), withMarks(standardLine(false, ir.Threshold, s.t.f("rpt_mark_standard", Standard(ind, ir.Threshold)))))
	bar.MultiSeries = append(bar.MultiSeries, ser)
	bar.SetGlobalOptions(charts.WithGridOpts(opts.Grid{Left: "12", Right: "72", Top: "96", Bottom: "52", ContainLabel: opts.Bool(true)}))
	opt, err := Option(bar, nil)
	if err != nil {
		return nil, err
	}

	// The table: the same numbers, and what the chart cannot show.
	t := &Table{
		Caption: s.t.f("rpt_cap_groups", s.scope(u), lname, info.Name, Standard(ind, ir.Threshold), unitL),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_group")}, {Text: s.t.s("rpt_col_schools"), Unit: s.t.s("rpt_u_schools"), Num: true},
			{Text: s.t.s("rpt_col_value"), Unit: unitL, Num: true},
			{Text: s.t.s("rpt_col_vs_urban"), Num: true}, {Text: s.t.s("rpt_col_met_share"), Num: true}},
	}
	urban := ir.Groups[indicators.Urban]
	for _, g := range indicators.Groups {
		gr := ir.Groups[g]
		if gr == nil {
			gr = &indicators.GroupResult{}
		}
		ratio := ""
		if g != indicators.Urban && urban != nil {
			if r := indicators.Gap(gr.Value, urban.Value); r.Given {
				ratio = Percent(r.Value, PercentDecimals)
			}
		}
		value := s.f.Value(gr.Value)
		share := s.f.Share(gr.PassShare)
		if gr.Schools == 0 {
			value, share = "—", "—"
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: g.Chinese(), Head: true, Group: string(g)},
			{Text: Int(gr.Schools), Num: true},
			{Text: value, Num: true, Below: gr.Value.Given && gr.Value.Value < ir.Threshold},
			{Text: dash(ratio), Num: true},
			{Text: share, Num: true},
		})
	}
	met, n, ok := metCount(ir)
	share := s.f.Missing
	if ok {
		share = Percent(float64(met)/float64(n), PercentDecimals)
	}
	t.Rows = append(t.Rows, []Cell{
		{Text: s.t.s("rpt_county_total"), Head: true},
		{Text: Int(n), Num: true},
		{Text: s.f.Value(ir.Value), Num: true, Below: ir.Value.Given && ir.Value.Value < ir.Threshold},
		{Text: "—", Num: true},
		{Text: share, Num: true},
	})
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: 340, Option: opt, Table: t}), nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// cvChart is the seven 差异系数 of a level against their limit; its table is
// the level's indicator table.
func (s *Site) cvChart(u *unit, lr *indicators.LevelReport, id string) (*Chart, error) {
	lname := lr.Level.Chinese()
	limit := 0.0
	var over, missing []string
	var cats []string
	var items []item
	maxV := 0.0
	for _, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		info := indicators.Info(ind)
		limit = ir.CVLimit
		cats = append(cats, info.Short)
		it := item{Value: fig(ir.CV, CVDecimals)}
		switch {
		case !ir.CV.Given:
			missing = append(missing, info.Short)
			it.Value = 0
			it.Label = label(s.f.Missing, "insideLeft")
			it.Tooltip = tipText(info.Short + "：" + s.f.Missing)
		default:
			verdict := s.t.s("rpt_cv_within")
			if ir.CVPass != nil && !*ir.CVPass {
				over = append(over, info.Short)
				verdict = s.t.s("rpt_cv_over")
				it.Label = label(s.f.CV(ir.CV)+" "+verdict, "")
			} else {
				it.Label = label(s.f.CV(ir.CV), "")
			}
			it.Tooltip = tipText(s.t.f("rpt_tip_cv", info.Short, s.f.CV(ir.CV), verdict))
			maxV = math.Max(maxV, ir.CV.Value)
		}
		items = append(items, it)
	}
	maxV = math.Max(maxV, limit)
	var title string
	switch {
	case len(over) > 0:
		title = s.t.f("rpt_t_cv_over", lname, len(over), list(over))
		if len(over) > 2 {
			title = s.t.f("rpt_t_cv_over_n", lname, len(over))
		}
	case len(missing) > 0:
		title = s.t.f("rpt_t_cv_missing", lname, len(indicators.Indicators)-len(missing), len(missing))
	default:
		title = s.t.f("rpt_t_cv_ok", lname, len(indicators.Indicators))
	}
	subtitle := s.t.f("rpt_st_cv", Limit(limit))

	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, false, []string{colCounty})...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_cv"), NameLocation: "middle", NameGap: 26, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "92", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	ser := charts.SingleSeries{Name: s.t.s("rpt_cv"), Type: "bar", Data: items, BarMaxWidth: "22"}
	ser.ConfigureSeriesOpts(seriesLabel("right"), withMarks(standardLine(true, limit, s.t.f("rpt_mark_limit", Limit(limit)))))
	bar.MultiSeries = append(bar.MultiSeries, ser)
	opt, err := Option(bar, nil)
	if err != nil {
		return nil, err
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: 380, Option: opt, Table: s.indicatorTable(u, lr)}), nil
}

// indicatorTable is a level's seven indicators: county value, threshold,
// 差异系数 and limit, and how many parts meet each.
func (s *Site) indicatorTable(u *unit, lr *indicators.LevelReport) *Table {
	t := &Table{
		Caption: s.t.f("rpt_cap_indicators", s.scope(u), lr.Level.Chinese()),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_unit")}, {Text: s.t.s("rpt_col_standard"), Num: true},
			{Text: s.t.s("rpt_col_county_value"), Num: true}, {Text: s.t.s("rpt_cv"), Num: true}, {Text: s.t.s("rpt_col_cv_limit"), Num: true},
			{Text: s.t.s("rpt_col_cv_verdict")}, {Text: s.t.s("rpt_col_met")}},
	}
	for _, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		info := indicators.Info(ind)
		vt, vc := s.verdict(ir.CVPass)
		met, n, ok := metCount(ir)
		metText := s.f.Missing
		if ok {
			metText = s.t.f("rpt_n_of_m", met, n)
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: info.Name, Head: true, Wide: true, URL: u.indicatorURL(lr.Level, ind)},
			{Text: s.unitLabel(ind), NoWrap: true},
			{Text: "≥ " + Standard(ind, ir.Threshold), Num: true},
			{Text: s.f.Value(ir.Value), Num: true, Below: ir.Value.Given && ir.Value.Value < ir.Threshold},
			{Text: s.f.CV(ir.CV), Num: true},
			{Text: "≤ " + Limit(ir.CVLimit), Num: true},
			{Text: vt, Status: vc},
			{Text: metText},
		})
	}
	t.Note = s.t.s("rpt_note_indicators")
	return t
}

// passChart is the share of a level's school parts that pass (at least 6
// indicators at the threshold, the last at 85 % of it), by group.
func (s *Site) passChart(u *unit, lr *indicators.LevelReport, id string) (*Chart, error) {
	lname := lr.Level.Chinese()
	gs, all := passStats(lr)
	var cats []string
	var items []item
	lowest, lowV := "", math.Inf(1)
	allPass := all.n > 0 && all.pass == all.n
	rows := append(gs[:], all)
	names := []string{}
	for _, g := range indicators.Groups {
		names = append(names, g.Chinese())
	}
	names = append(names, s.t.s("rpt_county_total"))
	for i, st := range rows {
		cats = append(cats, s.t.f("rpt_cat_group", names[i], st.n))
		it := item{Value: "-"}
		sh := st.share()
		switch {
		case st.n == 0:
			it.Value = 0
			it.Label = label(s.t.s("rpt_no_schools"), "insideLeft")
			it.Tooltip = tipText(names[i], s.t.s("rpt_no_schools"))
		case !sh.Given:
			it.Value = Round(float64(st.pass)/float64(st.n)*100, PercentDecimals)
			it.Label = label(s.t.f("rpt_lbl_pass_open", st.pass, st.n), "")
			it.Tooltip = tipText(s.t.f("rpt_tip_group", names[i], st.n), s.t.f("rpt_tip_pass_open", st.pass, st.fail, st.open))
		default:
			it.Value = Round(sh.Value*100, PercentDecimals)
			it.Label = label(Percent(sh.Value, PercentDecimals), "")
			it.Tooltip = tipText(s.t.f("rpt_tip_group", names[i], st.n), s.t.f("rpt_tip_pass", st.pass, st.fail, Percent(sh.Value, PercentDecimals)))
			if i < 3 && sh.Value < lowV {
				lowest, lowV = names[i], sh.Value
			}
		}
		if i == 3 {
			it.ItemStyle = &opts.ItemStyle{Color: colCounty}
		}
		items = append(items, it)
	}
	var title string
	switch {
	case allPass:
		title = s.t.f("rpt_t_pass_all", lname)
	case lowest != "":
		title = s.t.f("rpt_t_pass_lowest", lowest, lname, Percent(lowV, PercentDecimals))
	default:
		title = s.t.f("rpt_t_pass_open", lname)
	}
	subtitle := s.t.s("rpt_st_pass")
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, false, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_pass_share"), NameLocation: "middle", NameGap: 26, Min: 0, Max: 100, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "112", Top: "92", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	for i := range cats {
		cats[i] = strings.ReplaceAll(cats[i], "\n", " ")
	}
	bar.SetXAxis(cats).XYReversal()
	ser := charts.SingleSeries{Name: s.t.s("rpt_pass_share"), Type: "bar", Data: items, ColorBy: "data", BarMaxWidth: "28"}
	ser.ConfigureSeriesOpts(seriesLabel("right"), withMarks(standardLine(true, 100, s.t.s("rpt_mark_all_pass"))))
	bar.MultiSeries = append(bar.MultiSeries, ser)
	opt, err := Option(bar, nil)
	if err != nil {
		return nil, err
	}
	t := &Table{
		Caption: s.t.f("rpt_cap_pass", s.scope(u), lname),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_group")}, {Text: s.t.s("rpt_col_schools"), Unit: s.t.s("rpt_u_schools"), Num: true},
			{Text: s.t.s("rpt_pass"), Unit: s.t.s("rpt_u_schools"), Num: true}, {Text: s.t.s("rpt_fail"), Unit: s.t.s("rpt_u_schools"), Num: true},
			{Text: s.t.s("rpt_col_open"), Unit: s.t.s("rpt_u_schools"), Num: true}, {Text: s.t.s("rpt_col_pass_share"), Num: true}},
	}
	for i, st := range rows {
		c := Cell{Text: names[i], Head: true}
		if i < 3 {
			c.Group = string(indicators.Groups[i])
		}
		share := s.f.Share(st.share())
		if st.n == 0 {
			share = "—"
		}
		t.Rows = append(t.Rows, []Cell{c, {Text: Int(st.n), Num: true}, {Text: Int(st.pass), Num: true}, {Text: Int(st.fail), Num: true},
			{Text: Int(st.open), Num: true}, {Text: share, Num: true}})
	}
	t.Note = s.t.f("rpt_note_pass", u.rep.Standards.MinMet, len(indicators.Indicators), PlainPercent(u.rep.Standards.FloorShare))
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Height: 300, Option: opt, Table: t, Class: "narrow"}), nil
}

// scope names the county and year of a unit: 示例县2024年.
func (s *Site) scope(u *unit) string { return u.name + s.t.f("rpt_year", u.year) }

// indicatorURL is the site path of an indicator page.
func (u *unit) indicatorURL(l indicators.Level, ind indicators.Indicator) string {
	return u.url + string(l) + "/" + string(ind) + "/"
}
