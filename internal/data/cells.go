package data

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// normCell returns a cell as matched and parsed: full-width ASCII made
// half-width (１２３, ，, ．, －, ／, ％), surrounding spaces (including the
// ideographic space U+3000 and no-break space) trimmed.
func normCell(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.TrimSpace(s)
	}
	// Most Chinese cells have nothing to map: no copy then (a year's
	// schools.csv is read again after every saved edit in serve).
	if !needsMapping(s) {
		return strings.TrimFunc(s, unicode.IsSpace)
	}
	return mapCell(s)
}

// mapCell is normCell rune by rune, for a cell that needs it.
func mapCell(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = halfWidth(r)
		if r == '\u00A0' || r == '\uFEFF' || r == '\u200B' {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

// needsMapping tells whether normCell changes a rune of s: a full-width
// form, an odd space, or invalid UTF-8 (written as U+FFFD).
func needsMapping(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || halfWidth(r) != r || r == '\u00A0' || r == '\uFEFF' || r == '\u200B' {
			return true
		}
		i += n
	}
	return false
}

// isDash reports whether r is a hyphen or dash, as written for "not given".
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2E3A', '\u2E3B', '\uFE58', '\uFE63':
		return true
	}
	return false
}

// notGiven reports whether a normalized cell means "未提供": empty, a dash
// or dashes ("-", "—", "——", "－"), or a slash ("/", "／").
func notGiven(s string) bool {
	if s == "" || s == "/" || s == "//" {
		return true
	}
	for _, r := range s {
		if !isDash(r) {
			return false
		}
	}
	return true
}

// numErr says what is wrong with a number.
type numErr int

const (
	numOK numErr = iota
	numBad
	numNegative
	numFraction // a count with a fractional part
	numExponent // 1.2E+05, as Excel shows a number in a narrow cell
	numGrouping // thousands separators in the wrong places
	numUnitInCell
)

// parseNumber parses a normalized, given cell as a number ≥ 0. Thousands
// separators are accepted when correctly placed. scale shifts the decimal
// point (4 for 万元) on the decimal text, so that 35.6 万元 is exactly 356000.
// whole requires an integer.
func parseNumber(s string, scale int, whole bool) (float64, numErr) {
	// Fast path: plain ASCII digits, the common case.
	if scale == 0 && len(s) > 0 && len(s) <= 15 {
		plain := true
		var v int64
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				plain = false
				break
			}
			v = v*10 + int64(c-'0')
		}
		if plain {
			return float64(v), numOK
		}
	}
	neg := false
	if r, size := utf8.DecodeRuneInString(s); isDash(r) || r == '+' {
		neg = r != '+'
		s = s[size:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if strings.Contains(intPart, ",") {
		if !groupedOK(intPart) {
			if allDigitsOrComma(intPart) && allDigits(frac) {
				return 0, numGrouping
			}
			return 0, numBad
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	if (intPart == "" && frac == "") || !allDigits(intPart) || !allDigits(frac) || strings.Count(s, ".") > 1 {
		switch {
		case strings.ContainsAny(s, "eE") && looksExponent(s):
			return 0, numExponent
		case hasUnitSuffix(s):
			return 0, numUnitInCell
		}
		return 0, numBad
	}
	if neg {
		return 0, numNegative
	}
	// Shift the decimal point by scale.
	for ; scale > 0; scale-- {
		if frac != "" {
			intPart += frac[:1]
			frac = frac[1:]
		} else {
			intPart += "0"
		}
	}
	if whole && strings.Trim(frac, "0") != "" {
		return 0, numFraction
	}
	text := intPart
	if text == "" {
		text = "0"
	}
	if frac != "" {
		text += "." + frac
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, numBad
	}
	return v, numOK
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allDigitsOrComma(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != ',' {
			return false
		}
	}
	return s != ""
}

// groupedOK reports whether s is digits grouped by commas in threes: 1,234,567.
func groupedOK(s string) bool {
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

// looksExponent reports whether s reads as 1.2E+05.
func looksExponent(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return false
	}
	m, e := s[:i], s[i+1:]
	if m == "" || e == "" {
		return false
	}
	if e[0] == '+' || e[0] == '-' {
		e = e[1:]
	}
	m = strings.Replace(m, ".", "", 1)
	return m != "" && allDigits(m) && e != "" && allDigits(e)
}

// hasUnitSuffix reports whether s is a number followed by a unit, e.g. 1200㎡
// or 35.6万元: the unit belongs in the header.
func hasUnitSuffix(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	if i == 0 || i == len(s) {
		return false
	}
	u := strings.ToLower(strings.TrimSpace(s[i:]))
	_, ok := units[u]
	return ok || u == "万"
}

// numMsg is the message for a number that does not parse.
func numMsg(e numErr, whole bool) string {
	switch e {
	case numNegative:
		return "不能为负数"
	case numFraction:
		return "应为整数, 不能有小数"
	case numExponent:
		return "不能使用科学计数法(Excel 列宽不足时的显示); 请把单元格设为数值格式后重新保存"
	case numGrouping:
		return "千分位分隔符位置不对; 应如 1,234 或 1234"
	case numUnitInCell:
		return "单元格内不能写单位; 请把单位写在列名中, 如 教学仪器设备值(万元)"
	}
	if whole {
		return "应为不小于0的整数"
	}
	return "应为不小于0的数"
}

// parseLevel parses 学段.
func parseLevel(s string) (indicators.Level, bool) {
	switch strings.ToLower(s) {
	case "小学", "primary", "小学段":
		return indicators.Primary, true
	case "初中", "junior", "初中段":
		return indicators.Junior, true
	}
	return "", false
}

// urNames are the names of the 城乡划分代码 as the statistics write them.
var urNames = map[string]int{
	"主城区": 111, "城乡结合区": 112,
	"镇中心区": 121, "镇乡结合区": 122, "特殊区域": 123,
	"乡中心区": 210, "村庄": 220,
}

// parseURCode parses a 城乡划分代码: "111", or its name (主城区), or both
// ("111主城区").
func parseURCode(s string) (int, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits, rest := s[:i], strings.TrimSpace(s[i:])
	if digits == "" {
		c, ok := urNames[rest]
		return c, ok
	}
	c, err := strconv.Atoi(digits)
	if err != nil || len(digits) != 3 {
		return 0, false
	}
	if _, ok := indicators.GroupOf(c); !ok {
		return 0, false
	}
	if rest != "" {
		if n, ok := urNames[rest]; !ok || n != c {
			return 0, false
		}
	}
	return c, true
}

// parseSchoolType parses 办学类型, accepting the usual short forms.
func parseSchoolType(s string) (indicators.SchoolType, bool) {
	switch s {
	case "小学", "完全小学", "完小", "村小":
		return indicators.PrimarySchool, true
	case "初中", "初级中学", "独立初中":
		return indicators.JuniorSchool, true
	case "九年一贯制学校", "九年一贯制":
		return indicators.NineYear, true
	case "十二年一贯制学校", "十二年一贯制":
		return indicators.TwelveYear, true
	case "完全中学", "完中":
		return indicators.CompleteMiddle, true
	case "教学点", "小学教学点":
		return indicators.TeachingPoint, true
	case "特殊教育学校", "特教学校", "特殊教育":
		return indicators.SpecialSchool, true
	}
	return "", false
}

// parseOwnership parses 办学性质; it returns private.
func parseOwnership(s string) (private, ok bool) {
	switch strings.ToLower(s) {
	case "公办", "public":
		return false, true
	case "民办", "private":
		return true, true
	}
	return false, false
}

// parseBool parses 是/否.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "是", "y", "yes", "true", "1":
		return true, true
	case "否", "n", "no", "false", "0":
		return false, true
	}
	return false, false
}

// formatNumber writes v in full precision, without an exponent.
func formatNumber(v float64) string {
	if v == float64(int64(v)) && v > -1e15 && v < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
