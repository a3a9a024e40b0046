package indicators

import (
	"encoding/json"
	"testing"
)

// TestSummary: a summary drops what the report says of each school part,
// counts the parts as the full report does, and leaves the full report and
// everything else as they were.
func TestSummary(t *testing.T) {
	bad := goodPrimary100()
	bad[3] = 100 // teaching area far below the threshold
	missing := goodPrimary100()
	missing[0] = NA
	in := Input{Year: 2024, County: County{Name: "测试县", Code: "150101"}, Parts: []SchoolPart{
		mk("1", Primary, 111, 100, goodPrimary100()),
		mk("2", Primary, 121, 100, bad),
		mk("3", Primary, 210, 100, missing),
		mk("4", Primary, 210, 0, goodPrimary100()), // excluded: no students
		mk("5", Junior, 111, 100, goodJunior100()),
	}}
	full := Compute(in, DefaultStandards())
	before, _ := json.Marshal(full)
	sum := full.Summary()

	lr, slr := full.Levels.Primary, sum.Levels.Primary
	if len(lr.Schools) != 3 || len(lr.Excluded) != 1 {
		t.Fatalf("full report: %d parts, %d excluded; want 3 and 1", len(lr.Schools), len(lr.Excluded))
	}
	if slr.Schools != nil || slr.Excluded != nil {
		t.Errorf("summary keeps %d parts and %d excluded", len(slr.Schools), len(slr.Excluded))
	}
	want := Tally{
		Groups: [3]PartCount{{N: 1, Pass: 1}, {N: 1, Fail: 1}, {N: 1, Open: 1}},
		All:    PartCount{N: 3, Pass: 1, Fail: 1, Open: 1},
	}
	if got := lr.PassTally(); got != want {
		t.Errorf("full PassTally = %+v, want %+v", got, want)
	}
	if got := slr.PassTally(); got != want {
		t.Errorf("summary PassTally = %+v, want %+v", got, want)
	}
	// The roster: parts 1–3 in input order (1 passes, 2 fails, 3 is open),
	// then the excluded part 4; a full report has none.
	wantRoster := []struct {
		id       string
		excluded bool
		verdict  PartVerdict
	}{{"1", false, PartPasses}, {"2", false, PartFails}, {"3", false, PartOpen}, {"4", true, PartOpen}}
	if lr.Roster != nil {
		t.Error("a full report has a roster")
	}
	if len(slr.Roster) != len(wantRoster) {
		t.Fatalf("summary roster has %d parts, want %d", len(slr.Roster), len(wantRoster))
	}
	for i, w := range wantRoster {
		r := slr.Roster[i]
		if r.SchoolID != w.id || r.Excluded != w.excluded || r.Verdict != w.verdict {
			t.Errorf("roster[%d] = %s excluded=%v verdict=%v, want %s %v %v", i, r.SchoolID, r.Excluded, r.Verdict, w.id, w.excluded, w.verdict)
		}
	}
	if r := slr.Roster[1]; r.UrbanRuralCode != 121 || r.SchoolType != lr.Schools[1].Part.SchoolType || r.SchoolName != lr.Schools[1].SchoolName {
		t.Errorf("roster[1] = %+v, want part 2's 城乡代码 121, 办学类型 and name", r)
	}
	if slr.Students != lr.Students || slr.Pass != lr.Pass || len(slr.Indicators) != len(lr.Indicators) {
		t.Errorf("summary level differs beyond the parts")
	}
	for i, it := range sum.Assurance {
		if it.Failing != nil || it.Lacking != nil {
			t.Errorf("summary item %d keeps its failing parts", it.Item)
		}
		if it.Status != full.Assurance[i].Status {
			t.Errorf("summary item %d: status %s, want %s", it.Item, it.Status, full.Assurance[i].Status)
		}
	}
	if sum.Overall != full.Overall || sum.County != full.County || sum.Year != full.Year {
		t.Errorf("summary differs from the report in its verdict or county")
	}
	after, _ := json.Marshal(full)
	if string(before) != string(after) {
		t.Errorf("Summary changed the full report")
	}
}
