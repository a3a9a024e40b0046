package report

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// TestSpillKeepsNoSummary: once New has put the summaries in Options.Spill
// and the caller has dropped its own pointers (the areas' too), the Site
// holds none of them: each can be collected while the Site is in use, and
// every page is still made, reading them back.
func TestSpillKeepsNoSummary(t *testing.T) {
	cfg, theme := testSite(t)
	inputs := synthInputs(t, synth.Options{Schools: 40, Years: 3, Counties: 3})
	std := indicators.DefaultStandards()
	var full, reps []*indicators.Report
	for _, in := range inputs {
		r := indicators.Compute(in, std)
		full, reps = append(full, r), append(reps, r.Summary())
	}
	lay := layout.NewData(inputs)
	var areas []*area.Year
	for _, year := range []int{inputs[0].Year, inputs[3].Year, inputs[6].Year} {
		if lay.SeveralCounties(year) {
			// As the build's: of the summaries, with the Area of the full reports.
			a := area.New(year, reps, area.Targets{})
			a.UseArea(area.New(year, full, area.Targets{}).Area())
			areas = append(areas, a)
		}
	}
	if len(areas) != 3 || len(reps) != 9 {
		t.Fatalf("%d areas of 3 years, %d county-years", len(areas), len(reps))
	}
	full = nil
	collected := make(chan struct{}, len(reps))
	for _, r := range reps {
		runtime.AddCleanup(r, func(c chan struct{}) { c <- struct{}{} }, collected)
	}
	var spilled atomic.Int32
	store := func(b []byte) func() []byte {
		spilled.Add(1)
		b = bytes.Clone(b)
		return func() []byte { return b }
	}
	s, err := New(Options{Site: cfg, Theme: theme, Layout: lay, Areas: areas, Reports: reps, Spill: store,
		Detail: func(i int) *indicators.Report { return indicators.Compute(inputs[i], std) }})
	if err != nil {
		t.Fatal(err)
	}
	if int(spilled.Load()) != len(reps) {
		t.Fatalf("%d of %d summaries spilled", spilled.Load(), len(reps))
	}
	n := len(reps)
	reps = nil
	for _, a := range areas {
		a.DropReports()
	}
	deadline := time.Now().Add(30 * time.Second)
	for got := 0; got < n; {
		runtime.GC()
		select {
		case <-collected:
			got++
		case <-time.After(10 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d summaries are still reachable from the Site", n-got, n)
			}
		}
	}
	pages := 0
	for _, p := range s.Pages() {
		pageData(t, p)
		pages++
	}
	if pages < n {
		t.Errorf("only %d pages", pages)
	}
}

// TestRecent: a value is made once while it is kept, also when asked for
// at once by several; the least recently asked for is dropped first, and
// no more than keep are kept.
func TestRecent(t *testing.T) {
	var made []int
	r := recent[int]{make: func(i int) int { made = append(made, i); return 10 * i }, keep: 2}
	for _, i := range []int{1, 2, 1, 3, 1, 2} {
		if got := r.get(i); got != 10*i {
			t.Fatalf("get(%d) = %d", i, got)
		}
	}
	// 3 drops 2 (1 was asked for since); 2 again drops 3.
	if want := []int{1, 2, 3, 2}; !slices.Equal(made, want) {
		t.Errorf("made %v, want %v", made, want)
	}
	if len(r.at) != 2 || r.lru.Len() != 2 {
		t.Errorf("%d and %d kept, want 2", len(r.at), r.lru.Len())
	}

	var calls atomic.Int32
	c := recent[int]{make: func(i int) int { calls.Add(1); time.Sleep(time.Millisecond); return i }, keep: 4}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c.get(5) != 5 {
				t.Error("wrong value")
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("made %d times while kept", calls.Load())
	}
}

// TestDigestSchoolKeysAsSchoolKey: the schools' keys made from
// Options.SchoolKeysOf, each unit's read once, are those schoolKey makes
// from Options.SchoolKeys, also for a school that one unit has no key for;
// no unit keeps its school keys.
func TestDigestSchoolKeysAsSchoolKey(t *testing.T) {
	cfg, theme := testSite(t)
	inputs := synthInputs(t, synth.Options{Schools: 40, Years: 3, Counties: 2})
	var reps []*indicators.Report
	var unitKeys []string
	var schoolKeys []map[string]string
	for i, in := range inputs {
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
		unitKeys = append(unitKeys, fmt.Sprint("unit ", i))
		m := map[string]string{}
		for _, p := range in.Parts {
			m[p.SchoolID] = fmt.Sprint(in.Year, p.SchoolID, len(p.SchoolName)+i)
		}
		schoolKeys = append(schoolKeys, m)
	}
	lacking := inputs[1].Parts[0].SchoolID
	delete(schoolKeys[1], lacking)
	lay := layout.NewData(inputs)
	want, err := New(Options{Site: cfg, Theme: theme, Layout: lay, Reports: reps, UnitKeys: unitKeys, SchoolKeys: schoolKeys, DigestKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	reads := make([]int, len(inputs))
	got, err := New(Options{Site: cfg, Theme: theme, Layout: lay, Reports: reps, UnitKeys: unitKeys, DigestKeys: true,
		SchoolKeysOf: func(i int) map[string]string { reads[i]++; return schoolKeys[i] }})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range reads {
		if n != 1 {
			t.Errorf("unit %d's school keys read %d times", i, n)
		}
	}
	for _, u := range got.units {
		if u.schoolKeys != nil {
			t.Errorf("unit %d keeps its school keys", u.idx)
		}
	}
	if len(got.schools) != len(want.schools) || len(want.schools) < 30 {
		t.Fatalf("%d schools, want %d", len(got.schools), len(want.schools))
	}
	for id, sc := range want.schools {
		k := want.schoolKey(sc)
		if got.schoolKey(got.schools[id]) != k || len(k) == 0 {
			t.Errorf("school %s: key %q, want %q", id, got.schoolKey(got.schools[id]), k)
		}
		if (id == lacking) != (len(k) != 32) {
			t.Errorf("school %s: key of %d bytes (lacking a unit's key: %v)", id, len(k), id == lacking)
		}
	}
}

// synthInputs are the county-years of a synthetic site, as read.
func synthInputs(t *testing.T, o synth.Options) []indicators.Input {
	t.Helper()
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "s", o); err != nil {
		t.Fatal(err)
	}
	ds, dl := data.Load(fsys, "s")
	if dl.HasErrors(false) {
		t.Fatal(dl.All())
	}
	var inputs []indicators.Input
	for _, y := range ds.Years {
		inputs = append(inputs, y.Counties...)
	}
	return inputs
}
