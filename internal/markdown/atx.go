package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// atxHeadings parses ATX headings (## 标题) as goldmark's parser does with
// attributes on ({#id} and {.class} after a heading), but looks for
// attributes only in a heading whose line has a '{'. Performance: goldmark
// reads every heading's line rune by rune for them (docs/performance.md);
// a line without '{' has none, and the parser without attributes makes
// the same node of it (TestATXHeadingsAsGoldmark).
type atxHeadings struct {
	plain, attr parser.BlockParser
}

func newATXHeadings() *atxHeadings {
	return &atxHeadings{plain: parser.NewATXHeadingParser(), attr: parser.NewATXHeadingParser(parser.WithHeadingAttribute())}
}

// blockParsers are goldmark's default block parsers with atxHeadings for
// its ATX heading parser, the only one that '#' triggers.
func blockParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	for i, v := range ps {
		if bytes.Equal(v.Value.(parser.BlockParser).Trigger(), []byte{'#'}) {
			ps[i] = util.Prioritized(newATXHeadings(), v.Priority)
		}
	}
	return ps
}

func (h *atxHeadings) Trigger() []byte { return []byte{'#'} }

func (h *atxHeadings) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if line, _ := reader.PeekLine(); bytes.IndexByte(line, '{') < 0 {
		return h.plain.Open(parent, reader, pc)
	}
	return h.attr.Open(parent, reader, pc)
}

func (h *atxHeadings) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return h.attr.Continue(node, reader, pc)
}

func (h *atxHeadings) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	h.attr.Close(node, reader, pc)
}

func (h *atxHeadings) CanInterruptParagraph() bool { return h.attr.CanInterruptParagraph() }

func (h *atxHeadings) CanAcceptIndentedLine() bool { return h.attr.CanAcceptIndentedLine() }

// SetOption passes the parser's options on: every one to both, but
// attributes only to the parser for lines with a '{'.
func (h *atxHeadings) SetOption(name parser.OptionName, value any) {
	h.attr.(parser.SetOptioner).SetOption(name, value)
	if name != "Attribute" {
		h.plain.(parser.SetOptioner).SetOption(name, value)
	}
}
