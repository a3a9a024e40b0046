package markdown

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// headingLines are the kinds of line that make headings and their ids:
// explicit ids and classes, repeats, reserved ids, markup and escaping,
// setext headings, headings in lists, quotes and footnotes; and tables
// with aligned cells.
var headingLines = []string{
	"# 一、总则", "## （一）工作目标", "### 1. 重复", "### 1. 重复", "## 标题 {#own}", "## 标题 {#own .cls}", "## 另一个 {#own}",
	"## {.only-class}", "标题\n===", "副标题\n---", "- ## 列表中的标题", "> ## 引用中的标题", "## main", "## C_2024",
	"## 标题 {#main}", "## `code` **粗** [链接](/a)", "## a&b <c> \"d\" 'e'", "## x {#a&b}", "## 数据 {data-x=1 #dx .c1 .c2}",
	"## 样式 {style=\"color:red\" onclick=x}", "##", "## ###", "####### 七级", "###### 六级", "正文段落。", "",
	"脚注[^1]", "[^1]: 脚注内容\n\n    ## 脚注中的标题", "## 标题\\", "## Ünïcode Ｔｉｔｌｅ", "## 1", "## 1", "## section-1",
	"## {{< sc >}} 短代码", "## 引号 {id=\"a&b<c>\x27d\"}", "## 类 {class=\"x&y\"}", "| a | b |\n|---|---|\n| 1 | 2 |",
	"| 学校 | 人数 | 备注 | x |\n|:---|---:|:-:|---|\n| 一小 | 100 | *甲* | |\n| 二小 | 2 | <b> | \\| |", "|:-|\n|---:|\n|右|",
}

// headingDocs are documents for comparing the two ways of giving headings
// their ids: the example site's, the fuzz seeds and random ones.
func headingDocs(t testing.TB) []string {
	var docs []string
	paths, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			if _, body, ok := strings.Cut(string(b), "\n+++\n"); ok {
				docs = append(docs, body)
			}
		}
	}
	if len(docs) < 10 {
		t.Fatalf("only %d documents of the example site", len(docs))
	}
	docs = append(docs, fuzzSeeds...)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteString(headingLines[rng.IntN(len(headingLines))])
			b.WriteString("\n\n")
		}
		docs = append(docs, b.String())
	}
	return docs
}

// compareHeadingIDs renders src with the ids kept beside the headings and
// with the ids as attributes rendered by goldmark, and fails if anything
// differs.
func compareHeadingIDs(t testing.TB, fast, general *Renderer, src string) {
	got, gotErrs := fast.Render([]byte(src))
	want, wantErrs := general.Render([]byte(src))
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotErrs, wantErrs) {
		t.Fatalf("%q:\nHTML %s\nwant %s\nheadings %+v\nwant     %+v\nerrors %v\nwant   %v", src, got.HTML, want.HTML, got.Headings, want.Headings, gotErrs, wantErrs)
	}
}

func headingRenderers() (fast, general *Renderer) {
	opts := Options{Shortcodes: fuzzFunc, ReservedID: func(id string) bool { return id == "main" || strings.HasPrefix(id, "c_") }}
	return newRenderer(opts, false), newRenderer(opts, true)
}

// The headings' ids kept beside them and written by renderHeading, and the
// cells' classes written from their alignment, give the same page,
// headings, table of contents and errors as ids and classes set as
// attributes and written by goldmark and from the attributes.
func TestHeadingIDsAsAttributes(t *testing.T) {
	fast, general := headingRenderers()
	for _, src := range headingDocs(t) {
		compareHeadingIDs(t, fast, general, src)
	}
}

func FuzzHeadingIDsAsAttributes(f *testing.F) {
	addSeeds(f)
	for _, l := range headingLines {
		f.Add(l)
	}
	fast, general := headingRenderers()
	f.Fuzz(func(t *testing.T, src string) {
		compareHeadingIDs(t, fast, general, src)
	})
}
