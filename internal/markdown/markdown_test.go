package markdown

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"
)

func render(t *testing.T, opts Options, src string) Result {
	t.Helper()
	res, errs := New(opts).Render([]byte(src))
	if len(errs) != 0 {
		t.Fatalf("Render(%q): unexpected errors %v", src, errs)
	}
	return res
}

func TestHeadingIDsKeepChinese(t *testing.T) {
	src := `# 关于做好2024年义务教育招生工作的通知

## 一、总体要求

### （一）工作目标

### (二) 基本原则

### 1. 坚持公平

### 1、坚持公开

### 第一条 适用范围

## 二、主要任务

### （一）工作目标

### （一）工作目标

## 三、Implementation 计划 2024

## ！！！

## 四、保障措施 {#baozhang}

## baozhang
`
	res := render(t, Options{}, src)
	want := []Heading{
		{2, "一总体要求", "一、总体要求"},
		{3, "一工作目标", "（一）工作目标"},
		{3, "二-基本原则", "(二) 基本原则"},
		{3, "1-坚持公平", "1. 坚持公平"},
		{3, "1坚持公开", "1、坚持公开"},
		{3, "第一条-适用范围", "第一条 适用范围"},
		{2, "二主要任务", "二、主要任务"},
		{3, "一工作目标-1", "（一）工作目标"},
		{3, "一工作目标-2", "（一）工作目标"},
		{2, "三implementation-计划-2024", "三、Implementation 计划 2024"},
		{2, "section-1", "！！！"},
		{2, "baozhang", "四、保障措施"},
		{2, "baozhang-1", "baozhang"},
	}
	if !reflect.DeepEqual(res.Headings, want) {
		t.Errorf("Headings:\n got %+v\nwant %+v", res.Headings, want)
	}
	html := string(res.HTML)
	for _, frag := range []string{
		`<h1 id="关于做好2024年义务教育招生工作的通知">关于做好2024年义务教育招生工作的通知</h1>`,
		`<h2 id="一总体要求">一、总体要求</h2>`,
		`<h3 id="一工作目标">（一）工作目标</h3>`,
		`<h3 id="一工作目标-1">（一）工作目标</h3>`,
		`<h2 id="baozhang">四、保障措施</h2>`,
		`<h2 id="baozhang-1">baozhang</h2>`,
	} {
		if !strings.Contains(html, frag) {
			t.Errorf("HTML lacks %s\n%s", frag, html)
		}
	}
	if strings.Contains(html, `id="heading`) {
		t.Errorf("goldmark's ASCII-only ids leaked:\n%s", html)
	}
}

func TestHeadingIDFromTextNotMarkup(t *testing.T) {
	res := render(t, Options{}, "## **第一条** 见[《通知》](https://example.gov.cn/a_b.html)和`code_x`\n")
	if got, want := res.Headings[0].ID, "第一条-见通知和code_x"; got != want {
		t.Errorf("id = %q, want %q", got, want)
	}
	if got, want := res.Headings[0].Text, "第一条 见《通知》和code_x"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"一、总体要求":             "一总体要求",
		"（一）工作目标":            "一工作目标",
		"(一) 工作目标":           "一-工作目标",
		"第一条　总则":             "第一条-总则", // ideographic space
		"  Hello,  World!  ": "hello-world",
		"COVID-19 防控":        "covid-19-防控",
		"snake_case":         "snake_case",
		"a - b -- c":         "a-b-c",
		"Ελληνικά Straße":    "Ελληνικά-straße",
		"、，。：；（）《》【】":        "",
		"2024年":              "2024年",
	}
	for in, want := range cases {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadingAttributesOnlyIDAndClass(t *testing.T) {
	res := render(t, Options{}, `## 标题 {#my-id .note style="color:red" onclick="alert(1)" data-x="y"}`)
	got := strings.TrimSpace(string(res.HTML))
	want := `<h2 class="note" id="my-id">标题</h2>`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestTOC(t *testing.T) {
	src := `## 一、总体要求

正文。

### （一）工作目标

### （二）基本原则

#### 1. 细则（不进目录）

## 二、主要任务

## 三、保障措施

### （一）组织保障
`
	res := render(t, Options{}, src)
	want := `<nav class="toc" aria-label="目录">
<ol>
<li><a href="#一总体要求">一、总体要求</a>
<ol>
<li><a href="#一工作目标">（一）工作目标</a></li>
<li><a href="#二基本原则">（二）基本原则</a></li>
</ol>
</li>
<li><a href="#二主要任务">二、主要任务</a></li>
<li><a href="#三保障措施">三、保障措施</a>
<ol>
<li><a href="#一组织保障">（一）组织保障</a></li>
</ol>
</li>
</ol>
</nav>
`
	if string(res.TOC) != want {
		t.Errorf("TOC:\n%s\nwant:\n%s", res.TOC, want)
	}
	// h4 is in Headings, not in the TOC
	if len(res.Headings) != 7 || res.Headings[3].Level != 4 || res.Headings[3].ID != "1-细则不进目录" {
		t.Errorf("Headings = %+v", res.Headings)
	}
}

func TestTOCOnlyForLongDocuments(t *testing.T) {
	short := "## 一、总体要求\n\n## 二、主要任务\n\n#### 细则\n\n#### 细则\n"
	if res := render(t, Options{}, short); len(res.TOC) != 0 {
		t.Errorf("2 headings: TOC %s", res.TOC)
	}
	if res := render(t, Options{TOCMinHeadings: 2}, short); len(res.TOC) == 0 {
		t.Error("TOCMinHeadings 2: no TOC")
	}
	long := short + "## 三、保障措施\n"
	if res := render(t, Options{}, long); len(res.TOC) == 0 {
		t.Error("3 headings: no TOC")
	}
	if res := render(t, Options{TOCMinHeadings: -1}, long); len(res.TOC) != 0 {
		t.Errorf("TOCMinHeadings -1: TOC %s", res.TOC)
	}
}

func TestTOCh3BeforeAnyh2AndEscaping(t *testing.T) {
	res := render(t, Options{}, "### 前言\n\n## A & B \\<x\\>\n\n### 子\n")
	want := `<nav class="toc" aria-label="目录">
<ol>
<li><a href="#前言">前言</a></li>
<li><a href="#a-b-x">A &amp; B &lt;x&gt;</a>
<ol>
<li><a href="#子">子</a></li>
</ol>
</li>
</ol>
</nav>
`
	if string(res.TOC) != want {
		t.Errorf("TOC:\n%s\nwant:\n%s", res.TOC, want)
	}
}

// scriptRe finds what would run: script elements, event handler
// attributes, and javascript:/vbscript:/data: URLs in attributes.
var scriptRe = regexp.MustCompile(`(?i)<script|<img[^>]*\son\w+=|<\w+[^>]*\son\w+\s*=|(href|src)="\s*(javascript|vbscript|data):|<iframe|<object|<embed`)

func TestRawHTMLAndDangerousLinksNeutralised(t *testing.T) {
	cases := []string{
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](  javascript:alert(1) )",
		"[x](<javascript:alert(1)>)",
		"[x](java&#9;script:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](javascript&colon;alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"[x](file:///etc/passwd)",
		"![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
		"![x](javascript:alert(1))",
		"[x][ref]\n\n[ref]: javascript:alert(1)",
		"<javascript:alert(1)>",
		"<JAVASCRIPT:alert(1)>",
		"<script>alert(1)</script>",
		"文字<script>alert(1)</script>文字",
		"<img src=x onerror=alert(1)>",
		"文字 <img src=x onerror=alert(1)> 文字",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<iframe src=\"https://evil.example\"></iframe>",
		"<div onclick=\"alert(1)\">点击</div>",
		"<svg onload=alert(1)>",
		"| a |\n|---|\n| <script>alert(1)</script> |",
		"- [ ] <img src=x onerror=alert(1)>",
		"[^1]\n\n[^1]: <script>alert(1)</script>",
	}
	r := New(Options{})
	for _, c := range cases {
		res, _ := r.Render([]byte(c))
		if m := scriptRe.FindString(string(res.HTML)); m != "" {
			t.Errorf("%q renders executable %q:\n%s", c, m, res.HTML)
		}
	}
	// The link text stays, only its target goes.
	res, _ := r.Render([]byte("[点此](javascript:alert(1))"))
	if got, want := strings.TrimSpace(string(res.HTML)), `<p><a href="">点此</a></p>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	res, _ = r.Render([]byte("<script>alert(1)</script>"))
	if strings.Contains(string(res.HTML), "<script") {
		t.Errorf("script: %s", res.HTML)
	}
}

func TestSafeLinksKept(t *testing.T) {
	src := "[教育部](https://www.moe.gov.cn/) [附件](/files/通知.pdf) [邮件](mailto:jyj@example.gov.cn) " +
		"![图](data:image/png;base64,iVBORw0KGgo=) https://www.gov.cn 和 www.example.gov.cn"
	got := string(render(t, Options{}, src).HTML)
	for _, frag := range []string{
		`<a href="https://www.moe.gov.cn/">教育部</a>`,
		`<a href="/files/%E9%80%9A%E7%9F%A5.pdf">附件</a>`,
		`<a href="mailto:jyj@example.gov.cn">邮件</a>`,
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="图">`,
		`<a href="https://www.gov.cn">https://www.gov.cn</a>`,
		`<a href="http://www.example.gov.cn">www.example.gov.cn</a>`,
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("lacks %s\n%s", frag, got)
		}
	}
}

func TestUnsafeURL(t *testing.T) {
	cases := []struct {
		url   string
		image bool
		want  bool
	}{
		{"javascript:x", false, true},
		{" \x01JavaScript:x", false, true},
		{"java\tscr\nipt:x", false, true},
		{"vbscript:x", false, true},
		{"file:///c:/x", false, true},
		{"data:text/html,x", false, true},
		{"data:image/png;base64,x", false, true},
		{"data:image/png;base64,x", true, false},
		{"data:image/svg+xml,x", true, true},
		{"https://x/javascript:y", false, false},
		{"/javascript:x", false, false},
		{"./javascript:x", false, false},
		{"java%09script:x", false, false},
		{"mailto:a@b", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		if got := unsafeURL([]byte(c.url), c.image); got != c.want {
			t.Errorf("unsafeURL(%q, %v) = %v, want %v", c.url, c.image, got, c.want)
		}
	}
}

func TestFootnotes(t *testing.T) {
	src := "根据规定[^1]，另见说明[^note]。\n\n[^1]: 《中华人民共和国义务教育法》第十二条。\n[^note]: 详见附件。\n"
	got := string(render(t, Options{}, src).HTML)
	for _, frag := range []string{
		`根据规定<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>，另见说明<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup>。`,
		`<div class="footnotes" role="doc-endnotes">`,
		`<li id="fn:1">`,
		`<p>《中华人民共和国义务教育法》第十二条。&#160;<a href="#fnref:1" class="footnote-backref" title="返回正文" role="doc-backlink">`,
		`<li id="fn:2">`,
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("lacks %s\n%s", frag, got)
		}
	}
}

func TestTableWrapped(t *testing.T) {
	src := "| 学校 | 学生数 |\n|------|-----:|\n| 城关小学 | 1,234 |\n| 实验中学 | 2,345 |\n"
	got := string(render(t, Options{}, src).HTML)
	want := `<div class="table-wrap" role="region" tabindex="0" aria-label="表格 1">
<table>
<thead>
<tr>
<th>学校</th>
<th class="align-right">学生数</th>
</tr>
</thead>
<tbody>
<tr>
<td>城关小学</td>
<td class="align-right">1,234</td>
</tr>
<tr>
<td>实验中学</td>
<td class="align-right">2,345</td>
</tr>
</tbody>
</table>
</div>
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGFM(t *testing.T) {
	cases := []struct{ in, want string }{
		{"~~删除~~线", "<p><del>删除</del>线</p>"},
		{"~~a~~ ~b~", "<p><del>a</del> <del>b</del></p>"},
		{"~~~a~~~", "<pre><code class=\"language-a~~~\"></code></pre>"},
		{"a~~b~~c", "<p>a<del>b</del>c</p>"},
		{"- [x] 已完成\n- [ ] 未完成", "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> 已完成</li>\n<li><input disabled=\"\" type=\"checkbox\"> 未完成</li>\n</ul>"},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestLineBreaks(t *testing.T) {
	cases := []struct{ in, want string }{
		// between Chinese characters: nothing
		{"第一行\n第二行", "<p>第一行第二行</p>"},
		// after full-width punctuation and before quotation marks, too
		{"文字，\n下一句", "<p>文字，下一句</p>"},
		{"他说\n“你好”", "<p>他说“你好”</p>"},
		{"（一）\n工作目标", "<p>（一）工作目标</p>"},
		// across markup
		{"中文**粗体**\n文字", "<p>中文<strong>粗体</strong>文字</p>"},
		{"详见\n[通知](/a)", "<p>详见<a href=\"/a\">通知</a></p>"},
		// between Latin words: a line break (a space for the reader)
		{"English\nline", "<p>English\nline</p>"},
		{"English\n**bold**", "<p>English\n<strong>bold</strong></p>"},
		{"中文\nEnglish", "<p>中文\nEnglish</p>"},
		{"He said “hi”\nand left", "<p>He said “hi”\nand left</p>"},
		// Korean separates words with spaces
		{"한국어\n문장", "<p>한국어\n문장</p>"},
		// hard breaks stay
		{"第一行\\\n第二行", "<p>第一行<br>\n第二行</p>"},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestPlain(t *testing.T) {
	src := `# 关于印发《实施方案》的通知

各学校：

现将**《实施方案》**印发给你们，
请认真贯彻执行。See the
[English version](/en).

- 第一项
- 第二项 &amp; 附件\*

| 学校 | 人数 |
|---|---|
| 一小 | 100 |

<div>raw html</div>

` + "```\ncode line\n```\n" + `
脚注[^1]。

[^1]: 注释。
`
	got := render(t, Options{}, src).Plain
	want := `关于印发《实施方案》的通知
各学校：
现将《实施方案》印发给你们，请认真贯彻执行。See the English version.
第一项
第二项 & 附件*
学校 人数
一小 100
code line
脚注。
注释。`
	if got != want {
		t.Errorf("Plain:\n%s\nwant:\n%s", got, want)
	}
}

func TestConcurrentRender(t *testing.T) {
	r := New(Options{Shortcodes: func(sc Shortcode) (string, error) {
		if sc.Name == "fail" {
			return "", fmt.Errorf("failed %s", sc.Args["0"])
		}
		return "<b>" + sc.Args["0"] + "</b>", nil
	}})
	docs := make([]string, 16)
	for i := range docs {
		docs[i] = fmt.Sprintf("## 一、标题%d\n\n## 一、标题%d\n\n## 二、标题\n\n这是**“加粗”**文字 {{< b %d >}}\n\n{{< fail %d >}}\n", i, i, i, i)
	}
	want := make([]Result, len(docs))
	for i, d := range docs {
		want[i], _ = r.Render([]byte(d))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				for i, d := range docs {
					res, errs := r.Render([]byte(d))
					if !reflect.DeepEqual(res, want[i]) {
						t.Errorf("doc %d: concurrent result differs", i)
						return
					}
					if len(errs) != 1 || errs[0].Line != 9 || errs[0].Err.Error() != fmt.Sprintf("failed %d", i) {
						t.Errorf("doc %d: errs %v", i, errs)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if !strings.Contains(string(want[3].HTML), `<h2 id="一标题3-1">一、标题3</h2>`) ||
		!strings.Contains(string(want[3].HTML), "<b>3</b>") {
		t.Errorf("doc 3:\n%s", want[3].HTML)
	}
}

func TestLinkifyAfterChinese(t *testing.T) {
	cases := []struct{ in, want string }{
		{"网址：https://www.gov.cn。", `<p>网址：<a href="https://www.gov.cn">https://www.gov.cn</a>。</p>`},
		{"访问https://www.gov.cn/zhengce/content/2024-01/15/content_6926027.htm，查看全文",
			`<p>访问<a href="https://www.gov.cn/zhengce/content/2024-01/15/content_6926027.htm">https://www.gov.cn/zhengce/content/2024-01/15/content_6926027.htm</a>，查看全文</p>`},
		{"（www.moe.gov.cn）", `<p>（<a href="http://www.moe.gov.cn">www.moe.gov.cn</a>）</p>`},
		{"邮箱：zsb@jyj.example.gov.cn。", `<p>邮箱：<a href="mailto:zsb@jyj.example.gov.cn">zsb@jyj.example.gov.cn</a>。</p>`},
		{"见https://a.example.cn和https://b.example.cn", `<p>见<a href="https://a.example.cn">https://a.example.cn</a>和<a href="https://b.example.cn">https://b.example.cn</a></p>`},
		{"**网址：https://www.gov.cn**", `<p><strong>网址：<a href="https://www.gov.cn">https://www.gov.cn</a></strong></p>`},
		// not after a Latin letter, not in code or links, not javascript:
		{"abchttps://www.gov.cn", `<p>abchttps://www.gov.cn</p>`},
		{"`网址：https://www.gov.cn`", `<p><code>网址：https://www.gov.cn</code></p>`},
		{"[网址：https://x.cn](/a)", `<p><a href="/a">网址：https://x.cn</a></p>`},
		{"点击javascript:alert(1)", `<p>点击javascript:alert(1)</p>`},
		{"编号2024年", `<p>编号2024年</p>`},
	}
	for _, c := range cases {
		if got := body(t, c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// An explicit id is reserved before ids are generated, wherever it is.
func TestExplicitIDReservedFirst(t *testing.T) {
	res := render(t, Options{}, "## 总则\n\n## 其他 {#总则}\n")
	want := []Heading{{2, "总则-1", "总则"}, {2, "总则", "其他"}}
	if !reflect.DeepEqual(res.Headings, want) {
		t.Errorf("Headings %+v, want %+v", res.Headings, want)
	}
}

// A shortcode's HTML never lands in an attribute.
func TestShortcodeNotInHeadingAttributes(t *testing.T) {
	r := New(Options{Shortcodes: func(Shortcode) (string, error) { return `"><b>x</b>`, nil }})
	res, _ := r.Render([]byte("## 标题 {#{{< a >}} .{{< b >}}}\n"))
	if got, want := string(res.HTML), "<h2 id=\"标题\">标题</h2>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestReservedIDs: a heading's own id that the page reserves is an error at
// the heading's line (also below a block shortcode, which rendering puts on
// lines of its own); a generated id steps aside with "h-".
func TestReservedIDs(t *testing.T) {
	r := New(Options{
		Shortcodes: func(Shortcode) (string, error) { return "<div>chart</div>", nil },
		ReservedID: func(id string) bool { return id == "main" || strings.HasPrefix(id, "c_") },
	})
	src := "{{< chart >}}\n正文\n{{< chart >}}\n\n## A {#c_1-option}\n\n## Main\n\n## B { #main .wide }\n\n## C {#ok}\n"
	res, errs := r.Render([]byte(src))
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	if fmt.Sprint(lines) != "[5 9]" {
		t.Errorf("errors at lines %v, want [5 9]: %v", lines, errs)
	}
	var ids []string
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "a h-main b ok" {
		t.Errorf("ids %q", got)
	}
}

// TestTablesNamedApart: each table region of a document has its own name,
// numbered in the order of the page, so that a screen reader's list of
// regions tells them apart; tables in lists, quotes and notes count too.
func TestTablesNamedApart(t *testing.T) {
	tbl := "| a | b |\n|---|---|\n| 1 | 2 |\n"
	indented := strings.ReplaceAll(tbl, "\n", "\n  ")
	got := string(render(t, Options{}, tbl+"\n段落[^n]\n\n"+tbl+"\n- 列表\n\n  "+indented+"\n> "+strings.ReplaceAll(tbl, "\n", "\n> ")+"\n[^n]: 注\n\n    "+strings.ReplaceAll(tbl, "\n", "\n    ")).HTML)
	at := -1
	for k := 1; k <= 5; k++ {
		want := fmt.Sprintf(`aria-label="表格 %d"`, k)
		if strings.Count(got, want) != 1 {
			t.Errorf("want one %s in\n%s", want, got)
		}
		if i := strings.Index(got, want); i < at {
			t.Errorf("%s comes before the table before it", want)
		} else {
			at = i
		}
	}
	if n := strings.Count(got, `class="table-wrap"`); n != 5 {
		t.Errorf("%d tables, want 5:\n%s", n, got)
	}
}

// Slug keeps the block of CJK Unified Ideographs without asking unicode's
// tables, on the ground that all of them are letters: true of the Unicode
// version Go has now, checked here should it change.
func TestSlugIdeographsAreLetters(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.IsLetter(r) {
			t.Fatalf("U+%04X is not a letter", r)
		}
	}
}

// Slug drops the common punctuation without asking unicode's tables: the
// same as the tables would have it, for every character, alone and between
// letters.
func TestSlugPunctuationAsTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !punctuation(r) {
			continue
		}
		if r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsSpace(r) {
			t.Fatalf("U+%04X is taken for punctuation but the tables keep it", r)
		}
		if got := Slug("总" + string(r) + "则"); got != "总则" {
			t.Fatalf("U+%04X: Slug gives %q", r, got)
		}
	}
}
