package sitecheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
	heads, _, _ := printPage(t, "/reports/2024/", "report-2024-print.pdf", "")
	schools := 0
	for _, h := range heads {
		if strings.Contains(h, "差距") && strings.Contains(h, "判定") {
			schools++
		}
	}
	if schools < 2 {
		t.Errorf("%d tables with the columns 判定 and 差距, want the two levels' 各校指标与差距", schools)
	}
}

// TestPrintSchoolPage prints a school page of two parts and three years as
// TestPrintYearReport prints the year report: its charts (the newest
// year's and the trends), every column of its tables, and every row of
// 历年达标情况 (a row spanning pages or cut at the paper's edge would lose
// its text).
func TestPrintSchoolPage(t *testing.T) {
	heads, rows, flat := printPage(t, "/schools/2150000020/", "", "#t_years tbody tr")
	years := false
	for _, h := range heads {
		years = years || strings.Contains(h, "学校判定") && strings.Contains(h, "未提供项")
	}
	if !years || len(rows) != 6 {
		t.Errorf("历年达标情况: %d rows (want the three years' two parts) among the tables %q", len(rows), heads)
	}
	for _, r := range rows {
		if !strings.Contains(flat, squeeze(r)) {
			t.Errorf("the printed page lacks the row %q of 历年达标情况", r)
		}
	}
}

// TestPrintLeavesOutScrollHints: the line above a wide table that says it
// scrolls sideways (shown on a phone) is not printed: on paper every
// column is there.
func TestPrintLeavesOutScrollHints(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/reports/2024/", 360, 800)
	shown := `Array.from(document.querySelectorAll(".scroll-hint")).filter(el => el.getClientRects().length > 0).length`
	pg.WaitFor(t, shown+" > 0", 10*time.Second)
	pg.EmulatePrint(t, "print")
	var hints int
	pg.Eval(t, shown, &hints)
	pg.EmulatePrint(t, "")
	if hints > 0 {
		t.Errorf("printed from a phone: %d lines telling to scroll a table sideways are on paper", hints)
	}
}

// printPage prints the page at path (a site path of the example) to PDF as
// a reader would (A4, the browser's default margins; the page names its
// own size) and reads the PDF's text with pdftotext (poppler-utils): every
// chart is drawn before printing (charts.js draws them on beforeprint) and
// printed, the header row of every table is in the text, and the download
// addresses are printed in full, and no sheet but the last ends with a
// heading, a chart's note, a table's caption or header row (sheetEnds). It
// returns the header rows, the text of the rows the selector rows finds,
// and the printed text without white space. With GONGKAI_UPDATE_SCREENSHOTS=1 a named PDF is written to
// docs/screenshots/.
func printPage(t *testing.T, path, name, rows string) (heads, rowTexts []string, flat string) {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: apt-get install poppler-utils (scripts/install-deps.sh)")
	}
	dir := t.TempDir()
	if name == "" {
		name = "print.pdf"
	} else if os.Getenv("GONGKAI_UPDATE_SCREENSHOTS") == "1" {
		dir = filepath.Join(repoRoot, "docs", "screenshots")
	}
	out := filepath.Join(dir, name)
	pg := sharedBrowser(t).Visit(t, served(t)+path, 1280, 900)
	// Every chart is on paper, its SVG laid out by the print stylesheet; a
	// tooltip the reader left open (the first chart's first mark) is not.
	pg.Eval(t, `(document.querySelector("div.chart rect.bar, div.chart g.pt").dispatchEvent(new PointerEvent("pointerover", {bubbles: true, pointerType: "mouse"})), true)`, nil)
	pg.WaitFor(t, `(() => { const t = document.querySelector(".chart-tip"); return t && !t.hidden; })()`, 5*time.Second)
	pg.EmulatePrint(t, "print")
	// Each chart but a tall one (a ranking of many schools) fits on a page
	// (A4, 269 mm within the margins; 96 px to the inch) at a size that can
	// be read (at least half the width it has on the screen).
	var sizes []struct {
		ID            string
		Width, Height float64
	}
	pg.Eval(t, `Array.from(document.querySelectorAll("div.chart > svg.svgc:not(.tall)")).map(g => { const r = g.getBoundingClientRect(); return {id: g.parentElement.id, width: r.width, height: r.height}; })`, &sizes)
	for _, c := range sizes {
		if mm := c.Height * 25.4 / 96; mm > 269 || c.Width < 224 {
			t.Errorf("%s printed: chart %s is %.0f × %.0f mm, not on one A4 page at a readable size", path, c.ID, c.Width*25.4/96, mm)
		}
	}
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
		t.Errorf("%s printed: %d of %d charts on paper", path, after.Drawn, after.Charts)
	}
	if after.Tip != "none" {
		t.Errorf("%s printed: the chart tooltip is on paper (display %s)", path, after.Tip)
	}
	// The header row of every table, as the page writes it.
	pg.Eval(t, `Array.from(document.querySelectorAll("main table")).map(tb =>
		Array.from(tb.tHead.rows[0].cells).map(c => c.textContent).join(""))`, &heads)
	if rows != "" {
		pg.Eval(t, `Array.from(document.querySelectorAll(`+strconv.Quote(rows)+`)).map(tr => tr.textContent)`, &rowTexts)
	}
	var downloads []string
	pg.Eval(t, `Array.from(document.querySelectorAll(".downloads a")).map(a => a.href)`, &downloads)
	var blocks struct{ Leads, Heads []string }
	pg.Eval(t, `({
		leads: Array.from(document.querySelectorAll("main h2, main h2 + p.lead, main h3, main .section-note, main caption")).map(e => e.textContent),
		heads: Array.from(document.querySelectorAll("main thead")).map(e => e.textContent),
	})`, &blocks)
	pg.PrintToPDF(t, out, browsertest.A4Width, browsertest.A4Height)
	pg.AssertClean(t)
	// No sheet ends with what announces the next one.
	laid, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", out, err)
	}
	sheetEnds(t, path, string(laid), blocks.Leads, blocks.Heads)

	txt, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", out, err)
	}
	flat = squeeze(string(txt))
	for _, h := range heads {
		if !strings.Contains(flat, squeeze(h)) {
			t.Errorf("the printed %s lacks columns of the table headed %q", path, h)
		}
	}
	// The addresses are those of the published site, not of the test server.
	if len(downloads) == 0 {
		t.Errorf("%s: no download links", path)
	}
	for _, d := range downloads {
		i := strings.Index(d, "/data/")
		if i < 0 {
			t.Errorf("download %s is not under /data/", d)
			continue
		}
		if want := "https://jyj.example.gov.cn" + d[i:]; !strings.Contains(flat, want) {
			t.Errorf("the printed %s lacks the address %s", path, want)
		}
	}
	t.Logf("%s: %d bytes, %d tables, %d charts", out, len(txt), len(heads), after.Charts)
	return heads, rowTexts, flat
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

// TestPrintLeavesOutSortMarks: the ⇅ that tells a reader a column heading
// sorts the table is not printed; a column the table is sorted by keeps
// its arrow, which says the order of the printed rows.
func TestPrintLeavesOutSortMarks(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, servedCity(t)+"/reports/2024/", 1280, 900)
	marks := `Array.from(document.querySelectorAll("table.sortable .sort-button")).map(b => getComputedStyle(b, "::after").content).filter(c => c.includes("⇅")).length`
	pg.WaitFor(t, marks+" > 0", 10*time.Second)
	pg.Eval(t, `(document.querySelector("table.sortable .sort-button").click(), true)`, nil)
	pg.EmulatePrint(t, "print")
	var printed int
	var sorted string
	pg.Eval(t, marks, &printed)
	pg.Eval(t, `getComputedStyle(document.querySelector("table.sortable th[aria-sort] .sort-button"), "::after").content`, &sorted)
	pg.EmulatePrint(t, "")
	if printed > 0 {
		t.Errorf("%d column headings print ⇅", printed)
	}
	if !strings.Contains(sorted, "↑") && !strings.Contains(sorted, "↓") {
		t.Errorf("the column the table is sorted by prints %s, not its arrow", sorted)
	}
}

// sheetEnds reports every printed sheet but the last (pdftotext's text,
// sheets parted by form feeds) that ends with a heading, the note that
// introduces a chart, a table's caption (leads) or a table's header row
// (heads): a reader turns the page to find what they announce.
func sheetEnds(t *testing.T, path, txt string, leads, heads []string) {
	t.Helper()
	sheets := strings.Split(strings.TrimRight(txt, "\f\n"), "\f")
	for i, sheet := range sheets[:len(sheets)-1] {
		var last string
		for _, l := range strings.Split(sheet, "\n") {
			if strings.TrimSpace(l) != "" {
				last = l
			}
		}
		flat := squeeze(last)
		if len([]rune(flat)) < 4 {
			continue
		}
		stranded := false
		for _, b := range leads {
			if strings.HasSuffix(squeeze(b), flat) {
				t.Errorf("%s printed: sheet %d of %d ends with %q", path, i+1, len(sheets), strings.TrimSpace(b))
				stranded = true
				break
			}
		}
		for _, h := range heads {
			if stranded {
				break
			}
			words, in := strings.Fields(strings.ReplaceAll(last, "\u200b", "")), 0
			for _, w := range words {
				if strings.Contains(squeeze(h), w) {
					in++
				}
			}
			if len(words) >= 3 && in == len(words) {
				t.Errorf("%s printed: sheet %d of %d ends with the header row of a table (%q)", path, i+1, len(sheets), strings.TrimSpace(last))
				stranded = true
			}
		}
	}
}

// TestPrintKeepsUnitsWhole: on paper a school's ten-year table squeezes its
// columns into the width of A4; a unit (人/百名学生) may break after its "/"
// but not into a character a line.
func TestPrintKeepsUnitsWhole(t *testing.T) {
	base := servedLarge(t)
	school := largeTrendSchool(t)
	// The width of A4 within print.css's margins (186 mm at 96 px to the
	// inch), where the print stylesheet lays the page out.
	pg := sharedBrowser(t).Visit(t, base+"/schools/"+school+"/", 703, 900)
	// On the screen a unit is text: left-aligned, on one line.
	var screen []string
	pg.Eval(t, `Array.from(document.querySelectorAll("#trend table.units td:nth-child(2)")).filter(td => {
		const s = getComputedStyle(td); return s.textAlign !== "left" || s.whiteSpace !== "nowrap";
	}).map(td => td.textContent)`, &screen)
	if len(screen) > 0 {
		t.Errorf("/schools/%s/: units not left-aligned on one line: %q", school, screen)
	}
	pg.EmulatePrint(t, "print")
	var cells []struct {
		Text  string
		Lines float64
	}
	pg.Eval(t, `Array.from(document.querySelectorAll("#trend table.units td:nth-child(2)")).map(td => {
		const r = document.createRange(); r.selectNodeContents(td);
		return {text: td.textContent, lines: r.getClientRects().length};
	})`, &cells)
	pg.EmulatePrint(t, "")
	if len(cells) == 0 {
		t.Fatalf("/schools/%s/: no unit cells in the trend table", school)
	}
	for _, c := range cells {
		if c.Lines > 2 {
			t.Errorf("/schools/%s/ printed: the unit %q takes %.0f lines", school, c.Text, c.Lines)
		}
	}
	pg.AssertClean(t)
	pg.Close()
}

// TestPrintKeepsShortCellsWhole: printed, a table's short cells — a
// number, a standard (≥ 4.2), a status (未达标, 暂不能判定), a group (城区) —
// each stay on one line, and the table still fits the width of the paper.
// Status words were bordered marks that kept their line; as coloured words
// they printed 未 / 达 / 标.
func TestPrintKeepsShortCellsWhole(t *testing.T) {
	base := servedLarge(t)
	school := largeTrendSchool(t)
	for _, path := range []string{"/reports/2023/primary/", "/" + largeBands + "/", "/schools/" + school + "/"} {
		// The width of A4 within print.css's margins, as in
		// TestPrintKeepsUnitsWhole.
		pg := sharedBrowser(t).Visit(t, base+path, 703, 900)
		pg.EmulatePrint(t, "print")
		var got struct {
			Cells  int
			Broken []string
			Wide   []string
		}
		pg.Eval(t, `(() => {
			const out = {Cells: 0, Broken: [], Wide: []};
			for (const td of document.querySelectorAll("main table.rt td:not(.l)")) {
				if (td.closest("table.units") && td.cellIndex === 1) continue; // a unit: TestPrintKeepsUnitsWhole
				const first = td.firstChild;
				if (!first || first.nodeType !== Node.TEXT_NODE || first.textContent.trim() === "") continue;
				out.Cells++;
				const r = document.createRange(); r.selectNodeContents(first);
				const tops = new Set(Array.from(r.getClientRects()).map(q => Math.round(q.top)));
				if (tops.size > 1) out.Broken.push(first.textContent);
			}
			// A share's number and its 倍 stay together ("为标准的 / 1.06 倍").
			for (const sm of document.querySelectorAll("main table.rt td > small")) {
				const text = sm.firstChild;
				const m = text && text.nodeType === Node.TEXT_NODE && /[0-9.]+\s倍$/.exec(text.textContent);
				if (!m) continue;
				const r = document.createRange(); r.setStart(text, m.index); r.setEnd(text, text.textContent.length);
				if (new Set(Array.from(r.getClientRects()).map(q => Math.round(q.top))).size > 1) out.Broken.push(text.textContent);
			}
			for (const tb of document.querySelectorAll("main table.rt")) {
				const right = tb.getBoundingClientRect().right;
				if (right > innerWidth + 1) out.Wide.push((tb.id || tb.className) + " to " + Math.round(right) + " px");
			}
			out.Broken = out.Broken.slice(0, 8);
			return out;
		})()`, &got)
		pg.EmulatePrint(t, "")
		if got.Cells < 50 {
			t.Errorf("%s printed: only %d short cells", path, got.Cells)
		}
		if len(got.Broken) > 0 {
			t.Errorf("%s printed: cells broken over lines: %q", path, got.Broken)
		}
		if len(got.Wide) > 0 {
			t.Errorf("%s printed: tables wider than the paper: %q", path, got.Wide)
		}
		pg.AssertClean(t)
		pg.Close()
	}
}

// TestPrintIgnoresHighContrast: paper is white. A reader who reads in high
// contrast (white on black) and prints gets the page in its usual colours —
// printed in high contrast, borders were white and text light grey — and
// is back in high contrast after printing.
func TestPrintIgnoresHighContrast(t *testing.T) {
	b := sharedBrowser(t)
	// An indicator page: a table and a chart on two sheets, not the year
	// report's twelve.
	pg := b.Visit(t, served(t)+"/reports/2024/primary/sports_area/", 1280, 900)
	defer pg.Close()
	pg.Eval(t, `(document.querySelector('[data-contrast]').click(), true)`, nil)
	defer pg.Eval(t, `(localStorage.clear(), true)`, nil)
	pg.Eval(t, `(window.__printed = [], window.addEventListener("beforeprint", () => window.__printed.push({
		contrast: document.documentElement.classList.contains("contrast"),
		text: getComputedStyle(document.querySelector("main h1")).color,
		border: getComputedStyle(document.querySelector("main table.rt td")).borderBottomColor})), true)`, nil)
	pg.PrintToPDF(t, filepath.Join(t.TempDir(), "contrast.pdf"), browsertest.A4Width, browsertest.A4Height)
	var got struct {
		Printed []struct {
			Contrast     bool
			Text, Border string
		}
		After bool
	}
	pg.Eval(t, `({printed: window.__printed, after: document.documentElement.classList.contains("contrast")})`, &got)
	if len(got.Printed) != 1 {
		t.Fatalf("beforeprint seen %d times", len(got.Printed))
	}
	if p := got.Printed[0]; p.Contrast || p.Text == "rgb(255, 255, 255)" || p.Border == "rgb(255, 255, 255)" {
		t.Errorf("printed in high contrast: %+v", p)
	}
	if !got.After {
		t.Error("high contrast not restored after printing")
	}
}

// largeTrendSchool is the first school of the large county with ten years'
// trend table.
func largeTrendSchool(t *testing.T) string {
	t.Helper()
	dirs, err := os.ReadDir(filepath.Join(largeDir, "schools"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(largeDir, "schools", d.Name(), "index.html"))
		if err == nil && bytes.Contains(b, []byte(`id="trend"`)) && bytes.Contains(b, []byte("2015年—2024年")) {
			return d.Name()
		}
	}
	t.Fatal("no school of the large county has ten years' trend table")
	return ""
}
