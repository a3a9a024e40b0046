package publish

import (
	"bytes"
	"path"
	"regexp"
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/csvout"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// Disclosure is the data files of a 政府信息公开工作年度报告, in the folder
// layout.Disclosure: <year>.json (the contract's keys) and each of its
// three tables as CSV, with the format's words, for a spreadsheet.
func Disclosure(r *disclosure.Report) ([]File, error) {
	js, err := encodeJSON(r)
	if err != nil {
		return nil, err
	}
	// A row of 表三 on one line, as the table has it.
	js = numberArray.ReplaceAllFunc(js, func(m []byte) []byte {
		return append(append([]byte("["), bytes.Join(bytes.Fields(bytes.Trim(m, "[]")), []byte(" "))...), ']')
	})
	name := func(p string) string { return path.Base(p) }
	return []File{
		{name(layout.DisclosureJSON(r.Year)), js},
		{name(layout.DisclosureCSV(r.Year, disclosure.TableActive)), DisclosureActiveCSV(r)},
		{name(layout.DisclosureCSV(r.Year, disclosure.TableRequests)), DisclosureRequestsCSV(r)},
		{name(layout.DisclosureCSV(r.Year, disclosure.TableReview)), DisclosureReviewCSV(r)},
	}, nil
}

// numberArray is an indented JSON array of numbers.
var numberArray = regexp.MustCompile(`\[(?:\s*-?[0-9.]+,)*\s*-?[0-9.]+\s*\]`)

// DisclosureActiveCSV is 表二: a row for each 信息内容, the figures it has in
// their columns, the others empty.
func DisclosureActiveCSV(r *disclosure.Report) []byte {
	a := r.Active
	t := csvout.New([]string{"条款", disclosure.ContentHeading, disclosure.IssuedHeading, disclosure.AbolishHeading, disclosure.InForceHeading,
		disclosure.DecisionsHead, "本年收费金额（万元）"}, 512)
	docs := func(name string, c disclosure.DocCounts) {
		t.Row([]string{disclosure.ActiveArticle1, name, strconv.Itoa(c.Issued), strconv.Itoa(c.Abolished), strconv.Itoa(c.InForce), "", ""})
	}
	docs(disclosure.RegulationName, a.Regulation)
	docs(disclosure.NormativeName, a.Normative)
	t.Row([]string{disclosure.ActiveArticle5, disclosure.LicensingName, "", "", "", strconv.Itoa(a.Licensing), ""})
	t.Row([]string{disclosure.ActiveArticle6, disclosure.PunishmentName, "", "", "", strconv.Itoa(a.Punishment), ""})
	t.Row([]string{disclosure.ActiveArticle6, disclosure.EnforceName, "", "", "", strconv.Itoa(a.Enforcement), ""})
	t.Row([]string{disclosure.ActiveArticle8, disclosure.FeesName, "", "", "", "", strconv.FormatFloat(a.FeesWanYuan, 'f', -1, 64)})
	return t.Bytes()
}

// DisclosureRequestsCSV is 表三: the row's name in three columns (项目,
// 办理结果 and 情形, as the format merges them), then the six applicants
// and 总计.
func DisclosureRequestsCSV(r *disclosure.Report) []byte {
	head := []string{"项目", "类别", "情形"}
	for c := 0; c < disclosure.NumColumns; c++ {
		head = append(head, disclosure.ColumnName(c))
	}
	t := csvout.New(head, 4096)
	for row := range r.Requests {
		info := disclosure.Rows[row]
		var cells []string
		if rw := disclosure.Row(row); rw >= disclosure.Granted && rw <= disclosure.Total {
			cells = []string{disclosure.Part, info.Group, info.Item}
		} else {
			cells = []string{info.Group, "", ""}
		}
		for _, n := range r.Requests[row] {
			cells = append(cells, strconv.Itoa(n))
		}
		t.Row(cells)
	}
	return t.Bytes()
}

// DisclosureReviewCSV is 表四, a row for each kind of proceedings.
func DisclosureReviewCSV(r *disclosure.Report) []byte {
	t := csvout.New(append([]string{"类别"}, disclosure.OutcomeHeadings[:]...), 512)
	for _, k := range []struct {
		name string
		o    disclosure.Outcomes
	}{
		{disclosure.ReviewName, r.Review.Review},
		{disclosure.LitigationDirectTitle, r.Review.LitigationDirect},
		{disclosure.LitigationAfterTitle, r.Review.LitigationAfterReview},
	} {
		row := []string{k.name}
		for _, n := range k.o.Cells() {
			row = append(row, strconv.Itoa(n))
		}
		t.Row(row)
	}
	return t.Bytes()
}
