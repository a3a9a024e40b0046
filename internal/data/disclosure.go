package data

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/disclosure"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// DisclosureDir is the folder under data/ of what the 政府信息公开工作年度报告
// needs beyond the documents: <year>.toml and the register
// applications.csv (docs/disclosure.md).
const DisclosureDir = "disclosure"

// RegisterName is the register of 政府信息公开申请 in DisclosureDir.
const RegisterName = "applications.csv"

// Disclosure is data/disclosure/.
type Disclosure struct {
	// Years are data/disclosure/<year>.toml, by year.
	Years map[int]*DisclosureYear
	// Register is applications.csv, in file order; HasRegister tells
	// whether the site has one (it may list no application).
	Register    []disclosure.Application
	HasRegister bool
}

// DisclosureYear is one data/disclosure/<year>.toml.
type DisclosureYear struct {
	Year    int
	File    string // data/disclosure/2024.toml
	Figures disclosure.Figures
	lines   keyPositions // of the file's keys
}

// The tables of <year>.toml and their keys; every key of these is
// required (0 is written, never assumed).
var (
	activeKeys   = []string{"licensing", "punishment", "enforcement", "fees_wan_yuan"}
	outcomeKeys  = []string{"upheld", "corrected", "other", "pending"}
	figureTables = []string{"active", "review", "litigation_direct", "litigation_after_review"}
)

// LoadDisclosure reads data/disclosure/ of the site at siteDir. A site
// without it has no years and no register. Every problem of every file is
// in the list, at its file and line.
func LoadDisclosure(fsys afero.Fs, siteDir string) (*Disclosure, *diag.List) {
	dl := &diag.List{}
	out := &Disclosure{Years: map[int]*DisclosureYear{}}
	rel := path.Join("data", DisclosureDir)
	if err := sitefs.Check(fsys, siteDir, rel); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: rel, Msg: "无法读取: " + err.Error()})
		}
		return out, dl
	}
	entries, err := afero.ReadDir(fsys, filepath.Join(siteDir, "data", DisclosureDir))
	if err != nil {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: rel, Msg: "应为目录，其中是各年度的 <年份>.toml 和登记簿 " + RegisterName})
		return out, dl
	}
	for _, e := range entries {
		name := e.Name()
		file := path.Join(rel, name)
		if strings.HasPrefix(name, ".") {
			continue
		}
		if e.IsDir() {
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Msg: "目录未被读取；" + rel + "/ 中只有 <年份>.toml 和 " + RegisterName})
			continue
		}
		if stem, ok := strings.CutSuffix(name, ".toml"); ok {
			if y, ok := parseYear(stem); ok {
				if b, ok := readFile(fsys, siteDir, file, sitefs.MaxSettings, dl); ok {
					dy := &DisclosureYear{Year: y, File: file}
					dy.Figures, dy.lines = readFigures(b, file, dl)
					out.Years[y] = dy
				}
				continue
			}
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Msg: "文件未被读取；年度文件应以四位年份命名，如 " + rel + "/2024.toml"})
			continue
		}
		if name == RegisterName {
			if b, ok := readFile(fsys, siteDir, file, sitefs.MaxCSV, dl); ok {
				out.Register, out.HasRegister = readRegister(b, file, dl), true
			}
			continue
		}
		msg := "文件未被读取；" + rel + "/ 中只有 <年份>.toml 和 " + RegisterName
		if strings.EqualFold(name, RegisterName) || nearestName(name, []string{RegisterName}) != "" {
			msg = "文件未被读取；登记簿应命名为 " + RegisterName
		}
		dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Msg: msg})
	}
	out.checkYears(dl)
	return out, dl
}

// readFigures decodes <year>.toml strictly.
func readFigures(b []byte, file string, dl *diag.List) (disclosure.Figures, keyPositions) {
	var f disclosure.Figures
	src, m, ok := decodeTOML(b, file, dl)
	if !ok {
		return f, keyPositions{}
	}
	lines := keyLines(src)
	report := func(keyPath []string, v any, hasV bool, msg string) {
		d := diag.Diagnostic{Severity: diag.Error, File: file, Line: lines.find(keyPath), Column: strings.Join(keyPath, "."), Msg: msg}
		if hasV {
			d.Value, d.HasValue = tomlValueText(v), true
		}
		dl.Add(d)
	}
	tables := append(append([]string{}, figureTables...), "requests")
	for _, k := range sortedKeys(m) {
		_, isTable := m[k].(map[string]any)
		switch {
		case contains(tables, k) && !isTable:
			report([]string{k}, m[k], true, fmt.Sprintf("应为表 [%s]", k))
		case !contains(tables, k):
			msg := misspeltKeyMsg(k, tables)
			if !strings.Contains(msg, "是否想写") {
				msg = "未知的键；文件中只有表 [" + strings.Join(tables, "] [") + "]"
			}
			report([]string{k}, nil, false, msg)
		}
	}
	table := func(name string, keys []string) map[string]any {
		t, _ := m[name].(map[string]any)
		if t == nil {
			if _, given := m[name]; !given {
				dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: 1, Column: name,
					Msg: fmt.Sprintf("缺少表 [%s]（其中 %s 都要写，没有时写 0）", name, strings.Join(keys, "、"))})
			}
			return nil
		}
		for _, k := range sortedKeys(t) {
			if !contains(keys, k) {
				report([]string{name, k}, nil, false, misspeltKeyMsg(k, keys))
			}
		}
		for _, k := range keys {
			if _, ok := t[k]; !ok {
				report([]string{name}, nil, false, fmt.Sprintf("缺少 %s（没有时写 0）", k))
			}
		}
		return t
	}
	count := func(t map[string]any, name, key string) int {
		v, ok := t[key]
		if !ok {
			return 0
		}
		n, msg := tomlCount(v)
		if msg != "" {
			report([]string{name, key}, v, true, msg)
		}
		return n
	}
	if t := table("active", activeKeys); t != nil {
		f.Licensing = count(t, "active", "licensing")
		f.Punishment = count(t, "active", "punishment")
		f.Enforcement = count(t, "active", "enforcement")
		if v, ok := t["fees_wan_yuan"]; ok {
			x, isNum := tomlNumber(v)
			switch {
			case !isNum:
				report([]string{"active", "fees_wan_yuan"}, v, true, "应为金额（万元），不加引号，例如 0 或 1.25")
			case x < 0:
				report([]string{"active", "fees_wan_yuan"}, v, true, "金额不能为负数")
			default:
				f.FeesWanYuan = x
			}
		}
	}
	for i, o := range []*disclosure.Outcomes{&f.Review.Review, &f.Review.LitigationDirect, &f.Review.LitigationAfterReview} {
		name := figureTables[i+1]
		if t := table(name, outcomeKeys); t != nil {
			o.Upheld, o.Corrected = count(t, name, "upheld"), count(t, name, "corrected")
			o.Other, o.Pending = count(t, name, "other"), count(t, name, "pending")
		}
	}
	if t, ok := m["requests"].(map[string]any); ok {
		f.Requests = readRequests(t, report)
	}
	return f, lines
}

// readRequests reads [requests]: 表三 given directly, each row six numbers
// (the applicants' columns; 总计 is summed). A row left out is 0 — the
// 勾稽关系, checked here, would not hold if one were forgotten; total,
// when written, must be the sum of the rows of 三.
func readRequests(t map[string]any, report func([]string, any, bool, string)) *disclosure.Requests {
	var r disclosure.Requests
	keys := make([]string, disclosure.NumRows)
	for row := range disclosure.Rows {
		keys[row] = disclosure.Rows[row].Key
	}
	for _, k := range sortedKeys(t) {
		if !contains(keys, k) {
			report([]string{"requests", k}, nil, false, misspeltKeyMsg(k, keys))
		}
	}
	want := "应为六个不加引号的整数，依次是" + strings.Join(disclosure.ApplicantNames[:], "、") + "，例如 [3, 1, 0, 0, 0, 0]"
	bad := false
	for row, k := range keys {
		v, ok := t[k]
		if !ok {
			continue
		}
		arr, isArr := v.([]any)
		if !isArr || len(arr) != int(disclosure.NumApplicants) {
			report([]string{"requests", k}, v, true, want)
			bad = true
			continue
		}
		for c, x := range arr {
			n, msg := tomlCount(x)
			if msg != "" {
				report([]string{"requests", k}, x, true, fmt.Sprintf("第%d个数（%s）%s", c+1, disclosure.ApplicantNames[c], msg))
				bad = true
			}
			r[row][c] = n
		}
	}
	_, totalGiven := t["total"]
	r.FillTotals(!totalGiven)
	if bad {
		return &r // the rules are checked on numbers that could be read
	}
	for _, v := range r.Check() {
		key := "carried_forward"
		if v.Rule == disclosure.TotalRow {
			key = "total"
		}
		report([]string{"requests", key}, nil, false, v.String())
	}
	return &r
}

// tomlCount reads a count: a whole number, not negative.
func tomlCount(v any) (int, string) {
	switch x := v.(type) {
	case int64:
		if x < 0 {
			return 0, "不能为负数"
		}
		if x > 1<<31 {
			return 0, "数字过大"
		}
		return int(x), ""
	case float64:
		return 0, "应为整数（件数）"
	}
	return 0, "应为不加引号的整数"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkYears checks what spans the files: a year whose 表三 is given
// directly must not also be counted from the register, and a year's 上年结转
// should be the year before's 结转下年度.
func (d *Disclosure) checkYears(dl *diag.List) {
	years := make([]int, 0, len(d.Years))
	for y := range d.Years {
		years = append(years, y)
	}
	sort.Ints(years)
	requests := func(y int) disclosure.Requests {
		if f := d.Years[y].Figures; f.Requests != nil {
			return *f.Requests
		}
		return disclosure.CountRequests(d.Register, y)
	}
	for _, y := range years {
		dy := d.Years[y]
		if dy.Figures.Requests == nil {
			continue
		}
		if d.HasRegister {
			if reg := disclosure.CountRequests(d.Register, y); !reg.IsZero() {
				dl.Add(diag.Diagnostic{Severity: diag.Error, File: dy.File, Line: dy.lines.find([]string{"requests"}), Column: "requests",
					Msg: fmt.Sprintf("登记簿 data/%s/%s 中已有%d年的申请（新收 %d 件、上年结转 %d 件），不能同时在 [requests] 中直接填写表三；请删去 [requests]，或从登记簿中删去这一年的申请",
						DisclosureDir, RegisterName, y, reg[disclosure.New][disclosure.TotalColumn], reg[disclosure.CarriedOver][disclosure.TotalColumn])})
			}
		}
	}
	for _, y := range years {
		if d.Years[y-1] == nil || (d.Years[y].Figures.Requests == nil && d.Years[y-1].Figures.Requests == nil) {
			continue // from the register, the two always agree
		}
		prev, cur := requests(y-1), requests(y)
		if prev[disclosure.CarriedForward] != cur[disclosure.CarriedOver] {
			dy := d.Years[y]
			dl.Add(diag.Diagnostic{Severity: diag.Warning, File: dy.File, Line: dy.lines.find([]string{"requests", "carried_over"}), Column: "requests.carried_over",
				Msg: fmt.Sprintf("上年结转 %v 与 %d 年的结转下年度 %v 不一致；请核对两年的表三", cur[disclosure.CarriedOver][:disclosure.TotalColumn], y-1, prev[disclosure.CarriedForward][:disclosure.TotalColumn])})
		}
	}
}
