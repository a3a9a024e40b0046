package area

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

func TestProgressOf(t *testing.T) {
	const (
		pass       = indicators.OverallPass
		fail       = indicators.OverallFail
		incomplete = indicators.OverallIncomplete
	)
	for _, c := range []struct {
		what    string
		overall indicators.Overall
		target  int
		year    int
		want    Progress
	}{
		{"target this year, failing", fail, 2024, 2024, Overdue},
		{"target this year, incomplete", incomplete, 2024, 2024, Overdue},
		{"target this year, passing", pass, 2024, 2024, Achieved},
		{"target last year, failing", fail, 2023, 2024, Overdue},
		{"target next year, failing", fail, 2025, 2024, Pending},
		{"target next year, incomplete", incomplete, 2025, 2024, Pending},
		{"achieved early: target 2026, passing in 2024", pass, 2026, 2024, Achieved},
		{"achieved late: target 2023, passing in 2024", pass, 2023, 2024, Achieved},
		{"the same county the year before its target", fail, 2023, 2022, Pending},
		{"no target, failing", fail, 0, 2024, None},
		{"no target, incomplete", incomplete, 0, 2024, None},
		{"no target, passing", pass, 0, 2024, Achieved},
	} {
		if got := ProgressOf(c.overall, c.target, c.year); got != c.want {
			t.Errorf("%s: %s, want %s", c.what, got, c.want)
		}
	}
}

func bp(b bool) *bool { return &b }

// items returns n items: the statuses given first, then passing ones.
func items(n int, first ...indicators.Status) []indicators.Item {
	out := make([]indicators.Item, n)
	for i := range out {
		out[i] = indicators.Item{Item: i + 1, Status: indicators.Pass}
		if i < len(first) {
			out[i].Status = first[i]
		}
	}
	return out
}

// report is a county report with the given levels and verdicts.
func report(year int, code, name string, overall indicators.Overall, primary, junior *indicators.LevelReport, assurance, quality []indicators.Item, recognition indicators.Status) *indicators.Report {
	return &indicators.Report{
		Year: year, County: indicators.CountyRef{Code: code, Name: name},
		Levels:    indicators.LevelReports{Primary: primary, Junior: junior},
		Assurance: assurance, Quality: quality,
		Recognition: indicators.Verdict{Status: recognition},
		Overall:     overall,
		Standards:   indicators.DefaultStandards(),
	}
}

// level is a level report of schools with the given verdicts and CVs.
func level(pass *bool, schools []*bool, cvPass ...*bool) *indicators.LevelReport {
	lr := &indicators.LevelReport{Pass: pass, Indicators: map[indicators.Indicator]*indicators.IndicatorResult{}}
	for _, p := range schools {
		lr.Schools = append(lr.Schools, indicators.SchoolResult{Pass: p})
	}
	for i, cp := range cvPass {
		lr.Indicators[indicators.Indicators[i]] = &indicators.IndicatorResult{CVPass: cp}
	}
	return lr
}

func TestCountyRow(t *testing.T) {
	// 小学: 4 parts in the CV, of them 2 pass, 1 fails, 1 is open; CVs: 2
	// over the limit, 1 within, 1 not computable. 初中: none.
	// 政府保障程度: items 1 and 2 fail, 3 missing, 12 pass. 教育质量: 1
	// missing, 8 pass.
	r := report(2024, "150101", "甲区", indicators.OverallFail,
		level(bp(false), []*bool{bp(true), bp(false), nil, bp(true)}, bp(false), bp(true), nil, bp(false)),
		nil,
		items(15, indicators.Fail, indicators.Fail, indicators.MissingData),
		items(9, indicators.MissingData),
		indicators.Pass)
	y := New(2024, []*indicators.Report{r}, Targets{AllBy: 2030, Counties: map[string]Target{"150101": {Year: 2025, Note: "第一批创建"}}})
	if len(y.Counties) != 1 {
		t.Fatalf("counties: %+v", y.Counties)
	}
	c := y.Counties[0]
	want := County{
		Code: "150101", Name: "甲区", Overall: indicators.OverallFail,
		Primary:     &Level{Pass: bp(false), Schools: 4, SchoolsPass: 2, CVOver: 2},
		Assurance:   Items{Status: indicators.Fail, Met: 12, Of: 15},
		Quality:     Items{Status: indicators.MissingData, Met: 8, Of: 9},
		Recognition: indicators.Pass,
		Target:      Target{Year: 2025, Note: "第一批创建"},
		Progress:    Pending,
		Report:      r,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("row\n %+v\nwant\n %+v", c, want)
	}
	if c.Level(indicators.Primary) != c.Primary || c.Level(indicators.Junior) != nil {
		t.Error("Level")
	}
}

func TestSummary(t *testing.T) {
	pass := func(code string) *indicators.Report {
		return report(2024, code, code, indicators.OverallPass, level(bp(true), []*bool{bp(true)}), level(bp(true), []*bool{bp(true)}),
			items(15), items(9), indicators.Pass)
	}
	rs := []*indicators.Report{
		// Given out of order: rows come by code.
		report(2024, "150105", "戊县", indicators.OverallIncomplete, level(nil, []*bool{nil}), nil,
			items(15, indicators.MissingData), items(9), indicators.MissingData),
		pass("150101"),
		report(2024, "150102", "乙县", indicators.OverallFail, level(bp(false), []*bool{bp(false)}), level(bp(true), []*bool{bp(true)}),
			items(15), items(9, indicators.Fail), indicators.Pass),
		report(2024, "150103", "丙县", indicators.OverallFail, level(bp(true), []*bool{bp(true)}), level(bp(false), []*bool{bp(true)}, bp(false)),
			items(15, indicators.Fail), items(9), indicators.Fail),
		pass("150104"),
		report(2023, "150103", "丙县", indicators.OverallPass, nil, nil, nil, nil, indicators.Pass), // another year
	}
	targets := Targets{Counties: map[string]Target{
		"150101": {Year: 2024}, // achieved on time
		"150102": {Year: 2024}, // overdue
		"150103": {Year: 2025}, // pending
		"150104": {Year: 2026}, // achieved early
		// 150105: none
	}}
	y := New(2024, rs, targets)
	var codes []string
	var progress []Progress
	for _, c := range y.Counties {
		codes = append(codes, c.Code)
		progress = append(progress, c.Progress)
	}
	if want := []string{"150101", "150102", "150103", "150104", "150105"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("codes %v, want %v", codes, want)
	}
	if want := []Progress{Achieved, Overdue, Pending, Achieved, None}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	want := Summary{
		Counties: 5, Pass: 2, Achieved: 2, Pending: 1, Overdue: 1, None: 1,
		Primary:     Tally{Pass: 3, Fail: 1, Open: 1},
		Junior:      Tally{Pass: 3, Fail: 1}, // 150105 has no 初中
		Assurance:   Tally{Pass: 3, Fail: 1, Open: 1},
		Quality:     Tally{Pass: 4, Fail: 1},
		Recognition: Tally{Pass: 3, Fail: 1, Open: 1},
	}
	if y.Summary != want {
		t.Errorf("summary\n %+v\nwant\n %+v", y.Summary, want)
	}
}

// TestJSON checks counties.json byte for byte: the keys of the contract in
// their order, null for a target not given and for an open level, {} for a
// county without 初中, no HTML escaping, a final newline.
func TestJSON(t *testing.T) {
	rs := []*indicators.Report{
		report(2024, "150101", "甲区", indicators.OverallPass, level(bp(true), []*bool{bp(true), bp(true)}, bp(true)), level(bp(true), []*bool{bp(true)}),
			items(15), items(9), indicators.Pass),
		report(2024, "150102", "乙&县", indicators.OverallIncomplete, level(nil, []*bool{bp(true), nil}, bp(false)), nil,
			items(15, indicators.MissingData), items(9, indicators.Fail), indicators.MissingData),
	}
	y := New(2024, rs, Targets{Counties: map[string]Target{"150101": {Year: 2023}}})
	got, err := y.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "year": 2024,
  "all_by": null,
  "summary": {
    "counties": 2,
    "pass": 1,
    "achieved": 1,
    "pending": 0,
    "overdue": 0,
    "none": 1
  },
  "counties": [
    {
      "code": "150101",
      "name": "甲区",
      "overall": "pass",
      "primary": {
        "pass": true,
        "schools": 2,
        "schools_pass": 2,
        "cv_over": 0
      },
      "junior": {
        "pass": true,
        "schools": 1,
        "schools_pass": 1,
        "cv_over": 0
      },
      "assurance": {
        "status": "pass",
        "met": 15,
        "of": 15
      },
      "quality": {
        "status": "pass",
        "met": 9,
        "of": 9
      },
      "recognition": {
        "status": "pass"
      },
      "target_year": 2023,
      "progress": "achieved"
    },
    {
      "code": "150102",
      "name": "乙&县",
      "overall": "incomplete",
      "primary": {
        "pass": null,
        "schools": 2,
        "schools_pass": 1,
        "cv_over": 1
      },
      "junior": {},
      "assurance": {
        "status": "missing",
        "met": 14,
        "of": 15
      },
      "quality": {
        "status": "fail",
        "met": 8,
        "of": 9
      },
      "recognition": {
        "status": "missing"
      },
      "target_year": null,
      "progress": "none"
    }
  ]
}
`
	if string(got) != want {
		t.Errorf("counties.json:\n%s\nwant\n%s", got, want)
	}
	y = New(2024, rs, Targets{AllBy: 2030})
	if got, _ := y.JSON(); !strings.Contains(string(got), `"all_by": 2030,`) {
		t.Errorf("all_by not written:\n%s", got)
	}
	// A year without counties is still a valid file.
	if got, _ := New(2025, rs, Targets{}).JSON(); !strings.Contains(string(got), `"counties": []`) {
		t.Errorf("empty year:\n%s", got)
	}
}

// TestArea works the area's 城区/镇区/乡村 values out by hand: ratio of the
// totals over both counties' parts.
func TestArea(t *testing.T) {
	std := indicators.DefaultStandards()
	part := func(id string, ur, students int, qualified float64) indicators.SchoolPart {
		return indicators.SchoolPart{SchoolID: id, SchoolName: id, Level: indicators.Primary, SchoolType: indicators.PrimarySchool,
			UrbanRuralCode: ur, Students: students, QualifiedTeachers: indicators.Given(qualified)}
	}
	a := indicators.Compute(indicators.Input{Year: 2024, County: indicators.County{Code: "150101"}, Parts: []indicators.SchoolPart{
		part("a1", 111, 100, 5), part("a2", 210, 200, 8),
		{SchoolID: "a3", SchoolName: "a3", Level: indicators.Primary, SchoolType: indicators.PrimarySchool, UrbanRuralCode: 111, Students: 500, Private: true,
			QualifiedTeachers: indicators.Given(100)}, // 民办: outside the CV, so outside the area too
	}}, std)
	b := indicators.Compute(indicators.Input{Year: 2024, County: indicators.County{Code: "150102"}, Parts: []indicators.SchoolPart{
		part("b1", 112, 300, 9), part("b2", 220, 400, 20),
	}}, std)
	y := New(2024, []*indicators.Report{a, b}, Targets{})
	q := y.Area().Primary.Indicators[indicators.QualifiedTeachers]
	// 城区: (5 + 9) / (100 + 300) × 100 = 3.5; 乡村: (8 + 20) / (200 + 400)
	// × 100 = 4.666…; all: 42 / 1000 × 100 = 4.2; no 镇区 part.
	for g, want := range map[indicators.Group]float64{indicators.Urban: 3.5, indicators.Rural: 28.0 / 6} {
		if got := q.Groups[g]; !got.Value.Given || math.Abs(got.Value.Value-want) > 1e-12 || got.Schools != 2 {
			t.Errorf("%s: %+v, want %v over 2 parts", g, got, want)
		}
	}
	if got := q.Groups[indicators.Town]; got.Schools != 0 || got.Value.Given {
		t.Errorf("town: %+v", got)
	}
	if !q.Value.Given || math.Abs(q.Value.Value-4.2) > 1e-12 {
		t.Errorf("area value %+v, want 4.2", q.Value)
	}
	if y.Area().Junior != nil {
		t.Errorf("junior without parts: %+v", y.Area().Junior)
	}
	// The area's pages list no schools: its view keeps no roster, which
	// would hold every part of the year a second time.
	if n := len(y.Area().Primary.Roster); n != 0 {
		t.Errorf("the area's view keeps a roster of %d parts", n)
	}
	if got := y.Area().Primary.PassTally().All.N; got != 4 {
		t.Errorf("the area's view counts %d parts, want the 4 in the CV", got)
	}
	if got := New(2024, nil, Targets{}).Area(); got.Primary != nil || got.Junior != nil {
		t.Errorf("area without counties: %+v", got)
	}
}

// An incremental build keeps the reports of unchanged counties; a year made
// of the same reports takes the Area already computed, and a year with one
// report computed anew computes its own.
func TestKeepArea(t *testing.T) {
	std := indicators.DefaultStandards()
	county := func(code string, qualified float64) *indicators.Report {
		return indicators.Compute(indicators.Input{Year: 2024, County: indicators.County{Code: code}, Parts: []indicators.SchoolPart{
			{SchoolID: code + "1", SchoolName: "x", Level: indicators.Primary, SchoolType: indicators.PrimarySchool, UrbanRuralCode: 111, Students: 100, QualifiedTeachers: indicators.Given(qualified)},
		}}, std)
	}
	a, b := county("150101", 5), county("150102", 7)
	first := New(2024, []*indicators.Report{a, b}, Targets{})
	value := func(y *Year) float64 {
		return y.Area().Primary.Indicators[indicators.QualifiedTeachers].Value.Value
	}
	if got := value(first); got != 6 { // (5 + 7) / 200 × 100
		t.Fatalf("area value %v, want 6", got)
	}
	kept := New(2024, []*indicators.Report{a, b}, Targets{})
	kept.KeepArea(first)
	if kept.Area().Primary != first.Area().Primary {
		t.Error("a year of the same reports computed its area again")
	}
	// Kept over several builds, it still points at the one computed.
	again := New(2024, []*indicators.Report{a, b}, Targets{})
	again.KeepArea(kept)
	if again.Area().Primary != first.Area().Primary || again.same != first {
		t.Error("a year kept twice does not share the first year's area")
	}
	// One county changed (a new report): computed anew, with the new figure.
	changed := New(2024, []*indicators.Report{a, county("150102", 9)}, Targets{})
	changed.KeepArea(first)
	if got := value(changed); got != 7 {
		t.Errorf("changed year's area value %v, want 7 (not the kept 6)", got)
	}
	fewer := New(2024, []*indicators.Report{a}, Targets{})
	fewer.KeepArea(first)
	if got := value(fewer); got != 5 {
		t.Errorf("a year with one county less: area value %v, want 5", got)
	}
}

// Levels of the parts AppendParts gives, county after county in code
// order, is Area: what a build that drops each full report as soon as it
// is summarised computes instead.
func TestLevelsAsArea(t *testing.T) {
	std := indicators.DefaultStandards()
	county := func(code string, students int, qualified float64) *indicators.Report {
		return indicators.Compute(indicators.Input{Year: 2024, County: indicators.County{Code: code}, Parts: []indicators.SchoolPart{
			{SchoolID: code + "1", SchoolName: "x", Level: indicators.Primary, SchoolType: indicators.PrimarySchool, UrbanRuralCode: 111, Students: students, QualifiedTeachers: indicators.Given(qualified)},
			{SchoolID: code + "2", SchoolName: "y", Level: indicators.Primary, SchoolType: indicators.PrimarySchool, UrbanRuralCode: 220, Students: 2 * students, QualifiedTeachers: indicators.Given(qualified + 3)},
			{SchoolID: code + "3", SchoolName: "z", Level: indicators.Junior, SchoolType: indicators.JuniorSchool, UrbanRuralCode: 210, Students: students, QualifiedTeachers: indicators.Given(qualified - 1)},
		}}, std)
	}
	// Given out of code order: Area takes them by code.
	reports := []*indicators.Report{county("150103", 90, 7), county("150101", 100, 5), county("150102", 110, 6)}
	y := New(2024, reports, Targets{})
	var parts []indicators.SchoolPart
	for _, c := range y.Counties {
		parts = AppendParts(parts, c.Report)
	}
	if len(parts) != 9 {
		t.Fatalf("%d parts, want 9", len(parts))
	}
	got, want := Levels(2024, parts, std), y.Area()
	if want.Primary == nil || want.Junior == nil {
		t.Fatalf("area without both levels: %+v", want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Levels:\n%+v\nArea:\n%+v", got, want)
	}
	if got.Primary.Indicators[indicators.QualifiedTeachers].CV.Value == 0 {
		t.Error("the parts' figures all equal: the test would not see them mixed up")
	}
}

// TestDropReports: a year that drops its counties' reports keeps their
// rows and the Area they gave, also when it had taken another year's
// Area (KeepArea), and holds neither that year nor any report.
func TestDropReports(t *testing.T) {
	std := indicators.DefaultStandards()
	var reps []*indicators.Report
	for i, q := range []float64{5, 7} {
		reps = append(reps, indicators.Compute(indicators.Input{Year: 2024, County: indicators.County{Code: fmt.Sprint(150101 + i)}, Parts: []indicators.SchoolPart{
			{SchoolID: "1", SchoolName: "x", Level: indicators.Primary, SchoolType: indicators.PrimarySchool, UrbanRuralCode: 111, Students: 100, QualifiedTeachers: indicators.Given(q)},
		}}, std))
	}
	first := New(2024, reps, Targets{})
	want := first.Area()
	for _, y := range []*Year{first, New(2024, reps, Targets{})} {
		y.KeepArea(first)
		rows := slices.Clone(y.Counties)
		y.DropReports()
		if y.same != nil {
			t.Error("the year still holds the year it took its Area from")
		}
		for i := range y.Counties {
			c, r := y.Counties[i], rows[i]
			if c.Report != nil {
				t.Errorf("county %s keeps its report", c.Code)
			}
			c.Report = r.Report
			if !reflect.DeepEqual(c, r) {
				t.Errorf("county %s: row %+v, was %+v", c.Code, c, r)
			}
		}
		if got := y.Area(); !reflect.DeepEqual(got, want) || got.Primary.Indicators[indicators.QualifiedTeachers].Value.Value != 6 {
			t.Errorf("Area after DropReports: %+v, want %+v", got, want)
		}
	}
}
