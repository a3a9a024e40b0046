package report

import (
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// historySite is four years of one county: school 1 in 2021, not in 2022,
// in 2023 with one figure not given and one below the standard, in 2024
// with a primary part and a junior part of no students (excluded); school
// 2 new in 2023; school 3 only in 2021 and 2022; school 4 only in 2024;
// school 5 assessed in 2023 and excluded in 2024; school 6 a junior part in
// 2021, a primary part in 2023 and 2024.
func historySite(t *testing.T) *Site {
	t.Helper()
	cfg, theme := testSite(t)
	part := passingPart
	var inputs []indicators.Input
	for y := 2021; y <= 2024; y++ {
		in := indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}}
		switch y {
		case 2021:
			in.Parts = append(in.Parts, part("1", indicators.Primary, 100), part("3", indicators.Primary, 100), part("6", indicators.Junior, 100))
		case 2022:
			in.Parts = append(in.Parts, part("3", indicators.Primary, 100))
		case 2023:
			p := part("1", indicators.Primary, 100)
			p.BackboneTeachers = indicators.Given(0.9) // 90% of the standard: above the floor
			p.SportsArea = indicators.Missing
			in.Parts = append(in.Parts, p, part("2", indicators.Primary, 100), part("5", indicators.Primary, 100), part("6", indicators.Primary, 100))
		case 2024:
			in.Parts = append(in.Parts, part("1", indicators.Primary, 100), part("1", indicators.Junior, 0), part("2", indicators.Primary, 100),
				part("4", indicators.Primary, 100), part("5", indicators.Primary, 0), part("6", indicators.Primary, 100))
		}
		inputs = append(inputs, in)
	}
	return sentenceSite(t, cfg, theme, inputs)
}

// rowTexts are a table's rows as a reader reads them: each cell's text (or
// its links' titles), joined by " | ".
func rowTexts(t *Table) []string {
	var out []string
	for _, row := range t.Rows {
		var cs []string
		for _, c := range row {
			text := c.Text
			if len(c.Links) > 0 {
				var ls []string
				for _, l := range c.Links {
					ls = append(ls, l.Title)
				}
				text = strings.Join(ls, "、")
			}
			cs = append(cs, text)
		}
		out = append(out, strings.Join(cs, " | "))
	}
	return out
}

// TestSchoolHistory: a school page shows its newest year in full and one
// row per older year and part, whose counts are the indicators' results
// (a figure not given counted as 未提供, not as met), with a row for the
// year its county's data leaves it out and a sentence for the years after
// its last.
func TestSchoolHistory(t *testing.T) {
	s := historySite(t)
	page := func(id string) *SchoolPage {
		sp, err := s.schoolPage(s.schools[id])
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}

	sp := page("1")
	if y := sp.Years[0]; len(sp.Years) != 1 || y.ID != "y2024" || len(y.Parts) != 2 || y.Parts[0].Chart == nil || y.Parts[1].Excluded == "" {
		t.Errorf("%d years, the first %s of %d parts; want 2024 alone, with the primary part's chart and the junior part excluded", len(sp.Years), y.ID, len(y.Parts))
	}
	// The charts: 2024's primary part and the primary part's trend (2021,
	// 2023, 2024); no chart of an older year.
	if sp.Charts() != 2 || len(sp.Trends) != 1 {
		t.Errorf("%d charts, %d trends; want 2024's and the trend", sp.Charts(), len(sp.Trends))
	}
	h := sp.History
	if h == nil {
		t.Fatal("no 历年达标情况")
	}
	if want := "本校见于2021年—2024年共 3 个年度的数据。2022年的数据中没有本校。"; h.Lead != want {
		t.Errorf("lead %q, want %q", h.Lead, want)
	}
	want := []string{
		"2024年 | 小学 | 达标 | 7 | 0 | 0 | —",
		"初中 | 未纳入计算 | — | — | — | —", // why: under 未纳入计算 (TestSchoolHistoryGivesWhyAPartIsLeftOut)
		"2023年 | 小学 | 暂不能判定 | 5 | 1 | 1 | 骨干教师",
		"2022年 | — | 无本校数据 | — | — | — | —",
		"2021年 | 小学 | 达标 | 7 | 0 | 0 | —",
	}
	if got := rowTexts(h.Table); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rows := h.Table.Rows
	if rows[0][0].RowSpan != 2 || rows[0][0].URL != layout.Year(2024) || rows[3][0].URL != layout.Year(2022) {
		t.Errorf("year cells: 2024 spans %d rows, links %q; 2022 links %q", rows[0][0].RowSpan, rows[0][0].URL, rows[3][0].URL)
	}
	if c := rows[2][6]; c.Text != "骨干教师" || len(c.Links) > 0 {
		t.Errorf("2023's indicator below: %q, links %v; want its name, no link", c.Text, c.Links)
	}
	var toc []string
	for _, l := range sp.TOC {
		toc = append(toc, l.URL)
	}
	if strings.Join(toc, " ") != "#y2024 #years #trend" {
		t.Errorf("the page's sections: %v", toc)
	}

	// A new school: its years only; one level: no 学段 column.
	h = page("2").History
	if h == nil || h.Lead != "本校见于2023年—2024年共 2 个年度的数据。" || len(h.Table.Head) != 6 || len(h.Table.Rows) != 2 {
		t.Errorf("new school: %+v", h)
	}
	// A school the later years leave out says so.
	h = page("3").History
	if h == nil || h.Lead != "本校见于2021年—2022年共 2 个年度的数据。2022年以后的数据中没有本校。" {
		t.Errorf("school of 2021 and 2022: %+v", h)
	} else if got := rowTexts(h.Table); strings.Join(got, "\n") != "2022年 | 达标 | 7 | 0 | 0 | —\n2021年 | 达标 | 7 | 0 | 0 | —" {
		t.Errorf("school of 2021 and 2022: rows %q", got)
	}
	// A part whose level has no trend keeps its year's chart: the one year
	// school 5 was assessed (its newest is excluded), the junior part of
	// school 6.
	for _, c := range []struct {
		id, years      string
		trends, charts int
	}{{"5", "y2024 y2023", 0, 1}, {"6", "y2024 y2021", 1, 3}} {
		sp := page(c.id)
		var ys []string
		for _, y := range sp.Years {
			ys = append(ys, y.ID)
		}
		if strings.Join(ys, " ") != c.years || len(sp.Trends) != c.trends || sp.Charts() != c.charts {
			t.Errorf("school %s: years %v, %d trends, %d charts; want %s, %d trends, %d charts", c.id, ys, len(sp.Trends), sp.Charts(), c.years, c.trends, c.charts)
		}
	}
	if ys := page("6").Years; len(ys) != 2 || len(ys[1].Parts) != 1 || ys[1].Parts[0].Chart == nil || !strings.HasPrefix(ys[1].Parts[0].Chart.Table.Caption, "2021年学校6（初中部）") {
		t.Errorf("school 6: no chart of its junior part of 2021 after its newest year")
	}

	// A school of one year: that year, nothing else.
	if sp := page("4"); sp.History != nil || sp.Trends != nil || sp.TOC != nil || sp.Charts() != 1 {
		t.Errorf("school of 2024 only: history %v, %d trends, sections %v", sp.History, len(sp.Trends), sp.TOC)
	}
}

// TestSchoolHistoryFloor: two years with the same counts — six indicators
// met, one below the standard — and opposite verdicts, because one year's
// is below the floor. The table and the newest year's lead say which, and
// the table's note gives the rule, so that a reader can tell why.
func TestSchoolHistoryFloor(t *testing.T) {
	cfg, theme := testSite(t)
	var inputs []indicators.Input
	for y, backbone := range map[int]float64{2023: 0.9, 2024: 0.8} { // 90% and 80% of the standard 1.0
		p := indicators.SchoolPart{SchoolID: "7", SchoolName: "学校7", Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
			QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(backbone), PEArtTeachers: indicators.Given(1),
			TeachingArea: indicators.Given(600), SportsArea: indicators.Given(1100), EquipmentValue: indicators.Given(260000),
			MultimediaRooms: indicators.Given(3)}
		inputs = append(inputs, indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{p}})
	}
	if inputs[0].Year > inputs[1].Year {
		inputs[0], inputs[1] = inputs[1], inputs[0]
	}
	s := sentenceSite(t, cfg, theme, inputs)
	sp, err := s.schoolPage(s.schools["7"])
	if err != nil {
		t.Fatal(err)
	}
	h := sp.History
	if h == nil {
		t.Fatal("no 历年达标情况")
	}
	want := "2024年 | 未达标 | 6 | 1 | 0 | 骨干教师\n2023年 | 达标 | 6 | 1 | 0 | 骨干教师"
	if got := strings.Join(rowTexts(h.Table), "\n"); got != want {
		t.Fatalf("rows:\n%s\nwant:\n%s", got, want)
	}
	if sub := h.Table.Rows[0][5].Sub; sub != "低于底线" {
		t.Errorf("2024's indicator below the floor says %q, want 低于底线", sub)
	}
	if sub := h.Table.Rows[1][5].Sub; sub != "" {
		t.Errorf("2023's indicator above the floor says %q", sub)
	}
	// The newest year, shown in full, says it in its lead.
	if lead, want := sp.Years[0].Parts[0].Lead, "7 项指标中 6 项达到标准，骨干教师低于底线（标准的 85%）。"; !strings.HasSuffix(lead, want) {
		t.Errorf("2024's lead %q, want it to end %q", lead, want)
	}
	if rule := "学校达标：7 项指标中至少 6 项达到标准，且没有一项低于底线（标准的 85%）。"; !strings.Contains(h.Table.Note, rule) {
		t.Errorf("note %q does not give the rule %q", h.Table.Note, rule)
	}
}

// TestSchoolTablesFloor: in the county's tables of schools, two schools
// that each meet six indicators get opposite verdicts because one is below
// the floor; both tables (all schools, and the short one of the schools
// that do not pass) mark that indicator's shortfall, and their notes give
// the rule.
func TestSchoolTablesFloor(t *testing.T) {
	cfg, theme := testSite(t)
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}}
	for i, backbone := range []float64{0.9, 0.8} { // 90% and 80% of the standard 1.0
		in.Parts = append(in.Parts, indicators.SchoolPart{SchoolID: strconv.Itoa(i + 1), SchoolName: "学校" + strconv.Itoa(i+1), Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
			QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(backbone), PEArtTeachers: indicators.Given(1),
			TeachingArea: indicators.Given(600), SportsArea: indicators.Given(1100), EquipmentValue: indicators.Given(260000),
			MultimediaRooms: indicators.Given(3)})
	}
	s := sentenceSite(t, cfg, theme, []indicators.Input{in})
	u := s.units[0]
	lr := levelsOf(u.report())[0]
	rule := "学校达标：7 项指标中至少 6 项达到标准，且没有一项低于底线（标准的 85%）。"

	full := s.schoolTable(u, lr, lr.Schools)
	got := map[string]string{}
	for _, row := range full.Rows {
		got[row[0].Text+" "+row[len(row)-2].Text] = row[len(row)-1].Text
	}
	if want := map[string]string{"学校1 达标": "骨干教师 1\u00a0人", "学校2 未达标": "骨干教师 1\u00a0人（低于底线）"}; !maps.Equal(got, want) {
		t.Errorf("full table: the shortfalls say %q, want %q", got, want)
	}
	if !strings.Contains(full.Note, rule) {
		t.Errorf("full table's note %q does not give the rule", full.Note)
	}

	ls := &LevelSection{Schools: full}
	s.shortSchoolTable(u, lr, ls)
	if got, want := rowTexts(ls.Schools), "学校2 | 城区 | 6/7 | 未达标 | 骨干教师 1\u00a0人（低于底线）"; len(got) != 1 || got[0] != want {
		t.Errorf("short table rows %q, want %q", got, want)
	}
	if !strings.Contains(ls.Schools.Note, rule) {
		t.Errorf("short table's note %q does not give the rule", ls.Schools.Note)
	}
}

// TestSchoolVerdictWords: a school part whose verdict a figure not given
// leaves open reads the same wherever its verdict is shown — the county's
// table of schools, the list of schools and its own page: 暂不能判定, not
// the 未提供 of a single figure.
func TestSchoolVerdictWords(t *testing.T) {
	cfg, theme := testSite(t)
	p := indicators.SchoolPart{SchoolID: "8", SchoolName: "学校8", Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
		QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(1.2), PEArtTeachers: indicators.Given(1),
		TeachingArea: indicators.Given(600), SportsArea: indicators.Missing, EquipmentValue: indicators.Given(260000),
		MultimediaRooms: indicators.Given(3)}
	s := sentenceSite(t, cfg, theme, []indicators.Input{{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{p}}})
	u := s.units[0]
	lr := levelsOf(u.report())[0]
	if lr.Schools[0].Pass != nil {
		t.Fatalf("the part's verdict is %v, want open", *lr.Schools[0].Pass)
	}
	row := s.schoolTable(u, lr, lr.Schools).Rows[0]
	list := s.schoolList([]string{"8"}, "/schools/", "学校名录", "学校名录", 1, 1).Table.Rows[0]
	sp, err := s.schoolPage(s.schools["8"])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"county table": row[len(row)-2].Text,
		"list":         list[len(list)-1].Text,
		"school page":  sp.Years[0].Parts[0].Verdict.Status,
	}
	want := map[string]string{"county table": "暂不能判定", "list": "小学 暂不能判定", "school page": "暂不能判定"}
	if !maps.Equal(got, want) {
		t.Errorf("verdicts %v, want %v", got, want)
	}
}

// TestSchoolTrendChartComparesTheEnds: a school's trend chart draws what
// its title compares — the first year and the last, two bars an indicator
// in two colours a reader can tell apart — and leaves the years between to
// its table, which lists every year.
func TestSchoolTrendChartComparesTheEnds(t *testing.T) {
	s := historySite(t)
	sp, err := s.schoolPage(s.schools["1"])
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Trends) != 1 {
		t.Fatalf("%d trend charts", len(sp.Trends))
	}
	c := sp.Trends[0]
	if !strings.Contains(c.Title, "2021年—2024年") {
		t.Errorf("title %q", c.Title)
	}
	svg := string(c.SVG())
	var series []string
	for _, m := range regexp.MustCompile(`data-s="([^"]+)"`).FindAllStringSubmatch(svg, -1) {
		series = append(series, m[1])
	}
	if got := strings.Join(series, " "); got != "2021年 2024年" || strings.Count(svg, `class="bar"`) != 14 {
		t.Errorf("series %q, %d bars; want 2021年 and 2024年, seven bars each", got, strings.Count(svg, `class="bar"`))
	}
	var years []string
	for _, h := range c.Table.Head[2:] {
		years = append(years, h.Text)
	}
	if got := strings.Join(years, " "); got != "标准 2021年 2023年 2024年" {
		t.Errorf("the table's columns %q, want the standard and every year", got)
	}
	// The shares of the standard the chart draws are in the table: under
	// the first year's value and the last's, not the years between. The
	// number keeps its 倍 (a no-break space): on paper a narrow column
	// left 倍 alone on a line.
	row := c.Table.Rows[0] // 高学历教师: 6 per 100 students, standard 4.2
	var subs []string
	for _, cell := range row[2:] {
		subs = append(subs, cell.Text+"|"+cell.Sub)
	}
	if got, want := strings.Join(subs, " "), "≥ 4.2| 6.00|为标准的 1.43\u00a0倍 6.00| 6.00|为标准的 1.43\u00a0倍"; got != want {
		t.Errorf("first row %q, want %q", got, want)
	}
}

// TestSchoolTrendTableWhenTheStandardChanged: when a year's standard
// differs, a single 标准 column would be wrong for some years, so the table
// has none and every year's value has its share of that year's standard.
func TestSchoolTrendTableWhenTheStandardChanged(t *testing.T) {
	cfg, theme := testSite(t)
	var reps []*indicators.Report
	var inputs []indicators.Input
	for _, y := range []int{2022, 2023, 2024} {
		in := indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{{
			SchoolID: "1", SchoolName: "学校1", Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
			QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(1.2), PEArtTeachers: indicators.Given(1),
			TeachingArea: indicators.Given(600), SportsArea: indicators.Given(1100), EquipmentValue: indicators.Given(260000),
			MultimediaRooms: indicators.Given(3)}}}
		std := indicators.DefaultStandards()
		if y == 2024 {
			std.Primary.QualifiedTeachers = 5 // a province's 实施细则 raised it
		}
		inputs = append(inputs, in)
		reps = append(reps, indicators.Compute(in, std))
	}
	sp := schoolPageOf(t, cfg, theme, inputs, reps, "1")
	tb := sp.Trends[0].Table
	var head []string
	for _, h := range tb.Head {
		head = append(head, h.Text)
	}
	if got := strings.Join(head, " "); got != "指标 单位 2022年 2023年 2024年" {
		t.Errorf("columns %q, want no 标准 column", got)
	}
	var subs []string
	for _, cell := range tb.Rows[0][2:] {
		subs = append(subs, cell.Sub)
	}
	if got, want := strings.Join(subs, " "), "为标准的 1.43\u00a0倍 为标准的 1.43\u00a0倍 为标准的 1.20\u00a0倍"; got != want {
		t.Errorf("shares %q, want %q", got, want)
	}
	if !strings.Contains(tb.Note, "当年标准") {
		t.Errorf("note %q does not say the shares are of each year's standard", tb.Note)
	}
}

// TestSchoolTrendChartSaysWhatIsMissing: a figure not given in the first or
// the last year is written 未提供 where its bar would be, not left blank.
func TestSchoolTrendChartSaysWhatIsMissing(t *testing.T) {
	cfg, theme := testSite(t)
	var inputs []indicators.Input
	for _, y := range []int{2022, 2024} {
		p := passingPart("1", indicators.Primary, 100)
		if y == 2024 {
			p.SportsArea = indicators.Missing
		}
		inputs = append(inputs, indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{p}})
	}
	s := sentenceSite(t, cfg, theme, inputs)
	sp, err := s.schoolPage(s.schools["1"])
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Trends) != 1 {
		t.Fatalf("%d trend charts", len(sp.Trends))
	}
	svg := string(sp.Trends[0].SVG())
	if !strings.Contains(svg, ">未提供<") || !strings.Contains(svg, "体育运动场馆 · 2024年：未提供") {
		t.Errorf("the trend chart does not say 2024's 体育运动场馆 is 未提供: %s", svg)
	}
}

// TestTrendCVChartComparesTheEnds: the trends page's 差异系数 chart, like a
// school's trend, draws the first and the last year, and its table every
// year.
func TestTrendCVChartComparesTheEnds(t *testing.T) {
	s := historySite(t)
	if len(s.trends) != 1 {
		t.Fatalf("%d trend sets", len(s.trends))
	}
	tp, err := s.trendPage(s.trends[0])
	if err != nil {
		t.Fatal(err)
	}
	c := tp.Levels[0].CV
	svg := string(c.SVG())
	var series []string
	for _, m := range regexp.MustCompile(`data-s="([^"]+)"`).FindAllStringSubmatch(svg, -1) {
		series = append(series, m[1])
	}
	var years []string
	for _, h := range c.Table.Head[1 : len(c.Table.Head)-1] {
		years = append(years, h.Text)
	}
	if got := strings.Join(series, " "); got != "2021年 2024年" || strings.Join(years, " ") != "2021年 2022年 2023年 2024年" {
		t.Errorf("chart of %q, table of %q; want the chart of 2021年 and 2024年, the table of every year", got, years)
	}
	// The line is the 限值 its subtitle and its table name, not a 标准.
	if col := c.Table.Head[len(c.Table.Head)-1].Text; !strings.Contains(svg, ">"+col+" ≤ 0.50<") || strings.Contains(svg, ">标准 ≤") {
		t.Errorf("the 差异系数 chart's line is not labelled %s ≤ 0.50", col)
	}
}

// schoolPageOf builds a site of reps (computed from inputs) and returns the
// page of school id.
func schoolPageOf(t *testing.T, cfg *config.Site, theme *render.Theme, inputs []indicators.Input, reps []*indicators.Report, id string) *SchoolPage {
	t.Helper()
	s, err := New(Options{Site: cfg, Theme: theme, Layout: layout.NewData(inputs), Reports: reps})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := s.schoolPage(s.schools[id])
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// TestRoundedBelowIsExplained: a figure just below its standard (0.998
// teachers per 100 students against ≥ 1.0) is shown rounded as 1.00 with a
// ↓ and 未达标; every table that shows it so says that the verdict goes by
// the figure before rounding, and a table without such a figure does not.
func TestRoundedBelowIsExplained(t *testing.T) {
	cfg, theme := testSite(t)
	var inputs []indicators.Input
	var reps []*indicators.Report
	for _, y := range []int{2023, 2024} {
		in := indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}}
		for _, id := range []string{"1", "2"} {
			p := indicators.SchoolPart{SchoolID: id, SchoolName: "学校" + id, Level: indicators.Primary, UrbanRuralCode: 111, Students: 501,
				QualifiedTeachers: indicators.Given(30), BackboneTeachers: indicators.Given(6), PEArtTeachers: indicators.Given(5),
				TeachingArea: indicators.Given(3000), SportsArea: indicators.Given(5000), EquipmentValue: indicators.Given(1300000),
				MultimediaRooms: indicators.Given(15)}
			if id == "1" {
				p.BackboneTeachers = indicators.Given(5) // 0.998 per 100 students
			}
			in.Parts = append(in.Parts, p)
		}
		inputs = append(inputs, in)
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
	}
	s, err := New(Options{Site: cfg, Theme: theme, Layout: layout.NewData(inputs), Reports: reps})
	if err != nil {
		t.Fatal(err)
	}
	rounded := s.t.s("rpt_note_rounded")
	note := func(tb *Table) string {
		html := string(s.Table(tb))
		return html[strings.Index(html, `<p class="table-note">`):]
	}
	sp, err := s.schoolPage(s.schools["1"])
	if err != nil {
		t.Fatal(err)
	}
	year := sp.Years[0].Parts[0].Chart.Table
	if row := year.Rows[1]; row[2].Text != "1.00" || !row[2].Below || row[4].Text != "1.00" {
		t.Fatalf("骨干教师 row %+v, want 1.00 ↓, share 1.00", row)
	}
	u := s.detailed(s.units[len(s.units)-1])
	ip, err := s.indicatorPage(u, u.report().Levels.Get(indicators.Primary), indicators.BackboneTeachers)
	if err != nil {
		t.Fatal(err)
	}
	for what, tb := range map[string]*Table{"the year's table": year, "the trend table": sp.Trends[0].Table, "the ranking": ip.Chart.Table} {
		if !strings.Contains(note(tb), rounded) {
			t.Errorf("%s does not explain 1.00 ↓: %s", what, note(tb))
		}
	}
	other, err := s.schoolPage(s.schools["2"])
	if err != nil {
		t.Fatal(err)
	}
	if n := note(other.Years[0].Parts[0].Chart.Table); strings.Contains(n, rounded) {
		t.Errorf("a school without such a figure explains it: %s", n)
	}
}

// TestSchoolTrendTitleCountsWhatTheTableShows: a value that rose from 6.42
// to 6.43 rose, as the table shows, though both are 1.53 of the standard
// (4.2) in the chart.
func TestSchoolTrendTitleCountsWhatTheTableShows(t *testing.T) {
	cfg, theme := testSite(t)
	var inputs []indicators.Input
	var reps []*indicators.Report
	for _, y := range []int{2023, 2024} {
		p := passingPart("1", indicators.Primary, 100)
		p.QualifiedTeachers = indicators.Given(6.42)
		if y == 2024 {
			p.QualifiedTeachers = indicators.Given(6.43)
		}
		in := indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{p}}
		inputs = append(inputs, in)
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
	}
	sp := schoolPageOf(t, cfg, theme, inputs, reps, "1")
	c := sp.Trends[0]
	if row := c.Table.Rows[0]; row[3].Text != "6.42" || row[4].Text != "6.43" {
		t.Fatalf("高学历教师 %s → %s, want 6.42 → 6.43", row[3].Text, row[4].Text)
	}
	if !strings.Contains(c.Title, "7项指标中1项提高") {
		t.Errorf("title %q, want 1 of 7 risen", c.Title)
	}
	// None risen: said so, not "7项指标中0项提高".
	inputs[1].Parts[0].QualifiedTeachers = indicators.Given(6.42)
	reps[1] = indicators.Compute(inputs[1], indicators.DefaultStandards())
	if c := schoolPageOf(t, cfg, theme, inputs, reps, "1").Trends[0]; !strings.HasSuffix(c.Title, "：7项指标均未提高") {
		t.Errorf("title %q, want 7项指标均未提高", c.Title)
	}
}

// TestSchoolHistoryGivesWhyAPartIsLeftOut: a part left out of the
// computation says why under 未纳入计算, not in the column of the
// indicators below the standard.
func TestSchoolHistoryGivesWhyAPartIsLeftOut(t *testing.T) {
	s := historySite(t)
	sp, err := s.schoolPage(s.schools["1"]) // its junior part of 2024 has no students
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, row := range sp.History.Table.Rows {
		for i, c := range row {
			if c.Text != "未纳入计算" {
				continue
			}
			found = true
			if c.Sub == "" || row[len(row)-1].Text != "—" || i == len(row)-1 {
				t.Errorf("left-out row: status %q (why %q), last column %q", c.Text, c.Sub, row[len(row)-1].Text)
			}
		}
	}
	if !found {
		t.Fatal("no part left out in the history")
	}
}

// passingPart is a part of school id, of students students, that meets
// every standard.
func passingPart(id string, l indicators.Level, students int) indicators.SchoolPart {
	return indicators.SchoolPart{SchoolID: id, SchoolName: "学校" + id, Level: l, UrbanRuralCode: 111, Students: students,
		QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(1.2), PEArtTeachers: indicators.Given(1),
		TeachingArea: indicators.Given(600), SportsArea: indicators.Given(1100), EquipmentValue: indicators.Given(260000),
		MultimediaRooms: indicators.Given(3)}
}

// TestIndicatorTitleCountsTheMissing: when the schools that give a figure
// all meet the standard and another gives none, the title does not say
// 全部 of the ones it counted.
func TestIndicatorTitleCountsTheMissing(t *testing.T) {
	s, u := oneWithoutFigure(t, false)
	ip, err := s.indicatorPage(u, u.report().Levels.Get(indicators.Primary), indicators.MultimediaRooms)
	if err != nil {
		t.Fatal(err)
	}
	if want := "提供数据的2所小学网络多媒体教室均达到标准，另有1所未提供"; ip.Chart.Title != want {
		t.Errorf("title %q, want %q", ip.Chart.Title, want)
	}
}

// TestPassChartGivesNoShareWhileSomeCannotBeJudged: while a school cannot
// be judged, the pass share is 未提供 (as the table below says); the
// tooltip names the bar's figure as the share known to pass, not as the
// pass share: "0所达标（占0.0%）" for a group whose only school gives no
// figure read as all of them failing.
func TestPassChartGivesNoShareWhileSomeCannotBeJudged(t *testing.T) {
	s, u := oneWithoutFigure(t, true)
	c, err := s.passChart(u, u.report().Levels.Get(indicators.Primary), "c_pass")
	if err != nil {
		t.Fatal(err)
	}
	svg := string(c.SVG())
	if !strings.Contains(svg, "暂不能判定") {
		t.Fatalf("no tooltip names the school that cannot be judged: %s", svg)
	}
	if strings.Contains(svg, "达标（占") || !strings.Contains(svg, "1所暂不能判定（已确定达标的占0.0%）") {
		t.Errorf("a pass share while a school cannot be judged: %s", svg)
	}
}

// oneWithoutFigure is a county of three primary schools that meet every
// standard but the third, which gives no 网络多媒体教室 figure; rural puts
// the third alone in 乡村. It returns the site and the county's year.
func oneWithoutFigure(t *testing.T, rural bool) (*Site, *unit) {
	t.Helper()
	cfg, theme := testSite(t)
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}}
	for _, id := range []string{"1", "2", "3"} {
		p := passingPart(id, indicators.Primary, 100)
		if id == "3" {
			p.MultimediaRooms = indicators.Missing
			if rural {
				p.UrbanRuralCode = 220
			}
		}
		in.Parts = append(in.Parts, p)
	}
	s := sentenceSite(t, cfg, theme, []indicators.Input{in})
	return s, s.detailed(s.units[0])
}

// TestUnmetItemsCountSchoolsThatFail: a county whose 差异系数 and other
// items are all met but one of whose schools fails has an unmet item, not
// 0: it has not passed (资源配置 asks every school to pass).
func TestUnmetItemsCountSchoolsThatFail(t *testing.T) {
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}}
	failing := passingPart("2", indicators.Primary, 100)
	failing.BackboneTeachers = indicators.Given(0.5) // half the standard: below the floor
	in.Parts = append(in.Parts, passingPart("1", indicators.Primary, 100), failing)
	r := indicators.Compute(in, indicators.DefaultStandards())
	for _, ir := range r.Levels.Get(indicators.Primary).Indicators {
		if ir.CVPass != nil && !*ir.CVPass {
			t.Fatalf("a 差异系数 over its limit: %+v", ir)
		}
	}
	if got := unmetItems(r); got != 1 {
		t.Errorf("%d unmet items, want 1 (the primary schools)", got)
	}
}

// TestGroupPanelsNameEveryBar: in the small multiple of a level's 城乡
// groups, three bars of close values (2,604, 2,370, 2,295 元/生 in a panel
// a third of the chart wide) each have their number: the middle one, which
// would touch its taller neighbour's, stands above it, below the panel's
// title, rather than being left out.
func TestGroupPanelsNameEveryBar(t *testing.T) {
	cfg, theme := testSite(t)
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}}
	for i, g := range []struct {
		code  int
		value float64
	}{{111, 260416}, {121, 237028}, {220, 229536}} {
		p := passingPart(strconv.Itoa(i+1), indicators.Primary, 100)
		p.UrbanRuralCode, p.EquipmentValue = g.code, indicators.Given(g.value)
		in.Parts = append(in.Parts, p)
	}
	s := sentenceSite(t, cfg, theme, []indicators.Input{in})
	yp, err := s.yearPage(s.detailed(s.units[0]))
	if err != nil {
		t.Fatal(err)
	}
	svg := string(yp.Levels[0].Groups.SVG())
	i := strings.Index(svg, "教学仪器设备：")
	if i < 0 {
		t.Fatalf("no 教学仪器设备 panel: %s", svg)
	}
	panel := svg[i:]
	if j := strings.Index(panel[1:], `class="pt"`); j > 0 {
		panel = panel[:j]
	}
	for _, want := range []string{">2,604<", ">2,370<", ">2,295<"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the panel lacks %s: %s", want, panel)
		}
	}
}
