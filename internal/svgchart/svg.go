package svgchart

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Sizes in the SVG's own units. The SVG is drawn for this width and scaled
// to its box; the site's stylesheet bounds the box in em, so that a larger
// text size draws a larger chart rather than overlapping labels.
const (
	width     = 360.0
	pad       = 12.0
	fsRoot    = 13.0 // the <svg> element's font-size
	fsTitle   = 16.0
	lhTitle   = 22.0
	fsSub     = 12.0
	lhSub     = 17.0
	fsPanel   = 13.0
	lhPanel   = 18.0
	fsPanSub  = 11.0
	lhPanSub  = 15.0
	fsAxis    = 13.0
	fsLabel   = 12.0
	maxLabelW = 130.0 // a category label's width when the option gives none
	barBand   = 26.0  // a horizontal chart's band per category and bar
	plotH     = 180.0 // a vertical chart's plot height
)

// Render draws the option, the JSON text of an ECharts option, as an SVG.
// id (characters [A-Za-z0-9_]) makes the ids inside it unique in the page;
// label is the chart's accessible name, the site's own sentence.
func Render(option, id, label string) string {
	var b strings.Builder
	Write(&b, option, id, label, 0)
	return b.String()
}

// Write draws the option as Render does, into b (the page being written:
// the SVG is not copied once more). room is what the caller writes after
// the SVG, so that b grows once for both.
func Write(b *strings.Builder, option, id, label string, room int) {
	c := decode(option)
	w := writers.Get().(*writer)
	defer w.release()
	*w = writer{b: slices.Grow(w.b[:0], c.sizeHint()), defs: w.defs[:0], num: w.num[:0], placed: w.placed[:0],
		labels: w.labels[:0], told: w.told[:0],
		id: id, decimals: c.decimals, palette: c.palette}
	body := w.body(&c)
	b.Grow(room + len(svgOpen) + 8 + len(svgLabel) + len(label)*2 + len(svgFont) + len(w.defs) + len("<defs></defs>") + len(body) + len("</svg>"))
	if w.height > TallHeight {
		b.WriteString(svgOpenTall)
	} else {
		b.WriteString(svgOpen)
	}
	w.num = appendF(w.num[:0], w.height)
	w.num = append(w.num, svgLabel...)
	w.num = escapeText(w.num, label)
	w.num = append(w.num, svgFont...)
	b.Write(w.num)
	if len(w.defs) > 0 {
		b.WriteString("<defs>")
		b.Write(w.defs)
		b.WriteString("</defs>")
	}
	b.Write(body)
	b.WriteString("</svg>")
}

// TallHeight is the height, in the chart's units (360 wide), above which
// a chart is tall (class "svgc tall"): printed, it runs over pages at its
// size on the screen, where a shorter one shrinks to fit a page rather
// than be cut by a page break (print.css). At this height a chart fitted
// to an A4 page still has its text at about 6 pt.
const TallHeight = 1700

const (
	svgOpen     = `<svg xmlns="http://www.w3.org/2000/svg" class="svgc" viewBox="0 0 360 ` // width
	svgOpenTall = `<svg xmlns="http://www.w3.org/2000/svg" class="svgc tall" viewBox="0 0 360 `
	svgLabel    = `" role="img" aria-label="`
	svgFont     = `" font-size="13">`
)

// sizeHint is about the size of the chart's SVG body: a fixed part (titles,
// legend, axes, marks) and a part per value drawn (the bar or point, its
// tooltip, its label, its category), so that the buffer seldom grows.
func (c *chart) sizeHint() int {
	n := 1536
	for _, p := range c.panels {
		n += 256 + 48*len(p.cats)
		for _, s := range p.series {
			for _, it := range s.items {
				if it.ok {
					n += 192
				}
			}
		}
	}
	return n
}

// writers keep the buffers a chart is drawn in for the next chart: the SVG
// is copied into the page once drawn (its height comes last), so a new
// buffer per chart allocated every chart's bytes twice.
var writers = sync.Pool{New: func() any { return new(writer) }}

// release puts w back for the next chart, unless its buffer grew past what
// most charts need (a ranking of hundreds of schools).
func (w *writer) release() {
	if cap(w.b) <= 256<<10 {
		w.palette = nil
		writers.Put(w)
	}
}

type writer struct {
	b        []byte
	defs     []byte
	id       string
	decimals int
	palette  []string
	patterns uint64 // palette indexes whose pattern is in defs
	height   float64
	num      []byte // scratch
	placed   []box  // a panel's texts so far, which a value label must not cover
	labels   []labelGroup
	ox       float64 // the x origin of the group being written
	inBars   bool    // a series' bars are in their group
	// The data-v of the series' bars whose value label is drawn, and whether
	// each of those labels says just that value (see closeBars).
	told   []span
	tellsV bool
	lastV  span // the data-v of the bar just drawn, if it has one
	// ceiling, when not 0, is how high a value label may rise over the
	// plot: below the panel's own title, rather than 6 units over the plot.
	ceiling float64
}

// span is a part of writer.b.
type span struct{ from, to int }

// box is the space a text takes, in the SVG's units.
type box struct{ x0, y0, x1, y1 float64 }

// textBox is the box of a text of width tw and size fs whose baseline
// starts at (x, y), anchored by anchor ("", "middle", "end").
func textBox(x, y, tw, fs float64, anchor string) box {
	switch anchor {
	case "middle":
		x -= tw / 2
	case "end":
		x -= tw
	}
	return box{x, y - fs*0.9, x + tw, y + fs*0.25}
}

// claim takes the space of b for a value label when nothing placed covers
// it and it lies within [left, right]; a label that would collide is left
// out (its number stays in the bar's data-v and in the table).
func (w *writer) claim(b box, left, right float64) bool {
	if b.x0 < left || b.x1 > right {
		return false
	}
	if _, hit := w.hit(b); hit {
		return false
	}
	w.placed = append(w.placed, b)
	return true
}

// hit returns a placed label that b would cover, if any.
func (w *writer) hit(b box) (box, bool) {
	for _, o := range w.placed {
		if b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 {
			return o, true
		}
	}
	return box{}, false
}

func (w *writer) body(c *chart) []byte {
	y := 6.0
	for _, l := range wrap(c.title.main, fsTitle, width-2*pad) {
		y += lhTitle
		w.text(width/2, y-6, "t", "middle", l, fsTitle)
	}
	for _, l := range wrap(c.title.sub, fsSub, width-2*pad) {
		y += lhSub
		w.text(width/2, y-4, "st", "middle", l, fsSub)
	}
	if len(c.legend) > 0 {
		y = w.legend(c.legend, y+10)
	}
	y += 8
	if c.panelFmt.cols > 0 {
		y = w.panels(c, y)
	} else if len(c.panels) > 0 {
		y = w.panel(&c.panels[0], c.horiz, 0, y, width, plotH)
	}
	w.height = math.Ceil(y + 8)
	return w.b
}

// legend writes the legend centred, in rows, from y; it returns the y
// below it.
func (w *writer) legend(items []legendItem, y float64) float64 {
	const sw, gap = 22.0, 14.0
	var rows [][]legendItem
	rowW := []float64{0}
	rows = append(rows, nil)
	for _, it := range items {
		iw := sw + 5 + textWidth(it.name, fsAxis)
		r := len(rows) - 1
		if len(rows[r]) > 0 && rowW[r]+gap+iw > width-2*pad {
			rows = append(rows, nil)
			rowW = append(rowW, 0)
			r++
		}
		if len(rows[r]) > 0 {
			rowW[r] += gap
		}
		rows[r] = append(rows[r], it)
		rowW[r] += iw
	}
	w.b = append(w.b, `<g class="lg">`...)
	for r, row := range rows {
		x := (width - rowW[r]) / 2
		for _, it := range row {
			if it.line {
				w.b = append(w.b, `<path class="ln" stroke="`...)
				w.b = append(w.b, w.palette[it.pal]...)
				w.b = append(w.b, `" d="M`...)
				w.b = appendF(w.b, x)
				w.b = append(w.b, ' ')
				w.b = appendF(w.b, y+7)
				w.b = append(w.b, "h22\"/>"...)
				w.symbol(x+11, y+7, w.symbolOf(it.pal), w.palette[it.pal])
			} else {
				w.rect(x, y, sw, 14, w.palette[it.pal], it.pal)
			}
			w.text(x+sw+5, y+11.5, "", "", it.name, 0)
			x += sw + 5 + textWidth(it.name, fsAxis) + gap
		}
		y += 22
	}
	w.b = append(w.b, "</g>"...)
	return y
}

// symbolOf is the marker of a line series of palette index i, as the
// options give them (城区 circle, 镇区 triangle, 乡村 square, 全县 diamond).
func (w *writer) symbolOf(i int) string {
	return [...]string{"circle", "triangle", "rect", "diamond"}[i%4]
}

func (w *writer) panels(c *chart, y float64) float64 {
	cols := c.panelFmt.cols
	if cols > len(c.panels) {
		cols = len(c.panels)
	}
	pw := width / float64(cols)
	for r := 0; r*cols < len(c.panels); r++ {
		head := 0.0
		for i := r * cols; i < len(c.panels) && i < (r+1)*cols; i++ {
			t := c.panels[i].title
			h := float64(len(wrap(t.main, fsPanel, pw-16)))*lhPanel + float64(len(wrap(t.sub, fsPanSub, pw-16)))*lhPanSub
			head = math.Max(head, h)
		}
		bottom := y
		for i := r * cols; i < len(c.panels) && i < (r+1)*cols; i++ {
			x := float64(i-r*cols) * pw
			p := &c.panels[i]
			ty := y
			for _, l := range wrap(p.title.main, fsPanel, pw-16) {
				ty += lhPanel
				w.text(x+8, ty-5, "pt", "", l, fsPanel)
			}
			for _, l := range wrap(p.title.sub, fsPanSub, pw-16) {
				ty += lhPanSub
				w.text(x+8, ty-4, "st", "", l, fsPanSub)
			}
			w.ceiling = y + head + 2
			bottom = math.Max(bottom, w.panel(p, c.horiz, x, y+head+4, pw, c.panelFmt.height))
			w.ceiling = 0
		}
		y = bottom + 14
	}
	return y
}

// scale is a value axis: its extent, its ticks, and where it is drawn.
type scale struct {
	min, max, step float64
	from, to       float64 // the pixels of min and max
	dec            int
}

func (s *scale) at(v float64) float64 {
	if s.max == s.min {
		return s.from
	}
	return s.from + (v-s.min)/(s.max-s.min)*(s.to-s.from)
}

// extent is the value axis's range: the option's min and max where given,
// else nice numbers around the data and the mark lines.
func extent(p *panel) scale {
	lo, hi := 0.0, 0.0
	var sums stacks
	for si := range p.series {
		s := &p.series[si]
		for i, it := range s.items {
			if !it.ok {
				continue
			}
			v := it.v
			if s.kind == "bar" && s.stack != "" {
				v += sums.add(s, i, v)
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		for _, m := range s.marks {
			lo, hi = math.Min(lo, m.v), math.Max(hi, m.v)
		}
	}
	sc := scale{min: lo, max: hi}
	if p.hasMin {
		sc.min = p.vmin
	}
	if p.hasMax {
		sc.max = p.vmax
	}
	if sc.max <= sc.min {
		sc.max = sc.min + 1
	}
	sc.step = niceStep(sc.max - sc.min)
	if !p.hasMax {
		sc.max = math.Ceil(sc.max/sc.step-1e-9) * sc.step
	}
	if !p.hasMin && sc.min < 0 {
		sc.min = math.Floor(sc.min/sc.step+1e-9) * sc.step
	}
	sc.dec = tickDecimals(sc.step)
	return sc
}

func (s *scale) ticks() []float64 {
	var out []float64
	first := math.Ceil(s.min/s.step-1e-9) * s.step
	for v := first; v <= s.max+s.step*1e-6 && len(out) < 50; v += s.step {
		out = append(out, v)
	}
	return out
}

// panel draws one grid's axes and series in the box from (x, y), width pw;
// a vertical chart's plot is ph high, a horizontal one's as its categories
// need. It returns the y below what it drew.
func (w *writer) panel(p *panel, horiz bool, x, y, pw, ph float64) float64 {
	sc := extent(p)
	ticks := sc.ticks()
	// Bars side by side per category: every unstacked bar series, and one
	// per stack.
	slots, slotOf := 0, make([]int, len(p.series))
	labelled, marked := false, false
series:
	for i, s := range p.series {
		if s.kind != "bar" {
			slotOf[i] = -1
			continue
		}
		if s.stack != "" {
			// The slot of the stack's first series.
			for j, o := range p.series[:i] {
				if o.kind == "bar" && o.stack == s.stack {
					slotOf[i] = slotOf[j]
					continue series
				}
			}
		}
		slotOf[i] = slots
		slots++
	}
	for _, s := range p.series {
		labelled = labelled || s.labels
		for _, m := range s.marks {
			marked = marked || (!m.hidden && m.label != "")
		}
	}
	n := len(p.cats)
	if n == 0 {
		n = 1
	}
	w.b = append(w.b, `<g class="pl">`...)
	var bottom float64
	if horiz {
		bottom = w.horizontal(p, &sc, ticks, slots, slotOf, labelled, marked, x, y, pw, n)
	} else {
		bottom = w.vertical(p, &sc, ticks, slots, slotOf, marked, x, y, pw, ph, n)
	}
	w.b = append(w.b, "</g>"...)
	return bottom
}

func (w *writer) maxLabel(p *panel) float64 {
	m := 0.0
	for _, s := range p.series {
		for _, it := range s.items {
			if it.ok && (s.labels || it.label() != "") {
				w.num = w.label(w.num[:0], &s, &it, "")
				m = math.Max(m, textWidth(string(w.num), fsLabel))
			}
		}
	}
	return m
}

func (w *writer) label(dst []byte, s *series, it *value, cat string) []byte {
	tpl := it.label()
	if tpl == "" {
		tpl = "{c}"
	}
	return fill(dst, tpl, it.v, w.decimals, s.name, cat)
}

func (w *writer) horizontal(p *panel, sc *scale, ticks []float64, slots int, slotOf []int, labelled, marked bool, x, y, pw float64, n int) float64 {
	limit := maxLabelW
	if p.labelW > 0 {
		limit = math.Min(limit, p.labelW+30)
	}
	catW := 0.0
	for _, c := range p.cats {
		catW = math.Max(catW, math.Min(limit, textWidth(c, fsAxis)))
	}
	right := 16.0
	if labelled {
		right = math.Max(right, w.maxLabel(p)+10)
	}
	lastTick := 0.0
	if len(ticks) > 0 {
		w.num = formatNumber(w.num[:0], ticks[len(ticks)-1], sc.dec)
		lastTick = textWidth(string(w.num), fsAxis) / 2
	}
	right = math.Max(right, lastTick+4)
	if marked {
		y += 16
	}
	x0 := x + pad + catW + 8
	x1 := x + pw - pad - right
	sc.from, sc.to = x0, x1
	band := barBand
	if slots > 1 {
		band = float64(slots)*14 + 12 // a value label (12 units) per bar
	}
	top, bot := y, y+band*float64(n)
	// Grid lines and ticks.
	w.b = append(w.b, `<path class="gl" stroke="#D8DEE5" d="`...)
	for _, t := range ticks {
		px := sc.at(t)
		w.b = append(w.b, 'M')
		w.b = appendXY(w.b, px, top)
		w.b = append(w.b, 'V')
		w.b = appendF(w.b, bot)
	}
	w.b = append(w.b, `"/><g class="tk" text-anchor="middle">`...)
	for _, t := range ticks {
		w.num = formatNumber(w.num[:0], t, sc.dec)
		w.textB(sc.at(t), bot+15, "", "", w.num)
	}
	w.b = append(w.b, "</g>"...)
	w.line("ax", x0, top, x0, bot, "#565D66")
	// Category labels, shortened with the full text as a tooltip; their
	// group places them along the axis.
	w.b = append(w.b, `<g class="cl" text-anchor="end" transform="translate(`...)
	w.b = appendF(w.b, x0-6)
	w.b = append(w.b, `)">`...)
	w.ox = x0 - 6
	for i, c := range p.cats {
		cy := top + band*(float64(i)+0.5) + 4
		s, cut := shorten(c, fsAxis, catW)
		w.textTitled(x0-6, cy, "", "", s, c, cut)
	}
	w.ox = 0
	w.b = append(w.b, "</g>"...)
	// Bars, a whole number of units high; their group starts them at the
	// axis.
	bh := math.Round(band * 0.62)
	if slots > 1 {
		bh = (band - 12) / float64(slots)
	}
	var stack stacks
	for si := range p.series {
		s := &p.series[si]
		if s.kind != "bar" {
			continue
		}
		h := bh
		if slots <= 1 && s.maxWidth > 0 {
			h = math.Min(h, s.maxWidth)
		}
		w.ox = x0
		grouped := w.openBars(s, n)
		for i, it := range s.items {
			if !it.ok || i >= n {
				continue
			}
			base := stack.add(s, i, it.v)
			a, b := sc.at(base), sc.at(base+it.v)
			if a > b {
				a, b = b, a
			}
			var by float64
			if slots > 1 {
				by = top + band*float64(i) + 6 + float64(slotOf[si])*bh
			} else {
				by = top + band*(float64(i)+0.5) - h/2
			}
			col, pal := w.colour(s, &it, i)
			fill := col // the group's, when grouped
			if grouped {
				col, pal = "", -1
			}
			w.bar(a, by, b-a, h, col, pal, &it)
			if (s.labels || it.label() != "") && !it.quiet() {
				w.num = w.label(w.num[:0], s, &it, cat(p, i))
				switch tw := textWidth(string(w.num), fsLabel); {
				case !s.inside:
					// A standard line through the number: the number
					// goes just past the line.
					lx := b + 4
					for m, ok := markIn(p, sc, lx-1, lx+tw+1); ok; m, ok = markIn(p, sc, lx-1, lx+tw+1) {
						lx = m + 4
					}
					w.valueLabel(lx, by+h/2+4, "vl", "", w.num)
				case b-a >= tw+6:
					w.valueLabel((a+b)/2, by+h/2+4, insideClass(fill), "middle", w.num)
				}
			}
		}
		w.closeBars()
	}
	w.marks(p, sc, true, top, bot, x0, x1)
	w.catMarks(p, top, band, x0, x1)
	y = bot + 20
	if p.vname != "" {
		y += 16
		w.text((x0+x1)/2, y, "an", "middle", p.vname, 0)
	}
	return y
}

func (w *writer) vertical(p *panel, sc *scale, ticks []float64, slots int, slotOf []int, marked bool, x, y, pw, ph float64, n int) float64 {
	tickW := 0.0
	for _, t := range ticks {
		w.num = formatNumber(w.num[:0], t, sc.dec)
		tickW = math.Max(tickW, textWidth(string(w.num), fsAxis))
	}
	right := 12.0
	for _, s := range p.series {
		for _, m := range s.marks {
			if !m.hidden && m.label != "" {
				right = math.Max(right, textWidth(m.label, fsLabel)+8)
			}
		}
	}
	if p.vname != "" {
		y += 18
		w.text(x+pad, y-6, "an", "", p.vname, 0)
	}
	if slots > 0 {
		y += 14 // value labels above the highest bars
	} else {
		y += 8 // the highest tick label, centred on its line
	}
	inner := pad
	if pw < width {
		inner = pad / 2 // side by side, panels need no full margin each
	}
	x0 := x + inner + tickW + 6
	x1 := x + pw - inner - right
	top, bot := y, y+ph
	sc.from, sc.to = bot, top
	w.b = append(w.b, `<path class="gl" stroke="#D8DEE5" d="`...)
	for _, t := range ticks {
		w.b = append(w.b, 'M')
		w.b = appendXY(w.b, x0, sc.at(t))
		w.b = append(w.b, 'H')
		w.b = appendF(w.b, x1)
	}
	w.b = append(w.b, `"/><g class="tk" text-anchor="end">`...)
	w.placed = w.placed[:0]
	for _, t := range ticks {
		w.num = formatNumber(w.num[:0], t, sc.dec)
		w.textB(x0-5, sc.at(t)+4, "", "", w.num)
		w.placed = append(w.placed, textBox(x0-5, sc.at(t)+4, textWidth(string(w.num), fsAxis), fsAxis, "end"))
	}
	for _, s := range p.series {
		for _, m := range s.marks {
			if !m.hidden && m.label != "" {
				w.placed = append(w.placed, textBox(x1+4, sc.at(m.v)+4, textWidth(m.label, fsLabel), fsLabel, ""))
			}
		}
	}
	w.b = append(w.b, "</g>"...)
	w.line("ax", x0, bot, x1, bot, "#565D66")
	band := (x1 - x0) / float64(n)
	w.b = append(w.b, `<g class="cl" text-anchor="middle">`...)
	step := labelStep(p.cats, band)
	for i, c := range p.cats {
		cx := x0 + band*(float64(i)+0.5)
		if (len(p.cats)-1-i)%step != 0 {
			// Not drawn, but there: a bar's tooltip names the category
			// of the label nearest to it.
			w.b = append(w.b, `<text`...)
			w.b = w.appendX(w.b, cx)
			w.b = append(w.b, ` y="`...)
			w.b = appendF(w.b, bot+16)
			w.b = append(w.b, `" opacity="0">`...)
			w.b = escapeText(w.b, c)
			w.b = append(w.b, "</text>"...)
			continue
		}
		s, cut := shorten(c, fsAxis, band*float64(step)-2)
		w.textTitled(cx, bot+16, "", "", s, c, cut)
	}
	w.b = append(w.b, "</g>"...)
	k := slots
	if k < 1 {
		k = 1
	}
	bw := band * 0.6 / float64(k)
	var stack stacks
	for si := range p.series {
		s := &p.series[si]
		switch s.kind {
		case "bar":
			wd := bw
			if s.maxWidth > 0 {
				wd = math.Min(wd, s.maxWidth)
			}
			grouped := w.openBars(s, n)
			for i, it := range s.items {
				if !it.ok || i >= n {
					continue
				}
				base := stack.add(s, i, it.v)
				a, b := sc.at(base+it.v), sc.at(base)
				if a > b {
					a, b = b, a
				}
				bx := x0 + band*(float64(i)+0.5) - float64(k)*wd/2 + float64(slotOf[si])*wd
				col, pal := w.colour(s, &it, i)
				fill := col // the group's, when grouped
				if grouped {
					col, pal = "", -1
				}
				w.bar(bx, a, wd, b-a, col, pal, &it)
				if (s.labels || it.label() != "") && !it.quiet() {
					w.num = w.label(w.num[:0], s, &it, cat(p, i))
					switch {
					case !s.inside:
						// Within its category's band: a number reaching over
						// the next bar would be read as that bar's.
						lo := x0 + band*float64(i)
						left, right := math.Max(x, lo-2), math.Min(x+pw, lo+band+2)
						ly := a - 4
						// A standard line through the number: the number
						// goes just above the line.
						for m, ok := markIn(p, sc, ly-fsLabel*0.9-1, ly+fsLabel*0.25+1); ok; m, ok = markIn(p, sc, ly-fsLabel*0.9-1, ly+fsLabel*0.25+1) {
							ly = m - 4
						}
						fits := func() bool {
							return w.claim(textBox(bx+wd/2, ly, textWidth(string(w.num), fsLabel), fsLabel, "middle"), left, right)
						}
						ok := fits()
						if !ok && w.decimals > 0 && textWidth(string(w.num), fsLabel) > right-left && it.label() == "" {
							// A number too wide for its band (3,399.26 元/生 in a
							// small multiple) is drawn whole, without decimals,
							// rather than left out; the bar keeps its data-v.
							w.num = formatNumber(w.num[:0], it.v, 0)
							ok = fits()
						}
						for try := 0; !ok && try < 2; try++ {
							// A number that would touch its neighbour's goes
							// above it, still over its own bar, rather than
							// being left out (2,385 beside 2,541 in a panel
							// of three columns).
							o, hit := w.hit(textBox(bx+wd/2, ly, textWidth(string(w.num), fsLabel), fsLabel, "middle"))
							if !hit {
								break
							}
							ly = o.y0 - 1 - fsLabel*0.25
							for m, in := markIn(p, sc, ly-fsLabel*0.9-1, ly+fsLabel*0.25+1); in; m, in = markIn(p, sc, ly-fsLabel*0.9-1, ly+fsLabel*0.25+1) {
								ly = m - 4
							}
							// Up into the margin over the plot, not to the titles
							// (in a small multiple, up to the panel's title).
							ceiling := top - 6
							if w.ceiling > 0 {
								ceiling = math.Min(ceiling, w.ceiling)
							}
							ok = ly-fsLabel*0.9 >= ceiling && fits()
						}
						if ok {
							w.valueLabel(bx+wd/2, ly, "vl", "middle", w.num)
						}
					case b-a >= fsLabel+2: // a segment too short for its number shows it in the table only
						w.valueLabel(bx+wd/2, (a+b)/2+4, insideClass(fill), "middle", w.num)
					}
				}
			}
			w.closeBars()
		case "line":
			w.series(p, s, sc, x0, band, n)
		}
	}
	w.marks(p, sc, false, top, bot, x0, x1)
	y = bot + 22
	if p.cname != "" {
		y += 16
		w.text((x0+x1)/2, y, "an", "middle", p.cname, 0)
	}
	return y
}

// insideClass is the class of a label drawn on a bar of colour col: light
// text on a dark bar, the text colour on a light one.
func insideClass(col string) string {
	if len(col) == 7 && col[0] == '#' {
		v, err := strconv.ParseUint(col[1:], 16, 32)
		if err == nil {
			r, g, b := float64(v>>16), float64(v>>8&0xff), float64(v&0xff)
			if 0.299*r+0.587*g+0.114*b < 140 {
				return "vl vi"
			}
		}
	}
	return "vl"
}

// stacks are the running sums of a panel's stacks, by category.
type stacks struct {
	names []string
	sums  [][]float64
}

// add is where bar i of s starts: 0, or for a stacked series the sum of
// the stack's bars below it (which it then adds v to).
func (st *stacks) add(s *series, i int, v float64) float64 {
	if s.stack == "" {
		return 0
	}
	k := 0
	for k < len(st.names) && st.names[k] != s.stack {
		k++
	}
	if k == len(st.names) {
		st.names = append(st.names, s.stack)
		st.sums = append(st.sums, nil)
	}
	sum := st.sums[k]
	for len(sum) <= i {
		sum = append(sum, 0)
	}
	base := sum[i]
	sum[i] += v
	st.sums[k] = sum
	return base
}

func cat(p *panel, i int) string {
	if i < len(p.cats) {
		return p.cats[i]
	}
	return ""
}

// series draws a line series: a line through its values (over missing
// ones, as connectNulls) and a marker at each, with the value in a tooltip.
func (w *writer) series(p *panel, s *series, sc *scale, x0, band float64, n int) {
	w.b = append(w.b, `<path class="ln`...)
	if s.dashed {
		w.b = append(w.b, ` dash`...)
	}
	w.b = append(w.b, `" fill="none" stroke="`...)
	w.b = append(w.b, s.colour...)
	w.b = append(w.b, `" stroke-width="2.5`...)
	if s.dashed {
		w.b = append(w.b, `" stroke-dasharray="7 4`...)
	}
	w.b = append(w.b, `" d="`...)
	first := true
	for i, it := range s.items {
		if !it.ok || i >= n {
			continue
		}
		if first {
			w.b = append(w.b, 'M')
			first = false
		} else {
			w.b = append(w.b, 'L')
		}
		w.b = appendF(w.b, x0+band*(float64(i)+0.5))
		w.b = append(w.b, ' ')
		w.b = appendF(w.b, sc.at(it.v))
	}
	w.b = append(w.b, `"/>`...)
	for i, it := range s.items {
		if !it.ok || i >= n {
			continue
		}
		px, py := x0+band*(float64(i)+0.5), sc.at(it.v)
		// The point's place, once: its symbol is drawn around (0, 0).
		w.b = append(w.b, `<g class="pt" transform="translate(`...)
		w.b = appendXY(w.b, px, py)
		w.b = append(w.b, `)">`...)
		w.symbol(0, 0, s.symbol, s.colour)
		w.tip(cat(p, i), s, &it)
		w.b = append(w.b, "</g>"...)
	}
}

// symbol draws a line's marker centred on (x, y).
func (w *writer) symbol(x, y float64, kind, colour string) {
	const r = 4.5
	switch kind {
	case "rect":
		w.b = append(w.b, `<rect x="`...)
		w.b = appendF(w.b, x-r+0.5)
		w.b = append(w.b, `" y="`...)
		w.b = appendF(w.b, y-r+0.5)
		w.b = append(w.b, `" width="8" height="8`...)
	case "triangle", "diamond":
		w.b = append(w.b, `<path d="M`...)
		if kind == "triangle" {
			w.b = appendXY(w.b, x, y-r-0.5)
			w.b = append(w.b, 'L')
			w.b = appendXY(w.b, x+r+0.5, y+r-0.5)
			w.b = append(w.b, 'L')
			w.b = appendXY(w.b, x-r-0.5, y+r-0.5)
		} else {
			w.b = appendXY(w.b, x, y-r-1)
			w.b = append(w.b, 'L')
			w.b = appendXY(w.b, x+r, y)
			w.b = append(w.b, 'L')
			w.b = appendXY(w.b, x, y+r+1)
			w.b = append(w.b, 'L')
			w.b = appendXY(w.b, x-r, y)
		}
		w.b = append(w.b, `Z`...)
	default:
		w.b = append(w.b, `<circle`...)
		if x != 0 || y != 0 {
			w.b = append(w.b, ` cx="`...)
			w.b = appendF(w.b, x)
			w.b = append(w.b, `" cy="`...)
			w.b = appendF(w.b, y)
			w.b = append(w.b, '"')
		}
		w.b = append(w.b, ` r="`...)
		w.b = appendF(w.b, r)
	}
	w.b = append(w.b, `" class="sy" fill="`...)
	w.b = append(w.b, colour...)
	w.b = append(w.b, `"/>`...)
}

func appendXY(b []byte, x, y float64) []byte {
	b = appendF(b, x)
	b = append(b, ' ')
	return appendF(b, y)
}

// marks draws the mark lines of the panel: the 标准 line dashed with its
// label, the floor dotted.
func (w *writer) marks(p *panel, sc *scale, horiz bool, top, bot, x0, x1 float64) {
	for _, s := range p.series {
		for _, m := range s.marks {
			cls, dash, colour := m.look()
			if horiz {
				px := sc.at(m.v)
				w.b = appendLine(w.b, cls, px, top, px, bot, colour, dash)
				if !m.hidden && m.label != "" {
					w.text(px, top-5, "ml", "middle", m.label, 0)
				}
			} else {
				py := sc.at(m.v)
				w.b = appendLine(w.b, cls, x0, py, x1, py, colour, dash)
				if !m.hidden && m.label != "" {
					w.text(x1+4, py+4, "ml", "", m.label, 0)
				}
			}
		}
	}
}

// labelStep is every how many categories of a band's width the category
// axis along the bottom of a chart can label without cutting a label to "…" (a year may
// shorten to its number): 1 when all fit, 3 for ten years under a narrow
// panel. The last category is always labelled, then every step-th back.
func labelStep(cats []string, band float64) int {
	for k := 1; k < len(cats); k++ {
		fits := true
		for _, c := range cats {
			if s, cut := shorten(c, fsAxis, band*float64(k)-2); cut && strings.HasSuffix(s, "…") {
				fits = false
				break
			}
		}
		if fits {
			return k
		}
	}
	return max(len(cats), 1)
}

// look is a mark line's class, dashes and ink: the 标准 dashed, the floor
// dotted.
func (m *mark) look() (cls, dash, colour string) {
	if m.dotted {
		return "fl", "2 3", "#6E7781"
	}
	return "mk", "6 4", "#1F2329"
}

// catMarks draws the marks between the categories of a horizontal chart
// across the plot, dashed (标准) or dotted (底线) as the value marks;
// their labels are the subtitle's.
func (w *writer) catMarks(p *panel, top, band, x0, x1 float64) {
	for _, s := range p.series {
		for _, m := range s.catMarks {
			cls, dash, colour := m.look()
			py := top + band*(m.v+0.5)
			w.b = appendLine(w.b, cls, x0, py, x1, py, colour, dash)
		}
	}
}

// markIn returns where a mark line of the panel (a standard, a floor)
// lies strictly between lo and hi on the value axis, if one does.
func markIn(p *panel, sc *scale, lo, hi float64) (float64, bool) {
	for _, s := range p.series {
		for _, m := range s.marks {
			if at := sc.at(m.v); at > lo && at < hi {
				return at, true
			}
		}
	}
	return 0, false
}

// colour is a data item's colour and its palette index (-1: none).
func (w *writer) colour(s *series, it *value, i int) (string, int) {
	if own := it.colour(); own != "" {
		for k, c := range w.palette {
			if c == own {
				return c, k
			}
		}
		return own, -1
	}
	if s.byData {
		k := i % len(w.palette)
		return w.palette[k], k
	}
	return s.colour, s.pal
}

// bar draws a bar with its pattern and its value as the table prints it
// (data-v, which closeBars may leave to the bar's value label): its
// tooltip, "category · series：value", is read from the category label
// beside it and its group's series name (data-s), as js/charts.js and
// MarkTips do, rather than written out once more per bar. An item's own
// tooltip (a figure not given says so, not the 0 it is drawn with) is its
// <title>.
func (w *writer) bar(x, y, bw, bh float64, colour string, pal int, it *value) {
	w.rect(x, y, bw, bh, colour, pal)
	w.b = w.b[:len(w.b)-3] // `"/>`
	w.lastV = span{}
	if tip := it.tip(); tip != "" {
		w.b = append(w.b, `" class="bar"><title>`...)
		w.b = escapeText(w.b, tip)
		w.b = append(w.b, "</title></rect>"...)
		return
	}
	w.b = append(w.b, `" class="bar`...)
	from := len(w.b) + 1
	w.b = append(w.b, `" data-v="`...)
	w.b = formatNumber(w.b, it.v, w.decimals)
	w.lastV = span{from, len(w.b) + 1}
	w.b = append(w.b, `"/>`...)
}

// tip writes the <title> of a line's point: the item's own tooltip (a
// figure not given says so, not the 0 it is drawn with), else
// "category · series：value".
func (w *writer) tip(cat string, s *series, it *value) {
	w.b = append(w.b, "<title>"...)
	if tip := it.tip(); tip != "" {
		w.b = escapeText(w.b, tip)
		w.b = append(w.b, "</title>"...)
		return
	}
	w.b = escapeText(w.b, cat)
	if s.name != "" && s.name != cat {
		w.b = append(w.b, " · "...)
		w.b = escapeText(w.b, s.name)
	}
	w.b = append(w.b, "："...)
	w.b = formatNumber(w.b, it.v, w.decimals)
	w.b = append(w.b, "</title>"...)
}

// rect draws a rectangle filled with colour and its pattern; with no
// colour (pal < 0 and colour "") it takes the fill of its group.
func (w *writer) rect(x, y, rw, rh float64, colour string, pal int) {
	w.b = append(w.b, `<rect`...)
	w.b = w.appendX(w.b, x)
	w.b = append(w.b, ` y="`...)
	w.b = appendF(w.b, y)
	w.b = append(w.b, `" width="`...)
	w.b = appendF(w.b, rw)
	w.b = append(w.b, `" height="`...)
	w.b = appendF(w.b, rh)
	if pal >= 0 || colour != "" {
		w.b = append(w.b, `" fill="`...)
		w.fillValue(colour, pal)
	}
	w.b = append(w.b, `"/>`...)
}

// fillValue writes the value of a fill attribute: the pattern of palette
// colour pal, or colour.
func (w *writer) fillValue(colour string, pal int) {
	if pal >= 0 && pal < 64 {
		w.pattern(pal)
		w.b = append(w.b, "url(#"...)
		w.b = append(w.b, w.id...)
		w.b = append(w.b, "_d"...)
		w.b = strconv.AppendInt(w.b, int64(pal), 10)
		w.b = append(w.b, ')')
	} else {
		w.b = escapeText(w.b, colour)
	}
}

// openBars opens the group of the bars of s: it names the series (data-s,
// for the bars' tooltips) and gives the bars their fill when they are
// several and all of one colour (most series); it reports whether it gave
// the fill, and the bars then leave theirs out.
func (w *writer) openBars(s *series, n int) bool {
	drawn, colour, pal, one := 0, "", -1, true
	for i := range s.items {
		it := &s.items[i]
		if !it.ok || i >= n {
			continue
		}
		c, p := w.colour(s, it, i)
		if drawn > 0 && (c != colour || p != pal) {
			one = false
		}
		colour, pal = c, p
		drawn++
	}
	one = one && drawn >= 2 && (pal >= 0 || colour != "")
	w.inBars = drawn > 0
	w.told, w.tellsV, w.lastV = w.told[:0], true, span{}
	if !w.inBars {
		return false
	}
	w.b = append(w.b, `<g`...)
	if s.name != "" {
		w.b = append(w.b, ` data-s="`...)
		w.b = escapeText(w.b, s.name)
		w.b = append(w.b, '"')
	}
	if one {
		w.b = append(w.b, ` fill="`...)
		w.fillValue(colour, pal)
		w.b = append(w.b, '"')
	}
	if w.ox != 0 {
		w.b = append(w.b, ` transform="translate(`...)
		w.b = appendF(w.b, w.ox)
		w.b = append(w.b, `)"`...)
	}
	w.b = append(w.b, '>')
	return one
}

// closeBars closes the group of a series' bars and writes their value
// labels after them, in groups that give the labels their class and
// anchor once. When the labels are one group and each says just its bar's
// value, the labelled bars leave out their data-v: a bar without data-v
// (and without <title>) has its value in the next label of the group after
// its own, in order (js/charts.js, MarkTips). The tooltip says the same;
// the value is not written twice.
func (w *writer) closeBars() {
	groups := 0
	for i := range w.labels {
		if len(w.labels[i].b) > 0 {
			groups++
		}
	}
	if groups == 1 && w.tellsV && len(w.told) > 0 {
		w.b = cut(w.b, w.told)
	}
	w.told = w.told[:0]
	if w.inBars {
		w.b = append(w.b, "</g>"...)
	}
	w.ox, w.inBars = 0, false
	for i := range w.labels {
		l := &w.labels[i]
		if len(l.b) == 0 {
			continue
		}
		w.b = append(w.b, `<g class="`...)
		w.b = append(w.b, l.cls...)
		if l.anchor != "" {
			w.b = append(w.b, `" text-anchor="`...)
			w.b = append(w.b, l.anchor...)
		}
		w.b = append(w.b, `">`...)
		w.b = append(w.b, l.b...)
		w.b = append(w.b, "</g>"...)
		l.b = l.b[:0]
	}
}

// valueLabel keeps a bar's value label for closeBars: its class ("vl",
// or "vl vi" light on a dark bar) and anchor are its group's.
func (w *writer) valueLabel(x, y float64, cls, anchor string, s []byte) {
	if v := w.lastV; v.to > 0 && string(w.b[v.from+len(` data-v="`):v.to-1]) == string(s) {
		w.told = append(w.told, v)
	} else {
		w.tellsV = false // a label that is not its bar's value, or a bar with a <title>
	}
	w.lastV = span{}
	k := 0
	for k < len(w.labels) && (w.labels[k].cls != cls || w.labels[k].anchor != anchor) {
		k++
	}
	if k == len(w.labels) {
		w.labels = append(w.labels, labelGroup{cls: cls, anchor: anchor})
	}
	l := &w.labels[k]
	l.b = append(l.b, `<text x="`...)
	l.b = appendF(l.b, x)
	l.b = append(l.b, `" y="`...)
	l.b = appendF(l.b, y)
	l.b = append(l.b, `">`...)
	l.b = escapeText(l.b, string(s))
	l.b = append(l.b, "</text>"...)
}

// cut removes the spans, in order and apart, from b.
func cut(b []byte, spans []span) []byte {
	n := spans[0].from
	for i, sp := range spans {
		end := len(b)
		if i+1 < len(spans) {
			end = spans[i+1].from
		}
		n += copy(b[n:], b[sp.to:end])
	}
	return b[:n]
}

// labelGroup is the value labels of one class and anchor of the series
// being drawn.
type labelGroup struct {
	cls, anchor string
	b           []byte
}

// pattern defines the pattern of palette colour i once: the colour with a
// light figure over it, different for each of the first three colours (the
// 城乡 groups), so that colour is never the only cue.
func (w *writer) pattern(i int) {
	if w.patterns&(1<<uint(i)) != 0 {
		return
	}
	w.patterns |= 1 << uint(i)
	d := w.defs
	d = append(d, `<pattern id="`...)
	d = append(d, w.id...)
	d = append(d, "_d"...)
	d = strconv.AppendInt(d, int64(i), 10)
	d = append(d, `" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="`...)
	d = escapeText(d, w.palette[i])
	d = append(d, `"/>`...)
	switch i % 4 {
	case 0:
		d = append(d, `<path class="dc" d="M-2 2L2-2M0 8L8 0M6 10L10 6" stroke="#fff" stroke-opacity=".55" stroke-width="1.5"/>`...)
	case 1:
		d = append(d, `<circle class="dc" cx="4" cy="4" r="1.6" fill="#fff" fill-opacity=".6"/>`...)
	case 2:
		d = append(d, `<path class="dc" d="M0 4H8M4 0V8" stroke="#fff" stroke-opacity=".5" stroke-width="1.2"/>`...)
	}
	d = append(d, "</pattern>"...)
	w.defs = d
}

func (w *writer) line(cls string, x1, y1, x2, y2 float64, colour string) {
	w.b = appendLine(w.b, cls, x1, y1, x2, y2, colour, "")
}

func appendLine(b []byte, cls string, x1, y1, x2, y2 float64, colour, dash string) []byte {
	b = append(b, `<path class="`...)
	b = append(b, cls...)
	b = append(b, `" stroke="`...)
	b = append(b, colour...)
	if dash != "" {
		b = append(b, `" stroke-width="1.5" stroke-dasharray="`...)
		b = append(b, dash...)
	}
	b = append(b, `" d="M`...)
	b = appendXY(b, x1, y1)
	b = append(b, 'L')
	b = appendXY(b, x2, y2)
	return append(b, `"/>`...)
}

// text writes a text element; fs, when not 0, is its font size.
func (w *writer) text(x, y float64, cls, anchor, s string, fs float64) {
	w.open(x, y, cls, anchor, fs)
	w.b = escapeText(w.b, s)
	w.b = append(w.b, "</text>"...)
}

func (w *writer) textB(x, y float64, cls, anchor string, s []byte) {
	w.open(x, y, cls, anchor, 0)
	w.b = escapeText(w.b, string(s))
	w.b = append(w.b, "</text>"...)
}

// textTitled writes a shortened text with the full text as its tooltip.
func (w *writer) textTitled(x, y float64, cls, anchor, s, full string, cut bool) {
	w.open(x, y, cls, anchor, 0)
	if cut {
		w.b = append(w.b, "<title>"...)
		w.b = escapeText(w.b, full)
		w.b = append(w.b, "</title>"...)
	}
	w.b = escapeText(w.b, s)
	w.b = append(w.b, "</text>"...)
}

func (w *writer) open(x, y float64, cls, anchor string, fs float64) {
	w.b = append(w.b, `<text`...)
	w.b = w.appendX(w.b, x)
	w.b = append(w.b, ` y="`...)
	w.b = appendF(w.b, y)
	if cls != "" {
		w.b = append(w.b, `" class="`...)
		w.b = append(w.b, cls...)
	}
	if anchor != "" {
		w.b = append(w.b, `" text-anchor="`...)
		w.b = append(w.b, anchor...)
	}
	if fs != 0 && fs != fsRoot { // the root's size is inherited
		w.b = append(w.b, `" font-size="`...)
		w.b = appendF(w.b, fs)
	}
	if cls == "t" || cls == "pt" {
		w.b = append(w.b, `" font-weight="bold`...)
	}
	w.b = append(w.b, `">`...)
}

// appendX writes the x attribute of x, from the origin of the group being
// written (ox); none at the origin, where x is 0.
func (w *writer) appendX(b []byte, x float64) []byte {
	var buf [24]byte // not w.num: it may hold the text being written
	t := appendF(buf[:0], x-w.ox)
	if len(t) == 1 && t[0] == '0' {
		return b
	}
	b = append(b, ` x="`...)
	b = append(b, t...)
	return append(b, '"')
}

// appendF writes a coordinate with at most one decimal (integer
// arithmetic: a chart has hundreds of coordinates).
func appendF(b []byte, f float64) []byte {
	if !(math.Abs(f) < 1e9) {
		return append(b, '0')
	}
	t := int64(math.Round(f * 10))
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if d := t % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
}

// escapeText writes s as XML character data or attribute value: &, <, >,
// quotes escaped; characters XML does not allow (control characters,
// U+FFFE/U+FFFF, invalid UTF-8) written as U+FFFD.
func escapeText(b []byte, s string) []byte {
	if plainText(s) {
		return append(b, s...)
	}
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&#34;"...)
		case r == '\'':
			b = append(b, "&#39;"...)
		case r == '\t' || r == '\n' || r == '\r':
			b = append(b, ' ')
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			b = append(b, "\uFFFD"...)
		case r < 0x80:
			b = append(b, byte(r))
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// plainText reports whether s is written as it is: valid UTF-8 without
// anything escapeText changes.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
				return false
			}
			i++
			continue
		}
		r, n := nextRune(s, i)
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
			return false // invalid UTF-8 (or U+FFFD itself: the slow path keeps it)
		}
		i += n
	}
	return true
}
