package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A4 is the paper size in inches.
const (
	A4Width  = 8.27
	A4Height = 11.69
)

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
