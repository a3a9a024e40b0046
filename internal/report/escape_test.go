package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// evil is a school name and a county.toml text that would break a page
// whose option JSON is pasted into a <script> unescaped (</script>), break
// out of an attribute (quotes), be deleted by go-echarts' renderer (__f__)
// or end a JavaScript string (U+2028).
const evil = "示例</script><script>alert(1)</script>\"' onmouseover=alert(2) x=__f__\u2028末"

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeSite writes a site from files into a new temporary directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func schoolsCSV(t *testing.T, rows [][]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"school_id", "school_name", "level", "urban_rural_code", "students", "teachers", "qualified_teachers", "backbone_teachers",
		"pe_art_teachers", "teaching_area_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_rooms"}
	if err := w.Write(head); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.String()
}

const siteToml = "title = \"测试县教育局\"\nbase_url = \"https://example.gov.cn/\"\norganiser = \"测试县教育局\"\n"

var optionRE = regexp.MustCompile(`(?s)<script type="application/json" id="([A-Za-z0-9_]+)-option">(.*?)</script>`)

// strings returns every string inside a decoded JSON value.
func jsonStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, x := range v {
			jsonStrings(x, out)
		}
	case map[string]any:
		for k, x := range v {
			*out = append(*out, k)
			jsonStrings(x, out)
		}
	}
}

// TestEscaping builds a site whose school name and county.toml texts hold
// markup, quotes, "__f__" and U+2028: the pages keep them as text, the
// charts' option JSON gives them back exactly, and in Chromium nothing runs.
func TestEscaping(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.toml": siteToml,
		"data/2024/schools.csv": schoolsCSV(t, [][]string{
			{"2150000001", "城关小学", "小学", "111", "800", "48", "45", "12", "9", "4000", "7000", "2000000", "20"},
			{"2150000002", evil, "小学", "220", "300", "18", "15", "2", "3", "1500", "2600", "700000", "7"},
		}),
		"data/2024/county.toml": "name = " + tomlString(evil) + "\ncode = \"150000\"\nas_of = 2024-09-30\nsource = " + tomlString(evil) +
			"\nnotes = " + tomlString(evil) + "\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	_, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	pages := []string{layout.OutPath(layout.Year(2024)), layout.OutPath(layout.Indicator(layout.Year(2024), indicators.Primary, indicators.BackboneTeachers)), layout.OutPath(layout.School("2150000002")),
		layout.OutPath(layout.Trends), layout.OutPath(layout.Reports), layout.OutPath(layout.Schools), layout.OutPath(layout.Home)}
	found := false
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		// Outside the option scripts (JSON, checked below), the markup
		// must hold none of it as written.
		markup := optionRE.ReplaceAllString(html, "")
		for _, bad := range []string{"<script>alert", `"' onmouseover`, `' onmouseover`, "</script><script>"} {
			if strings.Contains(markup, bad) {
				t.Errorf("%s: holds %q unescaped", p, bad)
			}
		}
		for _, m := range optionRE.FindAllStringSubmatch(html, -1) {
			body := m[2]
			if strings.ContainsAny(body, "<>&\u2028\u2029") {
				t.Errorf("%s: option %s holds a character that should be escaped", p, m[1])
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Errorf("%s: option %s is not JSON: %v", p, m[1], err)
				continue
			}
			var strs []string
			jsonStrings(v, &strs)
			for _, s := range strs {
				if strings.Contains(s, "alert(1)") || strings.Contains(s, "__f") {
					if !strings.Contains(s, evil) {
						t.Errorf("%s: option %s changed the text: %q", p, m[1], s)
					}
					if s == evil {
						found = true
					}
				}
			}
		}
	}
	if !found {
		t.Error("no chart option holds the school name exactly as written")
	}

	// In the browser: the text shows literally, nothing runs.
	base := browsertest.ServeDir(t, out)
	b := browsertest.Shared(t)
	for _, pg := range []struct {
		path, h1    string
		nameInChart bool
	}{
		{"/schools/2150000002/", evil, false},
		{"/reports/2024/primary/backbone_teachers/", "", true},
		{"/reports/2024/", "", false},
	} {
		p := b.Visit(t, base+pg.path+"?noanim", 1280, 900)
		p.WaitFor(t, chartsReady, 20*time.Second)
		// Show every tooltip (tooltips are drawn by the chart: no markup).
		p.Eval(t, `(() => {
			const before = document.querySelectorAll("*").length;
			document.querySelectorAll("div.chart").forEach(el => {
				const c = echarts.getInstanceByDom(el);
				c.getOption().series.forEach((s, si) => (s.data || []).forEach((_, di) =>
					c.dispatchAction({type: "showTip", seriesIndex: si, dataIndex: di})));
				c.dispatchAction({type: "hideTip"});
			});
			return document.querySelectorAll("script").length + document.querySelectorAll("*").length - before;
		})()`, nil)
		var res struct {
			H1          string
			Handlers    int
			InlineJS    int
			NameInChart bool
			BodyText    bool
		}
		p.Eval(t, `(() => {
			const name = `+jsString(evil)+`;
			let inChart = false;
			document.querySelectorAll("div.chart").forEach(el => {
				const o = echarts.getInstanceByDom(el).getOption();
				if (JSON.stringify(o).includes(JSON.stringify(name))) inChart = true;
			});
			return {
				H1: document.querySelector("h1").textContent,
				Handlers: document.querySelectorAll("[onmouseover]").length,
				InlineJS: Array.from(document.scripts).filter(s => !s.src && s.type !== "application/json").length,
				NameInChart: inChart,
				BodyText: document.body.textContent.includes(name),
			};
		})()`, &res)
		if pg.h1 != "" && res.H1 != pg.h1 {
			t.Errorf("%s: h1 = %q, want %q", pg.path, res.H1, pg.h1)
		}
		if res.Handlers != 0 || res.InlineJS != 0 {
			t.Errorf("%s: %d onmouseover attributes, %d inline scripts", pg.path, res.Handlers, res.InlineJS)
		}
		if !res.BodyText {
			t.Errorf("%s: the name is not shown literally", pg.path)
		}
		if pg.nameInChart && !res.NameInChart {
			t.Errorf("%s: the chart does not hold the exact name", pg.path)
		}
		assertClean(t, p)
		if d := p.Report().Dialogs; len(d) > 0 {
			t.Errorf("%s: dialogs opened: %v", pg.path, d)
		}
	}
}

// jsString writes s as a JavaScript string literal (JSON, which escapes
// U+2028 and U+2029 too).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
