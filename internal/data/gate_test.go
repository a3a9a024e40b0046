package data

import (
	"testing"

	"github.com/gongkai-dev/gongkai/internal/diag"

	"github.com/spf13/afero"
)

// Years that fit the budget together are read at the same time; a year
// that does not fit beside the ones under way waits for them, and one
// larger than the budget is read alone.
func TestGateKeepsYearsInBudget(t *testing.T) {
	g := newGate(10)
	// Each step takes (w > 0, whether it may start now) or gives back −w.
	steps := []struct {
		w      int64
		starts bool
		why    string
	}{
		{4, true, "the first piece"},
		{6, true, "4 + 6 fit a budget of 10"},
		{1, false, "a third piece would pass the budget"},
		{-6, true, ""},
		{5, true, "4 + 5 fit once 6 is given back"},
		{20, false, "a piece larger than the budget waits for the others"},
		{-4, true, ""},
		{-5, true, ""},
		{20, true, "a piece larger than the budget starts alone"},
		{1, false, "nothing starts beside a piece larger than the budget"},
		{-20, true, ""},
	}
	for i, st := range steps {
		if st.w < 0 {
			g.release(-st.w)
			continue
		}
		if got := g.tryAcquire(st.w); got != st.starts {
			t.Fatalf("step %d (%d): started %v, want %v: %s", i, st.w, got, st.starts, st.why)
		}
	}
	if g.used != 0 {
		t.Fatalf("used %d after every piece was given back", g.used)
	}
}

func TestYearBytesCountsRegularFiles(t *testing.T) {
	fsys := afero.NewMemMapFs()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(afero.WriteFile(fsys, "/s/data/2024/schools.csv", make([]byte, 1000), 0o644))
	must(afero.WriteFile(fsys, "/s/data/2024/county/a.toml", make([]byte, 24), 0o644))
	must(afero.WriteFile(fsys, "/s/data/2023/schools.csv", make([]byte, 7), 0o644))
	if n := yearBytes(fsys, "/s/data/2024"); n != 1024 {
		t.Errorf("yearBytes = %d, want 1024 (the year's two files, not the other year's)", n)
	}
	if n := yearBytes(fsys, "/s/data/2022"); n != 0 {
		t.Errorf("yearBytes of a missing year = %d, want 0", n)
	}
}

// A province's years, each larger than the budget, are read one at a time:
// the highest weight under way is the largest year's.
func TestLargeYearsAreReadOneAtATime(t *testing.T) {
	fsys := afero.NewMemMapFs()
	sizes := map[string]int{"2022": 300, "2023": 500, "2024": 400}
	for y, n := range sizes {
		row := "学校标识码,学校名称\n"
		b := []byte(row)
		for len(b) < n {
			b = append(b, row...)
		}
		if err := afero.WriteFile(fsys, "/s/data/"+y+"/schools.csv", b[:n], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g := newGate(100)
	loadEach(fsys, "/s", nil, func(*Year, []diag.Diagnostic) {}, g)
	if g.peak != 500 {
		t.Errorf("the most read at once was %d bytes of year files, want 500 (the largest year alone)", g.peak)
	}
	if g.used != 0 {
		t.Errorf("%d bytes still taken after reading", g.used)
	}
}
