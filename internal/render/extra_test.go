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
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
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
	_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: [][]render.ExtraPage{extra}}, w)
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
	_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: [][]render.ExtraPage{extra}}, &memWriter{files: map[string][]byte{}})
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

// With Eager, a page whose key changed and that Eager does not name is
// made when first read, by the job of the build that left it; one that
// failed so is rendered by the next build, which reports the error.
func TestLazyPage(t *testing.T) {
	r, site := renderer(t)
	cache := render.NewCache()
	fail := false
	title := "第一版"
	build := func(key string, out *output.Memory) []diag.Diagnostic {
		t.Helper()
		extra := []render.ExtraPage{{Layout: "404", Page: render.Page{Kind: "x", URL: "a/"}, Key: key,
			Make: func(p *render.Page) (any, error) {
				if fail {
					return nil, errors.New("图表数据无法编码")
				}
				p.Title = title
				return nil, nil
			}}}
		_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: [][]render.ExtraPage{extra}, Cache: cache, Eager: func(string) bool { return false }}, out)
		return ds
	}
	first := output.NewMemory()
	if ds := build("1", first); len(ds) > 0 || first.Pending("a/index.html") {
		t.Fatalf("first build: %v, pending %v", ds, first.Pending("a/index.html"))
	}
	second := first.Next()
	title = "第二版"
	if ds := build("2", second); len(ds) > 0 || !second.Pending("a/index.html") {
		t.Fatalf("a changed page was rendered: %v", ds)
	}
	if b, _ := second.File("a/index.html"); !bytes.Contains(b, []byte("第二版")) {
		t.Errorf("the page made on request is not the new one:\n%s", b)
	}
	third := second.Next()
	fail = true
	if ds := build("3", third); len(ds) > 0 {
		t.Fatal(ds)
	}
	if _, _, err := third.Read("a/index.html"); err == nil || !strings.Contains(err.Error(), "图表数据无法编码") {
		t.Errorf("made on request: %v", err)
	}
	if ds := build("3", third.Next()); len(ds) == 0 {
		t.Error("a page that failed on request is left to fail on request again, not reported by the build")
	}
}

// TestOnceLetsGoOfSources: a one-shot build (Input.Once) lets go of each
// document's Markdown once its page is written, so that a build's memory
// does not hold every source while the rest is rendered; the pages are the
// same either way, and without Once (gongkai serve renders a page again on
// request) the sources stay.
func TestOnceLetsGoOfSources(t *testing.T) {
	r, site := renderer(t)
	load := func() *content.Content {
		fsys := afero.NewMemMapFs()
		_ = afero.WriteFile(fsys, "/site/content/news/_index.md", []byte("+++\ntitle = \"工作动态\"\n+++\n"), 0o644)
		for _, n := range []string{"a", "b", "c"} {
			_ = afero.WriteFile(fsys, "/site/content/news/"+n+".md", []byte("+++\ntitle = \"文件"+n+"\"\npublished = 2024-03-15\n+++\n\n# 一、总体要求\n\n正文"+n+"。\n"), 0o644)
		}
		c, ds := content.Load(fsys, "/site", site, content.Options{Future: true})
		for _, d := range ds {
			if d.Severity == diag.Error {
				t.Fatal(d)
			}
		}
		if len(c.Docs) != 3 {
			t.Fatalf("%d documents", len(c.Docs))
		}
		return c
	}
	pages := map[bool]map[string][]byte{}
	for _, once := range []bool{false, true} {
		c := load()
		w := &memWriter{files: map[string][]byte{}}
		if _, ds := r.Render(render.Input{Site: site, Content: c, Once: once}, w); len(ds) > 0 {
			t.Fatal(ds)
		}
		for _, d := range c.Docs {
			if kept := d.Body != nil; kept == once {
				t.Errorf("Once %v: %s's source kept: %v", once, d.Path, kept)
			}
			if !bytes.Contains(w.files[layout.OutPath(d.URL)], []byte("正文")) {
				t.Errorf("Once %v: %s's page lacks its text", once, d.URL)
			}
		}
		pages[once] = w.files
	}
	for p, b := range pages[false] {
		if !bytes.Equal(b, pages[true][p]) {
			t.Errorf("%s differs with Once", p)
		}
	}
}

// Pages of a source are written as the same pages given in Extra, counted
// as pages, filtered by Only, and a source that fails to describe a page
// is an error of the build rather than a crash.
func TestPageSource(t *testing.T) {
	r, site := renderer(t)
	page := func(i int) render.ExtraPage {
		return render.ExtraPage{Layout: "404", Page: render.Page{Kind: "x", URL: "s/" + strings.Repeat("x", i+1) + "/"},
			Make: func(p *render.Page) (any, error) { p.Title = strings.Repeat("页", i+1); return nil, nil }}
	}
	var extra []render.ExtraPage
	for i := range 30 {
		extra = append(extra, page(i))
	}
	odd := func(name string) bool { return !strings.HasPrefix(name, "s/") || len(name)%2 == 0 } // s/x…x/, an odd number of x
	for _, only := range []func(string) bool{nil, odd} {
		given, sourced := &memWriter{files: map[string][]byte{}}, &memWriter{files: map[string][]byte{}}
		gs, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Extra: [][]render.ExtraPage{extra}, Only: only}, given)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		ss, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Sources: []render.PageSource{{Len: 30, Page: page}}, Only: only}, sourced)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		if gs.Pages != ss.Pages || gs.Files != ss.Files {
			t.Errorf("%d pages, %d files from Extra; %d, %d from a source", gs.Pages, gs.Files, ss.Pages, ss.Files)
		}
		if len(given.files) != len(sourced.files) {
			t.Errorf("%d files from Extra, %d from a source", len(given.files), len(sourced.files))
		}
		for p, b := range given.files {
			if !bytes.Equal(sourced.files[p], b) {
				t.Errorf("%s: differs when its page comes from a source", p)
			}
		}
		if only != nil && (sourced.files["s/xx/index.html"] != nil || sourced.files["s/x/index.html"] == nil) {
			t.Error("Only did not choose the source's pages")
		}
	}
	broken := render.PageSource{Len: 3, Page: func(i int) render.ExtraPage {
		if i == 1 {
			panic("no such school")
		}
		return page(i)
	}}
	_, ds := r.Render(render.Input{Site: site, Content: &content.Content{}, Sources: []render.PageSource{broken}}, &memWriter{files: map[string][]byte{}})
	if len(ds) != 1 || !strings.Contains(ds[0].Msg, "内部错误") || !strings.Contains(ds[0].Msg, "no such school") {
		t.Errorf("a source that panics: %v, want one internal error naming the panic", ds)
	}
}
