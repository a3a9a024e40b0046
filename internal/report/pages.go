package report

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// ListPage is the data of layouts/reports.html: a list of years, counties,
// trends or schools.
type ListPage struct {
	Title string
	Lead  string
	Table *Table
	More  []*Table      // further tables, after Table
	Pager *layout.Pager // nil for a list of one page
	Links []Link
}

// pageKey is the render.ExtraPage.Key of a page made of the units us: the
// units' shape (years, counties, names and levels, which every data page's
// links follow) and each unit's key; "" when the units have no keys.
func (s *Site) pageKey(us ...*unit) string {
	if !s.keyed {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s.shape) * (len(us) + 1))
	b.WriteString(s.shape)
	for _, u := range us {
		b.WriteString(u.key)
	}
	return b.String()
}

// schoolKey is a school page's key: the units' shape and the school's own
// rows in each unit it appears in with that unit's year and county (or,
// without school keys, those units' keys). Made once: the lists of schools
// take their keys from it too.
func (s *Site) schoolKey(sc *school) string {
	if !s.keyed || sc.key != "" {
		return sc.key
	}
	us := s.schoolUnits(sc)
	b := []byte(s.shape)
	for _, u := range us {
		k, ok := u.schoolKeys[sc.id]
		if !ok {
			sc.key = s.pageKey(us...)
			return sc.key
		}
		b = strconv.AppendInt(b, int64(u.year), 10)
		b = append(append(append(b, ' '), u.code...), ' ')
		b = append(b, k...)
	}
	if s.digest {
		sum := sha256.Sum256(b)
		b = sum[:]
	}
	sc.key = string(b)
	return sc.key
}

// schoolsKey is the key of page n of a list of schools (ids): the units'
// shape (the counties' names and links), the list (listKey: its schools
// and their order) and the keys of the schools on the page (their type,
// group, township and newest verdicts), so that a changed row makes only
// its school's list page again. "" without school keys.
func (s *Site) schoolsKey(ids []string, list string, n int) string {
	if !s.keyed {
		return ""
	}
	// Concatenated, not hashed: comparing the keys costs less than hashing
	// the schools' keys on every rebuild.
	lo, hi := layout.PageBounds(n, SchoolsPerPage, len(ids))
	if s.keep {
		return s.keptListKey(ids[lo:hi], list, n)
	}
	return s.listPageKey(ids[lo:hi], list, n)
}

// listPageKey is schoolsKey of the schools ids on page n of list.
func (s *Site) listPageKey(ids []string, list string, n int) string {
	var b strings.Builder
	b.WriteString(s.shape)
	b.WriteString(list)
	b.WriteString(strconv.Itoa(n))
	for _, id := range ids {
		k := s.schoolKey(s.schools[id])
		b.WriteString(strconv.Itoa(len(k)))
		b.WriteString(k)
	}
	return b.String()
}

// listKey fingerprints a list of schools (for schoolsKey); "" without keys.
func (s *Site) listKey(ids []string) string {
	if !s.keyed {
		return ""
	}
	h := sha256.New()
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return string(h.Sum(nil))
}

// add adds a page made up front: a list, without charts.
func (s *Site) add(key, layout string, p render.Page, data any) {
	s.pages = append(s.pages, render.ExtraPage{Layout: layout, Page: p, Data: data, Key: key})
}

// addLazy adds a page whose data is made in its render job (render.ExtraPage's
// Make): the thousands of school and indicator pages of a province site are
// then made in parallel and dropped once written, rather than made on one
// core up front and held through the whole build (3.3 GB at province scale;
// docs/performance.md). make returns the data and its number of charts,
// which Charts counts once the page is made; a page that serve's cache
// writes again without making it keeps the count of when it was made.
func (s *Site) addLazy(key, layout string, p render.Page, mk func(p *render.Page) (data any, charts int, err error)) {
	var g pageGroup
	g.addLazy(s, key, layout, p, mk)
	s.addGroup(&g)
}

// pageGroup is the pages of a unit or a school, which a kept Site (cache.go)
// reuses while their key is the same, with the counts of their charts.
type pageGroup struct {
	pages  []render.ExtraPage
	charts []*atomic.Int32
}

// addGroup adds the pages of g.
func (s *Site) addGroup(g *pageGroup) {
	s.pages = append(s.pages, g.pages...)
	s.lazyCharts = append(s.lazyCharts, g.charts...)
}

// addLazy adds a page to g as Site.addLazy adds it to the site.
func (g *pageGroup) addLazy(s *Site, key, layout string, p render.Page, mk func(p *render.Page) (data any, charts int, err error)) {
	n := new(atomic.Int32)
	g.charts = append(g.charts, n)
	g.pages = append(g.pages, s.lazyPage(key, layout, p, mk, n.Store))
}

// lazyPage is a page whose data mk makes in its render job, which gives
// its number of charts to charts.
func (s *Site) lazyPage(key, layout string, p render.Page, mk func(p *render.Page) (data any, charts int, err error), charts func(int32)) render.ExtraPage {
	return render.ExtraPage{Layout: layout, Page: p, Key: key, Make: func(p *render.Page) (any, error) {
		data, n, err := mk(p)
		if err != nil {
			return nil, err
		}
		// A translation key the theme lacks fails the page, as it fails
		// New for the pages made up front.
		if err := s.t.err(); err != nil {
			return nil, err
		}
		charts(int32(n))
		return data, nil
	}}
}

// schoolPageOf describes sc's page. The description and the crumbs are
// made with the page, and the page itself only when rendered (Sources):
// made up front, every school's would be held until the end.
func (s *Site) schoolPageOf(sc *school, reportsCrumb render.Crumb, schoolsT string) render.ExtraPage {
	return s.lazyPage(s.schoolKey(sc), "school", render.Page{Kind: "school", Title: sc.name, URL: layout.School(sc.id)}, func(p *render.Page) (any, int, error) {
		p.Description = s.t.f("rpt_desc_school", sc.name)
		p.Crumbs = []render.Crumb{reportsCrumb, {Title: schoolsT, URL: layout.Schools}, {Title: sc.name}}
		sp, err := s.schoolPage(sc)
		if err != nil {
			return nil, 0, err
		}
		return sp, sp.Charts(), nil
	}, func(n int32) { atomic.StoreInt32(&sc.charts, n) })
}

func (s *Site) makePages() error {
	s.sources = nil // a kept Site's last build's (cache.go)
	if s.keep {
		s.lastListKeys, s.listKeys = s.listKeys, map[string]listPageKey{}
	}
	nav := s.t.s("rpt_nav")
	reportsCrumb := render.Crumb{Title: nav, URL: layout.Reports}

	// reports/: made in its render job, as it lists every county's years.
	s.addLazy(s.pageKey(s.units...), "reports", render.Page{Kind: "reports", Title: nav, URL: layout.Reports, Description: s.t.s("rpt_desc_index"),
		Crumbs: []render.Crumb{{Title: nav}}}, func(*render.Page) (any, int, error) { return s.reportsIndex(), 0, nil })

	var units []*unit
	for _, y := range s.years {
		us := s.unitsOf(y)
		yearT := s.t.f("rpt_year", y)
		if a := s.areas[y]; s.multiYear[y] && a != nil {
			s.addLazy(s.pageKey(us...), "overview", render.Page{Kind: "overview", URL: layout.Year(y), Description: s.t.f("rpt_desc_overview", y),
				Crumbs: []render.Crumb{reportsCrumb, {Title: yearT}}}, func(p *render.Page) (any, int, error) {
				op, err := s.overviewPage(a)
				if err != nil {
					return nil, 0, err
				}
				p.Title = op.Title
				n := 0
				for _, l := range op.Levels {
					n += 2
					if l.Groups != nil {
						n++
					}
				}
				return op, n, nil
			})
		} else if s.multiYear[y] {
			s.add(s.pageKey(us...), "reports", render.Page{Kind: "reports", Title: s.t.f("rpt_title_year_list", y), URL: layout.Year(y),
				Crumbs: []render.Crumb{reportsCrumb, {Title: yearT}}}, s.countiesIndex(y, us))
		}
		units = append(units, us...)
	}
	// Every unit's pages, described in their render jobs (Sources).
	starts := make([]int, len(units)+1) // unit k's pages: starts[k]…starts[k+1]
	for k, u := range units {
		n := s.unitPageCount(u)
		if len(u.charts) != n {
			u.charts = make([]int32, n)
		}
		starts[k+1] = starts[k] + n
	}
	s.sources = append(s.sources, render.PageSource{Len: starts[len(units)], Page: func(i int) render.ExtraPage {
		k := sort.Search(len(units), func(k int) bool { return starts[k+1] > i })
		return s.unitPage(units[k], i-starts[k], reportsCrumb)
	}})

	// reports/trends/
	trendsT := s.t.s("rpt_trends")
	if as := s.areaYears(); len(s.trends) > 1 && len(as) > 0 {
		var us []*unit
		for _, a := range as {
			us = append(us, s.unitsOf(a.Year)...)
		}
		s.addLazy(s.pageKey(us...), "areatrends", render.Page{Kind: "trends", URL: layout.Trends, Description: s.t.s("rpt_desc_area_trends"),
			Crumbs: []render.Crumb{reportsCrumb, {Title: trendsT}}}, func(p *render.Page) (any, int, error) {
			tp, err := s.areaTrendsPage(as)
			if err != nil {
				return nil, 0, err
			}
			p.Title = tp.Title
			return tp, 2 + 3*len(tp.Levels), nil
		})
	} else if len(s.trends) > 1 {
		s.add(s.pageKey(), "reports", render.Page{Kind: "reports", Title: trendsT, URL: layout.Trends, Crumbs: []render.Crumb{reportsCrumb, {Title: trendsT}}},
			s.trendsIndex())
	}
	for _, ts := range s.trends {
		ts := ts
		crumbs := []render.Crumb{reportsCrumb, {Title: trendsT}}
		if len(s.trends) > 1 {
			crumbs = []render.Crumb{reportsCrumb, {Title: trendsT, URL: layout.Trends}, {Title: ts.name}}
		}
		s.addLazy(s.pageKey(ts.units...), "trends", render.Page{Kind: "trends", URL: ts.url, Description: s.t.f("rpt_desc_trends", ts.name), Crumbs: crumbs}, func(p *render.Page) (any, int, error) {
			tp, err := s.trendPage(ts)
			if err != nil {
				return nil, 0, err
			}
			p.Title = tp.Title
			return tp, 3 * len(tp.Levels), nil // 差异系数, the seven indicators' panels, 达标
		})
	}

	// schools/
	// Every school, SchoolsPerPage a page (pager.go).
	schoolsT := s.t.s("rpt_schools")
	total := layout.PageCount(len(s.order), SchoolsPerPage)
	all := s.listKey(s.order)
	for n := 1; n <= total; n++ {
		crumbs := []render.Crumb{reportsCrumb, {Title: schoolsT}}
		if n > 1 {
			crumbs = []render.Crumb{reportsCrumb, {Title: schoolsT, URL: layout.Schools}, {Title: s.t.f("rpt_page_n", n)}}
		}
		n := n
		s.addLazy(s.schoolsKey(s.order, all, n), "reports", render.Page{Kind: "schools", Title: s.pageTitle(schoolsT, n), URL: layout.Paged(layout.Schools, n),
			Description: s.t.s("rpt_desc_schools"), Crumbs: crumbs}, func(*render.Page) (any, int, error) {
			return s.schoolsIndex(n, total), 0, nil
		})
	}
	// A site of several counties: each county's schools, SchoolsPerPage a
	// page.
	if s.lay.SeveralCountiesEver() {
		byCounty := s.schoolsOfCounties()
		for _, ts := range s.trends {
			ts, ids := ts, byCounty[ts.code]
			first := layout.CountySchools(ts.code)
			title := s.t.f("rpt_title_county_schools", ts.name)
			total := layout.PageCount(len(ids), SchoolsPerPage)
			list := s.listKey(ids)
			for n := 1; n <= total; n++ {
				crumbs := []render.Crumb{reportsCrumb, {Title: schoolsT, URL: layout.Schools}, {Title: ts.name}}
				if n > 1 {
					crumbs = []render.Crumb{reportsCrumb, {Title: schoolsT, URL: layout.Schools}, {Title: ts.name, URL: first}, {Title: s.t.f("rpt_page_n", n)}}
				}
				code, n, total, caption := ts.code, n, total, s.t.f("rpt_cap_county_schools", ts.name)
				// Made in the render job: every county's list links to
				// every county's, so that made up front the lists of
				// thousands of counties held millions of links.
				s.addLazy(s.schoolsKey(ids, list, n), "reports", render.Page{Kind: "schools", Title: s.pageTitle(title, n), URL: layout.Paged(first, n),
					Description: s.t.f("rpt_desc_county_schools", ts.name), Crumbs: crumbs}, func(*render.Page) (any, int, error) {
					p := s.schoolList(ids, first, title, caption, n, total)
					p.Links = append(s.countyLists(&code), p.Links...)
					return p, 0, nil
				})
			}
		}
	}
	// Every school's page, described in its render job (Sources).
	for _, id := range s.order {
		s.schoolKey(s.schools[id]) // made now: the rows' keys go after New
	}
	s.sources = append(s.sources, render.PageSource{Len: len(s.order), Page: func(i int) render.ExtraPage {
		return s.schoolPageOf(s.schools[s.order[i]], reportsCrumb, schoolsT)
	}})
	return nil
}

// unitPageCount is the number of u's pages (unitPage).
func (s *Site) unitPageCount(u *unit) int {
	n := 1
	for _, lr := range levelsOf(u.report()) {
		n += levelListPages(lr) + len(indicators.Indicators)
	}
	return n
}

// levelListPages is the number of pages of a level's list of its school
// parts, LevelSchoolsPerPage a page (pager.go).
func levelListPages(lr *indicators.LevelReport) int {
	return layout.PageCount(lr.PassTally().All.N, LevelSchoolsPerPage)
}

// unitPage describes page j of u: 0 is its year report, then for each
// level the lists of its schools and the indicator pages. The page's
// charts are counted in u.charts[j].
func (s *Site) unitPage(u *unit, j int, reportsCrumb render.Crumb) render.ExtraPage {
	key, counted := s.pageKey(u), func(n int32) { atomic.StoreInt32(&u.charts[j], n) }
	y := u.year
	yearT := s.t.f("rpt_year", y)
	crumbs := []render.Crumb{reportsCrumb, {Title: yearT}}
	if u.multi {
		crumbs = []render.Crumb{reportsCrumb, {Title: yearT, URL: layout.Year(y)}, {Title: u.name}}
	}
	if j == 0 {
		return s.lazyPage(key, "report", render.Page{Kind: "report", URL: u.url, Description: s.t.f("rpt_desc_year", u.name, y), Crumbs: crumbs}, func(p *render.Page) (any, int, error) {
			yp, err := s.yearPage(s.detailed(u))
			if err != nil {
				return nil, 0, err
			}
			p.Title = yp.Title
			return yp, 3 * len(yp.Levels), nil // 差异系数, the groups' panels, 达标
		}, counted)
	}
	// The crumbs of the pages under the year report, which they link.
	toReport := slices.Clip(append(slices.Clone(crumbs[:len(crumbs)-1]), render.Crumb{Title: crumbs[len(crumbs)-1].Title, URL: u.url}))
	k := j - 1
	for _, lr := range levelsOf(u.report()) {
		total := levelListPages(lr)
		if k < total {
			n := k + 1
			lc := append(toReport, render.Crumb{Title: lr.Level.Chinese()})
			if n > 1 {
				lc = append(toReport, render.Crumb{Title: lr.Level.Chinese(), URL: u.levelURL(lr.Level)}, render.Crumb{Title: s.t.f("rpt_page_n", n)})
			}
			return s.lazyPage(key, "reports", render.Page{Kind: "reports", URL: layout.Paged(u.levelURL(lr.Level), n), Crumbs: lc}, func(p *render.Page) (any, int, error) {
				du := s.detailed(u)
				lp := s.levelPage(du, du.report().Levels.Get(lr.Level), n, total)
				p.Title, p.Description = s.pageTitle(lp.Title, n), lp.Lead
				return lp, 0, nil
			}, counted)
		}
		k -= total
		if k < len(indicators.Indicators) {
			ind := indicators.Indicators[k]
			return s.lazyPage(key, "indicator", render.Page{Kind: "indicator", URL: u.indicatorURL(lr.Level, ind)}, func(p *render.Page) (any, int, error) {
				p.Crumbs = append(toReport, render.Crumb{Title: lr.Level.Chinese() + " · " + indicators.Info(ind).Short})
				du := s.detailed(u)
				ip, err := s.indicatorPage(du, du.report().Levels.Get(lr.Level), ind)
				if err != nil {
					return nil, 0, err
				}
				p.Title, p.Description = ip.Title, ip.Chart.Title
				return ip, 1, nil
			}, counted)
		}
		k -= len(indicators.Indicators)
	}
	panic(fmt.Sprintf("report: %s has no page %d", u.url, j))
}

// levelPage is page n of total of every school part of one level in one
// year: the table the year report lists in full when the level is small
// (InlineSchools), and the parts that miss items 3–5 of 政府保障程度. A
// page of several lists LevelSchoolsPerPage parts and their rows of the
// items' table, so that each part is on one page with all its rows.
func (s *Site) levelPage(u *unit, lr *indicators.LevelReport, n, total int) *ListPage {
	_, all := passStats(lr)
	lo, hi := layout.PageBounds(n, LevelSchoolsPerPage, len(lr.Schools))
	p := &ListPage{Title: s.t.f("rpt_cap_schools", s.scope(u), lr.Level.Chinese()), Table: s.schoolTable(u, lr, lr.Schools[lo:hi]),
		Lead: s.t.f("rpt_lead_level", Int(lr.Students), all.n, all.pass, all.fail)}
	var onPage func(schoolID string) bool // nil: every row
	if total > 1 {
		p.Table.Caption = s.t.f("rpt_cap_page_range", p.Table.Caption, Int(len(lr.Schools)), Int(lo+1), Int(hi))
		p.Pager = s.pager(u.levelURL(lr.Level), n, total)
		onPage = levelPageOf(lr, n, total)
	}
	if t := s.itemSchoolsTable(u, lr.Level, onPage); t != nil {
		if total > 1 {
			t.Caption = s.t.f("rpt_cap_page_items", t.Caption)
		}
		p.More = append(p.More, t)
	}
	sourcesOnce(append([]*Table{p.Table}, p.More...)...)
	if all.open > 0 {
		p.Lead += s.t.f("rpt_lead_level_open", all.open)
	}
	p.Links = append(p.Links, Link{Title: s.t.f("rpt_title_year", u.name, u.year), URL: u.url + "#" + string(lr.Level)})
	for _, ind := range indicators.Indicators {
		p.Links = append(p.Links, Link{Title: lr.Level.Chinese() + " · " + indicators.Info(ind).Short, URL: u.indicatorURL(lr.Level, ind)})
	}
	return p
}

func (s *Site) reportsIndex() *ListPage {
	p := &ListPage{Title: s.t.s("rpt_nav"), Lead: s.t.s("rpt_lead_index")}
	t := &Table{ID: "t_years", Caption: s.t.s("rpt_cap_index"), Head: []Col{{Text: s.t.s("rpt_col_year")}}}
	multi := len(s.trends) > 1
	if multi {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_fact_county")})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_fact_as_of")}, Col{Text: indicators.Primary.Chinese()}, Col{Text: indicators.Junior.Chinese()},
		Col{Text: s.t.s("rpt_overall")}, Col{Text: s.t.s("rpt_col_downloads")})
	// The newest year first; a year's counties in the order of every
	// other page.
	var order []*unit
	for i := len(s.years) - 1; i >= 0; i-- {
		order = append(order, s.unitsOf(s.years[i])...)
	}
	for _, u := range order {
		row := []Cell{{Text: s.t.f("rpt_year_report", u.year), Head: true, NoWrap: true, URL: u.url}}
		if multi {
			// The county and year name the report: a link of its own words.
			row = []Cell{{Text: s.t.f("rpt_year", u.year), NoWrap: true}, {Text: s.t.f("rpt_index_county_year", u.name, u.year), Head: true, NoWrap: true, URL: u.url}}
		}
		row = append(row, Cell{Text: u.src.AsOf})
		for _, l := range indicators.Levels {
			lr := u.report().Levels.Get(l)
			if lr == nil {
				row = append(row, Cell{Text: "—"})
				continue
			}
			_, all := passStats(lr)
			vt, vc := s.verdict(lr.Pass)
			row = append(row, Cell{Text: vt, Status: vc, Sub: s.t.f("rpt_sum_level_short", all.n, all.pass)})
		}
		ot, oc := s.overall(u.report().Overall)
		row = append(row, Cell{Text: ot, Status: oc}, Cell{Links: []Link{{Title: "CSV", URL: u.src.CSV}, {Title: "JSON", URL: u.src.JSON}}})
		t.Rows = append(t.Rows, row)
	}
	t.Note = s.t.s("rpt_note_index")
	p.Table = t
	// A city's or province's own pages: each year's overview, the trends.
	for i := len(s.years) - 1; i >= 0; i-- {
		if a := s.areas[s.years[i]]; s.multiYear[s.years[i]] && a != nil {
			p.Links = append(p.Links, Link{Title: s.t.f("rpt_title_overview", s.areaName(codesOf(a)), a.Year), URL: layout.Year(a.Year)})
		}
	}
	if as := s.areaYears(); len(s.trends) > 1 && len(as) > 0 {
		p.Links = append(p.Links, Link{Title: s.t.s("rpt_trends") + " · " + s.areaName(codesOf(as[len(as)-1])), URL: layout.Trends})
	}
	for _, ts := range s.trends {
		title := s.t.s("rpt_trends")
		if len(s.trends) > 1 {
			title += " · " + ts.name
		}
		p.Links = append(p.Links, Link{Title: title, URL: ts.url})
	}
	p.Links = append(p.Links, Link{Title: s.t.s("rpt_schools"), URL: layout.Schools})
	return p
}

func (s *Site) countiesIndex(y int, us []*unit) *ListPage {
	p := &ListPage{Title: s.t.f("rpt_title_year_list", y), Lead: s.t.s("rpt_lead_counties")}
	t := &Table{ID: "t_counties", Caption: s.t.f("rpt_title_year_list", y), Head: []Col{{Text: s.t.s("rpt_fact_county")}, {Text: s.t.s("rpt_col_code")},
		{Text: s.t.s("rpt_fact_as_of")}, {Text: s.t.s("rpt_overall")}}}
	for _, u := range us {
		ot, oc := s.overall(u.report().Overall)
		t.Rows = append(t.Rows, []Cell{{Text: u.name, Head: true, URL: u.url}, {Text: u.code}, {Text: u.src.AsOf}, {Text: ot, Status: oc}})
	}
	p.Table = t
	return p
}

func (s *Site) trendsIndex() *ListPage {
	p := &ListPage{Title: s.t.s("rpt_trends"), Lead: s.t.s("rpt_lead_counties")}
	for _, ts := range s.trends {
		p.Links = append(p.Links, Link{Title: ts.name, URL: ts.url})
	}
	return p
}

// levelPageOf tells whether a school's rows of the table of items 3–5 are
// on page n of total of its level's list: on the page of its part (a part
// not among lr.Schools, which the engine does not make, on the last page).
func levelPageOf(lr *indicators.LevelReport, n, total int) func(schoolID string) bool {
	page := make(map[string]int, len(lr.Schools))
	for i, sc := range lr.Schools {
		page[sc.SchoolID] = i/LevelSchoolsPerPage + 1
	}
	return func(id string) bool {
		k, ok := page[id]
		if !ok {
			k = total
		}
		return k == n
	}
}

// schoolsIndex is page n of total of the index of every school.
func (s *Site) schoolsIndex(n, total int) *ListPage {
	p := s.schoolList(s.order, layout.Schools, s.t.s("rpt_schools"), s.t.s("rpt_cap_schools_index"), n, total)
	p.Links = s.countyLists(nil)
	return p
}

// schoolCounty is the county a school is in: that of its newest year.
func (s *Site) schoolCounty(sc *school) *unit { return s.units[sc.parts[len(sc.parts)-1].unit] }

// countyLists are the links to each county's list of schools on a site of
// several counties (current marks the county shown); nil otherwise.
func (s *Site) countyLists(current *string) []Link {
	if !s.lay.SeveralCountiesEver() {
		return nil
	}
	var out []Link
	for _, ts := range s.trends {
		l := Link{Title: ts.name, URL: layout.CountySchools(ts.code)}
		if current != nil && *current == ts.code {
			l.Current = true
		}
		out = append(out, l)
	}
	return out
}

// schoolsOfCounties are the schools of each county, in page order.
func (s *Site) schoolsOfCounties() map[string][]string {
	out := map[string][]string{}
	for _, id := range s.order {
		code := s.schoolCounty(s.schools[id]).code
		out[code] = append(out[code], id)
	}
	return out
}

// schoolList is page n of total of a list of schools (ids) at first.
func (s *Site) schoolList(ids []string, first, title, caption string, n, total int) *ListPage {
	p := &ListPage{Title: title, Lead: s.t.s("rpt_lead_schools")}
	t := &Table{ID: "t_schools", Caption: caption, Head: []Col{{Text: s.t.s("rpt_col_school")}}}
	several := s.lay.SeveralCountiesEver()
	if several {
		t.Head = append(t.Head, Col{Text: s.t.s("rpt_fact_county")})
	}
	t.Head = append(t.Head, Col{Text: s.t.s("rpt_fact_type")}, Col{Text: s.t.s("rpt_col_group")}, Col{Text: s.t.s("rpt_fact_township")}, Col{Text: s.t.s("rpt_col_latest")})
	lo, hi := layout.PageBounds(n, SchoolsPerPage, len(ids))
	if total > 1 {
		t.Caption = s.t.f("rpt_cap_page_range", t.Caption, Int(len(ids)), Int(lo+1), Int(hi))
		p.Pager = s.pager(first, n, total)
	}
	for _, id := range ids[lo:hi] {
		sc := s.schools[id]
		row := []Cell{{Text: sc.name, Head: true, URL: layout.School(id)}}
		if several {
			u := s.schoolCounty(sc)
			row = append(row, Cell{Text: u.name, URL: layout.CountySchools(u.code)})
		}
		if part := sc.listed; part.given {
			g, _ := indicators.GroupOf(part.group)
			typ := string(part.typ)
			if typ == "" {
				typ = part.Level().Chinese()
			}
			row = append(row, Cell{Text: typ}, Cell{Text: g.Chinese(), Group: string(g)}, Cell{Text: dash(part.township)})
		} else {
			row = append(row, Cell{Text: "—"}, Cell{Text: "—"}, Cell{Text: "—"})
		}
		// The newest year's verdicts.
		last := sc.parts[len(sc.parts)-1].unit
		var txt, sub string
		for _, e := range sc.parts {
			if e.unit != last {
				continue
			}
			var w string
			if !e.excluded() {
				w, _ = s.schoolVerdict(e.passes())
			} else {
				w = s.t.s("rpt_excluded")
			}
			if txt != "" {
				txt += "；"
			}
			txt += e.Level().Chinese() + " " + w
		}
		sub = s.t.f("rpt_year", s.units[last].year)
		row = append(row, Cell{Text: txt, Sub: sub})
		t.Rows = append(t.Rows, row)
	}
	p.Table = t
	return p
}

// Headline is the home page's data (render.Input.HomeData): the newest
// year's verdicts.
type Headline struct {
	Year  int
	Units []*HeadlineUnit
	Area  *AreaHeadline // a year of several counties: one summary instead of Units
	All   Link
}

// HeadlineUnit is one county's headline.
type HeadlineUnit struct {
	Name    string
	Overall Fact
	Facts   []Fact
	Report  Link
}

// Home is the home page's headline, or nil without reports.
func (s *Site) Home() any {
	us := s.latest()
	if len(us) == 0 {
		return nil
	}
	h := &Headline{Year: us[0].year, All: Link{Title: s.t.s("rpt_all_reports"), URL: layout.Reports}}
	if a := s.areas[us[0].year]; a != nil {
		h.Area = s.areaHeadline(a)
		return h
	}
	for _, u := range us {
		hu := &HeadlineUnit{Name: u.name, Report: Link{Title: s.t.f("rpt_year_report", u.year), URL: u.url}}
		ot, oc := s.overall(u.report().Overall)
		hu.Overall = Fact{Label: s.t.s("rpt_overall"), Status: ot, Class: oc}
		for _, lr := range levelsOf(u.report()) {
			_, all := passStats(lr)
			within, worst := 0, indicators.Missing
			var worstLimit float64
			for _, ind := range indicators.Indicators {
				ir := lr.Indicators[ind]
				if ir.CVPass != nil && *ir.CVPass {
					within++
				}
				if ir.CV.Given && (!worst.Given || ir.CV.Value > worst.Value) {
					worst, worstLimit = ir.CV, ir.CVLimit
				}
			}
			vt, vc := s.verdict(lr.Pass)
			hu.Facts = append(hu.Facts, Fact{Label: lr.Level.Chinese(), Status: vt, Class: vc, URL: u.url + "#" + string(lr.Level),
				Text: s.t.f("rpt_head_level", all.n, all.pass),
				Sub:  s.t.f("rpt_head_cv", within, len(indicators.Indicators), s.f.CV(worst), Limit(worstLimit))})
		}
		hu.Facts = append(hu.Facts, s.itemsFact(s.t.s("rpt_h_assurance"), u.report().Assurance, u.url+"#assurance"),
			s.itemsFact(s.t.s("rpt_h_quality"), u.report().Quality, u.url+"#quality"))
		rf := s.recognitionFact(u)
		rf.URL = u.url + "#recognition"
		hu.Facts = append(hu.Facts, rf)
		h.Units = append(h.Units, hu)
	}
	return h
}
