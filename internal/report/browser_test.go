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
	if exampleDir != "" {
		os.RemoveAll(filepath.Dir(exampleDir))
	}
	os.Exit(code)
}

// chartsReady is true when every chart container of the page holds a
// rendered ECharts instance (an svg or a canvas inside).
const chartsReady = `(() => {
  const els = Array.from(document.querySelectorAll("div.chart"));
  return els.length > 0 && typeof echarts !== "undefined" && els.every(el => {
    const c = echarts.getInstanceByDom(el);
    return c && el.querySelector("svg, canvas") !== null && el.clientHeight > 0;
  });
})()`

// TestBrowserPages loads the data pages of the example site in headless
// Chromium (a missing browser fails the test): every chart is drawn, the
// console has no error, nothing is requested from another host.
//
// With GONGKAI_SCREENSHOTS=<dir> it also writes the screenshots of
// docs/screenshots (full pages at 1280 and 360 px, animation off).
func TestBrowserPages(t *testing.T) {
	dir, _ := buildExample(t)
	base := browsertest.ServeDir(t, dir)
	b := browsertest.Start(t)
	pages := []struct {
		name, path string
		minCharts  int
	}{
		{"report-2024", "/reports/2024/", 18},
		{"indicator", "/reports/2024/primary/backbone_teachers/", 1},
		{"school-2150000020", "/schools/2150000020/", 8},
		{"trends", "/reports/trends/", 18},
		{"document", "/annual/report-2024/", 6},
		{"report-2022", "/reports/2022/", 18},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			p := b.Visit(t, base+pg.path+"?noanim", 1280, 900)
			p.WaitFor(t, chartsReady, 20*time.Second)
			var n int
			p.Eval(t, `document.querySelectorAll("div.chart").length`, &n)
			if n < pg.minCharts {
				t.Errorf("%s: %d charts, want at least %d", pg.path, n, pg.minCharts)
			}
			// Every chart's option came from its JSON script, and the aria
			// description is on.
			var bad []string
			p.Eval(t, `Array.from(document.querySelectorAll("div.chart")).filter(el => {
				const o = echarts.getInstanceByDom(el).getOption();
				const aria = Array.isArray(o.aria) ? o.aria[0] : o.aria;
				return !document.getElementById(el.id + "-option") || !aria || !aria.enabled || !aria.decal.show || !o.title[0].text;
			}).map(el => el.id)`, &bad)
			if len(bad) > 0 {
				t.Errorf("%s: charts without option, aria or title: %v", pg.path, bad)
			}
			// The high-contrast mode redraws every chart without error.
			p.Eval(t, `document.querySelector("[data-contrast]").click(); true`, nil)
			p.WaitFor(t, chartsReady, 10*time.Second)
			p.Eval(t, `document.querySelector("[data-contrast]").click(); true`, nil)
			p.WaitFor(t, chartsReady, 10*time.Second)
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
	} {
		for _, w := range []int{1280, 360} {
			p := b.Visit(t, base+s.path+"?noanim", w, 900)
			p.WaitFor(t, chartsReady, 20*time.Second)
			time.Sleep(300 * time.Millisecond)
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
