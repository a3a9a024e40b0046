package data

import (
	"golang.org/x/text/encoding/simplifiedchinese"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// fullCountyTOML is the county.toml of the data-format spec.
const fullCountyTOML = `name = "示例县"                  # 区县名称
code = "150000"                  # 区县代码
as_of = 2024-09-30               # 统计时点
source = "2024年教育事业统计"     # 数据来源
notes = "统计口径说明 ……"          # shown with every table and chart of that year

[assurance]                      # 政府保障程度 (spec/indicators.md §3)
layout_planned = true
four_unified = true
small_school_funding_floor = true
special_school_funding_per_student = 7000
teacher_salary_avg = 98000
civil_servant_salary_avg = 95000
performance_pay_full = true
training_360_completion = 1.0
staffing_coordinated = true
exchange_eligible_teachers = 800
exchange_teachers = 90
exchange_backbone_teachers = 20
certified_rate = 1.0
nearby_enrollment_primary = 1.0
nearby_enrollment_junior = 0.97
quota_allocation_share = 0.55
quota_rural_preference = true
left_behind_care = true
migrant_public_share = 0.90

[quality]                        # 教育质量 (§4)
junior_retention_rate = 0.96
disabled_enrollment_rate = 0.97
charters_and_it = true
training_funds_share = 0.06
it_teaching = true
moral_education = "良好"          # 优秀 / 良好 / 一般 / 较差
curriculum_complete = true
no_excess_burden = true
monitoring_level = 3             # Ⅲ级
monitoring_gap_rate = 0.12

[recognition]                    # 社会认可度 (§5)
satisfaction = 0.91
`

func county(t *testing.T, src string) (indicators.County, *diag.List) {
	t.Helper()
	var dl diag.List
	c, _ := readCounty([]byte(src), "data/2024/county.toml", &dl)
	return c, &dl
}

func TestCountyTOMLFull(t *testing.T) {
	c, dl := county(t, fullCountyTOML)
	noDiagnostics(t, dl)
	f := indicators.Given
	yes := true
	y := &yes
	want := indicators.County{
		Name: "示例县", Code: "150000", AsOf: "2024-09-30", Source: "2024年教育事业统计", Notes: "统计口径说明 ……",
		Assurance: indicators.Assurance{
			LayoutPlanned: y, FourUnified: y, SmallSchoolFundingFloor: y,
			SpecialSchoolFundingPerStudent: f(7000), TeacherSalaryAvg: f(98000), CivilServantSalaryAvg: f(95000),
			PerformancePayFull: y, Training360Completion: f(1), StaffingCoordinated: y,
			ExchangeEligibleTeachers: f(800), ExchangeTeachers: f(90), ExchangeBackboneTeachers: f(20),
			CertifiedRate: f(1), NearbyEnrollmentPrimary: f(1), NearbyEnrollmentJunior: f(0.97),
			QuotaAllocationShare: f(0.55), QuotaRuralPreference: y, LeftBehindCare: y, MigrantPublicShare: f(0.9),
		},
		Quality: indicators.Quality{
			JuniorRetentionRate: f(0.96), DisabledEnrollmentRate: f(0.97), ChartersAndIT: y,
			TrainingFundsShare: f(0.06), ITTeaching: y, MoralEducation: "良好", CurriculumComplete: y,
			NoExcessBurden: y, MonitoringLevel: f(3), MonitoringGapRate: f(0.12),
		},
		Recognition: indicators.Recognition{Satisfaction: f(0.91)},
	}
	if got, w := fmtCounty(c), fmtCounty(want); got != w {
		t.Errorf("county:\n got %s\nwant %s", got, w)
	}
}

// fmtCounty prints a County with its *bool values, for comparison.
func fmtCounty(c indicators.County) string {
	var b strings.Builder
	for _, k := range countyKeys {
		b.WriteString(k.table + "." + k.key + "=")
		switch {
		case k.s != nil:
			b.WriteString(*k.s(&c))
		case k.b != nil:
			if p := *k.b(&c); p == nil {
				b.WriteString("nil")
			} else if *p {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		case k.f != nil:
			if fig := *k.f(&c); fig.Given {
				b.WriteString(formatNumber(fig.Value))
			} else {
				b.WriteString("missing")
			}
		}
		b.WriteString(" ")
	}
	return b.String()
}

func TestCountyTOMLForms(t *testing.T) {
	c, dl := county(t, `as_of = "2023-09-30"
code = 150000
[assurance]
certified_rate = "97%"
training_360_completion = "97.5%"
nearby_enrollment_junior = "９６．５％"
migrant_public_share = 1
quota_allocation_share = " 55 % "
[quality]
monitoring_level = "Ⅲ级"
junior_retention_rate = 0
[recognition]
satisfaction = "97.123%"
`)
	noDiagnostics(t, dl)
	if c.AsOf != "2023-09-30" || c.Code != "150000" {
		t.Errorf("as_of %q code %q", c.AsOf, c.Code)
	}
	a := c.Assurance
	for _, tc := range []struct {
		got  indicators.Figure
		want float64
	}{
		{a.CertifiedRate, 0.97}, {a.Training360Completion, 0.975}, {a.NearbyEnrollmentJunior, 0.965},
		{a.MigrantPublicShare, 1}, {a.QuotaAllocationShare, 0.55}, {c.Quality.MonitoringLevel, 3},
		{c.Quality.JuniorRetentionRate, 0}, {c.Recognition.Satisfaction, 0.97123},
	} {
		// Exact: "97.123%" is the double nearest 0.97123, not 97.123/100.
		if tc.got != indicators.Given(tc.want) {
			t.Errorf("got %+v, want %v", tc.got, tc.want)
		}
	}
	// Keys not written stay 未提供.
	if a.LayoutPlanned != nil || a.TeacherSalaryAvg.Given || c.Quality.MoralEducation != "" {
		t.Errorf("unwritten keys given: %+v", c)
	}
}

func TestCountyTOMLErrors(t *testing.T) {
	_, dl := county(t, `name = "示例县"
as_of = 2024-09-30T08:00:00
[assurance]
certified_rate = 97
training_360_completion = 97.5
layout_planed = true
four_unified = "是"
exchange_teachers = 90.5
teacher_salary_avg = -1
nearby_enrollment_primary = "1.0"
migrant_public_share = "120%"
[quality]
moral_education = "好"
monitoring_level = 5
satisfaction = 0.9
[recognition]
satisfaction = -0.1
name = "x"
[extra]
a = 1
`)
	f := "data/2024/county.toml:"
	wantDiag(t, dl.Errors(),
		f+`2: as_of: "2024-09-30T08:00:00": 应为日期, 如 2024-09-30 (不带时间)`,
		f+`4: assurance.certified_rate: "97": 比例不能大于1; 请写作 0.97 或 "97%"`,
		f+`5: assurance.training_360_completion: "97.5": 比例不能大于1; 请写作 0.975 或 "97.5%"`,
		f+`6: assurance.layout_planed: 未知的键 (可能拼写有误); 是否想写 layout_planned?`,
		f+`7: assurance.four_unified: "是": 应为 true 或 false (不加引号)`,
		f+`8: assurance.exchange_teachers: "90.5": 应为不小于0的整数`,
		f+`9: assurance.teacher_salary_avg: "-1": 不能为负数`,
		f+`10: assurance.nearby_enrollment_primary: "1.0": 应为 0 到 1 之间的小数, 或带百分号的字符串如 "97%"`,
		f+`11: assurance.migrant_public_share: "120%": 百分比不能大于100%`,
		f+`13: quality.moral_education: "好": 应为 "优秀"、"良好"、"一般"、"较差" 之一`,
		f+`14: quality.monitoring_level: "5": 应为 1 到 4 的整数 (3 表示 Ⅲ级), 或 "Ⅲ级" 这样的写法`,
		f+`15: quality.satisfaction: 未知的键; 该键应写在 [recognition] 表中`,
		f+`17: recognition.satisfaction: "-0.1": 比例不能为负数`,
		f+`18: recognition.name: 未知的键; 该键应写在文件开头, 在任何 [表] 之前`,
		f+`19: extra: 未知的表; 可用的表: [assurance] [quality] [recognition]`,
	)
	if n := len(dl.Errors()); n != 15 {
		t.Errorf("want 15 errors, got %d:\n%s", n, strings.Join(texts(dl.Errors()), "\n"))
	}
}

func TestCountyTOMLSyntaxError(t *testing.T) {
	_, dl := county(t, "name = \"示例县\"\n[assurance]\ncertified_rate = 0.97\nlayout_planned = yes\n")
	errs := dl.Errors()
	// In Chinese, at the column, with what to write instead.
	if len(errs) != 1 || errs[0].Line != 4 || errs[0].Col != 18 || !strings.HasPrefix(errs[0].Msg, "TOML 语法错误：") || !strings.Contains(errs[0].Msg, "true") || strings.Contains(errs[0].Msg, "expected") {
		t.Errorf("syntax error: %q", texts(errs))
	}
	_, dl = county(t, "name = \"a\"\nname = \"b\"\n")
	if errs := dl.Errors(); len(errs) != 1 || errs[0].Line != 2 || errs[0].Col != 1 || !strings.Contains(errs[0].Msg, "name 重复") {
		t.Errorf("duplicate key: %q", texts(errs))
	}
	// The parser places an error at a line's end on the next line.
	for _, src := range []string{"name = \"a\"\n[assurance\ncertified_rate = 1\n", "name = \"a\"\nnotes = \n[quality]\n"} {
		_, dl = county(t, src)
		if errs := dl.Errors(); len(errs) != 1 || errs[0].Line != 2 {
			t.Errorf("%q: error at a line's end: %q", src, texts(errs))
		}
	}
}

func TestCountyTOMLKeyLines(t *testing.T) {
	// Inline tables, dotted and quoted keys, multi-line strings that look
	// like keys.
	_, dl := county(t, `notes = """
bogus = 1
"""
recognition = { satisfaction = 0.9, satisfactoin = 1 }
assurance."layout_planned" = true
assurance.four_unifed = true
[quality]
'it_teching' = true
`)
	f := "data/2024/county.toml:"
	wantDiag(t, dl.Errors(),
		f+`4: recognition.satisfactoin: 未知的键 (可能拼写有误); 是否想写 satisfaction?`,
		f+`6: assurance.four_unifed: 未知的键 (可能拼写有误); 是否想写 four_unified?`,
		f+`8: quality.it_teching: 未知的键 (可能拼写有误); 是否想写 it_teaching?`,
	)
	if len(dl.All()) != 3 {
		t.Errorf("diagnostics: %q", texts(dl.All()))
	}
}

func TestCountyTOMLWarnings(t *testing.T) {
	_, dl := county(t, "[assurance]\nexchange_eligible_teachers = 100\nexchange_teachers = 120\nexchange_backbone_teachers = 130\n")
	noErrors(t, dl)
	wantDiag(t, dl.Warnings(),
		`data/2024/county.toml:3: assurance.exchange_teachers: 交流轮岗教师数大于符合交流条件教师数; 请核对`,
		`data/2024/county.toml:4: assurance.exchange_backbone_teachers: 交流轮岗骨干教师数大于交流轮岗教师数; 请核对`,
	)
}

func TestCountyTOMLInSite(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数,区县名称", "1,a,小学,111,100,别的县"),
		"data/2024/county.toml": fullCountyTOML,
	})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	// county.toml's name wins over the county_name column.
	if in.County.Name != "示例县" || in.County.Code != "150000" || in.County.Recognition.Satisfaction != indicators.Given(0.91) {
		t.Errorf("county: %+v", in.County)
	}
	// A county.toml in GB18030 (Notepad's ANSI on Chinese Windows) reads too.
	gb, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100"),
		"data/2024/county.toml": encode(t, gbEnc, fullCountyTOML),
	})
	noDiagnostics(t, dl)
	if got := onlyCounty(t, gb).County; fmtCounty(got) != fmtCounty(in.County) {
		t.Errorf("GB18030 county.toml reads differently")
	}
}

var gbEnc = simplifiedchinese.GB18030
