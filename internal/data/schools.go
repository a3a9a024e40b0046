package data

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Plausible ranges: a value outside them is most likely a typing or unit
// mistake, and is warned about (the build goes on).
const (
	maxTeachersPer100    = 50     // 专任教师 per 100 students
	maxTeachingAreaPer   = 100    // ㎡ per student
	maxSportsAreaPer     = 500    // ㎡ per student
	maxEquipmentPer      = 100000 // 元 per student
	minEquipmentPer      = 10     // 元 per student, below it 万元 was probably meant
	maxClassSizePlausble = 100
	maxStudentsPlausible = 10000
)

// schoolsResult is schools.csv read and checked.
type schoolsResult struct {
	parts []indicators.SchoolPart // rows without errors, in file order
	rows  int                     // non-empty records read
	// byID lists, for each school_id, the parts read (indices into parts).
	byID map[string][]int
	// seen holds every school_id on any row, even a row with errors, so that
	// shared_facilities.csv is not blamed for an error in schools.csv.
	seen        map[string]bool
	hasCounty   bool              // the county_code column is present
	requiredOK  bool              // every required column is present and usable
	countyNames map[string]string // county_code → county_name, first seen
}

// rowCtx reports problems of one record.
type rowCtx struct {
	t    *table
	r    record
	dl   *diag.List
	errs int
	n    int // problems reported, errors or not
}

func (x *rowCtx) add(sev diag.Severity, c int, raw string, msg string) {
	x.n++
	if sev == diag.Error {
		x.errs++
	}
	d := diag.Diagnostic{Severity: sev, File: x.t.file, Line: x.r.line,
		Column: x.t.head[c], Canonical: columns[c].canonical, Msg: msg}
	if strings.TrimSpace(raw) != "" {
		d.Value, d.HasValue = raw, true
	}
	x.dl.Add(d)
}

// text reads a text cell; ok is false when it is not given.
func (x *rowCtx) text(c int) (raw, v string, ok bool) {
	raw, present := x.t.cell(x.r, c)
	if !present {
		return "", "", false
	}
	v = normCell(raw)
	if notGiven(v) {
		return raw, "", false
	}
	return raw, v, true
}

// required reads a required text cell, reporting it when empty.
func (x *rowCtx) required(c int) (raw, v string, ok bool) {
	raw, v, ok = x.text(c)
	if !ok && x.t.has(c) {
		x.add(diag.Error, c, raw, "必填, 不能为空")
	}
	return raw, v, ok
}

// figure reads a numeric cell of column c.
func (x *rowCtx) figure(c int) indicators.Figure {
	raw, s, ok := x.text(c)
	if !ok {
		return indicators.Missing
	}
	whole := columns[c].kind == kCount
	v, e := parseNumber(s, x.t.scale[c], whole)
	if e != numOK {
		x.add(diag.Error, c, raw, numMsg(e, whole))
		return indicators.Missing
	}
	return indicators.Given(v)
}

// readSchools parses and checks the records of schools.csv.
// countyCodeRE is what a county_code may be: a 行政区划代码 (digits), or
// letters and digits, - and _ (no dots or slashes: it names files).
var countyCodeRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$`)

func readSchools(t *table, dl *diag.List, ru *rowReuse) *schoolsResult {
	res := &schoolsResult{
		byID:        make(map[string][]int),
		seen:        make(map[string]bool),
		hasCounty:   t.field[cCountyCode] >= 0,
		requiredOK:  true,
		countyNames: make(map[string]string),
	}
	for c := range columns {
		if schoolsFile.required(c) && !t.has(c) {
			res.requiredOK = false
		}
	}
	type key struct {
		id    string
		level indicators.Level
	}
	n := len(t.rows)
	res.seen = make(map[string]bool, n)
	res.byID = make(map[string][]int, n)
	firstLine := make(map[key]int, n)
	nameOf := make(map[string]struct {
		name string
		line int
	}, n)
	countyOf := make(map[string]struct {
		code string
		line int
	})
	countyNameLine := make(map[string]int)

	res.rows = t.records
	res.parts = make([]indicators.SchoolPart, 0, len(t.rows))
	// cross checks a row against the rows before it, and keeps its part
	// when the row has no error.
	cross := func(x *rowCtx, p *indicators.SchoolPart, rawID, id, name string, idOK, nameOK bool) {
		t, r := x.t, x.r
		if idOK && p.Level != "" {
			k := key{id, p.Level}
			if l, dup := firstLine[k]; dup {
				x.add(diag.Error, cSchoolID, rawID, fmt.Sprintf("学校标识码与学段(%s)重复: 第 %d 行已是该学校的%s学段; 一所学校每个学段只能有一行",
					p.Level.Chinese(), l, p.Level.Chinese()))
			} else {
				firstLine[k] = r.line
			}
		}
		if idOK && nameOK {
			if prev, ok := nameOf[id]; ok && prev.name != name {
				raw, _ := t.cell(r, cSchoolName)
				x.add(diag.Warning, cSchoolName, raw, fmt.Sprintf("同一学校标识码在第 %d 行的学校名称为 %q; 请核对是否为同一所学校", prev.line, prev.name))
			} else if !ok {
				nameOf[id] = struct {
					name string
					line int
				}{name, r.line}
			}
		}
		if idOK && p.CountyCode != "" {
			if prev, ok := countyOf[id]; ok && prev.code != p.CountyCode {
				raw, _ := t.cell(r, cCountyCode)
				x.add(diag.Error, cCountyCode, raw, fmt.Sprintf("同一学校标识码在第 %d 行的区县代码为 %q; 一所学校只能属于一个区县", prev.line, prev.code))
			} else if !ok {
				countyOf[id] = struct {
					code string
					line int
				}{p.CountyCode, r.line}
			}
		}
		if p.CountyCode != "" && p.CountyName != "" {
			if prev, ok := res.countyNames[p.CountyCode]; ok && prev != p.CountyName {
				raw, _ := t.cell(r, cCountyName)
				x.add(diag.Warning, cCountyName, raw, fmt.Sprintf("区县代码 %s 在第 %d 行的区县名称为 %q", p.CountyCode, countyNameLine[p.CountyCode], prev))
			} else if !ok {
				res.countyNames[p.CountyCode] = p.CountyName
				countyNameLine[p.CountyCode] = r.line
			}
		}

		if x.errs == 0 && res.requiredOK {
			res.byID[p.SchoolID] = append(res.byID[p.SchoolID], len(res.parts))
			res.parts = append(res.parts, *p)
		}
	}
	prev := ru.start(t)
	for _, r := range t.rows {
		x := &rowCtx{t: t, r: r, dl: dl}
		var p indicators.SchoolPart
		var rawID, id, name string
		var idOK, nameOK bool
		var rowKey string
		if ru != nil {
			rowKey = recordKey(r.fields)
		}
		if kp, ok := prev[rowKey]; ok {
			// The same cells under the same header as last time, which
			// reported nothing: the same part, on this line.
			p = kp
			p.Line = r.line
			rawID, _ = t.cell(r, cSchoolID)
			id, name, idOK, nameOK = p.SchoolID, p.SchoolName, true, true
			res.seen[id] = true
		} else {
			var skip bool
			if p, rawID, id, name, idOK, nameOK, skip = readPart(x, res); skip {
				continue
			}
		}
		if ru != nil && x.n == 0 && idOK && nameOK {
			ru.next.parts[rowKey] = p
		}
		cross(x, &p, rawID, id, name, idOK, nameOK)
	}
	return res
}

// rowReuse carries the rows of a schools.csv from one reading to the next
// (LoadCached: gongkai serve reads a year again after each save, and most
// of its rows are as they were).
type rowReuse struct{ prev, next *keptRows }

// keptRows are the parts of the rows that reported nothing, by the row's
// cells (recordKey), with the header (columns, units) they were read under.
type keptRows struct {
	header string
	parts  map[string]indicators.SchoolPart
}

// start begins a reading of t: the parts of the last reading when it had
// the same header, by recordKey.
func (ru *rowReuse) start(t *table) map[string]indicators.SchoolPart {
	if ru == nil {
		return nil
	}
	header := fmt.Sprintf("%q %v %v %v %q", t.file, t.field, t.scale, t.bad, t.head)
	ru.next = &keptRows{header: header, parts: make(map[string]indicators.SchoolPart, len(t.rows))}
	if ru.prev == nil || ru.prev.header != header {
		return nil
	}
	return ru.prev.parts
}

// recordKey is a record's cells, each with its length.
func recordKey(fields []string) string {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return b.String()
}

// readPart reads the cells of one row of schools.csv; skip tells that it is
// no school part (a 合计 row).
func readPart(x *rowCtx, res *schoolsResult) (p indicators.SchoolPart, rawID, id, name string, idOK, nameOK, skip bool) {
	t, r := x.t, x.r
	p = indicators.SchoolPart{File: t.file, Line: r.line}
	// A 合计 row copied with the table would fail as a school row
	// (no name, no level …): say what it is instead.
	for _, c := range []int{cSchoolID, cSchoolName} {
		if raw, present := t.cell(r, c); present && IsTotalLabel(raw) {
			x.add(diag.Error, c, raw, "这一行像是合计行; schools.csv 每行是一个学校学段, 合计由 gongkai 计算, 请删去这一行")
			return p, "", "", "", false, false, true
		}
	}

	rawID, id, idOK = x.required(cSchoolID)
	if idOK {
		if looksExponent(id) {
			x.add(diag.Error, cSchoolID, rawID, "学校标识码被 Excel 转成了科学计数法, 已丢失数字; 请把该列设为文本格式后重新填写")
			idOK = false
		} else {
			res.seen[id] = true
			p.SchoolID = t.names.intern(id)
		}
	}
	_, name, nameOK = x.required(cSchoolName)
	p.SchoolName = t.names.intern(name)

	if raw, s, ok := x.required(cLevel); ok {
		if l, ok := parseLevel(s); ok {
			p.Level = l
		} else {
			x.add(diag.Error, cLevel, raw, "未知学段; 应为 小学 或 初中 (也可写 primary / junior)")
		}
	}
	if raw, s, ok := x.required(cURCode); ok {
		if c, ok := parseURCode(s); ok {
			p.UrbanRuralCode = c
		} else {
			x.add(diag.Error, cURCode, raw, "未知城乡分类代码; 应为 111、112 (城区), 121、122、123 (镇区), 210、220 (乡村) 之一")
		}
	}
	studentsOK := false
	if _, _, ok := x.required(cStudents); ok {
		if f := x.figure(cStudents); f.Given {
			if f.Value > 1e9 {
				raw, _ := t.cell(r, cStudents)
				x.add(diag.Error, cStudents, raw, "数值过大")
			} else {
				p.Students = int(f.Value)
				studentsOK = true
			}
		}
	}
	if raw, s, ok := x.text(cSchoolType); ok {
		if st, ok := parseSchoolType(s); ok {
			p.SchoolType = st
		} else {
			x.add(diag.Error, cSchoolType, raw, "未知办学类型; 应为 小学、初中、九年一贯制学校、十二年一贯制学校、完全中学、教学点、特殊教育学校 之一")
		}
	}
	if raw, s, ok := x.text(cOwnership); ok {
		if priv, ok := parseOwnership(s); ok {
			p.Private = priv
		} else {
			x.add(diag.Error, cOwnership, raw, "未知办学性质; 应为 公办 或 民办")
		}
	}
	if raw, s, ok := x.text(cCountyCode); ok {
		if countyCodeRE.MatchString(s) {
			p.CountyCode = t.names.intern(s)
		} else {
			// It names a folder of the output (data/<year>/county/<code>/)
			// and the file county/<code>.toml: no path characters.
			x.add(diag.Error, cCountyCode, raw, "区县代码只能由数字和字母组成(如 150102)")
		}
	} else if t.has(cCountyCode) {
		x.add(diag.Error, cCountyCode, raw, "有区县代码列时每行都须填写区县代码; 各项指标按区县分别计算")
	}
	_, countyName, _ := x.text(cCountyName)
	_, township, _ := x.text(cTownship)
	p.CountyName, p.Township = t.names.intern(countyName), t.names.intern(township)

	p.Classes = x.figure(cClasses)
	p.MaxClassSize = x.figure(cMaxClassSize)
	p.OversizeClasses = x.figure(cOversizeClasses)
	p.Teachers = x.figure(cTeachers)
	p.CertifiedTeachers = x.figure(cCertifiedTeachers)
	p.QualifiedTeachers = x.figure(cQualifiedTeachers)
	p.BackboneTeachers = x.figure(cBackboneTeachers)
	p.PEArtTeachers = x.figure(cPEArtTeachers)
	p.TeachingArea = x.figure(cTeachingArea)
	p.SportsArea = x.figure(cSportsArea)
	p.EquipmentValue = x.figure(cEquipmentValue)
	p.MultimediaRooms = x.figure(cMultimediaRooms)
	p.MusicRooms = x.figure(cMusicRooms)
	p.MusicRoomMinArea = x.figure(cMusicRoomMinArea)
	p.ArtRooms = x.figure(cArtRooms)
	p.ArtRoomMinArea = x.figure(cArtRoomMinArea)
	if raw, s, ok := x.text(cBoarding); ok {
		if b, ok := parseBool(s); ok {
			p.Boarding = &b
		} else {
			x.add(diag.Error, cBoarding, raw, "应为 是 或 否")
		}
	}
	if p.SchoolType == "" && p.Level != "" {
		if p.Level == indicators.Junior {
			p.SchoolType = indicators.JuniorSchool
		} else {
			p.SchoolType = indicators.PrimarySchool
		}
	}

	checkPart(x, &p, studentsOK)
	return p, rawID, id, name, idOK, nameOK, false
}

// checkPart checks one row's figures against each other and against
// plausible ranges.
func checkPart(x *rowCtx, p *indicators.SchoolPart, studentsOK bool) {
	cellOf := func(c int) string { raw, _ := x.t.cell(x.r, c); return raw }
	if p.Teachers.Given {
		for _, c := range []int{cCertifiedTeachers, cQualifiedTeachers, cBackboneTeachers, cPEArtTeachers} {
			f := partFigure(p, c)
			if f.Given && f.Value > p.Teachers.Value {
				x.add(diag.Error, c, cellOf(c), fmt.Sprintf("不能大于%s %s", x.t.head[cTeachers], formatNumber(p.Teachers.Value)))
			}
		}
	}
	if p.Classes.Given && p.OversizeClasses.Given && p.OversizeClasses.Value > p.Classes.Value {
		x.add(diag.Warning, cOversizeClasses, cellOf(cOversizeClasses), fmt.Sprintf("大于%s %s; 请核对", x.t.head[cClasses], formatNumber(p.Classes.Value)))
	}
	if p.MaxClassSize.Given && p.MaxClassSize.Value > maxClassSizePlausble {
		x.add(diag.Warning, cMaxClassSize, cellOf(cMaxClassSize), fmt.Sprintf("超出合理范围(≤%d人); 请核对", maxClassSizePlausble))
	}
	switch p.Level {
	case indicators.Primary:
		if p.SchoolType == indicators.JuniorSchool {
			x.add(diag.Warning, cSchoolType, cellOf(cSchoolType), "办学类型为初中, 学段却为小学; 请核对")
		}
	case indicators.Junior:
		if p.SchoolType == indicators.PrimarySchool || p.SchoolType == indicators.TeachingPoint {
			x.add(diag.Warning, cSchoolType, cellOf(cSchoolType), fmt.Sprintf("办学类型为%s, 学段却为初中; 请核对", p.SchoolType))
		}
	}
	if !studentsOK {
		return
	}
	n := float64(p.Students)
	if p.Students == 0 {
		x.add(diag.Warning, cStudents, cellOf(cStudents), "在校生数为0; 该学段不参与各项指标计算, 将列为排除")
		return
	}
	if p.Students > maxStudentsPlausible {
		x.add(diag.Warning, cStudents, cellOf(cStudents), fmt.Sprintf("一个学段超过 %d 名学生, 超出合理范围; 请核对", maxStudentsPlausible))
	}
	if p.Teachers.Given && p.Teachers.Value/n*100 > maxTeachersPer100 {
		x.add(diag.Warning, cTeachers, cellOf(cTeachers), fmt.Sprintf("每百名学生 %s 名专任教师, 超出合理范围(≤%d); 请核对", fmtRatio(p.Teachers.Value/n*100), maxTeachersPer100))
	}
	checkFacilities(x, n, p.TeachingArea, p.SportsArea, p.EquipmentValue)
}

// checkFacilities warns about facilities far outside a plausible range per
// student (n students), most likely a typing or unit mistake.
func checkFacilities(x *rowCtx, n float64, teaching, sports, equipment indicators.Figure) {
	cellOf := func(c int) string { raw, _ := x.t.cell(x.r, c); return raw }
	if n <= 0 {
		return
	}
	if teaching.Given && teaching.Value/n > maxTeachingAreaPer {
		x.add(diag.Warning, cTeachingArea, cellOf(cTeachingArea), fmt.Sprintf("生均 %s ㎡, 超出合理范围(≤%d ㎡); 请核对数值和单位", fmtRatio(teaching.Value/n), maxTeachingAreaPer))
	}
	if sports.Given && sports.Value/n > maxSportsAreaPer {
		x.add(diag.Warning, cSportsArea, cellOf(cSportsArea), fmt.Sprintf("生均 %s ㎡, 超出合理范围(≤%d ㎡); 请核对数值和单位", fmtRatio(sports.Value/n), maxSportsAreaPer))
	}
	if equipment.Given {
		per := equipment.Value / n
		switch {
		case per > maxEquipmentPer:
			x.add(diag.Warning, cEquipmentValue, cellOf(cEquipmentValue), fmt.Sprintf("生均 %s 元, 超出合理范围(≤%d 元); 请核对数值和单位", fmtRatio(per), maxEquipmentPer))
		case per > 0 && per < minEquipmentPer:
			x.add(diag.Warning, cEquipmentValue, cellOf(cEquipmentValue), fmt.Sprintf("生均仅 %s 元; 如果是以万元填写, 请把列名写作 教学仪器设备值(万元)", fmtRatio(per)))
		}
	}
}

// fmtRatio formats a derived figure for a message, to 2 decimals.
func fmtRatio(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// partFigure returns the figure of column c of p.
func partFigure(p *indicators.SchoolPart, c int) indicators.Figure {
	switch c {
	case cClasses:
		return p.Classes
	case cMaxClassSize:
		return p.MaxClassSize
	case cOversizeClasses:
		return p.OversizeClasses
	case cTeachers:
		return p.Teachers
	case cCertifiedTeachers:
		return p.CertifiedTeachers
	case cQualifiedTeachers:
		return p.QualifiedTeachers
	case cBackboneTeachers:
		return p.BackboneTeachers
	case cPEArtTeachers:
		return p.PEArtTeachers
	case cTeachingArea:
		return p.TeachingArea
	case cSportsArea:
		return p.SportsArea
	case cEquipmentValue:
		return p.EquipmentValue
	case cMultimediaRooms:
		return p.MultimediaRooms
	case cMusicRooms:
		return p.MusicRooms
	case cMusicRoomMinArea:
		return p.MusicRoomMinArea
	case cArtRooms:
		return p.ArtRooms
	case cArtRoomMinArea:
		return p.ArtRoomMinArea
	case cStudents:
		return indicators.Given(float64(p.Students))
	}
	return indicators.Missing
}

// names holds one copy of each name, id and 乡镇 the years' school parts
// keep, shared by every year read in one load. Memory: a cell is a part of
// its CSV record's line; kept in a school part it kept the whole line (its
// numbers too) alive as long as the dataset, and every year held its own
// copy of each school's name, id and 乡镇.
type names struct {
	mu sync.Mutex
	m  map[string]string
}

// intern returns the copy of s in n (n may be nil: s itself).
func (n *names) intern(s string) string {
	if n == nil || s == "" {
		return s
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if c, ok := n.m[s]; ok {
		return c
	}
	c := strings.Clone(s)
	n.m[c] = c
	return c
}
