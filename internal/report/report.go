// Package report turns the computed indicators into the data pages of a
// site and their charts: the year report, one page per indicator, one per
// school, the trends across years, the home page's headline, and the
// figures and charts that Markdown documents quote through shortcodes.
// Where each page is published is internal/layout's (layout.Data for the
// per-county paths); this package asks it and writes no path of its own.
//
// The package has two halves with one entry point each:
//
//   - page assembly (New → Site.Pages): report.go, pages.go, year.go,
//     indicator.go, school.go, trends.go, pager.go, markup.go and format.go
//     make the page models from the reports;
//   - chart construction (Site.Chart and the chart builders): chart.go,
//     charts_year.go, shape.go and optionjson.go turn a page's figures
//     into go-echarts options with their data tables (chart.go explains how
//     options reach the page safely).
//
// The package computes nothing itself and does no I/O: every figure comes
// from indicators.Report and is only formatted and drawn here.
package report

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// Options are what New needs.
type Options struct {
	Site  *config.Site
	Theme *render.Theme
	// Layout is the site's data layout (layout.NewData of the reports'
	// inputs): where each county-year's pages and data files are.
	Layout *layout.Data
	// Areas are the city or province view of each year of several
	// counties (area.New), for the year overviews, the area's trends and
	// the home page.
	Areas   []*area.Year
	Reports []*indicators.Report // by year ascending, then county code
	// UnitKeys, when given, fingerprint each report's input (as its
	// index in Reports), for render.ExtraPage.Key: a page is keyed by the
	// reports it is made of, so that serve's cache renders again only the
	// pages of a county-year whose data changed.
	UnitKeys []string
	// SchoolKeys, when given with UnitKeys, fingerprint each school's rows
	// in each report (by school id): a school page is keyed by its own
	// rows, so that one changed row makes one school page again.
	SchoolKeys []map[string]string
	// SchoolKeysOf, when not nil, gives SchoolKeys[i] in their stead: the
	// build keeps them out of the heap, and New reads each once, unit by
	// unit, to make every school's key (with DigestKeys).
	SchoolKeysOf func(i int) map[string]string
	// Rosters, when not nil, gives the rosters (LevelReport.Roster) of
	// Reports[i]'s primary and junior levels, which the summaries then
	// lack: read once, unit by unit, for the lists of schools.
	Rosters func(i int) [2][]indicators.RosterPart
	// DigestKeys says the pages' keys are only compared as digests (the
	// build cache's render.KeyDigest; not serve's cache): a school's key,
	// which joins its rows' fingerprints of every year, is then kept as
	// its SHA-256.
	DigestKeys bool
	// Disclosure are the 政府信息公开工作年度报告 the disclosure shortcode
	// places in documents (disclosure.go).
	Disclosure []*disclosure.Report
	// Detail, when not nil, says that Reports are summaries
	// (indicators.Report.Summary) and gives the full report of Reports[i]
	// (computing it again): the pages that show school parts — a county-
	// year's report, level and indicator pages, the school pages — get it
	// through a small cache (detail.go), so that the build does not hold
	// every part of every year (docs/performance.md).
	Detail func(i int) *indicators.Report
	// Spill, when given with Detail and without Cache, keeps bytes out of
	// the heap (the build's temporary file) and gives back how to read
	// them: New puts every summary there once the lists of schools are
	// made, and reads them back as the pages need them (detail.go). The
	// caller then drops its own pointers to the summaries: Reports, and
	// the areas' Counties[i].Report (area.Year.DropReports). Called from
	// several goroutines at once.
	Spill func(b []byte) func() []byte
	// Cache, when not nil, keeps the Site from one New to the next
	// (gongkai serve): see Cache. Env fingerprints everything besides the
	// reports, areas and layout that the pages depend on (site.toml, the
	// theme, the build's options and day); the Site is kept only while it
	// is the same and not empty.
	Cache *Cache
	Env   string
}

// Site is the data pages of one build.
type Site struct {
	cfg   *config.Site
	lay   *layout.Data
	areas map[int]*area.Year // by year
	t     *tr
	f     Format

	units     []*unit // year ascending, then county code
	byCounty  map[countyYear]*unit
	keyed     bool   // every unit has a key (Options.UnitKeys)
	digest    bool   // Options.DigestKeys
	shape     string // the units' years, counties, names and levels: in every page's key
	years     []int
	multiYear map[int]bool // years of several counties
	trends    []*trendSet
	schools   map[string]*school
	order     []string // school ids in page order

	pages      []render.ExtraPage
	lazyCharts []*atomic.Int32 // charts of each page made in its render job
	sources    []render.PageSource
	scCharts   atomic.Int64 // charts placed by shortcodes

	chartsJSPath string // output path of the theme's js/charts.js

	chartTmpl *template.Template // layouts/_chart.html, for shortcodes

	disclosure map[int]*disclosure.Report // by year

	shapes shapes // chart options by shape (shape.go)

	details recent[*indicators.Report] // full reports when units hold summaries (detail.go)
	sums    recent[*indicators.Report] // summaries read back from Options.Spill

	// keep tells that the Site is kept for the next New (Options.Cache):
	// the units and schools then keep their pages, and the lists of
	// schools their keys (cache.go).
	keep                   bool
	listKeys, lastListKeys map[string]listPageKey // by list and page number
}

// unit is one county in one year: one indicators.Report.
type unit struct {
	// sum is its summary with Options.Detail (its report without), nil
	// once spilled: read it with report.
	sum    *indicators.Report
	sums   *recent[*indicators.Report] // the spilled summaries (Site.spill)
	idx    int                         // index in Options.Reports
	year   int
	code   string
	name   string
	multi  bool   // the year has several counties
	url    string // site path of the report (layout.Data.Report)
	data   string // site path of its data files (layout.Data.Dir)
	src    Source
	key    string  // Options.UnitKeys, "" without
	floors *floors // of rep.Standards, shared by its copies (Site.detailed)
	// total is what a table calls the unit as a whole beside its 城乡
	// groups: 全县 for a county, 全市 or 全省 for an area; "" is 全县.
	total string
	// schoolKeys are Options.SchoolKeys of this unit; nil without.
	schoolKeys map[string]string

	// charts are the numbers of charts of its pages (unitPage), as each
	// was last made: serve's cache writes a page again without making it.
	charts []int32
	// With Options.Cache: its school parts and where each school's are
	// (cache.go).
	parts []partRef
	byID  map[string][]int
}

// New prepares every data page of the site. A site without reports has
// none.
func New(o Options) (*Site, error) {
	if s := o.Cache.reusable(o); s != nil {
		if err := s.update(o); err != errShape {
			o.Cache.keepSite(o, s, err)
			return s, err
		}
	}
	s, err := newSite(o)
	o.Cache.keepSite(o, s, err)
	return s, err
}

// newSite is New without a kept Site.
func newSite(o Options) (*Site, error) {
	strs, _ := o.Theme.Strings(o.Site.Language)
	s := &Site{cfg: o.Site, lay: o.Layout, areas: map[int]*area.Year{}, t: newTr(strs), multiYear: map[int]bool{}, schools: map[string]*school{}}
	s.f = Format{Missing: s.t.s("rpt_missing")}
	s.keep = o.Cache != nil && o.Detail == nil
	s.digest = o.DigestKeys && o.Cache == nil

	if b, ok := o.Theme.File("static/js/charts.js"); ok {
		// The path the renderer writes it to (render.New), strings and all.
		out, min := render.StaticFile("js/charts.js", b)
		s.chartsJSPath, _, _ = render.Script("js/charts.js", out, min, strs)
	}
	if src, ok := o.Theme.File("layouts/_chart.html"); ok {
		t, err := template.New("_chart.html").Funcs(s.templateFuncs()).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Theme.Origin("layouts/_chart.html"), err)
		}
		s.chartTmpl = t
	}
	s.disclosure = map[int]*disclosure.Report{}
	for _, r := range o.Disclosure {
		s.disclosure[r.Year] = r
	}
	if len(o.Reports) == 0 {
		return s, s.t.err()
	}
	for _, a := range o.Areas {
		s.areas[a.Year] = a
	}
	s.details = recent[*indicators.Report]{make: o.Detail, keep: detailsKept}
	s.makeUnits(o)
	// The school pages of a county need each of its years (two workers:
	// two counties at a time, and one more for the order of the pages).
	s.details.keep = max(s.details.keep, 3*len(s.years))
	s.makeShape()
	s.collectSchools(o)
	s.makeTrendSets()
	if err := s.makePages(); err != nil {
		return nil, err
	}
	if s.digest {
		// makePages made every school's key; nothing reads the rows'
		// fingerprints again (a kept Site would, to update it).
		for _, u := range s.units {
			u.schoolKeys = nil
		}
	}
	if o.Spill != nil && o.Detail != nil && o.Cache == nil {
		if err := s.spill(o.Spill); err != nil {
			return nil, err
		}
	}
	return s, s.t.err()
}

func (s *Site) makeUnits(o Options) {
	s.byCounty = make(map[countyYear]*unit, len(o.Reports))
	for i, r := range o.Reports {
		u := &unit{sum: r, idx: i, year: r.Year, code: r.County.Code, name: r.County.Name, multi: o.Layout.SeveralCounties(r.Year), floors: &floors{}}
		if i < len(o.UnitKeys) {
			u.key = o.UnitKeys[i]
		}
		if i < len(o.SchoolKeys) {
			u.schoolKeys = o.SchoolKeys[i]
		} else if o.SchoolKeysOf != nil && !s.digest {
			u.schoolKeys = o.SchoolKeysOf(i) // each school's key is made as it is asked for
		}
		if u.name == "" {
			u.name = s.t.s("rpt_county_default")
		}
		u.url = o.Layout.Report(r.Year, u.code)
		if u.multi {
			s.multiYear[r.Year] = true
		}
		u.data = o.Layout.Dir(r.Year, r.County.Code)
		u.src = Source{
			Year: r.Year, YearLabel: s.t.f("rpt_year", r.Year),
			Source: r.Meta.Source, AsOf: s.date(r.Meta.AsOf),
			CSV: u.data + layout.SchoolsCSV, JSON: u.data + layout.IndicatorsJSON,
			HasNotes: strings.TrimSpace(r.Meta.Notes) != "", NotesURL: u.url + "#notes",
			CountyName: u.name,
		}
		if u.src.Source == "" {
			u.src.Source = s.f.Missing
		}
		s.units = append(s.units, u)
		s.byCounty[countyYear{r.Year, u.code}] = u
		if n := len(s.years); n == 0 || s.years[n-1] != r.Year {
			s.years = append(s.years, r.Year)
		}
	}
}

// countyYear names a unit of a county.
type countyYear struct {
	year int
	code string
}

// countyReport is the summary of c, a county of the area of year: its
// unit's once the caller has dropped c.Report (Options.Spill).
func (s *Site) countyReport(year int, c *area.County) *indicators.Report {
	if c.Report != nil {
		return c.Report
	}
	if u := s.byCounty[countyYear{year, c.Code}]; u != nil {
		return u.report()
	}
	return nil
}

// makeShape fingerprints what of the units every data page may show or link
// to, for the pages' keys: each unit's year, county, name, paths, source
// and levels (the indicator pages link to the other years of their level).
func (s *Site) makeShape() {
	s.keyed = len(s.units) > 0
	h := sha256.New()
	for _, u := range s.units {
		if u.key == "" {
			s.keyed = false
		}
		fmt.Fprintf(h, "%d %q %q %v %q %q %#v", u.year, u.code, u.name, u.multi, u.url, u.data, u.src)
		for _, lr := range levelsOf(u.report()) {
			fmt.Fprintf(h, " %s", lr.Level)
		}
		fmt.Fprintln(h)
	}
	// The targets (targets.toml) are on the overviews, the trends and
	// the home page.
	for _, y := range s.years {
		if a := s.areas[y]; a != nil {
			fmt.Fprintf(h, "area %d %d", y, a.AllBy)
			for _, c := range a.Counties {
				fmt.Fprintf(h, " %q %d %q", c.Code, c.Target.Year, c.Target.Note)
			}
			fmt.Fprintln(h)
		}
	}
	s.shape = string(h.Sum(nil))
}

// date writes 2024-09-30 as 2024年9月30日.
func (s *Site) date(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		if iso == "" {
			return s.f.Missing
		}
		return iso
	}
	return s.t.f("rpt_date", t.Year(), int(t.Month()), t.Day())
}

// totalName is what tables and legends call u as a whole: 全县, or the
// area's name.
func (s *Site) totalName(u *unit) string {
	if u.total != "" {
		return u.total
	}
	return s.countyWhole(u.name)
}

// countyWhole is how a county's pages name the whole of it: 全县, and 全区,
// 全市, 全旗 for a 市辖区, a 县级市 and a 旗 — a district's reader would not
// call it a 县.
func (s *Site) countyWhole(name string) string {
	switch {
	case strings.HasSuffix(name, "区"):
		return s.t.s("rpt_district_total")
	case strings.HasSuffix(name, "市"):
		return s.t.s("rpt_county_city_total")
	case strings.HasSuffix(name, "旗"):
		return s.t.s("rpt_banner_total")
	}
	return s.t.s("rpt_county_total")
}

// latest returns the units of the newest year.
func (s *Site) latest() []*unit {
	if len(s.years) == 0 {
		return nil
	}
	return s.unitsOf(s.years[len(s.years)-1])
}

func (s *Site) unitsOf(year int) []*unit {
	var out []*unit
	for _, u := range s.units {
		if u.year == year {
			out = append(out, u)
		}
	}
	return out
}

// Pages are every data page, each described now: for tests and tools
// that look at the pages. A build gives render Described and Sources.
func (s *Site) Pages() []render.ExtraPage {
	all := slices.Clip(s.pages)
	for _, src := range s.sources {
		for i := range src.Len {
			all = append(all, src.Page(i))
		}
	}
	return all
}

// Described are the pages described up front, for render.Input.Extra.
func (s *Site) Described() []render.ExtraPage { return s.pages }

// Sources are the pages described in their render jobs (the schools', and
// each county-year's), for render.Input.Sources.
func (s *Site) Sources() []render.PageSource { return s.sources }

// Nav is the main navigation entry of the data pages (监测数据 → reports/).
func (s *Site) Nav() []render.NavItem {
	if len(s.units) == 0 {
		return nil
	}
	return []render.NavItem{{Title: s.t.s("rpt_nav"), URL: layout.Reports, Also: []string{layout.Schools}}}
}

// Charts is the number of charts written: on the data pages (most are made,
// and counted, in their render job) and placed by shortcodes. Call it after
// rendering.
func (s *Site) Charts() int {
	n := int(s.scCharts.Load())
	for _, c := range s.lazyCharts {
		n += int(c.Load())
	}
	for _, sc := range s.schools {
		n += int(atomic.LoadInt32(&sc.charts))
	}
	for _, u := range s.units {
		for j := range u.charts {
			n += int(atomic.LoadInt32(&u.charts[j]))
		}
	}
	return n
}

// Funcs are the template functions of the data pages' layouts.
func (s *Site) Funcs() template.FuncMap {
	return template.FuncMap{
		"reportStatusClass": statusClass,
		"reportChart":       s.Chart,
		"reportTable":       s.Table,
	}
}

// templateFuncs are the functions _chart.html may use when this package
// executes it for a shortcode: the renderer's T, Tf and url, and Funcs.
func (s *Site) templateFuncs() template.FuncMap {
	fm := template.FuncMap{
		"T": func(key string) (string, error) {
			v, ok := s.t.m[key]
			if !ok {
				return "", fmt.Errorf("翻译文件 i18n/%s.toml 缺少键 %q", s.cfg.Language, key)
			}
			return v, nil
		},
		"Tf": func(key string, args ...any) (string, error) {
			v, ok := s.t.m[key]
			if !ok {
				return "", fmt.Errorf("翻译文件 i18n/%s.toml 缺少键 %q", s.cfg.Language, key)
			}
			return fmt.Sprintf(v, args...), nil
		},
		"url": s.cfg.URL,
	}
	for k, v := range s.Funcs() {
		fm[k] = v
	}
	return fm
}

// statusClass is the mark class of a status word or key.
func statusClass(s string) string {
	switch s {
	case "good", "bad", "muted":
		return s
	}
	return "muted"
}

// status words and classes.
func (s *Site) statusOf(st indicators.Status) (string, string) {
	switch st {
	case indicators.Pass:
		return s.t.s("rpt_pass"), "good"
	case indicators.Fail:
		return s.t.s("rpt_fail"), "bad"
	}
	return s.f.Missing, "muted"
}

func (s *Site) verdict(b *bool) (string, string) {
	switch {
	case b == nil:
		return s.f.Missing, "muted"
	case *b:
		return s.t.s("rpt_pass"), "good"
	}
	return s.t.s("rpt_fail"), "bad"
}

func (s *Site) overall(o indicators.Overall) (string, string) {
	switch o {
	case indicators.OverallPass:
		return s.t.s("rpt_pass"), "good"
	case indicators.OverallFail:
		return s.t.s("rpt_fail"), "bad"
	}
	return s.t.s("rpt_incomplete"), "muted"
}

// unitLabel is the unit of an indicator's value: 人/百名学生, ㎡/生 …
func (s *Site) unitLabel(ind indicators.Indicator) string {
	info := indicators.Info(ind)
	if info.Per100 {
		return s.t.f("rpt_unit_per100", info.Unit)
	}
	return s.t.f("rpt_unit_per_student", info.Unit)
}

// cn is a Chinese ordinal numeral for headings: 1 → 一, 12 → 十二.
func cn(n int) string {
	d := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n-10]
	case n < 100 && n%10 == 0:
		return d[n/10] + "十"
	case n < 100:
		return d[n/10] + "十" + d[n%10]
	}
	return fmt.Sprint(n)
}

func levelsOf(r *indicators.Report) []*indicators.LevelReport {
	var out []*indicators.LevelReport
	for _, l := range indicators.Levels {
		if lr := r.Levels.Get(l); lr != nil {
			out = append(out, lr) // lr.Level is set by the engine
		}
	}
	return out
}

// Link is a link for the templates.
type Link struct {
	Title, URL string
	Current    bool
	Note       string
}

func sortedKeys[M ~map[K]V, K ~string, V any](m M) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
