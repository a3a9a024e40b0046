package disclosure

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

const Y = 2024

func d(y int, m time.Month, day int) time.Time { return Day(y, m, day) }

// TestDocumentsAtTheYearsEdges counts one document at a time around the
// first and last days of the year.
func TestDocumentsAtTheYearsEdges(t *testing.T) {
	cases := []struct {
		name string
		doc  Document
		want DocCounts
	}{
		{"written on 1 January", Document{Written: d(Y, 1, 1)}, DocCounts{Issued: 1, InForce: 1}},
		{"written on 31 December", Document{Written: d(Y, 12, 31)}, DocCounts{Issued: 1, InForce: 1}},
		{"written the year before, on 31 December", Document{Written: d(Y-1, 12, 31)}, DocCounts{InForce: 1}},
		{"written on 1 January of the next year", Document{Written: d(Y+1, 1, 1)}, DocCounts{}},
		{"abolished on 1 January", Document{Written: d(2019, 5, 1), Repealed: true, Abolished: d(Y, 1, 1)}, DocCounts{Abolished: 1}},
		{"abolished on 31 December: not in force at the year's end", Document{Written: d(2019, 5, 1), Repealed: true, Abolished: d(Y, 12, 31)}, DocCounts{Abolished: 1}},
		{"abolished on 1 January of the next year: in force", Document{Written: d(2019, 5, 1), Repealed: true, Abolished: d(Y+1, 1, 1)}, DocCounts{InForce: 1}},
		{"abolished on 31 December the year before", Document{Written: d(2019, 5, 1), Repealed: true, Abolished: d(Y-1, 12, 31)}, DocCounts{}},
		{"abolished date without 废止 (still counts)", Document{Written: d(2019, 5, 1), Abolished: d(Y, 6, 1)}, DocCounts{Abolished: 1}},
		{"issued and abolished in the year", Document{Written: d(Y, 2, 1), Repealed: true, Abolished: d(Y, 11, 1)}, DocCounts{Issued: 1, Abolished: 1}},
		{"expires on 31 December: still in force that day", Document{Written: d(2020, 1, 1), Expires: d(Y, 12, 31)}, DocCounts{InForce: 1}},
		{"expires on 30 December", Document{Written: d(2020, 1, 1), Expires: d(Y, 12, 30)}, DocCounts{}},
		{"expired the year before, marked 失效", Document{Written: d(2020, 1, 1), Expires: d(Y-1, 12, 31), Expired: true}, DocCounts{}},
		{"expires next year", Document{Written: d(2020, 1, 1), Expires: d(Y+1, 1, 1)}, DocCounts{InForce: 1}},
	}
	for _, c := range cases {
		for _, kind := range []Kind{Normative, Regulation} {
			c.doc.Kind = kind
			reg, norm, probs := CountDocuments([]Document{c.doc}, Y)
			got, other := norm, reg
			if kind == Regulation {
				got, other = reg, norm
			}
			if got != c.want || other != (DocCounts{}) || len(probs) > 0 {
				t.Errorf("%s (kind %d): got %+v (other kind %+v, problems %v), want %+v", c.name, kind, got, other, probs, c.want)
			}
		}
	}
}

func TestDocumentsThatCannotBeCounted(t *testing.T) {
	docs := []Document{
		{Written: d(2020, 1, 1)},                                     // fine
		{Written: d(2020, 1, 1), Repealed: true},                     // 废止 without a date
		{Written: d(Y+1, 3, 1), Repealed: true},                      // not yet written by the year's end: no matter
		{Written: d(2020, 1, 1), Expired: true},                      // 失效 without a date
		{Repealed: true, Abolished: d(Y, 1, 1)},                      // no 成文日期
		{Written: d(2020, 1, 1), Expires: d(Y, 1, 1), Expired: true}, // fine
	}
	_, norm, probs := CountDocuments(docs, Y)
	var got []string
	for _, p := range probs {
		got = append(got, docKey(p))
		if !strings.Contains(p.Msg, "2024") {
			t.Errorf("problem %v does not name the year", p)
		}
	}
	if want := "1:abolished 3:expires 4:written"; strings.Join(got, " ") != want {
		t.Errorf("problems %v, want %s", got, want)
	}
	if norm != (DocCounts{InForce: 1}) {
		t.Errorf("the countable documents gave %+v, want in force 1", norm)
	}
}

func docKey(p DocProblem) string { return string(rune('0'+p.Doc)) + ":" + p.Key }

// app is an application of a natural person with the given dates (closed
// zero: open), granted when closed.
func app(received, closed time.Time) Application {
	a := Application{Received: received, Closed: closed}
	if !closed.IsZero() {
		a.Outcome = Granted
	}
	return a
}

// TestRequestsAtTheYearsEdges counts one application at a time: which of
// 新收, 上年结转, 予以公开 and 结转下年度 it falls in.
func TestRequestsAtTheYearsEdges(t *testing.T) {
	var open time.Time
	cases := []struct {
		name                             string
		a                                Application
		new, carried, granted, forwarded int
	}{
		{"received on 1 January, closed in the year", app(d(Y, 1, 1), d(Y, 1, 20)), 1, 0, 1, 0},
		{"received on 31 December, open", app(d(Y, 12, 31), open), 1, 0, 0, 1},
		{"received on 31 December, closed on 31 December", app(d(Y, 12, 31), d(Y, 12, 31)), 1, 0, 1, 0},
		{"received in the year, closed on 1 January of the next", app(d(Y, 12, 20), d(Y+1, 1, 1)), 1, 0, 0, 1},
		{"received the year before, closed on 31 December of it", app(d(Y-1, 12, 1), d(Y-1, 12, 31)), 0, 0, 0, 0},
		{"received the year before, closed on 1 January", app(d(Y-1, 12, 31), d(Y, 1, 1)), 0, 1, 1, 0},
		{"received two years before, still open", app(d(Y-2, 6, 1), open), 0, 1, 0, 1},
		{"received the year before, closed the year after", app(d(Y-1, 6, 1), d(Y+1, 2, 1)), 0, 1, 0, 1},
		{"received on 1 January of the next year", app(d(Y+1, 1, 1), open), 0, 0, 0, 0},
	}
	for _, c := range cases {
		r := CountRequests([]Application{c.a}, Y)
		got := [4]int{r[New][0], r[CarriedOver][0], r[Granted][0], r[CarriedForward][0]}
		if want := [4]int{c.new, c.carried, c.granted, c.forwarded}; got != want {
			t.Errorf("%s: 新收, 上年结转, 予以公开, 结转下年度 = %v, want %v", c.name, got, want)
		}
		if v := r.Check(); len(v) > 0 {
			t.Errorf("%s: %v", c.name, v)
		}
	}
}

// TestRequestsByApplicantAndOutcome puts each application in its column
// and row, and fills the totals.
func TestRequestsByApplicantAndOutcome(t *testing.T) {
	apps := []Application{
		{Received: d(Y, 3, 1), Applicant: Business, Closed: d(Y, 3, 20), Outcome: RefusedThirdParty},
		{Received: d(Y, 4, 1), Applicant: LegalService, Closed: d(Y, 4, 9), Outcome: RefusedThirdParty},
		{Received: d(Y, 5, 1), Applicant: OtherOrg, Closed: d(Y, 5, 9), Outcome: OtherNoFee},
		{Received: d(Y, 6, 1), Applicant: OtherOrg},
	}
	r := CountRequests(apps, Y)
	want := map[[2]int]int{
		{int(New), int(Business)}: 1, {int(New), int(LegalService)}: 1, {int(New), int(OtherOrg)}: 2, {int(New), TotalColumn}: 4,
		{int(RefusedThirdParty), int(Business)}: 1, {int(RefusedThirdParty), int(LegalService)}: 1, {int(RefusedThirdParty), TotalColumn}: 2,
		{int(OtherNoFee), int(OtherOrg)}: 1, {int(OtherNoFee), TotalColumn}: 1,
		{int(Total), int(Business)}: 1, {int(Total), int(LegalService)}: 1, {int(Total), int(OtherOrg)}: 1, {int(Total), TotalColumn}: 3,
		{int(CarriedForward), int(OtherOrg)}: 1, {int(CarriedForward), TotalColumn}: 1,
	}
	for row := range r {
		for c := range r[row] {
			if r[row][c] != want[[2]int{row, c}] {
				t.Errorf("%s, %s = %d, want %d", RowName(Row(row)), ColumnName(c), r[row][c], want[[2]int{row, c}])
			}
		}
	}
}

// TestBalanceHoldsForAnyRegister: counted from a register whose dates are
// in order, 一 + 二 = 三（七）+ 四 in every column of every year — the rule
// cannot fail, which is why the register is the better input.
func TestBalanceHoldsForAnyRegister(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	for round := 0; round < 200; round++ {
		var apps []Application
		for i := rng.Intn(30); i > 0; i-- {
			rec := d(2021, 1, 1).AddDate(0, 0, rng.Intn(4*366))
			a := Application{Received: rec, Applicant: Applicant(rng.Intn(int(NumApplicants)))}
			if rng.Intn(4) > 0 {
				a.Closed = rec.AddDate(0, 0, rng.Intn(60))
				a.Outcome = Granted + Row(rng.Intn(int(OtherOther-Granted)+1))
			}
			apps = append(apps, a)
		}
		for y := 2020; y <= 2026; y++ {
			r := CountRequests(apps, y)
			if v := r.Check(); len(v) > 0 {
				t.Fatalf("round %d, %d: %v", round, y, v)
			}
			if y > 2020 {
				if prev := CountRequests(apps, y-1); prev[CarriedForward] != r[CarriedOver] {
					t.Fatalf("round %d: %d's 结转下年度 %v ≠ %d's 上年结转 %v", round, y-1, prev[CarriedForward], y, r[CarriedOver])
				}
			}
		}
	}
}

// TestCheckFindsEveryRule breaks each rule of 表三 in a table that adds up.
func TestCheckFindsEveryRule(t *testing.T) {
	var good Requests
	good[New][NaturalPerson] = 5
	good[CarriedOver][NaturalPerson] = 1
	good[Granted][NaturalPerson] = 3
	good[UnableNotHeld][NaturalPerson] = 2
	good[CarriedForward][NaturalPerson] = 1
	good.FillTotals(true)
	if v := good.Check(); len(v) > 0 {
		t.Fatalf("a table that adds up: %v", v)
	}
	if good[Total][NaturalPerson] != 5 || good[New][TotalColumn] != 5 {
		t.Fatalf("FillTotals: 总计 %d, 新收总计 %d; want 5 and 5", good[Total][NaturalPerson], good[New][TotalColumn])
	}

	unbalanced := good
	unbalanced[CarriedForward][NaturalPerson] = 2
	unbalanced.FillTotals(true)
	wantViolations(t, "结转下年度 2", unbalanced.Check(), Violation{Rule: Balance, Column: 0, Left: 6, Right: 7}, Violation{Rule: Balance, Column: TotalColumn, Left: 6, Right: 7})

	badTotal := good
	badTotal[Total][NaturalPerson] = 4 // given, not summed
	badTotal.FillTotals(false)
	wantViolations(t, "（七）总计 4", badTotal.Check(),
		Violation{Rule: TotalRow, Column: 0, Left: 4, Right: 5}, Violation{Rule: TotalRow, Column: TotalColumn, Left: 4, Right: 5},
		Violation{Rule: Balance, Column: 0, Left: 6, Right: 5}, Violation{Rule: Balance, Column: TotalColumn, Left: 6, Right: 5})

	badColumn := good
	badColumn[Granted][TotalColumn] = 4
	wantViolations(t, "予以公开总计 4", badColumn.Check(), Violation{Rule: TotalCol, Row: Granted, Left: 4, Right: 3}, Violation{Rule: TotalRow, Column: TotalColumn, Left: 5, Right: 6})

	for _, v := range append(unbalanced.Check(), badColumn.Check()...) {
		if s := v.String(); !strings.Contains(s, "自然人") && !strings.Contains(s, "总计") && !strings.Contains(s, "予以公开") {
			t.Errorf("%+v says %q: no column or row named", v, s)
		}
	}
}

func wantViolations(t *testing.T, name string, got []Violation, want ...Violation) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: violations %+v, want %+v", name, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: violation %d = %+v, want %+v", name, i, got[i], want[i])
		}
	}
}

func TestComputeTakesRequestsGivenDirectly(t *testing.T) {
	var given Requests
	given[New][Research] = 2
	given[Granted][Research] = 2
	given.FillTotals(true)
	register := []Application{app(d(Y, 1, 5), time.Time{})}
	f := Figures{Licensing: 3, FeesWanYuan: 0.25, Review: Review{Review: Outcomes{Upheld: 1}}, Requests: &given}
	r, _ := Compute(Y, nil, f, register)
	if r.Requests != given || r.Active.Licensing != 3 || r.Active.FeesWanYuan != 0.25 || r.Review.Review.Total() != 1 {
		t.Errorf("Compute with [requests]: %+v", r)
	}
	f.Requests = nil
	r, _ = Compute(Y, nil, f, register)
	if r.Requests[New][NaturalPerson] != 1 || r.Requests[CarriedForward][TotalColumn] != 1 {
		t.Errorf("Compute with the register: %v", r.Requests)
	}
}
