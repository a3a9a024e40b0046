package browsertest

import (
	"context"
	"testing"

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
		tb.Fatalf("browsertest: %s: waiting for a frame before touching: %v (the page is %s)", p.url, err, p.visibility())
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
		tb.Fatalf("browsertest: %s: touching (%.0f, %.0f): %v", p.url, x, y, err)
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}); err != nil {
		tb.Fatalf("browsertest: %s: lifting the finger at (%.0f, %.0f): %v", p.url, x, y, err)
	}
}

// visibility is document.visibilityState, for a message, asked within a
// few seconds.
func (p *Page) visibility() string {
	ctx, cancel := context.WithTimeout(p.ctx, dialogTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.visibilityState`))
	if err != nil {
		return "not answering: " + err.Error()
	}
	return v
}
