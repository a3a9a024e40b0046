package render_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/report"
)

// memWriter keeps the files written, copying the bytes (the renderer reuses
// its buffers once WriteFile returns).
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) WriteFile(p string, b []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[p] = bytes.Clone(b)
	return nil
}

func renderer(t *testing.T) (*render.Renderer, *config.Site) {
	t.Helper()
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "/site/site.toml", []byte("title = \"测试县教育局\"\nbase_url = \"https://example.gov.cn/\"\n"), 0o644)
	site, ds := config.Load(fsys, "/site", "")
	if site == nil {
		t.Fatal(ds)
	}
	theme, ds := build.LoadTheme(fsys, "/site", "")
	if theme == nil {
		t.Fatal(ds)
	}
	rep, err := report.New(report.Options{Site: site, Theme: theme})
	if err != nil {
		t.Fatal(err)
	}
	r, ds := render.New(site, theme, content.Date{Year: 2025, Month: 1, Day: 1}, rep.Funcs())
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return r, site
}

// A page given by Make renders exactly as the same page given by Data, Make
// runs in the page's job and may set the page's title, and many pages
// rendered through the pooled buffers each keep their own bytes.
func TestExtraPageMake(t *testing.T) {
	r, site := renderer(t)
	var extra []render.ExtraPage
	for i := range 200 {
		title := strings.Repeat("页", i) // pages of different sizes share buffers
		extra = append(extra,
			render.ExtraPage{Layout: "404", Page: render.Page{Kind: "x", Title: title, URL: "data/" + string(rune('a'+i%26)) + strings.Repeat("x", i) + "/"}},
			render.ExtraPage{Layout: "404", Page: render.Page{Kind: "x", URL: "make/" + string(rune('a'+i%26)) + strings.Repeat("x", i) + "/"},
				Make: func(p *render.Page) (any, error) { p.Title = title; return nil, nil }},
		)
	}
	w := &memWriter{files: map[string][]byte{}}
	_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: extra}, w)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	for i := range 200 {
		suffix := string(rune('a'+i%26)) + strings.Repeat("x", i) + "/index.html"
		a, b := w.files["data/"+suffix], w.files["make/"+suffix]
		if a == nil || b == nil {
			t.Fatalf("page %d not written", i)
		}
		// The pages differ only in their own URL (canonical link).
		b = bytes.ReplaceAll(b, []byte("/make/"), []byte("/data/"))
		if !bytes.Equal(a, b) {
			t.Fatalf("page %d: Make and Data differ", i)
		}
		if want := "<title>" + strings.Repeat("页", i); !bytes.Contains(a, []byte(want)) {
			t.Fatalf("page %d lacks its title", i)
		}
	}
}

// An error from a page's job names the page it belongs to, whatever the
// page's own code returned.
func TestPageErrorNamesPage(t *testing.T) {
	r, site := renderer(t)
	extra := []render.ExtraPage{
		{Layout: "404", Page: render.Page{Kind: "x", URL: layout.Year(2024) + "150101/"},
			Make: func(*render.Page) (any, error) { return nil, errors.New("图表数据无法编码") }},
		{Layout: "no-such-layout", Page: render.Page{Kind: "x", URL: layout.School("1")}},
	}
	_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: extra}, &memWriter{files: map[string][]byte{}})
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"/" + layout.Year(2024) + "150101/: 图表数据无法编码", "/" + layout.School("1") + ": "} {
		if !strings.Contains(all, want) {
			t.Errorf("the errors do not say %q:\n%s", want, all)
		}
	}
}
