package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/history"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/portal"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/report"
	"github.com/gongkai-dev/gongkai/internal/revision"
	"github.com/gongkai-dev/gongkai/themes"
)

// Cache keeps, from one build to the next, what did not change: the years
// of data/ as read (data.Cache), each county-year's report and
// fingerprints, the rendered pages and files by their inputs' keys
// (render.Cache), the data files of each county-year, the search index and
// the git history of data/. gongkai serve passes one, so that after one
// changed data row it reads one year again and renders the pages of that
// county-year and of the changed school, not the 9,350 files of a province
// site. A build is never changed by a cache: every kept output is keyed by
// a fingerprint of everything it is made of, and TestIncrementalAsFresh
// holds incremental builds byte-identical to fresh ones. Not for
// concurrent builds.
type Cache struct {
	pages *render.Cache
	index *portal.IndexCache
	years *data.Cache
	docs  *content.Cache
	mu    sync.Mutex
	data  map[string]cachedData // by county-year output directory
	units map[string]cachedUnit // by year digest, county code and standards

	hist    *revision.History // git history of data/
	histKey string            // the HEAD it was read at

	areas map[int]*area.Year // the last build's city or province view, by year

	theme      *render.Theme // the last build's, made of themeFiles
	themeFiles *themes.Files
	themeDiags []diag.Diagnostic

	reports *report.Cache // the last build's data pages
	portal  *portal.Cache // the last build's catalogue, search items and sitemap

	disk *diskCache // gongkai build's build cache (openBuildCache); nil for serve
}

// cachedData is the data files of one county-year, by their key.
type cachedData struct {
	key   string
	files []dataFile
}

// dataFile is one data file of a county-year.
type dataFile struct {
	path string
	data []byte
}

// dataRecorder keeps the files written to it.
type dataRecorder struct{ files []dataFile }

func (r *dataRecorder) WriteFile(p string, data []byte) error {
	r.files = append(r.files, dataFile{p, data})
	return nil
}

// writeFileShared writes data that never changes (kept by the cache).
func writeFileShared(w render.Writer, p string, data []byte) error {
	if sw, ok := w.(render.SharingWriter); ok {
		return sw.WriteShared(p, data)
	}
	return w.WriteFile(p, data)
}

func (c *Cache) dataFor(dir string) (cachedData, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cd, ok := c.data[dir]
	return cd, ok
}

func (c *Cache) storeData(dir string, cd cachedData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[dir] = cd
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{pages: render.NewCache(), index: &portal.IndexCache{}, years: data.NewCache(), docs: content.NewCache(), data: map[string]cachedData{}, units: map[string]cachedUnit{}, reports: report.NewCache(), portal: portal.NewCache()}
}

// oneShot tells that the site is rendered once, by a build that keeps
// nothing in memory for a next one (none, or the build cache on disk), not
// by gongkai serve, which renders pages again on request.
func (c *Cache) oneShot() bool { return c == nil || c.disk != nil }

// contentCache is the cache of content/'s Markdown files (nil without a
// Cache).
func (c *Cache) contentCache() *content.Cache {
	// The build cache reads the documents once: keeping copies of them
	// for a next build in this process would only cost memory.
	if c == nil || c.disk != nil {
		return nil
	}
	return c.docs
}

// reportCache is the cache of the data pages (nil without a Cache, and
// with the build cache: a one-shot build keeps nothing in memory).
func (c *Cache) reportCache() *report.Cache {
	if c == nil || c.disk != nil {
		return nil
	}
	return c.reports
}

// portalCache is the cache of the portal (nil as reportCache).
func (c *Cache) portalCache() *portal.Cache {
	if c == nil || c.disk != nil {
		return nil
	}
	return c.portal
}

// indexCache is the search index's cache (nil as reportCache; the build
// cache keeps the index's files instead, keptIndex).
func (c *Cache) indexCache() *portal.IndexCache {
	if c == nil || c.disk != nil {
		return nil
	}
	return c.index
}

// dataCache is the cache of data/'s years (nil without a Cache).
func (c *Cache) dataCache() *data.Cache {
	if c == nil {
		return nil
	}
	return c.years
}

// cachedUnit is a county-year computed by an earlier build.
type cachedUnit struct {
	report     *indicators.Report
	key        string            // fingerprint of the input
	schoolKeys map[string]string // fingerprint of each school's rows
}

// compute is computeAll for a build with a cache: a county-year read from
// an unchanged year directory (data.Year.Digest), under unchanged
// standards, keeps its report and keys. The others are fingerprinted (on
// every core); one whose input is the same as a county-year of the last
// build keeps that report — a changed row of a schools.csv that holds
// every county changes the year's digest, but the input of one county
// only — and the rest are computed.
func (c *Cache) compute(ins []indicators.Input, digests []string, std indicators.Standards) ([]*indicators.Report, []string, []map[string]string) {
	stdKey := fmt.Sprintf("%#v", std)
	reps := make([]*indicators.Report, len(ins))
	keys := make([]string, len(ins))
	schools := make([]map[string]string, len(ins))
	names := make([]string, len(ins))
	var todo []int
	c.mu.Lock()
	byInput := make(map[string]*indicators.Report, len(c.units))
	for name, u := range c.units {
		if u.key != "" && strings.HasSuffix(name, "\x00"+stdKey) {
			byInput[u.key] = u.report
		}
	}
	for i, in := range ins {
		if digests[i] == "" {
			todo = append(todo, i)
			continue
		}
		names[i] = digests[i] + "\x00" + in.County.Code + "\x00" + stdKey
		if u, ok := c.units[names[i]]; ok {
			reps[i], keys[i], schools[i] = u.report, u.key, u.schoolKeys
		} else {
			todo = append(todo, i)
		}
	}
	c.mu.Unlock()
	parallel(len(todo), func(n int) {
		i := todo[n]
		keys[i], schools[i] = fingerprintInput(ins[i])
		if r := byInput[keys[i]]; r != nil && keys[i] != "" {
			reps[i] = r
			return
		}
		reps[i] = indicators.Compute(ins[i], std)
	})
	used := map[string]cachedUnit{}
	for i := range ins {
		if names[i] != "" {
			used[names[i]] = cachedUnit{reps[i], keys[i], schools[i]}
		}
	}
	c.mu.Lock()
	c.units = used // the county-years of this build only
	c.mu.Unlock()
	return reps, keys, schools
}

// fingerprintInput fingerprints a county-year's input, and each school's rows in
// it (its parts and shared facilities), which are all its school page shows
// of that year. The key of the input covers its year and county, so two
// county-years never share one.
//
// Performance: the rows are written field by field (appendPart,
// appendShared), not through encoding/json's reflection, which took most
// of a serve rebuild's computing; TestFingerprintCoversInput fails when a
// field is added that they leave out.
func fingerprintInput(in indicators.Input) (string, map[string]string) {
	byID := map[string][]byte{}
	var order []string // the schools in the order of their first row
	for i := range in.Parts {
		id := in.Parts[i].SchoolID
		b, seen := byID[id]
		if !seen {
			order = append(order, id)
		}
		byID[id] = appendPart(b, &in.Parts[i])
	}
	for i := range in.Shared {
		id := in.Shared[i].SchoolID
		b, seen := byID[id]
		if !seen {
			order = append(order, id)
		}
		byID[id] = appendShared(b, &in.Shared[i])
	}
	// The whole input: its year and county, and its schools' rows in order
	// (each school's by its key).
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(struct {
		Year   int
		County indicators.County
	}{in.Year, in.County}); err != nil {
		return "", nil // never equal to a key: the pages are made again
	}
	schools := make(map[string]string, len(byID))
	var line []byte
	for _, id := range order {
		sum := sha256.Sum256(byID[id])
		schools[id] = string(sum[:])
		line = strconv.AppendQuote(line[:0], id)
		line = append(line, ' ')
		line = hex.AppendEncode(line, sum[:])
		h.Write(append(line, '\n'))
	}
	// Rows in another order are another input (the order of the tables).
	for i := range in.Parts {
		line = strconv.AppendQuote(line[:0], in.Parts[i].SchoolID)
		line = append(line, ' ')
		line = append(line, in.Parts[i].Level...)
		h.Write(append(line, '\n'))
	}
	for i := range in.Shared {
		line = strconv.AppendQuote(append(line[:0], "shared "...), in.Shared[i].SchoolID)
		h.Write(append(line, '\n'))
	}
	return string(h.Sum(nil)), schools
}

// appendPart writes every field of p, each string with its length so that
// no two parts write the same bytes.
func appendPart(b []byte, p *indicators.SchoolPart) []byte {
	b = append(b, 'p')
	for _, s := range [...]string{p.SchoolID, p.SchoolName, string(p.Level), string(p.SchoolType), p.CountyCode, p.CountyName, p.Township, p.File} {
		b = appendString(b, s)
	}
	for _, n := range [...]int{p.UrbanRuralCode, p.Students, p.Line} {
		b = strconv.AppendInt(append(b, ' '), int64(n), 10)
	}
	b = strconv.AppendBool(append(b, ' '), p.Private)
	for _, f := range [...]indicators.Figure{p.Classes, p.MaxClassSize, p.OversizeClasses,
		p.Teachers, p.CertifiedTeachers, p.QualifiedTeachers, p.BackboneTeachers, p.PEArtTeachers,
		p.TeachingArea, p.SportsArea, p.EquipmentValue, p.MultimediaRooms,
		p.MusicRooms, p.MusicRoomMinArea, p.ArtRooms, p.ArtRoomMinArea} {
		b = appendFigure(b, f)
	}
	switch {
	case p.Boarding == nil:
		b = append(b, " -"...)
	default:
		b = strconv.AppendBool(append(b, ' '), *p.Boarding)
	}
	return append(b, '\n')
}

// appendShared writes every field of f as appendPart does.
func appendShared(b []byte, f *indicators.SharedFacility) []byte {
	b = append(b, 's')
	b = appendString(b, f.SchoolID)
	b = appendString(b, f.File)
	b = strconv.AppendInt(append(b, ' '), int64(f.Line), 10)
	for _, v := range [...]indicators.Figure{f.SeniorStudents, f.TeachingArea, f.SportsArea, f.EquipmentValue, f.MultimediaRooms} {
		b = appendFigure(b, v)
	}
	return append(b, '\n')
}

func appendString(b []byte, s string) []byte {
	b = strconv.AppendInt(append(b, ' '), int64(len(s)), 10)
	return append(append(b, ':'), s...)
}

// appendFigure writes a figure's bits: 0.1 + 0.2 and 0.3 differ.
func appendFigure(b []byte, f indicators.Figure) []byte {
	if !f.Given {
		return append(b, " -"...)
	}
	return strconv.AppendUint(append(b, ' '), math.Float64bits(f.Value), 16)
}

// keepAreas lets each year's city or province view take the last build's
// Area when its counties' reports are the ones kept (area.Year.KeepArea),
// and remembers this build's.
func (c *Cache) keepAreas(years []*area.Year) {
	if c == nil {
		return
	}
	now := make(map[int]*area.Year, len(years))
	for _, y := range years {
		y.KeepArea(c.areas[y.Year])
		now[y.Year] = y
	}
	c.areas = now
}

// loadTheme is LoadTheme, keeping the last build's Theme while the theme's
// files are the same: what the renderer and the report make of them (the
// translations, the minified assets) is then made once.
func (c *Cache) loadTheme(fsys afero.Fs, siteDir, name string) (*render.Theme, []diag.Diagnostic) {
	if c == nil || c.disk != nil {
		return LoadTheme(fsys, siteDir, name)
	}
	f, ds := themes.Read(fsys, siteDir, name)
	if f == nil {
		return nil, ds
	}
	if c.theme == nil || !sameTheme(c.themeFiles, f) {
		c.theme, c.themeDiags = render.NewTheme(f)
		c.themeFiles = f
	}
	return c.theme, append(ds, c.themeDiags...)
}

// sameTheme tells whether two readings of a theme hold the same files.
func sameTheme(a, b *themes.Files) bool {
	return maps.EqualFunc(a.Files, b.Files, bytes.Equal) && maps.Equal(a.Origin, b.Origin)
}

// renderCache is the page cache (nil without a Cache).
func (c *Cache) renderCache() *render.Cache {
	if c == nil {
		return nil
	}
	return c.pages
}

// inputKeys are the fingerprints of a build's inputs that the cached outputs
// depend on.
type inputKeys struct {
	site     string              // site.toml, themes/, the options, the day
	docs     string              // every file of content/
	docsMeta string              // what lists and other pages show of them (front matter, attachments)
	data     string              // every file of data/
	units    []string            // each report's input (indicators.Input), by report
	schools  []map[string]string // each school's rows in it, by report
}

// fingerprint computes the keys of a build when it has a cache.
func (c *Cache) fingerprint(opts Options, site *Site) inputKeys {
	if c == nil {
		return inputKeys{}
	}
	var k inputKeys
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		h := sha256.New()
		fmt.Fprintf(h, "%q %v %v %v %s\n", opts.BaseURL, opts.Strict, opts.Drafts, opts.Future, site.Today)
		hashFile(h, opts.Fs, path.Join(opts.Source, "site.toml"))
		hashTree(h, opts.Fs, path.Join(opts.Source, "themes"))
		if site.Content != nil {
			for _, s := range site.Content.Sections {
				fmt.Fprintf(h, "section %q %q %d\n", s.Name, s.Title, s.Weight)
			}
			// Which documents are built is not only content/'s bytes: a
			// document dated in the future joins the site when its day comes.
			for _, d := range site.Content.Docs {
				fmt.Fprintf(h, "doc %q\n", d.Path)
			}
		}
		k.site = string(h.Sum(nil))
	}()
	go func() {
		defer wg.Done()
		// content.Load fingerprinted the files as it read them.
		if site.Content != nil && site.Content.Digest != "" {
			k.docs, k.docsMeta = site.Content.Digest, site.Content.MetaDigest
			return
		}
		h := sha256.New()
		hashTree(h, opts.Fs, path.Join(opts.Source, content.Dir))
		k.docs = string(h.Sum(nil))
		k.docsMeta = k.docs
	}()
	go func() {
		defer wg.Done()
		h := sha256.New()
		// The years read through the cache carry the digest of their
		// files; hashing them again is not needed.
		read := site.Data != nil && len(site.Data.Years) > 0
		if read {
			for _, y := range site.Data.Years {
				read = read && y.Digest != ""
				fmt.Fprintf(h, "%d %q\n", y.Year, y.Digest)
			}
		}
		if !read {
			hashTree(h, opts.Fs, path.Join(opts.Source, "data"))
		}
		// The disclosure reports' figures and register (not a year).
		hashTree(h, opts.Fs, path.Join(opts.Source, "data", data.DisclosureDir))
		k.data = string(h.Sum(nil))
	}()
	// Each county-year's input, whatever file it came from (a multi-county
	// schools.csv holds every county's rows): one changed row changes the
	// key of its county-year only (Cache.compute).
	k.units, k.schools = site.unitKeys, site.schoolKeys
	wg.Wait()
	return k
}

// hashFile adds a file's name, size and bytes to h, streamed: data/ may
// hold large files, which the hash need not keep.
func hashFile(h io.Writer, fsys afero.Fs, p string) {
	var n int64
	f, err := fsys.Open(p)
	if err == nil {
		n, err = io.Copy(h, f)
		f.Close()
	}
	fmt.Fprintf(h, "\n%q %d %v\n", p, n, err != nil)
}

// hashTree adds every regular file under dir, in order. A link or a pipe is
// refused by the build, and reading one here could block.
func hashTree(h io.Writer, fsys afero.Fs, dir string) {
	var names []string
	_ = afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		hashFile(h, fsys, n)
	}
}

// history returns the git history of data/ (the revisions page): read
// again only when the repository's HEAD moved, since it is made of commits
// only. Spawning git takes a good part of a rebuild otherwise.
func (c *Cache) history(r history.Reader, src string) *revision.History {
	if c == nil {
		return r.Read(src)
	}
	key := r.Head(src)
	if key != "" && key == c.histKey && c.hist != nil {
		return c.hist
	}
	c.hist, c.histKey = r.Read(src), key
	return c.hist
}
