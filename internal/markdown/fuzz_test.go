package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

var fuzzSeeds = []string{
	"",
	"# 一、总体要求\n\n## （一）工作目标\n\n正文**“加粗”**文字。\n",
	"这是**“加粗”**文字 **（注）**说明 *斜体*，~~（废止）~~",
	"a*b*c 5*6*7 __init__ snake_case_name ***x*** _a_ **a**b",
	"| a | b |\n|---|:-:|\n| 1 | 2 |\n",
	"脚注[^1]\n\n[^1]: 内容\n",
	"[x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)>",
	"前文{{< a k=\"v\" >}}后文\n\n{{< block x >}}\n\n`{{< code >}}`\n",
	"```\n{{< fenced >}}\n```\n\n    {{< indented >}}\n",
	"{{</* escaped */>}} {{< broken \"x >}} {{< /close >}} {{<",
	"{{< a\n  k=`raw\nvalue`\n>}}",
	"[l]({{< ref x >}} \"{{< t >}}\") ![{{< alt >}}]({{< src >}})",
	"## 标题 {#{{< id >}} .{{< c >}}}\n",
	"- 项\n  {{< x >}}\n- {{< y >}}\n",
	"> {{< q >}}\n>\n> 引用\n",
	"\U0010FF00\U0010FF10\U0010FF01 \xf4\x8f\xbc",
	"*\uFE00* 漢\uFE00**“x”**文 “\uFE01**x**",
	"第一行\n第二行\nEnglish\n**bold**\n",
	"``` `{{< a >}}` ```\n`` ` `` {{< b >}}",
	"\\`{{< a >}}\\` \\{{< b >}}",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
}

func fuzzFunc(sc Shortcode) (string, error) {
	if strings.HasPrefix(sc.Name, "e") {
		return "", errBoom
	}
	return "<span data-sc=\"" + sc.Name + "\"></span>", nil
}

type boom struct{}

func (boom) Error() string { return "boom" }

var errBoom error = boom{}

func hasTokenChars(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= 0x10FF00 && r <= 0x10FF3F {
			return true
		}
		b = b[n:]
	}
	return false
}

// FuzzRender checks that any input renders without panicking, without a
// placeholder left in the output, without script, and with unique ids.
func FuzzRender(f *testing.F) {
	addSeeds(f)
	r := New(Options{Shortcodes: fuzzFunc})
	f.Fuzz(func(t *testing.T, src string) {
		res, errs := r.Render([]byte(src))
		if hasTokenChars(res.HTML) || hasTokenChars([]byte(res.Plain)) || hasTokenChars(res.TOC) {
			t.Fatalf("placeholder left:\nHTML %q\nPlain %q", res.HTML, res.Plain)
		}
		if bytes.Contains(bytes.ToLower(res.HTML), []byte("<script")) {
			t.Fatalf("script in %q", res.HTML)
		}
		seen := map[string]bool{}
		for _, h := range res.Headings {
			if h.ID == "" || seen[h.ID] {
				t.Fatalf("empty or duplicate id %q in %+v", h.ID, res.Headings)
			}
			seen[h.ID] = true
		}
		lines := strings.Count(src, "\n") + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Col < 1 || e.Err == nil {
				t.Fatalf("bad error position %d:%d (%d lines): %v", e.Line, e.Col, lines, e)
			}
		}
	})
}

// FuzzShortcodes checks the shortcode pre-pass: tokens are well formed and
// numbered in order, positions are in the source, and an input without
// "{{<" or placeholder characters passes unchanged.
func FuzzShortcodes(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		s := scanShortcodes([]byte(src))
		next := 0
		b := s.out
		for {
			k := bytes.Index(b, tokenPrefix)
			if k < 0 {
				break
			}
			idx, n := parseToken(b[k:])
			if idx != next {
				t.Fatalf("token %d (len %d) where %d expected in %q", idx, n, next, s.out)
			}
			next++
			b = b[k+n:]
		}
		if next != len(s.items) {
			t.Fatalf("%d tokens for %d shortcodes", next, len(s.items))
		}
		lines := strings.Count(src, "\n") + 1
		for _, it := range s.items {
			if !it.literal && (it.sc.Line < 1 || it.sc.Line > lines || it.sc.Col < 1 || it.sc.Name == "") {
				t.Fatalf("bad shortcode %+v", it.sc)
			}
		}
		for _, e := range s.errs {
			if e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Fatalf("bad error %v", e)
			}
		}
		if !strings.Contains(src, "{{<") && !bytes.Contains([]byte(src), tokenPrefix) && string(s.out) != src {
			t.Fatalf("changed without shortcodes: %q -> %q", src, s.out)
		}
	})
}

// FuzzEmphasisMatchesCommonMark checks that without CJK characters the
// CJK-friendly emphasis and strikethrough parsers give exactly goldmark's
// output.
func FuzzEmphasisMatchesCommonMark(f *testing.F) {
	addSeeds(f)
	for _, s := range []string{"*a*b**c***", "_a_ __b__ a_b_c", "**foo \"*bar*\" foo**", "~~a~~ ~b~ ~~~c~~~", "*(*foo*)*", "a**\"foo\"**"} {
		f.Add(s)
	}
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == parser.NewEmphasisParser() {
			v = util.Prioritized(cjkEmphasisParser{}, v.Priority)
		}
		inlines = append(inlines, v)
	}
	mine := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(inlines...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithExtensions(cjkStrikethrough{}),
	)
	reference := goldmark.New(goldmark.WithExtensions(extension.Strikethrough))
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range src {
			if r >= 0x1100 {
				t.Skip()
			}
		}
		var a, b bytes.Buffer
		_ = mine.Convert([]byte(src), &a)
		_ = reference.Convert([]byte(src), &b)
		if a.String() != b.String() {
			t.Fatalf("%q:\nCJK-friendly %q\ngoldmark     %q", src, a.String(), b.String())
		}
	})
}

// FuzzWritesAsIs: a text writesAsIs accepts is what goldmark's HTML
// writers (the default one and the CJK extension's) write for it.
func FuzzWritesAsIs(f *testing.F) {
	for _, s := range []string{"", "一、总体要求", "a\\*b", "&amp; &#x4e00; &#19968;", "<b>\"x\"</b>", "\x00", "\\ 空格", "100% 'x' *y* _z_ `c`"} {
		f.Add([]byte(s))
	}
	writers := []html.Writer{html.DefaultWriter, newTextRenderer().writer}
	f.Fuzz(func(t *testing.T, text []byte) {
		if !writesAsIs(text) {
			return
		}
		for _, w := range writers {
			var b bytes.Buffer
			bw := bufio.NewWriter(&b)
			w.Write(bw, text)
			bw.Flush()
			if !bytes.Equal(b.Bytes(), text) {
				t.Fatalf("%q written as %q", text, b.Bytes())
			}
		}
	})
}
