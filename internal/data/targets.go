package data

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/suggest"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
)

// targetsName is the file of the counties' target years, under data/.
const targetsName = "targets.toml"

// Targets is data/targets.toml: the 创建目标 of a city's or province's
// counties — the year by which each is to pass the national 督导评估认定 of
// 优质均衡 — and the year by which the whole area is to (all_by).
type Targets struct {
	// AllBy is 全市(全省)整体实现优质均衡的目标年份; 0 when not given.
	AllBy int
	// Counties are the [[county]] tables in file order, each county once.
	Counties []Target
}

// Target is one [[county]] table of targets.toml.
type Target struct {
	Code       string // 区县代码, as in schools.csv's county_code
	TargetYear int    // 创建目标年份: the year it is to pass the 督导评估认定
	Note       string // e.g. 第一批创建; "" when not given
	Line       int    // the line of its [[county]] header
}

// Of returns the target of the county with code; false when it has none
// (or t is nil: a site without targets.toml).
func (t *Targets) Of(code string) (Target, bool) {
	if t == nil {
		return Target{}, false
	}
	for _, c := range t.Counties {
		if c.Code == code {
			return c, true
		}
	}
	return Target{}, false
}

// A target year must be a plausible calendar year: a 2-digit year, a
// 学年 such as 20252026 or a typo such as 225 is refused.
const minTargetYear, maxTargetYear = 2000, 2100

// targetKeys are the keys of a [[county]] table.
var targetKeys = []string{"code", "target_year", "note"}

// loadTargets reads data/targets.toml. known are the county codes of the
// data (of any year): a target of another code would never be shown, so it
// is an error.
func loadTargets(fsys afero.Fs, siteDir string, known map[string]bool, dl *diag.List) *Targets {
	rel := path.Join("data", targetsName)
	b, ok := readFile(fsys, siteDir, rel, sitefs.MaxSettings, dl)
	if !ok {
		return &Targets{}
	}
	return readTargets(b, rel, known, dl)
}

// readTargets decodes targets.toml strictly, reporting every problem at its
// line, all of them at once.
func readTargets(b []byte, file string, known map[string]bool, dl *diag.List) *Targets {
	t := &Targets{}
	src, m, ok := decodeTOML(b, file, dl)
	if !ok {
		return t
	}
	report := func(sev diag.Severity, line int, key string, v any, hasV bool, msg string) {
		if line < 1 {
			line = 1
		}
		d := diag.Diagnostic{Severity: sev, File: file, Line: line, Column: key, Msg: msg}
		if hasV {
			d.Value, d.HasValue = tomlValueText(v), true
		}
		dl.Add(d)
	}
	allByLine := 0
	// sortedKeys puts all_by before county, whose target years are
	// checked against it.
	for _, k := range sortedKeys(m) {
		v := m[k]
		line := tomlx.KeyLine(src, toml.Key{k})
		switch k {
		case "all_by":
			y, ok := targetYear(v)
			if !ok {
				report(diag.Error, line, k, v, true, yearMsg("all_by = 2030"))
				continue
			}
			t.AllBy, allByLine = y, line
		case "county":
			readTargetCounties(t, src, v, line, allByLine, known, report)
		default:
			msg := misspeltKeyMsg(k, []string{"all_by", "county"})
			if _, isTable := v.(map[string]any); isTable {
				msg = "未知的表; targets.toml 只有 all_by 和各区县的 [[county]] 表"
			}
			report(diag.Error, line, k, nil, false, msg)
		}
	}
	return t
}

type targetReport func(sev diag.Severity, line int, key string, v any, hasV bool, msg string)

// readTargetCounties checks the [[county]] tables and keeps the valid ones.
func readTargetCounties(t *Targets, src string, v any, line, allByLine int, known map[string]bool, report targetReport) {
	var tables []map[string]any
	switch x := v.(type) {
	case []map[string]any:
		tables = x
	case []any: // an inline array: county = [{…}, …]
		for _, e := range x {
			tm, ok := e.(map[string]any)
			if !ok {
				report(diag.Error, line, "county", nil, false, "每个区县应写作一个 [[county]] 表 (两层方括号), 其中写 code 和 target_year")
				return
			}
			tables = append(tables, tm)
		}
	default:
		report(diag.Error, line, "county", nil, false, "每个区县应写作一个 [[county]] 表 (两层方括号), 其中写 code 和 target_year")
		return
	}
	firstAt := map[string]func(key ...string) int{} // at of the table that first lists a code
	// The tables' lines in one pass: looking each up (ArrayKeyLine) made
	// reading the targets of thousands of counties quadratic.
	headers := tomlx.ArrayLines(src, toml.Key{"county"})
	for i, tm := range tables {
		at := func(key ...string) int {
			if l := tomlx.ArrayKeyLine(src, toml.Key{"county"}, i, key...); l > 0 {
				return l
			}
			return line // inline: the line of county = [ … ]
		}
		c := Target{Line: line}
		if i < len(headers) {
			c.Line = headers[i]
		}
		valid := true
		for _, k := range sortedKeys(tm) {
			kv := tm[k]
			switch k {
			case "code":
				code, ok := tomlCode(kv)
				switch {
				case !ok:
					report(diag.Error, at(k), k, kv, true, "应为区县代码, 如 code = \"150102\", 与 schools.csv 的区县代码(county_code)一致")
					valid = false
				case code == "":
					report(diag.Error, at(k), k, kv, true, "区县代码不能为空; 请写 schools.csv 中该区县的区县代码(county_code)")
					valid = false
				case !known[code]:
					report(diag.Error, at(k), k, kv, true, unknownCountyMsg(code, known))
					valid = false
				case firstAt[code] != nil:
					report(diag.Error, at(k), k, kv, true, fmt.Sprintf("该区县已在第 %d 行列出; 每个区县只写一个 [[county]] 表", firstAt[code](k)))
					valid = false
				default:
					firstAt[code] = at
				}
				c.Code = code
			case "target_year":
				y, ok := targetYear(kv)
				switch {
				case !ok:
					report(diag.Error, at(k), k, kv, true, yearMsg("target_year = 2025"))
					valid = false
				case t.AllBy != 0 && y > t.AllBy:
					report(diag.Warning, at(k), k, kv, true,
						fmt.Sprintf("晚于第 %d 行全市(全省)整体实现的目标年份 all_by = %d; 请核对", allByLine, t.AllBy))
				}
				c.TargetYear = y
			case "note":
				s, ok := kv.(string)
				if !ok {
					report(diag.Error, at(k), k, kv, true, "应为字符串(用英文双引号括起), 如 note = \"第一批创建\"")
					continue
				}
				c.Note = strings.TrimSpace(s)
			default:
				report(diag.Error, at(k), k, nil, false, misspeltKeyMsg(k, targetKeys))
			}
		}
		if _, ok := tm["code"]; !ok {
			report(diag.Error, c.Line, "county", nil, false, "缺少 code (区县代码); 请在此 [[county]] 表中写 code = \"150102\", 与 schools.csv 的区县代码(county_code)一致")
			valid = false
		}
		if _, ok := tm["target_year"]; !ok {
			report(diag.Error, c.Line, "county", nil, false, "缺少 target_year (创建目标年份); 请在此 [[county]] 表中写 target_year = 2025")
			valid = false
		}
		if valid {
			t.Counties = append(t.Counties, c)
		}
	}
}

// targetYear reads a year written as a TOML integer.
func targetYear(v any) (int, bool) {
	y, ok := v.(int64)
	if !ok || y < minTargetYear || y > maxTargetYear {
		return 0, false
	}
	return int(y), true
}

func yearMsg(example string) string {
	return fmt.Sprintf("应为年份: %d 到 %d 之间的整数, 不加引号, 如 %s", minTargetYear, maxTargetYear, example)
}

// unknownCountyMsg says that no year's data has county code, and which code
// was probably meant.
func unknownCountyMsg(code string, known map[string]bool) string {
	if len(known) == 0 {
		return "数据中没有区县代码: schools.csv 没有区县代码(county_code)列, county.toml 也没有 code; 请先在数据中写明区县代码"
	}
	codes := make([]string, 0, len(known))
	for k := range known {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	msg := "任何年度的 schools.csv 中都没有这个区县代码"
	if best := suggest.Nearest(code, codes); best != "" {
		return msg + fmt.Sprintf("; 是否想写 %s?", best)
	}
	return msg + "; 请与 schools.csv 的区县代码(county_code)列核对"
}
