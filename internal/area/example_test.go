package area_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

const citySite = "../../examples/city"

var fixedNow = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// targetsOf is data/targets.toml as the area view takes it.
func targetsOf(t *data.Targets) area.Targets {
	out := area.Targets{Counties: map[string]area.Target{}}
	if t == nil {
		return out
	}
	out.AllBy = t.AllBy
	for _, c := range t.Counties {
		out.Counties[c.Code] = area.Target{Year: c.TargetYear, Note: c.Note}
	}
	return out
}

// The JSON a reader of the published files sees: indicators.json of a
// county, and a row of counties.json.
type (
	schoolJSON struct {
		Group    string              `json:"group"`
		Students int                 `json:"students"`
		Values   map[string]*float64 `json:"values"`
		Pass     *bool               `json:"pass"`
	}
	levelJSON struct {
		Schools    []schoolJSON `json:"schools"`
		Indicators map[string]struct {
			CVPass *bool `json:"cv_pass"`
		} `json:"indicators"`
		Pass *bool `json:"pass"`
	}
	statusJSON struct {
		Status string `json:"status"`
	}
	indicatorsJSON struct {
		Year        int                   `json:"year"`
		County      struct{ Code string } `json:"county"`
		Levels      map[string]levelJSON  `json:"levels"`
		Assurance   []statusJSON          `json:"assurance"`
		Quality     []statusJSON          `json:"quality"`
		Recognition statusJSON            `json:"recognition"`
		Overall     string                `json:"overall"`
	}
	rowLevel struct {
		Pass        *bool `json:"pass"`
		Schools     *int  `json:"schools"`
		SchoolsPass *int  `json:"schools_pass"`
		CVOver      *int  `json:"cv_over"`
	}
	rowItems struct {
		Status string `json:"status"`
		Met    int    `json:"met"`
		Of     int    `json:"of"`
	}
	countiesJSON struct {
		Year    int  `json:"year"`
		AllBy   *int `json:"all_by"`
		Summary struct {
			Counties, Pass, Achieved, Pending, Overdue, None int
		} `json:"summary"`
		Counties []struct {
			Code        string     `json:"code"`
			Name        string     `json:"name"`
			Overall     string     `json:"overall"`
			Primary     rowLevel   `json:"primary"`
			Junior      rowLevel   `json:"junior"`
			Assurance   rowItems   `json:"assurance"`
			Quality     rowItems   `json:"quality"`
			Recognition statusJSON `json:"recognition"`
			TargetYear  *int       `json:"target_year"`
			Progress    string     `json:"progress"`
		} `json:"counties"`
	}
)

// expectLevel is what counties.json must say of a level, worked out from
// indicators.json: the parts listed, those whose pass is true, the CVs
// whose cv_pass is false.
func expectLevel(l levelJSON, present bool) rowLevel {
	if !present {
		return rowLevel{}
	}
	n, pass, over := len(l.Schools), 0, 0
	for _, s := range l.Schools {
		if s.Pass != nil && *s.Pass {
			pass++
		}
	}
	for _, ir := range l.Indicators {
		if ir.CVPass != nil && !*ir.CVPass {
			over++
		}
	}
	return rowLevel{Pass: l.Pass, Schools: &n, SchoolsPass: &pass, CVOver: &over}
}

func expectItems(items []statusJSON) rowItems {
	r := rowItems{Status: "pass", Of: len(items)}
	fail, missing := false, false
	for _, it := range items {
		switch it.Status {
		case "pass":
			r.Met++
		case "fail":
			fail = true
		default:
			missing = true
		}
	}
	switch {
	case fail:
		r.Status = "fail"
	case missing:
		r.Status = "missing"
	}
	return r
}

func show(l rowLevel) string {
	f := func(p *int) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	pass := "null"
	if l.Pass != nil {
		pass = fmt.Sprint(*l.Pass)
	}
	return fmt.Sprintf("{pass %s, schools %s, schools_pass %s, cv_over %s}", pass, f(l.Schools), f(l.SchoolsPass), f(l.CVOver))
}

// TestCityExample builds examples/city, the second example site, and checks
// that it is as designed (targets read; in 2024 one county achieved and one
// overdue) and that every figure of each year's counties.json agrees with
// the indicators.json the build wrote for that county, and the area's
// values with the counties' school parts.
func TestCityExample(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	sum, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: citySite, Destination: dest, Now: fixedNow})
	if err != nil || len(diags) > 0 {
		t.Fatalf("build: %v %v", err, diags)
	}
	if sum.Years != 3 {
		t.Errorf("summary %+v", sum)
	}
	site, dl := build.Load(build.Options{Fs: afero.NewReadOnlyFs(afero.NewOsFs()), Source: citySite, Now: fixedNow})
	if len(dl.All()) > 0 {
		t.Fatalf("load: %v", dl.All())
	}
	tg := site.Data.Targets
	if tg == nil || tg.AllBy != 2028 || len(tg.Counties) != 4 {
		t.Fatalf("targets.toml: %+v", tg)
	}
	targets := targetsOf(tg)

	// As designed (see the data): 青岚区 passes from 2023, its target year;
	// 柳溪县 misses its target 2024; 北长县 (2025) is incomplete in 2024 for a
	// monitoring figure not yet published; 云岫县 (2026) fails; 禾丰县 has
	// no target.
	want := map[int]string{
		2022: "159901 fail pending, 159902 fail pending, 159903 fail pending, 159904 fail pending, 159905 fail none",
		2023: "159901 pass achieved, 159902 fail pending, 159903 fail pending, 159904 fail pending, 159905 fail none",
		2024: "159901 pass achieved, 159902 fail overdue, 159903 incomplete pending, 159904 fail pending, 159905 fail none",
	}
	for _, year := range []int{2022, 2023, 2024} {
		y := area.New(year, site.Reports, targets)
		// counties.json as the build published it: the area of the year.
		js, err := os.ReadFile(filepath.Join(dest, "data", fmt.Sprint(year), "counties.json"))
		if err != nil {
			t.Fatal(err)
		}
		if want, err := y.JSON(); err != nil || string(want) != string(js) {
			t.Errorf("%d: the published counties.json is not the area's (%v)", year, err)
		}
		var got countiesJSON
		if err := json.Unmarshal(js, &got); err != nil {
			t.Fatal(err)
		}
		if got.Year != year || got.AllBy == nil || *got.AllBy != 2028 {
			t.Errorf("%d: year %d, all_by %v", year, got.Year, got.AllBy)
		}
		line := ""
		counts := map[string]int{}
		pass := 0
		for i, c := range got.Counties {
			if i > 0 {
				line += ", "
			}
			line += c.Code + " " + c.Overall + " " + c.Progress
			counts[c.Progress]++
			if c.Overall == "pass" {
				pass++
			}
			if tgt, ok := tg.Of(c.Code); ok != (c.TargetYear != nil) || ok && *c.TargetYear != tgt.TargetYear {
				t.Errorf("%d %s: target_year %v, targets.toml %+v", year, c.Code, c.TargetYear, tgt)
			}

			// The county's own indicators.json, as published.
			b, err := os.ReadFile(filepath.Join(dest, "data", fmt.Sprint(year), "county", c.Code, "indicators.json"))
			if err != nil {
				t.Fatal(err)
			}
			var ij indicatorsJSON
			if err := json.Unmarshal(b, &ij); err != nil {
				t.Fatal(err)
			}
			if ij.Year != year || ij.County.Code != c.Code || ij.Overall != c.Overall {
				t.Errorf("%d %s: overall %s, indicators.json %d %s %s", year, c.Code, c.Overall, ij.Year, ij.County.Code, ij.Overall)
			}
			for _, l := range []struct {
				name string
				row  rowLevel
			}{{"primary", c.Primary}, {"junior", c.Junior}} {
				lj, ok := ij.Levels[l.name]
				present := ok && lj.Indicators != nil
				if w := expectLevel(lj, present); show(l.row) != show(w) {
					t.Errorf("%d %s %s: %s, indicators.json %s", year, c.Code, l.name, show(l.row), show(w))
				}
			}
			if w := expectItems(ij.Assurance); c.Assurance != w || w.Of != 15 {
				t.Errorf("%d %s assurance: %+v, indicators.json %+v", year, c.Code, c.Assurance, w)
			}
			if w := expectItems(ij.Quality); c.Quality != w || w.Of != 9 {
				t.Errorf("%d %s quality: %+v, indicators.json %+v", year, c.Code, c.Quality, w)
			}
			if c.Recognition.Status != ij.Recognition.Status {
				t.Errorf("%d %s recognition: %s, indicators.json %s", year, c.Code, c.Recognition.Status, ij.Recognition.Status)
			}
		}
		if line != want[year] {
			t.Errorf("%d:\n got %s\nwant %s", year, line, want[year])
		}
		s := got.Summary
		if s.Counties != 5 || s.Pass != pass || s.Achieved != counts["achieved"] || s.Pending != counts["pending"] ||
			s.Overdue != counts["overdue"] || s.None != counts["none"] {
			t.Errorf("%d: summary %+v, rows %v, %d pass", year, s, counts, pass)
		}
		checkArea(t, y, dest)
	}
}

// checkArea compares the area's values with the student-weighted mean of
// the school values of every county's indicators.json: for a value per
// student (or per 100), Σ value × students / Σ students is the ratio of the
// totals.
func checkArea(t *testing.T, y *area.Year, dest string) {
	t.Helper()
	type acc struct{ vs, s float64 }
	sums := map[string]*acc{} // level/indicator/group ("" for the whole level)
	for _, c := range y.Counties {
		b, err := os.ReadFile(filepath.Join(dest, "data", fmt.Sprint(y.Year), "county", c.Code, "indicators.json"))
		if err != nil {
			t.Fatal(err)
		}
		var ij indicatorsJSON
		if err := json.Unmarshal(b, &ij); err != nil {
			t.Fatal(err)
		}
		for lname, l := range ij.Levels {
			for _, s := range l.Schools {
				for ind, v := range s.Values {
					for _, g := range []string{"", s.Group} {
						k := lname + "/" + ind + "/" + g
						if sums[k] == nil {
							sums[k] = &acc{}
						}
						if v == nil {
							sums[k].s = math.NaN() // a value missing: the area value is missing
							continue
						}
						sums[k].vs += *v * float64(s.Students)
						sums[k].s += float64(s.Students)
					}
				}
			}
		}
	}
	checked := 0
	for _, l := range indicators.Levels {
		lr := y.Area().Get(l)
		if lr == nil {
			t.Fatalf("%d: no area %s", y.Year, l)
		}
		for _, ind := range indicators.Indicators {
			ir := lr.Indicators[ind]
			check := func(what string, f indicators.Figure, a *acc) {
				if a == nil {
					t.Errorf("%d %s %s %s: no school", y.Year, l, ind, what)
					return
				}
				if math.IsNaN(a.s) {
					if f.Given {
						t.Errorf("%d %s %s %s: %v although a school's value is missing", y.Year, l, ind, what, f.Value)
					}
					return
				}
				w := a.vs / a.s
				if !f.Given || math.Abs(f.Value-w) > 1e-9*math.Max(1, w) {
					t.Errorf("%d %s %s %s: area %+v, from the counties' schools %v", y.Year, l, ind, what, f, w)
				}
				checked++
			}
			check("all", ir.Value, sums[string(l)+"/"+string(ind)+"/"])
			for _, g := range indicators.Groups {
				check(string(g), ir.Groups[g].Value, sums[string(l)+"/"+string(ind)+"/"+string(g)])
			}
		}
	}
	if checked < 40 {
		t.Errorf("%d: only %d area values checked", y.Year, checked)
	}
}
