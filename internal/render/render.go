// Package render turns the site model into files: HTML pages from the
// theme's html/template layouts (each parsed once per build), static assets
// with content-hashed names, and attachments. Pages are rendered in
// parallel; the output is the same bytes for the same input.
package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"path"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// Writer receives the built files. Stage implements it. WriteFile must not
// keep data after it returns: the renderer reuses its page buffers.
type Writer interface {
	WriteFile(path string, data []byte) error
}

// Page describes the page being rendered, for the frame (title, breadcrumb,
// canonical link).
type Page struct {
	Kind        string // home, section, document, 404, …
	Title       string
	URL         string // site path, e.g. "plans/plan-2022/"
	Description string
	Canonical   string
	Crumbs      []Crumb
}

// Crumb is one step of the breadcrumb; the last has no URL.
type Crumb struct{ Title, URL string }

// NavItem is an entry of the main navigation.
type NavItem struct {
	Title, URL string
	Current    bool
	// Also are other site paths whose pages belong to the entry (the
	// school pages to 监测数据): the entry is current on them too.
	Also []string
}

// Assets are the URLs of the theme's shared files.
type Assets struct {
	CSS, PrintCSS, PrefsJS, SiteJS string
	// Favicon is the URL of the site's icon: site.toml's favicon, else the
	// theme's static/favicon.svg ("" without either); FaviconType its
	// media type.
	Favicon, FaviconType string
	// Styles are stylesheets every page links after CSS. The theme's
	// other stylesheets of static/css/ (one per feature) are not among
	// them: they are written into CSS after site.css, in name order, so
	// that a page loads one stylesheet rather than one per feature.
	// Stylesheets under static/css/pages/ are not either: a layout that
	// needs one links it itself, in its "head" block, as
	// (index .Assets.Extra "css/pages/<name>.css").
	Styles []string
	// Extra is every static file's URL by its theme path ("css/site.css");
	// a stylesheet written into CSS gives CSS's URL.
	Extra map[string]string
}

// Context is what every template receives.
type Context struct {
	Site   *config.Site
	Page   Page
	Nav    []NavItem
	Assets Assets
	CSP    string
	Today  content.Date

	Sections []*content.Section
	Section  *content.Section
	Docs     []*content.Document
	Pager    *layout.Pager
	Doc      *content.Document
	Body     template.HTML
	TOC      template.HTML

	// Data is what a page kind beyond documents needs (reports, schools).
	Data any

	// The frame of the page, written in Go (frame.go): the head up to the
	// site's stylesheets; the top of the body up to <main>; the footer and
	// the site's script. DocumentHTML is a document page's article.
	HeadHTML, HeaderHTML, FooterHTML template.HTML
	DocumentHTML                     template.HTML

	// parsed is a document's body as the Markdown renderer parsed it: the
	// built-in document page appends its HTML and TOC in their places; a
	// template gets them as Body and TOC (toTemplate). Performance: made
	// into a buffer, a string, the article's string, then copied into the
	// page, each document's body was four allocations and copies
	// (docs/performance.md).
	parsed *markdown.Parsed
}

// toTemplate makes parsed ctx's Body and TOC.
func (ctx *Context) toTemplate() {
	if p := ctx.parsed; p != nil {
		ctx.Body, ctx.TOC, ctx.parsed = template.HTML(p.AppendHTML(nil)), template.HTML(p.TOC), nil
	}
}

// Input is the site to render.
type Input struct {
	Site    *config.Site
	Content *content.Content
	Today   content.Date
	// ReadContent reads a file under content/ (attachments).
	ReadContent func(rel string) ([]byte, error)
	// Shortcodes resolves {{< … >}} in documents.
	Shortcodes markdown.ShortcodeFunc
	// ReservedID tells the ids a heading may not take (see
	// markdown.Options.ReservedID).
	ReservedID func(id string) bool
	// Extra are pages from later stages (reports, schools; the portal),
	// rendered with the same frame: one slice per stage, as each made
	// them, rather than copied into one (a province has tens of thousands).
	Extra [][]ExtraPage
	// Sources are pages described only in their render jobs, after
	// Extra's.
	Sources []PageSource
	// ExtraNav entries appear in the main navigation after the sections.
	ExtraNav []NavItem
	// HomeData is the home page's Data (the current year's headline).
	HomeData any
	// Only, when not nil, tells which pages and files to write, by site
	// path (a page's URL, a static file's path; a document's attachments go
	// with its page): a shard of a build, or their merge, writes its part
	// of the site (internal/build). nil writes every one.
	Only func(name string) bool
	// Done, when closed, stops the rendering: no further page is started
	// (the build was cancelled; it discards what was written).
	Done <-chan struct{}
	// Once tells that no page is rendered again after this Render (a
	// one-shot build, not gongkai serve): each document's Markdown is let
	// go once its page is written. Every page of new memory costs a build
	// (docs/performance.md): without the sources the rest of the build
	// holds some 10 MB less for 2,000 documents.
	Once bool

	// Cache, when not nil, keeps the pages from one build to the next
	// (gongkai serve): a page whose key is unchanged is not rendered again.
	// Key covers what every page depends on (the site, the theme, the
	// sections and ExtraNav, Today, the options), DocsKey the documents
	// (every file of content/), DocsMetaKey what lists and other pages show
	// of them (their front matter and the attachments; "" means DocsKey),
	// DataKey the data (for the home page's HomeData and documents with
	// shortcodes). A document's page is keyed by DocsMetaKey and its own
	// Digest when it has one. See Cache.
	Cache                              *Cache
	Key, DocsKey, DocsMetaKey, DataKey string
	// Eager, when not nil, tells which of the pages whose key changed since
	// the Cache's last build are rendered now, by site path (gongkai
	// serve: the pages being viewed). The others are given to the Writer
	// (a LazyWriter) as pages made on request. nil renders every page.
	Eager func(out string) bool
}

// ExtraPage is a page that another stage describes: its layout and data.
type ExtraPage struct {
	Layout string // layouts/<Layout>.html
	Page   Page
	Data   any
	// Make, when not nil, makes Data in the page's render job instead, and
	// may complete the page's Page (a title or description that depends on
	// the data). Performance: a stage with thousands of pages (schools,
	// indicators) can hand over closures rather than every page's data at
	// once, so that the data is built in parallel on every core and dropped
	// as soon as its page is written, instead of being built up front on
	// one core and held in memory for the whole build (docs/performance.md).
	// A page written from Input.Cache does not call Make.
	Make func(p *Page) (any, error)
	// Key, when not empty, identifies everything the page shows beyond
	// what Input.Key covers (its data): with Input.Cache, a page whose Key
	// is unchanged is written as it was, without Make or rendering. Empty
	// means the page is rendered every time.
	Key string
}

// PageSource is Len pages that another stage describes one at a time:
// Page(i), called in the i-th page's render job (on any core, so it must
// be safe to call concurrently). Performance (docs/performance.md): a
// province has tens of thousands of school and county-year pages, whose
// descriptions, made up front, would all be held to the end of the build;
// a source's are let go with their pages.
type PageSource struct {
	Len  int
	Page func(i int) ExtraPage
}

// Stats counts what was rendered.
type Stats struct {
	Pages int
	Files int
	// Plain is the plain text of each document (markdown.Result.Plain) by
	// its index in Content.Docs, for the search index, which so does not
	// render every document a second time (docs/performance.md).
	Plain []string
	// PlainKeys are the keys of the documents' pages by the same index
	// ("" for a page without one): the page and its plain text come from
	// one rendering of the same inputs, so an unchanged key is an
	// unchanged text, and the search index's key can be made of the keys
	// rather than of every text.
	PlainKeys []string
}

// Renderer holds the parsed templates of one build.
type Renderer struct {
	site    *config.Site
	theme   *Theme
	strs    map[string]string
	layouts map[string]*template.Template
	assets  Assets
	static  map[string][]byte // output path → bytes
	today   content.Date
	frame   frameParts
	// docShape is the document layout cut at the page's parts (direct.go).
	docShape docShape
}

// CSP is the Content-Security-Policy of every page: only the site itself.
// Scripts, styles, fonts and connections fall back to default-src, so
// they are not repeated on every page. It is delivered in a <meta>
// element, where browsers ignore (and log an error for) frame-ancestors,
// so that directive is left to the server.
const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"

// New parses the theme's layouts once and prepares the static assets.
// extra adds template functions of later stages (number formats, charts).
func New(site *config.Site, theme *Theme, today content.Date, extra template.FuncMap) (*Renderer, []diag.Diagnostic) {
	r := &Renderer{site: site, theme: theme, layouts: map[string]*template.Template{}, static: map[string][]byte{}, today: today}
	strs, diags := theme.Strings(site.Language)
	r.strs = strs
	r.assets.Extra = map[string]string{}
	outs := map[string]string{} // output path by theme path
	for _, name := range theme.List("static") {
		rel := strings.TrimPrefix(name, "static/")
		out, b := theme.static(name)
		if path.Ext(rel) == ".js" {
			var err error
			if out, b, err = Script(rel, out, b, strs); err != nil {
				diags = append(diags, diag.Diagnostic{File: theme.Origin(name), Msg: err.Error()})
			}
		}
		r.static[out] = b
		outs[rel] = out
		r.assets.Extra[rel] = site.URL(out)
	}
	if siteCSS, ok := outs["css/site.css"]; ok {
		// site.css and, after it, the other stylesheets every page needs,
		// as one file, which Extra gives for each of them.
		bundle := append([]byte(nil), r.static[siteCSS]...)
		in := []string{"css/site.css"}
		for _, name := range theme.List("static/css") {
			rel := strings.TrimPrefix(name, "static/")
			if rel != "css/site.css" && rel != "css/print.css" && path.Ext(rel) == ".css" && !strings.HasPrefix(rel, "css/pages/") {
				bundle = append(append(bundle, '\n'), r.static[outs[rel]]...)
				in = append(in, rel)
			}
		}
		out := layout.Asset(hashName("css/site.css", bundle))
		for _, rel := range in {
			delete(r.static, outs[rel])
			r.assets.Extra[rel] = site.URL(out)
		}
		r.static[out] = bundle
	}
	r.assets.CSS = r.assets.Extra["css/site.css"]
	r.assets.PrintCSS = r.assets.Extra["css/print.css"]
	r.assets.PrefsJS = r.assets.Extra["js/prefs.js"]
	r.assets.SiteJS = r.assets.Extra["js/site.js"]
	r.assets.Favicon, r.assets.FaviconType = r.assets.Extra["favicon.svg"], "image/svg+xml"
	if site.FaviconData != nil {
		ext := strings.ToLower(path.Ext(site.Favicon))
		out := layout.Favicon(ext)
		r.static[out] = site.FaviconData
		r.assets.Favicon = site.URL(out)
		r.assets.FaviconType = map[string]string{".ico": "image/x-icon", ".png": "image/png", ".svg": "image/svg+xml"}[ext]
	}

	base := template.New("").Funcs(r.funcs()).Funcs(extra)
	for _, name := range theme.List("layouts") {
		if !strings.HasPrefix(path.Base(name), "_") && path.Base(name) != "base.html" {
			continue
		}
		b, _ := theme.File(name)
		if _, err := base.New(name).Parse(string(b)); err != nil {
			diags = append(diags, diag.Diagnostic{File: theme.Origin(name), Msg: "模板错误: " + err.Error()})
		}
	}
	for _, name := range theme.List("layouts") {
		bn := path.Base(name)
		if strings.HasPrefix(bn, "_") || bn == "base.html" || path.Ext(bn) != ".html" {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			b, _ := theme.File(name)
			_, err = t.New(name).Parse(string(b))
		}
		if err != nil {
			diags = append(diags, diag.Diagnostic{File: theme.Origin(name), Msg: "模板错误: " + err.Error()})
			continue
		}
		r.layouts[strings.TrimSuffix(bn, ".html")] = t
	}
	return r, diags
}

// StaticFile is how the theme's static file rel ("js/charts.js", from
// static/) is written: its output path and bytes. Stylesheets and scripts
// are minified (minifyCSS, minifyJS) and named with the hash of the bytes
// written, under assets/; other files keep their path and bytes.
func StaticFile(rel string, b []byte) (string, []byte) {
	switch path.Ext(rel) {
	case ".css":
		b = minifyCSS(b)
	case ".js":
		b = minifyJS(b)
	default:
		return rel, b
	}
	return layout.Asset(hashName(rel, b)), b
}

// T returns the translation of key; an unknown key is an error, so that a
// missing string never reaches readers as a raw key.
func (r *Renderer) T(key string) (string, error) { return translate(r.strs, r.site.Language, key) }

// Translator is T without the Renderer: a stage that keeps it after the
// pages are rendered (the portal, until the search index is built) does not
// keep the renderer alive, and with it its templates and the functions they
// call (the report's site, with every school).
func (r *Renderer) Translator() func(key string) (string, error) {
	strs, lang := r.strs, r.site.Language
	return func(key string) (string, error) { return translate(strs, lang, key) }
}

func translate(strs map[string]string, lang, key string) (string, error) {
	s, ok := strs[key]
	if !ok {
		return "", fmt.Errorf("翻译文件 i18n/%s.toml 缺少键 %q", lang, key)
	}
	return s, nil
}

// URL returns the site-absolute URL of a site path.
func (r *Renderer) URL(p string) string { return r.site.URL(p) }

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"T": r.T,
		"Tf": func(key string, args ...any) (string, error) {
			s, err := r.T(key)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(s, args...), nil
		},
		"url": r.URL,
		"abs": r.site.AbsURL,
		"status": func(d *content.Document) string {
			return d.Status(r.today)
		},
		"statusClass": StatusClass,
		"docList":     r.docList,
		"first": func(n int, docs []*content.Document) []*content.Document {
			if len(docs) > n {
				return docs[:n]
			}
			return docs
		},
		"join": strings.Join,
		"ext":  extName,
		"size": humanSize,
		"add":  func(a, b int) int { return a + b },
		"html": func(s string) template.HTML { return template.HTML(s) },
	}
}

// StatusClass is the class of a status's mark (有效性, 达标): the theme's
// template function statusClass.
func StatusClass(s string) string {
	switch s {
	case content.Repealed, content.Expired, "未达标", "fail":
		return "bad"
	case "达标", "pass":
		return "good"
	}
	return "muted"
}

// extName is an attachment's kind as shown: its extension in capitals.
func extName(name string) string {
	return strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// Execute renders one page with layout name into bytes.
func (r *Renderer) Execute(layout string, ctx *Context) ([]byte, error) {
	page, err := r.execute(make([]byte, 0, 16<<10), layout, ctx)
	if err != nil {
		return nil, err
	}
	return page, nil
}

// execute renders one page with layout name, appending it to dst.
func (r *Renderer) execute(dst []byte, layout string, ctx *Context) ([]byte, error) {
	t, ok := r.layouts[layout]
	if !ok {
		return dst, fmt.Errorf("主题缺少模板 layouts/%s.html", layout)
	}
	ctx.Site = r.site
	ctx.Assets = r.assets
	ctx.CSP = CSP
	ctx.Today = r.today
	if ctx.Page.Canonical == "" {
		ctx.Page.Canonical = r.site.AbsURL(ctx.Page.URL)
	}
	p, err := r.parts()
	if err != nil {
		return dst, err
	}
	if layout == "document" && ctx.Page.Kind == "document" {
		if pieces := r.documentPieces(); pieces != nil {
			return r.appendDocumentPage(dst, pieces, p, ctx)
		}
	}
	if err := r.frameOf(ctx, p, dst[len(dst):]); err != nil {
		return dst, err
	}
	buf := bytes.NewBuffer(dst)
	if err := t.ExecuteTemplate(buf, "base", ctx); err != nil {
		return dst, fmt.Errorf("%s: %w", r.theme.Origin("layouts/"+layout+".html"), err)
	}
	return buf.Bytes(), nil
}

// pageBuffers are the buffers (*[]byte) pages are rendered into before
// they are written. Performance: a fresh buffer per page grew by doubling
// to the page's size every time, the largest single source of garbage of
// a province's build (docs/performance.md). Writers copy or write out the bytes
// before WriteFile returns (see Writer), so a buffer can serve the next
// page.
var pageBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer keeps an exceptionally large page's buffer out of the
// pool, so that one huge page does not pin its memory for the whole build.
const maxPooledBuffer = 1 << 20

// writePage renders layout with ctx into a pooled buffer and writes it at p.
func (r *Renderer) writePage(w Writer, p, layout string, ctx *Context) error {
	buf := pageBuffers.Get().(*[]byte)
	page, err := r.execute((*buf)[:0], layout, ctx)
	if err == nil {
		err = w.WriteFile(p, page)
	}
	if cap(page) <= maxPooledBuffer {
		*buf = page[:0] // grown, if it had to
		pageBuffers.Put(buf)
	}
	return err
}

// job is one page (or file) to produce, written to the Writer it is given.
type job struct {
	name  string  // for messages, and the Cache
	key   string  // see Cache; "" is never cached
	page  bool    // the job writes one page, at layout.OutPath(name), and nothing else
	plain *string // where the job puts a document's plain text, kept by the Cache
	asset bool    // a static file, not a page
	run   func(w Writer) ([]diag.Diagnostic, error)
}

// out is the site path of the page of a job that writes one page and
// nothing else, "" for another job. Made when asked: a province has tens
// of thousands of jobs.
func (j job) out() string {
	if !j.page {
		return ""
	}
	return layout.OutPath(j.name)
}

// Render renders the whole site into w.
func (r *Renderer) Render(in Input, w Writer) (Stats, []diag.Diagnostic) {
	var stats Stats
	var diags []diag.Diagnostic
	c := in.Content
	md := markdown.New(markdown.Options{Shortcodes: in.Shortcodes, ReservedID: in.ReservedID})

	nav := make([]NavItem, 0, len(c.Sections)+len(in.ExtraNav))
	for _, s := range c.Sections {
		nav = append(nav, NavItem{Title: s.Title, URL: s.Name + "/"})
	}
	nav = append(nav, in.ExtraNav...)
	navFor := func(url string) []NavItem {
		out := make([]NavItem, len(nav))
		copy(out, nav)
		for i := range out {
			out[i].Current = url != "" && strings.HasPrefix(url, out[i].URL)
			for _, a := range out[i].Also {
				out[i].Current = out[i].Current || url != "" && strings.HasPrefix(url, a)
			}
		}
		return out
	}
	sectionTitle := map[string]string{}
	for _, s := range c.Sections {
		sectionTitle[s.Name] = s.Title
	}

	// The jobs of the extra pages are most of a province site's: one
	// allocation, not a doubling slice.
	extras := 0
	for _, es := range in.Extra {
		extras += len(es)
	}
	jobs := make([]job, 0, len(c.Docs)+extras+len(r.static)+len(c.Sections)+8)
	pageJob := func(tmpl string, ctx *Context, key string) job {
		return job{name: ctx.Page.URL, key: key, page: true, run: func(w Writer) ([]diag.Diagnostic, error) {
			ctx.Nav = navFor(ctx.Page.URL)
			return nil, r.writePage(w, layout.OutPath(ctx.Page.URL), tmpl, ctx)
		}}
	}
	page := func(tmpl string, ctx *Context, key string) { jobs = append(jobs, pageJob(tmpl, ctx, key)) }
	docsMeta := in.DocsMetaKey
	if docsMeta == "" {
		docsMeta = in.DocsKey
	}
	// Every key holds Input.Key (the navigation's titles and URLs among
	// it), as its digest: each of a province site's 11,700 keys is made
	// and compared in every rebuild.
	base := sha256.Sum256([]byte(in.Key))
	keyed := func(kind string, parts ...string) string {
		if in.Cache == nil {
			return ""
		}
		k := kind + "\x00" + string(base[:]) + "\x00" + strings.Join(parts, "\x00")
		if in.Cache.keepsDigests() {
			// The build cache compares only digests: a job need not hold
			// its whole key (hundreds of bytes for a school page) until
			// it runs.
			return KeyDigest(k)
		}
		return k
	}

	// Home.
	latest := c.Docs
	if len(latest) > 10 {
		latest = latest[:10]
	}
	page("home", &Context{Page: Page{Kind: "home", URL: "", Description: r.site.Description}, Docs: latest, Sections: c.Sections, Data: in.HomeData},
		keyed("home", docsMeta, in.DataKey))

	// Section lists, paginated: /policies/, /policies/page/2/, …
	size := r.site.PageSize
	for _, s := range c.Sections {
		first := layout.Section(s.Name)
		total := layout.PageCount(len(s.Docs), size)
		for n := 1; n <= total; n++ {
			lo, hi := layout.PageBounds(n, size, len(s.Docs))
			p := &layout.Pager{Number: n, Total: total}
			if n > 1 {
				p.PrevURL = layout.Paged(first, n-1)
			}
			if n < total {
				p.NextURL = layout.Paged(first, n+1)
			}
			title := s.Title
			if n > 1 {
				title = fmt.Sprintf("%s（第%d页）", s.Title, n)
			}
			page("section", &Context{
				Page:    Page{Kind: "section", Title: title, URL: layout.Paged(first, n), Description: s.Summary, Crumbs: []Crumb{{Title: s.Title}}},
				Section: s, Docs: s.Docs[lo:hi], Pager: p,
			}, keyed("section", docsMeta))
		}
	}

	// Documents.
	plain := make([]string, len(c.Docs)) // each job sets its own entry
	stats.Plain, stats.PlainKeys = plain, make([]string, len(c.Docs))
	for i, d := range c.Docs {
		// A document that quotes figures ({{< value >}}, {{< chart >}})
		// changes with the data.
		var data string
		if bytes.Contains(d.Body, []byte("{{<")) {
			data = in.DataKey
		}
		// A document's page shows its own file and, of the others, what
		// their front matter says (titles of related documents and 解读).
		key := keyed("doc", in.DocsKey, data)
		if d.Digest != "" && in.DocsMetaKey != "" {
			key = keyed("doc", in.DocsMetaKey, d.Digest, data)
		}
		stats.PlainKeys[i] = key
		jobs = append(jobs, job{name: d.URL, key: key, plain: &plain[i], run: func(w Writer) ([]diag.Diagnostic, error) {
			res, errs := md.Parse(d.Body)
			plain[i] = res.Plain
			if in.Once {
				d.Body = nil
			}
			var ds []diag.Diagnostic
			for _, e := range errs {
				ds = append(ds, diag.Diagnostic{File: content.Dir + "/" + d.Path, Line: e.Line + d.BodyLine, Col: e.Col, Column: e.Name, Msg: e.Err.Error()})
			}
			if len(ds) > 0 {
				return ds, nil
			}
			crumbs := []Crumb{}
			if d.Section != "" {
				crumbs = append(crumbs, Crumb{Title: sectionTitle[d.Section], URL: layout.Section(d.Section)})
			}
			crumbs = append(crumbs, Crumb{Title: d.Title})
			desc := d.Summary
			if desc == "" {
				desc = excerpt(res.Plain, 120)
			}
			ctx := &Context{
				Page: Page{Kind: "document", Title: d.Title, URL: d.URL, Description: desc, Crumbs: crumbs},
				Doc:  d, parsed: res,
			}
			ctx.Nav = navFor(d.URL)
			if err := r.writePage(w, layout.OutPath(d.URL), "document", ctx); err != nil {
				return nil, err
			}
			for _, a := range d.Attachments {
				data, err := in.ReadContent(a.Src)
				if err != nil {
					return nil, fmt.Errorf("附件 %s: %w", a.Src, err)
				}
				if err := w.WriteFile(a.URL, data); err != nil {
					return nil, err
				}
			}
			return nil, nil
		}})
	}

	// Extra pages (reports, schools, …).
	extraJob := func(e *ExtraPage) job { // not a copy in each job's closure
		var key string
		if e.Key != "" {
			key = keyed("extra", e.Key)
		}
		if e.Make == nil {
			return pageJob(e.Layout, &Context{Page: e.Page, Data: e.Data, Docs: c.Docs, Sections: c.Sections}, key)
		}
		return job{name: e.Page.URL, key: key, page: true, run: func(w Writer) ([]diag.Diagnostic, error) {
			ctx := &Context{Page: e.Page, Docs: c.Docs, Sections: c.Sections, Nav: navFor(e.Page.URL)}
			data, err := e.Make(&ctx.Page)
			if err != nil {
				return nil, err
			}
			ctx.Data = data
			return nil, r.writePage(w, layout.OutPath(e.Page.URL), e.Layout, ctx)
		}}
	}
	for _, es := range in.Extra {
		for i := range es {
			jobs = append(jobs, extraJob(&es[i]))
		}
	}

	// 404.
	jobs = append(jobs, job{name: layout.NotFound, key: keyed("404"), run: func(w Writer) ([]diag.Diagnostic, error) {
		ctx := &Context{Page: Page{Kind: "404", Title: mustT(r, "not_found_title"), URL: layout.NotFound}}
		ctx.Nav = navFor("")
		b, err := r.Execute("404", ctx)
		if err != nil {
			return nil, err
		}
		return nil, w.WriteFile(layout.NotFound, b)
	}})

	// Static assets.
	names := make([]string, 0, len(r.static))
	for n := range r.static {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		n := n
		jobs = append(jobs, job{name: n, asset: true, run: func(w Writer) ([]diag.Diagnostic, error) { return nil, writeShared(w, n, r.static[n]) }})
	}

	static := len(names)
	if in.Only != nil {
		kept := jobs[:0]
		for _, j := range jobs {
			if in.Only(j.name) {
				kept = append(kept, j)
			} else if j.asset {
				static--
			}
		}
		jobs = kept
	}

	// The sources' jobs come after the others, each made when a worker
	// takes it.
	n := len(jobs)
	for _, src := range in.Sources {
		n += src.Len
	}
	var sourced atomic.Int64 // the sources' pages that Only keeps
	jobAt := func(k int) (job, bool) {
		if k < len(jobs) {
			return jobs[k], true
		}
		k -= len(jobs)
		for _, src := range in.Sources {
			if k < src.Len {
				e := src.Page(k)
				j := extraJob(&e)
				if in.Only != nil && !in.Only(j.name) {
					return job{}, false
				}
				sourced.Add(1)
				return j, true
			}
			k -= src.Len
		}
		panic("render: no job " + strconv.Itoa(k))
	}

	in.Cache.begin()
	ds, errs := runJobs(n, jobAt, in.Done, func(j job) ([]diag.Diagnostic, error) { return in.Cache.run(j, w, in.Eager) })
	in.Cache.end(len(errs) == 0 && !closed(in.Done))
	diags = append(diags, ds...)
	for _, e := range errs {
		diags = append(diags, diag.Diagnostic{Msg: e.Error()})
	}
	stats.Pages = len(jobs) - static + int(sourced.Load())
	stats.Files = len(jobs) + int(sourced.Load())
	return stats, diags
}

func mustT(r *Renderer, key string) string {
	s, err := r.T(key)
	if err != nil {
		return key
	}
	return s
}

// runJobs runs jobs on GOMAXPROCS workers and collects what they report.
// A closed done stops handing out jobs. A job that panics (a bug) is an
// error naming the page rather than a crash that leaves the staging
// directory behind.
func runJobs(n int, jobAt func(k int) (job, bool), done <-chan struct{}, runJob func(job) ([]diag.Diagnostic, error)) ([]diag.Diagnostic, []error) {
	var mu sync.Mutex
	var diags []diag.Diagnostic
	var errs []error
	run := func(k int) (ds []diag.Diagnostic, err error) {
		var j job
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("%s: 内部错误（请报告此问题）: %v\n%s", j.name, p, debug.Stack())
			}
		}()
		j, ok := jobAt(k)
		if !ok {
			return nil, nil
		}
		ds, err = runJob(j)
		if err != nil && !strings.HasPrefix(err.Error(), pageName(j.name)+": ") {
			// Every error names the page or file it belongs to.
			err = fmt.Errorf("%s: %w", pageName(j.name), err)
		}
		return ds, err
	}
	workers.Each(n, done, func(k, _ int) {
		ds, err := run(k)
		if len(ds) > 0 || err != nil {
			mu.Lock()
			diags = append(diags, ds...)
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
		}
	})
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return diags, errs
}

// pageName is how an error names a job: the page or file at its site path,
// "/" for the home page.
func pageName(name string) string { return "/" + name }

// closed tells whether done is closed.
func closed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
