package build

import (
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

// TestSummariesAsFullReports: a build that keeps only summaries of the
// reports and computes the school parts again for the pages that show them
// writes the same bytes as one that keeps every full report. The site has
// more county-years (5 counties × 4 years) than the report package keeps
// full reports of, so they are computed again more than once.
func TestSummariesAsFullReports(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 20, Schools: 60, Years: 4, Counties: 5}); err != nil {
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
