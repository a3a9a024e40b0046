package output

import (
	"maps"
	"sort"
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
// wrote with other bytes.
type Memory struct {
	mu      sync.Mutex
	files   map[string]memFile
	claims  claims
	bytes   int64
	gen     int
	changed map[string]bool // nil for a first output
}

// memFile is a file's bytes, or the page that makes them on request.
type memFile struct {
	data []byte
	lazy *Lazy
	gen  int // the build that wrote it last
}

// NewMemory returns an empty output.
func NewMemory() *Memory { return &Memory{files: map[string]memFile{}} }

// Next returns an output for the next build that starts as m's files; m is
// not changed by it.
func (m *Memory) Next() *Memory {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &Memory{
		files: maps.Clone(m.files), gen: m.gen + 1, changed: map[string]bool{},
		claims: claims{file: make(map[string]bool, len(m.claims.file)), dir: make(map[string]string, len(m.claims.dir))},
	}
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
	clean, err := sitePath(p)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.claims.claim(clean); err != nil {
		return err
	}
	old, had := m.files[clean]
	if m.changed != nil && !(had && old.lazy == f.lazy && sameSlice(old.data, f.data)) {
		m.changed[clean] = true
	}
	m.files[clean] = f
	m.bytes += int64(len(f.data))
	return nil
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
	return m.claims.files()
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
// build that this one did not write.
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
		}
	}
	return nil
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
