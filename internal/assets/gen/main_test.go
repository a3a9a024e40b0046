package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/assets"
)

// The committed build is what the pinned packages and options make: build
// checks every file against assets.EChartsPins, and the files equal the
// committed ones.
func TestBuildReproducesCommittedFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("fetches three npm packages")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("needs npm")
	}
	files, err := build()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range assets.EChartsPins {
		committed, err := os.ReadFile(filepath.Join("..", "vendor", "echarts", p.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[p.Name], committed) {
			t.Errorf("%s: the build differs from the committed file", p.Name)
		}
	}
}

// run writes the pinned files into an empty folder and then, with them
// present, does nothing (no npm needed).
func TestRunThenUpToDate(t *testing.T) {
	out := t.TempDir()
	if upToDate(out) {
		t.Fatal("an empty folder is up to date")
	}
	for _, p := range assets.EChartsPins {
		b, err := os.ReadFile(filepath.Join("..", "vendor", "echarts", p.Name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(out, p.Name), b, 0o644)
	}
	os.WriteFile(filepath.Join(out, "STAMP"), []byte("version=5.4.3\n"), 0o644)
	t.Setenv("PATH", "") // npm would be an error now
	if err := run(out, false); err != nil {
		t.Fatalf("with the pinned files present: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "STAMP")); !os.IsNotExist(err) {
		t.Errorf("the stale STAMP stays: %v", err)
	}
	os.WriteFile(filepath.Join(out, "echarts.min.js"), []byte("changed"), 0o644)
	if upToDate(out) {
		t.Error("a changed build is up to date")
	}
}
