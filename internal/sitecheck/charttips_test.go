package sitecheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/svgchart"
)

// requestedSince returns the requests after the first n, less the page's
// icon: the browser fetches the icon its <link rel="icon"> names on its own
// schedule, on a loaded machine after the reader has begun.
func requestedSince(reqs []string, n int) []string {
	var out []string
	for _, u := range reqs[n:] {
		if p, err := url.Parse(u); err == nil && strings.HasSuffix(p.Path, "/"+layout.Favicon(path.Ext(p.Path))) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// chartKinds is, for a built site, the first page of each page kind
// (<body class="kind-…">) that has charts, by kind.
func chartKinds(t *testing.T, dir string) map[string]string {
	t.Helper()
	first := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := bodyKind.FindSubmatch(b)
		if m == nil || first[string(m[1])] != "" || !bytes.Contains(b, []byte(`<div class="chart" id="`)) {
			return nil
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(p))
		first[string(m[1])] = strings.TrimPrefix(filepath.ToSlash(rel)+"/", "./")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return first
}

// chartsReady is true once charts.js has run on a page whose charts
// (their SVGs, drawn at build time) are laid out.
const chartsReady = `!!window.gongkaiCharts && document.readyState === "complete" &&
  Array.from(document.querySelectorAll("div.chart")).every(el => { const s = el.querySelector("svg.svgc"); return !s || s.getBoundingClientRect().height > 0; })`

// tipState is what the reader sees of the chart tooltip: its text, whether
// it shows, the mark outlined (chart id and the mark's place among the
// chart's marks in the page's order), the live region's text, the height
// of every chart box and of the page.
const tipState = `(() => {
  const tip = document.querySelector(".chart-tip"), on = document.querySelector("svg.svgc .on");
  const live = Array.from(document.querySelectorAll("[aria-live]")).map(el => el.textContent).join("|");
  const box = on && on.closest("div.chart");
  const r = tip && !tip.hidden ? tip.getBoundingClientRect() : null, b = box && box.getBoundingClientRect();
  return {
    Shown: !!r && r.width > 0 && getComputedStyle(tip).display !== "none",
    Text: tip ? tip.textContent : "",
    Chart: box ? box.id : "",
    Mark: box ? Array.from(box.querySelectorAll("rect.bar, g.pt")).indexOf(on) : -1,
    Live: live,
    Over: !!r && !!b && r.bottom > b.top && r.top < b.bottom,
    Heights: Array.from(document.querySelectorAll("div.chart")).map(el => el.getBoundingClientRect().height),
    Page: document.documentElement.scrollHeight,
  };
})()`

type tipSeen struct {
	Shown   bool
	Text    string
	Chart   string
	Mark    int
	Live    string
	Over    bool
	Heights []float64
	Page    float64
}

// chartMarks is, for every chart of the page, its id, its categories,
// the table below it, and which marks can be pointed at: two, the first
// and the last whose centre is the mark's own (not under a label). The
// texts the marks' tooltips must show are read from the page's file
// (markTips).
const chartMarks = `Array.from(document.querySelectorAll("div.chart")).map(el => {
  const fig = el.closest("figure"), table = fig && fig.querySelector("table");
  const marks = Array.from(el.querySelectorAll("rect.bar, g.pt"));
  const big = marks.map((m, i) => [m, i]).filter(([m]) => { const r = m.getBoundingClientRect(); return r.width >= 3 && r.height >= 3; }).map(([, i]) => i);
  const plots = Array.from(el.querySelectorAll("g.pl"));
  return {
    ID: el.id,
    Marks: marks.length,
    Cats: plots.map(pl => Array.from(pl.querySelectorAll("g.cl text")).map(t => { const s = t.querySelector("title"); return (s ? s.textContent : t.textContent).trim(); })),
    Plot: marks.map(m => plots.indexOf(m.closest("g.pl"))),
    Head: table ? Array.from(table.querySelectorAll("thead th")).map(c => c.textContent) : [],
    Rows: table ? Array.from(table.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent)) : [],
    Try: big.length > 1 ? [big[0], big[big.length - 1]] : big,
  };
})`

type pageChart struct {
	ID     string
	Marks  int
	Titles []string   // each mark's tooltip, as svgchart.MarkTips reads it
	Cats   [][]string // each plot's categories
	Plot   []int      // each mark's plot
	Head   []string
	Rows   [][]string
	Try    []int
}

// chartSVG is a chart box and its SVG, as the page's file holds them.
var chartSVG = regexp.MustCompile(`(?s)<div class="chart" id="([^"]+)"[^>]*>(<svg xmlns="http://www.w3.org/2000/svg" class="svgc(?: tall)?".*?</svg>)`)

// markTips is, by chart id, what each mark's tooltip says (in the page's
// order), read from the page's file as svgchart.MarkTips reads an SVG:
// what js/charts.js must show.
func markTips(t *testing.T, file string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range chartSVG.FindAllSubmatch(b, -1) {
		tips, err := svgchart.MarkTips(string(m[2]))
		if err != nil {
			t.Fatalf("%s: chart %s: %v", file, m[1], err)
		}
		out[string(m[1])] = tips
	}
	return out
}

// pointAt scrolls mark i of chart id into view and returns its centre,
// or [-1, -1] when something else is on top there.
func pointAt(t *testing.T, pg *browsertest.Page, id string, i int) (x, y float64) {
	t.Helper()
	var c [2]float64
	pg.Eval(t, fmt.Sprintf(`(() => {
  const m = document.getElementById(%q).querySelectorAll("rect.bar, g.pt")[%d];
  m.scrollIntoView({block: "center"});
  const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return hit && hit.closest("rect.bar, g.pt") === m ? [x, y] : [-1, -1];
})()`, id, i), &c)
	return c[0], c[1]
}

// TestChartTooltips: on one page of every kind with charts, in the
// example site and in examples/city (the overview, the area's trends),
// js/charts.js makes the charts drawn at build time answer the reader:
//   - the mouse over a bar or point shows a tooltip over the chart with the
//     mark's text, whose number is the one in the table below the chart,
//     and outlines the mark;
//   - Tab reaches the chart, ArrowRight shows the first mark in reading
//     order (the live region says the same text), ArrowRight the next, Esc
//     hides;
//   - a tap on a mark shows its tooltip, a tap elsewhere hides it;
//   - no chart box or page changes height, nothing is requested beyond the
//     page's own files, the console stays clean.
func TestChartTooltips(t *testing.T) {
	type target struct{ site, base, dir, kind, path string }
	var targets []target
	for _, s := range []struct{ site, base, dir string }{{"example", served(t), example.Dir}, {"city", servedCity(t), cityDir}} {
		kinds := chartKinds(t, s.dir)
		names := make([]string, 0, len(kinds))
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			targets = append(targets, target{s.site, s.base, s.dir, k, kinds[k]})
		}
	}
	targets = append(targets, target{"city", servedCity(t), cityDir, "trends", layout.Trends})
	targets = append(targets, target{"large", servedLarge(t), largeDir, "bands", largeBands})
	targets = append(targets, target{"large", servedLarge(t), largeDir, "years", layout.Trends})
	seen := map[string]bool{}
	for _, tg := range targets {
		seen[tg.kind] = true
	}
	for _, k := range []string{"report", "indicator", "school", "trends", "document", "overview"} {
		if !seen[k] {
			t.Errorf("no page of kind %s with charts: %v", k, targets)
		}
	}
	for _, tg := range targets {
		t.Run(tg.site+"/"+tg.path, func(t *testing.T) {
			t.Parallel() // a tab each
			pg := sharedBrowser(t).Visit(t, tg.base+"/"+tg.path, 1280, 900)
			pg.WaitFor(t, chartsReady, 15*time.Second)
			own := len(pg.Report().Requests)
			var charts []pageChart
			pg.Eval(t, chartMarks, &charts)
			tips := markTips(t, filepath.Join(tg.dir, filepath.FromSlash(tg.path), "index.html"))
			for k := range charts {
				c := &charts[k]
				c.Titles = tips[c.ID]
				if len(c.Titles) != c.Marks {
					t.Fatalf("/%s: chart %s: %d marks in the page, %d tooltips read from its SVG", tg.path, c.ID, c.Marks, len(c.Titles))
				}
			}
			var start tipSeen
			pg.Eval(t, tipState, &start)
			steady := func(what string, s tipSeen) {
				t.Helper()
				if s.Page != start.Page || len(s.Heights) != len(start.Heights) {
					t.Errorf("/%s: %s: the page is %.0f px tall, %.0f before", tg.path, what, s.Page, start.Page)
					return
				}
				for i, h := range s.Heights {
					if h != start.Heights[i] {
						t.Errorf("/%s: %s: chart %d's box is %.1f px tall, %.1f before", tg.path, what, i, h, start.Heights[i])
					}
				}
			}

			// The mouse.
			numbers, words := 0, 0
			for _, c := range charts {
				for _, i := range c.Try {
					x, y := pointAt(t, pg, c.ID, i)
					if x < 0 {
						continue
					}
					pg.Hover(t, x, y)
					var s tipSeen
					pg.Eval(t, tipState, &s)
					what := fmt.Sprintf("chart %s, mark %d %q", c.ID, i, c.Titles[i])
					if !s.Shown || s.Text != c.Titles[i] || s.Chart != c.ID || s.Mark != i || !s.Over {
						t.Errorf("/%s: the mouse over %s: tooltip shown %v over the chart %v, text %q, mark outlined %s #%d", tg.path, what, s.Shown, s.Over, s.Text, s.Chart, s.Mark)
						continue
					}
					steady("the mouse over "+what, s)
					if m := tipRE.FindStringSubmatch(s.Text); m != nil {
						numbers++
						ci := -1 // as TestChartGeometryMatchesTable: the category's row, when the table names it otherwise
						for k, name := range c.Cats[c.Plot[i]] {
							if name == m[1] {
								ci = k
							}
						}
						if !inTable(chartFigure{head: c.Head, rows: c.Rows}, m[1], m[2], m[3], ci) {
							t.Errorf("/%s: %s: the tooltip's %s is not in the table below the chart", tg.path, what, m[3])
						}
					} else {
						words++
					}
				}
			}
			if numbers == 0 {
				t.Errorf("/%s: no tooltip with a number shown (%d in words)", tg.path, words)
			}
			pg.Hover(t, 1, 1)
			var s tipSeen
			pg.Eval(t, tipState, &s)
			if s.Shown {
				t.Errorf("/%s: the tooltip stays when the mouse leaves the marks: %q", tg.path, s.Text)
			}

			// The keyboard, on the first chart with marks.
			for _, c := range charts {
				if len(c.Titles) < 2 {
					continue
				}
				// The reading order's first mark: in the first plot, the one
				// first along the category axis (left, or top in a horizontal
				// chart), the first series.
				var want int
				pg.Eval(t, fmt.Sprintf(`(() => {
  const box = document.getElementById(%q), all = Array.from(box.querySelectorAll("rect.bar, g.pt"));
  const pl = all[0].closest("g.pl"), horiz = pl.querySelector("g.tk").getAttribute("text-anchor") === "middle";
  const at = m => { const r = m.getBoundingClientRect(); return horiz ? r.top + r.height / 2 : r.left + r.width / 2; };
  const mine = all.filter(m => m.closest("g.pl") === pl), lo = Math.min(...mine.map(at));
  const first = all.indexOf(mine.find(m => at(m) - lo < 0.5));
  // Focus on the element before the chart that takes focus, for Tab to
  // leave (focus scrolls: the places above are read before).
  const before = Array.from(document.querySelectorAll("a[href], button, summary, input, select, textarea, [tabindex='0']")).filter(el =>
    el !== box && el.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING && el.getClientRects().length > 0);
  before[before.length - 1].focus();
  return first;
})()`, c.ID), &want)
				if want < 0 {
					t.Fatalf("/%s: chart %s: no first mark found", tg.path, c.ID)
				}
				pg.Press(t, kb.Tab)
				var focused string
				pg.Eval(t, `document.activeElement.id`, &focused)
				if focused != c.ID {
					t.Errorf("/%s: Tab goes to %q, not to the chart %s", tg.path, focused, c.ID)
					break
				}
				// A screen reader says how to use the keys (rpt_chart_keys).
				var keys string
				pg.Eval(t, `(() => { const id = document.activeElement.getAttribute("aria-describedby"); const d = id && document.getElementById(id); return d ? d.textContent : "" })()`, &keys)
				if keys != "用方向键逐项查看图中各项的数值，按 Esc 键关闭提示。" {
					t.Errorf("/%s: chart %s is described as %q", tg.path, c.ID, keys)
				}
				pg.Press(t, kb.ArrowRight)
				var first tipSeen
				pg.Eval(t, tipState, &first)
				if !first.Shown || first.Chart != c.ID || first.Mark != want || first.Text != c.Titles[want] {
					t.Errorf("/%s: ArrowRight on chart %s: tooltip shown %v, %q of mark %d; want mark %d's %q", tg.path, c.ID, first.Shown, first.Text, first.Mark, want, c.Titles[want])
				}
				// The live region is updated after the key: the announcement is
				// the tooltip's text.
				pg.WaitFor(t, fmt.Sprintf(`Array.from(document.querySelectorAll("[aria-live=polite]")).some(el => el.textContent === %q)`, first.Text), 2*time.Second)
				steady("ArrowRight", first)
				pg.Press(t, kb.ArrowRight)
				var next tipSeen
				pg.Eval(t, tipState, &next)
				if !next.Shown || next.Chart != c.ID || next.Mark == first.Mark || next.Text != c.Titles[next.Mark] {
					t.Errorf("/%s: ArrowRight again on chart %s: tooltip shown %v, %q of mark %d (the first was %d)", tg.path, c.ID, next.Shown, next.Text, next.Mark, first.Mark)
				}
				pg.Press(t, kb.Escape)
				pg.Eval(t, tipState, &s)
				if s.Shown || s.Mark >= 0 {
					t.Errorf("/%s: Esc leaves the tooltip %q (mark %d outlined)", tg.path, s.Text, s.Mark)
				}
				break
			}

			// A finger: a tap on the last chart's mark, then on the heading.
			c := charts[len(charts)-1]
			if len(c.Try) > 0 {
				i := c.Try[0]
				if x, y := pointAt(t, pg, c.ID, i); x >= 0 {
					pg.Tap(t, x, y)
					pg.Eval(t, tipState, &s)
					if !s.Shown || s.Chart != c.ID || s.Mark != i || s.Text != c.Titles[i] {
						t.Errorf("/%s: a tap on chart %s, mark %d: tooltip shown %v, %q of mark %d; want %q", tg.path, c.ID, i, s.Shown, s.Text, s.Mark, c.Titles[i])
					}
					steady("a tap", s)
					var h [2]float64
					pg.Eval(t, `(() => { const h = document.querySelector("h1"); h.scrollIntoView(); const r = h.getBoundingClientRect(); return [r.left + 4, r.top + r.height / 2]; })()`, &h)
					pg.Tap(t, h[0], h[1])
					pg.Eval(t, tipState, &s)
					if s.Shown {
						t.Errorf("/%s: a tap elsewhere leaves the tooltip %q", tg.path, s.Text)
					}
				}
			}

			if more := requestedSince(pg.Report().Requests, own); len(more) > 0 {
				t.Errorf("/%s: the reader's hovers, keys and taps requested %v", tg.path, more)
			}
			pg.AssertClean(t)
			t.Logf("/%s: %d charts, %d tooltips with a number checked against the table, %d in words", tg.path, len(charts), numbers, words)
		})
	}
}

// TestChartTooltipFollowsReadingAids: the tooltip takes the reader's text
// size (larger with 大) and the high-contrast colours (white on black).
func TestChartTooltipFollowsReadingAids(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/"+layout.Year(2024), 1280, 900)
	pg.WaitFor(t, chartsReady, 15*time.Second)
	type look struct {
		Size       float64
		Colour, BG string
	}
	show := func() look {
		t.Helper()
		var l look
		pg.Eval(t, `(() => {
  document.querySelector("div.chart rect.bar").dispatchEvent(new PointerEvent("pointerover", {bubbles: true, pointerType: "mouse"}));
  const s = getComputedStyle(document.querySelector(".chart-tip"));
  return {size: parseFloat(s.fontSize), colour: s.color, bg: s.backgroundColor};
})()`, &l)
		return l
	}
	normal := show()
	// The classes the reading aids set (not their buttons: those are kept
	// in the shared browser's localStorage, for the other tests to meet).
	pg.Eval(t, `document.documentElement.classList.add("size-large"), true`, nil)
	large := show()
	if large.Size <= normal.Size {
		t.Errorf("with the largest text size the tooltip's text is %.1f px, %.1f px before", large.Size, normal.Size)
	}
	pg.Eval(t, `document.documentElement.classList.add("contrast"), true`, nil)
	if hc := show(); hc.BG != "rgb(0, 0, 0)" || hc.Colour != "rgb(255, 255, 255)" {
		t.Errorf("in the high-contrast mode the tooltip is %s on %s, want white on black", hc.Colour, hc.BG)
	}
	pg.AssertClean(t)
}
