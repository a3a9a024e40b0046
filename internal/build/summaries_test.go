package build

import (
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/synth"
	"reflect"
	"slices"
)

// TestSummariesAsFullReports: a build that keeps only summaries of the
// reports and computes the school parts again for the pages that show them
// writes the same bytes as one that keeps every full report. The site has
// more county-years (8 counties × 6 years) than the report package keeps
// full reports of, and than it keeps summaries of decoded (a year's
// counties and four years of each: the rest are in the temporary file),
// so both are made again more than once.
func TestSummariesAsFullReports(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 20, Schools: 80, Years: 6, Counties: 8}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	build := func(dest string, full bool) map[string][]byte {
		t.Helper()
		fullReports = full
		defer func() { fullReports = false }()
		sum, diags, err := Build(Options{Fs: fsys, Source: "/s", Destination: dest, Now: now})
		if err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		if sum.Charts == 0 || sum.SchoolParts == 0 {
			t.Fatalf("%s: %s", dest, sum)
		}
		return files(t, fsys, dest)
	}
	summaries, full := build("/summaries", false), build("/full", true)
	sameFiles(t, "summaries", summaries, full)
	if len(full) < 100 {
		t.Errorf("only %d files", len(full))
	}
}

// TestSummarizeYearArea: the city or province view summarizeYear keeps,
// computed from each county's parts as its full report is dropped, is the
// one of all the counties' full reports — also when the year lists its
// counties out of code order.
func TestSummarizeYearArea(t *testing.T) {
	y := synthYear(t, 90, 3)
	slices.Reverse(y.Counties)
	std := indicators.DefaultStandards()
	want := area.New(y.Year, computeAll(y.Counties, std), area.Targets{}).Area()
	ys := summarizeYear(y, std, false)
	if ys.area == nil || want.Primary == nil || want.Junior == nil {
		t.Fatalf("no area view of 3 counties: %v / %+v", ys.area, want)
	}
	if got := ys.area.Area(); !reflect.DeepEqual(got, want) {
		t.Errorf("area of the summarised year:\n%+v\nof the full reports:\n%+v", got, want)
	}
	for i, r := range ys.reports {
		if r.Levels.Primary != nil && r.Levels.Primary.Schools != nil {
			t.Errorf("report %d keeps its school parts", i)
		}
	}
}

// TestLoadSpillsRosters: after reading, a build of summaries holds neither
// the summaries' rosters nor, with the build cache, the schools'
// fingerprints: they are in the temporary file, and read back as they
// were made.
func TestLoadSpillsRosters(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Schools: 60, Years: 2, Counties: 3}); err != nil {
		t.Fatal(err)
	}
	site, diags := Load(Options{Fs: fsys, Source: "/s", Destination: "/out", Cache: openBuildCache(fsys, "/out"), summaries: true})
	if site == nil || diags.HasErrors(false) {
		t.Fatal(diags.All())
	}
	defer site.Close()
	if site.schoolKeys != nil || site.rosterOf() == nil || site.schoolKeysOf() == nil || len(site.Reports) != 6 {
		t.Fatalf("%d reports; school keys in memory: %v; rosters, keys spilled: %v, %v", len(site.Reports), site.schoolKeys != nil, site.rosterOf() != nil, site.schoolKeysOf() != nil)
	}
	parts := 0
	for i, r := range site.Reports {
		in := site.Input(i)
		want := indicators.Compute(in, site.Config.Standards).Summary()
		ro := site.rosterOf()(i)
		for k, l := range indicators.Levels {
			if lr := r.Levels.Get(l); lr != nil && lr.Roster != nil {
				t.Errorf("report %d keeps its %s roster", i, l)
			}
			var w []indicators.RosterPart
			if lr := want.Levels.Get(l); lr != nil {
				w = lr.Roster
			}
			if !reflect.DeepEqual(ro[k], w) {
				t.Errorf("report %d, %s: roster read back %+v, want %+v", i, l, ro[k], w)
			}
			parts += len(w)
		}
		if _, keys := fingerprintInput(in); !reflect.DeepEqual(site.schoolKeysOf()(i), keys) || len(keys) == 0 {
			t.Errorf("report %d: school keys read back differ", i)
		}
	}
	if parts < 60 {
		t.Errorf("only %d parts in the rosters", parts)
	}
}
