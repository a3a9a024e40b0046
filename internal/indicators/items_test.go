package indicators

import (
	"reflect"
	"strings"
	"testing"
)

func yes() *bool { return boolPtr(true) }
func no() *bool  { return boolPtr(false) }

// passingCounty is county.toml's example (data-format.md), where every item
// passes: 7000 ≥ 6000 元; 98000 ≥ 95000; 1.0 ≥ 1.0; 90/800 = 11.25 % ≥ 10 %,
// 20/90 = 22.2 % ≥ 20 %; 1.0 ≥ 1.0; 1.0 ≥ 1.0 and 0.97 ≥ 0.95; 0.55 ≥ 0.5;
// 0.90 ≥ 0.85. Quality: 0.96, 0.97 ≥ 0.95; 0.06 ≥ 0.05; 良好 ≥ 良好; Ⅲ ≥ Ⅲ and
// 0.12 < 0.15. Satisfaction 0.91 ≥ 0.85.
func passingCounty() County {
	return County{
		Name: "示例县", Code: "150000",
		Assurance: Assurance{
			LayoutPlanned: yes(), FourUnified: yes(), SmallSchoolFundingFloor: yes(),
			SpecialSchoolFundingPerStudent: Given(7000),
			TeacherSalaryAvg:               Given(98000), CivilServantSalaryAvg: Given(95000), PerformancePayFull: yes(),
			Training360Completion: Given(1.0), StaffingCoordinated: yes(),
			ExchangeEligibleTeachers: Given(800), ExchangeTeachers: Given(90), ExchangeBackboneTeachers: Given(20),
			CertifiedRate:           Given(1.0),
			NearbyEnrollmentPrimary: Given(1.0), NearbyEnrollmentJunior: Given(0.97),
			QuotaAllocationShare: Given(0.55), QuotaRuralPreference: yes(),
			LeftBehindCare: yes(), MigrantPublicShare: Given(0.90),
		},
		Quality: Quality{
			JuniorRetentionRate: Given(0.96), DisabledEnrollmentRate: Given(0.97), ChartersAndIT: yes(),
			TrainingFundsShare: Given(0.06), ITTeaching: yes(), MoralEducation: "良好",
			CurriculumComplete: yes(), NoExcessBurden: yes(),
			MonitoringLevel: Given(3), MonitoringGapRate: Given(0.12),
		},
		Recognition: Recognition{Satisfaction: Given(0.91)},
	}
}

// roomy adds the item 3–5 figures to a part so that it meets them: 24
// classes need ⌈24/12⌉ = 2 music and 2 art rooms; 2 each, 96 and 90 ㎡
// (exactly the minima); largest class 40 ≤ 45 / 50; 60 teachers, all
// certified.
func roomy(p SchoolPart) SchoolPart {
	p.Classes = Given(24)
	p.MusicRooms, p.ArtRooms = Given(2), Given(2)
	p.MusicRoomMinArea, p.ArtRoomMinArea = Given(96), Given(90)
	p.MaxClassSize = Given(40)
	p.Teachers, p.CertifiedTeachers = Given(60), Given(60)
	return p
}

func passingParts() []SchoolPart {
	return []SchoolPart{
		roomy(mk("A", Primary, 111, 100, goodPrimary100())),
		roomy(mk("B", Junior, 220, 100, goodJunior100())),
	}
}

func item(t *testing.T, items []Item, n int) Item {
	t.Helper()
	if n < 1 || n > len(items) || items[n-1].Item != n {
		t.Fatalf("item %d not at index %d", n, n-1)
	}
	return items[n-1]
}

func TestPassingCounty(t *testing.T) {
	r := Compute(Input{Year: 2024, County: passingCounty(), Parts: passingParts()}, DefaultStandards())
	if len(r.Assurance) != 15 || len(r.Quality) != 9 {
		t.Fatalf("%d assurance, %d quality items", len(r.Assurance), len(r.Quality))
	}
	for i, it := range r.Assurance {
		if it.Item != i+1 || it.Status != Pass || it.Name == "" {
			t.Errorf("assurance %d: %+v", i+1, it)
		}
	}
	for i, it := range r.Quality {
		if it.Item != i+1 || it.Status != Pass || it.Name == "" {
			t.Errorf("quality %d: %+v", i+1, it)
		}
	}
	names := map[int]string{1: "规划布局合理", 2: "四统一", 3: "音乐美术专用教室", 4: "学校规模", 5: "班额"}
	for n, name := range names {
		if got := item(t, r.Assurance, n).Name; got != name {
			t.Errorf("assurance %d name %q, want %q", n, got, name)
		}
	}
	if got := item(t, r.Quality, 1).Name; got != "初中三年巩固率" {
		t.Errorf("quality 1 name %q", got)
	}
	if r.Recognition.Status != Pass || r.Recognition.Value != 0.91 || r.Recognition.Threshold != 0.85 {
		t.Errorf("recognition %+v", r.Recognition)
	}
	eqPass(t, "primary", r.Levels.Primary.Pass, "true")
	eqPass(t, "junior", r.Levels.Junior.Pass, "true")
	if r.Overall != OverallPass {
		t.Errorf("overall = %s, want pass", r.Overall)
	}
	if r.Year != 2024 || r.County != (CountyRef{"示例县", "150000"}) || r.Meta.Name != "示例县" || r.Standards != DefaultStandards() {
		t.Errorf("report header: %d %+v", r.Year, r.County)
	}
	// Values of the single-figure and map items.
	if v := item(t, r.Assurance, 7); v.Value != 7000.0 || v.Threshold != 6000.0 {
		t.Errorf("item 7 %v / %v", v.Value, v.Threshold)
	}
	if v := item(t, r.Assurance, 1); v.Value != true || v.Threshold != true {
		t.Errorf("item 1 %v / %v", v.Value, v.Threshold)
	}
	want8 := map[string]any{"teacher_salary_avg": 98000.0, "civil_servant_salary_avg": 95000.0, "performance_pay_full": true}
	if v := item(t, r.Assurance, 8).Value; !reflect.DeepEqual(v, want8) {
		t.Errorf("item 8 value %v", v)
	}
	// Item 11: 90/800 = 0.1125, 20/90 = 0.2222….
	v11 := item(t, r.Assurance, 11).Value.(map[string]any)
	eqf(t, "exchange_share", v11["exchange_share"].(float64), 90.0/800)
	eqf(t, "exchange_backbone_share", v11["exchange_backbone_share"].(float64), 20.0/90)
	// Items 3–5 over 2 parts, both meeting: share 2/2 = 1.
	for n := 3; n <= 5; n++ {
		if v := item(t, r.Assurance, n); v.Value != 1.0 || v.Threshold != 1.0 || len(v.Failing) != 0 {
			t.Errorf("item %d %+v", n, v)
		}
	}
	if v := item(t, r.Quality, 6); v.Value != "良好" || v.Threshold != "良好" {
		t.Errorf("quality 6 %v / %v", v.Value, v.Threshold)
	}
}

// A case changes the passing county and names the one item it affects.
type countyCase struct {
	why    string
	edit   func(*County)
	set    string // "assurance" or "quality"
	item   int
	status Status
	value  any // checked when not nil; use NA for "must be nil"
}

func runCountyCases(t *testing.T, cases []countyCase) {
	t.Helper()
	for _, c := range cases {
		county := passingCounty()
		c.edit(&county)
		r := Compute(Input{County: county, Parts: passingParts()}, DefaultStandards())
		items := r.Assurance
		if c.set == "quality" {
			items = r.Quality
		}
		it := item(t, items, c.item)
		if it.Status != c.status {
			t.Errorf("%s: %s item %d status %s, want %s", c.why, c.set, c.item, it.Status, c.status)
		}
		switch {
		case c.value == NA:
			if it.Value != nil {
				t.Errorf("%s: value %v, want nil", c.why, it.Value)
			}
		case c.value != nil:
			if !reflect.DeepEqual(it.Value, c.value) {
				t.Errorf("%s: value %#v, want %#v", c.why, it.Value, c.value)
			}
		}
		// No other item moves.
		for _, other := range append(append([]Item{}, r.Assurance...), r.Quality...) {
			if other.Status != Pass && !(other.Item == c.item && other.Name == it.Name) {
				t.Errorf("%s: item %d %s is %s", c.why, other.Item, other.Name, other.Status)
			}
		}
		wantOverall := map[Status]Overall{Pass: OverallPass, Fail: OverallFail, MissingData: OverallIncomplete}[c.status]
		if r.Overall != wantOverall {
			t.Errorf("%s: overall %s, want %s", c.why, r.Overall, wantOverall)
		}
	}
}

func TestAssuranceItems(t *testing.T) {
	a := "assurance"
	runCountyCases(t, []countyCase{
		{"1 false", func(c *County) { c.Assurance.LayoutPlanned = no() }, a, 1, Fail, false},
		{"1 not given", func(c *County) { c.Assurance.LayoutPlanned = nil }, a, 1, MissingData, NA},
		{"2 false", func(c *County) { c.Assurance.FourUnified = no() }, a, 2, Fail, false},
		{"2 not given", func(c *County) { c.Assurance.FourUnified = nil }, a, 2, MissingData, NA},
		{"6 false", func(c *County) { c.Assurance.SmallSchoolFundingFloor = no() }, a, 6, Fail, false},
		{"6 not given", func(c *County) { c.Assurance.SmallSchoolFundingFloor = nil }, a, 6, MissingData, NA},
		{"7 6000 = 6000", func(c *County) { c.Assurance.SpecialSchoolFundingPerStudent = Given(6000) }, a, 7, Pass, 6000.0},
		{"7 5999.5 < 6000", func(c *County) { c.Assurance.SpecialSchoolFundingPerStudent = Given(5999.5) }, a, 7, Fail, 5999.5},
		{"7 not given", func(c *County) { c.Assurance.SpecialSchoolFundingPerStudent = Missing }, a, 7, MissingData, NA},
		{"8 95000 = 95000", func(c *County) { c.Assurance.TeacherSalaryAvg = Given(95000) }, a, 8, Pass, nil},
		{"8 94999 < 95000", func(c *County) { c.Assurance.TeacherSalaryAvg = Given(94999) }, a, 8, Fail, nil},
		{"8 performance pay not full", func(c *County) { c.Assurance.PerformancePayFull = no() }, a, 8, Fail, nil},
		{"8 civil servants' salary not given", func(c *County) { c.Assurance.CivilServantSalaryAvg = Missing }, a, 8, MissingData,
			map[string]any{"teacher_salary_avg": 98000.0, "civil_servant_salary_avg": nil, "performance_pay_full": true}},
		{"8 salary unknown but pay not full: fails anyway", func(c *County) {
			c.Assurance.CivilServantSalaryAvg = Missing
			c.Assurance.PerformancePayFull = no()
		}, a, 8, Fail, nil},
		{"8 nothing given", func(c *County) {
			c.Assurance.TeacherSalaryAvg, c.Assurance.CivilServantSalaryAvg, c.Assurance.PerformancePayFull = Missing, Missing, nil
		}, a, 8, MissingData, NA},
		{"9 0.99 < 1", func(c *County) { c.Assurance.Training360Completion = Given(0.99) }, a, 9, Fail, 0.99},
		{"9 not given", func(c *County) { c.Assurance.Training360Completion = Missing }, a, 9, MissingData, NA},
		{"10 false", func(c *County) { c.Assurance.StaffingCoordinated = no() }, a, 10, Fail, false},
		// 11: 80/800 = 10 % exactly; 20/80 = 25 %.
		{"11 80 of 800 = 10 %", func(c *County) { c.Assurance.ExchangeTeachers = Given(80) }, a, 11, Pass, nil},
		// 79/800 = 9.875 % < 10 %; 20/79 = 25.3 %.
		{"11 79 of 800", func(c *County) { c.Assurance.ExchangeTeachers = Given(79) }, a, 11, Fail, nil},
		// 18/90 = 20 % exactly.
		{"11 18 of 90 backbone = 20 %", func(c *County) { c.Assurance.ExchangeBackboneTeachers = Given(18) }, a, 11, Pass, nil},
		// 17/90 = 18.9 % < 20 %.
		{"11 17 of 90 backbone", func(c *County) { c.Assurance.ExchangeBackboneTeachers = Given(17) }, a, 11, Fail, nil},
		{"11 eligible not given", func(c *County) { c.Assurance.ExchangeEligibleTeachers = Missing }, a, 11, MissingData, map[string]any{
			"exchange_eligible_teachers": nil, "exchange_teachers": 90.0, "exchange_backbone_teachers": 20.0,
			"exchange_share": nil, "exchange_backbone_share": 20.0 / 90}},
		{"11 eligible 0: share undefined", func(c *County) { c.Assurance.ExchangeEligibleTeachers = Given(0) }, a, 11, MissingData, nil},
		{"12 0.99 < 1", func(c *County) { c.Assurance.CertifiedRate = Given(0.99) }, a, 12, Fail, 0.99},
		// Not in county.toml: from the schools, (60 + 60)/(60 + 60) = 1.
		{"12 from schools", func(c *County) { c.Assurance.CertifiedRate = Missing }, a, 12, Pass, 1.0},
		{"13 junior 0.95 = 0.95", func(c *County) { c.Assurance.NearbyEnrollmentJunior = Given(0.95) }, a, 13, Pass,
			map[string]any{"primary": 1.0, "junior": 0.95}},
		{"13 junior 0.949", func(c *County) { c.Assurance.NearbyEnrollmentJunior = Given(0.949) }, a, 13, Fail, nil},
		{"13 primary 0.99 < 1", func(c *County) { c.Assurance.NearbyEnrollmentPrimary = Given(0.99) }, a, 13, Fail, nil},
		{"13 primary not given", func(c *County) { c.Assurance.NearbyEnrollmentPrimary = Missing }, a, 13, MissingData,
			map[string]any{"primary": nil, "junior": 0.97}},
		{"14 0.5 = 0.5", func(c *County) { c.Assurance.QuotaAllocationShare = Given(0.5) }, a, 14, Pass, nil},
		{"14 0.49", func(c *County) { c.Assurance.QuotaAllocationShare = Given(0.49) }, a, 14, Fail, nil},
		{"14 no rural preference", func(c *County) { c.Assurance.QuotaRuralPreference = no() }, a, 14, Fail,
			map[string]any{"quota_allocation_share": 0.55, "rural_preference": false}},
		{"14 preference not given", func(c *County) { c.Assurance.QuotaRuralPreference = nil }, a, 14, MissingData, nil},
		{"15 0.85 = 0.85", func(c *County) { c.Assurance.MigrantPublicShare = Given(0.85) }, a, 15, Pass, nil},
		{"15 0.8499", func(c *County) { c.Assurance.MigrantPublicShare = Given(0.8499) }, a, 15, Fail, nil},
		{"15 no care system", func(c *County) { c.Assurance.LeftBehindCare = no() }, a, 15, Fail, nil},
		{"15 share not given", func(c *County) { c.Assurance.MigrantPublicShare = Missing }, a, 15, MissingData,
			map[string]any{"left_behind_care": true, "migrant_public_share": nil}},
	})
}

func TestQualityItems(t *testing.T) {
	q := "quality"
	runCountyCases(t, []countyCase{
		{"1 0.95 = 0.95", func(c *County) { c.Quality.JuniorRetentionRate = Given(0.95) }, q, 1, Pass, 0.95},
		{"1 0.9499", func(c *County) { c.Quality.JuniorRetentionRate = Given(0.9499) }, q, 1, Fail, 0.9499},
		{"1 not given", func(c *County) { c.Quality.JuniorRetentionRate = Missing }, q, 1, MissingData, NA},
		{"2 0.94", func(c *County) { c.Quality.DisabledEnrollmentRate = Given(0.94) }, q, 2, Fail, 0.94},
		{"2 not given", func(c *County) { c.Quality.DisabledEnrollmentRate = Missing }, q, 2, MissingData, NA},
		{"3 false", func(c *County) { c.Quality.ChartersAndIT = no() }, q, 3, Fail, false},
		{"3 not given", func(c *County) { c.Quality.ChartersAndIT = nil }, q, 3, MissingData, NA},
		{"4 0.05 = 0.05", func(c *County) { c.Quality.TrainingFundsShare = Given(0.05) }, q, 4, Pass, 0.05},
		{"4 0.049", func(c *County) { c.Quality.TrainingFundsShare = Given(0.049) }, q, 4, Fail, 0.049},
		{"5 false", func(c *County) { c.Quality.ITTeaching = no() }, q, 5, Fail, false},
		{"6 优秀 > 良好", func(c *County) { c.Quality.MoralEducation = "优秀" }, q, 6, Pass, "优秀"},
		{"6 一般 < 良好", func(c *County) { c.Quality.MoralEducation = "一般" }, q, 6, Fail, "一般"},
		{"6 较差 < 良好", func(c *County) { c.Quality.MoralEducation = "较差" }, q, 6, Fail, "较差"},
		{"6 not given", func(c *County) { c.Quality.MoralEducation = "" }, q, 6, MissingData, NA},
		{"6 not a rating", func(c *County) { c.Quality.MoralEducation = "很好" }, q, 6, MissingData, NA},
		{"7 false", func(c *County) { c.Quality.CurriculumComplete = no() }, q, 7, Fail, false},
		{"8 not given", func(c *County) { c.Quality.NoExcessBurden = nil }, q, 8, MissingData, NA},
		{"9 gap 0.149 < 0.15", func(c *County) { c.Quality.MonitoringGapRate = Given(0.149) }, q, 9, Pass,
			map[string]any{"monitoring_level": 3.0, "monitoring_gap_rate": 0.149}},
		{"9 gap 0.15 is not < 0.15", func(c *County) { c.Quality.MonitoringGapRate = Given(0.15) }, q, 9, Fail, nil},
		{"9 level Ⅱ", func(c *County) { c.Quality.MonitoringLevel = Given(2) }, q, 9, Fail, nil},
		{"9 level Ⅳ", func(c *County) { c.Quality.MonitoringLevel = Given(4) }, q, 9, Pass, nil},
		{"9 level not given", func(c *County) { c.Quality.MonitoringLevel = Missing }, q, 9, MissingData,
			map[string]any{"monitoring_level": nil, "monitoring_gap_rate": 0.12}},
		{"9 level unknown, gap too high", func(c *County) {
			c.Quality.MonitoringLevel = Missing
			c.Quality.MonitoringGapRate = Given(0.2)
		}, q, 9, Fail, nil},
	})
}

func TestRecognition(t *testing.T) {
	for _, c := range []struct {
		sat    Figure
		status Status
	}{
		{Given(0.85), Pass},   // 0.85 = 0.85
		{Given(0.8499), Fail}, // < 0.85
		{Missing, MissingData},
	} {
		county := passingCounty()
		county.Recognition.Satisfaction = c.sat
		r := Compute(Input{County: county, Parts: passingParts()}, DefaultStandards())
		if r.Recognition.Status != c.status || r.Recognition.Value != figAny(c.sat) {
			t.Errorf("satisfaction %v: %+v", c.sat, r.Recognition)
		}
		want := map[Status]Overall{Pass: OverallPass, Fail: OverallFail, MissingData: OverallIncomplete}[c.status]
		if r.Overall != want {
			t.Errorf("satisfaction %v: overall %s", c.sat, r.Overall)
		}
	}
}

func TestCertifiedFromSchools(t *testing.T) {
	county := passingCounty()
	county.Assurance.CertifiedRate = Missing
	// A 60/60, B 59/60: (60 + 59)/120 = 0.991666… < 1: fails.
	parts := passingParts()
	parts[1].CertifiedTeachers = Given(59)
	r := Compute(Input{County: county, Parts: parts}, DefaultStandards())
	it := item(t, r.Assurance, 12)
	if it.Status != Fail || it.Value != 119.0/120 || it.Threshold != 1.0 {
		t.Errorf("item 12 %+v", it)
	}
	// B's certified count not given: missing.
	parts[1].CertifiedTeachers = Missing
	r = Compute(Input{County: county, Parts: parts}, DefaultStandards())
	if it := item(t, r.Assurance, 12); it.Status != MissingData || it.Value != nil {
		t.Errorf("item 12 %+v", it)
	}
	// An excluded part does not count: a private part lacking the figures
	// leaves the rate (60 + 60)/120 = 1.
	parts = append(passingParts(), mk("P", Primary, 111, 100, goodPrimary100()))
	parts[2].Private = true
	r = Compute(Input{County: county, Parts: parts}, DefaultStandards())
	if it := item(t, r.Assurance, 12); it.Status != Pass || it.Value != 1.0 {
		t.Errorf("item 12 %+v", it)
	}
}

func schoolItemOf(t *testing.T, parts []SchoolPart, n int) Item {
	t.Helper()
	r := Compute(Input{County: passingCounty(), Parts: parts}, DefaultStandards())
	return item(t, r.Assurance, n)
}

func TestItem3Rooms(t *testing.T) {
	// roomy: 24 classes → ⌈24/12⌉ = 2 rooms of each; 2 and 2; 96 and 90 ㎡.
	parts := passingParts()
	parts[0].Classes = Given(25) // ⌈25/12⌉ = 3 > 2 music, 2 art
	it := schoolItemOf(t, parts, 3)
	if it.Status != Fail || it.Value != 0.5 || len(it.Failing) != 1 || it.Failing[0].SchoolID != "A" || it.Failing[0].Level != Primary {
		t.Fatalf("25 classes: %+v", it)
	}
	for _, want := range []string{"音乐专用教室 2 间，应 ≥ 3 间（25 个班）", "美术专用教室 2 间，应 ≥ 3 间"} {
		if !strings.Contains(it.Failing[0].Detail, want) {
			t.Errorf("detail %q lacks %q", it.Failing[0].Detail, want)
		}
	}

	parts = passingParts()
	parts[0].Classes = Given(11) // ⌈11/12⌉ = 1; 2 rooms ≥ 1
	parts[1].Classes = Given(0)  // no class still needs 1 room
	if it := schoolItemOf(t, parts, 3); it.Status != Pass {
		t.Errorf("11 and 0 classes: %+v", it)
	}

	parts = passingParts()
	parts[1].MusicRoomMinArea = Given(95.9) // < 96 ㎡
	it = schoolItemOf(t, parts, 3)
	if it.Status != Fail || it.Failing[0].SchoolID != "B" || it.Failing[0].Detail != "音乐专用教室最小面积 95.9 ㎡，应 ≥ 96 ㎡" {
		t.Errorf("95.9 ㎡: %+v", it)
	}

	parts = passingParts()
	parts[0].ArtRoomMinArea = Given(89) // < 90 ㎡
	if it := schoolItemOf(t, parts, 3); it.Status != Fail {
		t.Errorf("89 ㎡ art: %+v", it)
	}

	// Classes not given, rooms 2 ≥ 1: cannot tell whether 2 suffice → missing.
	parts = passingParts()
	parts[0].Classes = Missing
	it = schoolItemOf(t, parts, 3)
	if it.Status != MissingData || it.Value != nil || len(it.Lacking) != 1 || !strings.Contains(it.Lacking[0].Detail, "班级数") {
		t.Errorf("classes missing: %+v", it)
	}
	// …but with no music room at all it fails anyway (≥ 1 is always needed),
	// and the item fails though a figure is missing.
	parts[0].MusicRooms = Given(0)
	it = schoolItemOf(t, parts, 3)
	if it.Status != Fail || it.Value != nil || it.Failing[0].Detail != "音乐专用教室 0 间，应 ≥ 1 间" {
		t.Errorf("no music room: %+v", it)
	}
	// Art room area not given on B, A fails: fail.
	parts = passingParts()
	parts[0].Classes = Given(25)
	parts[1].ArtRoomMinArea = Missing
	if it := schoolItemOf(t, parts, 3); it.Status != Fail {
		t.Errorf("fail + missing: %+v", it)
	}
}

func TestItem4SchoolSize(t *testing.T) {
	// A 九年一贯制 school: 1500 primary + 1000 junior = 2500 ≤ 2500.
	mkThrough := func(p, j int) []SchoolPart {
		a := roomy(mk("N", Primary, 111, p, scaled(goodPrimary100(), float64(p)/100)))
		b := roomy(mk("N", Junior, 111, j, scaled(goodJunior100(), float64(j)/100)))
		a.SchoolType, b.SchoolType = NineYear, NineYear
		return []SchoolPart{a, b}
	}
	if it := schoolItemOf(t, mkThrough(1500, 1000), 4); it.Status != Pass || it.Value != 1.0 {
		t.Errorf("2500: %+v", it)
	}
	// 1501 + 1000 = 2501 > 2500: both parts of the school fail.
	it := schoolItemOf(t, mkThrough(1501, 1000), 4)
	if it.Status != Fail || it.Value != 0.0 || len(it.Failing) != 2 || it.Failing[0].Detail != "学校规模 2501 人，应 ≤ 2500 人" {
		t.Errorf("2501: %+v", it)
	}
	// A plain primary school: 2000 ≤ 2000 passes, 2001 fails; with the
	// junior part B (100) alongside, the share is 1/2.
	parts := passingParts()
	parts[0] = roomy(mk("A", Primary, 111, 2000, scaled(goodPrimary100(), 20)))
	if it := schoolItemOf(t, parts, 4); it.Status != Pass {
		t.Errorf("2000: %+v", it)
	}
	parts[0] = roomy(mk("A", Primary, 111, 2001, scaled(goodPrimary100(), 20.01)))
	if it := schoolItemOf(t, parts, 4); it.Status != Fail || it.Value != 0.5 || it.Failing[0].Detail != "学校规模 2001 人，应 ≤ 2000 人" {
		t.Errorf("2001: %+v", it)
	}
}

func TestItem5ClassSize(t *testing.T) {
	parts := passingParts()
	parts[0].MaxClassSize, parts[1].MaxClassSize = Given(45), Given(50) // at the limits
	if it := schoolItemOf(t, parts, 5); it.Status != Pass || it.Value != 1.0 {
		t.Errorf("45/50: %+v", it)
	}
	parts[1].MaxClassSize = Given(51) // junior > 50
	it := schoolItemOf(t, parts, 5)
	if it.Status != Fail || it.Value != 0.5 || it.Failing[0].Detail != "最大班额 51 人，应 ≤ 50 人" || it.Failing[0].Level != Junior {
		t.Errorf("51: %+v", it)
	}
	parts[1].MaxClassSize = Given(50)
	parts[0].MaxClassSize = Given(46) // primary > 45 (46 would be fine in 初中)
	if it := schoolItemOf(t, parts, 5); it.Status != Fail {
		t.Errorf("46 primary: %+v", it)
	}
	parts[0].MaxClassSize = Missing
	if it := schoolItemOf(t, parts, 5); it.Status != MissingData || it.Value != nil {
		t.Errorf("missing: %+v", it)
	}
	parts[1].MaxClassSize = Given(51)
	if it := schoolItemOf(t, parts, 5); it.Status != Fail {
		t.Errorf("missing + fail: %+v", it)
	}
	// No school data at all: items 3–5 are missing.
	r := Compute(Input{County: passingCounty()}, DefaultStandards())
	for n := 3; n <= 5; n++ {
		if it := item(t, r.Assurance, n); it.Status != MissingData || it.Value != nil {
			t.Errorf("item %d without schools: %+v", n, it)
		}
	}
}

func TestOverall(t *testing.T) {
	std := DefaultStandards()
	// Everything passes: pass (TestPassingCounty). An item missing and a
	// level failing: fail (a definitive failure wins).
	county := passingCounty()
	county.Quality.ITTeaching = nil
	parts := passingParts()
	parts[0].BackboneTeachers = Given(0) // 0 < 0.85 per 100: A fails
	r := Compute(Input{County: county, Parts: parts}, std)
	eqPass(t, "primary", r.Levels.Primary.Pass, "false")
	if r.Overall != OverallFail {
		t.Errorf("level fail + item missing: %s", r.Overall)
	}
	// A level open (a figure missing), everything else passing: incomplete.
	parts = passingParts()
	parts[0].BackboneTeachers = Missing
	r = Compute(Input{County: passingCounty(), Parts: parts}, std)
	eqPass(t, "primary", r.Levels.Primary.Pass, "nil")
	if r.Overall != OverallIncomplete {
		t.Errorf("level open: %s", r.Overall)
	}
	// Only one level present, passing, everything else passing: pass.
	r = Compute(Input{County: passingCounty(), Parts: passingParts()[:1]}, std)
	if r.Levels.Junior != nil || r.Overall != OverallPass {
		t.Errorf("primary only: junior %v, overall %s", r.Levels.Junior, r.Overall)
	}
	// No school data: the county items cannot make a pass.
	r = Compute(Input{County: passingCounty()}, std)
	if r.Overall != OverallIncomplete {
		t.Errorf("no schools: %s", r.Overall)
	}
	// Nothing given at all: incomplete, nothing fails.
	r = Compute(Input{}, std)
	if r.Overall != OverallIncomplete {
		t.Errorf("empty: %s", r.Overall)
	}
	for _, it := range append(r.Assurance, r.Quality...) {
		if it.Status != MissingData || it.Value != nil {
			t.Errorf("empty input: item %d %s: %s %v", it.Item, it.Name, it.Status, it.Value)
		}
	}
}

func TestItemsStatus(t *testing.T) {
	std := DefaultStandards()
	r := Compute(Input{County: passingCounty(), Parts: passingParts()}, std)
	if a, q := ItemsStatus(r.Assurance), ItemsStatus(r.Quality); a != Pass || q != Pass {
		t.Errorf("passing county: assurance %s, quality %s", a, q)
	}
	c := passingCounty()
	c.Quality.ITTeaching = nil // missing
	r = Compute(Input{County: c, Parts: passingParts()}, std)
	if q := ItemsStatus(r.Quality); q != MissingData {
		t.Errorf("one item missing: %s", q)
	}
	c.Quality.NoExcessBurden = no() // and one failing: the failure decides
	r = Compute(Input{County: c, Parts: passingParts()}, std)
	if q := ItemsStatus(r.Quality); q != Fail {
		t.Errorf("one item missing, one failing: %s", q)
	}
}
