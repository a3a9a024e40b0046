package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

var (
	// 一、 二、 … (also 一． and 一.)
	outlineHanRE = lazyre.New(`^[一二三四五六七八九十百零〇]+\s*[、．.]`)
	// (一) （一）
	outlineParenHanRE = lazyre.New(`^[(（]\s*[一二三四五六七八九十百零〇]+\s*[)）]`)
	// 1. 1． 1、 — not 1.5, not 01.
	outlineArabicRE = lazyre.New(`^([1-9]\d?)\s*(?:[、．]|\.(?:[^0-9]|$))`)
	// (1) （1）
	outlineParenArabicRE = lazyre.New(`^[(（]\s*[1-9]\d?\s*[)）]`)
)

// The outline styles of a Chinese official text, from the top: 一、,
// （一）, 1. and （1）. Which heading level each gets is decided by the
// styles the document uses as headings (outlineLevels).
const (
	styleHan = 1 + iota
	styleParenHan
	styleArabic
	styleParenArabic
	nStyles = styleParenArabic
)

var styleNames = [nStyles + 1]string{"", "一、", "（一）", "1.", "（1）"}

// outlineLevel returns the outline style a line begins with, or 0.
func outlineLevel(s string) int {
	switch {
	case outlineHanRE().MatchString(s):
		return styleHan
	case outlineParenHanRE().MatchString(s):
		return styleParenHan
	case outlineArabicRE().MatchString(s):
		return styleArabic
	case outlineParenArabicRE().MatchString(s):
		return styleParenArabic
	}
	return 0
}

// maxHeading is the longest heading, in characters; a longer first sentence
// is a numbered paragraph.
const maxHeading = 40

// shortSentence is the longest one-sentence line without a comma that may
// still be a heading written with a full stop ("（一）坚持免试就近入学。").
const shortSentence = 20

// A numbered line is one of these shapes.
type shape int

const (
	// shapeTitle has no sentence end: "一、招生原则".
	shapeTitle shape = iota
	// shapeRunOn is a short first sentence and its paragraph: "1.教育
	// 投入有效保障。建立并完善了……".
	shapeRunOn
	// shapeShort is one short sentence: "2、户籍在学区内的优先。" — a
	// heading or an item, as its list decides.
	shapeShort
	// shapeSentence is a sentence or more: an item, not a heading.
	shapeSentence
)

// numbered is one numbered line of the body and what became of it.
type numbered struct {
	at            int // index in the body
	style         int
	shape         shape
	heading, rest string
	asHeading     bool
}

// shapeOf splits a numbered line into its heading and the paragraph it runs
// on into, and tells its shape.
func shapeOf(s string) (heading, rest string, sh shape) {
	i := strings.IndexAny(s, "。！？；")
	if i < 0 {
		if runes(s) <= maxHeading {
			return strings.TrimRight(s, "：: "), "", shapeTitle
		}
		return "", "", shapeSentence
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	heading, rest = s[:i], strings.TrimSpace(s[i+size:])
	switch {
	case runes(heading) > maxHeading:
		return "", "", shapeSentence
	case rest != "":
		return heading, rest, shapeRunOn
	case runes(heading) <= shortSentence && !strings.ContainsAny(heading, "，,、；"):
		return heading, "", shapeShort
	}
	return "", "", shapeSentence
}

// headingWordRE finds where a heading that runs on into its paragraph
// without punctuation ends: at a word that ends the headings of official
// texts (工作要求, 保障措施 …), early in the line.
var headingWordRE = lazyre.New(`^(.{1,10}?(?:要求|目标|原则|任务|措施|步骤|安排|范围|对象|时间|内容|方式|职责|保障|领导|意义|思想|背景|现状|依据|程序|流程|标准|条件|办法|机制|重点|形势|成效|问题|方向|路径|举措|分工|纪律|事项|说明|总则|附则))(.+)$`)

// splitAtHeadingWord splits "三、工作要求各校要高度重视，认真组织。" into
// "三、工作要求" and its paragraph.
func splitAtHeadingWord(s string) (heading, rest string, ok bool) {
	num := outlinePrefix(s)
	m := headingWordRE().FindStringSubmatch(s[len(num):])
	if m == nil || strings.ContainsAny(m[1], "，,；;：:") || runes(m[2]) < 2 {
		return "", "", false
	}
	return num + m[1], m[2], true
}

// outlinePrefix returns the outline number at the start of s: "三、".
func outlinePrefix(s string) string {
	for _, re := range []*regexp.Regexp{outlineHanRE(), outlineParenHanRE(), outlineParenArabicRE()} {
		if loc := re.FindStringIndex(s); loc != nil {
			return s[:loc[1]]
		}
	}
	if m := outlineArabicRE().FindStringSubmatchIndex(s); m != nil {
		// The regexp takes the character after "1." to tell it from 1.5.
		end := m[1]
		if s[end-1] != '.' && !strings.HasSuffix(s[:end], "、") && !strings.HasSuffix(s[:end], "．") {
			_, size := utf8.DecodeLastRuneInString(s[:end])
			end -= size
		}
		return s[:end]
	}
	return ""
}

// outline decides which numbered lines of the body are headings, by list:
// the numbered lines of one style between two lines of a style above it
// are one list. A list is of headings when it has at least as many titles
// (or titles running on into their paragraph) as sentences; then a short
// sentence is a heading too, a sentence that starts with a heading word is
// split, and a sentence that cannot be a heading stays a paragraph. A list
// of sentences stays text, also its short items. A list of short sentences
// only is of headings when each item has text of its own below it.
func outline(body []classified, notes *[]note) map[int]*numbered {
	var lines []*numbered
	for i, c := range body {
		if st := outlineLevel(c.text); st > 0 {
			h, rest, sh := shapeOf(c.text)
			lines = append(lines, &numbered{at: i, style: st, shape: sh, heading: h, rest: rest})
		}
	}
	// Lists: an open list per style, closed by a line of a style above.
	var lists [][]*numbered
	open := [nStyles + 1]int{}
	for i := range open {
		open[i] = -1
	}
	for _, l := range lines {
		for st := l.style + 1; st <= nStyles; st++ {
			open[st] = -1
		}
		if open[l.style] < 0 {
			open[l.style] = len(lists)
			lists = append(lists, nil)
		}
		lists[open[l.style]] = append(lists[open[l.style]], l)
	}
	for _, list := range lists {
		var titles, sentences, shorts int
		for _, l := range list {
			switch l.shape {
			case shapeTitle, shapeRunOn:
				titles++
			case shapeSentence:
				sentences++
			default:
				shorts++
			}
		}
		headings := titles > 0 && titles >= sentences
		if titles == 0 && sentences == 0 {
			headings = true
			for k, l := range list {
				next := len(body)
				if k+1 < len(list) {
					next = list[k+1].at
				}
				if next == l.at+1 {
					headings = false
				}
			}
		}
		for _, l := range list {
			c := body[l.at]
			switch {
			case !headings:
				if l.shape == shapeTitle || l.shape == shapeRunOn {
					*notes = append(*notes, note{Inferred, c.n, fmt.Sprintf("“%s” 与同级的编号段落一样作为正文（同级中有完整的句子，是条目而不是标题）", short(c.text))})
				}
			case l.shape != shapeSentence:
				l.asHeading = true
			default:
				if h, rest, ok := splitAtHeadingWord(c.text); ok {
					l.heading, l.rest, l.asHeading = h, rest, true
					*notes = append(*notes, note{Inferred, c.n, fmt.Sprintf("“%s” 拆为标题 “%s” 和正文（同级的编号都是标题）", short(c.text), h)})
				} else {
					*notes = append(*notes, note{Inferred, c.n, fmt.Sprintf("“%s” 作为正文：同级的编号是标题，这一行却是完整的句子；如是标题请改正", short(c.text))})
				}
			}
		}
	}
	out := map[int]*numbered{}
	for _, l := range lines {
		if l.asHeading {
			out[l.at] = l
		}
	}
	return out
}

// outlineLevels gives the styles used as headings the heading levels ##,
// ### … in order from the top, so that a text whose outline starts at
// （一） does not skip a level. It says so when that differs from the
// usual 一、 → ##, （一） → ###, 1. → ####, （1） → #####.
func outlineLevels(heads map[int]*numbered, notes *[]note) [nStyles + 1]int {
	var used [nStyles + 1]bool
	for _, h := range heads {
		used[h.style] = true
	}
	var level [nStyles + 1]int
	var moved []string
	next := 2
	for st := 1; st <= nStyles; st++ {
		if !used[st] {
			continue
		}
		level[st] = next
		if next != st+1 {
			moved = append(moved, styleNames[st]+" → "+strings.Repeat("#", next))
		}
		next++
	}
	if len(moved) > 0 {
		*notes = append(*notes, note{Inferred, 0, "标题层级按全文的编号确定：" + strings.Join(moved, "，") + "（文中没有更高一级的编号）"})
	}
	return level
}

// markdownBody writes the body lines as Markdown: headings for the outline,
// one paragraph per line otherwise.
func markdownBody(body []classified, notes *[]note) []byte {
	body = joinPageBreaks(body, notes)
	heads := outline(body, notes)
	level := outlineLevels(heads, notes)
	var b strings.Builder
	for i, c := range body {
		if h := heads[i]; h != nil {
			b.WriteString(strings.Repeat("#", level[h.style]) + " " + escapeInline(h.heading) + "\n\n")
			if h.rest != "" {
				b.WriteString(escapeParagraph(h.rest) + "\n\n")
			}
			continue
		}
		b.WriteString(escapeParagraph(c.text) + "\n\n")
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

// joinPageBreaks takes out the page numbers that document-sharing sites
// insert where their pages of text meet, mid-sentence ("……持续提" /
// "2、升教育满意度……"), and joins the sentence again. A number is taken
// for a page number only when it is the next page (2, then 3 …), at the
// start of a line, after a long line that stops in the middle of a
// sentence.
func joinPageBreaks(body []classified, notes *[]note) []classified {
	out := make([]classified, 0, len(body))
	page := 2
	for _, c := range body {
		if len(out) > 0 {
			prev := &out[len(out)-1]
			if m := outlineArabicRE().FindStringSubmatch(c.text); m != nil && m[1] == strconv.Itoa(page) && midSentence(prev.text) {
				num := outlinePrefix(c.text)
				*notes = append(*notes, note{Dropped, c.n, fmt.Sprintf("行首的 “%s” 是文档分享网站插入的页码，已删去，这一行与上一行（第%d行）接为一段", strings.TrimSpace(num), prev.n)})
				prev.text += strings.TrimSpace(c.text[len(num):])
				page++
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// midSentence reports whether a line is long and stops in the middle of a
// sentence: at a character, not at punctuation that ends a sentence or a
// heading.
func midSentence(s string) bool {
	if runes(s) <= maxHeading {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("，、“‘（《", r)
}

var (
	inlineEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `~`, `\~`, `{{`, `\{{`)
	entityRE      = lazyre.New(`&(#?[A-Za-z0-9]+;)`)
	listStartRE   = lazyre.New(`^(\d+)([.)])(\s)`)
)

// escapeInline escapes what Markdown would read as markup in running text.
func escapeInline(s string) string {
	s = inlineEscaper.Replace(s)
	return entityRE().ReplaceAllString(s, `\&$1`)
}

// escapeParagraph escapes a paragraph, including what would start a block
// (a heading, a list, a quote, a table) at the beginning of the line.
func escapeParagraph(s string) string {
	s = escapeInline(s)
	if m := listStartRE().FindStringSubmatch(s); m != nil {
		return m[1] + `\` + m[2] + s[len(m[1])+1:]
	}
	if s != "" && strings.ContainsRune("#>-+=|", rune(s[0])) {
		return `\` + s
	}
	return s
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// frontMatter writes the metadata as TOML between +++ lines; metadata
// without a key becomes comments.
func frontMatter(m *Meta, source string) []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	kv := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	kv("title", tomlString(m.Title))
	if m.IndexNo != "" {
		kv("index_no", tomlString(m.IndexNo))
	}
	if m.Publisher != "" {
		kv("publisher", tomlString(m.Publisher))
	}
	if m.DocNo != "" {
		kv("doc_no", tomlString(m.DocNo))
	}
	if !m.Written.IsZero() {
		kv("written", m.Written.String())
	}
	if m.hasPublished() {
		if m.HasTime {
			kv("published", m.Published.Format("2006-01-02T15:04:05-07:00"))
		} else {
			kv("published", m.Published.Format("2006-01-02"))
		}
	}
	if m.Topic != "" {
		kv("topic", tomlString(m.Topic))
	}
	if m.Genre != "" {
		kv("genre", tomlString(m.Genre))
	}
	if m.Validity != "" {
		kv("validity", tomlString(m.Validity))
	}
	if !m.Expires.IsZero() {
		kv("expires", m.Expires.String())
	}
	if m.Disclosure != "" {
		kv("disclosure", tomlString(m.Disclosure))
	}
	if len(m.Keywords) > 0 {
		q := make([]string, len(m.Keywords))
		for i, k := range m.Keywords {
			q[i] = tomlString(k)
		}
		kv("keywords", "["+strings.Join(q, ", ")+"]")
	}
	b.WriteString("# 由 gongkai import 从 " + oneLine(source) + " 导入，请核对。\n")
	if len(m.Other) > 0 {
		b.WriteString("# 原文中的其他元数据（gongkai 没有对应的键）:\n")
		for _, o := range m.Other {
			b.WriteString("# " + oneLine(o.Key) + " = " + tomlString(o.Value) + "\n")
		}
	}
	b.WriteString("+++\n\n")
	return []byte(b.String())
}

func oneLine(s string) string {
	// A TOML comment holds valid UTF-8 without control characters (a file
	// name may have either).
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}
