package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/themes"
)

// A document page of the built-in theme is its layout's output with the
// page's own parts put in: in base.html and document.html nothing but
// .HeadHTML, .HeaderHTML, .DocumentHTML and .FooterHTML differs from one
// document page to the next (the language, the two assets, the kind and
// the scroll hint are the build's). So the layout is executed once per
// build with sentinels in those places, and every document page is the
// pieces between them with its parts. Performance: executing the
// template, even with a dozen actions, was some 8% of the CPU of a
// 2,000-document build (docs/performance.md); text/template calls the
// escaper of every action by reflection. A theme of the site's own that
// changes any of the files the layout is made of is executed as before
// (TestFrameAsTemplates compares the two).

// docSentinels stand for the page's parts, in the order the layout writes
// them.
var docSentinels = [...]template.HTML{"\x00gongkai:head\x00", "\x00gongkai:header\x00", "\x00gongkai:document\x00", "\x00gongkai:footer\x00"}

// docShape is the document layout's output cut at the sentinels.
type docShape struct {
	once   sync.Once
	pieces []string // len(docSentinels)+1 of them; nil: execute the template
}

// documentPieces returns the pieces of the document layout, or nil when
// the layout is not the built-in one or its output is not the sentinels
// between constant pieces.
func (r *Renderer) documentPieces() []string {
	r.docShape.once.Do(func() {
		t, ok := r.layouts["document"]
		if !ok || !r.builtInLayout("document.html") {
			return
		}
		ctx := &Context{Page: Page{Kind: "document"}, Site: r.site, Assets: r.assets, CSP: CSP, Today: r.today}
		ctx.HeadHTML, ctx.HeaderHTML = docSentinels[0], docSentinels[1]
		ctx.DocumentHTML, ctx.FooterHTML = docSentinels[2], docSentinels[3]
		var b bytes.Buffer
		if t.ExecuteTemplate(&b, "base", ctx) != nil {
			return
		}
		out := b.String()
		pieces := make([]string, 0, len(docSentinels)+1)
		for _, s := range docSentinels {
			before, after, found := strings.Cut(out, string(s))
			if !found || strings.Contains(before, "\x00") {
				return
			}
			pieces = append(pieces, before)
			out = after
		}
		if strings.Contains(out, "\x00") {
			return
		}
		r.docShape.pieces = append(pieces, out)
	})
	return r.docShape.pieces
}

// builtInLayout reports whether the layout file name and every file it is
// parsed with (base.html, the partials _*.html) are the built-in theme's.
func (r *Renderer) builtInLayout(name string) bool {
	for _, f := range r.theme.List("layouts") {
		bn := path.Base(f)
		if bn != name && bn != "base.html" && !strings.HasPrefix(bn, "_") {
			continue
		}
		own, _ := r.theme.File(f)
		def, err := fs.ReadFile(themes.Default, themes.DefaultRoot+"/"+f)
		if err != nil || !bytes.Equal(own, def) {
			return false
		}
	}
	return true
}

// appendDocumentPage appends a document page: the pieces with ctx's parts
// between them, each made in place (frame.go).
func (r *Renderer) appendDocumentPage(b []byte, pieces []string, p *frameParts, ctx *Context) ([]byte, error) {
	b = appendHead(append(b, pieces[0]...), ctx, p)
	b = r.appendHeader(append(b, pieces[1]...), ctx, p)
	b, err := r.appendDocument(append(b, pieces[2]...), ctx)
	if err != nil {
		return b, err
	}
	b = append(append(b, pieces[3]...), p.footer...)
	return append(b, pieces[4]...), nil
}
