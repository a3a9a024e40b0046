package indicators

import (
	"testing"
)

// through returns the parts of one 一贯制 school, facilities left empty for
// the shared row, teachers given.
func through(id string, typ SchoolType, primary, junior int) []SchoolPart {
	var out []SchoolPart
	if primary >= 0 {
		p := mk(id, Primary, 121, primary, [7]float64{5, 2, 1, NA, NA, NA, NA})
		p.SchoolType = typ
		out = append(out, p)
	}
	if junior >= 0 {
		j := mk(id, Junior, 121, junior, [7]float64{6, 2, 1, NA, NA, NA, NA})
		j.SchoolType = typ
		out = append(out, j)
	}
	return out
}

func TestApportionNineYear(t *testing.T) {
	// A = 300 primary, B = 200 junior; weighted enrolment 300×1 + 200×1.1 =
	// 520. Primary share 300/520, junior 220/520.
	//   teaching area 5200 ㎡: 3000 and 2200
	//   equipment 1040000 元: 600000 and 440000
	//   multimedia 26 rooms: 15 and 11
	// Sports area is not in the row: the parts keep what they have (given
	// 2400 on the primary part, not given on the junior).
	parts := through("N", NineYear, 300, 200)
	parts[0].SportsArea = Given(2400)
	shared := []SharedFacility{{SchoolID: "N", TeachingArea: Given(5200), EquipmentValue: Given(1040000), MultimediaRooms: Given(26)}}
	got := Apportion(parts, shared, DefaultStandards().Weights)
	eqFig(t, "primary teaching", got[0].TeachingArea, 3000)
	eqFig(t, "junior teaching", got[1].TeachingArea, 2200)
	eqFig(t, "primary equipment", got[0].EquipmentValue, 600000)
	eqFig(t, "junior equipment", got[1].EquipmentValue, 440000)
	eqFig(t, "primary rooms", got[0].MultimediaRooms, 15)
	eqFig(t, "junior rooms", got[1].MultimediaRooms, 11)
	eqFig(t, "primary sports (own)", got[0].SportsArea, 2400)
	isMissing(t, "junior sports", got[1].SportsArea)
	// Teachers are never apportioned.
	eqFig(t, "primary teachers", got[0].QualifiedTeachers, 5)
	eqFig(t, "junior teachers", got[1].QualifiedTeachers, 6)
	// The input is not modified.
	isMissing(t, "input", parts[0].TeachingArea)

	// Through Compute: the primary part has 3000/300 = 10 ㎡ per student.
	r := Compute(Input{Parts: parts, Shared: shared}, DefaultStandards())
	eqFig(t, "primary teaching per student", level(t, r, Primary).Schools[0].Values[TeachingArea], 10)
	eqFig(t, "junior teaching per student", level(t, r, Junior).Schools[0].Values[TeachingArea], 11)
	if r.Levels.Primary.Schools[0].Part.TeachingArea != Given(3000) {
		t.Error("SchoolResult.Part is not the apportioned row")
	}
}

func TestApportionNineYearExact(t *testing.T) {
	// 100 primary and 350 junior students share 970000 元 of equipment:
	// weighted 100 + 1.1×350 = 485; primary 100/485 × 970000 = 200000 元,
	// i.e. 2000 元 per student — exactly the primary threshold, met. Junior
	// 385/485 × 970000 = 770000 元, 2200 per student.
	// float64 gives 970000×100/(100 + 1.1×350) = 199999.99999999997, which
	// would miss the threshold.
	v, a, b, w := 970000.0, 100.0, 350.0, 1.1
	if v*a/(a+w*b) == 200000 {
		t.Fatal("float64 no longer shows the artefact")
	}
	parts := through("N", NineYear, 100, 350)
	shared := []SharedFacility{{SchoolID: "N", EquipmentValue: Given(970000)}}
	got := Apportion(parts, shared, DefaultStandards().Weights)
	eqFig(t, "primary", got[0].EquipmentValue, 200000)
	eqFig(t, "junior", got[1].EquipmentValue, 770000)

	r := Compute(Input{Parts: parts, Shared: shared}, DefaultStandards())
	s := level(t, r, Primary).Schools[0]
	eqFig(t, "per student", s.Values[EquipmentValue], 2000)
	if _, short := s.Shortfalls[EquipmentValue]; short {
		t.Error("2000 元 per student has a shortfall")
	}
}

func TestApportionTwelveYear(t *testing.T) {
	// 100 primary, 100 junior, 100 senior: 100×1 + 100×1.1 + 100×1.32 = 342.
	// Sports area 3420 ㎡: primary 1000, junior 1100 (the senior 1320 is
	// nobody's here).
	parts := through("T", TwelveYear, 100, 100)
	got := Apportion(parts, []SharedFacility{{SchoolID: "T", SeniorStudents: Given(100), SportsArea: Given(3420)}}, DefaultStandards().Weights)
	eqFig(t, "primary", got[0].SportsArea, 1000)
	eqFig(t, "junior", got[1].SportsArea, 1100)

	// Without senior_students the senior section's share is unknown: missing.
	got = Apportion(parts, []SharedFacility{{SchoolID: "T", SportsArea: Given(3420)}}, DefaultStandards().Weights)
	isMissing(t, "primary", got[0].SportsArea)
	isMissing(t, "junior", got[1].SportsArea)
}

func TestApportionCompleteMiddle(t *testing.T) {
	// 完全中学: 600 junior, 500 senior, weights 1 : 1.2: 600 + 600 = 1200;
	// equipment 2400000 元: junior 600/1200 = half, 1200000.
	parts := through("C", CompleteMiddle, -1, 600)
	got := Apportion(parts, []SharedFacility{{SchoolID: "C", SeniorStudents: Given(500), EquipmentValue: Given(2400000)}}, DefaultStandards().Weights)
	eqFig(t, "junior", got[0].EquipmentValue, 1200000)

	// 1 : 1.2 is the same ratio as 1.1 : 1.32, so the defaults cannot tell the
	// schemes apart; a province's weights can. With complete-middle weights
	// 1 : 2 (and the others unchanged): 600 + 1000 = 1600; junior 600/1600 ×
	// 2400000 = 900000. Had the 一贯制 weights been used: 660/(660 + 660) →
	// 1200000.
	w := DefaultStandards().Weights
	w.CompleteMiddleSenior = 2
	got = Apportion(parts, []SharedFacility{{SchoolID: "C", SeniorStudents: Given(500), EquipmentValue: Given(2400000)}}, w)
	eqFig(t, "junior, 1:2", got[0].EquipmentValue, 900000)

	// No senior_students: missing.
	got = Apportion(parts, []SharedFacility{{SchoolID: "C", EquipmentValue: Given(2400000)}}, w)
	isMissing(t, "junior", got[0].EquipmentValue)
}

func TestApportionNoTypeHintAndZero(t *testing.T) {
	// No type hint: 小学 1 : 初中 1.1 : 高中 1.32. 200 primary, 100 junior,
	// no senior given (not required without a type): 200 + 110 = 310;
	// 31 rooms → 20 and 11.
	parts := through("X", "", 200, 100)
	got := Apportion(parts, []SharedFacility{{SchoolID: "X", MultimediaRooms: Given(31)}}, DefaultStandards().Weights)
	eqFig(t, "primary", got[0].MultimediaRooms, 20)
	eqFig(t, "junior", got[1].MultimediaRooms, 11)

	// With 50 senior students given: 200 + 110 + 66 = 376; primary gets
	// 200/376 × 376 = 200 of 376 ㎡.
	got = Apportion(parts, []SharedFacility{{SchoolID: "X", SeniorStudents: Given(50), TeachingArea: Given(376)}}, DefaultStandards().Weights)
	eqFig(t, "primary", got[0].TeachingArea, 200)
	eqFig(t, "junior", got[1].TeachingArea, 110)

	// No students at all: the facility cannot be apportioned → missing,
	// even where the part had a figure.
	parts = through("Z", NineYear, 0, 0)
	parts[0].TeachingArea = Given(1)
	got = Apportion(parts, []SharedFacility{{SchoolID: "Z", TeachingArea: Given(900)}}, DefaultStandards().Weights)
	isMissing(t, "primary", got[0].TeachingArea)
	isMissing(t, "junior", got[1].TeachingArea)

	// A row for an unknown school changes nothing; other schools are
	// untouched.
	parts = append(through("N", NineYear, 300, 200), mk("O", Primary, 111, 100, goodPrimary100()))
	got = Apportion(parts, []SharedFacility{{SchoolID: "nobody", TeachingArea: Given(1)}}, DefaultStandards().Weights)
	for i := range parts {
		if got[i] != parts[i] {
			t.Errorf("part %d changed", i)
		}
	}
}
