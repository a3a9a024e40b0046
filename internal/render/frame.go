package render

import (
	"html/template"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/escape"
)

// The frame of every page (the head's links, the header with the main
// navigation, the reading aids, the breadcrumb, the footer) and the
// document page's article are written here rather than by base.html and
// document.html, which output them as Context.HeadHTML, HeaderHTML,
// FooterHTML and DocumentHTML. They are fields, made before the page is
// executed, rather than methods: text/template calls a method through
// reflect.Value.MethodByName, which builds the method's type on every
// call.
//
// Performance: these were some 160 template actions per page, each a
// reflective call or two and an escaper call; for the 2,000 documents of
// the benchmark site executing them was the largest part of the build
// (docs/performance.md). The parts that are the same on every page are
// written once per build.
//
// The markup and the escaping are exactly what the templates gave:
// testdata/base.html and testdata/document.html keep those templates (a
// theme of its own may still use them), and TestFrameAsTemplates holds
// every page built with them and with the theme byte-identical.

// frameParts are the parts of the frame that are the same on every page.
type frameParts struct {
	once sync.Once
	err  error
	// links: the feed and the stylesheets, after the canonical link;
	// header: from the skip link up to the navigation's list; toolbar:
	// the reading aids; footer: the footer and the site's script.
	icon, feed, links, header, toolbar, footer string
	// home is the navigation's first entry, without and with
	// aria-current; crumbHome the breadcrumb's.
	home, homeCurrent, crumbHome string
	// crumbOpen starts the breadcrumb, before its home entry.
	crumbOpen string
}

// parts writes the constant parts once.
func (r *Renderer) parts() (*frameParts, error) {
	p := &r.frame
	p.once.Do(func() { p.err = r.writeParts(p) })
	return p, p.err
}

// tr is a writer of the theme's strings that keeps the first missing key.
type tr struct {
	r   *Renderer
	err error
}

// put writes markup and the theme's strings in turn: parts[0] as it is,
// the string of the key parts[1] escaped, parts[2] as it is, …
func (t *tr) put(b *strings.Builder, parts ...string) {
	for i, s := range parts {
		if i%2 == 0 {
			b.WriteString(s)
		} else {
			escape.HTML(b, t.s(s))
		}
	}
}

func (t *tr) s(key string) string {
	s, err := t.r.T(key)
	if err != nil && t.err == nil {
		t.err = err
	}
	return s
}

func (r *Renderer) writeParts(p *frameParts) error {
	t := &tr{r: r}
	site, a := r.site, r.assets
	var b strings.Builder

	// After the canonical link.
	if a.Favicon != "" {
		b.WriteString(`<link rel="icon" href="`)
		escape.URL(&b, a.Favicon)
		b.WriteString(`" type="`)
		escape.HTML(&b, a.FaviconType)
		b.WriteString(`">`)
	}
	b.WriteByte('\n')
	p.icon = b.String()
	b.Reset()
	b.WriteString("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"")
	escape.HTML(&b, site.Title)
	b.WriteString(`" href="`)
	escape.URL(&b, r.URL("index.xml"))
	b.WriteString("\">\n")
	p.feed = b.String()
	b.Reset()
	b.WriteString("<link rel=\"stylesheet\" href=\"")
	escape.URL(&b, a.CSS)
	b.WriteString("\">\n")
	for _, s := range a.Styles {
		b.WriteString(`<link rel="stylesheet" href="`)
		escape.URL(&b, s)
		b.WriteString("\">\n")
	}
	p.links = b.String()

	// The skip link and the header, up to the navigation's entries.
	b.Reset()
	t.put(&b, `<a class="skip-link" href="#main">`, "skip_to_content",
		"</a>\n<header class=\"site-header\">\n<div class=\"wrap header-inner\">\n<div class=\"brand\">\n<a class=\"site-title\" href=\"")
	escape.URL(&b, r.URL(""))
	b.WriteString(`">`)
	escape.HTML(&b, site.Title)
	b.WriteString("</a>\n")
	if site.Publisher != "" {
		b.WriteString(`<span class="site-publisher">`)
		escape.HTML(&b, site.Publisher)
		b.WriteString(`</span>`)
	}
	b.WriteString("\n</div>\n<form class=\"site-search\" role=\"search\" action=\"")
	escape.URL(&b, r.URL("search/"))
	t.put(&b, "\">\n<label for=\"site-search-q\" class=\"visually-hidden\">", "site_search",
		"</label>\n<input id=\"site-search-q\" name=\"q\" type=\"search\" placeholder=\"", "search_placeholder",
		"\">\n<button type=\"submit\">", "search",
		"</button>\n</form>\n</div>\n<nav class=\"main-nav\" aria-label=\"", "main_nav",
		"\">\n<ul class=\"wrap\">\n")
	p.header = b.String()

	// The home entry of the navigation and of the breadcrumb. The items
	// of both lists leave out their end tags (HTML allows it: the next
	// item or the end of the list ends them).
	home := func(after string) string {
		b.Reset()
		b.WriteString(`<li><a href="`)
		escape.URL(&b, r.URL(""))
		t.put(&b, `">`, "home", "</a>"+after)
		return b.String()
	}
	p.home = home("\n")
	p.homeCurrent = strings.Replace(p.home, `">`, `" aria-current="page">`, 1)
	p.crumbHome = home("\n")

	// The reading aids. They work, and are shown, only with JavaScript
	// (js/prefs.js, site.css), whose js/site.js says which are pressed
	// (aria-pressed) from the reader's saved choice. Outside a form a
	// button submits nothing: they need no type.
	b.Reset()
	t.put(&b, "<section class=\"toolbar wrap\" aria-label=\"", "reading_aids",
		"\">\n<span class=\"toolbar-label\">", "text_size",
		"</span>\n<button data-size=\"small\">", "text_small",
		"</button>\n<button data-size=\"medium\">", "text_medium",
		"</button>\n<button data-size=\"large\">", "text_large",
		"</button>\n<button data-contrast>", "high_contrast",
		"</button>\n<button data-print>", "print",
		"</button>\n</section>\n")
	p.toolbar = b.String()

	// The breadcrumb's start.
	b.Reset()
	t.put(&b, `<nav class="breadcrumb wrap" aria-label="`, "you_are_here", "\">\n<span>", "you_are_here", "</span>\n<ol>\n")
	p.crumbOpen = b.String()

	// The footer and the site's script.
	b.Reset()
	b.WriteString("<footer class=\"site-footer\">\n<div class=\"wrap\">\n<dl class=\"footer-fields\">\n")
	for _, f := range []struct{ key, value string }{
		{"organiser", site.Organiser}, {"contact", site.Contact}, {"site_code", site.SiteCode},
		{"icp", site.ICP}, {"police_record", site.PoliceRecord},
	} {
		if f.value != "" {
			b.WriteString("<div><dt>")
			escape.HTML(&b, t.s(f.key))
			b.WriteString("</dt><dd>")
			escape.HTML(&b, f.value)
			b.WriteString("</dd></div>")
		}
		if f.key != "police_record" {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n</dl>\n</div>\n</footer>\n<script src=\"")
	escape.URL(&b, a.SiteJS)
	b.WriteString("\"></script>")
	p.footer = b.String()
	return t.err
}

// listsDocuments reports whether pages of kind list the site's documents
// (the home page, a section, the catalogue): they name the feed of new
// documents (<link rel="alternate">), as a list page names its feed in
// Hugo; a document or a data page does not.
func listsDocuments(kind string) bool {
	return kind == "home" || kind == "section" || kind == "catalogue"
}

// appendHead appends Context.HeadHTML, the head of the page up to the
// site's stylesheets: character set, viewport, Content-Security-Policy,
// title, description, canonical link, icon, feed and stylesheets
// (layouts/base.html, before the "head" block).
func appendHead(b []byte, c *Context, p *frameParts) []byte {
	b = append(b, "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\""...)
	b = escape.AppendHTML(b, c.CSP)
	b = append(b, "\">\n<title>"...)
	if c.Page.Title != "" {
		b = escape.AppendHTML(b, c.Page.Title)
		b = append(b, " - "...)
	}
	b = escape.AppendHTML(b, c.Site.Title)
	b = append(b, "</title>\n"...)
	if c.Page.Description != "" {
		b = append(b, `<meta name="description" content="`...)
		b = escape.AppendHTML(b, c.Page.Description)
		b = append(b, `">`...)
	}
	b = append(b, "\n<link rel=\"canonical\" href=\""...)
	b = escape.AppendURL(b, c.Page.Canonical)
	b = append(b, "\">\n"...)
	b = append(b, p.icon...)
	if listsDocuments(c.Page.Kind) {
		b = append(b, p.feed...)
	}
	return append(b, p.links...)
}

// appendHeader appends Context.HeaderHTML, the top of the body: the skip
// link, the header with the search form and the main navigation, the
// reading aids and the breadcrumb (layouts/base.html, up to <main>).
func (r *Renderer) appendHeader(b []byte, c *Context, p *frameParts) []byte {
	b = append(b, p.header...)
	if c.Page.Kind == "home" {
		b = append(b, p.homeCurrent...)
	} else {
		b = append(b, p.home...)
	}
	for _, n := range c.Nav {
		b = append(b, `<li><a href="`...)
		b = escape.AppendURL(b, r.URL(n.URL))
		b = append(b, '"')
		if n.Current {
			b = append(b, ` aria-current="page"`...)
		}
		b = append(b, '>')
		b = escape.AppendHTML(b, n.Title)
		b = append(b, "</a>\n"...)
	}
	b = append(b, "\n</ul>\n</nav>\n</header>\n"...)
	b = append(b, p.toolbar...)
	if len(c.Page.Crumbs) > 0 {
		b = append(b, p.crumbOpen...)
		b = append(b, p.crumbHome...)
		for _, cr := range c.Page.Crumbs {
			b = append(b, "<li>"...)
			if cr.URL != "" {
				b = append(b, `<a href="`...)
				b = escape.AppendURL(b, r.URL(cr.URL))
				b = append(b, `">`...)
				b = escape.AppendHTML(b, cr.Title)
				b = append(b, "</a>"...)
			} else {
				b = append(b, `<span aria-current="page">`...)
				b = escape.AppendHTML(b, cr.Title)
				b = append(b, "</span>"...)
			}
			b = append(b, '\n')
		}
		b = append(b, "\n</ol>\n</nav>"...)
	}
	return b
}

// appendDocument appends Context.DocumentHTML: a document page's article:
// the metadata table, the title, the notices, the table of contents, the
// body, the attachments and the related documents (layouts/document.html).
func (r *Renderer) appendDocument(b []byte, c *Context) ([]byte, error) {
	d := c.Doc
	if d == nil {
		return b, nil
	}
	t := &tr{r: r}
	st := d.Status(r.today)
	or := func(s string) string {
		if s == "" {
			return t.s("none")
		}
		return s
	}
	cell := func(key, value string, last bool) {
		b = append(b, `<th scope="row">`...)
		b = escape.AppendHTML(b, t.s(key))
		b = append(b, "</th><td>"...)
		b = escape.AppendHTML(b, value)
		if last {
			b = append(b, "</td></tr>\n"...)
		} else {
			b = append(b, "</td>\n"...)
		}
	}
	b = append(b, "\n<article class=\"document\">\n<table class=\"meta-table\">\n<caption class=\"visually-hidden\">"...)
	b = escape.AppendHTML(b, t.s("meta_table"))
	b = append(b, "</caption>\n<tbody>\n<tr>"...)
	cell("index_no", or(d.IndexNo), false)
	cell("publisher", d.Publisher, true)
	b = append(b, "<tr>"...)
	cell("doc_no", or(d.DocNo), false)
	cell("topic", or(d.Topic), true)
	b = append(b, "<tr>"...)
	cell("written", or(d.Written.String()), false)
	cell("published", or(d.Date().String()), true)
	b = append(b, "<tr>"...)
	cell("genre", or(d.Genre), false)
	b = append(b, `<th scope="row">`...)
	b = escape.AppendHTML(b, t.s("validity"))
	b = append(b, `</th><td>`...)
	b = appendMark(b, st)
	if e := d.Expires.String(); e != "" {
		b = append(b, ` <span class="muted">（`...)
		b = escape.AppendHTML(b, t.s("expires"))
		b = append(b, ' ')
		b = escape.AppendHTML(b, e)
		b = append(b, "）</span>"...)
	}
	b = append(b, "</td></tr>\n<tr>"...)
	cell("disclosure", d.Disclosure, false)
	kw := t.s("none")
	if len(d.Keywords) > 0 {
		kw = strings.Join(d.Keywords, "、")
	}
	b = append(b, `<th scope="row">`...)
	b = escape.AppendHTML(b, t.s("keywords"))
	b = append(b, "</th><td>"...)
	b = escape.AppendHTML(b, kw)
	b = append(b, "</td></tr>\n</tbody>\n</table>\n<h1 class=\"doc-title\">"...)
	b = escape.AppendHTML(b, d.Title)
	b = append(b, "</h1>\n"...)
	notice := func(key string) {
		b = append(b, `<p class="notice notice-bad" role="note"><strong>`...)
		b = escape.AppendHTML(b, st)
		b = append(b, "</strong> "...)
		b = escape.AppendHTML(b, t.s(key))
		b = append(b, "</p>"...)
	}
	switch st {
	case content.Repealed:
		notice("repealed_notice")
	case content.Expired:
		notice("expired_notice")
	}
	b = append(b, '\n')
	link := func(d *content.Document) {
		b = append(b, `<a href="`...)
		b = escape.AppendURL(b, r.URL(d.URL))
		b = append(b, `">`...)
		b = escape.AppendHTML(b, d.Title)
		b = append(b, "</a>"...)
	}
	if d.Original != nil {
		b = append(b, `<p class="notice" role="note">`...)
		b = escape.AppendHTML(b, t.s("interprets_link"))
		link(d.Original)
		b = append(b, "</p>"...)
	}
	b = append(b, '\n')
	if len(d.Explanations) > 0 {
		b = append(b, `<p class="notice" role="note">`...)
		b = escape.AppendHTML(b, t.s("interpreted_by"))
		for i, e := range d.Explanations {
			if i > 0 {
				b = append(b, "、"...)
			}
			link(e)
		}
		b = append(b, "</p>"...)
	}
	b = append(b, '\n')
	// The body and TOC as the Markdown renderer parsed them (parsed), or
	// as a template has them (Body, TOC).
	toc := []byte(nil)
	if c.parsed != nil {
		toc = c.parsed.TOC
	}
	if c.TOC != "" || len(toc) > 0 {
		b = append(b, `<details class="toc-box" open><summary>`...)
		b = escape.AppendHTML(b, t.s("toc"))
		b = append(b, "</summary>"...)
		b = append(append(b, c.TOC...), toc...)
		b = append(b, "</details>"...)
	}
	b = append(b, "\n<div class=\"doc-body\">\n"...)
	b = append(b, c.Body...)
	if c.parsed != nil {
		b = c.parsed.AppendHTML(b)
	}
	b = append(b, "\n</div>\n"...)
	if len(d.Attachments) > 0 {
		b = append(b, "<section class=\"attachments\" aria-labelledby=\"att-h\">\n<h2 id=\"att-h\">"...)
		b = escape.AppendHTML(b, t.s("attachments"))
		b = append(b, "</h2>\n<ol>"...)
		for _, a := range d.Attachments {
			b = append(b, `<li><a href="`...)
			b = escape.AppendURL(b, r.URL(a.URL))
			b = append(b, `" download>`...)
			b = escape.AppendHTML(b, a.Title)
			b = append(b, `</a> <span class="muted">（`...)
			b = escape.AppendHTML(b, extName(a.File))
			b = append(b, "，"...)
			b = escape.AppendHTML(b, humanSize(a.Size))
			b = append(b, "）</span></li>"...)
		}
		b = append(b, "</ol>\n</section>"...)
	}
	b = append(b, '\n')
	if len(d.RelatedDocs) > 0 || d.Original != nil || len(d.Explanations) > 0 {
		b = append(b, "<section class=\"related\" aria-labelledby=\"rel-h\">\n<h2 id=\"rel-h\">"...)
		b = escape.AppendHTML(b, t.s("related_documents"))
		b = append(b, "</h2>\n<ul>\n"...)
		if d.Original != nil {
			b = append(b, "<li>"...)
			b = escape.AppendHTML(b, t.s("original_document"))
			b = append(b, "："...)
			link(d.Original)
			b = append(b, "</li>"...)
		}
		b = append(b, "\n"...)
		for _, e := range d.Explanations {
			b = append(b, "<li>"...)
			b = escape.AppendHTML(b, t.s("interpretation"))
			b = append(b, "："...)
			link(e)
			b = append(b, "</li>"...)
		}
		b = append(b, "\n"...)
		for _, rd := range d.RelatedDocs {
			b = append(b, "<li>"...)
			link(rd)
			if s := rd.Status(r.today); s != "" && s != "有效" {
				b = append(b, ' ')
				b = appendMark(b, s)
			}
			b = append(b, "</li>"...)
		}
		b = append(b, "\n</ul>\n</section>"...)
	}
	return append(b, "\n</article>\n"...), t.err
}

// frameOf sets ctx's frame and, for a document, its article, for a
// template to write them; each is made in scratch (the page's buffer, not
// yet written) and copied into its string.
func (r *Renderer) frameOf(ctx *Context, p *frameParts, scratch []byte) error {
	ctx.toTemplate()
	scratch = appendHead(scratch[:0], ctx, p)
	ctx.HeadHTML = template.HTML(scratch)
	scratch = r.appendHeader(scratch[:0], ctx, p)
	ctx.HeaderHTML = template.HTML(scratch)
	ctx.FooterHTML = template.HTML(p.footer)
	if ctx.Doc != nil {
		var err error
		scratch, err = r.appendDocument(scratch[:0], ctx)
		if err != nil {
			return err
		}
		ctx.DocumentHTML = template.HTML(scratch)
	}
	return nil
}

// docList is the template function docList, the theme's "doclist": a list
// of documents with their 有效性 (when not 有效), date and summary.
// Performance: executed by the template a section page took longer than
// twenty document pages; text/template looks a method such as
// Document.Date up by reflection and builds its type on every call.
func (r *Renderer) docList(docs []*content.Document) template.HTML {
	var b strings.Builder
	b.WriteString("<ul class=\"doc-list\">\n")
	for _, d := range docs {
		b.WriteString("<li>\n<a href=\"")
		escape.URL(&b, r.URL(d.URL))
		b.WriteString(`">`)
		escape.HTML(&b, d.Title)
		b.WriteString("</a>\n")
		if s := d.Status(r.today); s != "" && s != "有效" {
			writeMark(&b, s)
		}
		date := d.Date().String()
		b.WriteString("\n<time datetime=\"")
		escape.HTML(&b, date)
		b.WriteString(`">`)
		escape.HTML(&b, date)
		b.WriteString("</time>\n")
		if d.Summary != "" {
			b.WriteString(`<p class="doc-summary">`)
			escape.HTML(&b, d.Summary)
			b.WriteString("</p>")
		}
		b.WriteString("\n</li>\n")
	}
	b.WriteString("</ul>")
	return template.HTML(b.String())
}

// writeMark writes the mark of a status (有效性).
func writeMark(b *strings.Builder, status string) {
	var buf [96]byte
	b.Write(appendMark(buf[:0], status))
}

// appendMark appends the mark of a status (writeMark).
func appendMark(b []byte, status string) []byte {
	b = append(b, `<span class="mark mark-`...)
	b = escape.AppendHTML(b, StatusClass(status))
	b = append(b, `">`...)
	b = escape.AppendHTML(b, status)
	return append(b, "</span>"...)
}
