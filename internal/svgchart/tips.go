package svgchart

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
)

// MarkTips reads back, in the SVG's order, the tooltip of every mark of a
// chart Render drew (rect.bar, g.pt) as js/charts.js shows it: the mark's
// <title> if it has one, else "category · series：value" — the category
// label nearest the mark along the category axis (the full text when the
// label is shortened), the series its group names (data-s, left out when
// it is the category), the value as the table prints it (data-v, or for a
// bar without it the next value label of the group after its own). It is
// for the checks that compare a chart with its table.
func MarkTips(svg string) ([]string, error) {
	type label struct {
		at   float64
		text string
	}
	type mark struct {
		at          float64
		title, v, s string
	}
	type plot struct {
		horiz  bool
		labels []label
		marks  []mark
	}
	var (
		plots  []*plot
		cur    *plot
		series []string // data-s of the open <g>s, "" where none
		stack  []string // the open elements' classes
		inText *label   // a category label being read
		inMark *mark    // a mark whose <title> may follow
		inTitl bool
		txt    strings.Builder
		// Bars whose value is their value label's, in order.
		valued []struct {
			p *plot
			i int
		}
	)
	attr := func(st xml.StartElement, k string) string {
		for _, a := range st.Attr {
			if a.Name.Local == k {
				return a.Value
			}
		}
		return ""
	}
	f := func(st xml.StartElement, k string) float64 {
		v, _ := strconv.ParseFloat(attr(st, k), 64)
		return v
	}
	under := func(cls string) bool {
		for _, c := range stack {
			if c == cls || strings.HasPrefix(c, cls+" ") {
				return true
			}
		}
		return false
	}
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			cls := attr(t, "class")
			switch {
			case t.Name.Local == "g" && cls == "pl":
				cur = &plot{}
				plots = append(plots, cur)
			case t.Name.Local == "g" && cls == "tk" && cur != nil:
				cur.horiz = attr(t, "text-anchor") == "middle"
			case t.Name.Local == "text" && (under("cl") || under("vl")):
				txt.Reset()
				if !under("cl") || cur == nil {
					break
				}
				at := f(t, "x")
				if cur.horiz {
					at = f(t, "y") - 4
				}
				inText = &label{at: at}
				txt.Reset()
			case t.Name.Local == "rect" && cls == "bar" && cur != nil:
				at := f(t, "x") + f(t, "width")/2
				if cur.horiz {
					at = f(t, "y") + f(t, "height")/2
				}
				s := ""
				for i := len(series) - 1; i >= 0 && s == ""; i-- {
					s = series[i]
				}
				cur.marks = append(cur.marks, mark{at: at, v: attr(t, "data-v"), s: s})
				inMark = &cur.marks[len(cur.marks)-1]
			case t.Name.Local == "g" && cls == "pt" && cur != nil:
				cur.marks = append(cur.marks, mark{})
				inMark = &cur.marks[len(cur.marks)-1]
			case t.Name.Local == "title":
				inTitl = true
				txt.Reset()
			}
			if t.Name.Local == "g" {
				series = append(series, attr(t, "data-s"))
			}
			stack = append(stack, cls)
		case xml.CharData:
			txt.Write(t)
		case xml.EndElement:
			switch {
			case t.Name.Local == "title" && inTitl:
				inTitl = false
				if inText != nil {
					inText.text = txt.String() // the full text of a shortened label
				} else if inMark != nil {
					inMark.title = txt.String()
				}
				txt.Reset()
			case t.Name.Local == "text" && inText != nil:
				if inText.text == "" {
					inText.text = txt.String()
				}
				inText.text = strings.TrimSpace(inText.text)
				cur.labels = append(cur.labels, *inText)
				inText = nil
			case t.Name.Local == "text" && under("vl") && len(valued) > 0:
				v := valued[0]
				v.p.marks[v.i].v = strings.TrimSpace(txt.String())
				valued = valued[1:]
			case len(stack) > 0 && (t.Name.Local == "rect" && stack[len(stack)-1] == "bar" || t.Name.Local == "g" && stack[len(stack)-1] == "pt"):
				if m := inMark; m != nil && t.Name.Local == "rect" && m.v == "" && m.title == "" {
					valued = append(valued, struct {
						p *plot
						i int
					}{cur, len(cur.marks) - 1})
				}
				inMark = nil
			}
			if t.Name.Local == "g" && len(series) > 0 {
				series = series[:len(series)-1]
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	// The marks' texts, in the SVG's order (plot by plot, as drawn).
	var tips []string
	for _, p := range plots {
		for _, m := range p.marks {
			if m.title != "" || m.v == "" {
				tips = append(tips, m.title)
				continue
			}
			cat, best := "", math.Inf(1)
			for _, l := range p.labels {
				if d := math.Abs(l.at - m.at); d < best {
					cat, best = l.text, d
				}
			}
			tip := cat
			if m.s != "" && m.s != cat {
				tip += " · " + m.s
			}
			tips = append(tips, tip+"："+m.v)
		}
	}
	return tips, nil
}
