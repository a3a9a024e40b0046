package svgchart

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// runeWidth estimates a character's width in em: CJK characters and
// full-width forms take about 1 em, Latin letters, digits and punctuation
// about 0.55 em. Generous, so that labels estimated to fit do fit.
func runeWidth(r rune) float64 {
	switch {
	case r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000:
		return 1
	case r == ' ':
		return 0.3
	case r == '·' || r == '…':
		return 1
	}
	return 0.55
}

// textWidth is the estimated width of s at font size fs.
func textWidth(s string, fs float64) float64 {
	w := 0.0
	for i := 0; i < len(s); {
		r, n := nextRune(s, i)
		w += runeWidth(r)
		i += n
	}
	return w * fs
}

// nextRune decodes the rune at s[i] as utf8.DecodeRuneInString does, with
// the site's common cases — ASCII and the three bytes of a Chinese
// character — decoded in place.
func nextRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xE1 && c <= 0xEC && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// wrap breaks s into lines no wider than max at font size fs: after a
// comma or semicolon or before a bracket when that leaves a line at least
// about half full and takes no more lines, else at the last place a line
// may end (breakable).
func wrap(s string, fs, max float64) []string {
	if s == "" {
		return nil
	}
	if textWidth(s, fs) <= max {
		return []string{s}
	}
	lines := wrapAt(s, fs, max, 0.5)
	if plain := wrapAt(s, fs, max, 2); len(plain) < len(lines) {
		lines = plain
	}
	return tidyEnd(lines, fs, max)
}

// wrapAt wraps s, breaking at punctuation when the line is then at least
// share of max wide (a share over 1 never does).
func wrapAt(s string, fs, max, share float64) []string {
	var lines []string
	start, w := 0, 0.0
	brk, wAtBrk := -1, 0.0   // the last place a line may end, and the width before it
	pbrk, wAtPbrk := -1, 0.0 // the last such place at punctuation
	prev := rune(0)
	for i, r := range s {
		if i > start && breakable(prev, r) {
			brk, wAtBrk = i, w
			if strings.ContainsRune("，；：、。", prev) || r == '（' {
				pbrk, wAtPbrk = i, w
			}
		}
		rw := runeWidth(r) * fs
		if w+rw > max && i > start {
			switch {
			case pbrk > start && wAtPbrk >= share*max:
				lines = append(lines, s[start:pbrk])
				start, w = pbrk, w-wAtPbrk
			case brk > start:
				lines = append(lines, s[start:brk])
				start, w = brk, w-wAtBrk
			default:
				lines = append(lines, s[start:i])
				start, w = i, 0
			}
			brk, pbrk = -1, -1
		}
		w += rw
		prev = r
	}
	return append(lines, s[start:])
}

// tidyEnd mends the last line of wrapped lines.
func tidyEnd(lines []string, fs, max float64) []string {
	// A last line of one character ("均达到标 / 准") takes the character
	// before it along, where a line may end there.
	if n := len(lines); n > 1 && utf8.RuneCountInString(lines[n-1]) == 1 {
		pr := []rune(lines[n-2])
		if k := len(pr); k > 2 && breakable(pr[k-2], pr[k-1]) {
			lines[n-2], lines[n-1] = string(pr[:k-1]), string(pr[k-1])+lines[n-1]
		}
	}
	// A last line with no Han character, a number alone ("点线为底线 /
	// 1,700"), takes the word before it along: the two Han characters
	// before it, where a line may end there.
	if n := len(lines); n > 1 && !strings.ContainsFunc(lines[n-1], isHan) {
		pr := []rune(lines[n-2])
		k := len(pr)
		for k > 0 && pr[k-1] == ' ' {
			k--
		}
		if k > 4 && isHan(pr[k-1]) && isHan(pr[k-2]) && breakable(pr[k-3], pr[k-2]) && textWidth(string(pr[k-2:])+lines[n-1], fs) <= max {
			lines[n-2], lines[n-1] = string(pr[:k-2]), string(pr[k-2:])+lines[n-1]
		}
	}
	return lines
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// breakable tells whether a line may end between a and b: not inside a
// number or a Latin word ("2.53", "CV"), not between a number and the
// character after it (its measure word: 6所, 2项), not before closing
// punctuation and not after opening punctuation (the rules of Chinese
// typesetting).
func breakable(a, b rune) bool {
	if wordRune(a) && wordRune(b) || a >= '0' && a <= '9' && unicode.Is(unicode.Han, b) {
		return false
	}
	if strings.ContainsRune("，。、；：？！）》」』%,.;:)]", b) {
		return false
	}
	return !strings.ContainsRune("（《「『([", a)
}

func wordRune(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == ',' || r == '%' || r == '-')
}

// shorten cuts s to fit max at font size fs, ending it with "…"; it
// reports whether it cut. A year ("2022年") that does not fit loses its 年
// first: 2022 still says which year it is, 202… does not.
func shorten(s string, fs, max float64) (string, bool) {
	if textWidth(s, fs) <= max {
		return s, false
	}
	if y, ok := strings.CutSuffix(s, "年"); ok && len(y) == 4 && strings.Trim(y, "0123456789") == "" && textWidth(y, fs) <= max {
		return y, true
	}
	w, ell := 0.0, runeWidth('…')*fs
	for i, r := range s {
		rw := runeWidth(r) * fs
		if w+rw+ell > max {
			return s[:i] + "…", true
		}
		w += rw
	}
	return s, false
}

// formatNumber writes v with d decimals and thousands separators, as the
// tables print numbers.
func formatNumber(dst []byte, v float64, d int) []byte {
	var buf [32]byte
	s := appendFixed(buf[:0], v, d)
	if len(s) > 0 && s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
		if allZero(s) {
			dst = dst[:len(dst)-1] // -0.00 is 0.00
		}
	}
	head := len(s)
	for i, c := range s {
		if c == '.' {
			head = i
			break
		}
	}
	for i := 0; i < head; i++ {
		if i > 0 && (head-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, s[i])
	}
	return append(dst, s[head:]...)
}

func allZero(s []byte) bool {
	for _, c := range s {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

// fill fills a label template: {c} is the value, {a} the series, {b} the
// category.
func fill(dst []byte, tpl string, v float64, d int, a, b string) []byte {
	for i := 0; i < len(tpl); {
		if tpl[i] == '{' && i+2 < len(tpl) && tpl[i+2] == '}' {
			switch tpl[i+1] {
			case 'c':
				dst = formatNumber(dst, v, d)
				i += 3
				continue
			case 'a':
				dst = append(dst, a...)
				i += 3
				continue
			case 'b':
				dst = append(dst, b...)
				i += 3
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(tpl[i:])
		dst = append(dst, tpl[i:i+n]...)
		i += n
	}
	return dst
}

// niceStep is ECharts' nice interval for about five splits of span.
func niceStep(span float64) float64 {
	if !(span > 0) {
		return 1
	}
	raw := span / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / mag
	switch {
	case f < 1.5:
		f = 1
	case f < 2.5:
		f = 2
	case f < 4:
		f = 3
	case f < 7:
		f = 5
	default:
		f = 10
	}
	return f * mag
}

// tickDecimals is how many decimals the ticks of step need.
func tickDecimals(step float64) int {
	d := 0
	for x := step; d < 8 && math.Abs(x-math.Round(x)) > 1e-9*math.Max(1, math.Abs(x)); x *= 10 {
		d++
	}
	return d
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// appendFixed is strconv.AppendFloat(dst, v, 'f', d, 64), faster for the
// common case: the values are published figures, already rounded to d
// decimals, so v·10^d is close to a whole number and rounding it cannot
// go the wrong way. Near a half (where the float product's error could
// decide), and for large or odd values, strconv does it.
func appendFixed(dst []byte, v float64, d int) []byte {
	if d < 0 || d > 6 || !(math.Abs(v) < 1e9) {
		return strconv.AppendFloat(dst, v, 'f', d, 64)
	}
	x := v * pow10[d]
	r := math.Round(x)
	if math.Abs(x-r) > 0.25 {
		return strconv.AppendFloat(dst, v, 'f', d, 64)
	}
	if math.Signbit(v) {
		dst = append(dst, '-')
		r = -r
	}
	var digits [24]byte
	i := len(digits)
	for n := uint64(r); n > 0 || len(digits)-i <= d; n /= 10 {
		i--
		digits[i] = byte('0' + n%10)
	}
	head := len(digits) - i - d
	dst = append(dst, digits[i:i+head]...)
	if d > 0 {
		dst = append(dst, '.')
		dst = append(dst, digits[i+head:]...)
	}
	return dst
}
