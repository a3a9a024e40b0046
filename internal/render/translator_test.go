package render

import (
	"runtime"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/config"
)

// TestTranslatorKeepsNoRenderer: a stage that keeps the translations after
// the pages are rendered (the portal, until the search index) does not keep
// the renderer, whose templates hold the report's functions and with them
// every school of the site.
func TestTranslatorKeepsNoRenderer(t *testing.T) {
	theme, diags := NewTheme(builtInFiles(t))
	if theme == nil {
		t.Fatal(diags)
	}
	r := stubRenderer(t, &config.Site{Title: "t", Language: "zh-CN", BasePath: "/"}, theme)
	want, err := r.T("pt_search_title")
	if err != nil {
		t.Fatal(err)
	}
	tr := r.Translator()
	collected := make(chan struct{})
	runtime.AddCleanup(r, func(c chan struct{}) { close(c) }, collected)
	r = nil
	deadline := time.Now().Add(30 * time.Second)
	for done := false; !done; {
		runtime.GC()
		select {
		case <-collected:
			done = true
		case <-time.After(10 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("the renderer is still reachable through its Translator")
			}
		}
	}
	if got, err := tr("pt_search_title"); err != nil || got != want {
		t.Errorf("Translator: %q, %v; T gave %q", got, err, want)
	}
	if _, err := tr("no-such-key"); err == nil {
		t.Error("an unknown key is no error")
	}
}
