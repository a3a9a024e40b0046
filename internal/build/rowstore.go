package build

import (
	"os"
	"sync"
)

// rowStore keeps the packed rows of every county-year (data.Pack) of a
// build of summaries out of the heap, in a temporary file that is read
// back county-year by county-year (Site.Input). Performance: the packed
// rows were the largest part of the heap that grew with the number of
// school parts (docs/performance.md, “内存”); the pages that show school
// parts read one county-year at a time, and the kernel's page cache keeps
// what is read often.
//
// Without a temporary file (none can be made) the rows stay in memory.
type rowStore struct {
	mu   sync.Mutex
	f    *os.File
	name string // the file's name while it could not be removed (Windows)
	size int64
	err  error // why rows stay in memory: no file could be made, or a write failed (the rows after it)
}

// rowsRef is where one county-year's packed rows are: in the file at off,
// n bytes long, or in b.
type rowsRef struct {
	off int64
	n   int
	b   []byte
}

// newRowStore makes the temporary file in the system's temporary directory
// and removes its name at once where the system allows it, so that nothing
// is left behind when the process ends however it ends.
func newRowStore() *rowStore {
	s := &rowStore{}
	f, err := os.CreateTemp("", "gongkai-rows-*")
	if err != nil {
		s.err = err
		return s
	}
	s.f = f
	if os.Remove(f.Name()) != nil {
		s.name = f.Name()
	}
	return s
}

// put stores b and returns where it is; b is not kept.
func (s *rowStore) put(b []byte) rowsRef {
	if s == nil {
		return rowsRef{b: b}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil || s.err != nil {
		return rowsRef{b: b}
	}
	if _, err := s.f.WriteAt(b, s.size); err != nil {
		s.err = err
		return rowsRef{b: b}
	}
	r := rowsRef{off: s.size, n: len(b)}
	s.size += int64(len(b))
	return r
}

// get reads the rows at r back.
func (s *rowStore) get(r rowsRef) ([]byte, error) {
	if r.b != nil || r.n == 0 {
		return r.b, nil
	}
	b := make([]byte, r.n)
	_, err := s.f.ReadAt(b, r.off)
	return b, err
}

// mustGet is get of what the build itself put: an error is its own
// temporary file failing under it, not something to report and go on.
func (s *rowStore) mustGet(r rowsRef) []byte {
	b, err := s.get(r)
	if err != nil {
		panic(err)
	}
	return b
}

// close removes the temporary file.
func (s *rowStore) close() {
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	if s.name != "" {
		os.Remove(s.name)
	}
	s.f = nil
}
