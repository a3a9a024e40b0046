package report_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

var chartIDRE = regexp.MustCompile(`<div class="chart" id="([^"]*)"`)

// dataPages returns the built pages of the data sections (and the annual
// report document, whose charts come from shortcodes) by site path.
func dataPages(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		if strings.HasPrefix(rel, layout.Reports) || strings.HasPrefix(rel, layout.Schools) || strings.HasPrefix(rel, "annual/") ||
			strings.HasPrefix(rel, "assets/") || rel == "index.html" {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExampleSite checks the data pages of the example site: every page
// there is, chart ids stable, valid and unique per page, each chart drawn
// (its SVG) and its option left out, pages under 150 KB, no chart library
// written.
func TestExampleSite(t *testing.T) {
	dir, sum := buildExample(t)
	pages := dataPages(t, dir)
	for _, p := range []string{
		layout.OutPath(layout.Reports), layout.OutPath(layout.Year(2022)), layout.OutPath(layout.Year(2023)), layout.OutPath(layout.Year(2024)),
		layout.OutPath(layout.Indicator(layout.Year(2024), indicators.Primary, indicators.BackboneTeachers)), layout.OutPath(layout.Indicator(layout.Year(2022), indicators.Junior, indicators.MultimediaRooms)), layout.OutPath(layout.Level(layout.Year(2024), indicators.Primary)),
		layout.OutPath(layout.Trends), layout.OutPath(layout.Schools), layout.OutPath(layout.School("2150000020")), layout.OutPath(layout.School("2150000207")),
	} {
		if _, ok := pages[p]; !ok {
			t.Errorf("missing page %s", p)
		}
	}
	total := 0
	valid := regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	for name, b := range pages {
		if strings.HasPrefix(name, "assets/") && strings.Contains(strings.ToLower(name), "echarts") {
			t.Errorf("%s: a chart library written", name)
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		// The charts drawn at build time (SVG) are in the page; the first
		// view's budget is 150 KB (docs/performance.md).
		if len(b) >= 150_000 {
			t.Errorf("%s: %d bytes, want < 150 KB", name, len(b))
		}
		seen := map[string]bool{}
		for _, m := range chartIDRE.FindAllSubmatch(b, -1) {
			id := string(m[1])
			total++
			if !valid.MatchString(id) {
				t.Errorf("%s: chart id %q is not [A-Za-z0-9_]", name, id)
			}
			if seen[id] {
				t.Errorf("%s: chart id %q twice", name, id)
			}
			seen[id] = true
			if !bytes.Contains(b, []byte(`<div class="chart" id="`+id+`" role="img" aria-label="`)) {
				t.Errorf("%s: chart %s is not the chart box", name, id)
			}
		}
		if bytes.Contains(b, []byte("go-echarts")) || bytes.Contains(b, []byte("goecharts_")) {
			t.Errorf("%s: holds go-echarts' own markup", name)
		}
		// The SVG is the chart: the option it is drawn from stays in the build.
		if bytes.Contains(b, []byte(`-option">`)) || bytes.Contains(b, []byte(`"series":`)) {
			t.Errorf("%s: holds a chart's option", name)
		}
		if n := len(regexp.MustCompile(`<svg xmlns="http://www.w3.org/2000/svg" class="svgc(?: tall)?"`).FindAll(b, -1)); n != len(seen) {
			t.Errorf("%s: %d charts, %d SVGs", name, len(seen), n)
		}
	}
	if sum.Charts != total {
		t.Errorf("Summary.Charts = %d, the pages hold %d", sum.Charts, total)
	}
	t.Logf("%d charts", total)

	// The downloads the pages link to exist.
	for _, f := range []string{"data/2024/schools.csv", "data/2024/indicators.json", "data/2024/standards.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("download %s: %v", f, err)
		}
		if !bytes.Contains(pages[layout.OutPath(layout.Year(2024))], []byte(`href="/`+f+`"`)) {
			t.Errorf("the 2024 report does not link %s", f)
		}
	}
	// The chart script of a document is the theme's, hashed as render names it.
	doc := pages["annual/report-2024/index.html"]
	m := regexp.MustCompile(`<script src="(/assets/js/charts\.[0-9a-f]{10}\.js)"></script>`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("the annual report places no chart script")
	}
	for _, u := range m[1:] {
		js, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(string(u), "/"))))
		if err != nil {
			t.Errorf("the document's script %s: %v", u, err)
		}
		// Its words are the translation file's.
		if !bytes.Contains(js, []byte(`"用方向键逐项查看图中各项的数值`)) || bytes.Contains(js, []byte(`{{T`)) {
			t.Errorf("the chart script %s does not say how to use the keys", u)
		}
	}
}

// TestDeterministic builds the example site again: the data pages and
// their chart ids are the same bytes.
func TestDeterministic(t *testing.T) {
	dir, _ := buildExample(t)
	again := filepath.Join(t.TempDir(), "public")
	if _, _, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: "../..", Destination: again, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	a, b := dataPages(t, dir), dataPages(t, again)
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
	for name, x := range a {
		if y, ok := b[name]; !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func memSite(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, body := range files {
		if err := afero.WriteFile(fsys, "/site/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

func smallData(t *testing.T) map[string]string {
	return map[string]string{
		"site.toml": siteToml,
		"data/2024/schools.csv": schoolsCSV(t, [][]string{
			{"2150000001", "城关小学", "小学", "111", "800", "48", "45", "12", "9", "4000", "7000", "2000000", "20"},
			{"2150000002", "河口小学", "小学", "121", "500", "30", "27", "5", "5", "2500", "4000", "1100000", "12"},
			{"2150000003", "柳河小学", "小学", "220", "300", "18", "15", "2", "3", "1500", "2600", "700000", "7"},
		}),
		"data/2024/county.toml": "name = \"测试县\"\ncode = \"150000\"\nas_of = 2024-09-30\nsource = \"2024年教育事业统计\"\n",
	}
}

// TestShortcodes: the figures a document quotes, and every kind of mistake
// as an error at the document's line.
func TestShortcodes(t *testing.T) {
	files := smallData(t)
	files["content/annual/_index.md"] = "+++\ntitle = \"年度报告\"\n+++\n"
	files["content/annual/r.md"] = "+++\ntitle = \"报告\"\n+++\n" +
		"县值{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" >}}。\n\n" + // line 4
		"乡村{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" group=\"rural\" >}}。\n\n" +
		"CV{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" measure=\"cv\" >}}，" +
		"限{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" measure=\"cv_limit\" >}}，" +
		"标{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" measure=\"threshold\" >}}，" +
		"比{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" group=\"rural\" measure=\"pass_share\" >}}，" +
		"设{{< value indicator=\"equipment_value\" level=\"primary\" year=\"2024\" >}}。\n\n" +
		"{{< chart kind=\"groups\" year=\"2024\" level=\"primary\" indicator=\"backbone_teachers\" >}}\n\n" +
		"{{< chart kind=\"cv\" year=\"2024\" level=\"primary\" >}}\n\n" +
		"{{< chart kind=\"pass\" year=\"2024\" level=\"primary\" >}}\n"
	fsys := memSite(t, files)
	_, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/site/public", Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %v", err, diags)
	}
	b, err := afero.ReadFile(fsys, "/site/public/annual/r/index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// backbone: (12+5+2)/1600*100 = 1.1875; rural 2/300*100 = 0.666…;
	// equipment 3,800,000/1,600 = 2,375.
	for _, want := range []string{"县值1.19。", "乡村0.67。", "限0.50，", "标1.0，", "比0.0%，", "设2,375.00。"} {
		if !strings.Contains(html, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if n := strings.Count(html, `<div class="chart"`); n != 3 {
		t.Errorf("%d charts in the document, want 3", n)
	}

	for _, c := range []struct{ code, want string }{
		{`{{< value indicator="backbone" level="primary" year="2024" >}}`, `indicator="backbone" 不是指标`},
		{`{{< value indicator="backbone_teachers" level="senior" year="2024" >}}`, `level="senior" 不是学段`},
		{`{{< value indicator="backbone_teachers" level="primary" year="2019" >}}`, `没有 2019 年的数据（有：2024）`},
		{`{{< value indicator="backbone_teachers" level="primary" year="2024" group="suburb" >}}`, `group="suburb" 不是城乡类别`},
		{`{{< value indicator="backbone_teachers" level="primary" year="2024" measure="max" >}}`, `measure="max" 不可用`},
		{`{{< value indicator="backbone_teachers" level="primary" year="2024" group="rural" measure="cv" >}}`, `不能指定 group`},
		{`{{< value indicator="backbone_teachers" level="primary" year="2024" colour="red" >}}`, `未知的参数 colour`},
		{`{{< value level="primary" year="2024" >}}`, `缺少参数 indicator`},
		{`{{< value indicator="backbone_teachers" level="junior" year="2024" >}}`, `2024 年没有初中的数据`},
		{`{{< chart kind="pie" year="2024" level="primary" >}}`, `kind="pie" 不是图表类型`},
		{`{{< chart kind="groups" year="2024" level="primary" >}}`, `需要参数 indicator`},
		{`{{< chart kind="cv" year="2024" level="primary" indicator="backbone_teachers" >}}`, `不接受参数 indicator`},
		{`{{< chart kind="groups" year="2024" level="primary" indicator="x" >}}`, `indicator="x" 不是指标`},
		{`{{< figure kind="cv" >}}`, `未知的短代码 "figure"`},
	} {
		files := smallData(t)
		files["content/annual/_index.md"] = "+++\ntitle = \"年度报告\"\n+++\n"
		files["content/annual/bad.md"] = "+++\ntitle = \"报告\"\n+++\n第一段。\n\n数字" + c.code + "。\n"
		fsys := memSite(t, files)
		_, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/site/public", Now: fixedNow})
		if err == nil {
			t.Errorf("%s: the build did not fail", c.code)
			continue
		}
		var hit *diag.Diagnostic
		for i := range diags {
			if strings.Contains(diags[i].Msg, c.want) {
				hit = &diags[i]
			}
		}
		if hit == nil {
			t.Errorf("%s: no error %q in %v", c.code, c.want, diags)
			continue
		}
		if hit.File != "content/annual/bad.md" || hit.Line != 6 {
			t.Errorf("%s: error at %s:%d, want content/annual/bad.md:6", c.code, hit.File, hit.Line)
		}
	}
}

// TestNoData: a site without data builds, with no data pages and no 监测数据
// entry.
func TestNoData(t *testing.T) {
	fsys := memSite(t, map[string]string{
		"site.toml":              siteToml,
		"content/news/_index.md": "+++\ntitle = \"工作动态\"\n+++\n",
		"content/news/a.md":      "+++\ntitle = \"一则消息\"\n+++\n正文。\n",
	})
	sum, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/site/public", Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %v", err, diags)
	}
	if sum.Charts != 0 {
		t.Errorf("%d charts", sum.Charts)
	}
	for _, p := range []string{"/site/public/reports/index.html"} {
		if ok, _ := afero.Exists(fsys, p); ok {
			t.Errorf("%s written for a site without data", p)
		}
	}
	home, _ := afero.ReadFile(fsys, "/site/public/index.html")
	if bytes.Contains(home, []byte("监测数据")) {
		t.Error("the home page names 监测数据 without data")
	}
}

// TestMultiCounty: a year of several counties gets a list of them and a
// report for each; nothing is shared by mistake.
func TestMultiCounty(t *testing.T) {
	dir := "../data/testdata/multi"
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"site.toml": siteToml}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(strings.TrimPrefix(p, dir+"/"))] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src := writeSite(t, files)
	if _, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: out, Now: fixedNow}); err != nil {
		t.Fatalf("%v %v", err, diags)
	}
	for _, p := range []string{layout.OutPath(layout.Year(2024)), layout.OutPath(layout.Year(2024) + "150101/"), layout.OutPath(layout.Year(2024) + "150102/"),
		layout.OutPath(layout.Indicator(layout.Year(2024)+"150101/", indicators.Primary, indicators.BackboneTeachers)), layout.OutPath(layout.Trends), layout.OutPath(layout.CountyTrends("150101"))} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, layout.OutPath(layout.Year(2024)+"150101/")))
	if !bytes.Contains(b, []byte(`href="/data/2024/county/150101/indicators.json"`)) {
		t.Error("a county's report does not link its own indicators.json")
	}
	if _, err := os.Stat(filepath.Join(out, "data/2024/county/150101/indicators.json")); err != nil {
		t.Error(err)
	}
}

// TestSparseData: a county with one level, no 镇区 schools, figures not
// given, and no county.toml still gets complete pages (未提供 where a figure
// is missing) whose charts draw without error.
func TestSparseData(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.toml": siteToml,
		"data/2023/schools.csv": schoolsCSV(t, [][]string{
			{"2150000011", "第一中学", "初中", "111", "1200", "80", "70", "14", "11", "7000", "12000", "3000000", "30"},
			{"2150000012", "柳河中学", "初中", "220", "300", "20", "15", "1", "2", "1800", "3000", "", "7"},
		}),
		"data/2024/schools.csv": schoolsCSV(t, [][]string{
			{"2150000011", "第一中学", "初中", "111", "1250", "82", "72", "15", "12", "7000", "12000", "3100000", "31"},
			{"2150000012", "柳河中学", "初中", "220", "0", "20", "15", "1", "2", "1800", "3000", "700000", "7"},
			{"2150000013", "石门中学", "初中", "210", "260", "", "", "", "", "", "", "", ""},
		}),
	})
	out := filepath.Join(t.TempDir(), "public")
	sum, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %v", err, diags)
	}
	b, err := os.ReadFile(filepath.Join(out, layout.OutPath(layout.Year(2024))))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"未提供", "在校生数为0", "石门中学"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the 2024 report lacks %q", want)
		}
	}
	if bytes.Contains(b, []byte(`id="primary"`)) {
		t.Error("a report without 小学 has a 小学 section")
	}
	base := browsertest.ServeDir(t, out)
	br := browsertest.Shared(t)
	for _, p := range []string{"/reports/2024/", "/reports/2024/junior/equipment_value/", "/schools/2150000013/", "/schools/2150000012/", "/reports/trends/", "/"} {
		pg := br.Visit(t, base+p, 1280, 900)
		if p != "/" && p != "/schools/2150000012/" {
			pg.WaitFor(t, chartsReady, 20*time.Second)
		}
		assertClean(t, pg)
	}
	t.Logf("%d charts", sum.Charts)
}
