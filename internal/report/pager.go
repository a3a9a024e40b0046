package report

import "github.com/gongkai-dev/gongkai/internal/layout"

// The long lists are paginated so that every page stays well under the
// 100 KB a page may weigh (docs/performance.md, internal/sitecheck): the
// index of every school (schools/) and each level's list of its school
// parts (reports/<year>/[<county>/]<level>/). The first page keeps the
// list's URL; page n > 1 is at <list URL>page/<n>/, as the section lists
// are (slug keeps a school id "page" from being a school's path segment).
// A list that fits on one page is written as it always was: no pager, no
// changed caption or title.
//
// The sizes are counts, as a reader expects of a government site, chosen
// from the province-scale synthetic site (gksynth --schools 5000
// --counties 10): a school index row is about 230 bytes (at most some
// 400 with long names and two levels), a level page's school row about
// 800 bytes plus its rows in the table of items 3–5 (up to three, 150
// bytes each), so that a full page is some 50–60 KB and stays under
// 80 KB at worst.
const (
	// SchoolsPerPage is how many schools a page of schools/ lists.
	SchoolsPerPage = 200
	// LevelSchoolsPerPage is how many school parts a page of a level's
	// list shows (with their rows in the table of items 3–5).
	LevelSchoolsPerPage = 50
)

// pager is the navigation of page n of total of the list at first; nil for
// a list of one page.
func (s *Site) pager(first string, n, total int) *layout.Pager {
	if total <= 1 {
		return nil
	}
	return layout.NewPager(first, n, total, func(k int) string { return s.t.f("rpt_page_n", k) })
}

// pageTitle is the title of page n of a list: "学校数据（第2页）".
func (s *Site) pageTitle(title string, n int) string {
	if n <= 1 {
		return title
	}
	return s.t.f("rpt_title_page", title, n)
}
