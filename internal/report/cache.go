package report

import (
	"errors"
	"slices"
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
)

// Cache keeps the Site of one New for the next (gongkai serve, through
// Options.Cache). After one changed data row only one county-year's
// report has another key, yet making the pages of a province site — its
// 5,000 schools and 11,700 pages — took a good part of each rebuild. A
// kept Site is updated in place: the units whose key is unchanged keep
// their pages, the schools none of whose parts is in a changed unit keep
// theirs, and the rest is made again. The kept pages' Make closures work
// on the updated Site, as those of a new one would. Not for concurrent
// builds.
type Cache struct {
	env  string
	site *Site
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// errShape tells that a kept Site cannot be updated: the years, counties,
// names or levels changed, which every page's key holds.
var errShape = errors.New("report: the units' shape changed")

// reusable returns the kept Site when o may update it: the same Env, and
// every report keyed.
func (c *Cache) reusable(o Options) *Site {
	if c == nil || c.site == nil || o.Env == "" || o.Env != c.env || o.Detail != nil || len(o.UnitKeys) != len(o.Reports) {
		return nil
	}
	return c.site
}

// keepSite keeps s for the next New, when it can be updated.
func (c *Cache) keepSite(o Options, s *Site, err error) {
	if c == nil {
		return
	}
	c.env, c.site = "", nil
	if err == nil && s != nil && s.keep && s.keyed && o.Env != "" {
		c.env, c.site = o.Env, s
	}
}

// update makes s the Site of o, keeping what the keys say is unchanged.
// errShape means a new Site is needed.
func (s *Site) update(o Options) error {
	prev, shape := s.units, s.shape
	s.cfg, s.lay = o.Site, o.Layout
	s.areas = map[int]*area.Year{}
	for _, a := range o.Areas {
		s.areas[a.Year] = a
	}
	s.disclosure = map[int]*disclosure.Report{}
	for _, r := range o.Disclosure {
		s.disclosure[r.Year] = r
	}
	s.units, s.years, s.multiYear = nil, nil, map[int]bool{}
	s.makeUnits(o)
	s.makeShape()
	if !s.keyed || s.shape != shape || len(s.units) != len(prev) {
		return errShape
	}
	// The same shape: the same years and counties in the same order.
	for i, u := range s.units {
		if prev[i].key == u.key {
			s.units[i] = prev[i]
		}
	}
	s.updateSchools(prev)
	s.trends = nil
	s.makeTrendSets()
	s.pages, s.lazyCharts = nil, nil
	s.scCharts.Store(0)
	if err := s.makePages(); err != nil {
		return err
	}
	return s.t.err()
}

// updateSchools is collectSchools for the units not kept (those without
// parts): the schools with a part in such a unit, before or now, are made
// again from their units' parts. A school whose key is the same keeps its
// *school, updated, and so its page and its place in the lists' keys.
func (s *Site) updateSchools(prev []*unit) {
	affected := map[string]bool{}
	reorder := false
	var changed []int
	for i, u := range s.units {
		if u.parts != nil {
			continue
		}
		changed = append(changed, i)
		u.parts = unitParts(u, u.report())
		old := prev[i].parts
		for _, p := range old {
			affected[p.id] = true
		}
		for _, p := range u.parts {
			affected[p.id] = true
		}
		reorder = reorder || !slices.EqualFunc(old, u.parts, func(a, b partRef) bool { return a.id == b.id })
	}
	if reorder {
		parts := make([][]partRef, len(s.units))
		for i, u := range s.units {
			parts[i] = u.parts
		}
		s.order = pageOrder(parts, func(p partRef) string { return p.id })
	}
	for id := range affected {
		old := s.schools[id]
		// The units the school may be in: those it was in that are kept,
		// and the changed ones.
		in := slices.Clone(changed)
		if old != nil {
			for _, e := range old.parts {
				in = append(in, int(e.unit)) // or changed: the same unit then
			}
		}
		slices.Sort(in)
		sc := &school{id: id}
		for _, i := range slices.Compact(in) {
			u := s.units[i]
			for _, k := range u.partsOf(id) {
				p := &u.parts[k]
				sc.name = p.name // the newest year's name wins
				sc.parts = append(sc.parts, p.e)
				if !p.e.excluded() {
					sc.listed = p.listed
				}
			}
		}
		switch {
		case len(sc.parts) == 0:
			delete(s.schools, id)
		case old != nil && s.schoolKey(sc) == old.key:
			old.name, old.parts, old.listed = sc.name, sc.parts, sc.listed
		default:
			s.schools[id] = sc
		}
	}
}

// partsOf returns the indexes of school id's parts in u.parts.
func (u *unit) partsOf(id string) []int {
	if u.byID == nil {
		u.byID = make(map[string][]int, len(u.parts))
		for k, p := range u.parts {
			u.byID[p.id] = append(u.byID[p.id], k)
		}
	}
	return u.byID[id]
}

// listPageKey is the key of a page of a list of schools, with the schools
// it was made of.
type listPageKey struct {
	schools []*school
	key     string
}

// keptListKey is listPageKey for a kept Site: the key of the last build
// while the page holds the very schools it held (a school made again is
// another *school, one whose key changed).
func (s *Site) keptListKey(ids []string, list string, n int) string {
	name := list + strconv.Itoa(n)
	if k, ok := s.lastListKeys[name]; ok && len(k.schools) == len(ids) {
		same := true
		for i, id := range ids {
			if s.schools[id] != k.schools[i] {
				same = false
				break
			}
		}
		if same {
			s.listKeys[name] = k
			return k.key
		}
	}
	k := listPageKey{schools: make([]*school, len(ids)), key: s.listPageKey(ids, list, n)}
	for i, id := range ids {
		k.schools[i] = s.schools[id]
	}
	s.listKeys[name] = k
	return k.key
}
