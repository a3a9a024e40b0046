package report

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// TestSlugReservesPage: a school whose id is "page" has a page of its own,
// not the school index's second page (layout.Slug).
func TestSlugReservesPage(t *testing.T) {
	// A school whose id is "page" gets a page that is not the index's.
	site, theme := testSite(t)
	r := bigReport(SchoolsPerPage + 1)
	r.Levels.Primary.Schools[0].SchoolID = "page"
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{r}})
	if err != nil {
		t.Fatal(err)
	}
	urls := map[string]int{}
	for _, p := range s.Pages() {
		urls[p.Page.URL]++
	}
	if urls[layout.Paged(layout.Schools, 2)] != 1 || urls[layout.School("page")] != 1 || layout.School("page") == layout.Schools+"page/" {
		t.Errorf("school %q at %s; pages %s %d, the school's %d", "page", layout.School("page"), layout.Paged(layout.Schools, 2), urls[layout.Paged(layout.Schools, 2)], urls[layout.School("page")])
	}
	for u, n := range urls {
		if n > 1 {
			t.Errorf("%d pages at %s", n, u)
		}
	}
}

// listPages are the pages of the list whose first page is at first, in
// the order a reader follows them, with their data.
type listPages struct {
	pages []render.ExtraPage
	data  []*ListPage
}

func collectList(t *testing.T, s *Site, first string) listPages {
	t.Helper()
	byURL := map[string]render.ExtraPage{}
	for _, p := range s.Pages() {
		byURL[p.Page.URL] = p
	}
	var l listPages
	for n := 1; ; n++ {
		p, ok := byURL[layout.Paged(first, n)]
		if !ok {
			break
		}
		d := p.Data
		if p.Make != nil { // as the render job: it completes the title
			var err error
			if d, err = p.Make(&p.Page); err != nil {
				t.Fatal(err)
			}
		}
		l.pages = append(l.pages, p)
		l.data = append(l.data, d.(*ListPage))
	}
	// No other page under the list's page/.
	for u := range byURL {
		if rest, ok := strings.CutPrefix(u, first+"page/"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(rest, "/"))
			if err != nil || n < 2 || n > len(l.pages) {
				t.Errorf("stray page %s beside %d pages of %s", u, len(l.pages), first)
			}
		}
	}
	return l
}

// checkPaged checks a list of several pages: titles, breadcrumbs, keys and
// pagers, and returns the school of each row of each page's main table.
func checkPaged(t *testing.T, s *Site, first string, l listPages, wantPages, size int) [][]string {
	t.Helper()
	if len(l.pages) != wantPages {
		t.Fatalf("%s: %d pages, want %d", first, len(l.pages), wantPages)
	}
	var rows [][]string
	for i, p := range l.pages {
		n, d := i+1, l.data[i]
		if p.Page.URL != layout.Paged(first, n) {
			t.Errorf("page %d at %s", n, p.Page.URL)
		}
		if p.Key == "" {
			t.Errorf("%s: no key (serve's cache)", p.Page.URL)
		}
		wantTitle := d.Title
		if n > 1 {
			wantTitle += "（第" + strconv.Itoa(n) + "页）"
			last, up := p.Page.Crumbs[len(p.Page.Crumbs)-1], p.Page.Crumbs[len(p.Page.Crumbs)-2]
			if last.Title != "第"+strconv.Itoa(n)+"页" || last.URL != "" || up.URL != first {
				t.Errorf("%s: breadcrumb ends %+v, %+v", p.Page.URL, up, last)
			}
		} else if last := p.Page.Crumbs[len(p.Page.Crumbs)-1]; last.URL != "" || strings.Contains(last.Title, "页") {
			t.Errorf("%s: breadcrumb ends %+v", p.Page.URL, last)
		}
		if p.Page.Title != wantTitle {
			t.Errorf("%s: title %q, want %q", p.Page.URL, p.Page.Title, wantTitle)
		}
		pg := d.Pager
		if pg == nil {
			t.Fatalf("%s: no pager", p.Page.URL)
		}
		var prev, next string
		if n > 1 {
			prev = layout.Paged(first, n-1)
		}
		if n < wantPages {
			next = layout.Paged(first, n+1)
		}
		if pg.Number != n || pg.Total != wantPages || pg.PrevURL != prev || pg.NextURL != next {
			t.Errorf("%s: pager %d/%d prev %q next %q", p.Page.URL, pg.Number, pg.Total, pg.PrevURL, pg.NextURL)
		}
		current := 0
		for _, k := range pg.Pages {
			if k.URL == "" {
				if k.Title != "…" || k.Current {
					t.Errorf("%s: page link %+v without URL", p.Page.URL, k)
				}
				continue
			}
			kn, _ := strconv.Atoi(k.Title)
			if k.URL != layout.Paged(first, kn) || k.Note != "第"+k.Title+"页" {
				t.Errorf("%s: page link %+v", p.Page.URL, k)
			}
			if k.Current {
				current = kn
			}
		}
		if current != n {
			t.Errorf("%s: the pager marks page %d as current", p.Page.URL, current)
		}
		if len(d.Table.Rows) == 0 || len(d.Table.Rows) > size {
			t.Errorf("%s: %d rows, want 1–%d", p.Page.URL, len(d.Table.Rows), size)
		}
		if !strings.Contains(d.Table.Caption, "本页第 ") {
			t.Errorf("%s: caption %q does not say which rows", p.Page.URL, d.Table.Caption)
		}
		var ids []string
		for _, r := range d.Table.Rows {
			ids = append(ids, r[0].URL)
		}
		rows = append(rows, ids)
	}
	return rows
}

// TestPaginatedLists: a county of more schools than a page lists them all,
// each on one page, in order, the pages linked to each other; each part's
// rows of the items' table are on its page; every page has a key (serve's
// cache): a list of levels that of its county-year, a page of schools its
// own, made of its schools' rows.
func TestPaginatedLists(t *testing.T) {
	const n = 2*SchoolsPerPage + 13
	site, theme := testSite(t)
	rep := bigReport(n)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{rep}, UnitKeys: []string{"unit"}})
	if err != nil {
		t.Fatal(err)
	}
	lr := rep.Levels.Primary

	// schools/
	idx := collectList(t, s, layout.Schools)
	rows := checkPaged(t, s, layout.Schools, idx, 3, SchoolsPerPage)
	var got, want []string
	for _, r := range rows {
		got = append(got, r...)
	}
	for _, id := range s.order {
		want = append(want, layout.School(id))
	}
	if len(want) != n || !reflect.DeepEqual(got, want) {
		t.Errorf("the index's pages list %d schools, want the %d in order", len(got), n)
	}
	if c := idx.data[1].Table.Caption; c != "学校名录（共 413 所，本页第 201—400 所）" {
		t.Errorf("caption of page 2: %q", c)
	}

	// reports/2024/primary/
	first := layout.Level(layout.Year(2024), indicators.Primary)
	lvl := collectList(t, s, first)
	rows = checkPaged(t, s, first, lvl, (n+LevelSchoolsPerPage-1)/LevelSchoolsPerPage, LevelSchoolsPerPage)
	got, want = nil, nil
	onPage := map[string]int{}
	for i, r := range rows {
		got = append(got, r...)
		for _, u := range r {
			onPage[u] = i
		}
	}
	for _, sc := range lr.Schools {
		want = append(want, layout.School(sc.SchoolID))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the level's pages list %d parts, want the %d in order", len(got), len(want))
	}
	all := s.itemSchoolsTable(s.units[0], indicators.Primary, nil)
	if all == nil || len(all.Rows) == 0 {
		t.Fatal("no rows in the table of items 3–5: the test data should have some")
	}
	items := 0
	for i, d := range lvl.data {
		for _, m := range d.More {
			if !strings.HasSuffix(m.Caption, "（本页所列学校）") {
				t.Errorf("page %d: items caption %q", i+1, m.Caption)
			}
			for _, r := range m.Rows {
				items++
				if p, ok := onPage[r[0].URL]; !ok || p != i {
					t.Errorf("page %d lists the items of %s, whose part is on page %d", i+1, r[0].Text, p+1)
				}
			}
		}
		// Every page keeps the whole level's lead and links.
		if d.Lead != lvl.data[0].Lead || !reflect.DeepEqual(d.Links, lvl.data[0].Links) {
			t.Errorf("page %d: lead or links differ from the first page's", i+1)
		}
	}
	if items != len(all.Rows) {
		t.Errorf("the pages hold %d rows of the items' table, the level has %d", items, len(all.Rows))
	}
	// The year report links the first page.
	for _, p := range s.Pages() {
		if yp, ok := pageData(t, p).(*YearPage); ok {
			if u := yp.Levels[0].AllSchools.URL; u != first {
				t.Errorf("the year report links %q for all schools, want %q", u, first)
			}
		}
	}
}

// TestListsOfOnePage: lists that fit on a page (exactly a page's worth)
// have no pager, no page/ and the captions and titles of before.
func TestListsOfOnePage(t *testing.T) {
	site, theme := testSite(t)
	s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{bigReport(LevelSchoolsPerPage)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, first := range []string{layout.Schools, layout.Level(layout.Year(2024), indicators.Primary)} {
		l := collectList(t, s, first)
		if len(l.pages) != 1 {
			t.Fatalf("%s: %d pages", first, len(l.pages))
		}
		p, d := l.pages[0], l.data[0]
		if d.Pager != nil || strings.Contains(p.Page.Title, "页") || strings.Contains(d.Table.Caption, "本页") || len(d.Table.Rows) != LevelSchoolsPerPage {
			t.Errorf("%s: pager %v, title %q, caption %q, %d rows", first, d.Pager, p.Page.Title, d.Table.Caption, len(d.Table.Rows))
		}
		for _, m := range d.More {
			if strings.Contains(m.Caption, "本页") {
				t.Errorf("%s: caption %q", first, m.Caption)
			}
		}
	}
	if c := layout.PageCount(SchoolsPerPage, SchoolsPerPage); c != 1 {
		t.Errorf("layout.PageCount(%d, %[1]d) = %d", SchoolsPerPage, c)
	}
	if c := layout.PageCount(0, SchoolsPerPage); c != 1 {
		t.Errorf("layout.PageCount(0) = %d", c)
	}
}

// A page of the list of schools is keyed by the schools on it (serve's
// cache): a changed row of a school on the last page makes that page again,
// not the others; a page made again shows the change.
func TestSchoolListKeys(t *testing.T) {
	const n = 2*SchoolsPerPage + 13
	site, theme := testSite(t)
	rep := bigReport(n)
	keys := func(changed string) map[string]string {
		t.Helper()
		sk := map[string]string{}
		for _, sr := range rep.Levels.Primary.Schools {
			sk[sr.Part.SchoolID] = "rows of " + sr.Part.SchoolID
		}
		if changed != "" {
			sk[changed] += " (changed)"
		}
		s, err := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{rep}, UnitKeys: []string{"unit"}, SchoolKeys: []map[string]string{sk}})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, p := range collectList(t, s, layout.Schools).pages {
			out[p.Page.URL] = p.Key
		}
		return out
	}
	before := keys("")
	// The last school of the list is on its last page.
	site2, _ := New(Options{Site: site, Theme: theme, Reports: []*indicators.Report{rep}, UnitKeys: []string{"unit"}})
	last := site2.order[len(site2.order)-1]
	after := keys(last)
	for _, u := range []string{layout.Paged(layout.Schools, 1), layout.Paged(layout.Schools, 2)} {
		if before[u] == "" || before[u] != after[u] {
			t.Errorf("%s: key changed with a school of another page (or is empty)", u)
		}
	}
	if u := layout.Paged(layout.Schools, 3); before[u] == after[u] {
		t.Errorf("%s: key unchanged when a school on it changed", u)
	}
}
