package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func gongkai(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb strings.Builder
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// new site → build → check → new doc → import → check again, as an
// author works.
func TestAuthoringCommands(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, out, errs := gongkai(t, "new", "site", site); code != 0 || !strings.Contains(out, "site.toml") {
		t.Fatalf("new site: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs := gongkai(t, "build", "-s", site)
	if code != 0 || !strings.HasPrefix(out, "构建完成：") || strings.Contains(out, "0 张图表") {
		t.Fatalf("build: %d\n%s\n%s", code, out, errs)
	}
	// Not a terminal: no progress line, only the summary.
	if strings.Contains(errs, "构建中") || strings.Contains(out, "\r") {
		t.Errorf("progress on a non-terminal: %q %q", out, errs)
	}
	if code, out, _ := gongkai(t, "check", "-s", site); code != 0 || !strings.Contains(out, "0 个错误") {
		t.Fatalf("check: %d\n%s", code, out)
	}
	code, out, errs = gongkai(t, "new", "doc", "-s", site, "policies/enrollment.md")
	if code != 0 || !strings.Contains(out, "索引号: 11150000MB0000000X/") {
		t.Fatalf("new doc: %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := gongkai(t, "new", "doc", "policies/x.md", "-s", site); code != 0 {
		t.Fatalf("new doc with -s after the path: %s", errs)
	}

	// Import the texts written for the importer's tests, and the real ones
	// of ../shared/seeds when it is beside the repository: the site still
	// builds and checks.
	texts, _ := filepath.Glob(filepath.Join("..", "..", "internal", "importer", "testdata", "texts", "*.txt"))
	if len(texts) == 0 {
		t.Fatal("no texts in internal/importer/testdata/texts")
	}
	if seeds, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "seeds", "*")); len(seeds) > 0 {
		texts = append(texts, seeds...)
	} else {
		t.Log("../shared/seeds is not beside the repository: only the texts of internal/importer/testdata/texts are imported")
	}
	args := append([]string{"import", "-o", filepath.Join(site, "content", "imported")}, texts...)
	code, out, errs = gongkai(t, args...)
	if code != 0 || !strings.Contains(out, "识别: title publisher") || !strings.Contains(out, "已删除") || !strings.Contains(out, "不符合本站 site.toml 的 index_no_pattern") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := gongkai(t, args...); code == 0 {
		t.Error("import over existing documents without --force succeeded")
	}
	if code, out, errs := gongkai(t, "build", "-s", site, "-d", filepath.Join(dir, "out")); code != 0 {
		t.Fatalf("build after import: %d\n%s\n%s", code, out, errs)
	}

	// A broken link: check fails with file:line, in text and in JSON.
	doc := filepath.Join(site, "content", "policies", "enrollment.md")
	b, _ := os.ReadFile(doc)
	// new doc writes a draft; the author removes the draft line when done.
	b = regexp.MustCompile(`(?m)^draft = true.*\n`).ReplaceAll(b, nil)
	if err := os.WriteFile(doc, []byte(strings.Replace(string(b), "正文。", "见[不存在](../nowhere/)。", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = gongkai(t, "check", "-s", site)
	if code != 1 || !strings.Contains(out, "content/policies/enrollment.md:") {
		t.Errorf("check of a broken link: %d\n%s", code, out)
	}
	code, out, _ = gongkai(t, "check", "-s", site, "--format", "json")
	var v struct {
		Errors      int
		Diagnostics []struct{ File, Kind string }
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 1 || v.Errors != 1 || v.Diagnostics[0].Kind != "link" {
		t.Errorf("check --format json: %d %v\n%s", code, err, out)
	}
	if code, _, _ := gongkai(t, "check", "-s", site, "--format", "xml"); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
}

// schoolsXLSX writes a workbook of two schools, as bureaus keep them, into
// dir.
func schoolsXLSX(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	_ = f.SetCellValue("Sheet1", "A1", "2024年学校统计表")
	_ = f.MergeCell("Sheet1", "A1", "F1")
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"学校代码", "学校名称", "学段", "城乡分类代码", "在校生数（人）", "教学仪器设备值（万元）"})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"1001", "一小", "小学", 111, 800, 200})
	_ = f.SetSheetRow("Sheet1", "A4", &[]any{"1002", "一中", "初中", 210, 600, 180})
	xlsx := filepath.Join(dir, "表.xlsx")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	return xlsx
}

func TestImportDataCommand(t *testing.T) {
	dir := t.TempDir()
	xlsx := schoolsXLSX(t, dir)
	site := filepath.Join(dir, "site")
	code, out, errs := gongkai(t, "import-data", xlsx, "--year", "2024", "-o", site)
	if code != 0 || !strings.Contains(out, "表头在第 2 行") {
		t.Fatalf("import-data: %d\n%s\n%s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(site, "data", "2024", "schools.csv"))
	if err != nil || !strings.Contains(string(b), "1001,一小,小学,111,800,200") {
		t.Fatalf("schools.csv: %v\n%s", err, b)
	}
	if code, _, _ := gongkai(t, "import-data", xlsx, "-o", site); code != 2 {
		t.Errorf("without --year: exit %d, want 2", code)
	}
}

func TestHelpOfNewCommands(t *testing.T) {
	for _, c := range []string{"serve", "check", "new", "import", "import-data"} {
		code, out, _ := gongkai(t, "help", c)
		if code != 0 || !strings.Contains(out, "用法: gongkai "+c) {
			t.Errorf("help %s: %d\n%s", c, code, out)
		}
	}
}

// TestFailedBuildNamesAnError: a failed build never says "0 个错误": every
// failure prints at least one error naming its file or folder. A theme's
// translation file that lacks keys of the built-in one is no failure: the
// built-in strings stand in.
func TestFailedBuildNamesAnError(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, _, errs := gongkai(t, "new", "site", site); code != 0 {
		t.Fatalf("new site: %s", errs)
	}
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A theme whose translation file has one key only.
	toml, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	write("site.toml", string(toml)+"\ntheme = \"mine\"\n")
	write("themes/mine/i18n/zh-CN.toml", "home = \"本站首页\"\n")
	if code, out, errs := gongkai(t, "build", "-s", site); code != 0 {
		t.Errorf("a translation file lacking keys: %d\n%s\n%s", code, out, errs)
	} else if b, _ := os.ReadFile(filepath.Join(site, "public", "index.html")); !strings.Contains(string(b), "本站首页") {
		t.Error("the theme's own string is not used")
	}

	notOurs := filepath.Join(dir, "Documents")
	write("../Documents/letter.txt", "dear")
	code, _, errs := gongkai(t, "build", "-s", site, "-d", notOurs)
	if code != 1 || !strings.Contains(errs, notOurs) || !strings.Contains(errs, "构建失败：1 个错误") {
		t.Errorf("a destination that is not ours: %d\n%s", code, errs)
	}
	write("content/news/feed.md", "+++\ntitle = \"订阅\"\nurl = \"index.xml\"\n+++\n正文。\n")
	code, _, errs = gongkai(t, "build", "-s", site)
	if code != 1 || !strings.Contains(errs, "content/news/feed.md:3: url:") || !strings.Contains(errs, "构建失败：1 个错误") {
		t.Errorf("a url that is the feed: %d\n%s", code, errs)
	}
	if strings.Contains(errs, "0 个错误") {
		t.Errorf("says 0 errors:\n%s", errs)
	}
}

// TestWritesDoNotFollowLinks: import, import-data, new doc and new site
// --force write into a site; a symbolic link there (to a file or a folder
// elsewhere, existing or not) is refused, and nothing outside is created
// or changed.
func TestWritesDoNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	victim := filepath.Join(outside, "victim.md")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	if code, _, errs := gongkai(t, "new", "site", site); code != 0 {
		t.Fatalf("new site: %s", errs)
	}
	xlsx := schoolsXLSX(t, dir)
	text := filepath.Join(dir, "通知.txt")
	if err := os.WriteFile(text, []byte("关于做好招生工作的通知\n\n各学校：\n\n请做好招生工作。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(target, name string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		link [2]string // target, site path
		args []string
	}{
		{"import over a link", [2]string{victim, "content/imported/通知.md"}, []string{"import", text, "-o", filepath.Join(site, "content", "imported"), "--force"}},
		{"import to a dangling link", [2]string{filepath.Join(outside, "new.md"), "content/imported2/通知.md"}, []string{"import", text, "-o", filepath.Join(site, "content", "imported2")}},
		{"import-data into a linked year", [2]string{outside, "data/2024"}, []string{"import-data", xlsx, "--year", "2024", "-o", site, "--force"}},
		{"import-data over a linked file", [2]string{victim, "data/2023/schools.csv"}, []string{"import-data", xlsx, "--year", "2023", "-o", site, "--force"}},
		{"new doc in a linked section", [2]string{outside, "content/linked"}, []string{"new", "doc", "-s", site, "linked/x.md"}},
		{"new doc to a dangling link", [2]string{filepath.Join(outside, "new.md"), "content/policies/dangling.md"}, []string{"new", "doc", "-s", site, "policies/dangling.md"}},
		{"new site --force into a linked folder", [2]string{outside, "content"}, []string{"new", "site", site, "--force"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.link[1] == "content" {
				// new site --force refuses a folder that holds any of the
				// files it writes: this one holds only content/, a link.
				if err := os.RemoveAll(site); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(site, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			link(c.link[0], c.link[1])
			code, out, errs := gongkai(t, c.args...)
			if code == 0 {
				t.Errorf("exit 0:\n%s\n%s", out, errs)
			}
			if !strings.Contains(errs, "符号链接") {
				t.Errorf("the message does not say why:\n%s", errs)
			}
			entries, _ := os.ReadDir(outside)
			if b, _ := os.ReadFile(victim); string(b) != "keep" || len(entries) != 1 {
				t.Errorf("written outside the site: %q, %d entries", b, len(entries))
			}
			if fi, err := os.Lstat(filepath.Join(site, filepath.FromSlash(c.link[1]))); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v", err)
			}
		})
	}
}

// TestBuildKeepsToTheMemoryTarget: gongkai build sets GOGC=200 and a
// soft memory limit of memoryBudget unless GOGC and GOMEMLIMIT say
// otherwise, so that the collector keeps a large build to the memory of a
// small one (docs/performance.md) instead of letting the heap grow to
// three times its live data.
func TestBuildKeepsToTheMemoryTarget(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	tuneGC()
	if got := debug.SetMemoryLimit(-1); got != memoryBudget {
		t.Errorf("memory limit %d MiB, want the budget, %d", got>>20, memoryBudget>>20)
	}
	gcPercent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	if got := gcPercent(); got != 200 {
		t.Errorf("GOGC %d, want 200", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	debug.SetGCPercent(100)
	t.Setenv("GOMEMLIMIT", "2GiB")
	t.Setenv("GOGC", "100")
	tuneGC()
	runtime.GC()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, but the limit was changed to %d MiB", got>>20)
	}
	if got := gcPercent(); got != 100 {
		t.Errorf("GOGC set, but changed to %d", got)
	}
}

// gongkai build keeps its build cache beside the output and says, in its
// summary, how many files it took unchanged; --no-cache makes every file.
func TestBuildCacheCLI(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, out, errs := gongkai(t, "new", "site", site); code != 0 {
		t.Fatalf("new site: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := gongkai(t, "build", "-s", site); code != 0 || strings.Contains(out, "沿用") {
		t.Fatalf("first build: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(site, ".gongkai-public.cache")); err != nil {
		t.Errorf("no build cache beside public/: %v", err)
	}
	if code, out, errs := gongkai(t, "build", "-s", site); code != 0 || !regexp.MustCompile(`其中 [1-9][0-9]* 个输入未变，沿用上次构建`).MatchString(out) {
		t.Errorf("second build reused nothing: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := gongkai(t, "build", "-s", site, "--no-cache"); code != 0 || strings.Contains(out, "沿用") {
		t.Errorf("--no-cache: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(site, ".gongkai-public.cache")); err == nil {
		t.Error("--no-cache left the build cache of another output behind")
	}
	b, _ := os.ReadFile(filepath.Join(site, ".gitignore"))
	if !strings.Contains(string(b), "/.gongkai-*") {
		t.Errorf("the new site's .gitignore does not leave out the build cache: %q", b)
	}
}
