package data

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// exampleData copies the repository's example data/ into memory.
func exampleData(t *testing.T) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	root := filepath.Join("..", "..", "data")
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		return afero.WriteFile(fsys, filepath.Join("/s/data", rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// LoadCached reads again only the years whose files changed, and gives what
// Load gives, diagnostics included.
func TestLoadCached(t *testing.T) {
	fsys := exampleData(t)
	c := NewCache()
	first, dl := LoadCached(fsys, "/s", c)
	if dl.HasErrors(false) || len(first.Years) != 3 {
		t.Fatalf("%d years, %v", len(first.Years), dl.All())
	}
	for _, y := range first.Years {
		if y.Digest == "" {
			t.Errorf("%d: no digest", y.Year)
		}
	}
	// A warning in one year, and a changed figure in another.
	if err := afero.WriteFile(fsys, "/s/data/2023/notes.txt", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := afero.ReadFile(fsys, "/s/data/2024/schools.csv")
	lines := strings.SplitN(string(b), "\n", 3)
	cells := strings.Split(lines[1], ",")
	for i := len(cells) - 1; i >= 0; i-- {
		if cells[i] != "" && strings.Trim(cells[i], "0123456789") == "" {
			cells[i] += "1"
			break
		}
	}
	lines[1] = strings.Join(cells, ",")
	if err := afero.WriteFile(fsys, "/s/data/2024/schools.csv", []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	second, dl2 := LoadCached(fsys, "/s", c)
	fresh, dlFresh := Load(fsys, "/s")
	if !reflect.DeepEqual(dl2.All(), dlFresh.All()) {
		t.Errorf("diagnostics %v, fresh %v", dl2.All(), dlFresh.All())
	}
	for i, y := range second.Years {
		f := fresh.Years[i]
		y.Digest = ""
		if !reflect.DeepEqual(y, f) {
			t.Errorf("%d differs from a fresh read", f.Year)
		}
		reused := &second.Years[i].Counties[0].Parts[0] == &first.Years[i].Counties[0].Parts[0]
		if want := f.Year == 2022; reused != want {
			t.Errorf("%d: reused %v, want %v", f.Year, reused, want)
		}
	}
	if second.Years[2].Digest == first.Years[2].Digest || second.Years[0].Digest != first.Years[0].Digest {
		t.Error("digests do not follow the files")
	}
}
