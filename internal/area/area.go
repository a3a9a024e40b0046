// Package area is the view of a city (市) or province (省) over one year:
// every county side by side, with its verdict in each dimension and the
// counts behind it, and each county's way to its 创建目标 — the year by which
// it is to pass the national 督导评估认定 of 县域义务教育优质均衡 — as set in
// data/targets.toml.
//
// The package is pure (no files, no HTML) and computes nothing the engine
// computes: every figure of a county's row is read from that county's
// indicators.Report, so it agrees with the county's indicators.json. The
// area's own 城区/镇区/乡村 values and 差异系数 (Year.Area) are
// indicators.Compute over the school parts of all counties together (ratio of
// totals, as for a county).
//
// # Progress (创建进度)
//
// A county's progress in a year is, in this order:
//
//	achieved  已实现   its overall result that year is pass (with or without a target)
//	overdue   已逾期   not achieved, and its target year is that year or earlier
//	pending   未到期   not achieved, and its target year is later
//	none      未设目标 not achieved, and targets.toml gives it no target
//
// "Not achieved" is fail and incomplete alike: a county whose figures are
// not all given has not shown that it passes.
//
// # counties.json
//
// Year.JSON writes data/<year>/counties.json of a site of several counties
// (docs/city.md), here for examples/city in 2024:
//
//	{"year": 2024, "all_by": 2028,
//	 "summary": {"counties": 5, "pass": 1, "achieved": 1, "pending": 2, "overdue": 1, "none": 1},
//	 "counties": [
//	  {"code": "159901", "name": "青岚区", "overall": "pass",
//	   "primary": {"pass": true, "schools": 7, "schools_pass": 7, "cv_over": 0},
//	   "junior": {"pass": true, "schools": 4, "schools_pass": 4, "cv_over": 0},
//	   "assurance": {"status": "pass", "met": 15, "of": 15},
//	   "quality": {"status": "pass", "met": 9, "of": 9},
//	   "recognition": {"status": "pass"},
//	   "target_year": 2023, "progress": "achieved"}]}
//
// Counties are in order of their code. all_by and target_year are null when
// targets.toml does not give them. A level's pass is null while a figure
// not given leaves it open (as in indicators.json); a county without any
// school part of a level has {} for that level, again as indicators.json
// writes it — no figure is claimed for a level that does not exist.
// schools counts the level's school parts in the 差异系数 (excluded parts,
// such as 民办 schools and 教学点, are not counted), schools_pass those of
// them that pass (6 of 7 indicators, the seventh at 85 %), cv_over the
// level's indicators whose 差异系数 is over its limit (a CV not computable
// for a missing figure is not counted). met counts the items that pass;
// of is the number of items (15 政府保障程度, 9 教育质量).
package area

import (
	"bytes"
	"encoding/json"
	"sort"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Progress is a county's 创建进度 in a year.
type Progress string

const (
	Achieved Progress = "achieved" // 已实现: overall pass that year
	Overdue  Progress = "overdue"  // 已逾期: not passing, the target year reached or past
	Pending  Progress = "pending"  // 未到期: not passing, the target year still ahead
	None     Progress = "none"     // 未设目标: not passing, no target year
)

// Progresses lists the progress values in the order of the summary.
var Progresses = []Progress{Achieved, Pending, Overdue, None}

// ProgressOf is the progress in year of a county whose overall result that
// year is overall and whose 创建目标年份 is targetYear (0: none).
func ProgressOf(overall indicators.Overall, targetYear, year int) Progress {
	switch {
	case overall == indicators.OverallPass:
		return Achieved
	case targetYear == 0:
		return None
	case targetYear <= year:
		return Overdue
	}
	return Pending
}

// Target is one county's 创建目标.
type Target struct {
	Year int    // 创建目标年份 (targets.toml target_year); 0: none
	Note string // e.g. 第一批创建
}

// Targets are data/targets.toml as the area view needs them. The zero value
// is a site without targets.
type Targets struct {
	AllBy    int               // 全市(全省)整体实现的目标年份 (all_by); 0: not given
	Counties map[string]Target // by 区县代码
}

// Level is a county's 资源配置 of one level (小学 or 初中), as counted in its
// report.
type Level struct {
	Pass        *bool `json:"pass"`         // nil while a missing figure leaves it open
	Schools     int   `json:"schools"`      // school parts in the 差异系数
	SchoolsPass int   `json:"schools_pass"` // of them, parts that pass
	CVOver      int   `json:"cv_over"`      // indicators whose 差异系数 is over the limit
}

// Items is a county's verdict on a dimension of items: 政府保障程度 (15) or
// 教育质量 (9).
type Items struct {
	Status indicators.Status `json:"status"` // fail if one fails, else missing if one is missing, else pass
	Met    int               `json:"met"`    // items that pass
	Of     int               `json:"of"`     // items
}

// County is one county's row.
type County struct {
	Code, Name  string
	Overall     indicators.Overall
	Primary     *Level // nil: no school part of the level
	Junior      *Level
	Assurance   Items // 政府保障程度
	Quality     Items // 教育质量
	Recognition indicators.Status
	Target      Target // Year 0: no target
	Progress    Progress
	Report      *indicators.Report // the county's own report
}

// Level returns the row's level l (nil when the county has none).
func (c *County) Level(l indicators.Level) *Level {
	if l == indicators.Junior {
		return c.Junior
	}
	return c.Primary
}

// Tally counts counties by their verdict in one dimension.
type Tally struct {
	Pass int // 达标
	Fail int // 未达标
	Open int // 未提供, or not yet decided for a missing figure
}

// Summary is the headline of the year.
type Summary struct {
	Counties int
	Pass     int // overall pass
	Achieved int
	Pending  int
	Overdue  int
	None     int

	// Per dimension. A county without school parts of a level is not
	// counted in that level's tally.
	Primary, Junior, Assurance, Quality, Recognition Tally
}

// Year is the area in one year.
type Year struct {
	Year     int
	AllBy    int // 0: not given
	Summary  Summary
	Counties []County // by code

	areaOnce sync.Once
	area     indicators.LevelReports
	same     *Year // made of the very same reports: its Area is this one's
}

// New is the area in year from the counties' reports (reports of other
// years are left out, so a build's whole list may be given) and the
// targets.
func New(year int, reports []*indicators.Report, targets Targets) *Year {
	y := &Year{Year: year, AllBy: targets.AllBy}
	for _, r := range reports {
		if r.Year != year {
			continue
		}
		c := countyOf(r, targets.Counties[r.County.Code])
		c.Progress = ProgressOf(r.Overall, c.Target.Year, year)
		y.Counties = append(y.Counties, c)
	}
	sort.SliceStable(y.Counties, func(i, j int) bool { return y.Counties[i].Code < y.Counties[j].Code })
	y.Summary = summarize(y.Counties)
	return y
}

// Area is 资源配置 of the whole area: each level's indicators over the school
// parts of every county together — values as ratio of totals, 差异系数,
// 城区/镇区/乡村 groups — as indicators.Compute gives them for one county.
// It is context for the counties' figures, not a verdict of the 督导评估,
// which is made per county. A level is nil when no county has a part of it.
//
// The levels are summaries (indicators.Report.Summary): PassTally counts
// the parts, Schools and Excluded are nil.
//
// Performance: computed on the first call — as much work as computing every
// county of the year again (BenchmarkArea150Counties) — so that a caller
// wanting only the rows or counties.json does not pay for it. Safe for
// concurrent use.
func (y *Year) Area() indicators.LevelReports {
	if y.same != nil {
		return y.same.Area()
	}
	y.areaOnce.Do(func() {
		if len(y.Counties) == 0 {
			return
		}
		var parts []indicators.SchoolPart
		for _, c := range y.Counties {
			parts = AppendParts(parts, c.Report)
		}
		y.area = Levels(y.Year, parts, y.Counties[0].Report.Standards)
	})
	return y.area
}

// AppendParts appends the school parts of r's CV populations (差异系数的
// 学校), already apportioned, level by level: what Area computes the area
// from, county after county in code order. r must be a full report.
func AppendParts(parts []indicators.SchoolPart, r *indicators.Report) []indicators.SchoolPart {
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			for i := range lr.Schools {
				parts = append(parts, lr.Schools[i].Part)
			}
		}
	}
	return parts
}

// Levels is Area of the parts the counties' full reports give
// (AppendParts, counties in code order): a caller that drops each full
// report as soon as it is summarised keeps only its parts, and gives the
// result to UseArea.
func Levels(year int, parts []indicators.SchoolPart, std indicators.Standards) indicators.LevelReports {
	// The parts are apportioned already: Compute assesses them as they are.
	// Only the summary is kept: the area's pages show its indicators and
	// how many parts pass, not each part again (they are the counties').
	sum := indicators.Compute(indicators.Input{Year: year, Parts: parts}, std).Summary()
	sum.DropRoster()
	return sum.Levels
}

// UseArea makes levels y's Area: what an earlier build's Area gave for a
// year of the very same reports (the build cache keeps it with the year's
// summaries, which hold too little to compute it again). It does nothing
// once Area was computed.
func (y *Year) UseArea(levels indicators.LevelReports) {
	y.areaOnce.Do(func() { y.area = levels })
}

// DropReports drops the counties' reports (Counties[i].Report), keeping
// the Area they gave: for a caller that keeps the summaries elsewhere and
// reads them there, so that the years' areas do not hold every county's
// summary. Not for concurrent use with Area.
func (y *Year) DropReports() {
	y.UseArea(y.Area())
	y.same = nil
	for i := range y.Counties {
		y.Counties[i].Report = nil
	}
}

// KeepArea lets y take prev's Area when both are made of the very same
// reports, county for county (the same pointers: an incremental build keeps
// the reports of the counties whose data did not change). gongkai serve
// calls it after a changed row, so that the years it did not touch are not
// computed again: each is as much work as computing all its counties.
func (y *Year) KeepArea(prev *Year) {
	if prev == nil || prev == y || len(prev.Counties) != len(y.Counties) {
		return
	}
	for i := range y.Counties {
		if y.Counties[i].Report != prev.Counties[i].Report {
			return
		}
	}
	if prev.same != nil {
		prev = prev.same // one step, however many builds kept it
	}
	y.same = prev
}

func countyOf(r *indicators.Report, t Target) County {
	c := County{
		Code:        r.County.Code,
		Name:        r.County.Name,
		Overall:     r.Overall,
		Primary:     levelOf(r.Levels.Primary),
		Junior:      levelOf(r.Levels.Junior),
		Assurance:   itemsOf(r.Assurance),
		Quality:     itemsOf(r.Quality),
		Recognition: r.Recognition.Status,
		Target:      t,
		Report:      r,
	}
	return c
}

func levelOf(lr *indicators.LevelReport) *Level {
	if lr == nil {
		return nil
	}
	t := lr.PassTally()
	l := &Level{Pass: lr.Pass, Schools: t.All.N, SchoolsPass: t.All.Pass}
	for _, ir := range lr.Indicators {
		if ir.CVPass != nil && !*ir.CVPass {
			l.CVOver++
		}
	}
	return l
}

func itemsOf(items []indicators.Item) Items {
	it := Items{Status: indicators.ItemsStatus(items), Of: len(items)}
	for _, i := range items {
		if i.Status == indicators.Pass {
			it.Met++
		}
	}
	return it
}

func summarize(cs []County) Summary {
	s := Summary{Counties: len(cs)}
	for _, c := range cs {
		if c.Overall == indicators.OverallPass {
			s.Pass++
		}
		switch c.Progress {
		case Achieved:
			s.Achieved++
		case Pending:
			s.Pending++
		case Overdue:
			s.Overdue++
		default:
			s.None++
		}
		s.Primary.addLevel(c.Primary)
		s.Junior.addLevel(c.Junior)
		s.Assurance.add(c.Assurance.Status)
		s.Quality.add(c.Quality.Status)
		s.Recognition.add(c.Recognition)
	}
	return s
}

func (t *Tally) add(st indicators.Status) {
	switch st {
	case indicators.Pass:
		t.Pass++
	case indicators.Fail:
		t.Fail++
	default:
		t.Open++
	}
}

func (t *Tally) addLevel(l *Level) {
	switch {
	case l == nil:
	case l.Pass == nil:
		t.Open++
	case *l.Pass:
		t.Pass++
	default:
		t.Fail++
	}
}

// The JSON shapes of counties.json; see the package documentation.
type (
	yearJSON struct {
		Year     int          `json:"year"`
		AllBy    *int         `json:"all_by"`
		Summary  summaryJSON  `json:"summary"`
		Counties []countyJSON `json:"counties"`
	}
	summaryJSON struct {
		Counties int `json:"counties"`
		Pass     int `json:"pass"`
		Achieved int `json:"achieved"`
		Pending  int `json:"pending"`
		Overdue  int `json:"overdue"`
		None     int `json:"none"`
	}
	countyJSON struct {
		Code        string             `json:"code"`
		Name        string             `json:"name"`
		Overall     indicators.Overall `json:"overall"`
		Primary     any                `json:"primary"` // *Level, or {} for none
		Junior      any                `json:"junior"`
		Assurance   Items              `json:"assurance"`
		Quality     Items              `json:"quality"`
		Recognition statusJSON         `json:"recognition"`
		TargetYear  *int               `json:"target_year"`
		Progress    Progress           `json:"progress"`
	}
	statusJSON struct {
		Status indicators.Status `json:"status"`
	}
)

// JSON encodes the year as counties.json: indented, keys in the order of
// the contract, no HTML escaping (the file is data), a final newline. The
// same Year always gives the same bytes.
func (y *Year) JSON() ([]byte, error) {
	out := yearJSON{
		Year:  y.Year,
		AllBy: yearOrNull(y.AllBy),
		Summary: summaryJSON{
			Counties: y.Summary.Counties, Pass: y.Summary.Pass, Achieved: y.Summary.Achieved,
			Pending: y.Summary.Pending, Overdue: y.Summary.Overdue, None: y.Summary.None,
		},
		Counties: make([]countyJSON, 0, len(y.Counties)),
	}
	for _, c := range y.Counties {
		out.Counties = append(out.Counties, countyJSON{
			Code: c.Code, Name: c.Name, Overall: c.Overall,
			Primary: levelJSON(c.Primary), Junior: levelJSON(c.Junior),
			Assurance: c.Assurance, Quality: c.Quality,
			Recognition: statusJSON{c.Recognition},
			TargetYear:  yearOrNull(c.Target.Year),
			Progress:    c.Progress,
		})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func yearOrNull(y int) *int {
	if y == 0 {
		return nil
	}
	return &y
}

// levelJSON is a level's object, or {} for a level without school parts.
func levelJSON(l *Level) any {
	if l == nil {
		return struct{}{}
	}
	return l
}

// Chinese returns 已实现, 已逾期, 未到期 or 未设目标.
func (p Progress) Chinese() string {
	switch p {
	case Achieved:
		return "已实现"
	case Overdue:
		return "已逾期"
	case Pending:
		return "未到期"
	case None:
		return "未设目标"
	}
	return string(p)
}
