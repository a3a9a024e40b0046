// Package disclosure is the 政府信息公开工作年度报告 (《政府信息公开条例》第五十条)
// in the format of 国办公开办函〔2021〕30号: its three tables as a model, the
// rules that count them from the site's documents and its register of
// applications, and the 勾稽关系 the tables must satisfy. It is pure: the
// load stage (internal/data, internal/content) reads the inputs, the build
// hands them here, and the pages and files are made from the Report.
//
// Dates are calendar days, held as time.Time at 00:00 UTC (Day).
package disclosure

import (
	"time"
)

// Day is the calendar day y-m-d as this package holds it.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Report is one year's report: the three tables.
type Report struct {
	Year     int
	Active   Active   // 二、主动公开政府信息情况
	Requests Requests // 三、收到和处理政府信息公开申请情况
	Review   Review   // 四、政府信息公开行政复议、行政诉讼情况
}

// Active is the table of 主动公开: 第二十条第（一）项 counted from the
// documents, the others as given in data/disclosure/<year>.toml.
type Active struct {
	Regulation  DocCounts `json:"regulation"` // 规章
	Normative   DocCounts `json:"normative"`  // 行政规范性文件
	Licensing   int       `json:"licensing"`  // 行政许可 本年处理决定数量
	Punishment  int       `json:"punishment"` // 行政处罚
	Enforcement int       `json:"enforcement"`
	FeesWanYuan float64   `json:"fees_wan_yuan"` // 行政事业性收费 本年收费金额（万元）
}

// DocCounts are the three figures of 规章 or 行政规范性文件.
type DocCounts struct {
	Issued    int `json:"issued"`    // 本年制发件数
	Abolished int `json:"abolished"` // 本年废止件数
	InForce   int `json:"in_force"`  // 现行有效件数
}

// Outcomes are the results of one kind of proceedings in 表四.
type Outcomes struct {
	Upheld    int // 结果维持
	Corrected int // 结果纠正
	Other     int // 其他结果
	Pending   int // 尚未审结
}

// Total is 总计.
func (o Outcomes) Total() int { return o.Upheld + o.Corrected + o.Other + o.Pending }

// Review is 表四.
type Review struct {
	Review                Outcomes `json:"review"`                  // 行政复议
	LitigationDirect      Outcomes `json:"litigation_direct"`       // 行政诉讼 未经复议直接起诉
	LitigationAfterReview Outcomes `json:"litigation_after_review"` // 行政诉讼 复议后起诉
}

// Figures are what data/disclosure/<year>.toml gives: the figures no
// document of the site holds.
type Figures struct {
	Licensing, Punishment, Enforcement int
	FeesWanYuan                        float64
	Review                             Review
	// Requests, when not nil, is 表三 given directly ([requests]) by a
	// bureau without a register; its totals are complete (FillTotals) and
	// its rules checked by the loader.
	Requests *Requests
}

// Compute makes the report of year from the site's 规章 and 行政规范性文件,
// the year's figures and the register of applications (ignored when
// f.Requests is given). The problems are the documents that cannot be
// counted; they are left out of the counts.
func Compute(year int, docs []Document, f Figures, register []Application) (*Report, []DocProblem) {
	r := &Report{Year: year, Review: f.Review}
	var probs []DocProblem
	r.Active.Regulation, r.Active.Normative, probs = CountDocuments(docs, year)
	r.Active.Licensing, r.Active.Punishment, r.Active.Enforcement = f.Licensing, f.Punishment, f.Enforcement
	r.Active.FeesWanYuan = f.FeesWanYuan
	if f.Requests != nil {
		r.Requests = *f.Requests
	} else {
		r.Requests = CountRequests(register, year)
	}
	return r, probs
}
