package data

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/suggest"
)

// The columns of the register, data/disclosure/applications.csv, in the
// order a new register has them.
const (
	regID        = "编号"
	regReceived  = "收到日期"
	regApplicant = "申请人类型"
	regOutcome   = "办理结果"
	regClosed    = "办结日期"
)

var registerColumns = []string{regID, regReceived, regApplicant, regOutcome, regClosed}

// readRegister reads the register of 政府信息公开申请: one application a
// row. 办理结果 and 办结日期 are both empty while the application is open,
// and both written once it is closed.
func readRegister(b []byte, file string, dl *diag.List) []disclosure.Application {
	r := openCSV(b, file, dl)
	if r == nil {
		return nil
	}
	col := map[string]int{}
	headerLine := 0
	var apps []disclosure.Application
	seen := map[string]int{} // 编号 → line
	for rows := 0; ; {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			dl.Add(csvError(file, err))
			return apps
		}
		if emptyRecord(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		if headerLine == 0 {
			headerLine = line
			if !readRegisterHeader(rec, file, line, col, dl) {
				return nil
			}
			continue
		}
		if rows++; rows > MaxRows {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line, Msg: fmt.Sprintf("登记簿超过 %d 行", MaxRows)})
			return apps
		}
		if a, ok := readApplication(rec, file, line, col, seen, dl); ok {
			apps = append(apps, a)
		}
	}
	if headerLine == 0 {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: 1, Msg: "登记簿是空的；第一行应为表头：" + strings.Join(registerColumns, ",")})
	}
	return apps
}

// readRegisterHeader finds the columns; an unknown one is left out with a
// warning, a missing one is an error.
func readRegisterHeader(rec []string, file string, line int, col map[string]int, dl *diag.List) bool {
	for i, h := range rec {
		name := trimHeader(h)
		switch {
		case name == "":
		case !contains(registerColumns, name):
			msg := "未知的列，已忽略（登记簿的列：" + strings.Join(registerColumns, "、") + "）"
			if best := nearestName(name, registerColumns); best != "" {
				msg = "未知的列，已忽略；是否想写 " + best + "？"
			}
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Line: line, Column: name, Msg: msg})
		default:
			if _, dup := col[name]; dup {
				dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line, Column: name, Msg: "列重复"})
				return false
			}
			col[name] = i
		}
	}
	ok := true
	for _, c := range registerColumns {
		if _, has := col[c]; !has {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line, Column: c,
				Msg: "缺少这一列；登记簿的表头应为 " + strings.Join(registerColumns, ",")})
			ok = false
		}
	}
	return ok
}

// readApplication reads one row of the register; ok is false when it has
// an error.
func readApplication(rec []string, file string, line int, col map[string]int, seen map[string]int, dl *diag.List) (disclosure.Application, bool) {
	var a disclosure.Application
	ok := true
	cell := func(c string) string {
		if i := col[c]; i < len(rec) {
			return normCell(rec[i])
		}
		return ""
	}
	bad := func(c, msg string) {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line, Column: c, Value: cell(c), HasValue: true, Msg: msg})
		ok = false
	}
	a.ID = cell(regID)
	switch prev, dup := seen[a.ID]; {
	case a.ID == "":
		bad(regID, "缺少编号")
	case dup:
		bad(regID, fmt.Sprintf("编号重复：第 %d 行已使用", prev))
	default:
		seen[a.ID] = line
	}
	var err string
	if a.Received, err = parseRegisterDate(cell(regReceived)); err != "" {
		bad(regReceived, err)
	}
	var known bool
	if a.Applicant, known = disclosure.ParseApplicant(cell(regApplicant)); !known {
		bad(regApplicant, "不是申请人类型；应为 "+strings.Join(disclosure.ApplicantNames[:], "、")+" 之一"+didYouMean(cell(regApplicant), disclosure.ApplicantNames[:]))
	}
	outcome, closed := cell(regOutcome), cell(regClosed)
	if closed != "" {
		if a.Closed, err = parseRegisterDate(closed); err != "" {
			bad(regClosed, err)
		} else if !a.Received.IsZero() && a.Closed.Before(a.Received) {
			bad(regClosed, "办结日期早于收到日期 "+a.Received.Format("2006-01-02"))
		}
	}
	switch {
	case outcome == "" && closed != "":
		bad(regOutcome, "已有办结日期，缺少办理结果")
	case outcome != "" && closed == "":
		bad(regClosed, "已有办理结果，缺少办结日期（尚未办结的申请两项都空着）")
	case outcome != "":
		if a.Outcome, known = disclosure.ParseOutcome(outcome); !known {
			bad(regOutcome, "不是办理结果；应为年度报告表三的一项，写作“类别/情形”，如 予以公开、部分公开、不予公开/属于国家秘密、其他处理/其他"+
				didYouMean(outcome, disclosure.OutcomeNames()))
		}
	}
	return a, ok
}

// didYouMean names the closest of names, or "".
func didYouMean(s string, names []string) string {
	if best := nearestName(s, names); best != "" {
		return "；是否想写 " + best + "？"
	}
	return ""
}

// nearestName is the name s is most probably a misspelling of: at most
// one wrong character in two (suggest.Nearest counts bytes, which is too
// lenient for Chinese words of a few characters each).
func nearestName(s string, names []string) string {
	best, bestD := "", 1<<30
	for _, n := range names {
		d := suggest.Distance(s, n)
		if d*2 <= len([]rune(n)) && d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

var registerDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// parseRegisterDate reads a date as Excel and people write it: 2024-03-05,
// 2024/3/5, 2024.3.5, 2024年3月5日.
func parseRegisterDate(s string) (time.Time, string) {
	if s == "" {
		return time.Time{}, "缺少日期"
	}
	m := registerDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, "不是日期；应写作 2024-03-05"
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := disclosure.Day(y, time.Month(mo), d)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || y < 2000 || y > 2100 {
		return time.Time{}, "不是有效日期；应写作 2024-03-05"
	}
	return t, ""
}
