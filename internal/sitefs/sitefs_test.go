package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
)

func TestCheckAndRead(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, d := range []string{"site/a/b", "outside"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(site, "a/b/f.txt"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(root, "outside/secret"), []byte("secret"), 0o644)
	os.Symlink(filepath.Join(root, "outside"), filepath.Join(site, "a/dirlink"))
	os.Symlink(filepath.Join(root, "outside/secret"), filepath.Join(site, "a/filelink"))
	syscall.Mkfifo(filepath.Join(site, "a/pipe"), 0o644)
	fsys := afero.NewOsFs()

	if b, err := ReadFile(fsys, site, "a/b/f.txt", 5); err != nil || string(b) != "hello" {
		t.Fatalf("%q %v", b, err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(fsys, site, "a/b/f.txt", 4); !errors.As(err, &tl) || tl.Size != 5 || tl.Limit != 4 {
		t.Fatalf("limit: %v", err)
	}
	for rel, want := range map[string]error{
		"a/filelink":             ErrSymlink,
		"a/dirlink/secret":       ErrSymlink,
		"a/pipe":                 ErrNotRegular,
		"a/missing":              fs.ErrNotExist,
		"a/b/f.txt/x":            nil, // not a directory: some error
		"../outside/secret":      nil,
		"/etc/passwd":            nil,
		"a/../../outside/secret": nil,
	} {
		_, err := ReadFile(fsys, site, rel, 1<<20)
		if err == nil || (want != nil && !errors.Is(err, want)) {
			t.Errorf("%s: %v, want %v", rel, err, want)
		}
	}
	if err := Check(fsys, site, "a/dirlink/secret"); err == nil || !strings.Contains(err.Error(), "a/dirlink") {
		t.Errorf("the link in the path is not named: %v", err)
	}
	if err := Check(fsys, site, "."); err != nil {
		t.Errorf("the site itself: %v", err)
	}
	// A file system without links reads as usual.
	mem := afero.NewMemMapFs()
	afero.WriteFile(mem, "/s/x", []byte("x"), 0o644)
	if b, err := ReadFile(mem, "/s", "x", 1); err != nil || string(b) != "x" {
		t.Fatalf("memory: %q %v", b, err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 字节", 2048: "2 KB", 1 << 20: "1 MB", 200 << 20: "200 MB", 1536 << 10: "1.5 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestWriteFile: folders are made; an existing file is kept unless
// replace, and replaced by a rename; a link — the file, a folder on the
// way, to something or to nothing — is refused and nothing is written
// through it.
func TestWriteFile(t *testing.T) {
	root := t.TempDir()
	out := t.TempDir()
	osfs := afero.NewOsFs()
	if err := WriteFile(osfs, root, "a/b/c.md", []byte("1"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(osfs, root, "a/b/c.md", []byte("2"), false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("an existing file without replace: %v", err)
	}
	if err := WriteFile(osfs, root, "a/b/c.md", []byte("3"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "a/b/c.md")); string(b) != "3" {
		t.Errorf("replaced: %q", b)
	}
	_ = os.WriteFile(filepath.Join(out, "victim"), []byte("keep"), 0o644)
	_ = os.Symlink(filepath.Join(out, "victim"), filepath.Join(root, "a", "link.md"))
	_ = os.Symlink(filepath.Join(out, "none"), filepath.Join(root, "a", "dangling.md"))
	_ = os.Symlink(out, filepath.Join(root, "dir"))
	for _, rel := range []string{"a/link.md", "a/dangling.md", "dir/x.md", "dir/sub/x.md"} {
		for _, replace := range []bool{false, true} {
			if err := WriteFile(osfs, root, rel, []byte("x"), replace); !errors.Is(err, ErrSymlinkWrite) {
				t.Errorf("%s (replace %v): %v", rel, replace, err)
			}
		}
	}
	entries, _ := os.ReadDir(out)
	if b, _ := os.ReadFile(filepath.Join(out, "victim")); string(b) != "keep" || len(entries) != 1 {
		t.Errorf("written through a link: %q, %d entries", b, len(entries))
	}
	if err := WriteFile(osfs, root, "../x.md", nil, true); err == nil {
		t.Error("a path out of root")
	}
}

// shrunkFs reports every file as empty, as a file that grew after its
// size was read would be.
type shrunkFs struct{ afero.Fs }

func (s shrunkFs) Open(name string) (afero.File, error) {
	f, err := s.Fs.Open(name)
	return shrunkFile{f}, err
}

type shrunkFile struct{ afero.File }

func (f shrunkFile) Stat() (os.FileInfo, error) {
	fi, err := f.File.Stat()
	return shrunkInfo{fi}, err
}

type shrunkInfo struct{ os.FileInfo }

func (shrunkInfo) Size() int64 { return 0 }

// ReadLimited reads what the file holds, not what its size said, and
// still refuses more than the limit.
func TestReadLimitedReadsToTheEnd(t *testing.T) {
	mem := afero.NewMemMapFs()
	data := strings.Repeat("优质均衡", 3000)
	afero.WriteFile(mem, "/f", []byte(data), 0o644)
	fsys := shrunkFs{mem}
	if b, err := ReadLimited(fsys, "/f", int64(len(data))); err != nil || string(b) != data {
		t.Fatalf("%d bytes, %v; want %d", len(b), err, len(data))
	}
	var tl *TooLargeError
	if _, err := ReadLimited(fsys, "/f", int64(len(data))-1); !errors.As(err, &tl) || tl.Limit != int64(len(data))-1 {
		t.Fatalf("limit: %v", err)
	}
}

// On the operating system's file system (openOS): the bytes, a directory
// and a missing file refused with errors that say so.
func TestReadLimitedOnDisk(t *testing.T) {
	dir := t.TempDir()
	data := strings.Repeat("义务教育优质均衡\n", 30000)
	os.WriteFile(filepath.Join(dir, "f.md"), []byte(data), 0o644)
	fsys := afero.NewOsFs()
	if b, err := ReadLimited(fsys, filepath.Join(dir, "f.md"), 1<<20); err != nil || string(b) != data {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
	var tl *TooLargeError
	if _, err := ReadLimited(fsys, filepath.Join(dir, "f.md"), 100); !errors.As(err, &tl) || tl.Size != int64(len(data)) {
		t.Fatalf("limit: %v", err)
	}
	if _, err := ReadLimited(fsys, dir, 1<<20); err == nil || !strings.Contains(err.Error(), "是目录") {
		t.Fatalf("directory: %v", err)
	}
	missing := filepath.Join(dir, "none.md")
	if _, err := ReadLimited(fsys, missing, 1<<20); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing: %v", err)
	}
}

// TestOpenRegular: a regular file opens with the size and time a stat
// gives, and reads whole; a link, a directory and a pipe are refused,
// the pipe without waiting for a writer; too large is TooLargeError.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	data := strings.Repeat("义务教育优质均衡\n", 3000)
	f := filepath.Join(dir, "f.md")
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f, filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	mem := afero.NewMemMapFs()
	if err := afero.WriteFile(mem, f, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, fsys := range []afero.Fs{afero.NewOsFs(), mem} {
		fi, err := fsys.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := OpenRegular(fsys, f)
		if err != nil {
			t.Fatalf("%T: %v", fsys, err)
		}
		if r.Size != fi.Size() || r.ModTime != fi.ModTime().UnixNano() {
			t.Errorf("%T: size %d, time %d; stat says %d, %d", fsys, r.Size, r.ModTime, fi.Size(), fi.ModTime().UnixNano())
		}
		if b, err := r.ReadAll(1 << 20); err != nil || string(b) != data {
			t.Errorf("%T: read %d bytes, %v", fsys, len(b), err)
		}
		r, _ = OpenRegular(fsys, f)
		var tl *TooLargeError
		if _, err := r.ReadAll(100); !errors.As(err, &tl) {
			t.Errorf("%T: limit: %v", fsys, err)
		}
		if _, err := OpenRegular(fsys, filepath.Join(dir, "none.md")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%T: missing: %v", fsys, err)
		}
	}
	osfs := afero.NewOsFs()
	if _, err := OpenRegular(osfs, filepath.Join(dir, "link.md")); !errors.Is(err, ErrSymlink) {
		t.Errorf("link: %v", err)
	}
	if _, err := OpenRegular(osfs, dir); !errors.Is(err, ErrNotRegular) {
		t.Errorf("directory: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := OpenRegular(osfs, filepath.Join(dir, "pipe.md"))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opening a pipe waited for a writer")
	}
}
