package output

import (
	"errors"
	"strings"
	"testing"
)

// Memory refuses the paths a Stage refuses and a second write of a path;
// WriteFile keeps a copy, WriteShared the bytes themselves.
func TestMemory(t *testing.T) {
	m := NewMemory()
	for _, p := range []string{"../x", "/abs", "a/../../x", ".", ""} {
		if err := m.WriteFile(p, []byte("x")); err == nil {
			t.Errorf("%q: no error", p)
		}
	}
	b := []byte("page")
	if err := m.WriteFile("a/index.html", b); err != nil {
		t.Fatal(err)
	}
	b[0] = 'P'
	if got, _ := m.File("a/index.html"); string(got) != "page" {
		t.Errorf("WriteFile kept the caller's bytes: %q", got)
	}
	if err := m.WriteFile("a/./index.html", []byte("again")); err == nil {
		t.Error("a path written twice: no error")
	}
	shared := []byte("shared")
	if err := m.WriteShared("b.css", shared); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.File("b.css"); &got[0] != &shared[0] {
		t.Error("WriteShared copied")
	}
	if m.Files() != 2 || m.Bytes() != 10 || len(m.Paths()) != 2 || m.Paths()[0] != "a/index.html" {
		t.Errorf("%d files, %d bytes, %v", m.Files(), m.Bytes(), m.Paths())
	}
}

// Next starts from the previous output without changing it; Commit drops
// what the next build did not write again; Changed names what differs;
// a Lazy page is made once, when first read.
func TestMemoryNext(t *testing.T) {
	prev := NewMemory()
	kept, gone := []byte("kept"), []byte("gone")
	for p, b := range map[string][]byte{"kept.html": kept, "gone.html": gone, "edited.html": []byte("old")} {
		if err := prev.WriteShared(p, b); err != nil {
			t.Fatal(err)
		}
	}
	if prev.Changed() != nil {
		t.Error("a first output names changes")
	}
	next := prev.Next()
	made := 0
	lazy := NewLazy(func() ([]byte, error) { made++; return []byte("new"), nil })
	if err := next.WriteShared("kept.html", kept); err != nil {
		t.Fatal(err)
	}
	if err := next.WriteLazy("edited.html", lazy); err != nil {
		t.Fatal(err)
	}
	if err := next.WriteShared("kept.html", kept); err == nil {
		t.Error("a path written twice in one build: no error")
	}
	if err := next.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(next.Changed(), " "); got != "edited.html gone.html" {
		t.Errorf("changed: %s", got)
	}
	if !next.Pending("edited.html") || made != 0 {
		t.Error("the lazy page was made before it was read")
	}
	for i := 0; i < 2; i++ {
		if b, ok := next.File("edited.html"); !ok || string(b) != "new" {
			t.Errorf("edited.html: %q %v", b, ok)
		}
	}
	if made != 1 || next.Pending("edited.html") {
		t.Errorf("made %d times", made)
	}
	if got := strings.Join(next.Paths(), " "); got != "edited.html kept.html" {
		t.Errorf("next: %s", got)
	}
	if b, _ := prev.File("edited.html"); string(b) != "old" || len(prev.Paths()) != 3 {
		t.Errorf("the previous output changed: %q %v", b, prev.Paths())
	}
	failing := NewLazy(func() ([]byte, error) { return nil, errors.New("模板出错") })
	if err := next.WriteLazy("bad.html", failing); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := next.Read("bad.html"); !ok || err == nil {
		t.Errorf("a page that cannot be made: %v %v", ok, err)
	}
}

// A new path against a file of the last build: a conflict when that file
// is written again, none when it went away.
func TestMemoryNextConflicts(t *testing.T) {
	page := []byte("page")
	for _, kept := range []bool{true, false} {
		prev := NewMemory()
		if err := prev.WriteShared("a/index.html", page); err != nil {
			t.Fatal(err)
		}
		next := prev.Next()
		if err := next.WriteFile("a", []byte("a file where a directory was")); err != nil {
			t.Fatal(err)
		}
		if kept {
			if err := next.WriteShared("a/index.html", page); err != nil {
				t.Fatal(err)
			}
		}
		err := next.Commit()
		var ce *ConflictError
		if kept != errors.As(err, &ce) || kept && (ce.Path != "a" || ce.Other != "a/index.html") {
			t.Errorf("kept %v: %v", kept, err)
		}
	}
}
