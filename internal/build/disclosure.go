package build

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/publish"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// loadDisclosure reads data/disclosure/ and computes the 政府信息公开工作年度报告
// of every published document with disclosure_report = <year>, from the
// site's 规章 and 行政规范性文件, the year's figures and the register. Each
// report's body is readied for rendering (disclosure.Prepare): its
// shortcodes learn the year, and a table the author placed nowhere goes
// after its heading. The reports are by year.
func loadDisclosure(opts Options, c *content.Content, diags *diag.List) []*disclosure.Report {
	in, dl := data.LoadDisclosure(opts.Fs, opts.Source)
	diags.Merge(dl)
	if c == nil {
		return nil
	}
	var counted []disclosure.Document
	var countedDocs []*content.Document
	var reports []*content.Document
	for _, d := range c.Docs {
		if d.Normative || d.Regulation {
			kind := disclosure.Normative
			if d.Regulation {
				kind = disclosure.Regulation
			}
			counted = append(counted, disclosure.Document{Kind: kind, Written: day(d.Written), Abolished: day(d.Abolished),
				Expires: day(d.Expires), Repealed: d.Validity == content.Repealed, Expired: d.Validity == content.Expired})
			countedDocs = append(countedDocs, d)
		}
		if d.DisclosureReport != 0 {
			reports = append(reports, d)
		}
	}
	sort.SliceStable(reports, func(i, j int) bool {
		if reports[i].DisclosureReport != reports[j].DisclosureReport {
			return reports[i].DisclosureReport < reports[j].DisclosureReport
		}
		return reports[i].Path < reports[j].Path
	})
	at := func(d *content.Document, key string, msg string) {
		diags.Add(diag.Diagnostic{Severity: diag.Error, File: content.Dir + "/" + d.Path, Line: d.KeyLine(key), Column: key, Msg: msg})
	}
	var out []*disclosure.Report
	reported := map[string]bool{} // a document's problem, once for all years
	for i, d := range reports {
		y := d.DisclosureReport
		if i > 0 && reports[i-1].DisclosureReport == y {
			at(d, "disclosure_report", fmt.Sprintf("%s 已是%d年的政府信息公开工作年度报告；每年只能有一篇", content.Dir+"/"+reports[i-1].Path, y))
			continue
		}
		fy := in.Years[y]
		if fy == nil {
			at(d, "disclosure_report", fmt.Sprintf("没有 data/%s/%d.toml：年度报告的表二、表四需要其中的数字（格式见 docs/disclosure.md）", data.DisclosureDir, y))
			continue
		}
		rep, probs := disclosure.Compute(y, counted, fy.Figures, in.Register)
		for _, p := range probs {
			doc := countedDocs[p.Doc]
			if k := doc.Path + "\x00" + p.Key; !reported[k] {
				reported[k] = true
				diags.Add(diag.Diagnostic{Severity: diag.Error, File: content.Dir + "/" + doc.Path, Line: problemLine(doc, p.Key), Column: p.Key, Msg: p.Msg})
			}
		}
		body, missing := disclosure.Prepare(d.Body, y)
		d.Body = body // a new slice: the content cache keeps the file's own
		if len(missing) > 0 {
			var names []string
			for _, m := range missing {
				for _, t := range disclosure.Tables {
					if t.Name == m {
						names = append(names, fmt.Sprintf("“%s、”（或在正文中写 {{< %s table=\"%s\" >}}）", t.Numeral, disclosure.Shortcode, m))
					}
				}
			}
			at(d, "disclosure_report", "年度报告的表格放在标题“二、”“三、”“四、”之后，但正文中没有以 "+strings.Join(names, "、")+" 开头的标题")
		}
		out = append(out, rep)
	}
	return out
}

// problemLine is the line of a document's problem: the missing key's
// when it is written, else the line that made it needed (有效性 for a
// missing 废止日期 or 失效日期, normative or regulation for a missing 成文日期).
func problemLine(d *content.Document, key string) int {
	if l := d.KeyLine(key); l > 1 {
		return l
	}
	for _, k := range []string{"validity", "normative", "regulation"} {
		if k == "validity" && key == "written" {
			continue
		}
		if l := d.KeyLine(k); l > 1 {
			return l
		}
	}
	return 1
}

// day is a content date as the disclosure package holds it.
func day(d content.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return disclosure.Day(d.Year, d.Month, d.Day)
}

// writeDisclosure writes each report's data files (publish.Disclosure)
// into layout.Disclosure.
func writeDisclosure(site *Site, w render.Writer) error {
	for _, r := range site.Disclosure {
		files, err := publish.Disclosure(r)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := w.WriteFile(layout.Disclosure+f.Name, f.Data); err != nil {
				return err
			}
		}
	}
	return nil
}
