package markdown

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Aligned table cells get a class (align-left, align-center, align-right)
// that the theme styles, because goldmark's style="text-align:…" would be
// blocked by the pages' Content-Security-Policy. renderTableCell writes it
// from the cell's alignment; tableAlignTransformer sets it as an attribute
// instead, the general way (Renderer.attributes), which gave every aligned
// cell goldmark's room for ten attributes.
type tableAlignTransformer struct{}

// alignClass is the class of a cell aligned a.
func alignClass(a extast.Alignment) string {
	switch a {
	case extast.AlignLeft:
		return "align-left"
	case extast.AlignCenter:
		return "align-center"
	case extast.AlignRight:
		return "align-right"
	}
	return ""
}

func (tableAlignTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c, ok := n.(*extast.TableCell); ok {
			if class := alignClass(c.Alignment); class != "" {
				c.SetAttributeString("class", []byte(class))
			}
		}
		return ast.WalkContinue, nil
	})
}
