package data

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// twoCounties is a year of two counties, 150101 and 150102.
var twoCounties = csvLines(
	"区县代码,区县名称,学校标识码,学校名称,学段,城乡分类代码,在校生数",
	"150101,甲区,1,a,小学,111,100",
	"150102,乙县,2,b,小学,210,100",
)

func TestTargets(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2023/schools.csv": twoCounties,
		"data/2024/schools.csv": csvLines("区县代码,学校标识码,学校名称,学段,城乡分类代码,在校生数", "150101,1,a,小学,111,100"),
		"data/targets.toml": `# 示例市创建计划
all_by = 2030

[[county]]
code = "150102"
target_year = 2025
note = " 第一批创建 "

[[county]]
code = 150101          # a code may be written without quotes
target_year = 2027
`,
	})
	noDiagnostics(t, dl)
	want := &Targets{AllBy: 2030, Counties: []Target{
		{Code: "150102", TargetYear: 2025, Note: "第一批创建", Line: 4},
		{Code: "150101", TargetYear: 2027, Line: 9},
	}}
	if !reflect.DeepEqual(ds.Targets, want) {
		t.Errorf("targets %+v, want %+v", ds.Targets, want)
	}
	// 150102 has schools in 2023 only: still a county of the site.
	if tg, ok := ds.Targets.Of("150102"); !ok || tg.TargetYear != 2025 {
		t.Errorf("Of(150102) = %+v, %v", tg, ok)
	}
	if _, ok := ds.Targets.Of("150103"); ok {
		t.Error("Of(150103) found a target")
	}
}

func TestNoTargets(t *testing.T) {
	ds, dl := load(t, map[string]string{"data/2024/schools.csv": twoCounties})
	noDiagnostics(t, dl)
	if ds.Targets != nil {
		t.Errorf("targets without targets.toml: %+v", ds.Targets)
	}
	if _, ok := ds.Targets.Of("150101"); ok {
		t.Error("a nil Targets has a target")
	}
	// A misspelt file name is not silently left out.
	_, dl = load(t, map[string]string{"data/2024/schools.csv": twoCounties, "data/target.toml": "all_by = 2030\n"})
	wantDiag(t, dl.Warnings(), "data/target.toml: 文件未被读取; 是否应命名为 targets.toml?")
}

func TestTargetsSingleCounty(t *testing.T) {
	// Without county_code, the county's code is county.toml's.
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100"),
		"data/2024/county.toml": "code = \"150000\"\n",
		"data/targets.toml":     "[[county]]\ncode = \"150000\"\ntarget_year = 2026\n",
	})
	noDiagnostics(t, dl)
	if tg, ok := ds.Targets.Of("150000"); !ok || tg.TargetYear != 2026 || ds.Targets.AllBy != 0 {
		t.Errorf("targets %+v", ds.Targets)
	}
	_, dl = load(t, map[string]string{
		"data/2024/schools.csv": csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100"),
		"data/targets.toml":     "[[county]]\ncode = \"150000\"\ntarget_year = 2026\n",
	})
	wantDiag(t, dl.Errors(), `data/targets.toml:2: code: "150000": 数据中没有区县代码: schools.csv 没有区县代码(county_code)列, county.toml 也没有 code; 请先在数据中写明区县代码`)
}

func TestTargetsErrors(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": twoCounties,
		"data/targets.toml": `all_by = 30
alll_by = 2030

[[county]]
code = "150109"
target_year = 2025

[[county]]
code = "150101"
target_year = "2025"
targt_year = 2025

[[county]]
code = "150102"
target_year = 2026

[[county]]
code = "150102"
target_year = 2027
note = 1

[[county]]
target_year = 2101

[[county]]
code = "150101"

[[county]]
code = "999999"
target_year = 20252026
`,
	})
	f := "data/targets.toml"
	wantDiag(t, dl.Errors(),
		f+`:1: all_by: "30": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 all_by = 2030`,
		f+`:2: alll_by: 未知的键 (可能拼写有误); 是否想写 all_by?`,
		f+`:5: code: "150109": 任何年度的 schools.csv 中都没有这个区县代码; 是否想写 150101?`,
		f+`:10: target_year: "2025": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 target_year = 2025`,
		f+`:11: targt_year: 未知的键 (可能拼写有误); 是否想写 target_year?`,
		f+`:18: code: "150102": 该区县已在第 14 行列出; 每个区县只写一个 [[county]] 表`,
		f+`:20: note: "1": 应为字符串(用英文双引号括起), 如 note = "第一批创建"`,
		f+`:22: county: 缺少 code (区县代码); 请在此 [[county]] 表中写 code = "150102", 与 schools.csv 的区县代码(county_code)一致`,
		f+`:23: target_year: "2101": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 target_year = 2025`,
		f+`:25: county: 缺少 target_year (创建目标年份); 请在此 [[county]] 表中写 target_year = 2025`,
		f+`:26: code: "150101": 该区县已在第 9 行列出; 每个区县只写一个 [[county]] 表`,
		f+`:29: code: "999999": 任何年度的 schools.csv 中都没有这个区县代码; 请与 schools.csv 的区县代码(county_code)列核对`,
		f+`:30: target_year: "20252026": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 target_year = 2025`,
	)
	if n := len(dl.Errors()); n != 13 {
		t.Errorf("%d errors, want 13:\n%s", n, strings.Join(texts(dl.Errors()), "\n"))
	}
	// Only the valid table is kept.
	if ds.Targets == nil || len(ds.Targets.Counties) != 1 || ds.Targets.Counties[0].Code != "150102" {
		t.Errorf("targets %+v", ds.Targets)
	}
}

func TestTargetsShapes(t *testing.T) {
	f := "data/targets.toml"
	for _, c := range []struct{ src, want string }{
		{"all_by = 2030\n[[county]\ncode = 1\n", f + ":2:9: TOML 语法错误：表头写法不对：应写作 [名称]，名称只用英文字母、数字、- 和 _，并以 ] 结束"},
		{"[county]\ncode = \"150101\"\n", f + `:1: county: 每个区县应写作一个 [[county]] 表 (两层方括号), 其中写 code 和 target_year`},
		{"all_by = \"2030\"\n", f + `:1: all_by: "2030": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 all_by = 2030`},
		{"\n[counties]\ncode = 1\n", f + `:2: counties: 未知的表; targets.toml 只有 all_by 和各区县的 [[county]] 表`},
		{"\n\ncounty = [{code = \"150101\", target_year = 25}]\n", f + `:3: target_year: "25": 应为年份: 2000 到 2100 之间的整数, 不加引号, 如 target_year = 2025`},
	} {
		_, dl := load(t, map[string]string{"data/2024/schools.csv": twoCounties, "data/targets.toml": c.src})
		if got := texts(dl.All()); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	// An inline array is read like [[county]] tables.
	ds, dl := load(t, map[string]string{"data/2024/schools.csv": twoCounties,
		"data/targets.toml": "county = [{code = \"150101\", target_year = 2025}]\n"})
	noDiagnostics(t, dl)
	if tg, ok := ds.Targets.Of("150101"); !ok || tg.TargetYear != 2025 || tg.Line != 1 {
		t.Errorf("inline: %+v", ds.Targets)
	}
	// A county's target later than the whole area's is probably a typo.
	_, dl = load(t, map[string]string{"data/2024/schools.csv": twoCounties,
		"data/targets.toml": "all_by = 2028\n[[county]]\ncode = \"150101\"\ntarget_year = 2030\n"})
	wantDiag(t, dl.Warnings(), f+`:4: target_year: "2030": 晚于第 1 行全市(全省)整体实现的目标年份 all_by = 2028; 请核对`)
	if len(dl.Errors()) > 0 {
		t.Errorf("errors: %q", texts(dl.Errors()))
	}
}

func FuzzTargetsTOML(f *testing.F) {
	f.Add("all_by = 2030\n[[county]]\ncode = \"150101\"\ntarget_year = 2025\nnote = \"第一批\"\n[[county]]\ncode = 150102\ntarget_year = 2027\n")
	f.Add("county = [{code = \"150101\", target_year = 2025}, {code = \"150101\"}]\nx = 1\n")
	f.Add("[county]\ncode = 1\n[[county.sub]]\na = 1\n[[county]]\ntarget_year = \"2025\"\n")
	f.Add("all_by = '''\n2030\n'''\n[[county]]\n\"code\" = \"150102\"\ntarget_year = 99999999999\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := site(t, map[string]string{"data/2024/schools.csv": twoCounties, "data/targets.toml": src})
		ds, dl := Load(fsys, "/site")
		checkLines(t, dl, "data/targets.toml", []byte(src))
		if ds.Targets == nil {
			t.Fatal("targets.toml not read")
		}
		if a := ds.Targets.AllBy; a != 0 && (a < minTargetYear || a > maxTargetYear) {
			t.Fatalf("all_by %d accepted", a)
		}
		seen := map[string]bool{}
		for _, c := range ds.Targets.Counties {
			if (c.Code != "150101" && c.Code != "150102") || seen[c.Code] || c.TargetYear < minTargetYear || c.TargetYear > maxTargetYear || c.Line < 1 {
				t.Fatalf("invalid target accepted: %+v", c)
			}
			seen[c.Code] = true
		}
	})
}

func TestTargetsSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "data", "2024", "schools.csv"), []byte(twoCounties), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "elsewhere.toml"), []byte("all_by = 2030\n"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "elsewhere.toml"), filepath.Join(dir, "data", "targets.toml")); err != nil {
		t.Skip(err)
	}
	ds, dl := Load(afero.NewOsFs(), dir)
	errs := texts(dl.Errors())
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "data/targets.toml: 无法读取: ") || ds.Targets != nil {
		t.Errorf("a link read: %q, %+v", errs, ds.Targets)
	}
}
