package layout

import "strconv"

// Paged is the site path of page n of the list at first: the first page
// keeps the list's path, page n > 1 is <first>page/<n>/.
func Paged(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + "page/" + strconv.Itoa(n) + "/"
}

// PageCount is how many pages of size items n items take: at least one, so
// that an empty list still has its page.
func PageCount(n, size int) int {
	if size < 1 {
		size = 1
	}
	if n <= size {
		return 1
	}
	return (n + size - 1) / size
}

// PageBounds are the indices [lo, hi) of the items on page n.
func PageBounds(n, size, items int) (lo, hi int) {
	return min((n-1)*size, items), min(n*size, items)
}

// Pager is the navigation of page Number of a list of Total pages (Total
// counts pages, never items): 上一页, the page numbers and 下一页. Pages
// holds the first, the last and two either side of the current page; a
// gap is a PageLink without URL.
type Pager struct {
	Number, Total    int
	PrevURL, NextURL string
	Pages            []PageLink
}

// PageLink is one entry of a Pager's numbers.
type PageLink struct {
	Title, URL string
	Current    bool
	Note       string // the accessible name, "第3页"
}

// NewPager is the pager of page n of total of the list at first. note
// names page k for screen readers ("第3页").
func NewPager(first string, n, total int, note func(k int) string) *Pager {
	p := &Pager{Number: n, Total: total}
	if n > 1 {
		p.PrevURL = Paged(first, n-1)
	}
	if n < total {
		p.NextURL = Paged(first, n+1)
	}
	for _, k := range pageNumbers(n, total) {
		if k == 0 {
			p.Pages = append(p.Pages, PageLink{Title: "…"})
			continue
		}
		p.Pages = append(p.Pages, PageLink{Title: strconv.Itoa(k), URL: Paged(first, k), Current: k == n, Note: note(k)})
	}
	return p
}

// pageNumbers are the page numbers a pager shows for page n of total:
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
