package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/render"
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
const cacheFormat = 2

// diskCache is a Cache's part for the build cache.
type diskCache struct {
	file   string // the cache file
	dest   string // the destination, absolute
	binary string // digest of the running program

	mu   sync.Mutex
	kept map[string]render.KeptJob // the previous build's jobs, by name
	data map[string]render.KeptJob // this build's jobs outside the renderer (data files, search index), by name
}

// cacheRecord is the build cache file.
type cacheRecord struct {
	Format int
	Binary string
	Dest   string
	Jobs   map[string]render.KeptJob
}

// CacheFileName is the build cache of the destination dest, beside it.
func CacheFileName(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), ".gongkai-"+filepath.Base(dest)+".cache")
}

// indexJob is the build cache's name of the search index's files.
const indexJob = "search\x00index"

// keptIndex is the search index the previous build kept, for
// portal.Options.KeptIndex: nil without the build cache.
func (c *Cache) keptIndex() *render.KeptJob {
	if c == nil || c.disk == nil {
		return nil
	}
	k := c.disk.kept[indexJob]
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
	bin, err := programDigest()
	if err != nil {
		return nil // not knowing the program, nothing can be reused safely
	}
	d := &diskCache{file: CacheFileName(abs), dest: abs, binary: bin, data: map[string]render.KeptJob{}}
	var rec cacheRecord
	if f, err := fsys.Open(d.file); err == nil {
		if gob.NewDecoder(bufio.NewReader(f)).Decode(&rec) != nil || rec.Format != cacheFormat || rec.Binary != bin || rec.Dest != abs {
			rec.Jobs = nil
		}
		f.Close()
	}
	c := NewCache()
	c.disk = d
	d.kept = rec.Jobs
	c.pages = render.NewDiskCache(rec.Jobs)
	return c
}

// programDigest fingerprints the running program: another gongkai (or the
// same one built again from changed code) may render the same input
// differently.
func programDigest() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return string(h.Sum(nil)), nil
}

// write writes the files of the job name (data files, outside the
// renderer's jobs) with make, or reuses them from the previous build when
// its key is the same and they are as they were kept.
func (d *diskCache) write(w render.Writer, name, key string, make func(render.Writer) error) error {
	key = render.KeyDigest(key)
	if kj, ok := d.kept[name]; ok && kj.Key == key {
		if rw, ok := w.(render.ReusingWriter); ok {
			done, err := rw.Reuse(kj.Files)
			if err != nil {
				return err
			}
			if done {
				d.record(name, key, kj.Files)
				return nil
			}
		}
	}
	rec := &pathsWriter{w: w}
	if err := make(rec); err != nil {
		return err
	}
	d.record(name, key, rec.files)
	return nil
}

func (d *diskCache) record(name, key string, files []output.Kept) {
	d.mu.Lock()
	d.data[name] = render.KeptJob{Key: key, Files: files}
	d.mu.Unlock()
}

// pathsWriter records the paths written through it.
type pathsWriter struct {
	w     render.Writer
	files []output.Kept
}

func (p *pathsWriter) WriteFile(name string, data []byte) error {
	p.files = append(p.files, output.Kept{Path: name})
	return p.w.WriteFile(name, data)
}

// save writes the build cache after the output is in place: every job of
// this build with its files as they are now in the destination. A failure
// is not the build's: the next build is then a full one for the jobs whose
// files it cannot trust.
func (d *diskCache) save(fsys afero.Fs, pages *render.Cache) {
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
	for _, name := range names {
		j := jobs[name]
		paths := make([]string, len(j.Files))
		for i, f := range j.Files {
			paths[i] = f.Path
		}
		j.Files = output.Keep(fsys, d.dest, paths)
		if len(j.Files) != len(paths) {
			delete(jobs, name) // a file went missing: not reusable
			continue
		}
		jobs[name] = j
	}
	tmp := d.file + ".tmp"
	f, err := fsys.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(cacheRecord{Format: cacheFormat, Binary: d.binary, Dest: d.dest, Jobs: jobs})
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
