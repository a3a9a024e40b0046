package sitecheck

import (
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

// phoneJS measures, on a page 360 px wide, what a reader on a phone meets:
// the header's height, where the home page's 监测 summary starts, each
// wide table (does a hint say it scrolls, does its first column stay in
// view and keep a readable width when it does), year cells that break
// (2022/年), and whether the catalogue needs scrolling sideways.
const phoneJS = `(async () => {
  const out = {header: document.querySelector(".site-header").getBoundingClientRect().height + document.querySelector(".toolbar").getBoundingClientRect().height,
    headline: -1, unhinted: [], narrowFirst: [], unstuck: [], brokenYears: [], catalogueScrolls: false};
  const h = document.querySelector(".headline");
  if (h) out.headline = h.getBoundingClientRect().top + scrollY;
  const fs = parseFloat(getComputedStyle(document.body).fontSize);
  for (const w of document.querySelectorAll("main .table-wrap")) {
    const t = w.querySelector("table");
    const name = (t.caption ? t.caption.firstChild.textContent : t.className).slice(0, 40);
    if (w.scrollWidth <= w.clientWidth + 1) continue;
    if (t.classList.contains("cat-table")) out.catalogueScrolls = true;
    const hint = w.previousElementSibling;
    if (!hint || !hint.classList.contains("scroll-hint") || hint.hidden || hint.offsetHeight === 0) out.unhinted.push(name);
    const th = t.querySelector("tbody th[scope=row]");
    if (!th) continue;
    if (th.getBoundingClientRect().width < 5.5 * fs) out.narrowFirst.push(name + " " + Math.round(th.getBoundingClientRect().width) + "px");
    if (t.querySelector("th[rowspan]")) continue;
    w.scrollLeft = w.scrollWidth;
    await new Promise(r => requestAnimationFrame(r));
    if (Math.abs(th.getBoundingClientRect().left - w.getBoundingClientRect().left) > 2) out.unstuck.push(name);
    w.scrollLeft = 0;
  }
  for (const c of document.querySelectorAll("main td, main th")) {
    const text = c.firstChild && c.firstChild.nodeType === 1 ? c.firstChild : c;
    if (!/^\d{4}年(报告)?$/.test(c.textContent.trim())) continue;
    const r = document.createRange();
    r.selectNodeContents(text.nodeType === 1 && text.firstChild ? text.firstChild : text);
    const tops = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top)));
    if (tops.size > 1) out.brokenYears.push(c.textContent.trim());
  }
  return out;
})()`

// checkPhone runs phoneJS on page p (open 360 px wide, normal text) and
// reports what a reader on a phone would meet: a header taller than 230
// px, the home page's 监测 summary not right below it, a table wider than
// the screen that does not say so or loses or squeezes its first column,
// year cells broken over two lines, a catalogue that scrolls sideways.
func checkPhone(t *testing.T, pg *browsertest.Page, p keyPage) {
	t.Helper()
	var m struct {
		Header, Headline                            float64
		Unhinted, NarrowFirst, Unstuck, BrokenYears []string
		CatalogueScrolls                            bool
	}
	pg.Eval(t, phoneJS, &m)
	if m.Header > 230 {
		t.Errorf("/%s: the header and reading aids take %.0f px of a 740 px screen, want at most 230", p.path, m.Header)
	}
	if p.name == "home" && (m.Headline < 0 || m.Headline > m.Header+120) {
		t.Errorf("the 监测 summary starts at y = %.0f, want right below the header (%.0f px)", m.Headline, m.Header)
	}
	for _, s := range m.Unhinted {
		t.Errorf("/%s: table %q is wider than the screen and nothing says so", p.path, s)
	}
	for _, s := range m.NarrowFirst {
		t.Errorf("/%s: table %q: the first column is squeezed", p.path, s)
	}
	for _, s := range m.Unstuck {
		t.Errorf("/%s: table %q: the first column leaves the screen when the table scrolls", p.path, s)
	}
	if len(m.BrokenYears) > 0 {
		t.Errorf("/%s: year cells broken over two lines: %s", p.path, strings.Join(m.BrokenYears, ", "))
	}
	if m.CatalogueScrolls {
		t.Errorf("/%s: the catalogue scrolls sideways: its rows should be cards", p.path)
	}
}
