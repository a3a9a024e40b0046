package sitecheck

import (
	"testing"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

// scrollHintJS lists the tables of a page whose line "表格较宽，可左右滑动查看
// 全部列" does not tell the truth: shown for a table that fits its box, or
// missing for one wider than its box. It waits two frames first: a size
// change is observed before the next paint.
const scrollHintJS = `(async () => {
  for (let i = 0; i < 2; i++) await new Promise(r => requestAnimationFrame(r));
  return Array.from(document.querySelectorAll("main .table-wrap")).flatMap(w => {
  const hint = w.previousElementSibling;
  const shown = !!hint && hint.classList.contains("scroll-hint") && !hint.hidden && hint.offsetHeight > 0;
  const wide = w.scrollWidth > w.clientWidth + 1;
  const t = w.querySelector("table");
  const name = (t && t.caption ? t.caption.textContent : (t ? t.className : "")).slice(0, 30);
  if (hint && hint.classList.contains("scroll-hint") && hint.textContent !== "表格较宽，可左右滑动查看全部列") return ["the hint says " + JSON.stringify(hint.textContent) + ": " + name];
  return shown === wide ? [] : [(wide ? "wide, no hint: " : "hint, not wide: ") + name + " (" + w.scrollWidth + " > " + w.clientWidth + ")"];
});
})()`

// checkScrollHints fails the test for each table of page p (open width px
// wide) whose scroll hint is wrong (scrollHintJS).
func checkScrollHints(t *testing.T, pg *browsertest.Page, p keyPage, width int) {
	t.Helper()
	var wrong []string
	pg.Eval(t, scrollHintJS, &wrong)
	for _, s := range wrong {
		t.Errorf("/%s at %d px: %s", p.path, width, s)
	}
}

// narrowPages are the pages TestNarrowScreen and TestScrollHintsTellTheTruth
// open: the key pages, an indicator page and the trends.
func narrowPages(t *testing.T) []keyPage {
	return append(keyPages(t), keyPage{"indicator", "reports/2024/primary/backbone_teachers/", ""}, keyPage{"trends", "reports/trends/", ""})
}

// TestScrollHintsTellTheTruth: the line above a table that says it scrolls
// sideways is shown exactly when the table is wider than its box, after the
// page's scripts have redrawn it (the catalogue's rows are drawn by
// catalogue.js). This test opens the pages on a wide screen; on a phone
// (360 px) TestNarrowScreen checks the same in its visit of each page.
func TestScrollHintsTellTheTruth(t *testing.T) {
	for _, p := range narrowPages(t) {
		if p.path == "" && p.name != "home" {
			continue
		}
		t.Run(p.name+"/1280", func(t *testing.T) {
			t.Parallel() // a tab each
			checkScrollHints(t, open(t, p, 1280, 900), p, 1280)
		})
	}
}

// TestYearTablesFitADesktop: on a 1280 px screen the example's year report
// holds its tables without scrolling sideways; the per-school table of
// seven indicators fits when its headings' units wrap. Kept on one line,
// they made it 1175 px in a 1148 px box, squeezed 差距 to a column of
// broken words and put a scroll hint on a desktop.
func TestYearTablesFitADesktop(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/reports/2024/", 1280, 900)
	defer pg.Close()
	var wide []string
	pg.Eval(t, `Array.from(document.querySelectorAll("main .table-wrap")).filter(w => w.scrollWidth > w.clientWidth + 1).map(w => {
		const t = w.querySelector("table"); return (t.id || t.className) + " " + w.scrollWidth + " > " + w.clientWidth;
	})`, &wide)
	if len(wide) > 0 {
		t.Errorf("/reports/2024/ at 1280 px: tables wider than their box: %q", wide)
	}
	var n int
	pg.Eval(t, `document.querySelectorAll("main table.schools-table").length`, &n)
	if n == 0 {
		t.Error("/reports/2024/: no per-school table")
	}
}
