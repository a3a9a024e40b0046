package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// TestATXHeadingsAsGoldmark: with atxHeadings, every ATX heading parses to
// what goldmark's own parser with attributes makes of it — the same level,
// text and attributes, in and out of other blocks, with a '{' or without.
func TestATXHeadingsAsGoldmark(t *testing.T) {
	parse := func(blocks []util.PrioritizedValue) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithRendererOptions(html.WithXHTML(), html.WithUnsafe()),
			goldmark.WithParser(parser.NewParser(
				parser.WithBlockParsers(blocks...),
				parser.WithInlineParsers(parser.DefaultInlineParsers()...),
				parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
				parser.WithAttribute(),
			)),
		)
	}
	mine, reference := parse(blockParsers()), parse(parser.DefaultBlockParsers())
	var srcs []string
	for _, marks := range []string{"#", "##", "######", "#######", "\\#"} {
		for _, space := range []string{" ", "  ", "\t", ""} {
			for _, text := range []string{"", "标题", "一、总体要求", "标题 {#id}", "标题 {.c #x}", "标题 {#id} ##", "标题 ## {#id}",
				"a \\{#x}", "{#only}", "标题 {#x", "标题 {}", "标题 {#x} 尾", "x { y } z", "标题 {id=a}", "标题 {#a}{#b}", "#", "*强调* {#e}"} {
				for _, end := range []string{"", " ##", " #", "\\#", "  "} {
					h := marks + space + text + end
					srcs = append(srcs, h, h+"\n正文。", "> "+h, "- "+h+"\n- 另一项", "段落\n"+h, "   "+h, "    "+h)
				}
			}
		}
	}
	if len(srcs) < 10000 {
		t.Fatalf("only %d inputs", len(srcs))
	}
	headings := 0
	for _, src := range srcs {
		var got, want bytes.Buffer
		if err := mine.Convert([]byte(src), &got); err != nil {
			t.Fatal(err)
		}
		if err := reference.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", src, got.String(), want.String())
		}
		if bytes.Contains(want.Bytes(), []byte("<h")) {
			headings++
		}
	}
	if headings < len(srcs)/3 {
		t.Errorf("only %d of %d inputs made a heading", headings, len(srcs))
	}
}
