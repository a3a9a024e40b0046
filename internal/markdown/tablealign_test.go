package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
)

func TestTableAlignmentIsAClassNotAStyle(t *testing.T) {
	res, _ := New(Options{}).Render([]byte("| 学校 | 人数 | 类别 |\n|:---|---:|:-:|\n| 一小 | 100 | 小学 |\n"))
	h := string(res.HTML)
	if !strings.Contains(h, `<td class="align-right">100</td>`) || !strings.Contains(h, `<th class="align-left">学校</th>`) ||
		!strings.Contains(h, `<td class="align-center">小学</td>`) || strings.Contains(h, "style=") {
		t.Errorf("table cells: %s", h)
	}
}

// nodeFuncs records a node renderer's functions.
type nodeFuncs map[ast.NodeKind]renderer.NodeRendererFunc

func (f nodeFuncs) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f[k] = fn }

// renderTableCell writes every cell, header or body, aligned or not, as
// the table extension's renderer with TableCellAlignNone does, the cells
// given their classes as attributes (the general way; that
// renderTableCell writes the same without them, TestHeadingIDsAsAttributes
// checks on whole documents).
func TestTableCellAsTheExtension(t *testing.T) {
	ext := nodeFuncs{}
	extension.NewTableHTMLRenderer(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)).RegisterFuncs(ext)
	theirs := ext[east.KindTableCell]
	src := []byte("| 学校 | 人数 | 备注 | x |\n|:---|---:|:-:|---|\n| 一小 | 100 | *甲* | |\n| 二小 | 2 | <b> | \\| |\n")
	doc := newRenderer(Options{}, true).md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(newHeadingIDs()))))
	cells := 0
	_ = ast.Walk(doc, func(n ast.Node, in bool) (ast.WalkStatus, error) {
		if !in || n.Kind() != east.KindTableCell {
			return ast.WalkContinue, nil
		}
		cells++
		for _, entering := range []bool{true, false} {
			var want, got bytes.Buffer
			ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
			_, _ = theirs(ww, src, n, entering)
			_, _ = renderTableCell(gw, src, n, entering)
			ww.Flush()
			gw.Flush()
			if got.String() != want.String() {
				t.Errorf("cell %d (entering %v): %q, the extension %q", cells, entering, got.String(), want.String())
			}
		}
		return ast.WalkSkipChildren, nil
	})
	if cells != 12 {
		t.Fatalf("%d cells", cells)
	}
}
