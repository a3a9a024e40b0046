package report

import (
	"bytes"
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
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "s", synth.Options{Schools: 40, Years: 3, Counties: 3}); err != nil {
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
	std := indicators.DefaultStandards()
	var full, reps []*indicators.Report
	for _, in := range inputs {
		r := indicators.Compute(in, std)
		full, reps = append(full, r), append(reps, r.Summary())
	}
	lay := layout.NewData(inputs)
	var areas []*area.Year
	for _, y := range ds.Years {
		if lay.SeveralCounties(y.Year) {
			// As the build's: of the summaries, with the Area of the full reports.
			a := area.New(y.Year, reps, area.Targets{})
			a.UseArea(area.New(y.Year, full, area.Targets{}).Area())
			areas = append(areas, a)
		}
	}
	if len(areas) != len(ds.Years) || len(reps) != 9 {
		t.Fatalf("%d areas of %d years, %d county-years", len(areas), len(ds.Years), len(reps))
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
