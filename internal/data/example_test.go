package data

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// TestExampleData checks that the example site's data (../../data) shows
// every branch of the report: several years with a trend, the three 城乡
// groups, an 一贯制 school with shared facilities, excluded parts, failing
// parts, a 差异系数 above its limit, and county items that pass, fail and
// are missing.
func TestExampleData(t *testing.T) {
	ds, dl := Load(afero.NewReadOnlyFs(afero.NewOsFs()), "../..")
	noDiagnostics(t, dl)
	if len(ds.Years) < 3 {
		t.Fatalf("want 3+ years, got %d", len(ds.Years))
	}
	std := indicators.DefaultStandards()
	var ids0 map[string]bool
	failing := map[int]int{}
	cvAbove := map[int][]string{}
	cvs := map[int]float64{}
	for _, y := range ds.Years {
		if len(y.Counties) != 1 {
			t.Fatalf("%d: %d counties", y.Year, len(y.Counties))
		}
		in := y.Counties[0]
		c := in.County
		if c.Name != "示例县" || c.Code != "150000" || c.AsOf == "" || c.Source == "" || c.Notes == "" {
			t.Errorf("%d county metadata: %+v", y.Year, c)
		}
		if len(in.Parts) < 20 {
			t.Errorf("%d: %d parts, want 20+", y.Year, len(in.Parts))
		}
		ids := map[string]bool{}
		groups := map[indicators.Group]int{}
		for _, p := range in.Parts {
			ids[p.SchoolID] = true
			g, _ := indicators.GroupOf(p.UrbanRuralCode)
			groups[g]++
			if p.SchoolType == indicators.TeachingPoint {
				continue
			}
			if p.Students < 90 || p.Students > 2000 {
				t.Errorf("%d %s: %d students", y.Year, p.SchoolName, p.Students)
			}
			if r := p.Teachers.Value / float64(p.Students) * 100; !p.Teachers.Given || r < 5 || r > 10.5 {
				t.Errorf("%d %s: %.1f teachers per 100 students", y.Year, p.SchoolName, r)
			}
		}
		for _, g := range indicators.Groups {
			if groups[g] < 3 {
				t.Errorf("%d: %d parts in group %s", y.Year, groups[g], g)
			}
		}
		if ids0 == nil {
			ids0 = ids
		} else if len(ids) != len(ids0) {
			t.Errorf("%d: school ids differ from the first year", y.Year)
		} else {
			for id := range ids {
				if !ids0[id] {
					t.Errorf("%d: school id %s not in the first year", y.Year, id)
				}
			}
		}

		// An 一贯制 school whose facilities are in shared_facilities.csv.
		if len(in.Shared) == 0 {
			t.Errorf("%d: no shared facilities", y.Year)
		}
		for _, s := range in.Shared {
			levels := map[indicators.Level]bool{}
			for _, p := range in.Parts {
				if p.SchoolID == s.SchoolID {
					levels[p.Level] = true
					if p.TeachingArea.Given || p.SportsArea.Given || p.EquipmentValue.Given || p.MultimediaRooms.Given {
						t.Errorf("%d %s: facilities on the part and shared", y.Year, p.SchoolName)
					}
				}
			}
			if !levels[indicators.Primary] || !levels[indicators.Junior] {
				t.Errorf("%d: shared school %s lacks a level", y.Year, s.SchoolID)
			}
		}

		rep := indicators.Compute(in, std)
		reasons := map[string]bool{}
		for _, l := range indicators.Levels {
			lr := rep.Levels.Get(l)
			for _, e := range lr.Excluded {
				reasons[e.Reason] = true
			}
			for _, s := range lr.Schools {
				if s.Pass != nil && !*s.Pass {
					failing[y.Year]++
				}
			}
			for _, ind := range indicators.Indicators {
				ir := lr.Indicators[ind]
				if ir.CVPass != nil && !*ir.CVPass {
					cvAbove[y.Year] = append(cvAbove[y.Year], string(l)+" "+string(ind))
				}
			}
			if l == indicators.Primary {
				cvs[y.Year] = lr.Indicators[indicators.BackboneTeachers].CV.Value
			}
		}
		if !reasons["教学点"] || !reasons["民办学校"] {
			t.Errorf("%d: exclusions %v, want a 教学点 and a 民办学校", y.Year, reasons)
		}
		statuses := map[indicators.Status]int{}
		for _, it := range append(append([]indicators.Item{}, rep.Assurance...), rep.Quality...) {
			statuses[it.Status]++
		}
		if y.Year == ds.Years[len(ds.Years)-1].Year {
			// The newest year: nearly all pass, one item failing, one missing.
			if statuses[indicators.Fail] < 1 || statuses[indicators.MissingData] < 1 || statuses[indicators.Fail]+statuses[indicators.MissingData] > 3 {
				t.Errorf("%d: county items %v", y.Year, statuses)
			}
		}
	}
	first, last := ds.Years[0].Year, ds.Years[len(ds.Years)-1].Year
	for _, y := range ds.Years {
		if failing[y.Year] == 0 {
			t.Errorf("%d: no failing school part", y.Year)
		}
	}
	if failing[last] >= failing[first] {
		t.Errorf("no improvement: %d failing parts in %d, %d in %d", failing[first], first, failing[last], last)
	}
	if len(cvAbove[first]) == 0 {
		t.Errorf("no 差异系数 above its limit in %d", first)
	}
	if cvs[last] >= cvs[first] {
		t.Errorf("primary backbone CV does not improve: %v", cvs)
	}
	t.Logf("failing parts %v; CVs above their limit %v; primary backbone CV %v", failing, cvAbove, cvs)
}

// TestCityExampleData checks examples/city, the example site of several
// counties: three years of five counties each, 8 to 25 school parts per
// county, one county file per county and year, and targets.toml.
func TestCityExampleData(t *testing.T) {
	ds, dl := Load(afero.NewReadOnlyFs(afero.NewOsFs()), "../../examples/city")
	noDiagnostics(t, dl)
	if len(ds.Years) != 3 || ds.Years[0].Year != 2022 || ds.Years[2].Year != 2024 {
		t.Fatalf("years: %+v", ds.Years)
	}
	for _, y := range ds.Years {
		if len(y.Counties) != 5 {
			t.Errorf("%d: %d counties", y.Year, len(y.Counties))
		}
		for _, in := range y.Counties {
			c := in.County
			if n := len(in.Parts); n < 8 || n > 25 {
				t.Errorf("%d %s: %d school parts", y.Year, c.Code, n)
			}
			if c.Name == "" || c.AsOf == "" || c.Source == "" || !c.Recognition.Satisfaction.Given {
				t.Errorf("%d %s: county file not read: %+v", y.Year, c.Code, c)
			}
		}
	}
	tg := ds.Targets
	if tg == nil || tg.AllBy != 2028 || len(tg.Counties) != 4 {
		t.Fatalf("targets: %+v", tg)
	}
	for _, code := range []string{"159901", "159902", "159903", "159904"} {
		if _, ok := tg.Of(code); !ok {
			t.Errorf("no target for %s", code)
		}
	}
	if _, ok := tg.Of("159905"); ok {
		t.Error("159905 has a target; the example has one county without")
	}
}
