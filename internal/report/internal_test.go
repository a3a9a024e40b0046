package report

import (
	"errors"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/assets"
	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/render"
)

func testSite(t *testing.T) (*config.Site, *render.Theme) {
	t.Helper()
	theme, ds := render.LoadTheme(nil, "", "")
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

// TestEChartsNotEmbedded: a site with data needs the chart library and says
// how to get it; a site without data does not.
func TestEChartsNotEmbedded(t *testing.T) {
	saved := echartsFiles
	defer func() { echartsFiles = saved }()
	echartsFiles = func() ([]byte, []byte, []byte, error) { return nil, nil, nil, assets.ErrEChartsNotEmbedded }
	site, theme := testSite(t)
	_, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{tinyReport()}})
	if !errors.Is(err, assets.ErrEChartsNotEmbedded) || !strings.Contains(err.Error(), "go generate") {
		t.Errorf("with data: %v, want the not-embedded error", err)
	}
	s, err := New(Options{Site: site, Theme: theme})
	if err != nil || len(s.Pages()) != 0 || s.EChartsURL() != "" {
		t.Errorf("without data: %v, %d pages", err, len(s.Pages()))
	}
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
		ip, ok := p.Data.(*IndicatorPage)
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
