package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// TestRowStore: the rows put in the store are read back byte for byte,
// from a file and not from the heap, while other rows are put; the file
// leaves nothing in the temporary directory.
func TestRowStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := newRowStore()
	if s.f == nil {
		t.Fatalf("no temporary file: %v", s.err)
	}
	if runtime.GOOS != "windows" {
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("the file keeps its name in %s: %v", dir, left)
		}
	}
	blob := func(i int) []byte { return bytes.Repeat([]byte(fmt.Sprintf("县%03d|", i)), i%7+1) }
	refs := make([]rowsRef, 200)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(refs); i += 4 {
				refs[i] = s.put(blob(i))
				if i >= 4 { // one put earlier by this goroutine
					if b, err := s.get(refs[i-4]); err != nil || !bytes.Equal(b, blob(i-4)) {
						t.Errorf("rows %d read back as %q, %v", i-4, b, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	for i, r := range refs {
		if r.b != nil {
			t.Fatalf("rows %d kept in memory", i)
		}
		if b, err := s.get(r); err != nil || !bytes.Equal(b, blob(i)) {
			t.Errorf("rows %d read back as %q, %v", i, b, err)
		}
	}
	s.close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left in %s: %v", dir, left)
	}
}

// TestRowStoreWithoutFile: where no temporary file can be made, the rows
// stay in memory and are read back the same.
func TestRowStoreWithoutFile(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	s := newRowStore()
	if s.f != nil {
		t.Fatal("a temporary file in a directory that does not exist")
	}
	r := s.put([]byte("rows"))
	if b, err := s.get(r); err != nil || string(b) != "rows" {
		t.Errorf("read back as %q, %v", b, err)
	}
	s.close()
}
