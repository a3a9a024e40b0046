package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Numbers as readers of a Chinese government report expect them.
//
// Rounding is 四舍五入 on the number as it is written (its shortest decimal
// form), not on its binary approximation: 2.675 shows as 2.68, and 0.0145
// as a share shows as 1.5%. Integer parts carry thousands separators
// (1,234,567.89). The conventions of the site:
//
//	indicator values   2 decimals            5.30, 3,101.96
//	thresholds         as written            4.2, 2,000, 0.85
//	差异系数 (CV)      3 decimals            0.317
//	shares (rates)     percent, 1 decimal    85.7%
//	counts             whole                 1,720
//	shortfalls         what a part still needs, rounded UP so that it is
//	                   never understated: teachers and rooms whole (the
//	                   engine already gives whole numbers), ㎡ to 1 decimal,
//	                   元 whole.
//
// A figure that is not given shows as Missing ("未提供"), never 0.

// decimal is a non-negative number as its digits: int and frac hold no sign,
// int has no leading zeros (but "0").
type decimal struct {
	neg       bool
	int, frac string
}

// parseDecimal returns v's shortest decimal form. v must be finite.
func parseDecimal(v float64) decimal {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	d := decimal{}
	if strings.HasPrefix(s, "-") {
		d.neg, s = true, s[1:]
	}
	d.int, d.frac, _ = strings.Cut(s, ".")
	return d
}

// shift multiplies d by 10^n (n ≥ 0), exactly.
func (d decimal) shift(n int) decimal {
	for i := 0; i < n; i++ {
		if d.frac == "" {
			d.int += "0"
		} else {
			d.int += d.frac[:1]
			d.frac = d.frac[1:]
		}
	}
	d.int = strings.TrimLeft(d.int, "0")
	if d.int == "" {
		d.int = "0"
	}
	return d
}

// incLast adds one unit of the last place to the digit string s.
func incLast(s string) (string, bool) {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b), false
		}
		b[i] = '0'
	}
	return string(b), true // carried out of the leftmost digit
}

// round rounds d to n decimals, half away from zero (四舍五入) when up is
// false, or away from zero whenever anything is cut (ceiling of the
// magnitude) when up is true.
func (d decimal) round(n int, up bool) decimal {
	frac := d.frac
	for len(frac) < n {
		frac += "0"
	}
	rest := frac[n:]
	frac = frac[:n]
	carry := false
	if up {
		carry = strings.Trim(rest, "0") != ""
	} else {
		carry = rest != "" && rest[0] >= '5'
	}
	if carry {
		var out bool
		digits := d.int + frac
		digits, out = incLast(digits)
		if out {
			digits = "1" + digits
		}
		d.int, frac = digits[:len(digits)-n], digits[len(digits)-n:]
	}
	d.frac = frac
	if strings.Trim(d.int+d.frac, "0") == "" {
		d.neg = false // no "-0.00"
	}
	return d
}

func (d decimal) String() string {
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	b.WriteString(groupThousands(d.int))
	if d.frac != "" {
		b.WriteByte('.')
		b.WriteString(d.frac)
	}
	return b.String()
}

// groupThousands inserts "," every three digits from the right.
func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Fixed writes v with n decimals (四舍五入) and thousands separators.
func Fixed(v float64, n int) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return parseDecimal(v).round(n, false).String()
}

// Ceil writes v rounded up (in magnitude) to n decimals, with separators.
func Ceil(v float64, n int) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return parseDecimal(v).round(n, true).String()
}

// Plain writes v as written (shortest form) with separators: thresholds
// and limits, 4.2, 2,000, 0.85.
func Plain(v float64) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return parseDecimal(v).String()
}

// PlainMin writes v as written, with at least n decimals: thresholds 1.0
// and 4.2, limits 0.50.
func PlainMin(v float64, n int) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	d := parseDecimal(v)
	for len(d.frac) < n {
		d.frac += "0"
	}
	return d.String()
}

// Limit writes a 差异系数 limit: 0.50, 0.45.
func Limit(v float64) string { return PlainMin(v, 2) }

// Standard writes an indicator's threshold (or floor) as written, with at
// least one decimal except for 元: 1.0, 4.2, 3.825, 2,000.
func Standard(ind indicators.Indicator, v float64) string {
	if indicators.Info(ind).Unit == "元" {
		return Plain(v)
	}
	return PlainMin(v, 1)
}

// Int writes a count with separators.
func Int(n int) string { return Plain(float64(n)) }

// Percent writes a share (0.857) as a percentage with n decimals (85.7%).
func Percent(share float64, n int) string {
	if !finite(share) {
		return strconv.FormatFloat(share, 'f', -1, 64)
	}
	return parseDecimal(share).shift(2).round(n, false).String() + "%"
}

// PlainPercent writes a share as written, as a percentage: 0.85 → 85%,
// 0.975 → 97.5% (for standards).
func PlainPercent(share float64) string {
	if !finite(share) {
		return strconv.FormatFloat(share, 'f', -1, 64)
	}
	d := parseDecimal(share).shift(2)
	d.frac = strings.TrimRight(d.frac, "0")
	return d.String() + "%"
}

// Decimals of the published figures.
const (
	ValueDecimals   = 2
	CVDecimals      = 3
	PercentDecimals = 1
)

// Format formats figures, writing Missing for a figure not given.
type Format struct {
	Missing string // 未提供
}

// Value writes an indicator value (2 decimals).
func (f Format) Value(v indicators.Figure) string {
	if !v.Given {
		return f.Missing
	}
	return Fixed(v.Value, ValueDecimals)
}

// CV writes a 差异系数 (3 decimals).
func (f Format) CV(v indicators.Figure) string {
	if !v.Given {
		return f.Missing
	}
	return Fixed(v.Value, CVDecimals)
}

// Share writes a share as a percentage (1 decimal).
func (f Format) Share(v indicators.Figure) string {
	if !v.Given {
		return f.Missing
	}
	return Percent(v.Value, PercentDecimals)
}

// Shortfall writes what a school part needs to reach the threshold of ind,
// in the indicator's input unit, without the unit: whole teachers or rooms,
// ㎡ to 1 decimal, whole 元 — each rounded up.
func Shortfall(ind indicators.Indicator, amount float64) string {
	switch indicators.Info(ind).InputUnit {
	case "㎡":
		return Ceil(amount, 1)
	default:
		return Ceil(amount, 0)
	}
}

// Round returns v rounded to n decimals as a float64, for chart data (the
// shortest float that prints as the rounded decimal).
func Round(v float64, n int) float64 {
	if !finite(v) {
		return v
	}
	s := parseDecimal(v).round(n, false)
	r, _ := strconv.ParseFloat(strings.ReplaceAll(s.String(), ",", ""), 64)
	return r
}
