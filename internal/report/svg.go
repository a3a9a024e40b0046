package report

import (
	"html/template"

	"github.com/gongkai-dev/gongkai/internal/svgchart"
)

// SVG is the chart drawn at build time from its own option (svgchart), the
// chart a reader sees before — or without — the chart library. The option
// is the JSON the page carries, decoded as the page's script decodes it, so
// the static chart and the interactive one show the same numbers.
func (c *Chart) SVG() template.HTML {
	if c == nil || c.Option == "" {
		return ""
	}
	m, err := decodeOption([]byte(c.Option))
	if err != nil {
		return ""
	}
	return template.HTML(svgchart.Render(m, c.ID, c.Label()))
}
