package report

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// school is every year of one school (by school_id): its parts, assessed or
// excluded.
type school struct {
	id, name string
	parts    []partEntry // year ascending, then level
	key      string      // Site.schoolKey, once made
	listed   listedPart
	// charts is the number of charts its page has, once made (Charts):
	// kept with the school when serve's cache writes its page again.
	// (atomic: written in the page's render job).
	charts int32
}

// schoolUnits are the county-years the school appears in, for its page's key.
func (s *Site) schoolUnits(sc *school) []*unit {
	var us []*unit
	for _, e := range sc.parts {
		if u := s.units[e.unit]; len(us) == 0 || us[len(us)-1] != u {
			us = append(us, u)
		}
	}
	return us
}

// partEntry is where one part of a school is: the unit (county-year, its
// index in Site.units and Options.Reports), the level and the index in the
// level's Schools (Excluded when excluded), with the part's verdict.
// Performance: a province keeps one for every school part of every year
// for the whole build, so it is 8 bytes and holds no pointer for the
// collector to follow; Site.resolved makes the schoolEntry of each for the
// school's page.
type partEntry struct {
	unit int32
	bits uint32 // index<<4 | verdict<<2 | excluded<<1 | level
}

func newPartEntry(u *unit, l indicators.Level, idx int, excluded bool, pass indicators.PartVerdict) partEntry {
	b := uint32(idx)<<4 | uint32(pass)<<2 | uint32(slices.Index(indicators.Levels, l))
	if excluded {
		b |= 2
	}
	return partEntry{unit: int32(u.idx), bits: b}
}

// Level is the part's level.
func (e partEntry) Level() indicators.Level { return indicators.Levels[e.bits&1] }

// index is the part's index in its level's Schools, or Excluded.
func (e partEntry) index() int { return int(e.bits >> 4) }

// excluded tells whether the part is left out of its level's population.
func (e partEntry) excluded() bool { return e.bits&2 != 0 }

// passes is the part's verdict as indicators.SchoolResult.Pass gives it.
func (e partEntry) passes() *bool {
	switch indicators.PartVerdict(e.bits >> 2 & 3) {
	case indicators.PartFails:
		return &passNo
	case indicators.PartPasses:
		return &passYes
	}
	return nil
}

// schoolEntry is a part of the school with its result, for its page.
type schoolEntry struct {
	u     *unit
	level indicators.Level
	res   *indicators.SchoolResult // nil when excluded
	excl  *indicators.Exclusion    // nil when assessed
}

// listedPart is what the lists of schools show of a school's newest
// assessed part (resolvedSchool.part); kept in the school itself, not
// behind a pointer of its own.
type listedPart struct {
	township string
	typ      indicators.SchoolType
	group    int   // 城乡划分代码
	level    uint8 // in indicators.Levels
	given    bool  // false when no year assessed the school
}

func newListedPart(group int, typ indicators.SchoolType, l indicators.Level, township string) listedPart {
	return listedPart{township: township, typ: typ, group: group, level: uint8(slices.Index(indicators.Levels, l)), given: true}
}

// Level is the part's level.
func (p listedPart) Level() indicators.Level { return indicators.Levels[p.level] }

// partRef is one school part of a unit as collectSchools takes it.
type partRef struct {
	id, name string
	e        partEntry
	listed   listedPart
}

var passYes, passNo = true, false

// unitParts lists the school parts of a unit's full report r, level by
// level, assessed before excluded.
func unitParts(u *unit, r *indicators.Report) []partRef {
	var out []partRef
	for _, lr := range levelsOf(r) {
		for i := range lr.Schools {
			sc := &lr.Schools[i]
			out = append(out, partRef{id: sc.SchoolID, name: sc.SchoolName, e: newPartEntry(u, lr.Level, i, false, indicators.VerdictOf(sc.Pass)),
				listed: newListedPart(sc.Part.UrbanRuralCode, sc.Part.SchoolType, sc.Part.Level, sc.Part.Township)})
		}
		for i := range lr.Excluded {
			e := &lr.Excluded[i]
			out = append(out, partRef{id: e.SchoolID, name: e.SchoolName, e: newPartEntry(u, lr.Level, i, true, indicators.PartOpen)})
		}
	}
	return out
}

// rosterParts lists the school parts of a unit's summary r (its levels'
// Roster) as unitParts lists them of the full report; false when r holds
// no roster.
func rosterParts(u *unit, r *indicators.Report) ([]partRef, bool) {
	var out []partRef
	for _, lr := range levelsOf(r) {
		if lr.Roster == nil {
			return nil, false
		}
		n, x := 0, 0 // index into the level's Schools, Excluded
		for _, rp := range lr.Roster {
			ref := partRef{id: rp.SchoolID, name: rp.SchoolName}
			if rp.Excluded {
				ref.e = newPartEntry(u, lr.Level, x, true, indicators.PartOpen)
				x++
			} else {
				ref.e = newPartEntry(u, lr.Level, n, false, rp.Verdict)
				n++
				ref.listed = newListedPart(int(rp.UrbanRuralCode), rp.SchoolType, lr.Level, rp.Township)
			}
			out = append(out, ref)
		}
	}
	return out, true
}

func (s *Site) collectSchools(o Options) {
	// The units' parts are made a batch of units at a time, on every
	// core, and added to the schools in the units' order: with summaries,
	// from each unit's roster (or Options.Rosters), or else from its full
	// report, made and dropped. Only a batch's parts are held at once: a
	// province has hundreds of thousands of parts.
	partsOf := func(u *unit) []partRef {
		if s.details.make == nil {
			return unitParts(u, u.report())
		}
		r := u.report()
		if o.Rosters != nil {
			r = withRosters(r, o.Rosters(u.idx))
		}
		if ps, ok := rosterParts(u, r); ok {
			return ps
		}
		return unitParts(u, s.details.make(u.idx))
	}
	schools := make([][]*school, len(s.units)) // of each unit's parts
	batch := make([][]partRef, 4*workers.Count(len(s.units)))
	total := 0
	for lo := 0; lo < len(s.units); lo += len(batch) {
		n := min(len(batch), len(s.units)-lo)
		workers.Each(n, nil, func(k, _ int) { batch[k] = partsOf(s.units[lo+k]) })
		for k, ps := range batch[:n] {
			i := lo + k
			if s.keep {
				s.units[i].parts = ps
			}
			schools[i] = make([]*school, len(ps))
			for m := range ps {
				p := &ps[m]
				sc := s.school(p.id, p.name)
				sc.parts = append(sc.parts, p.e)
				if !p.e.excluded() {
					sc.listed = p.listed
				}
				schools[i][m] = sc
			}
			total += len(ps)
			batch[k] = nil
		}
	}
	// Each school's entries are then its piece of one array: grown part by
	// part, they were twice their size.
	all := make([]partEntry, 0, total)
	for _, sc := range s.schools {
		n := len(all)
		all = append(all, sc.parts...)
		sc.parts = all[n:len(all):len(all)]
	}
	s.order = pageOrder(schools, func(sc *school) string { return sc.id })
	if o.SchoolKeysOf != nil && s.digest && s.keyed {
		s.digestSchoolKeys(o.SchoolKeysOf, schools)
	}
}

// withRosters is the summary r with the rosters of its primary and junior
// levels (Options.Rosters); r itself is not changed.
func withRosters(r *indicators.Report, ro [2][]indicators.RosterPart) *indicators.Report {
	c := *r
	for k, lr := range []**indicators.LevelReport{&c.Levels.Primary, &c.Levels.Junior} {
		if *lr != nil {
			l := **lr
			l.Roster = ro[k]
			*lr = &l
		}
	}
	return &c
}

// digestSchoolKeys makes the key of every school as schoolKey makes it
// with DigestKeys, reading the units' school keys (keysOf) once each, in
// the units' order, which is the order of each school's units: the keys
// of every unit are never held at once. schools are the schools of each
// unit's parts (collectSchools).
func (s *Site) digestSchoolKeys(keysOf func(i int) map[string]string, schools [][]*school) {
	type running struct {
		h     hash.Hash
		last  *unit
		lacks bool // a unit without its key: schoolKey's pageKey
	}
	rs := make(map[*school]*running, len(s.schools))
	var b []byte
	// The units' keys are read a batch at a time, on every core.
	batch := make([]map[string]string, 4*workers.Count(len(s.units)))
	for i, u := range s.units {
		k := i % len(batch)
		if k == 0 {
			workers.Each(min(len(batch), len(s.units)-i), nil, func(j, _ int) { batch[j] = keysOf(s.units[i+j].idx) })
		}
		keys := batch[k]
		batch[k] = nil
		for _, sc := range schools[i] {
			r := rs[sc]
			if r == nil {
				r = &running{h: sha256.New()}
				r.h.Write([]byte(s.shape))
				rs[sc] = r
			}
			if r.last == u {
				continue
			}
			r.last = u
			key, ok := keys[sc.id]
			if !ok {
				r.lacks = true
				continue
			}
			b = strconv.AppendInt(b[:0], int64(u.year), 10)
			b = append(append(append(b, ' '), u.code...), ' ')
			r.h.Write(append(b, key...))
		}
	}
	for sc, r := range rs {
		if r.lacks {
			sc.key = s.pageKey(s.schoolUnits(sc)...)
		} else {
			sc.key = string(r.h.Sum(nil))
		}
	}
}

// pageOrder is the order of the school pages and lists, of the schools
// of the units' parts (ids of each unit, id of one): as the newest year
// lists them, then schools only older years have.
func pageOrder[T any](parts [][]T, id func(T) string) []string {
	var order []string
	seen := map[string]bool{}
	for i := len(parts) - 1; i >= 0; i-- {
		for _, p := range parts[i] {
			if k := id(p); !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
	}
	return order
}

// resolvedSchool is a school with its entries: its parts with their
// results, for its page (Site.resolved).
type resolvedSchool struct {
	*school
	entries []schoolEntry
}

// resolved returns sc with its entries, pointing into the units' full
// reports.
func (s *Site) resolved(sc *school) *resolvedSchool {
	c := resolvedSchool{school: sc}
	c.entries = make([]schoolEntry, len(sc.parts))
	for i, p := range sc.parts {
		e := schoolEntry{u: s.units[p.unit], level: p.Level()}
		lr := s.full(e.u).Levels.Get(e.level)
		if p.excluded() {
			e.excl = &lr.Excluded[p.index()]
		} else {
			e.res = &lr.Schools[p.index()]
		}
		c.entries[i] = e
	}
	return &c
}

func (s *Site) school(id, name string) *school {
	sc := s.schools[id]
	if sc == nil {
		sc = &school{id: id}
		s.schools[id] = sc
	}
	sc.name = name // the newest year's name wins (units ascend)
	return sc
}

// part returns the newest input row of the school, if any year assessed it.
func (sc *resolvedSchool) part() *indicators.SchoolPart {
	for i := len(sc.entries) - 1; i >= 0; i-- {
		if r := sc.entries[i].res; r != nil {
			return &r.Part
		}
	}
	return nil
}

func (sc *resolvedSchool) levels() []indicators.Level {
	var out []indicators.Level
	for _, l := range indicators.Levels {
		for _, e := range sc.entries {
			if e.level == l {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// SchoolPage is the data of layouts/school.html: the school's newest year
// in full (chart and table of each part), one row per year and part of
// what each year decided (History), and the values across the years
// (Trends). An older year's values are in its level's trend, not in a
// chart of their own; only a part whose level has no trend (the one year
// it was assessed) keeps its year's chart.
type SchoolPage struct {
	Title     string
	Facts     []Fact
	TOC       []Link        // the page's sections, when there is more than one
	Years     []*SchoolYear // the newest year, then the older years of a part no trend holds
	History   *Section      // nil for a school of one year
	TrendH    string
	Trends    []*Chart
	Downloads []Link
	HasCharts bool
}

// SchoolYear is one year of a school.
type SchoolYear struct {
	ID      string
	Heading string
	Report  Link
	Parts   []*SchoolLevel
}

// SchoolLevel is one part (学段) of a school in one year.
type SchoolLevel struct {
	Heading  string
	Lead     string
	Verdict  Fact
	Excluded string
	Chart    *Chart
}

// Charts is how many charts the page draws.
func (p *SchoolPage) Charts() int {
	n := len(p.Trends)
	for _, y := range p.Years {
		for _, pt := range y.Parts {
			if pt.Chart != nil {
				n++
			}
		}
	}
	return n
}

// schoolPage is the page of sc, with the results of its parts
// (Site.resolved).
func (s *Site) schoolPage(plain *school) (*SchoolPage, error) {
	sc := s.resolved(plain)
	p := &SchoolPage{Title: sc.name}
	p.Facts = append(p.Facts, Fact{Label: s.t.s("rpt_fact_school_id"), Text: sc.id})
	if part := sc.part(); part != nil {
		g, _ := indicators.GroupOf(part.UrbanRuralCode)
		typ := string(part.SchoolType)
		if typ == "" {
			typ = part.Level.Chinese()
		}
		own := s.t.s("rpt_public")
		if part.Private {
			own = s.t.s("rpt_private")
		}
		p.Facts = append(p.Facts,
			Fact{Label: s.t.s("rpt_fact_type"), Text: typ},
			Fact{Label: s.t.s("rpt_fact_ownership"), Text: own},
			Fact{Label: s.t.s("rpt_fact_group"), Text: s.t.f("rpt_group_code", g.Chinese(), part.UrbanRuralCode)})
		if part.Township != "" {
			p.Facts = append(p.Facts, Fact{Label: s.t.s("rpt_fact_township"), Text: part.Township})
		}
		if part.CountyName != "" {
			p.Facts = append(p.Facts, Fact{Label: s.t.s("rpt_fact_county"), Text: part.CountyName})
		}
	}
	levels := sc.levels()
	twoLevels := len(levels) > 1
	axisMax := s.schoolAxisMax(sc)
	ids := ids{}
	years := sc.years()
	u := years[0][0].u
	// The levels' assessed years: a level of two or more has a trend.
	assessed := map[indicators.Level][]schoolEntry{}
	for _, e := range sc.entries {
		if e.res != nil {
			assessed[e.level] = append(assessed[e.level], e)
		}
	}
	for i, es := range years {
		y := &SchoolYear{ID: "y" + strconv.Itoa(es[0].u.year), Heading: s.t.f("rpt_year", es[0].u.year),
			Report: Link{Title: s.t.f("rpt_title_year", es[0].u.name, es[0].u.year), URL: es[0].u.url}}
		for _, e := range es {
			if i > 0 && (e.res == nil || len(assessed[e.level]) > 1) {
				continue // in the history's row, and in the trend
			}
			sl, err := s.schoolLevel(sc, e, twoLevels, axisMax, ids)
			if err != nil {
				return nil, err
			}
			y.Parts = append(y.Parts, sl)
		}
		if y.Parts != nil {
			p.Years = append(p.Years, y)
		}
	}
	p.History = s.schoolHistory(sc, years, twoLevels)
	// The years across: one chart per level with at least two years assessed.
	for _, l := range levels {
		if es := assessed[l]; len(es) > 1 {
			c, err := s.schoolTrendChart(sc, l, es, twoLevels, axisMax, ids.next("trend", string(l)))
			if err != nil {
				return nil, err
			}
			p.Trends = append(p.Trends, c)
		}
	}
	if len(p.Trends) > 0 {
		p.TrendH = s.t.s("rpt_h_school_trend")
	}
	var tables []*Table // in the order of school.html
	for _, y := range p.Years {
		for _, sl := range y.Parts {
			if sl.Chart != nil {
				tables = append(tables, sl.Chart.Table)
			}
		}
	}
	if p.History != nil {
		tables = append(tables, p.History.Table)
	}
	for _, c := range p.Trends {
		tables = append(tables, c.Table)
	}
	sourcesOnce(tables...)
	if len(p.Years) > 1 || p.History != nil || p.Trends != nil {
		for _, y := range p.Years {
			p.TOC = append(p.TOC, Link{Title: y.Heading, URL: "#" + y.ID})
		}
		if p.History != nil {
			p.TOC = append(p.TOC, Link{Title: p.History.Heading, URL: "#" + p.History.ID})
		}
		if p.Trends != nil {
			p.TOC = append(p.TOC, Link{Title: p.TrendH, URL: "#trend"})
		}
	}
	p.Downloads = s.downloads(u)
	p.HasCharts = p.Charts() > 0
	return p, nil
}

// years are the school's entries by county-year, newest first.
func (sc *resolvedSchool) years() [][]schoolEntry {
	var out [][]schoolEntry
	for i := len(sc.entries) - 1; i >= 0; {
		j := i
		for j >= 0 && sc.entries[j].u == sc.entries[i].u {
			j--
		}
		out = append(out, sc.entries[j+1:i+1])
		i = j
	}
	return out
}

// schoolVerdict is the word and class of a school part's verdict on its
// page: a verdict left open by a figure not given is 暂不能判定, not a
// figure of its own.
func (s *Site) schoolVerdict(pass *bool) (string, string) {
	if pass == nil {
		return s.t.s("rpt_col_open"), "muted"
	}
	return s.verdict(pass)
}

// indicatorCounts are how many of a part's seven indicators reach the
// standard, fall below it and are not given, as the indicators package
// decided them (Met, Shortfalls), with the indicators below.
func indicatorCounts(r *indicators.SchoolResult) (met, below, missing int, belowInds []indicators.Indicator) {
	for _, ind := range indicators.Indicators {
		_, isBelow := r.Shortfalls[ind]
		switch {
		case !r.Values[ind].Given:
			missing++
		case isBelow:
			below++
			belowInds = append(belowInds, ind)
		}
	}
	return r.Met, below, missing, belowInds
}

// floorNames are the short names of r's indicators below the floor (the
// FloorShare of the standard), in the order of indicators.Indicators.
func floorNames(r *indicators.SchoolResult, u *unit, l indicators.Level) []string {
	var out []string
	for _, ind := range indicators.Indicators {
		if underFloor(r, u, l, ind) {
			out = append(out, indicators.Info(ind).Short)
		}
	}
	return out
}

// underFloor tells whether r's value of ind is below the standard and
// below the floor too.
func underFloor(r *indicators.SchoolResult, u *unit, l indicators.Level, ind indicators.Indicator) bool {
	_, below := r.Shortfalls[ind]
	return below && belowFloor(r.Values[ind].Value, u.floor(l, ind))
}

// schoolHistory is the table of what each year decided of the school: one
// row per year and part, newest first, with a row for each year of its
// county between its first and last that does not list it. Nil for a
// school of one year that later years do not miss.
func (s *Site) schoolHistory(sc *resolvedSchool, years [][]schoolEntry, two bool) *Section {
	first, last := years[len(years)-1][0].u.year, years[0][0].u.year
	counties := map[string]bool{}
	listed := map[int]bool{}
	for _, es := range years {
		counties[es[0].u.code] = true
		listed[es[0].u.year] = true
	}
	var absent []*unit // newest first, one per year
	later := false
	for i := len(s.units) - 1; i >= 0; i-- {
		u := s.units[i]
		switch {
		case !counties[u.code] || listed[u.year]:
		case u.year > last:
			later = true
		case u.year > first && (len(absent) == 0 || absent[len(absent)-1].year != u.year):
			absent = append(absent, u)
		}
	}
	if len(years) < 2 && !later {
		return nil
	}
	fy, ly := s.t.f("rpt_year", first), s.t.f("rpt_year", last)
	sec := &Section{ID: "years", Heading: s.t.s("rpt_h_school_years"), Lead: s.t.f("rpt_lead_school_years", fy, ly, len(listed))}
	if len(absent) > 0 {
		var ys []string
		for i := len(absent) - 1; i >= 0; i-- {
			ys = append(ys, s.t.f("rpt_year", absent[i].year))
		}
		sec.Lead += s.t.f("rpt_lead_school_absent", list(ys))
	}
	if later {
		sec.Lead += s.t.f("rpt_lead_school_gone", ly)
	}
	t := &Table{ID: "t_years", Class: "years-table", Caption: s.t.f("rpt_cap_school_years", sc.name, fy, ly),
		Note: s.passRule(years[0][0].u) + s.t.s("rpt_note_school_years")}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_year")})
	if two {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_level")})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_school_verdict")}, Col{Text: s.t.s("rpt_col_met_items"), Num: true},
		Col{Text: s.t.s("rpt_col_below_items"), Num: true}, Col{Text: s.t.s("rpt_col_missing_items"), Num: true}, Col{Text: s.t.s("rpt_col_below_list")})
	none := Cell{Text: "—", Num: true}
	yearCell := func(u *unit, parts int) Cell {
		// Kept on one line by the table's class (site.css), not the cell's.
		return Cell{Text: s.t.f("rpt_year", u.year), Head: true, URL: u.url, RowSpan: parts}
	}
	absentRow := func(u *unit) {
		row := []Cell{yearCell(u, 1)}
		if two {
			row = append(row, Cell{Text: "—"})
		}
		row = append(row, Cell{Text: s.t.s("rpt_school_absent"), Status: "muted"}, none, none, none, Cell{Text: "—"})
		t.Rows = append(t.Rows, row)
	}
	for _, es := range years {
		for len(absent) > 0 && absent[0].year > es[0].u.year {
			absentRow(absent[0])
			absent = absent[1:]
		}
		for k, e := range es {
			var row []Cell
			if k == 0 {
				row = append(row, yearCell(e.u, len(es)))
			}
			if two {
				row = append(row, Cell{Text: e.level.Chinese(), NoWrap: true})
			}
			if e.res == nil {
				// Why, under 未纳入计算: the last column lists the
				// indicators below the standard.
				row = append(row, Cell{Text: s.t.s("rpt_excluded"), Status: "muted", Sub: e.excl.Reason}, none, none, none, Cell{Text: "—"})
				t.Rows = append(t.Rows, row)
				continue
			}
			vt, vc := s.schoolVerdict(e.res.Pass)
			met, below, missing, inds := indicatorCounts(e.res)
			row = append(row, Cell{Text: vt, Status: vc}, Cell{Text: strconv.Itoa(met), Num: true},
				Cell{Text: strconv.Itoa(below), Num: true}, Cell{Text: strconv.Itoa(missing), Num: true})
			// The names only: the year's indicator pages are a click away
			// through the year's report (the row's heading), and the
			// newest year's from its own section above.
			names := Cell{Text: "—"}
			if len(inds) > 0 {
				short := make([]string, len(inds))
				for i, ind := range inds {
					short[i] = indicators.Info(ind).Short
				}
				names.Text = strings.Join(short, "、")
			}
			switch floor := floorNames(e.res, e.u, e.level); {
			case len(floor) == 0:
			case len(inds) == 1:
				names.Sub = s.t.s("rpt_below_floor")
			default:
				names.Sub = s.t.f("rpt_below_floor_of", strings.Join(floor, "、"))
			}
			t.Rows = append(t.Rows, append(row, names))
		}
	}
	sec.Table = t
	return sec
}

func (s *Site) partName(l indicators.Level, two bool) string {
	if two {
		return s.t.f("rpt_level_part", l.Chinese())
	}
	return l.Chinese()
}

// schoolAxisMax is the end of the value axis of every chart of a school's
// page: above the largest of its values as a share of the standard, in
// any year and level, so that the years compare by eye.
func (s *Site) schoolAxisMax(sc *resolvedSchool) float64 {
	maxV := 1.0
	for _, e := range sc.entries {
		if e.res == nil {
			continue
		}
		ls := e.u.report().Standards.Level(e.level)
		for _, ind := range indicators.Indicators {
			if v := e.res.Values[ind]; v.Given {
				maxV = math.Max(maxV, v.Value/ls.Threshold(ind))
			}
		}
	}
	return niceMax(maxV)
}

// schoolLevel is one part of a school in one year: its verdict and its
// chart, on the page's value axis (axisMax).
func (s *Site) schoolLevel(sc *resolvedSchool, e schoolEntry, two bool, axisMax float64, ids ids) (*SchoolLevel, error) {
	sl := &SchoolLevel{Heading: s.partName(e.level, two)}
	if e.res == nil {
		sl.Excluded = s.t.f("rpt_school_excluded", e.excl.Reason)
		sl.Lead = s.t.f("rpt_lead_school_excl", Int(e.excl.Students))
		return sl, nil
	}
	r := e.res
	vt, vc := s.schoolVerdict(r.Pass)
	sl.Verdict = Fact{Label: s.t.s("rpt_col_verdict"), Status: vt, Class: vc}
	std := e.u.report().Standards
	ls := std.Level(e.level)
	// An indicator below the floor decides the verdict however many are
	// met: the lead names it.
	if floor := floorNames(r, e.u, e.level); len(floor) > 0 {
		sl.Lead = s.t.f("rpt_lead_school_floor", Int(r.Students), r.Group.Chinese(), len(indicators.Indicators), r.Met, strings.Join(floor, "、"), PlainPercent(std.FloorShare))
	} else {
		sl.Lead = s.t.f("rpt_lead_school", Int(r.Students), r.Group.Chinese(), len(indicators.Indicators), r.Met)
	}

	year := s.t.f("rpt_year", e.u.year)
	part := s.partName(e.level, two)
	var below, missing []string
	gi := groupIndex(r.Group)
	if gi < 0 {
		gi = 3
	}
	var data []any
	for _, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		v := r.Values[ind]
		t := ls.Threshold(ind)
		if !v.Given {
			missing = append(missing, info.Short)
			data = append(data, s.missingBar(info.Short))
			continue
		}
		ratio := v.Value / t
		data = append(data, Round(ratio, ValueDecimals)) // the series' templates print it
		if _, ok := r.Shortfalls[ind]; ok {
			below = append(below, info.Short)
		}
	}
	var title string
	switch {
	case len(below) > 2:
		title = s.t.f("rpt_t_school_below_n", year, part, len(below))
	case len(below) > 0:
		title = s.t.f("rpt_t_school_below", year, part, list(below))
	case len(missing) > 0:
		title = s.t.f("rpt_t_school_missing", year, part, len(missing))
	default:
		title = s.t.f("rpt_t_school_ok", year, part, len(indicators.Indicators))
	}
	subtitle := s.schoolSubtitle(std.FloorShare)
	sh := schoolShape{group: gi, axisMax: axisMax, floor: std.FloorShare}
	opt, err := s.schoolLevelShaped(sh, title, data)
	if err != nil {
		return nil, err
	}

	t := &Table{
		Class:   "units",
		Caption: s.t.f("rpt_cap_school", year, sc.name, part),
		Sources: []Source{e.u.src},
		Head: []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_unit")}, {Text: s.t.s("rpt_col_value"), Num: true},
			{Text: s.t.s("rpt_col_standard"), Num: true}, {Text: s.t.s("rpt_col_ratio"), Num: true}, {Text: s.t.s("rpt_col_verdict")},
			{Text: s.t.s("rpt_col_shortfall"), Num: true}},
	}
	for _, ind := range indicators.Indicators {
		info := indicators.Info(ind)
		v := r.Values[ind]
		th := ls.Threshold(ind)
		vt, vc, short := s.f.Missing, "muted", "—"
		_, isBelow := r.Shortfalls[ind]
		if v.Given {
			vt, vc = s.t.s("rpt_pass"), "good"
			if isBelow {
				vt, vc = s.t.s("rpt_fail"), "bad"
				short = Shortfall(ind, r.Shortfalls[ind]) + " " + info.InputUnit
			}
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: info.Name, Head: true, Wide: true, URL: e.u.indicatorURL(e.level, ind)},
			{Text: s.unitLabel(ind), Unit: true},
			s.valueCell(v, th, isBelow),
			{Text: "≥ " + Standard(ind, th), Num: true},
			ratioCell(v, th),
			{Text: vt, Status: vc},
			{Text: short, Num: true},
		})
	}
	t.Note = s.t.f("rpt_note_school", PlainPercent(std.FloorShare))
	sl.Chart = newChart(&Chart{ID: ids.next(strconv.Itoa(e.u.year), string(e.level)), Title: title, Subtitle: subtitle, Option: opt, Table: t})
	return sl, nil
}

// schoolShape is what a school part's chart depends on besides its title
// and data: the chart is built once per shape (shapes).
type schoolShape struct {
	group   int // index in indicators.Groups; 3 for none (全县's colour)
	axisMax float64
	floor   float64 // std.FloorShare
}

// schoolSubtitle is the subtitle of a school part's chart: what the bars
// and the two lines are.
func (s *Site) schoolSubtitle(floor float64) string {
	return s.t.f("rpt_st_school_floor", PlainMin(floor, 2))
}

// schoolLevelShaped is schoolLevelOption, built once per shape.
func (s *Site) schoolLevelShaped(sh schoolShape, title string, data []any) (template.JS, error) {
	return s.shapes.option(sh, func(h []string) (template.JS, error) {
		return s.schoolLevelOption(sh, h[0], []any{h[1]})
	}, title, data)
}

// schoolLevelOption is the option of a school part's chart: its seven
// values as shares of the standard (data), one bar each, in its group's
// colour, with the 标准 line at 1 and the floor line.
func (s *Site) schoolLevelOption(sh schoolShape, title string, data []any) (template.JS, error) {
	gi := sh.group
	var cats []string
	for _, ind := range indicators.Indicators {
		cats = append(cats, indicators.Info(ind).Short)
	}
	subtitle := s.schoolSubtitle(sh.floor)
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, gi < 3, groupPalette)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_ratio"), NameLocation: "middle", NameGap: 26, Min: 0, Max: sh.axisMax, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	names := []string{indicators.Urban.Chinese(), indicators.Town.Chinese(), indicators.Rural.Chinese(), s.t.s("rpt_county_total")}
	// Series 0…gi, only the school's own (gi) with data, so that it takes
	// its group's palette colour and decal.
	for k := 0; k <= gi; k++ {
		ser := charts.SingleSeries{Name: names[k], Type: "bar", Data: []any{}, Stack: "all", BarMaxWidth: "20"}
		if k == gi {
			ser.Data = data
			ser.ConfigureSeriesOpts(seriesLabel("right"), withMarks(
				standardLine(true, 1, s.t.s("rpt_mark_ratio_standard")),
				floorLine(true, sh.floor)))
		}
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	return Option(bar, numbers(ValueDecimals, s.t.s("rpt_tip_ratio_tpl")), func(m map[string]any) {
		if lg, ok := m["legend"].(map[string]any); ok && gi < 3 {
			lg["data"] = []string{names[gi]}
			lg["selectedMode"] = false
		}
	})
}

// schoolTrendShaped is schoolTrendOption, built once per shape.
func (s *Site) schoolTrendShaped(years []int, axisMax float64, subtitle, title string, data [][]any) (template.JS, error) {
	values := []any{title}
	for _, d := range data {
		values = append(values, d)
	}
	return s.shapes.option(trendShape{years: fmt.Sprint(years), axisMax: axisMax, subtitle: subtitle}, func(h []string) (template.JS, error) {
		holes := make([][]any, len(years))
		for i := range holes {
			holes[i] = []any{h[1+i]}
		}
		return s.schoolTrendOption(years, axisMax, subtitle, h[0], holes)
	}, values...)
}

// trendShape is what a school part's trend chart depends on besides its
// title and values (shapes).
type trendShape struct {
	years    string // the years, fmt.Sprint([]int)
	axisMax  float64
	subtitle string
}

// schoolTrendOption is the option of a school part's trend chart: a bar per
// year (data[i] the values of years[i]) for each of the seven indicators,
// as shares of the standard, with the 标准 line at 1.
func (s *Site) schoolTrendOption(years []int, axisMax float64, subtitle, title string, data [][]any) (template.JS, error) {
	var cats []string
	for _, ind := range indicators.Indicators {
		cats = append(cats, indicators.Info(ind).Short)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(title, subtitle, true, yearColours(len(years)))...)
	for i, y := range years {
		ser := charts.SingleSeries{Name: s.t.f("rpt_year", y), Type: "bar", Data: data[i], BarMaxWidth: "14"}
		ser.ConfigureSeriesOpts(seriesLabel("right"))
		if i == 0 {
			ser.ConfigureSeriesOpts(withMarks(standardLine(true, 1, s.t.s("rpt_mark_ratio_standard"))))
		}
		bar.MultiSeries = append(bar.MultiSeries, ser)
	}
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.t.s("rpt_axis_ratio"), NameLocation: "middle", NameGap: 26, Min: 0, Max: axisMax, AxisLabel: valueAxisLabel(), SplitLine: splitLine()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catAxisLabel(), AxisLine: axisLine()}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "40", Top: "116", Bottom: "36", ContainLabel: opts.Bool(true)}),
	)
	bar.SetXAxis(cats).XYReversal()
	return Option(bar, numbers(ValueDecimals, "{a} · "+s.t.s("rpt_tip_ratio_tpl")))
}

// endsNote ends the subtitle of a chart that draws the first and the last
// of years years: the years between are in its table.
func (s *Site) endsNote(first, last, years int) string {
	if years <= 2 {
		return ""
	}
	return s.t.f("rpt_st_ends", s.t.f("rpt_year", first), s.t.f("rpt_year", last))
}

// sameStandards reports whether the standards of level l were the same in
// each of the years es.
func sameStandards(l indicators.Level, es []schoolEntry) bool {
	first := es[0].u.report().Standards.Level(l)
	for _, e := range es[1:] {
		ls := e.u.report().Standards.Level(l)
		for _, ind := range indicators.Indicators {
			if ls.Threshold(ind) != first.Threshold(ind) {
				return false
			}
		}
	}
	return true
}

// schoolTrendChart is one part's seven values, as a share of the standard,
// year by year.
func (s *Site) schoolTrendChart(sc *resolvedSchool, l indicators.Level, es []schoolEntry, two bool, axisMax float64, id string) (*Chart, error) {
	part := s.partName(l, two)
	first, last := es[0], es[len(es)-1]
	up, down := 0, 0
	ratio := func(e schoolEntry, ind indicators.Indicator) indicators.Figure {
		v := e.res.Values[ind]
		if !v.Given {
			return indicators.Missing
		}
		return indicators.Given(v.Value / e.u.report().Standards.Level(l).Threshold(ind))
	}
	// The title compares what the table shows: the values, to their two
	// decimals, when the standards stayed the same (6.42 → 6.43 rose,
	// though both are 1.53 of the standard), else the shares.
	same := sameStandards(l, es)
	for _, ind := range indicators.Indicators {
		a, b := ratio(first, ind), ratio(last, ind)
		if same {
			a, b = first.res.Values[ind], last.res.Values[ind]
		}
		if a.Given && b.Given {
			switch {
			case Round(b.Value, ValueDecimals) > Round(a.Value, ValueDecimals):
				up++
			case Round(b.Value, ValueDecimals) < Round(a.Value, ValueDecimals):
				down++
			}
		}
	}
	fy, ly := s.t.f("rpt_year", first.u.year), s.t.f("rpt_year", last.u.year)
	title := s.t.f("rpt_t_school_trend", part, fy, ly, up, len(indicators.Indicators))
	if up == 0 {
		title = s.t.f("rpt_t_school_trend_none", part, fy, ly, len(indicators.Indicators))
	}
	if down > 0 {
		title += s.t.f("rpt_t_school_trend_down", down)
	}
	// The chart draws what the title compares, the first year and the
	// last: two bars an indicator, in colours a reader tells apart (ten
	// years were seventy bars in ten shades); the table lists every year.
	ends := []schoolEntry{first, last}
	years := make([]int, len(ends))
	data := make([][]any, len(ends))
	for i, e := range ends {
		years[i] = e.u.year
		for _, ind := range indicators.Indicators {
			r := ratio(e, ind)
			if !r.Given {
				data[i] = append(data[i], s.missingBar(indicators.Info(ind).Short+" · "+s.t.f("rpt_year", e.u.year)))
				continue
			}
			data[i] = append(data[i], fig(r, ValueDecimals))
		}
	}
	subtitle := s.t.s("rpt_st_school") + s.endsNote(first.u.year, last.u.year, len(es))
	opt, err := s.schoolTrendShaped(years, axisMax, subtitle, title, data)
	if err != nil {
		return nil, err
	}
	t := &Table{
		Class:   "units",
		Caption: s.t.f("rpt_cap_school_trend", sc.name, part, fy, ly),
		Head:    []Col{{Text: s.t.s("rpt_col_indicator")}, {Text: s.t.s("rpt_col_unit")}},
	}
	// When the standards stayed the same, the table has a 标准 column and
	// gives the share of the standard for the years the chart draws (the
	// chart's numbers); a share under each of ten years was a third of a
	// school page. When they changed, each year's value has its share.
	if same {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_col_standard"), Num: true})
	}
	for _, e := range es {
		t.Head = append(t.Head, Col{Text: s.t.f("rpt_year", e.u.year), Num: true})
		t.Sources = append(t.Sources, e.u.src)
	}
	for _, ind := range indicators.Indicators {
		row := []Cell{{Text: indicators.Info(ind).Name, Head: true, Wide: true}, {Text: s.unitLabel(ind), Unit: true}}
		if same {
			row = append(row, Cell{Text: "≥ " + Standard(ind, first.u.report().Standards.Level(l).Threshold(ind)), Num: true})
		}
		for i, e := range es {
			_, below := e.res.Shortfalls[ind]
			c := s.valueCell(e.res.Values[ind], e.u.report().Standards.Level(l).Threshold(ind), below)
			if r := ratio(e, ind); r.Given && (!same || i == 0 || i == len(es)-1) {
				c.Sub = s.t.f("rpt_ratio_sub", Fixed(r.Value, ValueDecimals))
				c.Rounded = c.Rounded || below && Round(r.Value, ValueDecimals) >= 1
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	switch {
	case !same:
		t.Note = s.t.s("rpt_note_school_trend")
	case len(es) <= 2:
		t.Note = s.t.s("rpt_note_school_trend_same")
	default:
		t.Note = s.t.f("rpt_note_school_trend_ends", fy, ly)
	}
	return newChart(&Chart{ID: id, Title: title, Subtitle: subtitle, Option: opt, Table: t}), nil
}
