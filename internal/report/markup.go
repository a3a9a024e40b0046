package report

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/escape"
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
// site's URL and its URL filter and normaliser, the chart's SVG as
// svgchart writes it (escaped, see chart.go). testdata/markup.html holds
// the templates this replaces, and TestMarkupAsTemplates the two
// byte-identical. A theme may still define "chart" and "datatable" with
// its own markup.

// Chart writes a chart's figure: the chart's element with its SVG, its
// table, and for a standalone chart the script.
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
	// The table after the SVG (writeSVG grows b for it).
	room := 600 + rows*48
	b.Grow(160)
	b.WriteString(`<figure class="chart-box`)
	if c.Class != "" {
		b.WriteByte(' ')
		escape.HTML(b, c.Class)
	}
	b.WriteString("\">\n<div class=\"chart\" id=\"")
	escape.HTML(b, c.ID)
	b.WriteString(`" role="img" aria-label="`)
	escape.HTML(b, c.Label())
	b.WriteString(`">`)
	c.writeSVG(b, room)
	b.WriteString("</div>\n")
	if c.Table != nil {
		s.writeTable(b, c.Table)
	}
	b.WriteByte('\n')
	if c.ChartsJS != "" {
		b.WriteString(`<script src="`)
		escape.URL(b, c.ChartsJS)
		b.WriteString(`"></script>`)
	}
	b.WriteString("\n</figure>")
}

func (s *Site) writeTable(b *strings.Builder, t *Table) {
	b.WriteString(`<div class="table-wrap" role="region" tabindex="0" `)
	if t.ID != "" {
		b.WriteString(`aria-labelledby="`)
		escape.HTML(b, t.ID)
		b.WriteString(`-cap">`)
	} else {
		b.WriteString(`aria-label="`)
		escape.HTML(b, t.Caption)
		b.WriteString(`">`)
	}
	b.WriteString("\n<table class=\"data rt")
	if t.Class != "" {
		b.WriteByte(' ')
		escape.HTML(b, t.Class)
	}
	b.WriteByte('"')
	if t.ID != "" {
		b.WriteString(` id="`)
		escape.HTML(b, t.ID)
		b.WriteByte('"')
	}
	b.WriteString(">\n<caption")
	if t.ID != "" {
		b.WriteString(` id="`)
		escape.HTML(b, t.ID)
		b.WriteString(`-cap"`)
	}
	b.WriteByte('>')
	escape.HTML(b, t.Caption)
	switch {
	case t.Above != "":
		b.WriteString(`<span class="table-source">`)
		escape.HTML(b, s.t.s("rpt_src_above"))
		b.WriteString(`<a href="#`)
		escape.HTML(b, t.Above)
		b.WriteString(`-cap">`)
		escape.HTML(b, s.t.s("rpt_src_above_link"))
		b.WriteString("</a></span>")
	case len(t.Sources) > 0:
		s.writeSources(b, t.Sources)
	}
	b.WriteString("</caption>\n<thead><tr>")
	for _, c := range t.Head {
		// A report table's column headings are right-aligned over the
		// numbers; a text column's is "l" (there are fewer of them).
		b.WriteString(`<th scope="col"`)
		if !c.Num {
			b.WriteString(` class="l"`)
		}
		b.WriteByte('>')
		escape.HTML(b, c.Text)
		if c.Unit != "" {
			// The unit is the heading's second line, as a cell's is.
			b.WriteString(`<small>（`)
			escape.HTML(b, c.Unit)
			b.WriteString("）</small>")
		}
	}
	b.WriteString("</thead>\n<tbody>\n")
	below := s.t.s("rpt_below_sr")
	for _, row := range t.Rows {
		// The end tags of cells and rows are left out (HTML allows it: the
		// next cell, row or </tbody> ends them); on the province site the
		// cells' were 5% of the bytes, the rows' 3 MB.
		b.WriteString("<tr>")
		for i := range row {
			s.writeCell(b, &row[i], below)
		}
		b.WriteByte('\n')
	}
	b.WriteString("</tbody>\n</table>\n</div>")
	if rounded := t.Rounded(); t.Note != "" || rounded {
		b.WriteString("\n<p class=\"table-note\">")
		escape.HTML(b, t.Note)
		if rounded {
			escape.HTML(b, s.t.s("rpt_note_rounded"))
		}
		b.WriteString("</p>")
	}
}

// writeSources writes where a table's numbers come from, with the downloads:
// one year's source in full, several years' one after the other.
func (s *Site) writeSources(b *strings.Builder, srcs Sources) {
	link := func(url, text string) {
		b.WriteString(`<a href="`)
		s.escapeURL(b, url)
		b.WriteString(`">`)
		b.WriteString(text)
		b.WriteString("</a>")
	}
	// files links a source's downloads: its CSV, if any, and JSON. A
	// source without a JSON has no file that holds the table's figures.
	files := func(src Source) {
		if src.CSV != "" {
			link(src.CSV, "CSV")
			b.WriteString(" · ")
		}
		link(src.JSON, "JSON")
	}
	b.WriteString(`<span class="table-source">`)
	if len(srcs) == 1 {
		src := srcs[0]
		escape.HTML(b, s.t.s("rpt_src_source"))
		escape.HTML(b, src.Source)
		if src.AsOf != "" {
			b.WriteString("；")
			escape.HTML(b, s.t.s("rpt_src_as_of"))
			escape.HTML(b, src.AsOf)
		}
		if src.JSON != "" {
			b.WriteString("；")
			escape.HTML(b, s.t.s("rpt_src_download"))
			files(src)
		}
		if src.HasNotes {
			b.WriteString("；")
			var t strings.Builder
			escape.HTML(&t, s.t.s("rpt_src_notes"))
			link(src.NotesURL, t.String())
		}
	} else if y := srcs.Yearly(); y != nil {
		// Ten years of 2015年教育事业统计（统计时点：2015年9月30日） were
		// a paragraph above every trend table.
		escape.HTML(b, s.t.s("rpt_src_source"))
		if y.EachYear {
			escape.HTML(b, s.t.s("rpt_src_each_year"))
		}
		escape.HTML(b, y.Source)
		b.WriteString("；")
		escape.HTML(b, s.t.s("rpt_src_as_of"))
		escape.HTML(b, s.t.s("rpt_src_each_as_of"))
		escape.HTML(b, y.AsOf)
		if srcs[0].JSON != "" {
			b.WriteString("；")
			escape.HTML(b, s.t.s("rpt_src_download"))
			for i, src := range srcs {
				if i > 0 {
					b.WriteString("，")
				}
				escape.HTML(b, src.YearLabel)
				b.WriteByte(' ')
				files(src)
			}
		}
	} else {
		escape.HTML(b, s.t.s("rpt_src_source"))
		for i, src := range srcs {
			if i > 0 {
				b.WriteString("；")
			}
			escape.HTML(b, src.Lead())
			escape.HTML(b, src.Source)
			b.WriteString("（")
			escape.HTML(b, s.t.s("rpt_src_as_of"))
			escape.HTML(b, src.AsOf)
			if src.JSON != "" {
				b.WriteString("，")
				files(src)
			}
			b.WriteString("）")
		}
	}
	b.WriteString("</span>")
}

// writeCell writes a cell without its end tag (see writeTable).
func (s *Site) writeCell(b *strings.Builder, c *Cell, below string) {
	if c.Head {
		b.WriteString(`<th scope="row"`)
	} else {
		b.WriteString("<td")
	}
	if cls := c.Class(); cls != "" {
		b.WriteString(` class="`)
		escape.HTML(b, cls)
		b.WriteByte('"')
	}
	if c.Sort != "" {
		b.WriteString(` data-sort="`)
		escape.HTML(b, c.Sort)
		b.WriteByte('"')
	}
	if c.RowSpan > 1 {
		b.WriteString(` rowspan="`)
		b.WriteString(strconv.Itoa(c.RowSpan))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	// open is the start of a link; a wide one holds its column's width
	// itself, without a <span> around it.
	link := func(open, url, text string) {
		b.WriteString(open)
		s.escapeURL(b, url)
		b.WriteString(`">`)
		escape.HTML(b, text)
		b.WriteString("</a>")
	}
	switch {
	case len(c.Links) > 0:
		for i, l := range c.Links {
			if i > 0 {
				b.WriteString(" · ")
			}
			link(`<a href="`, l.URL, l.Title)
		}
	case c.Wide && c.URL != "":
		link(`<a class="wide" href="`, c.URL, c.Text)
	case c.Wide:
		b.WriteString(`<span class="wide">`)
		escape.HTML(b, c.Text)
		b.WriteString("</span>")
	case c.URL != "":
		link(`<a href="`, c.URL, c.Text)
	default:
		escape.HTML(b, c.Text)
	}
	if c.Below {
		// Hidden by td.below > span:not([class]) (site.css): a class on
		// some 300,000 cells of a province site was 4 MB.
		b.WriteString(`<span>`)
		escape.HTML(b, below)
		b.WriteString("</span>")
	}
	if c.Sub != "" {
		// small: a side note to the cell's text (table.data small in site.css).
		b.WriteString("<small>")
		escape.HTML(b, c.Sub)
		b.WriteString("</small>")
	}
}

// escapeURL writes the site URL of the path p for an href, as html/template
// writes {{url p}} there (escape.URL): an unsafe scheme becomes #ZgotmplZ, bytes outside
// the URL's own characters are percent-encoded (lower-case hex, existing
// %XX escapes kept), and the result is escaped as an attribute value.
func (s *Site) escapeURL(b *strings.Builder, p string) { escape.URL(b, s.cfg.URL(p)) }
