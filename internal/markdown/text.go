package markdown

import (
	"bufio"
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// softBreak marks a soft line break in inlineText's output until
// joinLines decides between a space and nothing.
const softBreak = '\x01'

// inlineText appends the text of n's inline content, without markup, to b
// and returns it. Soft line breaks are marked with softBreak.
func inlineText(n ast.Node, src []byte, b []byte) string {
	return string(joinLines(appendInline(b, n, src)))
}

func appendInline(b []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if _, code := c.Parent().(*ast.CodeSpan); code {
				b = append(b, v...)
			} else {
				b = appendUnescaped(b, v)
			}
			switch {
			case c.HardLineBreak():
				b = append(b, '\n')
			case c.SoftLineBreak():
				b = append(b, softBreak)
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b = append(b, c.Value...)
			} else {
				b = appendUnescaped(b, c.Value)
			}
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		case *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink:
			// no text
		default:
			b = appendInline(b, c, src)
		}
	}
	return b
}

// appendUnescaped appends Markdown text with backslash escapes and character
// references resolved, as the HTML writer does.
func appendUnescaped(b, v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return append(b, v...)
	}
	start := len(b)
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			if v[i+1] == ' ' { // escaped space: nothing (CJK extension)
				i++
				continue
			}
			if util.IsPunct(v[i+1]) {
				b = append(b, v[i+1])
				i++
				continue
			}
		}
		b = append(b, v[i])
	}
	if bytes.IndexByte(b[start:], '&') >= 0 {
		u := util.ResolveEntityNames(util.ResolveNumericReferences(b[start:]))
		b = append(b[:start], u...)
	}
	return b
}

// joinLines replaces each softBreak by nothing where the HTML drops the line
// break (see dropLineBreak), by a space otherwise.
func joinLines(b []byte) []byte {
	if bytes.IndexByte(b, softBreak) < 0 {
		return bytes.TrimSpace(b)
	}
	out := b[:0] // in place: out never overtakes i
	for i := 0; i < len(b); i++ {
		if b[i] != softBreak {
			out = append(out, b[i])
			continue
		}
		prev, _ := utf8.DecodeLastRune(out)
		next, _ := utf8.DecodeRune(b[i+1:])
		if len(out) == 0 || i+1 == len(b) || dropLineBreak(prev, next) || next == softBreak {
			continue
		}
		out = append(out, ' ')
	}
	return bytes.TrimSpace(out)
}

// collectText returns the document's headings (all levels, with the ids the
// transformer gave them) and its plain text.
func collectText(doc ast.Node, src []byte, st *shortcodes, ids *headingIDs) ([]Heading, string) {
	headings := make([]Heading, 0, 16) // a policy document's three levels
	// A Builder: its String is the bytes written, not a copy of them.
	var plain strings.Builder
	plain.Grow(len(src))
	var line []byte
	addLine := func(l []byte) {
		if st != nil && len(st.items) > 0 {
			l = st.replace(l, true)
		}
		l = collapseSpaces(bytes.TrimSpace(l))
		if len(l) == 0 {
			return
		}
		if plain.Len() > 0 {
			plain.WriteByte('\n')
		}
		plain.Write(l)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			line = joinLines(appendInline(line[:0], n, src))
			t := line
			if st != nil && len(st.items) > 0 {
				t = bytes.TrimSpace(st.replace(t, true))
			}
			headings = append(headings, Heading{Level: n.Level, ID: ids.idOf(n), Text: string(t)})
			addLine(line)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			line = joinLines(appendInline(line[:0], n, src))
			addLine(line)
			return ast.WalkSkipChildren, nil
		case *east.TableRow, *east.TableHeader:
			line = line[:0]
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if len(line) > 0 {
					line = append(line, ' ')
				}
				line = append(line, joinLines(appendInline(nil, c, src))...)
			}
			addLine(line)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				addLine(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.ThematicBreak:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return headings, plain.String()
}

// buildTOC renders the table of contents of the h2 and h3 headings, or nil
// when there are fewer than min of them (or min < 0).
func buildTOC(headings []Heading, min int) []byte {
	if min < 0 {
		return nil
	}
	var items []Heading
	for _, h := range headings {
		if h.Level == 2 || h.Level == 3 {
			items = append(items, h)
		}
	}
	if len(items) == 0 || len(items) < min {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(`<nav class="toc" aria-label="目录">` + "\n<ol>\n")
	inH2 := false  // an h2 <li> is open
	inSub := false // its nested <ol> is open
	for _, h := range items {
		if h.Level == 2 {
			if inSub {
				b.WriteString("</ol>\n")
				inSub = false
			}
			if inH2 {
				b.WriteString("</li>\n")
			}
			b.WriteString("<li>")
			writeTOCLink(&b, h)
			inH2 = true
			continue
		}
		// h3
		if !inH2 {
			// an h3 before any h2 is listed at the top level
			b.WriteString("<li>")
			writeTOCLink(&b, h)
			b.WriteString("</li>\n")
			continue
		}
		if !inSub {
			b.WriteString("\n<ol>\n")
			inSub = true
		}
		b.WriteString("<li>")
		writeTOCLink(&b, h)
		b.WriteString("</li>\n")
	}
	if inSub {
		b.WriteString("</ol>\n")
	}
	if inH2 {
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n</nav>\n")
	return b.Bytes()
}

func writeTOCLink(b *bytes.Buffer, h Heading) {
	b.WriteString(`<a href="#`)
	b.WriteString(html.EscapeString(h.ID))
	b.WriteString(`">`)
	b.WriteString(html.EscapeString(h.Text))
	b.WriteString(`</a>`)
}

// tableWrapRenderer renders GFM tables inside a focusable, labelled region
// that scrolls horizontally on narrow screens (the CSS gives .table-wrap
// overflow-x: auto). It replaces the table extension's renderer for the
// <table> element and the cells only; rows keep theirs. Each region is
// named by its place in the document (表格 1, 表格 2): a screen reader's
// list of regions tells them apart.
type tableWrapRenderer struct{}

func (tableWrapRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, renderTable)
	reg.Register(east.KindTableCell, renderTableCell)
}

// renderTableCell writes a cell as the table extension does with
// TableCellAlignNone (the alignment is a class, tableAlignTransformer),
// without its fmt.Fprintf for every tag: some 1% of the CPU of a
// 2,000-document build.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	th := node.Parent().Kind() == east.KindTableHeader
	if !entering {
		if th {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return ast.WalkContinue, nil
	}
	if th {
		_, _ = w.WriteString("<th")
	} else {
		_, _ = w.WriteString("<td")
	}
	if node.Attributes() != nil {
		if th {
			ghtml.RenderAttributes(w, node, extension.TableThCellAttributeFilter)
		} else {
			ghtml.RenderAttributes(w, node, extension.TableTdCellAttributeFilter)
		}
	} else if class := alignClass(node.(*east.TableCell).Alignment); class != "" {
		// Written as RenderAttributes writes the class attribute that
		// tableAlignTransformer would set.
		_, _ = w.WriteString(` class="` + class + `"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderTable(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		k := 1
		if dw, ok := w.(*docWriter); ok {
			dw.tables++
			k = dw.tables
		}
		_, _ = w.WriteString(`<div class="table-wrap" role="region" tabindex="0" aria-label="表格 ` + strconv.Itoa(k) + `">` + "\n<table>\n")
	} else {
		_, _ = w.WriteString("</table>\n</div>\n")
	}
	return ast.WalkContinue, nil
}

// docWriter is what one document renders into. The renderer meets the
// tables in document order, so it numbers them as it writes them: looking
// for a table's place in the whole document made a document of thousands
// of tables take seconds.
type docWriter struct {
	*bufio.Writer
	tables int         // written so far
	ids    *headingIDs // the headings' ids
}

// collapseSpaces turns runs of spaces and tabs into one space.
func collapseSpaces(b []byte) []byte {
	if !bytes.Contains(b, []byte("  ")) && bytes.IndexByte(b, '\t') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i, c := range b {
		if c == '\t' {
			c = ' '
		}
		if c == ' ' && i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
			continue
		}
		out = append(out, c)
	}
	return out
}
