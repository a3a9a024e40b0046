package indicators

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

func keys(t *testing.T, what string, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, want an object", what, v)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func wantKeys(t *testing.T, what string, v any, want ...string) map[string]any {
	t.Helper()
	sort.Strings(want)
	if got := keys(t, what, v); !reflect.DeepEqual(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
	return v.(map[string]any)
}

func TestJSONShape(t *testing.T) {
	// A primary level only: A meets everything; C has 1 qualified teacher
	// per 300 students → 1/300×100 = 0.333… per 100 (full precision must
	// survive) and no multimedia figure; Z has 0 students.
	a := mk("A", Primary, 111, 100, goodPrimary100())
	c := mk("C", Primary, 220, 300, scaled(goodPrimary100(), 3))
	c.QualifiedTeachers = Given(1)
	c.MultimediaRooms = Missing
	z := mk("Z", Primary, 121, 0, goodPrimary100())
	county := passingCounty()
	county.Quality.ITTeaching = nil
	r := Compute(Input{Year: 2024, County: county, Parts: []SchoolPart{a, c, z}}, DefaultStandards())

	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	top := wantKeys(t, "report", doc, "year", "county", "levels", "assurance", "quality", "recognition", "overall")
	if top["year"] != 2024.0 || top["overall"] != "fail" {
		t.Errorf("year %v overall %v", top["year"], top["overall"])
	}
	wantKeys(t, "county", top["county"], "name", "code")
	levels := wantKeys(t, "levels", top["levels"], "primary", "junior")
	if j := wantKeys(t, "junior", levels["junior"]); len(j) != 0 {
		t.Errorf("junior = %v, want {}", j)
	}
	prim := wantKeys(t, "primary", levels["primary"], "students", "schools", "excluded", "indicators", "pass")
	if prim["students"] != 400.0 || prim["pass"] != false {
		t.Errorf("primary students %v pass %v", prim["students"], prim["pass"])
	}

	schools := prim["schools"].([]any)
	if len(schools) != 2 {
		t.Fatalf("%d schools", len(schools))
	}
	sa := wantKeys(t, "school A", schools[0], "school_id", "school_name", "group", "students", "values", "met", "pass", "shortfalls")
	if sa["school_id"] != "A" || sa["school_name"] != "学校A" || sa["group"] != "urban" || sa["met"] != 7.0 || sa["pass"] != true {
		t.Errorf("school A %v", sa)
	}
	wantKeys(t, "A values", sa["values"], "qualified_teachers", "backbone_teachers", "pe_art_teachers",
		"teaching_area", "sports_area", "equipment_value", "multimedia_rooms")
	if sf := wantKeys(t, "A shortfalls", sa["shortfalls"]); len(sf) != 0 {
		t.Errorf("A shortfalls %v, want {}", sf)
	}
	sc := schools[1].(map[string]any)
	vc := sc["values"].(map[string]any)
	if len(vc) != 7 || vc["multimedia_rooms"] != nil {
		t.Errorf("C values %v: want 7 keys, multimedia null", vc)
	}
	if _, present := vc["multimedia_rooms"]; !present {
		t.Error("C multimedia key absent, want null")
	}
	// Full precision: 1×100/300 = 33.333…/100 → 0.3333333333333333.
	if vc["qualified_teachers"] != 1.0/3 {
		t.Errorf("C qualified %v, want %v", vc["qualified_teachers"], 1.0/3)
	}
	// C: qualified 0.333 < 3.57 floor → fails (not null: a known value
	// below the floor decides it); shortfall ceil(4.2×3 − 1) = ceil(11.6) = 12.
	if sc["pass"] != false || sc["group"] != "rural" {
		t.Errorf("C pass %v group %v", sc["pass"], sc["group"])
	}
	wantKeys(t, "C shortfalls", sc["shortfalls"], "qualified_teachers")
	if sc["shortfalls"].(map[string]any)["qualified_teachers"] != 12.0 {
		t.Errorf("C shortfall %v", sc["shortfalls"])
	}

	ex := prim["excluded"].([]any)
	if len(ex) != 1 {
		t.Fatalf("excluded %v", ex)
	}
	e := wantKeys(t, "excluded", ex[0], "school_id", "reason")
	if e["school_id"] != "Z" || e["reason"] != "在校生数为0" {
		t.Errorf("excluded %v", e)
	}

	inds := wantKeys(t, "indicators", prim["indicators"], "qualified_teachers", "backbone_teachers", "pe_art_teachers",
		"teaching_area", "sports_area", "equipment_value", "multimedia_rooms")
	q := wantKeys(t, "qualified", inds["qualified_teachers"], "threshold", "value", "cv", "cv_limit", "cv_pass", "groups")
	// (5 + 1)/400×100 = 1.5.
	if q["threshold"] != 4.2 || q["value"] != 1.5 || q["cv_limit"] != 0.5 {
		t.Errorf("qualified %v", q)
	}
	groups := wantKeys(t, "groups", q["groups"], "urban", "town", "rural")
	u := wantKeys(t, "urban", groups["urban"], "value", "schools", "pass_share")
	if u["value"] != 5.0 || u["schools"] != 1.0 || u["pass_share"] != 1.0 {
		t.Errorf("urban %v", u)
	}
	tw := wantKeys(t, "town", groups["town"], "value", "schools", "pass_share")
	if tw["value"] != nil || tw["schools"] != 0.0 || tw["pass_share"] != nil {
		t.Errorf("town %v: want null, 0, null", tw)
	}
	m := inds["multimedia_rooms"].(map[string]any)
	if m["value"] != nil || m["cv"] != nil || m["cv_pass"] != nil {
		t.Errorf("multimedia with a part missing: %v", m)
	}

	as := top["assurance"].([]any)
	if len(as) != 15 {
		t.Fatalf("%d assurance items", len(as))
	}
	i1 := wantKeys(t, "assurance 1", as[0], "item", "name", "status", "value", "threshold")
	if i1["item"] != 1.0 || i1["name"] != "规划布局合理" || i1["status"] != "pass" || i1["value"] != true || i1["threshold"] != true {
		t.Errorf("assurance 1 %v", i1)
	}
	i8 := as[7].(map[string]any)
	wantKeys(t, "assurance 8 value", i8["value"], "teacher_salary_avg", "civil_servant_salary_avg", "performance_pay_full")
	qs := top["quality"].([]any)
	if len(qs) != 9 {
		t.Fatalf("%d quality items", len(qs))
	}
	q5 := wantKeys(t, "quality 5", qs[4], "item", "name", "status", "value", "threshold")
	if q5["status"] != "missing" || q5["value"] != nil {
		t.Errorf("quality 5 %v: want missing, null", q5)
	}
	rec := wantKeys(t, "recognition", top["recognition"], "status", "value", "threshold")
	if rec["status"] != "pass" || rec["value"] != 0.91 || rec["threshold"] != 0.85 {
		t.Errorf("recognition %v", rec)
	}
}

func TestJSONRoundTripLevels(t *testing.T) {
	r := Compute(Input{Year: 2024, Parts: passingParts()[:1]}, DefaultStandards())
	b, err := json.Marshal(r.Levels)
	if err != nil {
		t.Fatal(err)
	}
	var back LevelReports
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Junior != nil || back.Primary == nil || back.Primary.Level != Primary {
		t.Fatalf("round trip: %+v", back)
	}
	if back.Primary.Students != 100 || back.Primary.Schools[0].Values[BackboneTeachers] != Given(2) {
		t.Errorf("round trip primary %+v", back.Primary)
	}
	// A nil level through a pointer to LevelReports too.
	b2, _ := json.Marshal(&LevelReports{})
	if string(b2) != `{"primary":{},"junior":{}}` {
		t.Errorf("empty levels = %s", b2)
	}
}
