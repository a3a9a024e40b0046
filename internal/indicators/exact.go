package indicators

import (
	"math"
	"math/big"
	"strconv"
)

// Exact decisions at the boundary.
//
// Every 达标/未达标 this package publishes is decided on the numbers as their
// authors wrote them, not on their binary approximations. In float64,
// 357.0/10000*100 is 3.5700000000000003, 9.0/1000*100 is 0.8999999999999999
// and 0.85*1.12 is 0.9520000000000001: a school exactly at a threshold or
// exactly at 85 % of it could be flipped by an artefact of the last bit.
//
// So every comparison takes two paths. The fast path compares in float64.
// When the two sides are within nearRel (1e-9) of each other, relative,
// the decision is remade exactly, each float64 taken at its shortest decimal
// representation (strconv.FormatFloat(v, 'g', -1, 64)). That is the decimal
// the author wrote — 4.2, 0.85, 357, 1890.3 — for any number of up to 15
// significant digits, and products and quotients of those decimals are exact
// rationals: computed in int64 when the decimals are short (smallDecimal)
// and the products fit, with math/big.Rat otherwise. The float error of the
// fast path is below 1e-13 relative for any input this package sees, far
// inside nearRel, so the fast path never decides a case the exact path would
// decide differently.
//
// The same holds for the ceilings of the teacher and room shortfalls:
// ceil(4.2×500/100 − 20) is 1, and the ceiling of a result that is exactly a
// whole number is that number, never one more.
const nearRel = 1e-9

// dec returns v as the rational of its shortest decimal representation.
// v must be finite.
func dec(v float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// near reports whether a and b are so close that float64 may not tell
// their order: within nearRel of the larger magnitude.
func near(a, b float64) bool {
	return math.Abs(a-b) <= nearRel*math.Max(math.Abs(a), math.Abs(b))
}

func fsign(d float64) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// cmpProd returns the sign of Πa − Πb, decided exactly on the decimals
// (see above). Either side may have one to a few factors.
func cmpProd(a, b []float64) int {
	pa, pb := 1.0, 1.0
	ok := true
	for _, v := range a {
		pa *= v
		ok = ok && finite(v)
	}
	for _, v := range b {
		pb *= v
		ok = ok && finite(v)
	}
	if !ok || !near(pa, pb) {
		return fsign(pa - pb)
	}
	if c, ok := cmpProdInt(a, b); ok {
		return c
	}
	return prodRat(a).Cmp(prodRat(b))
}

// cmpProdInt is cmpProd's exact path in int64, for short decimals whose
// products fit; ok is false otherwise (then big.Rat decides).
func cmpProdInt(a, b []float64) (int, bool) {
	na, ka, ok := prodInt(a)
	if !ok {
		return 0, false
	}
	nb, kb, ok := prodInt(b)
	if !ok {
		return 0, false
	}
	// na/10^ka vs nb/10^kb  ⟺  na·10^(k−ka) vs nb·10^(k−kb).
	k := max(ka, kb)
	if k > 18 {
		return 0, false
	}
	x, ok1 := mul64(na, pow10i(k-ka))
	y, ok2 := mul64(nb, pow10i(k-kb))
	if !ok1 || !ok2 {
		return 0, false
	}
	switch {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// prodInt is Π fs as n/10^k in int64.
func prodInt(fs []float64) (n int64, k int, ok bool) {
	n = 1
	for _, v := range fs {
		m, j, ok := smallDecimal(v)
		if !ok {
			return 0, 0, false
		}
		if n, ok = mul64(n, m); !ok {
			return 0, 0, false
		}
		k += j
	}
	return n, k, true
}

func prodRat(fs []float64) *big.Rat {
	r := big.NewRat(1, 1)
	for _, v := range fs {
		r.Mul(r, dec(v))
	}
	return r
}

// atLeast reports whether v ≥ t, exactly.
func atLeast(v, t float64) bool { return cmpProd([]float64{v}, []float64{t}) >= 0 }

// atMost reports whether v ≤ t, exactly.
func atMost(v, t float64) bool { return cmpProd([]float64{v}, []float64{t}) <= 0 }

// ratValue is the value of a school part: x·scale/students (scale 100 for the
// 每百名 indicators, 1 otherwise), with its order against the threshold t
// and against the floor share·t, decided exactly. The value returned is the
// float64 nearest to the exact quotient whenever it is near t or the floor,
// so that a published value never sits on the wrong side of a verdict.
func ratValue(x, scale float64, students int, t, share float64) (v float64, cmpT, cmpF int) {
	p := float64(students)
	v = x * scale / p
	ft := share * t
	if finite(v) && finite(ft) && !near(v, t) && !near(v, ft) {
		return v, fsign(v - t), fsign(v - ft)
	}
	r := new(big.Rat).Mul(dec(x), dec(scale))
	r.Quo(r, new(big.Rat).SetInt64(int64(students)))
	rt := dec(t)
	rf := new(big.Rat).Mul(dec(share), rt)
	v, _ = r.Float64()
	cmpT, cmpF = r.Cmp(rt), r.Cmp(rf)
	return keepSide(v, t, cmpT >= 0), cmpT, cmpF
}

// keepSide returns v, moved by the least amount if need be so that, as
// float64, v ≥ t when ge and v < t otherwise. Rounding to float64 keeps
// order, except that a value a hair (under half an ulp) on one side of t may
// round onto t itself; a published value must not then contradict the exact
// verdict.
func keepSide(v, t float64, ge bool) float64 {
	switch {
	case ge && v < t:
		return t
	case !ge && v >= t:
		return math.Nextafter(t, math.Inf(-1))
	}
	return v
}

// keepWithin is keepSide for "≤ limit": v ≤ limit when within, v > limit
// otherwise.
func keepWithin(v, limit float64, within bool) float64 {
	switch {
	case within && v > limit:
		return limit
	case !within && v <= limit:
		return math.Nextafter(limit, math.Inf(1))
	}
	return v
}

// ceilShortfall is ceil(t·students/per − x): the whole teachers or rooms a
// school part needs to reach t per per students. Exact at whole numbers:
// short decimals in int64, anything else with big.Rat.
func ceilShortfall(t float64, students int, per int, x float64) float64 {
	s := t*float64(students)/float64(per) - x
	if finite(s) && math.Abs(s-math.Round(s)) > nearRel*math.Max(1, math.Abs(s)) {
		return math.Ceil(s)
	}
	// s = (T·students − X·per) / (per·10^k) with T = t·10^k, X = x·10^k.
	nt, kt, ok1 := smallDecimal(t)
	nx, kx, ok2 := smallDecimal(x)
	if ok1 && ok2 && per > 0 {
		k := max(kt, kx)
		tt, ok3 := mul64(nt, pow10i(k-kt))
		tp, ok4 := mul64(tt, int64(students))
		xx, ok5 := mul64(nx, pow10i(k-kx))
		xp, ok6 := mul64(xx, int64(per))
		den, ok7 := mul64(int64(per), pow10i(k))
		if ok3 && ok4 && ok5 && ok6 && ok7 {
			num := tp - xp
			q := num / den // truncates toward 0
			if num%den != 0 && num > 0 {
				q++
			}
			return float64(q)
		}
	}
	r := new(big.Rat).Mul(dec(t), new(big.Rat).SetInt64(int64(students)))
	r.Quo(r, new(big.Rat).SetInt64(int64(per)))
	r.Sub(r, dec(x))
	// ceil(n/d) = −floor(−n/d); big.Int.Div is Euclidean, which is floor
	// division for the positive denominator of a big.Rat.
	q := new(big.Int).Neg(r.Num())
	q.Div(q, r.Denom())
	q.Neg(q)
	f, _ := q.Float64()
	return f
}

// amountShortfall is t·students − x (㎡ or 元), the float64 nearest to the
// exact difference: 4.5×100 − 449.9 is 0.1, not 0.10000000000002274.
// Decimals of up to 9 places are done in int64 (this runs for every short
// area of every school part); anything else with big.Rat.
func amountShortfall(t float64, students int, x float64) float64 {
	if !finite(t) || !finite(x) {
		return t*float64(students) - x
	}
	nt, kt, ok1 := smallDecimal(t)
	nx, kx, ok2 := smallDecimal(x)
	if ok1 && ok2 {
		k := max(kt, kx)
		tt, ok3 := mul64(nt, pow10i(k-kt))
		tp, ok4 := mul64(tt, int64(students))
		xx, ok5 := mul64(nx, pow10i(k-kx))
		if ok3 && ok4 && ok5 {
			d := tp - xx // |tp|, |xx| < 2^62: no overflow
			if d > -1<<53 && d < 1<<53 {
				return float64(d) / math.Pow10(k) // both exact: one rounding
			}
		}
	}
	r := new(big.Rat).Mul(dec(t), new(big.Rat).SetInt64(int64(students)))
	f, _ := r.Sub(r, dec(x)).Float64()
	return f
}

// smallDecimal returns n, k with n/10^k the shortest decimal of x, when
// that has at most 9 places and |x|·10^k < 2^50. Below 2^50 a float64's
// rounding interval is narrower than 10^-k, so at most one decimal of k
// places rounds to x, and the least such k gives the shortest decimal.
func smallDecimal(x float64) (n int64, k int, ok bool) {
	for k = 0; k <= 9; k++ {
		p := math.Pow10(k)
		y := x * p
		if math.Abs(y) >= 1<<50 {
			return 0, 0, false
		}
		r := math.Round(y)
		if r/p == x {
			return int64(r), k, true
		}
	}
	return 0, 0, false
}

func pow10i(k int) int64 {
	p := int64(1)
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}

// mul64 is a·b, and false when it does not fit in 62 bits.
func mul64(a, b int64) (int64, bool) {
	const lim = 1 << 62
	if a == 0 || b == 0 {
		return 0, true
	}
	if a > lim/abs64(b) || -a > lim/abs64(b) {
		return 0, false
	}
	return a * b, true
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// ksum is a compensated (Neumaier) sum, so that totals over thousands of
// school parts carry no accumulated rounding worth the name.
type ksum struct{ s, c float64 }

func (k *ksum) add(v float64) {
	t := k.s + v
	if math.Abs(k.s) >= math.Abs(v) {
		k.c += (k.s - t) + v
	} else {
		k.c += (v - t) + k.s
	}
	k.s = t
}

func (k ksum) sum() float64 { return k.s + k.c }

// weightedCV is the student-weighted population 差异系数 of the ratios
// X_i = x_i/P_i (spec/indicators.md §1):
//
//	P = ΣP_i, X̄ = Σx_i/P, S = sqrt(Σ (P_i/P)(X_i − X̄)²), CV = S/X̄.
//
// within reports CV ≤ limit, decided exactly: CV ≤ L ⟺ S² ≤ L²X̄², and
// with T = Σ x_i²/P_i one has S² = T/P − X̄², so CV² = P·T/(Σx)² − 1 and
// CV ≤ L ⟺ P·T ≤ (1 + L²)(Σx)², all rational. Near the limit the CV
// returned is the float64 nearest to the exact square root (computed with
// big.Float), so that a CV exactly at the limit is published as the limit,
// and never on the other side of the limit from the verdict (keepWithin).
// ok is false when there is no part, no student or X̄ ≤ 0.
func weightedCV(xs []float64, ps []int, limit float64) (cv float64, within, ok bool) {
	var p int64
	var sx ksum
	for i, x := range xs {
		p += int64(ps[i])
		sx.add(x)
	}
	if len(xs) == 0 || p <= 0 || !(sx.sum() > 0) {
		return 0, false, false
	}
	pf := float64(p)
	mean := sx.sum() / pf
	var v ksum
	for i, x := range xs {
		d := x/float64(ps[i]) - mean
		v.add(float64(ps[i]) / pf * d * d)
	}
	cv = math.Sqrt(v.sum()) / mean
	if finite(cv) && finite(limit) && math.Abs(cv-limit) > nearRel*math.Max(1, math.Abs(limit)) {
		return cv, cv <= limit, true
	}
	// Exact path. Group Σ x_i²/P_i by P_i so the common denominator grows with
	// the distinct enrolments, not with the number of parts.
	bySize := make(map[int]*big.Rat)
	sxr := new(big.Rat)
	for i, x := range xs {
		r := dec(x)
		sxr.Add(sxr, r)
		sq := new(big.Rat).Mul(r, r)
		if acc, ok := bySize[ps[i]]; ok {
			acc.Add(acc, sq)
		} else {
			bySize[ps[i]] = sq
		}
	}
	if sxr.Sign() <= 0 {
		return 0, false, false
	}
	t := new(big.Rat)
	for size, acc := range bySize {
		t.Add(t, acc.Quo(acc, new(big.Rat).SetInt64(int64(size))))
	}
	lhs := t.Mul(t, new(big.Rat).SetInt64(p)) // P·T
	sx2 := new(big.Rat).Mul(sxr, sxr)         // (Σx)²
	cv2 := new(big.Rat).Quo(lhs, sx2)         // P·T/(Σx)²
	cv2.Sub(cv2, big.NewRat(1, 1))            // CV²
	l := dec(limit)
	within = limit >= 0 && cv2.Cmp(new(big.Rat).Mul(l, l)) <= 0
	if cv2.Sign() < 0 { // impossible by Cauchy–Schwarz; guard the sqrt
		cv2.SetInt64(0)
	}
	cv, _ = new(big.Float).SetPrec(256).Sqrt(new(big.Float).SetPrec(256).SetRat(cv2)).Float64()
	return keepWithin(cv, limit, within), within, true
}
