package hardening

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/build"
)

// TestForceDestination: with ForceDestination (--force-destination) a
// destination that is not gongkai's output is replaced; the site itself
// still cannot be.
func TestForceDestination(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "old-www")
	writeFiles(t, src, atomicSite())
	writeFiles(t, dest, map[string]string{"index.html": "hand-made"})
	mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: dest, ForceDestination: true})
	if b, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(b) == "hand-made" {
		t.Errorf("not replaced: %q %v", b, err)
	}
	if _, _, err := build.Build(build.Options{Fs: osFs, Source: src, Destination: root, ForceDestination: true}); err == nil {
		t.Error("a destination holding the site was replaced")
	}
}
