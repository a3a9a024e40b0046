package data

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai-dev/gongkai/internal/suggest"

	"github.com/BurntSushi/toml"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
)

// valueKind is the type a county.toml key takes.
type valueKind int

const (
	vString     valueKind = iota
	vCode                 // a string, or an integer written without quotes
	vDate                 // a TOML local date or "YYYY-MM-DD"
	vBool                 // true / false
	vNumber               // number ≥ 0
	vCount                // whole number ≥ 0
	vRate                 // 0..1, or "97%"
	vMoral                // 优秀 / 良好 / 一般 / 较差
	vMonitoring           // 1..4, or "Ⅲ级"
)

// tomlKey is one key that county.toml may hold.
type tomlKey struct {
	table, key string
	kind       valueKind
	zh         string // what it is, for messages
	s          func(*indicators.County) *string
	b          func(*indicators.County) **bool
	f          func(*indicators.County) *indicators.Figure
}

// countyTables are the tables of county.toml.
var countyTables = []string{"assurance", "quality", "recognition"}

// countyKeys lists every key of county.toml.
var countyKeys = []tomlKey{
	{"", "name", vString, "区县名称", func(c *indicators.County) *string { return &c.Name }, nil, nil},
	{"", "code", vCode, "区县代码", func(c *indicators.County) *string { return &c.Code }, nil, nil},
	{"", "as_of", vDate, "统计时点", func(c *indicators.County) *string { return &c.AsOf }, nil, nil},
	{"", "source", vString, "数据来源", func(c *indicators.County) *string { return &c.Source }, nil, nil},
	{"", "notes", vString, "统计口径说明", func(c *indicators.County) *string { return &c.Notes }, nil, nil},

	{"assurance", "layout_planned", vBool, "规划布局合理", nil, func(c *indicators.County) **bool { return &c.Assurance.LayoutPlanned }, nil},
	{"assurance", "four_unified", vBool, "四统一", nil, func(c *indicators.County) **bool { return &c.Assurance.FourUnified }, nil},
	{"assurance", "small_school_funding_floor", vBool, "不足100人按100人核定公用经费", nil, func(c *indicators.County) **bool { return &c.Assurance.SmallSchoolFundingFloor }, nil},
	{"assurance", "special_school_funding_per_student", vNumber, "特殊教育学校生均公用经费", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.SpecialSchoolFundingPerStudent }},
	{"assurance", "teacher_salary_avg", vNumber, "教师平均工资收入", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.TeacherSalaryAvg }},
	{"assurance", "civil_servant_salary_avg", vNumber, "当地公务员平均工资收入", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.CivilServantSalaryAvg }},
	{"assurance", "performance_pay_full", vBool, "绩效工资足额核定", nil, func(c *indicators.County) **bool { return &c.Assurance.PerformancePayFull }, nil},
	{"assurance", "training_360_completion", vRate, "5年360学时培训完成率", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.Training360Completion }},
	{"assurance", "staffing_coordinated", vBool, "编制、岗位县域统筹", nil, func(c *indicators.County) **bool { return &c.Assurance.StaffingCoordinated }, nil},
	{"assurance", "exchange_eligible_teachers", vCount, "符合交流条件教师数", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.ExchangeEligibleTeachers }},
	{"assurance", "exchange_teachers", vCount, "交流轮岗教师数", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.ExchangeTeachers }},
	{"assurance", "exchange_backbone_teachers", vCount, "交流轮岗骨干教师数", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.ExchangeBackboneTeachers }},
	{"assurance", "certified_rate", vRate, "专任教师持证上岗率", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.CertifiedRate }},
	{"assurance", "nearby_enrollment_primary", vRate, "小学就近划片入学比例", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.NearbyEnrollmentPrimary }},
	{"assurance", "nearby_enrollment_junior", vRate, "初中就近划片入学比例", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.NearbyEnrollmentJunior }},
	{"assurance", "quota_allocation_share", vRate, "优质高中招生名额分配比例", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.QuotaAllocationShare }},
	{"assurance", "quota_rural_preference", vBool, "名额分配向农村初中倾斜", nil, func(c *indicators.County) **bool { return &c.Assurance.QuotaRuralPreference }, nil},
	{"assurance", "left_behind_care", vBool, "留守儿童关爱体系健全", nil, func(c *indicators.County) **bool { return &c.Assurance.LeftBehindCare }, nil},
	{"assurance", "migrant_public_share", vRate, "随迁子女在公办学校就读比例", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Assurance.MigrantPublicShare }},

	{"quality", "junior_retention_rate", vRate, "初中三年巩固率", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Quality.JuniorRetentionRate }},
	{"quality", "disabled_enrollment_rate", vRate, "残疾儿童少年入学率", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Quality.DisabledEnrollmentRate }},
	{"quality", "charters_and_it", vBool, "章程与信息化", nil, func(c *indicators.County) **bool { return &c.Quality.ChartersAndIT }, nil},
	{"quality", "training_funds_share", vRate, "教师培训经费占公用经费比例", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Quality.TrainingFundsShare }},
	{"quality", "it_teaching", vBool, "信息化教学", nil, func(c *indicators.County) **bool { return &c.Quality.ITTeaching }, nil},
	{"quality", "moral_education", vMoral, "德育与校园文化", func(c *indicators.County) *string { return &c.Quality.MoralEducation }, nil, nil},
	{"quality", "curriculum_complete", vBool, "课程开齐开足", nil, func(c *indicators.County) **bool { return &c.Quality.CurriculumComplete }, nil},
	{"quality", "no_excess_burden", vBool, "无过重课业负担", nil, func(c *indicators.County) **bool { return &c.Quality.NoExcessBurden }, nil},
	{"quality", "monitoring_level", vMonitoring, "质量监测学业水平等级", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Quality.MonitoringLevel }},
	{"quality", "monitoring_gap_rate", vRate, "校际差异率", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Quality.MonitoringGapRate }},

	{"recognition", "satisfaction", vRate, "满意度", nil, nil, func(c *indicators.County) *indicators.Figure { return &c.Recognition.Satisfaction }},
}

// countyKeyIndex finds a key by table and name.
var countyKeyIndex = func() map[[2]string]int {
	m := make(map[[2]string]int)
	for i, k := range countyKeys {
		m[[2]string{k.table, k.key}] = i
	}
	return m
}()

// readCounty decodes county.toml strictly: every problem (a syntax error, an
// unknown key, a value of the wrong type, a rate above 1) is reported with its
// line, all of them at once.
func readCounty(b []byte, file string, dl *diag.List) (indicators.County, bool) {
	var c indicators.County
	src, m, ok := decodeTOML(b, file, dl)
	if !ok {
		return c, false
	}
	lines := keyLines(src)
	errs := 0
	report := func(sev diag.Severity, path []string, v any, hasV bool, msg string) {
		if sev == diag.Error {
			errs++
		}
		d := diag.Diagnostic{Severity: sev, File: file, Line: lines.find(path), Column: strings.Join(path, "."), Msg: msg}
		if hasV {
			d.Value, d.HasValue = tomlValueText(v), true
		}
		dl.Add(d)
	}
	for _, k := range sortedKeys(m) {
		v := m[k]
		if isTable(k) {
			t, ok := v.(map[string]any)
			if !ok {
				report(diag.Error, []string{k}, v, false, fmt.Sprintf("应为表 [%s]", k))
				continue
			}
			for _, sk := range sortedKeys(t) {
				setCountyKey(&c, k, sk, t[sk], report)
			}
			continue
		}
		setCountyKey(&c, "", k, v, report)
	}
	a := c.Assurance
	if a.ExchangeTeachers.Given && a.ExchangeEligibleTeachers.Given && a.ExchangeTeachers.Value > a.ExchangeEligibleTeachers.Value {
		report(diag.Warning, []string{"assurance", "exchange_teachers"}, nil, false, "交流轮岗教师数大于符合交流条件教师数; 请核对")
	}
	if a.ExchangeBackboneTeachers.Given && a.ExchangeTeachers.Given && a.ExchangeBackboneTeachers.Value > a.ExchangeTeachers.Value {
		report(diag.Warning, []string{"assurance", "exchange_backbone_teachers"}, nil, false, "交流轮岗骨干教师数大于交流轮岗教师数; 请核对")
	}
	return c, errs == 0
}

// decodeTOML decodes a TOML file of the data (UTF-8, or GB18030 as some
// editors save it) into a map, reporting an encoding or syntax error at its
// line; ok is false after such an error.
func decodeTOML(b []byte, file string, dl *diag.List) (src string, m map[string]any, ok bool) {
	text, _, badLine, msg := decodeText(b)
	if msg != "" {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: badLine, Msg: strings.Replace(msg, "请在 Excel 中另存为 \"CSV UTF-8(逗号分隔)\"", "请以 UTF-8 编码保存", 1)})
		return "", nil, false
	}
	src = string(text)
	if _, err := toml.Decode(src, &m); err != nil {
		d := tomlx.ErrorAt(file, src, 0, err)
		d.Severity = diag.Error
		if d.Line == 0 {
			d.Line = 1
		}
		dl.Add(d)
		return src, nil, false
	}
	return src, m, true
}

func isTable(k string) bool {
	for _, t := range countyTables {
		if t == k {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

type reportFunc func(sev diag.Severity, path []string, v any, hasV bool, msg string)

// setCountyKey checks and stores one key of county.toml.
func setCountyKey(c *indicators.County, table, key string, v any, report reportFunc) {
	path := []string{key}
	if table != "" {
		path = []string{table, key}
	}
	i, ok := countyKeyIndex[[2]string{table, key}]
	if !ok {
		report(diag.Error, path, nil, false, unknownKeyMsg(table, key, v))
		return
	}
	k := &countyKeys[i]
	bad := func(msg string) { report(diag.Error, path, v, true, msg) }
	switch k.kind {
	case vString:
		s, ok := v.(string)
		if !ok {
			bad("应为字符串(用英文双引号括起)")
			return
		}
		*k.s(c) = s
	case vCode:
		code, ok := tomlCode(v)
		if !ok {
			bad("应为区县代码, 如 \"150000\"")
			return
		}
		*k.s(c) = code
	case vDate:
		const want = "应为日期, 如 2024-09-30 (不带时间)"
		switch x := v.(type) {
		case time.Time:
			if x.Location().String() != "date-local" {
				bad(want)
				return
			}
			*k.s(c) = fmt.Sprintf("%04d-%02d-%02d", x.Year(), int(x.Month()), x.Day())
		case string:
			t, err := time.Parse("2006-01-02", strings.TrimSpace(x))
			if err != nil {
				bad(want)
				return
			}
			*k.s(c) = t.Format("2006-01-02")
		default:
			bad(want)
		}
	case vBool:
		x, ok := v.(bool)
		if !ok {
			bad("应为 true 或 false (不加引号)")
			return
		}
		*k.b(c) = &x
	case vNumber, vCount:
		x, ok := tomlNumber(v)
		whole := k.kind == vCount
		msg := "应为不小于0的数"
		if whole {
			msg = "应为不小于0的整数"
		}
		switch {
		case !ok:
			bad(msg)
		case x < 0:
			bad("不能为负数")
		case whole && x != math.Trunc(x):
			bad(msg)
		default:
			*k.f(c) = indicators.Given(x)
		}
	case vRate:
		x, msg := tomlRate(v)
		if msg != "" {
			bad(msg)
			return
		}
		*k.f(c) = indicators.Given(x)
	case vMoral:
		s, ok := v.(string)
		s = strings.TrimSpace(s)
		if !ok || (s != "优秀" && s != "良好" && s != "一般" && s != "较差") {
			bad("应为 \"优秀\"、\"良好\"、\"一般\"、\"较差\" 之一")
			return
		}
		*k.s(c) = s
	case vMonitoring:
		x, ok := monitoringLevel(v)
		if !ok {
			bad("应为 1 到 4 的整数 (3 表示 Ⅲ级), 或 \"Ⅲ级\" 这样的写法")
			return
		}
		*k.f(c) = indicators.Given(float64(x))
	}
}

// unknownKeyMsg says what an unknown key probably meant.
func unknownKeyMsg(table, key string, v any) string {
	if table == "" && isTable(key) {
		return fmt.Sprintf("应为表 [%s]", key)
	}
	// The right key in the wrong table.
	for _, k := range countyKeys {
		if k.key == key && k.table != table {
			if k.table == "" {
				return "未知的键; 该键应写在文件开头, 在任何 [表] 之前"
			}
			return fmt.Sprintf("未知的键; 该键应写在 [%s] 表中", k.table)
		}
	}
	if _, isMap := v.(map[string]any); isMap && table == "" {
		return fmt.Sprintf("未知的表; 可用的表: [%s]", strings.Join(countyTables, "] ["))
	}
	var names []string
	for _, k := range countyKeys {
		if k.table == table {
			names = append(names, k.key)
		}
	}
	return misspeltKeyMsg(key, names)
}

// misspeltKeyMsg says that key is unknown and, when one of known is close,
// which one it probably meant.
func misspeltKeyMsg(key string, known []string) string {
	if best := suggest.Nearest(key, known); best != "" {
		return fmt.Sprintf("未知的键 (可能拼写有误); 是否想写 %s?", best)
	}
	return "未知的键 (可能拼写有误)"
}

// tomlCode reads a 区县代码: a string, or a whole number written without
// quotes.
func tomlCode(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x), true
	case int64:
		if x >= 0 {
			return strconv.FormatInt(x, 10), true
		}
	}
	return "", false
}

// tomlNumber returns a TOML integer or float.
func tomlNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false
		}
		return x, true
	}
	return 0, false
}

// tomlRate reads a rate: a fraction 0..1, or a string with a percent sign.
func tomlRate(v any) (float64, string) {
	const want = "应为 0 到 1 之间的小数, 或带百分号的字符串如 \"97%\""
	if s, ok := v.(string); ok {
		n := normCell(s)
		if !strings.HasSuffix(n, "%") {
			return 0, want
		}
		num := strings.TrimSpace(strings.TrimSuffix(n, "%"))
		x, e := parseNumber(num, 0, false)
		switch {
		case e == numNegative:
			return 0, "比例不能为负数"
		case e != numOK:
			return 0, want
		case x > 100:
			return 0, "百分比不能大于100%"
		}
		// Divide on the decimal text, so that "97.3%" is exactly 0.973.
		f, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", "")+"e-2", 64)
		if err != nil {
			return x / 100, ""
		}
		return f, ""
	}
	x, ok := tomlNumber(v)
	switch {
	case !ok:
		return 0, want
	case x < 0:
		return 0, "比例不能为负数"
	case x > 1:
		if x <= 100 {
			return 0, fmt.Sprintf("比例不能大于1; 请写作 %s 或 \"%s%%\"", formatNumber(x/100), formatNumber(x))
		}
		return 0, "比例不能大于1; 请写作 0 到 1 之间的小数, 如 0.97 或 \"97%\""
	}
	return x, ""
}

// monitoringLevel reads 学业水平等级: 1..4, or "Ⅲ", "Ⅲ级", "III", "3级", "三级".
func monitoringLevel(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		return int(x), x >= 1 && x <= 4
	case float64:
		return int(x), x == math.Trunc(x) && x >= 1 && x <= 4
	case string:
		s := strings.TrimSuffix(normCell(x), "级")
		switch strings.ToUpper(strings.TrimSpace(s)) {
		case "1", "Ⅰ", "I", "一":
			return 1, true
		case "2", "Ⅱ", "II", "二":
			return 2, true
		case "3", "Ⅲ", "III", "三":
			return 3, true
		case "4", "Ⅳ", "IV", "四":
			return 4, true
		}
	}
	return 0, false
}

// tomlValueText writes a decoded TOML value as the author would read it.
func tomlValueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatNumber(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return x.Format("2006-01-02")
		case "datetime-local":
			return x.Format("2006-01-02T15:04:05")
		case "time-local":
			return x.Format("15:04:05")
		}
		return x.Format(time.RFC3339)
	case map[string]any:
		return "{…}"
	case []any, []map[string]any:
		return "[…]"
	}
	return fmt.Sprint(v)
}

// keyPositions maps a dotted key path to the line it is written on.
type keyPositions map[string]int

// find returns the line of path, or of its longest prefix that is written
// (a key inside an inline table is on the line of the table's key); 1 when
// nothing is found.
func (kp keyPositions) find(path []string) int {
	for n := len(path); n > 0; n-- {
		if l, ok := kp[strings.Join(path[:n], ".")]; ok {
			return l
		}
	}
	return 1
}

// keyLines finds the line of every key in TOML source: BurntSushi/toml gives
// positions for syntax errors only. It understands [table] and [[array]]
// headers, dotted, quoted and bare keys, comments and multi-line strings,
// which covers what county.toml holds.
func keyLines(src string) keyPositions {
	kp := make(keyPositions)
	table := ""
	inMulti := ""
	for i, line := range strings.Split(src, "\n") {
		ln := i + 1
		s := strings.TrimSpace(line)
		if inMulti != "" {
			if strings.Contains(s, inMulti) {
				inMulti = ""
			}
			continue
		}
		if s == "" || s[0] == '#' {
			continue
		}
		if s[0] == '[' {
			inner := strings.TrimLeft(s, "[")
			keys, _, ok := parseKeyPath(inner, ']')
			if !ok {
				continue
			}
			table = strings.Join(keys, ".")
			if _, seen := kp[table]; !seen {
				kp[table] = ln
			}
			continue
		}
		keys, rest, ok := parseKeyPath(s, '=')
		if !ok {
			continue
		}
		full := keys
		if table != "" {
			full = append(strings.Split(table, "."), keys...)
		}
		for n := len(full); n > 0; n-- {
			p := strings.Join(full[:n], ".")
			if _, seen := kp[p]; !seen {
				kp[p] = ln
			}
		}
		v := strings.TrimSpace(rest)
		for _, d := range []string{`"""`, `'''`} {
			if strings.HasPrefix(v, d) && !strings.Contains(v[3:], d) {
				inMulti = d
			}
		}
	}
	return kp
}

// parseKeyPath reads a dotted key up to end ('=' for a key/value pair, ']'
// for a table header) and returns its parts and the text after end.
func parseKeyPath(s string, end byte) (keys []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		var k string
		switch s[0] {
		case '"':
			j := 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, "", false
			}
			u, err := strconv.Unquote(s[:j+1])
			if err != nil {
				u = s[1:j]
			}
			k, s = u, s[j+1:]
		case '\'':
			j := strings.IndexByte(s[1:], '\'')
			if j < 0 {
				return nil, "", false
			}
			k, s = s[1:j+1], s[j+2:]
		default:
			j := 0
			for j < len(s) && s[j] != '.' && s[j] != end && s[j] != ' ' && s[j] != '\t' && s[j] != '"' && s[j] != '\'' && s[j] != ',' && s[j] != '[' && s[j] != ']' && s[j] != '=' && s[j] != '#' {
				j++
			}
			if j == 0 {
				return nil, "", false
			}
			k, s = s[:j], s[j:]
		}
		keys = append(keys, k)
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		switch s[0] {
		case '.':
			s = s[1:]
		case end:
			return keys, s[1:], true
		default:
			return nil, "", false
		}
	}
}

// CountyKeyName is what a key of county.toml ("source", "assurance.four_unified")
// is called on the site (数据来源, 四统一); a key it does not know is
// returned as written.
func CountyKeyName(path string) string {
	table, key, ok := strings.Cut(path, ".")
	if !ok {
		table, key = "", path
	}
	for _, k := range countyKeys {
		if k.table == table && k.key == key {
			return k.zh
		}
	}
	return path
}
