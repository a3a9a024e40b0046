package indicators

import (
	"testing"
)

func TestEvaluateAllMet(t *testing.T) {
	std := DefaultStandards()
	r := Evaluate(mk("A", Primary, 111, 100, goodPrimary100()), std)
	// Values by hand (see goodPrimary100): 5, 2, 1 per 100; 5, 8 ㎡; 2500 元; 3 rooms per 100.
	want := map[Indicator]float64{
		QualifiedTeachers: 5, BackboneTeachers: 2, PEArtTeachers: 1,
		TeachingArea: 5, SportsArea: 8, EquipmentValue: 2500, MultimediaRooms: 3,
	}
	if len(r.Values) != 7 {
		t.Errorf("values has %d keys, want 7", len(r.Values))
	}
	for ind, w := range want {
		eqFig(t, string(ind), r.Values[ind], w)
	}
	if r.Met != 7 {
		t.Errorf("met = %d, want 7", r.Met)
	}
	eqPass(t, "A", r.Pass, "true")
	if r.Shortfalls == nil || len(r.Shortfalls) != 0 {
		t.Errorf("shortfalls = %v, want empty non-nil", r.Shortfalls)
	}
	if r.Group != Urban || r.Students != 100 || r.SchoolID != "A" || r.SchoolName != "学校A" {
		t.Errorf("identity wrong: %+v", r)
	}
}

// A 400-student primary part meeting six indicators comfortably: 20/400×100
// = 5 ≥ 4.2; 8 → 2 ≥ 1; 4 → 1 ≥ 0.9; 3200/400 = 8 ≥ 7.5; 1000000/400 = 2500
// ≥ 2000; 12 → 3 ≥ 2.3. Teaching area is the one under test: the
// threshold is 4.5 × 400 = 1800 ㎡, the 85 % floor 0.85 × 4.5 × 400 = 1530 ㎡.
func primary400(teachingArea float64) SchoolPart {
	return mk("E", Primary, 210, 400, [7]float64{20, 8, 4, teachingArea, 3200, 1000000, 12})
}

func TestEightyFiveRule(t *testing.T) {
	std := DefaultStandards()
	for _, c := range []struct {
		area      float64
		met       int
		pass      string
		shortfall float64 // teaching_area shortfall, 0 = none
		why       string
	}{
		{1800, 7, "true", 0, "1800/400 = 4.5: exactly at the threshold meets it"},
		{1799.9, 6, "true", 0.1, "4.49975 < 4.5 but ≥ 3.825; shortfall 1800 − 1799.9 = 0.1"},
		{1530, 6, "true", 270, "1530/400 = 3.825 = 85 % × 4.5 exactly: passes; shortfall 1800 − 1530 = 270"},
		{1529.9, 6, "false", 270.1, "1529.9/400 = 3.82475 < 3.825: fails; shortfall 270.1"},
		{0, 6, "false", 1800, "0 ㎡ is a given 0, far below the floor"},
		{NA, 6, "nil", 0, "area not given: 6 met, the 7th unknown: open"},
	} {
		r := Evaluate(primary400(c.area), std)
		if r.Met != c.met {
			t.Errorf("%s: met = %d, want %d", c.why, r.Met, c.met)
		}
		eqPass(t, c.why, r.Pass, c.pass)
		got, ok := r.Shortfalls[TeachingArea]
		if ok != (c.shortfall > 0) || got != c.shortfall {
			t.Errorf("%s: shortfall = %v (present %v), want %v", c.why, got, ok, c.shortfall)
		}
		if c.area == NA && r.Values[TeachingArea].Given {
			t.Errorf("%s: value given", c.why)
		}
	}
}

func TestEightyFiveRuleQualifiedAtFloor(t *testing.T) {
	// The brief's case: 357 qualified teachers for 10000 students = 3.57 per
	// 100 = 0.85 × 4.2 exactly (float64 357/10000*100 = 3.5700000000000003,
	// 0.85*4.2 = 3.57). Everything else met with room: 200 → 2, 100 → 1,
	// 50000/10000 = 5, 80000/10000 = 8, 25000000/10000 = 2500, 300 → 3.
	// Shortfall: ceil(4.2 × 10000 / 100 − 357) = 420 − 357 = 63 teachers.
	std := DefaultStandards()
	r := Evaluate(mk("Q", Primary, 111, 10000, [7]float64{357, 200, 100, 50000, 80000, 25000000, 300}), std)
	eqFig(t, "qualified", r.Values[QualifiedTeachers], 3.57)
	eqPass(t, "at floor", r.Pass, "true")
	eqf(t, "shortfall", r.Shortfalls[QualifiedTeachers], 63)
	// 356 → 3.56 < 3.57: fails; shortfall 64.
	r = Evaluate(mk("Q", Primary, 111, 10000, [7]float64{356, 200, 100, 50000, 80000, 25000000, 300}), std)
	eqPass(t, "below floor", r.Pass, "false")
	eqf(t, "shortfall", r.Shortfalls[QualifiedTeachers], 64)
}

func TestEightyFiveRuleFloorRoundedUpByFloat(t *testing.T) {
	// A province threshold of 1.12 ㎡ for teaching area: floor 0.85 × 1.12 =
	// 0.952, which float64 makes 0.9520000000000001. A 1000-student part with
	// 952 ㎡ (0.952) is exactly at the floor and passes; the rest as
	// primary400 scaled to 1000 students (50 → 5, 20 → 2, 10 → 1, 8000 → 8,
	// 2500000 → 2500, 30 → 3).
	std := DefaultStandards()
	std.Primary.TeachingArea = 1.12
	r := Evaluate(mk("F", Primary, 111, 1000, [7]float64{50, 20, 10, 952, 8000, 2500000, 30}), std)
	eqPass(t, "0.952 at floor 0.952", r.Pass, "true")
	eqf(t, "shortfall 1.12×1000 − 952", r.Shortfalls[TeachingArea], 168)
}

func TestPassNeedsSixAndNoMissing(t *testing.T) {
	std := DefaultStandards()
	// Start from a 100-student part meeting all seven (goodPrimary100) and
	// change inputs. Floors per 100 students: backbone 0.85, pe_art 0.765,
	// teaching area 3.825 ㎡ → 382.5 ㎡, multimedia 1.955 → 1.955 rooms.
	check := func(in [7]float64, met int, pass, why string) {
		t.Helper()
		r := Evaluate(mk("P", Primary, 121, 100, in), std)
		if r.Met != met {
			t.Errorf("%s: met = %d, want %d", why, r.Met, met)
		}
		eqPass(t, why, r.Pass, pass)
	}
	in := goodPrimary100()
	check(in, 7, "true", "all seven met")

	in = goodPrimary100()
	in[6] = 2 // 2 rooms per 100 < 2.3, ≥ 1.955
	check(in, 6, "true", "6 met, multimedia 2 above the floor 1.955")

	in[6] = 1 // 1 < 1.955
	check(in, 6, "false", "6 met, multimedia 1 below the floor 1.955")

	in = goodPrimary100()
	in[6], in[3] = 2, 400 // 2 < 2.3 and 400/100 = 4 < 4.5, both above their floors
	check(in, 5, "false", "two below threshold: 5 met < 6")

	in = goodPrimary100()
	in[6] = NA
	check(in, 6, "nil", "6 met and 1 missing: never true")

	in[3] = 400 // 4 ㎡: below 4.5, above 3.825
	check(in, 5, "nil", "5 met, 1 above floor, 1 missing: open (passes if the missing one is met)")

	in[3] = 300 // 3 ㎡ < 3.825
	check(in, 5, "false", "5 met, 1 below floor, 1 missing: fails whatever it is")

	in = goodPrimary100()
	in[6], in[5] = NA, NA
	in[3] = 400 // 4 ㎡: below 4.5, above 3.825
	check(in, 4, "nil", "4 met + 2 missing + 1 above floor: if both missing are met, 6 met — open")

	in = goodPrimary100()
	in[6] = NA
	in[3], in[4] = 400, 700 // 4 ㎡ < 4.5 and 7 ㎡ < 7.5, both above their floors (3.825, 6.375)
	check(in, 4, "false", "4 met + 1 missing = 5 at best < 6: fails whatever the missing one is")

	in = [7]float64{NA, NA, NA, NA, NA, NA, NA}
	check(in, 0, "nil", "nothing given: open, and 0 met (missing never counts as met)")
}

func TestShortfalls(t *testing.T) {
	std := DefaultStandards()
	// A 500-student primary part short of everything:
	//   qualified 20 → 20/500×100 = 4.0 < 4.2; need ceil(4.2×500/100 − 20) = ceil(21 − 20) = 1
	//   backbone 4 → 0.8 < 1.0;  need ceil(1.0×5 − 4) = 1
	//   pe_art 4 → 0.8 < 0.9;    need ceil(0.9×5 − 4) = ceil(0.5) = 1
	//   teaching 2000 ㎡ → 4.0 < 4.5;  need 4.5×500 − 2000 = 250 ㎡
	//   sports 3700 ㎡ → 7.4 < 7.5;    need 7.5×500 − 3700 = 50 ㎡
	//   equipment 900000 元 → 1800 < 2000; need 2000×500 − 900000 = 100000 元
	//   multimedia 11 → 2.2 < 2.3;  need ceil(2.3×5 − 11) = ceil(0.5) = 1
	r := Evaluate(mk("S", Primary, 220, 500, [7]float64{20, 4, 4, 2000, 3700, 900000, 11}), std)
	want := map[Indicator]float64{
		QualifiedTeachers: 1, BackboneTeachers: 1, PEArtTeachers: 1,
		TeachingArea: 250, SportsArea: 50, EquipmentValue: 100000, MultimediaRooms: 1,
	}
	if len(r.Shortfalls) != 7 {
		t.Errorf("shortfalls = %v, want 7 keys", r.Shortfalls)
	}
	for ind, w := range want {
		eqf(t, "shortfall "+string(ind), r.Shortfalls[ind], w)
	}
	if r.Met != 0 {
		t.Errorf("met = %d, want 0", r.Met)
	}
	// 4.0 ≥ 3.57 (floor of 4.2) but 0.8 < 0.85 (floor of 1.0): below floor → fails.
	eqPass(t, "S", r.Pass, "false")

	// Exact boundaries of whole-number shortfalls, 1000 students:
	//   qualified 41 → 4.1 < 4.2; need 4.2×10 − 41 = 42 − 41 = 1 exactly (not 2)
	//   backbone 9 → 0.9 < 1.0; need 10 − 9 = 1
	//   multimedia 22 → 2.2 < 2.3; need 23 − 22 = 1
	// and amounts: teaching 4499.9 ㎡ → need 4500 − 4499.9 = 0.1 ㎡;
	// equipment 1999999.5 元 → need 2000000 − 1999999.5 = 0.5 元.
	// Met: pe_art 10 → 1.0 ≥ 0.9 and sports 7500 → 7.5 ≥ 7.5: no shortfall.
	r = Evaluate(mk("B", Primary, 220, 1000, [7]float64{41, 9, 10, 4499.9, 7500, 1999999.5, 22}), std)
	want = map[Indicator]float64{
		QualifiedTeachers: 1, BackboneTeachers: 1, MultimediaRooms: 1,
		TeachingArea: 0.1, EquipmentValue: 0.5,
	}
	if len(r.Shortfalls) != len(want) {
		t.Errorf("shortfalls = %v, want %v", r.Shortfalls, want)
	}
	for ind, w := range want {
		eqf(t, "shortfall "+string(ind), r.Shortfalls[ind], w)
	}
	if _, ok := r.Shortfalls[SportsArea]; ok {
		t.Error("sports area exactly at 7.5 has a shortfall")
	}
	if r.Met != 2 {
		t.Errorf("met = %d, want 2", r.Met)
	}

	// A missing figure has no shortfall (its gap is unknown, not 0).
	in := goodPrimary100()
	in[0] = NA
	r = Evaluate(mk("M", Primary, 220, 100, in), std)
	if _, ok := r.Shortfalls[QualifiedTeachers]; ok || len(r.Shortfalls) != 0 {
		t.Errorf("shortfalls = %v, want none", r.Shortfalls)
	}
}

func TestJuniorThresholds(t *testing.T) {
	// Junior thresholds differ: qualified 5.3. 100 students, 5 qualified →
	// 5.0 < 5.3 (≥ floor 4.505): met 6 of goodJunior100, pass;
	// shortfall ceil(5.3 − 5) = ceil(0.3) = 1.
	in := goodJunior100()
	in[0] = 5
	r := Evaluate(mk("J", Junior, 111, 100, in), DefaultStandards())
	if r.Met != 6 {
		t.Errorf("met = %d, want 6", r.Met)
	}
	eqPass(t, "J", r.Pass, "true")
	eqf(t, "shortfall", r.Shortfalls[QualifiedTeachers], 1)
	// The same 5 per 100 meets the primary 4.2.
	r = Evaluate(mk("J", Primary, 111, 100, in), DefaultStandards())
	if _, ok := r.Shortfalls[QualifiedTeachers]; ok {
		t.Error("5.0 ≥ 4.2 has a primary shortfall")
	}
}
