package sitecheck

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestScreenshots takes the pictures of docs/screenshots/: the catalogue and
// a document, in the normal and the high-contrast mode, and the home page
// and the catalogue on a phone (360 px). They are written to
// docs/screenshots/ when GONGKAI_UPDATE_SCREENSHOTS=1, else to a temporary
// directory (so that the suite still checks that they can be taken).
func TestScreenshots(t *testing.T) {
	dir := t.TempDir()
	if os.Getenv("GONGKAI_UPDATE_SCREENSHOTS") == "1" {
		dir = filepath.Join(repoRoot, "docs", "screenshots")
	}
	shots := []struct {
		name, path, ready string
		contrast          bool
		height            int
		full              bool
		width             int
	}{
		{"catalogue.png", "catalogue/", "!document.getElementById('cat-filter').hidden", false, 1000, true, 1280},
		{"catalogue-contrast.png", "catalogue/", "!document.getElementById('cat-filter').hidden", true, 1000, true, 1280},
		{"document.png", "plans/plan-2022/", "", false, 1500, false, 1280},
		{"document-contrast.png", "plans/plan-2022/", "", true, 1500, false, 1280},
		{"home-1280.png", "", "", false, 900, true, 1280},
		{"home-360.png", "", "", false, 740, true, 360},
		{"catalogue-360.png", "catalogue/", "!document.getElementById('cat-filter').hidden", false, 740, true, 360},
	}
	for _, s := range shots {
		t.Run(s.name, func(t *testing.T) {
			if s.width == 0 {
				s.width = 1280
			}
			pg := sharedBrowser(t).Visit(t, served(t)+"/"+s.path, s.width, s.height)
			if s.ready != "" {
				pg.WaitFor(t, s.ready, 15*time.Second)
			}
			if s.contrast {
				pg.Eval(t, `(document.documentElement.classList.add("contrast"), document.querySelectorAll("[data-contrast]").forEach(b => b.setAttribute("aria-pressed", "true")), true)`, nil)
			}
			out := filepath.Join(dir, s.name)
			pg.Screenshot(t, out, s.full)
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("%s: %v", out, err)
			}
			if w := img.Bounds().Dx(); w != s.width {
				t.Errorf("%s is %d px wide, want %d", out, w, s.width)
			}
		})
	}
}
