package data

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// indicatorNames are the Chinese names of the seven indicators, as the
// published CSV heads their columns.
var indicatorNames = map[indicators.Indicator]string{
	indicators.QualifiedTeachers: "每百名学生拥有高于规定学历教师数",
	indicators.BackboneTeachers:  "每百名学生拥有县级以上骨干教师数",
	indicators.PEArtTeachers:     "每百名学生拥有体育艺术专任教师数",
	indicators.TeachingArea:      "生均教学及辅助用房面积(㎡)",
	indicators.SportsArea:        "生均体育运动场馆面积(㎡)",
	indicators.EquipmentValue:    "生均教学仪器设备值(元)",
	indicators.MultimediaRooms:   "每百名学生拥有网络多媒体教室数",
}

// shortfallUnits are the units of each indicator's shortfall.
var shortfallUnits = map[indicators.Indicator]string{
	indicators.QualifiedTeachers: "(人)",
	indicators.BackboneTeachers:  "(人)",
	indicators.PEArtTeachers:     "(人)",
	indicators.TeachingArea:      "(㎡)",
	indicators.SportsArea:        "(㎡)",
	indicators.EquipmentValue:    "(元)",
	indicators.MultimediaRooms:   "(间)",
}

// inputColumns are the input columns written, in order; their headers are
// aliases that schools.csv accepts, so the published file reads back.
var inputColumns = []int{
	cClasses, cMaxClassSize, cOversizeClasses,
	cTeachers, cCertifiedTeachers, cQualifiedTeachers, cBackboneTeachers, cPEArtTeachers,
	cTeachingArea, cSportsArea, cEquipmentValue, cMultimediaRooms,
	cMusicRooms, cMusicRoomMinArea, cArtRooms, cArtRoomMinArea,
}

// inputHeader is the published header of an input column.
func inputHeader(c int) string {
	h := columns[c].zh()
	switch columns[c].dim {
	case dimArea:
		h += "(㎡)"
	case dimMoney:
		h += "(元)"
	}
	return h
}

// EncodeSchoolsCSV writes the public/data/<year>/schools.csv of a report:
// UTF-8 with a byte-order mark (so that Excel opens it correctly), Chinese
// headers, one row per school part of each level, the parts in scope first
// and then the excluded ones. Each row carries the inputs as apportioned,
// each indicator's value, verdict (达标 / 未达标 / 未提供) and shortfall, the
// number of indicators met, the part's verdict and, for an excluded part, the
// reason. Numbers are written in full precision without an exponent; a figure
// not given is an empty cell.
//
// A report does not keep the inputs of an excluded part (indicators.Exclusion
// records id, name, level, students and reason), so its row carries only
// those; EncodeSchoolsCSVInput writes them in full.
func EncodeSchoolsCSV(r *indicators.Report) []byte {
	return encodeSchoolsCSV(r, nil)
}

// EncodeSchoolsCSVInput is EncodeSchoolsCSV given also the input the report
// was computed from: the rows of excluded parts then carry their inputs too,
// apportioned as indicators.Compute apportions them (with the report's
// weights).
func EncodeSchoolsCSVInput(r *indicators.Report, in indicators.Input) []byte {
	// Only the excluded parts are taken from the input: apportion just their
	// schools (all of a school's parts, which the weights need).
	excluded := make(map[string]bool)
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			for _, e := range lr.Excluded {
				excluded[e.SchoolID] = true
			}
		}
	}
	if len(excluded) == 0 {
		return encodeSchoolsCSV(r, nil)
	}
	var parts []indicators.SchoolPart
	var shared []indicators.SharedFacility
	for _, p := range in.Parts {
		if excluded[p.SchoolID] {
			parts = append(parts, p)
		}
	}
	for _, f := range in.Shared {
		if excluded[f.SchoolID] {
			shared = append(shared, f)
		}
	}
	return encodeSchoolsCSV(r, indicators.Apportion(parts, shared, r.Standards.Weights))
}

// encodeSchoolsCSV takes the inputs of excluded parts from parts, matched by
// school_id and level.
func encodeSchoolsCSV(r *indicators.Report, parts []indicators.SchoolPart) []byte {
	type key struct {
		id    string
		level indicators.Level
	}
	byKey := make(map[key]*indicators.SchoolPart, len(parts))
	for i := range parts {
		byKey[key{parts[i].SchoolID, parts[i].Level}] = &parts[i]
	}

	var buf bytes.Buffer
	n := 1
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			n += len(lr.Schools) + len(lr.Excluded)
		}
	}
	buf.Grow(n * 512)
	buf.Write(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // as Excel writes it

	head := []string{"年度", "区县代码", "区县名称", "学校标识码", "学校名称", "学段", "城乡分类代码", "城乡类别",
		"办学类型", "办学性质", "乡镇", "在校生数"}
	for _, c := range inputColumns {
		head = append(head, inputHeader(c))
	}
	head = append(head, "寄宿制")
	for _, ind := range indicators.Indicators {
		name := indicatorNames[ind]
		head = append(head, name, name+"达标情况", name+"差距"+shortfallUnits[ind])
	}
	head = append(head, "达标指标数", "学校达标情况", "是否纳入差异系数计算", "排除原因")
	_ = w.Write(head)

	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	partCells := func(p *indicators.SchoolPart, id, name string, level indicators.Level, students int) []string {
		row := make([]string, 0, len(head))
		row = append(row, year, r.County.Code, r.County.Name, id, name, levelZh(level))
		if p == nil {
			row = append(row, "", "", "", "", "", strconv.Itoa(students))
			for range inputColumns {
				row = append(row, "")
			}
			return append(row, "")
		}
		code, group := "", ""
		if p.UrbanRuralCode != 0 {
			code = strconv.Itoa(p.UrbanRuralCode)
			if g, ok := indicators.GroupOf(p.UrbanRuralCode); ok {
				group = groupZh(g)
			}
		}
		own := "公办"
		if p.Private {
			own = "民办"
		}
		row = append(row, code, group, string(p.SchoolType), own, p.Township, strconv.Itoa(p.Students))
		for _, c := range inputColumns {
			row = append(row, figureCell(partFigure(p, c)))
		}
		board := ""
		if p.Boarding != nil {
			board = "否"
			if *p.Boarding {
				board = "是"
			}
		}
		return append(row, board)
	}

	for _, l := range indicators.Levels {
		lr := r.Levels.Get(l)
		if lr == nil {
			continue
		}
		th := r.Standards.Level(l)
		for i := range lr.Schools {
			s := &lr.Schools[i]
			p := s.Part
			if p.SchoolID == "" {
				p.SchoolID, p.SchoolName, p.Level, p.Students = s.SchoolID, s.SchoolName, l, s.Students
			}
			row := partCells(&p, s.SchoolID, s.SchoolName, l, s.Students)
			if p.UrbanRuralCode == 0 && s.Group != "" {
				row[7] = groupZh(s.Group)
			}
			for _, ind := range indicators.Indicators {
				v, given := s.Values[ind]
				short, below := s.Shortfalls[ind]
				status := "未提供"
				if given && v.Given {
					status = "达标"
					if below || v.Value < th.Threshold(ind) {
						status = "未达标"
					}
				}
				sf := ""
				if below {
					sf = formatNumber(short)
				}
				row = append(row, figureCell(v), status, sf)
			}
			verdict := "未提供"
			if s.Pass != nil {
				verdict = "未达标"
				if *s.Pass {
					verdict = "达标"
				}
			}
			row = append(row, strconv.Itoa(s.Met), verdict, "纳入", "")
			_ = w.Write(defuseFormulas(row))
		}
		for _, e := range lr.Excluded {
			lv := e.Level
			if lv == "" {
				lv = l
			}
			row := partCells(byKey[key{e.SchoolID, lv}], e.SchoolID, e.SchoolName, lv, e.Students)
			if p := byKey[key{e.SchoolID, lv}]; p != nil {
				if row[4] == "" {
					row[4] = p.SchoolName
				}
				row[11] = strconv.Itoa(p.Students)
			}
			for range indicators.Indicators {
				row = append(row, "", "", "")
			}
			row = append(row, "", "", "排除", e.Reason)
			_ = w.Write(defuseFormulas(row))
		}
	}
	w.Flush()
	return buf.Bytes()
}

// figureCell writes a figure in full precision, or an empty cell.
func figureCell(f indicators.Figure) string {
	if !f.Given {
		return ""
	}
	return formatNumber(f.Value)
}

func groupZh(g indicators.Group) string {
	switch g {
	case indicators.Urban:
		return "城区"
	case indicators.Town:
		return "镇区"
	case indicators.Rural:
		return "乡村"
	}
	return string(g)
}

// defuseFormulas keeps spreadsheet programs from running a cell as a formula
// (CSV injection): a text cell that starts with =, +, -, @ or a control
// character gets a leading apostrophe, which Excel and WPS show as text.
// Numbers are left alone, so "-3" stays a number.
func defuseFormulas(row []string) []string {
	for i, c := range row {
		if c == "" {
			continue
		}
		switch c[0] {
		case '=', '+', '-', '@', '\t', '\r':
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				row[i] = "'" + c
			}
		}
	}
	return row
}
