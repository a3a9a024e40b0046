package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"title", "titel", 2}, {"title", "title", 0}, {"在校学生数", "在校生数", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"code", "target_year", "note"}
	for _, c := range []struct{ name, want string }{
		{"targt_year", "target_year"},
		{"target-year", "target_year"},
		{"cod", "code"},
		{"notes", "note"},
		{"year", ""},   // 7 edits from target_year
		{"county", ""}, // not close to any
		{"node", "code"},
	} {
		if got := Nearest(c.name, keys); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
