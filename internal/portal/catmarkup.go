package portal

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/escape"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// The repeated parts of the catalogue's pages — the facet links, the filter
// form's lists and the table rows — written here rather than by
// layouts/catalogue.html, which outputs them as CataloguePage.FacetsHTML,
// FilterHTML and RowsHTML.
//
// Performance: a catalogue page has some 40 facet links, 35 options and 20
// rows, about 700 template actions, each a reflective call or two plus an
// escaper call: executed by html/template the 619 catalogue pages of a
// site of 2,000 documents took a quarter of its build's CPU, four times a
// document page each (docs/performance.md). The facets are the same on
// every page of a listing, so they are written once per listing.
//
// The markup and the escaping are exactly what the template gave:
// testdata/catalogue.html keeps that template (it uses Facets and Rows,
// which a theme of its own may still do), and TestCatalogueMarkupAsTemplate
// holds the pages built with it and with the theme byte-identical.

// facetsHTML is the facet links of the nav: a <details> per facet.
func (p *Portal) facetsHTML(facets []*Facet) template.HTML {
	var b strings.Builder
	for _, f := range facets {
		open := ""
		for _, v := range f.Values {
			if v.Current {
				open = " open"
			}
		}
		b.WriteString("\n  <details class=\"facet\"")
		b.WriteString(open)
		b.WriteString(">\n    <summary>")
		escape.HTML(&b, f.Label)
		b.WriteString("</summary>\n    <ul>")
		for _, v := range f.Values {
			b.WriteString("\n      <li><a href=\"")
			escape.URL(&b, p.opts.Site.URL(v.URL))
			b.WriteByte('"')
			if v.Current {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteByte('>')
			escape.HTML(&b, v.Label)
			b.WriteString(`</a> <span class="facet-count">`)
			b.WriteString(strconv.Itoa(v.Count))
			b.WriteString("</span></li>")
		}
		b.WriteString("\n    </ul>\n  </details>")
	}
	return template.HTML(b.String())
}

// filterHTML is the fields of the filter form: a <select> per facet. all is
// the translation of pt_all.
func filterHTML(facets []*Facet, all string) template.HTML {
	var b strings.Builder
	for _, f := range facets {
		b.WriteString("<div class=\"field\">\n    <label for=\"cat-f-")
		escape.HTML(&b, f.Key)
		b.WriteString(`">`)
		escape.HTML(&b, f.Label)
		b.WriteString("</label>\n    <select id=\"cat-f-")
		escape.HTML(&b, f.Key)
		b.WriteString(`" name="`)
		escape.HTML(&b, f.Key)
		b.WriteString("\">\n      <option value=\"\">")
		escape.HTML(&b, all)
		b.WriteString("</option>")
		for _, v := range f.Values {
			b.WriteString("\n      <option value=\"")
			escape.HTML(&b, v.Value)
			b.WriteByte('"')
			if v.Current {
				b.WriteString(" selected")
			}
			b.WriteByte('>')
			escape.HTML(&b, v.Label)
			b.WriteString("（")
			b.WriteString(strconv.Itoa(v.Count))
			b.WriteString("）</option>")
		}
		b.WriteString("\n    </select>\n  </div>\n  ")
	}
	return template.HTML(b.String())
}

// rowsHTML is the table rows. none is the translation of "none", shown for
// a missing 索引号 or 文号.
func (p *Portal) rowsHTML(rows []CatalogueRow, none string) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 512)
	for _, r := range rows {
		b.WriteString(p.rowHTML(r, none))
	}
	return template.HTML(b.String())
}

// catalogueRowHTML is a document's row as rowHTML wrote it, with what it
// depends on besides the document.
type catalogueRowHTML struct{ status, none, html string }

// rowHTML is the row of r. Performance: a document is listed on the
// catalogue page of each of its facet values (some six), so its row is
// written once and kept by document (TestCatalogueRowKept).
func (p *Portal) rowHTML(r CatalogueRow, none string) string {
	if v, ok := p.rows.Load(r.Doc); ok {
		if k := v.(*catalogueRowHTML); k.status == r.Status && k.none == none {
			return k.html
		}
	}
	html := p.writeRow(r, none)
	p.rows.Store(r.Doc, &catalogueRowHTML{status: r.Status, none: none, html: html})
	return html
}

// writeRow writes the table row of r.
func (p *Portal) writeRow(r CatalogueRow, none string) string {
	var b strings.Builder
	b.Grow(512)
	or := func(s string) string {
		if s == "" {
			return none
		}
		return s
	}
	d := r.Doc
	// The columns are known by their place (css/pages/portal.css), and
	// the end tags of cells and rows are left out: 12,000 rows on a
	// province's catalogue pages.
	b.WriteString("\n    <tr><td>")
	escape.HTML(&b, or(d.IndexNo))
	b.WriteString(`<td><a href="`)
	escape.URL(&b, p.opts.Site.URL(d.URL))
	b.WriteString(`">`)
	escape.HTML(&b, d.Title)
	b.WriteString(`</a><td>`)
	escape.HTML(&b, d.Publisher)
	b.WriteString(`<td>`)
	escape.HTML(&b, or(d.DocNo))
	date := d.Date().String()
	b.WriteString(`<td><time datetime="`)
	escape.HTML(&b, date)
	b.WriteString(`">`)
	escape.HTML(&b, date)
	b.WriteString(`</time><td>`)
	if r.Status == content.Valid {
		escape.HTML(&b, r.Status)
	} else {
		b.WriteString(`<span class="mark mark-`)
		escape.HTML(&b, render.StatusClass(r.Status))
		b.WriteString(`">`)
		escape.HTML(&b, r.Status)
		b.WriteString("</span>")
	}
	return b.String()
}
