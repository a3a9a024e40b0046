package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// Hover moves the mouse to (x, y), CSS pixels in the viewport, through the
// browser's input events: the page gets pointerover, mouseover and
// :hover as from a person's mouse.
func (p *Page) Hover(tb testing.TB, x, y float64) {
	tb.Helper()
	p.closesTab()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y}); err != nil {
		tb.Fatalf("browsertest: %s: moving the mouse to (%.0f, %.0f): %v", p.url, x, y, err)
	}
}

// Tap touches (x, y), CSS pixels in the viewport, and lifts the finger, as
// on a touch screen: the page gets pointer events of type "touch" (and a
// click). The tab takes touch input from the first tap on.
func (p *Page) Tap(tb testing.TB, x, y float64) {
	tb.Helper()
	p.closesTab()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1}); err != nil {
		tb.Fatalf("browsertest: %s: enabling touch: %v", p.url, err)
	}
	// A touch sent in the frame in which touch input was turned on can be
	// lost, and then Input.dispatchTouchEvent never returns (Chromium bug
	// 613219; Puppeteer's Touchscreen.tap waits the same way): two
	// animation frames first.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise)); err != nil {
		tb.Fatalf("browsertest: %s: waiting for a frame before touching: %v (%s)", p.url, err, p.stalled())
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
		tb.Fatalf("browsertest: %s: touching (%.0f, %.0f): %v (%s)", p.url, x, y, err, p.stalled())
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}); err != nil {
		tb.Fatalf("browsertest: %s: lifting the finger at (%.0f, %.0f): %v (%s)", p.url, x, y, err, p.stalled())
	}
}

// stalled says, for the message of an action that did not finish, what
// became of the page: whether its renderer crashed, whether it answers
// (and is visible) within a few seconds, and the last lines the browser
// printed.
func (p *Page) stalled() string {
	p.mu.Lock()
	crashed := p.crashed
	p.mu.Unlock()
	var b strings.Builder
	if crashed {
		b.WriteString("the tab's renderer crashed")
	} else {
		ctx, cancel := context.WithTimeout(p.ctx, dialogTimeout)
		defer cancel()
		start := time.Now()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.visibilityState`))
		if err != nil {
			fmt.Fprintf(&b, "the page does not answer within %v: %v", dialogTimeout, err)
		} else {
			fmt.Fprintf(&b, "the page answers in %v and is %s", time.Since(start).Round(time.Millisecond), v)
		}
	}
	if tail := lastLines(p.b.out.String(), 8); tail != "" {
		b.WriteString("; the browser's last output:\n" + tail)
	}
	return b.String()
}

// lastLines is the last n non-empty lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
