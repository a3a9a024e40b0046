package build

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/history"
	"github.com/gongkai-dev/gongkai/internal/revision"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// noHistory is a site without a git repository, without spawning git.
type noHistory struct{}

func (noHistory) Read(string) *revision.History { return &revision.History{Reason: revision.NoRepo} }
func (noHistory) Head(string) string            { return "" }

var _ history.Reader = noHistory{}

// inode is the file's inode number: a file the build cache reused is the
// previous build's file, linked.
func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

// TestBuildCacheAsFresh: gongkai build with its build cache (Options.Reuse,
// a real destination on disk) gives byte for byte what a build without it
// gives, after each kind of edit — and does reuse: after one changed data
// row the other county-years' files are the previous build's very files.
// A file changed by hand in the output, and a cache of another program,
// are not trusted.
func TestBuildCacheAsFresh(t *testing.T) {
	dir := t.TempDir()
	site, dest, ref := filepath.Join(dir, "s"), filepath.Join(dir, "public"), filepath.Join(dir, "fresh")
	fsys := afero.NewOsFs()
	if _, err := synth.Generate(fsys, site, synth.Options{Docs: 10, Schools: 20, Years: 3, Counties: 2}); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join("content", "news", "cache.md")
	if err := os.MkdirAll(filepath.Join(site, "content", "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, doc), []byte("+++\ntitle = \"一篇动态\"\npublished = 2024-10-10\n+++\n\n正文。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	build := func(out string, reuse bool) Summary {
		t.Helper()
		sum, diags, err := Build(Options{Fs: fsys, Source: site, Destination: out, Now: now, History: noHistory{}, Reuse: reuse})
		if err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		return sum
	}
	same := func(what string) Summary {
		t.Helper()
		sum := build(dest, true)
		build(ref, false)
		sameFiles(t, what, files(t, fsys, dest), files(t, fsys, ref))
		return sum
	}
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(site, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		nb := strings.Replace(string(b), old, new, 1)
		if nb == string(b) {
			t.Fatalf("%s: %q not found", file, old)
		}
		if err := os.WriteFile(p, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if sum := same("first build"); sum.Reused != 0 {
		t.Errorf("first build: %d files reused from no previous build", sum.Reused)
	}
	if _, err := os.Stat(CacheFileName(dest)); err != nil {
		t.Fatalf("no build cache beside the output: %v", err)
	}
	// Unchanged: nearly every file is the previous build's.
	other := filepath.Join(dest, "reports", "2023", "150102", "index.html")
	before := inode(t, other)
	// The search index too: the first build, which had nothing to reuse,
	// kept its key.
	manifest := filepath.Join(dest, "search", "index.json")
	manifestBefore := inode(t, manifest)
	if sum := same("unchanged"); sum.Reused < sum.Files*9/10 || sum.YearsReused != 3 {
		t.Errorf("unchanged: %d of %d files reused, %d of 3 years", sum.Reused, sum.Files, sum.YearsReused)
	}
	if inode(t, other) != before {
		t.Error("unchanged: a report page was made again")
	}
	if inode(t, manifest) != manifestBefore {
		t.Error("unchanged: the search index was made again")
	}

	// One data row of county 150101 in 2024: the other county-years'
	// pages are kept, that county-year's report is made again.
	changed := filepath.Join(dest, "reports", "2024", "150101", "index.html")
	changedBefore := inode(t, changed)
	if err := synth.ChangeOneRow(fsys, site, 2024); err != nil {
		t.Fatal(err)
	}
	sum := same("data row")
	if inode(t, other) != before {
		t.Error("data row: another county-year's report was made again")
	}
	if inode(t, changed) == changedBefore {
		t.Error("data row: the changed county-year's report was reused")
	}
	if sum.Reused == 0 || sum.Reused == sum.Files {
		t.Errorf("data row: %d of %d files reused", sum.Reused, sum.Files)
	}
	if sum.YearsReused != 2 {
		t.Errorf("data row: %d years taken from the last build, want the 2 unchanged", sum.YearsReused)
	}

	// The years whose files did not change are taken as computed, unless
	// the standards they were computed against changed.
	for _, e := range []struct {
		what, file, old, new string
		years                int
	}{
		{"county.toml", "data/2023/county/150102.toml", "notes = \"", "notes = \"（修订）", 2},
		{"site.toml", "site.toml", "title = \"", "title = \"新", 3},
		{"section", "content/policies/_index.md", "title = \"", "title = \"新的", 3},
	} {
		edit(e.file, e.old, e.new)
		if sum := same(e.what); sum.YearsReused != e.years {
			t.Errorf("%s: %d years taken from the last build, want %d", e.what, sum.YearsReused, e.years)
		}
	}
	f, err := os.OpenFile(filepath.Join(site, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n[standards.primary]\nqualified_teachers = 5.1\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if sum := same("standards"); sum.YearsReused != 0 {
		t.Errorf("standards: %d years taken from the last build, computed against other standards", sum.YearsReused)
	}
	// A cut years file is not read; in a damaged one, the year damaged is
	// read and computed again.
	years := YearsFileName(dest)
	for _, e := range []struct {
		what   string
		damage func(b []byte) []byte
		years  int
	}{
		{"cut years file", func(b []byte) []byte { return b[:len(b)/2] }, 0},
		{"damaged year", func(b []byte) []byte { b[len(b)-len(b)/3] ^= 0x10; return b }, 2}, // inside the last year
	} {
		b, err := os.ReadFile(years)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(years, e.damage(b), 0o644); err != nil {
			t.Fatal(err)
		}
		if sum := same(e.what); sum.YearsReused != e.years {
			t.Errorf("%s: %d years taken from it, want %d", e.what, sum.YearsReused, e.years)
		}
	}
	// A document's body and title, a theme of the site's own, removals.
	edit(doc, "正文。", "修订的正文。")
	same("document body")
	edit(doc, "一篇动态", "一篇修订的动态")
	same("document title")
	if err := os.MkdirAll(filepath.Join(site, "themes", "default", "static", "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "themes", "default", "static", "css", "site.css"), []byte("body{color:#111}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	same("theme file")
	if err := os.Remove(filepath.Join(site, doc)); err != nil {
		t.Fatal(err)
	}
	same("document removed")
	if err := os.RemoveAll(filepath.Join(site, "data", "2022")); err != nil {
		t.Fatal(err)
	}
	same("year removed")

	// A page changed by hand in the output (its modification time changes)
	// is made again.
	b, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, bytes.Replace(b, []byte("<html"), []byte("<HTML"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	same("page changed by hand")

	// The output deleted, the cache kept: the build is whole, and the
	// next one reuses its files.
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	if sum := same("output deleted"); sum.Reused != 0 {
		t.Errorf("output deleted: %d files reused", sum.Reused)
	}
	if sum := same("after the output was deleted"); sum.Reused < sum.Files*9/10 {
		t.Errorf("after the output was deleted: %d of %d files reused", sum.Reused, sum.Files)
	}

	// The same program at another path or time (built again from the same
	// code) is known by its digest; another program's cache is not read.
	h, jobs := readCacheFile(t, CacheFileName(dest))
	h.Program.ModTime++
	writeCacheFile(t, CacheFileName(dest), h, jobs)
	if sum := same("same program, another time"); sum.Reused == 0 {
		t.Error("same program, another time: nothing reused")
	}
	h, jobs = readCacheFile(t, CacheFileName(dest))
	h.Program.ModTime++
	h.Program.Digest = "another gongkai"
	writeCacheFile(t, CacheFileName(dest), h, jobs)
	if sum := same("cache of another program"); sum.Reused != 0 {
		t.Errorf("cache of another program: %d files reused", sum.Reused)
	}
	// A cut cache file: nothing from it.
	h, jobs = readCacheFile(t, CacheFileName(dest))
	writeCacheFile(t, CacheFileName(dest), h, jobs[:len(jobs)/2])
	if sum := same("cut cache file"); sum.Reused != 0 {
		t.Errorf("cut cache file: %d files reused", sum.Reused)
	}
	// Without Reuse, no cache is written.
	if _, err := os.Stat(CacheFileName(ref)); err == nil {
		t.Error("a build without Reuse wrote a build cache")
	}
	if _, err := os.Stat(YearsFileName(ref)); err == nil {
		t.Error("a build without Reuse wrote the build cache's years")
	}
	// Nor does it leave one behind.
	build(dest, false)
	if _, err := os.Stat(YearsFileName(dest)); err == nil {
		t.Error("a build without Reuse left the build cache's years of an earlier build")
	}
}

func readCacheFile(t *testing.T, p string) (cacheHeader, []cacheJob) {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := gob.NewDecoder(f)
	var h cacheHeader
	if err := dec.Decode(&h); err != nil {
		t.Fatal(err)
	}
	jobs := make([]cacheJob, h.Jobs)
	for i := range jobs {
		if err := dec.Decode(&jobs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return h, jobs
}

// writeCacheFile writes a build cache file of h and jobs, h.Jobs left as
// it is (a file cut short says more jobs than it holds).
func writeCacheFile(t *testing.T, p string, h cacheHeader, jobs []cacheJob) {
	t.Helper()
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	if err := enc.Encode(h); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if err := enc.Encode(j); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildCacheKeepsYearWarnings: a year taken from the last build's
// computation still gives its warnings, as a year read again would.
func TestBuildCacheKeepsYearWarnings(t *testing.T) {
	dir := t.TempDir()
	site, dest := filepath.Join(dir, "s"), filepath.Join(dir, "public")
	fsys := afero.NewOsFs()
	if _, err := synth.Generate(fsys, site, synth.Options{Docs: 2, Schools: 20, Years: 2, Counties: 2}); err != nil {
		t.Fatal(err)
	}
	misnamed := filepath.Join(site, "data", "2024", "school.csv")
	if err := os.WriteFile(misnamed, []byte("学校标识码\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	warned := func(what string) Summary {
		t.Helper()
		sum, diags, err := Build(Options{Fs: fsys, Source: site, Destination: dest, Now: now, History: noHistory{}, Reuse: true})
		if err != nil {
			t.Fatalf("%s: %v %v", what, err, diags)
		}
		n := 0
		for _, d := range diags {
			if d.File == "data/2024/school.csv" && d.Severity == diag.Warning {
				n++
			}
		}
		if n != 1 || sum.Warnings != len(diags) {
			t.Errorf("%s: %d warnings about data/2024/school.csv, want 1 (all: %v)", what, n, diags)
		}
		return sum
	}
	warned("first build")
	if sum := warned("second build"); sum.YearsReused != 2 {
		t.Errorf("second build: %d years taken from the last build, want 2", sum.YearsReused)
	}
	// The output removed: no file to reuse, but the years are the same.
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	if sum := warned("output removed"); sum.YearsReused != 2 || sum.Reused != 0 {
		t.Errorf("output removed: %d years and %d files taken from the last build, want 2 and 0", sum.YearsReused, sum.Reused)
	}
}
