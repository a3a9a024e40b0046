// Package build runs the pipeline: load (settings, documents, school data;
// every error collected) → compute (indicators) → render → write, into a
// staging directory that replaces the destination only when everything
// succeeded.
package build

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/history"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/portal"
	"github.com/gongkai-dev/gongkai/internal/publish"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/report"
	"github.com/gongkai-dev/gongkai/internal/revision"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/workers"
	"github.com/gongkai-dev/gongkai/themes"
)

// Options configure one build.
type Options struct {
	// Fs holds the source and the destination; afero.NewOsFs() for real
	// builds, a MemMapFs in tests and for serve.
	Fs          afero.Fs
	Source      string // site directory
	Destination string // default Source/public
	BaseURL     string // overrides site.toml base_url
	Drafts      bool   // build drafts
	Future      bool   // build documents dated in the future
	Strict      bool   // warnings are errors
	// Now is the moment that decides which documents are in the future
	// and, when set, the day the site is "as of" (有效性 after 失效日期).
	// Zero means SOURCE_DATE_EPOCH when set; otherwise the clock decides
	// what is in the future and the newest content date is "today".
	Now time.Time
	// Progress, when not nil, receives progress lines for long builds.
	Progress io.Writer
	// Cache, when not nil, keeps the data pages from one build to the
	// next (gongkai serve); see Cache.
	Cache *Cache
	// Output, when not nil, receives the built files instead of a staging
	// directory that replaces Destination: gongkai serve keeps the site in
	// memory (output.Memory).
	Output *output.Memory
	// Eager, with a Cache and an Output, tells which of the pages whose
	// inputs changed since the Cache's last build are rendered now, by
	// site path (gongkai serve: the pages being viewed); the others go
	// into Output as pages made when first read (output.Lazy), which must
	// not be read while a later build with the Cache runs: they are made
	// from the state of the build that wrote them, which the next one
	// updates. nil renders every page.
	Eager func(path string) bool
	// History reads the git history of data/ for the revisions page. nil
	// means history.Git when Fs is the operating system's file system
	// (afero.OsFs), and no history for any other (a site in memory).
	History history.Reader
	// Context, when not nil, cancels the build (SIGINT in gongkai build):
	// it is checked between the stages and before every page, and a
	// cancelled build removes its staging directory, leaves the
	// destination as it was and returns the context's error.
	Context context.Context
	// ForceDestination replaces a destination that is not gongkai's
	// output (no output.Marker in it), which is otherwise refused.
	ForceDestination bool
	// Reuse keeps the build cache beside the destination (CacheFileName):
	// files of the previous build whose inputs did not change are linked
	// into the new output, not made again. Only for a whole build on the
	// operating system's file system without a Cache; gongkai build sets
	// it unless --no-cache.
	Reuse bool

	// summaries makes Load keep summaries of the reports (Site.Summaries);
	// Build sets it when there is no Cache.
	summaries bool
	// Shard, when not zero, builds only shard K of N (gongkai build
	// --shard, docs/ci.md): the whole site is read and checked, but only
	// the pages and data files of the shard's counties and documents are
	// written, with a manifest for Merge.
	Shard Shard
	// Version is gongkai's version, written into a shard's manifest: Merge
	// refuses shards of different versions.
	Version string
}

// stageMade is output.NewStage's result.
type stageMade struct {
	st  *output.Stage
	err error
}

// sink is where a build writes: a staging directory (output.Stage) or
// memory (output.Memory).
type sink interface {
	render.Writer
	Files() int
	Bytes() int64
	Abort() error
	Commit() error
}

// Summary counts what a build produced.
type Summary struct {
	Pages       int
	Documents   int
	SchoolParts int
	Years       int
	Charts      int
	Warnings    int
	Files       int
	Bytes       int64
	Duration    time.Duration
	// Reused counts the files taken unchanged from the previous build
	// (Options.Reuse); their pages' charts are not in Charts.
	Reused int
	// YearsReused counts the years of data/ whose files did not change
	// since the previous build: taken as it computed them, not read again.
	YearsReused int
}

// String is the one-line summary every build ends with.
func (s Summary) String() string {
	if s.Reused > 0 {
		years := ""
		if s.YearsReused > 0 {
			years = fmt.Sprintf("；%d 个年度的数据未变，沿用上次的计算", s.YearsReused)
		}
		return fmt.Sprintf("构建完成：%d 个页面，%d 篇文档，%d 个学校学段（%d 个年度），新绘制 %d 张图表，%d 条警告，共 %d 个文件（其中 %d 个输入未变，沿用上次构建%s），用时 %s",
			s.Pages, s.Documents, s.SchoolParts, s.Years, s.Charts, s.Warnings, s.Files, s.Reused, years, s.Duration.Round(time.Millisecond))
	}
	return fmt.Sprintf("构建完成：%d 个页面，%d 篇文档，%d 个学校学段（%d 个年度），%d 张图表，%d 条警告，共 %d 个文件，用时 %s",
		s.Pages, s.Documents, s.SchoolParts, s.Years, s.Charts, s.Warnings, s.Files, s.Duration.Round(time.Millisecond))
}

// NowFromEnv returns SOURCE_DATE_EPOCH as a time when it is set and valid.
func NowFromEnv() (time.Time, bool) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// Site is everything loaded and computed, before rendering.
type Site struct {
	Config  *config.Site
	Content *content.Content
	Data    *data.Dataset
	Reports []*indicators.Report // by year ascending, then county code
	Inputs  []indicators.Input   // the input of each report, same order
	Today   content.Date
	// Layout is where each county-year's pages and files are published.
	Layout *layout.Data
	// History is the revision history of data/; nil when not read.
	History *revision.History
	// Areas are the city or province view of each year that holds several
	// counties (layout.Data.SeveralCounties), years ascending.
	Areas []*area.Year
	// Disclosure are the 政府信息公开工作年度报告 of the documents with
	// disclosure_report, years ascending.
	Disclosure []*disclosure.Report

	// Summaries tells that Reports are summaries (indicators.Report.Summary,
	// without the school parts): FullReport computes a full one again.
	// Performance: the parts of every county and year were most of the
	// build's memory, which so grew with the site (docs/performance.md).
	Summaries bool

	// With a Cache: a fingerprint of each report's input, and of each
	// school's rows in it (by school id), for the keys of the pages.
	unitKeys   []string
	schoolKeys []map[string]string

	// With summaries, where each report's rosters are (yearSummary.spill),
	// and with a Cache each input's schools' fingerprints instead of
	// schoolKeys.
	rosters, schoolKeyRefs []rowsRef

	// packed are where the school parts and shared facilities of each
	// input are (data.Pack) once summarizeYear has taken them out of
	// Inputs: in rows.
	packed []rowsRef
	rows   *rowStore
}

// Close gives back what the site holds outside the heap: the file of its
// packed rows. Input cannot be called after.
func (s *Site) Close() {
	s.rows.close()
}

// FullReport is Reports[i] with its school parts: computed again from
// Inputs[i] when Reports are summaries.
func (s *Site) FullReport(i int) *indicators.Report {
	return s.reportOf(i, s.Input(i))
}

// reportOf is Reports[i] with its school parts, in being Input(i).
func (s *Site) reportOf(i int, in indicators.Input) *indicators.Report {
	if !s.Summaries {
		return s.Reports[i]
	}
	return indicators.Compute(in, s.Config.Standards)
}

// Input is Inputs[i] with its school parts and shared facilities, unpacked
// when summarizeYear has packed them.
func (s *Site) Input(i int) indicators.Input {
	if s.packed == nil {
		return s.Inputs[i]
	}
	in, err := data.Unpack(s.Inputs[i], s.rows.mustGet(s.packed[i]))
	if err != nil {
		panic(err) // the build's own bytes: a bug
	}
	return in
}

// yearSummary is what a build of summaries keeps of one year's rows
// (summarizeYear).
type yearSummary struct {
	reports []*indicators.Report // the summaries, in the year's county order
	packed  [][]byte             // each county's rows (data.Pack)
	rows    []rowsRef            // where packed went (rowStore.put)
	// keys are the fingerprints of each county's input and schoolKeys of
	// each school's rows in it (fingerprintInput, the map encoded), with
	// the build cache.
	keys       []string
	schoolKeys [][]byte
	// rosterBlobs are the summaries' rosters, encoded ([2][]RosterPart of
	// the primary and junior levels): the summaries have none.
	rosterBlobs [][]byte
	// rosters and schoolKeyRefs are where spill put rosterBlobs and
	// schoolKeys.
	rosters, schoolKeyRefs []rowsRef
	// area is the year's city or province view when it has several
	// counties, its Area computed, made without targets (New adds them).
	area *area.Year
}

// summarizeYear computes the reports of a year's counties, keeps their
// summaries (their rosters and, with keys, the schools' fingerprints
// encoded apart, for spill) and packs the rows, then drops the rows from
// y: a build of summaries calls it as each year is read (data.LoadEach),
// so that only the years being read hold their rows. Only the pages and
// files that show school parts read them again, county-year by
// county-year (Site.Input). Each county's full report is dropped as soon
// as it is summarised: the city or province view (area.Year.Area) is
// computed from the school parts they gave (area.AppendParts), so that a
// year of many counties never holds all their full reports at once.
func summarizeYear(y *data.Year, std indicators.Standards, keys bool) *yearSummary {
	ys := &yearSummary{}
	several := layout.SeveralCounties(y.Counties)
	n := len(y.Counties)
	ys.reports, ys.packed, ys.rosterBlobs = make([]*indicators.Report, n), make([][]byte, n), make([][]byte, n)
	if keys {
		ys.keys, ys.schoolKeys = make([]string, n), make([][]byte, n)
	}
	// The parts the area is computed from, each county's packed: held
	// until the year's last county is done.
	parts := make([][]byte, n)
	// A county's rows are dropped as soon as it is done: the year does not
	// hold them beside the parts that the area is computed from.
	parallel(n, func(i int) {
		in := &y.Counties[i]
		full := indicators.Compute(*in, std)
		sum := full.Summary()
		if several {
			parts[i] = data.Pack(indicators.Input{Parts: area.AppendParts(nil, full)})
		}
		ro := [2][]indicators.RosterPart{}
		for k, lr := range []*indicators.LevelReport{sum.Levels.Primary, sum.Levels.Junior} {
			if lr != nil {
				ro[k] = lr.Roster
			}
		}
		ys.rosterBlobs[i] = mustEncode(&ro)
		sum.DropRoster()
		ys.reports[i] = sum
		if keys {
			var m map[string]string
			ys.keys[i], m = fingerprintInput(*in)
			ys.schoolKeys[i] = mustEncode(&m)
		}
		ys.packed[i] = data.Pack(*in)
		in.Parts, in.Shared = nil, nil
	})
	if several {
		a := area.New(y.Year, ys.reports, area.Targets{})
		at := make(map[*indicators.Report]int, len(ys.reports))
		for i, r := range ys.reports {
			at[r] = i
		}
		a.UseArea(areaLevels(y.Year, std, func(f func(b []byte)) {
			for _, c := range a.Counties {
				f(parts[at[c.Report]])
			}
		}))
		ys.area = a
	}
	return ys
}

// areaLevels is area.Levels of the packed parts that each gives (the
// counties' in code order), computed level by level: the levels are
// assessed apart (indicators.Compute), and only one level's parts are
// unpacked at once.
func areaLevels(year int, std indicators.Standards, each func(f func(packed []byte))) indicators.LevelReports {
	var out indicators.LevelReports
	for k, lr := range []**indicators.LevelReport{&out.Primary, &out.Junior} {
		l := indicators.Levels[k]
		var level []indicators.SchoolPart
		each(func(b []byte) {
			in, err := data.Unpack(indicators.Input{}, b)
			if err != nil {
				panic(err) // the bytes Pack wrote just now
			}
			for _, p := range in.Parts {
				if p.Level == l {
					level = append(level, p)
				}
			}
		})
		*lr = area.Levels(year, level, std).Get(l)
	}
	return out
}

// spill puts in the store what of the year only report.New reads, each
// once, county-year by county-year: the packed rows, the summaries'
// rosters and the schools' fingerprints, as summarizeYear encoded them
// (or the build cache kept them). All three grow with the school parts of
// every year (docs/performance.md, “内存”).
func (ys *yearSummary) spill(rows *rowStore) {
	put := func(bs [][]byte) []rowsRef {
		if bs == nil {
			return nil
		}
		refs := make([]rowsRef, len(bs))
		for i, b := range bs {
			refs[i] = rows.put(b)
		}
		return refs
	}
	ys.rows, ys.rosters, ys.schoolKeyRefs = put(ys.packed), put(ys.rosterBlobs), put(ys.schoolKeys)
	ys.packed, ys.rosterBlobs, ys.schoolKeys = nil, nil, nil
}

// mustEncode is codec.Encode of a value of the build's own types, which
// it can hold.
func mustEncode[T any](p *T) []byte {
	b, err := codec.Encode(nil, p)
	if err != nil {
		panic(err) // a field codec cannot hold: TestCodecKeepsSummaries
	}
	return b
}

// readBack decodes what yearSummary.spill put at ref.
func readBack[T any](rows *rowStore, ref rowsRef) T {
	var v T
	if err := codec.Decode(rows.mustGet(ref), &v); err != nil {
		panic(err) // the build's own bytes, read back
	}
	return v
}

// rosterOf is report.Options.Rosters: nil without spilled rosters.
func (s *Site) rosterOf() func(i int) [2][]indicators.RosterPart {
	if s.rosters == nil {
		return nil
	}
	return func(i int) [2][]indicators.RosterPart {
		return readBack[[2][]indicators.RosterPart](s.rows, s.rosters[i])
	}
}

// schoolKeysOf is report.Options.SchoolKeysOf: nil without spilled
// fingerprints.
func (s *Site) schoolKeysOf() func(i int) map[string]string {
	if s.schoolKeyRefs == nil {
		return nil
	}
	return func(i int) map[string]string { return readBack[map[string]string](s.rows, s.schoolKeyRefs[i]) }
}

// spill is report.Options.Spill: nil unless Reports are summaries, which
// then go to the file of the packed rows.
func (s *Site) spill() func(b []byte) func() []byte {
	if !s.Summaries {
		return nil
	}
	return s.keep
}

// keep puts b in the file of the packed rows and returns how to read it
// back.
func (s *Site) keep(b []byte) func() []byte {
	ref := s.rows.put(b)
	return func() []byte { return s.rows.mustGet(ref) }
}

// dropSummaries drops the site's pointers to the summaries once report.New
// has spilled them: Reports, and the areas' reports of their counties.
// Nothing of the site reads them after (the data files are written from
// Inputs and the full reports computed again).
func (s *Site) dropSummaries() {
	if !s.Summaries {
		return
	}
	s.Reports = nil
	for _, a := range s.Areas {
		a.DropReports()
	}
}

// detail is report.Options.Detail: nil unless Reports are summaries.
func (s *Site) detail() func(i int) *indicators.Report {
	if !s.Summaries {
		return nil
	}
	return s.FullReport
}

// Load reads and validates a site and computes its indicators. Every problem
// of every file is in the diagnostics.
func Load(opts Options) (*Site, *diag.List) {
	diags := &diag.List{}
	site, ds := config.Load(opts.Fs, opts.Source, opts.BaseURL)
	addAll(diags, ds)
	if site == nil {
		return nil, diags
	}
	now := opts.Now
	if now.IsZero() {
		if t, ok := NowFromEnv(); ok {
			now = t
		} else {
			now = time.Now()
		}
	}
	// Performance (docs/performance.md): the documents and the data are
	// independent, so they are read at the same time (data.Load itself
	// reads its years in parallel). Diagnostics are added afterwards and
	// sorted by List.All, so the output does not depend on the timing.
	var c *content.Content
	var ds2 []diag.Diagnostic
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		c, ds2 = content.Load(opts.Fs, opts.Source, site, content.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now, Digest: opts.Cache != nil, Cache: opts.Cache.contentCache()})
	}()
	// A build of summaries summarises and packs each year as it is read.
	var each func(*data.Year, []diag.Diagnostic)
	var mu sync.Mutex
	summaries := map[int]*yearSummary{}
	yc := opts.Cache.yearsCache()
	var rows *rowStore
	if opts.summaries {
		rows = newRowStore()
		if yc != nil {
			// The years that did not change since the last build are
			// taken as it made them.
			yc.std = site.Standards
			opts.Cache.years.Earlier = yc.earlier
		}
		each = func(y *data.Year, yd []diag.Diagnostic) {
			ys := yc.take(y.Year)
			if ys == nil {
				ys = summarizeYear(y, site.Standards, opts.Cache != nil)
				yc.keep(y, yd, ys)
			}
			ys.spill(rows)
			mu.Lock()
			summaries[y.Year] = ys
			mu.Unlock()
		}
	}
	dataset, dl := data.LoadEach(opts.Fs, opts.Source, opts.Cache.dataCache(), each)
	yc.doneReading()
	history := readHistory(opts)
	<-loaded
	addAll(diags, ds2)
	diags.Merge(dl)
	s := &Site{Config: site, Content: c, Data: dataset, Today: today(c, dataset), rows: rows}
	s.Disclosure = loadDisclosure(opts, c, diags)
	if !opts.Now.IsZero() {
		s.Today = content.DateOf(opts.Now)
	}
	if dataset != nil {
		var digests []string
		for _, y := range dataset.Years {
			s.Inputs = append(s.Inputs, y.Counties...)
			for range y.Counties {
				digests = append(digests, y.Digest)
			}
		}
		switch {
		case opts.summaries:
			s.Summaries = true
			for _, y := range dataset.Years {
				ys := summaries[y.Year]
				s.Reports = append(s.Reports, ys.reports...)
				s.packed = append(s.packed, ys.rows...)
				s.rosters = append(s.rosters, ys.rosters...)
				if opts.Cache != nil {
					// The build cache: the keys of the pages.
					s.unitKeys = append(s.unitKeys, ys.keys...)
					s.schoolKeyRefs = append(s.schoolKeyRefs, ys.schoolKeyRefs...)
				}
			}
		case opts.Cache != nil:
			s.Reports, s.unitKeys, s.schoolKeys = opts.Cache.compute(s.Inputs, digests, site.Standards)
		default:
			s.Reports = computeAll(s.Inputs, site.Standards)
		}
	}
	s.Layout = layout.NewData(s.Inputs)
	if dataset != nil {
		targets := areaTargets(dataset.Targets)
		for _, y := range dataset.Years {
			if !s.Layout.SeveralCounties(y.Year) {
				continue
			}
			a := area.New(y.Year, s.Reports, targets)
			if s.Summaries {
				// Its Area, computed from the full reports.
				a.KeepArea(summaries[y.Year].area)
			}
			s.Areas = append(s.Areas, a)
		}
		opts.Cache.keepAreas(s.Areas)
	}
	if hist := <-history; hist != nil {
		var ds []diag.Diagnostic
		s.History, ds = withNotes(hist, s.Config)
		for _, d := range ds {
			diags.Add(d)
		}
	}
	return s, diags
}

// readHistory reads the revision history of data/ while the rest of the
// site is still being read: it reads data/ as committed, not the files
// just read, and spends its time mostly waiting for git. It starts after
// the data, so that its snapshots of earlier versions are not in memory
// beside the years being read. The channel gives nil when there is no
// history to read: a site not on the disk, or a shard (only the merge
// writes the revisions).
func readHistory(opts Options) <-chan *revision.History {
	out := make(chan *revision.History, 1)
	hr := opts.History
	if hr == nil {
		hr = HistoryOf(opts.Fs)
	}
	if hr == nil || opts.Shard.N > 0 {
		out <- nil
		return out
	}
	go func() { out <- opts.Cache.history(hr, opts.Source) }()
	return out
}

// withNotes is h with site.toml's revision_notes in place of the commit
// messages of the versions they name (a copy: h may be the cache's). A
// note whose version changed no data is reported as a warning.
func withNotes(h *revision.History, site *config.Site) (*revision.History, []diag.Diagnostic) {
	if h == nil || !h.Available || len(site.RevisionNotes) == 0 {
		return h, nil
	}
	out := *h
	out.Changes = slices.Clone(h.Changes)
	used := map[string]bool{}
	for i := range out.Changes {
		c := &out.Changes[i]
		for v, note := range site.RevisionNotes {
			if strings.HasPrefix(c.Commit, v) || strings.HasPrefix(v, c.Commit) {
				c.Reason = note
				used[v] = true
			}
		}
	}
	var diags []diag.Diagnostic
	for _, v := range slices.Sorted(maps.Keys(site.RevisionNotes)) {
		// A shallow clone lacks the older versions: not finding one there
		// says nothing.
		if !used[v] && !h.Shallow {
			diags = append(diags, diag.Diagnostic{Severity: diag.Warning, File: config.FileName, Line: site.RevisionNoteLine(v), Column: "revision_notes", Value: v, HasValue: true,
				Msg: "这个版本没有修订已公开的数据（不在数据修订记录中），这条修订说明没有用到"})
		}
	}
	return &out, diags
}

// LoadTheme reads the built-in theme with the site's theme name laid over
// it (themes.Read) and makes the renderer's theme of it, its translation
// files checked (render.NewTheme).
func LoadTheme(fsys afero.Fs, siteDir, name string) (*render.Theme, []diag.Diagnostic) {
	f, ds := themes.Read(fsys, siteDir, name)
	if f == nil {
		return nil, ds
	}
	t, ds2 := render.NewTheme(f)
	return t, append(ds, ds2...)
}

// areaTargets are data/targets.toml as the area view takes them.
func areaTargets(t *data.Targets) area.Targets {
	out := area.Targets{Counties: map[string]area.Target{}}
	if t == nil {
		return out
	}
	out.AllBy = t.AllBy
	for _, c := range t.Counties {
		out.Counties[c.Code] = area.Target{Year: c.TargetYear, Note: c.Note}
	}
	return out
}

// HistoryOf is the history reader for a site read through fsys: git for
// the operating system's file system, none for any other (a site held in
// memory has no repository).
func HistoryOf(fsys afero.Fs) history.Reader {
	if _, onDisk := fsys.(*afero.OsFs); onDisk {
		return history.Git{}
	}
	return nil
}

// computeAll computes the report of every input. Performance: the county-
// years are independent pure computations, so they run on every core; each
// result goes to its input's index, so the order is that of the inputs
// whatever the timing.
func computeAll(ins []indicators.Input, std indicators.Standards) []*indicators.Report {
	out := make([]*indicators.Report, len(ins))
	parallel(len(ins), func(i int) { out[i] = indicators.Compute(ins[i], std) })
	return out
}

// fullReports makes Build keep the full reports, as with a Cache (for the
// tests, which compare both).
var fullReports = false

// parallel calls f(0) … f(n-1) on every core (workers.Each).
func parallel(n int, f func(i int)) { workers.Each(n, nil, func(i, _ int) { f(i) }) }

// today is the date the site is "as of" for 有效性: SOURCE_DATE_EPOCH when
// set, else the newest date in the content and data. It is not the clock,
// so that building the same input twice gives the same bytes.
func today(c *content.Content, d *data.Dataset) content.Date {
	if t, ok := NowFromEnv(); ok {
		return content.DateOf(t)
	}
	var best content.Date
	for _, doc := range c.Docs {
		if dt := doc.Date(); best.Before(dt) {
			best = dt
		}
		if best.Before(doc.Written) {
			best = doc.Written
		}
	}
	if d != nil {
		for _, y := range d.Years {
			for _, in := range y.Counties {
				if t, err := time.Parse("2006-01-02", in.County.AsOf); err == nil {
					if dt := (content.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}); best.Before(dt) {
						best = dt
					}
				}
			}
		}
	}
	return best
}

func addAll(l *diag.List, ds []diag.Diagnostic) {
	for _, d := range ds {
		l.Add(d)
	}
}

// Build builds the site in opts.Source into opts.Destination. On any error
// the destination is left exactly as it was; the returned diagnostics hold
// every error and warning.
func Build(opts Options) (Summary, []diag.Diagnostic, error) {
	if opts.Shard != (Shard{}) {
		if _, err := ParseShard(opts.Shard.String()); err != nil {
			return Summary{}, nil, err
		}
	}
	return build(opts, nil)
}

// build is Build, or with shards Merge.
func build(opts Options, shards *mergeInput) (Summary, []diag.Diagnostic, error) {
	start := time.Now()
	if opts.Fs == nil {
		opts.Fs = afero.NewOsFs()
	}
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	var sum Summary
	release, err := claimDestination(&opts)
	if err != nil {
		return sum, nil, err
	}
	defer release()
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	prog := startProgress(opts.Progress, start)
	defer prog.stop()
	prog.phase("读取站点、文档和数据", nil)
	if _, onDisk := opts.Fs.(*afero.OsFs); opts.Reuse && onDisk && opts.Cache == nil && opts.Output == nil && opts.Shard.N == 0 && shards == nil {
		opts.Cache = openBuildCache(opts.Fs, opts.Destination)
		// A build that fails leaves the previous build's years in place.
		defer opts.Cache.yearsCache().abort(opts.Fs)
	}
	yc := opts.Cache.yearsCache()
	// The stage is made while the site is read: on disk, taking stock of
	// the recycled spare is as long as reading the unchanged years.
	var staged chan stageMade
	if opts.Output == nil {
		staged = make(chan stageMade, 1)
		go func() {
			st, err := output.NewStage(opts.Fs, opts.Destination)
			if err == nil {
				// Without a spare, one is made of the files the last
				// build left, now rather than one by one later.
				st.Premake(opts.Cache.keptFiles())
			}
			staged <- stageMade{st, err}
		}()
	}
	// stop gives the stage up when the build stops before writing.
	stop := func(err error, diags *diag.List) (Summary, []diag.Diagnostic, error) {
		if staged != nil {
			if m := <-staged; m.st != nil {
				_ = m.st.Abort()
			}
		}
		return sum, diags.All(), err
	}
	opts.summaries = (opts.Cache == nil || opts.Cache.disk != nil) && !fullReports
	site, diags := Load(opts)
	if site != nil {
		defer site.Close()
	}
	if err := ctx.Err(); err != nil {
		return stop(err, diags)
	}
	if site == nil || diags.HasErrors(opts.Strict) {
		return stop(&diag.BuildError{Diagnostics: diags.All()}, diags)
	}
	// A shard, or a merge, writes its part of the site; both check that
	// it is the same site.
	var pt0 *part
	var source, options string
	if opts.Shard.N > 0 || shards != nil {
		if source, err = sourceDigest(opts.Fs, opts.Source, site.Config); err != nil {
			return stop(err, diags)
		}
		options = optionsKey(opts, site)
	}
	switch {
	case opts.Shard.N > 0:
		pt0 = newPart(site, opts.Shard.K, opts.Shard.N)
	case shards != nil:
		pt0 = newPart(site, 0, shards.n)
		addAll(diags, shards.checkSite(opts.Version, source, options))
		if diags.HasErrors(opts.Strict) {
			return stop(&diag.BuildError{Diagnostics: diags.All()}, diags)
		}
	}
	var stage sink = opts.Output
	if opts.Output == nil {
		m := <-staged
		if m.err != nil {
			return sum, diags.All(), m.err
		}
		stage = m.st
		if site.Summaries {
			// The paths of the output files grow with the site: they go
			// to the temporary file, read back only to name a conflict or
			// where each file is synced.
			m.st.SpillPaths(site.keep)
		}
	}
	fail := func(err error) (Summary, []diag.Diagnostic, error) {
		_ = stage.Abort()
		all, err := placeConflicts(diags.All(), err, stage, site.Content)
		return sum, all, err
	}
	// A bug that panics must not leave a staging directory behind either.
	defer func() {
		if p := recover(); p != nil {
			_ = stage.Abort()
			panic(p)
		}
	}()

	theme, ds := opts.Cache.loadTheme(opts.Fs, opts.Source, site.Config.Theme)
	addAll(diags, ds)
	if theme == nil {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	// The data pages (reports, schools, trends) and their charts.
	prog.phase("生成页面", stage.Files)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	// With a cache (serve), the fingerprints of the inputs decide which
	// pages and files are made again.
	k := opts.Cache.fingerprint(opts, site)
	// The build cache compares the pages' keys as digests only, and keeps
	// no Site for a next build.
	buildCache := opts.Cache != nil && opts.Cache.disk != nil
	if buildCache && site.Summaries {
		// The record of the pages' jobs grows with the site: it goes to
		// the temporary file too, read back when the cache is saved.
		opts.Cache.pages.SpillLog(site.keep)
	}
	rep, err := report.New(report.Options{Site: site.Config, Theme: theme, Layout: site.Layout, Reports: site.Reports, Areas: site.Areas, Disclosure: site.Disclosure, UnitKeys: k.units, SchoolKeys: k.schools, SchoolKeysOf: site.schoolKeysOf(), Rosters: site.rosterOf(), Detail: site.detail(), Spill: site.spill(), Cache: opts.Cache.reportCache(), Env: k.site,
		DigestKeys: buildCache})
	if err != nil {
		return fail(err)
	}
	// The summaries are rep's alone from here (Site.spill).
	site.dropSummaries()
	if buildCache {
		// The schools' keys are made: their rows' fingerprints, one map
		// per county-year, are not read again.
		site.schoolKeys, site.schoolKeyRefs, k.schools = nil, nil, nil
	}
	r, ds := render.New(site.Config, theme, site.Today, rep.Funcs())
	addAll(diags, ds)
	if diags.HasErrors(opts.Strict) {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	// The 政务公开 portal: catalogue, search, feed, sitemap, data revisions.
	var input func(i int) indicators.Input
	if site.packed != nil {
		input = site.Input
	}
	pt, err := portal.New(portal.Options{Site: site.Config, Content: site.Content, Today: site.Today, Inputs: site.Inputs, Input: input, History: site.History, T: r.Translator(), IndexCache: opts.Cache.indexCache(),
		Cache: opts.Cache.portalCache(), DocsKey: k.site + k.docsMeta, InputKeys: k.units, KeptIndex: opts.Cache.keptIndex(opts.Fs)})
	if err != nil {
		return fail(err)
	}
	// Every file written is recorded: the HTML pages for the sitemap, and
	// for a shard or a merge every file, for the manifest or to check the
	// shards against.
	w := portal.NewRecorder(stage)
	if site.Summaries {
		w.Spill(site.keep)
	}
	if err := writeData(site, w, opts.Cache, k, pt0); err != nil {
		return fail(err)
	}
	if pt0.shared() {
		if err := writeDisclosure(site, w); err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	nav := append(pt.Nav(), rep.Nav()...)
	stats, ds := r.Render(render.Input{
		Site: site.Config, Content: site.Content, Today: site.Today,
		ReadContent: func(rel string) ([]byte, error) {
			// Checked again when read: still no link, no pipe, not too large.
			return sitefs.ReadFile(opts.Fs, path.Join(opts.Source, content.Dir), rel, sitefs.MaxAttachment)
		},
		Shortcodes: rep.Shortcode,
		ReservedID: report.ReservedID,
		Extra:      [][]render.ExtraPage{rep.Described(), portalPages(pt, k, opts.Cache)},
		Sources:    rep.Sources(),
		ExtraNav:   nav,
		HomeData:   rep.Home(),
		Only:       pt0.only(),
		Done:       ctx.Done(),
		Once:       opts.Cache.oneShot(),
		Cache:      opts.Cache.renderCache(),
		Eager:      opts.eager(),
		Key:        k.site + fmt.Sprint(nav), DocsKey: k.docs, DocsMetaKey: k.docsMeta, DataKey: k.data,
	}, w)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	addAll(diags, ds)
	if diags.HasErrors(opts.Strict) {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	sum.Pages = stats.Pages
	// With a cache, the charts of the pages this build rendered.
	sum.Charts = rep.Charts()
	if opts.Shard.N > 0 {
		m := &manifest{Shard: opts.Shard.K, Shards: opts.Shard.N, Version: opts.Version, Source: source, Options: options,
			Pages: stats.Pages, Charts: sum.Charts, HTML: w.Pages(), Files: w.Files(), Plain: map[string]string{}}
		if err := m.write(stage, site, pt0, stats.Plain); err != nil {
			return fail(err)
		}
	} else {
		html := w.Pages()
		if shards != nil {
			ds := shards.copyFiles(opts.Fs, stage, w.Files())
			docs := make([]string, len(site.Content.Docs))
			for i, d := range site.Content.Docs {
				docs[i] = d.Path
			}
			ds = append(ds, shards.plain(docs, stats.Plain)...)
			addAll(diags, ds)
			if diags.HasErrors(opts.Strict) {
				return fail(&diag.BuildError{Diagnostics: diags.All()})
			}
			html = shards.pages(html)
			shards.summary(&sum)
		}
		// The search index is built here, from the documents' plain text
		// that rendering produced (stats.Plain).
		if err := pt.WriteFiles(stage, html, stats.Plain, stats.PlainKeys); err != nil {
			return fail(err)
		}
		opts.Cache.keepIndex(pt.IndexJob())
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := stage.Commit(); err != nil {
		if opts.Output != nil {
			return fail(err) // a conflict with a file kept from the last build
		}
		return sum, diags.All(), err
	}
	if c := opts.Cache; c != nil && c.disk != nil {
		written := func(string) (output.Kept, bool) { return output.Kept{}, false }
		if st, ok := stage.(*output.Stage); ok {
			written = st.Written
		}
		c.disk.save(opts.Fs, c.pages, written)
	} else if opts.Output == nil {
		// A build without the build cache leaves none behind that no
		// longer fits the output (it would only be refused file by file).
		_ = opts.Fs.Remove(CacheFileName(opts.Destination))
		_ = opts.Fs.Remove(YearsFileName(opts.Destination))
		_ = opts.Fs.Remove(YearsFileName(opts.Destination) + ".tmp") // of a build killed
	}
	sum.Documents = len(site.Content.Docs)
	if site.Data != nil {
		sum.Years = len(site.Data.Years)
		for _, y := range site.Data.Years {
			sum.SchoolParts += y.Rows
		}
	}
	sum.Warnings = len(diags.Warnings())
	sum.Files = stage.Files()
	sum.Bytes = stage.Bytes()
	if st, ok := stage.(*output.Stage); ok {
		sum.Reused = st.Reused()
	}
	sum.YearsReused = yc.reusedYears()
	sum.Duration = time.Since(start)
	return sum, diags.All(), nil
}

// eager is Options.Eager when pages may be made on request: with a Cache
// kept in memory and an output in memory.
func (opts Options) eager() func(string) bool {
	if opts.Cache == nil || opts.Cache.disk != nil || opts.Output == nil {
		return nil
	}
	return opts.Eager
}

// checkDestination refuses a destination that a build would destroy the
// site with: the commit replaces the destination directory as a whole, so
// it must not be the site directory, a directory holding it, or one of the
// site's own folders (content/, data/, themes/).
func checkDestination(opts Options) error {
	abs := func(p string) string {
		if _, onDisk := opts.Fs.(*afero.OsFs); onDisk {
			if a, err := filepath.Abs(p); err == nil {
				p = a
			}
			// Resolve links in the part that exists.
			dir, rest := p, ""
			for {
				if r, err := filepath.EvalSymlinks(dir); err == nil {
					return filepath.Join(r, rest)
				}
				parent := filepath.Dir(dir)
				if parent == dir {
					return p
				}
				rest = filepath.Join(filepath.Base(dir), rest)
				dir = parent
			}
		}
		return filepath.Clean(p)
	}
	src, dest := abs(opts.Source), abs(opts.Destination)
	if r, err := filepath.Rel(dest, src); err == nil && (r == "." || !strings.HasPrefix(r, "..")) {
		return fmt.Errorf("目标目录 %s 是站点目录或包含站点目录；构建会整体替换目标目录，请另选一个目录（默认 %s）", opts.Destination, filepath.Join(opts.Source, "public"))
	}
	if r, err := filepath.Rel(src, dest); err == nil && !strings.HasPrefix(r, "..") {
		first, _, _ := strings.Cut(filepath.ToSlash(r), "/")
		switch first {
		case content.Dir, "data", "themes", config.FileName, ".git":
			return fmt.Errorf("目标目录 %s 在站点的 %s 中；构建会整体替换目标目录，请另选一个目录（默认 %s）", opts.Destination, first, filepath.Join(opts.Source, "public"))
		}
	}
	return nil
}

// portalPages are the portal's pages, keyed for the cache: the catalogue
// is made of the documents; the search and revisions pages also of the
// data and its git history.
func portalPages(pt *portal.Portal, k inputKeys, c *Cache) []render.ExtraPage {
	pages := pt.Pages()
	if c == nil {
		return pages
	}
	for i := range pages {
		switch {
		case pages[i].Page.Kind == "catalogue":
			pages[i].Key = k.docsMeta
		case c.histKey != "": // "": the history is read anew every build
			pages[i].Key = k.docs + k.data + c.histKey
		}
	}
	return pages
}

// writeData writes the machine-readable output of every year:
// data/<year>/indicators.json and data/<year>/schools.csv, or per county
// under data/<year>/county/<code>/ for a site of several counties.
func writeData(site *Site, w render.Writer, cache *Cache, k inputKeys, pt *part) error {
	if site.Data == nil {
		return nil
	}
	type job struct {
		i   int // index into site.Inputs (and site.Reports)
		dir string
	}
	var jobs []job
	for i, in := range site.Inputs {
		if dir := site.Layout.Dir(in.Year, in.County.Code); pt.writes(dir) {
			jobs = append(jobs, job{i, dir})
		}
	}
	// Performance: every county-year's files are independent (1.8 s of CPU
	// for the 100 county-years of the province site, mostly JSON), so they
	// are encoded and written on every core. Each file has its own path, so
	// the output does not depend on the order; of several errors the one of
	// the first county-year is returned, as the sequential loop did.
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(n int) {
		j := jobs[n]
		if cache == nil {
			errs[n] = writeReportData(site, w, j.i, j.dir)
			return
		}
		// With a cache (serve), a county-year whose input and site are
		// unchanged is written as it was.
		key := k.site + k.units[j.i]
		if cache.disk != nil {
			errs[n] = cache.disk.write(w, dataJob(j.dir), key, func(w render.Writer) error { return writeReportData(site, w, j.i, j.dir) })
			return
		}
		cd, ok := cache.dataFor(j.dir)
		if !ok || cd.key != key {
			rec := &dataRecorder{}
			if errs[n] = writeReportData(site, rec, j.i, j.dir); errs[n] != nil {
				return
			}
			cd = cachedData{key: key, files: rec.files}
			cache.storeData(j.dir, cd)
		}
		for _, f := range cd.files {
			if err := writeFileShared(w, f.path, f.data); err != nil {
				errs[n] = err
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	// The city or province view of each year of several counties. With a
	// cache, a year whose counties' inputs and targets are unchanged is
	// written as it was.
	for _, a := range site.Areas {
		dir := layout.YearData(a.Year)
		if !pt.writes(dir) {
			continue
		}
		var key string
		if cache != nil {
			var b strings.Builder
			b.WriteString(k.site)
			for i, in := range site.Inputs {
				if in.Year == a.Year && i < len(k.units) {
					b.WriteString(k.units[i])
				}
			}
			fmt.Fprintf(&b, "%d", a.AllBy)
			for _, c := range a.Counties {
				fmt.Fprintf(&b, "%q %d %q", c.Code, c.Target.Year, c.Target.Note)
			}
			key = b.String()
			if cache.disk != nil {
				if err := cache.disk.write(w, dataJob(dir+"counties"), key, func(w render.Writer) error { return writeAreaData(w, a, dir) }); err != nil {
					return err
				}
				continue
			}
			if cd, ok := cache.dataFor(dir + "counties"); ok && cd.key == key {
				for _, f := range cd.files {
					if err := writeFileShared(w, f.path, f.data); err != nil {
						return err
					}
				}
				continue
			}
		}
		files, err := publish.Counties(a)
		if err != nil {
			return err
		}
		cd := cachedData{key: key}
		for _, f := range files {
			cd.files = append(cd.files, dataFile{dir + f.Name, f.Data})
		}
		if cache != nil {
			cache.storeData(dir+"counties", cd)
		}
		for _, f := range cd.files {
			if err := writeFileShared(w, f.path, f.data); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeReportData writes the data files of report i into dir.
func writeReportData(site *Site, w render.Writer, i int, dir string) error {
	in := site.Input(i)
	files, err := publish.CountyYear(site.reportOf(i, in), in)
	return writePublished(w, dir, files, err)
}

// writeAreaData writes the city or province view a of a year (counties.json
// and its CSV) into dir.
func writeAreaData(w render.Writer, a *area.Year, dir string) error {
	files, err := publish.Counties(a)
	return writePublished(w, dir, files, err)
}

// writePublished writes the files that publish made (or its error) into dir.
func writePublished(w render.Writer, dir string, files []publish.File, err error) error {
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := w.WriteFile(dir+f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}
