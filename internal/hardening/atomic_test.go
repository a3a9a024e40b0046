package hardening

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
)

// atomicSite is a small site with documents, an attachment and data, so
// that every stage of the build has work to do.
func atomicSite() map[string]string {
	return map[string]string{
		"site.toml":                  siteToml,
		"content/policies/_index.md": doc(`title = "政策文件"`, ""),
		"content/policies/a.md":      doc("title = \"文件甲\"\nwritten = 2024-01-02\nattachments = [{title = \"名单\", file = \"list.csv\"}]", "## 一、总体要求\n\n正文。\n"),
		"content/policies/list.csv":  "学校,人数\n一小,100\n",
		"content/policies/b.md":      doc("title = \"文件乙\"\nwritten = 2024-02-03", "正文乙。"),
		"content/news/_index.md":     doc(`title = "工作动态"`, ""),
		"content/news/c.md":          doc("title = \"动态丙\"\nwritten = 2024-03-04", "正文丙。"),
		"data/2024/schools.csv":      minimalData,
		"data/2024/county.toml":      "name = \"测试县\"\ncode = \"150000\"\nas_of = 2024-09-30\n",
	}
}

// builtAtomicSite writes atomicSite under a fresh root, builds it into
// root/public and returns the paths and the tree built.
func builtAtomicSite(t *testing.T) (root, src, dest string, before map[string]string) {
	t.Helper()
	root = t.TempDir()
	src, dest = filepath.Join(root, "site"), filepath.Join(root, "public")
	writeFiles(t, src, atomicSite())
	mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: dest})
	return root, src, dest, treeHash(t, dest)
}

// faultFs is a file system that fails on purpose: the n-th file written
// (counted from 1) fails when it is opened or half-way through writing,
// and renames can be refused.
type faultFs struct {
	afero.Fs
	mu         sync.Mutex
	writes     int
	failOpen   int // fail opening the n-th file for writing
	failWrite  int // fail writing the n-th file after half of it
	failRename func(oldname, newname string) bool
}

var errInjected = errors.New("injected: no space left on device")

func (f *faultFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE == 0 {
		return f.Fs.OpenFile(name, flag, perm)
	}
	f.mu.Lock()
	f.writes++
	n := f.writes
	f.mu.Unlock()
	if n == f.failOpen {
		return nil, &os.PathError{Op: "open", Path: name, Err: errInjected}
	}
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil || n != f.failWrite {
		return file, err
	}
	return &halfFile{File: file}, nil
}

func (f *faultFs) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (f *faultFs) Rename(oldname, newname string) error {
	if f.failRename != nil && f.failRename(oldname, newname) {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errInjected}
	}
	return f.Fs.Rename(oldname, newname)
}

func (f *faultFs) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// halfFile writes half of what it is given, then fails.
type halfFile struct{ afero.File }

func (h *halfFile) Write(p []byte) (int, error) {
	n, _ := h.File.Write(p[:len(p)/2])
	return n, syscall.ENOSPC
}

// TestFailedBuildLeavesDestination: whatever stage a build fails at — bad
// data, bad front matter, a template that does not parse or fails to
// execute, a shortcode error, a write that fails at the first file, in the
// middle or at the last, a rename of the commit — the previous destination
// is byte-identical and no staging directory is left.
func TestFailedBuildLeavesDestination(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	writeFiles(t, src, atomicSite())
	mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: dest})
	// Count the files a build writes, for the points of failure.
	counter := &faultFs{Fs: osFs}
	mustBuild(t, build.Options{Fs: counter, Source: src, Destination: dest})
	total := counter.count()
	if total < 20 {
		t.Fatalf("only %d files written", total)
	}
	// The previous destination every failed build must leave alone.
	writeFiles(t, dest, map[string]string{"marker-of-previous-build.txt": "previous"})
	before := treeHash(t, dest)

	edit := func(files map[string]string) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			writeFiles(t, src, files)
			t.Cleanup(func() {
				for name := range files {
					os.Remove(filepath.Join(src, filepath.FromSlash(name)))
				}
				writeFiles(t, src, atomicSite())
			})
		}
	}
	theme := func(layout, body string) map[string]string {
		return map[string]string{"site.toml": siteToml + "theme = \"t\"\n", "themes/t/layouts/" + layout: body}
	}
	cases := []struct {
		name  string
		setup func(t *testing.T)
		fsys  afero.Fs
	}{
		{name: "bad-data", setup: edit(map[string]string{"data/2024/schools.csv": minimalData + "3,第三小学,大学,111,50\n"})},
		{name: "bad-county", setup: edit(map[string]string{"data/2024/county.toml": "name = [\n"})},
		{name: "bad-front-matter", setup: edit(map[string]string{"content/policies/bad.md": doc("title = \"x\"\nwritten = 2024-13-01", "")})},
		{name: "template-parse", setup: edit(theme("document.html", "{{ define \"main\" }}{{ .Doc.Title "))},
		{name: "template-exec", setup: edit(theme("document.html", "{{ define \"main\" }}{{ T \"no-such-key-anywhere\" }}{{ end }}"))},
		{name: "template-exec-report", setup: edit(theme("school.html", "{{ define \"main\" }}{{ .Data.NoSuchField }}{{ end }}"))},
		{name: "shortcode", setup: edit(map[string]string{"content/policies/sc.md": doc("title = \"x\"\nwritten = 2024-01-01", "{{< no-such-shortcode >}}")})},
		{name: "write-open-first", fsys: &faultFs{Fs: osFs, failOpen: 1}},
		{name: "write-open-middle", fsys: &faultFs{Fs: osFs, failOpen: total / 2}},
		{name: "write-open-last", fsys: &faultFs{Fs: osFs, failOpen: total}},
		{name: "write-half-first", fsys: &faultFs{Fs: osFs, failWrite: 1}},
		{name: "write-half-middle", fsys: &faultFs{Fs: osFs, failWrite: total / 2}},
		{name: "commit-rename-old", fsys: &faultFs{Fs: osFs, failRename: func(o, n string) bool { return o == dest }}},
		{name: "commit-rename-new", fsys: &faultFs{Fs: osFs, failRename: func(o, n string) bool {
			base := filepath.Base(o)
			return n == dest && strings.HasPrefix(base, ".gongkai-public-staging-")
		}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup(t)
			}
			fsys := c.fsys
			if fsys == nil {
				fsys = osFs
			}
			_, diags, err := build.Build(build.Options{Fs: fsys, Source: src, Destination: dest, Now: fixedNow})
			if err == nil {
				t.Fatalf("build succeeded")
			}
			if f, ok := fsys.(*faultFs); ok && f.failOpen+f.failWrite > 0 && !strings.Contains(err.Error()+diagText(diags), "injected") && !strings.Contains(err.Error()+diagText(diags), "no space") {
				t.Errorf("the write error is not reported: %v\n%s", err, diagText(diags))
			}
			assertUntouched(t, dest, before)
		})
	}
}

// TestCommitRestoresAfterFailedSwap: when the staging directory cannot be
// renamed into place and the previous site cannot be renamed back either,
// the error says where it is, and the next build puts it back before
// anything else rather than removing it as a leftover.
func TestCommitRestoresAfterFailedSwap(t *testing.T) {
	_, src, dest, before := builtAtomicSite(t)
	fsys := &faultFs{Fs: osFs, failRename: func(o, n string) bool { return n == dest }}
	_, _, err := build.Build(build.Options{Fs: fsys, Source: src, Destination: dest, Now: fixedNow})
	if err == nil || !strings.Contains(err.Error(), "-old-") {
		t.Fatalf("err = %v, want one naming the previous site", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("destination: %v", err)
	}
	// The next build fails on bad data, after putting the old site back.
	writeFiles(t, src, map[string]string{"data/2024/schools.csv": "学校标识码\n"})
	if _, _, err := buildOS(t, src, dest); err == nil {
		t.Fatal("bad data built")
	}
	writeFiles(t, src, atomicSite())
	// Load fails before a stage is made; a build that gets further…
	fsys = &faultFs{Fs: osFs, failOpen: 3}
	if _, _, err := build.Build(build.Options{Fs: fsys, Source: src, Destination: dest, Now: fixedNow}); err == nil {
		t.Fatal("faulty build succeeded")
	}
	assertUntouched(t, dest, before)
}

// TestCancelledBuildLeavesDestination: a build whose context is cancelled
// in the middle of writing (gongkai build on SIGINT) stops, removes the
// staging directory and returns the context's error.
func TestCancelledBuildLeavesDestination(t *testing.T) {
	_, src, dest, before := builtAtomicSite(t)
	for _, at := range []int{1, 10, 25} {
		ctx, cancel := context.WithCancel(context.Background())
		fsys := &cancelFs{Fs: osFs, at: at, cancel: cancel}
		_, _, err := build.Build(build.Options{Fs: fsys, Source: src, Destination: dest, Now: fixedNow, Context: ctx})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled at write %d: err = %v", at, err)
		}
		assertUntouched(t, dest, before)
	}
	// Cancelled before it starts: nothing is made.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := build.Build(build.Options{Fs: osFs, Source: src, Destination: dest, Now: fixedNow, Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	assertSameTree(t, "destination", before, treeHash(t, dest))
}

// cancelFs cancels the build when the at-th file is created.
type cancelFs struct {
	afero.Fs
	mu     sync.Mutex
	n, at  int
	cancel func()
}

func (f *cancelFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 {
		f.mu.Lock()
		f.n++
		if f.n == f.at {
			f.cancel()
		}
		f.mu.Unlock()
	}
	return f.Fs.OpenFile(name, flag, perm)
}
