package indicators

import (
	"math"
	"testing"
)

// The float64 artefacts these tests guard against are real; each test first
// shows that plain float64 gets the case wrong (so the test can fail), then
// that this package gets it right. Variables, not constants: Go evaluates
// constant expressions exactly.

func TestRatValueAtThresholdDespiteFloat(t *testing.T) {
	// 9 体育艺术 teachers for 1000 students: 9 × 100 / 1000 = 0.9 exactly,
	// the primary threshold. float64 9/1000*100 is 0.8999999999999999.
	x, p, s, th := 9.0, 1000.0, 100.0, 0.9
	if x/p*s >= th {
		t.Fatal("float64 no longer shows the artefact; pick another case")
	}
	v, cmpT, _ := ratValue(9, 100, 1000, 0.9, 0.85)
	eqf(t, "value", v, 0.9)
	if cmpT != 0 {
		t.Errorf("cmp to threshold = %d, want 0 (exactly at it)", cmpT)
	}
}

func TestRatValueAtFloorDespiteFloat(t *testing.T) {
	// 357 qualified teachers for 10000 students: 357 × 100 / 10000 = 3.57,
	// and 0.85 × 4.2 = 3.57: exactly at the 85 % floor.
	// float64: 357/10000*100 = 3.5700000000000003 ≠ 0.85*4.2 = 3.57.
	x, p, s, f, th := 357.0, 10000.0, 100.0, 0.85, 4.2
	if x/p*s == f*th {
		t.Fatal("float64 no longer shows the artefact")
	}
	v, cmpT, cmpF := ratValue(357, 100, 10000, 4.2, 0.85)
	eqf(t, "value", v, 3.57)
	if cmpT != -1 || cmpF != 0 {
		t.Errorf("cmp = (%d, %d), want (-1, 0)", cmpT, cmpF)
	}

	// A floor that float64 rounds up: threshold 1.12 (say, a province's
	// 生均 figure), 0.85 × 1.12 = 0.952 exactly, float64 0.9520000000000001.
	// 952 ㎡ for 1000 students is 0.952: exactly at the floor, and float64
	// would put it below.
	a, n, th2 := 952.0, 1000.0, 1.12
	if a/n >= f*th2 {
		t.Fatal("float64 no longer shows the artefact")
	}
	v, _, cmpF = ratValue(952, 1, 1000, 1.12, 0.85)
	eqf(t, "value", v, 0.952)
	if cmpF != 0 {
		t.Errorf("cmp to floor = %d, want 0", cmpF)
	}
	// One ㎡ less is below: 951/1000 = 0.951 < 0.952.
	if _, _, cmpF = ratValue(951, 1, 1000, 1.12, 0.85); cmpF != -1 {
		t.Errorf("951/1000 cmp to floor = %d, want -1", cmpF)
	}
}

func TestCeilShortfall(t *testing.T) {
	for _, c := range []struct {
		th       float64
		students int
		x, want  float64
		why      string
	}{
		{4.2, 500, 20, 1, "4.2×500/100 = 21; 21 − 20 = 1"},
		{4.2, 500, 20.5, 1, "21 − 20.5 = 0.5 → 1"},
		{1.0, 300, 0, 3, "1×300/100 = 3 exactly; ceil(3) = 3, not 4"},
		{2.3, 300, 5, 2, "2.3×300/100 = 6.9; 6.9 − 5 = 1.9 → 2"},
		{2.3, 1000, 22, 1, "2.3×1000/100 = 23 exactly; 23 − 22 = 1"},
		{4.4, 750, 30, 3, "4.4×750/100 = 33 exactly; 33 − 30 = 3 (float64 makes it 33.00000000000001 → 4)"},
		{0.9, 1000, 8, 1, "0.9×1000/100 = 9; 9 − 8 = 1"},
		{2.3, 100, 1.5, 1, "2.3 − 1.5 = 0.8 → 1 (apportioned rooms are fractional)"},
		// Ten decimal places: beyond the int64 path, decided by big.Rat.
		{2.3, 1000, 22.0000000001, 1, "23 − 22.0000000001 = 0.9999999999 → 1"},
		{2.3, 1000, 21.9999999999, 2, "23 − 21.9999999999 = 1.0000000001 → 2"},
		{2.3, 1000, 23.0000000001, 0, "not short: −0.0000000001 → 0 (never called so, but exact)"},
	} {
		eqf(t, c.why, ceilShortfall(c.th, c.students, 100, c.x), c.want)
	}
	// The float64 artefact of the 4.4 case, so that case can fail.
	th, n, per := 4.4, 750.0, 100.0
	if math.Ceil(th*n/per-30) == 3 {
		t.Fatal("float64 no longer shows the artefact")
	}
}

func TestAmountShortfall(t *testing.T) {
	// 4.5 ㎡ × 100 students = 450 ㎡; 450 − 449.9 = 0.1 ㎡
	// (float64 4.5*100 − 449.9 = 0.10000000000002274).
	eqf(t, "area", amountShortfall(4.5, 100, 449.9), 0.1)
	// 2000 元 × 300 = 600000 元; 600000 − 599999.5 = 0.5 元.
	eqf(t, "equipment", amountShortfall(2000, 300, 599999.5), 0.5)
	// 7.5 × 501 = 3757.5; 3757.5 − 3000.25 = 757.25.
	eqf(t, "sports", amountShortfall(7.5, 501, 3000.25), 757.25)
	// Ten decimal places (big.Rat path): 450 − 449.9999999999 = 1e-10.
	eqf(t, "area, 10 places", amountShortfall(4.5, 100, 449.9999999999), 1e-10)
}

func TestCmpProd(t *testing.T) {
	// 90 exchanged of 900 eligible is exactly 10 %: 90 ≥ 0.1 × 900.
	if got := cmpProd([]float64{90}, []float64{0.1, 900}); got != 0 {
		t.Errorf("90 vs 0.1×900 = %d, want 0", got)
	}
	// 89 < 90.
	if got := cmpProd([]float64{89}, []float64{0.1, 900}); got != -1 {
		t.Errorf("89 vs 0.1×900 = %d, want -1", got)
	}
	// 0.1 × 3 = 0.3 exactly (float64 0.30000000000000004).
	a, b := 0.1, 3.0
	if a*b == 0.3 {
		t.Fatal("float64 no longer shows the artefact")
	}
	if got := cmpProd([]float64{0.3}, []float64{0.1, 3}); got != 0 {
		t.Errorf("0.3 vs 0.1×3 = %d, want 0", got)
	}
	// 0.30000000000000004 is a decimal of 17 digits (big.Rat path): it is
	// above 0.3.
	if got := cmpProd([]float64{0.30000000000000004}, []float64{0.1, 3}); got != 1 {
		t.Errorf("0.30000000000000004 vs 0.1×3 = %d, want 1", got)
	}
	if !atLeast(0.85, 0.85) || atLeast(0.8499999, 0.85) || !atMost(45, 45) || atMost(46, 45) {
		t.Error("atLeast/atMost wrong at the edge")
	}
}
