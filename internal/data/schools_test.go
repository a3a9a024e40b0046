package data

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// head is a schools.csv header with the required and the seven indicators'
// columns, by their Chinese aliases.
const head = "学校标识码,学校名称,学段,城乡分类代码,在校生数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数"

func TestLoadOneCounty(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,学段,城乡分类代码,在校生数,办学类型,办学性质,区县名称,乡镇,班级数,最大班额,超标准班额班级数,专任教师数,持证专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,音乐专用教室数,音乐专用教室最小面积,美术专用教室数,美术专用教室最小面积,寄宿制",
			"2150000001,示例县第一小学,小学,111,1650,,,示例县,城关街道,37,48,2,92,90,87,46,17,7755,10065,5445000,40,3,108,3,96,否",
			"2150000020,示例县育才学校,小学,111,820,九年一贯制学校,公办,示例县,城关街道,19,45,0,48,48,43,18,8,,,,,2,108,2,96,",
			"2150000020,示例县育才学校,初中,111,540,九年一贯制学校,公办,示例县,城关街道,11,50,0,45,45,41,12,5,,,,,1,108,1,96,",
			"2150000030,博雅实验学校,primary,210,600,小学,民办,示例县,柳河乡,15,45,0,30,30,28,3,5,2520,3000,1260000,12,2,96,2,90,是",
		),
	})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	if ds.Years[0].Year != 2024 || in.Year != 2024 || ds.Years[0].Rows != 4 || len(in.Parts) != 4 {
		t.Fatalf("year %d, input year %d, rows %d, parts %d", ds.Years[0].Year, in.Year, ds.Years[0].Rows, len(in.Parts))
	}
	if in.County.Name != "示例县" {
		t.Errorf("county name from county_name column: %q", in.County.Name)
	}
	f := indicators.Given
	no := false
	yes := true
	want := indicators.SchoolPart{
		SchoolID: "2150000001", SchoolName: "示例县第一小学", Level: indicators.Primary,
		UrbanRuralCode: 111, Students: 1650, SchoolType: indicators.PrimarySchool,
		CountyName: "示例县", Township: "城关街道",
		Classes: f(37), MaxClassSize: f(48), OversizeClasses: f(2),
		Teachers: f(92), CertifiedTeachers: f(90), QualifiedTeachers: f(87), BackboneTeachers: f(46), PEArtTeachers: f(17),
		TeachingArea: f(7755), SportsArea: f(10065), EquipmentValue: f(5445000), MultimediaRooms: f(40),
		MusicRooms: f(3), MusicRoomMinArea: f(108), ArtRooms: f(3), ArtRoomMinArea: f(96),
		Boarding: &no, File: "data/2024/schools.csv", Line: 2,
	}
	if !reflect.DeepEqual(in.Parts[0], want) {
		t.Errorf("part 0:\n got %+v\nwant %+v", in.Parts[0], want)
	}
	p := in.Parts[1]
	if p.SchoolType != indicators.NineYear || p.TeachingArea.Given || p.EquipmentValue.Given || p.Boarding != nil || p.Line != 3 {
		t.Errorf("一贯制 primary part: %+v", p)
	}
	if in.Parts[2].Level != indicators.Junior || in.Parts[2].SchoolID != "2150000020" {
		t.Errorf("一贯制 junior part: %+v", in.Parts[2])
	}
	p = in.Parts[3]
	if !p.Private || p.Level != indicators.Primary || p.UrbanRuralCode != 210 || p.Boarding == nil || *p.Boarding != yes {
		t.Errorf("民办 part: %+v", p)
	}
}

func TestDefaults(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2023/schools.csv": csvLines(
			"school_id,school_name,level,urban_rural_code,students",
			"1,一小,小学,111,100",
			"2,一中,初中,121,100",
		),
	})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	for i, want := range []indicators.SchoolType{indicators.PrimarySchool, indicators.JuniorSchool} {
		p := in.Parts[i]
		if p.SchoolType != want || p.Private {
			t.Errorf("part %d: type %q private %v, want %q 公办", i, p.SchoolType, p.Private, want)
		}
		// Absent columns are not given, never 0.
		for _, fig := range []indicators.Figure{p.Teachers, p.TeachingArea, p.EquipmentValue, p.MaxClassSize} {
			if fig.Given {
				t.Errorf("part %d: absent column given: %+v", i, p)
			}
		}
	}
	if in.County != (indicators.County{}) {
		t.Errorf("no county.toml, no county_name: %+v", in.County)
	}
}

func TestNotProvidedIsNotZero(t *testing.T) {
	cells := []string{"", "-", "—", "/", "——", "－", "／", "--", " - ", "\u3000—\u3000", "–"}
	lines := []string{"学校标识码,学校名称,学段,城乡分类代码,在校生数,县级以上骨干教师数"}
	for i, c := range cells {
		lines = append(lines, "s"+string(rune('a'+i))+",学校,小学,111,100,"+c)
	}
	lines = append(lines, "z,学校,小学,111,100,0")
	ds, dl := load(t, map[string]string{"data/2024/schools.csv": csvLines(lines...)})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	for i, c := range cells {
		if in.Parts[i].BackboneTeachers.Given {
			t.Errorf("cell %q should be 未提供, got %+v", c, in.Parts[i].BackboneTeachers)
		}
	}
	if z := in.Parts[len(cells)].BackboneTeachers; z != indicators.Given(0) {
		t.Errorf("0 should be given as 0, got %+v", z)
	}
}

func TestNumberFormats(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,学段,城乡分类代码,在校生数,教学及辅助用房面积,教学仪器设备值,专任教师数",
			`1,a,小学,111,"1,234","12,345.5","1,234,567",12`,
			"2,b,小学,111,1，234,１２３４５．５,１２３４５６７,１２",
			"3,b,小学,１１１,\u3000１２３４\u3000, 0.5 ,0,12.0",
			"4,b,小学,111,1234,.5,1234567.00,  12  ",
		),
	})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	for i, p := range in.Parts {
		if p.Students != 1234 || p.Teachers != indicators.Given(12) || p.UrbanRuralCode != 111 {
			t.Errorf("row %d: students %d teachers %+v code %d", i+2, p.Students, p.Teachers, p.UrbanRuralCode)
		}
	}
	for i, want := range []float64{12345.5, 12345.5, 0.5, 0.5} {
		if got := in.Parts[i].TeachingArea; got != indicators.Given(want) {
			t.Errorf("row %d teaching area %+v, want %v", i+2, got, want)
		}
	}
	for i, want := range []float64{1234567, 1234567, 0, 1234567} {
		if got := in.Parts[i].EquipmentValue; got != indicators.Given(want) {
			t.Errorf("row %d equipment %+v, want %v", i+2, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	// Canonical names, aliases, full-width parentheses, spaces, units.
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			" 学校代码 ,School_Name,学段,城乡划分代码,学生数（人）,体育、艺术（美术、音乐）专任教师数,教学及辅助用房面积(平方米),体育运动场馆面积（m²）,教学仪器设备值（万元）,网络多媒体教室数(间),音乐专用教室最小面积(㎡),美术专用教室最小面积 (m2),所在乡镇(街道),学校标识码(10位)",
			"1,a,小学,111,100,1,450.5,800,35.6,3,96,90,城关镇,",
			"2,b,小学,111,10,1,450,800,0.01,3,96,90,城关镇,",
			"3,c,小学,111,200,1,450,800,\"1,234.5678\",3,96,90,城关镇,",
		),
	})
	// 学校标识码(10位) is a second school_id column: an error, and nothing else.
	wantDiag(t, dl.All(),
		`data/2024/schools.csv:1: 学校标识码(10位) (school_id): 与第 1 列 学校代码 重复; 同一列只能出现一次`)
	if dl.Len() != 1 {
		t.Errorf("want 1 diagnostic, got %q", texts(dl.All()))
	}
	in := onlyCounty(t, ds)
	p := in.Parts[0]
	if p.SchoolID != "1" || p.SchoolName != "a" || p.Students != 100 || p.PEArtTeachers != indicators.Given(1) ||
		p.TeachingArea != indicators.Given(450.5) || p.SportsArea != indicators.Given(800) ||
		p.MultimediaRooms != indicators.Given(3) || p.MusicRoomMinArea != indicators.Given(96) ||
		p.ArtRoomMinArea != indicators.Given(90) || p.Township != "城关镇" {
		t.Errorf("part: %+v", p)
	}
	// (万元) scales by 10 000 exactly, on the decimal text.
	for i, want := range []float64{356000, 100, 12345678} {
		if got := in.Parts[i].EquipmentValue; got != indicators.Given(want) {
			t.Errorf("row %d: 万元 → %v, want %v", i+2, got.Value, want)
		}
	}
}

func TestHeaderUnitErrors(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,学段,城乡分类代码,在校生数(万元),教学及辅助用房面积(公顷),体育运动场馆面积(万元),学校名称(全称),办学类型(㎡)",
			"1,a,小学,111,100,2,3,x,小学",
		),
	})
	wantDiag(t, dl.Errors(),
		`data/2024/schools.csv:1: 教学及辅助用房面积(公顷) (teaching_area_m2): 未知单位(公顷); 可用的单位: 万元、元、㎡、平方米、m²、m2、间、个、人、名`,
		`data/2024/schools.csv:1: 体育运动场馆面积(万元) (sports_area_m2): 单位(万元)不适用于该列; 应为 ㎡、平方米、m² 或 m2`,
		`data/2024/schools.csv:1: 在校生数(万元) (students): 单位(万元)不适用于该列; 应为 人 或 名`,
		`data/2024/schools.csv:1: 学校名称(全称) (school_name): 与第 2 列 学校名称 重复; 同一列只能出现一次`,
		`data/2024/schools.csv:1: 办学类型(㎡) (school_type): 单位(㎡)不适用于该列; 该列不是数量`,
	)
	// A column with a bad unit is not also reported missing, and its cells are not read.
	if n := len(dl.Errors()); n != 5 {
		t.Errorf("want 5 errors, got %d:\n%s", n, strings.Join(texts(dl.Errors()), "\n"))
	}
}

func TestRequiredColumns(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,在校学生数",
			"1,a,100",
		),
	})
	wantDiag(t, dl.Errors(),
		`data/2024/schools.csv:1: 学段 (level): 缺少必填列; 列名可写作 level、学段`,
		`data/2024/schools.csv:1: 城乡分类代码 (urban_rural_code): 缺少必填列; 列名可写作 urban_rural_code、城乡分类代码、城乡划分代码`,
		`data/2024/schools.csv:1: 在校生数 (students): 缺少必填列; 列名可写作 students、在校生数、学生数`,
	)
	wantDiag(t, dl.Warnings(),
		`data/2024/schools.csv:1: 在校学生数: 未知列, 已忽略; 是否想写 在校生数 (students)?`)
	if len(dl.Errors()) != 3 {
		t.Errorf("errors: %q", texts(dl.Errors()))
	}
}

func TestCellErrors(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			head+",办学类型,办学性质,寄宿制,最大班额",
			"2150000001,一小,小学,111,500,30,25,5,5,2500,4000,1000000,12,,,,",   // 2 ok
			"2150000002,二小,小学,111,12a,30,25,5,5,2500,4000,1000000,12,,,,",   // 3 students not a number
			"2150000003,三小,高中,999,500,30,25,5,5,2500,4000,1000000,12,,,,",   // 4 level, code
			"2150000004,四小,小学,111,500,-3,25,5,5,2500,－40,1000000,12.5,,,,",  // 5 negative, negative, fraction
			"2150000001,一小,小学,111,500,30,25,5,5,2500,4000,1000000,12,,,,",   // 6 duplicate of line 2
			"2150000005,五小,小学,111,500,30,31,32,33,2500,4000,1000000,12,,,,", // 7 subsets > teachers
			"2150000006,,初中,111,500,30,25,5,5,2500,4000,35.6万,12,高中,私立,有,",  // 8 name empty; unit in cell; enums
			"2.15E+09,六小,小学,111,500,30,25,5,5,\"2,50\",4000,1.2E+06,12,,,,", // 9 exponent, grouping
			"2150000007,七小,小学,111,500,30,25,5,5,2500,4000",                  // 10 field count
			",七小,小学,111,,30,25,5,5,2500,4000,1000000,12,,,,",                // 11 id and students empty
		),
	})
	f := "data/2024/schools.csv:"
	wantDiag(t, dl.Errors(),
		f+`3: 在校生数 (students): "12a": 应为不小于0的整数`,
		f+`4: 学段 (level): "高中": 未知学段; 应为 小学 或 初中 (也可写 primary / junior)`,
		f+`4: 城乡分类代码 (urban_rural_code): "999": 未知城乡分类代码; 应为 111、112 (城区), 121、122、123 (镇区), 210、220 (乡村) 之一`,
		f+`5: 专任教师数 (teachers): "-3": 不能为负数`,
		f+`5: 体育运动场馆面积 (sports_area_m2): "－40": 不能为负数`,
		f+`5: 网络多媒体教室数 (multimedia_rooms): "12.5": 应为整数, 不能有小数`,
		f+`6: 学校标识码 (school_id): "2150000001": 学校标识码与学段(小学)重复: 第 2 行已是该学校的小学学段; 一所学校每个学段只能有一行`,
		f+`7: 高于规定学历教师数 (qualified_teachers): "31": 不能大于专任教师数 30`,
		f+`7: 县级以上骨干教师数 (backbone_teachers): "32": 不能大于专任教师数 30`,
		f+`7: 体育艺术专任教师数 (pe_art_teachers): "33": 不能大于专任教师数 30`,
		f+`8: 学校名称 (school_name): 必填, 不能为空`,
		f+`8: 教学仪器设备值 (equipment_value_yuan): "35.6万": 单元格内不能写单位; 请把单位写在列名中, 如 教学仪器设备值(万元)`,
		f+`8: 办学类型 (school_type): "高中": 未知办学类型; 应为 小学、初中、九年一贯制学校、十二年一贯制学校、完全中学、教学点、特殊教育学校 之一`,
		f+`8: 办学性质 (ownership): "私立": 未知办学性质; 应为 公办 或 民办`,
		f+`8: 寄宿制 (boarding): "有": 应为 是 或 否`,
		f+`9: 学校标识码 (school_id): "2.15E+09": 学校标识码被 Excel 转成了科学计数法, 已丢失数字; 请把该列设为文本格式后重新填写`,
		f+`9: 教学及辅助用房面积 (teaching_area_m2): "2,50": 千分位分隔符位置不对; 应如 1,234 或 1234`,
		f+`9: 教学仪器设备值 (equipment_value_yuan): "1.2E+06": 不能使用科学计数法(Excel 列宽不足时的显示); 请把单元格设为数值格式后重新保存`,
		f+`10: 本行有 11 个字段, 表头有 17 列; 请检查是否漏填或多出了逗号`,
		f+`11: 学校标识码 (school_id): 必填, 不能为空`,
		f+`11: 在校生数 (students): 必填, 不能为空`,
	)
	if n := len(dl.Errors()); n != 21 {
		t.Errorf("want 21 errors, got %d:\n%s", n, strings.Join(texts(dl.Errors()), "\n"))
	}
	// Only the good row becomes a part; a row with an error is never half-read.
	in := onlyCounty(t, ds)
	if len(in.Parts) != 1 || in.Parts[0].Line != 2 || ds.Years[0].Rows != 10 {
		t.Errorf("parts %+v rows %d", in.Parts, ds.Years[0].Rows)
	}
	// Every error carries file, line, the column as written, canonical and value.
	d := dl.Errors()[0]
	if d.File != "data/2024/schools.csv" || d.Line != 3 || d.Column != "在校生数" || d.Canonical != "students" || d.Value != "12a" || !d.HasValue || d.Severity != diag.Error {
		t.Errorf("diagnostic fields: %+v", d)
	}
}

func TestThreeBadLinesThreeErrors(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			head,
			"1,a,小学,111,100,8,7,1,1,450,800,200000,3",
			"2,b,小学,111,abc,8,7,1,1,450,800,200000,3",
			"3,c,初中,111,100,8,7,1,1,450,800,200000,3",
			"4,d,大学,111,100,8,7,1,1,450,800,200000,3",
			"5,e,初中,111,100,8,7,1,1,450,800,200000,3",
			"6,f,初中,131,100,8,7,1,1,450,800,200000,3",
		),
	})
	errs := dl.Errors()
	if len(errs) != 3 {
		t.Fatalf("want 3 errors, got %q", texts(errs))
	}
	for i, line := range []int{3, 5, 7} {
		if errs[i].Line != line {
			t.Errorf("error %d at line %d, want %d: %s", i, errs[i].Line, line, errs[i].Error())
		}
	}
}

func TestLineNumbers(t *testing.T) {
	// Lines are physical lines as an editor shows them: a quoted field that
	// spans lines, and Excel's empty rows, count.
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			head,
			"1,\"第一\n小学\",小学,111,100,8,7,1,1,450,800,200000,3",
			",,,,,,,,,,,,",
			"2,b,小学,111,x,8,7,1,1,450,800,200000,3",
			"3,b\"ad,小学,111,100,8,7,1,1,450,800,200000,3",
			"4,\"bad\"quote,小学,111,100,8,7,1,1,450,800,200000,3",
			"5,d,小学,111,y,8,7,1,1,450,800,200000,3",
		),
	})
	wantDiag(t, dl.Errors(),
		`data/2024/schools.csv:5: 在校生数 (students): "x": 应为不小于0的整数`,
		`data/2024/schools.csv:6: CSV 格式错误: 未加引号的字段里有英文双引号 "; 请用引号括起整个字段, 并把其中的 " 写成 ""`,
		`data/2024/schools.csv:7: CSV 格式错误: 引号未闭合, 或引号后多了字符`,
		`data/2024/schools.csv:8: 在校生数 (students): "y": 应为不小于0的整数`,
	)
}

func TestExcelQuirks(t *testing.T) {
	want := csvLines(
		head,
		"1,a,小学,111,100,8,7,1,1,450,800,200000,3",
		"2,b,初中,220,100,8,7,1,1,450,800,200000,3",
	)
	// Trailing empty columns (in the header and the rows), trailing empty
	// rows, a BOM, CRLF.
	quirky := "\uFEFF" + csvLines(
		head+",,,",
		"1,a,小学,111,100,8,7,1,1,450,800,200000,3,,,",
		"2,b,初中,220,100,8,7,1,1,450,800,200000,3,,,",
		",,,,,,,,,,,,,,,",
		",,,,,,,,,,,,,,,",
	)
	a, dla := load(t, map[string]string{"data/2024/schools.csv": want})
	b, dlb := load(t, map[string]string{"data/2024/schools.csv": quirky})
	noDiagnostics(t, dla)
	noDiagnostics(t, dlb)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("quirky file reads differently:\n%+v\n%+v", a, b)
	}
	// LF line endings too.
	c, dlc := load(t, map[string]string{"data/2024/schools.csv": strings.ReplaceAll(want, "\r\n", "\n")})
	noDiagnostics(t, dlc)
	if !reflect.DeepEqual(a, c) {
		t.Errorf("LF file reads differently")
	}
}

func TestStructureErrors(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"empty", "", `data/2024/schools.csv:1: 文件为空; 第一行应为表头`},
		{"title row", csvLines("2024年示例县学校统计表,,", head), `data/2024/schools.csv:1: 第一行不是表头: 没有一个已知的列名; 表头须在第一行, 如 学校标识码, 学校名称, 学段, 城乡分类代码, 在校生数`},
		{"unclosed quote", csvLines(head, "1,\"a,小学,111,100,8,7,1,1,450,800,200000,3", "2,b,小学,111,100,8,7,1,1,450,800,200000,3"), `data/2024/schools.csv:2: CSV 格式错误: 从本行开始的引号字段到第 3 行出错: 引号未闭合, 或引号后多了字符`},
		{"too many fields", csvLines(head, "1,a,小学,111,100,8,7,1,1,450,800,200000,3,extra"), `data/2024/schools.csv:2: 本行有 14 个字段, 表头有 13 列; 请检查是否漏填或多出了逗号`},
		// Saved from Excel as "文本文件(制表符分隔)": the separator is named.
		{"tab separated", strings.ReplaceAll(csvLines(head, "1,a,小学,111,100,8,7,1,1,450,800,200000,3"), ",", "\t"), `data/2024/schools.csv:1: 第一行不是表头: 各列用制表符 (Tab) 分隔, 不是逗号; 请在 Excel 中另存为 "CSV UTF-8(逗号分隔)"`},
		{"semicolon separated", strings.ReplaceAll(csvLines(head, "1,a,小学,111,100,8,7,1,1,450,800,200000,3"), ",", ";"), `data/2024/schools.csv:1: 第一行不是表头: 各列用分号 (;) 分隔, 不是逗号; 请在 Excel 中另存为 "CSV UTF-8(逗号分隔)"`},
		// A total row copied from the statistics table: one error that says
		// so, not three "必填" ones.
		{"total row", csvLines(head, "1,a,小学,111,100,8,7,1,1,450,800,200000,3", "合计,,,,100,8,7,1,1,450,800,200000,3"), `data/2024/schools.csv:3: 学校标识码 (school_id): "合计": 这一行像是合计行; schools.csv 每行是一个学校学段, 合计由 gongkai 计算, 请删去这一行`},
		{"total row by name", csvLines(head, "1,a,小学,111,100,8,7,1,1,450,800,200000,3", ",全 县 合 计,,,100,8,7,1,1,450,800,200000,3"), `data/2024/schools.csv:3: 学校名称 (school_name): "全 县 合 计": 这一行像是合计行; schools.csv 每行是一个学校学段, 合计由 gongkai 计算, 请删去这一行`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, dl := load(t, map[string]string{"data/2024/schools.csv": tc.content})
			wantDiag(t, dl.Errors(), tc.want)
			if n := len(dl.Errors()); n != 1 {
				t.Errorf("%d errors, want 1: %q", n, texts(dl.Errors()))
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			head+",最大班额,班级数,超标准班额班级数,办学类型,备注,专任教师总数",
			"1,一小,小学,111,0,8,7,1,1,450,800,200000,3,,,,,,",            // 2: 0 students
			"1,第一小学,初中,111,100,8,7,1,1,450,800,200000,3,,,,,,",        // 3: other name
			"2,b,小学,111,100,60,7,1,1,12000,800,200000,3,120,3,5,初中,,", // 4: teachers/100, area, class size, oversize, type
			"3,c,小学,111,100,8,7,1,1,450,800,20000000,3,,,,,,",         // 5: equipment too high
			"4,d,小学,111,100,8,7,1,1,450,800,35.6,3,,,,,,",             // 6: equipment in 万元?
			"5,e,小学,111,100,8,7,1,1,450,60000,200000,3,,,,,,",         // 7: sports area
		),
		"data/2024年/schools.csv": "x",
		"data/old/readme.txt":    "x",
		"data/2023/School.csv":   "x",
	})
	noErrors(t, dl)
	f := "data/2024/schools.csv:"
	wantDiag(t, dl.Warnings(),
		f+`1: 备注: 未知列, 已忽略`,
		f+`1: 专任教师总数: 未知列, 已忽略; 是否想写 专任教师数 (teachers)?`,
		f+`2: 在校生数 (students): "0": 在校生数为0; 该学段不参与各项指标计算, 将列为排除`,
		f+`3: 学校名称 (school_name): "第一小学": 同一学校标识码在第 2 行的学校名称为 "一小"; 请核对是否为同一所学校`,
		f+`4: 专任教师数 (teachers): "60": 每百名学生 60 名专任教师, 超出合理范围(≤50); 请核对`,
		f+`4: 教学及辅助用房面积 (teaching_area_m2): "12000": 生均 120 ㎡, 超出合理范围(≤100 ㎡); 请核对数值和单位`,
		f+`4: 最大班额 (max_class_size): "120": 超出合理范围(≤100人); 请核对`,
		f+`4: 超标准班额班级数 (oversize_classes): "5": 大于班级数 3; 请核对`,
		f+`4: 办学类型 (school_type): "初中": 办学类型为初中, 学段却为小学; 请核对`,
		f+`5: 教学仪器设备值 (equipment_value_yuan): "20000000": 生均 200000 元, 超出合理范围(≤100000 元); 请核对数值和单位`,
		f+`6: 教学仪器设备值 (equipment_value_yuan): "35.6": 生均仅 0.36 元; 如果是以万元填写, 请把列名写作 教学仪器设备值(万元)`,
		f+`7: 体育运动场馆面积 (sports_area_m2): "60000": 生均 600 ㎡, 超出合理范围(≤500 ㎡); 请核对数值和单位`,
		`data/2024年: 目录名不是四位年份, 已忽略; 年度目录应写作如 data/2024/`,
		`data/old: 目录名不是四位年份, 已忽略; 年度目录应写作如 data/2024/`,
		`data/2023: 没有 schools.csv, 不作为报告年度`,
		`data/2023/School.csv: 文件未被读取; 是否应命名为 schools.csv?`,
	)
	if n := len(dl.Warnings()); n != 16 {
		t.Errorf("want 16 warnings, got %d:\n%s", n, strings.Join(texts(dl.Warnings()), "\n"))
	}
	// Warnings do not drop rows: all six parts are read, the 0-student one too.
	if in := onlyCounty(t, ds); len(in.Parts) != 6 || in.Parts[0].Students != 0 {
		t.Errorf("parts: %d", len(in.Parts))
	}
}

func TestSuggest(t *testing.T) {
	for h, want := range map[string]string{
		"在校学生数":    "students",
		"学校名":      "school_name",
		"骨干教师数":    "backbone_teachers",
		"studnets": "students",
		"城乡代码":     "urban_rural_code",
		"多媒体教室数":   "multimedia_rooms",
		"设备值(万元)":  "equipment_value_yuan",
		"学号":       "",
		"备注":       "",
		"联系电话":     "",
	} {
		c, ok := suggestColumn(h, schoolsFile)
		got := ""
		if ok {
			got = columns[c].canonical
		}
		if got != want {
			t.Errorf("suggestColumn(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestURCodeAndLevelForms(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,学段,城乡分类代码,在校生数",
			"1,a,Primary,主城区,100",
			"2,b,JUNIOR,122镇乡结合区,100",
			"3,c,小学,村庄,100",
			"4,d,小学,111 村庄,100",
		),
	})
	wantDiag(t, dl.Errors(), `data/2024/schools.csv:5: 城乡分类代码 (urban_rural_code): "111 村庄": 未知城乡分类代码; 应为 111、112 (城区), 121、122、123 (镇区), 210、220 (乡村) 之一`)
	in := onlyCounty(t, ds)
	for i, want := range []struct {
		l indicators.Level
		c int
	}{{indicators.Primary, 111}, {indicators.Junior, 122}, {indicators.Primary, 220}} {
		if in.Parts[i].Level != want.l || in.Parts[i].UrbanRuralCode != want.c {
			t.Errorf("row %d: %s %d", i+2, in.Parts[i].Level, in.Parts[i].UrbanRuralCode)
		}
	}
}

func TestNoData(t *testing.T) {
	ds, dl := load(t, map[string]string{"site.toml": "title = \"x\""})
	noDiagnostics(t, dl)
	if len(ds.Years) != 0 {
		t.Errorf("years: %+v", ds.Years)
	}
	// data/ as a file is an error.
	_, dl = load(t, map[string]string{"data": "x"})
	if len(dl.Errors()) != 1 {
		t.Errorf("data as a file: %q", texts(dl.All()))
	}
}

func TestYearsAscending(t *testing.T) {
	row := csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100")
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": row,
		"data/2019/schools.csv": row,
		"data/2022/schools.csv": row,
		"data/.git/schools.csv": row,
		"data/README.md":        "hi",
	})
	noDiagnostics(t, dl)
	var years []int
	for _, y := range ds.Years {
		years = append(years, y.Year)
		if y.Counties[0].Year != y.Year {
			t.Errorf("input year %d in year %d", y.Counties[0].Year, y.Year)
		}
	}
	if !reflect.DeepEqual(years, []int{2019, 2022, 2024}) {
		t.Errorf("years %v", years)
	}
}

// TestCellSize: a cell over MaxCellBytes is an error at its line and
// column, and its row is not read; a line too long for any row is refused
// before the CSV is parsed.
func TestCellSize(t *testing.T) {
	long := strings.Repeat("长", MaxCellBytes/3+1)
	_, dl := load(t, map[string]string{"data/2024/schools.csv": csvLines(
		"学校标识码,学校名称,学段,城乡分类代码,在校生数",
		"1,第一小学,小学,111,100",
		"2,"+long+",小学,111,80",
	)})
	got := strings.Join(texts(dl.Errors()), "\n")
	if !strings.Contains(got, "data/2024/schools.csv:3: 学校名称: 第 2 列的单元格过长") {
		t.Errorf("errors:\n%s", got)
	}
	_, dl = load(t, map[string]string{"data/2024/schools.csv": csvLines(
		"学校标识码,学校名称,学段,城乡分类代码,在校生数",
		"1,第一小学,小学,111,100,"+strings.Repeat("x,", maxLineBytes/2),
	)})
	got = strings.Join(texts(dl.Errors()), "\n")
	if !strings.Contains(got, "data/2024/schools.csv:2: 本行过长") {
		t.Errorf("errors:\n%s", got)
	}
}
