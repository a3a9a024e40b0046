package markdown

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func loadPolicy(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("testdata/policy.md")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// The benchmark document renders as a reader expects.
func TestPolicyDocument(t *testing.T) {
	src := loadPolicy(t)
	if n := utf8.RuneCount(src); n < 4500 || n > 5500 {
		t.Fatalf("policy.md has %d characters; the benchmark wants about 5,000", n)
	}
	res, errs := New(Options{}).Render(src)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	html := string(res.HTML)
	if strings.Contains(html, "**") || strings.Contains(html, "~~") {
		t.Errorf("emphasis markers left in the HTML")
	}
	for _, frag := range []string{
		`<h2 id="一总体要求">一、总体要求</h2>`,
		`<h3 id="一指导思想">（一）指导思想</h3>`,
		`全面落实<strong>“免试、就近、划片、公开”</strong>的招生入学要求，推进义务教育`,
		`<strong>（注）</strong>因身体状况`,
		`<li><strong>坚持依法招生。</strong>严格落实`,
		`<del>不得提前招生</del>、不得跨学区`,
		`<div class="table-wrap" role="region" tabindex="0" aria-label="表格 1">`,
		`<td class="align-right">450</td>`,
		`<a href="https://jyj.example.gov.cn/zsrx/">县教育局网站</a>`,
		`<div class="footnotes" role="doc-endnotes">`,
	} {
		if !strings.Contains(html, frag) {
			t.Errorf("lacks %s", frag)
		}
	}
	if strings.Count(html, `class="table-wrap"`) != 2 {
		t.Errorf("want 2 wrapped tables")
	}
	if !strings.HasPrefix(string(res.TOC), `<nav class="toc" aria-label="目录">`) ||
		!strings.Contains(string(res.TOC), `<a href="#十一常见问题解答">十一、常见问题解答</a>`) {
		t.Errorf("TOC:\n%s", res.TOC)
	}
	if len(res.Headings) < 40 || !strings.Contains(res.Plain, "全面落实“免试、就近、划片、公开”的招生入学要求，推进义务教育") {
		t.Errorf("%d headings; plain:\n%s", len(res.Headings), res.Plain)
	}
}

func BenchmarkRender(b *testing.B) { benchRender(b, loadPolicy(b)) }

func benchRender(b *testing.B, src []byte) {
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := r.Render(src); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkRenderParallel(b *testing.B) {
	src := loadPolicy(b)
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Render(src)
		}
	})
}

// BenchmarkManyTables renders a document of 2,000 small tables (about
// 100 KB): the time per table should not grow with the number of tables.
func BenchmarkManyTables(b *testing.B) {
	benchRender(b, []byte(strings.Repeat("段落。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", 2000)))
}
