package data

import "testing"

func TestDefuseFormulas(t *testing.T) {
	row := defuseFormulas([]string{"=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)", "城关小学", "-", "12.5"})
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1+2", "-3", "'@SUM(A1)", "城关小学", "'-", "12.5"}
	for i := range want {
		if row[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, row[i], want[i])
		}
	}
}
