package report

import (
	"sync"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// details keeps the full reports of the last few units asked for, when the
// units hold summaries (Options.Detail). The pages that show school parts
// come unit by unit (a county-year's report, level and indicator pages)
// and county by county (its trends, its schools' pages, every year of the
// county each), so a few counties' years are enough for each report to be
// computed about once per stage; the memory held does not grow with the
// number of counties.
type details struct {
	compute func(i int) *indicators.Report
	keep    int // units kept

	mu    sync.Mutex
	byIdx map[int]*detail
	order []int // unit indexes, least recently asked for first
}

type detail struct {
	once sync.Once
	rep  *indicators.Report
}

func newDetails(compute func(i int) *indicators.Report) details {
	return details{compute: compute, keep: 8, byIdx: map[int]*detail{}}
}

// full returns u's full report: u.rep itself without Options.Detail.
func (s *Site) full(u *unit) *indicators.Report {
	d := &s.details
	if d.compute == nil {
		return u.rep
	}
	d.mu.Lock()
	e := d.byIdx[u.idx]
	if e == nil {
		e = &detail{}
		d.byIdx[u.idx] = e
	} else {
		for k, i := range d.order {
			if i == u.idx {
				d.order = append(d.order[:k], d.order[k+1:]...)
				break
			}
		}
	}
	d.order = append(d.order, u.idx)
	for len(d.order) > d.keep {
		delete(d.byIdx, d.order[0])
		d.order = d.order[1:]
	}
	d.mu.Unlock()
	// A page still using an evicted report keeps it until it is written.
	e.once.Do(func() { e.rep = d.compute(u.idx) })
	return e.rep
}

// detailed returns u with its full report, for a page that shows its
// school parts; u itself without Options.Detail. Units are told apart by
// idx, not by pointer.
func (s *Site) detailed(u *unit) *unit {
	if s.details.compute == nil {
		return u
	}
	c := *u
	c.rep = s.full(u)
	return &c
}
