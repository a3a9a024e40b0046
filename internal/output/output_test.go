package output

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"
)

// syncFs records, in order, every Sync of a file or directory and every
// rename.
type syncFs struct {
	afero.Fs
	mu     sync.Mutex
	events []string // "sync <name>", "rename <old> <new>"
}

func (f *syncFs) record(e string) {
	f.mu.Lock()
	f.events = append(f.events, e)
	f.mu.Unlock()
}

func (f *syncFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &syncFile{File: file, fs: f}, nil
}

func (f *syncFs) Open(name string) (afero.File, error) {
	file, err := f.Fs.Open(name)
	if err != nil {
		return nil, err
	}
	return &syncFile{File: file, fs: f}, nil
}

func (f *syncFs) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (f *syncFs) Rename(o, n string) error {
	f.record("rename " + o + " " + n)
	return f.Fs.Rename(o, n)
}

type syncFile struct {
	afero.File
	fs *syncFs
}

func (s *syncFile) Sync() error {
	s.fs.record("sync " + s.Name())
	return s.File.Sync()
}

// TestCommitSyncsBeforeTheSwap: every file written and every directory of
// the stage are synced to disk before the stage is renamed into place, and
// the parent after, so that a power loss cannot publish empty files.
func TestCommitSyncsBeforeTheSwap(t *testing.T) {
	checkSyncedBeforeSwap(t, nil)
}

// checkSyncedBeforeSwap builds a stage through a file system that records
// the syncs and checks them; prepare, when not nil, is called on the new
// stage first.
func checkSyncedBeforeSwap(t *testing.T, prepare func(st *Stage)) {
	t.Helper()
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	fsys := &syncFs{Fs: afero.NewOsFs()}
	st, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(st)
	}
	files := []string{"index.html", "a/index.html", "a/b/c.json", "d/e/f/g.txt"}
	for _, p := range files {
		if err := st.WriteFile(p, []byte("x "+p)); err != nil {
			t.Fatal(err)
		}
	}
	staging := st.Dir()
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	swap := -1
	synced := map[string]int{}
	for i, e := range fsys.events {
		if e == "rename "+staging+" "+dest {
			swap = i
		}
		if n, ok := strings.CutPrefix(e, "sync "); ok {
			if _, seen := synced[n]; !seen {
				synced[n] = i
			}
		}
	}
	if swap < 0 {
		t.Fatalf("no swap among %v", fsys.events)
	}
	want := []string{staging, filepath.Join(staging, "a"), filepath.Join(staging, "a", "b"), filepath.Join(staging, "d", "e", "f"), filepath.Join(staging, Marker)}
	for _, p := range files {
		want = append(want, filepath.Join(staging, filepath.FromSlash(p)))
	}
	for _, n := range want {
		if i, ok := synced[n]; !ok || i > swap {
			t.Errorf("%s not synced before the swap", n)
		}
	}
	parentAfter := false
	for _, e := range fsys.events[swap:] {
		parentAfter = parentAfter || e == "sync "+root
	}
	if !parentAfter {
		t.Error("the destination's parent is not synced after the swap")
	}
	if b, err := os.ReadFile(filepath.Join(dest, "d", "e", "f", "g.txt")); err != nil || string(b) != "x d/e/f/g.txt" {
		t.Errorf("published file: %q, %v", b, err)
	}
}

// TestEveryBuildIsMarked: the marker is in every committed build and in no
// count of the files written; no page can take its path.
func TestEveryBuildIsMarked(t *testing.T) {
	fsys := afero.NewMemMapFs()
	st, err := NewStage(fsys, "/site/public")
	if err != nil {
		t.Fatal(err)
	}
	_ = st.WriteFile("index.html", []byte("x"))
	if err := st.WriteFile(Marker, []byte("page")); err == nil {
		t.Error("a page took the marker's path")
	}
	if err := st.WriteFile(Marker+"/index.html", []byte("page")); err == nil {
		t.Error("a page took the marker's path as a folder")
	}
	if st.Files() != 1 {
		t.Errorf("Files() = %d, want 1", st.Files())
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := afero.ReadFile(fsys, "/site/public/"+Marker); err != nil || !strings.Contains(string(b), "gongkai") {
		t.Errorf("marker: %q %v", b, err)
	}
	if err := CheckOwned(fsys, "/site/public"); err != nil {
		t.Errorf("a build's own output refused: %v", err)
	}
}

// TestCheckOwned: only a destination that is absent, empty or gongkai's
// output may be replaced; anything else is refused with its path.
func TestCheckOwned(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, files ...string) string {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, filepath.FromSlash(f))
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	osfs := afero.NewOsFs()
	ok := map[string]string{
		"absent": filepath.Join(root, "absent"),
		"empty":  mk("empty"),
		"marked": mk("marked", Marker, "index.html"),
		"legacy": mk("legacy", builtFiles...),
	}
	for name, dir := range ok {
		if err := CheckOwned(osfs, dir); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_ = os.Symlink(mk("target"), filepath.Join(root, "link"))
	refused := map[string]string{
		"documents":      mk("Documents", "letter.docx", "photos/a.jpg"),
		"another site":   mk("othersite", "site.toml", "content/a.md", "data/2024/schools.csv"),
		"almost legacy":  mk("almost", builtFiles[:len(builtFiles)-1]...),
		"marker is dir":  mk("markerdir", Marker+"/x"),
		"a file":         filepath.Join(mk("files", "f.txt"), "f.txt"),
		"a link":         filepath.Join(root, "link"),
		"marker as link": mk("markerlink", "index.html"),
	}
	_ = os.Symlink("/etc/hostname", filepath.Join(refused["marker as link"], Marker))
	for name, dir := range refused {
		err := CheckOwned(osfs, dir)
		var no *NotOwnedError
		if !errors.As(err, &no) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "--force-destination") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestLock: a second lock of one destination is refused at once, naming
// the holder's process; a lock file left by a process that was killed (no
// lock held on it) is no obstacle; releasing removes the file.
func TestLock(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	osfs := afero.NewOsFs()
	release, err := Lock(osfs, dest)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(osfs, dest)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || !strings.Contains(err.Error(), dest) || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v", err)
	}
	release()
	if _, err := os.Stat(LockName(dest)); !os.IsNotExist(err) {
		t.Errorf("lock file after release: %v", err)
	}
	// A stale lock file: a process killed with -9 held it.
	if err := os.WriteFile(LockName(dest), []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	release, err = Lock(osfs, dest)
	if err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	release()
	// Another destination in the same folder is not locked by this one.
	r1, err1 := Lock(osfs, dest)
	r2, err2 := Lock(osfs, filepath.Join(root, "other"))
	if err1 != nil || err2 != nil {
		t.Fatalf("two destinations: %v, %v", err1, err2)
	}
	r1()
	r2()
	// In memory there is nothing to lock.
	mem := afero.NewMemMapFs()
	r1, err1 = Lock(mem, "/x/public")
	r2, err2 = Lock(mem, "/x/public")
	if err1 != nil || err2 != nil {
		t.Fatalf("in memory: %v, %v", err1, err2)
	}
	r1()
	r2()
}

// TestConflicts: a file where a directory is, or a directory where a file
// is, is a ConflictError naming both paths, in a stage and in memory.
func TestConflicts(t *testing.T) {
	for _, w := range []struct {
		name string
		new  func() interface{ WriteFile(string, []byte) error }
	}{
		{"stage", func() interface{ WriteFile(string, []byte) error } {
			st, err := NewStage(afero.NewMemMapFs(), "/s/public")
			if err != nil {
				t.Fatal(err)
			}
			return st
		}},
		{"memory", func() interface{ WriteFile(string, []byte) error } { return NewMemory() }},
	} {
		for _, c := range [][3]string{
			{"index.xml", "index.xml/index.html", "index.xml"},
			{"index.xml/index.html", "index.xml", "index.xml/index.html"},
			{"a/b/c.json", "a/b", "a/b/c.json"},
			{"a/index.html", "a/index.html", "a/index.html"},
		} {
			out := w.new()
			if err := out.WriteFile(c[0], []byte("1")); err != nil {
				t.Fatal(err)
			}
			err := out.WriteFile(c[1], []byte("2"))
			var ce *ConflictError
			if !errors.As(err, &ce) || ce.Path != c[1] || ce.Other != c[2] {
				t.Errorf("%s: %s then %s: %v", w.name, c[0], c[1], err)
			}
		}
	}
}

// TestConflictNamesSpilledFile: with the paths' log in a store, a file
// where a directory is still names the first file written under it.
func TestConflictNamesSpilledFile(t *testing.T) {
	st, err := NewStage(afero.NewMemMapFs(), "/s/public")
	if err != nil {
		t.Fatal(err)
	}
	var stored [][]byte
	st.SpillPaths(func(b []byte) func() []byte {
		stored = append(stored, bytes.Clone(b))
		k := len(stored) - 1
		return func() []byte { return stored[k] }
	})
	for i := range 5000 {
		if err := st.WriteFile("b/"+strconv.Itoa(i)+"/index.html", nil); err != nil {
			t.Fatal(err)
		}
		if err := st.WriteFile("a/"+strconv.Itoa(i)+"/index.html", nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(stored) == 0 {
		t.Fatal("no piece of the log went to the store")
	}
	var ce *ConflictError
	if err := st.WriteFile("a", nil); !errors.As(err, &ce) || ce.Other != "a/0/index.html" {
		t.Errorf("a: %v", err)
	}
	if err := st.WriteFile("a/4999/index.html/x", nil); !errors.As(err, &ce) || ce.Other != "a/4999/index.html" {
		t.Errorf("a/4999/index.html/x: %v", err)
	}
	if st.Files() != 10000 {
		t.Errorf("%d files", st.Files())
	}
}

// mkdirFs counts the directories made.
type mkdirFs struct {
	afero.Fs
	mu    sync.Mutex
	made  map[string]int
	other int // MkdirAll calls
}

func (f *mkdirFs) Mkdir(name string, perm os.FileMode) error {
	f.mu.Lock()
	f.made[name]++
	f.mu.Unlock()
	return f.Fs.Mkdir(name, perm)
}

func (f *mkdirFs) MkdirAll(name string, perm os.FileMode) error {
	f.mu.Lock()
	f.other++
	f.mu.Unlock()
	return f.Fs.MkdirAll(name, perm)
}

// TestStageMakesEachDirectoryOnce: writers in parallel into new, nested
// directories all succeed, each writing after its directory exists, and
// every directory is made once.
func TestStageMakesEachDirectoryOnce(t *testing.T) {
	fsys := &mkdirFs{Fs: afero.NewOsFs(), made: map[string]int{}}
	dest := filepath.Join(t.TempDir(), "public")
	s, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	fsys.other, fsys.made = 0, map[string]int{} // the stage itself
	var paths []string
	for i := range 40 {
		paths = append(paths, "docs/"+strconv.Itoa(i%5)+"/"+strconv.Itoa(i)+"/index.html", "docs/"+strconv.Itoa(i%5)+"/f"+strconv.Itoa(i)+".json")
	}
	var wg sync.WaitGroup
	errs := make([]error, len(paths))
	for i, p := range paths {
		wg.Go(func() { errs[i] = s.WriteFile(p, []byte(p)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", paths[i], err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p))); err != nil || string(b) != p {
			t.Fatalf("%s: %q %v", p, b, err)
		}
	}
	// docs, its 5 folders and the 40 pages' folders.
	if len(fsys.made) != 46 || fsys.other != 0 {
		t.Errorf("%d directories made, %d MkdirAll", len(fsys.made), fsys.other)
	}
	for d, n := range fsys.made {
		if n != 1 {
			t.Errorf("%s made %d times", d, n)
		}
	}
}

// On the operating system's file system a stage writes its files with
// system calls of its own (writeNewFile): the bytes, the permissions of
// os.WriteFile and an error naming the file.
func TestWriteNewFileAsOSWriteFile(t *testing.T) {
	dir := t.TempDir()
	data := []byte(strings.Repeat("优质均衡\n", 100000))
	if err := writeFile(afero.NewOsFs(), filepath.Join(dir, "a.html"), data, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.html"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	a, errA := os.Stat(filepath.Join(dir, "a.html"))
	b, errB := os.Stat(filepath.Join(dir, "b.html"))
	if errA != nil || errB != nil || a.Mode() != b.Mode() || a.Size() != int64(len(data)) {
		t.Fatalf("%v %v %v %v", a, b, errA, errB)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "a.html")); err != nil || string(got) != string(data) {
		t.Fatalf("%d bytes back, %v", len(got), err)
	}
	missing := filepath.Join(dir, "none", "c.html")
	if err := writeFile(afero.NewOsFs(), missing, data, false); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("no folder: %v", err)
	}
}
