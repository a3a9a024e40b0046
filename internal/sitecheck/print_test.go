package sitecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

// TestPrintYearReport prints the year report to PDF as a reader would (A4,
// the browser's default margins; the page names its own size) and reads
// the PDF's text with pdftotext (poppler-utils): every table carries every
// column — the header row of each table is in the text, the 判定 and 差距
// of the 各校指标与差距 tables included —, every chart is drawn before
// printing (charts.js draws them on beforeprint) and printed, and the
// download addresses are printed in full. With
// GONGKAI_UPDATE_SCREENSHOTS=1 the PDF is written to docs/screenshots/.
func TestPrintYearReport(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: apt-get install poppler-utils (scripts/install-deps.sh)")
	}
	dir := t.TempDir()
	if os.Getenv("GONGKAI_UPDATE_SCREENSHOTS") == "1" {
		dir = filepath.Join(repoRoot, "docs", "screenshots")
	}
	out := filepath.Join(dir, "report-2024-print.pdf")
	pg := sharedBrowser(t).Visit(t, served(t)+"/reports/2024/", 1280, 900)
	// Every chart is on paper, its SVG laid out by the print stylesheet; a
	// tooltip the reader left open (the first chart's first mark) is not.
	pg.Eval(t, `(document.querySelector("div.chart rect.bar, div.chart g.pt").dispatchEvent(new PointerEvent("pointerover", {bubbles: true, pointerType: "mouse"})), true)`, nil)
	pg.WaitFor(t, `(() => { const t = document.querySelector(".chart-tip"); return t && !t.hidden; })()`, 5*time.Second)
	pg.EmulatePrint(t, "print")
	var after struct {
		Charts, Drawn int
		Tip           string
	}
	pg.Eval(t, `(() => { const cs = Array.from(document.querySelectorAll("div.chart"));
		return {charts: cs.length, drawn: cs.filter(el => {
			const g = el.querySelector("svg.svgc");
			return g && g.getBoundingClientRect().height > 50 && getComputedStyle(el).display !== "none";
		}).length, tip: getComputedStyle(document.querySelector(".chart-tip")).display}; })()`, &after)
	pg.EmulatePrint(t, "")
	if after.Charts == 0 || after.Drawn != after.Charts {
		t.Errorf("printed: %d of %d charts on paper", after.Drawn, after.Charts)
	}
	if after.Tip != "none" {
		t.Errorf("printed: the chart tooltip is on paper (display %s)", after.Tip)
	}
	// The header row of every table, as the page writes it.
	var heads []string
	pg.Eval(t, `Array.from(document.querySelectorAll("main table")).map(tb =>
		Array.from(tb.tHead.rows[0].cells).map(c => c.textContent).join(""))`, &heads)
	var downloads []string
	pg.Eval(t, `Array.from(document.querySelectorAll(".downloads a")).map(a => a.href)`, &downloads)
	pg.PrintToPDF(t, out, browsertest.A4Width, browsertest.A4Height)
	pg.AssertClean(t)

	txt, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", out, err)
	}
	flat := squeeze(string(txt))
	schools := 0
	for _, h := range heads {
		if strings.Contains(h, "差距") && strings.Contains(h, "判定") {
			schools++
		}
		if !strings.Contains(flat, squeeze(h)) {
			t.Errorf("the printed report lacks columns of the table headed %q", h)
		}
	}
	if schools < 2 {
		t.Errorf("%d tables with the columns 判定 and 差距, want the two levels' 各校指标与差距", schools)
	}
	// The addresses are those of the published site, not of the test server.
	if len(downloads) == 0 {
		t.Error("no download links")
	}
	for _, d := range downloads {
		i := strings.Index(d, "/data/")
		if i < 0 {
			t.Errorf("download %s is not under /data/", d)
			continue
		}
		if want := "https://jyj.example.gov.cn" + d[i:]; !strings.Contains(flat, want) {
			t.Errorf("the printed report lacks the address %s", want)
		}
	}
	t.Logf("%s: %d bytes, %d tables, %d charts", out, len(txt), len(heads), after.Charts)
}

// squeeze drops every white space and zero-width space: pdftotext breaks
// lines where the printed page does.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\t', '\r', '\f', '\u200b', '\u00a0':
			return -1
		}
		return r
	}, s)
}
