package importer

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/content"
)

// seedsDir is ../shared/seeds beside the repository: real published texts,
// there on the project's machines but not in a clone of the repository.
var seedsDir = filepath.Join("..", "..", "..", "shared", "seeds")

// textsDir holds texts written for the tests in the shapes of published
// pages (testdata/texts/README.md).
var textsDir = filepath.Join("testdata", "texts")

// texts returns the texts written for the tests and, when ../shared/seeds is
// beside the repository, the real ones too; it says in one line when they
// are not there.
func texts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(textsDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no texts in %s: %v", textsDir, err)
	}
	seeds, _ := filepath.Glob(filepath.Join(seedsDir, "*"))
	if len(seeds) == 0 {
		t.Logf("%s is not beside the repository: only the texts of %s are imported", seedsDir, textsDir)
	}
	return append(files, seeds...)
}

// labels and the front-matter key each must give when the text has it.
var seedLabels = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`索\s*引\s*号`), "index_no"},
	{regexp.MustCompile(`发\s*布\s*机\s*构`), "publisher"},
	{regexp.MustCompile(`(^|[\s|])文\s*号`), "doc_no"},
	{regexp.MustCompile(`成文日期|生成日期`), "written"},
	{regexp.MustCompile(`发布日期`), "published"},
	{regexp.MustCompile(`主题分类|组配分类`), "topic"},
	{regexp.MustCompile(`有效性|是否有效`), "validity"},
	{regexp.MustCompile(`公开方式`), "disclosure"},
}

// What the texts hold, checked value by value: those written for the tests
// and the three seed texts.
var seedWant = map[string]map[string]string{
	"01-byline.txt": {
		"title":     `title = "关于印发《示例县义务教育学校课后服务工作方案》的通知"`,
		"index_no":  `index_no = "HD-xzfb-2023-0417"`,
		"publisher": `publisher = "示例县人民政府办公室"`,
		"doc_no":    `doc_no = "示政办发〔2023〕7号"`,
		"written":   `written = 2023-04-17`,
		"published": `published = 2023-04-18T09:15:00+08:00`, // the date of the table, the time of the byline
		"topic":     `topic = "科技、教育"`,
		"genre":     `genre = "通知"`,
		"validity":  `validity = "有效"`,
	},
	"02-table.txt": {
		"title":     `title = "示例县教育体育局2023年工作要点"`,
		"index_no":  `index_no = "0231-7/2022-0930011"`,
		"publisher": `publisher = "示例县教育体育局"`,
		"published": `published = 2022-09-30`,
	},
	"03-spaced.txt": {
		"title":      `title = "河东县义务教育课后服务质量提升实施方案"`,
		"index_no":   `index_no = "650203-116/2022-00231"`,
		"publisher":  `publisher = "河东县教育局"`,
		"written":    `written = 2022-08-26`,
		"validity":   `validity = "有效"`,
		"disclosure": `disclosure = "主动公开"`,
		"keywords":   `keywords = ["课后服务"]`,
	},
	"000_11a3294fee878c1a.txt": {
		"title":     `title = "关于上报《UedBet体育推进义务教育优质均衡发展规划(2022年-2031年)》"`,
		"index_no":  `index_no = "AB-szfbmghszfbgs--gzbfwj-2021-0683"`,
		"publisher": `publisher = "UedBet体育政府办公室"`,
		"doc_no":    `doc_no = "根政办发〔2021〕18号"`,
		"written":   `written = 2021-11-12`,
		"published": `published = 2021-11-12T10:41:00+08:00`, // the date of the table, the time of the byline
		"topic":     `topic = "科技、教育"`,
		"genre":     `genre = "通知"`,
		"validity":  `validity = "有效"`,
	},
	"001_ac8d64c3291d58aa.txt": {
		"title":     `title = "施甸县教育体育局2021年工作计划"`,
		"index_no":  `index_no = "01525914-6-/2020-1130003"`,
		"publisher": `publisher = "施甸县教育体育局"`,
		"published": `published = 2020-11-30`,
	},
	"002_91315fba955ef256.txt": {
		"title":      `title = "兴庆区基础教育质量提升行动实施方案"`,
		"index_no":   `index_no = "640104-102/2021-00145"`,
		"publisher":  `publisher = "兴庆区教育局"`,
		"written":    `written = 2021-09-16`,
		"validity":   `validity = "有效"`,
		"disclosure": `disclosure = "主动公开"`,
		"keywords":   `keywords = ["基础教育质量提升"]`,
	},
}

var furniture = []string{"您现在所在的位置", "当前位置", "浏览次数", "浏览量", "字体大小", "保护视力色", "字体颜色", "恢复默认", "【字体", "打印本页", "关闭窗口", "\n?\n"}

// TestTexts imports every text and checks what a reader of the document
// would: the metadata, no page furniture, the outline as headings, the
// 落款 and the last line kept, and that the build accepts the documents.
func TestTexts(t *testing.T) {
	var results []*Result
	for _, file := range texts(t) {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := File(afero.NewOsFs(), file)
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, r)
			md := string(r.Markdown)
			fm, body, _ := strings.Cut(strings.TrimPrefix(md, "+++\n"), "\n+++\n")
			var notes []string
			for _, n := range r.Notes {
				notes = append(notes, n.String())
			}
			t.Logf("识别: %v\n%s", r.Found, strings.Join(notes, "\n"))

			// Every label the head of the text has is recognised, or
			// reported (e.g. 文号 left empty on the page).
			head := strings.Join(firstLines(string(src), 16), "\n")
			for _, l := range seedLabels {
				if !l.re.MatchString(head) {
					continue
				}
				label := strings.Join(strings.Fields(l.re.FindString(head)), "")
				if !has(r.Found, l.key) && !strings.Contains(strings.Join(notes, "\n"), strings.TrimLeft(label, "| ")) {
					t.Errorf("label %q in the text: %s neither recognised nor reported", label, l.key)
				}
			}
			for key, line := range seedWant[name] {
				if !strings.Contains(fm, line+"\n") {
					t.Errorf("%s: front matter lacks %s\n%s", key, line, fm)
				}
			}
			if !strings.Contains(fm, "title = ") || !has(r.Found, "title") {
				t.Errorf("no title found")
			}
			// Page furniture is gone.
			for _, f := range furniture {
				if strings.Contains(md, f) {
					t.Errorf("furniture %q left in the document", f)
				}
			}
			// The outline became headings, the first level used ##, also
			// where a heading runs on into its paragraph.
			han := regexp.MustCompile(`(?m)^\s*一、`).Match(src)
			parenHan := regexp.MustCompile(`(?m)^\s*[(（]一[)）]`).Match(src)
			if han && !regexp.MustCompile(`(?m)^## 一、`).MatchString(body) {
				t.Error("no ## 一、 heading")
			}
			if parenHan && han && !regexp.MustCompile(`(?m)^### [(（]一[)）]`).MatchString(body) {
				t.Error("no ### （一） heading")
			}
			if parenHan && !han && !regexp.MustCompile(`(?m)^## [(（]一[)）]`).MatchString(body) {
				t.Error("no ## （一） heading")
			}
			if m := regexp.MustCompile(`(?m)^(1\.[^。\n]{2,30})。.`).FindSubmatch(src); m != nil && han && parenHan {
				if !strings.Contains(body, "\n#### "+string(m[1])+"\n") {
					t.Errorf("run-on heading %q not split into a #### heading", m[1])
				}
			}
			// Outline numbers stay in their headings, no heading is left
			// as a bare paragraph, and nothing reads as an ordered list.
			if regexp.MustCompile(`(?m)^\d+\. `).MatchString(body) {
				t.Error("a paragraph reads as a Markdown list")
			}
			// 落款, dates and (此件公开发布) are kept.
			for _, keep := range regexp.MustCompile(`(?m)^(\d{4}年\d{1,2}月\d{1,2}日|[(（]此件公开发布[)）]|.{2,20}(局|政府|办公室))\s*$`).FindAllString(string(src), -1) {
				keep = strings.TrimSpace(keep)
				if keep == "UedBet体育政府办公室" { // the banner of the page
					continue
				}
				if !strings.Contains(body, "\n"+keep+"\n") {
					t.Errorf("%q dropped", keep)
				}
			}
			// The last line of the text that the log does not report as
			// dropped is kept.
			dropped := map[int]bool{}
			for _, n := range r.Notes {
				if n.Kind == Dropped {
					dropped[n.Line] = true
				}
			}
			lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
			n := len(lines)
			for n > 1 && (dropped[n] || strings.TrimSpace(lines[n-1]) == "") {
				n--
			}
			if last := []rune(strings.TrimSpace(lines[n-1])); !strings.Contains(body, string(last[max(0, len(last)-20):])) {
				t.Errorf("last line %q lost", string(last))
			}
		})
	}
	if diags := Validate(results); len(diags) > 0 {
		t.Errorf("imported documents rejected: %v", diags)
	}
	buildImported(t, results)
}

// buildImported builds a site of the imported documents with gongkai build
// and checks that each has its page.
func buildImported(t *testing.T, results []*Result) {
	t.Helper()
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "s/site.toml", []byte("title = \"导入测试\"\nbase_url = \"https://example.gov.cn/\"\n"), 0o644)
	_ = afero.WriteFile(fsys, "s/content/imported/_index.md", []byte("+++\ntitle = \"导入\"\n+++\n"), 0o644)
	for _, r := range results {
		_ = afero.WriteFile(fsys, "s/content/imported/"+r.Name, r.Markdown, 0o644)
	}
	sum, diags, err := build.Build(build.Options{Fs: fsys, Source: "s", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, content.China)})
	for _, d := range diags {
		t.Errorf("build: %s", d.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != len(results) {
		t.Errorf("built %d documents, want %d", sum.Documents, len(results))
	}
	for _, r := range results {
		page := "s/public/imported/" + strings.TrimSuffix(r.Name, ".md") + "/index.html"
		b, err := afero.ReadFile(fsys, page)
		if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		if !strings.Contains(string(b), "<h2 id=\"一") {
			t.Errorf("%s: no 一、 heading with its id", page)
		}
	}
}

func firstLines(s string, n int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return lines
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Text saved as GB18030 (Notepad on Chinese Windows) gives the same document.
func TestGB18030(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(textsDir, "01-byline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Text("a.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Text("a.txt", gb)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Markdown, b.Markdown) {
		t.Error("GB18030 text imports differently")
	}
}

// More layouts: the value on the next line, pairs run together with full
// width colons, a doc-sharing site's header and footer, a heading with （一）
// in full-width parentheses and 1、.
func TestLayouts(t *testing.T) {
	src := `豆丁文库
上传者：user123   上传时间：2022-03-01
第 1 页 / 共 5 页
标题：关于做好2022年义务教育招生入学工作的通知
索引号：
000014349/2022-00077
发文机关：某县教育局　　发文字号：某教发[2022]07号
成文日期：2022年3月1日　　发布日期：2022年3月2日 09:30
主题分类：教育　　公开方式：主动公开
【打印本页】【关闭窗口】
分享到：微信 微博 QQ空间
各学校：
一、招生原则
（一）坚持免试就近入学。各学校不得以任何形式选拔学生。
1、划片招生。按照学区划分招生范围。
二、工作要求
某县教育局
2022年3月1日
点击查看更多内容
京ICP备12345678号
`
	r, err := Text("notice.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	md := string(r.Markdown)
	for _, want := range []string{
		`title = "关于做好2022年义务教育招生入学工作的通知"`,
		`index_no = "000014349/2022-00077"`,
		`publisher = "某县教育局"`,
		`doc_no = "某教发〔2022〕7号"`,
		`written = 2022-03-01`,
		`published = 2022-03-02T09:30:00+08:00`,
		`topic = "教育"`,
		`genre = "通知"`,
		`disclosure = "主动公开"`,
		"\n各学校：\n",
		"\n## 一、招生原则\n",
		"\n### （一）坚持免试就近入学\n\n各学校不得以任何形式选拔学生。\n",
		"\n#### 1、划片招生\n\n按照学区划分招生范围。\n",
		"\n某县教育局\n\n2022年3月1日\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q\n%s", want, md)
		}
	}
	for _, f := range []string{"豆丁", "上传", "第 1 页", "打印", "分享", "点击查看更多", "ICP"} {
		if strings.Contains(md, f) {
			t.Errorf("furniture %q left:\n%s", f, md)
		}
	}
	var corrected bool
	for _, n := range r.Notes {
		if n.Kind == Corrected && strings.Contains(n.Msg, "某教发〔2022〕7号") {
			corrected = true
		}
	}
	if !corrected {
		t.Errorf("the 文号 correction is not reported: %v", r.Notes)
	}
	if diags := Validate([]*Result{r}); len(diags) > 0 {
		t.Errorf("rejected: %v", diags)
	}
}

// A text without metadata: the title from its first line; an unknown value
// is reported and kept as a comment, not guessed.
func TestUnrecognised(t *testing.T) {
	r, err := Text("x.txt", []byte("某县教育局关于开展校园安全检查的通报\n有效性：暂缓执行\n各学校：\n现将检查情况通报如下。\n"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(r.Markdown)
	if !strings.Contains(md, `title = "某县教育局关于开展校园安全检查的通报"`) || strings.Contains(md, "validity =") || !strings.Contains(md, `# 有效性 = "暂缓执行"`) {
		t.Errorf("%s", md)
	}
	var found bool
	for _, n := range r.Notes {
		if n.Kind == Unrecognised && strings.Contains(n.Msg, "暂缓执行") {
			found = true
		}
	}
	if !found {
		t.Errorf("unrecognised validity not reported: %v", r.Notes)
	}
	// Markup characters in the text stay text.
	r, _ = Text("y.txt", []byte("标题一二三四\n\n1. 以点开头 *不是强调* [不是链接] {{< 不是短代码 >}}\n"))
	if diags := Validate([]*Result{r}); len(diags) > 0 {
		t.Errorf("escaped text rejected: %v\n%s", diags, r.Markdown)
	}
}

// docx builds a Word document in memory: word/document.xml only, as the
// importer reads it.
func docx(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	w, _ = zw.Create("docProps/core.xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>属性中的标题</dc:title></cp:coreProperties>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func p(runs ...string) string {
	s := "<w:p>"
	for _, r := range runs {
		s += "<w:r><w:t xml:space=\"preserve\">" + r + "</w:t></w:r>"
	}
	return s + "</w:p>"
}

func cellRow(cells ...string) string {
	s := "<w:tr>"
	for _, c := range cells {
		s += "<w:tc>" + p(c) + "</w:tc>"
	}
	return s + "</w:tr>"
}

func TestDocx(t *testing.T) {
	body := "<w:tbl>" + cellRow("索引号", "11150000MB1234567X/2023-00005", "发布机构", "示例县教育体育局") +
		cellRow("文号", "示教体发〔2023〕5号", "成文日期", "2023-04-10") + "</w:tbl>" +
		p("示例县教育体育局关于", "开展课后服务的通知") +
		p("各学校：") +
		p("一、", "服务内容。课后服务以", "作业辅导为主。") +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>自动编号的段落</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>第一行</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>第二行</w:t></w:r><w:del><w:r><w:delText>已删除的修订</w:delText></w:r></w:del></w:p>` +
		p("示例县教育体育局") + p("2023年4月10日")
	r, err := Docx("通知.docx", docx(t, body))
	if err != nil {
		t.Fatal(err)
	}
	md := string(r.Markdown)
	for _, want := range []string{
		`title = "示例县教育体育局关于开展课后服务的通知"`,
		`index_no = "11150000MB1234567X/2023-00005"`,
		`doc_no = "示教体发〔2023〕5号"`,
		`written = 2023-04-10`,
		"\n## 一、服务内容\n\n课后服务以作业辅导为主。\n",
		"\n第一行\n\n第二行\n",
		"\n示例县教育体育局\n\n2023年4月10日\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "已删除的修订") || strings.Contains(md, "属性中的标题") {
		t.Errorf("deleted text or the properties' title used:\n%s", md)
	}
	if r.Name != "通知.md" {
		t.Errorf("name %q", r.Name)
	}
	var numbered bool
	for _, n := range r.Notes {
		numbered = numbered || strings.Contains(n.Msg, "自动编号")
	}
	if !numbered {
		t.Errorf("automatic numbering not reported: %v", r.Notes)
	}
	if diags := Validate([]*Result{r}); len(diags) > 0 {
		t.Errorf("rejected: %v", diags)
	}
	// Not a .docx.
	if _, err := Docx("x.docx", []byte("not a zip")); err == nil {
		t.Error("no error for a file that is not a .docx")
	}
}
