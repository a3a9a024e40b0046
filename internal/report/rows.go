package report

import (
	"html/template"
	"strconv"
	"strings"
)

// Rows writes the body rows of a data table (<tr>…</tr> per row), for the
// template function reportRows that layouts/_chart.html's "datatable" calls.
//
// Performance: the school and indicator pages of a province site hold
// millions of cells. Executed by html/template as one {{template "cell"}}
// per cell, they took more than half of the build's CPU (a dozen reflective
// field and method lookups per cell, and an escaper call per output), so
// the cells are written here instead, in the markup and with the escaping
// the "cell" template gives: text and attributes as html/template escapes
// them, links through the site's URL and html/template's URL normalising.
// The table's frame (wrapper, caption, head) stays in the theme.
func (s *Site) Rows(t *Table) template.HTML {
	if t == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(len(t.Rows) * len(t.Head) * 48)
	below := s.t.s("rpt_below_sr")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for i := range row {
			s.writeCell(&b, &row[i], below)
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

func (s *Site) writeCell(b *strings.Builder, c *Cell, below string) {
	tag := "td"
	if c.Head {
		tag = "th"
		b.WriteString(`<th scope="row"`)
	} else {
		b.WriteString("<td")
	}
	if cls := c.Class(); cls != "" {
		b.WriteString(` class="`)
		escapeHTML(b, cls)
		b.WriteByte('"')
	}
	if c.RowSpan > 1 {
		b.WriteString(` rowspan="`)
		b.WriteString(strconv.Itoa(c.RowSpan))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	link := func(url, text string) {
		b.WriteString(`<a href="`)
		s.escapeURL(b, url)
		b.WriteString(`">`)
		escapeHTML(b, text)
		b.WriteString("</a>")
	}
	switch {
	case len(c.Links) > 0:
		for i, l := range c.Links {
			if i > 0 {
				b.WriteString(" · ")
			}
			link(l.URL, l.Title)
		}
	case c.Status != "":
		b.WriteString(`<span class="mark mark-`)
		escapeHTML(b, statusClass(c.Status))
		b.WriteString(`">`)
		escapeHTML(b, c.Text)
		b.WriteString("</span>")
	case c.Wide:
		b.WriteString(`<span class="wide">`)
		if c.URL != "" {
			link(c.URL, c.Text)
		} else {
			escapeHTML(b, c.Text)
		}
		b.WriteString("</span>")
	case c.URL != "":
		link(c.URL, c.Text)
	default:
		escapeHTML(b, c.Text)
	}
	if c.Below {
		b.WriteString(`<span class="visually-hidden">`)
		escapeHTML(b, below)
		b.WriteString("</span>")
	}
	if c.Sub != "" {
		b.WriteString(`<span class="cell-sub">`)
		escapeHTML(b, c.Sub)
		b.WriteString("</span>")
	}
	b.WriteString("</")
	b.WriteString(tag)
	b.WriteByte('>')
}

// escapeHTML writes s escaped as html/template escapes text and quoted
// attribute values (its htmlEscaper: also ' and +, and NUL as U+FFFD).
func escapeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeURL writes the site URL of the path p for an href, as html/template
// writes {{url p}} there: an unsafe scheme becomes #ZgotmplZ, bytes outside
// the URL's own characters are percent-encoded (lower-case hex, existing
// %XX escapes kept), and the result is escaped as an attribute value.
func (s *Site) escapeURL(b *strings.Builder, p string) {
	u := s.cfg.URL(p)
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto":
		default:
			b.WriteString("#ZgotmplZ")
			return
		}
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~',
			c == '!', c == '#', c == '$', c == '*', c == '+', c == ',', c == '/', c == ':', c == ';', c == '=', c == '?', c == '@', c == '[', c == ']':
			if c == '+' {
				b.WriteString("&#43;")
			} else {
				b.WriteByte(c)
			}
		case c == '&':
			b.WriteString("&amp;")
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
