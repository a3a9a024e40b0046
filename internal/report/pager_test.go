package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/report"
	"github.com/gongkai-dev/gongkai/internal/sitecheck"
	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// maxListPage is what a page of a paginated list may weigh: well under the
// 100 KB of every page (sitecheck's TestPageWeight).
const maxListPage = 80_000

var (
	pagerRE   = regexp.MustCompile(`(?s)<nav class="pager" aria-label="分页">.*?</nav>`)
	nextRE    = regexp.MustCompile(`<a rel="next" href="/([^"]*)">下一页</a>`)
	prevRE    = regexp.MustCompile(`<a rel="prev" href="/([^"]*)">上一页</a>`)
	currentRE = regexp.MustCompile(`<span aria-current="page">(\d+)</span>`)
	numberRE  = regexp.MustCompile(`<a href="/([^"]*)" aria-label="第(\d+)页">(\d+)</a>`)
	titleRE   = regexp.MustCompile(`<title>([^<]*)</title>`)
	rowLinkRE = regexp.MustCompile(`<th scope="row"><a href="/schools/([^"/]+)/">`)
)

// listPage is one page of a paginated list as built.
type listPage struct {
	path string // site path of the file
	html []byte
}

// followList reads the list whose first page is first (a site path ending
// in /) by following its 下一页 links, checking each page's pager: the
// current page marked, 上一页 to the page before, every page number a page
// of the list that exists.
func followList(t *testing.T, out, first string) []listPage {
	t.Helper()
	var pages []listPage
	for url := first; url != ""; {
		n := len(pages) + 1
		want := first
		if n > 1 {
			want = first + "page/" + strconv.Itoa(n) + "/"
		}
		if url != want {
			t.Fatalf("page %d of %s is at %s, want %s", n, first, url, want)
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(url), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, listPage{url + "index.html", b})
		nav := pagerRE.Find(b)
		if nav == nil {
			if n > 1 {
				t.Fatalf("%s: no pager", url)
			}
			break
		}
		if m := currentRE.FindSubmatch(nav); m == nil || string(m[1]) != strconv.Itoa(n) {
			t.Errorf("%s: the pager does not mark page %d current", url, n)
		}
		prev := prevRE.FindSubmatch(nav)
		switch {
		case n == 1 && prev != nil:
			t.Errorf("%s: 上一页 on the first page", url)
		case n > 1 && (prev == nil || string(prev[1]) != strings.TrimSuffix(pages[n-2].path, "index.html")):
			t.Errorf("%s: 上一页 %q, want the page before", url, prev)
		}
		for _, m := range numberRE.FindAllSubmatch(nav, -1) {
			k, _ := strconv.Atoi(string(m[2]))
			if string(m[3]) != string(m[2]) || (k == 1) != (string(m[1]) == first) || k > 1 && string(m[1]) != first+"page/"+string(m[2])+"/" {
				t.Errorf("%s: page link %s", url, m[0])
			}
		}
		url = ""
		if m := nextRE.FindSubmatch(nav); m != nil {
			url = string(m[1])
		}
		if len(pages) > 1000 {
			t.Fatal("the pages link in a loop")
		}
	}
	return pages
}

// checkListPages checks each page as a reader and a validator would: well
// formed, its links resolving, under maxListPage, titled with its number.
func checkListPages(t *testing.T, site sitecheck.Site, pages []listPage) {
	t.Helper()
	for i, p := range pages {
		for _, pr := range append(sitecheck.CheckTags(p.path, p.html), sitecheck.CheckStructure(p.path, p.html, "zh-CN")...) {
			t.Error(pr)
		}
		if len(p.html) >= maxListPage {
			t.Errorf("%s: %d bytes, want < %d", p.path, len(p.html), maxListPage)
		}
		links, res := sitecheck.Refs(p.html)
		for _, ref := range append(links, res...) {
			f, local, err := site.Resolve(p.path, ref)
			if err != nil {
				t.Error(err)
			} else if local {
				if _, err := os.Stat(filepath.Join(site.Dir, filepath.FromSlash(f))); err != nil {
					t.Errorf("%s: %s does not exist", p.path, ref)
				}
			}
		}
		title := string(titleRE.FindSubmatch(p.html)[1])
		suffix := fmt.Sprintf("（第%d页）", i+1)
		if (i > 0) != strings.Contains(title, suffix) || i == 0 && strings.Contains(title, "（第") {
			t.Errorf("%s: title %q", p.path, title)
		}
	}
}

// tableRows are the schools the rows of the table id link to, in order.
func tableRows(t *testing.T, b []byte, id string) []string {
	t.Helper()
	i := bytes.Index(b, []byte(`<table class="data rt`))
	j := bytes.Index(b, []byte(`id="`+id+`"`))
	if i < 0 || j < 0 {
		t.Fatalf("no table %s", id)
	}
	k := bytes.Index(b[j:], []byte("</table>"))
	var out []string
	for _, m := range rowLinkRE.FindAllSubmatch(b[j:j+k], -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// TestPaginatedSite builds a county of some 600 school parts: the school
// index and the level lists come in pages under 80 KB, linked in order,
// each school on exactly one page, the first page at the list's URL; the
// year report links the first page. In Chromium, a further page has no
// serious accessibility violation and no console error.
func TestPaginatedSite(t *testing.T) {
	src := t.TempDir()
	if _, err := synth.Generate(afero.NewOsFs(), src, synth.Options{Docs: 3, Schools: 3 * report.SchoolsPerPage, Years: 1, Counties: 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: out, Now: fixedNow}); err != nil {
		t.Fatalf("%v %v", err, diags)
	}
	site := sitecheck.Site{Dir: out, BasePath: "/"}

	// schools/: every school page's school on exactly one page.
	entries, err := os.ReadDir(filepath.Join(out, "schools"))
	if err != nil {
		t.Fatal(err)
	}
	schools := map[string]int{}
	for _, e := range entries {
		if e.IsDir() && e.Name() != "page" {
			schools[e.Name()] = 0
		}
	}
	pages := followList(t, out, layout.Schools)
	want := (len(schools) + report.SchoolsPerPage - 1) / report.SchoolsPerPage
	if want < 2 || len(pages) != want {
		t.Fatalf("%d schools on %d pages, want %d pages", len(schools), len(pages), want)
	}
	checkListPages(t, site, pages)
	for i, p := range pages {
		rows := tableRows(t, p.html, "t_schools")
		if len(rows) == 0 || len(rows) > report.SchoolsPerPage || i < len(pages)-1 && len(rows) != report.SchoolsPerPage {
			t.Errorf("%s: %d schools", p.path, len(rows))
		}
		for _, id := range rows {
			if _, ok := schools[id]; !ok {
				t.Errorf("%s lists %s, which has no page", p.path, id)
			}
			schools[id]++
		}
	}
	for id, n := range schools {
		if n != 1 {
			t.Errorf("school %s is on %d pages of the index", id, n)
		}
	}
	if _, err := os.Stat(filepath.Join(out, layout.Schools+"page/1")); err == nil {
		t.Error("the first page of the school list is written twice, at page/1/ too")
	}

	// reports/2024/primary/: every part the lead counts on exactly one page.
	pages = followList(t, out, layout.Level(layout.Year(2024), indicators.Primary))
	if len(pages) < 2 {
		t.Fatalf("the level list has %d page(s): the test wants several", len(pages))
	}
	checkListPages(t, site, pages)
	m := regexp.MustCompile(`纳入计算的学校 (\d+) 所`).FindSubmatch(pages[0].html)
	if m == nil {
		t.Fatal("the level list's lead does not count the schools")
	}
	parts, _ := strconv.Atoi(string(m[1]))
	seen := map[string]int{}
	total := 0
	for i, p := range pages {
		rows := tableRows(t, p.html, "t_primary_schools")
		if len(rows) == 0 || len(rows) > report.LevelSchoolsPerPage || i < len(pages)-1 && len(rows) != report.LevelSchoolsPerPage {
			t.Errorf("%s: %d parts", p.path, len(rows))
		}
		on := map[string]bool{}
		for _, id := range rows {
			seen[id]++
			on[id] = true
		}
		total += len(rows)
		// The items' table of the page names only its schools.
		if bytes.Contains(p.html, []byte(`id="t_primary_items"`)) {
			for _, id := range tableRows(t, p.html, "t_primary_items") {
				if !on[id] {
					t.Errorf("%s: the items' table lists %s, not on the page", p.path, id)
				}
			}
		}
	}
	if total != parts || len(seen) != parts {
		t.Errorf("the level's pages list %d rows of %d schools, the lead counts %d", total, len(seen), parts)
	}
	year, err := os.ReadFile(filepath.Join(out, layout.OutPath(layout.Year(2024))))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(year, []byte(`href="/reports/2024/primary/"`)) || bytes.Contains(year, []byte("/page/")) {
		t.Error("the year report does not link the first page of the level list (or links a further page)")
	}

	// In the browser.
	script, err := axe.Script()
	if err != nil {
		t.Fatal(err)
	}
	base := browsertest.ServeDir(t, out)
	br := browsertest.Shared(t)
	for _, p := range []string{"/schools/page/2/", "/reports/2024/primary/page/2/"} {
		pg := br.Visit(t, base+p, 1280, 900)
		pg.Eval(t, string(script)+"\n;true", nil)
		var bad []string
		pg.Eval(t, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
			.then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.help))`, &bad)
		for _, v := range bad {
			t.Errorf("%s: %s", p, v)
		}
		// The pager is one row of links, centred, not wider than the page.
		var fits bool
		pg.Eval(t, `(() => { const n = document.querySelector("nav.pager"); return !!n && n.scrollWidth <= document.documentElement.clientWidth; })()`, &fits)
		if !fits {
			t.Errorf("%s: the pager is missing or wider than the page", p)
		}
		pg.AssertClean(t)
		pg.Close()
	}
}

// TestSmallListsUnpaginated: the example site's lists (23 schools) fit on
// one page each: no pager, no page/, the school index's caption as before.
func TestSmallListsUnpaginated(t *testing.T) {
	dir, _ := buildExample(t)
	for name, b := range dataPages(t, dir) {
		if strings.Contains(name, "/page/") {
			t.Errorf("%s: a further page of a list", name)
		}
		if bytes.Contains(b, []byte(`class="pager"`)) || bytes.Contains(b, []byte(`/page/`)) {
			t.Errorf("%s: a pager or a link to a further page", name)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, layout.OutPath(layout.Schools)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`<caption id="t_schools-cap">学校名录</caption>`)) || !bytes.Contains(b, []byte(`<title>学校数据 - `)) {
		t.Error("the school index's caption or title changed")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "schools"))
	if err != nil {
		t.Fatal(err)
	}
	dirs := 0
	for _, e := range entries {
		if e.IsDir() {
			dirs++
		}
	}
	if n := len(rowLinkRE.FindAll(b, -1)); n != dirs || n == 0 {
		t.Errorf("the school index lists %d schools, the site has %d school pages", n, dirs)
	}
}

// TestPaginatedIncremental: serve's cache keys each page of a list by the
// list's inputs: after a changed data row, and after rows removed so that
// the lists have a page fewer, an incremental build is a fresh build's
// files, with no page left over.
func TestPaginatedIncremental(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 3, Schools: 2*report.SchoolsPerPage + report.LevelSchoolsPerPage, Years: 1, Counties: 1}); err != nil {
		t.Fatal(err)
	}
	build1 := func(c *build.Cache) *output.Memory {
		t.Helper()
		out := output.NewMemory()
		if _, diags, err := build.Build(build.Options{Fs: fsys, Source: "/s", Destination: "/public", Output: out, Now: fixedNow, Cache: c}); err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		return out
	}
	pages := func(m *output.Memory, prefix string) int {
		n := 0
		for _, p := range m.Paths() {
			if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, "/index.html") {
				n++
			}
		}
		return n
	}
	same := func(what string, got, want *output.Memory) {
		t.Helper()
		if g, w := strings.Join(got.Paths(), "\n"), strings.Join(want.Paths(), "\n"); g != w {
			t.Errorf("%s: %d files, a fresh build %d", what, len(got.Paths()), len(want.Paths()))
		}
		for _, p := range want.Paths() {
			g, _ := got.File(p)
			w, _ := want.File(p)
			if !bytes.Equal(g, w) {
				t.Errorf("%s: %s differs from a fresh build", what, p)
			}
		}
	}
	cache := build.NewCache()
	first := build1(cache)
	same("first build", first, build1(nil))
	schoolPages, levelPages := pages(first, layout.Schools+"page/"), pages(first, layout.Level(layout.Year(2024), indicators.Primary)+"page/")
	if schoolPages < 1 || levelPages < 1 {
		t.Fatalf("%d further pages of schools/, %d of the primary list: the test wants some", schoolPages, levelPages)
	}

	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	same("data row", build1(cache), build1(nil))

	// Drop the last rows: the primary list loses its last page.
	csv := "/s/data/2024/schools.csv"
	b, err := afero.ReadFile(fsys, csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	primary := 0
	cut := len(lines)
	for cut > 1 && primary <= report.LevelSchoolsPerPage {
		cut--
		if strings.Contains(lines[cut], ",小学,") {
			primary++
		}
	}
	if err := afero.WriteFile(fsys, csv, []byte(strings.Join(lines[:cut], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	// and the shared facilities of the schools removed.
	idCol := slices.Index(strings.Split(strings.TrimPrefix(lines[0], "\uFEFF"), ","), "学校标识码")
	if idCol < 0 {
		t.Fatalf("%s: no 学校标识码 in %q", csv, lines[0])
	}
	gone := map[string]bool{}
	for _, l := range lines[cut:] {
		gone[strings.Split(l, ",")[idCol]] = true
	}
	for _, l := range lines[1:cut] {
		delete(gone, strings.Split(l, ",")[idCol]) // the other level of a school kept
	}
	shared := "/s/data/2024/shared_facilities.csv"
	if b, err := afero.ReadFile(fsys, shared); err == nil {
		var keep []string
		for _, l := range strings.SplitAfter(string(b), "\n") {
			if id, _, _ := strings.Cut(l, ","); !gone[id] {
				keep = append(keep, l)
			}
		}
		if err := afero.WriteFile(fsys, shared, []byte(strings.Join(keep, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cur := build1(cache)
	same("rows removed", cur, build1(nil))
	if n := pages(cur, layout.Level(layout.Year(2024), indicators.Primary)+"page/"); n >= levelPages {
		t.Errorf("the primary list has %d further pages, before %d: the test wants fewer", n, levelPages)
	}
}
