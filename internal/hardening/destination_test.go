package hardening

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/build"
)

// TestConcurrentBuildsCLI: a second gongkai build into a destination that
// a first one is writing is refused at once, naming the destination; the
// first finishes, and what is published is one complete build, with no
// lock or staging directory left behind.
func TestConcurrentBuildsCLI(t *testing.T) {
	bin, root, src, dest := largeSiteCLI(t)
	ref := filepath.Join(root, "ref")
	if out, err := exec.Command(bin, "build", "-s", src, "-d", ref, "--no-cache").CombinedOutput(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, out)
	}
	want := treeHash(t, ref)

	first, exited, stderr := startBuild(t, bin, src, dest)
	waitForStaging(t, first, exited, stderr, dest)
	out, err := exec.Command(bin, "build", "-s", src, "-d", dest).CombinedOutput()
	if err == nil {
		t.Errorf("the second build succeeded while the first was writing:\n%s", out)
	} else if !strings.Contains(string(out), "正由另一个 gongkai 构建") || !strings.Contains(string(out), dest) {
		t.Errorf("the second build's message does not say the destination is being built:\n%s", out)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the first build failed: %v\n%s", err, stderr.String())
		}
	case <-time.After(120 * time.Second):
		first.Process.Kill()
		t.Fatal("the first build did not finish in 120 s")
	}
	assertSameTree(t, "published site against a complete build", want, treeHash(t, dest))
	if l := leftovers(t, osFs, dest); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// TestKilledBuildLeavesNoLock: a build killed with SIGKILL cannot release
// its lock; the next build is not kept out by it, removes the killed one's
// staging directory and publishes.
func TestKilledBuildLeavesNoLock(t *testing.T) {
	bin, _, src, dest := largeSiteCLI(t)
	cmd, exited, stderr := startBuild(t, bin, src, dest)
	waitForStaging(t, cmd, exited, stderr, dest)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	if out, err := exec.Command(bin, "build", "-s", src, "-d", dest).CombinedOutput(); err != nil {
		t.Fatalf("the build after a killed one: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
	if l := leftovers(t, osFs, dest); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// TestRecoveredBeforeEveryBuild: when a build was killed between the two
// renames of its swap, the previous site is under its retired name and
// the destination is missing. Whatever the next build does — fail on its
// data, its front matter or its theme, be cancelled, succeed — the
// previous site is put back first: a failed build leaves it byte for
// byte, as the message "目标目录未改动" says.
func TestRecoveredBeforeEveryBuild(t *testing.T) {
	root, src, dest, before := builtAtomicSite(t)
	kill := func(t *testing.T) {
		t.Helper()
		if err := os.Rename(dest, filepath.Join(root, ".gongkai-public-old-.gongkai-public-staging-123")); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(files map[string]string) func() {
		return func() { writeFiles(t, src, files) }
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name  string
		setup func()
		ctx   context.Context
	}{
		{name: "bad-data", setup: edit(map[string]string{"data/2024/schools.csv": "学校标识码\n"})},
		{name: "bad-site-toml", setup: edit(map[string]string{"site.toml": "title = [\n"})},
		{name: "bad-front-matter", setup: edit(map[string]string{"content/policies/b.md": doc("title = \"x\"\nwritten = 2024-13-01", "")})},
		{name: "bad-theme", setup: edit(map[string]string{"site.toml": siteToml + "theme = \"t\"\n", "themes/t/layouts/document.html": "{{ define \"main\" }}{{ .Doc.Title "})},
		{name: "cancelled", ctx: cancelled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Cleanup(func() {
				os.RemoveAll(filepath.Join(src, "themes"))
				writeFiles(t, src, atomicSite())
			})
			kill(t)
			if c.setup != nil {
				c.setup()
			}
			_, _, err := build.Build(build.Options{Fs: osFs, Source: src, Destination: dest, Now: fixedNow, Context: c.ctx})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			assertUntouched(t, dest, before)
		})
	}
	t.Run("success", func(t *testing.T) {
		kill(t)
		mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: dest})
		assertUntouched(t, dest, before)
	})
}

// TestDestinationNotOurs: the build replaces its destination as a whole,
// so a destination that exists, is not empty and is not a gongkai build —
// a user's Documents, another site's sources, a file — is refused with a
// message naming it, and left as it was. Absent, empty and earlier built
// destinations are built into, again and again.
func TestDestinationNotOurs(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeFiles(t, src, atomicSite())
	writeFiles(t, filepath.Join(root, "Documents"), map[string]string{"letter.docx": "dear", "photos/a.jpg": "jpg"})
	writeFiles(t, filepath.Join(root, "othersite"), map[string]string{"site.toml": siteToml, "content/a.md": doc("title = \"a\"", "a"), "data/2024/schools.csv": minimalData})
	writeFiles(t, root, map[string]string{"notes.txt": "notes"})
	_ = os.Symlink(filepath.Join(root, "Documents"), filepath.Join(root, "link-to-documents"))
	for _, name := range []string{"Documents", "othersite", "notes.txt", "link-to-documents"} {
		t.Run(name, func(t *testing.T) {
			dest := filepath.Join(root, name)
			before := treeHash(t, root)
			_, _, err := buildOS(t, src, dest)
			if err == nil {
				t.Fatal("the build replaced it")
			}
			if !strings.Contains(err.Error(), dest) {
				t.Errorf("the error does not name %s: %v", dest, err)
			}
			assertSameTree(t, "the folder", before, treeHash(t, root))
			if fi, err := os.Lstat(filepath.Join(root, "link-to-documents")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link is gone: %v", err)
			}
		})
	}
	empty := filepath.Join(root, "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{filepath.Join(root, "absent", "public"), empty, filepath.Join(src, "public")} {
		for i := 0; i < 2; i++ {
			if _, diags, err := buildOS(t, src, dest); err != nil {
				t.Fatalf("build %d into %s: %v\n%s", i+1, dest, err, diagText(diags))
			}
		}
	}
}

// TestSymlinkedDestination: a destination that is a link to a directory is
// built into that directory and stays a link; a link to nowhere is
// refused.
func TestSymlinkedDestination(t *testing.T) {
	root := t.TempDir()
	src, target, link := filepath.Join(root, "site"), filepath.Join(root, "www", "site"), filepath.Join(root, "public")
	writeFiles(t, src, atomicSite())
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, diags, err := buildOS(t, src, link); err != nil {
			t.Fatalf("build %d: %v\n%s", i+1, err, diagText(diags))
		}
		fi, err := os.Lstat(link)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("build %d: the destination is no longer a link (%v)", i+1, err)
		}
		if _, err := os.Stat(filepath.Join(target, "index.html")); err != nil {
			t.Fatalf("build %d: not built into the link's target: %v", i+1, err)
		}
	}
	dangling := filepath.Join(root, "dangling")
	_ = os.Symlink(filepath.Join(root, "nowhere"), dangling)
	if _, _, err := buildOS(t, src, dangling); err == nil || !strings.Contains(err.Error(), dangling) {
		t.Errorf("a link to nowhere: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "nowhere")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link's target was made: %v", err)
	}
}
