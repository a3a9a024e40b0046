package portal

import (
	"slices"
	"sort"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// Cache keeps, from one New to the next (gongkai serve, Options.Cache),
// what the portal made of the documents — the facets, the catalogue and
// its pages, the documents' search items — while Options.DocsKey is the
// same; the schools' search items, of which only those of the schools
// with rows in a changed input (Options.InputKeys) are made again; and the
// sitemap while the pages and DocsKey are the same. After one changed data
// row these took a fifth of a province site's rebuild. Not for concurrent
// builds.
type Cache struct {
	docsKey string
	docs    *docPart

	schools schoolsCache

	sitemapKey   string
	sitemapPages []string
	sitemap      map[string][]byte
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// docPart is what the portal makes of the documents alone.
type docPart struct {
	facets    []*Facet
	catalogue []byte
	version   string
	items     []SearchItem       // the documents', without their Text
	pages     []render.ExtraPage // the catalogue's
}

// docPart returns the kept part made with key, or nil.
func (c *Cache) docPart(key string) *docPart {
	if c == nil || key == "" || key != c.docsKey {
		return nil
	}
	return c.docs
}

// keepDocs keeps d, made with key ("" keeps nothing).
func (c *Cache) keepDocs(key string, d *docPart) {
	if c == nil {
		return
	}
	c.docsKey, c.docs = key, d
	if key == "" {
		c.docs = nil
	}
}

// schoolsCache keeps the schools' search items and what each is made of.
type schoolsCache struct {
	env     string   // what every item shows besides the rows (schoolEnv)
	keys    []string // Options.InputKeys of the last build
	inputs  []map[string][]int
	schools map[string]*schoolFold // by id
	ids     []string               // in order
	items   []SearchItem           // of ids
}

// schoolFold is what a school's item shows of its rows in every input.
type schoolFold struct {
	id, name, township, county, code string
	levels                           []string
	names                            []string
	in                               []int // the inputs it has rows in, ascending
}

// add folds part of input i (inputs ascending: the latest year wins).
func (s *schoolFold) add(i int, in *indicators.Input, part *indicators.SchoolPart) {
	s.name, s.township, s.county, s.code = part.SchoolName, part.Township, in.County.Name, in.County.Code
	if lv := layout.LevelName(part.Level); !contains(s.levels, lv) {
		s.levels = append(s.levels, lv)
	}
	if !contains(s.names, part.SchoolName) {
		s.names = append(s.names, part.SchoolName)
	}
	if n := len(s.in); n == 0 || s.in[n-1] != i {
		s.in = append(s.in, i)
	}
}

// schoolsOf returns where each school's rows are in in.Parts.
func schoolsOf(in *indicators.Input) map[string][]int {
	m := make(map[string][]int, len(in.Parts))
	for k := range in.Parts {
		id := in.Parts[k].SchoolID
		m[id] = append(m[id], k)
	}
	return m
}

// foldSchools folds every part of ins, by school, and returns the schools'
// ids in order. With input, the parts of ins[i] are those of input(i).
func foldSchools(ins []indicators.Input, input func(i int) indicators.Input) (map[string]*schoolFold, []string) {
	folds := map[string]*schoolFold{}
	var ids []string
	for i := range ins {
		in := &ins[i]
		if input != nil {
			full := input(i)
			in = &full
		}
		for k := range in.Parts {
			part := &in.Parts[k]
			f := folds[part.SchoolID]
			if f == nil {
				f = &schoolFold{id: part.SchoolID}
				folds[part.SchoolID] = f
				ids = append(ids, part.SchoolID)
			}
			f.add(i, in, part)
		}
	}
	sort.Strings(ids)
	return folds, ids
}

// keptSchools are the schools' items with c: those of the last build, with
// the schools of the changed inputs made again. env is what every item
// shows besides the rows.
func (p *Portal) keptSchools(c *Cache, env string, several bool) []SearchItem {
	ins, keys := p.opts.Inputs, p.opts.InputKeys
	sc := &c.schools
	if sc.env != env || len(sc.keys) != len(ins) || len(keys) != len(ins) {
		*sc = schoolsCache{env: env, keys: keys, inputs: make([]map[string][]int, len(ins))}
		for i := range ins {
			sc.inputs[i] = schoolsOf(&ins[i])
		}
		sc.schools, sc.ids = foldSchools(ins, nil)
		sc.items = make([]SearchItem, len(sc.ids))
		for k, id := range sc.ids {
			sc.items[k] = p.schoolItem(sc.schools[id], several)
		}
		return sc.items
	}
	// The schools with rows in a changed input, before or now.
	affected := map[string]bool{}
	var changed []int
	for i := range ins {
		if keys[i] != "" && keys[i] == sc.keys[i] {
			continue
		}
		changed = append(changed, i)
		for id := range sc.inputs[i] {
			affected[id] = true
		}
		sc.inputs[i] = schoolsOf(&ins[i])
		for id := range sc.inputs[i] {
			affected[id] = true
		}
	}
	sc.keys = keys
	if len(affected) == 0 {
		return sc.items
	}
	regroup := false
	for id := range affected {
		in := slices.Clone(changed)
		if old := sc.schools[id]; old != nil {
			in = append(in, old.in...)
		}
		slices.Sort(in)
		f := &schoolFold{id: id}
		for _, i := range slices.Compact(in) {
			for _, k := range sc.inputs[i][id] {
				f.add(i, &ins[i], &ins[i].Parts[k])
			}
		}
		if _, ok := sc.schools[id]; ok != (len(f.in) > 0) {
			regroup = true // a school added or gone
		}
		if len(f.in) == 0 {
			delete(sc.schools, id)
		} else {
			sc.schools[id] = f
		}
	}
	ids := sc.ids
	if regroup {
		ids = make([]string, 0, len(sc.schools))
		for id := range sc.schools {
			ids = append(ids, id)
		}
		sort.Strings(ids)
	}
	// A new slice: the last build's index may hold the old one.
	items := make([]SearchItem, len(ids))
	at := 0 // the kept items are in id order too
	for k, id := range ids {
		for at < len(sc.ids) && sc.ids[at] < id {
			at++
		}
		if !affected[id] && at < len(sc.ids) && sc.ids[at] == id {
			items[k] = sc.items[at]
		} else {
			items[k] = p.schoolItem(sc.schools[id], several)
		}
	}
	sc.ids, sc.items = ids, items
	return items
}

// keptSitemap is sitemaps(pages) of the last build when the pages and key
// are the same.
func (p *Portal) keptSitemap(pages []string) map[string][]byte {
	c, key := p.opts.Cache, p.opts.DocsKey
	if c == nil || key == "" {
		return p.sitemaps(pages)
	}
	if key == c.sitemapKey && slices.Equal(pages, c.sitemapPages) {
		return c.sitemap
	}
	c.sitemapKey, c.sitemapPages, c.sitemap = key, pages, p.sitemaps(pages)
	return c.sitemap
}
