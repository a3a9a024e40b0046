package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// body renders src with a default Renderer and returns the HTML with the
// trailing newline removed.
func body(t *testing.T, src string) string {
	t.Helper()
	res, errs := New(Options{}).Render([]byte(src))
	if len(errs) != 0 {
		t.Fatalf("Render(%q): unexpected errors %v", src, errs)
	}
	return strings.TrimSuffix(string(res.HTML), "\n")
}

func TestEmphasisNextToChinesePunctuation(t *testing.T) {
	cases := []struct{ in, want string }{
		{"这是**“加粗”**文字", "<p>这是<strong>“加粗”</strong>文字</p>"},
		{"**（注）**说明", "<p><strong>（注）</strong>说明</p>"},
		{"**粗体**。", "<p><strong>粗体</strong>。</p>"},
		{"中文**English**中文", "<p>中文<strong>English</strong>中文</p>"},
		{"“**引用**”", "<p>“<strong>引用</strong>”</p>"},
		{"**第一条**规定", "<p><strong>第一条</strong>规定</p>"},
		{"*斜体*，", "<p><em>斜体</em>，</p>"},
		// more of the same family
		{"请于**2024年6月30日前**，将材料报送至教育局。", "<p>请于<strong>2024年6月30日前</strong>，将材料报送至教育局。</p>"},
		{"详见**《关于进一步加强中小学生作业管理的通知》**。", "<p>详见<strong>《关于进一步加强中小学生作业管理的通知》</strong>。</p>"},
		{"**注：**本表数据截至2024年。", "<p><strong>注：</strong>本表数据截至2024年。</p>"},
		{"他说：**“好。”**然后走了", "<p>他说：<strong>“好。”</strong>然后走了</p>"},
		{"这是*“强调”*文字", "<p>这是<em>“强调”</em>文字</p>"},
		{"***（重要）***通知", "<p><em><strong>（重要）</strong></em>通知</p>"},
		{"~~（已废止）~~文件", "<p><del>（已废止）</del>文件</p>"},
		{"**【重要】**通知", "<p><strong>【重要】</strong>通知</p>"},
		{"全角**！**感叹", "<p>全角<strong>！</strong>感叹</p>"},
		{"日本語の**「強調」**です", "<p>日本語の<strong>「強調」</strong>です</p>"},
		{"한국어 **(강조)**입니다", "<p>한국어 <strong>(강조)</strong>입니다</p>"},
		// "\ " is an invisible separator (CJK extension)
		{"中文\\ **粗体**", "<p>中文<strong>粗体</strong></p>"},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestEmphasisASCIIFollowsCommonMark(t *testing.T) {
	cases := []struct{ in, want string }{
		{"*a*", "<p><em>a</em></p>"},
		{"**a**", "<p><strong>a</strong></p>"},
		{"a*b*c", "<p>a<em>b</em>c</p>"},
		{"**a**b", "<p><strong>a</strong>b</p>"},
		{"5*6*7", "<p>5<em>6</em>7</p>"},
		{"foo*bar*", "<p>foo<em>bar</em></p>"},
		{"a * b * c", "<p>a * b * c</p>"},
		{"* a *", "<ul>\n<li>a *</li>\n</ul>"},
		{"__init__", "<p><strong>init</strong></p>"},
		{"call __init__ now", "<p>call <strong>init</strong> now</p>"},
		{"foo__init__bar", "<p>foo__init__bar</p>"},
		{"snake_case_name", "<p>snake_case_name</p>"},
		{"_foo_bar", "<p>_foo_bar</p>"},
		{"_foo_", "<p><em>foo</em></p>"},
		{"foo_bar_", "<p>foo_bar_</p>"},
		{"*(*foo*)*", "<p><em>(<em>foo</em>)</em></p>"},
		{"a**\"foo\"**", "<p>a**&quot;foo&quot;**</p>"},
		{"a*\"foo\"*", "<p>a*&quot;foo&quot;*</p>"},
		{"**foo \"*bar*\" foo**", "<p><strong>foo &quot;<em>bar</em>&quot; foo</strong></p>"},
		{"*foo**bar**baz*", "<p><em>foo<strong>bar</strong>baz</em></p>"},
		{"foo***bar***baz", "<p>foo<em><strong>bar</strong></em>baz</p>"},
		{"*foo**bar*", "<p><em>foo**bar</em></p>"},
		{"** foo**", "<p>** foo**</p>"},
		{"**foo **", "<p>**foo **</p>"},
		{"\\*not\\*", "<p>*not*</p>"},
		{"`*code*`", "<p><code>*code*</code></p>"},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// CommonMark's own underscore rules stay: between two letters '_' neither
// opens nor closes, Chinese letters included.
func TestUnderscoreKeepsIntraWordRule(t *testing.T) {
	cases := []struct{ in, want string }{
		{"中文_强调_中文", "<p>中文_强调_中文</p>"},
		{"变量名 file_name_v2 不变", "<p>变量名 file_name_v2 不变</p>"},
		{"这是 _强调_ 文字", "<p>这是 <em>强调</em> 文字</p>"},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestFlankingRules(t *testing.T) {
	cases := []struct {
		c                      byte
		before, twoBefore, aft rune
		open, close            bool
	}{
		{'*', ' ', -1, 'a', true, false},
		{'*', 'a', -1, ' ', false, true},
		{'*', 'a', -1, 'b', true, true},
		{'*', 'a', -1, '"', false, true},    // CommonMark: a*"foo" cannot open
		{'*', '"', -1, 'a', true, false},    // nor close
		{'*', '是', -1, '“', true, true},     // CJK before punctuation: both
		{'*', '”', -1, '文', true, true},     // punctuation before CJK: both
		{'*', '）', -1, '说', true, true},     // full-width punctuation is CJK
		{'*', 0xFE01, '”', '文', true, true}, // ”︁ (full-width form) before CJK
		{'*', 0xFE00, '漢', '"', true, true}, // CJK + variation selector
		{'*', 0xE0100, -1, '"', true, true}, // ideographic variation selector
		{'*', 0xFE00, ' ', 'a', true, true}, // space + VS: the VS counts
		{'_', '是', -1, '“', false, true},    // '_' keeps CommonMark
		{'_', '"', -1, 'a', true, false},
		{'_', 'a', -1, 'b', false, false},
		{'*', 'é', -1, '“', false, true},     // Latin letter: CommonMark
		{'*', 0x1F600, -1, 'a', true, false}, // emoji is not CJK
	}
	for _, c := range cases {
		open, close := flanking(c.c, c.before, c.twoBefore, c.aft)
		if open != c.open || close != c.close {
			t.Errorf("flanking(%q, %q, %q, %q) = %v, %v; want %v, %v",
				c.c, c.before, c.twoBefore, c.aft, open, close, c.open, c.close)
		}
	}
}

type specExample struct {
	Example  int    `json:"example"`
	Section  string `json:"section"`
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

// The CJK-friendly parser must pass the inline examples of the CommonMark
// spec (0.31.2, which goldmark follows) exactly as goldmark's own emphasis
// parser does: the examples are ASCII (or non-CJK Unicode), where the rules
// must not change.
func TestCommonMarkSpecInlines(t *testing.T) {
	data, err := os.ReadFile("testdata/commonmark-0.31.2-inlines.json")
	if err != nil {
		t.Fatal(err)
	}
	var examples []specExample
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == parser.NewEmphasisParser() {
			v = util.Prioritized(cjkEmphasisParser{}, v.Priority)
		}
		inlines = append(inlines, v)
	}
	md := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(inlines...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithRendererOptions(html.WithXHTML(), html.WithUnsafe()),
	)
	reference := goldmark.New(goldmark.WithRendererOptions(html.WithXHTML(), html.WithUnsafe()))
	emphasis := 0
	for _, ex := range examples {
		var got, ref bytes.Buffer
		if err := md.Convert([]byte(ex.Markdown), &got); err != nil {
			t.Fatal(err)
		}
		if err := reference.Convert([]byte(ex.Markdown), &ref); err != nil {
			t.Fatal(err)
		}
		if got.String() != ref.String() {
			t.Errorf("example %d (%s) %q: CJK-friendly parser differs from goldmark's:\n got %q\nwant %q",
				ex.Example, ex.Section, ex.Markdown, got.String(), ref.String())
		}
		if got.String() != ex.HTML {
			t.Errorf("example %d (%s) %q:\n got %q\nwant %q", ex.Example, ex.Section, ex.Markdown, got.String(), ex.HTML)
		}
		if ex.Section == "Emphasis and strong emphasis" {
			emphasis++
		}
	}
	if emphasis != 132 || len(examples) < 300 {
		t.Fatalf("testdata has %d examples, %d of emphasis; want the 132 emphasis examples", len(examples), emphasis)
	}
}
