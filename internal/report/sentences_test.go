package report

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// The sentences the data pages state — chart titles (which are also the
// charts' accessible names), panel titles, the home page's headline —
// checked against the data they speak of, on many small random datasets.
// Each check reads the sentence as a reader would and recomputes its claim
// from the reports, not from the code that wrote it.

// randomInputs is one to three years of one to three counties, each with
// a few school parts in random 城乡 groups whose values lie on either side
// of the thresholds, some figures not given.
func randomInputs(rng *rand.Rand) []indicators.Input {
	years := 1 + rng.IntN(3)
	counties := 1
	if rng.IntN(3) == 0 {
		counties = 2 + rng.IntN(2)
	}
	codes := []int{111, 121, 220}
	var out []indicators.Input
	// Each group's level of provision drifts from year to year, so that
	// gaps open, close and change sides.
	factor := map[string]float64{}
	for y := 0; y < years; y++ {
		for c := 0; c < counties; c++ {
			in := indicators.Input{Year: 2022 + y, County: indicators.County{Name: fmt.Sprintf("第%d县", c+1), Code: fmt.Sprintf("1501%02d", c+1)}}
			n := 1 + rng.IntN(6)
			for i := 0; i < n; i++ {
				l := indicators.Primary
				if rng.IntN(3) == 0 {
					l = indicators.Junior
				}
				code := codes[rng.IntN(len(codes))]
				key := fmt.Sprint(c, i, code)
				f, ok := factor[key]
				if !ok {
					f = 0.4 + 1.8*rng.Float64()
				}
				f *= 0.8 + 0.4*rng.Float64()
				factor[key] = f
				students := 50 + rng.IntN(900)
				v := func(per100 float64) indicators.Figure {
					if rng.IntN(25) == 0 {
						return indicators.Missing
					}
					return indicators.Given(math.Round(per100*f*(0.85+0.3*rng.Float64())*float64(students)) / 100)
				}
				in.Parts = append(in.Parts, indicators.SchoolPart{
					SchoolID: fmt.Sprintf("%d%03d", c+1, i), SchoolName: fmt.Sprintf("学校%d-%d", c+1, i), Level: l, UrbanRuralCode: code, Students: students,
					QualifiedTeachers: v(4.5), BackboneTeachers: v(1.1), PEArtTeachers: v(1), TeachingArea: v(500),
					SportsArea: v(800), EquipmentValue: v(220000), MultimediaRooms: v(2.5),
				})
			}
			out = append(out, in)
		}
	}
	return out
}

// sentenceSite builds the report site of the inputs, with the area of each
// year of several counties.
func sentenceSite(t *testing.T, cfg *config.Site, theme *render.Theme, inputs []indicators.Input) *Site {
	t.Helper()
	var reps []*indicators.Report
	for _, in := range inputs {
		reps = append(reps, indicators.Compute(in, indicators.DefaultStandards()))
	}
	lay := layout.NewData(inputs)
	var areas []*area.Year
	seen := map[int]bool{}
	for _, r := range reps {
		if lay.SeveralCounties(r.Year) && !seen[r.Year] {
			seen[r.Year] = true
			areas = append(areas, area.New(r.Year, reps, area.Targets{}))
		}
	}
	s, err := New(Options{Site: cfg, Theme: theme, Layout: lay, Areas: areas, Reports: reps})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// panelTexts are the titles of a small-multiples chart's panels.
func panelTexts(t *testing.T, c *Chart) []string {
	t.Helper()
	var o struct {
		Title []struct {
			Text string `json:"text"`
		} `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range o.Title[1:] {
		out = append(out, x.Text)
	}
	return out
}

var numRE = regexp.MustCompile(`-?[0-9][0-9,]*(\.[0-9]+)?`)

// nums are the numbers a sentence states, in order (a percentage as its
// number).
func nums(s string) []float64 {
	var out []float64
	for _, m := range numRE.FindAllString(s, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
		if err == nil {
			out = append(out, v)
		}
	}
	return out
}

// ruralUrban is the 乡村÷城区 ratio as the tables print it (a percentage),
// and whether there is one.
func ruralUrban(ir *indicators.IndicatorResult) (float64, bool) {
	r, u := ir.Groups[indicators.Rural], ir.Groups[indicators.Urban]
	if r == nil || u == nil || !r.Value.Given || !u.Value.Given || u.Value.Value == 0 {
		return 0, false
	}
	v, _ := strconv.ParseFloat(strings.TrimSuffix(Percent(r.Value.Value/u.Value.Value, PercentDecimals), "%"), 64)
	return v, true
}

// checker collects the sentences that are false, with what they are about.
type checker struct {
	t    *testing.T
	bad  []string
	seen map[string]int // sentence kinds checked
}

func (c *checker) fail(where, sentence, format string, args ...any) {
	c.bad = append(c.bad, fmt.Sprintf("%s: %q: %s", where, sentence, fmt.Sprintf(format, args...)))
}

func (c *checker) saw(kind string) { c.seen[kind]++ }

// trendPanels checks one level's 历年变化 panels and the chart's title:
// a gap said to narrow (widen) is nearer to (farther from) parity in the
// last year than in the first, by the ratios the table prints, whichever
// group is ahead; a gap that moved by 5 points or more is said to; the
// totals' movement is stated with the right word; the title's counts are
// the panels'.
func (c *checker) trendPanels(where string, us []*unit, l indicators.Level, ch *Chart, total string) {
	texts := panelTexts(c.t, ch)
	narrow, widen := 0, 0
	for i, ind := range indicators.Indicators {
		text := texts[i]
		first := us[0].report().Levels.Get(l).Indicators[ind]
		last := us[len(us)-1].report().Levels.Get(l).Indicators[ind]
		a, okA := ruralUrban(first)
		b, okB := ruralUrban(last)
		ga, gb := math.Abs(a-100), math.Abs(b-100)
		w := where + " " + string(l) + " " + string(ind)
		switch {
		case strings.Contains(text, "差距缩小"):
			narrow++
			c.saw("gap narrowed")
			if !okA || !okB || !(gb < ga) {
				c.fail(w, text, "乡村÷城区 %.1f%% → %.1f%%: the distance from 100%% went %.1f → %.1f", a, b, ga, gb)
			}
		case strings.Contains(text, "差距扩大"):
			widen++
			c.saw("gap widened")
			if !okA || !okB || !(gb > ga) {
				c.fail(w, text, "乡村÷城区 %.1f%% → %.1f%%: the distance from 100%% went %.1f → %.1f", a, b, ga, gb)
			}
		default:
			if len(us) > 1 && okA && okB && math.Abs(gb-ga) >= 5.1 {
				c.fail(w, text, "乡村÷城区 %.1f%% → %.1f%%: the gap moved by %.1f points, unsaid", a, b, gb-ga)
			}
		}
		if len(us) > 1 && strings.Contains(text, "由") {
			c.saw("total moved")
			if !strings.Contains(text, total+"由") {
				c.fail(w, text, "the whole is %s", total)
			}
			n := nums(text)
			fa, fb := first.Value, last.Value
			if len(n) != 2 || !fa.Given || !fb.Given || n[0] != Round(fa.Value, ValueDecimals) || n[1] != Round(fb.Value, ValueDecimals) {
				c.fail(w, text, "values %v, want %s and %s", n, Fixed(fa.Value, 2), Fixed(fb.Value, 2))
			} else {
				word := "持平于"
				if n[1] > n[0] {
					word = "升至"
				} else if n[1] < n[0] {
					word = "降至"
				}
				if !strings.Contains(text, word) {
					c.fail(w, text, "want %s", word)
				}
			}
		}
	}
	title := ch.Title
	if m := regexp.MustCompile(`(\d+)项城乡差距缩小`).FindStringSubmatch(title); m != nil && m[1] != strconv.Itoa(narrow) || m == nil && narrow > 0 {
		c.fail(where, title, "%d panels say the gap narrowed", narrow)
	}
	if m := regexp.MustCompile(`(\d+)项城乡差距扩大`).FindStringSubmatch(title); m != nil && m[1] != strconv.Itoa(widen) || m == nil && widen > 0 {
		c.fail(where, title, "%d panels say the gap widened", widen)
	}
	if strings.Contains(title, "城乡差距历年无明显变化") {
		c.saw("gap flat")
		comparable := 0
		for _, ind := range indicators.Indicators {
			_, okA := ruralUrban(us[0].report().Levels.Get(l).Indicators[ind])
			_, okB := ruralUrban(us[len(us)-1].report().Levels.Get(l).Indicators[ind])
			if okA && okB {
				comparable++
			}
		}
		if comparable == 0 || narrow+widen > 0 {
			c.fail(where, title, "%d indicators have a rural–urban ratio in both years", comparable)
		}
		if n := nums(title); len(n) == 0 && comparable < len(indicators.Indicators) {
			c.fail(where, title, "only %d of the indicators have a rural–urban ratio in both years", comparable)
		}
	}
	if !strings.Contains(ch.Subtitle, total) {
		c.fail(where, ch.Subtitle, "the whole is %s", total)
	}
}

// trendCV checks the title of a level's 差异系数 across the years.
func (c *checker) trendCV(where string, us []*unit, l indicators.Level, title string) {
	over := func(u *unit) (n, open int) {
		for _, ind := range indicators.Indicators {
			ir := u.report().Levels.Get(l).Indicators[ind]
			switch {
			case ir.CVPass == nil:
				open++
			case !*ir.CVPass:
				n++
			}
		}
		return n, open
	}
	first, _ := over(us[0])
	last, _ := over(us[len(us)-1])
	n := nums(title)
	switch {
	case strings.Contains(title, "历年均在限值内"):
		c.saw("cv always within")
		for _, u := range us {
			if o, open := over(u); o+open > 0 {
				c.fail(where, title, "%d: %d over the limit, %d not given", u.year, o, open)
			}
		}
	case strings.Contains(title, "仍有"):
		c.saw("cv still over")
		if first == 0 || len(n) < 2 || int(n[1]) != last {
			c.fail(where, title, "over the limit: %d in the first year, %d in the last", first, last)
		}
	case strings.Contains(title, "降为0项"):
		c.saw("cv fixed")
		if last != 0 || first == 0 || len(n) < 2 || int(n[0]) != first {
			c.fail(where, title, "over the limit: %d in the first year, %d in the last", first, last)
		}
	case strings.Contains(title, "没有差异系数超过限值"):
		c.saw("cv none over now")
		if last != 0 {
			c.fail(where, title, "over the limit in the last year: %d", last)
		}
	case strings.Contains(title, "超过限值"):
		c.saw("cv over")
		if len(n) < 2 || int(n[1]) != last {
			c.fail(where, title, "over the limit in the last year: %d", last)
		}
	}
}

// groupsPanels checks a year's 城乡 panels: each panel's finding, and the
// chart's title.
func (c *checker) groupsPanels(where string, lr *indicators.LevelReport, ch *Chart) {
	texts := panelTexts(c.t, ch)
	below := map[indicators.Group]int{}
	allMeet := true
	for i, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		text := texts[i]
		var low, present, missing []string
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, g := range indicators.Groups {
			gr := ir.Groups[g]
			if gr == nil || gr.Schools == 0 {
				continue
			}
			if !gr.Value.Given {
				missing = append(missing, g.Chinese())
				allMeet = false
				continue
			}
			present = append(present, g.Chinese())
			lo, hi = math.Min(lo, gr.Value.Value), math.Max(hi, gr.Value.Value)
			if gr.Value.Value < ir.Threshold {
				low = append(low, g.Chinese())
				below[g]++
				allMeet = false
			}
		}
		w := where + " " + string(ind)
		switch {
		case strings.Contains(text, "低于标准"):
			c.saw("group below")
			if !strings.Contains(text, list(low)+"低于标准") || len(low) == 0 {
				c.fail(w, text, "below the standard: %v", low)
			}
		case strings.Contains(text, "明显低于"):
			c.saw("group gap")
			if len(low) > 0 || !(lo/hi < 0.8) {
				c.fail(w, text, "lowest %.2f, highest %.2f, below %v", lo, hi, low)
			}
		case strings.Contains(text, "达到标准"):
			c.saw("groups meet")
			if len(low) > 0 || len(present) == 0 {
				c.fail(w, text, "present %v, below %v", present, low)
			}
		}
		for _, m := range missing {
			if len(present) > 0 && !strings.Contains(text, m) {
				c.fail(w, text, "%s has schools but no value", m)
			}
		}
	}
	title := ch.Title
	switch {
	case strings.Contains(title, "已提供的指标值均达到标准"):
		c.saw("level groups meet, some not given")
		if len(below) > 0 {
			c.fail(where, title, "below: %v", below)
		}
	case strings.Contains(title, "均达到标准"):
		c.saw("level groups meet")
		if !allMeet {
			c.fail(where, title, "below: %v; or a group's value not given", below)
		}
		for _, g := range indicators.Groups {
			has := false
			for _, ind := range indicators.Indicators {
				if gr := lr.Indicators[ind].Groups[g]; gr != nil && gr.Schools > 0 {
					has = true
				}
			}
			if !has && strings.Contains(title, g.Chinese()) {
				c.fail(where, title, "there are no %s schools", g.Chinese())
			}
		}
	case strings.Contains(title, "低于标准的指标"):
		c.saw("level groups below")
		for _, g := range indicators.Groups {
			want := ""
			if below[g] > 0 {
				want = g.Chinese() + strconv.Itoa(below[g]) + "项"
			}
			if want != "" && !strings.Contains(title, want) || want == "" && strings.Contains(title, g.Chinese()) {
				c.fail(where, title, "%s: %d indicators below", g.Chinese(), below[g])
			}
		}
	}
}

// cvTitle checks a year's 差异系数 chart title.
func (c *checker) cvTitle(where string, lr *indicators.LevelReport, title string) {
	over, open := 0, 0
	for _, ind := range indicators.Indicators {
		ir := lr.Indicators[ind]
		switch {
		case ir.CVPass == nil:
			open++
		case !*ir.CVPass:
			over++
		}
	}
	n := nums(title)
	switch {
	case strings.Contains(title, "均在限值内"):
		c.saw("cv within")
		if over+open > 0 {
			c.fail(where, title, "%d over the limit, %d not given", over, open)
		}
	case strings.Contains(title, "超过限值"):
		c.saw("cv over")
		if len(n) == 0 || int(n[0]) != over {
			c.fail(where, title, "%d over the limit", over)
		}
	}
}

// passTitle checks a year's 达标 chart title.
func (c *checker) passTitle(where string, lr *indicators.LevelReport, title string) {
	pass, n := 0, 0
	shares := map[string]float64{}
	least := map[string]float64{} // of a group with parts not yet decided: its share if none of them passes
	for _, g := range indicators.Groups {
		gp, gn, open := 0, 0, false
		for _, sc := range lr.Schools {
			if sc.Group != g {
				continue
			}
			gn++
			if sc.Pass == nil {
				open = true
			} else if *sc.Pass {
				gp++
			}
		}
		pass, n = pass+gp, n+gn
		if gn > 0 && !open {
			shares[g.Chinese()] = float64(gp) / float64(gn)
		} else if gn > 0 {
			least[g.Chinese()] = float64(gp) / float64(gn)
		}
	}
	switch {
	case strings.Contains(title, "全部达标"):
		c.saw("all pass")
		if pass != n || n == 0 {
			c.fail(where, title, "%d of %d pass", pass, n)
		}
	case strings.Contains(title, "达标比例最低"):
		c.saw("lowest pass share")
		for g, sh := range shares {
			if strings.Contains(title, g+lr.Level.Chinese()) || strings.HasPrefix(title, g) {
				if !strings.Contains(title, Percent(sh, PercentDecimals)) {
					c.fail(where, title, "%s's share is %s", g, Percent(sh, PercentDecimals))
				}
				for h, o := range shares {
					if o < sh {
						c.fail(where, title, "%s's share %.3f is lower", h, o)
					}
				}
				for h, o := range least {
					if o < sh {
						c.fail(where, title, "%s has parts not yet decided: its share may be as low as %.3f", h, o)
					}
				}
			}
		}
	}
}

// overviewCV checks the title of the overview's 差异系数 chart of a level:
// the counties said to be within every limit are, with every figure given.
func (c *checker) overviewCV(where string, a *area.Year, l indicators.Level, title string) {
	over, open, n := 0, 0, 0
	for i := range a.Counties {
		lr := a.Counties[i].Report.Levels.Get(l)
		if lr == nil {
			continue
		}
		n++
		o, m := false, false
		for _, ind := range indicators.Indicators {
			ir := lr.Indicators[ind]
			switch {
			case ir.CVPass == nil:
				m = true
			case !*ir.CVPass:
				o = true
			}
		}
		if o {
			over++
		} else if m {
			open++
		}
	}
	switch {
	case strings.Contains(title, "未提供"):
		c.saw("counties cv within, some not given")
		if v := nums(title); over > 0 || len(v) < 3 || int(v[0]) != n-open || int(v[2]) != open {
			c.fail(where, title, "%d of %d counties over the limit, %d with a figure not given", over, n, open)
		}
	case strings.Contains(title, "均未超过"):
		c.saw("counties cv within")
		if over+open > 0 {
			c.fail(where, title, "%d of %d counties over the limit, %d with a figure not given", over, n, open)
		}
	case strings.Contains(title, "有差异系数超过"):
		c.saw("counties cv over")
		if v := nums(title); len(v) == 0 || int(v[0]) != over {
			c.fail(where, title, "%d counties over the limit", over)
		}
	}
}

// homeFacts checks the home page's facts of a county: schools passing, and
// 差异系数 within the limit with the largest.
func (c *checker) homeFacts(where string, u *unit, hu *HeadlineUnit) {
	for i, lr := range levelsOf(u.report()) {
		f := hu.Facts[i]
		pass, within, given := 0, 0, false
		worst := 0.0
		for _, sc := range lr.Schools {
			if sc.Pass != nil && *sc.Pass {
				pass++
			}
		}
		for _, ind := range indicators.Indicators {
			ir := lr.Indicators[ind]
			if ir.CVPass != nil && *ir.CVPass {
				within++
			}
			if ir.CV.Given && (!given || ir.CV.Value > worst) {
				worst, given = ir.CV.Value, true
			}
		}
		c.saw("home level")
		if n := nums(f.Text); len(n) != 2 || int(n[0]) != len(lr.Schools) || int(n[1]) != pass {
			c.fail(where, f.Text, "%d schools, %d pass", len(lr.Schools), pass)
		}
		n := nums(f.Sub)
		if len(n) < 2 || int(n[0]) != within || given && (len(n) < 3 || n[2] != Round(worst, CVDecimals)) {
			c.fail(where, f.Sub, "%d within the limit, largest %.3f", within, worst)
		}
	}
}

// schoolPart is one part of a school in one county-year, as the reports
// list it: assessed (res) or excluded (excl).
type schoolPart struct {
	u    *unit
	l    indicators.Level
	res  *indicators.SchoolResult
	excl *indicators.Exclusion
}

// schoolYears checks a school page's 历年达标情况 table against the reports,
// read as a reader reads it: a row for each year and part the reports list
// the school in, newest first, and a 无本校数据 row for each year of its
// county between its first and its last that does not list it; in each
// row the verdict, and the counts of the seven indicators that reach the
// standard, fall below it and are not given, as the indicators package
// decided them (a figure not given is never counted as met), with the
// indicators below, each linked to its page of that year. The lead's
// number of years, and that it says so when later years miss the school.
func (c *checker) schoolYears(where string, s *Site, id string, sp *SchoolPage) {
	var parts []schoolPart // newest first
	counties := map[string]bool{}
	listed := map[int]bool{}
	for i := len(s.units) - 1; i >= 0; i-- {
		u := s.units[i]
		for _, lr := range levelsOf(u.report()) {
			for k := range lr.Schools {
				if lr.Schools[k].SchoolID == id {
					parts = append(parts, schoolPart{u: u, l: lr.Level, res: &lr.Schools[k]})
				}
			}
			for k := range lr.Excluded {
				if lr.Excluded[k].SchoolID == id {
					parts = append(parts, schoolPart{u: u, l: lr.Level, excl: &lr.Excluded[k]})
				}
			}
		}
	}
	levels := map[indicators.Level]bool{}
	for _, p := range parts {
		counties[p.u.code] = true
		listed[p.u.year] = true
		levels[p.l] = true
	}
	first, last := parts[len(parts)-1].u.year, parts[0].u.year
	// The rows the table should have: the parts, and the years of its
	// counties that do not list it, between its first and its last.
	countyYears := map[int]*unit{}
	for _, u := range s.units {
		if counties[u.code] && countyYears[u.year] == nil {
			countyYears[u.year] = u
		}
	}
	var absent []*unit // newest first
	later := false
	for y := s.years[len(s.years)-1]; y >= s.years[0]; y-- {
		u := countyYears[y]
		if u != nil && !listed[y] {
			later = later || y > last
			if y > first && y < last {
				absent = append(absent, u)
			}
		}
	}
	var want []schoolPart
	for _, p := range parts {
		for len(absent) > 0 && absent[0].year > p.u.year {
			want = append(want, schoolPart{u: absent[0]})
			absent = absent[1:]
		}
		want = append(want, p)
	}
	if len(levels) > 1 {
		c.saw("school changed or has two levels")
	}
	c.schoolValues(where, s, parts, sp)
	h := sp.History
	if h == nil {
		if len(listed) > 1 || later {
			c.fail(where, "", "no 历年达标情况 for %d years (later years without it: %v)", len(listed), later)
		}
		return
	}
	if n := nums(h.Lead); len(n) < 3 || int(n[2]) != len(listed) || n[0] != float64(first) || n[1] != float64(last) {
		c.fail(where, h.Lead, "listed in %d years, %d—%d", len(listed), first, last)
	}
	if strings.Contains(h.Lead, "以后的数据中没有本校") != later {
		c.fail(where, h.Lead, "later years of its county without it: %v", later)
	}
	if later {
		c.saw("school gone")
	}
	col := map[string]int{}
	for i, hd := range h.Table.Head {
		col[hd.Text] = i
	}
	_, levelCol := col["学段"]
	if levelCol != (len(levels) > 1) {
		c.fail(where, h.Table.Caption, "a 学段 column: %v, the school's levels %v", levelCol, levels)
	}
	if len(h.Table.Rows) != len(want) {
		c.fail(where, h.Table.Caption, "%d rows, want %d", len(h.Table.Rows), len(want))
		return
	}
	year, yearURL := 0, ""
	for i, row := range h.Table.Rows {
		w := want[i]
		off := 0 // the year cell spans the rows of its parts
		if row[0].Head {
			year, yearURL = int(nums(row[0].Text)[0]), row[0].URL
		} else {
			off = 1
		}
		cell := func(name string) Cell { return row[col[name]-off] }
		rw := fmt.Sprintf("%s row %d", where, i)
		if year != w.u.year || yearURL != w.u.url {
			c.fail(rw, fmt.Sprint(year), "want %d linking %s, got %s", w.u.year, w.u.url, yearURL)
			continue
		}
		if levelCol && w.res != nil && cell("学段").Text != w.l.Chinese() {
			c.fail(rw, cell("学段").Text, "want %s", w.l.Chinese())
		}
		verdict := cell("学校判定").Text
		counts := cell("达标项").Text + " " + cell("未达标项").Text + " " + cell("未提供项").Text
		switch {
		case w.res == nil && w.excl == nil:
			c.saw("school absent year")
			if verdict != "无本校数据" || counts != "— — —" {
				c.fail(rw, verdict+" "+counts, "the reports of %d do not list the school", w.u.year)
			}
		case w.excl != nil:
			c.saw("school part excluded")
			if verdict != "未纳入计算" || counts != "— — —" {
				c.fail(rw, verdict+" "+counts, "excluded: %s", w.excl.Reason)
			}
		default:
			r := w.res
			c.saw("school year row")
			wantVerdict := "暂不能判定"
			if r.Pass != nil && *r.Pass {
				wantVerdict = "达标"
			} else if r.Pass != nil {
				wantVerdict = "未达标"
			}
			missing := 0
			var below []string
			for _, ind := range indicators.Indicators {
				if !r.Values[ind].Given {
					missing++
				}
				if _, ok := r.Shortfalls[ind]; ok {
					below = append(below, indicators.Info(ind).Short)
				}
			}
			if missing > 0 {
				c.saw("school figure not given")
			}
			if wantCounts := fmt.Sprintf("%d %d %d", r.Met, len(r.Shortfalls), missing); counts != wantCounts {
				c.fail(rw, counts, "met, below, not given: want %s", wantCounts)
			}
			if n := nums(counts); len(n) != 3 || int(n[0]+n[1]+n[2]) != len(indicators.Indicators) {
				c.fail(rw, counts, "the counts add up to %v", n)
			}
			if verdict != wantVerdict {
				c.fail(rw, verdict, "want %s", wantVerdict)
			}
			names := cell("未达标的指标")
			if want := strings.Join(below, "、"); len(below) == 0 && names.Text != "—" || len(below) > 0 && names.Text != want || len(names.Links) > 0 {
				c.fail(rw, fmt.Sprint(names.Text, names.Links), "below: %v", below)
			}
		}
	}
}

// schoolValues checks that a school page shows each assessed part's seven
// values once a year: the newest year's in its own table, an older year's
// in its level's trend table (the column of that year) or, when the level
// was assessed in that year only, in that year's own table.
func (c *checker) schoolValues(where string, s *Site, parts []schoolPart, sp *SchoolPage) {
	newest := parts[0].u.year
	n := map[indicators.Level]int{}
	for _, p := range parts {
		if p.res != nil {
			n[p.l]++
		}
	}
	yearTable := func(year int, l indicators.Level) *Table {
		for _, y := range sp.Years {
			for _, pt := range y.Parts {
				if pt.Chart != nil && strings.HasPrefix(pt.Chart.Table.Caption, fmt.Sprintf("%d年", year)) && strings.Contains(pt.Chart.Table.Caption, l.Chinese()) {
					return pt.Chart.Table
				}
			}
		}
		return nil
	}
	charts := 0
	for _, p := range parts {
		if p.res == nil {
			continue
		}
		w := fmt.Sprintf("%s %d %s", where, p.u.year, p.l)
		var t *Table
		col := 2 // 指标, 单位, 指标值
		if p.u.year == newest || n[p.l] == 1 {
			if p.u.year != newest {
				c.saw("school older part charted")
			}
			charts++
			t = yearTable(p.u.year, p.l)
		} else {
			for _, tc := range sp.Trends {
				if strings.Contains(tc.Table.Caption, "（"+p.l.Chinese()) {
					t = tc.Table
				}
			}
			col = -1
			for i, h := range t.Head {
				if h.Text == fmt.Sprintf("%d年", p.u.year) {
					col = i
				}
			}
			if col < 0 {
				c.fail(w, t.Caption, "no column %d年", p.u.year)
				continue
			}
		}
		if t == nil {
			c.fail(w, "", "the page has no table of the part's values")
			continue
		}
		for i, ind := range indicators.Indicators {
			if got, want := t.Rows[i][col].Text, s.f.Value(p.res.Values[ind]); got != want {
				c.fail(w, t.Caption, "%s: %s, want %s", ind, got, want)
			}
		}
	}
	if got := sp.Charts() - len(sp.Trends); got != charts {
		c.fail(where, "", "%d charts of a year, want %d (the newest year's and the parts no trend holds)", got, charts)
	}
}

// TestSentencesMatchData builds a few hundred small random sites and checks
// every sentence the checker knows against the data.
func TestSentencesMatchData(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2024))
	c := &checker{t: t, seen: map[string]int{}}
	cfg, theme := testSite(t)
	const cases = 200
	for k := 0; k < cases && len(c.bad) < 20; k++ {
		inputs := randomInputs(rng)
		s := sentenceSite(t, cfg, theme, inputs)
		where := fmt.Sprintf("case %d", k)
		for _, ts := range s.trends {
			tp, err := s.trendPage(ts)
			if err != nil {
				t.Fatal(err)
			}
			for _, tl := range tp.Levels {
				l := indicators.Level(tl.ID)
				var us []*unit
				for _, u := range ts.units {
					if u.report().Levels.Get(l) != nil {
						us = append(us, u)
					}
				}
				w := where + " trends " + ts.code
				c.trendPanels(w, us, l, tl.Values, s.t.s("rpt_county_total"))
				c.trendCV(w, us, l, tl.CV.Title)
			}
		}
		if as := s.areaYears(); len(as) > 0 {
			tp, err := s.areaTrendsPage(as)
			if err != nil {
				t.Fatal(err)
			}
			name := tp.Area
			for _, tl := range tp.Levels {
				l := indicators.Level(tl.ID)
				var us []*unit
				for _, a := range as {
					if u := s.areaUnit(a, name); u.report().Levels.Get(l) != nil {
						us = append(us, u)
					}
				}
				c.trendPanels(where+" area trends", us, l, tl.Values, name)
				c.trendCV(where+" area trends", us, l, tl.CV.Title)
			}
		}
		for _, a := range s.areaYears() {
			op, err := s.overviewPage(a)
			if err != nil {
				t.Fatal(err)
			}
			for _, ol := range op.Levels {
				c.overviewCV(fmt.Sprintf("%s overview %d %s", where, a.Year, ol.ID), a, indicators.Level(ol.ID), ol.CV.Title)
			}
		}
		if h, _ := s.Home().(*Headline); h != nil && h.Area == nil {
			for i, u := range s.latest() {
				c.homeFacts(fmt.Sprintf("%s home %s", where, u.code), u, h.Units[i])
			}
		}
		for _, u := range s.units {
			yp, err := s.yearPage(u)
			if err != nil {
				t.Fatal(err)
			}
			for i, ls := range yp.Levels {
				lr := levelsOf(u.report())[i]
				w := fmt.Sprintf("%s year %d %s %s", where, u.year, u.code, lr.Level)
				c.groupsPanels(w, lr, ls.Groups)
				c.cvTitle(w, lr, ls.CV.Title)
				c.passTitle(w, lr, ls.Pass.Title)
			}
		}
		for _, id := range s.order {
			sp, err := s.schoolPage(s.schools[id])
			if err != nil {
				t.Fatal(err)
			}
			c.schoolYears(where+" school "+id, s, id, sp)
		}
	}
	for _, b := range c.bad {
		t.Error(b)
	}
	// The random sites reach every kind of sentence the checker knows.
	for _, kind := range []string{"gap narrowed", "gap widened", "total moved", "cv always within", "cv over", "group below", "groups meet",
		"level groups meet", "level groups below", "cv within", "all pass", "lowest pass share", "counties cv within", "counties cv over", "home level",
		"school year row", "school absent year", "school figure not given", "school gone", "school changed or has two levels",
		"school older part charted"} {
		if c.seen[kind] == 0 {
			t.Errorf("no random site had a sentence of the kind %q", kind)
		}
	}
	t.Logf("sentences checked: %v", c.seen)
}
