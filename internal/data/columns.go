package data

import (
	"github.com/gongkai-dev/gongkai/internal/suggest"
	"strings"
	"unicode"
)

// kind is what a column holds.
type kind int

const (
	kText       kind = iota // free text (school_id, names)
	kLevel                  // 小学 / 初中
	kURCode                 // 统计用城乡划分代码
	kSchoolType             // 办学类型
	kOwnership              // 公办 / 民办
	kBool                   // 是 / 否
	kCount                  // whole number ≥ 0
	kNumber                 // number ≥ 0
)

// dim is the dimension of a column's unit; a unit in a header must fit it.
type dim int

const (
	dimNone    dim = iota // text: no unit of measure
	dimPeople             // 人, 名
	dimClasses            // 个, 班
	dimRooms              // 间, 个
	dimArea               // ㎡
	dimMoney              // 元
)

// column describes one column of schools.csv or shared_facilities.csv.
type column struct {
	canonical string
	aliases   []string // Chinese names; the first is the one messages use
	kind      kind
	dim       dim
	required  bool
}

// zh returns the column's main Chinese name.
func (c *column) zh() string {
	if len(c.aliases) > 0 {
		return c.aliases[0]
	}
	return c.canonical
}

// Column indices into schoolColumns; the order is also that of the parsed row.
const (
	cSchoolID = iota
	cSchoolName
	cLevel
	cURCode
	cStudents
	cSchoolType
	cOwnership
	cCountyCode
	cCountyName
	cTownship
	cClasses
	cMaxClassSize
	cOversizeClasses
	cTeachers
	cCertifiedTeachers
	cQualifiedTeachers
	cBackboneTeachers
	cPEArtTeachers
	cTeachingArea
	cSportsArea
	cEquipmentValue
	cMultimediaRooms
	cMusicRooms
	cMusicRoomMinArea
	cArtRooms
	cArtRoomMinArea
	cBoarding
	cSeniorStudents // shared_facilities.csv only
	nColumns
)

// columns lists every column of both files, indexed by the constants above.
var columns = [nColumns]column{
	cSchoolID:          {"school_id", []string{"学校标识码", "学校代码"}, kText, dimNone, true},
	cSchoolName:        {"school_name", []string{"学校名称"}, kText, dimNone, true},
	cLevel:             {"level", []string{"学段"}, kLevel, dimNone, true},
	cURCode:            {"urban_rural_code", []string{"城乡分类代码", "城乡划分代码"}, kURCode, dimNone, true},
	cStudents:          {"students", []string{"在校生数", "学生数"}, kCount, dimPeople, true},
	cSchoolType:        {"school_type", []string{"办学类型", "学校类型"}, kSchoolType, dimNone, false},
	cOwnership:         {"ownership", []string{"办学性质"}, kOwnership, dimNone, false},
	cCountyCode:        {"county_code", []string{"区县代码"}, kText, dimNone, false},
	cCountyName:        {"county_name", []string{"区县名称", "所在区县"}, kText, dimNone, false},
	cTownship:          {"township", []string{"乡镇", "所在乡镇(街道)"}, kText, dimNone, false},
	cClasses:           {"classes", []string{"班级数"}, kCount, dimClasses, false},
	cMaxClassSize:      {"max_class_size", []string{"最大班额"}, kCount, dimPeople, false},
	cOversizeClasses:   {"oversize_classes", []string{"超标准班额班级数"}, kCount, dimClasses, false},
	cTeachers:          {"teachers", []string{"专任教师数"}, kCount, dimPeople, false},
	cCertifiedTeachers: {"certified_teachers", []string{"持证专任教师数"}, kCount, dimPeople, false},
	cQualifiedTeachers: {"qualified_teachers", []string{"高于规定学历教师数"}, kCount, dimPeople, false},
	cBackboneTeachers:  {"backbone_teachers", []string{"县级以上骨干教师数"}, kCount, dimPeople, false},
	cPEArtTeachers:     {"pe_art_teachers", []string{"体育艺术专任教师数", "体育、艺术(美术、音乐)专任教师数"}, kCount, dimPeople, false},
	cTeachingArea:      {"teaching_area_m2", []string{"教学及辅助用房面积"}, kNumber, dimArea, false},
	cSportsArea:        {"sports_area_m2", []string{"体育运动场馆面积"}, kNumber, dimArea, false},
	cEquipmentValue:    {"equipment_value_yuan", []string{"教学仪器设备值"}, kNumber, dimMoney, false},
	cMultimediaRooms:   {"multimedia_rooms", []string{"网络多媒体教室数"}, kCount, dimRooms, false},
	cMusicRooms:        {"music_rooms", []string{"音乐专用教室数"}, kCount, dimRooms, false},
	cMusicRoomMinArea:  {"music_room_min_area_m2", []string{"音乐专用教室最小面积"}, kNumber, dimArea, false},
	cArtRooms:          {"art_rooms", []string{"美术专用教室数"}, kCount, dimRooms, false},
	cArtRoomMinArea:    {"art_room_min_area_m2", []string{"美术专用教室最小面积"}, kNumber, dimArea, false},
	cBoarding:          {"boarding", []string{"寄宿制"}, kBool, dimNone, false},
	cSeniorStudents:    {"senior_students", []string{"高中在校生数"}, kCount, dimPeople, false},
}

// fileKind tells which file a header belongs to, since the two files accept
// different columns.
type fileKind int

const (
	schoolsFile fileKind = iota
	sharedFile
)

// accepts reports whether column c belongs in a file of kind fk.
func (fk fileKind) accepts(c int) bool {
	switch fk {
	case sharedFile:
		switch c {
		case cSchoolID, cSchoolName, cSeniorStudents, cTeachingArea, cSportsArea, cEquipmentValue, cMultimediaRooms:
			return true
		}
		return false
	default:
		return c != cSeniorStudents
	}
}

// required reports whether column c must be present in a file of kind fk.
func (fk fileKind) required(c int) bool {
	if fk == sharedFile {
		return c == cSchoolID
	}
	return columns[c].required
}

// unit is a unit of measure accepted in a header, e.g. the 万元 of
// 教学仪器设备值(万元).
type unit struct {
	dims  []dim
	scale int // decimal places to shift: 4 for 万元 (× 10 000)
}

var units = map[string]unit{
	"元":   {[]dim{dimMoney}, 0},
	"万元":  {[]dim{dimMoney}, 4},
	"㎡":   {[]dim{dimArea}, 0},
	"平方米": {[]dim{dimArea}, 0},
	"m²":  {[]dim{dimArea}, 0},
	"m2":  {[]dim{dimArea}, 0},
	"平米":  {[]dim{dimArea}, 0},
	"间":   {[]dim{dimRooms}, 0},
	"人":   {[]dim{dimPeople}, 0},
	"名":   {[]dim{dimPeople}, 0},
	"个":   {[]dim{dimRooms, dimClasses}, 0},
	"班":   {[]dim{dimClasses}, 0},
}

// unitList is the accepted units, for messages.
const unitList = "万元、元、㎡、平方米、m²、m2、间、个、人、名"

func (u unit) fits(d dim) bool {
	for _, x := range u.dims {
		if x == d {
			return true
		}
	}
	return false
}

// normHeader returns the form of a header used for matching: full-width
// ASCII (including （）) made half-width, every space removed, ASCII lower
// case.
func normHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = halfWidth(r)
		switch {
		case unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B':
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// halfWidth maps a full-width ASCII variant (U+FF01..U+FF5E) and the
// ideographic space to its ASCII form.
func halfWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

// aliasIndex maps every normalized canonical name and alias to its column.
var aliasIndex = func() map[string]int {
	m := make(map[string]int)
	for i := range columns {
		m[normHeader(columns[i].canonical)] = i
		for _, a := range columns[i].aliases {
			m[normHeader(a)] = i
		}
	}
	return m
}()

// headerMatch is the result of matching one header.
type headerMatch struct {
	col     int    // column index, -1 when unknown
	unit    string // unit as written inside the parentheses, "" when none
	scale   int    // decimal shift of the unit
	badUnit string // message when the unit is unknown or does not fit
}

// matchHeader matches a header as written to a column. The whole name is
// tried first (an alias may itself contain parentheses, e.g.
// 所在乡镇(街道)), then the name without a trailing parenthesized unit.
func matchHeader(h string) headerMatch {
	n := normHeader(h)
	if c, ok := aliasIndex[n]; ok {
		return headerMatch{col: c}
	}
	base, u, ok := splitUnit(n)
	if !ok {
		return headerMatch{col: -1}
	}
	c, ok := aliasIndex[base]
	if !ok {
		return headerMatch{col: -1}
	}
	m := headerMatch{col: c, unit: u}
	un, known := units[u]
	col := &columns[c]
	switch {
	case col.dim == dimNone && !known:
		// A note on a text column, e.g. 学校代码(10位): not a unit.
		m.unit = ""
	case col.dim == dimNone:
		m.badUnit = "单位(" + u + ")不适用于该列; 该列不是数量"
	case !known:
		m.badUnit = "未知单位(" + u + "); 可用的单位: " + unitList
	case !un.fits(col.dim):
		m.badUnit = "单位(" + u + ")不适用于该列; 应为 " + dimUnits(col.dim)
	default:
		m.scale = un.scale
	}
	return m
}

// dimUnits lists the units that fit d, for messages.
func dimUnits(d dim) string {
	switch d {
	case dimMoney:
		return "元 或 万元"
	case dimArea:
		return "㎡、平方米、m² 或 m2"
	case dimRooms:
		return "间 或 个"
	case dimClasses:
		return "个 或 班"
	case dimPeople:
		return "人 或 名"
	}
	return "无单位"
}

// splitUnit splits "name(unit)" into name and unit, on the last balanced
// pair of parentheses that ends the string.
func splitUnit(n string) (base, u string, ok bool) {
	if !strings.HasSuffix(n, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(n) - 1; i >= 0; i-- {
		switch n[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				if i == 0 {
					return "", "", false
				}
				return n[:i], n[i+1 : len(n)-1], true
			}
		}
	}
	return "", "", false
}

// suggestColumn returns the column a mistyped header probably meant: the alias or
// canonical name most alike by longest common subsequence (shared
// characters in order: 骨干教师数 → 县级以上骨干教师数), when the two agree
// on at least 60 % of their characters.
func suggestColumn(h string, fk fileKind) (int, bool) {
	n := normHeader(h)
	if base, _, ok := splitUnit(n); ok {
		n = base
	}
	if n == "" {
		return -1, false
	}
	best, bestSim, bestD := -1, 0.0, 0
	for i := range columns {
		if !fk.accepts(i) {
			continue
		}
		for j := -1; j < len(columns[i].aliases); j++ {
			a := columns[i].canonical
			if j >= 0 {
				a = columns[i].aliases[j]
			}
			a = normHeader(a)
			sim := similarity(n, a)
			if sim < 0.6 {
				continue
			}
			d := suggest.Distance(n, a)
			if sim > bestSim || sim == bestSim && d < bestD {
				best, bestSim, bestD = i, sim, d
			}
		}
	}
	return best, best >= 0
}

// similarity is 2·LCS/(|a|+|b|) over runes: 1 for equal strings, 0 for
// strings without a character in common.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 || len(ra) > 64 || len(rb) > 64 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}
