package report

import (
	"html/template"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/svgchart"
)

// SVG is the chart drawn at build time from its own option (svgchart), the
// chart a reader sees before — or without — the chart library. The option
// is the JSON text the page carries, the very bytes the page's script
// reads, so the static chart and the interactive one show the same numbers.
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
