package indicators

// The types below are the machine-readable output of one county and year,
// written as public/data/<year>/indicators.json. Their JSON keys, nesting and
// nulls are the contract of ../shared/spec/data-format.md: add, never rename.
// Fields tagged json:"-" are for the pages only.

// Status is the verdict on one item: pass (达标), fail (未达标) or missing (未提供).
type Status string

const (
	Pass        Status = "pass"
	Fail        Status = "fail"
	MissingData Status = "missing"
)

// Overall is the county's verdict: pass, fail, or incomplete when a figure
// that could decide it is not given.
type Overall string

const (
	OverallPass       Overall = "pass"
	OverallFail       Overall = "fail"
	OverallIncomplete Overall = "incomplete"
)

// Report is everything computed for one county and one year.
type Report struct {
	Year        int          `json:"year"`
	County      CountyRef    `json:"county"`
	Levels      LevelReports `json:"levels"`
	Assurance   []Item       `json:"assurance"`
	Quality     []Item       `json:"quality"`
	Recognition Verdict      `json:"recognition"`
	Overall     Overall      `json:"overall"`

	// Standards are the values used, recorded beside the report.
	Standards Standards `json:"-"`
	// Meta is county.toml's metadata (统计时点, 数据来源, 口径).
	Meta County `json:"-"`
}

// CountyRef names the county.
type CountyRef struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// LevelReports holds the two levels in the contract's order. A level with no
// school parts is written as {}.
type LevelReports struct {
	Primary *LevelReport `json:"primary"`
	Junior  *LevelReport `json:"junior"`
}

// Get returns the report of level l (nil when there is none).
func (r LevelReports) Get(l Level) *LevelReport {
	if l == Junior {
		return r.Junior
	}
	return r.Primary
}

// LevelReport is 资源配置 for one level.
type LevelReport struct {
	Level      Level                          `json:"-"`
	Students   int                            `json:"students"` // in scope
	Schools    []SchoolResult                 `json:"schools"`  // in scope, in input order
	Excluded   []Exclusion                    `json:"excluded"`
	Indicators map[Indicator]*IndicatorResult `json:"indicators"`
	// Pass: every school part passes and every CV is within its limit;
	// null when a missing figure leaves it open.
	Pass *bool `json:"pass"`

	// Roster is set by Summary, which drops Schools and Excluded: who the
	// school parts were (Schools' order, then Excluded's), for the lists of
	// schools. nil in a full report.
	Roster []RosterPart `json:"-"`

	// Tally is set by Summary, which drops Schools: the counts PassTally
	// would otherwise make of them. nil in a full report.
	Tally *Tally `json:"-"`
}

// RosterPart is what a Summary keeps of one school part (花名册): which
// school it is, where, and whether it passes.
type RosterPart struct {
	SchoolID, SchoolName string
	// Of the input row (SchoolResult.Part), zero when excluded; its level
	// is that of the LevelReport.
	Township       string
	SchoolType     SchoolType
	UrbanRuralCode int16
	Verdict        PartVerdict // SchoolResult.Pass; PartOpen when excluded
	Excluded       bool        // an Exclusion, not a SchoolResult
}

// PartVerdict is SchoolResult.Pass in one byte: a roster keeps one for
// every part of every year.
type PartVerdict int8

const (
	PartOpen   PartVerdict = iota // Pass is nil: a missing figure leaves it open
	PartPasses                    // at least 6 of the 7 indicators
	PartFails
)

// VerdictOf is the PartVerdict of a SchoolResult.Pass.
func VerdictOf(pass *bool) PartVerdict {
	switch {
	case pass == nil:
		return PartOpen
	case *pass:
		return PartPasses
	}
	return PartFails
}

// DropRoster drops the Roster of a Summary's levels, for a summary that no
// list of schools is made from (the view of an area, or once the lists are
// made): the roster is the one part of a summary that grows with the school
// parts.
func (r *Report) DropRoster() {
	for _, lr := range []*LevelReport{r.Levels.Primary, r.Levels.Junior} {
		if lr != nil {
			lr.Roster = nil
		}
	}
}

// PartCount counts school parts: all, and those that pass (6 of 7),
// fail, or cannot be decided for a missing figure.
type PartCount struct{ N, Pass, Fail, Open int }

// Tally counts a level's school parts in the 差异系数 (Schools) by 城乡
// group (Groups order) and in all.
type Tally struct {
	Groups [3]PartCount
	All    PartCount
}

// PassTally counts the level's school parts and how they pass; it works on
// a Summary too.
func (lr *LevelReport) PassTally() Tally {
	if lr.Tally != nil {
		return *lr.Tally
	}
	var t Tally
	for i := range lr.Schools {
		sc := &lr.Schools[i]
		add := func(x *PartCount) {
			x.N++
			switch {
			case sc.Pass == nil:
				x.Open++
			case *sc.Pass:
				x.Pass++
			default:
				x.Fail++
			}
		}
		if gi := groupIndex(sc.Group); gi >= 0 {
			add(&t.Groups[gi])
		}
		add(&t.All)
	}
	return t
}

// Summary is the report without what it says of each school part: the
// levels' Schools and Excluded and the items' Failing and Lacking are nil
// (PassTally still counts the parts). Everything else is shared with r.
// Performance: the school parts are most of a report's memory, and every
// page but a county-year's own and its schools' needs only the summary, so
// a build keeps summaries and computes the parts again for the pages that
// show them (docs/performance.md).
func (r *Report) Summary() *Report {
	out := *r
	lvl := func(lr *LevelReport) *LevelReport {
		if lr == nil {
			return nil
		}
		t := lr.PassTally()
		c := *lr
		c.Roster = make([]RosterPart, 0, len(lr.Schools)+len(lr.Excluded))
		for i := range lr.Schools {
			sc := &lr.Schools[i]
			c.Roster = append(c.Roster, RosterPart{SchoolID: sc.SchoolID, SchoolName: sc.SchoolName, Verdict: VerdictOf(sc.Pass),
				UrbanRuralCode: int16(sc.Part.UrbanRuralCode), SchoolType: sc.Part.SchoolType, Township: sc.Part.Township})
		}
		for i := range lr.Excluded {
			c.Roster = append(c.Roster, RosterPart{SchoolID: lr.Excluded[i].SchoolID, SchoolName: lr.Excluded[i].SchoolName, Excluded: true})
		}
		c.Schools, c.Excluded, c.Tally = nil, nil, &t
		return &c
	}
	out.Levels = LevelReports{Primary: lvl(r.Levels.Primary), Junior: lvl(r.Levels.Junior)}
	items := func(its []Item) []Item {
		out := make([]Item, len(its))
		for i, it := range its {
			it.Failing, it.Lacking = nil, nil
			out[i] = it
		}
		return out
	}
	out.Assurance, out.Quality = items(r.Assurance), items(r.Quality)
	return &out
}

// SchoolResult is one school part's indicators.
type SchoolResult struct {
	SchoolID   string               `json:"school_id"`
	SchoolName string               `json:"school_name"`
	Group      Group                `json:"group"`
	Students   int                  `json:"students"`
	Values     map[Indicator]Figure `json:"values"`
	Met        int                  `json:"met"`  // indicators at or above threshold
	Pass       *bool                `json:"pass"` // null when a missing figure leaves it open
	// Shortfalls: for each indicator below threshold, what the part needs to
	// reach it, in the input's unit (teachers and rooms whole, ㎡, 元).
	Shortfalls map[Indicator]float64 `json:"shortfalls"`

	Part SchoolPart `json:"-"` // the input row, apportioned
}

// Exclusion is a school part left out of the CV population.
type Exclusion struct {
	SchoolID   string `json:"school_id"`
	Reason     string `json:"reason"` // in Chinese, e.g. "在校生数为0"
	SchoolName string `json:"-"`
	Level      Level  `json:"-"`
	Students   int    `json:"-"`
}

// IndicatorResult is one indicator across a level's school parts.
type IndicatorResult struct {
	Threshold float64                `json:"threshold"`
	Value     Figure                 `json:"value"` // ratio of totals (student-weighted mean)
	CV        Figure                 `json:"cv"`
	CVLimit   float64                `json:"cv_limit"`
	CVPass    *bool                  `json:"cv_pass"`
	Groups    map[Group]*GroupResult `json:"groups"`
}

// GroupResult is one 城乡 group's figures for one indicator.
type GroupResult struct {
	Value     Figure `json:"value"`      // ratio of totals within the group
	Schools   int    `json:"schools"`    // school parts in the group
	PassShare Figure `json:"pass_share"` // share of the group's parts meeting the threshold
}

// Item is one item of 政府保障程度 or 教育质量.
type Item struct {
	Item      int    `json:"item"`
	Name      string `json:"name"`
	Status    Status `json:"status"`
	Value     any    `json:"value"`     // number, bool, string, object, or null
	Threshold any    `json:"threshold"` // as Value

	// Failing lists, for items computed from school data (§3 items 3–5),
	// the school parts that do not meet it.
	Failing []ItemFailure `json:"-"`
	// Lacking lists, for the same items, the school parts that lack a figure
	// the item needs (Detail: "未提供…"). While one does, the item is missing
	// unless a part fails.
	Lacking []ItemFailure `json:"-"`
}

// ItemFailure names a school part that does not meet a §3 item, and why.
type ItemFailure struct {
	SchoolID   string
	SchoolName string
	Level      Level
	Detail     string // e.g. "音乐专用教室 1 间，应 ≥ 2 间"
}

// Verdict is 社会认可度.
type Verdict struct {
	Status    Status `json:"status"`
	Value     any    `json:"value"`
	Threshold any    `json:"threshold"`
}
