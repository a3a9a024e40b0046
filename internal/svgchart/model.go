// Package svgchart draws a chart as SVG from its ECharts option (built by
// go-echarts in internal/report): the only drawing of the chart on the page,
// its marks' <title>s the texts of the tooltips js/charts.js shows.
//
// It is pure: it takes the option's JSON text and returns bytes. It understands the parts of an option the site uses: bar
// charts (horizontal and vertical, stacked, grouped), line charts, small
// multiples (the "gongkai": {"panels": …} member), mark lines (the 标准 line
// dashed, the 85 % floor dotted), value labels, legends and a pattern per
// colour (ECharts' decals). Everything else in the option is left out.
//
// The SVG scales to its box (viewBox), is styled through CSS classes (the
// site's stylesheet follows the reading aids and print with them), carries
// role="img" with the chart's title as its accessible name, and writes every
// text of the option as escaped character data, never as markup.
package svgchart

import "math"

// chart is the part of an option that is drawn.
type chart struct {
	title    text
	panels   []panel
	legend   []legendItem
	decimals int
	horiz    bool
	palette  []string
	panelFmt panelLayout
}

type text struct{ main, sub string }

type panelLayout struct {
	cols   int
	height float64
}

// panel is one grid with its axes and series.
type panel struct {
	title  text
	cats   []string
	vmin   float64
	vmax   float64
	hasMin bool
	hasMax bool
	vname  string // value axis name (with the unit)
	cname  string // category axis name
	series []series
	labelW float64 // axisLabel.width: the category labels' width limit
}

type series struct {
	name     string
	kind     string // bar, line
	stack    string
	colour   string
	byData   bool // colorBy "data": each item takes the palette colour of its index
	pal      int  // palette index of the series' colour (for its pattern)
	items    []value
	labels   bool
	inside   bool // labels inside the bars (a stack's segments), not past their ends
	dashed   bool
	symbol   string
	maxWidth float64
	marks    []mark
	// catMarks are marks between categories of a horizontal chart (the
	// yAxis of a mark: a category index, 2.5 between the third and the
	// fourth): where the bands of a distribution pass the standard.
	catMarks []mark
	xIndex   int // the axes (the panel) it is drawn on
	yIndex   int
}

type value struct {
	v   float64
	ok  bool
	own *ownLook // nil for most items
}

// ownLook is what a data item says for itself: its colour, its label
// template ("" = the series'), its tooltip text ("" = category ·
// series：value), whether it hides its label (an empty segment of a stack).
type ownLook struct {
	colour, label, tip string
	quiet              bool
}

func (v *value) quiet() bool { return v.own != nil && v.own.quiet }

func (v *value) colour() string {
	if v.own == nil {
		return ""
	}
	return v.own.colour
}

func (v *value) label() string {
	if v.own == nil {
		return ""
	}
	return v.own.label
}

func (v *value) tip() string {
	if v.own == nil {
		return ""
	}
	return v.own.tip
}

type mark struct {
	v      float64 // on the value axis (a category position for catMarks)
	x, y   float64 // as the option gives it
	hasX   bool
	hasY   bool
	label  string
	hidden bool
	dotted bool
}

type legendItem struct {
	name string
	pal  int
	line bool
}

// axis is what an axis of the option says, before it is known which is
// the category axis.
type axis struct {
	data           []string
	hasData        bool // a data member, not null
	name           string
	labelW         float64
	min, max       float64
	hasMin, hasMax bool
}

func (r *reader) axis() axis {
	var a axis
	r.object(func(k string) {
		switch k {
		case "data":
			a.hasData = r.peek() != 'n'
			a.data = make([]string, 0, 8)
			r.list(func() { a.data = append(a.data, r.str()) })
		case "name":
			a.name = r.str()
		case "axisLabel":
			r.object(func(k string) {
				if k == "width" {
					a.labelW, _ = r.num()
				}
			})
		case "min":
			a.min, a.hasMin = r.num()
		case "max":
			a.max, a.hasMax = r.num()
		}
	})
	return a
}

// decode reads the drawn part of an option.
func decode(option string) chart {
	var c chart
	var titles []text
	var xs, ys []axis
	var all []series
	var legend []string
	grids, hasPanels, cols, hasCols, showLegend := 0, false, 0.0, false, false
	minWidth := 0.0
	r := &reader{s: option}
	r.object(func(k string) {
		switch k {
		case "color":
			c.palette = make([]string, 0, 8)
			r.list(func() { c.palette = append(c.palette, r.str()) })
		case "gongkai":
			r.object(func(k string) {
				switch k {
				case "decimals":
					if d, ok := r.num(); ok {
						c.decimals = int(d)
					}
				case "panels":
					cols, hasCols, minWidth = 0, false, 0
					hasPanels = r.object(func(k string) {
						switch k {
						case "cols":
							cols, hasCols = r.num()
						case "minWidth":
							minWidth, _ = r.num()
						}
					})
				}
			})
		case "title":
			titles = titles[:0]
			r.list(func() {
				var t text
				r.object(func(k string) {
					switch k {
					case "text":
						t.main = r.str()
					case "subtext":
						t.sub = r.str()
					}
				})
				titles = append(titles, t)
			})
		case "xAxis":
			xs = xs[:0]
			r.list(func() { xs = append(xs, r.axis()) })
		case "yAxis":
			ys = ys[:0]
			r.list(func() { ys = append(ys, r.axis()) })
		case "grid":
			grids = 0
			r.list(func() { grids++ })
		case "series":
			all = all[:0]
			r.list(func() { all = append(all, r.series()) })
		case "legend":
			showLegend, legend = true, nil
			if !r.object(func(k string) {
				switch k {
				case "show":
					showLegend = r.word() != "false"
				case "data":
					legend = legend[:0]
					r.list(func() { legend = append(legend, r.str()) })
				}
			}) {
				showLegend = false
			}
		}
	})
	if len(c.palette) == 0 {
		c.palette = []string{"#4D5B6A"}
	}
	titleAt := func(i int) text {
		if i < len(titles) {
			return titles[i]
		}
		return text{}
	}
	c.title = titleAt(0)
	if hasPanels {
		// As many columns as fit panels of three quarters of the width the
		// option asks for, at most as many as it asks for.
		c.panelFmt.cols = 2
		if minWidth > 0 {
			c.panelFmt.cols = int(math.Max(1, math.Floor(width/(0.75*minWidth))))
		}
		if hasCols && cols < float64(c.panelFmt.cols) {
			c.panelFmt.cols = int(math.Max(1, cols))
		}
		c.panelFmt.height = 130
	}
	if grids == 0 {
		grids = 1
	}
	c.horiz = len(ys) > 0 && ys[0].hasData
	c.panels = make([]panel, grids)
	for g := range c.panels {
		p := &c.panels[g]
		if c.panelFmt.cols > 0 {
			p.title = titleAt(g + 1)
		}
		var cat, val axis
		if g < len(xs) {
			cat = xs[g]
		}
		if g < len(ys) {
			val = ys[g]
		}
		if c.horiz {
			cat, val = val, cat
		}
		p.cats, p.cname, p.labelW = cat.data, cat.name, cat.labelW
		p.vname = val.name
		p.vmin, p.hasMin = val.min, val.hasMin
		p.vmax, p.hasMax = val.max, val.hasMax
	}
	// ECharts gives a series the palette colour of its name (series of the
	// same name in several panels share it).
	var names []string
	palOf := func(name string) (int, bool) {
		for i, n := range names {
			if n == name {
				return i, true
			}
		}
		return len(names), false
	}
	for _, sr := range all {
		pi, seen := palOf(sr.name)
		if !seen {
			names = append(names, sr.name)
		}
		sr.pal = pi % len(c.palette)
		sr.colour = c.palette[sr.pal]
		// The marks on the value axis.
		marks := sr.marks[:0]
		for _, m := range sr.marks {
			switch {
			case c.horiz && m.hasX:
				m.v = m.x
			case !c.horiz && m.hasY:
				m.v = m.y
			case c.horiz && m.hasY:
				m.v = m.y
				sr.catMarks = append(sr.catMarks, m)
				continue
			default:
				continue
			}
			marks = append(marks, m)
		}
		sr.marks = marks
		g := sr.xIndex
		if c.horiz {
			g = sr.yIndex
		}
		if g < 0 || g >= len(c.panels) {
			continue
		}
		c.panels[g].series = append(c.panels[g].series, sr)
	}
	if showLegend {
		want := legend
		if want == nil {
			// Every series name, once, in order.
			want = names
		}
		for _, n := range want {
			pi, ok := palOf(n)
			if !ok {
				continue
			}
			li := legendItem{name: n, pal: pi % len(c.palette)}
			for _, p := range c.panels {
				for _, s := range p.series {
					if s.name == n && s.kind == "line" {
						li.line = true
					}
				}
			}
			c.legend = append(c.legend, li)
		}
	}
	return c
}

// series reads a series (its marks on both axes; decode keeps those on
// the value axis).
func (r *reader) series() series {
	var sr series
	r.object(func(k string) {
		switch k {
		case "name":
			sr.name = r.str()
		case "type":
			sr.kind = r.str()
		case "stack":
			sr.stack = r.str()
		case "colorBy":
			sr.byData = r.str() == "data"
		case "label":
			sr.labels, sr.inside = false, false
			r.object(func(k string) {
				switch k {
				case "show":
					sr.labels = r.word() == "true"
				case "position":
					sr.inside = r.str() == "inside"
				}
			})
		case "lineStyle":
			sr.dashed = r.field("type") == "dashed"
		case "symbol":
			sr.symbol = r.str()
		case "barMaxWidth":
			sr.maxWidth, _ = r.num()
		case "data":
			sr.items = make([]value, 0, 8)
			r.list(func() { sr.items = append(sr.items, r.item()) })
		case "markLine":
			sr.marks = sr.marks[:0]
			r.object(func(k string) {
				if k == "data" {
					sr.marks = sr.marks[:0]
					r.list(func() { sr.marks = append(sr.marks, r.mark()) })
				}
			})
		case "xAxisIndex":
			if i, ok := r.num(); ok {
				sr.xIndex = int(i)
			}
		case "yAxisIndex":
			if i, ok := r.num(); ok {
				sr.yIndex = int(i)
			}
		}
	})
	return sr
}

// field reads an object and returns its string member k ("" when there
// is none): a label's formatter, a line's type, an item's colour.
func (r *reader) field(k string) string {
	var f string
	r.object(func(key string) {
		if key == k {
			f = r.str()
		}
	})
	return f
}

// item reads a data item: a value, or an object with its value, colour,
// label and tooltip.
func (r *reader) item() value {
	var it value
	if r.peek() != '{' {
		it.v, it.ok = r.num()
		return it
	}
	r.object(func(k string) {
		switch k {
		case "value":
			it.v, it.ok = r.num()
		case "itemStyle":
			it.look().colour = r.field("color")
		case "label":
			r.object(func(k string) {
				switch k {
				case "formatter":
					it.look().label = r.str()
				case "show":
					it.look().quiet = r.word() == "false"
				}
			})
		case "tooltip":
			it.look().tip = r.field("formatter")
		}
	})
	return it
}

func (v *value) look() *ownLook {
	if v.own == nil {
		v.own = &ownLook{}
	}
	return v.own
}

// mark reads a mark line's data item.
func (r *reader) mark() mark {
	var m mark
	r.object(func(k string) {
		switch k {
		case "xAxis":
			m.x, m.hasX = r.num()
		case "yAxis":
			m.y, m.hasY = r.num()
		case "label":
			m.label, m.hidden = "", false
			m.hidden = r.object(func(k string) {
				switch k {
				case "formatter":
					m.label = r.str()
				case "show":
					m.hidden = r.word() == "false"
				}
			}) && m.hidden
		case "lineStyle":
			m.dotted = r.field("type") == "dotted"
		}
	})
	return m
}
