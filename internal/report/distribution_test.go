package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// TestBandsByHand: the bands of 生均教学仪器设备值 (标准 2,000, floor 1,700:
// bands 300 wide), worked by hand; the verdicts, not the published value,
// place a school either side of the 标准 and the floor.
func TestBandsByHand(t *testing.T) {
	const urban, town, rural = 0, 1, 2
	schools := []bandSchool{
		{group: urban, value: 3500},                                   // ≥ 2,900
		{group: town, value: 2900},                                    // ≥ 2,900 (a band holds its lower end)
		{group: urban, value: 2899.99},                                // 2,600–2,900
		{group: rural, value: 2300},                                   // 2,300–2,600
		{group: rural, value: 2000},                                   // 2,000–2,300
		{group: urban, value: 2000, below: true},                      // 1,999.996 published as 2,000.00: 1,700–2,000
		{group: town, value: 1700, below: true},                       // at the floor: 1,700–2,000
		{group: town, value: 1700, below: true, underFloor: true},     // 1,699.996: 1,400–1,700
		{group: rural, value: 1400, below: true, underFloor: true},    // 1,400–1,700
		{group: rural, value: 1099.99, below: true, underFloor: true}, // < 1,100
	}
	got := bands(2000, 1700, schools)
	want := []struct {
		label  string
		counts [3]int
	}{
		{"< 1,100", [3]int{0, 0, 1}},
		{"1,100–1,400", [3]int{}},
		{"1,400–1,700", [3]int{0, 1, 1}},
		{"1,700–2,000", [3]int{1, 1, 0}},
		{"2,000–2,300", [3]int{0, 0, 1}},
		{"2,300–2,600", [3]int{0, 0, 1}},
		{"2,600–2,900", [3]int{1, 0, 0}},
		{"≥ 2,900", [3]int{1, 1, 0}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d bands, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if l := got[i].label(indicators.EquipmentValue); l != w.label || got[i].counts != w.counts {
			t.Errorf("band %d: %s %v, want %s %v", i, l, got[i].counts, w.label, w.counts)
		}
	}

	// Every school at or above the 标准: the bands at the ends without
	// schools go, but the one under the floor stays for the floor's line,
	// and bands of 4.2 and its floor 3.57 are 0.63 wide, written as such.
	got = bands(4.2, 3.57, []bandSchool{{group: town, value: 4.2}, {group: town, value: 4.9}})
	var labels []string
	for i := range got {
		labels = append(labels, got[i].label(indicators.QualifiedTeachers))
	}
	if s := strings.Join(labels, " | "); s != "2.94–3.57 | 3.57–4.2 | 4.2–4.83 | 4.83–5.46" {
		t.Errorf("bands %s", s)
	}
	if got[2].counts[town] != 1 || got[3].counts[town] != 1 {
		t.Errorf("counts %+v", got)
	}
}

// distReport is a county of n primary school parts whose 生均教学仪器设备值
// run evenly from half the 标准 to 1.8 times it, with two on the edges of
// the 标准 and the floor, and two that did not give the figure.
func distReport(n int) *indicators.Report {
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "大县", Code: "150001"}}
	codes := []int{111, 121, 220}
	value := func(i int) float64 {
		switch i {
		case 0:
			return 1999.996 // published as 2,000.00, under the 标准
		case 1:
			return 1700 // on the floor, not under it
		}
		return 1000 + 1600*float64(i)/float64(n)
	}
	for i := 0; i < n+2; i++ {
		eq := indicators.Given(value(i) * 500)
		if i >= n {
			eq = indicators.Missing
		}
		in.Parts = append(in.Parts, indicators.SchoolPart{
			SchoolID: strconv.Itoa(1000 + i), SchoolName: "学校" + strconv.Itoa(i), Level: indicators.Primary, UrbanRuralCode: codes[i%3], Students: 500,
			QualifiedTeachers: indicators.Given(25), BackboneTeachers: indicators.Given(6), PEArtTeachers: indicators.Given(5),
			TeachingArea: indicators.Given(2500), SportsArea: indicators.Given(4000), EquipmentValue: eq,
			MultimediaRooms: indicators.Given(13),
		})
	}
	return indicators.Compute(in, indicators.DefaultStandards())
}

// TestIndicatorPageCountsInBands: an indicator page of more than
// rankingMost schools draws their distribution — a bar per band of value —
// and lists every school in a table of its own; what the bands say agrees
// with that table, row by row, and with the chart's title. With fewer
// schools, the chart ranks them, a bar each.
func TestIndicatorPageCountsInBands(t *testing.T) {
	site, theme := testSite(t)
	for _, n := range []int{rankingMost, 60} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{distReport(n)}})
			if err != nil {
				t.Fatal(err)
			}
			var ip *IndicatorPage
			for _, p := range s.Pages() {
				if d, ok := pageData(t, p).(*IndicatorPage); ok && strings.HasSuffix(p.Page.URL, "/primary/equipment_value/") {
					ip = d
				}
			}
			if ip == nil {
				t.Fatal("no indicator page for 教学仪器设备")
			}
			svg := string(ip.Chart.SVG())
			bars := strings.Count(svg, `class="bar"`)
			if n <= rankingMost {
				if ip.Ranking != nil || len(ip.Chart.Table.Rows) != n+2 || bars != n {
					t.Errorf("%d schools: ranking table %v, chart table %d rows, %d bars; want the chart to rank them", n, ip.Ranking != nil, len(ip.Chart.Table.Rows), bars)
				}
				return
			}
			if ip.Ranking == nil || len(ip.Ranking.Rows) != n+2 {
				t.Fatalf("%d schools: want them all in the ranking table", n)
			}
			// The bands as the ranking table places its schools: by their
			// verdict either side of the 标准 and the floor, else by value.
			want := map[string]int{}
			for _, r := range ip.Ranking.Rows {
				if r[5].Text == "未提供" {
					continue
				}
				v, err := strconv.ParseFloat(strings.ReplaceAll(r[5].Text, ",", ""), 64)
				if err != nil {
					t.Fatal(err)
				}
				var band string
				switch {
				case r[7].Sub == "低于底线" && v >= 1400:
					band = "1,400–1,700"
				case r[7].Sub == "低于底线" && v >= 1100:
					band = "1,100–1,400"
				case r[7].Sub == "低于底线":
					band = "< 1,100"
				case r[7].Text == "未达标":
					band = "1,700–2,000"
				case v >= 2900:
					band = "≥ 2,900"
				default:
					lo := 2000 + 300*float64(int((v-2000)/300))
					band = fmt.Sprintf("%s–%s", Plain(lo), Plain(lo+300))
				}
				want[band]++
			}
			table := ip.Chart.Table
			if h := table.Head[len(table.Head)-1].Text; h != "合计" {
				t.Fatalf("the last column is %q", h)
			}
			got, below, sum := map[string]int{}, 0, 0
			for _, r := range table.Rows {
				k, _ := strconv.Atoi(r[len(r)-1].Text)
				got[r[0].Text] = k
				sum += k
				if r[0].Text == "< 1,100" || r[0].Text == "1,100–1,400" || r[0].Text == "1,400–1,700" || r[0].Text == "1,700–2,000" {
					below += k
				}
				groups := 0
				for _, c := range r[1 : len(r)-1] {
					g, _ := strconv.Atoi(c.Text)
					groups += g
				}
				if groups != k {
					t.Errorf("band %s: the groups add up to %d, the total is %d", r[0].Text, groups, k)
				}
			}
			if sum != n || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("bands %v (%d schools), the ranking table says %v (%d)", got, sum, want, n)
			}
			if m := regexp.MustCompile(`^(\d+)所小学`).FindStringSubmatch(ip.Chart.Title); m == nil || m[1] != strconv.Itoa(below) {
				t.Errorf("title %q, but %d schools are in the bands under the 标准", ip.Chart.Title, below)
			}
			// The two schools without the figure are not in a band; the
			// table's note says so.
			if !strings.Contains(table.Note, "另有 2 所未提供") {
				t.Errorf("the bands' note does not count the schools without the figure: %q", table.Note)
			}
			if bars >= 3*len(table.Rows) || !strings.Contains(svg, `class="mk"`) || !strings.Contains(svg, `class="fl"`) {
				t.Errorf("%d bars for %d bands, 标准 line %v, floor line %v", bars, len(table.Rows), strings.Contains(svg, `class="mk"`), strings.Contains(svg, `class="fl"`))
			}
		})
	}
}

// TestIndicatorFactsWithoutAFigure: when no school gave an indicator's
// figure, the page's facts say the county's value is 未提供 — without a
// unit after it — and the 差异系数 is 未提供 once, its mark saying no more.
func TestIndicatorFactsWithoutAFigure(t *testing.T) {
	site, theme := testSite(t)
	r := tinyReport()
	in := indicators.Input{Year: 2024, County: indicators.County{Name: "测试县", Code: "150000"}}
	for _, sc := range r.Levels.Primary.Schools {
		p := sc.Part
		p.SportsArea = indicators.Missing
		in.Parts = append(in.Parts, p)
	}
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{indicators.Compute(in, indicators.DefaultStandards())}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Pages() {
		ip, ok := pageData(t, p).(*IndicatorPage)
		if !ok || !strings.HasSuffix(p.Page.URL, "/primary/sports_area/") {
			continue
		}
		for _, f := range ip.Lead {
			if strings.Contains(f.Text, "未提供") && f.Text != "未提供" && !strings.HasPrefix(f.Text, "未提供（") {
				t.Errorf("%s: %q", f.Label, f.Text)
			}
			if strings.HasPrefix(f.Text, "未提供（") && f.Status == "未提供" {
				t.Errorf("%s: %q, marked %s again", f.Label, f.Text, f.Status)
			}
		}
		return
	}
	t.Fatal("no indicator page for 体育运动场馆")
}
