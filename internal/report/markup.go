package report

import (
	"html/template"
	"strconv"
	"strings"
)

// The markup of charts and data tables, written in Go for the template
// functions reportChart and reportTable that layouts/_chart.html's "chart"
// and "datatable" call.
//
// Performance: a province site has some 50,000 charts, each with a table,
// and millions of table cells. Executed by html/template — a dozen
// reflective field and method lookups per cell, a reflective escaper call
// per output — they took more than half of the build's CPU. Here they are
// written with the same markup and html/template's escaping: text and
// attribute values as its htmlEscaper writes them, links through the
// site's URL and its URL filter and normaliser, the option JSON (already
// safe for a <script>, see chart.go) as it is. testdata/markup.html holds
// the templates this replaces, and TestMarkupAsTemplates the two
// byte-identical. A theme may still define "chart" and "datatable" with
// its own markup.

// Chart writes a chart's figure: the chart's element, its option, its
// table, and for a standalone chart the scripts.
func (s *Site) Chart(c *Chart) template.HTML {
	if c == nil {
		return ""
	}
	var b strings.Builder
	s.writeChart(&b, c)
	return template.HTML(b.String())
}

// Table writes a data table with its caption, sources and note.
func (s *Site) Table(t *Table) template.HTML {
	if t == nil {
		return ""
	}
	var b strings.Builder
	s.writeTable(&b, t)
	return template.HTML(b.String())
}

func (s *Site) writeChart(b *strings.Builder, c *Chart) {
	rows := 0
	if c.Table != nil {
		rows = len(c.Table.Rows) * len(c.Table.Head)
	}
	b.Grow(len(c.Option) + 600 + rows*48)
	b.WriteString(`<figure class="chart-box`)
	if c.Class != "" {
		b.WriteByte(' ')
		escapeHTML(b, c.Class)
	}
	b.WriteString("\">\n<div class=\"chart\" id=\"")
	escapeHTML(b, c.ID)
	b.WriteString(`" role="img" aria-label="`)
	escapeHTML(b, c.Label())
	b.WriteString(`" data-height="`)
	b.WriteString(strconv.Itoa(c.Height))
	b.WriteString("\"></div>\n<script type=\"application/json\" id=\"")
	escapeHTML(b, c.ID)
	b.WriteString(`-option">`)
	b.WriteString(string(c.Option))
	b.WriteString("</script>\n")
	if c.Table != nil {
		s.writeTable(b, c.Table)
	}
	b.WriteByte('\n')
	if c.ChartsJS != "" {
		b.WriteString(`<script src="`)
		writeURL(b, c.ChartsJS)
		b.WriteString(`" data-echarts="`)
		escapeHTML(b, c.EChartsJS)
		b.WriteString(`"></script>`)
	}
	b.WriteString("\n</figure>")
}

func (s *Site) writeTable(b *strings.Builder, t *Table) {
	b.WriteString(`<div class="table-wrap" role="region" tabindex="0" `)
	if t.ID != "" {
		b.WriteString(`aria-labelledby="`)
		escapeHTML(b, t.ID)
		b.WriteString(`-cap">`)
	} else {
		b.WriteString(`aria-label="`)
		escapeHTML(b, t.Caption)
		b.WriteString(`">`)
	}
	b.WriteString("\n<table class=\"data rt")
	if t.Class != "" {
		b.WriteByte(' ')
		escapeHTML(b, t.Class)
	}
	b.WriteByte('"')
	if t.ID != "" {
		b.WriteString(` id="`)
		escapeHTML(b, t.ID)
		b.WriteByte('"')
	}
	b.WriteString(">\n<caption")
	if t.ID != "" {
		b.WriteString(` id="`)
		escapeHTML(b, t.ID)
		b.WriteString(`-cap"`)
	}
	b.WriteByte('>')
	escapeHTML(b, t.Caption)
	if len(t.Sources) > 0 {
		s.writeSources(b, t.Sources)
	}
	b.WriteString("</caption>\n<thead><tr>")
	for _, c := range t.Head {
		b.WriteString(`<th scope="col"`)
		if c.Num {
			b.WriteString(` class="num"`)
		}
		b.WriteByte('>')
		escapeHTML(b, c.Text)
		if c.Unit != "" {
			b.WriteString(`<span class="unit">（`)
			escapeHTML(b, c.Unit)
			b.WriteString("）</span>")
		}
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	below := s.t.s("rpt_below_sr")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for i := range row {
			s.writeCell(b, &row[i], below)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>")
	if t.Note != "" {
		b.WriteString("\n<p class=\"table-note\">")
		escapeHTML(b, t.Note)
		b.WriteString("</p>")
	}
}

// writeSources writes where a table's numbers come from, with the downloads:
// one year's source in full, several years' one after the other.
func (s *Site) writeSources(b *strings.Builder, srcs []Source) {
	link := func(url, text string) {
		b.WriteString(`<a href="`)
		s.escapeURL(b, url)
		b.WriteString(`">`)
		b.WriteString(text)
		b.WriteString("</a>")
	}
	b.WriteString(`<span class="table-source">`)
	if len(srcs) == 1 {
		src := srcs[0]
		escapeHTML(b, s.t.s("rpt_src_source"))
		escapeHTML(b, src.Source)
		b.WriteString("；")
		escapeHTML(b, s.t.s("rpt_src_as_of"))
		escapeHTML(b, src.AsOf)
		b.WriteString("；")
		escapeHTML(b, s.t.s("rpt_src_download"))
		link(src.CSV, "CSV")
		b.WriteString(" · ")
		link(src.JSON, "JSON")
		if src.HasNotes {
			b.WriteString("；")
			var t strings.Builder
			escapeHTML(&t, s.t.s("rpt_src_notes"))
			link(src.NotesURL, t.String())
		}
	} else {
		escapeHTML(b, s.t.s("rpt_src_source"))
		for i, src := range srcs {
			if i > 0 {
				b.WriteString("；")
			}
			escapeHTML(b, src.Lead())
			escapeHTML(b, src.Source)
			b.WriteString("（")
			escapeHTML(b, s.t.s("rpt_src_as_of"))
			escapeHTML(b, src.AsOf)
			b.WriteString("，")
			link(src.CSV, "CSV")
			b.WriteString(" · ")
			link(src.JSON, "JSON")
			b.WriteString("）")
		}
	}
	b.WriteString("</span>")
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
// writes {{url p}} there (writeURL): an unsafe scheme becomes #ZgotmplZ, bytes outside
// the URL's own characters are percent-encoded (lower-case hex, existing
// %XX escapes kept), and the result is escaped as an attribute value.
func (s *Site) escapeURL(b *strings.Builder, p string) { writeURL(b, s.cfg.URL(p)) }

// writeURL writes the URL u for an href or src as html/template writes it.
func writeURL(b *strings.Builder, u string) {
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
