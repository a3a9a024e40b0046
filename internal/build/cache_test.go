package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
)

// files returns every file under dir.
func files(t *testing.T, fsys afero.Fs, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	_ = afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := afero.ReadFile(fsys, p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

func sameFiles(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d files, want %d", what, len(a), len(b))
	}
	for p, x := range b {
		if !bytes.Equal(a[p], x) {
			t.Errorf("%s: %s differs from a build without cache", what, p)
		}
	}
}

// A build with a Cache gives the same bytes as one without, after a
// document edit (the data pages are reused), a new section (they are not:
// the navigation changed) and a data edit (they are not).
func TestCacheSameOutput(t *testing.T) {
	today := time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)
	fsys := afero.NewMemMapFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: fsys, Dir: "s", Today: today}); err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	build := func(dest string, c *Cache) map[string][]byte {
		t.Helper()
		sum, diags, err := Build(Options{Fs: fsys, Source: "s", Destination: dest, Now: today, Cache: c})
		if err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		if sum.Charts == 0 {
			t.Errorf("%s: no charts counted", dest)
		}
		return files(t, fsys, dest)
	}
	build("cached", cache)
	edits := []struct{ name, file, old, new string }{
		{"document edit", "s/content/policies/balance-plan.md", "各学校：", "各学校（修改）："},
		{"new section", "s/content/news/_index.md", "", "+++\ntitle = \"工作动态\"\n+++\n"},
		{"data edit", "s/data/2025/schools.csv", ",1720,", ",1721,"},
	}
	for _, e := range edits {
		b, _ := afero.ReadFile(fsys, e.file)
		nb := strings.Replace(string(b), e.old, e.new, 1)
		if e.old == "" {
			nb = e.new
		}
		if err := afero.WriteFile(fsys, e.file, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
		sameFiles(t, e.name, build("cached", cache), build("fresh", nil))
	}
}

// gitHead reads HEAD as git stores it: a branch, a packed branch, a
// detached commit; anything else is not cached.
func TestGitHead(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, ".git", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_ = os.MkdirAll(site, 0o755)
	if got := gitHead(site); got != "" {
		t.Errorf("no repository: %q", got)
	}
	write("HEAD", "ref: refs/heads/main\n")
	write("packed-refs", "# pack-refs with: peeled\nabc123 refs/heads/main\n")
	if got := gitHead(site); got != "refs/heads/main abc123" {
		t.Errorf("packed: %q", got)
	}
	write("refs/heads/main", "def456\n")
	if got := gitHead(site); got != "refs/heads/main def456" {
		t.Errorf("loose: %q", got)
	}
	write("HEAD", "0123abcd\n")
	if got := gitHead(site); got != "0123abcd\n" {
		t.Errorf("detached: %q", got)
	}
}
