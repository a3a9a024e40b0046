package render

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/output"
)

// Cache keeps what each page's job wrote, by the job's key, from one build
// to the next: gongkai serve passes one (Input.Cache), so that a rebuild
// renders only the pages whose input changed — after one data row of a
// province site, a few dozen of its 9,350 files — and writes the others
// as they were.
//
// A job's key is made of Input.Key (everything every page depends on: the
// site, the theme, the navigation, the day), Input.DocsKey for the pages
// made from the documents, Input.DataKey for the home page and documents
// that quote figures through shortcodes, and ExtraPage.Key for the pages of
// the later stages, which know what their pages are made of. A job without
// a key (an ExtraPage with an empty Key) is rendered every time. A job that
// reported a diagnostic is not kept, so that it reports it again. Not for concurrent builds.
//
// A cache made by NewDiskCache is gongkai build's (the build cache): it
// holds no page bytes, only what the previous build's output files were
// (KeptJob), and reuses those files in place (ReusingWriter).
type Cache struct {
	mu      sync.Mutex
	gen     int
	entries map[string]*cacheEntry // by job name
	kept    map[string]KeptJob     // NewDiskCache's; nil in memory
	log     keptLog                // NewDiskCache's jobs of this build (runKept)
}

// KeptJob is what a job wrote in an earlier build, as the build cache keeps
// it on disk: its key, its files in that build's output and a document's
// plain text (for the search index).
type KeptJob struct {
	Key   string // KeyDigest of the job's key
	Files []output.Kept
	Plain string
}

// keepsDigests tells whether c is the build cache's (NewDiskCache), which
// keeps the KeyDigest of each job's key: Render then gives its jobs that
// form of the key.
func (c *Cache) keepsDigests() bool { return c != nil && c.kept != nil }

// KeyDigest is the form of a job's key that the build cache keeps: a
// page's key holds the fingerprints of every input it shows, which the
// cache file need not repeat.
func KeyDigest(key string) string {
	sum := sha256.Sum256([]byte(key))
	return string(sum[:])
}

// ReusingWriter can take files of the previous build's output unchanged
// (output.Stage.Reuse): false, with nothing written, when one of them is
// no longer as it was kept.
type ReusingWriter interface {
	Writer
	Reuse(files []output.Kept) (bool, error)
}

// NewDiskCache returns a cache for one build that takes the jobs kept from
// the previous build (by job name) from its output files, when their keys
// are the same, and keeps no bytes in memory.
func NewDiskCache(kept map[string]KeptJob) *Cache {
	if kept == nil {
		kept = map[string]KeptJob{}
	}
	return &Cache{entries: map[string]*cacheEntry{}, kept: kept}
}

// Jobs returns the jobs of the last build, by name, with their files: as
// kept, for a job reused from the previous build (the same files, checked
// when reused); the paths only for a job made anew (the caller records the
// rest once the output is in place).
func (c *Cache) Jobs() map[string]KeptJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]KeptJob, len(c.entries)+c.log.jobs)
	c.log.each(c.gen, func(name string, k KeptJob) { out[name] = k })
	for name, e := range c.entries {
		if e.gen != c.gen {
			continue
		}
		k := KeptJob{Key: e.key, Plain: e.plain, Files: make([]output.Kept, len(e.files))}
		for i, f := range e.files {
			k.Files[i].Path = f.path
		}
		out[name] = k
	}
	return out
}

type cacheEntry struct {
	key   string
	gen   int
	files []cachedFile
	plain string
	lazy  *output.Lazy // the page (files[0]) when it is made on request
}

type cachedFile struct {
	path string
	data []byte // never changed once stored: shared with SharingWriters
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]*cacheEntry{}} }

// SharingWriter is a Writer that can keep the bytes given to WriteShared:
// the caller never changes them (cached pages, static files). gongkai
// serve's in-memory output keeps them without a copy.
type SharingWriter interface {
	Writer
	WriteShared(path string, data []byte) error
}

// writeShared writes data, which will not change, at p.
func writeShared(w Writer, p string, data []byte) error {
	if sw, ok := w.(SharingWriter); ok {
		return sw.WriteShared(p, data)
	}
	return w.WriteFile(p, data)
}

// begin starts a build: entries not used by it are dropped by end.
func (c *Cache) begin() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	c.mu.Unlock()
}

// end drops the entries of jobs this build did not have (pages that went
// away). A cancelled build keeps them all.
func (c *Cache) end(complete bool) {
	if c == nil || !complete {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for name, e := range c.entries {
		if e.gen != c.gen {
			delete(c.entries, name)
		}
	}
}

// run runs j, or writes what it wrote last time when its key is the same.
// With eager (see Input.Eager), a page whose key changed and that eager
// does not name is written as a page made on request, when w can take one.
func (c *Cache) run(j job, w Writer, eager func(string) bool) ([]diag.Diagnostic, error) {
	if c == nil || j.key == "" {
		return j.run(w)
	}
	if c.kept != nil {
		return c.runKept(j, w)
	}
	c.mu.Lock()
	e := c.entries[j.name]
	changed := e != nil
	if e != nil && e.key == j.key {
		e.gen = c.gen
	} else {
		e = nil
	}
	c.mu.Unlock()
	lw, lazyOK := w.(LazyWriter)
	failed := false
	if e != nil && e.lazy != nil {
		if e.lazy.Done() || !lazyOK {
			if _, err := e.lazy.Bytes(); err != nil {
				e, failed = nil, true // rendered below, to report its error
			}
		} else {
			// Not made yet: made, when asked for, by this build's job.
			e.lazy.Renew(j.lazy())
		}
		if e != nil && lazyOK {
			return nil, lw.WriteLazy(j.out(), e.lazy)
		}
	}
	if e != nil {
		for _, f := range e.files {
			data := f.data
			if e.lazy != nil {
				data, _ = e.lazy.Bytes()
			}
			if err := writeShared(w, f.path, data); err != nil {
				return nil, err
			}
		}
		if j.plain != nil {
			*j.plain = e.plain
		}
		return nil, nil
	}
	if out := j.out(); changed && !failed && lazyOK && eager != nil && out != "" && j.plain == nil && !eager(out) {
		e = &cacheEntry{key: j.key, gen: c.gen, files: []cachedFile{{path: out}}, lazy: output.NewLazy(j.lazy())}
		c.mu.Lock()
		c.entries[j.name] = e
		c.mu.Unlock()
		return nil, lw.WriteLazy(out, e.lazy)
	}
	rec := &recordingWriter{w: w}
	ds, err := j.run(rec)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || len(ds) > 0 {
		delete(c.entries, j.name)
		return ds, err
	}
	e = &cacheEntry{key: j.key, gen: c.gen, files: rec.files}
	if j.plain != nil {
		e.plain = *j.plain
	}
	c.entries[j.name] = e
	return ds, nil
}

// LazyWriter can take a page made when it is first asked for
// (output.Memory, for gongkai serve).
type LazyWriter interface {
	Writer
	WriteLazy(path string, l *output.Lazy) error
}

// lazy returns how the page of j (one page: j.out()) is made on request. A
// diagnostic is then an error: the page cannot be made.
func (j job) lazy() func() ([]byte, error) {
	return func() ([]byte, error) {
		w := &pageWriter{path: j.out()}
		ds, err := j.run(w)
		if err == nil && len(ds) > 0 {
			err = errors.New(ds[0].Error())
		}
		if err == nil && !w.written {
			err = fmt.Errorf("%s: 页面没有生成", j.out())
		}
		if err != nil {
			return nil, err
		}
		return w.data, nil
	}
}

// pageWriter keeps the one page a job writes.
type pageWriter struct {
	path    string
	data    []byte
	written bool
}

func (w *pageWriter) WriteFile(p string, data []byte) error {
	if p != w.path || w.written {
		return fmt.Errorf("%s: 按需生成的页面写了 %s", w.path, p)
	}
	w.data, w.written = append([]byte(nil), data...), true
	return nil
}

// runKept runs j, or reuses its files of the previous build's output when
// its key is the same and they are as they were kept.
func (c *Cache) runKept(j job, w Writer) ([]diag.Diagnostic, error) {
	key := j.key // a KeyDigest already (keepsDigests)
	k := c.kept[j.name]
	reused, err := ReuseKept(w, k, key)
	if err != nil {
		return nil, err
	}
	files := k.Files
	if reused {
		if j.plain != nil {
			*j.plain = k.Plain
		}
	} else {
		rec := &PathRecorder{W: w}
		ds, err := j.run(rec)
		if err != nil || len(ds) > 0 {
			return ds, err
		}
		files = rec.Files
	}
	plain := ""
	if j.plain != nil {
		plain = *j.plain
	}
	c.mu.Lock()
	c.log.add(c.gen, j.name, key, files, plain)
	c.mu.Unlock()
	return nil, nil
}

// SpillLog keeps the record of this build's jobs (a cache made by
// NewDiskCache) outside the heap, piece by piece, through store (the
// build's temporary file), which gives back how to read a piece again:
// Jobs reads them back in order. It grows with the pages of the site.
func (c *Cache) SpillLog(store func(b []byte) func() []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log.log.Spill(store)
}

// keptLog is what runKept records of each job for Jobs, appended to
// pieces of one log of bytes rather than kept as an entry per job.
// Performance: a province's site has tens of thousands of jobs; an entry
// each (its key, name and files, all behind pointers) was held until the
// build ended and marked by every collection, where a record is smaller
// and holds no pointer. The documents' plain texts are kept as they are
// (the render's own strings, not copied).
type keptLog struct {
	log   codec.Log // of keptLogChunk pieces
	jobs  int
	plain map[string]string // by job name, for a job with a plain text
}

// keptLogChunk is the size of a piece of the log.
const keptLogChunk = 256 << 10

// add records a job of build gen (under Cache.mu).
func (l *keptLog) add(gen int, name, key string, files []output.Kept, plain string) {
	n := 4*binary.MaxVarintLen64 + len(name) + len(key)
	for _, f := range files {
		n += 3*binary.MaxVarintLen64 + len(f.Path)
	}
	l.log.Piece = keptLogChunk
	l.log.Append(n, func(b []byte) []byte {
		b = binary.AppendUvarint(b, uint64(gen))
		b = codec.AppendString(b, name)
		b = codec.AppendString(b, key)
		b = binary.AppendUvarint(b, uint64(len(files)))
		for _, f := range files {
			b = codec.AppendString(b, f.Path)
			b = binary.AppendVarint(b, f.Size)
			b = binary.AppendVarint(b, f.ModTime)
		}
		return b
	})
	l.jobs++
	if plain != "" {
		if l.plain == nil {
			l.plain = map[string]string{}
		}
		l.plain[name] = plain
	}
}

// each calls f with every job of build gen, in the order they were added.
func (l *keptLog) each(gen int, f func(name string, k KeptJob)) {
	l.log.Pieces(func(b []byte) bool {
		l.eachIn(b, gen, f)
		return true
	})
}

// eachIn is each of the jobs in one piece b.
func (l *keptLog) eachIn(b []byte, gen int, f func(name string, k KeptJob)) {
	for r := (codec.Reader{B: b}); len(r.B) > 0; {
		g := r.Uvarint()
		name, key := r.String(), r.String()
		// A job that wrote nothing has no files, not nil (Jobs).
		files := make([]output.Kept, r.Uvarint())
		for i := range files {
			files[i] = output.Kept{Path: r.String(), Size: r.Varint(), ModTime: r.Varint()}
		}
		if int(g) == gen {
			f(name, KeptJob{Key: key, Files: files, Plain: l.plain[name]})
		}
	}
}

// ReuseKept puts the files of k, a job of the previous build, in place
// through w when k's key is key and w can take them as they are
// (ReusingWriter); false, with nothing written, when it cannot.
func ReuseKept(w Writer, k KeptJob, key string) (bool, error) {
	rw, ok := w.(ReusingWriter)
	if !ok || k.Key == "" || k.Key != key {
		return false, nil
	}
	return rw.Reuse(k.Files)
}

// PathRecorder records the paths written through it to W (not the bytes:
// the build cache keeps the files on disk), for a KeptJob.
type PathRecorder struct {
	W     Writer
	Files []output.Kept
}

func (r *PathRecorder) WriteFile(p string, data []byte) error {
	r.Files = append(r.Files, output.Kept{Path: p})
	return r.W.WriteFile(p, data)
}

func (r *PathRecorder) WriteShared(p string, data []byte) error {
	r.Files = append(r.Files, output.Kept{Path: p})
	return writeShared(r.W, p, data)
}

// recordingWriter keeps a copy of what a job writes (the job's buffers are
// reused once WriteFile returns) and writes the copy on.
type recordingWriter struct {
	w     Writer
	files []cachedFile
}

func (r *recordingWriter) WriteFile(p string, data []byte) error {
	return r.WriteShared(p, append([]byte(nil), data...))
}

func (r *recordingWriter) WriteShared(p string, data []byte) error {
	r.files = append(r.files, cachedFile{p, data})
	return writeShared(r.w, p, data)
}
