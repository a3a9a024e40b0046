package browsertest

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const chartPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图表</title>
</head><body>
<h1>柱状图 bar chart</h1>
<svg id="chart" width="600" height="400" viewBox="0 0 600 400"><rect id="bar" x="100" y="100" width="200" height="300" fill="#1f5fa8"/></svg>
<script src="/assets/draw.js"></script>
</body></html>`

// drawJS counts the bars and records the pointer events the bar gets.
const drawJS = `document.body.dataset.bars = document.querySelectorAll("#chart rect").length;
window.pointers = [];
document.getElementById("bar").addEventListener("pointerover", e => pointers.push("over:" + e.pointerType));
document.getElementById("bar").addEventListener("pointerdown", e => pointers.push("down:" + e.pointerType));`

const badPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>bad</title></head><body>
<img src="http://example.invalid/pixel.png" alt="">
<script>console.error("boom", 42);</script>
<script>throw new Error("kaput");</script>
</body></html>`

const alertPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>alert</title></head><body>
<p>before</p>
<script>alert("hello from the page"); document.body.dataset.after = "yes";</script>
</body></html>`

// reloadPage reloads itself 30 times, 10 ms apart, counting in
// sessionStorage.
const reloadPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>reload</title></head><body>
<script>const n = +(sessionStorage.n || 0) + 1; sessionStorage.n = n;
if (n < 30) setTimeout(() => location.reload(), 10);</script>
</body></html>`

// noisyPage, once told to (noise()), keeps logging errors and asking for a
// missing file, as long as it is open.
const noisyPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>noisy</title></head><body>
<script>function noise() { setInterval(() => { console.error("still here"); fetch("/still-here.txt").then(r => r.text()); }, 5); }</script>
</body></html>`

func writeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"assets/draw.js":    []byte(drawJS),
		"chart/index.html":  []byte(chartPage),
		"bad.html":          []byte(badPage),
		"alert/index.html":  []byte(alertPage),
		"reload/index.html": []byte(reloadPage),
		"noisy/index.html":  []byte(noisyPage),
		"index.html":        []byte(`<!doctype html><meta charset="utf-8"><title>home</title><p>home</p>`),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	CloseShared()
	os.Exit(code)
}

// The tests of a package share one browser.
func TestShared(t *testing.T) {
	if a, b := Shared(t), Shared(t); a != b || a == nil {
		t.Errorf("Shared started two browsers: %p %p", a, b)
	}
}

func TestBrowser(t *testing.T) {
	site := writeSite(t)
	base := ServeDir(t, site)
	b := Shared(t)

	t.Run("chart", func(t *testing.T) {
		p := b.Visit(t, base+"/chart/", 1024, 768)
		p.AssertClean(t)
		r := p.Report()
		if r.Status != 200 {
			t.Errorf("status %d, want 200", r.Status)
		}
		if !containsSuffix(r.Requests, "/assets/draw.js") {
			t.Errorf("draw.js not requested: %v", r.Requests)
		}
		var got struct {
			Bars  string `json:"bars"`
			Width int    `json:"width"`
		}
		p.Eval(t, `({bars: document.body.dataset.bars, width: window.innerWidth})`, &got)
		if got.Bars != "1" {
			t.Errorf("the page's script did not run: %+v", got)
		}
		if got.Width != 1024 {
			t.Errorf("viewport width %d, want 1024", got.Width)
		}

		shot := filepath.Join(t.TempDir(), "shots", "chart.png")
		p.Screenshot(t, shot, true)
		checkPNG(t, shot, 1024)
		if dir := os.Getenv("BROWSERTEST_SCREENSHOTS"); dir != "" {
			p.Screenshot(t, filepath.Join(dir, "chart.png"), true)
		}
		// The mouse over the bar, then a finger on it: the page gets its
		// pointer events, of their kinds.
		var r0 struct{ X, Y float64 }
		p.Eval(t, `(() => { const r = document.getElementById("bar").getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`, &r0)
		p.Hover(t, r0.X, r0.Y)
		p.Tap(t, r0.X, r0.Y)
		var pointers []string
		p.Eval(t, `pointers`, &pointers)
		if strings.Join(pointers, " ") != "over:mouse over:touch down:touch" {
			t.Errorf("pointer events on the bar: %q, want the mouse's over, then the touch's over and down", pointers)
		}
	})

	t.Run("bad", func(t *testing.T) {
		p := b.Visit(t, base+"/bad.html", 800, 600)
		r := p.Report()
		t.Logf("report: %+v", r)
		if !containsSubstr(r.ConsoleErrors, "boom 42") {
			t.Errorf("console.error not reported: %q", r.ConsoleErrors)
		}
		if !containsSubstr(r.ConsoleErrors, "kaput") {
			t.Errorf("uncaught exception not reported: %q", r.ConsoleErrors)
		}
		if !containsSubstr(r.ForeignRequests, "example.invalid") {
			t.Errorf("foreign request not reported: %q (all: %q)", r.ForeignRequests, r.Requests)
		}
		for _, u := range r.ForeignRequests {
			if strings.HasPrefix(u, base) {
				t.Errorf("own request reported as foreign: %s", u)
			}
		}
		if len(r.Problems()) < 3 {
			t.Errorf("Problems() = %q, want at least 3", r.Problems())
		}
		if len(r.Dialogs) != 0 {
			t.Errorf("unexpected dialogs: %q", r.Dialogs)
		}
	})

	t.Run("alert", func(t *testing.T) {
		p := b.Visit(t, base+"/alert/", 800, 600)
		r := p.Report()
		if len(r.Dialogs) != 1 || r.Dialogs[0] != "alert: hello from the page" {
			t.Errorf("Dialogs = %q", r.Dialogs)
		}
		// The dialog was dismissed, so the script went on.
		var after string
		p.Eval(t, `document.body.dataset.after`, &after)
		if after != "yes" {
			t.Errorf("script after alert() did not run: %q", after)
		}
		p.Eval(t, `confirm("sure?")`, nil)
		if r := p.Report(); len(r.Dialogs) != 2 || r.Dialogs[1] != "confirm: sure?" {
			t.Errorf("Dialogs after confirm = %q", r.Dialogs)
		}
	})

	t.Run("missing", func(t *testing.T) {
		p := b.Visit(t, base+"/no/such/page/", 800, 600)
		if r := p.Report(); r.Status != 404 || len(r.Problems()) == 0 {
			t.Errorf("status %d, problems %q; want 404 reported", r.Status, r.Problems())
		}
	})
}

// TestTabReusedAsNew: a visit in a tab an earlier visit used is like one in
// a new tab: the earlier page is gone (nothing it does reaches the new
// report), script runs again after VisitNoScript, the viewport is the new
// one; a tab whose page used the pointer or emulated print is not reused.
func TestTabReusedAsNew(t *testing.T) {
	base := ServeDir(t, writeSite(t))
	b := Shared(t)
	targetOf := func(p *Page) string { return string(chromedp.FromContext(p.ctx).Target.TargetID) }

	noisy := b.Visit(t, base+"/noisy/", 800, 600)
	noisy.Eval(t, `(noise(), true)`, nil)
	noisy.WaitFor(t, `performance.getEntriesByType("resource").length > 2`, 10*time.Second)
	if len(noisy.Report().ConsoleErrors) == 0 {
		t.Fatal("the noisy page logged nothing")
	}
	noisy.Close()
	var n int
	if err := noisy.eval(`1`, &n); err == nil {
		t.Error("a closed page still evaluates")
	}

	p := b.Visit(t, base+"/chart/", 640, 480)
	if targetOf(p) != targetOf(noisy) {
		t.Errorf("the second visit opened a new tab instead of the one the first left")
	}
	r := p.Report()
	if len(r.Problems()) > 0 || len(r.Requests) != 2 {
		t.Errorf("the second visit reports %q, requests %q; want only the chart page and its script", r.Problems(), r.Requests)
	}
	p.Close()

	p = b.VisitNoScript(t, base+"/chart/", 640, 480)
	var bars string
	p.Eval(t, `document.body.dataset.bars || ""`, &bars)
	if bars != "" {
		t.Errorf("VisitNoScript ran the page's script")
	}
	p.Close()

	p = b.Visit(t, base+"/chart/", 1024, 768)
	var got struct {
		Bars  string `json:"bars"`
		Width int    `json:"width"`
		Print bool   `json:"print"`
	}
	p.Eval(t, `({bars: document.body.dataset.bars, width: innerWidth})`, &got)
	if got.Bars != "1" || got.Width != 1024 {
		t.Errorf("a visit after VisitNoScript in the same tab: %+v, want the script run (bars 1) and width 1024", got)
	}
	p.AssertClean(t)
	printed := targetOf(p)
	p.EmulatePrint(t, "print")
	p.Close()

	p = b.Visit(t, base+"/chart/", 1024, 768)
	if targetOf(p) == printed {
		t.Errorf("the tab of a page that emulated print was reused")
	}
	p.Eval(t, `({bars: document.body.dataset.bars, width: innerWidth, print: matchMedia("print").matches})`, &got)
	if got.Print || got.Bars != "1" {
		t.Errorf("a visit after one that emulated print: %+v, want screen media", got)
	}
}

// TestWaitForThroughReloads: a poll that meets the page between two
// documents (gongkai serve's live reload) is told apart from a real
// failure, so that WaitFor polls again instead of failing the test; and
// WaitFor follows a page that reloads itself 30 times.
func TestWaitForThroughReloads(t *testing.T) {
	base := ServeDir(t, writeSite(t))
	b := Shared(t)
	p := b.Visit(t, base+"/reload/", 1024, 768)
	p.WaitFor(t, `+sessionStorage.n >= 30`, 20*time.Second)
	// An evaluation the page's reload cuts off, as a poll can be.
	var ok bool
	err := p.eval(`new Promise(r => { location.reload(); setTimeout(() => r(true), 5000) })`, &ok)
	if err == nil || !navigating(err) {
		t.Errorf("an evaluation cut off by a reload: %v; want an error navigating() recognises", err)
	}
	// A script error is a failure.
	if err := p.eval(`nope.nope`, &ok); err == nil || navigating(err) {
		t.Errorf("a script error: %v; want an error navigating() does not recognise", err)
	}
	p.Close()
}

func TestServeDir(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "empty"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "b", "index.html"), []byte("ab-index"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "style.css"), []byte("body{}"), 0o644))
	base := ServeDir(t, dir)

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(p string) (int, string, http.Header) {
		t.Helper()
		resp, err := client.Get(base + p)
		must(err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}
	if code, body, _ := get("/a/b/"); code != 200 || body != "ab-index" {
		t.Errorf("/a/b/ = %d %q", code, body)
	}
	if code, body, _ := get("/a/b/index.html"); code != 200 || body != "ab-index" {
		t.Errorf("/a/b/index.html = %d %q", code, body)
	}
	if code, _, h := get("/a/b"); code != http.StatusMovedPermanently || h.Get("Location") != "/a/b/" {
		t.Errorf("/a/b = %d Location %q, want 301 to /a/b/", code, h.Get("Location"))
	}
	if code, _, _ := get("/empty/"); code != 404 {
		t.Errorf("/empty/ = %d, want 404 (no listings)", code)
	}
	if code, _, _ := get("/nope.html"); code != 404 {
		t.Errorf("/nope.html = %d, want 404", code)
	}
	if code, _, h := get("/style.css"); code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		t.Errorf("/style.css = %d %q", code, h.Get("Content-Type"))
	}
	if code, _, _ := get("/../../etc/passwd"); code != 404 {
		t.Errorf("path escape = %d, want 404", code)
	}
	must(os.WriteFile(filepath.Join(dir, "404.html"), []byte("custom 404"), 0o644))
	if code, body, _ := get("/gone/"); code != 404 || body != "custom 404" {
		t.Errorf("/gone/ with 404.html = %d %q", code, body)
	}
}

func checkPNG(t *testing.T, path string, wantWidth int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	if cfg.Width != wantWidth || cfg.Height < 400 {
		t.Errorf("screenshot is %dx%d, want width %d and height >= 400", cfg.Width, cfg.Height, wantWidth)
	}
}

func containsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

func containsSubstr(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestTapBehindAnotherTab: a page whose tab another visit opened after it
// and tapped (the tests of a package share the browser, a tab each) is
// still drawn and takes a finger.
func TestTapBehindAnotherTab(t *testing.T) {
	base := ServeDir(t, writeSite(t))
	b := Shared(t)
	first := b.Visit(t, base+"/chart/", 1024, 768)
	second := b.Visit(t, base+"/chart/", 800, 600)
	defer second.Close()
	var r1 struct{ X, Y float64 }
	second.Eval(t, `(() => { const r = document.getElementById("bar").getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`, &r1)
	second.Tap(t, r1.X, r1.Y) // the second tab to the front
	var state string
	first.Eval(t, `document.visibilityState`, &state)
	if state != "visible" {
		t.Errorf("the first page is %q behind the second", state)
	}
	var r0 struct{ X, Y float64 }
	first.Eval(t, `(() => { const r = document.getElementById("bar").getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`, &r0)
	first.Tap(t, r0.X, r0.Y)
	var pointers []string
	first.Eval(t, `pointers`, &pointers)
	if strings.Join(pointers, " ") != "over:touch down:touch" {
		t.Errorf("pointer events on the bar: %q, want the touch's over and down", pointers)
	}
}

// TestStalledSaysTheRendererCrashed: when a tab's renderer dies, the
// message of an action that did not finish says so (rather than only
// "context deadline exceeded"), and the tab is not handed to a later
// visit.
func TestStalledSaysTheRendererCrashed(t *testing.T) {
	base := ServeDir(t, writeSite(t))
	b := Shared(t)
	p := b.Visit(t, base+"/chart/", 800, 600)
	if s := p.stalled(); !strings.Contains(s, "answers in") || !strings.Contains(s, "visible") {
		t.Errorf("a live page: %q", s)
	}
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	_, _ = chromedp.Call(ctx, page.Crash, cdp.Empty{}) // no answer comes from a crashed renderer
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		crashed := p.crashed
		p.mu.Unlock()
		if crashed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no Inspector.targetCrashed event after Page.crash")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s := p.stalled(); !strings.Contains(s, "renderer crashed") {
		t.Errorf("a crashed page: %q", s)
	}
	tab := p.tab
	p.Close()
	b.tabsMu.Lock()
	defer b.tabsMu.Unlock()
	for _, idle := range b.idle {
		if idle == tab {
			t.Error("the crashed tab was kept for the next visit")
		}
	}
}
