package sitecheck

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/svgchart"
)

// chartFigures returns, for every chart of every page of the site, the
// page, the chart's <svg> as written, and the rows of the table below it
// (each row's cells as text).
type chartFigure struct {
	page  string
	svg   string
	head  []string
	rows  [][]string
	label string // the chart element's aria-label
}

func chartFigures(t *testing.T, s Site, under ...string) []chartFigure {
	t.Helper()
	pages, err := s.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var out []chartFigure
	for _, p := range pages {
		if len(under) > 0 && !slices.ContainsFunc(under, func(d string) bool { return strings.HasPrefix(p, d) }) {
			continue
		}
		b := readPage(t, s, p)
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		// The SVGs exactly as the page holds them (the HTML parser would
		// normalise them).
		raw := regexp.MustCompile(`(?s)<svg xmlns="http://www.w3.org/2000/svg" class="svgc(?: tall)?".*?</svg>`).FindAllString(string(b), -1)
		i := 0
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode || n.Data != "figure" {
				return
			}
			if cls, _ := attr(n, "class"); !strings.Contains(cls, "chart-box") {
				return
			}
			f := chartFigure{page: p}
			walk(n, func(m *html.Node) {
				if m.Type != html.ElementNode {
					return
				}
				switch m.Data {
				case "div":
					if cls, _ := attr(m, "class"); cls == "chart" {
						f.label, _ = attr(m, "aria-label")
					}
				case "svg":
					if i < len(raw) {
						f.svg = raw[i]
					}
					i++
				case "th":
					if sc, _ := attr(m, "scope"); sc == "col" {
						f.head = append(f.head, text(m))
					}
				case "tr":
					if m.Parent != nil && m.Parent.Data == "thead" {
						return
					}
					var row []string
					for c := m.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
							row = append(row, text(c))
						}
					}
					f.rows = append(f.rows, row)
				}
			})
			out = append(out, f)
		})
		if i != len(raw) {
			t.Errorf("%s: %d chart SVGs in the page, %d in chart figures", p, len(raw), i)
		}
	}
	return out
}

// TestEveryChartSVGIsXML: every chart of the example site carries its
// drawn SVG, and each is well-formed XML with role="img" and the chart's
// sentence as its accessible name.
func TestEveryChartSVGIsXML(t *testing.T) {
	figs := chartFigures(t, example)
	if len(figs) < 50 {
		t.Fatalf("only %d charts in the example site", len(figs))
	}
	for _, f := range figs {
		if f.svg == "" {
			t.Errorf("%s: a chart (%s) without its SVG", f.page, f.label)
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(f.svg))
		root := true
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: chart %q: SVG is not well-formed XML: %v", f.page, f.label, err)
				break
			}
			if st, ok := tok.(xml.StartElement); ok && root {
				root = false
				got := map[string]string{}
				for _, a := range st.Attr {
					got[a.Name.Local] = a.Value
				}
				if got["role"] != "img" || got["aria-label"] != f.label || got["viewBox"] == "" {
					t.Errorf("%s: chart %q: svg role=%q aria-label=%q viewBox=%q", f.page, f.label, got["role"], got["aria-label"], got["viewBox"])
				}
			}
		}
	}
}

// TestRankingNamesEachSchoolOnce: in every indicator page's ranking
// chart, a school's name is written once, as its label beside its bar
// (the bar's tooltip is made of that label, its group's series and its
// value), and every bar's tooltip still names a school of the chart.
// A ranking of a few hundred schools that wrote each name again per bar
// made the pages of a province site half as large again.
func TestRankingNamesEachSchoolOnce(t *testing.T) {
	n := 0
	for _, f := range chartFigures(t, example) {
		b := readPage(t, example, f.page)
		if m := bodyKind.FindSubmatch(b); m == nil || string(m[1]) != "indicator" {
			continue
		}
		var root svgNode
		if err := xml.Unmarshal([]byte(f.svg), &root); err != nil {
			t.Fatalf("%s: %v", f.page, err)
		}
		var cats []string
		var walkCats func(n *svgNode, in bool)
		walkCats = func(n *svgNode, in bool) {
			if in && n.XMLName.Local == "text" {
				c := n.Text
				if n.Title != "" {
					c = n.Title
				}
				cats = append(cats, strings.TrimSpace(c))
				return
			}
			for i := range n.Nodes {
				walkCats(&n.Nodes[i], in || n.Nodes[i].XMLName.Local == "g" && n.Nodes[i].attr("class") == "cl")
			}
		}
		walkCats(&root, false)
		if len(cats) < 2 {
			continue
		}
		n++
		for _, c := range cats {
			// The name as a text of its own, or the start of a tooltip.
			if k := len(regexp.MustCompile(`>`+regexp.QuoteMeta(c)+`(?:<| · |：)`).FindAllString(f.svg, -1)); k != 1 {
				t.Errorf("%s: chart %q: %s is written %d times", f.page, f.label, c, k)
			}
		}
		tips, err := svgchart.MarkTips(f.svg)
		if err != nil {
			t.Fatalf("%s: %v", f.page, err)
		}
		for _, tip := range tips {
			named := false
			for _, c := range cats {
				named = named || strings.HasPrefix(tip, c+" · ") || strings.HasPrefix(tip, c+"：")
			}
			if !named {
				t.Errorf("%s: chart %q: a bar's tooltip %q names none of the chart's schools", f.page, f.label, tip)
			}
		}
	}
	if n == 0 {
		t.Error("no ranking chart on an indicator page checked")
	}
}

// svgShape is the part of a chart's SVG the geometry test reads.
type svgShape struct {
	Nodes []svgNode `xml:",any"`
}

type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Title   string     `xml:"title"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n *svgNode) attr(k string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == k {
			return a.Value
		}
	}
	return ""
}

func (n *svgNode) f(k string) float64 {
	v, _ := strconv.ParseFloat(n.attr(k), 64)
	return v
}

// plotMarks is one plot of a chart: its tick labels (value at a
// coordinate), its bars and points.
type plotMarks struct {
	horiz     bool
	ticks     [][2]float64 // value, coordinate
	bars      []svgNode
	points    []svgNode
	barTips   []string // each bar's tooltip, as js/charts.js shows it
	pointTips []string
	cats      []string // the category labels, in order
}

// tipRE reads a bar's or point's tooltip: "category · series：value", the
// value perhaps followed by its verdict or what it counts ("0.483 超过限值",
// "87.5%（7/8所）", "1（目标年）").
var tipRE = regexp.MustCompile(`^(.*?)(?: · (.*))?：(-?[0-9,]+(?:\.[0-9]+)?)%?(?:[ （].*)?$`)

func num(s string) float64 {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// TestChartGeometryMatchesTable: for every chart of the example sites,
// each bar's length and each line point's height, read against the
// chart's own axis ticks as a reader would, is the value its tooltip
// names, and that value is in the chart's table in the row (or column) of
// its category. Every chart kind the site draws is met.
var yearRE = regexp.MustCompile(`\d{4}年`)

func TestChartGeometryMatchesTable(t *testing.T) {
	servedCity(t)
	servedLarge(t)
	figs := append(chartFigures(t, example), chartFigures(t, Site{Dir: cityDir, BasePath: "/"})...)
	// Its report pages (the distribution of many schools, ten years on
	// small charts); its school pages draw as the examples' do.
	figs = append(figs, chartFigures(t, Site{Dir: largeDir, BasePath: "/"}, "reports/")...)
	kinds := map[string]int{}
	for _, f := range figs {
		var root svgNode
		if err := xml.Unmarshal([]byte(f.svg), &root); err != nil {
			t.Errorf("%s: %v", f.page, err)
			continue
		}
		// The tooltips as a reader sees them: a bar's is made of its
		// category label, its series and its value.
		tips, err := svgchart.MarkTips(f.svg)
		if err != nil {
			t.Errorf("%s: %v", f.page, err)
			continue
		}
		next := func() string {
			if len(tips) == 0 {
				t.Errorf("%s: chart %q: more marks than tooltips", f.page, f.label)
				return ""
			}
			tip := tips[0]
			tips = tips[1:]
			return tip
		}
		var plots []*plotMarks
		var collect func(n *svgNode, p *plotMarks)
		collect = func(n *svgNode, p *plotMarks) {
			switch {
			case n.XMLName.Local == "g" && n.attr("class") == "pl":
				p = &plotMarks{}
				plots = append(plots, p)
			case n.XMLName.Local == "g" && n.attr("class") == "tk" && p != nil:
				for _, tx := range n.Nodes {
					if n.attr("text-anchor") == "middle" { // under a horizontal chart
						p.horiz = true
						p.ticks = append(p.ticks, [2]float64{num(tx.Text), tx.f("x")})
					} else {
						p.ticks = append(p.ticks, [2]float64{num(tx.Text), tx.f("y") - 4})
					}
				}
				return
			case n.XMLName.Local == "g" && n.attr("class") == "cl" && p != nil:
				for _, tx := range n.Nodes {
					c := tx.Text
					if tx.Title != "" {
						c = tx.Title // shortened: the full text
					}
					p.cats = append(p.cats, strings.TrimSpace(c))
				}
				return
			case n.XMLName.Local == "rect" && n.attr("class") == "bar" && p != nil:
				p.bars = append(p.bars, *n)
				p.barTips = append(p.barTips, next())
				return
			case n.XMLName.Local == "g" && n.attr("class") == "pt" && p != nil:
				p.points = append(p.points, *n)
				p.pointTips = append(p.pointTips, next())
				return
			}
			for i := range n.Nodes {
				collect(&n.Nodes[i], p)
			}
		}
		collect(&root, nil)
		if len(plots) > 1 {
			kinds["panels"]++
		}
		for _, p := range plots {
			if len(p.ticks) < 2 {
				t.Errorf("%s: chart %q: a plot with %d ticks", f.page, f.label, len(p.ticks))
				continue
			}
			a, b := p.ticks[0], p.ticks[len(p.ticks)-1]
			perUnit := (b[1] - a[1]) / (b[0] - a[0]) // pixels per unit, negative upwards
			tol := math.Abs(0.3 / perUnit)           // coordinates are written to 0.1 px
			check := func(what, tip string, v float64) {
				t.Helper()
				m := tipRE.FindStringSubmatch(tip)
				if m == nil {
					// A tooltip in words: a figure not given ("未提供", "无学校")
					// is drawn with no length; a stack's segment
					// ("全县学校（6所） 4所达标，1所未达标…") is one of the
					// counts it names.
					// ("体育运动场馆 · 2024年：未提供": a year is no figure.)
					nums := numberRE.FindAllString(yearRE.ReplaceAllString(tip, ""), -1)
					if len(nums) == 0 {
						kinds["bars in words"]++
						if math.Abs(v) > tol {
							t.Errorf("%s: chart %q: %s %q names no figure but is drawn as %.4f", f.page, f.label, what, tip, v)
						}
						return
					}
					for _, n := range nums {
						if math.Abs(num(n)-v) <= tol+1e-9 {
							kinds["bars with counts"]++
							return
						}
					}
					t.Errorf("%s: chart %q: %s %q is drawn as %.4f, none of the figures its tooltip names", f.page, f.label, what, tip, v)
					return
				}
				want := num(m[3])
				if math.Abs(v-want) > tol+1e-9 {
					t.Errorf("%s: chart %q: %s %q is drawn as %.4f (±%.4f), its value is %s", f.page, f.label, what, tip, v, tol, m[3])
				}
				ci := -1
				for i, c := range p.cats {
					if c == m[1] {
						ci = i
					}
				}
				if !inTable(f, m[1], m[2], m[3], ci) {
					t.Errorf("%s: chart %q: %s %q: %s is not in the table's row or column of %q", f.page, f.label, what, tip, m[3], m[1])
				}
			}
			for k, bar := range p.bars {
				var v float64
				if p.horiz {
					v = bar.f("width") / perUnit
					kinds["horizontal bars"]++
				} else {
					v = bar.f("height") / -perUnit
					kinds["vertical bars"]++
				}
				check("bar", p.barTips[k], v)
			}
			for k, pt := range p.points {
				var px, py float64
				if _, err := fmt.Sscanf(pt.attr("transform"), "translate(%g %g)", &px, &py); err != nil {
					t.Errorf("%s: chart %q: a point without its place: %q", f.page, f.label, pt.attr("transform"))
				}
				v := a[0] + (py-a[1])/perUnit
				kinds["line points"]++
				check("point", p.pointTips[k], v)
			}
		}
		if strings.Contains(f.svg, "stroke-dasharray=\"6 4\"") {
			kinds["标准 lines"]++
		}
		if strings.Contains(f.svg, "stroke-dasharray=\"2 3\"") {
			kinds["85 % floor lines"]++
		}
		if strings.Contains(f.svg, `<g class="lg">`) {
			kinds["legends"]++
		}
	}
	for _, k := range []string{"horizontal bars", "vertical bars", "line points", "panels", "标准 lines", "85 % floor lines", "legends"} {
		if kinds[k] == 0 {
			t.Errorf("no %s checked", k)
		}
	}
	t.Logf("checked: %v", kinds)
}

// inTable reports whether the table of f has value in a row that names
// the category (or the series), or in a column whose heading does; when
// none does (the table names an indicator in full, the chart in short), in
// the row of the category's place (ci) in the chart.
func inTable(f chartFigure, cat, series, value string, ci int) bool {
	names := []string{cat}
	if short, _, ok := strings.Cut(cat, " "); ok {
		names = append(names, short) // "城区 4所"
	}
	if series != "" {
		names = append(names, series)
	}
	has := func(cell string) bool {
		for _, n := range numberRE.FindAllString(cell, -1) {
			if n == value {
				return true
			}
		}
		return false
	}
	named := func(s string) bool {
		for _, n := range names {
			if n != "" && (strings.Contains(s, n) || strings.Contains(n, s) && s != "") {
				return true
			}
		}
		return false
	}
	for _, row := range f.rows {
		if len(row) == 0 || !named(strings.Join(row, " ")) {
			continue
		}
		for _, c := range row {
			if has(c) {
				return true
			}
		}
	}
	for j, h := range f.head {
		if !named(h) {
			continue
		}
		for _, row := range f.rows {
			if j < len(row) && has(row[j]) {
				return true
			}
		}
	}
	if ci >= 0 && ci < len(f.rows) {
		for _, c := range f.rows[ci] {
			if has(c) {
				return true
			}
		}
	}
	return false
}

var numberRE = regexp.MustCompile(`-?[0-9][0-9,]*(?:\.[0-9]+)?`)

// chartPages are the pages of each kind that have charts in the example
// site: the year report, an indicator, the trends, a document with chart
// shortcodes, a school. (examples/city adds the overview and the area's
// trends.)
func chartPages(t *testing.T) []string {
	pages := []string{layout.Year(2024), layout.Indicator(layout.Year(2023), indicators.Primary, indicators.QualifiedTeachers), layout.Trends, "annual/report-2024/"}
	entries, _ := os.ReadDir(filepath.Join(example.Dir, "schools"))
	for _, e := range entries {
		if e.IsDir() {
			pages = append(pages, layout.School(e.Name()))
			break
		}
	}
	for _, p := range pages {
		if _, err := os.Stat(filepath.Join(example.Dir, filepath.FromSlash(p), "index.html")); err != nil {
			t.Errorf("the example site has no page %s", p)
		}
	}
	return pages
}

// visibleCharts is, in a page, the number of chart elements and the
// number of them whose drawn SVG is on screen with a sensible size.
const visibleCharts = `(() => {
  const els = Array.from(document.querySelectorAll("div.chart"));
  const ok = els.filter(el => {
    const svg = el.querySelector("svg.svgc");
    if (!svg) return false;
    const r = svg.getBoundingClientRect(), s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && r.width > 200 && r.height > 100;
  });
  return [els.length, ok.length];
})()`

// TestChartsWithoutJavaScript: with JavaScript off, every chart of every
// page kind is visible at 1280 and 360 px, and nothing is requested beyond
// the page's own files. With GONGKAI_UPDATE_SCREENSHOTS=1 the pages' screenshots go
// to docs/screenshots/ (charts-*-nojs-*.png).
func TestChartsWithoutJavaScript(t *testing.T) {
	// Screenshots only when they are to be updated: TestScreenshots checks
	// that pages can be captured, and a picture nobody looks at costs
	// Chromium about a CPU-second to encode.
	shots := ""
	if os.Getenv("GONGKAI_UPDATE_SCREENSHOTS") == "1" {
		shots = filepath.Join(repoRoot, "docs", "screenshots")
	}
	targets := chartTargets(t)
	for _, tg := range targets {
		p := tg.path
		for _, w := range []int{1280, 360} {
			t.Run(fmt.Sprintf("%s/%d", p, w), func(t *testing.T) {
				t.Parallel() // a tab each
				pg := sharedBrowser(t).VisitNoScript(t, tg.base+"/"+p, w, 900)
				var got [2]int
				pg.Eval(t, visibleCharts, &got)
				if got[0] == 0 || got[1] != got[0] {
					t.Errorf("/%s at %d px without JavaScript: %d of %d charts visible", p, w, got[1], got[0])
				}
				for _, r := range strangers(t, tg.site, tg.base, p, pg.Report().Requests) {
					t.Errorf("/%s without JavaScript requested %s, not one of the page's files", p, r)
				}
				if shots != "" && tg.base == served(t) && (p == layout.Year(2024) || strings.HasPrefix(p, "schools/") || p == layout.Trends) {
					name := "charts-report-nojs"
					if strings.HasPrefix(p, "schools/") {
						name = "charts-school-nojs"
					} else if p == layout.Trends {
						name = "charts-trends-nojs"
					}
					pg.Screenshot(t, filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, w)), true)
				}
			})
		}
	}
}

// strangers are the requests, of the URLs a page at base/page made, that
// are neither the page nor a file it loads (Refs: styles, scripts, icons,
// images): a script that fetched more (a chart library, data) would add
// them.
func strangers(t *testing.T, s Site, base, page string, requests []string) []string {
	t.Helper()
	b := readPage(t, s, layout.OutPath(page))
	own := map[string]bool{layout.OutPath(page): true}
	_, res := Refs(b)
	for _, r := range res {
		if f, local, err := s.Resolve(layout.OutPath(page), r); err == nil && local {
			own[f] = true
		}
	}
	var out []string
	for _, r := range requests {
		p := strings.TrimPrefix(strings.SplitN(r, "?", 2)[0], base)
		f := strings.TrimPrefix(p, s.BasePath)
		if f == "" || strings.HasSuffix(f, "/") {
			f += "index.html"
		}
		if !strings.HasPrefix(p, s.BasePath) || !own[f] {
			out = append(out, r)
		}
	}
	return out
}

// TestFirstViewTransfer: the first view of the year report and of a school
// page transfers at most 150 KB (the trends page 165 KB), and nothing but
// the page's own files; when the reader points at a chart's mark, its
// tooltip shows and nothing more is requested (the charts are the SVGs in
// the page, the tooltips a script of the page's own). The figures are in
// docs/performance.md. With GONGKAI_UPDATE_SCREENSHOTS=1 the pages'
// screenshots with a tooltip go to docs/screenshots/ (charts-*-js-*.png),
// beside the ones without JavaScript.
func TestFirstViewTransfer(t *testing.T) {
	shots := "" // as in TestChartsWithoutJavaScript
	if os.Getenv("GONGKAI_UPDATE_SCREENSHOTS") == "1" {
		shots = filepath.Join(repoRoot, "docs", "screenshots")
	}
	pages := chartPages(t)
	// 150 KB is the budget for the year report and a school page;
	// the trends page draws every indicator of every year (21 charts).
	for _, c := range []struct {
		name, path string
		budget     int64
	}{{"report", layout.Year(2024), 150_000}, {"school", pages[len(pages)-1], 150_000}, {"trends", layout.Trends, 165_000}} {
		for _, w := range []int{1280, 360} {
			t.Run(fmt.Sprintf("%s/%d", c.name, w), func(t *testing.T) {
				pg := sharedBrowser(t).Visit(t, served(t)+"/"+c.path, w, 900)
				pg.WaitFor(t, chartsReady, 15*time.Second)
				r := pg.Report()
				for _, u := range strangers(t, example, served(t), c.path, r.Requests) {
					t.Errorf("/%s: the first view requested %s, not one of the page's files", c.path, u)
				}
				if r.Transferred > c.budget {
					t.Errorf("/%s: the first view transferred %d bytes, want ≤ %d", c.path, r.Transferred, c.budget)
				}
				t.Logf("/%s at %d px: first view %d bytes in %d requests", c.path, w, r.Transferred, len(r.Requests))
				// The reader points at the first chart's first mark: its
				// tooltip shows, and nothing is fetched for it.
				var id string
				pg.Eval(t, `document.querySelector("div.chart").id`, &id)
				x, y := pointAt(t, pg, id, 0)
				if x < 0 {
					t.Fatalf("/%s: the first mark of chart %s is covered", c.path, id)
				}
				pg.Hover(t, x, y)
				pg.WaitFor(t, `(() => { const t = document.querySelector(".chart-tip"); return t && !t.hidden && t.textContent !== ""; })()`, 5*time.Second)
				after := pg.Report()
				if more := requestedSince(after.Requests, len(r.Requests)); len(more) > 0 {
					t.Errorf("/%s: pointing at a chart requested %v", c.path, more)
				}
				t.Logf("/%s at %d px: after pointing at a chart %d bytes", c.path, w, after.Transferred)
				if shots != "" && (c.name != "trends" || w == 1280) {
					pg.Screenshot(t, filepath.Join(shots, fmt.Sprintf("charts-%s-js-%d.png", c.name, w)), true)
				}
				pg.AssertClean(t)
			})
		}
	}
}

// chartText is, for each chart drawn at build time, the texts that run
// out of it or into each other (each box less a tenth of its height above
// and below, the line gap of Chinese glyphs), and the size of its smallest
// and its body text as the reader sees them, in px.
const chartText = `(() => {
  const out = {Clashes: [], Min: 1e9, Axis: []};
  for (const svg of document.querySelectorAll("svg.svgc")) {
    const id = svg.closest("div.chart").id, b = svg.getBoundingClientRect();
    const k = b.width / svg.viewBox.baseVal.width;
    const ts = [];
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect(), d = r.height * 0.1;
      if (r.width === 0) continue;
      ts.push([t.textContent, {l: r.left, r: r.right, t: r.top + d, b: r.bottom - d}]);
      out.Min = Math.min(out.Min, parseFloat(getComputedStyle(t).fontSize) * k);
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) out.Clashes.push(id + ": " + t.textContent + " runs out of the chart");
    }
    out.Axis.push(13 * k);
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
      const a = ts[i][1], c = ts[j][1];
      if (Math.min(a.r, c.r) - Math.max(a.l, c.l) > 1 && Math.min(a.b, c.b) - Math.max(a.t, c.t) > 1) out.Clashes.push(id + ": " + ts[i][0] + " ⟷ " + ts[j][0]);
    }
  }
  return out;
})()`

// chartTarget is a page with charts: its site, the site's address and the
// page's path.
type chartTarget struct {
	site       Site
	base, path string
}

// chartTargets are the pages of every chart kind: the example site's
// (chartPages) and the city's overview and area trends.
func chartTargets(t *testing.T) []chartTarget {
	var out []chartTarget
	for _, p := range chartPages(t) {
		out = append(out, chartTarget{example, served(t), p})
	}
	cityBase := servedCity(t)
	city := Site{Dir: cityDir, BasePath: "/"}
	return append(out, chartTarget{city, cityBase, layout.Year(2024)}, chartTarget{city, cityBase, layout.Trends})
}

// TestChartTextFits: in every chart kind drawn at build time, at 1280 and
// 360 px and at the reader's largest text size, no text runs out of its
// chart or into another; and the largest text size draws the charts larger.
func TestChartTextFits(t *testing.T) {
	targets := chartTargets(t)
	for _, tg := range targets {
		for _, w := range []int{1280, 360} {
			t.Run(fmt.Sprintf("%s/%d", tg.path, w), func(t *testing.T) {
				t.Parallel() // a tab each
				pg := sharedBrowser(t).Visit(t, tg.base+"/"+tg.path, w, 900)
				type result struct {
					Clashes []string
					Min     float64
					Axis    []float64
				}
				var normal, large result
				pg.Eval(t, chartText, &normal)
				pg.Eval(t, `document.documentElement.classList.add("size-large"), 1`, nil)
				pg.Eval(t, chartText, &large)
				if len(normal.Axis) == 0 {
					t.Fatal("no chart drawn at build time on this page")
				}
				for _, c := range append(normal.Clashes, large.Clashes...) {
					t.Error(c)
				}
				if w == 1280 && large.Axis[0] <= normal.Axis[0] {
					t.Errorf("at the largest text size the axis text is %.1f px, at the normal size %.1f px: the chart does not follow the reader's text size", large.Axis[0], normal.Axis[0])
				}
				t.Logf("smallest chart text %.1f px, axis text %.1f px (largest size: %.1f px)", normal.Min, normal.Axis[0], large.Axis[0])
			})
		}
	}
}
