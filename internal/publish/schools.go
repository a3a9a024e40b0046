package publish

import (
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/csvout"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// SchoolsCSV writes the data/<year>/schools.csv of a report:
// UTF-8 with a byte-order mark (so that Excel opens it correctly), Chinese
// headers, one row per school part of each level, the parts in scope first
// and then the excluded ones. Each row carries the inputs as apportioned,
// each indicator's value, verdict (达标 / 未达标 / 未提供) and shortfall, the
// number of indicators met, the part's verdict (达标 / 未达标 / 暂不能判定:
// a value not given) and, for an excluded part, the
// reason. Numbers are written in full precision without an exponent; a figure
// not given is an empty cell.
//
// A report does not keep the inputs of an excluded part (indicators.Exclusion
// records id, name, level, students and reason), so its row carries only
// those; SchoolsCSVInput writes them in full.
func SchoolsCSV(r *indicators.Report) []byte {
	return schoolsCSV(r, nil)
}

// SchoolsCSVInput is SchoolsCSV given also the input the report
// was computed from: the rows of excluded parts then carry their inputs too,
// apportioned as indicators.Compute apportions them (with the report's
// weights).
func SchoolsCSVInput(r *indicators.Report, in indicators.Input) []byte {
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
		return schoolsCSV(r, nil)
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
	return schoolsCSV(r, indicators.Apportion(parts, shared, r.Standards.Weights))
}

// schoolsCSV takes the inputs of excluded parts from parts, matched by
// school_id and level.
func schoolsCSV(r *indicators.Report, parts []indicators.SchoolPart) []byte {
	type key struct {
		id    string
		level indicators.Level
	}
	byKey := make(map[key]*indicators.SchoolPart, len(parts))
	for i := range parts {
		byKey[key{parts[i].SchoolID, parts[i].Level}] = &parts[i]
	}

	n := 1
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			n += len(lr.Schools) + len(lr.Excluded)
		}
	}
	figures := data.FigureColumns()
	head := []string{"年度", "区县代码", "区县名称", "学校标识码", "学校名称", "学段", "城乡分类代码", "城乡类别",
		"办学类型", "办学性质", "乡镇", "在校生数"}
	for _, c := range figures {
		head = append(head, c.Header)
	}
	head = append(head, "寄宿制")
	for _, ind := range indicators.Indicators {
		name := layout.IndicatorColumn(ind)
		head = append(head, name, name+"达标情况", layout.ShortfallColumn(ind))
	}
	head = append(head, "达标指标数", "学校达标情况", "是否纳入差异系数计算", "排除原因")
	w := csvout.New(head, n*512)

	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	partCells := func(p *indicators.SchoolPart, id, name string, level indicators.Level, students int) []string {
		row := make([]string, 0, len(head))
		row = append(row, year, r.County.Code, r.County.Name, id, name, layout.LevelName(level))
		if p == nil {
			row = append(row, "", "", "", "", "", strconv.Itoa(students))
			for range figures {
				row = append(row, "")
			}
			return append(row, "")
		}
		code, group := "", ""
		if p.UrbanRuralCode != 0 {
			code = strconv.Itoa(p.UrbanRuralCode)
			if g, ok := indicators.GroupOf(p.UrbanRuralCode); ok {
				group = layout.GroupName(g)
			}
		}
		row = append(row, code, group, string(p.SchoolType), layout.Ownership(p.Private), p.Township, strconv.Itoa(p.Students))
		for _, c := range figures {
			row = append(row, figureCell(c.Figure(p)))
		}
		return append(row, layout.YesNo(p.Boarding))
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
				row[7] = layout.GroupName(s.Group)
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
					sf = data.FormatNumber(short)
				}
				row = append(row, figureCell(v), status, sf)
			}
			verdict := "暂不能判定"
			if s.Pass != nil {
				verdict = "未达标"
				if *s.Pass {
					verdict = "达标"
				}
			}
			row = append(row, strconv.Itoa(s.Met), verdict, "纳入", "")
			w.Row(row)
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
			w.Row(row)
		}
	}
	return w.Bytes()
}

// figureCell writes a figure in full precision, or an empty cell.
func figureCell(f indicators.Figure) string {
	if !f.Given {
		return ""
	}
	return data.FormatNumber(f.Value)
}
