package publish

import (
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/csvout"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// Counties is the data files of a year of several counties, in the year's
// folder (layout.YearData): counties.json (area.Year.JSON, the contract)
// and counties.csv, the same figures for a spreadsheet: a row per county,
// Chinese headers.
func Counties(a *area.Year) ([]File, error) {
	js, err := a.JSON()
	if err != nil {
		return nil, err
	}
	return []File{{layout.CountiesCSV, CountiesCSV(a)}, {layout.CountiesJSON, js}}, nil
}

// CountiesCSV is counties.csv. A level a county has no school part of is
// empty in every column of that level.
func CountiesCSV(a *area.Year) []byte {
	head := []string{"年度", "区县代码", "区县名称", "总体结论"}
	for _, l := range indicators.Levels {
		n := layout.LevelName(l)
		head = append(head, n+"资源配置", n+"学校数", n+"达标学校数", n+"差异系数超标项数")
	}
	head = append(head, "政府保障程度", "政府保障程度达标项数", "政府保障程度项数",
		"教育质量", "教育质量达标项数", "教育质量项数", "社会认可度", "创建目标年份", "创建目标说明", "创建进度")
	t := csvout.New(head, 256*(len(a.Counties)+1))
	year := strconv.Itoa(a.Year)
	for _, c := range a.Counties {
		row := []string{year, c.Code, c.Name, c.Overall.Chinese()}
		for _, l := range indicators.Levels {
			lv := c.Level(l)
			if lv == nil {
				row = append(row, "", "", "", "")
				continue
			}
			verdict := indicators.MissingData
			if lv.Pass != nil {
				verdict = indicators.Fail
				if *lv.Pass {
					verdict = indicators.Pass
				}
			}
			row = append(row, verdict.Chinese(), strconv.Itoa(lv.Schools), strconv.Itoa(lv.SchoolsPass), strconv.Itoa(lv.CVOver))
		}
		target := ""
		if c.Target.Year > 0 {
			target = strconv.Itoa(c.Target.Year)
		}
		row = append(row, c.Assurance.Status.Chinese(), strconv.Itoa(c.Assurance.Met), strconv.Itoa(c.Assurance.Of),
			c.Quality.Status.Chinese(), strconv.Itoa(c.Quality.Met), strconv.Itoa(c.Quality.Of),
			c.Recognition.Chinese(), target, c.Target.Note, c.Progress.Chinese())
		t.Row(row)
	}
	return t.Bytes()
}
