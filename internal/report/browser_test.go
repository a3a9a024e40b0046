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

// chartsReady draws the charts charts.js has not drawn yet (it draws a
// chart as it nears the viewport; TestChartsDrawnNearViewport checks that)
// and is true when every chart container of the page holds a rendered
// ECharts instance (an svg or a canvas inside).
const chartsReady = `(() => {
  if (window.gongkaiCharts) gongkaiCharts.drawAll();
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
			// A screen reader hears the chart's finding, the site's own
			// sentence (its title), not ECharts' generated description, once
			// drawn and drawn again.
			var charts []struct{ ID, Title string }
			p.Eval(t, `Array.from(document.querySelectorAll("div.chart")).map(el => {
				const o = JSON.parse(document.getElementById(el.id + "-option").textContent);
				return {id: el.id, title: (Array.isArray(o.title) ? o.title[0] : o.title).text};
			})`, &charts)
			for _, c := range charts {
				role, name := p.AccessibleName(t, "document.getElementById("+jsString(c.ID)+")")
				if role != "image" && role != "img" || name != c.Title {
					t.Errorf("%s: chart %s is announced as %s %q, want img %q", pg.path, c.ID, role, name, c.Title)
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

	// The small multiples: seven panels in the columns of the chart drawn
	// at build time, whose box the interactive chart takes (two, on a phone
	// too), each with its title and 标准 line, and the labels printed as
	// the tables print numbers.
	for _, c := range []struct {
		path, id string
		width    int
		cols     int
	}{
		{"/reports/2024/", "c_primary_groups", 1280, 2},
		{"/reports/2024/", "c_junior_groups", 360, 2},
		{"/reports/trends/", "c_primary_values", 1280, 2},
		{"/reports/trends/", "c_junior_values", 360, 2},
	} {
		p := b.Visit(t, base+c.path+"?noanim", c.width, 900)
		p.WaitFor(t, chartsReady, 20*time.Second)
		var res struct {
			Grids, Titles, Cols, Marks int
			Overlap                    bool
			Label                      string
		}
		p.Eval(t, `(() => {
			const c = echarts.getInstanceByDom(document.getElementById(`+jsString(c.id)+`));
			const o = c.getOption();
			const lefts = new Set(o.grid.map(g => g.left));
			const rects = o.grid.map((g, i) => c.getModel().getComponent("grid", i).coordinateSystem.getRect());
			let overlap = false;
			rects.forEach((a, i) => rects.forEach((b, j) => {
				if (i < j && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) overlap = true;
			}));
			const s = o.series.find(s => s.type === "bar" && s.label && s.label.formatter);
			let label = "";
			if (s) label = s.label.formatter({value: 3101.9, name: "x", seriesName: "y"});
			return {Grids: o.grid.length, Titles: o.title.length, Cols: lefts.size,
				Marks: o.series.filter(s => s.markLine && s.markLine.data.length).length, Overlap: overlap, Label: label};
		})()`, &res)
		if res.Grids != 7 || res.Titles != 8 || res.Marks != 7 {
			t.Errorf("%s %s: %d grids, %d titles, %d 标准 lines; want 7, 8, 7", c.path, c.id, res.Grids, res.Titles, res.Marks)
		}
		if res.Cols != c.cols || res.Overlap {
			t.Errorf("%s %s at %d px: %d columns (want %d), panels overlap: %v", c.path, c.id, c.width, res.Cols, c.cols, res.Overlap)
		}
		if strings.Contains(c.id, "groups") && res.Label != "3,101.90" {
			t.Errorf("%s %s: a label prints 3101.9 as %q, want 3,101.90", c.path, c.id, res.Label)
		}
		assertClean(t, p)
		p.Close()
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
			p := b.Visit(t, base+s.path+"?noanim", w, 900)
			p.WaitFor(t, chartsReady, 20*time.Second)
			time.Sleep(300 * time.Millisecond)
			p.Screenshot(t, filepath.Join(out, s.name+"-"+strconv.Itoa(w)+".png"), true)
			p.Close()
		}
	}
}

// TestChartsDrawnNearViewport: the first view shows the charts drawn at
// build time and requests no chart library; when the reader asks (focus on
// a chart), charts.js loads it and draws only the charts near the viewport
// (the trends page, the example's longest, has six tall ones), the others
// as the reader scrolls to them.
func TestChartsDrawnNearViewport(t *testing.T) {
	dir, _ := buildExample(t)
	base := browsertest.ServeDir(t, dir)
	b := browsertest.Shared(t)
	for _, w := range []int{1280, 360} {
		p := b.Visit(t, base+"/reports/trends/?noanim", w, 700)
		p.WaitFor(t, `window.gongkaiCharts && document.readyState === "complete"`, 20*time.Second)
		// The first view is the charts drawn at build time: no library.
		for _, r := range p.Report().Requests {
			if strings.Contains(r, "/echarts") {
				t.Errorf("%d px: the chart library was requested before the reader asked: %s", w, r)
			}
		}
		// The reader asks: focus on the first chart loads the library and
		// draws it, and the charts near the view with it.
		p.Eval(t, `document.querySelector("div.chart").focus(), true`, nil)
		p.WaitFor(t, `typeof echarts !== "undefined" && !!echarts.getInstanceByDom(document.querySelector("div.chart"))`, 20*time.Second)
		p.WaitFor(t, `document.querySelector("div.chart svg.svgc") === null || !!echarts.getInstanceByDom(document.querySelector("div.chart"))`, 5*time.Second)
		type box struct {
			ID     string
			Drawn  bool
			Top    float64
			Height float64
		}
		boxes := func() []box {
			var bs []box
			p.Eval(t, `Array.from(document.querySelectorAll("div.chart")).map(el => ({
				ID: el.id, Drawn: !!echarts.getInstanceByDom(el),
				Top: el.getBoundingClientRect().top + scrollY, Height: el.getBoundingClientRect().height}))`, &bs)
			return bs
		}
		time.Sleep(300 * time.Millisecond) // the observer's first report
		before := boxes()
		if len(before) < 6 {
			t.Fatalf("%d px: %d charts, want at least 6", w, len(before))
		}
		var pageHeight float64
		p.Eval(t, `document.documentElement.scrollHeight`, &pageHeight)
		for _, bx := range before {
			// Drawn: within two viewport heights of the top (the view and
			// one screen ahead). Not drawn: beyond three.
			if bx.Top < 700 && !bx.Drawn || bx.Top > 3*700 && bx.Drawn {
				t.Errorf("%d px: chart %s at y = %.0f of %.0f: drawn = %v", w, bx.ID, bx.Top, pageHeight, bx.Drawn)
			}
			if bx.Height < 150 {
				t.Errorf("%d px: chart %s has a box of %.0f px", w, bx.ID, bx.Height)
			}
		}
		last := before[len(before)-1]
		if last.Drawn {
			t.Fatalf("%d px: the page (%.0f px) is too short to hold a chart back", w, pageHeight)
		}
		// Scrolling to the last chart draws it, at the height its box had.
		p.Eval(t, `document.getElementById(`+jsString(last.ID)+`).scrollIntoView(), true`, nil)
		p.WaitFor(t, `!!echarts.getInstanceByDom(document.getElementById(`+jsString(last.ID)+`))`, 10*time.Second)
		p.Eval(t, `gongkaiCharts.drawAll(), true`, nil)
		for _, bx := range boxes() {
			if !bx.Drawn || bx.Height < 150 {
				t.Errorf("%d px: chart %s: drawn %v, box %.0f px", w, bx.ID, bx.Drawn, bx.Height)
			}
		}
		assertClean(t, p)
		p.Close()
	}
}

// assertClean is browsertest's AssertClean.
func assertClean(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.AssertClean(t)
}
