package report

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/escape"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/markdown"
)

// The disclosure shortcode places a table of a 政府信息公开工作年度报告:
//
//	{{< disclosure table="active|requests|review" year="2024" >}}
//
// In the report itself year may be left out (the build fills it in from
// disclosure_report). The tables are written in the layout of
// 国办公开办函〔2021〕30号 — its header rows and merged cells, its words
// (internal/disclosure) — with the numbers right-aligned; each is followed
// by the links to its CSV and to the year's JSON.

func (s *Site) disclosureShortcode(sc markdown.Shortcode) (string, error) {
	if err := checkArgs(sc, "table", "year"); err != nil {
		return "", err
	}
	var names []string
	for _, t := range disclosure.Tables {
		names = append(names, t.Name)
	}
	table, ok := sc.Args["table"]
	if !ok {
		return "", fmt.Errorf("缺少参数 table（%s）", strings.Join(names, "、"))
	}
	ys, ok := sc.Args["year"]
	if !ok {
		return "", errors.New("缺少参数 year（年度报告之外的文档须写明年度）")
	}
	y, err := strconv.Atoi(strings.TrimSpace(ys))
	if err != nil {
		return "", fmt.Errorf("year=%q 不是年份", ys)
	}
	r := s.disclosure[y]
	if r == nil {
		var have []string
		for y := range s.disclosure {
			have = append(have, strconv.Itoa(y))
		}
		sort.Strings(have)
		if len(have) == 0 {
			have = []string{"无"}
		}
		return "", fmt.Errorf("没有%d年的政府信息公开工作年度报告（前置元数据 disclosure_report = %d 的文档和 data/disclosure/%d.toml；已有：%s）", y, y, y, strings.Join(have, "、"))
	}
	id := "dt-" + strconv.Itoa(y) + "-" + table + "-L" + strconv.Itoa(sc.Line) + "C" + strconv.Itoa(sc.Col)
	var b strings.Builder
	b.WriteString(`<div class="table-wrap dt-wrap" role="region" tabindex="0" aria-labelledby="`)
	b.WriteString(id)
	b.WriteString(`-cap">` + "\n")
	switch table {
	case disclosure.TableActive:
		s.disclosureActive(&b, r, id)
	case disclosure.TableRequests:
		s.disclosureRequests(&b, r, id)
	case disclosure.TableReview:
		s.disclosureReview(&b, r, id)
	default:
		return "", fmt.Errorf("table=%q 不是年度报告的表格（%s）", table, strings.Join(names, "、"))
	}
	b.WriteString("</table>\n</div>\n<p class=\"table-note dt-files\">")
	s.link(&b, layout.DisclosureCSV(y, table), s.t.s("dr_csv"))
	b.WriteString(" · ")
	s.link(&b, layout.DisclosureJSON(y), s.t.s("dr_json"))
	b.WriteString("</p>")
	if err := s.t.err(); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (s *Site) link(b *strings.Builder, p, text string) {
	b.WriteString(`<a href="`)
	s.escapeURL(b, p)
	b.WriteString(`">`)
	escape.HTML(b, text)
	b.WriteString("</a>")
}

// startTable writes the table's opening tag and its caption, which names
// it for assistive technology (the report's heading names it for the eye).
func (s *Site) startTable(b *strings.Builder, id, class, caption string) {
	b.WriteString(`<table class="dt ` + class + `">` + "\n")
	b.WriteString(`<caption id="` + id + `-cap" class="visually-hidden">`)
	escape.HTML(b, caption)
	b.WriteString("</caption>\n")
}

// cell writes one table cell: <th> or <td>, its spans, scope and class.
func cell(b *strings.Builder, tag, scope, class string, colspan, rowspan int, text string) {
	b.WriteString("<" + tag)
	if colspan > 1 {
		b.WriteString(` colspan="` + strconv.Itoa(colspan) + `"`)
	}
	if rowspan > 1 {
		b.WriteString(` rowspan="` + strconv.Itoa(rowspan) + `"`)
	}
	if scope != "" {
		b.WriteString(` scope="` + scope + `"`)
	}
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	b.WriteByte('>')
	escape.HTML(b, text)
	b.WriteString("</" + tag + ">")
}

// groupCell writes the name of a group of 三's rows, （三）不予公开, with
// its numbering on a line of its own, as the narrow column of the format
// has it.
func groupCell(b *strings.Builder, rows int, name string) {
	b.WriteString(`<th rowspan="` + strconv.Itoa(rows) + `" scope="row" class="dt-group">`)
	if i := strings.Index(name, "）"); i > 0 {
		b.WriteString(`<span class="dt-enum">`)
		escape.HTML(b, name[:i+len("）")])
		b.WriteString("</span>")
		name = name[i+len("）"):]
	}
	escape.HTML(b, name)
	b.WriteString("</th>")
}

// num writes a number cell spanning colspan columns.
func num(b *strings.Builder, colspan int, n string) { cell(b, "td", "", "num", colspan, 1, n) }

// disclosureActive is 表二: four parts (第二十条第（一）（五）（六）（八）项),
// each a group of rows with its own header row; the parts after the
// first have one figure, spanning the three columns of the counts.
func (s *Site) disclosureActive(b *strings.Builder, r *disclosure.Report, id string) {
	a := r.Active
	s.startTable(b, id, "dt-active", s.t.f("dr_caption_active", r.Year))
	b.WriteString(`<colgroup><col class="dt-name"><col span="3" class="dt-n"></colgroup>` + "\n")
	part := func(article string, heads ...string) {
		b.WriteString("<tbody>\n<tr class=\"dt-part\">")
		cell(b, "th", "rowgroup", "", 4, 1, article)
		b.WriteString("</tr>\n<tr class=\"dt-head\">")
		cell(b, "th", "col", "", 1, 1, disclosure.ContentHeading)
		for _, h := range heads {
			cell(b, "th", "col", "num", 4-len(heads), 1, h)
		}
		b.WriteString("</tr>\n")
	}
	row := func(name string, figures ...string) {
		b.WriteString("<tr>")
		cell(b, "th", "row", "", 1, 1, name)
		for _, f := range figures {
			num(b, 4-len(figures), f)
		}
		b.WriteString("</tr>\n")
	}
	counts := func(name string, c disclosure.DocCounts) {
		row(name, strconv.Itoa(c.Issued), strconv.Itoa(c.Abolished), strconv.Itoa(c.InForce))
	}
	part(disclosure.ActiveArticle1, disclosure.IssuedHeading, disclosure.AbolishHeading, disclosure.InForceHeading)
	counts(disclosure.RegulationName, a.Regulation)
	counts(disclosure.NormativeName, a.Normative)
	b.WriteString("</tbody>\n")
	part(disclosure.ActiveArticle5, disclosure.DecisionsHead)
	row(disclosure.LicensingName, strconv.Itoa(a.Licensing))
	b.WriteString("</tbody>\n")
	part(disclosure.ActiveArticle6, disclosure.DecisionsHead)
	row(disclosure.PunishmentName, strconv.Itoa(a.Punishment))
	row(disclosure.EnforceName, strconv.Itoa(a.Enforcement))
	b.WriteString("</tbody>\n")
	part(disclosure.ActiveArticle8, disclosure.FeesHeading)
	row(disclosure.FeesName, strconv.FormatFloat(a.FeesWanYuan, 'f', -1, 64))
	b.WriteString("</tbody>\n")
}

// disclosureRequests is 表三: three header rows (申请人情况 over 自然人,
// 法人或其他组织's five columns and 总计; the 勾稽关系 note in the corner),
// then the rows named across three merged columns — 一、二、四 span all
// three, 三's rows sit beside 三、本年度办理结果 and, for (三) to (六),
// beside their group.
func (s *Site) disclosureRequests(b *strings.Builder, r *disclosure.Report, id string) {
	s.startTable(b, id, "dt-requests", s.t.f("dr_caption_requests", r.Year))
	// Column groups: the names; 自然人; 法人或其他组织's five; 总计.
	b.WriteString(`<colgroup><col class="dt-part-col"><col class="dt-group-col"><col class="dt-item-col"></colgroup>` +
		`<colgroup><col class="dt-n"></colgroup><colgroup>` + strings.Repeat(`<col class="dt-n">`, int(disclosure.NumApplicants)-1) +
		`</colgroup><colgroup><col class="dt-n"></colgroup>` + "\n<thead>\n<tr>")
	cell(b, "td", "", "dt-corner", 3, 3, disclosure.BalanceNote)
	cell(b, "th", "colgroup", "", disclosure.NumColumns, 1, disclosure.ApplicantsHeading)
	b.WriteString("</tr>\n<tr>")
	cell(b, "th", "col", "num", 1, 2, disclosure.ApplicantNames[disclosure.NaturalPerson])
	cell(b, "th", "colgroup", "", int(disclosure.NumApplicants)-1, 1, disclosure.OrganisationsHeading)
	cell(b, "th", "col", "num", 1, 2, disclosure.TotalHeading)
	b.WriteString("</tr>\n<tr>")
	for a := disclosure.Business; a < disclosure.NumApplicants; a++ {
		cell(b, "th", "col", "num", 1, 1, disclosure.ApplicantNames[a])
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	figures := func(row disclosure.Row) {
		for _, n := range r.Requests[row] {
			num(b, 1, strconv.Itoa(n))
		}
		b.WriteString("</tr>\n")
	}
	whole := func(row disclosure.Row) {
		b.WriteString("<tr>")
		cell(b, "th", "row", "", 3, 1, disclosure.Rows[row].Group)
		figures(row)
	}
	whole(disclosure.New)
	whole(disclosure.CarriedOver)
	b.WriteString("</tbody>\n<tbody class=\"dt-results\">\n")
	// 三's rows: (一), (二) and (七) span the group and item columns; the
	// groups (三) to (六) head their items.
	results := int(disclosure.Total - disclosure.Granted + 1)
	for row := disclosure.Granted; row <= disclosure.Total; row++ {
		info := disclosure.Rows[row]
		b.WriteString("<tr>")
		if row == disclosure.Granted {
			cell(b, "th", "rowgroup", "dt-part-name", 1, results, disclosure.Part)
		}
		switch {
		case info.Item == "":
			cell(b, "th", "row", "", 2, 1, info.Group)
		default:
			if row == disclosure.Granted || disclosure.Rows[row-1].Group != info.Group {
				n := 0
				for k := row; k <= disclosure.Total && disclosure.Rows[k].Group == info.Group; k++ {
					n++
				}
				groupCell(b, n, info.Group)
			}
			cell(b, "th", "row", "dt-item", 1, 1, info.Item)
		}
		figures(row)
	}
	b.WriteString("</tbody>\n<tbody>\n")
	whole(disclosure.CarriedForward)
	b.WriteString("</tbody>\n")
}

// disclosureReview is 表四: 行政复议's five columns, then 行政诉讼's ten
// (未经复议直接起诉 and 复议后起诉, five each), over one row of figures.
func (s *Site) disclosureReview(b *strings.Builder, r *disclosure.Report, id string) {
	s.startTable(b, id, "dt-review", s.t.f("dr_caption_review", r.Year))
	b.WriteString(`<colgroup span="5"></colgroup><colgroup span="5"></colgroup><colgroup span="5"></colgroup>` + "\n<thead>\n<tr>")
	cell(b, "th", "colgroup", "", 5, 1, disclosure.ReviewName)
	cell(b, "th", "colgroup", "", 10, 1, disclosure.LitigationName)
	b.WriteString("</tr>\n<tr>")
	for _, h := range disclosure.OutcomeHeadings {
		cell(b, "th", "col", "num", 1, 2, h)
	}
	cell(b, "th", "colgroup", "", 5, 1, disclosure.LitigationDirectName)
	cell(b, "th", "colgroup", "", 5, 1, disclosure.LitigationAfterName)
	b.WriteString("</tr>\n<tr>")
	for range 2 {
		for _, h := range disclosure.OutcomeHeadings {
			cell(b, "th", "col", "num", 1, 1, h)
		}
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n<tr>")
	for _, o := range []disclosure.Outcomes{r.Review.Review, r.Review.LitigationDirect, r.Review.LitigationAfterReview} {
		for _, n := range o.Cells() {
			num(b, 1, strconv.Itoa(n))
		}
	}
	b.WriteString("</tr>\n</tbody>\n")
}
