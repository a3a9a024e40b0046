package main

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// english finds a run of English words in a message meant for the user
// (flag names, file names and placeholders aside).
var english = regexp.MustCompile(`\b(provided|defined|address|already|exist|does|not|invalid|value|expected|found|instead)\b`)

func newSite(t *testing.T) string {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if code, _, errs := gongkai(t, "new", "site", site); code != 0 {
		t.Fatalf("new site: %s", errs)
	}
	return site
}

// Wrong command lines are answered in Chinese, with what to type instead.
func TestCommandLineMessages(t *testing.T) {
	site := newSite(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"build", "--bogus"}, []string{"未知的选项 --bogus", "gongkai build -h"}},
		{[]string{"build", "--draft"}, []string{"未知的选项 --draft", "--drafts"}},
		{[]string{"serve", "--port", "abc"}, []string{"--port", "“abc”", "整数"}},
		{[]string{"build", "-s"}, []string{"-s 后面缺少"}},
		{[]string{"build", site}, []string{"站点目录要用 -s 指定", "gongkai build -s " + site}},
		{[]string{"check", site}, []string{"gongkai check -s " + site}},
		{[]string{"import-data", "x.xlsx", "-o", site}, []string{"缺少 --year", "--year 2024"}},
		{[]string{"import-data", "--year", "2024"}, []string{"缺少 Excel 文件"}},
		{[]string{"version", "--bogus"}, []string{"未知的选项 --bogus"}},
		{[]string{"biuld"}, []string{"未知命令", "gongkai build"}},
		{[]string{"build", "--shard", "0/4"}, []string{"“0/4” 无效", "K 应在 1 到 4 之间"}},
		{[]string{"build", "--shard", "5/4"}, []string{"“5/4” 无效", "K 应在 1 到 4 之间"}},
		{[]string{"build", "--shard", "a/b"}, []string{"“a/b” 无效", "应写作 K/N"}},
		{[]string{"merge", "-s", site}, []string{"缺少分片的输出目录", "gongkai merge -d public"}},
	}
	for _, c := range cases {
		code, out, errs := gongkai(t, c.args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2", c.args, code)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%q: stderr lacks %q:\n%s%s", c.args, w, errs, out)
			}
		}
		if english.MatchString(errs) {
			t.Errorf("%q: English in\n%s", c.args, errs)
		}
	}
	// -h still prints the options, to stdout's usual place.
	if code, _, errs := gongkai(t, "build", "-h"); code != 0 || !strings.Contains(errs, "--drafts") {
		t.Errorf("build -h: %d\n%s", code, errs)
	}
}

// serve on a port in use says so and suggests --port 0.
func TestServePortInUse(t *testing.T) {
	site := newSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	code, _, errs := gongkai(t, "serve", "-s", site, "--port", port)
	if code != 1 || !strings.Contains(errs, "端口 "+port+" 已被占用") || !strings.Contains(errs, "--port 0") || english.MatchString(errs) {
		t.Errorf("port in use: %d\n%s", code, errs)
	}
}

// import-data --sheet with a sheet the workbook lacks lists the sheets it has.
func TestImportDataUnknownSheet(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	_ = f.SetSheetName("Sheet1", "学校")
	_, _ = f.NewSheet("说明")
	xlsx := filepath.Join(dir, "表.xlsx")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	code, _, errs := gongkai(t, "import-data", xlsx, "--year", "2024", "--sheet", "学生", "-o", filepath.Join(dir, "site"))
	if code != 1 || !strings.Contains(errs, "没有工作表 “学生”") || !strings.Contains(errs, "“学校”、“说明”") || english.MatchString(errs) {
		t.Errorf("unknown sheet: %d\n%s", code, errs)
	}
}

// A theme translation file that lacks keys builds with the built-in words
// and a warning naming the file and the keys; with --strict the build
// fails naming it, never with "0 个错误".
func TestBuildThemeTranslationMissingKeys(t *testing.T) {
	site := newSite(t)
	if err := os.MkdirAll(filepath.Join(site, "themes", "my", "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(site, "themes", "my", "i18n", "zh-CN.toml"), []byte("home = \"首页\"\n"), 0o644)
	f, _ := os.OpenFile(filepath.Join(site, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString("theme = \"my\"\n")
	_ = f.Close()
	code, _, errs := gongkai(t, "build", "-s", site)
	if code != 0 || !strings.Contains(errs, "themes/my/i18n/zh-CN.toml: 警告: 缺少") || !strings.Contains(errs, "内置主题的原文") {
		t.Errorf("build: %d\n%s", code, errs)
	}
	// With --strict a warning fails the build, which then names it.
	code, _, errs = gongkai(t, "build", "-s", site, "--strict")
	if code != 1 || !strings.Contains(errs, "themes/my/i18n/zh-CN.toml: ") || !strings.Contains(errs, "缺少") || strings.Contains(errs, "0 个错误") {
		t.Errorf("build --strict: %d\n%s", code, errs)
	}
}

// A TOML mistake in site.toml is reported in Chinese at its line and column.
func TestBuildSiteTOMLSyntax(t *testing.T) {
	site := newSite(t)
	b, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	_ = os.WriteFile(filepath.Join(site, "site.toml"), []byte("organiser = 示例县教育体育局\n"+string(b)), 0o644)
	code, _, errs := gongkai(t, "build", "-s", site)
	if code != 1 || !strings.Contains(errs, "site.toml:1:13: TOML 语法错误：") || !strings.Contains(errs, "英文双引号") || english.MatchString(errs) {
		t.Errorf("build: %d\n%s", code, errs)
	}
}

// new doc writes a draft, so that the next build does not publish a
// skeleton; its name rule says what it accepts; x.txt is refused, not
// turned into x.txt.md.
func TestNewDocMessages(t *testing.T) {
	site := newSite(t)
	code, out, errs := gongkai(t, "new", "doc", "-s", site, "policies/招生-2025.md")
	if code != 0 || !strings.Contains(out, "草稿") {
		t.Fatalf("new doc: %d\n%s%s", code, out, errs)
	}
	b, _ := os.ReadFile(filepath.Join(site, "content", "policies", "招生-2025.md"))
	if !regexp.MustCompile(`(?m)^draft = true\b`).Match(b) {
		t.Errorf("not a draft:\n%s", b)
	}
	if code, out, _ := gongkai(t, "build", "-s", site); code != 0 || !strings.Contains(out, "构建完成") {
		t.Fatalf("build: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "policies", "招生-2025", "index.html")); err == nil {
		t.Error("the skeleton was published")
	}
	for _, c := range []struct{ path, want string }{
		{"policies/x.txt", "不是 .md"},
		{"policies/a.b.md", "字母"},
		{"policies/-x.md", "字母"},
		{"policies/a b.md", "字母"},
	} {
		code, _, errs := gongkai(t, "new", "doc", "-s", site, c.path)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: %d\n%s", c.path, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "policies", "x.txt.md")); err == nil {
		t.Error("x.txt became x.txt.md")
	}
}

// new site --force into a folder that already is a site writes nothing.
func TestNewSiteForceOnSite(t *testing.T) {
	site := newSite(t)
	before := tree(t, site)
	code, _, errs := gongkai(t, "new", "site", "--force", site)
	if code != 1 || !strings.Contains(errs, "site.toml") {
		t.Errorf("new site --force on a site: %d\n%s", code, errs)
	}
	if after := tree(t, site); after != before {
		t.Errorf("files changed:\n%s\n---\n%s", before, after)
	}
	// A folder with other files: --force adds the site beside them.
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("x"), 0o644)
	if code, _, errs := gongkai(t, "new", "site", "--force", dir); code != 0 {
		t.Errorf("new site --force: %d\n%s", code, errs)
	}
}

func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			b.WriteString(p + " " + strconv.FormatInt(fi.Size(), 10) + " " + fi.ModTime().String() + "\n")
		}
		return nil
	})
	return b.String()
}
