package data

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// sharedColumns are the facilities of shared_facilities.csv.
var sharedColumns = []int{cTeachingArea, cSportsArea, cEquipmentValue, cMultimediaRooms}

// readShared parses and checks the records of shared_facilities.csv against
// the school parts of schools.csv.
func readShared(t *table, sc *schoolsResult, schoolsFileName string, dl *diag.List) []indicators.SharedFacility {
	var out []indicators.SharedFacility
	firstLine := make(map[string]int)
	for _, r := range t.rows {
		x := &rowCtx{t: t, r: r, dl: dl}
		f := indicators.SharedFacility{File: t.file, Line: r.line}
		rawID, id, idOK := x.required(cSchoolID)
		f.SchoolID = t.names.intern(id)
		f.SeniorStudents = x.figure(cSeniorStudents)
		f.TeachingArea = x.figure(cTeachingArea)
		f.SportsArea = x.figure(cSportsArea)
		f.EquipmentValue = x.figure(cEquipmentValue)
		f.MultimediaRooms = x.figure(cMultimediaRooms)
		if !idOK {
			continue
		}
		if l, dup := firstLine[id]; dup {
			x.add(diag.Error, cSchoolID, rawID, fmt.Sprintf("学校标识码重复: 第 %d 行已有该学校; 每所学校只能有一行", l))
			continue
		}
		firstLine[id] = r.line
		if !sc.seen[id] {
			x.add(diag.Error, cSchoolID, rawID, "schools.csv 中没有该学校标识码")
			continue
		}
		parts := sc.byID[id]
		if raw, name, ok := x.text(cSchoolName); ok && len(parts) > 0 && sc.parts[parts[0]].SchoolName != name {
			x.add(diag.Warning, cSchoolName, raw, fmt.Sprintf("与 schools.csv 第 %d 行的学校名称 %q 不一致; 请核对学校标识码", sc.parts[parts[0]].Line, sc.parts[parts[0]].SchoolName))
		}
		if f.SeniorStudents.Given && len(parts) > 0 {
			st := sc.parts[parts[0]].SchoolType
			if st != indicators.CompleteMiddle && st != indicators.TwelveYear {
				raw, _ := t.cell(r, cSeniorStudents)
				x.add(diag.Warning, cSeniorStudents, raw, fmt.Sprintf("高中在校生数只用于完全中学和十二年一贯制学校; 该学校的办学类型为%s", st))
			}
		}
		// Per student of the whole school.
		n := f.SeniorStudents.Value
		for _, i := range parts {
			n += float64(sc.parts[i].Students)
		}
		checkFacilities(x, n, f.TeachingArea, f.SportsArea, f.EquipmentValue)
		// A facility is either on the parts or here, never both.
		for _, c := range sharedColumns {
			if !partFigureShared(&f, c).Given {
				continue
			}
			var lines []string
			for _, i := range parts {
				if partFigure(&sc.parts[i], c).Given {
					lines = append(lines, strconv.Itoa(sc.parts[i].Line))
				}
			}
			if len(lines) > 0 {
				raw, _ := t.cell(r, c)
				x.add(diag.Error, c, raw, fmt.Sprintf("%s 第 %s 行也填了该学校的%s; 共用设施只能填在一处: 要么填在 schools.csv 各学段行, 要么填在 shared_facilities.csv (并把 schools.csv 中的该列留空)",
					schoolsFileName, strings.Join(lines, "、"), columns[c].zh()))
			}
		}
		if x.errs == 0 {
			out = append(out, f)
		}
	}
	return out
}

func partFigureShared(f *indicators.SharedFacility, c int) indicators.Figure {
	switch c {
	case cTeachingArea:
		return f.TeachingArea
	case cSportsArea:
		return f.SportsArea
	case cEquipmentValue:
		return f.EquipmentValue
	case cMultimediaRooms:
		return f.MultimediaRooms
	case cSeniorStudents:
		return f.SeniorStudents
	}
	return indicators.Missing
}
