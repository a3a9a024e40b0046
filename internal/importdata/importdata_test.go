package importdata

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/xuri/excelize/v2"

	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
)

// workbook builds a sheet as a bureau keeps it: a title merged across the
// top, a unit line, a group header over the teacher columns, Chinese headers
// with units, a 九年一贯制 school whose id and name are merged over its two
// rows, a 合计 row and a note below.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	if err := f.SetSheetName("Sheet1", "基本情况"); err != nil {
		t.Fatal(err)
	}
	sh = "基本情况"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "示例县2024年义务教育学校办学条件统计表")
	merge("A1", "L1")
	set("A2", "填报单位：示例县教育体育局")
	merge("A2", "L2")
	// Two header rows: 教师情况 spans the teacher columns.
	heads := []string{"序号", "学校代码", "学校名称", "学段", "城乡分类代码", "在校生数（人）", "教师情况", "", "", "教学及辅助用房面积\n（平方米）", "教学仪器设备值（万元）", "备注"}
	for i, h := range heads {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		if h != "" {
			set(c, h)
		}
	}
	for _, col := range []string{"A", "B", "C", "D", "E", "F", "J", "K", "L"} {
		merge(col+"3", col+"4")
	}
	merge("G3", "I3")
	set("G4", "专任教师数（人）")
	set("H4", "县级以上骨干教师数")
	set("I4", "体育、艺术（美术、音乐）专任教师数")
	rows := [][]any{
		{1, "2150000001", "示例县第一小学", "小学", 111, 1720, 98, 38, 19, 8256.5, 636.4, ""},
		{2, "2150000002", "示例县城关中学", "初中", 112, 1200, 90, 20, 12, 7000, sum(600.7, 0.1), ""},
		{3, "2150000003", "示例县红星学校", "小学", 220, 300, 20, 4, 3, 1500, 60, "九年一贯制"},
		{"", "", "", "初中", 220, 150, 14, 2, 2, 900, 45, ""},
	}
	for i, r := range rows {
		c, _ := excelize.CoordinatesToCellName(1, 5+i)
		if err := f.SetSheetRow(sh, c, &r); err != nil {
			t.Fatal(err)
		}
	}
	merge("B7", "B8")
	merge("C7", "C8")
	set("A9", "合计")
	merge("A9", "E9")
	set("F9", 3370)
	set("A10", "注：在校生数为2024年9月30日数据。")
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sum(a, b float64) float64 { return a + b }

func TestImportWorkbook(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if err := afero.WriteFile(fsys, "in/学校.xlsx", workbook(t), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Import(Options{Fs: fsys, File: "in/学校.xlsx", Year: 2024, Site: "site"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Log(d.Error())
	}
	if !res.Written || hasErrorIn(res.Diagnostics) {
		t.Fatalf("not written: %v", res.Diagnostics)
	}
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics, want none: %v", res.Diagnostics)
	}
	if res.Rows != 4 || res.HeaderRow != 4 || res.Sheet != "基本情况" {
		t.Errorf("rows %d header row %d sheet %q, want 4, 4, 基本情况", res.Rows, res.HeaderRow, res.Sheet)
	}
	got := string(res.CSV)
	t.Log("\n" + got)
	for _, want := range []string{
		"学校代码,学校名称,学段,城乡分类代码,在校生数（人）,专任教师数（人）,县级以上骨干教师数,体育、艺术（美术、音乐）专任教师数,教学及辅助用房面积（平方米）,教学仪器设备值（万元）\n",
		"2150000001,示例县第一小学,小学,111,1720,98,38,19,8256.5,636.4\n",
		",600.8\n", // 600.7+0.1 as Excel shows it, not 600.8000000000001
		"2150000003,示例县红星学校,初中,220,150,", // the merged id and name reach the second row
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"第1行", "序号", "备注", "合计行", "说明"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// The written file loads with zero diagnostics, as the build loads it,
	// and 万元 is scaled to 元.
	ds, dl := data.Load(fsys, "site")
	if dl.Len() != 0 {
		t.Fatalf("load: %v", dl.All())
	}
	if len(ds.Years) != 1 || ds.Years[0].Year != 2024 || ds.Years[0].Rows != 4 {
		t.Fatalf("years: %+v", ds.Years)
	}
	p := ds.Years[0].Counties[0].Parts[0]
	if p.SchoolName != "示例县第一小学" || p.Students != 1720 {
		t.Errorf("first part: %+v", p)
	}

	// A second import does not replace the file without --force.
	if _, err := Import(Options{Fs: fsys, File: "in/学校.xlsx", Year: 2024, Site: "site"}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second import: %v, want an error about --force", err)
	}
	if _, err := Import(Options{Fs: fsys, File: "in/学校.xlsx", Year: 2024, Site: "site", Force: true}); err != nil {
		t.Errorf("--force: %v", err)
	}
}

// A sheet with a bad value is reported with the CSV's line and column, and
// nothing is written.
func TestImportInvalid(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	_ = f.SetSheetRow(sh, "A1", &[]any{"学校标识码", "学校名称", "学段", "城乡分类代码", "在校生数"})
	_ = f.SetSheetRow(sh, "A2", &[]any{"1", "甲校", "小学", 111, "12a"})
	b, _ := f.WriteToBuffer()
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "x.xlsx", b.Bytes(), 0o644)
	res, err := Import(Options{Fs: fsys, File: "x.xlsx", Year: 2023, Site: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written {
		t.Error("written despite an error")
	}
	var found bool
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error && d.File == "data/2023/schools.csv" && d.Line == 2 && d.Value == "12a" {
			found = true
		}
	}
	if !found {
		t.Errorf("no error at data/2023/schools.csv:2 for 12a: %v", res.Diagnostics)
	}
	if ok, _ := afero.Exists(fsys, "s/data/2023/schools.csv"); ok {
		t.Error("file written")
	}
}
