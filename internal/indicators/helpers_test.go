package indicators

import (
	"math"
	"testing"
)

// NA marks a figure the data does not give, in the test tables below
// (inputs are never negative).
const NA = -1.0

func fig(v float64) Figure {
	if v < 0 {
		return Missing
	}
	return Given(v)
}

// mk builds a school part. in holds the seven inputs in the order of
// Indicators: qualified, backbone, pe_art teachers, teaching area ㎡, sports
// area ㎡, equipment 元, multimedia rooms; NA for a figure not given.
func mk(id string, l Level, code, students int, in [7]float64) SchoolPart {
	return SchoolPart{
		SchoolID: id, SchoolName: "学校" + id, Level: l, UrbanRuralCode: code, Students: students,
		QualifiedTeachers: fig(in[0]), BackboneTeachers: fig(in[1]), PEArtTeachers: fig(in[2]),
		TeachingArea: fig(in[3]), SportsArea: fig(in[4]), EquipmentValue: fig(in[5]), MultimediaRooms: fig(in[6]),
	}
}

// goodPrimary100 are the inputs of a 100-student primary part meeting all
// seven national thresholds: 5 ≥ 4.2, 2 ≥ 1.0, 1 ≥ 0.9 per 100 students;
// 500/100 = 5 ≥ 4.5 ㎡, 800/100 = 8 ≥ 7.5 ㎡, 250000/100 = 2500 ≥ 2000 元;
// 3 ≥ 2.3 rooms per 100.
func goodPrimary100() [7]float64 { return [7]float64{5, 2, 1, 500, 800, 250000, 3} }

// goodJunior100: 6 ≥ 5.3, 2 ≥ 1.0, 1 ≥ 0.9; 6 ≥ 5.8 ㎡, 11 ≥ 10.2 ㎡,
// 3000 ≥ 2500 元; 3 ≥ 2.4.
func goodJunior100() [7]float64 { return [7]float64{6, 2, 1, 600, 1100, 300000, 3} }

// scaled multiplies every input by k (a part k times as large with the
// same ratios).
func scaled(in [7]float64, k float64) [7]float64 {
	for i := range in {
		if in[i] >= 0 {
			in[i] *= k
		}
	}
	return in
}

func eqf(t *testing.T, what string, got, want float64) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func near12(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %v, want %v (±1e-12)", what, got, want)
	}
}

func eqFig(t *testing.T, what string, got Figure, want float64) {
	t.Helper()
	if !got.Given {
		t.Errorf("%s = missing, want %v", what, want)
		return
	}
	eqf(t, what, got.Value, want)
}

func isMissing(t *testing.T, what string, got Figure) {
	t.Helper()
	if got.Given {
		t.Errorf("%s = %v, want missing", what, got.Value)
	}
}

func boolStr(b *bool) string {
	if b == nil {
		return "nil"
	}
	if *b {
		return "true"
	}
	return "false"
}

func eqPass(t *testing.T, what string, got *bool, want string) {
	t.Helper()
	if boolStr(got) != want {
		t.Errorf("%s pass = %s, want %s", what, boolStr(got), want)
	}
}

func level(t *testing.T, r *Report, l Level) *LevelReport {
	t.Helper()
	lr := r.Levels.Get(l)
	if lr == nil {
		t.Fatalf("level %s is nil", l)
	}
	return lr
}
