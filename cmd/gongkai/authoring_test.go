package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
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

func TestImportDataCommand(t *testing.T) {
	dir := t.TempDir()
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
