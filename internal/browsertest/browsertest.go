// Package browsertest drives a headless Chromium from Go tests, so that the
// pages gongkai generates are checked as a person's browser shows them: what
// the console reports, what the page requests, which dialogs it opens, what
// its scripts compute, and how it looks (screenshots).
//
// It needs the Debian package chromium (/usr/bin/chromium; see
// scripts/install-deps.sh). Override the binary with $CHROMIUM.
//
// The browser never reaches the network: every request to a host that is not
// loopback goes to a proxy address that refuses connections, so it fails at
// once (and still shows up in PageReport.Requests and ForeignRequests).
//
// Typical use:
//
//	b := browsertest.Start(t)
//	base := browsertest.ServeDir(t, outDir)
//	p := b.Visit(t, base+"/", 1280, 800)
//	p.AssertClean(t)
//	var n int
//	p.Eval(t, `document.querySelectorAll("canvas").length`, &n)
//	p.Screenshot(t, filepath.Join(t.TempDir(), "home.png"), true)
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Timeouts. They are generous for a loaded 2-core CI machine; a healthy page
// on loopback needs a fraction of them.
const (
	startTimeout  = 60 * time.Second // launch the browser
	navTimeout    = 30 * time.Second // navigate and wait for the load event
	idleTimeout   = 10 * time.Second // wait for the network to go idle after load
	settleQuiet   = 250 * time.Millisecond
	actionTimeout = 30 * time.Second // one Eval or Screenshot
	dialogTimeout = 5 * time.Second
	resetTimeout  = 10 * time.Second // take a tab back to about:blank after a visit
	// maxIdleTabs is how many tabs a browser keeps for later visits: as
	// many as parallel tests usually hold at once.
	maxIdleTabs     = 8
	notFoundMessage = "chromium not found: apt-get install chromium (or set $CHROMIUM to the browser binary)"
)

// Browser is one headless Chromium process. Each Visit shows its page in a
// tab of its own, while the visit lasts. A Browser may be shared by the tests
// of a package (see Launch); Visit is safe to call from parallel tests.
type Browser struct {
	allocCancel context.CancelFunc
	ctx         context.Context // browser (first tab) context
	cancel      context.CancelFunc
	execPath    string
	out         *syncBuffer // what the browser printed, for messages
	closeOnce   sync.Once

	tabsMu sync.Mutex
	idle   []*tab // tabs on about:blank, for the next visits
	closed bool
}

// tab is one browser tab. A visit borrows it and gives it back when the
// Page is closed: opening a tab and closing it again costs Chromium about
// three times the CPU of a page load.
type tab struct {
	ctx    context.Context // the tab's chromedp context
	cancel context.CancelFunc
}

// FindChromium returns the browser binary: $CHROMIUM if set, else
// /usr/bin/chromium, else chromium or chromium-browser on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full, nil
		}
		return "", fmt.Errorf("$CHROMIUM=%q is not an executable; %s", p, notFoundMessage)
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if full, err := exec.LookPath(name); err == nil {
			return full, nil
		}
	}
	return "", errors.New(notFoundMessage)
}

// syncBuffer collects the browser's output for error messages: its
// newest 64 KB or so, for a browser that prints a line now and then over a
// whole test run.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buf.Len()+len(p) > 64<<10 {
		s.buf.Next(s.buf.Len() / 2)
	}
	s.buf.Write(p)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Launch starts a browser that is not tied to a test, e.g. in TestMain to
// share one browser between the tests of a package. Call Close when done.
// Most tests should use Start instead.
func Launch() (*Browser, error) {
	execPath, err := FindChromium()
	if err != nil {
		return nil, err
	}
	out := &syncBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.CombinedOutput(out),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// No back-forward cache: a visit's page ends when its tab goes
		// back to about:blank, rather than staying frozen in the cache,
		// which costs CPU on every visit.
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,BackForwardCache"),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		// Keep every request off the network: non-loopback hosts go to a
		// proxy on the discard port, which refuses the connection. Loopback
		// (127.0.0.0/8, localhost, [::1]) bypasses proxies implicitly.
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		// No user-data-dir: chromedp creates a fresh temporary one for
		// each browser and removes it when the browser exits.
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)

	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }() // the first Do launches the browser
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		err = fmt.Errorf("timed out after %v", startTimeout)
	}
	if err != nil {
		cancel()
		allocCancel()
		msg := strings.TrimSpace(out.String())
		if msg != "" {
			msg = "\nbrowser output:\n" + msg
		}
		return nil, fmt.Errorf("starting %s: %w%s", execPath, err, msg)
	}
	return &Browser{allocCancel: allocCancel, ctx: ctx, cancel: cancel, execPath: execPath, out: out}, nil
}

// Start launches a headless Chromium for the test and closes it when the test
// ends. A missing browser fails the test (it does not skip it): the pages
// gongkai generates must be checked in CI.
func Start(tb testing.TB) *Browser {
	tb.Helper()
	b, err := Launch()
	if err != nil {
		tb.Fatalf("browsertest: %v", err)
	}
	tb.Cleanup(b.Close)
	return b
}

// Close ends the browser process. It is safe to call more than once.
func (b *Browser) Close() {
	b.closeOnce.Do(func() {
		b.tabsMu.Lock()
		idle := b.idle
		b.idle, b.closed = nil, true
		b.tabsMu.Unlock()
		for _, t := range idle {
			t.cancel()
		}
		b.cancel()
		b.allocCancel() // waits for the process to exit and its profile dir to go
	})
}

// ExecPath is the browser binary in use.
func (b *Browser) ExecPath() string { return b.execPath }

// PageReport is what a page did while it was open.
type PageReport struct {
	URL string // the URL given to Visit
	// Status is the HTTP status of the main document (0 if unknown).
	Status int
	// ConsoleErrors holds console.error messages and uncaught exceptions
	// (including unhandled promise rejections), as the DevTools console
	// shows them.
	ConsoleErrors []string
	// LogErrors holds error entries of the browser's own log, e.g.
	// "Failed to load resource: ... 404" or a blocked mixed-content request.
	LogErrors []string
	// Requests holds every URL the page requested, in order, the document
	// included. Requests for /favicon.ico that the page did not make (the
	// browser's own icon fetch, whose timing varies from run to run) are
	// left out of the whole report, a 404 included; check that file with
	// Go if it matters. Icons at other paths are reported as usual.
	Requests []string
	// ForeignRequests holds the requested URLs whose host:port differs from
	// the page's own (data:, blob:, about: and javascript: URLs are fine).
	ForeignRequests []string
	// FailedRequests holds requests that failed or got an HTTP status >= 400,
	// as "URL: reason".
	FailedRequests []string
	// Dialogs holds the alert/confirm/prompt/beforeunload dialogs the page
	// opened, as "type: message". Each was dismissed at once.
	Dialogs []string
	// Transferred is the bytes the page's finished requests took on the
	// wire (headers and body as received, compressed if the server
	// compressed), the browser's own favicon fetch left out.
	Transferred int64
}

// Problems lists, one per line, everything in the report that a clean page
// must not have: console and log errors, foreign and failed requests,
// dialogs, and a main document status other than 2xx.
func (r PageReport) Problems() []string {
	var out []string
	add := func(kind string, items []string) {
		for _, s := range items {
			out = append(out, kind+": "+s)
		}
	}
	if r.Status != 0 && (r.Status < 200 || r.Status > 299) {
		out = append(out, fmt.Sprintf("document status: %d", r.Status))
	}
	add("console error", r.ConsoleErrors)
	add("browser log error", r.LogErrors)
	add("foreign request", r.ForeignRequests)
	add("failed request", r.FailedRequests)
	add("dialog", r.Dialogs)
	return out
}

// Page is one visit in a tab. It is closed when the test that opened it ends.
type Page struct {
	ctx    context.Context // ends with the visit, not with the tab
	cancel context.CancelFunc
	tab    *tab
	b      *Browser
	url    string
	host   string // page's own host:port

	closeOnce sync.Once
	noScript  bool // the tab runs no script until reset
	// keepTab is false once the page changed what a tab keeps across
	// documents and cannot be reset (the pointer's place, emulated media):
	// the tab is closed with the page.
	keepTab bool

	mu       sync.Mutex
	report   PageReport
	inflight map[network.RequestID]string
	ignored  map[network.RequestID]bool // automatic favicon fetches
	lastNet  time.Time                  // last time a request started or ended
	crashed  bool                       // the tab's renderer process died
}

// Visit opens url in a tab of its own with a width×height viewport, waits
// for the load event and then for the network to stay idle for a short
// while, and returns the page. The tab is new, or one an earlier visit
// closed and left on about:blank with the browser's defaults again (script
// on, no emulated media, the pointer never used); the page's report holds
// only what this visit did. A navigation that fails (e.g. connection refused) fails
// the test; an HTTP error status does not (see PageReport.Status).
func (b *Browser) Visit(tb testing.TB, rawURL string, width, height int) *Page {
	tb.Helper()
	return b.visit(tb, rawURL, width, height, false)
}

// VisitNoScript is Visit with JavaScript disabled in the tab, as for a
// reader who turned it off (Eval still works: it is the test's, not the
// page's).
func (b *Browser) VisitNoScript(tb testing.TB, rawURL string, width, height int) *Page {
	tb.Helper()
	return b.visit(tb, rawURL, width, height, true)
}

func (b *Browser) visit(tb testing.TB, rawURL string, width, height int, noScript bool) *Page {
	tb.Helper()
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		tb.Fatalf("browsertest: Visit needs an absolute URL, got %q", rawURL)
	}
	p := &Page{b: b, url: rawURL, host: u.Host, keepTab: true, inflight: map[network.RequestID]string{}, ignored: map[network.RequestID]bool{}, lastNet: time.Now()}
	p.report.URL = rawURL

	t, err := b.takeTab()
	if err != nil {
		tb.Fatalf("browsertest: opening a tab for %s: %v", rawURL, err)
	}
	p.tab = t
	p.ctx, p.cancel = context.WithCancel(t.ctx)
	tb.Cleanup(p.Close)
	// The page hears the tab's events from now until it is closed.
	if err := chromedp.Listen(p.ctx, p.onEvent); err != nil {
		tb.Fatalf("browsertest: listening to the tab for %s: %v", rawURL, err)
	}

	// Size the tab before the navigation, so the first layout already has
	// the requested viewport.
	ctx, cancel := context.WithTimeout(p.ctx, navTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		tb.Fatalf("browsertest: sizing the tab for %s: %v", rawURL, err)
	}
	if noScript {
		p.noScript = true
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			tb.Fatalf("browsertest: disabling JavaScript for %s: %v", rawURL, err)
		}
	}
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(rawURL))
	if err != nil {
		tb.Fatalf("browsertest: navigating to %s: %v", rawURL, err)
	}
	if resp != nil {
		p.mu.Lock()
		p.report.Status = int(resp.Status)
		p.mu.Unlock()
	}
	p.waitIdle(tb)
	return p
}

// waitIdle waits until no request has been in flight for settleQuiet, or
// idleTimeout passes (then it logs what is still pending and goes on).
func (p *Page) waitIdle(tb testing.TB) {
	tb.Helper()
	deadline := time.Now().Add(idleTimeout)
	for {
		p.mu.Lock()
		n, quietFor := len(p.inflight), time.Since(p.lastNet)
		var pending []string
		if n > 0 && time.Now().After(deadline) {
			for _, u := range p.inflight {
				pending = append(pending, u)
			}
		}
		p.mu.Unlock()
		if n == 0 && quietFor >= settleQuiet {
			return
		}
		if pending != nil {
			tb.Logf("browsertest: %s: network not idle after %v; still pending: %v", p.url, idleTimeout, pending)
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// onEvent runs in the tab's event loop: it must return fast and run no
// command.
func (p *Page) onEvent(ev any) {
	switch ev := ev.(type) {
	case *inspector.EventTargetCrashed:
		p.mu.Lock()
		p.crashed = true
		p.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.addConsoleError(consoleArgsText(ev.Args) + where(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			desc := d.Exception.Description
			if desc == "" {
				desc = valueText(d.Exception)
			}
			desc, _, _ = strings.Cut(desc, "\n    at ")
			text = strings.TrimSpace(text + " " + desc)
		}
		if d.URL != "" {
			text += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		} else {
			text += where(d.StackTrace)
		}
		p.addConsoleError(text)
	case *log.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == log.EntryLevelError && !p.isIgnored(e.NetworkRequestID) {
			text := e.Text
			if e.URL != "" {
				text += " (" + e.URL + ")"
			}
			p.mu.Lock()
			p.report.LogErrors = append(p.report.LogErrors, text)
			p.mu.Unlock()
		}
	case *network.EventRequestWillBeSent:
		if ev.Request == nil {
			return
		}
		u := ev.Request.URL
		if ev.Request.URLFragment != "" {
			u += ev.Request.URLFragment
		}
		if isAutoFavicon(ev) {
			// Chromium fetches /favicon.ico by itself, at a moment that
			// varies from run to run; leave it out so reports are stable.
			p.mu.Lock()
			p.ignored[ev.RequestID] = true
			p.mu.Unlock()
			return
		}
		p.mu.Lock()
		p.report.Requests = append(p.report.Requests, u)
		if p.isForeign(u) {
			p.report.ForeignRequests = append(p.report.ForeignRequests, u)
		}
		p.inflight[ev.RequestID] = u
		p.lastNet = time.Now()
		p.mu.Unlock()
	case *network.EventResponseReceived:
		if r := ev.Response; r != nil && r.Status >= 400 {
			p.mu.Lock()
			if p.isOwn(ev.RequestID) {
				p.report.FailedRequests = append(p.report.FailedRequests, fmt.Sprintf("%s: HTTP %d", r.URL, r.Status))
			}
			p.mu.Unlock()
		}
	case *network.EventLoadingFinished:
		p.mu.Lock()
		if p.isOwn(ev.RequestID) {
			p.report.Transferred += int64(ev.EncodedDataLength)
		}
		p.mu.Unlock()
		p.finish(ev.RequestID)
	case *network.EventLoadingFailed:
		p.mu.Lock()
		u := p.inflight[ev.RequestID]
		p.mu.Unlock()
		if u != "" && !ev.Canceled {
			p.mu.Lock()
			p.report.FailedRequests = append(p.report.FailedRequests, u+": "+ev.ErrorText)
			p.mu.Unlock()
		}
		p.finish(ev.RequestID)
	case *network.EventRequestServedFromCache:
		// Followed by LoadingFinished; nothing to do.
	case *page.EventJavascriptDialogOpening:
		p.mu.Lock()
		p.report.Dialogs = append(p.report.Dialogs, string(ev.Type)+": "+ev.Message)
		p.mu.Unlock()
		// The dialog blocks the page (and a pending navigation); close it
		// from another goroutine, as commands may not run in the listener.
		go func() {
			ctx, cancel := context.WithTimeout(p.ctx, dialogTimeout)
			defer cancel()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}()
	}
}

// isAutoFavicon reports whether the request is the browser's own fetch of
// /favicon.ico (not one the page's markup or scripts made).
func isAutoFavicon(ev *network.EventRequestWillBeSent) bool {
	if ev.Type != network.ResourceTypeOther || ev.Initiator == nil || ev.Initiator.Type != network.InitiatorTypeOther {
		return false
	}
	u, err := url.Parse(ev.Request.URL)
	return err == nil && u.Path == "/favicon.ico"
}

func (p *Page) isIgnored(id network.RequestID) bool {
	if id == "" {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ignored[id]
}

// isOwn reports whether the request is one this page saw start and has not
// seen end: not the browser's favicon fetch, nor a request of the tab's
// previous document whose end arrives late. Caller holds p.mu.
func (p *Page) isOwn(id network.RequestID) bool {
	_, ok := p.inflight[id]
	return ok
}

func (p *Page) finish(id network.RequestID) {
	p.mu.Lock()
	delete(p.inflight, id)
	p.lastNet = time.Now()
	p.mu.Unlock()
}

func (p *Page) addConsoleError(s string) {
	p.mu.Lock()
	p.report.ConsoleErrors = append(p.report.ConsoleErrors, s)
	p.mu.Unlock()
}

// isForeign reports whether the request URL leaves the page's own origin
// host:port. Caller holds p.mu (only p.host is read).
func (p *Page) isForeign(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	switch strings.ToLower(u.Scheme) {
	case "data", "blob", "about", "javascript":
		return false
	}
	return u.Host != p.host
}

func where(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	if f.URL == "" {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
}

func consoleArgsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, valueText(a))
	}
	return strings.Join(parts, " ")
}

func valueText(o *runtime.RemoteObject) string {
	if o == nil {
		return "null"
	}
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
	}
	if o.Type == runtime.RemoteObjectTypeUndefined {
		return "undefined"
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return string(o.Type)
}

// Report returns a copy of what the page has done so far.
func (p *Page) Report() PageReport {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.report
	r.ConsoleErrors = append([]string(nil), r.ConsoleErrors...)
	r.LogErrors = append([]string(nil), r.LogErrors...)
	r.Requests = append([]string(nil), r.Requests...)
	r.ForeignRequests = append([]string(nil), r.ForeignRequests...)
	r.FailedRequests = append([]string(nil), r.FailedRequests...)
	r.Dialogs = append([]string(nil), r.Dialogs...)
	return r
}

// AssertClean fails the test (without stopping it) for each problem the page
// had so far: see PageReport.Problems.
func (p *Page) AssertClean(tb testing.TB) {
	tb.Helper()
	for _, s := range p.Report().Problems() {
		tb.Errorf("browsertest: %s: %s", p.url, s)
	}
}

// URL is the address the page was opened with.
func (p *Page) URL() string { return p.url }

// Eval runs the JavaScript expression in the page (a Promise is awaited) and
// decodes its JSON value into out (a pointer, or nil to discard). A thrown
// exception or a value that does not decode fails the test.
func (p *Page) Eval(tb testing.TB, js string, out any) {
	tb.Helper()
	if err := p.eval(js, out); err != nil {
		tb.Fatal(err)
	}
}

// eval is Eval, returning its failure.
func (p *Page) eval(js string, out any) error {
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("browsertest: %s: eval %s: %w (%s)", p.url, short(js), err, p.stalled())
		}
		return fmt.Errorf("browsertest: %s: eval %s: %w", p.url, short(js), err)
	}
	if out == nil {
		return nil
	}
	if len(raw) == 0 {
		raw = []byte("null") // undefined
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("browsertest: %s: eval %s: decoding %s into %T: %v", p.url, short(js), short(string(raw)), out, err)
	}
	return nil
}

// navigating reports whether an evaluation failed because the page was
// being replaced (a reload, a link followed): the expression never ran.
func navigating(err error) bool {
	msg := err.Error()
	for _, s := range []string{"Inspected target navigated or closed", "Execution context was destroyed", "Cannot find context with specified id", "Cannot find default execution context"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// WaitFor polls the JavaScript expression until it is truthy, failing the
// test after timeout. Use it for things that happen after load, e.g. the end
// of a chart animation, or a reload (a poll that meets the page between two
// documents is tried again).
func (p *Page) WaitFor(tb testing.TB, js string, timeout time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		err := p.eval("!!("+js+")", &ok)
		if err != nil && !navigating(err) {
			tb.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			if err != nil {
				tb.Fatalf("browsertest: %s: %s still false after %v (last poll: %v)", p.url, short(js), timeout, err)
			}
			tb.Fatalf("browsertest: %s: %s still false after %v", p.url, short(js), timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Press types keys into the page as a person would, through the browser's
// input events (so focus moves on a Tab): text, or a key of
// github.com/chromedp/chromedp/kb such as kb.Tab or kb.Enter.
func (p *Page) Press(tb testing.TB, keys string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		tb.Fatalf("browsertest: %s: pressing %q: %v", p.url, keys, err)
	}
}

// Screenshot writes a PNG of the viewport, or of the whole page when
// fullPage is set, to path (creating its directory).
func (p *Page) Screenshot(tb testing.TB, path string, fullPage bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	var (
		png []byte
		err error
	)
	if fullPage {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 = PNG
	} else {
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		tb.Fatalf("browsertest: %s: screenshot: %v", p.url, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Close ends the visit: the page stops hearing the tab, and the tab goes
// back to the browser on about:blank for a later visit (or is closed). It is
// called automatically when the test ends; a closed page fails every action.
func (p *Page) Close() {
	p.closeOnce.Do(func() {
		if p.cancel == nil {
			return
		}
		p.cancel()
		p.mu.Lock()
		keep := p.keepTab && !p.crashed
		p.mu.Unlock()
		p.b.giveBack(p.tab, keep, p.noScript)
	})
}

// takeTab returns an idle tab, or opens a new one.
func (b *Browser) takeTab() (*tab, error) {
	b.tabsMu.Lock()
	if n := len(b.idle); n > 0 {
		t := b.idle[n-1]
		b.idle = b.idle[:n-1]
		b.tabsMu.Unlock()
		return t, nil
	}
	b.tabsMu.Unlock()
	// The first Do on the tab's context opens the tab and ties its life to
	// that context, so it gets no timeout.
	ctx, cancel := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	return &tab{ctx: ctx, cancel: cancel}, nil
}

// giveBack takes the tab to about:blank, which ends the last document (its
// timers, requests and sockets) as closing the tab would, turns script on
// again, and keeps the tab for the next visit. A tab that cannot be reset,
// or is not needed, is closed.
func (b *Browser) giveBack(t *tab, keep, noScript bool) {
	if keep {
		ctx, cancel := context.WithTimeout(t.ctx, resetTimeout)
		err := chromedp.Do(ctx, chromedp.Navigate("about:blank"))
		if err == nil && noScript {
			_, err = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		}
		cancel()
		if err == nil {
			b.tabsMu.Lock()
			if !b.closed && len(b.idle) < maxIdleTabs {
				b.idle = append(b.idle, t)
				b.tabsMu.Unlock()
				return
			}
			b.tabsMu.Unlock()
		}
	}
	t.cancel()
}

// closesTab makes Close close the tab rather than keep it: the page changed
// something the tab keeps across documents.
func (p *Page) closesTab() {
	p.mu.Lock()
	p.keepTab = false
	p.mu.Unlock()
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return fmt.Sprintf("%q…", s[:80])
	}
	return fmt.Sprintf("%q", s)
}
