package markdown

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// GFM recognises a bare URL or e-mail address only after white space, the
// start of a line or one of * _ ~ (, so in Chinese text, which has no spaces,
// 网址：https://www.gov.cn and 邮箱：jyj@example.gov.cn stay plain text.
// cjkLinkifyTransformer links them too: after parsing, it looks in text
// nodes for a URL (http://, https://, ftp://, www.) or an e-mail address
// right after a CJK character, and runs goldmark's own linkify parser
// (extension.NewLinkifyParser) there, so what counts as a URL and which
// trailing punctuation is left out are exactly GFM's.
type cjkLinkifyTransformer struct {
	linkify parser.InlineParser
}

func newCJKLinkifyTransformer() cjkLinkifyTransformer {
	return cjkLinkifyTransformer{linkify: extension.NewLinkifyParser()}
}

func (t cjkLinkifyTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML,
			*ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !n.IsRaw() {
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, tx := range texts {
		if tx.Parent() != nil { // not merged into its predecessor
			t.linkifyText(tx, src, pc)
		}
	}
}

func (t cjkLinkifyTransformer) linkifyText(tx *ast.Text, src []byte, pc parser.Context) {
	parent := tx.Parent()
	// A URL may span several text nodes (an unmatched _ in content_123.htm
	// is a node of its own): merge the contiguous ones first. This does not
	// change the rendering.
	for {
		next, ok := tx.NextSibling().(*ast.Text)
		if !ok || next.IsRaw() || !tx.Merge(next, src) {
			break
		}
		parent.RemoveChild(parent, next)
	}
	v := tx.Segment.Value(src)
	if bytes.IndexByte(v, ':') < 0 && bytes.IndexByte(v, '@') < 0 && !bytes.Contains(v, []byte("www.")) {
		return
	}
	for p := 1; p < len(v); p++ {
		if !isAlnum(v[p]) || v[p-1] < 0x80 {
			continue
		}
		prev, _ := utf8.DecodeLastRune(v[:p])
		if !isCJK(prev) || !linkCandidate(v[p:]) {
			continue
		}
		seg := text.NewSegment(tx.Segment.Start+p, tx.Segment.Stop)
		segs := text.NewSegments()
		segs.Append(seg)
		node := t.linkify.Parse(parent, text.NewBlockReader(src, segs), pc)
		link, ok := node.(*ast.AutoLink)
		if !ok {
			continue
		}
		n := len(link.Label(src))
		if n == 0 || p+n > len(v) {
			continue
		}
		after := ast.NewTextSegment(text.NewSegment(seg.Start+n, tx.Segment.Stop))
		after.SetSoftLineBreak(tx.SoftLineBreak())
		after.SetHardLineBreak(tx.HardLineBreak())
		tx.SetSoftLineBreak(false)
		tx.SetHardLineBreak(false)
		tx.Segment = tx.Segment.WithStop(seg.Start)
		parent.InsertAfter(parent, tx, link)
		parent.InsertAfter(parent, link, after)
		tx, v, p = after, after.Segment.Value(src), 0
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// linkCandidate reports whether b starts like a URL or an e-mail address.
func linkCandidate(b []byte) bool {
	for _, p := range []string{"http://", "https://", "ftp://", "www."} {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	i := 0
	for i < len(b) && (isAlnum(b[i]) || bytes.IndexByte([]byte("._%+-"), b[i]) >= 0) {
		i++
	}
	return i > 0 && i < len(b) && b[i] == '@'
}
