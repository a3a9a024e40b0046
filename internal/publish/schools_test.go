package publish

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// loadInput reads the files of a site of one county and one year as a
// build does.
func loadInput(t *testing.T, files map[string]string) indicators.Input {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, body := range files {
		if err := afero.WriteFile(fsys, "/site/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, dl := data.Load(fsys, "/site")
	if errs := dl.Errors(); len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if len(ds.Years) != 1 || len(ds.Years[0].Counties) != 1 {
		t.Fatalf("want 1 year of 1 county, got %+v", ds)
	}
	return ds.Years[0].Counties[0]
}

func csvLines(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// readCSV parses an encoded schools.csv into header → cell maps, checking
// the byte-order mark.
func readCSV(t *testing.T, b []byte) (head []string, rows []map[string]string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head = recs[0]
	for _, r := range recs[1:] {
		m := make(map[string]string)
		for i, h := range head {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return head, rows
}

func TestSchoolsCSV(t *testing.T) {
	f := indicators.Given
	yes, no := true, false
	part := indicators.SchoolPart{
		SchoolID: "2150000001", SchoolName: "示例县第一小学", Level: indicators.Primary, UrbanRuralCode: 220,
		Students: 3, SchoolType: indicators.PrimarySchool, Township: "柳河乡",
		Teachers: f(1), QualifiedTeachers: f(1), BackboneTeachers: f(0), TeachingArea: f(0.0000001),
		EquipmentValue: f(123456789012), Boarding: &yes,
	}
	r := &indicators.Report{
		Year:      2024,
		County:    indicators.CountyRef{Name: "示例县", Code: "150000"},
		Standards: indicators.DefaultStandards(),
		Levels: indicators.LevelReports{Primary: &indicators.LevelReport{
			Schools: []indicators.SchoolResult{{
				SchoolID: part.SchoolID, SchoolName: part.SchoolName, Group: indicators.Rural, Students: 3,
				Values: map[indicators.Indicator]indicators.Figure{
					indicators.QualifiedTeachers: f(100.0 / 3), indicators.BackboneTeachers: f(0),
					indicators.TeachingArea: f(0.0000001 / 3), indicators.EquipmentValue: f(123456789012.0 / 3),
					indicators.PEArtTeachers: indicators.Missing,
				},
				Met: 2, Pass: &no,
				Shortfalls: map[indicators.Indicator]float64{indicators.BackboneTeachers: 1, indicators.TeachingArea: 13.4999999},
				Part:       part,
			}},
			Excluded: []indicators.Exclusion{{SchoolID: "2150000207", Reason: "教学点", SchoolName: "王家沟教学点", Level: indicators.Primary, Students: 12}},
		}},
	}
	head, rows := readCSV(t, SchoolsCSV(r))
	if head[0] != "年度" || len(head) != 12+16+1+21+4 {
		t.Errorf("header (%d): %q", len(head), head)
	}
	if len(rows) != 2 {
		t.Fatalf("rows: %d", len(rows))
	}
	s := rows[0]
	for col, want := range map[string]string{
		"年度": "2024", "区县代码": "150000", "区县名称": "示例县", "学校标识码": "2150000001", "学段": "小学",
		"城乡分类代码": "220", "城乡类别": "乡村", "办学类型": "小学", "办学性质": "公办", "乡镇": "柳河乡", "在校生数": "3",
		"专任教师数": "1", "持证专任教师数": "", "县级以上骨干教师数": "0", "寄宿制": "是",
		"教学及辅助用房面积(㎡)": "0.0000001", "教学仪器设备值(元)": "123456789012",
		// values in full precision, never an exponent
		"每百名学生拥有高于规定学历教师数":             "33.333333333333336",
		"每百名学生拥有高于规定学历教师数达标情况":         "达标",
		"每百名学生拥有高于规定学历教师数差距(人)":        "",
		"每百名学生拥有县级以上骨干教师数":             "0",
		"每百名学生拥有县级以上骨干教师数达标情况":         "未达标",
		"每百名学生拥有县级以上骨干教师数差距(人)":        "1",
		"每百名学生拥有体育、艺术(美术、音乐)专任教师数":     "",
		"每百名学生拥有体育、艺术(美术、音乐)专任教师数达标情况": "未提供",
		"生均教学及辅助用房面积(㎡)":               "0.000000033333333333333334",
		"生均教学及辅助用房面积(㎡)差距(㎡)":          "13.4999999",
		"生均教学仪器设备值(元)":                 "41152263004",
		"生均教学仪器设备值(元)达标情况":             "达标",
		"每百名学生拥有网络多媒体教室数达标情况":          "未提供",
		"达标指标数": "2", "学校达标情况": "未达标", "是否纳入差异系数计算": "纳入", "排除原因": "",
	} {
		if got := s[col]; got != want {
			t.Errorf("%s = %q, want %q", col, got, want)
		}
	}
	// A school with a value not given is neither 达标 nor 未达标: the CSV
	// says 暂不能判定, as the school's page and the year report do.
	r.Levels.Primary.Schools[0].Pass = nil
	if _, again := readCSV(t, SchoolsCSV(r)); again[0]["学校达标情况"] != "暂不能判定" {
		t.Errorf("学校达标情况 of a school not judged = %q, want 暂不能判定", again[0]["学校达标情况"])
	}
	e := rows[1]
	for col, want := range map[string]string{
		"学校标识码": "2150000207", "学校名称": "王家沟教学点", "学段": "小学", "在校生数": "12",
		"专任教师数": "", "学校达标情况": "", "是否纳入差异系数计算": "排除", "排除原因": "教学点",
	} {
		if got := e[col]; got != want {
			t.Errorf("excluded %s = %q, want %q", col, got, want)
		}
	}
	for _, row := range rows {
		for col, v := range row {
			if strings.ContainsAny(v, "eE") && v != "" && col != "学校名称" {
				t.Errorf("%s = %q has an exponent", col, v)
			}
		}
	}
}

func TestSchoolsCSVRoundTrip(t *testing.T) {
	// What the site publishes reads back as schools.csv, giving the inputs
	// as apportioned, for included and excluded parts alike.
	in := loadInput(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"学校标识码,学校名称,学段,城乡分类代码,在校生数,办学类型,办学性质,乡镇,班级数,最大班额,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值(万元),网络多媒体教室数,寄宿制",
			"20,育才学校,小学,111,820,九年一贯制学校,公办,城关街道,19,45,48,43,18,8,,,,,否",
			"20,育才学校,初中,111,540,九年一贯制学校,公办,城关街道,11,50,45,41,12,5,,,,,否",
			"30,博雅学校,小学,111,600,小学,民办,城关街道,15,45,30,28,3,5,2520,3000,126,12,",
			"40,柳河小学,小学,210,0,小学,公办,柳河乡,6,20,10,8,0,1,800,3000,30,4,是",
			"50,石门中学,初中,210,300,初中,公办,石门乡,8,42,29,16,1,2,2500,5000,72.8,7,是",
		),
		"data/2024/shared_facilities.csv": csvLines("学校标识码,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数", "20,7600,14000,4300000,35"),
	})
	std := indicators.DefaultStandards()
	rep := indicators.Compute(in, std)
	out := SchoolsCSVInput(rep, in)
	_, rows := readCSV(t, out)
	if len(rows) != 5 {
		t.Fatalf("want 5 rows (3 in scope, 2 excluded), got %d", len(rows))
	}

	// Every input cell is the apportioned figure in full precision, for
	// included and excluded parts alike.
	want := indicators.Apportion(in.Parts, in.Shared, std.Weights)
	type key struct{ id, level string }
	byKey := map[key]indicators.SchoolPart{}
	for _, p := range want {
		byKey[key{p.SchoolID, layout.LevelName(p.Level)}] = p
	}
	for _, row := range rows {
		p, ok := byKey[key{row["学校标识码"], row["学段"]}]
		if !ok {
			t.Errorf("unexpected row %v", row)
			continue
		}
		delete(byKey, key{row["学校标识码"], row["学段"]})
		if row["在校生数"] != strconv.Itoa(p.Students) || row["办学类型"] != string(p.SchoolType) || row["乡镇"] != p.Township {
			t.Errorf("row %s: %v", p.SchoolID, row)
		}
		for _, c := range data.FigureColumns() {
			if got, want := row[c.Header], figureCell(c.Figure(&p)); got != want {
				t.Errorf("%s %s %s = %q, want %q", p.SchoolID, p.Level, c.Header, got, want)
			}
			// and it parses back to the very same number
			if fig := c.Figure(&p); fig.Given {
				if v, err := strconv.ParseFloat(row[c.Header], 64); err != nil || v != fig.Value {
					t.Errorf("%s does not read back: %v", c.Header, v)
				}
			}
		}
	}
	if len(byKey) != 0 {
		t.Errorf("parts not written: %v", byKey)
	}
	// The shared facilities were apportioned (1 : 1.1), in full precision.
	_, rows2 := readCSV(t, out)
	if rows2[0]["教学及辅助用房面积(㎡)"] != data.FormatNumber(7600*820/(820+1.1*540)) {
		t.Errorf("apportioned teaching area %s", rows2[0]["教学及辅助用房面积(㎡)"])
	}
	// The excluded parts are there with their reasons.
	reasons := map[string]string{}
	for _, row := range rows {
		reasons[row["学校标识码"]] = row["是否纳入差异系数计算"] + ":" + row["排除原因"]
	}
	if reasons["30"] != "排除:民办学校" || reasons["40"] != "排除:在校生数为0" || reasons["50"] != "纳入:" {
		t.Errorf("exclusions: %v", reasons)
	}
}
