package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// field is the front-matter key a metadata label maps to.
type field string

const (
	fTitle      field = "title"
	fIndexNo    field = "index_no"
	fPublisher  field = "publisher"
	fDocNo      field = "doc_no"
	fWritten    field = "written"
	fPublished  field = "published"
	fTopic      field = "topic"
	fGenre      field = "genre"
	fValidity   field = "validity"
	fExpires    field = "expires"
	fDisclosure field = "disclosure"
	fKeywords   field = "keywords"

	fOther     field = "" // metadata gongkai has no key for: kept as a comment
	fFurniture field = "-"
)

// label is a metadata label as government pages write it.
type label struct {
	name  string
	field field
	// prio decides between two labels of one field: 主题分类 beats 组配分类,
	// 发布日期 beats 发布时间 of the page's byline, 发布机构 beats 来源.
	prio int
}

// labels are the metadata labels recognised, each also with spaces between
// its characters (索 引 号) and followed by ":", "：", "|" or a space.
var labels = []label{
	{"标题", fTitle, 2}, {"文件名称", fTitle, 2}, {"名称", fTitle, 1},
	{"索引号", fIndexNo, 2},
	{"发布机构", fPublisher, 3}, {"发文机关", fPublisher, 3}, {"发文单位", fPublisher, 3}, {"发布单位", fPublisher, 3},
	{"来源", fPublisher, 1}, {"信息来源", fPublisher, 1}, {"文章来源", fPublisher, 1},
	{"文号", fDocNo, 2}, {"发文字号", fDocNo, 2}, {"发文文号", fDocNo, 2},
	{"成文日期", fWritten, 3}, {"生成日期", fWritten, 2}, {"印发日期", fWritten, 2}, {"发文日期", fWritten, 2},
	{"发布日期", fPublished, 3}, {"公开日期", fPublished, 2}, {"发布时间", fPublished, 1},
	{"主题分类", fTopic, 3}, {"组配分类", fTopic, 2},
	{"体裁分类", fGenre, 3}, {"体裁", fGenre, 2}, {"文种", fGenre, 2},
	{"有效性", fValidity, 3}, {"是否有效", fValidity, 3}, {"效力状态", fValidity, 2}, {"时效性", fValidity, 2},
	{"失效日期", fExpires, 2}, {"废止日期", fExpires, 2},
	{"公开方式", fDisclosure, 2}, {"公开形式", fDisclosure, 2},
	{"关键字", fKeywords, 2}, {"关键词", fKeywords, 2}, {"主题词", fKeywords, 1},

	// Metadata gongkai has no key for.
	{"责任部门", fOther, 0}, {"公开时限", fOther, 0}, {"公开范围", fOther, 0}, {"公开目录", fOther, 0},
	{"信息分类", fOther, 0}, {"内容分类", fOther, 0}, {"服务对象", fOther, 0}, {"统一编号", fOther, 0},
	{"信息类别", fOther, 0}, {"所属主题", fOther, 0}, {"作者", fOther, 0}, {"责任编辑", fOther, 0},

	// Page furniture that comes as "label: value".
	{"浏览次数", fFurniture, 0}, {"浏览量", fFurniture, 0}, {"阅读次数", fFurniture, 0}, {"阅读量", fFurniture, 0},
	{"访问量", fFurniture, 0}, {"点击数", fFurniture, 0}, {"点击量", fFurniture, 0}, {"字体大小", fFurniture, 0},
	{"字号", fFurniture, 0}, {"字体", fFurniture, 0}, {"保护视力色", fFurniture, 0}, {"字体颜色", fFurniture, 0},
	{"分享到", fFurniture, 0}, {"打印", fFurniture, 0}, {"关闭", fFurniture, 0},
}

// labelIndex is the expression that finds labels and the labels by name,
// made on first use (lazyre).
var labelIndex = sync.OnceValues(func() (*regexp.Regexp, map[string]label) {
	ls := append([]label(nil), labels...)
	// Longer labels first: 发文字号 before 文号 (the regexp prefers the
	// first alternative that matches at a position).
	sort.SliceStable(ls, func(i, j int) bool { return utf8.RuneCountInString(ls[i].name) > utf8.RuneCountInString(ls[j].name) })
	alts := make([]string, len(ls))
	by := map[string]label{}
	for i, l := range ls {
		var parts []string
		for _, r := range l.name {
			parts = append(parts, regexp.QuoteMeta(string(r)))
		}
		alts[i] = strings.Join(parts, `[ \t\x{3000}]*`)
		by[l.name] = l
	}
	re := regexp.MustCompile(strings.Join(alts, "|"))
	return re, by
})

// pair is one "label: value" found on a line.
type pair struct {
	label label
	value string
	// last tells that the label ends its line with nothing after it, so
	// its value may be on the next line.
	last bool
}

// isSep reports whether r separates a label from what is around it.
func isSep(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '|' || r == '【' || r == '[' || r == ':' || r == '：'
}

// labelsIn finds the labels of a line: each starts the line or follows a
// space, "|" or a bracket, and is followed by a colon, "|", a space or the
// end of the line. It returns [start, end of label, start of value] for each.
func labelsIn(t string) [][3]int {
	var out [][3]int
	re, _ := labelIndex()
	for _, loc := range re.FindAllStringIndex(t, -1) {
		if loc[0] > 0 {
			r, _ := utf8.DecodeLastRuneInString(t[:loc[0]])
			if !isSep(r) {
				continue
			}
		}
		j := loc[1]
		spaces := 0
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
			spaces++
		}
		if strings.HasPrefix(t[j:], "\u3000") {
			for strings.HasPrefix(t[j:], "\u3000") {
				j += len("\u3000")
			}
			spaces++
		}
		switch {
		case j < len(t) && (t[j] == ':' || t[j] == '|'):
			j++
		case strings.HasPrefix(t[j:], "："):
			j += len("：")
		case spaces > 0 || j == len(t):
		default:
			continue
		}
		out = append(out, [3]int{loc[0], loc[1], j})
	}
	return out
}

// splitPairs returns the pairs of a metadata line, or nil when the line does
// not start with a label.
func splitPairs(s string) []pair {
	t := strings.TrimLeft(s, " \t\u3000|【[")
	locs := labelsIn(t)
	if len(locs) == 0 || locs[0][0] != 0 {
		return nil
	}
	var out []pair
	_, byNorm := labelIndex()
	for i, loc := range locs {
		name := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\u3000' {
				return -1
			}
			return r
		}, t[loc[0]:loc[1]])
		end := len(t)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		v := t[loc[2]:end]
		out = append(out, pair{label: byNorm[name], value: cleanValue(v), last: i == len(locs)-1 && cleanValue(v) == ""})
	}
	return out
}

// cleanValue trims spaces, table bars and colons around a value.
func cleanValue(v string) string {
	v = strings.Trim(v, " \t\u3000|:：")
	v = strings.TrimSuffix(v, "【")
	return strings.TrimSpace(v)
}

// Meta is the metadata found in a text.
type Meta struct {
	Title      string
	IndexNo    string
	Publisher  string
	DocNo      string
	Written    content.Date
	Published  time.Time
	HasTime    bool // Published has a time of day
	Topic      string
	Genre      string
	Validity   string
	Expires    content.Date
	Disclosure string
	Keywords   []string
	// Other is metadata without a front-matter key, kept as comments.
	Other []KV
	prio  map[field]int
}

// KV is a label and its value as written.
type KV struct{ Key, Value string }

var (
	dateRE    = lazyre.New(`^(\d{4})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?`)
	docNoYear = lazyre.New(`[〔\[【(（［]\s*(\d{4})\s*[〕\]】)）］]`)
	docNoRE   = lazyre.New(`^.+〔(\d{4})〕(\d+)号$`)
)

// parseDate reads 2021-11-12, 2021年11月12日, 2021/11/12 or 2021.11.12,
// optionally followed by a time of day.
func parseDate(s string) (d content.Date, t time.Time, hasTime, ok bool) {
	m := dateRE().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return d, t, false, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	da, _ := strconv.Atoi(m[3])
	tt := time.Date(y, time.Month(mo), da, 0, 0, 0, 0, content.China)
	if tt.Year() != y || int(tt.Month()) != mo || tt.Day() != da {
		return d, t, false, false
	}
	if m[4] != "" {
		h, _ := strconv.Atoi(m[4])
		mi, _ := strconv.Atoi(m[5])
		se, _ := strconv.Atoi(m[6])
		if h < 24 && mi < 60 && se < 60 {
			tt = time.Date(y, time.Month(mo), da, h, mi, se, 0, content.China)
			hasTime = true
		}
	}
	return content.Date{Year: y, Month: time.Month(mo), Day: da}, tt, hasTime, true
}

// normalizeDocNo writes the year of a 文号 in 六角括号 and drops the zero
// padding of its number, as the build requires: 根政办发[2021]018号 →
// 根政办发〔2021〕18号.
func normalizeDocNo(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = docNoYear().ReplaceAllString(s, "〔$1〕")
	if i := strings.LastIndex(s, "〕"); i >= 0 {
		num := strings.TrimSuffix(s[i+len("〕"):], "号")
		trimmed := strings.TrimLeft(num, "0")
		if trimmed != "" && trimmed != num {
			s = s[:i+len("〕")] + trimmed + "号"
		}
	}
	return s
}

// plausible tells whether v can be the value of a label when it is found on
// the line after the label: a line that is not, say, the title.
func plausible(f field, v string) bool {
	n := utf8.RuneCountInString(v)
	switch f {
	case fIndexNo:
		return n <= 60 && !strings.ContainsAny(v, " \t\u3000") && strings.ContainsAny(v, "0123456789")
	case fDocNo:
		return n <= 40 && strings.Contains(v, "号")
	case fWritten, fPublished, fExpires:
		_, _, _, ok := parseDate(v)
		return ok
	case fValidity, fDisclosure:
		return n <= 8
	case fTitle:
		return n <= 100
	}
	return n <= 40 && !strings.HasPrefix(v, "关于")
}

// note is one thing the importer reports about a text.
type note struct {
	kind Kind
	line int
	msg  string
}

// apply records one pair in m; notes say what was not taken.
func (m *Meta) apply(p pair, line int, notes *[]note) {
	l := p.label
	v := p.value
	add := func(k Kind, format string, args ...any) {
		*notes = append(*notes, note{k, line, fmt.Sprintf(format, args...)})
	}
	if l.field == fFurniture {
		return
	}
	if v == "" {
		if l.field != fOther {
			add(Unrecognised, "%s 为空（原页面未填写）", l.name)
		}
		return
	}
	if l.field == fOther {
		m.Other = append(m.Other, KV{l.name, v})
		add(Unrecognised, "%s “%s”：gongkai 没有对应的键，已作为注释保留在前置元数据中", l.name, v)
		return
	}
	if m.prio == nil {
		m.prio = map[field]int{}
	}
	if old, ok := m.prio[l.field]; ok && l.field != fPublished && old >= l.prio {
		if m.current(l.field) == v {
			return
		}
		m.Other = append(m.Other, KV{l.name, v})
		add(Unrecognised, "%s “%s”：前面已取得 %s，此项作为注释保留", l.name, v, l.field)
		return
	}
	switch l.field {
	case fTitle:
		m.Title = v
	case fIndexNo:
		m.IndexNo = v
	case fPublisher:
		m.Publisher = v
	case fDocNo:
		n := normalizeDocNo(v)
		if !docNoRE().MatchString(n) {
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是 机关代字〔年份〕序号号 的格式，已作为注释保留", l.name, v)
			return
		}
		if n != v {
			add(Corrected, "%s “%s” 写作 “%s”", l.name, v, n)
		}
		m.DocNo = n
	case fWritten, fExpires:
		d, _, _, ok := parseDate(v)
		if !ok {
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是日期，已作为注释保留", l.name, v)
			return
		}
		if l.field == fWritten {
			m.Written = d
		} else {
			m.Expires = d
		}
	case fPublished:
		d, t, hasTime, ok := parseDate(v)
		if !ok {
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是日期，已作为注释保留", l.name, v)
			return
		}
		old, had := m.prio[fPublished]
		switch {
		case !had:
			m.Published, m.HasTime = t, hasTime
		case content.DateOf(m.Published) == d:
			// A byline's 发布时间 adds the time of day to the same date.
			if hasTime && !m.HasTime {
				m.Published, m.HasTime = t, true
			}
		case l.prio > old:
			m.Published, m.HasTime = t, hasTime
		default:
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 与已取得的发布日期 %s 不同，此项作为注释保留", l.name, v, content.DateOf(m.Published))
			return
		}
		m.prio[fPublished] = max(old, l.prio)
		return
	case fTopic:
		m.setTopic(l.name, v, notes, line)
	case fGenre:
		if !oneOf(v, content.Genres) {
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是可用的体裁（%s），已作为注释保留", l.name, v, strings.Join(content.Genres, " "))
			return
		}
		m.Genre = v
	case fValidity:
		switch {
		case strings.Contains(v, "废止"):
			m.Validity = content.Repealed
		case strings.Contains(v, "失效"), v == "否", v == "无效":
			m.Validity = content.Expired
		case strings.Contains(v, "有效"), v == "是":
			m.Validity = content.Valid
		default:
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是 有效、失效 或 废止，已作为注释保留", l.name, v)
			return
		}
	case fDisclosure:
		switch {
		case strings.Contains(v, "依申请"):
			m.Disclosure = "依申请公开"
		case strings.Contains(v, "主动"):
			m.Disclosure = "主动公开"
		default:
			m.Other = append(m.Other, KV{l.name, v})
			add(Unrecognised, "%s “%s” 不是 主动公开 或 依申请公开，已作为注释保留", l.name, v)
			return
		}
	case fKeywords:
		m.Keywords = nil
		for _, k := range regexp.MustCompile(`[,，、;；\s]+`).Split(v, -1) {
			if k != "" {
				m.Keywords = append(m.Keywords, k)
			}
		}
	}
	m.prio[l.field] = l.prio
}

// current returns the text value of f, for comparing a repeated label.
func (m *Meta) current(f field) string {
	switch f {
	case fTitle:
		return m.Title
	case fIndexNo:
		return m.IndexNo
	case fPublisher:
		return m.Publisher
	case fDocNo:
		return m.DocNo
	case fTopic:
		return m.Topic
	}
	return ""
}

// setTopic takes the first part of a classification like "科技、教育 / 公民 /
// 通知" as the 主题分类; a part that is a 体裁 becomes the genre, the others
// are kept as comments.
func (m *Meta) setTopic(name, v string, notes *[]note, line int) {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '／' || r == '>' || r == '＞' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	m.Topic = parts[0]
	var rest []string
	for _, p := range parts[1:] {
		if p == "" {
			continue
		}
		if m.Genre == "" && oneOf(p, content.Genres) {
			m.Genre = p
			*notes = append(*notes, note{Inferred, line, fmt.Sprintf("体裁 “%s” 取自 %s", p, name)})
			continue
		}
		rest = append(rest, p)
	}
	if len(rest) > 0 {
		r := strings.Join(rest, " / ")
		m.Other = append(m.Other, KV{name + "（其余部分）", r})
		*notes = append(*notes, note{Unrecognised, line, fmt.Sprintf("%s 中的 “%s” 没有对应的键，已作为注释保留", name, r)})
	}
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// genreFromTitle returns the 体裁 a title ends with: …实施方案 → 方案.
func genreFromTitle(title string) string {
	t := strings.TrimSpace(title)
	// Drop a trailing parenthesis: 规划(2022年—2031年), 通知（试行）.
	for {
		u := strings.TrimRight(t, " ")
		if strings.HasSuffix(u, ")") || strings.HasSuffix(u, "）") {
			i := strings.LastIndexAny(u, "(（")
			if i <= 0 {
				break
			}
			t = u[:i]
			continue
		}
		break
	}
	if strings.HasSuffix(t, "》") {
		return ""
	}
	if strings.HasSuffix(t, "政策解读") || strings.HasSuffix(t, "解读") {
		return "解读"
	}
	for _, g := range content.Genres {
		if g != "其他" && strings.HasSuffix(t, g) {
			return g
		}
	}
	return ""
}
