package report

import (
	"html/template"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/svgchart"
)

// SVG is the chart drawn at build time from its option (svgchart): the
// chart the reader sees, with or without JavaScript (js/charts.js adds
// tooltips to its marks).
func (c *Chart) SVG() template.HTML {
	if c == nil || c.Option == "" {
		return ""
	}
	return template.HTML(svgchart.Render(string(c.Option), c.ID, c.Label()))
}

// writeSVG writes the chart's SVG into the page; room is what the page
// writes after it (b grows once for both).
func (c *Chart) writeSVG(b *strings.Builder, room int) {
	if c != nil && c.Option != "" {
		svgchart.Write(b, string(c.Option), c.ID, c.Label(), room)
	}
}
