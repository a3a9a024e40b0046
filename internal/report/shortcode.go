package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/markdown"
)

// Shortcodes let a document quote the data, so that its text never goes
// stale:
//
//	{{< value indicator="backbone_teachers" level="primary" year="2024" group="rural" >}}
//	{{< value indicator="…" level="…" year="…" measure="cv" >}}
//	{{< chart kind="groups" year="2024" level="primary" indicator="backbone_teachers" >}}
//	{{< chart kind="cv" year="2024" level="primary" >}}
//	{{< chart kind="pass" year="2024" level="junior" >}}
//	{{< disclosure table="requests" year="2024" >}}
//
// value prints one formatted figure without its unit. measure is value
// (default; with group, the group's value), cv, cv_limit, threshold, or
// pass_share (the share of school parts meeting the indicator's threshold,
// as a percentage, of the group or of the county). chart places a chart with
// its table, as on the year report. county="<code>" picks the county in a
// year of several. disclosure places a table of a 政府信息公开工作年度报告
// (disclosure.go). Any unknown shortcode, argument or value is an error,
// which the build reports at the document's file and line.

// Shortcode renders a shortcode; it is the markdown.ShortcodeFunc of the
// documents. It is safe for concurrent use.
func (s *Site) Shortcode(sc markdown.Shortcode) (string, error) {
	switch sc.Name {
	case "value":
		return s.valueShortcode(sc)
	case "chart":
		return s.chartShortcode(sc)
	case disclosure.Shortcode:
		return s.disclosureShortcode(sc)
	}
	return "", fmt.Errorf("未知的短代码 %q（可用：value、chart、disclosure）", sc.Name)
}

func checkArgs(sc markdown.Shortcode, allowed ...string) error {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad []string
	for k := range sc.Args {
		if !ok[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("未知的参数 %s（可用：%s）", strings.Join(bad, "、"), strings.Join(allowed, "、"))
	}
	return nil
}

// target finds the year's unit and level the arguments name.
func (s *Site) target(sc markdown.Shortcode) (*unit, *indicators.LevelReport, error) {
	ys, ok := sc.Args["year"]
	if !ok {
		return nil, nil, errors.New("缺少参数 year")
	}
	y, err := strconv.Atoi(strings.TrimSpace(ys))
	if err != nil {
		return nil, nil, fmt.Errorf("year=%q 不是年份", ys)
	}
	us := s.unitsOf(y)
	if len(us) == 0 {
		have := make([]string, len(s.years))
		for i, y := range s.years {
			have[i] = strconv.Itoa(y)
		}
		if len(have) == 0 {
			return nil, nil, fmt.Errorf("没有 %d 年的数据（站点没有 data/ 数据）", y)
		}
		return nil, nil, fmt.Errorf("没有 %d 年的数据（有：%s）", y, strings.Join(have, "、"))
	}
	u := us[0]
	if code, ok := sc.Args["county"]; ok {
		u = nil
		for _, x := range us {
			if x.code == code {
				u = x
			}
		}
		if u == nil {
			return nil, nil, fmt.Errorf("%d 年没有区县代码为 %q 的数据", y, code)
		}
	} else if len(us) > 1 {
		return nil, nil, fmt.Errorf("%d 年有多个区县的数据，请用 county=\"区县代码\" 指定", y)
	}
	ls, ok := sc.Args["level"]
	if !ok {
		return nil, nil, errors.New("缺少参数 level（primary 或 junior）")
	}
	var lv indicators.Level
	switch ls {
	case string(indicators.Primary), "小学":
		lv = indicators.Primary
	case string(indicators.Junior), "初中":
		lv = indicators.Junior
	default:
		return nil, nil, fmt.Errorf("level=%q 不是学段（primary 或 junior）", ls)
	}
	lr := u.report().Levels.Get(lv)
	if lr == nil {
		return nil, nil, fmt.Errorf("%d 年没有%s的数据", y, lv.Chinese())
	}
	return u, lr, nil
}

func parseIndicator(v string) (indicators.Indicator, error) {
	for _, ind := range indicators.Indicators {
		if string(ind) == v {
			return ind, nil
		}
	}
	keys := make([]string, len(indicators.Indicators))
	for i, ind := range indicators.Indicators {
		keys[i] = string(ind)
	}
	return "", fmt.Errorf("indicator=%q 不是指标（可用：%s）", v, strings.Join(keys, "、"))
}

func (s *Site) valueShortcode(sc markdown.Shortcode) (string, error) {
	if err := checkArgs(sc, "indicator", "level", "year", "group", "measure", "county"); err != nil {
		return "", err
	}
	u, lr, err := s.target(sc)
	if err != nil {
		return "", err
	}
	is, ok := sc.Args["indicator"]
	if !ok {
		return "", errors.New("缺少参数 indicator")
	}
	ind, err := parseIndicator(is)
	if err != nil {
		return "", err
	}
	ir := lr.Indicators[ind]
	var group *indicators.GroupResult
	if gs, ok := sc.Args["group"]; ok {
		var g indicators.Group
		for _, x := range indicators.Groups {
			if string(x) == gs || x.Chinese() == gs {
				g = x
			}
		}
		if g == "" {
			return "", fmt.Errorf("group=%q 不是城乡类别（urban、town 或 rural）", gs)
		}
		group = ir.Groups[g]
		if group == nil {
			group = &indicators.GroupResult{}
		}
	}
	measure := "value"
	if m, ok := sc.Args["measure"]; ok {
		measure = m
	}
	var out string
	switch measure {
	case "value":
		if group != nil {
			out = s.f.Value(group.Value)
		} else {
			out = s.f.Value(ir.Value)
		}
	case "threshold":
		out = Standard(ind, ir.Threshold)
	case "cv", "cv_limit":
		if group != nil {
			return "", fmt.Errorf("measure=%q 是全县的差异系数，不能指定 group", measure)
		}
		if measure == "cv" {
			out = s.f.CV(ir.CV)
		} else {
			out = Limit(ir.CVLimit)
		}
	case "pass_share":
		if group != nil {
			out = s.f.Share(group.PassShare)
		} else if met, n, ok := metCount(ir); ok {
			out = Percent(float64(met)/float64(n), PercentDecimals)
		} else {
			out = s.f.Missing
		}
	default:
		return "", fmt.Errorf("measure=%q 不可用（可用：value、cv、threshold、pass_share、cv_limit）", measure)
	}
	if err := s.t.err(); err != nil {
		return "", err
	}
	_ = u
	return html.EscapeString(out), nil
}

func (s *Site) chartShortcode(sc markdown.Shortcode) (string, error) {
	if err := checkArgs(sc, "kind", "indicator", "level", "year", "county"); err != nil {
		return "", err
	}
	kind, ok := sc.Args["kind"]
	if !ok {
		return "", errors.New("缺少参数 kind（groups、cv 或 pass）")
	}
	if kind != "groups" && kind != "cv" && kind != "pass" {
		return "", fmt.Errorf("kind=%q 不是图表类型（groups、cv 或 pass）", kind)
	}
	u, lr, err := s.target(sc)
	if err != nil {
		return "", err
	}
	id := ChartID("doc", "L"+strconv.Itoa(sc.Line), "C"+strconv.Itoa(sc.Col), kind, strconv.Itoa(u.year), string(lr.Level))
	var c *Chart
	switch kind {
	case "groups":
		is, ok := sc.Args["indicator"]
		if !ok {
			return "", errors.New("kind=\"groups\" 需要参数 indicator")
		}
		ind, err := parseIndicator(is)
		if err != nil {
			return "", err
		}
		c, err = s.groupsChart(u, lr, ind, id+"_"+string(ind))
		if err != nil {
			return "", err
		}
		c.Table.Note = s.t.s("rpt_note_groups")
	case "cv", "pass":
		if _, ok := sc.Args["indicator"]; ok {
			return "", fmt.Errorf("kind=%q 是七项指标的图表，不接受参数 indicator", kind)
		}
		if kind == "cv" {
			c, err = s.cvChart(u, lr, id)
		} else {
			c, err = s.passChart(u, lr, id)
		}
		if err != nil {
			return "", err
		}
	}
	if err := s.t.err(); err != nil {
		return "", err
	}
	if s.chartTmpl == nil {
		return "", errors.New("主题缺少 layouts/_chart.html，无法放置图表")
	}
	c.ChartsJS = s.cfg.URL(s.chartsJSPath)
	// In a document the table links to the report's notes.
	var b bytes.Buffer
	if err := s.chartTmpl.ExecuteTemplate(&b, "chart", c); err != nil {
		return "", err
	}
	s.scCharts.Add(1)
	return b.String(), nil
}
