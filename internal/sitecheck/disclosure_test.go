package sitecheck

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
)

// disclosurePage is the example's 2024年政府信息公开工作年度报告.
var disclosurePage = keyPage{"disclosure report", "annual/disclosure-2024/", ""}

// tablesJS measures the report's tables: for each, its class, whether its
// scroll box scrolls, and how many of its number cells are not
// right-aligned.
const tablesJS = `Array.from(document.querySelectorAll('table.dt')).map(t => {
  const w = t.closest('.table-wrap');
  return {class: t.className, scrolls: w.scrollWidth > w.clientWidth + 1, right: Math.round(t.getBoundingClientRect().right),
    notRight: Array.from(t.querySelectorAll('td.num')).filter(td => getComputedStyle(td).textAlign !== 'right').length};
})`

type tableBox struct {
	Class    string
	Scrolls  bool
	Right    int
	NotRight int
}

// TestDisclosureReportPage looks at the report as its readers do: on a
// desktop the three tables sit in the text column without scrolling, their
// numbers right-aligned; on a 360 px phone the page does not scroll
// sideways (a wide table scrolls in its own box, which the keyboard can
// reach); printed on A4 every table fits the paper's width. axe finds no
// serious violation.
func TestDisclosureReportPage(t *testing.T) {
	pg := open(t, disclosurePage, 1280, 900)
	var tables []tableBox
	pg.Eval(t, tablesJS, &tables)
	if len(tables) != 3 || tables[0].Class != "dt dt-active" || tables[1].Class != "dt dt-requests" || tables[2].Class != "dt dt-review" {
		t.Fatalf("tables %+v, want 表二, 表三 and 表四 in order", tables)
	}
	for _, tb := range tables {
		if tb.Scrolls || tb.NotRight > 0 {
			t.Errorf("at 1280 px, %s scrolls (%v) or has %d numbers not right-aligned", tb.Class, tb.Scrolls, tb.NotRight)
		}
	}
	// The official layout: 表三's corner holds the 勾稽关系 over three
	// header rows; 表四 heads 15 columns.
	var shape struct {
		Corner                      string
		Span, HeadRows, ReviewCells int
	}
	pg.Eval(t, `(() => { const c = document.querySelector('table.dt-requests thead td');
	  return {corner: c.textContent, span: c.colSpan * 10 + c.rowSpan, headRows: document.querySelectorAll('table.dt-requests thead tr').length,
	    reviewCells: document.querySelectorAll('table.dt-review tbody td').length}; })()`, &shape)
	if !strings.Contains(shape.Corner, "勾稽关系") || shape.Span != 33 || shape.HeadRows != 3 || shape.ReviewCells != 15 {
		t.Errorf("表三's corner %q (span %d, want 3×3) over %d header rows; 表四 has %d cells (want 15)", shape.Corner, shape.Span, shape.HeadRows, shape.ReviewCells)
	}
	script, err := axe.Script()
	if err != nil {
		t.Fatal(err)
	}
	injectAxe(t, pg, string(script))
	for _, mode := range []string{"normal", "contrast"} {
		if mode == "contrast" {
			pg.Eval(t, `document.documentElement.classList.add("contrast")`, nil)
		}
		for _, v := range runInjectedAxe(t, pg).Violations {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("axe (%s): %s (%s): %s — %v", mode, v.ID, v.Impact, v.Help, v.Nodes)
			}
		}
	}
	pg.AssertClean(t)

	phone := open(t, disclosurePage, 360, 740)
	var width int
	phone.Eval(t, `document.documentElement.scrollWidth`, &width)
	if width > 360 {
		t.Errorf("at 360 px the page is %d px wide", width)
	}
	var regions int
	phone.Eval(t, `Array.from(document.querySelectorAll('.dt-wrap')).filter(w => w.scrollWidth > w.clientWidth && w.tabIndex === 0 && w.getAttribute('role') === 'region').length`, &regions)
	if regions < 2 {
		t.Errorf("at 360 px %d tables scroll in a focusable region; want 表三 and 表四 at least", regions)
	}

	// A4 less the default margins of 1 cm: 7.48 in, 718 CSS px.
	const printable = 718
	paper := open(t, disclosurePage, printable, 1000)
	paper.EmulatePrint(t, "print")
	paper.Eval(t, tablesJS, &tables)
	for _, tb := range tables {
		if tb.Scrolls || tb.Right > printable {
			t.Errorf("printed on A4, %s is cut (scrolls %v, right edge at %d px of %d)", tb.Class, tb.Scrolls, tb.Right, printable)
		}
	}
	pdf := paper.PrintPDF(t, browsertest.A4Width, browsertest.A4Height)
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < 2 || pages > 8 {
		t.Errorf("the PDF has %d pages (%d bytes)", pages, len(pdf))
	}
	if out := os.Getenv("GONGKAI_DISCLOSURE_PDF"); out != "" {
		if err := os.WriteFile(out, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("printed on A4: %d pages", pages)
}
