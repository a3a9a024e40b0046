package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// YearPage is the data of layouts/report.html: one county's year.
type YearPage struct {
	Title      string
	CountyName string
	Year       int
	Facts      []Fact // 统计时点, 数据来源, …
	Overall    Fact
	Summary    []Fact
	TOC        []Link
	Levels     []*LevelSection
	Assurance  *Section
	Quality    *Section
	Recognize  *Section
	Excluded   *Section
	NotesH     string // heading of the notes section
	Notes      string
	Downloads  []Link
	Others     []Link // other years and the trends
	Standards  []Fact
	HasCharts  bool
}

// Fact is a labelled figure, with an optional verdict mark and link.
type Fact struct {
	Label, Text string
	Status      string // the verdict word
	Class       string // good, bad, muted
	URL         string
	Sub         string
}

// Section is a numbered section holding a table.
type Section struct {
	ID      string
	Heading string
	Lead    string
	Table   *Table
}

// LevelSection is one level of a year report.
type LevelSection struct {
	ID      string
	Heading string // 一、小学
	Lead    string
	Verdict Fact
	CV      *Chart // with the indicator table
	Groups  *Chart // the seven indicators by 城乡 group, small multiples
	// GroupsHeading heads Groups: the groups it compares.
	GroupsHeading string
	Pass          *Chart
	// Schools is the table of the level's school parts: all of them, or,
	// in a county with more than InlineSchools, those that do not pass
	// (SchoolsNote says which); AllSchools links the level's page, which
	// has them all.
	Schools     *Table
	SchoolsNote string
	AllSchools  Link
}

// InlineSchools is how many school parts of a level the year report lists
// in full. Every part's row costs about 0.6 KB and the page must stay
// under 100 KB with its styles and scripts; the charts and the other
// tables take about 75 KB of it, whatever the county's size. A larger
// level lists the parts that do not pass (the
// fewest indicators met first, at most InlineSchools), and every part is
// on the level's page, reports/<year>/<level>/.
const InlineSchools = 15

func (s *Site) yearPage(u *unit) (*YearPage, error) {
	r := u.report()
	p := &YearPage{
		Title:      s.t.f("rpt_title_year", u.name, u.year),
		CountyName: u.name,
		Year:       u.year,
	}
	county := u.name
	if u.code != "" {
		county = s.t.f("rpt_county_code", u.name, u.code)
	}
	p.Facts = []Fact{
		{Label: s.t.s("rpt_fact_county"), Text: county},
		{Label: s.t.s("rpt_fact_as_of"), Text: u.src.AsOf},
		{Label: s.t.s("rpt_fact_source"), Text: u.src.Source},
	}
	ot, oc := s.overall(r.Overall)
	p.Overall = Fact{Label: s.t.s("rpt_overall"), Status: ot, Class: oc, Text: s.t.s("rpt_overall_note_" + string(r.Overall))}

	ids := ids{}
	n := 0
	next := func() string { n++; return cn(n) }
	for _, lr := range levelsOf(r) {
		ls, err := s.levelSection(u, lr, next(), ids)
		if err != nil {
			return nil, err
		}
		p.Levels = append(p.Levels, ls)
		p.Summary = append(p.Summary, ls.Verdict)
		p.TOC = append(p.TOC, Link{Title: ls.Heading, URL: "#" + ls.ID})
	}
	p.Assurance = &Section{ID: "assurance", Heading: next() + "、" + s.t.s("rpt_h_assurance"), Table: s.assuranceTable(u)}
	p.Quality = &Section{ID: "quality", Heading: next() + "、" + s.t.s("rpt_h_quality"), Table: s.qualityTable(u)}
	p.Recognize = &Section{ID: "recognition", Heading: next() + "、" + s.t.s("rpt_h_recognition"), Table: s.recognitionTable(u)}
	p.Summary = append(p.Summary,
		s.itemsFact(s.t.s("rpt_h_assurance"), r.Assurance, "#assurance"),
		s.itemsFact(s.t.s("rpt_h_quality"), r.Quality, "#quality"),
		s.recognitionFact(u))
	if ex := s.excludedTable(u); ex != nil {
		p.Excluded = &Section{ID: "excluded", Heading: next() + "、" + s.t.s("rpt_h_excluded"), Table: ex, Lead: s.t.s("rpt_lead_excluded")}
	}
	p.NotesH = next() + "、" + s.t.s("rpt_h_notes")
	p.Notes = strings.TrimSpace(r.Meta.Notes)
	for _, sec := range []*Section{p.Assurance, p.Quality, p.Recognize, p.Excluded} {
		if sec != nil {
			p.TOC = append(p.TOC, Link{Title: sec.Heading, URL: "#" + sec.ID})
		}
	}
	p.TOC = append(p.TOC, Link{Title: p.NotesH, URL: "#notes"})
	p.Downloads = s.downloads(u)
	p.Standards = s.standardFacts(u)
	for _, o := range s.units {
		if o.code == u.code || !o.multi && !u.multi {
			p.Others = append(p.Others, Link{Title: s.t.f("rpt_year_report", o.year), URL: o.url, Current: o.idx == u.idx})
		}
	}
	var tables []*Table // in the order of report.html
	for _, l := range p.Levels {
		for _, c := range []*Chart{l.CV, l.Groups, l.Pass} {
			if c != nil {
				tables = append(tables, c.Table)
			}
		}
		tables = append(tables, l.Schools)
	}
	for _, sec := range []*Section{p.Assurance, p.Quality, p.Recognize, p.Excluded} {
		if sec != nil {
			tables = append(tables, sec.Table)
		}
	}
	sourcesOnce(tables...)
	p.HasCharts = true
	return p, nil
}

func (s *Site) downloads(u *unit) []Link {
	return []Link{
		{Title: "schools.csv", URL: u.src.CSV, Note: s.t.s("rpt_dl_csv")},
		{Title: "indicators.json", URL: u.src.JSON, Note: s.t.s("rpt_dl_json")},
		{Title: "standards.json", URL: u.data + layout.StandardsJSON, Note: s.t.s("rpt_dl_standards")},
	}
}

// standardFacts states the rules the verdicts use (they may be a province's).
func (s *Site) standardFacts(u *unit) []Fact {
	std := u.report().Standards
	return []Fact{
		{Label: s.t.s("rpt_std_school"), Text: s.t.f("rpt_std_school_text", std.MinMet, len(indicators.Indicators), PlainPercent(std.FloorShare))},
		{Label: s.t.s("rpt_std_cv"), Text: s.t.f("rpt_std_cv_text", Limit(std.Primary.CVLimit), Limit(std.Junior.CVLimit))},
		{Label: s.t.s("rpt_std_scope"), Text: s.t.s("rpt_std_scope_text")},
	}
}

func (s *Site) levelSection(u *unit, lr *indicators.LevelReport, num string, ids ids) (*LevelSection, error) {
	l := lr.Level
	ls := &LevelSection{ID: string(l), Heading: num + "、" + s.t.f("rpt_h_level", l.Chinese())}
	_, all := passStats(lr)
	within, cvN := 0, 0
	for _, ind := range indicators.Indicators {
		if ir := lr.Indicators[ind]; ir.CVPass != nil {
			cvN++
			if *ir.CVPass {
				within++
			}
		}
	}
	ls.Lead = s.t.f("rpt_lead_level", Int(lr.Students), all.n, all.pass, all.fail)
	if all.open > 0 {
		ls.Lead += s.t.f("rpt_lead_level_open", all.open)
	}
	vt, vc := s.verdict(lr.Pass)
	ls.Verdict = Fact{Label: l.Chinese(), Status: vt, Class: vc, URL: "#" + ls.ID,
		Text: s.t.f("rpt_sum_level", all.n, all.pass, within, len(indicators.Indicators))}
	var err error
	if ls.CV, err = s.cvChart(u, lr, ids.next(string(l), "cv")); err != nil {
		return nil, err
	}
	// The rows of the indicator table and of the groups' table link to
	// the indicator pages.
	if ls.Groups, err = s.groupsPanels(u, lr, ids.next(string(l), "groups")); err != nil {
		return nil, err
	}
	ls.GroupsHeading = s.t.s("rpt_h_groups")
	if gs, _ := passStats(lr); len(groupsShown(lr, gs)) < len(indicators.Groups) {
		ls.GroupsHeading = s.t.f("rpt_h_groups_some", list(groupNames(groupsShown(lr, gs))))
	}
	if ls.Pass, err = s.passChart(u, lr, ids.next(string(l), "pass")); err != nil {
		return nil, err
	}
	ls.Schools = s.schoolTable(u, lr, lr.Schools)
	ls.AllSchools = Link{Title: s.t.f("rpt_schools_all", l.Chinese(), len(lr.Schools)), URL: u.levelURL(l)}
	if len(lr.Schools) > InlineSchools {
		s.shortSchoolTable(u, lr, ls)
	}
	return ls, nil
}

// shortSchoolTable makes the level's inline table list only the parts that
// do not pass (未达标, 暂不能判定), the fewest indicators met first, at
// most InlineSchools of them, and only what decides: the verdict and the
// shortfalls (the values are on the level's page).
func (s *Site) shortSchoolTable(u *unit, lr *indicators.LevelReport, ls *LevelSection) {
	var keep []int
	for i, sc := range lr.Schools {
		if sc.Pass == nil || !*sc.Pass {
			keep = append(keep, i)
		}
	}
	sort.SliceStable(keep, func(a, b int) bool { return lr.Schools[keep[a]].Met < lr.Schools[keep[b]].Met })
	n := len(keep)
	lname := lr.Level.Chinese()
	ls.SchoolsNote = s.t.f("rpt_schools_many", len(lr.Schools), InlineSchools)
	if n == 0 {
		ls.SchoolsNote += s.t.s("rpt_schools_all_pass")
		ls.Schools = nil
		return
	}
	t := &Table{
		ID:      ls.Schools.ID,
		Caption: s.t.f("rpt_cap_schools_failing", s.scope(u), lname, n),
		Sources: ls.Schools.Sources,
		Head: []Col{{Text: s.t.s("rpt_col_school")}, {Text: s.t.s("rpt_col_group")}, {Text: s.t.s("rpt_col_met_n"), Num: true},
			{Text: s.t.s("rpt_col_verdict")}, {Text: s.t.s("rpt_col_shortfalls")}},
		Note: s.passRule(u) + s.t.s("rpt_note_schools_short"),
	}
	if n > InlineSchools {
		keep = keep[:InlineSchools]
		t.Caption = s.t.f("rpt_cap_schools_failing_top", s.scope(u), lname, n, InlineSchools)
	}
	for _, k := range keep {
		sc := lr.Schools[k]
		t.Rows = append(t.Rows, []Cell{
			{Text: sc.SchoolName, Head: true, URL: layout.School(sc.SchoolID)},
			{Text: sc.Group.Chinese(), Group: string(sc.Group)},
			{Text: s.t.f("rpt_met_of", sc.Met, len(indicators.Indicators)), Num: true},
			s.verdictCell(&sc),
			{Text: s.shortfallText(u, lr.Level, sc)},
		})
	}
	ls.Schools = t
}

// schoolTable is the school parts scs of a level (every one, or a page of
// them): their values, how many meet the threshold, the verdict and the
// shortfalls.
func (s *Site) schoolTable(u *unit, lr *indicators.LevelReport, scs []indicators.SchoolResult) *Table {
	t := &Table{
		ID:      "t_" + string(lr.Level) + "_schools",
		Caption: s.t.f("rpt_cap_schools", s.scope(u), lr.Level.Chinese()),
		Sources: []Source{u.src},
		Class:   "schools-table",
		Head:    []Col{{Text: s.t.s("rpt_col_school")}, {Text: s.t.s("rpt_col_group")}, {Text: s.t.s("rpt_col_students"), Unit: s.t.s("rpt_u_people"), Num: true}},
	}
	for _, ind := range indicators.Indicators {
		// The unit may break after "/" (a zero-width space): the table has
		// seven such columns and should fit a wide screen.
		t.Head = append(t.Head, Col{Text: indicators.Info(ind).Short, Unit: strings.Replace(s.unitLabel(ind), "/", "/\u200b", 1), Num: true})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_met_n"), Num: true}, Col{Text: s.t.s("rpt_col_verdict")}, Col{Text: s.t.s("rpt_col_shortfalls")})
	for _, sc := range scs {
		row := []Cell{
			{Text: sc.SchoolName, Head: true, URL: layout.School(sc.SchoolID)},
			{Text: sc.Group.Chinese(), Group: string(sc.Group)},
			{Text: Int(sc.Students), Num: true},
		}
		for _, ind := range indicators.Indicators {
			_, below := sc.Shortfalls[ind]
			row = append(row, s.valueCell(sc.Values[ind], lr.Indicators[ind].Threshold, below))
		}
		row = append(row, Cell{Text: s.t.f("rpt_met_of", sc.Met, len(indicators.Indicators)), Num: true}, s.verdictCell(&sc),
			Cell{Text: s.shortfallText(u, lr.Level, sc)})
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.passRule(u) + s.t.s("rpt_note_schools")
	return t
}

// verdictCell is a school part's verdict.
func (s *Site) verdictCell(sc *indicators.SchoolResult) Cell {
	vt, vc := s.schoolVerdict(sc.Pass)
	return Cell{Text: vt, Status: vc}
}

// passRule is the sentence that says when a school part passes, for the
// notes of the charts and tables that give verdicts: the same count of
// indicators met can pass or not, as the one below the standard is above
// the floor or not.
func (s *Site) passRule(u *unit) string {
	std := u.report().Standards
	return s.t.f("rpt_note_pass", std.MinMet, len(indicators.Indicators), PlainPercent(std.FloorShare))
}

// shortfallText lists what a part needs: 骨干教师 1 人；体育运动场馆 1,892.0 ㎡.
// An indicator below the floor says so: it decides the verdict however many
// are met.
func (s *Site) shortfallText(u *unit, l indicators.Level, sc indicators.SchoolResult) string {
	var parts []string
	for _, ind := range indicators.Indicators {
		if v, ok := sc.Shortfalls[ind]; ok {
			info := indicators.Info(ind)
			key := "rpt_shortfall"
			if underFloor(&sc, u, l, ind) {
				key = "rpt_shortfall_floor"
			}
			parts = append(parts, s.t.f(key, info.Short, Shortfall(ind, v), info.InputUnit))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "；")
}

func (s *Site) excludedTable(u *unit) *Table {
	t := &Table{
		ID:      "t_excluded",
		Caption: s.t.f("rpt_cap_excluded", s.scope(u)),
		Sources: []Source{u.src},
		Head: []Col{{Text: s.t.s("rpt_col_school")}, {Text: s.t.s("rpt_col_level")},
			{Text: s.t.s("rpt_col_students"), Unit: s.t.s("rpt_u_people"), Num: true}, {Text: s.t.s("rpt_col_reason")}},
	}
	for _, lr := range levelsOf(u.report()) {
		for _, e := range lr.Excluded {
			t.Rows = append(t.Rows, []Cell{{Text: e.SchoolName, Head: true, URL: layout.School(e.SchoolID)}, {Text: lr.Level.Chinese()},
				{Text: Int(e.Students), Num: true}, {Text: e.Reason}})
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// itemsFact summarises 政府保障程度 or 教育质量: 15 项中 14 项达标.
func (s *Site) itemsFact(name string, items []indicators.Item, url string) Fact {
	pass, fail, miss := 0, 0, 0
	for _, it := range items {
		switch it.Status {
		case indicators.Pass:
			pass++
		case indicators.Fail:
			fail++
		default:
			miss++
		}
	}
	text := s.t.f("rpt_sum_items", len(items), pass)
	if fail > 0 {
		text += s.t.f("rpt_sum_items_fail", fail)
	}
	if miss > 0 {
		text += s.t.f("rpt_sum_items_missing", miss)
	}
	st := indicators.Pass
	switch {
	case fail > 0:
		st = indicators.Fail
	case miss > 0:
		st = indicators.MissingData
	}
	vt, vc := s.statusOf(st)
	return Fact{Label: name, Text: text, Status: vt, Class: vc, URL: url}
}

func (s *Site) recognitionFact(u *unit) Fact {
	r := u.report().Recognition
	vt, vc := s.statusOf(r.Status)
	return Fact{Label: s.t.s("rpt_h_recognition"), Text: s.t.f("rpt_sum_recognition", s.rate(u.report().Meta.Recognition.Satisfaction), PlainPercent(u.report().Standards.Recognition.Satisfaction)),
		Status: vt, Class: vc, URL: "#recognition"}
}

func (s *Site) rate(f indicators.Figure) string { return s.f.Share(f) }

func (s *Site) yesNo(b *bool) string {
	switch {
	case b == nil:
		return s.f.Missing
	case *b:
		return s.t.s("rpt_yes")
	}
	return s.t.s("rpt_no")
}

func (s *Site) money(f indicators.Figure) string {
	if !f.Given {
		return s.f.Missing
	}
	return Fixed(f.Value, 0) + " " + s.t.s("rpt_u_yuan")
}

func (s *Site) count(f indicators.Figure, unit string) string {
	if !f.Given {
		return s.f.Missing
	}
	return Plain(f.Value) + " " + unit
}

// assuranceTable is 政府保障程度, item by item, with the figures of
// county.toml (or of the school data for items 3–5 and 12).
func (s *Site) assuranceTable(u *unit) *Table {
	a := u.report().Meta.Assurance
	t := s.itemsTable(s.t.f("rpt_cap_assurance", s.scope(u)), u)
	t.ID = "t_assurance"
	// Items 3–5, and 12 when the county did not report it, are counted
	// from the school statistics.
	src := u.src
	src.Source = s.t.f("rpt_src_assurance", u.src.Source, u.name, u.year)
	t.Sources = []Source{src}
	for _, it := range u.report().Assurance {
		info := indicators.AssuranceInfo(it.Item, u.report().Standards)
		var value string
		var lines []string
		switch it.Item {
		case 1:
			value = s.yesNo(a.LayoutPlanned)
		case 2:
			value = s.yesNo(a.FourUnified)
		case 3, 4, 5:
			// The schools that miss the item, at most InlineSchools: every
			// one is on its level's page (itemSchoolsTable).
			value = s.schoolsShare(it)
			fs := append(append([]indicators.ItemFailure(nil), it.Failing...), it.Lacking...)
			for i, f := range fs {
				if i == InlineSchools {
					lines = append(lines, s.t.f("rpt_item_more", len(fs)-i))
					break
				}
				lines = append(lines, s.t.f("rpt_item_failing", f.SchoolName, f.Level.Chinese(), f.Detail))
			}
		case 6:
			value = s.yesNo(a.SmallSchoolFundingFloor)
		case 7:
			value = s.money(a.SpecialSchoolFundingPerStudent) + s.t.s("rpt_per_student")
		case 8:
			value = s.t.f("rpt_item_salary", s.money(a.TeacherSalaryAvg), s.money(a.CivilServantSalaryAvg), s.yesNo(a.PerformancePayFull))
		case 9:
			value = s.rate(a.Training360Completion)
		case 10:
			value = s.yesNo(a.StaffingCoordinated)
		case 11:
			share, bshare := indicators.Gap(a.ExchangeTeachers, a.ExchangeEligibleTeachers), indicators.Gap(a.ExchangeBackboneTeachers, a.ExchangeTeachers)
			value = s.t.f("rpt_item_exchange", s.count(a.ExchangeTeachers, s.t.s("rpt_u_people")), s.count(a.ExchangeEligibleTeachers, s.t.s("rpt_u_people")),
				s.rate(share), s.count(a.ExchangeBackboneTeachers, s.t.s("rpt_u_people")), s.rate(bshare))
		case 12:
			if v, ok := it.Value.(float64); ok {
				value = Percent(v, PercentDecimals)
				if !a.CertifiedRate.Given {
					value += s.t.s("rpt_item_from_schools")
				}
			} else {
				value = s.f.Missing
			}
		case 13:
			value = s.t.f("rpt_item_nearby", s.rate(a.NearbyEnrollmentPrimary), s.rate(a.NearbyEnrollmentJunior))
		case 14:
			value = s.t.f("rpt_item_quota", s.rate(a.QuotaAllocationShare), s.yesNo(a.QuotaRuralPreference))
		case 15:
			value = s.t.f("rpt_item_migrant", s.yesNo(a.LeftBehindCare), s.rate(a.MigrantPublicShare))
		default:
			value = fmt.Sprint(it.Value)
		}
		s.itemRow(t, it, info, value, lines)
	}
	return t
}

// itemSchoolsTable lists the school parts of one level that miss an item
// of 政府保障程度 computed from the school data (items 3–5: 音乐美术专用教室,
// 学校规模, 班额), for the level's page; nil when there are none. keep, when
// not nil, keeps only the rows of the schools it accepts (a page of the
// level's list).
func (s *Site) itemSchoolsTable(u *unit, l indicators.Level, keep func(schoolID string) bool) *Table {
	t := &Table{
		ID:      "t_" + string(l) + "_items",
		Caption: s.t.f("rpt_cap_item_schools", s.scope(u), l.Chinese()),
		Sources: []Source{u.src},
		Head:    []Col{{Text: s.t.s("rpt_col_school")}, {Text: s.t.s("rpt_col_item")}, {Text: s.t.s("rpt_col_actual")}},
	}
	for _, it := range u.report().Assurance {
		if it.Item < 3 || it.Item > 5 {
			continue
		}
		info := indicators.AssuranceInfo(it.Item, u.report().Standards)
		name := info.Name
		if name == "" {
			name = it.Name
		}
		for _, f := range append(append([]indicators.ItemFailure(nil), it.Failing...), it.Lacking...) {
			if f.Level != l || keep != nil && !keep(f.SchoolID) {
				continue
			}
			t.Rows = append(t.Rows, []Cell{{Text: f.SchoolName, Head: true, URL: layout.School(f.SchoolID)}, {Text: name}, {Text: f.Detail}})
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

func (s *Site) schoolsShare(it indicators.Item) string {
	v, ok := it.Value.(float64)
	switch {
	case ok:
		return s.t.f("rpt_item_share", Percent(v, PercentDecimals))
	case len(it.Failing) > 0:
		return s.t.f("rpt_item_failing_n", len(it.Failing))
	}
	return s.f.Missing
}

// reportedSource is where the figures a county reports itself come from
// (county.toml's 政府保障程度, 教育质量 and 社会认可度): not the school
// statistics, whose 统计时点 and CSV are not theirs; the JSON holds them.
func (s *Site) reportedSource(u *unit) Source {
	src := u.src
	src.Source = s.t.f("rpt_src_reported", u.name, u.year)
	src.AsOf, src.CSV = "", ""
	return src
}

func (s *Site) itemsTable(caption string, u *unit) *Table {
	return &Table{
		Caption: caption,
		Sources: []Source{s.reportedSource(u)},
		Class:   "items-table",
		Head: []Col{{Text: s.t.s("rpt_col_no"), Num: true}, {Text: s.t.s("rpt_col_item")}, {Text: s.t.s("rpt_col_actual")},
			{Text: s.t.s("rpt_col_verdict")}},
	}
}

func (s *Site) itemRow(t *Table, it indicators.Item, info indicators.ItemInfo, value string, lines []string) {
	vt, vc := s.statusOf(it.Status)
	name := info.Name
	if name == "" {
		name = it.Name
	}
	c := Cell{Text: value, Wide: true}
	if len(lines) > 0 {
		c.Sub = strings.Join(lines, "\n")
	}
	t.Rows = append(t.Rows, []Cell{{Text: Int(it.Item), Num: true}, {Text: name, Head: true, Wide: true, Sub: info.Requirement}, c, {Text: vt, Status: vc}})
}

func (s *Site) qualityTable(u *unit) *Table {
	q := u.report().Meta.Quality
	t := s.itemsTable(s.t.f("rpt_cap_quality", s.scope(u)), u)
	t.ID = "t_quality"
	for _, it := range u.report().Quality {
		info := indicators.QualityInfo(it.Item, u.report().Standards.Quality)
		var value string
		switch it.Item {
		case 1:
			value = s.rate(q.JuniorRetentionRate)
		case 2:
			value = s.rate(q.DisabledEnrollmentRate)
		case 3:
			value = s.yesNo(q.ChartersAndIT)
		case 4:
			value = s.rate(q.TrainingFundsShare)
		case 5:
			value = s.yesNo(q.ITTeaching)
		case 6:
			value = q.MoralEducation
			if value == "" {
				value = s.f.Missing
			}
		case 7:
			value = s.yesNo(q.CurriculumComplete)
		case 8:
			value = s.yesNo(q.NoExcessBurden)
		case 9:
			lvl := s.f.Missing
			if q.MonitoringLevel.Given {
				lvl = s.t.f("rpt_item_level", roman(q.MonitoringLevel.Value))
			}
			gap := s.f.Missing
			if q.MonitoringGapRate.Given {
				gap = Plain(q.MonitoringGapRate.Value)
			}
			value = s.t.f("rpt_item_monitoring", lvl, gap)
		default:
			value = fmt.Sprint(it.Value)
		}
		s.itemRow(t, it, info, value, nil)
	}
	return t
}

func (s *Site) recognitionTable(u *unit) *Table {
	r := u.report().Recognition
	t := &Table{
		ID:      "t_recognition",
		Caption: s.t.f("rpt_cap_recognition", s.scope(u)),
		Sources: []Source{s.reportedSource(u)},
		Head:    []Col{{Text: s.t.s("rpt_col_item")}, {Text: s.t.s("rpt_col_actual"), Num: true}, {Text: s.t.s("rpt_col_standard"), Num: true}, {Text: s.t.s("rpt_col_verdict")}},
	}
	vt, vc := s.statusOf(r.Status)
	t.Rows = append(t.Rows, []Cell{{Text: s.t.s("rpt_satisfaction"), Head: true}, {Text: s.rate(u.report().Meta.Recognition.Satisfaction), Num: true},
		{Text: "≥ " + PlainPercent(u.report().Standards.Recognition.Satisfaction), Num: true}, {Text: vt, Status: vc}})
	return t
}

func roman(v float64) string {
	switch v {
	case 1:
		return "Ⅰ"
	case 2:
		return "Ⅱ"
	case 3:
		return "Ⅲ"
	case 4:
		return "Ⅳ"
	}
	return Plain(v)
}
