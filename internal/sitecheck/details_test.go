package sitecheck

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

// TestChartWordsHaveCharts: a sentence that speaks of the charts (图中…)
// is shown with or without JavaScript, so the page it is on must carry its
// charts without JavaScript too: every chart drawn at build time as SVG
// (internal/svgchart), none left for a script to draw.
func TestChartWordsHaveCharts(t *testing.T) {
	pages, err := example.Pages()
	if err != nil {
		t.Fatal(err)
	}
	said := 0
	for _, p := range pages {
		doc, err := html.Parse(bytes.NewReader(readPage(t, example, p)))
		if err != nil {
			t.Fatal(err)
		}
		speaks, charts, drawn := false, 0, 0
		walk(doc, func(n *html.Node) {
			if n.Type == html.TextNode && strings.Contains(n.Data, "图中") && n.Parent != nil && n.Parent.Data != "script" {
				speaks = true
			}
			if n.Type != html.ElementNode || n.Data != "div" {
				return
			}
			if c, _ := attr(n, "class"); strings.Contains(" "+c+" ", " chart ") {
				charts++
				for k := n.FirstChild; k != nil; k = k.NextSibling {
					if k.Type == html.ElementNode && k.Data == "svg" {
						drawn++
						break
					}
				}
			}
		})
		if !speaks {
			continue
		}
		said++
		if charts == 0 || drawn != charts {
			t.Errorf("%s speaks of its charts (图中…) but carries %d of %d charts drawn", p, drawn, charts)
		}
	}
	if said == 0 {
		t.Error("no page speaks of its charts: the test checks nothing")
	}
}

// TestReaderDetails: what a reader notices on the way — a 失效/废止 mark
// beside a long title keeps its own height and the date on the title's
// line; search labels each hit by what it is (学校, or the document's
// section such as 工作动态) and puts ?q= back into the search boxes; a
// school page marks 监测数据 as the current menu entry, which shares
// no word with another (年度报告 and 数据报告 did); in high contrast the
// section headings keep their bar; the text about charts shows with them.
func TestReaderDetails(t *testing.T) {
	b := sharedBrowser(t)
	base := served(t)

	t.Run("badge", func(t *testing.T) {
		pg := b.Visit(t, base+"/policies/", 1280, 900)
		var rows []struct {
			Mark, Title, Date float64
			MarkH             float64
		}
		pg.Eval(t, `Array.from(document.querySelectorAll(".doc-list li")).filter(li => li.querySelector(".mark")).map(li => ({
			mark: li.querySelector(".mark").getBoundingClientRect().top, markH: li.querySelector(".mark").getBoundingClientRect().height,
			title: li.querySelector("a").getBoundingClientRect().top, date: li.querySelector("time").getBoundingClientRect().top}))`, &rows)
		if len(rows) == 0 {
			t.Fatal("no 失效/废止 mark on /policies/")
		}
		for _, r := range rows {
			if r.MarkH > 32 || r.Date-r.Title > 6 || r.Title-r.Date > 6 {
				t.Errorf("mark %.0f px high; title at y = %.0f, date at %.0f: the mark stretches or pushes the date down", r.MarkH, r.Title, r.Date)
			}
		}
	})

	// The text size, contrast and print buttons work by script: without
	// it they are not shown, rather than shown doing nothing.
	t.Run("toolbar", func(t *testing.T) {
		for _, noScript := range []bool{false, true} {
			var pg *browsertest.Page
			if noScript {
				pg = b.VisitNoScript(t, base+"/policies/", 1280, 900)
			} else {
				pg = b.Visit(t, base+"/policies/", 1280, 900)
			}
			var shown bool
			pg.Eval(t, `(() => { const t = document.querySelector(".toolbar"); return !!t && t.getBoundingClientRect().height > 0 && getComputedStyle(t).display !== "none" })()`, &shown)
			if shown == noScript {
				t.Errorf("JavaScript off %v: the toolbar shown %v", noScript, shown)
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		pg := b.Visit(t, base+"/search/?q=%E6%95%99%E8%82%B2", 1280, 900)
		pg.WaitFor(t, `document.getElementById('search-results').hasAttribute('data-done')`, 15*time.Second)
		var r struct {
			Box, Header string
			Hits        []struct{ URL, Kind string }
			Sections    map[string]string
		}
		pg.Eval(t, `({box: document.getElementById("search-q").value, header: document.getElementById("site-search-q").value,
			hits: Array.from(document.querySelectorAll("#search-results li")).map(li => ({url: new URL(li.querySelector("a").href).pathname, kind: li.querySelector(".result-kind").textContent})),
			sections: Object.fromEntries(Array.from(document.querySelectorAll(".main-nav a")).map(a => [new URL(a.href).pathname, a.textContent]))})`, &r)
		if r.Box != "教育" || r.Header != "教育" {
			t.Errorf("search boxes hold %q and %q, want the query 教育", r.Box, r.Header)
		}
		kinds := map[string]bool{}
		for _, h := range r.Hits {
			want := "文件"
			if strings.HasPrefix(h.URL, "/schools/") {
				want = "学校"
			}
			for p, title := range r.Sections {
				if p != "/" && strings.HasPrefix(h.URL, p) && !strings.HasPrefix(p, "/reports/") && !strings.HasPrefix(p, "/catalogue/") {
					want = title
				}
			}
			if h.Kind != want {
				t.Errorf("hit %s labelled %q, want %q", h.URL, h.Kind, want)
			}
			kinds[h.Kind] = true
		}
		if len(kinds) < 3 {
			t.Errorf("hits of %d kinds (%v): the query should find schools and documents of several sections", len(kinds), kinds)
		}
	})

	t.Run("school menu", func(t *testing.T) {
		school := ""
		for _, p := range keyPages(t) {
			if p.name == "school" {
				school = p.path
			}
		}
		pg := b.Visit(t, base+"/"+school, 1280, 900)
		var current []string
		var names []string
		pg.Eval(t, `Array.from(document.querySelectorAll(".main-nav a[aria-current]")).map(a => a.textContent)`, &current)
		pg.Eval(t, `Array.from(document.querySelectorAll(".main-nav a")).map(a => a.textContent)`, &names)
		if len(current) != 1 || current[0] != "监测数据" {
			t.Errorf("a school page marks %v as the current menu entry, want 监测数据", current)
		}
		// The data pages' entry shares no word with a section's (年度报告
		// and 数据报告 did).
		for _, c := range names {
			if c != "监测数据" {
				if w := sharedWord("监测数据", c); w != "" {
					t.Errorf("menu entries 监测数据 and %s share %s: a reader cannot tell them apart at a glance", c, w)
				}
			}
		}
	})

	t.Run("contrast bars", func(t *testing.T) {
		pg := b.Visit(t, base+"/reports/2024/", 1280, 900)
		pg.Eval(t, `(document.documentElement.classList.add("contrast"), true)`, nil)
		var c struct {
			Bar, Bg  string
			Shown    bool
			BarWidth string
		}
		pg.Eval(t, `(() => { const h = document.querySelector(".report-section > h2"), s = getComputedStyle(h);
			const n = document.querySelector(".section-note .if-charts");
			return {bar: s.borderLeftColor, barWidth: s.borderLeftWidth, bg: getComputedStyle(document.body).backgroundColor,
				shown: !!n && getComputedStyle(n).display !== "none"}; })()`, &c)
		if c.Bar == c.Bg || c.BarWidth == "0px" {
			t.Errorf("high contrast: the heading bar is %s %s on %s", c.BarWidth, c.Bar, c.Bg)
		}
		if !c.Shown {
			t.Error("with charts drawn, the sentence about them is hidden")
		}
	})
}

// sharedWord is a two-character word (bigram) both names hold, or "".
func sharedWord(a, b string) string {
	ra := []rune(a)
	for i := 0; i+1 < len(ra); i++ {
		if w := string(ra[i : i+2]); strings.Contains(b, w) {
			return w
		}
	}
	return ""
}

// TestBelowMarkStaysWithItsValue: in a table whose cells carry a second
// line (为标准的 0.81 倍), the ↓ of a value below the standard stays on the
// value's line: a row with such cells is no taller than it is without the
// marks, at 360 px (where the columns are narrowest).
func TestBelowMarkStaysWithItsValue(t *testing.T) {
	for _, w := range []int{360} {
		pg := sharedBrowser(t).Visit(t, served(t)+"/schools/2150000102/", w, 900)
		var got struct {
			Rows   int
			Taller []string
		}
		pg.Eval(t, `(() => {
			let rows = 0; const taller = [];
			for (const tr of document.querySelectorAll("main tbody tr")) {
				const marked = Array.from(tr.cells).filter(c => c.classList.contains("below") && c.querySelector("small"));
				if (!marked.length) continue;
				rows++;
				const h = tr.getBoundingClientRect().height;
				marked.forEach(c => c.classList.remove("below"));
				const h0 = tr.getBoundingClientRect().height;
				marked.forEach(c => c.classList.add("below"));
				if (h > h0 + 4) taller.push(tr.cells[0].textContent + ": " + h.toFixed(0) + " px, " + h0.toFixed(0) + " without the marks");
			}
			return {rows, taller};
		})()`, &got)
		if got.Rows == 0 {
			t.Fatalf("at %d px: no row with a cell marked ↓ that has a second line", w)
		}
		for _, s := range got.Taller {
			t.Errorf("at %d px: the ↓ takes a line of its own: %s", w, s)
		}
		pg.AssertClean(t)
		pg.Close()
	}
}
