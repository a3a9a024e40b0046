package indicators

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withBackbone returns a primary part meeting everything (goodPrimary100
// scaled to its size), with the given backbone teachers.
func withBackbone(id string, code, students int, backbone float64) SchoolPart {
	in := scaled(goodPrimary100(), float64(students)/100)
	in[1] = backbone
	return mk(id, Primary, code, students, in)
}

// fourSchools is the hand-worked example of the 差异系数 (backbone teachers):
//
//	part  P_i  x_i  X_i = x_i/P_i×100
//	A     100   4    4
//	B     100   2    2
//	C     200   2    1
//	D     400   2    0.5
//
// P = 800, Σx = 10, X̄ = 10/800×100 = 1.25 (ratio of totals).
// Weights P_i/P = 1/8, 1/8, 2/8, 4/8; deviations X_i − X̄ = 2.75, 0.75,
// −0.25, −0.75; squares 7.5625, 0.5625, 0.0625, 0.5625.
// S² = (7.5625 + 0.5625 + 2×0.0625 + 4×0.5625)/8 = 10.5/8 = 1.3125.
// CV² = S²/X̄² = 1.3125/1.5625 = 0.84, CV = √0.84 = 0.9165151389911680.
// Check by the exact form CV² = P·T/(Σx)² − 1, T = Σx_i²/P_i
// = 16/100 + 4/100 + 4/200 + 4/400 = 0.23: 800×0.23/100 − 1 = 0.84. ✓
func fourSchools() []SchoolPart {
	return []SchoolPart{
		withBackbone("A", 111, 100, 4),
		withBackbone("B", 112, 100, 2),
		withBackbone("C", 121, 200, 2),
		withBackbone("D", 220, 400, 2),
	}
}

func TestCVByHand(t *testing.T) {
	r := Compute(Input{Year: 2024, Parts: fourSchools()}, DefaultStandards())
	lr := level(t, r, Primary)
	ir := lr.Indicators[BackboneTeachers]
	eqFig(t, "value", ir.Value, 1.25)
	near12(t, "cv", ir.CV.Value, math.Sqrt(0.84))
	eqPass(t, "cv", ir.CVPass, "false") // 0.9165 > 0.5
	eqf(t, "threshold", ir.Threshold, 1.0)
	eqf(t, "cv_limit", ir.CVLimit, 0.5)
	if lr.Students != 800 {
		t.Errorf("students = %d, want 800", lr.Students)
	}
	// Groups: A (111) and B (112) urban, C (121) town, D (220) rural.
	// urban (4 + 2)/(100 + 100)×100 = 3, both ≥ 1.0: share 1;
	// town 2/200×100 = 1.0, exactly the threshold: meets, share 1;
	// rural 2/400×100 = 0.5 < 1.0: share 0. Rural ÷ urban = 0.5/3 = 1/6.
	g := ir.Groups
	eqFig(t, "urban", g[Urban].Value, 3)
	eqFig(t, "urban share", g[Urban].PassShare, 1)
	eqFig(t, "town", g[Town].Value, 1)
	eqFig(t, "town share", g[Town].PassShare, 1)
	eqFig(t, "rural", g[Rural].Value, 0.5)
	eqFig(t, "rural share", g[Rural].PassShare, 0)
	near12(t, "rural ÷ urban", Gap(g[Rural].Value, g[Urban].Value).Value, 1.0/6)
	if g[Urban].Schools != 2 || g[Town].Schools != 1 || g[Rural].Schools != 1 {
		t.Errorf("group counts %d %d %d", g[Urban].Schools, g[Town].Schools, g[Rural].Schools)
	}
	// The other six are the same ratio everywhere (scaled goodPrimary100):
	// CV 0, e.g. qualified 5 per 100 in every part.
	q := lr.Indicators[QualifiedTeachers]
	eqFig(t, "qualified value", q.Value, 5)
	near12(t, "qualified cv", q.CV.Value, 0)
	eqPass(t, "qualified cv", q.CVPass, "true")
	// D has 0.5 backbone teachers per 100, below the floor 0.85 × 1.0: D
	// fails, and so does the level (as does the CV).
	eqPass(t, "D", lr.Schools[3].Pass, "false")
	eqPass(t, "level", lr.Pass, "false")
}

func TestCVWrongFormulasDiffer(t *testing.T) {
	// On fourSchools, X = 4, 2, 1, 0.5, P = 100, 100, 200, 400.
	// Ours (above): CV² = 0.84, CV = 0.9165.
	// (a) Unweighted: mean of X = 7.5/4 = 1.875; deviations 2.125, 0.125,
	//     −0.875, −1.375; squares 4.515625, 0.015625, 0.765625, 1.890625,
	//     sum 7.1875; S² = 7.1875/4 = 1.796875 = 115/64; X̄² = 225/64;
	//     CV² = 115/225 = 23/45, CV = 0.7149.
	// (b) Sample form (n − 1): our weighted S² scaled by n/(n−1) = 4/3:
	//     1.3125×4/3 = 1.75; CV² = 1.75/1.5625 = 1.12, CV = 1.0583.
	// (c) Mean of ratios in place of the ratio of totals: X̄ = 1.875,
	//     weighted S² = (4.515625 + 0.015625 + 2×0.765625 + 4×1.890625)/8
	//     = 13.625/8 = 1.703125 = 109/64; CV² = 109/225, CV = 0.6960.
	X := []float64{4, 2, 1, 0.5}
	w := []float64{1.0 / 8, 1.0 / 8, 2.0 / 8, 4.0 / 8}

	var mean float64
	for _, x := range X {
		mean += x / 4
	}
	var ss, wsMean float64
	for i, x := range X {
		ss += (x - mean) * (x - mean)
		wsMean += w[i] * (x - mean) * (x - mean)
	}
	unweighted := math.Sqrt(ss/4) / mean
	sample := math.Sqrt(1.3125*4/3) / 1.25
	meanOfRatios := math.Sqrt(wsMean) / mean
	near12(t, "(a) unweighted", unweighted, math.Sqrt(23.0/45))
	near12(t, "(b) sample", sample, math.Sqrt(1.12))
	near12(t, "(c) mean of ratios", meanOfRatios, math.Sqrt(109.0/225))

	r := Compute(Input{Parts: fourSchools()}, DefaultStandards())
	ours := level(t, r, Primary).Indicators[BackboneTeachers].CV.Value
	near12(t, "ours", ours, math.Sqrt(0.84))
	for name, other := range map[string]float64{"unweighted": unweighted, "sample": sample, "mean of ratios": meanOfRatios} {
		if math.Abs(other-ours) < 0.05 {
			t.Errorf("%s CV %v is within 0.05 of ours %v", name, other, ours)
		}
	}
}

// naiveCV is the plain float64 computation, to show the edge cases below
// are ones float64 gets wrong.
func naiveCV(xs []float64, ps []float64) float64 {
	var sx, sp float64
	for i := range xs {
		sx += xs[i]
		sp += ps[i]
	}
	m := sx / sp
	var v float64
	for i := range xs {
		d := xs[i]/ps[i] - m
		v += ps[i] / sp * d * d
	}
	return math.Sqrt(v) / m
}

func TestCVAtLimit(t *testing.T) {
	std := DefaultStandards()

	// Primary, limit 0.5. Two parts of 100 students with 9 and 27 qualified
	// teachers: X = 9 and 27 per 100, X̄ = 36/200×100 = 18, each deviates by
	// 9 with weight ½: S = 9, CV = 9/18 = 0.5 exactly: passes.
	// float64 gives 0.5000000000000001 > 0.5.
	if naiveCV([]float64{9, 27}, []float64{100, 100}) <= 0.5 {
		t.Fatal("float64 no longer shows the artefact")
	}
	mkq := func(id string, l Level, students int, q float64) SchoolPart {
		in := goodPrimary100()
		if l == Junior {
			in = goodJunior100()
		}
		in = scaled(in, float64(students)/100)
		in[0] = q
		return mk(id, l, 111, students, in)
	}
	r := Compute(Input{Parts: []SchoolPart{mkq("a", Primary, 100, 9), mkq("b", Primary, 100, 27)}}, std)
	ir := level(t, r, Primary).Indicators[QualifiedTeachers]
	eqFig(t, "cv at 0.5", ir.CV, 0.5)
	eqPass(t, "cv at 0.5", ir.CVPass, "true")

	// 9 and 28: X̄ = 37/200×100 = 18.5, S = 9.5, CV = 9.5/18.5 = 0.5135: fails.
	r = Compute(Input{Parts: []SchoolPart{mkq("a", Primary, 100, 9), mkq("b", Primary, 100, 28)}}, std)
	ir = level(t, r, Primary).Indicators[QualifiedTeachers]
	near12(t, "cv 9/28", ir.CV.Value, 9.5/18.5)
	eqPass(t, "cv 9/28", ir.CVPass, "false")

	// 10 and 27: X̄ = 18.5, S = 8.5, CV = 0.4595: passes.
	r = Compute(Input{Parts: []SchoolPart{mkq("a", Primary, 100, 10), mkq("b", Primary, 100, 27)}}, std)
	ir = level(t, r, Primary).Indicators[QualifiedTeachers]
	near12(t, "cv 10/27", ir.CV.Value, 8.5/18.5)
	eqPass(t, "cv 10/27", ir.CVPass, "true")

	// Junior, limit 0.45, unequal sizes: 150 students with 19 qualified and
	// 600 with 31. X = 19/150×100 = 12.666…, 31/600×100 = 5.1666…;
	// X̄ = 50/750×100 = 6.666…; deviations 6 and −1.5; weights 0.2 and 0.8;
	// S² = 0.2×36 + 0.8×2.25 = 7.2 + 1.8 = 9, S = 3; CV = 3/6.666… = 0.45
	// exactly: passes. float64 gives 0.45000000000000007.
	if naiveCV([]float64{19, 31}, []float64{150, 600}) <= 0.45 {
		t.Fatal("float64 no longer shows the artefact")
	}
	r = Compute(Input{Parts: []SchoolPart{mkq("a", Junior, 150, 19), mkq("b", Junior, 600, 31)}}, std)
	ir = level(t, r, Junior).Indicators[QualifiedTeachers]
	eqFig(t, "cv at 0.45", ir.CV, 0.45)
	eqPass(t, "cv at 0.45", ir.CVPass, "true")
	eqf(t, "junior cv_limit", ir.CVLimit, 0.45)
	if r.Levels.Primary != nil {
		t.Error("primary level exists without primary parts")
	}
}

func TestCVSinglePartAndZeroMean(t *testing.T) {
	// One part: it is the mean, S = 0, CV = 0.
	r := Compute(Input{Parts: []SchoolPart{withBackbone("A", 111, 100, 3)}}, DefaultStandards())
	ir := level(t, r, Primary).Indicators[BackboneTeachers]
	eqFig(t, "cv", ir.CV, 0)
	eqPass(t, "cv", ir.CVPass, "true")

	// Two parts with no backbone teacher at all: X̄ = 0, CV = S/0 undefined →
	// missing, cv_pass null; the value 0 itself is given.
	r = Compute(Input{Parts: []SchoolPart{withBackbone("A", 111, 100, 0), withBackbone("B", 111, 200, 0)}}, DefaultStandards())
	ir = level(t, r, Primary).Indicators[BackboneTeachers]
	eqFig(t, "value", ir.Value, 0)
	isMissing(t, "cv", ir.CV)
	eqPass(t, "cv", ir.CVPass, "nil")
	// Both parts fail (0 < 0.85), so the level still fails.
	eqPass(t, "level", level(t, r, Primary).Pass, "false")
}

func TestCVMissingFigure(t *testing.T) {
	parts := fourSchools()
	parts[2].BackboneTeachers = Missing
	r := Compute(Input{Parts: parts}, DefaultStandards())
	ir := level(t, r, Primary).Indicators[BackboneTeachers]
	isMissing(t, "value", ir.Value)
	isMissing(t, "cv", ir.CV)
	eqPass(t, "cv", ir.CVPass, "nil")
	// The other indicators are unaffected.
	eqFig(t, "qualified", level(t, r, Primary).Indicators[QualifiedTeachers].Value, 5)
}

func TestCVScaleInvariant(t *testing.T) {
	// CV = S/X̄ is a ratio of two quantities linear in x: scaling every x_i
	// by c scales S and X̄ by c and leaves CV unchanged.
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 50; trial++ {
		n := 2 + rng.IntN(40)
		xs := make([]float64, n)
		ps := make([]int, n)
		for i := range xs {
			ps[i] = 1 + rng.IntN(2500)
			xs[i] = float64(rng.IntN(10000)) / 10
		}
		base, _, ok := weightedCV(xs, ps, 0.5)
		if !ok {
			continue
		}
		for _, c := range []float64{3, 0.25, 1000, 1.0 / 7, 100} {
			ys := make([]float64, n)
			for i := range xs {
				ys[i] = xs[i] * c
			}
			got, _, _ := weightedCV(ys, ps, 0.5)
			if math.Abs(got-base) > 1e-12*math.Max(1, base) {
				t.Fatalf("trial %d: CV %v scaled by %v = %v", trial, base, c, got)
			}
		}
	}
}

func TestWeightedCVExactPathAgrees(t *testing.T) {
	// Away from the limit the fast path decides; with the limit set to the
	// CV itself the exact path decides: both must give the same CV (to
	// 1e-12). Random data, fixed seed.
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 30; trial++ {
		n := 2 + rng.IntN(30)
		xs := make([]float64, n)
		ps := make([]int, n)
		for i := range xs {
			ps[i] = 1 + rng.IntN(2000)
			xs[i] = float64(1 + rng.IntN(500))
		}
		fast, _, ok := weightedCV(xs, ps, 100)
		if !ok {
			t.Fatal("no cv")
		}
		// The limit is fast's shortest decimal; the true CV is irrational,
		// a hair above or below it: either verdict is right, but the CV
		// published must agree with it.
		exact, within, _ := weightedCV(xs, ps, fast)
		near12(t, "exact path cv", exact, fast)
		if within != (exact <= fast) {
			t.Errorf("trial %d: cv %v, limit %v, within %v", trial, exact, fast, within)
		}
	}
}
