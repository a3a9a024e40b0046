// Package data reads a site's school statistics: data/<year>/schools.csv,
// shared_facilities.csv and county.toml (../shared/spec/data-format.md), into
// the inputs of indicators.Compute, one per county and year, and the
// counties' target years, data/targets.toml (docs/city.md); and writes the
// machine-readable public/data/<year>/schools.csv.
//
// Reading is forgiving where Excel is quirky (GB18030 files, byte-order
// marks, units in headers, full-width digits, thousands separators, empty
// trailing rows and columns) and strict where a figure could silently go
// wrong: every error is reported at its file, line and column, all at once.
// A cell not provided is "未提供", never 0.
package data

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/suggest"
	"github.com/gongkai-dev/gongkai/internal/workers"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// Year is one reporting year: a directory data/<YYYY>/ holding schools.csv.
type Year struct {
	Year int
	// Counties holds one input per county, sorted by county code. A site of a
	// single county (schools.csv without county_code) has exactly one, whose
	// County comes from data/<year>/county.toml.
	Counties []indicators.Input
	Rows     int // school-part rows read from schools.csv
	// Digest fingerprints the year directory's files (names and bytes)
	// when it was read through a Cache; "" otherwise. Two reads with the
	// same Digest are the same Year.
	Digest string
}

// Cache keeps the years Load read, by the bytes of their files, so that
// reading the data again (gongkai serve, after an edit) parses only the
// years whose files changed: one year of a province site instead of ten.
// A kept year is reused as it is — its Counties are never changed by the
// build — with the diagnostics it had. Safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	years map[string]cachedYear // by year directory name

	// Earlier, when set, gives a year that an earlier build read from
	// files of the same digest (yearDigest), with its diagnostics; ok is
	// false when it has none. The build cache sets it: the years that did
	// not change since the last build are not read again. The Year it
	// gives has no rows; the one who set Earlier keeps what it made of
	// them.
	Earlier func(name, digest string) (y Year, diags []diag.Diagnostic, ok bool)
}

type cachedYear struct {
	digest string
	stamp  string // yearStamp when digest was taken
	year   Year
	found  bool
	diags  []diag.Diagnostic
	// rows are its schools.csv's rows, kept once the year was read again
	// (an edit in serve: the next edit of the year reads only the rows
	// that changed); nil for a year read once.
	rows *keptRows
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{years: map[string]cachedYear{}} }

// walkYear calls visit with every file under a year directory; false when
// one cannot be walked or visited.
func walkYear(fsys afero.Fs, dir string, visit func(p string, info fs.FileInfo) bool) bool {
	ok := true
	_ = afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		ok = ok && err == nil && visit(p, info)
		return nil
	})
	return ok
}

// yearStamp lists the path, type, size and modification time of every
// file under a year directory; "" when one cannot be read. While it stays
// the same, the year's files are taken to be unchanged and its digest is
// not taken again, as gongkai serve's watcher and content.Cache take a
// file: hashing every year's files on each rebuild was most of the time
// spent on the years that did not change.
func yearStamp(fsys afero.Fs, dir string) string {
	var b strings.Builder
	if !walkYear(fsys, dir, func(p string, info fs.FileInfo) bool {
		fmt.Fprintf(&b, "%q %v %d %d\n", p, info.Mode().Type(), info.Size(), info.ModTime().UnixNano())
		return true
	}) {
		return ""
	}
	return b.String()
}

// yearDigest hashes the names and bytes of every regular file under a year
// directory; "" when one cannot be read (the year is then read anew).
func yearDigest(fsys afero.Fs, dir string) string {
	h := sha256.New()
	if !walkYear(fsys, dir, func(p string, info fs.FileInfo) bool {
		fmt.Fprintf(h, "%q %v %d\n", p, info.Mode().Type(), info.Size())
		if !info.Mode().IsRegular() {
			return true
		}
		f, err := fsys.Open(p)
		if err != nil {
			return false
		}
		defer f.Close()
		_, err = io.Copy(h, f)
		return err == nil
	}) {
		return ""
	}
	return string(h.Sum(nil))
}

// Dataset is every reporting year of a site, ascending by year, and the
// counties' target years.
type Dataset struct {
	Years []Year
	// Targets is data/targets.toml; nil when the site has none.
	Targets *Targets
}

// File names inside a year directory.
const (
	schoolsName = "schools.csv"
	sharedName  = "shared_facilities.csv"
	countyName  = "county.toml"
	countyDir   = "county"
)

// Load reads data/<year>/ of the site at siteDir through fsys. A site
// without data/ is an empty dataset. Diagnostics name files relative to
// siteDir with forward slashes (data/2024/schools.csv); the build must stop
// when the list has errors.
func Load(fsys afero.Fs, siteDir string) (*Dataset, *diag.List) {
	return LoadCached(fsys, siteDir, nil)
}

// LoadCached is Load, reusing the years of c whose files are unchanged and
// keeping the years it reads in c (c may be nil).
func LoadCached(fsys afero.Fs, siteDir string, c *Cache) (*Dataset, *diag.List) {
	return LoadEach(fsys, siteDir, c, nil)
}

// LoadEach is LoadCached calling each (when not nil) with every year found,
// as soon as it is read, on the goroutine that read it: several years at
// once, each year once. A caller that keeps only what it makes of a year's
// rows can drop them there, so that the rows of every year are never held
// at the same time. The Year it is given is the one the Dataset returns
// (and c keeps); diags are the year's diagnostics when it was read through
// c, nil without c.
func LoadEach(fsys afero.Fs, siteDir string, c *Cache, each func(y *Year, diags []diag.Diagnostic)) (*Dataset, *diag.List) {
	return loadEach(fsys, siteDir, c, each, newGate(yearsInFlight))
}

// loadEach is LoadEach with the gate its years pass.
func loadEach(fsys afero.Fs, siteDir string, c *Cache, each func(y *Year, diags []diag.Diagnostic), g *gate) (*Dataset, *diag.List) {
	dl := &diag.List{}
	ds := &Dataset{}
	dataDir := filepath.Join(siteDir, "data")
	if err := sitefs.Check(fsys, siteDir, "data"); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: "data", Msg: "无法读取: " + err.Error()})
		}
		return ds, dl
	}
	fi, err := fsys.Stat(dataDir)
	if err != nil {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: "data", Msg: "无法读取: " + err.Error()})
		return ds, dl
	}
	if !fi.IsDir() {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: "data", Msg: "应为目录, 其中每个年度一个子目录, 如 data/2024/"})
		return ds, dl
	}
	entries, err := afero.ReadDir(fsys, dataDir)
	if err != nil {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: "data", Msg: "无法读取目录: " + err.Error()})
		return ds, dl
	}
	type job struct {
		name string
		year int
	}
	var jobs []job
	var dataFiles []fs.FileInfo
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if e.Mode()&fs.ModeSymlink != 0 {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: "data/" + name, Msg: "无法读取: " + sitefs.ErrSymlink.Error()})
			continue
		}
		if !e.IsDir() {
			dataFiles = append(dataFiles, e)
			continue
		}
		if name == DisclosureDir {
			continue // LoadDisclosure's
		}
		year, ok := parseYear(name)
		if !ok {
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: "data/" + name,
				Msg: "目录名不是四位年份, 已忽略; 年度目录应写作如 data/2024/"})
			continue
		}
		jobs = append(jobs, job{name, year})
	}
	// Years are independent: read them in parallel. The diagnostics are
	// sorted by List.All, so their order does not depend on the scheduling.
	years := make([]Year, len(jobs))
	found := make([]bool, len(jobs))
	in := &names{m: map[string]string{}}
	weights := make([]int64, len(jobs))
	for i, j := range jobs {
		weights[i] = yearBytes(fsys, filepath.Join(dataDir, j.name))
	}
	workers.Each(len(jobs), nil, func(k, _ int) {
		// Newest first: the year most often edited, and the one that
		// takes longest when the others are taken from a cache, starts
		// rather than ends the reading.
		i := len(jobs) - 1 - k
		j := jobs[i]
		// Released after each: the summary is made of the whole year.
		g.acquire(weights[i])
		defer g.release(weights[i])
		var yearDiags []diag.Diagnostic
		if each != nil {
			defer func() {
				if found[i] {
					each(&years[i], yearDiags)
				}
			}()
		}
		if c == nil {
			years[i], found[i] = loadYear(fsys, siteDir, j.name, j.year, in, dl, nil)
			return
		}
		dir := filepath.Join(dataDir, j.name)
		// The stamp before the digest: a file written in between has a
		// newer stamp next time, and is hashed again.
		stamp := yearStamp(fsys, dir)
		c.mu.Lock()
		cy, ok := c.years[j.name]
		c.mu.Unlock()
		digest := cy.digest
		if !ok || stamp == "" || stamp != cy.stamp {
			digest = yearDigest(fsys, dir)
		}
		if ok && digest != "" && digest == cy.digest && stamp != cy.stamp {
			cy.stamp = stamp // touched, not changed
			c.mu.Lock()
			c.years[j.name] = cy
			c.mu.Unlock()
		}
		earlier := false
		if (!ok || cy.digest != digest) && digest != "" && c.Earlier != nil {
			var y Year
			var ds []diag.Diagnostic
			if y, ds, earlier = c.Earlier(j.name, digest); earlier {
				cy = cachedYear{digest: digest, stamp: stamp, year: y, found: true, diags: ds}
				c.mu.Lock()
				c.years[j.name] = cy
				c.mu.Unlock()
			}
		}
		if !earlier && (!ok || digest == "" || cy.digest != digest) {
			yl := &diag.List{}
			var ru *rowReuse
			if ok {
				ru = &rowReuse{prev: cy.rows}
			}
			cy = cachedYear{digest: digest, stamp: stamp}
			cy.year, cy.found = loadYear(fsys, siteDir, j.name, j.year, in, yl, ru)
			if ru != nil {
				cy.rows = ru.next
			}
			cy.year.Digest = digest
			cy.diags = yl.All()
			if digest != "" {
				c.mu.Lock()
				c.years[j.name] = cy
				c.mu.Unlock()
			}
		}
		for _, d := range cy.diags {
			dl.Add(d)
		}
		years[i], found[i], yearDiags = cy.year, cy.found, cy.diags
	})
	for i := range jobs {
		if found[i] {
			ds.Years = append(ds.Years, years[i])
		}
	}
	sort.Slice(ds.Years, func(i, j int) bool { return ds.Years[i].Year < ds.Years[j].Year })
	warnMisnamed(dataFiles, "data", []string{targetsName}, dl)
	for _, e := range dataFiles { // links are refused above
		if e.Name() == targetsName {
			ds.Targets = loadTargets(fsys, siteDir, ds.countyCodes(), dl)
		}
	}
	return ds, dl
}

// countyCodes returns the county codes of every year.
func (ds *Dataset) countyCodes() map[string]bool {
	codes := map[string]bool{}
	for _, y := range ds.Years {
		for _, in := range y.Counties {
			if in.County.Code != "" {
				codes[in.County.Code] = true
			}
		}
	}
	return codes
}

// parseYear accepts a directory name of exactly four digits.
func parseYear(name string) (int, bool) {
	if len(name) != 4 || !allDigits(name) || name[0] == '0' {
		return 0, false
	}
	y, err := strconv.Atoi(name)
	return y, err == nil
}

// readFile reads a file of the site (rel is relative to siteDir), refusing
// links and files over limit bytes; ok is false when it does not exist.
func readFile(fsys afero.Fs, siteDir, rel string, limit int64, dl *diag.List) (b []byte, ok bool) {
	b, err := sitefs.ReadFile(fsys, siteDir, rel, limit)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: rel, Msg: "无法读取: " + err.Error()})
		}
		return nil, false
	}
	return b, true
}

// loadYear reads one year directory; ok is false when it holds no
// schools.csv.
func loadYear(fsys afero.Fs, siteDir, name string, year int, in *names, dl *diag.List, ru *rowReuse) (Year, bool) {
	rel := path.Join("data", name)
	dir := filepath.Join(siteDir, "data", name)
	entries, _ := afero.ReadDir(fsys, dir)
	files := make(map[string]bool)
	for _, e := range entries {
		files[e.Name()] = e.IsDir()
	}
	warnMisnamed(entries, rel, []string{schoolsName, sharedName, countyName}, dl)

	schoolsRel := path.Join(rel, schoolsName)
	b, ok := readFile(fsys, siteDir, schoolsRel, sitefs.MaxCSV, dl)
	if !ok {
		if len(entries) > 0 {
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: rel,
				Msg: "没有 schools.csv, 不作为报告年度"})
		}
		return Year{}, false
	}
	y := Year{Year: year}
	sc := &schoolsResult{byID: map[string][]int{}, seen: map[string]bool{}, countyNames: map[string]string{}}
	if t := readTable(b, schoolsRel, schoolsFile, dl); t != nil {
		t.names = in
		sc = readSchools(t, dl, ru)
	}
	y.Rows = sc.rows

	var shared []indicators.SharedFacility
	sharedRel := path.Join(rel, sharedName)
	if b, ok := readFile(fsys, siteDir, sharedRel, sitefs.MaxCSV, dl); ok {
		if t := readTable(b, sharedRel, sharedFile, dl); t != nil {
			t.names = in
			shared = readShared(t, sc, schoolsRel, dl)
		}
	}

	countyRel := path.Join(rel, countyName)
	readCountyFile := func(relName, wantCode string) indicators.County {
		b, ok := readFile(fsys, siteDir, relName, sitefs.MaxSettings, dl)
		if !ok {
			return indicators.County{}
		}
		c, _ := readCounty(b, relName, dl)
		if wantCode != "" && c.Code != "" && c.Code != wantCode {
			src, _, _, _ := decodeText(b)
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: relName, Line: keyLines(string(src)).find([]string{"code"}),
				Column: "code", Value: c.Code, HasValue: true,
				Msg: fmt.Sprintf("与 schools.csv 的区县代码 %s 不一致", wantCode)})
		}
		return c
	}

	if !sc.hasCounty {
		in := indicators.Input{Year: year, Parts: sc.parts, Shared: shared}
		in.County = readCountyFile(countyRel, "")
		if in.County.Name == "" {
			in.County.Name = commonCountyName(sc.parts)
		}
		if isDir, ok := files[countyDir]; ok && isDir {
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: path.Join(rel, countyDir),
				Msg: "schools.csv 没有区县代码(county_code)列, 按单一区县处理; county/ 目录未被读取"})
		}
		y.Counties = []indicators.Input{in}
		return y, true
	}

	// Several counties: group the parts by county_code. Each county's
	// parts are counted first, so that its slice is made once at its size:
	// the rows are held through the whole build, and grown by append they
	// took a third more memory (docs/performance.md).
	byCode := make(map[string]*indicators.Input)
	var codes []string
	count := map[string]int{}
	for i := range sc.parts {
		count[sc.parts[i].CountyCode]++
	}
	for _, p := range sc.parts {
		in := byCode[p.CountyCode]
		if in == nil {
			in = &indicators.Input{Year: year, Parts: make([]indicators.SchoolPart, 0, count[p.CountyCode])}
			byCode[p.CountyCode] = in
			codes = append(codes, p.CountyCode)
		}
		in.Parts = append(in.Parts, p)
	}
	for _, f := range shared {
		if ix := sc.byID[f.SchoolID]; len(ix) > 0 {
			if in := byCode[sc.parts[ix[0]].CountyCode]; in != nil {
				in.Shared = append(in.Shared, f)
			}
		}
	}
	sort.Strings(codes)
	_, hasCountyToml := files[countyName]
	for _, code := range codes {
		in := byCode[code]
		full := filepath.Join(dir, countyDir, code+".toml")
		relName := path.Join(rel, countyDir, code+".toml")
		if _, err := fsys.Stat(full); err == nil || len(codes) > 1 || !hasCountyToml {
			in.County = readCountyFile(relName, code)
		} else {
			// One county and no county/<code>.toml: county.toml serves.
			in.County = readCountyFile(countyRel, code)
		}
		in.County.Code = code
		if in.County.Name == "" {
			in.County.Name = sc.countyNames[code]
		}
		y.Counties = append(y.Counties, *in)
	}
	if hasCountyToml && len(codes) > 1 {
		dl.Add(diag.Diagnostic{Severity: diag.Warning, File: countyRel,
			Msg: "schools.csv 含多个区县, county.toml 未被读取; 请按区县写 county/<区县代码>.toml"})
	}
	if cents, err := afero.ReadDir(fsys, filepath.Join(dir, countyDir)); err == nil {
		for _, e := range cents {
			n := e.Name()
			if e.IsDir() || strings.HasPrefix(n, ".") {
				continue
			}
			code, isToml := strings.CutSuffix(n, ".toml")
			if !isToml {
				continue
			}
			if byCode[code] == nil {
				dl.Add(diag.Diagnostic{Severity: diag.Warning, File: path.Join(rel, countyDir, n),
					Msg: "schools.csv 中没有区县代码为 " + code + " 的学校, 该文件未被使用"})
			}
		}
	}
	return y, true
}

// commonCountyName returns the county_name shared by every part, or "".
func commonCountyName(parts []indicators.SchoolPart) string {
	name := ""
	for _, p := range parts {
		if p.CountyName == "" {
			continue
		}
		if name != "" && name != p.CountyName {
			return ""
		}
		name = p.CountyName
	}
	return name
}

// warnMisnamed warns about files of a directory (data/ or a year's) that
// look like a misspelling of the files read there, known (Schools.csv,
// school.csv, county.tml, target.toml), which would otherwise be silently
// left out.
func warnMisnamed(entries []fs.FileInfo, rel string, known []string, dl *diag.List) {
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		isKnown := false
		for _, k := range known {
			if n == k {
				isKnown = true
			}
		}
		if isKnown {
			continue
		}
		lower := strings.ToLower(n)
		for _, k := range known {
			if lower == k || suggest.Distance(lower, k) <= 2 {
				dl.Add(diag.Diagnostic{Severity: diag.Warning, File: path.Join(rel, n),
					Msg: fmt.Sprintf("文件未被读取; 是否应命名为 %s?", k)})
				break
			}
		}
	}
}
