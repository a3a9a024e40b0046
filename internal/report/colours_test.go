package report

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// lightness is the CIELAB L* of an sRGB colour "#RRGGBB": how light it
// prints in grey.
func lightness(t *testing.T, hex string) float64 {
	t.Helper()
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("%q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	y := 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
	if y > 216.0/24389 {
		return 116*math.Cbrt(y) - 16
	}
	return 24389.0 / 27 * y
}

// TestYearColours: the years of a chart stay apart in grey print —
// neighbouring years differ in lightness by 28 points of L* when there are
// two or three, by 10 up to six —, none is lighter than L* 80 (it would
// vanish on white paper), and no year takes a 城乡 group's colour.
func TestYearColours(t *testing.T) {
	groups := map[string]bool{}
	for _, c := range groupPalette {
		groups[c] = true
	}
	for n := 1; n <= 6; n++ {
		cs := yearColours(n)
		if len(cs) != n {
			t.Fatalf("%d years: %d colours", n, len(cs))
		}
		min := 10.0
		if n <= 3 {
			min = 28
		}
		for i, c := range cs {
			if groups[c] {
				t.Errorf("%d years: year %d takes the group colour %s", n, i, c)
			}
			if l := lightness(t, c); l > 80 {
				t.Errorf("%d years: year %d (%s) is too light for paper: L* %.0f", n, i, c, l)
			}
			if i > 0 {
				if d := lightness(t, cs[i-1]) - lightness(t, c); d < min {
					t.Errorf("%d years: %s and %s differ by %.0f points of L*, want %.0f", n, cs[i-1], c, d, min)
				}
			}
		}
	}
}

// TestSchoolChartsShareAxis: every chart of a school's page has the same
// value axis, whatever each year's values, so that the years compare by eye.
func TestSchoolChartsShareAxis(t *testing.T) {
	cfg, theme := testSite(t)
	var inputs []indicators.Input
	// The older year has the larger values: the newest year's chart
	// reaches as far as the trend's.
	for i, f := range []float64{1.9, 1.1} {
		in := indicators.Input{Year: 2023 + i, County: indicators.County{Name: "测试县", Code: "150000"}, Parts: []indicators.SchoolPart{{
			SchoolID: "1", SchoolName: "一小", Level: indicators.Primary, UrbanRuralCode: 111, Students: 100,
			QualifiedTeachers: indicators.Given(4.2 * f), BackboneTeachers: indicators.Given(1 * f), PEArtTeachers: indicators.Given(0.9 * f),
			TeachingArea: indicators.Given(450 * f), SportsArea: indicators.Given(750 * f), EquipmentValue: indicators.Given(200000 * f),
			MultimediaRooms: indicators.Given(2.3 * f),
		}}}
		inputs = append(inputs, in)
	}
	var reps []*indicators.Report
	for _, in := range inputs {
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
	}
	sp := schoolPageOf(t, cfg, theme, inputs, reps, "1")
	charts := append([]*Chart(nil), sp.Trends...)
	for _, y := range sp.Years {
		for _, p := range y.Parts {
			charts = append(charts, p.Chart)
		}
	}
	maxes := map[float64][]string{}
	for _, c := range charts {
		var o struct {
			XAxis []struct {
				Max float64 `json:"max"`
			} `json:"xAxis"`
		}
		if err := json.Unmarshal([]byte(c.Option), &o); err != nil || len(o.XAxis) != 1 {
			t.Fatalf("%s: %v %s", c.ID, err, c.Option)
		}
		maxes[o.XAxis[0].Max] = append(maxes[o.XAxis[0].Max], c.ID)
	}
	if len(charts) != 2 || len(maxes) != 1 {
		t.Errorf("%d charts, value axes ending at %v; want 2 charts (2024, the trend) on one axis", len(charts), maxes)
	}
}

// TestYearColoursInHighContrast: the site's stylesheet gives every year
// colour, in the charts' SVG, one that shows on the high-contrast mode's
// black ground (fill: bars, their patterns, points; stroke: lines).
func TestYearColoursInHighContrast(t *testing.T) {
	_, theme := testSite(t)
	css, ok := theme.File("static/css/site.css")
	if !ok {
		t.Fatal("no site.css")
	}
	for _, p := range append(yearPalettes, []string{colCounty}) {
		for _, c := range p {
			for _, prop := range []string{"fill", "stroke"} {
				if !strings.Contains(string(css), `html.contrast .svgc [`+prop+`="`+c+`" i] { `+prop+`: #`) {
					t.Errorf("site.css has no high-contrast %s for the colour %s", prop, c)
				}
			}
		}
	}
}
