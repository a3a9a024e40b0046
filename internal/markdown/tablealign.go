package markdown

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// tableAlignTransformer marks aligned table cells with a class
// (align-left, align-center, align-right) that the theme styles, because
// goldmark's style="text-align:…" would be blocked by the pages'
// Content-Security-Policy.
type tableAlignTransformer struct{}

func (tableAlignTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c, ok := n.(*extast.TableCell); ok {
			switch c.Alignment {
			case extast.AlignLeft:
				c.SetAttributeString("class", []byte("align-left"))
			case extast.AlignCenter:
				c.SetAttributeString("class", []byte("align-center"))
			case extast.AlignRight:
				c.SetAttributeString("class", []byte("align-right"))
			}
		}
		return ast.WalkContinue, nil
	})
}
