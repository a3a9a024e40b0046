package portal

// 修订记录: the page and the CSV of what changed in the published data,
// from the revision.History the load stage read (internal/history).

import (
	"fmt"

	"github.com/gongkai-dev/gongkai/internal/csvout"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/revision"
)

// RevisionsPage is the Data of layouts/revisions.html.
type RevisionsPage struct {
	History *revision.History
	Reason  string            // the translated reason when there is no history
	Changes []revision.Change // shown (at most MaxRevisionRows)
	Total   int
	CSV     string // site path of the CSV of every change, "" when none
}

// MaxRevisionRows caps the rows on the page; the CSV has them all.
const MaxRevisionRows = 200

func (p *Portal) revisionsPage() render.ExtraPage {
	title := p.t("pt_rev_title")
	h := p.opts.History
	if h == nil {
		h = &revision.History{Reason: revision.NoRepo}
	}
	d := &RevisionsPage{History: h, Total: len(h.Changes)}
	if !h.Available {
		d.Reason = p.t("pt_rev_reason_" + h.Reason)
	}
	d.Changes = h.Changes
	if len(d.Changes) > MaxRevisionRows {
		d.Changes = d.Changes[:MaxRevisionRows]
	}
	if len(h.Changes) > 0 {
		d.CSV = layout.RevisionsCSV
	}
	return render.ExtraPage{
		Layout: "revisions",
		Page: render.Page{Kind: "revisions", Title: title, URL: layout.Revisions, Description: p.t("pt_rev_desc"),
			Crumbs: []render.Crumb{{Title: title}}},
		Data: d,
	}
}

// revisionsCSV is every change, as every table the site publishes.
func (p *Portal) revisionsCSV() []byte {
	t := csvout.New([]string{"修订日期", "版本", "年度", "区县", "学校标识码", "学校名称", "学段", "项目", "原值", "新值", "修订说明"}, 0)
	for _, c := range p.opts.History.Changes {
		col, old, nw := c.Column, c.Old, c.New
		switch c.Kind {
		case "added":
			col, nw = p.t("pt_rev_added"), p.t("pt_rev_added")
		case "removed":
			col, old = p.t("pt_rev_removed"), p.t("pt_rev_removed")
		}
		t.Row([]string{c.Date.String(), c.Commit, fmt.Sprint(c.Year), c.County, c.SchoolID, c.School, c.Level, col, old, nw, c.Reason})
	}
	return t.Bytes()
}
