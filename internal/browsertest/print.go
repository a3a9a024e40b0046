package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A4 is the paper size of Chinese official documents, in inches.
const (
	A4Width  = 8.27
	A4Height = 11.69
)

// PrintPDF prints the page as its print dialog would, on paper of
// width×height inches with the browser's default margins (1 cm), and
// returns the PDF.
func (p *Page) PrintPDF(tb testing.TB, width, height float64) []byte {
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.Action[page.PrintToPDFResult](func(ctx context.Context, t *chromedp.Target) (page.PrintToPDFResult, error) {
		return cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: width, PaperHeight: height})
	}))
	if err != nil {
		tb.Fatalf("browsertest: %s: printing: %v", p.url, err)
	}
	return res.Data
}

// EmulatePrint lays the page out for print media (the print stylesheets
// apply), so that a test can measure what a printed page holds; an empty
// media undoes it.
func (p *Page) EmulatePrint(tb testing.TB, media string) {
	tb.Helper()
	p.emulate(tb, "emulating media "+strconv.Quote(media), func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// emulate runs an emulation command on the page's tab; what says which,
// when it fails the test.
func (p *Page) emulate(tb testing.TB, what string, f func(ctx context.Context, t *chromedp.Target) error) {
	tb.Helper()
	p.closesTab()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Func(f)); err != nil {
		tb.Fatalf("browsertest: %s: %s: %v", p.url, what, err)
	}
}

// PrintToPDF prints the page as the browser's print dialog would with its
// default margins (1 cm) on paper of width × height inches, honouring the
// page's own @page size when it sets one, and writes the PDF to path
// (creating its directory).
func (p *Page) PrintToPDF(tb testing.TB, path string, width, height float64) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 3*actionTimeout)
	defer cancel()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: width, PaperHeight: height, PreferCSSPageSize: &yes})
	if err != nil {
		tb.Fatalf("browsertest: %s: printing to PDF: %v", p.url, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, res.Data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// EmulateFocus makes the page behave as the focused page of a focused
// window, so that :focus and :focus-visible styles apply to what a test
// focuses while other tabs of the shared browser are in front.
func (p *Page) EmulateFocus(tb testing.TB) {
	tb.Helper()
	p.emulate(tb, "emulating focus", func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
}
