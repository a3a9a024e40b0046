package portal

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/escape"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// The 信息公开目录 (catalogue): every document in one table, newest first,
// paginated, with a static page for every value of every facet so that
// filtering works without JavaScript:
//
//	catalogue/                         all documents (catalogue/page/2/ …)
//	catalogue/<facet>/<value>/         one facet value (…/page/2/ …)
//	catalogue/index.json               every row, for catalogue.js
//
// The facets are topic (主题分类), genre (体裁分类), publisher (发布机构),
// year (of the 发布日期) and validity (有效性 as of the build's today). Values
// stay in Chinese in the path, percent-encoded in links (EscapePath).

// catalogueListPages is how many list pages' worth of documents (page_size,
// 20 by default) one page of the catalogue shows. A row of the catalogue is
// one line of a table, so a page holds 100 rows by default. Performance:
// every facet value has its own paginated listing, so a site of 2,000
// documents had 619 catalogue pages of 20 rows; each is a directory and a
// file, and creating them was a large part of a build's time on disk
// (docs/performance.md). At 100 rows it has about 160, every document still
// reachable without JavaScript; catalogue.js pages by the same size.
const catalogueListPages = 5

// Facet keys, in the order the page shows them.
var facetKeys = []string{"topic", "genre", "publisher", "year", "validity"}

// Facet is one way to filter the catalogue.
type Facet struct {
	Key    string // topic, genre, publisher, year, validity
	Label  string // 主题分类, …
	Values []*FacetValue
}

// FacetValue is one value of a facet and its static page.
type FacetValue struct {
	Facet   string // the facet's key
	Value   string // as the documents have it ("通知", "2024")
	Label   string // as shown ("通知", "2024年")
	Path    string // site path of its first page, not escaped
	URL     string // the same, escaped for links
	Count   int
	Current bool // on the page of this value
}

// CatalogueRow is one document in the table.
type CatalogueRow struct {
	Doc    *content.Document
	Status string // 有效性 as of today
}

// CataloguePage is the Data of layouts/catalogue.html.
type CataloguePage struct {
	Facets      []*Facet
	Filter      *FacetValue // nil on the unfiltered catalogue
	FilterLabel string      // the filter's facet label
	Rows        []CatalogueRow
	Count       int // documents in this listing
	All         int // documents in the catalogue
	From, To    int // 1-based range shown
	Number      int // page number
	Pages       int
	PrevURL     string // escaped site paths, "" at the ends
	NextURL     string
	ListURL     string // escaped site path of the unfiltered catalogue
	Revisions   string // escaped site path of the data revisions page
	Config      map[string]any
	// The markup of Facets (the nav's links and the filter form's fields)
	// and of Rows, as layouts/catalogue.html used to write it (catmarkup.go).
	FacetsHTML, FilterHTML, RowsHTML template.HTML
}

func docYear(d *content.Document) int { return d.Date().Year }

// facetValueOf returns the value of facet key for d ("" when d has none).
func (p *Portal) facetValueOf(key string, d *content.Document) string {
	switch key {
	case "topic":
		return d.Topic
	case "genre":
		return d.Genre
	case "publisher":
		return d.Publisher
	case "year":
		if y := docYear(d); y > 0 {
			return strconv.Itoa(y)
		}
		return ""
	case "validity":
		return d.Status(p.opts.Today)
	}
	return ""
}

// buildFacets collects the values of every facet with their counts.
func (p *Portal) buildFacets() []*Facet {
	var out []*Facet
	for _, key := range facetKeys {
		f := &Facet{Key: key, Label: p.t("pt_facet_" + key)}
		byValue := map[string]*FacetValue{}
		for _, d := range p.opts.Content.Docs {
			v := p.facetValueOf(key, d)
			if v == "" {
				continue
			}
			fv := byValue[v]
			if fv == nil {
				fv = &FacetValue{Facet: key, Value: v, Label: v}
				if key == "year" {
					y, _ := strconv.Atoi(v)
					fv.Label = p.tf("pt_year_value", y)
				}
				byValue[v] = fv
				f.Values = append(f.Values, fv)
			}
			fv.Count++
		}
		sortFacet(key, f.Values)
		used := map[string]bool{}
		for _, fv := range f.Values {
			seg := segment(fv.Value)
			for n := 2; used[seg]; n++ {
				seg = fmt.Sprintf("%s-%d", segment(fv.Value), n)
			}
			used[seg] = true
			fv.Path = layout.Facet(key, seg)
			fv.URL = EscapePath(fv.Path)
		}
		if len(f.Values) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// sortFacet orders the values of a facet: genres and validity in their
// official order, years newest first, the others by count then name.
func sortFacet(key string, vs []*FacetValue) {
	rank := func(list []string, v string) int {
		for i, s := range list {
			if s == v {
				return i
			}
		}
		return len(list)
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := vs[i], vs[j]
		switch key {
		case "genre":
			if ra, rb := rank(content.Genres, a.Value), rank(content.Genres, b.Value); ra != rb {
				return ra < rb
			}
		case "validity":
			order := []string{content.Valid, content.Expired, content.Repealed}
			if ra, rb := rank(order, a.Value), rank(order, b.Value); ra != rb {
				return ra < rb
			}
		case "year":
			return a.Value > b.Value
		default:
			if a.Count != b.Count {
				return a.Count > b.Count
			}
		}
		return a.Value < b.Value
	})
}

// cataloguePages returns every page of the catalogue: the whole list and
// each facet value's list, paginated. What is the same on every page of a
// listing (facets, titles) is made here; each page's rows and their markup
// in its render job (ExtraPage.Make), in parallel, and dropped once the page
// is written.
func (p *Portal) cataloguePages() []render.ExtraPage {
	title := p.t("pt_catalogue")
	desc := p.t("pt_catalogue_desc")
	none := p.t("none")
	all := p.t("pt_all")
	jsStrings := p.jsStrings("pt_js_cat_", "caption", "empty", "status", "page", "prev", "next", "none")
	size := max(p.opts.Site.PageSize, 1) * catalogueListPages
	var pages []render.ExtraPage
	listing := func(filter *Facet, fv *FacetValue, docs []*content.Document) {
		total := layout.PageCount(len(docs), size)
		first := layout.Catalogue
		if fv != nil {
			first = fv.Path
		}
		pageURL := func(n int) string { return layout.Paged(first, n) }
		filterLabel := ""
		if filter != nil {
			filterLabel = filter.Label
		}
		listTitle := title
		crumbs := []render.Crumb{{Title: title}}
		if fv != nil {
			name := p.tf("pt_filter_title", filter.Label, fv.Label)
			listTitle = name + " - " + title
			crumbs = []render.Crumb{{Title: title, URL: EscapePath(layout.Catalogue)}, {Title: name}}
		}
		for n := 1; n <= total; n++ {
			pageTitle := listTitle
			if n > 1 {
				pageTitle = p.tf("pt_page_suffix", listTitle, n)
			}
			url := pageURL(n)
			pages = append(pages, render.ExtraPage{
				Layout: "catalogue",
				Page: render.Page{
					Kind: "catalogue", Title: pageTitle, URL: url, Crumbs: crumbs,
					Description: desc,
					Canonical:   p.opts.Site.AbsURL(EscapePath(url)),
				},
				Make: func(*render.Page) (any, error) {
					// Made with the page: every value of a facet has its
					// pages, each listing every value, so that made up
					// front they grew with the square of the values (a
					// province's publishers).
					facets := p.facetsFor(fv)
					facetsHTML, filterFields := p.facetsHTML(facets), filterHTML(facets, all)
					lo, hi := layout.PageBounds(n, size, len(docs))
					data := &CataloguePage{
						Facets: facets, Filter: fv, FilterLabel: filterLabel, Count: len(docs), All: len(p.opts.Content.Docs),
						Number: n, Pages: total, ListURL: EscapePath(layout.Catalogue), Revisions: EscapePath(layout.Revisions),
						From: lo + 1, To: hi, FacetsHTML: facetsHTML, FilterHTML: filterFields,
					}
					if len(docs) == 0 {
						data.From = 0
					}
					data.Rows = make([]CatalogueRow, 0, hi-lo)
					for _, d := range docs[lo:hi] {
						data.Rows = append(data.Rows, CatalogueRow{Doc: d, Status: d.Status(p.opts.Today)})
					}
					data.RowsHTML = p.rowsHTML(data.Rows, none)
					if n > 1 {
						data.PrevURL = EscapePath(pageURL(n - 1))
					}
					if n < total {
						data.NextURL = EscapePath(pageURL(n + 1))
					}
					cfg := map[string]any{
						"data":     p.opts.Site.URL(layout.CatalogueJSON) + "?v=" + p.catalogueVersion,
						"list":     p.opts.Site.URL(EscapePath(layout.Catalogue)),
						"pageSize": size,
						"page":     n,
						"strings":  jsStrings,
					}
					if fv != nil {
						cfg["filter"] = map[string]string{fv.Facet: fv.Value}
					}
					data.Config = cfg
					return data, nil
				},
			})
		}
	}
	listing(nil, nil, p.opts.Content.Docs)
	for _, f := range p.facets {
		// The documents of each value, newest first, in one pass.
		byValue := map[string][]*content.Document{}
		for _, d := range p.opts.Content.Docs {
			if v := p.facetValueOf(f.Key, d); v != "" {
				byValue[v] = append(byValue[v], d)
			}
		}
		for _, fv := range f.Values {
			listing(f, fv, byValue[fv.Value])
		}
	}
	return pages
}

// facetsFor returns the facets with the current value marked.
func (p *Portal) facetsFor(cur *FacetValue) []*Facet {
	out := make([]*Facet, len(p.facets))
	for i, f := range p.facets {
		g := &Facet{Key: f.Key, Label: f.Label, Values: make([]*FacetValue, len(f.Values))}
		for j, v := range f.Values {
			c := *v
			c.Current = cur != nil && v == cur
			g.Values[j] = &c
		}
		out[i] = g
	}
	return out
}

// catalogueJSON is every row of the catalogue and the facets, for filtering
// in the browser. Rows are arrays, in the order of "cols".
func (p *Portal) catalogueJSON() []byte {
	// Written out, as encoding/json with SetEscapeHTML(false) writes it
	// (keys in order, a facet without values null): through reflection,
	// cell by cell, it was much of New's time, before any page renders
	// (TestCatalogueJSONAsEncodingJSON).
	str := func(b []byte, s string) []byte { return escape.AppendJSONString(b, s, false) }
	b := make([]byte, 0, 256*len(p.opts.Content.Docs)+1024)
	b = append(b, `{"cols":["index_no","title","url","publisher","doc_no","date","status","topic","genre","year"],"facets":[`...)
	for i, f := range p.facets {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(append(b, `{"key":`...), f.Key)
		b = str(append(b, `,"label":`...), f.Label)
		b = append(b, `,"values":`...)
		if len(f.Values) == 0 {
			b = append(b, "null}"...)
			continue
		}
		for j, v := range f.Values {
			b = append(b, "[,"[min(j, 1)])
			b = str(append(b, `{"value":`...), v.Value)
			b = str(append(b, `,"label":`...), v.Label)
			b = append(str(append(b, `,"url":`...), p.opts.Site.URL(v.URL)), '}')
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"rows":[`...)
	for i, d := range p.opts.Content.Docs {
		if i > 0 {
			b = append(b, ',')
		}
		for j, s := range [...]string{d.IndexNo, d.Title, p.opts.Site.URL(EscapePath(d.URL)), d.Publisher, d.DocNo,
			d.Date().String(), d.Status(p.opts.Today), d.Topic, d.Genre, p.facetValueOf("year", d)} {
			b = str(append(b, "[,"[min(j, 1)]), s)
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}
