package build

import (
	"reflect"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// synthYear is the one year of a synthetic site of schools schools in
// counties counties, as read.
func synthYear(t *testing.T, schools, counties int) *data.Year {
	t.Helper()
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "s", synth.Options{Schools: schools, Years: 1, Counties: counties}); err != nil {
		t.Fatal(err)
	}
	ds, dl := data.Load(fsys, "s")
	if dl.HasErrors(false) || len(ds.Years) != 1 {
		t.Fatalf("synthetic data: %v", dl.All())
	}
	return &ds.Years[0]
}

// keptOf is the year the build cache would keep of a synthetic year.
func keptOf(t *testing.T) keptYear {
	t.Helper()
	y := synthYear(t, 60, 2)
	std := indicators.DefaultStandards()
	ys := summarizeYear(y, std, true)
	k := keptYear{Standards: std, Year: *y, Reports: ys.reports, Rosters: ys.rosterBlobs, Keys: ys.keys, Schools: ys.schoolKeys, Packed: ys.packed,
		Diags: []diag.Diagnostic{{Severity: diag.Warning, File: "data/2024/schools.csv", Line: 3, Column: "在校生数", Value: "", HasValue: true, Msg: "空"}}}
	if ys.area != nil {
		k.HasArea, k.Area = true, ys.area.Area()
	}
	return k
}

// TestCodecKeepsSummaries: a year's summaries come back exactly, with what
// encoding/gob would lose: a *bool that says "fails" (a level's, false,
// not nil), the tallies, nil apart from empty, the items' values of every
// type; and the rosters, kept apart, with their verdicts.
func TestCodecKeepsSummaries(t *testing.T) {
	k := keptOf(t)
	// What the comparison must cover to mean anything.
	var fails, failingParts, tallies, maps int
	for _, r := range k.Reports {
		for _, lr := range []*indicators.LevelReport{r.Levels.Primary, r.Levels.Junior} {
			if lr == nil {
				continue
			}
			if lr.Tally != nil {
				tallies++
			}
			if lr.Pass != nil && !*lr.Pass {
				fails++
			}
			if lr.Roster != nil {
				t.Error("a summary kept with its roster")
			}
		}
		for _, it := range append(r.Assurance, r.Quality...) {
			if _, ok := it.Value.(map[string]any); ok {
				maps++
			}
		}
	}
	for _, b := range k.Rosters {
		var ro [2][]indicators.RosterPart
		if err := codec.Decode(b, &ro); err != nil {
			t.Fatal(err)
		}
		for _, p := range append(ro[0], ro[1]...) {
			if p.Verdict == indicators.PartFails {
				failingParts++
			}
		}
	}
	if fails == 0 || failingParts == 0 || tallies == 0 || maps == 0 || !k.HasArea {
		t.Fatalf("the synthetic year lacks what the test needs: %d failing levels, %d failing parts, %d tallies, %d map values, area %v", fails, failingParts, tallies, maps, k.HasArea)
	}
	if got := roundTrip(t, &k); !reflect.DeepEqual(got, k) {
		t.Error("the year decoded is not the year encoded")
		for i := range k.Reports {
			if !reflect.DeepEqual(got.Reports[i], k.Reports[i]) {
				t.Errorf("report %d: got %+v, want %+v", i, got.Reports[i], k.Reports[i])
				break
			}
		}
	}
}

// roundTrip encodes *in and decodes it again.
func roundTrip[T any](t *testing.T, in *T) T {
	t.Helper()
	b, err := codec.Encode(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := codec.Decode(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCodecDamaged: a cut or lengthened encoding is an error, not a panic
// or a wrong year.
func TestCodecDamaged(t *testing.T) {
	k := keptOf(t)
	k.Packed, k.Schools, k.Rosters = k.Packed[:1], nil, k.Rosters[:1] // enough, and quicker to cut every way
	k.Reports = k.Reports[:1]
	b, err := codec.Encode(nil, &k)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(b); n += 1 + n/50 {
		var got keptYear
		if codec.Decode(b[:n], &got) == nil {
			t.Fatalf("%d of %d bytes decoded without an error", n, len(b))
		}
	}
	var got keptYear
	if codec.Decode(append(b, 0), &got) == nil {
		t.Error("a byte after the value decoded without an error")
	}
}
