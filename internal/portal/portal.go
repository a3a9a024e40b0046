// Package portal builds the 政务公开 portal around the documents and data:
// the 信息公开目录 (catalogue.go), the static full-text search index
// (search.go, tokenize.go), the RSS feed (feed.go), the sitemap and
// robots.txt (sitemap.go) and the data revision history (revisions.go).
//
// It adds pages to the render stage (Pages, Nav) and, after rendering,
// writes its data files and the crawler files (WriteFiles). Everything it
// writes depends only on the site's input (and the git history of data/),
// never on the clock.
package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/revision"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// Options are the site the portal is built for.
type Options struct {
	Site    *config.Site
	Content *content.Content
	Today   content.Date // the build's "today", for 有效性
	// Inputs are the school data, one per county and year, the years
	// ascending: the search finds every school by its latest name.
	Inputs []indicators.Input
	// Input, when not nil, gives Inputs[i] with its school parts: a build
	// of summaries keeps them packed, out of Inputs.
	Input func(i int) indicators.Input
	// History is the revision history of data/ (internal/history); nil
	// means it was not read (e.g. a site held in memory).
	History *revision.History
	// T returns the translation of a key (render.Renderer.T).
	T func(key string) (string, error)
	// IndexCache, when not nil, keeps the search index from one build to
	// the next (gongkai serve): an index of the same items and texts is
	// not built again.
	IndexCache *IndexCache
	// KeptIndex, when not nil, is the search index's files as the previous
	// build left them (the build cache, render.KeptJob): WriteFiles
	// reuses them when the index would be the same, and IndexJob tells
	// what this build wrote, for the next one.
	KeptIndex *render.KeptJob
	// Cache, when not nil, keeps the catalogue, the search items and the
	// sitemap from one build to the next (gongkai serve; see Cache).
	// DocsKey fingerprints everything what the portal makes of the
	// documents depends on (the documents' front matter, site.toml, the
	// theme, the options, Today); InputKeys fingerprint each of Inputs.
	Cache     *Cache
	DocsKey   string
	InputKeys []string
}

// IndexCache keeps the last search index built, with the items and texts
// it was built from. A data edit in serve leaves the documents and the
// schools' names as they were, and building the index of a province site
// took a quarter of such a rebuild. The items are compared as they are,
// not through a fingerprint: most of their strings are those of the last
// build (Cache), which compare at once, and every field of a SearchItem
// counts without being listed.
type IndexCache struct {
	mu    sync.Mutex
	items []SearchItem // before the index completed their Text
	plain []string
	index *SearchIndex
}

// lookup returns the index kept for items and plain, or nil.
func (c *IndexCache) lookup(items []SearchItem, plain []string) *SearchIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index == nil || !slices.Equal(c.items, items) || !slices.Equal(c.plain, plain) {
		return nil
	}
	return c.index
}

// keep keeps idx, built of items and plain.
func (c *IndexCache) keep(items []SearchItem, plain []string, idx *SearchIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items, c.plain, c.index = items, plain, idx
}

// Portal is the portal of one build.
type Portal struct {
	opts     Options
	indexJob render.KeptJob // see IndexJob
	errs     []error
	facets   []*Facet

	catalogue        []byte
	catalogueVersion string
	// items are the searchable items, documents without their Text until
	// the index is built; the schools' are added then (withSchools).
	// Performance: there is one for each school of the site, and nothing
	// else needs them while the pages are rendered.
	items        []SearchItem
	schoolsAdded bool
	pages        []render.ExtraPage
	rows         sync.Map // *content.Document → *catalogueRowHTML (rowHTML)
}

// New prepares the catalogue and the search items. The search index is
// built after rendering, from the plain text of the rendered documents
// (SearchIndex, WriteFiles). An error means the theme lacks a translation
// the portal needs.
func New(opts Options) (*Portal, error) {
	p := &Portal{opts: opts}
	if p.opts.Content == nil {
		p.opts.Content = &content.Content{}
	}
	d := opts.Cache.docPart(opts.DocsKey)
	if d == nil {
		// Made of the documents alone, by a Portal without the data: a
		// Cache keeps the catalogue's pages, and with them what their
		// Make closures hold.
		q := &Portal{opts: p.opts}
		q.opts.Inputs, q.opts.Input, q.opts.InputKeys, q.opts.History = nil, nil, nil, nil
		d = q.docPart()
		p.errs = append(p.errs, q.errs...)
	}
	p.facets, p.catalogue, p.catalogueVersion = d.facets, d.catalogue, d.version
	// New slices: the search index completes the items' Text, and the
	// build keys the pages.
	p.items = slices.Clone(d.items)
	p.pages = append(slices.Clone(d.pages), p.searchPage(), p.revisionsPage())
	err := errors.Join(p.errs...)
	if err == nil {
		opts.Cache.keepDocs(opts.DocsKey, d)
	} else {
		opts.Cache.keepDocs("", nil)
	}
	return p, err
}

// docPart makes the facets, the catalogue, its pages and the documents'
// search items.
func (p *Portal) docPart() *docPart {
	// Performance: New is serial, before rendering starts; the
	// documents' search items (docItem reads only the documents) are
	// made on the other core meanwhile.
	var items []SearchItem
	made := make(chan struct{})
	go func() {
		defer close(made)
		items = p.docItems()
	}()
	p.facets = p.buildFacets()
	p.catalogue = p.catalogueJSON()
	sum := sha256.Sum256(p.catalogue)
	p.catalogueVersion = hex.EncodeToString(sum[:])[:10]
	// The pages are described here, so that a missing translation is an
	// error of New.
	pages := p.cataloguePages()
	<-made
	return &docPart{facets: p.facets, catalogue: p.catalogue, version: p.catalogueVersion, items: items, pages: pages}
}

func (p *Portal) t(key string) string {
	s, err := p.opts.T(key)
	if err != nil {
		p.errs = append(p.errs, err)
		return key
	}
	return s
}

func (p *Portal) tf(key string, args ...any) string {
	return fmt.Sprintf(p.t(key), args...)
}

// jsStrings returns the translations prefix+name of names, keyed by name,
// for a page's script.
func (p *Portal) jsStrings(prefix string, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = p.t(prefix + n)
	}
	return out
}

// Nav is the portal's entry in the main navigation.
func (p *Portal) Nav() []render.NavItem {
	return []render.NavItem{{Title: p.t("pt_catalogue"), URL: layout.Catalogue}}
}

// Pages are the portal's pages: the catalogue, the search page and the
// revisions page.
func (p *Portal) Pages() []render.ExtraPage { return p.pages }

// SearchIndex builds the search index. plain is the plain text of every
// document (markdown.Result.Plain) by its index in Content.Docs, as the
// render stage computed it (render.Stats.Plain). Performance: the index
// used to render every document's Markdown a second time, up front and
// before the pages, only for this text (docs/performance.md). When plain
// does not hold every document (a caller that did not render), the
// documents are rendered here.
func (p *Portal) SearchIndex(plain []string) *SearchIndex {
	p.withSchools()
	prepare := p.searchText(plain)
	if c := p.opts.IndexCache; c != nil && len(plain) == len(p.opts.Content.Docs) {
		if idx := c.lookup(p.items, plain); idx != nil {
			return idx
		}
		items := slices.Clone(p.items)
		idx, _ := buildSearchIndex(p.items, prepare, nil)
		c.keep(items, plain, idx)
		return idx
	}
	idx, _ := buildSearchIndex(p.items, prepare, nil)
	return idx
}

// searchText completes a document's search item with its plain text: plain
// (the render's), or when it does not have every document's, the body
// rendered again without shortcodes.
func (p *Portal) searchText(plain []string) func(id int, it *SearchItem) {
	docs := p.opts.Content.Docs
	var md *markdown.Renderer
	if len(plain) != len(docs) {
		md = markdown.New(markdown.Options{
			Shortcodes:     func(markdown.Shortcode) (string, error) { return "", nil },
			TOCMinHeadings: -1,
		})
	}
	return func(id int, it *SearchItem) {
		if id >= len(docs) {
			return // a school
		}
		text := ""
		if md != nil {
			res, _ := md.Render(docs[id].Body)
			text = res.Plain
		} else {
			text = plain[id]
		}
		it.Text = plainText(text)
	}
}

// indexKey fingerprints the search index's input: the items and the
// documents' texts, for keeping an index by a key where the items
// themselves are not kept (IndexCache compares them). A text whose
// document's page has a key (keys, render.Stats.PlainKeys) is
// fingerprinted by that key, which fixes it. Performance: every build
// with the build cache makes this key, and the texts of a few thousand
// documents are megabytes where their keys are a few bytes each.
func indexKey(items []SearchItem, plain, keys []string) [32]byte {
	h := sha256.New()
	var b []byte
	for i := range items {
		b = appendItem(b[:0], &items[i])
		h.Write(b)
	}
	for i, t := range plain {
		b = b[:0]
		if i < len(keys) && keys[i] != "" {
			t = keys[i]
			b = append(b, 'k') // never a text's: those start with their length
		}
		b = strconv.AppendInt(b, int64(len(t)), 10)
		h.Write(append(b, '\n'))
		io.WriteString(h, t)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// appendItem writes every field of a search item, each string with its
// length, so that no two items write the same bytes. Written by hand, not
// through encoding/json: the key is made on every build that keeps the
// index by it, for every document and school (TestIndexKeyCoversEveryField).
func appendItem(b []byte, it *SearchItem) []byte {
	for _, s := range [...]string{it.URL, it.Title, it.Date, it.Status, it.Info, it.County, it.Meta, it.Text, it.Summ} {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(append(b, ':'), s...)
	}
	b = strconv.AppendInt(b, int64(it.Kind), 10)
	return append(b, '\n')
}

// WriteFiles writes the portal's data files and, from the HTML pages the
// build wrote (a Recorder's Pages), the sitemap, robots.txt and the feed.
// plain is the plain text of the documents for the search index (see
// SearchIndex).
func (p *Portal) WriteFiles(w render.Writer, pages []string, plain, plainKeys []string) error {
	files := map[string][]byte{
		layout.CatalogueJSON: p.catalogue,
		layout.Feed:          p.feed(),
		layout.Robots:        p.robots(),
	}
	for k, v := range p.keptSitemap(pages) {
		files[k] = v
	}
	if h := p.opts.History; h != nil && len(h.Changes) > 0 {
		files[layout.RevisionsCSV] = p.revisionsCSV()
	}
	// Written before the index is built, so that the sitemap's bytes are
	// not held beside it.
	if err := writeAll(w, files); err != nil {
		return err
	}
	p.withSchools()
	reused, keyed, err := p.reuseIndex(w, plain, plainKeys)
	if err != nil || reused {
		return err
	}
	defer keyed()
	// Performance: the index's files are written as they are made, not
	// held until all are (they grew with the site), but for gongkai
	// serve, whose IndexCache keeps them for its next build.
	var mu sync.Mutex
	var written []string
	if p.opts.IndexCache == nil {
		_, err = buildSearchIndex(p.items, p.searchText(plain), func(name string, b []byte) error {
			mu.Lock()
			written = append(written, name)
			mu.Unlock()
			return writeShared(w, name, b)
		})
	} else {
		files := p.SearchIndex(plain).Files
		for k := range files {
			written = append(written, k)
		}
		err = writeAll(w, files)
	}
	if err != nil {
		return err
	}
	if p.opts.KeptIndex != nil {
		sort.Strings(written)
		for _, k := range written {
			p.indexJob.Files = append(p.indexJob.Files, output.Kept{Path: k})
		}
	}
	return nil
}

// writeAll writes files in parallel, as the pages are (a render.Writer is
// safe for concurrent use): creating the few hundred files of the index
// one by one was a serial stretch at the end of the build on disk. The
// error is that of the first file in name order.
func writeAll(w render.Writer, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for k := range files {
		names = append(names, k)
	}
	sort.Strings(names)
	errs := make([]error, len(names))
	workers.Each(len(names), nil, func(i, _ int) {
		errs[i] = writeShared(w, names[i], files[names[i]])
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeShared writes a file that is not changed once made (the search
// index may be kept by the IndexCache): a SharingWriter keeps it as it is.
func writeShared(w render.Writer, name string, b []byte) error {
	if sw, ok := w.(render.SharingWriter); ok {
		return sw.WriteShared(name, b)
	}
	return w.WriteFile(name, b)
}

// reuseIndex puts the previous build's search index in place when this
// build's would be the same (Options.KeptIndex): the same items and texts,
// by indexKey. When the previous build kept none, nothing can be reused
// and the key is only for the next build: it is then made while the index
// is built, and keyed waits for it.
func (p *Portal) reuseIndex(w render.Writer, plain, plainKeys []string) (reused bool, keyed func(), err error) {
	k := p.opts.KeptIndex
	if k == nil || len(plain) != len(p.opts.Content.Docs) {
		return false, func() {}, nil
	}
	if k.Key == "" {
		// Performance: hashing some 8 MB of text was a serial stretch
		// at the end of a 2,000-document build. The items are copied as
		// they are now: building the index completes their Text.
		items := slices.Clone(p.items)
		p.indexJob = render.KeptJob{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			key := indexKey(items, plain, plainKeys)
			p.indexJob.Key = string(key[:])
		}()
		return false, func() { <-done }, nil
	}
	key := indexKey(p.items, plain, plainKeys)
	p.indexJob = render.KeptJob{Key: string(key[:])}
	reused, err = render.ReuseKept(w, *k, p.indexJob.Key)
	if reused {
		p.indexJob.Files = k.Files
	}
	return reused, func() {}, err
}

// IndexJob is the search index this build wrote (Options.KeptIndex): its
// key and the paths of its files.
func (p *Portal) IndexJob() render.KeptJob { return p.indexJob }

// SearchPage is the Data of layouts/search.html.
type SearchPage struct {
	Config    map[string]any
	Catalogue string // escaped site path of the catalogue
	// Counties narrow the results to one county's schools, on a site of
	// several counties.
	Counties []County
}

// County is a county the search can be narrowed to.
type County struct{ Code, Name string }

// counties are the site's counties, by code, with their latest names, when
// the data names more than one.
func (p *Portal) counties() []County {
	names := map[string]string{}
	for _, in := range p.opts.Inputs {
		names[in.County.Code] = in.County.Name
	}
	if len(names) < 2 {
		return nil
	}
	var out []County
	for code, name := range names {
		out = append(out, County{code, name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func (p *Portal) searchPage() render.ExtraPage {
	title := p.t("pt_search_title")
	// No version in the manifest's address: the index is built after the
	// pages (see search.go); search.js revalidates it.
	cfg := map[string]any{
		"index":   p.opts.Site.URL(layout.SearchIndex),
		"base":    p.opts.Site.URL(layout.Search),
		"strings": p.jsStrings("pt_js_search_", "results", "none", "loading", "error", "empty", "more", "doc", "school", "date"),
		// A document's hit is labelled with its section (工作动态, 政策文件):
		// the sections by the site path their documents start with.
		"sections": p.sectionLabels(),
	}
	return render.ExtraPage{
		Layout: "search",
		Page: render.Page{Kind: "search", Title: title, URL: layout.Search, Description: p.t("pt_search_desc"),
			Crumbs: []render.Crumb{{Title: title}}},
		Data: &SearchPage{Config: cfg, Catalogue: EscapePath(layout.Catalogue), Counties: p.counties()},
	}
}

// docItems are the documents' search items (newest first), without their
// Text; the schools' (schoolItems) follow them.
func (p *Portal) docItems() []SearchItem {
	docs := p.opts.Content.Docs
	items := make([]SearchItem, 0, len(docs))
	for _, d := range docs {
		items = append(items, p.docItem(d))
	}
	return items
}

func (p *Portal) docItem(d *content.Document) SearchItem {
	st := d.Status(p.opts.Today)
	if st == content.Valid {
		st = ""
	}
	var info []string
	for _, s := range []string{d.DocNo, d.Publisher, d.Genre} {
		if s != "" {
			info = append(info, s)
		}
	}
	meta := []string{d.IndexNo, d.DocNo, d.Publisher, d.Topic, d.Genre, strings.Join(d.Keywords, " "), d.Summary}
	for _, a := range d.Attachments {
		meta = append(meta, a.Title)
	}
	return SearchItem{
		URL: p.opts.Site.URL(EscapePath(d.URL)), Title: d.Title, Date: d.Date().String(), Status: st,
		Kind: KindDocument, Info: strings.Join(info, " · "), Meta: strings.Join(meta, "\n"),
		Summ: d.Summary,
	}
}

// withSchools adds the schools' search items to the documents'.
func (p *Portal) withSchools() {
	if !p.schoolsAdded {
		p.items = append(p.items, p.schoolItems()...)
		p.schoolsAdded = true
	}
}

// schoolItems lists every school of the data once, with its latest name,
// township and levels; older names are searchable too.
func (p *Portal) schoolItems() []SearchItem {
	several := len(p.counties()) > 0
	if c := p.opts.Cache; c != nil {
		env := p.t("pt_school_id") + "\x00" + p.opts.Site.URL("") + "\x00" + strconv.FormatBool(several)
		return p.keptSchools(c, env, several)
	}
	folds, ids := foldSchools(p.opts.Inputs, p.opts.Input)
	var out []SearchItem
	for _, id := range ids {
		out = append(out, p.schoolItem(folds[id], several))
	}
	return out
}

// schoolItem is the search item of a school.
func (p *Portal) schoolItem(s *schoolFold, several bool) SearchItem {
	info := []string{p.t("pt_school_id") + " " + s.id}
	it := SearchItem{URL: p.opts.Site.URL(EscapePath(layout.School(s.id))), Title: s.name, Kind: KindSchool,
		Meta: strings.Join(append([]string{s.id, s.township, s.county, strings.Join(s.levels, " ")}, s.names...), "\n")}
	if several {
		info = append(info, s.county)
		it.County = s.code
	}
	if s.township != "" {
		info = append(info, s.township)
	}
	info = append(info, strings.Join(s.levels, "、"))
	it.Info = strings.Join(info, " · ")
	return it
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sectionLabels maps each section's site URL (with the base path) to its
// title, for the search results' labels.
func (p *Portal) sectionLabels() map[string]string {
	out := map[string]string{}
	for _, sec := range p.opts.Content.Sections {
		out[p.opts.Site.URL(layout.Section(sec.Name))] = sec.Title
	}
	return out
}
