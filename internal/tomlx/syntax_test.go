package tomlx

import (
	"regexp"
	"strings"
	"testing"
)

// Every TOML syntax error reaches the user in Chinese, at its line and
// character column, with what to do; BurntSushi/toml's English message is
// not passed through.
func TestSyntaxErrorsInChinese(t *testing.T) {
	cases := []struct {
		src       string
		line, col int
		want      string // part of the message
	}{
		{"name = 河东县\n", 1, 8, "英文双引号"},
		{"title = \"示例\"\nlanguage = \"zh-CN\"\nlanguage = \"en\"\n", 3, 1, "language 重复"},
		{"[standards]\nmin_met = 6\n[standards]\n", 3, 1, "standards 重复"},
		{"statistics_date = 2024-9-1\n", 1, 19, "2024-09-01"},
		{"title = \"示例\" 教育局\n", 1, 14, "一行只能写一个"},
		{"标题 = \"x\"\n", 1, 1, "键名"},
		{"title = “示例县”\n", 1, 9, "中文引号"},
		{"title = \"示例县\n", 1, 13, "结尾的英文双引号"},
		{"code = 007\n", 1, 8, "以 0 开头"},
		{"keywords = [\"a\" \"b\"]\n", 1, 17, "逗号"},
		{"page_size = \n", 1, 13, "缺少值"},
		{"page_size\n", 1, 10, "="},
		{"rate = 1.\n", 1, 8, "数字"},
		{"draft = True\n", 1, 9, "true"},
		{"n = 99999999999999999999\n", 1, 5, "太大"},
		{"a = \"C:\\q\"\n", 1, 8, "反斜杠"},
		{"[standards\n", 0, 0, "表头"},
	}
	english := regexp.MustCompile(`[A-Za-z]{4,}`)
	for _, c := range cases {
		var v map[string]any
		_, diags := DecodeStrict("site.toml", c.src, 0, &v)
		if len(diags) != 1 {
			t.Errorf("%q: %v", c.src, diags)
			continue
		}
		d := diags[0]
		if c.line > 0 && (d.Line != c.line || d.Col != c.col) {
			t.Errorf("%q: at %d:%d, want %d:%d (%s)", c.src, d.Line, d.Col, c.line, c.col, d.Msg)
		}
		if !strings.Contains(d.Msg, c.want) {
			t.Errorf("%q: %q lacks %q", c.src, d.Msg, c.want)
		}
		msg := d.Msg
		for _, ok := range []string{"TOML", "true", "false", "language", "standards", "True", "page_size", "name", "keywords"} {
			msg = strings.ReplaceAll(msg, ok, "")
		}
		if english.MatchString(msg) {
			t.Errorf("%q: English left in %q", c.src, d.Msg)
		}
	}
	// Front matter: the line is that of the file, the column that of the line.
	var v map[string]any
	_, diags := DecodeStrict("content/a.md", "title = \"一\"\ndraft = 否\n", 1, &v)
	if len(diags) != 1 || diags[0].Line != 3 || diags[0].Col != 9 {
		t.Errorf("front matter: %v", diags)
	}
}
