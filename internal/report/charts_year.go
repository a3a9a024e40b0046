package report

import (
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
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
	t := lr.PassTally()
	count := func(c indicators.PartCount) groupStats {
		return groupStats{n: c.N, pass: c.Pass, fail: c.Fail, open: c.Open}
	}
	var gs [3]groupStats
	for i, c := range t.Groups {
		gs[i] = count(c)
	}
	return gs, count(t.All)
}

// groupsShown are the indexes (in indicators.Groups) of the 城乡 groups a
// level has schools in. A chart and its table leave out a group without
// schools — an urban district has no 乡村 school — rather than draw 无学校 in
// every panel and print a column of dashes; all three when there are none.
func groupsShown(lr *indicators.LevelReport, gs [3]groupStats) []int {
	var shown []int
	for i, g := range indicators.Groups {
		has := gs[i].n > 0
		for _, ind := range indicators.Indicators {
			if ir := lr.Indicators[ind]; ir != nil {
				if gr := ir.Groups[g]; gr != nil && gr.Schools > 0 {
					has = true
				}
			}
		}
		if has {
			shown = append(shown, i)
		}
	}
	if len(shown) == 0 {
		return []int{0, 1, 2}
	}
	return shown
}

// groupNames are the names of the groups of indexes gis: 城区、镇区.
func groupNames(gis []int) []string {
	var names []string
	for _, gi := range gis {
		names = append(names, indicators.Groups[gi].Chinese())
	}
	return names
}

// ruralUrbanCell is the 乡村÷城区 of an indicator, "—" without both.
func ruralUrbanCell(ir *indicators.IndicatorResult) Cell {
	ratio := "—"
	if r, ub := ir.Groups[indicators.Rural], ir.Groups[indicators.Urban]; r != nil && ub != nil {
		if g := indicators.Gap(r.Value, ub.Value); g.Given {
			ratio = Percent(g.Value, PercentDecimals)
		}
	}
	return Cell{Text: ratio, Num: true}
}

// groupColour gives a chart item the colour (and so the pattern) of its
// group, for a chart that leaves a group out: by their index, the items
// would take the colours of the groups before them.
func groupColour(d any, gi int) any {
	it, ok := d.(item)
	if !ok {
		it = item{Value: d}
	}
	it.ItemStyle = &opts.ItemStyle{Color: groupPalette[gi]}
	return it
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

// groupsFacts is what the groups' values of one indicator say against its
// threshold: the groups with a value, those below it, those with schools
// but no value, and the lowest and highest.
type groupsFacts struct {
	present, below, missing []string
	lo, hi                  indicators.Group
	gap                     bool // the lowest under 80 % of the highest
}

func groupsOf(ir *indicators.IndicatorResult) groupsFacts {
	var f groupsFacts
	loV, hiV := math.Inf(1), math.Inf(-1)
	for _, g := range indicators.Groups {
		gr := ir.Groups[g]
		if gr == nil || gr.Schools == 0 {
			continue
		}
		if !gr.Value.Given {
			f.missing = append(f.missing, g.Chinese())
			continue
		}
		f.present = append(f.present, g.Chinese())
		if gr.Value.Value < ir.Threshold {
			f.below = append(f.below, g.Chinese())
		}
		if gr.Value.Value < loV {
			f.lo, loV = g, gr.Value.Value
		}
		if gr.Value.Value > hiV {
			f.hi, hiV = g, gr.Value.Value
		}
	}
	f.gap = len(f.present) > 1 && hiV > 0 && loV/hiV < 0.8
	return f
}

// groupsTitle states what the groups' values say against the threshold.
func (s *Site) groupsTitle(lname, short string, ir *indicators.IndicatorResult) string {
	f := groupsOf(ir)
	var title string
	switch {
	case len(f.present) == 0:
		return s.t.f("rpt_t_groups_missing", lname, short)
	case len(f.below) > 0:
		title = s.t.f("rpt_t_groups_below", list(f.below), lname, short)
	case f.gap && len(f.missing) > 0:
		title = s.t.f("rpt_t_groups_gap_some", lname, short, list(f.present), f.lo.Chinese(), f.hi.Chinese())
	case f.gap:
		title = s.t.f("rpt_t_groups_gap", lname, short, f.lo.Chinese(), f.hi.Chinese())
	case len(f.present) == 1:
		title = s.t.f("rpt_t_groups_ok_one", lname, short, f.present[0])
	default:
		title = s.t.f("rpt_t_groups_ok", lname, short, list(f.present))
	}
	if len(f.missing) > 0 {
		title += s.t.f("rpt_t_groups_some_missing", list(f.missing))
	}
	return title
}

// panelTitle is the finding of one indicator's panel, short: 乡村低于标准.
func (s *Site) panelTitle(short string, ir *indicators.IndicatorResult) string {
	f := groupsOf(ir)
	var finding string
	switch {
	case len(f.present) == 0:
		return s.t.f("rpt_p_title", short, s.t.s("rpt_p_missing"))
	case len(f.below) > 0:
		finding = s.t.f("rpt_p_below", list(f.below))
	case f.gap && len(f.missing) > 0:
		finding = s.t.f("rpt_p_gap_some", list(f.present), f.lo.Chinese(), f.hi.Chinese())
	case f.gap:
		finding = s.t.f("rpt_p_gap", f.lo.Chinese(), f.hi.Chinese())
	case len(f.present) == 1 || len(f.missing) > 0:
		// Not 均: one of the groups did not give its value.
		finding = s.t.f("rpt_p_ok_one", list(f.present))
	default:
		finding = s.t.s("rpt_p_ok")
	}
	if len(f.missing) > 0 {
		finding += s.t.f("rpt_t_groups_some_missing", list(f.missing))
	}
	return s.t.f("rpt_p_title", short, finding)
}

// groupItem is the chart value of one group of one indicator: the value as
// published, or (no value) a 0 bar labelled 未提供 or 无此类学校.
func (s *Site) groupItem(ir *indicators.IndicatorResult, g indicators.Group, position string) (any, float64) {
	gr := ir.Groups[g]
	if gr != nil && gr.Value.Given {
		return Round(gr.Value.Value, ValueDecimals), gr.Value.Value
	}
	text := s.f.Missing
	if gr == nil || gr.Schools == 0 {
		text = s.t.s("rpt_no_schools")
	}
	return item{Value: 0, Label: label(text, position), Tooltip: tipText(g.Chinese() + "：" + text)}, 0
}

// groupsChart is one indicator of one level: the value of 城区, 镇区 and 乡村
// against the threshold (the chart shortcode's kind="groups").
func (s *Site) groupsChart(u *unit, lr *indicators.LevelReport, ind indicators.Indicator, id string) (*Chart, error) {
	info := indicators.Info(ind)
	ir := lr.Indicators[ind]
	lname := lr.Level.Chinese()
	unitL := s.unitLabel(ind)
	title := s.groupsTitle(lname, info.Short, ir)
	subtitle := s.t.f("rpt_st_groups", info.Name, unitL, Standard(ind, ir.Threshold))

	var cats []string
	var data []any
	maxV := ir.Threshold
	for _, g := range indicators.Groups {
		n := 0
		if gr := ir.Groups[g]; gr != nil {
			n = gr.Schools
		}
		cats = append(cats, strings.ReplaceAll(s.t.f("rpt_cat_group", g.Chinese(), n), "\n", " "))
		d, v := s.groupItem(ir, g, "insideBottom")
		data = append(data, d)
		maxV = math.Max(maxV, v)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, false, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: s.t.s("rpt_axis_group"), NameLocation: "middle", NameGap: 30, AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: unitL, Max: niceMax(maxV), AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
	)
	bar.SetXAxis(cats)
	ser := charts.SingleSeries{Name: info.Short, Type: "bar", Data: data, ColorBy: "data", BarMaxWidth: "64"}
	ser.ConfigureSeriesOpts(seriesLabel("top"), withMarks(standardLine(false, ir.Threshold, s.t.f("rpt_mark_standard", Standard(ind, ir.Threshold)))))
	bar.MultiSeries = append(bar.MultiSeries, ser)
	bar.SetGlobalOptions(charts.WithGridOpts(opts.Grid{Left: "12", Right: "72", Top: "96", Bottom: "40", ContainLabel: opts.Bool(true)}))
	opt, err := Option(bar, numbers(ValueDecimals, "{b}：{c} "+unitL))
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
		value := s.thresholdCell(gr.Value, ir.Threshold)
		share := s.f.Share(gr.PassShare)
		if gr.Schools == 0 {
			value, share = Cell{Text: "—", Num: true}, "—"
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: g.Chinese(), Head: true, Group: string(g)},
			{Text: Int(gr.Schools), Num: true},
			value,
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
		{Text: s.totalName(u), Head: true},
		{Text: Int(n), Num: true},
		s.thresholdCell(ir.Value, ir.Threshold),
		{Text: "—", Num: true},
		{Text: share, Num: true},
	})
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}

// Small multiples: the seven indicators of a level in one chart, a panel
// each (its own grid, axes, series, 标准 line and title), laid out by
// svgchart in columns (option "gongkai": "panels"). One chart and one table per level instead of seven of each:
// the page stays light however many indicators it compares, and the panels
// read side by side.

// panelLayout is the "panels" hint of a small-multiples chart: where the
// panels start (below the title, or the legend), each panel's plot height
// with its axis labels, the narrowest a panel may be, at most how many
// columns, and the room right of each plot (for the 标准 label).
func panelLayout(top, height, minWidth, cols, right int) func(map[string]any) {
	return func(m map[string]any) {
		gk, _ := m["gongkai"].(map[string]any)
		if gk == nil {
			gk = map[string]any{}
			m["gongkai"] = gk
		}
		gk["panels"] = map[string]any{"top": top, "height": height, "minWidth": minWidth, "cols": cols, "right": right}
	}
}

// panelTitles makes the option's title an array: the chart's title, then
// one title per panel (text and subtext), which svgchart places.
func panelTitles(panels [][2]string) func(map[string]any) {
	return func(m map[string]any) {
		ts := []any{m["title"]}
		for _, p := range panels {
			ts = append(ts, map[string]any{"text": p[0], "subtext": p[1]})
		}
		m["title"] = ts
		grids := make([]any, len(panels))
		for i := range grids {
			grids[i] = map[string]any{}
		}
		m["grid"] = grids
	}
}

// groupsPanels is a level's seven indicators by 城乡 group, as small
// multiples: for each indicator the value of 城区, 镇区 and 乡村 against its
// threshold. Its table holds the same numbers (groupsTable).
func (s *Site) groupsPanels(u *unit, lr *indicators.LevelReport, id string) (*Chart, error) {
	lname := lr.Level.Chinese()
	gs, _ := passStats(lr)
	shown := groupsShown(lr, gs)
	some := len(shown) < len(indicators.Groups)
	cats := groupNames(shown)
	bar := charts.NewBar()
	var titles [][2]string
	below := map[indicators.Group]int{}
	given, missing := 0, 0
	for i, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		ir := lr.Indicators[ind]
		var data []any
		maxV := ir.Threshold
		for _, gi := range shown {
			g := indicators.Groups[gi]
			d, v := s.groupItem(ir, g, "insideBottom")
			if some {
				d = groupColour(d, gi)
			}
			data = append(data, d)
			maxV = math.Max(maxV, v)
			if gr := ir.Groups[g]; gr != nil && gr.Value.Given {
				given++
				if gr.Value.Value < ir.Threshold {
					below[g]++
				}
			} else if gr != nil && gr.Schools > 0 {
				missing++
			}
		}
		titles = append(titles, [2]string{s.panelTitle(info.Short, ir), s.t.f("rpt_p_sub", s.unitLabel(ind), Standard(ind, ir.Threshold))})
		x := opts.XAxis{Type: "category", GridIndex: i, Data: cats}
		y := opts.YAxis{Type: "value", GridIndex: i, Max: niceMax(maxV)}
		if i == 0 {
			bar.SetGlobalOptions(charts.WithXAxisOpts(x), charts.WithYAxisOpts(y))
		} else {
			bar.ExtendXAxis(x)
			bar.ExtendYAxis(y)
		}
		ser := charts.SingleSeries{Name: info.Short, Type: "bar", XAxisIndex: i, YAxisIndex: i, Data: data, ColorBy: "data", BarMaxWidth: "40"}
		ser.ConfigureSeriesOpts(seriesLabel("top"), withMarks(standardLine(false, ir.Threshold, s.t.s("rpt_mark_standard_short"))))
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	var title string
	switch {
	case given == 0:
		title = s.t.f("rpt_t_panels_missing", lname)
	case len(below) == 0 && missing > 0:
		title = s.t.f("rpt_t_panels_ok_missing", lname, missing)
	case len(below) == 0:
		// Only the groups the level has schools in.
		var present []string
		for i, g := range indicators.Groups {
			if gs[i].n > 0 {
				present = append(present, g.Chinese())
			}
		}
		title = s.t.f("rpt_t_panels_ok", lname, len(indicators.Indicators), list(present))
	default:
		var parts []string
		for _, g := range indicators.Groups {
			if below[g] > 0 {
				parts = append(parts, s.t.f("rpt_t_panels_part", g.Chinese(), below[g]))
			}
		}
		title = s.t.f("rpt_t_panels_below", lname, list(parts))
	}
	subtitle := s.t.f("rpt_st_panels", gs[0].n, gs[1].n, gs[2].n)
	if some {
		var counts, absent []string
		for i, g := range indicators.Groups {
			if slices.Contains(shown, i) {
				counts = append(counts, g.Chinese()+s.t.f("rpt_n_schools", gs[i].n))
			} else {
				absent = append(absent, g.Chinese())
			}
		}
		subtitle = s.t.f("rpt_st_panels_some", list(counts), list(absent))
	}
	bar.SetGlobalOptions(base(title, subtitle, false, groupPalette)...)
	bar.SetXAxis(cats)
	opt, err := Option(bar, numbers(ValueDecimals, "{a} · {b}：{c}"), panelTitles(titles), panelLayout(68, 170, 220, 4, 34))
	if err != nil {
		return nil, err
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: s.groupsTable(u, lr, gs, shown)}), nil
}

// groupsTable is the numbers of groupsPanels: a row per indicator, with the
// county's value, each group's, the threshold and the rural–urban ratio.
func (s *Site) groupsTable(u *unit, lr *indicators.LevelReport, gs [3]groupStats, shown []int) *Table {
	t := &Table{
		Class:   "units",
		Caption: s.t.f("rpt_cap_panels", s.scope(u), lr.Level.Chinese()),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_unit")},
			{Text: s.totalName(u), Num: true}},
		Note: s.t.s("rpt_note_panels"),
	}
	for _, gi := range shown {
		t.Head = append(t.Head, Col{Text: indicators.Groups[gi].Chinese(), Unit: s.t.f("rpt_n_schools", gs[gi].n), Num: true})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_standard"), Num: true})
	// 乡村÷城区 only where there are both.
	ratios := slices.Contains(shown, 0) && slices.Contains(shown, 2)
	if ratios {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_rural_urban"), Num: true})
	}
	if len(shown) < len(indicators.Groups) {
		t.Caption = s.t.f("rpt_cap_panels_some", s.scope(u), lr.Level.Chinese(), list(groupNames(shown)))
		if !ratios {
			t.Note = s.t.s("rpt_note_panels_no_ratio")
		}
	}
	for _, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		row := []Cell{
			{Text: indicators.Info(ind).Name, Head: true, Wide: true, URL: u.indicatorURL(lr.Level, ind)},
			{Text: s.unitLabel(ind), Unit: true},
			s.thresholdCell(ir.Value, ir.Threshold),
		}
		for _, gi := range shown {
			gr := ir.Groups[indicators.Groups[gi]]
			c := Cell{Text: "—", Num: true}
			if gr != nil && gr.Schools > 0 {
				c = s.thresholdCell(gr.Value, ir.Threshold)
			}
			row = append(row, c)
		}
		row = append(row, Cell{Text: "≥ " + Standard(ind, ir.Threshold), Num: true})
		if ratios {
			row = append(row, ruralUrbanCell(ir))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
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
	var items []any
	maxV := 0.0
	for _, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		info := indicators.Info(ind)
		limit = ir.CVLimit
		cats = append(cats, info.Short)
		switch {
		case !ir.CV.Given:
			missing = append(missing, info.Short)
			items = append(items, s.missingBar(info.Short))
			continue
		case ir.CVPass != nil && !*ir.CVPass:
			// Over the limit: the label says so, not the colour alone.
			over = append(over, info.Short)
			text := s.f.CV(ir.CV) + " " + s.t.s("rpt_cv_over")
			items = append(items, item{Value: fig(ir.CV, CVDecimals), Label: label(text, ""), Tooltip: tipText(info.Short + "：" + text)})
		default:
			items = append(items, fig(ir.CV, CVDecimals))
		}
		maxV = math.Max(maxV, ir.CV.Value)
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
	opt, err := Option(bar, numbers(CVDecimals, "{b}：{c}"))
	if err != nil {
		return nil, err
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: s.indicatorTable(u, lr)}), nil
}

// indicatorTable is a level's seven indicators: county value, threshold,
// 差异系数 and limit, and how many parts meet each.
func (s *Site) indicatorTable(u *unit, lr *indicators.LevelReport) *Table {
	t := &Table{
		Class:   "units",
		Caption: s.t.f("rpt_cap_indicators", s.scope(u), lr.Level.Chinese()),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_unit")}, {Text: s.t.s("rpt_col_standard"), Num: true},
			{Text: s.totalName(u), Num: true}, {Text: s.t.s("rpt_cv"), Num: true}, {Text: s.t.s("rpt_col_cv_limit"), Num: true},
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
			{Text: s.unitLabel(ind), Unit: true},
			{Text: "≥ " + Standard(ind, ir.Threshold), Num: true},
			s.thresholdCell(ir.Value, ir.Threshold),
			{Text: s.f.CV(ir.CV), Num: true},
			{Text: "≤ " + Limit(ir.CVLimit), Num: true},
			{Text: vt, Status: vc},
			{Text: metText},
		})
	}
	t.Note = s.t.f("rpt_note_indicators", s.totalName(u))
	return t
}

// passChart is the share of a level's school parts that pass (at least 6
// indicators at the threshold, the last at 85 % of it), by group.
func (s *Site) passChart(u *unit, lr *indicators.LevelReport, id string) (*Chart, error) {
	lname := lr.Level.Chinese()
	gs, all := passStats(lr)
	var cats []string
	var items []any
	lowest, lowV := "", math.Inf(1)
	allPass := all.n > 0 && all.pass == all.n
	// The groups with schools, then the whole level (index 3).
	shown := groupsShown(lr, gs)
	some := len(shown) < len(indicators.Groups)
	idx := append(slices.Clone(shown), 3)
	var rows []groupStats
	var names []string
	for _, gi := range idx {
		if gi < 3 {
			rows = append(rows, gs[gi])
			names = append(names, indicators.Groups[gi].Chinese())
		} else {
			rows = append(rows, all)
			names = append(names, s.totalName(u))
		}
	}
	for i, st := range rows {
		gi := idx[i]
		cats = append(cats, s.t.f("rpt_cat_group", names[i], st.n))
		var it item
		sh := st.share()
		switch {
		case st.n == 0:
			it.Value = 0
			it.Label = label(s.t.s("rpt_no_schools"), "insideLeft")
			it.Tooltip = tipText(names[i], s.t.s("rpt_no_schools"))
		case !sh.Given:
			it.Value = Round(float64(st.pass)/float64(st.n)*100, PercentDecimals)
			it.Label = label(s.t.f("rpt_lbl_pass_open", st.pass, st.n), "")
			it.Tooltip = tipText(s.t.f("rpt_tip_group", names[i], st.n), s.t.f("rpt_tip_pass_open", st.pass, st.fail, st.open, Percent(float64(st.pass)/float64(st.n), PercentDecimals)))
		default:
			it.Value = Round(sh.Value*100, PercentDecimals)
			if gi < 3 && sh.Value < lowV {
				lowest, lowV = names[i], sh.Value
			}
		}
		switch {
		case gi == 3:
			it.ItemStyle = &opts.ItemStyle{Color: colCounty}
			items = append(items, it)
		case some:
			items = append(items, groupColour(it, gi))
		case it.Label == nil:
			items = append(items, it.Value) // the series' templates print it
		default:
			items = append(items, it)
		}
	}
	// The lowest only when no group whose parts are not all decided could
	// be lower: its share if none of them passed.
	for i, st := range rows {
		if gi := idx[i]; gi < 3 && st.n > 0 && !st.share().Given && float64(st.pass)/float64(st.n) < lowV {
			lowest = ""
		}
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
	ser.Label.Formatter = "{c}%"
	bar.MultiSeries = append(bar.MultiSeries, ser)
	opt, err := Option(bar, numbers(PercentDecimals, "{b}：{c}%"))
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
		if gi := idx[i]; gi < 3 {
			c.Group = string(indicators.Groups[gi])
		}
		share := s.f.Share(st.share())
		if st.n == 0 {
			share = "—"
		}
		t.Rows = append(t.Rows, []Cell{c, {Text: Int(st.n), Num: true}, {Text: Int(st.pass), Num: true}, {Text: Int(st.fail), Num: true},
			{Text: Int(st.open), Num: true}, {Text: share, Num: true}})
	}
	t.Note = s.passRule(u)
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t, Class: "narrow"}), nil
}

// scope names the county and year of a unit: 示例县2024年.
func (s *Site) scope(u *unit) string { return u.name + s.t.f("rpt_year", u.year) }

// levelURL is the site path of a level's page: every school part.
func (u *unit) levelURL(l indicators.Level) string { return layout.Level(u.url, l) }

// indicatorURL is the site path of an indicator page; "" for an area (a
// city or province as a whole), which has none: its counties' reports do.
func (u *unit) indicatorURL(l indicators.Level, ind indicators.Indicator) string {
	if u.idx < 0 {
		return ""
	}
	return layout.Indicator(u.url, l, ind)
}
