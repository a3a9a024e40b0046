package output

import "testing"

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
