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
