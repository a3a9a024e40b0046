package layout

import (
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Data is the layout of a site's data pages and files, which depends on
// which years hold several counties. Make it once per build with NewData.
type Data struct {
	several map[int]bool
	codes   int // distinct county codes over all years
}

// SeveralCounties is the rule "does this year hold several counties?": more
// than one county's input, or a schools.csv that names its county
// (county_code), as a city or province site's files do even in a year for
// which only one county has data. The counties of such a year are published
// one by one: reports/<year>/<county>/ and data/<year>/county/<code>/.
func SeveralCounties(year []indicators.Input) bool {
	if len(year) > 1 {
		return true
	}
	for _, in := range year {
		for _, p := range in.Parts {
			if p.CountyCode != "" {
				return true
			}
		}
	}
	return false
}

// NewData applies SeveralCounties to each year of inputs (one input per
// county and year, in any order).
func NewData(inputs []indicators.Input) *Data {
	byYear := map[int][]indicators.Input{}
	codes := map[string]bool{}
	for _, in := range inputs {
		byYear[in.Year] = append(byYear[in.Year], in)
		codes[in.County.Code] = true
	}
	d := &Data{several: map[int]bool{}, codes: len(codes)}
	for y, ins := range byYear {
		d.several[y] = SeveralCounties(ins)
	}
	return d
}

// SeveralCounties tells whether year holds several counties.
func (d *Data) SeveralCounties(year int) bool { return d != nil && d.several[year] }

// SeveralCountiesEver tells whether the site's years name more than one
// county between them: the trends are then one page per county.
func (d *Data) SeveralCountiesEver() bool { return d != nil && d.codes > 1 }

// Report is the site path of a county's report for year.
func (d *Data) Report(year int, county string) string {
	if d.SeveralCounties(year) {
		return Year(year) + Slug(county) + "/"
	}
	return Year(year)
}

// Dir is the folder of a county-year's data files (SchoolsCSV,
// IndicatorsJSON, StandardsJSON).
func (d *Data) Dir(year int, county string) string {
	dir := YearData(year)
	if d.SeveralCounties(year) {
		dir += "county/" + county + "/"
	}
	return dir
}

// Trends is the site path of a county's trends page.
func (d *Data) Trends(county string) string {
	if d.SeveralCountiesEver() {
		return CountyTrends(county)
	}
	return Trends
}
