package report

import (
	"fmt"
	"html/template"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// markupTemplates parses testdata/markup.html, the templates markup.go
// replaces, with the functions they used.
func markupTemplates(t *testing.T, s *Site) *template.Template {
	t.Helper()
	src, err := os.ReadFile("testdata/markup.html")
	if err != nil {
		t.Fatal(err)
	}
	fm := s.templateFuncs()
	delete(fm, "reportChart")
	delete(fm, "reportTable")
	return template.Must(template.New("markup").Funcs(fm).Parse(string(src)))
}

// TestMarkupAsTemplates: the charts and tables written in Go are byte for
// byte what the templates they replace write: every chart and table of the
// data pages of two reports (one with notes, one large), and a table of
// hostile text, odd links and every kind of cell.
func TestMarkupAsTemplates(t *testing.T) {
	site, theme := testSite(t)
	site.BasePath = "/县/"
	small := tinyReport()
	small.Meta.Notes = "口径说明"
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{small, bigReport(40)}})
	if err != nil {
		t.Fatal(err)
	}
	ref := markupTemplates(t, s)
	check := func(what string, v any, got template.HTML) {
		t.Helper()
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, what, v); err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Fatalf("%s differs from the template:\n got %s\nwant %s", what, got, want.String())
		}
	}

	var charts, tables int
	for _, p := range s.Pages() {
		walkMarkup(reflect.ValueOf(pageData(t, p)), map[uintptr]bool{}, func(c *Chart) {
			charts++
			check("chart", c, s.Chart(c))
		}, func(tb *Table) {
			tables++
			check("datatable", tb, s.Table(tb))
		})
	}
	if charts < 20 || tables < 20 {
		t.Fatalf("only %d charts and %d tables checked", charts, tables)
	}

	const hostile = "</td><script>alert('x')</script> & \"q\" +1\x00é"
	cells := []Cell{
		{Text: "第一小学", Head: true, URL: layout.School("150000001")},
		{Text: hostile},
		{Text: "3,101.96", Num: true, Below: true, Sub: hostile},
		{Text: "达标", Status: "good"},
		{Text: hostile, Status: "<weird>"},
		{Text: "生均教学及辅助用房面积", Wide: true, URL: layout.Indicator(layout.Year(2024), indicators.Primary, indicators.TeachingArea)},
		{Text: "宽", Wide: true, Group: "rural", NoWrap: true},
		{Links: []Link{{Title: "CSV", URL: "data/2024/目录 (1).csv"}, {Title: hostile, URL: "javascript:alert(1)"}, {Title: "外部", URL: "https://example.org/a?b=1&c=%zz%41"}}},
		{Text: "跨行", Head: true, RowSpan: 3, Group: "urban"},
		{Text: "一", RowSpan: 1},
	}
	one := []Source{{Source: hostile, AsOf: "2024年9月30日", CSV: "data/2024/schools.csv", JSON: "data/2024/indicators.json", NotesURL: layout.Year(2024) + "#notes", HasNotes: true}}
	two := []Source{{YearLabel: "2023年", Source: "2023年统计", AsOf: "x", CSV: "a b.csv", JSON: "c.json"}, {YearLabel: "2024年", Source: hostile, AsOf: "y", CSV: "d.csv", JSON: "e'.json"}}
	for _, tb := range []*Table{
		{ID: "t_1", Caption: hostile, Sources: one, Head: []Col{{Text: hostile, Unit: "㎡"}, {Text: "数", Num: true}}, Rows: [][]Cell{cells[:4], cells[4:7], cells[7:]}, Note: hostile, Class: "wide"},
		{Caption: hostile, Sources: two, Rows: [][]Cell{cells[:2]}},
		{ID: "t_2", Caption: hostile, Sources: one, Above: "t_1", Rows: [][]Cell{cells[:2]}},
		{},
	} {
		check("datatable", tb, s.Table(tb))
		c := &Chart{ID: "c_x", Title: hostile, Class: "narrow", Option: `{"a":"\u003c"}`, Table: tb, ChartsJS: "/js/charts'.js"}
		check("chart", c, s.Chart(c))
		// The SVG is the chart; its option stays in the build.
		if got := string(s.Chart(c)); strings.Contains(got, `"a":`) || strings.Contains(got, "application/json") {
			t.Errorf("the chart's option is in the page: %s", got)
		}
	}
	if strings.Contains(string(s.Table(&Table{Rows: [][]Cell{cells}})), "<script>") {
		t.Error("hostile text is not escaped")
	}
}

// walkMarkup calls chart and table for every *Chart and *Table reachable
// from v.
func walkMarkup(v reflect.Value, seen map[uintptr]bool, chart func(*Chart), table func(*Table)) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walkMarkup(v.Elem(), seen, chart, table)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		switch x := v.Interface().(type) {
		case *Chart:
			chart(x)
		case *Table:
			table(x)
			return
		}
		walkMarkup(v.Elem(), seen, chart, table)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkMarkup(v.Field(i), seen, chart, table)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkMarkup(v.Index(i), seen, chart, table)
		}
	}
}

// TestSeveralYearsNameTheirSourceOnce: a table spanning several years whose
// years have the same 数据来源 and 统计时点 but for the year names them once
// and still links every year's CSV and JSON; years that differ otherwise
// are each named in full.
func TestSeveralYearsNameTheirSourceOnce(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{tinyReport()}})
	if err != nil {
		t.Fatal(err)
	}
	year := func(y int, source, asOf string) Source {
		l := fmt.Sprintf("%d年", y)
		return Source{Year: y, YearLabel: l, Source: l + source, AsOf: l + asOf,
			CSV: fmt.Sprintf("data/%d/schools.csv", y), JSON: fmt.Sprintf("data/%d/indicators.json", y)}
	}
	caption := func(srcs ...Source) string {
		html := string(s.Table(&Table{ID: "t", Caption: "历年变化", Sources: srcs}))
		i, j := strings.Index(html, "<caption"), strings.Index(html, "</caption>")
		return html[i:j]
	}
	links := func(c string, years ...int) {
		t.Helper()
		for _, y := range years {
			for _, f := range []string{"schools.csv", "indicators.json"} {
				if !strings.Contains(c, fmt.Sprintf(`href="/data/%d/%s"`, y, f)) {
					t.Errorf("no link to %d's %s in %s", y, f, c)
				}
			}
		}
	}

	same := caption(year(2022, "教育事业统计", "9月30日"), year(2023, "教育事业统计", "9月30日"), year(2024, "教育事业统计", "9月30日"))
	for _, want := range []string{"数据来源：各年度教育事业统计；统计时点：各年9月30日；下载：2022年 <a", "2023年 <a", "2024年 <a"} {
		if !strings.Contains(same, want) {
			t.Errorf("caption lacks %q: %s", want, same)
		}
	}
	for _, y := range []string{"2022年教育事业统计", "2023年9月30日"} {
		if strings.Contains(same, y) {
			t.Errorf("caption names %q, one year of the same source: %s", y, same)
		}
	}
	links(same, 2022, 2023, 2024)

	// The same source every year, not named by year.
	counties := func(y int) Source {
		src := year(y, "", "9月30日")
		src.Source = "5个区县的监测数据"
		return src
	}
	all := caption(counties(2023), counties(2024))
	if want := "数据来源：5个区县的监测数据；统计时点：各年9月30日；下载：2023年 <a"; !strings.Contains(all, want) {
		t.Errorf("caption lacks %q: %s", want, all)
	}
	links(all, 2023, 2024)

	// One year counted on another day: each year in full.
	differ := caption(year(2023, "教育事业统计", "9月30日"), year(2024, "教育事业统计", "10月15日"))
	for _, want := range []string{"2023年教育事业统计（统计时点：2023年9月30日", "2024年教育事业统计（统计时点：2024年10月15日"} {
		if !strings.Contains(differ, want) {
			t.Errorf("caption lacks %q: %s", want, differ)
		}
	}
	links(differ, 2023, 2024)
}

// TestSourcesOnceAPage: a table whose sources are those of the table just
// above it says so and links to where they are written, on a school page of
// two parts and two trends and on an indicator page of many schools; a
// table after one of other sources writes its own.
func TestSourcesOnceAPage(t *testing.T) {
	site, theme := testSite(t)
	var inputs []indicators.Input
	var reps []*indicators.Report
	for _, y := range []int{2023, 2024} {
		in := indicators.Input{Year: y, County: indicators.County{Name: "测试县", Code: "150000"}}
		for i := 0; i < 45; i++ {
			for _, l := range []indicators.Level{indicators.Primary, indicators.Junior} {
				if i > 0 && l == indicators.Junior {
					continue
				}
				in.Parts = append(in.Parts, indicators.SchoolPart{SchoolID: strconv.Itoa(i), SchoolName: fmt.Sprintf("学校%d", i), Level: l,
					UrbanRuralCode: 111, Students: 100 + i, QualifiedTeachers: indicators.Given(6), BackboneTeachers: indicators.Given(1.2),
					PEArtTeachers: indicators.Given(1), TeachingArea: indicators.Given(600), SportsArea: indicators.Given(float64(700 + 20*i)),
					EquipmentValue: indicators.Given(260000), MultimediaRooms: indicators.Given(3)})
			}
		}
		inputs = append(inputs, in)
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
	}
	s, err := New(Options{Site: site, Theme: theme, Layout: layout.NewData(inputs), Reports: reps})
	if err != nil {
		t.Fatal(err)
	}
	source := func(tb *Table) string {
		html := string(s.Table(tb))
		i := strings.Index(html, `<span class="table-source">`)
		j := strings.Index(html, "</caption>")
		if i < 0 {
			return ""
		}
		return html[i:j]
	}
	const above = `<span class="table-source">数据来源、统计时点和下载同<a href="#%s-cap">上表</a></span>`
	sp, err := s.schoolPage(s.schools["0"])
	if err != nil {
		t.Fatal(err)
	}
	parts, trends := sp.Years[0].Parts, sp.Trends
	if len(parts) != 2 || len(trends) != 2 {
		t.Fatalf("%d parts, %d trends; want two of each", len(parts), len(trends))
	}
	if got := source(parts[0].Chart.Table); !strings.Contains(got, "schools.csv") {
		t.Errorf("the first table's sources: %s", got)
	}
	if got, want := source(parts[1].Chart.Table), fmt.Sprintf(above, parts[0].Chart.Table.ID); got != want {
		t.Errorf("the second part's sources %s, want %s", got, want)
	}
	// The history between has no sources; the first trend, of ten years,
	// writes its own.
	if got := source(trends[0].Table); !strings.Contains(got, `href="/data/2023/schools.csv"`) {
		t.Errorf("the first trend's sources: %s", got)
	}
	if got, want := source(trends[1].Table), fmt.Sprintf(above, trends[0].Table.ID); got != want {
		t.Errorf("the second trend's sources %s, want %s", got, want)
	}

	u := s.detailed(s.units[len(s.units)-1])
	ip, err := s.indicatorPage(u, u.report().Levels.Get(indicators.Primary), indicators.SportsArea)
	if err != nil {
		t.Fatal(err)
	}
	if ip.Ranking == nil {
		t.Fatal("no ranking table for 45 schools")
	}
	if got, want := source(ip.Ranking), fmt.Sprintf(above, ip.Chart.Table.ID); got != want {
		t.Errorf("the ranking's sources %s, want %s", got, want)
	}

	// The year report: the 城乡 table under the 差异系数 table.
	yp, err := s.yearPage(u)
	if err != nil {
		t.Fatal(err)
	}
	lv := yp.Levels[0]
	if got := source(lv.CV.Table); !strings.Contains(got, "schools.csv") {
		t.Errorf("the year report's first table's sources: %s", got)
	}
	if got, want := source(lv.Groups.Table), fmt.Sprintf(above, lv.CV.Table.ID); got != want {
		t.Errorf("the year report's groups table's sources %s, want %s", got, want)
	}
}
