package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// TestReuse: a file of the destination still as kept goes into the next
// output unchanged (the same file, linked, on disk; a copy elsewhere); one
// changed since is refused, with nothing claimed, so that it can be
// written anew.
func TestReuse(t *testing.T) {
	for _, onDisk := range []bool{true, false} {
		var fsys afero.Fs = afero.NewMemMapFs()
		dest := "/site/public"
		if onDisk {
			fsys, dest = afero.NewOsFs(), filepath.Join(t.TempDir(), "public")
		}
		st, err := NewStage(fsys, dest)
		if err != nil {
			t.Fatal(err)
		}
		for p, s := range map[string]string{"a/index.html": "页面甲", "b/index.html": "页面乙"} {
			if err := st.WriteFile(p, []byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		kept := Keep(fsys, dest, []string{"a/index.html", "b/index.html", "missing.html"})
		if len(kept) != 2 {
			t.Fatalf("onDisk=%v: kept %v, want the two files", onDisk, kept)
		}
		// b is changed by hand, its size kept.
		later := time.Now().Add(time.Minute)
		if err := afero.WriteFile(fsys, filepath.Join(dest, "b", "index.html"), []byte("页面丙"), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = fsys.Chtimes(filepath.Join(dest, "b", "index.html"), later, later)

		st, err = NewStage(fsys, dest)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := st.Reuse(kept); ok || err != nil {
			t.Errorf("onDisk=%v: reused a changed file (%v, %v)", onDisk, ok, err)
		}
		if ok, err := st.Reuse(kept[:1]); !ok || err != nil {
			t.Fatalf("onDisk=%v: the unchanged file not reused (%v, %v)", onDisk, ok, err)
		}
		// Not claimed by the refused Reuse: written anew.
		if err := st.WriteFile("b/index.html", []byte("页面乙")); err != nil {
			t.Fatalf("onDisk=%v: %v", onDisk, err)
		}
		var before os.FileInfo
		if onDisk {
			before, _ = os.Stat(filepath.Join(dest, "a", "index.html"))
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		for p, want := range map[string]string{"a/index.html": "页面甲", "b/index.html": "页面乙"} {
			if b, _ := afero.ReadFile(fsys, filepath.Join(dest, filepath.FromSlash(p))); string(b) != want {
				t.Errorf("onDisk=%v: %s = %q, want %q", onDisk, p, b, want)
			}
		}
		if st.Reused() != 1 {
			t.Errorf("onDisk=%v: Reused() = %d, want 1", onDisk, st.Reused())
		}
		if onDisk {
			after, _ := os.Stat(filepath.Join(dest, "a", "index.html"))
			if !os.SameFile(before, after) {
				t.Error("the reused file was copied, not linked")
			}
		}
		// The previous site is gone, its linked files still in the new one.
		left, _ := afero.ReadDir(fsys, filepath.Dir(dest))
		for _, e := range left {
			if e.Name() != "public" {
				t.Errorf("onDisk=%v: %s left beside the output", onDisk, e.Name())
			}
		}
	}
}
