package importer

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzDocx builds a .docx of the paragraphs, as Word would save them.
func fuzzDocx(paras ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	body := ""
	for _, p := range paras {
		body += `<w:p><w:r><w:t xml:space="preserve">` + p + `</w:t></w:r></w:p>`
	}
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	_ = zw.Close()
	return buf.Bytes()
}

// FuzzImport: any input, as text or as .docx, under any file name, imports
// without panicking into a document whose file name cannot leave the output
// folder (no / or \, not hidden, .md) and whose front matter the build
// reads; hostile text (script tags, quotes, U+2028, bidi controls) stays
// text.
func FuzzImport(f *testing.F) {
	hostile := "<script>alert(1)</script>\n标题</script>\n\" onmouseover=alert(1) x=\"\n[x](javascript:alert(1))\n__f__ \u2028 \u202e"
	f.Add("plan.txt", []byte("索引号：11150000MB1234567X/2021-00018\n发布机构：示例县人民政府办公室\n示例县规划\n一、总体要求\n正文。\n"), false)
	f.Add("../../../etc/passwd.txt", []byte(hostile), false)
	f.Add("..\\..\\x.docx", []byte(hostile), false)
	f.Add(".hidden", []byte("标题：<script>alert(1)</script>\n"), false)
	f.Add("文件.docx", fuzzDocx("索引号", "11150000MB1234567X/2021-00018", "<script>", "一、总体要求", "\u202e正文"), true)
	f.Add("a.docx", fuzzDocx(strings.Repeat("一、", 100)), true)
	f.Add("", []byte("\xff\xfe\x00"), false)
	f.Fuzz(func(t *testing.T, name string, src []byte, asDocx bool) {
		var r *Result
		var err error
		if asDocx {
			r, err = Docx(name, src)
		} else {
			r, err = Text(name, src)
		}
		if err != nil {
			return
		}
		if r.Name == "" || strings.ContainsAny(r.Name, `/\`) || strings.HasPrefix(r.Name, ".") || !strings.HasSuffix(r.Name, ".md") || !utf8.ValidString(r.Name) {
			t.Fatalf("unsafe file name %q for %q", r.Name, name)
		}
		if !bytes.HasPrefix(r.Markdown, []byte("+++\n")) {
			t.Fatalf("no front matter:\n%s", r.Markdown)
		}
		for _, d := range Validate([]*Result{r}) {
			if strings.Contains(d.Msg, "TOML") || strings.Contains(d.Msg, "前置元数据") || strings.Contains(d.Msg, "未知") {
				t.Fatalf("front matter the build cannot read: %s\n%s", d.Error(), r.Markdown)
			}
		}
	})
}
