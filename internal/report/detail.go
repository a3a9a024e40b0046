package report

import (
	"errors"

	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// The full reports of the last few units asked for are kept (Site.details)
// when the units hold summaries (Options.Detail). The pages that show
// school parts come unit by unit (a county-year's report, level and
// indicator pages) and county by county (its trends, its schools' pages,
// every year of the county each), so a few counties' years are enough for
// each report to be computed about once per stage; the memory held does
// not grow with the number of counties.
const detailsKept = 8

// full returns u's full report: its summary itself without Options.Detail.
func (s *Site) full(u *unit) *indicators.Report {
	if s.details.make == nil {
		return u.report()
	}
	return s.details.get(u.idx)
}

// detailed returns u with its full report, for a page that shows its
// school parts; u itself without Options.Detail. Units are told apart by
// idx, not by pointer.
func (s *Site) detailed(u *unit) *unit {
	if s.details.make == nil {
		return u
	}
	c := *u
	c.sum = s.full(u)
	return &c
}

// report is u's summary (or, without Options.Detail, its report): read
// back from Options.Spill once spill has put it there, the last few kept
// decoded (Site.sums).
func (u *unit) report() *indicators.Report {
	if u.sum != nil {
		return u.sum
	}
	return u.sums.get(u.idx)
}

// spill puts every unit's summary in store and drops it from the unit,
// so that the summaries of every county and year are not all held while
// the pages are made (docs/performance.md, “内存”). The rosters go first:
// the lists of schools, made by New, were their only reader. Each page
// reads the summaries back through a cache that holds a year's counties
// and a few counties' years (the overviews go county by county through a
// year; the trends and school pages, year by year through a county).
func (s *Site) spill(store func(b []byte) func() []byte) error {
	kept := make([]func() []byte, len(s.units))
	errs := make([]error, len(s.units))
	workers.Each(len(s.units), nil, func(i, _ int) {
		u := s.units[i]
		u.sum.DropRoster()
		b, err := codec.Encode(nil, u.sum)
		if err != nil {
			errs[i] = err
			return
		}
		kept[u.idx] = store(b)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	perYear := map[int]int{}
	for _, u := range s.units {
		perYear[u.year]++
	}
	s.sums.make = func(i int) *indicators.Report {
		r := &indicators.Report{}
		if err := codec.Decode(kept[i](), r); err != nil {
			panic(err) // the build's own bytes: a bug
		}
		return r
	}
	for _, n := range perYear {
		s.sums.keep = max(s.sums.keep, n+4*len(s.years))
	}
	for _, u := range s.units {
		u.sum, u.sums = nil, &s.sums
	}
	return nil
}
