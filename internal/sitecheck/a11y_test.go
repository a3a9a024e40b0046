package sitecheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
)

// keyPage is a page the accessibility checks cover.
type keyPage struct {
	name string
	path string // site path under the base; "" is the home page
	// ready is a JavaScript condition to wait for (scripts done).
	ready string
}

// keyPages are the pages the issue names: home, catalogue, a document,
// search (with results), the year report and a school page. The last two
// come from internal/report; when the example has no data they are missing,
// which fails the test (the example site has data).
func keyPages(t *testing.T) []keyPage {
	t.Helper()
	pages := []keyPage{
		{"home", "", ""},
		{"catalogue", "catalogue/", "!document.getElementById('cat-filter').hidden"},
		{"document", "plans/plan-2022/", ""},
		{"search", "search/?q=" + "优质均衡", "document.getElementById('search-results').hasAttribute('data-done')"},
		{"year report", layout.Year(2024), ""},
		// A school of two parts and three years: every section a school
		// page has (the newest year, 历年达标情况 with a year spanning two
		// rows, the trends).
		{"school", layout.School("2150000020"), ""},
	}
	for _, p := range pages {
		if p.name == "home" {
			continue
		}
		file := strings.SplitN(p.path, "?", 2)[0] + "index.html"
		if p.path == "" {
			t.Errorf("the example site has no %s page", p.name)
		} else if _, err := os.Stat(filepath.Join(example.Dir, file)); err != nil {
			t.Errorf("the example site has no %s page (%s)", p.name, file)
		}
	}
	return pages
}

func open(t *testing.T, p keyPage, width, height int) *browsertest.Page {
	t.Helper()
	pg := sharedBrowser(t).Visit(t, served(t)+"/"+p.path, width, height)
	if p.ready != "" {
		pg.WaitFor(t, p.ready, 15*time.Second)
	}
	return pg
}

// axeResult is the part of axe.run's result the tests read.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes     int `json:"passes"`
	Incomplete []struct {
		ID    string `json:"id"`
		Nodes int    `json:"nodes"`
	} `json:"incomplete"`
}

// runAxe injects axe-core and runs the WCAG 2.1 A and AA rules and axe's
// best practices (landmarks, unique region names).
func runAxe(t *testing.T, pg *browsertest.Page, script string) axeResult {
	t.Helper()
	injectAxe(t, pg, script)
	return runInjectedAxe(t, pg)
}

func injectAxe(t *testing.T, pg *browsertest.Page, script string) {
	t.Helper()
	pg.Eval(t, script+"\n;true", nil)
}

// runInjectedAxe is runAxe on a page where axe-core is already injected.
func runInjectedAxe(t *testing.T, pg *browsertest.Page) axeResult {
	t.Helper()
	var raw json.RawMessage
	pg.Eval(t, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations", "incomplete"]})
		.then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, failureSummary: n.failureSummary}))})), passes: r.passes.length,
			incomplete: r.incomplete.map(v => ({id: v.id, nodes: v.nodes.length}))}))`, &raw)
	var res axeResult
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// serious is what axe finds of impact serious or critical, a line
// each, the page named by where.
func (r axeResult) serious(where string) []string {
	var out []string
	for _, v := range r.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, fmt.Sprintf("%s: axe %s (%s): %s, %d node(s)", where, v.ID, v.Impact, v.Help, len(v.Nodes)))
		}
	}
	return out
}

// widerThanScreen is what on the page reaches past the screen's right
// edge, outside the tables' and charts' own scrolling boxes (at most five).
func widerThanScreen(t *testing.T, pg *browsertest.Page) []string {
	t.Helper()
	var out []string
	pg.Eval(t, `Array.from(document.querySelectorAll("body *")).filter(el => {
		const r = el.getBoundingClientRect();
		return r.right > innerWidth + 1 && !el.closest(".table-wrap, .chart, .visually-hidden");
	}).slice(0, 5).map(el => el.tagName + "." + el.className)`, &out)
	return out
}

// TestAxeWCAG21AA runs axe-core on the key pages in the normal and then,
// in the same visit, the high-contrast mode: no violation of impact
// moderate, serious or critical (colour contrast ≥ 4.5:1, every part of the
// page in a landmark, distinct names for regions are among the rules).
// Minor ones are logged.
func TestAxeWCAG21AA(t *testing.T) {
	script, err := axe.Script()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range keyPages(t) {
		if p.path == "" && p.name != "home" {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			t.Parallel() // a tab each: the pages wait on the browser more than on the CPU
			pg := open(t, p, 1280, 900)
			injectAxe(t, pg, string(script))
			for _, mode := range []string{"normal", "contrast"} {
				t.Run(mode, func(t *testing.T) {
					if mode == "contrast" {
						pg.Eval(t, `document.documentElement.classList.add("contrast")`, nil)
					}
					res := runInjectedAxe(t, pg)
					var serious, other []string
					for _, v := range res.Violations {
						var where []string
						for _, n := range v.Nodes {
							where = append(where, fmt.Sprint(n.Target)+" "+strings.ReplaceAll(n.Summary, "\n", " "))
						}
						line := fmt.Sprintf("%s (%s): %s — %d node(s): %s", v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(where, " | "))
						if v.Impact == "moderate" || v.Impact == "serious" || v.Impact == "critical" {
							serious = append(serious, line)
						} else {
							other = append(other, line)
						}
					}
					for _, s := range serious {
						t.Errorf("%s: %s", p.path, s)
					}
					for _, s := range other {
						t.Logf("%s: %s", p.path, s)
					}
					for _, v := range res.Incomplete {
						t.Logf("%s: needs review: %s (%d node(s))", p.path, v.ID, v.Nodes)
					}
					t.Logf("axe %s on /%s (%s): %d rules passed, %d serious/critical, %d other violations, %d to review",
						axe.Version, p.path, mode, res.Passes, len(serious), len(other), len(res.Incomplete))
				})
			}
			pg.AssertClean(t)
		})
	}
}

// focusable lists the controls of the page a keyboard must reach: visible
// links, buttons, form fields and summaries that are not disabled.
const focusableJS = `(() => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.closest('[hidden], [inert]')) continue;
    if (el.getAttribute('tabindex') === '-1') continue;
    const details = el.closest('details:not([open])');
    if (details && el.tagName !== 'SUMMARY') continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && !el.classList.contains('skip-link')) continue;
    out.push(el);
  }
  return out;
})()`

// TestKeyboard tabs through every key page: the first Tab reaches the skip
// link, which moves focus to <main>; then every control is reached in turn
// (no control left out, none with a positive tabindex), and focus is always
// visible (an outline).
func TestKeyboard(t *testing.T) {
	for _, p := range keyPages(t) {
		if p.path == "" && p.name != "home" {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			pg := open(t, p, 1280, 900)
			var positive int
			pg.Eval(t, `document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').length`, &positive)
			if positive > 0 {
				t.Errorf("%d elements with a positive tabindex", positive)
			}
			pg.Eval(t, `((`+focusableJS+`).forEach((el, i) => el.setAttribute('data-key', i)), true)`, nil)
			var want int
			pg.Eval(t, `document.querySelectorAll('[data-key]').length`, &want)

			// Every control, from the top of the freshly loaded page; the
			// first is the skip link, visible when focused. What each Tab
			// focused is recorded when the key comes up (after focus has
			// moved and the element scrolled into view), and read after a
			// few presses: a DevTools round trip per Tab less.
			pg.Eval(t, `(window.tabs = [], addEventListener("keyup", e => { if (e.key !== "Tab") return;
				const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
				tabs.push({key: el.getAttribute('data-key'), tag: el.tagName, class: el.className, outline: s.outlineStyle, width: s.outlineWidth,
					visible: r.top >= 0 && r.bottom <= innerHeight && r.width > 0,
					body: el === document.body || el === document.documentElement}); }, true), true)`, nil)
			seen := map[string]bool{}
			var noOutline []string
			const perRead = 8
			for i, done := 0, false; i < want+40 && !done; {
				n := min(perRead, want+40-i)
				pg.Press(t, strings.Repeat(kb.Tab, n))
				var tabs []struct {
					Key     *string
					Tag     string
					Class   string
					Outline string
					Width   string
					Visible bool
					Body    bool
				}
				pg.Eval(t, `tabs.splice(0)`, &tabs)
				if len(tabs) != n {
					t.Fatalf("%d Tabs pressed, %d recorded", n, len(tabs))
				}
				for _, st := range tabs {
					if i == 0 && (st.Class != "skip-link" || !st.Visible) {
						t.Errorf("first Tab: focus on <%s class=%q> (visible %v), want the visible skip link", st.Tag, st.Class, st.Visible)
					}
					i++
					if st.Body {
						done = true
						break
					}
					if st.Key == nil {
						continue // e.g. a focusable scroll region added by a script
					}
					if seen[*st.Key] {
						done = true
						break // wrapped around
					}
					seen[*st.Key] = true
					if st.Outline == "none" || st.Width == "0px" {
						noOutline = append(noOutline, st.Tag+"#"+*st.Key)
					}
				}
			}
			var missed []string
			pg.Eval(t, `Array.from(document.querySelectorAll('[data-key]')).filter(el => !(`+jsSet(seen)+`).has(el.getAttribute('data-key'))).map(el => el.outerHTML.slice(0, 120))`, &missed)
			for _, m := range missed {
				t.Errorf("not reached by Tab: %s", m)
			}
			if len(noOutline) > 0 {
				t.Errorf("focus not visible (no outline) on %v", noOutline)
			}

			// The skip link moves focus to <main>.
			pg.Eval(t, `(document.querySelector('.skip-link').focus(), true)`, nil)
			pg.Press(t, kb.Enter)
			var mainFocused bool
			pg.Eval(t, `document.activeElement === document.getElementById('main')`, &mainFocused)
			if !mainFocused {
				t.Errorf("the skip link does not move focus to <main>")
			}
			t.Logf("/%s: %d controls, %d reached by Tab", p.path, want, len(seen))
		})
	}
}

func jsSet(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b, _ := json.Marshal(keys)
	return "new Set(" + string(b) + ")"
}

// TestNarrowScreen opens the key pages, an indicator page and the trends
// 360 px wide: the page itself must not scroll sideways (wide tables scroll
// inside their own box), and with normal text what a reader on a phone
// meets is checked (checkPhone), and that each table says it scrolls
// sideways exactly when it is wider than its box (checkScrollHints, the
// phone's half of TestScrollHintsTellTheTruth: one visit for both).
func TestNarrowScreen(t *testing.T) {
	for _, p := range narrowPages(t) {
		if p.path == "" && p.name != "home" {
			continue
		}
		for _, mode := range []string{"normal", "large"} {
			t.Run(p.name+"/"+mode, func(t *testing.T) {
				t.Parallel() // a tab each
				pg := open(t, p, 360, 740)
				if mode == "large" {
					pg.Eval(t, `(document.documentElement.classList.add("size-large"), true)`, nil)
				} else {
					checkScrollHints(t, pg, p, 360)
					checkPhone(t, pg, p)
				}
				var w struct{ Scroll, Client int }
				pg.Eval(t, `({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`, &w)
				if w.Scroll > 360 {
					var wide []string
					pg.Eval(t, `Array.from(document.querySelectorAll('body *')).filter(el => el.getBoundingClientRect().right > 361 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > 361)).slice(0, 8).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))`, &wide)
					t.Errorf("/%s at 360 px (%s text): page is %d px wide; wide elements: %v", p.path, mode, w.Scroll, wide)
				}
			})
		}
	}
}

// TestReadingAidsPersist: text size and high contrast, chosen on one page,
// hold on the next (localStorage), and the buttons say so (aria-pressed).
func TestReadingAidsPersist(t *testing.T) {
	b := sharedBrowser(t)
	home := b.Visit(t, served(t)+"/", 1280, 900)
	// Before any choice: 中 is pressed, the others are not (the page
	// itself says nothing; js/site.js sets them).
	var first string
	home.Eval(t, `Array.from(document.querySelectorAll(".toolbar button[data-size], .toolbar button[data-contrast]")).map(b => b.getAttribute("aria-pressed")).join(" ")`, &first)
	if first != "false true false false" {
		t.Errorf("aria-pressed of 小 中 大 高对比度 on a first visit: %q, want false true false false", first)
	}
	home.Eval(t, `(document.querySelector('[data-size="large"]').click(), document.querySelector('[data-contrast]').click(), true)`, nil)
	defer func() {
		// Reset for the other tests (the browser profile is shared).
		home.Eval(t, `(localStorage.clear(), true)`, nil)
	}()
	next := b.Visit(t, served(t)+"/catalogue/", 1280, 900)
	var st struct {
		Classes  string
		Large    string
		Contrast string
	}
	next.Eval(t, `({classes: document.documentElement.className,
		large: document.querySelector('[data-size="large"]').getAttribute('aria-pressed'),
		contrast: document.querySelector('[data-contrast]').getAttribute('aria-pressed')})`, &st)
	if !strings.Contains(st.Classes, "size-large") || !strings.Contains(st.Classes, "contrast") {
		t.Errorf("next page has classes %q, want size-large and contrast", st.Classes)
	}
	if st.Large != "true" || st.Contrast != "true" {
		t.Errorf("aria-pressed: large %s, contrast %s; want true, true", st.Large, st.Contrast)
	}
	var fontSize string
	next.Eval(t, `getComputedStyle(document.documentElement).fontSize`, &fontSize)
	if fontSize != "20px" {
		t.Errorf("large text: root font size %s, want 20px", fontSize)
	}
}

// TestSkipLinkHiddenAtEveryTextSize: the skip link stays above the page
// until it takes focus, at every text size (at 大 it was 52 px tall and
// showed 4 px under the top edge of every page), and shows on focus.
func TestSkipLinkHiddenAtEveryTextSize(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/", 1280, 900)
	defer pg.Close()
	for _, size := range []string{"size-small", "", "size-large"} {
		var bottom float64
		pg.Eval(t, fmt.Sprintf(`(() => { const c = document.documentElement.classList; c.remove("size-small", "size-large"); if (%q) c.add(%q);
			return document.querySelector(".skip-link").getBoundingClientRect().bottom })()`, size, size), &bottom)
		if bottom > 0 {
			t.Errorf("text size %q: the skip link shows %.0f px of itself", size, bottom)
		}
	}
	var top float64
	pg.EmulateFocus(t) // :focus applies only on a focused page; other tests' tabs may be in front
	pg.Eval(t, `(() => { const a = document.querySelector(".skip-link"); a.focus(); return a.getBoundingClientRect().top })()`, &top)
	if top < 0 {
		t.Errorf("focused, the skip link is still above the page (top %.0f px)", top)
	}
}
