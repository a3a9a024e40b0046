package markdown

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// recorder is a ShortcodeFunc that records its calls and renders
// <sc name k=v…>.
type recorder struct{ calls []Shortcode }

func (rec *recorder) fn(sc Shortcode) (string, error) {
	rec.calls = append(rec.calls, sc)
	switch sc.Name {
	case "fail":
		return "", errors.New("template failed")
	case "ref":
		return "/posts/" + sc.Args["0"] + "/", nil
	}
	keys := make([]string, 0, len(sc.Args))
	for k := range sc.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("<sc " + sc.Name)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, sc.Args[k])
	}
	b.WriteString(">")
	return b.String(), nil
}

func renderSC(t *testing.T, src string) (Result, []ShortcodeError, *recorder) {
	t.Helper()
	rec := &recorder{}
	res, errs := New(Options{Shortcodes: rec.fn}).Render([]byte(src))
	return res, errs, rec
}

func TestShortcodeInlineAndBlock(t *testing.T) {
	src := "前文{{< badge text=\"新\" >}}后文\n\n{{< figure src=\"a.png\" title=\"图 1\" >}}\n\n末段\n"
	res, errs, rec := renderSC(t, src)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := "<p>前文<sc badge text=新>后文</p>\n<sc figure src=a.png title=图 1>\n<p>末段</p>\n"
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%q\nwant\n%q", res.HTML, want)
	}
	wantCalls := []Shortcode{
		{Name: "badge", Args: map[string]string{"text": "新"}, Line: 1, Col: 3},
		{Name: "figure", Args: map[string]string{"src": "a.png", "title": "图 1"}, Line: 3, Col: 1},
	}
	if !reflect.DeepEqual(rec.calls, wantCalls) {
		t.Errorf("calls %+v\nwant %+v", rec.calls, wantCalls)
	}
	if res.Plain != "前文后文\n末段" {
		t.Errorf("Plain %q", res.Plain)
	}
}

// A shortcode alone on a line inside a paragraph still becomes a block.
func TestShortcodeBlockInsideParagraph(t *testing.T) {
	res, errs, _ := renderSC(t, "第一段\n{{< hr >}}\n第二段\n")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := "<p>第一段</p>\n<sc hr>\n<p>第二段</p>\n"
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%q\nwant\n%q", res.HTML, want)
	}
}

func TestShortcodeInListItem(t *testing.T) {
	res, errs, _ := renderSC(t, "- 附件：\n  {{< file x >}}\n- {{< file y >}}\n\n1. 说明\n\n   {{< file z >}}\n")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	// the list stays tight; a shortcode that is a paragraph of its own in a
	// loose list item is unwrapped
	want := "<ul>\n<li>附件：\n<sc file 0=x></li>\n<li><sc file 0=y></li>\n</ul>\n" +
		"<ol>\n<li>\n<p>说明</p>\n<sc file 0=z>\n</li>\n</ol>\n"
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
}

func TestShortcodeArguments(t *testing.T) {
	src := "{{< x a=\"带 \\\"引号\\\" 的值\" b=`raw \\n \"q\"` c=word 位置1 \"位置 2\" d=\"\\\\\" >}}"
	_, errs, rec := renderSC(t, src)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := map[string]string{
		"a": `带 "引号" 的值`,
		"b": `raw \n "q"`,
		"c": "word",
		"0": "位置1",
		"1": "位置 2",
		"d": `\`,
	}
	if len(rec.calls) != 1 || !reflect.DeepEqual(rec.calls[0].Args, want) {
		t.Errorf("calls %+v\nwant args %v", rec.calls, want)
	}
}

func TestShortcodeMultiline(t *testing.T) {
	src := "正文\n\n{{< figure\n  src=\"a.png\"\n  title=\"图\"\n>}}\n\n后文\n"
	res, errs, rec := renderSC(t, src)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if len(rec.calls) != 1 || rec.calls[0].Line != 3 || rec.calls[0].Args["title"] != "图" {
		t.Errorf("calls %+v", rec.calls)
	}
	if want := "<p>正文</p>\n<sc figure src=a.png title=图>\n<p>后文</p>\n"; string(res.HTML) != want {
		t.Errorf("HTML %q, want %q", res.HTML, want)
	}
}

func TestShortcodeNotExpandedInCode(t *testing.T) {
	src := "行内 `{{< a >}}` 与 ``x `{{< b >}}` y``\n\n" +
		"```markdown\n{{< c >}}\n{{< broken \"\n```\n\n" +
		"~~~\n{{< d >}}\n~~~\n\n" +
		"段落\n\n    {{< e >}}\n\n" +
		"> ```\n> {{< f >}}\n> ```\n\n" +
		"- 列表\n\n  ```\n  {{< g >}}\n  ```\n"
	res, errs, rec := renderSC(t, src)
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	if len(rec.calls) != 0 {
		t.Errorf("ShortcodeFunc called for code: %+v", rec.calls)
	}
	got := string(res.HTML)
	for _, frag := range []string{
		"<code>{{&lt; a &gt;}}</code>",
		"<code>x `{{&lt; b &gt;}}` y</code>",
		"<code class=\"language-markdown\">{{&lt; c &gt;}}\n{{&lt; broken &quot;\n</code>",
		"<code>{{&lt; d &gt;}}\n</code>",
		"<pre><code>{{&lt; e &gt;}}\n</code></pre>",
		"{{&lt; f &gt;}}",
		"{{&lt; g &gt;}}",
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("lacks %s\n%s", frag, got)
		}
	}
	if strings.Contains(got, "<sc") || strings.ContainsRune(got, 0x10FF00) {
		t.Errorf("expanded or token left:\n%s", got)
	}
}

func TestShortcodeErrorsWithPosition(t *testing.T) {
	src := "# 标题\n\n第一段{{< broken key=\"no end >}}。\n\n中间 {{< ok >}} 文字\n\n末尾：{{< also-bad a=\"x\"b >}}\n\n{{< fail >}}\n\n{{< unclosed\n\n后文\n"
	res, errs, rec := renderSC(t, src)
	type pos struct {
		line, col int
		name, msg string
	}
	var got []pos
	for _, e := range errs {
		got = append(got, pos{e.Line, e.Col, e.Name, e.Err.Error()})
	}
	want := []pos{
		{3, 4, "broken", `argument key: bad quoting: the quoted value is not closed on its line (a literal " is written \")`},
		{7, 4, "also-bad", `unexpected 'b' after an argument: arguments are separated by spaces`},
		{9, 1, "fail", "template failed"},
		{11, 1, "unclosed", `not closed: missing ">}}" before the end of the paragraph`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%+v\nwant\n%+v", got, want)
	}
	if e := errs[0].Error(); e != `3:4: shortcode "broken": argument key: bad quoting: the quoted value is not closed on its line (a literal " is written \")` {
		t.Errorf("Error() = %s", e)
	}
	// the good ones are still rendered
	if len(rec.calls) != 2 || !strings.Contains(string(res.HTML), "中间 <sc ok> 文字") {
		t.Errorf("calls %+v\n%s", rec.calls, res.HTML)
	}
}

func TestShortcodeTwoBadOnOneLine(t *testing.T) {
	_, errs, _ := renderSC(t, "a {{< x \"1 >}} b {{< y k= >}} c")
	if len(errs) != 2 || errs[0].Col != 3 || errs[1].Col != 18 || errs[0].Line != 1 || errs[1].Line != 1 {
		t.Errorf("errors %v", errs)
	}
}

func TestShortcodeMalformed(t *testing.T) {
	cases := []string{
		"{{< >}}",
		"{{<>}}",
		"{{< \"x\" >}}",
		"{{< a k=>}}",
		"{{< a =v >}}",
		"{{< a k=\"v >}}",
		"{{< a k=`v >}}",
		"{{< a k=v\"w >}}",
		"{{< a k=1 k=2 >}}",
		"{{< a k=\"v\"x >}}",
		"{{< /a >}}",
		"{{< a<b >}}",
		"{{< a",
		"{{< a {{< b >}}",
		"{{</* a",
	}
	for _, c := range cases {
		_, errs, _ := renderSC(t, c)
		if len(errs) == 0 {
			t.Errorf("%q: no error", c)
			continue
		}
		if errs[0].Line != 1 || errs[0].Col != 1 {
			t.Errorf("%q: error at %d:%d: %v", c, errs[0].Line, errs[0].Col, errs[0])
		}
	}
}

func TestShortcodeEscaped(t *testing.T) {
	res, errs, rec := renderSC(t, "写法：{{</* figure src=\"a.png\" */>}}\n\n{{</*ref x*/>}}\n")
	if len(errs) != 0 || len(rec.calls) != 0 {
		t.Fatalf("errs %v calls %v", errs, rec.calls)
	}
	want := "<p>写法：{{&lt; figure src=&#34;a.png&#34; &gt;}}</p>\n<p>{{&lt;ref x&gt;}}</p>\n"
	if string(res.HTML) != want {
		t.Errorf("HTML %q\nwant %q", res.HTML, want)
	}
	if res.Plain != "写法：{{< figure src=\"a.png\" >}}\n{{<ref x>}}" {
		t.Errorf("Plain %q", res.Plain)
	}
	res, errs, rec = renderSC(t, `或者：\{{< figure >}}`)
	if len(errs) != 0 || len(rec.calls) != 0 || string(res.HTML) != "<p>或者：{{&lt; figure &gt;}}</p>\n" {
		t.Errorf("backslash escape: %q %v %v", res.HTML, errs, rec.calls)
	}
}

func TestShortcodeInLinkTarget(t *testing.T) {
	res, errs, _ := renderSC(t, `见[上一篇]({{< ref "2024-notice" >}} "标题")。`)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if want := "<p>见<a href=\"/posts/2024-notice/\" title=\"标题\">上一篇</a>。</p>\n"; string(res.HTML) != want {
		t.Errorf("HTML %q\nwant %q", res.HTML, want)
	}
}

func TestShortcodeOutputInLinkTargetIsChecked(t *testing.T) {
	r := New(Options{Shortcodes: func(Shortcode) (string, error) { return "javascript:alert(1)", nil }})
	res, _ := r.Render([]byte(`[x]({{< evil >}})`))
	if want := "<p><a href=\"\">x</a></p>\n"; string(res.HTML) != want {
		t.Errorf("HTML %q", res.HTML)
	}
}

func TestShortcodeWithoutFunc(t *testing.T) {
	res, errs := New(Options{}).Render([]byte("a {{< x >}} b\n\n{{< y >}}\n"))
	if len(errs) != 2 || !errors.Is(errs[0].Err, ErrNoShortcodes) || errs[1].Line != 3 {
		t.Errorf("errs %v", errs)
	}
	if string(res.HTML) != "<p>a  b</p>\n\n" {
		t.Errorf("HTML %q", res.HTML)
	}
}

func TestShortcodePanicIsAnError(t *testing.T) {
	r := New(Options{Shortcodes: func(Shortcode) (string, error) { panic("oops") }})
	_, errs := r.Render([]byte("{{< x >}}"))
	if len(errs) != 1 || errs[0].Err.Error() != "panic: oops" {
		t.Errorf("errs %v", errs)
	}
}

// A document cannot forge a placeholder.
func TestShortcodeTokenCannotBeForged(t *testing.T) {
	forged := string(appendToken(nil, 0))
	res, errs, _ := renderSC(t, "{{< a >}} "+forged+" \U0010FF05")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	got := string(res.HTML)
	if strings.Count(got, "<sc a>") != 1 || !strings.Contains(got, "\uFFFD") {
		t.Errorf("HTML %q", got)
	}
	for _, r := range got {
		if r >= 0x10FF00 && r <= 0x10FF3F {
			t.Fatalf("token character %U in output %q", r, got)
		}
	}
}

func TestShortcodeInHeading(t *testing.T) {
	res, errs, _ := renderSC(t, "## 附件{{< icon pdf >}}下载\n")
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if want := "<h2 id=\"附件下载\">附件<sc icon 0=pdf>下载</h2>\n"; string(res.HTML) != want {
		t.Errorf("HTML %q", res.HTML)
	}
	if res.Headings[0].Text != "附件下载" {
		t.Errorf("heading %+v", res.Headings[0])
	}
}

func TestTokenRoundTrip(t *testing.T) {
	for _, n := range []int{0, 7, 10, 123456} {
		tok := appendToken([]byte("x"), n)[1:]
		idx, l := parseToken(append(tok, 'y'))
		if idx != n || l != len(tok) {
			t.Errorf("parseToken(token %d) = %d, %d", n, idx, l)
		}
	}
}
