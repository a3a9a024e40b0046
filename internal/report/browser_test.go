package report_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
)

// The example site (the repository root) is built once per test run.
var (
	exampleOnce sync.Once
	exampleDir  string
	exampleErr  error
	exampleSum  build.Summary
)

var fixedNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func buildExample(t *testing.T) (string, build.Summary) {
	t.Helper()
	exampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gongkai-report-example-")
		if err != nil {
			exampleErr = err
			return
		}
		exampleDir = filepath.Join(dir, "public")
		exampleSum, _, exampleErr = build.Build(build.Options{Fs: afero.NewOsFs(), Source: "../..", Destination: exampleDir, Now: fixedNow})
	})
	if exampleErr != nil {
		t.Fatalf("building the example site: %v", exampleErr)
	}
	return exampleDir, exampleSum
}

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.CloseShared()
	if exampleDir != "" {
		os.RemoveAll(filepath.Dir(exampleDir))
	}
	os.Exit(code)
}

// chartsReady is true when charts.js has run and every chart box of the
// page holds its SVG, drawn at build time, with a size.
const chartsReady = `(() => {
  const els = Array.from(document.querySelectorAll("div.chart"));
  return !!window.gongkaiCharts && document.readyState === "complete" && els.length > 0 &&
    els.every(el => { const s = el.querySelector("svg.svgc"); return s && s.getBoundingClientRect().height > 0; });
})()`

// TestBrowserPages loads the data pages of the example site in headless
// Chromium (a missing browser fails the test): every chart is drawn and
// takes keyboard focus, a screen reader hears its finding, the console has
// no error, nothing is requested from another host.
//
// With GONGKAI_SCREENSHOTS=<dir> it also writes the screenshots of
// docs/screenshots (full pages at 1280 and 360 px).
func TestBrowserPages(t *testing.T) {
	dir, _ := buildExample(t)
	base := browsertest.ServeDir(t, dir)
	b := browsertest.Shared(t)
	pages := []struct {
		name, path string
		minCharts  int
	}{
		{"report-2024", "/reports/2024/", 6},
		{"indicator", "/reports/2024/primary/backbone_teachers/", 1},
		{"school-2150000020", "/schools/2150000020/", 4},
		{"trends", "/reports/trends/", 6},
		{"document", "/annual/report-2024/", 6},
		{"report-2022", "/reports/2022/", 6},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			p := b.Visit(t, base+pg.path, 1280, 900)
			p.WaitFor(t, chartsReady, 20*time.Second)
			var charts []struct {
				ID, Label string
				Focusable bool
			}
			p.Eval(t, `Array.from(document.querySelectorAll("div.chart")).map(el => ({
				id: el.id, label: el.querySelector("svg.svgc").getAttribute("aria-label"), focusable: el.tabIndex === 0}))`, &charts)
			if len(charts) < pg.minCharts {
				t.Errorf("%s: %d charts, want at least %d", pg.path, len(charts), pg.minCharts)
			}
			// In the high-contrast mode (black ground) every bar, pattern,
			// point and line shows at a contrast of 3:1 at least (WCAG
			// 1.4.11); then back, without error.
			p.Eval(t, `document.querySelector("[data-contrast]").click(); true`, nil)
			var dim []string
			p.Eval(t, `(() => {
				const lum = c => { const m = c.match(/\d+(\.\d+)?/g); if (!m || m.length < 3) return 1;
					const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
					return 0.2126 * f(+m[0]) + 0.7152 * f(+m[1]) + 0.0722 * f(+m[2]); };
				const out = new Set();
				for (const el of document.querySelectorAll("svg.svgc pattern > rect, svg.svgc rect.bar[fill^='#'], svg.svgc .sy, svg.svgc path.ln")) {
					const cs = getComputedStyle(el), c = el.matches("path.ln") ? cs.stroke : cs.fill;
					if ((lum(c) + 0.05) / 0.05 < 3) out.add(c);
				}
				return Array.from(out);
			})()`, &dim)
			for _, c := range dim {
				t.Errorf("%s: in the high-contrast mode a chart mark is %s on black, below 3:1", pg.path, c)
			}
			p.Eval(t, `document.querySelector("[data-contrast]").click(); true`, nil)
			// A screen reader hears the chart's finding, the site's own
			// sentence (its title), and the chart takes keyboard focus.
			for _, c := range charts {
				role, name := p.AccessibleName(t, "document.getElementById("+jsString(c.ID)+")")
				if role != "image" && role != "img" || name != c.Label || name == "" {
					t.Errorf("%s: chart %s is announced as %s %q, want img %q", pg.path, c.ID, role, name, c.Label)
				}
				if !c.Focusable {
					t.Errorf("%s: chart %s does not take keyboard focus", pg.path, c.ID)
				}
			}
			assertClean(t, p)
			for _, r := range p.Report().Requests {
				if !strings.HasPrefix(r, base) {
					t.Errorf("%s: request to another host: %s", pg.path, r)
				}
			}
		})
	}

	out := os.Getenv("GONGKAI_SCREENSHOTS")
	if out == "" {
		return
	}
	for _, s := range []struct{ name, path string }{
		{"report-2024", "/reports/2024/"},
		{"school-2150000020", "/schools/2150000020/"},
		{"trends", "/reports/trends/"},
		{"indicator", "/reports/2024/primary/backbone_teachers/"},
	} {
		for _, w := range []int{1280, 360} {
			p := b.Visit(t, base+s.path, w, 900)
			p.WaitFor(t, chartsReady, 20*time.Second)
			p.Screenshot(t, filepath.Join(out, s.name+"-"+strconv.Itoa(w)+".png"), true)
			p.Close()
		}
	}
}

// assertClean is browsertest's AssertClean.
func assertClean(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.AssertClean(t)
}
