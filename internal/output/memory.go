package output

import (
	"maps"
	"path"
	"sort"
	"strings"
	"sync"
)

// Memory is a build's output held in memory, by site path: gongkai serve
// serves it and compares it with the previous build's. It checks paths as
// Stage does. Files given to WriteShared are kept without a copy (the
// writer promises never to change them: pages from the render cache), so a
// rebuild that renders few pages costs little memory and no copying.
//
// Next starts the output of the next build from this one's table (one
// copy of the map, not a write per file), so that the previous output
// stays whole for the requests still reading it; Commit then drops what
// the next build did not write again, and Changed tells which paths it
// wrote with other bytes. A file written again with its very bytes (a
// cached page) only has its build number set: it was checked for
// conflicts when first written, and a new path is checked against it.
type Memory struct {
	mu        sync.Mutex
	files     map[string]memFile
	dirs      map[string]int // how many files each directory holds, below it
	bytes     int64
	written   int // files written by this build
	gen       int
	changed   map[string]bool // nil for a first output
	suspects  []string        // new paths under, or over, a file of the last build (Commit)
	conflicts []*ConflictError
}

// memFile is a file's bytes, or the page that makes them on request.
type memFile struct {
	data []byte
	lazy *Lazy
	gen  int // the build that wrote it last
}

// NewMemory returns an empty output.
func NewMemory() *Memory { return &Memory{files: map[string]memFile{}, dirs: map[string]int{}} }

// Next returns an output for the next build that starts as m's files; m is
// not changed by it.
func (m *Memory) Next() *Memory {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &Memory{files: maps.Clone(m.files), dirs: maps.Clone(m.dirs), gen: m.gen + 1, changed: map[string]bool{}}
}

// WriteFile keeps a copy of data at the site path p.
func (m *Memory) WriteFile(p string, data []byte) error {
	return m.WriteShared(p, append([]byte(nil), data...))
}

// WriteShared keeps data itself at p.
func (m *Memory) WriteShared(p string, data []byte) error {
	return m.put(p, memFile{data: data, gen: m.gen})
}

// WriteLazy keeps at p a page that is made when it is first read (File).
func (m *Memory) WriteLazy(p string, l *Lazy) error {
	return m.put(p, memFile{lazy: l, gen: m.gen})
}

func (m *Memory) put(p string, f memFile) error {
	m.mu.Lock()
	if old, ok := m.files[p]; ok && old.gen != m.gen && old.lazy == f.lazy && sameSlice(old.data, f.data) {
		// The last build's file, unchanged (p, a key, is clean).
		m.files[p] = f
		m.written++
		m.bytes += int64(len(f.data))
		m.mu.Unlock()
		return nil
	}
	m.mu.Unlock()
	clean, err := sitePath(p)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.claim(clean); err != nil {
		return err
	}
	old, had := m.files[clean]
	if m.changed != nil && !(had && old.lazy == f.lazy && sameSlice(old.data, f.data)) {
		m.changed[clean] = true
	}
	if !had {
		for d := path.Dir(clean); d != "."; d = path.Dir(d) {
			m.dirs[d]++
		}
	}
	m.files[clean] = f
	m.written++
	m.bytes += int64(len(f.data))
	return nil
}

// claim checks that the clean path p is neither written yet by this build
// nor a file where a directory of this build is, or the reverse (see
// claims). A conflict with a file of the last build only is decided by
// Commit, once the files this build did not write are gone.
func (m *Memory) claim(p string) error {
	if f, ok := m.files[p]; ok && f.gen == m.gen {
		return m.conflict(p, p)
	}
	if m.dirs[p] > 0 {
		if other := m.fileUnder(p, true); other != "" {
			return m.conflict(p, other)
		}
		m.suspects = append(m.suspects, p)
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if f, ok := m.files[d]; ok {
			if f.gen == m.gen {
				return m.conflict(p, d)
			}
			m.suspects = append(m.suspects, p)
		}
	}
	return nil
}

func (m *Memory) conflict(p, other string) error {
	e := &ConflictError{Path: p, Other: other}
	m.conflicts = append(m.conflicts, e)
	return e
}

// fileUnder returns a file below the directory dir (of this build only,
// with thisBuild), the first in order; "" when there is none.
func (m *Memory) fileUnder(dir string, thisBuild bool) string {
	first := ""
	for p, f := range m.files {
		if strings.HasPrefix(p, dir+"/") && (!thisBuild || f.gen == m.gen) && (first == "" || p < first) {
			first = p
		}
	}
	return first
}

// sameSlice tells whether a and b are the very same bytes (not a copy).
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// File returns the file at the site path p; a page made on request is made
// now (nil when that fails: see Read).
func (m *Memory) File(p string) ([]byte, bool) {
	b, ok, _ := m.Read(p)
	return b, ok
}

// Read returns the file at p, making a page made on request now, with the
// error of making it.
func (m *Memory) Read(p string) ([]byte, bool, error) {
	m.mu.Lock()
	f, ok := m.files[p]
	m.mu.Unlock()
	if f.lazy != nil {
		b, err := f.lazy.Bytes()
		return b, true, err
	}
	return f.data, ok, nil
}

// Pending tells whether p is a page not made yet (made on request).
func (m *Memory) Pending(p string) bool {
	m.mu.Lock()
	f := m.files[p]
	m.mu.Unlock()
	return f.lazy != nil && !f.lazy.Done()
}

// Lazy returns the page made on request at p, nil for a file written.
func (m *Memory) Lazy(p string) *Lazy {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files[p].lazy
}

// Paths returns every file's site path, sorted.
func (m *Memory) Paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for p := range m.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Changed returns, for an output made by Next, the paths written with
// other bytes than the previous build's (or another page made on request),
// or that went away, sorted; nil for a first output. A file written again
// with its very bytes (a cached page) is not among them; one written with
// a copy of them may be.
func (m *Memory) Changed() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.changed == nil {
		return nil
	}
	out := make([]string, 0, len(m.changed))
	for p := range m.changed {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Files returns the number of files written so far.
func (m *Memory) Files() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.written
}

// Bytes returns the number of bytes written so far (not counting the pages
// made on request).
func (m *Memory) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// Abort does nothing: the caller drops the whole output.
func (m *Memory) Abort() error { return nil }

// Commit drops, from an output made by Next, the files of the previous
// build that this one did not write, and returns the first conflict of a
// new path with a file kept.
func (m *Memory) Commit() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.changed == nil {
		return nil
	}
	for p, f := range m.files {
		if f.gen != m.gen {
			delete(m.files, p)
			m.changed[p] = true
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				if m.dirs[d]--; m.dirs[d] == 0 {
					delete(m.dirs, d)
				}
			}
		}
	}
	var first error
	for _, p := range m.suspects {
		other := ""
		if m.dirs[p] > 0 {
			other = m.fileUnder(p, false)
		}
		for d := path.Dir(p); d != "." && other == ""; d = path.Dir(d) {
			if _, ok := m.files[d]; ok {
				other = d
			}
		}
		if other != "" && first == nil {
			first = m.conflict(p, other)
		}
	}
	return first
}

// Lazy is a page made when it is first asked for: gongkai serve renders
// after a change only the pages being viewed, and the other changed pages
// on request. Its bytes, once made, are kept.
type Lazy struct {
	mu   sync.Mutex
	make func() ([]byte, error)
	data []byte
	err  error
	done bool
}

// NewLazy returns a page made by make.
func NewLazy(make func() ([]byte, error)) *Lazy { return &Lazy{make: make} }

// Bytes makes the page, the first time, and returns it. Calls wait for
// one another.
func (l *Lazy) Bytes() ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.data, l.err = l.make()
		l.done, l.make = true, nil // what make holds (a build's pages) can go
	}
	return l.data, l.err
}

// Done tells whether the page was made.
func (l *Lazy) Done() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done
}

// Renew replaces how a page not made yet is made: by a later build, whose
// job makes the same bytes (the same key) from that build's state.
func (l *Lazy) Renew(make func() ([]byte, error)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.make = make
	}
}
