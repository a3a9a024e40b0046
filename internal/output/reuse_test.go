package output

import (
	"os"
	"path/filepath"
	"strings"
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
		fsys, dest, st := newTestStage(t, onDisk)
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

		st, err := NewStage(fsys, dest)
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
		// Linked or copied, the reused file is still as it was kept: the
		// build cache records it again without looking.
		if again := Keep(fsys, dest, []string{"a/index.html"}); len(again) != 1 || again[0] != kept[0] {
			t.Errorf("onDisk=%v: the reused file is now %v, was kept as %v", onDisk, again, kept[0])
		}
		if onDisk {
			after, _ := os.Stat(filepath.Join(dest, "a", "index.html"))
			if !os.SameFile(before, after) {
				t.Error("the reused file was copied, not linked")
			}
		}
		// The previous site is gone, its linked files still in the new one;
		// on disk it is kept as the spare for the next build (TestRecycle).
		left, _ := afero.ReadDir(fsys, filepath.Dir(dest))
		for _, e := range left {
			if e.Name() != "public" && !(onDisk && e.Name() == filepath.Base(SpareName(dest))) {
				t.Errorf("onDisk=%v: %s left beside the output", onDisk, e.Name())
			}
		}
	}
}

// TestRecycle: a build that reused files keeps the retired site beside the
// output, and the next build starts its stage from it. The published site
// is never written through the links the two share, what the spare holds
// and the new build does not write is gone, a link planted in the spare is
// not followed, a file where a directory is now needed (and the reverse) is
// replaced, and the directories are the spare's own, not made again.
func TestRecycle(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewOsFs()
	build := func(write map[string]string, reuse []string) *Stage {
		t.Helper()
		st, err := NewStage(fsys, dest)
		if err != nil {
			t.Fatal(err)
		}
		if len(reuse) > 0 {
			if ok, err := st.Reuse(Keep(fsys, dest, reuse)); !ok || err != nil {
				t.Fatalf("Reuse(%v) = %v, %v", reuse, ok, err)
			}
		}
		for p, s := range write {
			if err := st.WriteFile(p, []byte(s)); err != nil {
				t.Fatalf("WriteFile(%s): %v", p, err)
			}
		}
		return st
	}
	commit := func(st *Stage) {
		t.Helper()
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	commit(build(map[string]string{"a/index.html": "甲1", "b/index.html": "乙1", "c/x.html": "丙1", "d": "丁1", "e/f/index.html": "戊1"}, nil))
	if _, err := os.Lstat(SpareName(dest)); err == nil {
		t.Error("a build that reused nothing kept the retired site")
	}
	// Held open, the first site's directory a keeps its inode number while
	// it exists at all: a directory made anew cannot be given that number.
	held, err := os.Open(filepath.Join(dest, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	dirA, _ := held.Stat()
	commit(build(map[string]string{"b/index.html": "乙2", "d": "丁1", "e/f/index.html": "戊1"}, []string{"a/index.html"}))
	if fi, err := os.Lstat(SpareName(dest)); err != nil || !fi.IsDir() {
		t.Fatalf("the retired site is not kept as the spare: %v", err)
	}
	// A build stopped before it writes (errors in the site) leaves the
	// spare as it was.
	spareBefore := readTree(t, SpareName(dest))
	aborted, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := aborted.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, SpareName(dest)); !sameTree(got, spareBefore) {
		t.Fatalf("a stage aborted before writing did not give the spare back:\n%v\nwant\n%v", got, spareBefore)
	}

	// Planted in the spare: a link to a directory outside.
	if err := os.Symlink(outside, filepath.Join(SpareName(dest), "evil")); err != nil {
		t.Fatal(err)
	}
	published := readTree(t, dest)

	st := build(map[string]string{
		"a/index.html":    "甲3", // the stage holds a link to the published 甲1
		"d/index.html":    "丁3", // d was a file
		"e/f":             "戊3", // e/f was a directory
		"evil/index.html": "恶3",
	}, []string{"b/index.html"})
	if got := readTree(t, dest); !sameTree(got, published) {
		t.Fatalf("the published site changed before the swap:\n%v\nwant\n%v", got, published)
	}
	commit(st)

	want := map[string]string{"a/index.html": "甲3", "b/index.html": "乙2", "d/index.html": "丁3", "e/f": "戊3", "evil/index.html": "恶3", Marker: markerText}
	if got := readTree(t, dest); !sameTree(got, want) {
		t.Errorf("third build:\n%v\nwant\n%v", got, want)
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("a link planted in the spare was followed: %v", entries)
	}
	if fi, err := os.Lstat(filepath.Join(dest, "evil")); err != nil || !fi.IsDir() {
		t.Errorf("evil is not a directory of the stage's own: %v", err)
	}
	if after, _ := os.Stat(filepath.Join(dest, "a")); !os.SameFile(dirA, after) {
		t.Error("directory a was made again, not recycled from the spare")
	}
	for _, gone := range []string{"c"} {
		if _, err := os.Lstat(filepath.Join(dest, gone)); err == nil {
			t.Errorf("%s, no longer written, is still in the output", gone)
		}
	}
}

// readTree returns every file under dir with its contents, and every
// directory (as a path ending in "/"), failing on anything else.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			out[rel+"/"] = ""
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			out[rel] = string(b)
			return err
		default:
			t.Errorf("%s: neither file nor directory", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree compares the files of two trees (readTree); every directory of
// got must hold a file.
func sameTree(got, want map[string]string) bool {
	files := 0
	for p, s := range got {
		if strings.HasSuffix(p, "/") {
			found := false
			for q := range got {
				if strings.HasPrefix(q, p) && !strings.HasSuffix(q, "/") {
					found = true
				}
			}
			if !found {
				return false
			}
			continue
		}
		files++
		if w, ok := want[p]; !ok || w != s {
			return false
		}
	}
	return files == len(want)-countDirs(want)
}

func countDirs(m map[string]string) int {
	n := 0
	for p := range m {
		if strings.HasSuffix(p, "/") {
			n++
		}
	}
	return n
}

// TestSpareIsNotALink: a link planted where the spare is kept is removed,
// not followed: the directory it points to keeps every file, on the next
// build and on a commit that keeps a new spare.
func TestSpareIsNotALink(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	victim := filepath.Join(root, "victim")
	if err := os.MkdirAll(filepath.Join(victim, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(victim, "a", "b", "keep.txt"), []byte("留着"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, victim)
	fsys := afero.NewOsFs()
	for i := 0; i < 3; i++ {
		_ = os.RemoveAll(SpareName(dest))
		if err := os.Symlink(victim, SpareName(dest)); err != nil {
			t.Fatal(err)
		}
		st, err := NewStage(fsys, dest)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if ok, err := st.Reuse(Keep(fsys, dest, []string{"index.html"})); !ok || err != nil {
				t.Fatalf("Reuse: %v, %v", ok, err)
			}
		} else if err := st.WriteFile("index.html", []byte("首页")); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			// Planted again while the build runs, before the commit
			// keeps the retired site there.
			_ = os.RemoveAll(SpareName(dest))
			if err := os.Symlink(victim, SpareName(dest)); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := readTree(t, victim); len(got) != len(want) || got["a/b/keep.txt"] != "留着" {
			t.Fatalf("build %d: the directory a planted link points to changed: %v", i+1, got)
		}
	}
}

// TestPremake: a spare made of the destination's files before the build
// writes. A file reused is the published one; one written is written anew,
// never through the link; what no file claims is gone before the swap; a
// directory where a file now goes gives way to it; a link planted in the
// destination is not carried over; a path that leaves the stage is not made.
func TestPremake(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	fsys := afero.NewOsFs()
	st, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range map[string]string{"a/x/index.html": "甲1", "b/index.html": "乙1", "gone/deep/index.html": "丁1", "f/index.html": "戊1"} {
		if err := st.WriteFile(p, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	published := readTree(t, dest)
	kept := Keep(fsys, dest, []string{"a/x/index.html"})
	planted := filepath.Join(dest, "b", "planted.html")
	if err := os.Symlink(filepath.Join(root, "elsewhere"), planted); err != nil {
		t.Fatal(err)
	}

	st, err = NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	st.Premake([]string{"b", "a/x", "a", "gone/deep", "gone", "f", "../outside", "/abs"},
		[]string{"a/x/index.html", "b/index.html", "b/planted.html", "gone/deep/index.html", "f/index.html", "../outside/x"})
	if fi, err := os.Lstat(filepath.Join(st.dir, "b", "planted.html")); err == nil {
		t.Errorf("a link planted in the destination was carried into the stage: %v", fi.Mode())
	}
	if err := os.Remove(planted); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.Reuse(kept); !ok || err != nil {
		t.Fatalf("Reuse: %v, %v", ok, err)
	}
	for p, s := range map[string]string{"b/index.html": "乙2", "f": "戊2"} {
		if err := st.WriteFile(p, []byte(s)); err != nil {
			t.Fatalf("WriteFile(%s): %v", p, err)
		}
	}
	if got := readTree(t, dest); !sameTree(got, published) {
		t.Fatalf("the published site changed before the swap:\n%v\nwant\n%v", got, published)
	}
	before, _ := os.Stat(filepath.Join(dest, "a", "x", "index.html"))
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/x/index.html": "甲1", "b/index.html": "乙2", "f": "戊2", Marker: markerText}
	if got := readTree(t, dest); !sameTree(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	if after, _ := os.Stat(filepath.Join(dest, "a", "x", "index.html")); !os.SameFile(before, after) {
		t.Error("the reused file is not the published one")
	}
	for _, p := range []string{filepath.Join(root, "outside"), "/abs"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s made outside the stage", p)
		}
	}
}

// TestWrittenIsTheFileInTheDestination: what the stage records as it
// writes a file is what a stat of the published file gives after Commit,
// so that the next build can reuse it. On the disk every file written is
// recorded; elsewhere (MemMapFs sets the time on Close) a record, if any,
// must be as true. A file it did not write has no record.
func TestWrittenIsTheFileInTheDestination(t *testing.T) {
	for _, onDisk := range []bool{true, false} {
		fsys, dest, st := newTestStage(t, onDisk)
		files := map[string]string{"index.html": "首页", "a/index.html": "页面甲", "a/b/data.csv": "区县,年度\r\n"}
		for p, s := range files {
			if err := st.WriteFile(p, []byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		for p := range files {
			w, ok := st.Written(p)
			if !ok {
				if onDisk {
					t.Errorf("%s written but not recorded", p)
				}
				continue
			}
			kept := Keep(fsys, dest, []string{p})
			if len(kept) != 1 || kept[0] != w {
				t.Errorf("onDisk=%v: %s recorded as %+v, in the destination %+v", onDisk, p, w, kept)
			}
		}
		if _, ok := st.Written("missing.html"); ok {
			t.Errorf("onDisk=%v: a file never written has a record", onDisk)
		}
	}
}

// newTestStage is a stage on the disk (in a temporary directory) or in
// memory.
func newTestStage(t *testing.T, onDisk bool) (afero.Fs, string, *Stage) {
	t.Helper()
	var fsys afero.Fs = afero.NewMemMapFs()
	dest := "/site/public"
	if onDisk {
		fsys, dest = afero.NewOsFs(), filepath.Join(t.TempDir(), "public")
	}
	st, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, dest, st
}
