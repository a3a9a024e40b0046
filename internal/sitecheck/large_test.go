package sitecheck

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// A county of 120 school parts in ten years (internal/synth), built and
// served once: its primary indicator pages have more schools than a chart
// ranks (they count them in bands of value), its junior pages fewer; its
// trends page has more years than its small charts can label each.
var (
	largeOnce sync.Once
	largeURL  string
	largeDir  string
	largeErr  error
)

// largeBands is a page of the large county whose chart counts schools in
// bands.
const largeBands = "reports/2024/primary/equipment_value"

func servedLarge(t *testing.T) string {
	t.Helper()
	largeOnce.Do(func() {
		largeURL, largeDir, largeErr = buildAndServe("large", "", func(fsys afero.Fs, src string) error {
			_, err := synth.Generate(fsys, src, synth.Options{Docs: 2, Schools: 120, Years: 10})
			return err
		})
	})
	if largeErr != nil {
		t.Fatalf("building a county of 120 school parts in ten years: %v", largeErr)
	}
	return largeURL
}

// TestDistributionPage: an indicator page that counts its schools in
// bands, at 360 px: the chart draws, it and the two tables fit the screen
// but for the tables' own scrolling boxes, axe finds nothing serious, the
// console is clean. (TestChartTooltips visits it at 1280 px.)
func TestDistributionPage(t *testing.T) {
	base := servedLarge(t)
	script, err := axe.Script()
	if err != nil {
		t.Fatal(err)
	}
	p := sharedBrowser(t).Visit(t, base+"/"+largeBands+"/", 360, 900)
	defer p.Close()
	p.WaitFor(t, chartsReady, 30*time.Second)
	if overflow := widerThanScreen(t, p); len(overflow) > 0 {
		t.Errorf("at 360 px: wider than the screen: %v", overflow)
	}
	// The distribution, then every school: two tables; a chart of bands,
	// not one of 66 bars (some 1,900 px at 360 px).
	var got struct {
		Tables int
		Chart  float64
	}
	p.Eval(t, `({Tables: document.querySelectorAll("main table").length,
		Chart: document.querySelector(".chart svg").getBoundingClientRect().height})`, &got)
	if got.Tables != 2 || got.Chart > 900 {
		t.Errorf("at 360 px: %d tables, a chart %.0f px tall", got.Tables, got.Chart)
	}
	for _, v := range runAxe(t, p, string(script)).serious("/" + largeBands + "/") {
		t.Error(v)
	}
	p.AssertClean(t)
}

// TestHistoryCellsStayWhole: in a school's history (历年达标情况) on a tablet
// (768 px), the short cells — a year, a part (小学), a verdict, a count —
// each take one line: the list of indicators beside them keeps to one line
// and squeezed the part's column until 小学 broke into 小 / 学.
func TestHistoryCellsStayWhole(t *testing.T) {
	base := servedLarge(t)
	pages, err := filepath.Glob(filepath.Join(largeDir, "schools", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The school of two parts whose history lists the most indicators.
	var page string
	most := 0
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h := string(b)
		if i := strings.Index(h, `id="t_years"`); i >= 0 && strings.Contains(h, `rowspan="2"`) {
			h = h[i:]
			h = h[:strings.Index(h, "</table>")]
			if n := strings.Count(h, "、"); n > most { // the unmet indicators' names, and those below the floor
				page, most = filepath.Base(filepath.Dir(p)), n
			}
		}
	}
	if page == "" {
		t.Fatal("no school of two parts with a history in the large county")
	}
	p := sharedBrowser(t).Visit(t, base+"/schools/"+page+"/", 768, 900)
	defer p.Close()
	var broken []string
	p.Eval(t, `Array.from(document.querySelectorAll("#t_years tbody td, #t_years tbody th")).filter(c => {
		const text = c.textContent.trim();
		if (text.length > 5) return false;
		const line = parseFloat(getComputedStyle(c).lineHeight);
		const r = document.createRange(); r.selectNodeContents(c);
		return r.getBoundingClientRect().height > 1.5 * line;
	}).map(c => c.textContent.trim())`, &broken)
	if len(broken) > 0 {
		t.Errorf("/schools/%s/: cells broken over lines at 768 px: %q", page, broken)
	}
}
