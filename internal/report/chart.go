package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// How a chart reaches the page, and why it is safe.
//
// Each chart's ECharts option is built with go-echarts (charts.NewBar,
// charts.NewLine, its opts types) and taken as data with chart.JSON(); the
// go-echarts page renderer is never used: it pastes the JSON into a <script>
// unescaped, deletes every "__f__" in it and names the chart with a random id.
// Instead Option marshals the option with encoding/json, and svgchart draws
// the chart from that JSON as SVG at build time: the only drawing of the
// chart, its numbers the table's. The option itself is not in the page.
// svgchart writes every text of the option — a school name, a county.toml
// note, in titles, labels and tooltips (<title>) — as escaped XML character
// data, so a name can never become markup; js/charts.js shows a tooltip's
// text with textContent. Chart ids are derived from the page and the chart
// (ChartID) and contain only [A-Za-z0-9_].

// Chart is one chart and the table of its numbers.
type Chart struct {
	ID       string // element id, [A-Za-z0-9_]
	Title    string // the finding, in Chinese
	Subtitle string // what is measured, with the unit
	Class    string // extra class of the figure, e.g. "narrow"
	// Option is the ECharts option go-echarts builds: the input of
	// svgchart, which draws the chart; it is not written into the page.
	Option template.JS
	Table  *Table
	// Standalone charts (placed by a shortcode in a document, whose page does
	// not load the chart script) carry its URL.
	ChartsJS string
}

// newChart names the chart's table after the chart.
func newChart(c *Chart) *Chart {
	if c.Table != nil && c.Table.ID == "" {
		c.Table.ID = c.ID + "_t"
	}
	return c
}

// Label is the chart's accessible name.
func (c *Chart) Label() string { return c.Title }

// Table is a data table: the numbers of a chart, or a table of its own.
type Table struct {
	ID      string // element id ([A-Za-z0-9_]); the caption is ID + "-cap"
	Caption string
	Sources Sources
	Head    []Col
	Rows    [][]Cell
	Note    string // below the table, e.g. what ↓ means
	Class   string
	// Above, when not "", is the ID of a table higher on the page with
	// the same sources: the caption says they are those of the table
	// above instead of writing them again (sourcesOnce).
	Above string
}

// Rounded reports whether a cell of the table is Rounded: its note then
// says that 4.20 ↓ against ≥ 4.2 is below the standard before rounding.
func (t *Table) Rounded() bool {
	for _, row := range t.Rows {
		for i := range row {
			if row[i].Rounded {
				return true
			}
		}
	}
	return false
}

// valueCell is the cell of a figure v against its standard t: Below when
// the indicators decided it is (below), Rounded when it then looks met.
func (s *Site) valueCell(v indicators.Figure, t float64, below bool) Cell {
	return Cell{Text: s.f.Value(v), Num: true, Below: below, Rounded: below && v.Given && Round(v.Value, ValueDecimals) >= t}
}

// thresholdCell is valueCell of an aggregate figure, below t when less.
func (s *Site) thresholdCell(v indicators.Figure, t float64) Cell {
	return s.valueCell(v, t, v.Given && v.Value < t)
}

// ratioCell is the cell of v's share of its standard t (— when v is not
// given), Rounded when a share under 1 is shown as 1.00.
func ratioCell(v indicators.Figure, t float64) Cell {
	if !v.Given {
		return Cell{Text: "—", Num: true}
	}
	r := v.Value / t
	return Cell{Text: Fixed(r, ValueDecimals), Num: true, Rounded: r < 1 && Round(r, ValueDecimals) >= 1}
}

// sourcesOnce gives each of tables, in the order of the page, whose
// sources are those of the table just above it, a reference (Above) to the
// first of them instead of its own: ten years of downloads written under
// each of two trend tables were 3 MB of a province site.
func sourcesOnce(tables ...*Table) {
	var prev *Table
	for _, t := range tables {
		if t == nil {
			continue
		}
		if prev != nil && len(t.Sources) > 0 && slices.Equal(prev.Sources, t.Sources) {
			t.Above = prev.ID
			if prev.Above != "" {
				t.Above = prev.Above
			}
		}
		prev = t
	}
}

// Col is a column heading; Unit is shown in parentheses.
type Col struct {
	Text, Unit string
	Num        bool
}

// Cell is one cell. Text is shown as it is (escaped); URL makes it a link
// (a site path); Status writes a 达标/未达标/未提供 mark; Below marks a value
// under its threshold with a visible ↓ and its meaning for screen readers.
type Cell struct {
	Text   string
	URL    string
	Num    bool
	Head   bool   // a row heading (th scope=row)
	Status string // good, bad, muted: Text is then shown as a mark
	Below  bool
	Sub    string // a second, smaller line
	// Rounded: the figure is below its standard though, rounded for
	// display, it or its share of the standard (1.00) looks as if it met
	// it; the table's note then says so (Table.Rounded).
	Rounded bool
	Group   string // urban, town, rural: a colour key before the text
	NoWrap  bool   // short text that must not break
	// Unit: the cell is an indicator's unit, in the column after the
	// row's heading of a table of class "units", whose CSS aligns it and
	// keeps it whole; it carries no class of its own (a province site
	// has 80,000 such cells).
	Unit  bool
	Wide  bool   // long text (an indicator's full name): the column keeps a readable width
	Links []Link // several links, joined by " · " (Text is then unused)
	// RowSpan, when > 1, makes the cell span that many rows; the rows
	// below it leave the cell out.
	RowSpan int
	// Sort, when not "", is the cell's key for sorting the table in the
	// browser (data-sort): a number, or text compared as text.
	Sort string
}

// Source is where a table's numbers come from: one year's data.
type Source struct {
	Year       int
	YearLabel  string // "2024年", shown when a table spans several years
	Source     string // 数据来源
	AsOf       string // 统计时点, written out (2024年9月30日)
	CSV, JSON  string // site paths of the downloads
	NotesURL   string // site path of the 统计口径 notes ("" when there are none)
	HasNotes   bool
	CountyName string
}

// Sources are where the numbers of a table come from, a source a year.
type Sources []Source

// Yearly is what the years of a table spanning several have in common: the
// same 数据来源, or the same but for the year (2024年教育事业统计), and the same
// 统计时点 but for the year (2024年9月30日), so that its caption names them
// once. Nil when a year differs.
func (ss Sources) Yearly() *Yearly {
	if len(ss) < 2 {
		return nil
	}
	var y Yearly
	for i, s := range ss {
		source, each := strings.CutPrefix(s.Source, s.YearLabel)
		asOf, ok := strings.CutPrefix(s.AsOf, s.YearLabel)
		if !ok || s.YearLabel == "" || source == "" || asOf == "" {
			return nil
		}
		if i == 0 {
			y = Yearly{Source: source, EachYear: each, AsOf: asOf}
		} else if source != y.Source || each != y.EachYear || asOf != y.AsOf {
			return nil
		}
	}
	return &y
}

// Yearly is a source and 统计时点 without their year: 教育事业统计 (EachYear:
// each year's), 9月30日.
type Yearly struct {
	Source   string
	EachYear bool
	AsOf     string
}

// Lead is what a table spanning several years writes before this year's
// source: "2024年：", or nothing when the source already starts with the
// year (2024年教育事业统计).
func (s Source) Lead() string {
	if strings.HasPrefix(s.Source, s.YearLabel) {
		return ""
	}
	return s.YearLabel + "："
}

// Colours. The three 城乡 groups use the Okabe–Ito palette, distinguishable
// with every common colour-vision deficiency, and the decals (aria.decal)
// have svgchart draw a pattern over each, so that colour is never the only
// cue. site.css maps the ink, slate and year colours of the SVG to light ones
// in the high-contrast mode.
const (
	colUrban  = "#0072B2" // 城区: blue
	colTown   = "#E69F00" // 镇区: orange
	colRural  = "#009E73" // 乡村: bluish green
	colCounty = "#4D5B6A" // 全县 and single-series bars: slate
	colInk    = "#1F2329" // text, the 标准 line
	colFloor  = "#6E7781" // the 85 % floor line
)

// groupPalette is the palette of every chart: index i is group i
// (indicators.Groups order), then 全县.
var groupPalette = []string{colUrban, colTown, colRural, colCounty}

// yearPalettes shade 2 to 6 years from light (oldest) to dark (newest), in
// one hue no group uses, at lightness (CIELAB L*) evenly spaced from 78 to
// 18: neighbouring years stay apart on screen and in grey print (two or
// three years by about 30 points of L*), and the decals add a pattern to
// each. Years are not groups, so they never take a group's
// colour.
var yearPalettes = [][]string{
	{"#C5BAF1", "#2D2848"},
	{"#C5BAF1", "#746B9E", "#2D2848"},
	{"#C5BAF1", "#8F85B9", "#5B5383", "#2D2848"},
	{"#C5BAF1", "#9C92C7", "#746B9E", "#4F4777", "#2D2848"},
	{"#C5BAF1", "#A499CF", "#847AAE", "#655D8E", "#484264", "#2D2848"},
}

// yearColours are the colours of n years, oldest first; beyond six years
// the six-year ramp repeats.
func yearColours(n int) []string {
	switch {
	case n <= 1:
		return []string{yearPalettes[1][1]}
	case n-2 < len(yearPalettes):
		return append([]string(nil), yearPalettes[n-2]...)
	}
	ramp := yearPalettes[len(yearPalettes)-1]
	out := make([]string, n)
	for i := range out {
		out[i] = ramp[i%len(ramp)]
	}
	return out
}

func groupIndex(g indicators.Group) int {
	for i, x := range indicators.Groups {
		if x == g {
			return i
		}
	}
	return -1
}

// item is one data item of a series: its value ("-" when not given), and the
// label and tooltip texts, formatted in Go so that readers see the site's
// number formats (3,101.96, not 3101.96).
type item struct {
	Name      string          `json:"name,omitempty"`
	Value     any             `json:"value"`
	Label     *opts.Label     `json:"label,omitempty"`
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
	Tooltip   *tip            `json:"tooltip,omitempty"`
	Symbol    string          `json:"symbol,omitempty"`
}

type tip struct {
	Formatter string `json:"formatter"`
}

// markItem is one mark line: a threshold (标准) or the 85 % floor.
type markItem struct {
	Name      string          `json:"name,omitempty"`
	XAxis     any             `json:"xAxis,omitempty"`
	YAxis     any             `json:"yAxis,omitempty"`
	Label     *opts.Label     `json:"label,omitempty"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
}

// fig returns a chart value: the figure rounded as published, or "-"
// (ECharts' "no data").
func fig(f indicators.Figure, decimals int) any {
	if !f.Given || !finite(f.Value) {
		return "-"
	}
	return Round(f.Value, decimals)
}

// tipText makes a tooltip formatter from lines of text. ECharts reads
// {a}, {b}, {c}… in it as template variables; callers pass only texts of
// their own (numbers, group and indicator names) and "{b}" for a data name.
func tipText(lines ...string) *tip {
	return &tip{Formatter: strings.Join(lines, "\n")}
}

// label is a data item's own label text, for the exceptions (未提供, a
// verdict beside the number): the series' template (seriesLabel) prints the
// others. position, when not "", overrides the series' position.
func label(text, position string) *opts.Label {
	return &opts.Label{Formatter: text, Position: position}
}

// missingBar is the data item of a figure not given: no bar, 未提供 written
// where the bar would start (its place would read as 0), and a tooltip
// naming what is missing ("体育运动场馆 · 2024年") and saying so.
func (s *Site) missingBar(what string) item {
	return item{Value: 0, Label: label(s.f.Missing, "insideLeft"), Tooltip: tipText(what + "：" + s.f.Missing)}
}

// seriesLabel shows every value of the series as a label: the template
// "{c}", which svgchart prints with the chart's decimals (numbers).
func seriesLabel(position string) charts.SeriesOpts {
	return charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: position, Formatter: "{c}"})
}

// numbers is the Option patch that states how the chart prints {c} in its
// formatter templates — decimals, with thousands separators (svgchart) —
// and sets tip, when not "", as the tooltip template of every data item
// ("{b}：{c}"; an item's own tooltip overrides it). The values are rounded
// as published (fig, Round); the full precision is in the downloads.
func numbers(decimals int, tip string) func(map[string]any) {
	return func(m map[string]any) {
		gk, _ := m["gongkai"].(map[string]any)
		if gk == nil {
			gk = map[string]any{}
			m["gongkai"] = gk
		}
		gk["decimals"] = decimals
		if tt, ok := m["tooltip"].(map[string]any); ok && tip != "" {
			tt["formatter"] = tip
		}
	}
}

// standardLine is the threshold as a dashed line (ECharts' default for a
// mark line) labelled 标准, the label right of a horizontal line (its
// default place), above a vertical one (the charts leave room there).
func standardLine(horizontal bool, v float64, text string) markItem {
	m := markItem{Label: &opts.Label{Formatter: text}}
	if horizontal {
		// The category axes of horizontal charts are inverse (first
		// category on top), so the line starts at the top.
		m.XAxis = v
		m.Label.Position = "start"
	} else {
		m.YAxis = v
	}
	return m
}

// floorLine is the 85 % floor as a dotted line, unlabelled: it is often
// close to the 标准 line, so the subtitle names it instead.
func floorLine(horizontal bool, v float64) markItem {
	m := markItem{Label: &opts.Label{Show: opts.Bool(false)}, LineStyle: &opts.LineStyle{Color: colFloor, Type: "dotted"}}
	if horizontal {
		m.XAxis = v
	} else {
		m.YAxis = v
	}
	return m
}

func withMarks(marks ...markItem) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		ml := &opts.MarkLines{MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}}}
		for _, m := range marks {
			ml.Data = append(ml.Data, m)
		}
		s.MarkLines = ml
	}
}

// base is the options every chart shares: title and subtitle, tooltip,
// ECharts' aria (description and decals), the palette, the grid.
//
// Each chart sets its own grid (go-echarts appends every grid it is given).
func base(title, subtitle string, legend bool, palette []string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center", Top: "6"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Decal: &opts.AriaDecal{Show: opts.Bool(true)}}),
		charts.WithColorsOpts(palette),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "66", Left: "center", ItemWidth: 22, ItemHeight: 14}),
	}
}

// The look of titles, axes, grid lines, legends, data labels and mark lines
// (fonts, ink colours) is site.css's, by the classes svgchart gives them, in
// the normal and the high-contrast mode; the options carry what the chart
// says.

func valueAxisLabel() *opts.AxisLabel { return nil }

// catAxisLabel shows every category (ECharts would skip some when crowded).
func catAxisLabel() *opts.AxisLabel { return &opts.AxisLabel{Interval: "0"} }

func axisLine() *opts.AxisLine { return nil }

func splitLine() *opts.SplitLine { return nil }

// niceMax is an axis maximum a little above m, on a round number, so that a
// threshold above every bar stays inside the chart.
func niceMax(m float64) float64 {
	if !(m > 0) || !finite(m) {
		return 1
	}
	m *= 1.12
	mag := math.Pow(10, math.Floor(math.Log10(m)))
	for _, s := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if v := s * mag; v >= m {
			return Round(v, 10)
		}
	}
	return 10 * mag
}

// Option turns a go-echarts chart into the option JSON of the page: see the
// comment at the top of this file. patch, when not nil, adjusts the option
// as plain data (keys go-echarts has no field for).
func Option(c interface {
	Validate()
	JSON() map[string]interface{}
}, patches ...func(map[string]any)) (template.JS, error) {
	c.Validate()
	raw, err := json.Marshal(c.JSON())
	if err != nil {
		return "", err
	}
	m, err := decodeOption(raw)
	if err != nil {
		return "", err
	}
	// Keys the chart has no use for (go-echarts always writes them).
	for _, k := range []string{"toolbox"} {
		delete(m, k)
	}
	if tt, ok := m["tooltip"].(map[string]any); ok {
		tt["renderMode"] = "richText"
		tt["confine"] = true
		delete(tt, "show")    // the default
		delete(tt, "trigger") // "item", the default
	}
	if lg, ok := m["legend"].(map[string]any); ok && lg["show"] == false {
		delete(m, "legend")
	}
	// A value axis name at the top of a vertical axis starts at the axis
	// instead of centring on it (it would be cut at the chart's left edge).
	// An axis type ECharts would infer is left out: it takes an axis with
	// data for a category axis, one without for a value axis.
	for _, k := range []string{"xAxis", "yAxis"} {
		axes, _ := m[k].([]any)
		for _, a := range axes {
			a, ok := a.(map[string]any)
			if !ok {
				continue
			}
			if k == "yAxis" && a["type"] == "value" && a["name"] != nil && a["name"] != "" {
				a["nameTextStyle"] = map[string]any{"align": "left"}
			}
			if a["type"] == "category" && a["data"] != nil || a["type"] == "value" && a["data"] == nil {
				delete(a, "type")
			}
		}
	}
	for _, patch := range patches {
		if patch != nil {
			patch(m)
		}
	}
	dropNulls(m)
	// As json.Marshal, with its HTML escaping: \u003c \u003e \u0026 \u2028 \u2029.
	out, err := appendOption(make([]byte, 0, len(raw)), m)
	if err != nil {
		return "", err
	}
	return template.JS(out), nil
}

// dropNulls removes the null members go-echarts writes for fields without
// omitempty (ECharts reads a missing key and null alike). Array elements
// are kept: there null would be a value.
func dropNulls(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil {
				delete(v, k)
				continue
			}
			dropNulls(x)
		}
	case []any:
		for _, x := range v {
			dropNulls(x)
		}
	}
}

// ChartID makes an element id from the page and the chart: "c_" and the
// parts joined by "_", every character outside [A-Za-z0-9_] written as
// "x" and its hex code point.
func ChartID(parts ...string) string {
	var b strings.Builder
	b.WriteString("c")
	for _, p := range parts {
		b.WriteByte('_')
		for _, r := range p {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
				b.WriteRune(r)
			default:
				b.WriteString("x" + strconv.FormatInt(int64(r), 16))
			}
		}
	}
	return b.String()
}

// ids hands out the chart ids of one page, unique even if two charts ask
// for the same one.
type ids map[string]int

func (s ids) next(parts ...string) string {
	id := ChartID(parts...)
	s[id]++
	if n := s[id]; n > 1 {
		id = fmt.Sprintf("%s_%d", id, n)
	}
	return id
}

// cellStatusClass is the class of a status cell: 达标 "ok", 未达标 "bad",
// 暂不能判定 and 未提供 "na".
var cellStatusClass = map[string]string{"good": "ok", "bad": "bad", "muted": "na"}

// Class is the cell's class attribute.
//
// Report tables (class "rt") right-align their data cells; a cell that is
// not a number is "l" (left). Row headings are left-aligned.
func (c Cell) Class() string {
	if c.Unit {
		return ""
	}
	var cls []string
	switch {
	case c.Status != "":
		// A status is a coloured word; its class aligns it (site.css).
		// The class is short: a province site has 450,000 of them.
		cls = append(cls, cellStatusClass[statusClass(c.Status)])
	case !c.Num && !c.Head && c.Group == "":
		// Left-aligned text; a group's colour key aligns its cell.
		cls = append(cls, "l")
	}
	if c.Below {
		cls = append(cls, "below")
	}
	if c.Group != "" {
		cls = append(cls, "g-"+c.Group)
	}
	if c.NoWrap {
		cls = append(cls, "nw")
	}
	return strings.Join(cls, " ")
}
