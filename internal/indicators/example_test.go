package indicators_test

import (
	"fmt"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Two primary schools: 县级以上骨干教师 per 100 students and the
// student-weighted 差异系数 across them. By hand: 12/1000×100 = 1.2 and
// 1/200×100 = 0.5; the county's value is 13/1200×100 = 1.0833; the
// weighted variance (1000×0.1167² + 200×0.5833²)/1200 = 0.06806, so
// CV = √0.06806 / 1.0833 = 0.241.
func ExampleCompute() {
	in := indicators.Input{
		Year:   2024,
		County: indicators.County{Name: "示例县", Code: "150000"},
		Parts: []indicators.SchoolPart{
			{SchoolID: "1", SchoolName: "城关小学", Level: indicators.Primary, UrbanRuralCode: 111, Students: 1000,
				SchoolType: indicators.PrimarySchool, BackboneTeachers: indicators.Given(12)},
			{SchoolID: "2", SchoolName: "柳河小学", Level: indicators.Primary, UrbanRuralCode: 210, Students: 200,
				SchoolType: indicators.PrimarySchool, BackboneTeachers: indicators.Given(1)},
		},
	}
	r := indicators.Compute(in, indicators.DefaultStandards())
	lr := r.Levels.Get(indicators.Primary)
	for _, s := range lr.Schools {
		fmt.Printf("%s: %.1f 人/百名学生\n", s.SchoolName, s.Values[indicators.BackboneTeachers].Value)
	}
	ind := lr.Indicators[indicators.BackboneTeachers]
	fmt.Printf("全县 %.3f，差异系数 %.3f（标准 ≤ %.2f）\n", ind.Value.Value, ind.CV.Value, ind.CVLimit)
	// Output:
	// 城关小学: 1.2 人/百名学生
	// 柳河小学: 0.5 人/百名学生
	// 全县 1.083，差异系数 0.241（标准 ≤ 0.50）
}
