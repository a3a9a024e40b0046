package build

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// A small county whose figures are easy to check by hand.
const schoolsCSV = `学校标识码,学校名称,学段,城乡分类代码,在校生数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积(㎡),体育运动场馆面积(㎡),教学仪器设备值(万元),网络多媒体教室数
1001,城关小学,小学,111,1000,60,50,12,10,5000,8000,250,25
1002,河口小学,小学,220,500,30,22,4,5,2400,4000,90,12
2001,城关中学,初中,111,800,60,50,10,8,5000,9000,240,20
`

const countyTOML = `name = "测试县"
code = "159999"
as_of = 2024-09-30
source = "2024年教育事业统计"

[recognition]
satisfaction = "91%"
`

func dataSite(t *testing.T, extraSite string) map[string]string {
	return map[string]string{
		"site.toml":             minimalSite + extraSite,
		"data/2024/schools.csv": schoolsCSV,
		"data/2024/county.toml": countyTOML,
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestIndicatorsJSONFollowsTheContract(t *testing.T) {
	fsys := site(t, dataSite(t, ""))
	if _, d, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(diagText(d))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(read(t, fsys, "/site/public/data/2024/indicators.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys(doc), ","); got != "assurance,county,levels,overall,quality,recognition,year" {
		t.Errorf("top-level keys = %s", got)
	}
	levels := doc["levels"].(map[string]any)
	primary := levels["primary"].(map[string]any)
	if got := strings.Join(keys(primary), ","); got != "excluded,indicators,pass,schools,students" {
		t.Errorf("level keys = %s", got)
	}
	if primary["students"].(float64) != 1500 {
		t.Errorf("primary students = %v, want 1500", primary["students"])
	}
	ind := primary["indicators"].(map[string]any)["backbone_teachers"].(map[string]any)
	if got := strings.Join(keys(ind), ","); got != "cv,cv_limit,cv_pass,groups,threshold,value" {
		t.Errorf("indicator keys = %s", got)
	}
	// Backbone teachers per 100 students, ratio of totals: (12+4)/1500×100
	// = 1.0666…; full precision, not rounded.
	if v := ind["value"].(float64); v != 16.0/1500*100 {
		t.Errorf("county value = %v, want %v", v, 16.0/1500*100)
	}
	// CV by hand: X1 = 1.2 (P 1000), X2 = 0.8 (P 500), X̄ = 16/15.
	// S² = (2/3)(1.2−16/15)² + (1/3)(0.8−16/15)² = (2/3)(2/15)² + (1/3)(4/15)²
	//    = 8/675 + 16/675 = 24/675 → S = 0.188561…; CV = S/X̄ = 0.176776…
	if cv := ind["cv"].(float64); cv < 0.1767766 || cv > 0.1767767 {
		t.Errorf("cv = %v, want 0.1767767 (worked by hand)", cv)
	}
	groups := ind["groups"].(map[string]any)
	if got := strings.Join(keys(groups), ","); got != "rural,town,urban" {
		t.Errorf("groups = %s", got)
	}
	if town := groups["town"].(map[string]any); town["value"] != nil || town["schools"].(float64) != 0 {
		t.Errorf("a group without schools must have value null and 0 schools: %v", town)
	}
	school := primary["schools"].([]any)[0].(map[string]any)
	if got := strings.Join(keys(school), ","); got != "group,met,pass,school_id,school_name,shortfalls,students,values" {
		t.Errorf("school keys = %s", got)
	}
	// 250 万元 scales to 2,500,000 元 over 1000 students = 2500 元.
	if v := school["values"].(map[string]any)["equipment_value"].(float64); v != 2500 {
		t.Errorf("equipment value per student = %v, want 2500", v)
	}
	if doc["recognition"].(map[string]any)["value"].(float64) != 0.91 {
		t.Errorf("recognition = %v", doc["recognition"])
	}
	// Most county items are not given: overall cannot be a pass.
	if doc["overall"] == "pass" {
		t.Error("overall pass although county items are missing")
	}
	csv := read(t, fsys, "/site/public/data/2024/schools.csv")
	if !strings.HasPrefix(csv, "\uFEFF") || !strings.Contains(csv, "学校名称") || !strings.Contains(csv, "城关小学") {
		t.Error("schools.csv must be UTF-8 with BOM and Chinese headers")
	}
}

func TestStandardsOverrideFromSiteToml(t *testing.T) {
	fsys := site(t, dataSite(t, "\n[standards.primary]\nbackbone_teachers = 1.25\ncv_limit = 0.1\n"))
	if _, d, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(diagText(d))
	}
	var doc struct {
		Levels struct {
			Primary struct {
				Indicators map[string]struct {
					Threshold float64 `json:"threshold"`
					CVLimit   float64 `json:"cv_limit"`
					CVPass    *bool   `json:"cv_pass"`
				} `json:"indicators"`
				Schools []struct {
					SchoolID string `json:"school_id"`
					Met      int    `json:"met"`
				} `json:"schools"`
			} `json:"primary"`
		} `json:"levels"`
	}
	if err := json.Unmarshal([]byte(read(t, fsys, "/site/public/data/2024/indicators.json")), &doc); err != nil {
		t.Fatal(err)
	}
	bt := doc.Levels.Primary.Indicators["backbone_teachers"]
	if bt.Threshold != 1.25 || bt.CVLimit != 0.1 || bt.CVPass == nil || *bt.CVPass {
		t.Errorf("override not applied: %+v (CV 0.177 > 0.1 must fail)", bt)
	}
	if doc.Levels.Primary.Indicators["qualified_teachers"].Threshold != 4.2 {
		t.Error("a threshold not overridden must keep the national default")
	}
	std := read(t, fsys, "/site/public/data/2024/standards.json")
	if !strings.Contains(std, `"backbone_teachers": 1.25`) || !strings.Contains(std, `"floor_share": 0.85`) {
		t.Errorf("standards.json does not record the values used:\n%s", std)
	}
}

func TestBadStandardsAndDataFailTheBuild(t *testing.T) {
	files := dataSite(t, "\n[standards.primary]\nbackbone_teacher = 1.25\n")
	files["data/2024/schools.csv"] = schoolsCSV + "1003,新村小学,小学,999,12a,,,,,,,,\n"
	fsys := site(t, files)
	_, diags, err := buildSite(t, fsys, Options{})
	if err == nil {
		t.Fatal("build succeeded")
	}
	text := diagText(diags)
	for _, want := range []string{
		"site.toml:7: standards.primary.backbone_teacher: 未知的键",
		`data/2024/schools.csv:5: 城乡分类代码 (urban_rural_code): "999"`,
		`data/2024/schools.csv:5: 在校生数 (students): "12a"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("errors lack %q:\n%s", want, text)
		}
	}
}

func TestSeveralCountiesArePublishedPerCounty(t *testing.T) {
	fsys := site(t, map[string]string{
		"site.toml": minimalSite,
		"data/2024/schools.csv": "区县代码,区县名称,学校标识码,学校名称,学段,城乡分类代码,在校生数\n" +
			"150101,甲县,1,甲县一小,小学,111,500\n150102,乙县,2,乙县一小,小学,220,300\n",
	})
	if _, d, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(diagText(d))
	}
	for _, code := range []string{"150101", "150102"} {
		js := read(t, fsys, "/site/public/data/2024/county/"+code+"/indicators.json")
		if !strings.Contains(js, `"code": "`+code+`"`) {
			t.Errorf("county %s: wrong file content", code)
		}
		read(t, fsys, "/site/public/data/2024/county/"+code+"/schools.csv")
	}
}
