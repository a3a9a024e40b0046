package serve

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
)

// In a browser, under the site's Content-Security-Policy: an edit reloads
// the open page, a broken edit shows the overlay with file:line over the
// last good page, and the fix removes it.
func TestLiveReloadInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser")
	}
	dir := t.TempDir()
	osfs := afero.NewOsFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: osfs, Dir: dir, Today: today}); err != nil {
		t.Fatal(err)
	}
	s, _ := start(t, Options{Source: dir, Now: today})
	b := browsertest.Start(t)
	p := b.Visit(t, s.URL()+"policies/balance-plan/", 1024, 768)
	// (Visit waits for the network to go idle; the event stream stays
	// open, so it waits its full time, by which the stream is connected.)
	p.Eval(t, `window.gongkaiMarker = 1`, nil)

	docFile := filepath.Join(dir, "content", "policies", "balance-plan.md")
	src, _ := afero.ReadFile(osfs, docFile)
	good := strings.Replace(string(src), "各学校：", "各学校（第二稿）：", 1)
	write(t, osfs, docFile, good)
	p.WaitFor(t, `!window.gongkaiMarker && document.body && document.body.textContent.includes("第二稿")`, 20*time.Second)

	write(t, osfs, docFile, strings.Replace(good, "第二稿）：", "第三稿）：{{< value >}}", 1))
	p.WaitFor(t, `document.getElementById("gongkai-overlay")`, 20*time.Second)
	var overlay struct {
		Text     string
		Position string
		Page     string
	}
	p.WaitFor(t, `getComputedStyle(document.getElementById("gongkai-overlay")).position === "fixed"`, 10*time.Second)
	p.Eval(t, `({Text: document.getElementById("gongkai-overlay").textContent,
		Position: getComputedStyle(document.getElementById("gongkai-overlay")).position,
		Page: document.querySelector("main") ? document.querySelector("main").textContent : document.body.textContent})`, &overlay)
	if !strings.Contains(overlay.Text, "content/policies/balance-plan.md:") || overlay.Position != "fixed" {
		t.Errorf("overlay %q (position %q)", overlay.Text, overlay.Position)
	}
	if !strings.Contains(overlay.Page, "第二稿") {
		t.Error("the last good page is not shown under the overlay")
	}

	write(t, osfs, docFile, strings.Replace(good, "第二稿", "第四稿", 1))
	p.WaitFor(t, `!document.getElementById("gongkai-overlay") && document.body && document.body.textContent.includes("第四稿")`, 20*time.Second)
	for _, prob := range p.Report().Problems() {
		if strings.Contains(prob, "Content Security Policy") || strings.Contains(prob, "Refused") {
			t.Errorf("browser: %s", prob)
		}
	}
}
