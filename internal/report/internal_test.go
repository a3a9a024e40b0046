package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/themes"
)

// builtinTheme is the built-in theme's files.
func builtinTheme(t testing.TB) *themes.Files {
	t.Helper()
	f, ds := themes.Read(nil, "", "")
	if f == nil {
		t.Fatal(ds)
	}
	return f
}

func testSite(t testing.TB) (*config.Site, *render.Theme) {
	t.Helper()
	theme, ds := render.NewTheme(builtinTheme(t))
	if theme == nil {
		t.Fatal(ds)
	}
	return &config.Site{Title: "测试", BaseURL: "https://example.gov.cn/", BasePath: "/", Language: "zh-CN", Standards: indicators.DefaultStandards()}, theme
}

func tinyReport() *indicators.Report {
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{{
		SchoolID: "1", SchoolName: "一小", Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
		QualifiedTeachers: indicators.Given(5), BackboneTeachers: indicators.Given(1), PEArtTeachers: indicators.Given(1),
		TeachingArea: indicators.Given(500), SportsArea: indicators.Given(800), EquipmentValue: indicators.Given(250000),
		MultimediaRooms: indicators.Given(3),
	}}}
	return indicators.Compute(in, indicators.DefaultStandards())
}

func TestChartID(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  string
	}{
		{[]string{"primary", "groups", "backbone_teachers"}, "c_primary_groups_backbone_teachers"},
		{[]string{"2024", "150101"}, "c_2024_150101"},
		{[]string{"a-b", "</script>"}, "c_ax2db_x3cx2fscriptx3e"},
		{[]string{"县"}, "c_x53bf"},
	} {
		if got := ChartID(c.parts...); got != c.want {
			t.Errorf("ChartID(%q) = %q, want %q", c.parts, got, c.want)
		}
	}
	ids := ids{}
	if a, b := ids.next("x"), ids.next("x"); a == b {
		t.Errorf("two charts got the id %q", a)
	}
}

// TestOptionEscaping: the option JSON escapes what could end a <script> or a
// JavaScript string, and keeps every string as written.
func TestOptionEscaping(t *testing.T) {
	const name = "</script><script>alert(1)</script>\"'&__f__\u2028\u2029"
	site, theme := testSite(t)
	r := tinyReport()
	r.Levels.Primary.Schools[0].SchoolName = name
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{r}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Pages() {
		ip, ok := pageData(t, p).(*IndicatorPage)
		if !ok {
			continue
		}
		js := string(ip.Chart.Option)
		for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
			if strings.Contains(js, bad) {
				t.Fatalf("option holds %q unescaped", bad)
			}
		}
		if !strings.Contains(js, `\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\"'\u0026__f__\u2028\u2029`) {
			t.Fatalf("option lacks the escaped name: %s", js)
		}
		return
	}
	t.Fatal("no indicator page")
}

// bigReport is a county of n primary school parts, a third of them far
// under the thresholds.
func bigReport(n int) *indicators.Report {
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "大县", Code: "150001"}}
	codes := []int{111, 121, 220}
	for i := 0; i < n; i++ {
		f := 1.0
		if i%3 == 2 {
			f = 0.5
		}
		in.Parts = append(in.Parts, indicators.SchoolPart{
			SchoolID: strconv.Itoa(1000 + i), SchoolName: "学校" + strconv.Itoa(i), Level: indicators.Primary, UrbanRuralCode: codes[i%3], Students: 500,
			QualifiedTeachers: indicators.Given(25 * f), BackboneTeachers: indicators.Given(6 * f), PEArtTeachers: indicators.Given(5 * f),
			TeachingArea: indicators.Given(2500 * f), SportsArea: indicators.Given(4000 * f), EquipmentValue: indicators.Given(1200000 * f),
			MultimediaRooms: indicators.Given(13 * f),
		})
	}
	return indicators.Compute(in, indicators.DefaultStandards())
}

// TestYearReportScales: the year report of a county of 60 primary school
// parts has one small-multiples chart for the seven indicators, lists only
// the parts that fail (at most InlineSchools), and the level's page lists
// them all.
func TestYearReportScales(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{bigReport(60)}})
	if err != nil {
		t.Fatal(err)
	}
	var year *YearPage
	var level []*ListPage // the level's list, page by page
	for _, p := range s.Pages() {
		switch d := pageData(t, p).(type) {
		case *YearPage:
			year = d
		case *ListPage:
			if strings.HasPrefix(p.Page.URL, layout.Level(layout.Year(2024), indicators.Primary)) {
				level = append(level, d)
			}
		}
	}
	if year == nil || len(level) == 0 {
		t.Fatalf("year page %v, level pages %d", year != nil, len(level))
	}
	ls := year.Levels[0]
	var opt struct {
		Title  []map[string]any
		Grid   []any
		Series []struct {
			Data     []any
			MarkLine struct{ Data []any }
		}
		Gongkai struct{ Decimals int }
	}
	if err := json.Unmarshal([]byte(ls.Groups.Option), &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Grid) != 7 || len(opt.Title) != 8 || len(opt.Series) != 7 || opt.Gongkai.Decimals != ValueDecimals {
		t.Errorf("groups chart: %d grids, %d titles, %d series, decimals %d", len(opt.Grid), len(opt.Title), len(opt.Series), opt.Gongkai.Decimals)
	}
	for _, se := range opt.Series {
		if len(se.MarkLine.Data) != 1 {
			t.Errorf("a panel without its 标准 line")
		}
		// Every value is given: plain numbers, printed by the series'
		// templates, with no label or tooltip of their own.
		for _, d := range se.Data {
			if _, ok := d.(float64); !ok {
				t.Errorf("a data item %v is not a plain number", d)
			}
		}
	}
	if n := len(ls.Groups.Table.Rows); n != 7 {
		t.Errorf("groups table: %d rows, want 7", n)
	}
	if ls.Schools == nil || len(ls.Schools.Rows) == 0 || len(ls.Schools.Rows) > InlineSchools || ls.SchoolsNote == "" {
		t.Fatalf("inline school table: %+v, note %q", ls.Schools, ls.SchoolsNote)
	}
	for _, r := range ls.Schools.Rows {
		if r[3].Status != "bad" {
			t.Errorf("the inline table lists %s, which passes", r[0].Text)
		}
	}
	n := 0
	for _, lp := range level {
		n += len(lp.Table.Rows)
	}
	if n != 60 || len(level) != 2 {
		t.Errorf("level pages: %d rows on %d pages, want 60 on 2", n, len(level))
	}
	if ls.AllSchools.URL != layout.Level(layout.Year(2024), indicators.Primary) {
		t.Errorf("the year report links %q for all schools", ls.AllSchools.URL)
	}
}

// pageData is a page's data, made as its render job makes it.
func pageData(t testing.TB, p render.ExtraPage) any {
	t.Helper()
	if p.Make == nil {
		return p.Data
	}
	d, err := p.Make(&p.Page)
	if err != nil {
		t.Fatalf("%s: %v", p.Page.URL, err)
	}
	return d
}

// optionSamples are JSON texts for the option codec: the options of every
// chart of a small report, and odd ones.
func optionSamples(t testing.TB) [][]byte {
	site, theme := testSite(t)
	r := tinyReport()
	r.Levels.Primary.Schools[0].SchoolName = "</script>\"'&__f__\u2028\u2029\x01\t\\é𝄞"
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{r, bigReport(30)}})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, p := range s.Pages() {
		d := pageData(t, p)
		b, _ := json.Marshal(d) // every Chart's Option, as a JSON string
		for _, m := range regexp.MustCompile(`"Option":"((?:[^"\\]|\\.)*)"`).FindAllSubmatch(b, -1) {
			var js string
			if err := json.Unmarshal([]byte(`"`+string(m[1])+`"`), &js); err != nil {
				t.Fatal(err)
			}
			out = append(out, []byte(js))
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d chart options", len(out))
	}
	return append(out,
		[]byte(`{"a":[1,-2.5e+3,0.001,null,true,false,"x\u00e9\ud834\udd1e\n\"\\\/"],"b":{},"c":[],"d":{"z":1,"a":{"y":[{}]}},"a":"dup"}`),
		[]byte(`{"lone":"\ud800","bad":"\xff"}`),
	)
}

// TestOptionJSONMatchesEncodingJSON: the option codec decodes to the same
// values as encoding/json (UseNumber) and encodes to the same bytes as
// json.Marshal, on real chart options and odd JSON.
func TestOptionJSONMatchesEncodingJSON(t *testing.T) {
	for _, b := range optionSamples(t) {
		checkOptionJSON(t, b)
	}
	// Values the patches add, of types the codec writes itself or hands on.
	m := map[string]any{"n": 3, "f": 0.5, "s": []string{"<b>"}, "m": map[string]any{"x": json.Number("")}, "t": map[string]int{"b": 1, "a": 2}}
	got, err := appendOption(nil, m)
	want, _ := json.Marshal(m)
	if err != nil || string(got) != string(want) {
		t.Errorf("appendOption = %s, %v; json.Marshal = %s", got, err, want)
	}
}

func checkOptionJSON(t *testing.T, b []byte) {
	t.Helper()
	var want map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	wantErr := dec.Decode(&want)
	got, err := decodeOption(b)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: decode error %v, encoding/json %v", b, err, wantErr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded\n%#v\nencoding/json\n%#v", b, got, want)
	}
	gotB, err := appendOption(nil, got)
	wantB, wantErr := json.Marshal(want)
	if (err != nil) != (wantErr != nil) || string(gotB) != string(wantB) {
		t.Fatalf("%q: encoded\n%s (%v)\njson.Marshal\n%s (%v)", b, gotB, err, wantB, wantErr)
	}
}

func FuzzOptionJSON(f *testing.F) {
	for _, b := range optionSamples(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkOptionJSON(t, b)
	})
}

// TestGroupTitlesDoNotSayAllWhenOneIsMissing: a chart of 城区, 镇区 and
// 乡村 whose 乡村 value was not given does not say that all meet the
// standard ("均" right after the indicator): it names the groups that do,
// then the one not given.
func TestGroupTitlesDoNotSayAllWhenOneIsMissing(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{tinyReport()}})
	if err != nil {
		t.Fatal(err)
	}
	ir := &indicators.IndicatorResult{Threshold: 2.3, Groups: map[indicators.Group]*indicators.GroupResult{
		indicators.Urban: {Value: indicators.Given(2.6), Schools: 3},
		indicators.Town:  {Value: indicators.Given(2.5), Schools: 2},
		indicators.Rural: {Value: indicators.Missing, Schools: 4},
	}}
	for _, got := range []string{s.panelTitle("网络多媒体教室", ir), s.groupsTitle("小学", "网络多媒体教室", ir)} {
		if strings.Contains(got, "：均") || strings.Contains(got, "室均") || !strings.Contains(got, "城区、镇区") || !strings.Contains(got, "乡村未提供") {
			t.Errorf("title %q: want 城区、镇区 达到标准, 乡村未提供", got)
		}
	}
	ir.Groups[indicators.Town].Value = indicators.Given(8)
	for _, got := range []string{s.panelTitle("网络多媒体教室", ir), s.groupsTitle("小学", "网络多媒体教室", ir)} {
		if strings.Contains(got, "：均") || strings.Contains(got, "室均") || !strings.Contains(got, "城区、镇区达标") || !strings.Contains(got, "明显低于") || !strings.Contains(got, "乡村未提供") {
			t.Errorf("title %q: want 城区、镇区达标, the gap between them, 乡村未提供", got)
		}
	}
}

// TestTrendSaysSteadyOnlyWhenItWas: a figure equal in the first and the
// last year is "保持在" only when it was so every year; one that moved in
// between is said to be the same in those two years.
func TestTrendSaysSteadyOnlyWhenItWas(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{tinyReport()}})
	if err != nil {
		t.Fatal(err)
	}
	units := func(vals ...float64) []*unit {
		var us []*unit
		for i, v := range vals {
			lr := &indicators.LevelReport{Indicators: map[indicators.Indicator]*indicators.IndicatorResult{
				indicators.BackboneTeachers: {Threshold: 1, Value: indicators.Given(v)},
			}}
			us = append(us, &unit{year: 2022 + i, sum: &indicators.Report{Levels: indicators.LevelReports{Primary: lr}}})
		}
		return us
	}
	for _, c := range []struct {
		vals []float64
		want string
	}{
		{[]float64{1.5, 1.5, 1.5}, "全县保持在1.50"},
		{[]float64{1.5, 1.9, 1.5}, "全县2022年与2024年同为1.50"},
	} {
		key, args, _ := s.trendFinding(indicators.Primary, indicators.BackboneTeachers, units(c.vals...))
		if got := s.t.f("rpt_pt_"+key, args...); got != c.want {
			t.Errorf("%v: %q, want %q", c.vals, got, c.want)
		}
	}

	// The share of schools that pass: 7 of 8, then 8 of 8, then 7 of 8.
	passing := func(passes ...int) []*unit {
		var us []*unit
		for i, n := range passes {
			lr := &indicators.LevelReport{Indicators: map[indicators.Indicator]*indicators.IndicatorResult{}}
			for k := range 8 {
				p := k < n
				lr.Schools = append(lr.Schools, indicators.SchoolResult{Group: indicators.Urban, Pass: &p})
			}
			us = append(us, &unit{year: 2022 + i, sum: &indicators.Report{Levels: indicators.LevelReports{Primary: lr}}})
		}
		return us
	}
	for _, c := range []struct {
		passes []int
		want   string
	}{
		{[]int{7, 7, 7}, "小学达标学校比例保持在87.5%"},
		{[]int{7, 8, 7}, "小学达标学校比例2022年与2024年同为87.5%"},
	} {
		us := passing(c.passes...)
		ch, err := s.trendPassChart(&trendSet{units: us}, indicators.Primary, us, "c")
		if err != nil {
			t.Fatal(err)
		}
		if ch.Title != c.want {
			t.Errorf("%v: %q, want %q", c.passes, ch.Title, c.want)
		}
	}
}

// TestGroupWithoutSchoolsIsLeftOut: a district with 城区 and 镇区 schools and
// no 乡村 school compares the two it has — in the panels, their table and the
// pass chart — and says once that it has no 乡村 school, rather than draw
// 无学校 in every panel and a column of dashes; 镇区 keeps its colour.
func TestGroupWithoutSchoolsIsLeftOut(t *testing.T) {
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "城关区", Code: "150002"}}
	for i := 0; i < 6; i++ {
		code := 111
		if i == 5 {
			code = 121
		}
		in.Parts = append(in.Parts, indicators.SchoolPart{
			SchoolID: strconv.Itoa(2000 + i), SchoolName: "学校" + strconv.Itoa(i), Level: indicators.Primary, UrbanRuralCode: code, Students: 500,
			QualifiedTeachers: indicators.Given(25), BackboneTeachers: indicators.Given(6), PEArtTeachers: indicators.Given(5),
			TeachingArea: indicators.Given(2500), SportsArea: indicators.Given(4000), EquipmentValue: indicators.Given(1200000),
			MultimediaRooms: indicators.Given(13),
		})
	}
	_, year := yearPageOf(t, indicators.Compute(in, indicators.DefaultStandards()))
	ls := year.Levels[0]
	for _, c := range []*Chart{ls.Groups, ls.Pass} {
		svg := string(c.SVG())
		if strings.Contains(svg, "无学校") || strings.Contains(svg, ">乡村<") {
			t.Errorf("%s draws 乡村, which has no school", c.ID)
		}
		// 镇区 is drawn in 镇区's pattern (the second), not 城区's.
		if !strings.Contains(svg, `fill="url(#`+c.ID+`_d1)"`) {
			t.Errorf("%s: 镇区 lost its colour", c.ID)
		}
		for _, col := range c.Table.Head {
			if strings.Contains(col.Text, "乡村") {
				t.Errorf("%s: table column %q", c.ID, col.Text)
			}
		}
		for _, row := range c.Table.Rows {
			if strings.Contains(row[0].Text, "乡村") {
				t.Errorf("%s: table row %q", c.ID, row[0].Text)
			}
		}
	}
	if want := "城区5所、镇区1所学校，没有乡村学校"; !strings.Contains(ls.Groups.Subtitle, want) {
		t.Errorf("panels subtitle %q lacks %q", ls.Groups.Subtitle, want)
	}
	if want := "（二）城区、镇区比较"; ls.GroupsHeading != want {
		t.Errorf("heading %q, want %q", ls.GroupsHeading, want)
	}
	if want := "城区、镇区比较"; !strings.Contains(ls.Groups.Table.Caption, want) {
		t.Errorf("panels caption %q lacks %q", ls.Groups.Table.Caption, want)
	}
	if strings.Contains(ls.Groups.Table.Note, "乡村") {
		t.Errorf("panels note %q explains a 乡村 column it does not have", ls.Groups.Table.Note)
	}
	if len(ls.Groups.Table.Head) != 6 { // 指标, 单位, the total, 城区, 镇区, 标准
		t.Errorf("panels table: %d columns", len(ls.Groups.Table.Head))
	}
}

// TestDistrictIsNamedWhole: the pages of a 区 name the whole district 全区,
// of a county-level 市 全市, of a 旗 全旗, of a 县 全县 — in the pass chart,
// the indicator table and its note, and an indicator page's facts.
func TestDistrictIsNamedWhole(t *testing.T) {
	for _, c := range []struct{ name, whole string }{{"城关区", "全区"}, {"岭南市", "全市"}, {"科右旗", "全旗"}, {"测试县", "全县"}} {
		rep := bigReport(9)
		rep.County.Name = c.name
		site, theme := testSite(t)
		s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{rep}})
		if err != nil {
			t.Fatal(err)
		}
		var year *YearPage
		var ind *IndicatorPage
		for _, p := range s.Pages() {
			switch d := pageData(t, p).(type) {
			case *YearPage:
				year = d
			case *IndicatorPage:
				ind = d
			}
		}
		if year == nil || ind == nil {
			t.Fatalf("%s: year page %v, indicator page %v", c.name, year != nil, ind != nil)
		}
		ls := year.Levels[0]
		var saw []string
		for _, row := range ls.Pass.Table.Rows {
			saw = append(saw, row[0].Text)
		}
		if !slices.Contains(saw, c.whole) {
			t.Errorf("%s: pass table rows %q, want one for %s", c.name, saw, c.whole)
		}
		var heads []string
		for _, col := range ls.CV.Table.Head {
			heads = append(heads, col.Text)
		}
		if !slices.Contains(heads, c.whole) {
			t.Errorf("%s: indicator table columns %q, want %s", c.name, heads, c.whole)
		}
		if want := "除以" + c.whole + "指标值"; !strings.Contains(ls.CV.Table.Note, want) {
			t.Errorf("%s: indicator table note %q lacks %q", c.name, ls.CV.Table.Note, want)
		}
		var labels []string
		for _, f := range ind.Lead {
			labels = append(labels, f.Label)
		}
		if !slices.Contains(labels, c.whole) {
			t.Errorf("%s: indicator page facts %q, want %s", c.name, labels, c.whole)
		}
		for _, other := range []string{"全区", "全旗", "全县"} {
			if other != c.whole && (slices.Contains(saw, other) || slices.Contains(heads, other) || slices.Contains(labels, other)) {
				t.Errorf("%s: names the whole %s", c.name, other)
			}
		}
	}
}

// TestReportedFiguresNameTheirSource: the 政府保障程度, 教育质量 and 社会认可度
// tables say where their figures come from — the county's report, not the
// school statistics — and offer only the download that holds them.
func TestReportedFiguresNameTheirSource(t *testing.T) {
	s, year := yearPageOf(t, tinyReport())
	caption := func(tb *Table) string {
		html := string(s.Table(tb))
		return html[strings.Index(html, "<caption"):strings.Index(html, "</caption>")]
	}
	// The 社会认可度 table, of the same source as the 教育质量 table above
	// it, says so (sourcesOnce).
	if c := caption(year.Recognize.Table); !strings.Contains(c, `同<a href="#`+year.Quality.Table.ID+`-cap">上表</a>`) {
		t.Errorf("%s: %s", year.Recognize.Table.ID, c)
	}
	for _, sec := range []*Section{year.Quality} {
		c := caption(sec.Table)
		if !strings.Contains(c, "数据来源：测试县报送的2024年度数据") || strings.Contains(c, "教育事业统计") || strings.Contains(c, "schools.csv") || !strings.Contains(c, "indicators.json") {
			t.Errorf("%s: %s", sec.Table.ID, c)
		}
	}
	c := caption(year.Assurance.Table)
	if !strings.Contains(c, "第3—5项") || !strings.Contains(c, "其余各项为测试县报送的2024年度数据") || !strings.Contains(c, "schools.csv") {
		t.Errorf("%s: %s", year.Assurance.Table.ID, c)
	}
}

// yearPageOf makes the site of one county-year's report and returns its
// year report.
func yearPageOf(t *testing.T, rep *indicators.Report) (*Site, *YearPage) {
	t.Helper()
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{rep}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Pages() {
		if d, ok := pageData(t, p).(*YearPage); ok {
			return s, d
		}
	}
	t.Fatal("no year page")
	return nil, nil
}

// TestPartEntry: a school part's entry gives back its unit, level, index,
// exclusion and verdict, up to the largest index a county's level can
// have (a county-year holds at most 99,999 rows: docs/security.md).
func TestPartEntry(t *testing.T) {
	for _, u := range []*unit{{idx: 0}, {idx: 7}, {idx: 59999}} {
		for _, l := range indicators.Levels {
			for _, idx := range []int{0, 1, 99998, 1<<20 + 3} {
				for _, excluded := range []bool{false, true} {
					for _, v := range []indicators.PartVerdict{indicators.PartOpen, indicators.PartPasses, indicators.PartFails} {
						e := newPartEntry(u, l, idx, excluded, v)
						var want *bool
						switch v {
						case indicators.PartPasses:
							want = &passYes
						case indicators.PartFails:
							want = &passNo
						}
						if int(e.unit) != u.idx || e.Level() != l || e.index() != idx || e.excluded() != excluded || e.passes() != want {
							t.Errorf("unit %d %s %d excluded %v verdict %d: got unit %d %s %d excluded %v passes %v", u.idx, l, idx, excluded, v, e.unit, e.Level(), e.index(), e.excluded(), e.passes())
						}
					}
				}
			}
		}
	}
}
