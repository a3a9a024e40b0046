package history

import (
	"os"
	"path/filepath"
	"testing"
)

// Head reads HEAD as git stores it: a branch, a packed branch, a
// detached commit; anything else is not cached.
func TestHead(t *testing.T) {
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
	if got := (Git{}).Head(site); got != "" {
		t.Errorf("no repository: %q", got)
	}
	write("HEAD", "ref: refs/heads/main\n")
	write("packed-refs", "# pack-refs with: peeled\nabc123 refs/heads/main\n")
	if got := (Git{}).Head(site); got != "refs/heads/main abc123" {
		t.Errorf("packed: %q", got)
	}
	write("refs/heads/main", "def456\n")
	if got := (Git{}).Head(site); got != "refs/heads/main def456" {
		t.Errorf("loose: %q", got)
	}
	write("HEAD", "0123abcd\n")
	if got := (Git{}).Head(site); got != "0123abcd\n" {
		t.Errorf("detached: %q", got)
	}
}
