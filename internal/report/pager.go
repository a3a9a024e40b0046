package report

import "strconv"

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

// Pager is the page navigation of a paginated list: 上一页, the page
// numbers (the first, the last and two either side of the current one;
// a gap is a Link without URL) and 下一页.
type Pager struct {
	Number, Total    int
	PrevURL, NextURL string
	Pages            []Link
}

// pageCount is how many pages of size items n items take (at least one).
func pageCount(n, size int) int {
	if n <= size {
		return 1
	}
	return (n + size - 1) / size
}

// pagedURL is the site path of page n of the list at first.
func pagedURL(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + "page/" + strconv.Itoa(n) + "/"
}

// pageBounds are the indices of the items of page n.
func pageBounds(n, size, items int) (lo, hi int) {
	return min((n-1)*size, items), min(n*size, items)
}

// pager is the navigation of page n of total of the list at first; nil for
// a list of one page.
func (s *Site) pager(first string, n, total int) *Pager {
	if total <= 1 {
		return nil
	}
	p := &Pager{Number: n, Total: total}
	if n > 1 {
		p.PrevURL = pagedURL(first, n-1)
	}
	if n < total {
		p.NextURL = pagedURL(first, n+1)
	}
	for _, k := range pageNumbers(n, total) {
		if k == 0 {
			p.Pages = append(p.Pages, Link{Title: "…"})
			continue
		}
		p.Pages = append(p.Pages, Link{Title: strconv.Itoa(k), URL: pagedURL(first, k), Current: k == n, Note: s.t.f("rpt_page_n", k)})
	}
	return p
}

// pageNumbers are the page numbers the pager shows for page n of total:
// 1, total and n-2 … n+2, with 0 for a gap of two pages or more (a gap of
// one page shows that page).
func pageNumbers(n, total int) []int {
	var out []int
	last := 0
	for k := 1; k <= total; k++ {
		if k != 1 && k != total && (k < n-2 || k > n+2) {
			continue
		}
		switch {
		case k-last == 2:
			out = append(out, k-1)
		case k-last > 2:
			out = append(out, 0)
		}
		out = append(out, k)
		last = k
	}
	return out
}

// pageTitle is the title of page n of a list: "学校数据（第2页）".
func (s *Site) pageTitle(title string, n int) string {
	if n <= 1 {
		return title
	}
	return s.t.f("rpt_title_page", title, n)
}
