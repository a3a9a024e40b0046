package disclosure

import (
	"fmt"
	"time"
)

// Kind is what a counted document is (第二十条第（一）项).
type Kind int

const (
	Normative  Kind = iota // 行政规范性文件 (front matter normative = true)
	Regulation             // 规章 (regulation = true)
)

// Document is a 规章 or 行政规范性文件 of the site, as its front matter
// dates it.
type Document struct {
	Kind      Kind
	Written   time.Time // 成文日期; zero when not given
	Abolished time.Time // 废止日期, the first day it is no longer in force; zero when not given
	Expires   time.Time // 失效日期, the last day it is in force; zero when it has none
	Repealed  bool      // 有效性 is 废止
	Expired   bool      // 有效性 is 失效
}

// DocProblem is a document that cannot be counted in a year's report.
type DocProblem struct {
	Doc int    // index in the documents given
	Key string // the front matter key that is missing
	Msg string
}

// CountDocuments counts 表二's 第二十条第（一）项 for year: 制发 are the
// documents written in the year; 废止 those abolished in it; 现行有效 those
// written by its last day and in force on it — not abolished on or before
// it, and not past their 失效日期 (a document that expires on 31 December
// is still in force that day). A document marked 废止 without its 废止日期,
// or 失效 without its 失效日期, cannot be placed and is a problem once it
// was written by the end of the year; so is one without a 成文日期.
func CountDocuments(docs []Document, year int) (regulation, normative DocCounts, probs []DocProblem) {
	last := Day(year, time.December, 31)
	for i, d := range docs {
		switch {
		case d.Written.IsZero():
			probs = append(probs, DocProblem{i, "written", fmt.Sprintf("缺少成文日期 written，无法判断是否在%d年制发；请写上成文日期，如 written = %d-03-01", year, year)})
			continue
		case d.Written.After(last):
			continue
		case d.Repealed && d.Abolished.IsZero():
			probs = append(probs, DocProblem{i, "abolished", fmt.Sprintf("有效性为废止，但没有废止日期 abolished，无法判断是否在%d年废止、年末是否有效；请写上废止日期，如 abolished = %d-05-01", year, year)})
			continue
		case d.Expired && d.Expires.IsZero():
			probs = append(probs, DocProblem{i, "expires", fmt.Sprintf("有效性为失效，但没有失效日期 expires，无法判断%d年末是否有效；请写上失效日期，如 expires = %d-12-31", year, year)})
			continue
		}
		c := &normative
		if d.Kind == Regulation {
			c = &regulation
		}
		if d.Written.Year() == year {
			c.Issued++
		}
		if !d.Abolished.IsZero() && d.Abolished.Year() == year {
			c.Abolished++
		}
		abolished := !d.Abolished.IsZero() && !d.Abolished.After(last)
		expired := !d.Expires.IsZero() && d.Expires.Before(last)
		if !abolished && !expired {
			c.InForce++
		}
	}
	return regulation, normative, probs
}

// Application is one row of the register (data/disclosure/applications.csv).
type Application struct {
	ID        string    // 编号
	Received  time.Time // 收到日期
	Applicant Applicant // 申请人类型
	Closed    time.Time // 办结日期; zero while open
	Outcome   Row       // 办理结果, one of the outcome rows, when closed
}

// Requests is 表三: each row's six applicant columns and 总计.
type Requests [NumRows][NumColumns]int

// CountRequests counts 表三 for year from the register: 新收 are the
// applications received in the year; 上年结转 those received before it and
// not closed before it; each 办理结果 row those closed in the year; 结转下年度
// those received by its last day and not closed by then. (An application
// closed on 31 December is a result of the year, not carried forward.) The
// totals are filled in.
func CountRequests(apps []Application, year int) Requests {
	var r Requests
	for _, a := range apps {
		c := a.Applicant
		received, closed := a.Received.Year(), 0
		if !a.Closed.IsZero() {
			closed = a.Closed.Year()
		}
		open := closed == 0
		switch {
		case received == year:
			r[New][c]++
		case received < year && (open || closed >= year):
			r[CarriedOver][c]++
		}
		if closed == year && a.Outcome.IsOutcome() {
			r[a.Outcome][c]++
		}
		if received <= year && (open || closed > year) {
			r[CarriedForward][c]++
		}
	}
	r.FillTotals(true)
	return r
}

// FillTotals computes the column 总计 of every row and, with totalRow, the
// row 三（七）总计 from 三's rows.
func (r *Requests) FillTotals(totalRow bool) {
	if totalRow {
		r[Total] = [NumColumns]int{}
		for row := Granted; row <= OtherOther; row++ {
			for c := 0; c < TotalColumn; c++ {
				r[Total][c] += r[row][c]
			}
		}
	}
	for row := range r {
		r[row][TotalColumn] = 0
		for c := 0; c < TotalColumn; c++ {
			r[row][TotalColumn] += r[row][c]
		}
	}
}

// IsZero tells whether every cell of r is 0.
func (r *Requests) IsZero() bool { return *r == Requests{} }

// Rule is one 勾稽关系 of 表三.
type Rule int

const (
	// Balance: 一 + 二 = 三（七）+ 四, in every column — every application
	// received or carried over was either dealt with or carried forward.
	Balance Rule = iota
	// TotalRow: 三（七）总计 is the sum of 三's rows, in every column.
	TotalRow
	// TotalColumn: 总计 is the sum of the six applicant columns, in every row.
	TotalCol
)

// Violation is a rule that does not hold in one column (TotalCol: row).
type Violation struct {
	Rule        Rule
	Row         Row // TotalCol: the row
	Column      int // Balance and TotalRow: the column
	Left, Right int // the two sides that differ
}

// String says what does not add up, in the format's words.
func (v Violation) String() string {
	switch v.Rule {
	case Balance:
		return fmt.Sprintf("“%s”列：第一项加第二项之和为 %d，第三项（七）总计加第四项之和为 %d，两者应相等（勾稽关系）", ColumnName(v.Column), v.Left, v.Right)
	case TotalRow:
		return fmt.Sprintf("“%s”列：（七）总计为 %d，而（一）至（六）各项之和为 %d", ColumnName(v.Column), v.Left, v.Right)
	}
	return fmt.Sprintf("“%s”行：总计为 %d，而六类申请人之和为 %d", RowName(v.Row), v.Left, v.Right)
}

// Check returns the 勾稽关系 that do not hold in r, column by column.
func (r *Requests) Check() []Violation {
	var out []Violation
	for row := range r {
		sum := 0
		for c := 0; c < TotalColumn; c++ {
			sum += r[row][c]
		}
		if sum != r[row][TotalColumn] {
			out = append(out, Violation{Rule: TotalCol, Row: Row(row), Left: r[row][TotalColumn], Right: sum})
		}
	}
	for c := 0; c < NumColumns; c++ {
		sum := 0
		for row := Granted; row <= OtherOther; row++ {
			sum += r[row][c]
		}
		if sum != r[Total][c] {
			out = append(out, Violation{Rule: TotalRow, Column: c, Left: r[Total][c], Right: sum})
		}
	}
	for c := 0; c < NumColumns; c++ {
		if l, rt := r[New][c]+r[CarriedOver][c], r[Total][c]+r[CarriedForward][c]; l != rt {
			out = append(out, Violation{Rule: Balance, Column: c, Left: l, Right: rt})
		}
	}
	return out
}
