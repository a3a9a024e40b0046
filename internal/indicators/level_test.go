package indicators

import (
	"math"
	"testing"
)

func TestExclusions(t *testing.T) {
	good := goodPrimary100()
	zero := mk("Z", Primary, 111, 0, good)
	special := mk("S", Primary, 111, 100, good)
	special.SchoolType = SpecialSchool
	point := mk("T", Primary, 220, 20, scaled(good, 0.2))
	point.SchoolType = TeachingPoint
	private := mk("P", Primary, 111, 100, good)
	private.Private = true
	// The included part has backbone 3 per 100 so that any leak of an
	// excluded part (2 per 100) into the indicator would show.
	in := good
	in[1] = 3
	ok := mk("K", Primary, 121, 100, in)
	parts := []SchoolPart{zero, special, ok, point, private}

	r := Compute(Input{Parts: parts}, DefaultStandards())
	lr := level(t, r, Primary)
	want := []Exclusion{
		{SchoolID: "Z", Reason: "在校生数为0", SchoolName: "学校Z", Level: Primary, Students: 0},
		{SchoolID: "S", Reason: "特殊教育学校", SchoolName: "学校S", Level: Primary, Students: 100},
		{SchoolID: "T", Reason: "教学点", SchoolName: "学校T", Level: Primary, Students: 20},
		{SchoolID: "P", Reason: "民办学校", SchoolName: "学校P", Level: Primary, Students: 100},
	}
	if len(lr.Excluded) != len(want) {
		t.Fatalf("excluded = %+v", lr.Excluded)
	}
	for i := range want {
		if lr.Excluded[i] != want[i] {
			t.Errorf("excluded[%d] = %+v, want %+v", i, lr.Excluded[i], want[i])
		}
	}
	if len(lr.Schools) != 1 || lr.Schools[0].SchoolID != "K" || lr.Students != 100 {
		t.Fatalf("schools = %+v, students %d; want only K, 100", lr.Schools, lr.Students)
	}
	// Only K counts: backbone 3/100×100 = 3; town group 1 part, others 0.
	ir := lr.Indicators[BackboneTeachers]
	eqFig(t, "backbone value", ir.Value, 3)
	if ir.Groups[Town].Schools != 1 || ir.Groups[Urban].Schools != 0 || ir.Groups[Rural].Schools != 0 {
		t.Errorf("groups count excluded parts: %+v %+v %+v", ir.Groups[Urban], ir.Groups[Town], ir.Groups[Rural])
	}

	// With every scope option on and 教学点 below 30 students still out:
	// the 20-student point is excluded with its size; special and private
	// come in. The 0-student part is always out.
	std := DefaultStandards()
	std.Scope = Scope{IncludePrivate: true, IncludeTeachingPoints: true, TeachingPointMinStudents: 30, IncludeSpecialSchools: true}
	r = Compute(Input{Parts: parts}, std)
	lr = level(t, r, Primary)
	if len(lr.Excluded) != 2 || lr.Excluded[0].Reason != "在校生数为0" || lr.Excluded[1].Reason != "教学点规模不足30人" {
		t.Errorf("excluded = %+v", lr.Excluded)
	}
	if len(lr.Schools) != 3 || lr.Students != 300 {
		t.Errorf("schools = %d, students = %d; want 3 (S, K, P), 300", len(lr.Schools), lr.Students)
	}
	// A 30-student point (not below 30) is included.
	point.Students = 30
	point.SchoolID = "T30"
	if got := ExclusionReason(point, std.Scope); got != "" {
		t.Errorf("30-student point excluded: %q", got)
	}
	// 0 students comes first even for a private special school.
	special.Students, special.Private = 0, true
	if got := ExclusionReason(special, DefaultStandards().Scope); got != "在校生数为0" {
		t.Errorf("reason = %q", got)
	}
}

func TestAllExcludedLevel(t *testing.T) {
	// A level whose only part is excluded still exists (it has parts), with
	// no school, values missing and pass null. The other level is nil.
	r := Compute(Input{Parts: []SchoolPart{mk("Z", Junior, 111, 0, goodJunior100())}}, DefaultStandards())
	if r.Levels.Primary != nil {
		t.Error("primary exists")
	}
	lr := level(t, r, Junior)
	if len(lr.Schools) != 0 || len(lr.Excluded) != 1 || lr.Students != 0 {
		t.Errorf("junior = %+v", lr)
	}
	if len(lr.Indicators) != 7 {
		t.Errorf("indicators has %d keys, want 7", len(lr.Indicators))
	}
	for _, ind := range Indicators {
		ir := lr.Indicators[ind]
		isMissing(t, string(ind), ir.Value)
		isMissing(t, string(ind), ir.CV)
		eqPass(t, string(ind), ir.CVPass, "nil")
		for _, g := range Groups {
			isMissing(t, string(g), ir.Groups[g].Value)
			isMissing(t, string(g), ir.Groups[g].PassShare)
		}
	}
	eqPass(t, "level", lr.Pass, "nil")
}

func TestGroups(t *testing.T) {
	// Qualified teachers (primary threshold 4.2), everything else as
	// goodPrimary100 scaled. Urban 3 parts, town 2, rural none.
	//   U1 111  200 students  10 qualified → 5.0  meets
	//   U2 112  100            4          → 4.0  below
	//   U3 111  300           15          → 5.0  meets
	//   T1 121  100            5          → 5.0  meets
	//   T2 123  400           20          → 5.0  meets
	// urban value (10+4+15)/(200+100+300)×100 = 29/600×100 = 4.8333…
	// urban pass share 2/3; town (5+20)/500×100 = 5, pass share 2/2 = 1;
	// rural: 0 parts, value and share missing.
	// County value 54/1100×100 = 4.9090…
	q := func(id string, code, students int, qualified float64) SchoolPart {
		in := scaled(goodPrimary100(), float64(students)/100)
		in[0] = qualified
		return mk(id, Primary, code, students, in)
	}
	parts := []SchoolPart{
		q("U1", 111, 200, 10), q("U2", 112, 100, 4), q("U3", 111, 300, 15),
		q("T1", 121, 100, 5), q("T2", 123, 400, 20),
	}
	r := Compute(Input{Parts: parts}, DefaultStandards())
	lr := level(t, r, Primary)
	ir := lr.Indicators[QualifiedTeachers]
	near12(t, "county", ir.Value.Value, 54.0/1100*100)
	if len(ir.Groups) != 3 {
		t.Fatalf("groups = %v", ir.Groups)
	}
	u, tw, ru := ir.Groups[Urban], ir.Groups[Town], ir.Groups[Rural]
	near12(t, "urban value", u.Value.Value, 29.0/600*100)
	near12(t, "urban share", u.PassShare.Value, 2.0/3)
	eqf(t, "urban schools", float64(u.Schools), 3)
	eqFig(t, "town value", tw.Value, 5)
	eqFig(t, "town share", tw.PassShare, 1)
	eqf(t, "town schools", float64(tw.Schools), 2)
	eqf(t, "rural schools", float64(ru.Schools), 0)
	isMissing(t, "rural value", ru.Value)
	isMissing(t, "rural share", ru.PassShare)
	// Gap town ÷ urban = 5 / (29/6) = 30/29; with rural missing, missing.
	near12(t, "gap", Gap(tw.Value, u.Value).Value, 30.0/29)
	isMissing(t, "gap rural", Gap(ru.Value, u.Value))

	// Schools in input order; U2 (4.0 < 4.2, ≥ 3.57) still passes with 6.
	for i, id := range []string{"U1", "U2", "U3", "T1", "T2"} {
		if lr.Schools[i].SchoolID != id {
			t.Errorf("schools[%d] = %s, want %s", i, lr.Schools[i].SchoolID, id)
		}
	}
	eqPass(t, "U2", lr.Schools[1].Pass, "true")

	// The pass share is about this indicator's threshold, not the part's
	// overall pass: U2 passes overall yet does not count for qualified.
	// A town part missing the figure makes town's value and share missing,
	// and the county value too; urban is unaffected.
	parts[4].QualifiedTeachers = Missing
	r = Compute(Input{Parts: parts}, DefaultStandards())
	ir = level(t, r, Primary).Indicators[QualifiedTeachers]
	isMissing(t, "town value", ir.Groups[Town].Value)
	isMissing(t, "town share", ir.Groups[Town].PassShare)
	eqf(t, "town schools", float64(ir.Groups[Town].Schools), 2)
	isMissing(t, "county value", ir.Value)
	near12(t, "urban share", ir.Groups[Urban].PassShare.Value, 2.0/3)
}

func TestLevelPass(t *testing.T) {
	std := DefaultStandards()
	base := func() []SchoolPart {
		return []SchoolPart{
			mk("A", Primary, 111, 100, goodPrimary100()),
			mk("B", Primary, 220, 300, scaled(goodPrimary100(), 3)),
		}
	}
	// Same ratios in both parts: every CV 0, both parts pass → true.
	r := Compute(Input{Parts: base()}, std)
	eqPass(t, "all pass", level(t, r, Primary).Pass, "true")

	// B's multimedia rooms missing: B pass nil, multimedia CV nil → nil.
	parts := base()
	parts[1].MultimediaRooms = Missing
	r = Compute(Input{Parts: parts}, std)
	eqPass(t, "B", level(t, r, Primary).Schools[1].Pass, "nil")
	eqPass(t, "one open", level(t, r, Primary).Pass, "nil")

	// B's backbone 1 per 300 = 0.333 per 100 < 0.85: B fails → false.
	parts = base()
	parts[1].BackboneTeachers = Given(1)
	r = Compute(Input{Parts: parts}, std)
	eqPass(t, "one fails", level(t, r, Primary).Pass, "false")

	// Both parts pass but a CV is over its limit → false. Backbone A 1 per
	// 100 (=1.0, meets), B 12 per 300 (=4.0): X̄ = 13/400×100 = 3.25,
	// deviations −2.25 and 0.75, weights ¼ and ¾: S² = 0.25×5.0625 +
	// 0.75×0.5625 = 1.265625 + 0.421875 = 1.6875, S = 1.299, CV = 0.3997 —
	// within 0.5. Use B = 30 (10.0): X̄ = 31/400×100 = 7.75, deviations
	// −6.75 and 2.25: S² = 0.25×45.5625 + 0.75×5.0625 = 11.390625 + 3.796875
	// = 15.1875, S = 3.8971, CV = 0.5029 > 0.5.
	parts = base()
	parts[0].BackboneTeachers, parts[1].BackboneTeachers = Given(1), Given(30)
	r = Compute(Input{Parts: parts}, std)
	lr := level(t, r, Primary)
	eqPass(t, "A", lr.Schools[0].Pass, "true")
	eqPass(t, "B", lr.Schools[1].Pass, "true")
	near12(t, "cv", lr.Indicators[BackboneTeachers].CV.Value, math.Sqrt(15.1875)/7.75)
	eqPass(t, "cv", lr.Indicators[BackboneTeachers].CVPass, "false")
	eqPass(t, "cv over limit", lr.Pass, "false")

	parts[1].BackboneTeachers = Given(12)
	r = Compute(Input{Parts: parts}, std)
	lr = level(t, r, Primary)
	near12(t, "cv", lr.Indicators[BackboneTeachers].CV.Value, math.Sqrt(1.6875)/3.25)
	eqPass(t, "cv within", lr.Pass, "true")
}

func TestPartsOfOtherLevelsIgnored(t *testing.T) {
	p := mk("H", Level("senior"), 111, 100, goodPrimary100())
	r := Compute(Input{Parts: []SchoolPart{p}}, DefaultStandards())
	if r.Levels.Primary != nil || r.Levels.Junior != nil {
		t.Error("a senior part made a level")
	}
	if r.Overall != OverallIncomplete {
		t.Errorf("overall = %s, want incomplete (no level)", r.Overall)
	}
}
