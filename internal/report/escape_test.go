package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
// that pasted it into a <script> unescaped (</script>), break out of an
// attribute (quotes), be deleted by go-echarts' renderer (__f__) or end a
// JavaScript string (U+2028).
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

// TestEscaping builds a site whose school name and county.toml texts hold
// markup, quotes, "__f__" and U+2028: the pages keep them as text (in the
// charts' SVG as well), and in Chromium the charts' tooltips show them
// exactly while nothing runs.
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
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<script>alert", `"' onmouseover`, `' onmouseover`, "</script><script>"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s: holds %q unescaped", p, bad)
			}
		}
	}

	// In the browser: the text shows literally, in the page and in the
	// tooltip of every mark of every chart; nothing runs.
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
		p := b.Visit(t, base+pg.path, 1280, 900)
		p.WaitFor(t, chartsReady, 20*time.Second)
		var res struct {
			H1          string
			Handlers    int
			InlineJS    int
			Scripts     int
			Tips        int
			NameInChart bool
			BodyText    bool
		}
		p.Eval(t, `(() => {
			const name = `+jsString(evil)+`, scripts = document.scripts.length;
			let inChart = false, tips = 0;
			document.querySelectorAll("div.chart rect.bar, div.chart g.pt").forEach(m => {
				m.dispatchEvent(new PointerEvent("pointerover", {bubbles: true, pointerType: "mouse"}));
				const tip = document.querySelector(".chart-tip");
				if (!tip || tip.hidden) return;
				tips++;
				if (tip.textContent.includes(name)) inChart = true;
			});
			return {
				H1: document.querySelector("h1").textContent,
				Handlers: document.querySelectorAll("[onmouseover]").length,
				InlineJS: Array.from(document.scripts).filter(s => !s.src && s.type !== "application/json").length,
				Scripts: document.scripts.length - scripts,
				Tips: tips,
				NameInChart: inChart,
				BodyText: document.body.textContent.includes(name),
			};
		})()`, &res)
		if pg.h1 != "" && res.H1 != pg.h1 {
			t.Errorf("%s: h1 = %q, want %q", pg.path, res.H1, pg.h1)
		}
		if res.Handlers != 0 || res.InlineJS != 0 || res.Scripts != 0 {
			t.Errorf("%s: %d onmouseover attributes, %d inline scripts, %d scripts added by the tooltips", pg.path, res.Handlers, res.InlineJS, res.Scripts)
		}
		if res.Tips == 0 {
			t.Errorf("%s: no tooltip shown", pg.path)
		}
		if !res.BodyText {
			t.Errorf("%s: the name is not shown literally", pg.path)
		}
		if pg.nameInChart && !res.NameInChart {
			t.Errorf("%s: no chart tooltip shows the exact name", pg.path)
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
