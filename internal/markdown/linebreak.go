package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// A line break inside a paragraph (a soft break) is a space in HTML, which
// is wrong between two Chinese characters: 第一行\n第二行 must read
// 第一行第二行. goldmark's CJK extension drops the break only when the text
// nodes on both sides of it are wide characters; it keeps the space before
// full-width punctuation (，（) or after 说 when the next line starts with
// “, and it drops the break altogether when the next line starts with
// markup (English\n**bold** renders "Englishbold"). textRenderer renders
// ast.Text like goldmark's HTML renderer, but decides soft breaks from the
// characters a reader sees on both sides of the break, across markup.

// dropLineBreak reports whether a soft line break between prev and next
// renders as nothing: both are CJK characters (including full-width
// punctuation), or one is and the other is punctuation Chinese text shares
// with Western text (“ ” ‘ ’ … —). Hangul is excluded: Korean separates
// words by spaces.
func dropLineBreak(prev, next rune) bool {
	if prev < 0x1100 && !sharedPunct(prev) || next < 0x1100 && !sharedPunct(next) {
		return false
	}
	if unicode.Is(unicode.Hangul, prev) || unicode.Is(unicode.Hangul, next) {
		return false
	}
	pc, nc := isCJK(prev), isCJK(next)
	return pc && (nc || sharedPunct(next)) || nc && sharedPunct(prev)
}

func sharedPunct(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '…', '—', '·', '•':
		return true
	}
	return false
}

type textRenderer struct {
	writer html.Writer
}

func newTextRenderer() textRenderer {
	// the writer the CJK extension installs: "\ " renders as nothing
	return textRenderer{writer: html.NewWriter(html.WithEscapedSpace())}
}

// writerBytes are the bytes goldmark's HTML writer does something with:
// backslash escapes, character references, NUL, and what HTML escapes.
var writerBytes = [256]bool{'\\': true, 0: true, '&': true, '<': true, '>': true, '"': true}

// writesAsIs reports whether the HTML writer would write text unchanged:
// it holds none of writerBytes. Performance: the writer looks at every
// byte of every text, some 4% of the CPU of a 2,000-document build, and a
// Chinese text nearly never holds one of them (FuzzWritesAsIs).
func writesAsIs(text []byte) bool {
	for _, c := range text {
		if writerBytes[c] {
			return false
		}
	}
	return true
}

func (t textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, t.renderText)
}

func (t textRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() {
		t.writer.RawWrite(w, value)
		return ast.WalkContinue, nil
	}
	if writesAsIs(value) {
		_, _ = w.Write(value)
	} else {
		t.writer.Write(w, value)
	}
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		prev, next := runeBeforeBreak(n, source), runeAfterBreak(n, source)
		if !dropLineBreak(prev, next) {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// runeBeforeBreak returns the last visible character before the soft break
// ending text node n, or -1.
func runeBeforeBreak(n *ast.Text, source []byte) rune {
	if r, ok := lastRune(n, source); ok {
		return r
	}
	for cur := ast.Node(n); cur != nil && cur.Type() == ast.TypeInline; cur = cur.Parent() {
		for s := cur.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			if r, ok := lastRune(s, source); ok {
				return r
			}
		}
	}
	return -1
}

// runeAfterBreak returns the first visible character after the soft break
// ending text node n, or -1.
func runeAfterBreak(n *ast.Text, source []byte) rune {
	for cur := ast.Node(n); cur != nil && cur.Type() == ast.TypeInline; cur = cur.Parent() {
		for s := cur.NextSibling(); s != nil; s = s.NextSibling() {
			if r, ok := firstRune(s, source); ok {
				return r
			}
		}
	}
	return -1
}

// lastRune returns the last character n shows; ok is false when n shows
// nothing (so the search goes on before it). Images and other objects
// return -1, true.
func lastRune(n ast.Node, source []byte) (rune, bool) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(source)
		for len(v) > 0 {
			r, size := utf8.DecodeLastRune(v)
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
				return r, true
			}
			v = v[:len(v)-size]
		}
		return 0, false
	case *ast.String:
		if len(n.Value) == 0 {
			return 0, false
		}
		r, _ := utf8.DecodeLastRune(n.Value)
		return r, true
	case *ast.AutoLink:
		return 'a', true
	case *ast.RawHTML, *east.FootnoteLink:
		return 0, false
	case *ast.Image:
		return -1, true
	}
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if r, ok := lastRune(c, source); ok {
			return r, true
		}
	}
	return 0, false
}

// firstRune is lastRune's counterpart.
func firstRune(n ast.Node, source []byte) (rune, bool) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(source)
		for len(v) > 0 {
			r, size := utf8.DecodeRune(v)
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
				return r, true
			}
			v = v[size:]
		}
		return 0, false
	case *ast.String:
		if len(n.Value) == 0 {
			return 0, false
		}
		r, _ := utf8.DecodeRune(n.Value)
		return r, true
	case *ast.AutoLink:
		return 'a', true
	case *ast.RawHTML, *east.FootnoteLink:
		return 0, false
	case *ast.Image:
		return -1, true
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := firstRune(c, source); ok {
			return r, true
		}
	}
	return 0, false
}
