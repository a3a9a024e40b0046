package data

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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

// A year read again and again (serve, one save after another) reuses the
// rows that did not change, and gives what Load gives after every kind of
// edit: a figure, a row inserted (the lines after it move), a row with an
// error and its fix, a duplicate row, another header.
func TestLoadCachedRows(t *testing.T) {
	fsys := exampleData(t)
	c := NewCache()
	const csv = "/s/data/2024/schools.csv"
	orig, _ := afero.ReadFile(fsys, csv)
	lines := strings.Split(string(orig), "\n")
	edit := func(what string, f func(lines []string) []string) {
		t.Helper()
		nl := f(append([]string(nil), lines...))
		if err := afero.WriteFile(fsys, csv, []byte(strings.Join(nl, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		got, dl := LoadCached(fsys, "/s", c)
		fresh, dlFresh := Load(fsys, "/s")
		if !reflect.DeepEqual(dl.All(), dlFresh.All()) {
			t.Errorf("%s: diagnostics %v, fresh %v", what, dl.All(), dlFresh.All())
		}
		if len(got.Years) != len(fresh.Years) {
			t.Fatalf("%s: %d years, fresh %d", what, len(got.Years), len(fresh.Years))
		}
		for i, y := range got.Years {
			y.Digest = ""
			if !reflect.DeepEqual(y, fresh.Years[i]) {
				t.Errorf("%s: %d differs from a fresh read", what, y.Year)
			}
		}
	}
	cell := func(line string, col int, v string) string {
		cells := strings.Split(line, ",")
		cells[col] = v
		return strings.Join(cells, ",")
	}
	head := strings.Split(strings.TrimPrefix(lines[0], "\uFEFF"), ",")
	students := slices.Index(head, "在校生数")
	name := slices.Index(head, "学校名称")
	if students < 0 || name < 0 || len(lines) < 4 {
		t.Fatalf("header of %s: %q", csv, lines[0])
	}
	edit("load", func(l []string) []string { return l })
	edit("figure", func(l []string) []string { l[1] = cell(l[1], students, "1234"); return l })
	edit("figure again", func(l []string) []string { l[1] = cell(l[1], students, "1235"); return l })
	edit("row inserted", func(l []string) []string {
		return slices.Insert(l, 1, cell(l[2], students, "99"))
	})
	edit("row with an error", func(l []string) []string { l[3] = cell(l[3], students, "很多"); return l })
	edit("another row, the error kept", func(l []string) []string {
		l[3] = cell(l[3], students, "很多")
		l[1] = cell(l[1], students, "1236")
		return l
	})
	edit("fixed", func(l []string) []string { return l })
	edit("duplicate row", func(l []string) []string { return slices.Insert(l, 2, l[2]) })
	edit("other name on a duplicate id", func(l []string) []string {
		return slices.Insert(l, 2, cell(l[2], name, "另一个名称"))
	})
	edit("header", func(l []string) []string {
		l[0] = strings.NewReplacer("在校生数", "班级数", "班级数", "在校生数").Replace(l[0])
		return l
	})
	edit("back", func(l []string) []string { return l })
}

// openCounter counts the files opened under a directory.
type openCounter struct {
	afero.Fs
	under string
	n     int
}

func (o *openCounter) Open(name string) (afero.File, error) {
	if strings.HasPrefix(name, o.under) {
		o.n++
	}
	return o.Fs.Open(name)
}

func (o *openCounter) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if strings.HasPrefix(name, o.under) {
		o.n++
	}
	return o.Fs.OpenFile(name, flag, perm)
}

// A year whose files keep their sizes and modification times is not read
// or hashed again; one rewritten with the same size but a newer time is.
func TestLoadCachedStamp(t *testing.T) {
	mem := exampleData(t)
	fsys := &openCounter{Fs: mem, under: "/s/data/2023/"}
	c := NewCache()
	first, _ := LoadCached(fsys, "/s", c)
	fsys.n = 0
	if _, dl := LoadCached(fsys, "/s", c); dl.HasErrors(false) || fsys.n != 0 {
		t.Errorf("an unchanged year: %d files opened, %v", fsys.n, dl.All())
	}
	// One digit changed for another: the same size.
	const csv = "/s/data/2023/schools.csv"
	b, _ := afero.ReadFile(mem, csv)
	i := strings.IndexAny(string(b[strings.IndexByte(string(b), '\n'):]), "123456789") + strings.IndexByte(string(b), '\n')
	changed := append([]byte(nil), b...)
	if changed[i] == '9' {
		changed[i] = '8'
	} else {
		changed[i]++
	}
	if err := afero.WriteFile(mem, csv, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := mem.Stat(csv)
	later := fi.ModTime().Add(time.Second)
	if err := mem.Chtimes(csv, later, later); err != nil {
		t.Fatal(err)
	}
	second, _ := LoadCached(fsys, "/s", c)
	fresh, _ := Load(mem, "/s")
	for k, y := range second.Years {
		y.Digest = ""
		if !reflect.DeepEqual(y, fresh.Years[k]) {
			t.Errorf("%d differs from a fresh read", y.Year)
		}
	}
	if second.Years[1].Digest == first.Years[1].Digest {
		t.Error("the rewritten year kept its digest")
	}
}
