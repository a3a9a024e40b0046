package build

import (
	"errors"
	"reflect"
	"testing"

	"github.com/spf13/afero"

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
	k := keptYear{Standards: std, Year: *y, Reports: ys.reports, Keys: ys.keys, Schools: ys.schoolKeys, Packed: ys.packed,
		Diags: []diag.Diagnostic{{Severity: diag.Warning, File: "data/2024/schools.csv", Line: 3, Column: "在校生数", Value: "", HasValue: true, Msg: "空"}}}
	if ys.area != nil {
		k.HasArea, k.Area = true, ys.area.Area()
	}
	return k
}

// TestCodecKeepsSummaries: a year's summaries come back exactly, with what
// encoding/gob would lose: a *bool that says "fails" (a level's, false,
// not nil), the tallies, nil apart from empty, the items' values of every
// type; and the rosters' verdicts.
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
			for _, p := range lr.Roster {
				if p.Verdict == indicators.PartFails {
					failingParts++
				}
			}
		}
		for _, it := range append(r.Assurance, r.Quality...) {
			if _, ok := it.Value.(map[string]any); ok {
				maps++
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
	b, err := encode(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := decode(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCodecNilAndEmpty(t *testing.T) {
	f := false
	type v struct {
		A, B []int
		M, N map[string]int
		P, Q *bool
		I, J any
		S    string
		X    [2]float64
	}
	in := v{A: nil, B: []int{}, M: nil, N: map[string]int{}, P: nil, Q: &f, I: nil, J: map[string]any{"a": nil, "b": 2, "c": []any{true, "x", -0.5}}, S: "城区", X: [2]float64{0.1, 1e300}}
	if out := roundTrip(t, &in); !reflect.DeepEqual(in, out) || out.B == nil || out.N == nil || out.Q == nil {
		t.Errorf("got %#v, want %#v", out, in)
	}
}

// TestCodecRefuses: what it cannot hold is an error, never left out.
func TestCodecRefuses(t *testing.T) {
	type hidden struct {
		A int
		b int
	}
	if _, err := encode(nil, &hidden{1, 2}); !errors.Is(err, errCodec) {
		t.Errorf("an unexported field: %v", err)
	}
	type withAny struct{ V any }
	if _, err := encode(nil, &withAny{V: int64(3)}); !errors.Is(err, errCodec) {
		t.Errorf("an int64 in an interface: %v", err)
	}
	type withFunc struct{ F func() }
	if _, err := encode(nil, &withFunc{}); !errors.Is(err, errCodec) {
		t.Errorf("a func: %v", err)
	}
}

// TestCodecDamaged: a cut or lengthened encoding is an error, not a panic
// or a wrong year.
func TestCodecDamaged(t *testing.T) {
	k := keptOf(t)
	k.Packed, k.Schools = k.Packed[:1], nil // enough, and quicker to cut every way
	k.Reports = k.Reports[:1]
	b, err := encode(nil, &k)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(b); n += 1 + n/50 {
		var got keptYear
		if decode(b[:n], &got) == nil {
			t.Fatalf("%d of %d bytes decoded without an error", n, len(b))
		}
	}
	var got keptYear
	if decode(append(b, 0), &got) == nil {
		t.Error("a byte after the value decoded without an error")
	}
}
