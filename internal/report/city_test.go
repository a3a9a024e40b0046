package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// examples/city, the example site of a city of five counties, built once.
var (
	cityOnce sync.Once
	cityDir  string
	cityErr  error
)

func buildCity(t *testing.T) string {
	t.Helper()
	cityOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gongkai-report-city-")
		if err != nil {
			cityErr = err
			return
		}
		cityDir = filepath.Join(dir, "public")
		var diags any
		_, d, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: "../../examples/city", Destination: cityDir, Now: fixedNow})
		diags = d
		if err != nil {
			cityErr = fmt.Errorf("%v %v", err, diags)
		}
	})
	if cityErr != nil {
		t.Fatalf("building examples/city: %v", cityErr)
	}
	return cityDir
}

// countiesFile is counties.json as a reader of the published file sees it.
type countiesFile struct {
	Year    int  `json:"year"`
	AllBy   *int `json:"all_by"`
	Summary struct {
		Counties, Pass, Achieved, Pending, Overdue, None int
	} `json:"summary"`
	Counties []struct {
		Code, Name, Overall, Progress string
		TargetYear                    *int `json:"target_year"`
	} `json:"counties"`
}

func readCounties(t *testing.T, dir string, year int) countiesFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "data", strconv.Itoa(year), "counties.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c countiesFile
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func readPage(t *testing.T, dir, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, path, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// text is a fragment's text as a reader sees it: tags gone, spaces
// collapsed, the few entities the site writes decoded.
func text(html string) string {
	t := tagRE.ReplaceAllString(html, " ")
	t = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(t)
	return strings.Join(strings.Fields(t), " ")
}

// rowsOf returns the rows of the table with id, each as its cells' text.
func rowsOf(t *testing.T, page, id string) [][]string {
	t.Helper()
	body := part(t, page, id, "tbody")
	var rows [][]string
	for _, tr := range strings.Split(body, "<tr>")[1:] {
		rows = append(rows, cellsOf(tr))
	}
	return rows
}

// cellsOf is the text of each cell of a row: a cell runs to the next one
// or to the end of the row (its end tag may be left out).
func cellsOf(row string) []string {
	row, _, _ = strings.Cut(row, "</tr>")
	var cells []string
	for _, c := range cellRE.Split(row, -1)[1:] {
		cells = append(cells, text(c))
	}
	return cells
}

var cellRE = regexp.MustCompile(`<t[hd](?:\s[^>]*)?>`)

// TestCityOverview: on a site of several counties, reports/<year>/ is the
// year's overview, and every sentence and row of it says what counties.json
// (checked against each county's indicators.json in internal/area) says.
func TestCityOverview(t *testing.T) {
	dir := buildCity(t)
	for _, year := range []int{2022, 2023, 2024} {
		c := readCounties(t, dir, year)
		page := readPage(t, dir, layout.Year(year))
		body := text(page)
		if !strings.Contains(body, fmt.Sprintf("全市%d年义务教育优质均衡发展情况（各区县对照）", year)) {
			t.Errorf("%d: no overview title", year)
		}
		if want := fmt.Sprintf("整体达标的区县 %d个（共%d个区县）", c.Summary.Pass, c.Summary.Counties); !strings.Contains(body, want) {
			t.Errorf("%d: headline lacks %q", year, want)
		}
		for _, p := range []struct {
			word string
			n    int
		}{{"已实现", c.Summary.Achieved}, {"未到期", c.Summary.Pending}, {"已逾期", c.Summary.Overdue}, {"未设目标", c.Summary.None}} {
			if want := fmt.Sprintf("%s %d个区县", p.word, p.n); !strings.Contains(body, want) {
				t.Errorf("%d: progress lacks %q", year, want)
			}
		}
		if c.AllBy != nil {
			// Those not yet passed whose data leave it open are said to be.
			open := 0
			for _, cj := range c.Counties {
				if cj.Overall == "incomplete" {
					open++
				}
			}
			want := fmt.Sprintf("目标：到%d年全市整体实现县域义务教育优质均衡发展。%d年已整体达标的区县%d个，尚未达标的%d个。",
				*c.AllBy, year, c.Summary.Achieved, c.Summary.Counties-c.Summary.Achieved)
			if open > 0 {
				want = fmt.Sprintf("目标：到%d年全市整体实现县域义务教育优质均衡发展。%d年已整体达标的区县%d个，尚未达标的%d个（其中%d个数据不全，暂不能判定）。",
					*c.AllBy, year, c.Summary.Achieved, c.Summary.Counties-c.Summary.Achieved, open)
			}
			if !strings.Contains(body, want) {
				t.Errorf("%d: goal sentence lacks %q", year, want)
			}
		}
		rows := rowsOf(t, page, "t_counties")
		if len(rows) != len(c.Counties) {
			t.Fatalf("%d: %d rows, counties.json has %d counties", year, len(rows), len(c.Counties))
		}
		words := map[string]string{"achieved": "已实现", "pending": "未到期", "overdue": "已逾期", "none": "未设目标"}
		overall := map[string]string{"pass": "达标", "fail": "未达标", "incomplete": "数据不全"}
		for i, cj := range c.Counties {
			r := rows[i]
			if r[0] != cj.Name+" "+cj.Code || r[1] != overall[cj.Overall] || r[len(r)-1] != words[cj.Progress] {
				t.Errorf("%d: row %v, counties.json %+v", year, r, cj)
			}
			target := "—"
			if cj.TargetYear != nil {
				target = fmt.Sprintf("%d年", *cj.TargetYear)
			}
			if !strings.HasPrefix(r[len(r)-2], target) {
				t.Errorf("%d %s: target cell %q, want %s", year, cj.Code, r[len(r)-2], target)
			}
			// Each county's report is where the row links.
			link := fmt.Sprintf(`href="/reports/%d/%s/"`, year, cj.Code)
			if !strings.Contains(page, link) {
				t.Errorf("%d: no link %s", year, link)
			}
			if _, err := os.Stat(filepath.Join(dir, "reports", strconv.Itoa(year), cj.Code, "index.html")); err != nil {
				t.Errorf("%d: %v", year, err)
			}
		}
	}

	// As designed: in 2024 青岚区 is achieved, 柳溪县 overdue (target 2024).
	c := readCounties(t, dir, 2024)
	if c.Summary.Achieved != 1 || c.Summary.Overdue != 1 {
		t.Errorf("2024 summary %+v", c.Summary)
	}

	// counties.csv: the same figures, for a spreadsheet.
	b, err := os.ReadFile(filepath.Join(dir, "data/2024/counties.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF年度,区县代码,区县名称,总体结论,")) {
		t.Errorf("counties.csv starts %q", b[:min(len(b), 60)])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(c.Counties) {
		t.Fatalf("counties.csv: %d lines", len(recs))
	}
	for i, cj := range c.Counties {
		r := recs[i+1]
		if r[1] != cj.Code || r[2] != cj.Name || r[len(r)-1] != map[string]string{"achieved": "已实现", "pending": "未到期", "overdue": "已逾期", "none": "未设目标"}[cj.Progress] {
			t.Errorf("counties.csv row %v, counties.json %+v", r, cj)
		}
	}

	// The school list, narrowed by county: every school is in the list of
	// its county, and only there.
	all := rowsOf(t, readPage(t, dir, layout.Schools), "t_schools")
	n := 0
	for _, cj := range c.Counties {
		rows := rowsOf(t, readPage(t, dir, layout.CountySchools(cj.Code)), "t_schools")
		for _, r := range rows {
			if r[1] != cj.Name {
				t.Errorf("%s's list: %v", cj.Name, r)
			}
		}
		n += len(rows)
	}
	if n != len(all) || n == 0 {
		t.Errorf("the county lists hold %d schools, schools/ %d", n, len(all))
	}

	// A county's report: breadcrumbs 首页 > 监测数据 > 2024年 > 青岚区.
	rep := readPage(t, dir, layout.Year(2024)+"159901/")
	nav := rep[strings.Index(rep, `class="breadcrumb`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	if got := text(nav[strings.Index(nav, ">")+1:]); !strings.HasSuffix(got, "首页 监测数据 2024年 青岚区") || !strings.Contains(nav, `href="/`+layout.Year(2024)+`"`) {
		t.Errorf("breadcrumbs %q", got)
	}
}

// TestCityTrends: the area's trends say, in their titles, what their tables
// hold, and mark each county's target year.
func TestCityTrends(t *testing.T) {
	dir := buildCity(t)
	page := readPage(t, dir, layout.Trends)
	rows := rowsOf(t, page, "c_at_unmet_t")
	first, last := 2022, 2024
	fewer, more := 0, 0
	for _, r := range rows {
		// county, target, 2022, 2023, 2024: each year "n 进度".
		n := func(cell string) int {
			v, err := strconv.Atoi(strings.Fields(cell)[0])
			if err != nil {
				t.Fatalf("cell %q", cell)
			}
			return v
		}
		a, b := n(r[2+0]), n(r[2+last-first])
		switch {
		case b < a:
			fewer++
		case b > a:
			more++
		}
		if ty := strings.TrimSuffix(strings.Fields(r[1] + " x")[0], "年"); ty != "—" {
			y, _ := strconv.Atoi(ty)
			if y >= first && y <= last && !strings.Contains(r[2+y-first], "目标年") {
				t.Errorf("%s: target year %d not marked in %v", r[0], y, r)
			}
		}
	}
	want := fmt.Sprintf("%d年到%d年，%d个区县未达标项数减少，%d个增加", first, last, fewer, more)
	switch {
	case fewer > 0 && more == 0:
		want = fmt.Sprintf("%d年到%d年，%d个区县未达标项数减少，没有区县增加", first, last, fewer)
	case fewer == 0 && more > 0:
		want = fmt.Sprintf("%d年到%d年，%d个区县未达标项数增加，没有区县减少", first, last, more)
	case fewer == 0 && more == 0:
		want = fmt.Sprintf("%d年到%d年，没有区县的未达标项数减少或增加", first, last)
	}
	if !strings.Contains(page, want) {
		t.Errorf("the unmet chart does not say %q", want)
	}
	// 已逾期 is a target year reached, this year included: not 已过.
	if n := readCounties(t, dir, last).Summary.Overdue; n > 0 {
		if want := fmt.Sprintf("%d个区县已到创建目标年份仍未达标", n); !strings.Contains(page, want) || strings.Contains(page, "已过创建目标年份") {
			t.Errorf("the progress chart does not say %q", want)
		}
	}
	// The area is the city: its tables say 全市, link only to pages that
	// exist (its counties'), and name no file of the site's source.
	if !strings.Contains(page, "全市小学七项指标历年变化（全市及城区、镇区、乡村）") || strings.Contains(page, "全县及城区") {
		t.Error("the city's seven-indicator table is not captioned as the city's (全市及城区、镇区、乡村)")
	}
	// The city's 差异系数 over all its schools is not the counties': the
	// page says so before its chart.
	if !strings.Contains(text(page), "这里的差异系数把所有区县的学校合在一起计算，反映全市范围内的校际差距") {
		t.Error("the trends do not say how the city's 差异系数 is computed")
	}
	if strings.Contains(text(page), "targets.toml") {
		t.Error("the page names targets.toml to its readers")
	}
	for _, p := range []string{layout.Trends + "159902/", layout.Trends} {
		if pg := text(readPage(t, dir, p)); strings.Contains(pg, "持平于") {
			t.Errorf("/%s: a figure that did not change is written as 由…持平于…", p)
		}
	}
	c := readCounties(t, dir, 2024)
	if want := fmt.Sprintf("整体达标的区县：2022年%d个，2024年%d个（共%d个）", readCounties(t, dir, 2022).Summary.Pass, c.Summary.Pass, c.Summary.Counties); !strings.Contains(page, want) {
		t.Errorf("the progress chart does not say %q", want)
	}
	for _, cj := range c.Counties {
		if !strings.Contains(page, `href="/reports/trends/`+cj.Code+`/"`) {
			t.Errorf("no link to %s's trends", cj.Name)
		}
	}

	// The home page: one summary, not one block per county.
	home := readPage(t, dir, "")
	if want := fmt.Sprintf("整体达标的区县： %d个（共%d个区县）", c.Summary.Pass, c.Summary.Counties); !strings.Contains(text(home), want) {
		t.Errorf("home lacks %q", want)
	}
	if strings.Contains(home, `class="headline-unit">`) {
		t.Error("the home page has a block per county")
	}
}

// A province of 150 counties: the home page stays one summary under
// 100 KB, and the year's overview is built with every county in it.
func TestProvinceHome(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 150 counties")
	}
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/site", synth.Options{Docs: 3, Schools: 600, Years: 2, Counties: 150}); err != nil {
		t.Fatal(err)
	}
	if _, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/out", Now: fixedNow}); err != nil {
		t.Fatal(err, diags)
	}
	home, err := afero.ReadFile(fsys, "/out/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(home) >= 100_000 {
		t.Errorf("home page of 150 counties: %d bytes", len(home))
	}
	if !strings.Contains(string(home), "（共150个区县）") {
		t.Error("the home page does not sum up 150 counties")
	}
	ov, err := afero.ReadFile(fsys, "/out/reports/2024/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(ov), `href="/reports/2024/15`); n < 150 {
		t.Errorf("the overview links %d county reports, want 150", n)
	}
}

// TestCityCVPanelTitles: each small chart of the counties' 差异系数 says in
// its title what its column of the table holds; a county that did not give
// the figure is not "within the limit".
func TestCityCVPanelTitles(t *testing.T) {
	dir := buildCity(t)
	sawMissing := false
	for _, year := range []int{2022, 2023, 2024} {
		page := readPage(t, dir, layout.Year(year))
		for _, id := range []string{"c_ov_primary_cv", "c_ov_junior_cv"} {
			i := strings.Index(page, `id="`+id+`"`)
			if i < 0 {
				t.Fatalf("%d: no chart %s", year, id)
			}
			svg := page[i:]
			svg = svg[:strings.Index(svg, "</svg>")]
			// A long panel title wraps over several <text class="pt">.
			var titles strings.Builder
			for _, m := range regexp.MustCompile(`class="pt"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
				titles.WriteString(m[1])
			}
			head := headOf(t, page, id+"_t")
			rows := rowsOf(t, page, id+"_t")
			for col := 1; col < len(head); col++ {
				over, missing := 0, 0
				for _, r := range rows {
					switch {
					case strings.Contains(r[col], "超过限值"):
						over++
					case r[col] == "未提供":
						missing++
						// Its bar, drawn at 0, says so when pointed at.
						if tip := "<title>" + r[0] + " · " + head[col] + "：未提供</title>"; !strings.Contains(svg, tip) {
							t.Errorf("%d %s: no bar titled %s", year, id, tip)
						}
					}
				}
				want := head[col] + "：均未超标"
				switch {
				case over > 0:
					want = fmt.Sprintf("%s：%d个区县超标", head[col], over)
				case missing > 0:
					sawMissing = true
					want = fmt.Sprintf("%s：%d个区县未提供，其余未超标", head[col], missing)
				}
				if !strings.Contains(titles.String(), want) {
					t.Errorf("%d %s: no panel titled %q", year, id, want)
				}
			}
		}
	}
	if !sawMissing {
		t.Error("examples/city no longer has a county without a 差异系数; the test checks nothing about it")
	}
}

// headOf returns the column heads of the table with id.
func headOf(t *testing.T, page, id string) []string {
	t.Helper()
	return cellsOf(part(t, page, id, "thead"))
}

// part is the <tbody> or <thead> of the table with id.
func part(t *testing.T, page, id, tag string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	p := page[i:]
	return p[strings.Index(p, "<"+tag+">"):strings.Index(p, "</"+tag+">")]
}

// TestOverviewPassSharesAgreeWithCounties: the overview's share of each
// county's school parts that pass is the one its own report gives — 未提供
// while parts cannot be decided, not the share of those decided.
func TestOverviewPassSharesAgreeWithCounties(t *testing.T) {
	dir := buildCity(t)
	for _, y := range []int{2022, 2023, 2024} {
		for _, l := range indicators.Levels {
			ov := readPage(t, dir, layout.Year(y))
			if !strings.Contains(ov, `id="c_ov_`+string(l)+`_pass_t"`) {
				continue
			}
			for _, cj := range readCounties(t, dir, y).Counties {
				var ovShare string
				for _, r := range rowsOf(t, ov, "c_ov_"+string(l)+"_pass_t") {
					if r[0] == cj.Name {
						ovShare = r[len(r)-1]
					}
				}
				page := readPage(t, dir, layout.Year(y)+layout.Slug(cj.Code)+"/")
				if !strings.Contains(page, `id="c_`+string(l)+`_pass_t"`) {
					continue
				}
				rows := rowsOf(t, page, "c_"+string(l)+"_pass_t")
				own := rows[len(rows)-1][len(rows[len(rows)-1])-1] // the whole county's share
				if !strings.HasPrefix(ovShare, own) {
					t.Errorf("%d %s %s: the overview gives %q, the county's report %q", y, cj.Name, l, ovShare, own)
				}
			}
		}
	}
}

// TestAreaTablesLinkOnlyTheirFiles: a table of the city's overview or
// trends offers counties.csv and counties.json only when its figures are
// in them (how many parts of each county pass), not for the 差异系数 or the
// city's 城乡 values, which those files do not hold.
func TestAreaTablesLinkOnlyTheirFiles(t *testing.T) {
	dir := buildCity(t)
	caption := func(page, id string) string {
		i := strings.Index(page, `id="`+id+`"`)
		if i < 0 {
			t.Fatalf("no table %s", id)
		}
		p := page[i:]
		return p[:strings.Index(p, "</caption>")]
	}
	ov, tr := readPage(t, dir, layout.Year(2024)), readPage(t, dir, layout.Trends)
	for _, l := range []string{"primary", "junior"} {
		if c := caption(ov, "c_ov_"+l+"_pass_t"); !strings.Contains(c, layout.CountiesCSV) {
			t.Errorf("c_ov_%s_pass_t does not link %s: %s", l, layout.CountiesCSV, c)
		}
		for _, id := range []string{"c_ov_" + l + "_cv_t", "c_ov_" + l + "_groups_t"} {
			if c := caption(ov, id); strings.Contains(c, "counties.") {
				t.Errorf("%s links the counties' files, which do not hold its figures: %s", id, c)
			}
		}
		for _, id := range []string{"c_at_" + l + "_cv_t", "c_at_" + l + "_values_t", "c_at_" + l + "_pass_t"} {
			if c := caption(tr, id); strings.Contains(c, "counties.") {
				t.Errorf("%s links the counties' files, which do not hold its figures: %s", id, c)
			}
		}
	}
}

// TestCityReportsIndex: the list of reports of a city leads to the city's
// overview of each year and its trends, names each county's report by the
// county (no two links of the same words lead to different pages), and
// lists a year's counties in the order every other page does.
func TestCityReportsIndex(t *testing.T) {
	dir := buildCity(t)
	page := readPage(t, dir, layout.Reports)
	for _, p := range []string{layout.Year(2024), layout.Year(2022), layout.Trends} {
		if !strings.Contains(page, `href="/`+p+`"`) {
			t.Errorf("/%s does not link /%s", layout.Reports, p)
		}
	}
	links := regexp.MustCompile(`<a href="([^"]+)">([^<]+)</a>`).FindAllStringSubmatch(page, -1)
	to := map[string]string{}
	for _, l := range links {
		if l[2] == "CSV" || l[2] == "JSON" {
			continue // a row's downloads, named by its row
		}
		if u, ok := to[l[2]]; ok && u != l[1] {
			t.Errorf("the link %q leads to %s and to %s", l[2], u, l[1])
		}
		to[l[2]] = l[1]
	}
	var names []string
	for _, r := range rowsOf(t, page, "t_years") {
		if r[0] == "2024年" {
			names = append(names, strings.TrimSuffix(r[1], "2024年报告"))
		}
	}
	var want []string
	for _, c := range readCounties(t, dir, 2024).Counties {
		want = append(want, c.Name)
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("2024's counties listed as %v, want %v", names, want)
	}
}

// TestDistrictTrendsLeaveOutGroupsItHasNot: 青岚区 has no 乡村 school in any
// year: its trends name no 乡村 — no legend entry, column or heading —, and
// 镇区 keeps its colour.
func TestDistrictTrendsLeaveOutGroupsItHasNot(t *testing.T) {
	dir := buildCity(t)
	page := readPage(t, dir, layout.CountyTrends("159901"))
	if strings.Contains(page, "乡村") {
		i := strings.Index(page, "乡村")
		t.Errorf("青岚区's trends name 乡村: …%s…", page[max(0, i-200):i+50])
	}
	if !strings.Contains(page, "七项指标（全区及城区、镇区）") {
		t.Error("the heading does not name the groups compared")
	}
	if !strings.Contains(page, `stroke="#E69F00"`) {
		t.Error("镇区's lines are not drawn in 镇区's colour")
	}
}
