package output

import (
	"sort"
	"sync"
)

// Memory is a build's output held in memory, by site path: gongkai serve
// serves it and compares it with the previous build's. It checks paths as
// Stage does. Files given to WriteShared are kept without a copy (the
// writer promises never to change them: pages from the render cache), so a
// rebuild that renders few pages costs little memory and no copying.
type Memory struct {
	mu     sync.Mutex
	files  map[string][]byte
	claims claims
	bytes  int64
}

// NewMemory returns an empty output.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile keeps a copy of data at the site path p.
func (m *Memory) WriteFile(p string, data []byte) error {
	return m.WriteShared(p, append([]byte(nil), data...))
}

// WriteShared keeps data itself at p.
func (m *Memory) WriteShared(p string, data []byte) error {
	clean, err := sitePath(p)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.claims.claim(clean); err != nil {
		return err
	}
	m.files[clean] = data
	m.bytes += int64(len(data))
	return nil
}

// File returns the file at the site path p.
func (m *Memory) File(p string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[p]
	return b, ok
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

// Files returns the number of files written so far.
func (m *Memory) Files() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

// Bytes returns the number of bytes written so far.
func (m *Memory) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// Abort and Commit do nothing: the caller keeps or drops the whole output.
func (m *Memory) Abort() error  { return nil }
func (m *Memory) Commit() error { return nil }
