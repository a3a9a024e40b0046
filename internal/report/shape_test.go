package report

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// TestShapeMatchesOption: a school part's chart filled into its cached
// shape is byte for byte the chart built directly with go-echarts and
// Option, for every group, axis and floor, titles with text that JSON and
// HTML escape (and text like a hole's sentinel), and data of rounded
// values, missing values (items with their own label) and ECharts' "-".
func TestShapeMatchesOption(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{tinyReport()}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	titles := []string{
		"2024年 小学：7 项均达到标准",
		`学校 <b>"一"</b> & '二' </script>`,
		"换行\n\t制表 \u2028 \u2029 \\ 反斜杠",
		holeMark(0), holeMark(1) + "尾",
		"\ue000", "😀 emoji",
	}
	missing := item{Value: 0, Label: label("未提供", "insideLeft"), Tooltip: tipText("生师比：未提供")}
	var shapesSeen = map[schoolShape]bool{}
	for n := 0; n < 400; n++ {
		sh := schoolShape{group: rng.IntN(4), axisMax: []float64{1, 1.2, 1.5, 2.5, 12}[rng.IntN(5)], floor: []float64{0.85, 0.8}[rng.IntN(2)]}
		shapesSeen[sh] = true
		title := titles[rng.IntN(len(titles))]
		if rng.IntN(3) == 0 {
			title += strings.Repeat("长", rng.IntN(40))
		}
		var data []any
		for i := 0; i < 7; i++ {
			switch rng.IntN(6) {
			case 0:
				data = append(data, missing)
			case 1:
				data = append(data, "-")
			default:
				data = append(data, Round(rng.Float64()*3, ValueDecimals))
			}
		}
		got, err := s.schoolLevelShaped(sh, title, data)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.schoolLevelOption(sh, title, data)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("shape %+v, title %q, data %v:\n got %s\nwant %s", sh, title, data, got, want)
		}
	}
	if len(shapesSeen) < 30 {
		t.Fatalf("only %d shapes tried", len(shapesSeen))
	}

	// A school part's trend: a series of seven values for each of 1 to 10
	// years.
	for n := 0; n < 200; n++ {
		var years []int
		for y := 2015 + rng.IntN(3); y < 2026 && len(years) < 10; y += 1 + rng.IntN(2) {
			years = append(years, y)
		}
		years = years[:1+rng.IntN(len(years))]
		axisMax := []float64{1.2, 2, 5}[rng.IntN(3)]
		title := titles[rng.IntN(len(titles))]
		var data [][]any
		for range years {
			var d []any
			for i := 0; i < 7; i++ {
				if rng.IntN(8) == 0 {
					d = append(d, "-")
				} else {
					d = append(d, Round(rng.Float64()*3, ValueDecimals))
				}
			}
			data = append(data, d)
		}
		got, err := s.schoolTrendShaped(years, axisMax, "副标题", title, data)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.schoolTrendOption(years, axisMax, "副标题", title, data)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("trend %v, title %q:\n got %s\nwant %s", years, title, got, want)
		}
	}
}

// TestShapeErrors: a builder that leaves a hole out, or fails, makes every
// fill of its shape fail rather than write a chart without the value.
func TestShapeErrors(t *testing.T) {
	var c shapes
	_, err := c.option("no hole", func(h []string) (template.JS, error) {
		return template.JS(`{"title":"fixed","data":["` + h[0] + `"]}`), nil
	}, "t", []any{1.0})
	if err == nil || !strings.Contains(err.Error(), "hole 1 is missing") {
		t.Fatalf("missing hole: %v", err)
	}
	got, err := c.option("both", func(h []string) (template.JS, error) {
		return template.JS(`{"a":"` + h[0] + `","b":["` + h[1] + `"],"c":["` + h[0] + `"]}`), nil
	}, "<x>", []any{1.5, "-", map[string]any{"z": 1, "a": nil}})
	if err != nil {
		t.Fatal(err)
	}
	// A string hole keeps its array; a slice replaces its one-element array;
	// a repeated hole is filled everywhere; nulls in maps are dropped.
	if want := `{"a":"\u003cx\u003e","b":[1.5,"-",{"z":1}],"c":["\u003cx\u003e"]}`; string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
