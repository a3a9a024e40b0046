package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// The build cache (构建缓存) lets gongkai build reuse the files of the
// previous build that nothing they are made of changed since: the pages
// and data files are keyed by the same fingerprints as gongkai serve's
// Cache, and a file whose key is the same and that is still as the last
// build left it (size and modification time) is linked into the new
// output instead of made and written again. It is a file beside the
// destination, like the lock: .gongkai-<name>.cache. It holds no page
// bytes, only keys, paths and the documents' plain text.
//
// It is read only when it was written by the very same gongkai program
// (a digest of the executable) for the same destination; any doubt makes
// a full build.

// cacheFormat is the build cache's layout version.
const cacheFormat = 4

// diskCache is a Cache's part for the build cache.
type diskCache struct {
	file    string      // the cache file
	dest    string      // the destination, absolute
	program programFile // the running program, its Digest filled by digest
	digest  chan string // the program's digest, once computed ("" when it cannot be)

	mu   sync.Mutex
	kept map[string]render.KeptJob // the previous build's jobs, by name
	data map[string]render.KeptJob // this build's jobs outside the renderer (data files, search index), by name

	years *yearsCache // the years of data/ as computed (yearcache.go)
}

// programFile identifies the running program: another gongkai (or the same
// one built again from changed code) may render the same input
// differently. Its Digest is trusted while the executable keeps its path,
// size and modification time, as the output files are.
type programFile struct {
	Path    string
	Size    int64
	ModTime int64
	Digest  string // SHA-256 of the executable
}

// cacheHeader opens the build cache file; Jobs cacheJob values follow, so
// that a build that cannot reuse anything reads no further.
type cacheHeader struct {
	Format  int
	Program programFile
	Dest    string
	Jobs    int
	Years   string // the id of the years file written with it (yearcache.go)
}

// cacheJob is one kept job of the build cache file.
type cacheJob struct {
	Name string
	Job  render.KeptJob
}

// CacheFileName is the build cache of the destination dest, beside it.
func CacheFileName(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), ".gongkai-"+filepath.Base(dest)+".cache")
}

// indexJob is the build cache's name of the search index's files.
const indexJob = "search\x00index"

// keptIndex is the search index the previous build kept, for
// portal.Options.KeptIndex: nil without the build cache. Without its key
// when its first file is no longer as kept (the output was deleted): it
// cannot be reused, so the portal makes the key while it builds the index,
// not before it (a hash of every document's text, on one core).
func (c *Cache) keptIndex(fsys afero.Fs) *render.KeptJob {
	if c == nil || c.disk == nil {
		return nil
	}
	k := c.disk.kept[indexJob]
	if len(k.Files) > 0 {
		if now := output.Keep(fsys, c.disk.dest, []string{k.Files[0].Path}); len(now) != 1 || now[0] != k.Files[0] {
			return &render.KeptJob{}
		}
	}
	return &k
}

// keepIndex records the search index this build wrote.
func (c *Cache) keepIndex(j render.KeptJob) {
	if c == nil || c.disk == nil || j.Key == "" {
		return
	}
	c.disk.record(indexJob, j.Key, j.Files)
}

// dataJob is the build cache's name of a county-year's data files, or of a
// year's area files; never a page's (page jobs are named by their URL).
func dataJob(dir string) string { return "data\x00" + dir }

// openBuildCache returns the Cache of a build with the build cache: what the
// previous build of dest kept, if it was this program's.
func openBuildCache(fsys afero.Fs, dest string) *Cache {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil // not knowing the program, nothing can be reused safely
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	d := &diskCache{file: CacheFileName(abs), dest: abs, data: map[string]render.KeptJob{}, digest: make(chan string, 1),
		program: programFile{Path: exe, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}}
	var h cacheHeader
	var dec *gob.Decoder
	f, err := fsys.Open(d.file)
	if err == nil {
		defer f.Close()
		dec = gob.NewDecoder(bufio.NewReader(f))
		if dec.Decode(&h) != nil || h.Format != cacheFormat || h.Dest != abs {
			dec = nil
		}
	}
	p := h.Program
	if dec != nil && p.Path == exe && p.Size == d.program.Size && p.ModTime == d.program.ModTime && p.Digest != "" {
		d.digest <- p.Digest
	} else {
		// Hashed while the build reads the site; needed by then only to
		// compare, or to save.
		go func() { d.digest <- fileDigest(exe) }()
	}
	sameProgram := dec != nil && d.programDigest() == p.Digest && p.Digest != ""
	// The years computed do not depend on the output: they are this
	// program's whatever became of its files (a cut cache file too: each
	// year carries its own sum).
	years := ""
	if sameProgram {
		years = h.Years
	}
	d.years = openYears(fsys, abs, years)
	// Only an output of gongkai's (its marker) can hold files to reuse.
	if m, err := fsys.Stat(filepath.Join(abs, output.Marker)); err != nil || !m.Mode().IsRegular() {
		sameProgram = false
	}
	if sameProgram {
		d.kept = make(map[string]render.KeptJob, h.Jobs)
		for n := 0; n < h.Jobs; n++ {
			var j cacheJob
			if dec.Decode(&j) != nil {
				d.kept = nil // a cut or broken file: nothing from it
				break
			}
			d.kept[j.Name] = j.Job
		}
	}
	c := NewCache()
	c.disk = d
	c.pages = render.NewDiskCache(d.kept)
	return c
}

// keptFiles lists the files the previous build kept and their
// directories (site paths), for output.Stage.Premake; nil without them.
func (c *Cache) keptFiles() (dirs, files []string) {
	if c == nil || c.disk == nil || len(c.disk.kept) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	for _, j := range c.disk.kept {
		for _, f := range j.Files {
			files = append(files, f.Path)
			for d := path.Dir(f.Path); d != "." && d != "/" && !seen[d]; d = path.Dir(d) {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	return dirs, files
}

// programDigest is the running program's digest, "" when it cannot be read.
func (d *diskCache) programDigest() string {
	s := <-d.digest
	d.digest <- s
	return s
}

// fileDigest is the SHA-256 of a file, "" when it cannot be read.
func fileDigest(name string) string {
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return string(h.Sum(nil))
}

// write writes the files of the job name (data files, outside the
// renderer's jobs) with make, or reuses them from the previous build when
// its key is the same and they are as they were kept.
func (d *diskCache) write(w render.Writer, name, key string, make func(render.Writer) error) error {
	key = render.KeyDigest(key)
	k := d.kept[name]
	reused, err := render.ReuseKept(w, k, key)
	if err != nil {
		return err
	}
	if !reused {
		rec := &render.PathRecorder{W: w}
		if err := make(rec); err != nil {
			return err
		}
		k.Files = rec.Files
	}
	d.record(name, key, k.Files)
	return nil
}

// reusedAsKept tells a job's files reused from the previous build, whose
// records are whole, from the paths of files made anew.
func reusedAsKept(files []output.Kept) bool {
	for _, f := range files {
		if f.ModTime == 0 && f.Size == 0 {
			return false
		}
	}
	return len(files) > 0
}

func (d *diskCache) record(name, key string, files []output.Kept) {
	d.mu.Lock()
	d.data[name] = render.KeptJob{Key: key, Files: files}
	d.mu.Unlock()
}

// keep is output.Keep, with the records the stage made as it wrote the
// files (output.Stage.Written) where it has them.
func keep(fsys afero.Fs, dest string, paths []string, written func(string) (output.Kept, bool)) []output.Kept {
	out := make([]output.Kept, 0, len(paths))
	for _, p := range paths {
		k, ok := written(p)
		if !ok {
			return output.Keep(fsys, dest, paths)
		}
		out = append(out, k)
	}
	return out
}

// save writes the build cache after the output is in place: every job of
// this build with its files as they are now in the destination. A failure
// is not the build's: the next build is then a full one for the jobs whose
// files it cannot trust.
func (d *diskCache) save(fsys afero.Fs, pages *render.Cache, written func(string) (output.Kept, bool)) {
	jobs := pages.Jobs()
	d.mu.Lock()
	for name, j := range d.data {
		jobs[name] = j
	}
	d.mu.Unlock()
	names := make([]string, 0, len(jobs))
	for name := range jobs {
		names = append(names, name)
	}
	sort.Strings(names)
	// Performance: the files as the stage wrote them; a stat of each
	// other file, on every core.
	kept := make([][]output.Kept, len(names))
	workers.Each(len(names), nil, func(i, _ int) {
		j := jobs[names[i]]
		if reusedAsKept(j.Files) {
			// Reused: the very files that were checked against these
			// records, linked (or copied with their times) into place.
			kept[i] = j.Files
			return
		}
		paths := make([]string, len(j.Files))
		for i, f := range j.Files {
			paths[i] = f.Path
		}
		if k := keep(fsys, d.dest, paths, written); len(k) == len(paths) {
			kept[i] = k
		}
	})
	for i, name := range names {
		if kept[i] == nil && len(jobs[name].Files) > 0 {
			delete(jobs, name) // a file went missing: not reusable
			continue
		}
		j := jobs[name]
		j.Files = kept[i]
		jobs[name] = j
	}
	d.program.Digest = d.programDigest()
	if d.program.Digest == "" {
		d.years.abort(fsys)
		_ = fsys.Remove(d.file)
		return
	}
	years := d.years.commit(fsys, d.dest)
	tmp := d.file + ".tmp"
	f, err := fsys.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return
	}
	// Some 8 MB for 2,000 documents: written in large pieces, not 4 KB.
	w := bufio.NewWriterSize(f, 256<<10)
	// One value per job: one encoding of the whole map grew a buffer as
	// large as the file, copying it again and again.
	enc := gob.NewEncoder(w)
	err = enc.Encode(cacheHeader{Format: cacheFormat, Program: d.program, Dest: d.dest, Jobs: len(jobs), Years: years})
	for _, name := range names {
		if j, ok := jobs[name]; ok && err == nil {
			err = enc.Encode(cacheJob{name, j})
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err != nil || fsys.Rename(tmp, d.file) != nil {
		_ = fsys.Remove(tmp)
	}
}
