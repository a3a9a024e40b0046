// Package svgchart draws a chart as SVG from its ECharts option, the same
// option the page carries for the interactive chart, so that the static
// chart and the interactive one can never disagree.
//
// It is pure: it takes the decoded option (maps, slices, strings, numbers,
// booleans as encoding/json or the report package's decoder give them) and
// returns bytes. It understands the parts of an option the site uses: bar
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

import (
	"encoding/json"
	"math"
	"strconv"
)

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
}

type value struct {
	v      float64
	ok     bool
	colour string
	label  string // an item's own label template ("" = the series')
	tip    string // an item's own tooltip text ("" = category · series：value)
	quiet  bool   // the item hides its label (an empty segment of a stack)
}

type mark struct {
	v      float64
	label  string
	hidden bool
	dotted bool
}

type legendItem struct {
	name string
	pal  int
	line bool
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case map[string]any:
		return []any{v}
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) (float64, bool) {
	var f float64
	switch v := v.(type) {
	case json.Number:
		x, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return 0, false
		}
		f = x
	case float64:
		f = v
	case int:
		f = float64(v)
	case string:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false
		}
		f = x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func truth(v any) bool { b, _ := v.(bool); return b }

// decode reads the drawn part of an option.
func decode(o map[string]any) chart {
	var c chart
	for _, p := range list(o["color"]) {
		c.palette = append(c.palette, str(p))
	}
	if len(c.palette) == 0 {
		c.palette = []string{"#4D5B6A"}
	}
	gk := obj(o["gongkai"])
	if d, ok := num(gk["decimals"]); ok {
		c.decimals = int(d)
	}
	titles := list(o["title"])
	titleAt := func(i int) text {
		if i < len(titles) {
			t := obj(titles[i])
			return text{str(t["text"]), str(t["subtext"])}
		}
		return text{}
	}
	c.title = titleAt(0)
	if p := obj(gk["panels"]); p != nil {
		// As many columns as fit panels of three quarters of the width the
		// interactive chart asks for, at most as many as it asks for.
		c.panelFmt.cols = 2
		if n, ok := num(p["minWidth"]); ok && n > 0 {
			c.panelFmt.cols = int(math.Max(1, math.Floor(width/(0.75*n))))
		}
		if n, ok := num(p["cols"]); ok && n < float64(c.panelFmt.cols) {
			c.panelFmt.cols = int(math.Max(1, n))
		}
		c.panelFmt.height = 130
	}
	xs, ys := list(o["xAxis"]), list(o["yAxis"])
	grids := len(list(o["grid"]))
	if grids == 0 {
		grids = 1
	}
	if len(ys) > 0 && obj(ys[0])["data"] != nil {
		c.horiz = true
	}
	c.panels = make([]panel, grids)
	for g := range c.panels {
		p := &c.panels[g]
		if c.panelFmt.cols > 0 {
			p.title = titleAt(g + 1)
		}
		var cat, val map[string]any
		if g < len(xs) {
			cat = obj(xs[g])
		}
		if g < len(ys) {
			val = obj(ys[g])
		}
		if c.horiz {
			cat, val = val, cat
		}
		for _, d := range list(cat["data"]) {
			p.cats = append(p.cats, str(d))
		}
		p.cname = str(cat["name"])
		if w, ok := num(obj(cat["axisLabel"])["width"]); ok {
			p.labelW = w
		}
		p.vname = str(val["name"])
		p.vmin, p.hasMin = num(val["min"])
		p.vmax, p.hasMax = num(val["max"])
	}
	// ECharts gives a series the palette colour of its name (series of the
	// same name in several panels share it).
	names := map[string]int{}
	for _, s := range list(o["series"]) {
		s := obj(s)
		var sr series
		sr.name = str(s["name"])
		sr.kind = str(s["type"])
		sr.stack = str(s["stack"])
		sr.byData = str(s["colorBy"]) == "data"
		pi, seen := names[sr.name]
		if !seen {
			pi = len(names)
			names[sr.name] = pi
		}
		sr.pal = pi % len(c.palette)
		sr.colour = c.palette[sr.pal]
		lab := obj(s["label"])
		sr.labels = truth(lab["show"])
		sr.inside = str(lab["position"]) == "inside"
		if ls := obj(s["lineStyle"]); str(ls["type"]) == "dashed" {
			sr.dashed = true
		}
		sr.symbol = str(s["symbol"])
		sr.maxWidth, _ = num(s["barMaxWidth"])
		for _, d := range list(s["data"]) {
			var it value
			if m := obj(d); m != nil {
				it.v, it.ok = num(m["value"])
				it.colour = str(obj(m["itemStyle"])["color"])
				il := obj(m["label"])
				it.label = str(il["formatter"])
				it.quiet = il["show"] == false
				it.tip = str(obj(m["tooltip"])["formatter"])
			} else {
				it.v, it.ok = num(d)
			}
			sr.items = append(sr.items, it)
		}
		for _, d := range list(obj(s["markLine"])["data"]) {
			d := obj(d)
			var mk mark
			var ok bool
			if c.horiz {
				mk.v, ok = num(d["xAxis"])
			} else {
				mk.v, ok = num(d["yAxis"])
			}
			if !ok {
				continue
			}
			l := obj(d["label"])
			mk.label = str(l["formatter"])
			mk.hidden = l != nil && l["show"] == false
			mk.dotted = str(obj(d["lineStyle"])["type"]) == "dotted"
			sr.marks = append(sr.marks, mk)
		}
		g := 0
		if c.horiz {
			if i, ok := num(s["yAxisIndex"]); ok {
				g = int(i)
			}
		} else if i, ok := num(s["xAxisIndex"]); ok {
			g = int(i)
		}
		if g < 0 || g >= len(c.panels) {
			continue
		}
		c.panels[g].series = append(c.panels[g].series, sr)
	}
	if lg := obj(o["legend"]); lg != nil && lg["show"] != false {
		var want []string
		for _, n := range list(lg["data"]) {
			want = append(want, str(n))
		}
		if want == nil {
			// Every series name, once, in order.
			done := map[string]bool{}
			for _, s := range list(o["series"]) {
				n := str(obj(s)["name"])
				if !done[n] {
					done[n] = true
					want = append(want, n)
				}
			}
		}
		for _, n := range want {
			pi, ok := names[n]
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
