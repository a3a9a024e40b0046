// Package importer turns texts that were already published — plain text as
// copied from a government disclosure page, or a Word .docx — into gongkai
// documents: Markdown with TOML front matter.
//
// It finds the metadata in the layouts those pages use ("键: 值" on one
// line, the value on the next line, "键 | 值 |" tables, several pairs run
// together on one line, labels with spaces inside such as "索 引 号"), drops
// the page furniture (breadcrumbs, 字体大小, 浏览次数, 保护视力色, 打印/关闭,
// share buttons, links to the previous and next documents, the headers,
// footers, page marks and mid-sentence page numbers of document-sharing
// sites), turns the Chinese outline into headings (一、, （一）, 1., （1） —
// levels and heading-or-item decided by the whole document, see outline),
// and keeps the 落款, dates and "(此件公开发布)". What it cannot place it reports as a Note instead of
// guessing silently; metadata without a front-matter key is kept as a TOML
// comment.
package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// Kind classifies a Note.
type Kind int

const (
	// Dropped is page furniture that was left out.
	Dropped Kind = iota
	// Unrecognised is something the importer could not place.
	Unrecognised
	// Corrected is a value rewritten to the form the build requires.
	Corrected
	// Inferred is a value taken from somewhere other than its label.
	Inferred
)

func (k Kind) String() string {
	switch k {
	case Dropped:
		return "已删除"
	case Unrecognised:
		return "未识别"
	case Corrected:
		return "已更正"
	}
	return "已推断"
}

// Note is one thing the importer reports about a text: Line is the line of
// the input (the paragraph of a .docx), 0 when it concerns the whole text.
type Note struct {
	Kind Kind
	Line int
	Msg  string
}

func (n Note) String() string {
	if n.Line > 0 {
		return fmt.Sprintf("%s: 第%d行: %s", n.Kind, n.Line, n.Msg)
	}
	return fmt.Sprintf("%s: %s", n.Kind, n.Msg)
}

// Result is one imported document.
type Result struct {
	Source string // the input's name
	Name   string // file name of the document, e.g. plan-2022.md
	Meta   Meta
	// Found lists the metadata recognised, by front-matter key, in the
	// order of the front matter.
	Found    []string
	Markdown []byte
	Notes    []Note

	body []byte // Markdown without the front matter
}

// FitSite adapts the document to the site it goes into: a 索引号 that does
// not match the site's index_no_pattern (re, may be nil), or that another
// document of the site already has, would fail the build; it is kept as a
// comment instead, and reported.
func (r *Result) FitSite(re *regexp.Regexp, used map[string]string) {
	m := &r.Meta
	if m.IndexNo == "" {
		return
	}
	why := ""
	switch {
	case re != nil && !re.MatchString(m.IndexNo):
		why = "不符合本站 site.toml 的 index_no_pattern"
	case used[m.IndexNo] != "":
		why = "已被 " + used[m.IndexNo] + " 使用"
	}
	if why == "" {
		used[m.IndexNo] = r.Name
		return
	}
	r.Notes = append(r.Notes, Note{Kind: Unrecognised, Msg: "索引号 “" + m.IndexNo + "” " + why + "，已作为注释保留；请填写本站的索引号（gongkai new doc 可推算下一个）"})
	m.Other = append(m.Other, KV{"索引号", m.IndexNo})
	m.IndexNo = ""
	for i, k := range r.Found {
		if k == "index_no" {
			r.Found = append(r.Found[:i:i], r.Found[i+1:]...)
			break
		}
	}
	r.Markdown = append(frontMatter(m, path.Base(r.Source)), r.body...)
}

// Text imports plain text (UTF-8, or GB18030/GBK as saved on Chinese
// Windows). name is the input's file name; it names the document.
func Text(name string, src []byte) (*Result, error) {
	text, err := decode(src)
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var lines []srcLine
	for i, l := range strings.Split(text, "\n") {
		lines = append(lines, srcLine{n: i + 1, text: l})
	}
	return convert(name, lines, ""), nil
}

func decode(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) {
		return string(b), nil
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "", fmt.Errorf("文件是 UTF-16 编码；请另存为 UTF-8 文本")
	}
	t, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || bytes.ContainsRune(t, utf8.RuneError) {
		return "", fmt.Errorf("文件编码无法识别：既不是 UTF-8 也不是 GB18030/GBK")
	}
	return string(t), nil
}

// srcLine is one line (or .docx paragraph) of the input.
type srcLine struct {
	n    int
	text string
}

// kinds of a line after classification.
type lineKind int

const (
	lkBlank lineKind = iota
	lkContent
	lkMeta
	lkFurniture
	lkBreadcrumb
)

type classified struct {
	srcLine
	kind  lineKind
	pairs []pair
	noted bool // already reported as dropped
}

var (
	breadcrumbRE = lazyre.New(`您现在所在的位置|您当前的位置|您现在的位置|当前位置|您的位置|所在位置|` +
		// Or only the trail: 首页 > 信息公开 > ….
		`^(首页|网站首页|主页|门户首页)\s*[>＞»›→]`)
	// furnitureRE matches lines of page furniture when the line is short.
	furnitureRE = lazyre.New(`字体大小|字号[:：]|【\s*字体|字体[:：]\s*[【\[]?\s*大|【\s*大\s*】|保护视力色|字体颜色|恢复默认|浏览次数|浏览量|阅读次数|阅读量|访问量|点击数|点击量|点击率|` +
		`分享到|扫一扫|手机扫描|在手机打开|上传者|上传人|上传时间|上传日期|文档贡献者|贡献者|举报|侵权|点击查看更多|查看更多|展开阅读全文|阅读全文|继续阅读|下载文档|免费下载|下载券|下载积分|积分下载|VIP|会员免费|` +
		`第\s*\d+\s*页\s*[/／，,]?\s*共\s*\d+\s*页|共\s*\d+\s*页|页数[:：]|文档编号|资源描述|资源简介|` +
		// The links of a portal page around the document.
		`上一篇|下一篇|相关链接|相关文章|相关阅读|相关新闻|我要纠错|网站纠错|` +
		`ICP\s*备|ICP\s*证|公网安备|备案号|版权所有|[Cc]opyright|©|网站标识码|技术支持|主办单位|承办单位|网站地图|联系我们|返回顶部|` +
		// Document-sharing sites, whose names head and foot the text.
		`豆丁|百度文库|道客巴巴|原创力文档|360文库|文档之家|人人文库|淘豆网|金锄头文库|冰点文库|爱问共享|新浪爱问|(?i:docin|book118|doc88|wenku)`)
	// buttonWords are the words of button rows (【打印本页】【关闭窗口】).
	buttonWords = []string{"打印本页", "打印此页", "打印正文", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部", "返回", "收藏本页", "收藏", "分享到", "分享",
		"微信好友", "微信", "新浪微博", "腾讯微博", "微博", "QQ空间", "QQ好友", "QQ", "朋友圈", "复制链接", "纠错", "我要纠错", "大", "中", "小", "默认", "字体", "字号", "【", "】", "[", "]", "|", "·"}
	pageCountRE = lazyre.New(`^\s*\d+\s*/\s*\d+\s*$`)
	// pageMarkRE is the heading of each page of a document-sharing site,
	// whatever the length of the file's name: "方案.docx_第1页".
	pageMarkRE = lazyre.New(`(?i)\.(docx?|wps|pdf|txt|rtf|pptx?|xlsx?)\s*_?\s*第\s*\d+\s*页\s*$|^第\s*\d+\s*页$`)
	// shareFooterRE is the footer of a document-sharing site, a long line:
	// "《方案.docx》由会员分享，可在线阅读，更多相关……请在……上搜索。"
	shareFooterRE = lazyre.New(`由会员分享|可在线阅读|珍藏版\)?》?\s*请在|请在.{1,30}上搜索`)
	// excerptRE labels a document-sharing site's excerpt of the text.
	excerptRE = lazyre.New(`^(资源描述|资源简介|文档描述|文档简介)\s*[:：]?`)
	// fileExtRE is a file name's extension left in a title.
	fileExtRE = lazyre.New(`(?i)\.(docx?|wps|pdf|txt|rtf)$`)
)

// isButtons reports whether a line holds only buttons: 【打印】【关闭】,
// 分享到：微信 微博 QQ空间.
func isButtons(s string) bool {
	t := s
	for _, w := range buttonWords {
		t = strings.ReplaceAll(t, w, " ")
	}
	t = strings.TrimFunc(t, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	return t == "" && strings.ContainsAny(s, "打关收分微扫返")
}

// isJunk reports whether a line has no letter or digit at all ("?", "|").
func isJunk(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// clean trims a line: spaces (also the ideographic indent), zero-width
// characters and non-breaking spaces.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			return -1
		case '\u00a0':
			return ' '
		}
		return r
	}, s)
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
}

// convert runs the whole import on the lines of a text. fallbackTitle is a
// title from elsewhere (a .docx's properties), used when the text has none.
func convert(name string, in []srcLine, fallbackTitle string) *Result {
	res := &Result{Source: name}
	var notes []note
	drop := func(l srcLine, why string) {
		notes = append(notes, note{Dropped, l.n, fmt.Sprintf("“%s”（%s）", short(l.text), why)})
	}

	// 1. Classify every line. Metadata is looked for in the head of the
	// text: until the body has clearly begun (an outline heading or a long
	// paragraph).
	ls := make([]classified, 0, len(in))
	inHead := true
	for _, l := range in {
		l.text = clean(l.text)
		c := classified{srcLine: l}
		switch t := l.text; {
		case t == "":
			c.kind = lkBlank
		case inHead && breadcrumbRE().MatchString(t) && runes(t) <= 120:
			c.kind = lkBreadcrumb
		case inHead && splitPairs(t) != nil:
			c.kind, c.pairs = lkMeta, splitPairs(t)
		case isJunk(t), isButtons(t), pageCountRE().MatchString(t), pageMarkRE().MatchString(t),
			shareFooterRE().MatchString(t), excerptRE().MatchString(t),
			runes(t) <= 60 && furnitureRE().MatchString(t):
			c.kind = lkFurniture
		default:
			c.kind = lkContent
			if inHead && (outlineLevel(t) > 0 || runes(t) > 80) {
				inHead = false
			}
		}
		ls = append(ls, c)
	}

	// A document-sharing site's excerpt of the text, on the line after its
	// label, when the text itself has it again further on.
	for i, c := range ls {
		if c.kind != lkFurniture || !excerptRE().MatchString(c.text) || strings.TrimSpace(excerptRE().ReplaceAllString(c.text, "")) != "" {
			continue
		}
		if j := nextNonBlank(ls, i+1); j > 0 && ls[j].kind == lkContent && repeatedLater(ls, j) {
			drop(ls[j].srcLine, "文档分享网站的摘录，正文中另有全文")
			ls[j].kind, ls[j].noted = lkFurniture, true
		}
	}

	// 2. Everything before a breadcrumb in the head is the page's banner.
	lastCrumb := -1
	for i, c := range ls {
		if c.kind == lkBreadcrumb {
			lastCrumb = i
		}
	}
	for i := 0; i < lastCrumb; i++ {
		if ls[i].kind == lkContent {
			drop(ls[i].srcLine, "页头，位于面包屑导航之前")
			ls[i].kind, ls[i].noted = lkFurniture, true
		}
	}

	// 3. Metadata, in order; an empty value at the end of its line may be
	// on the next line.
	m := &res.Meta
	firstMeta := -1
	for i := 0; i < len(ls); i++ {
		c := ls[i]
		switch c.kind {
		case lkBreadcrumb:
			drop(c.srcLine, "面包屑导航")
		case lkFurniture:
			if !c.noted {
				drop(c.srcLine, "页面附属内容")
			}
		case lkMeta:
			if firstMeta < 0 {
				firstMeta = i
			}
			furniture := true
			for k, p := range c.pairs {
				if p.label.field != fFurniture {
					furniture = false
				}
				if p.last && p.value == "" && p.label.field != fFurniture {
					if j := nextNonBlank(ls, i+1); j > 0 && ls[j].kind == lkContent && plausible(p.label.field, ls[j].text) {
						p.value = ls[j].text
						c.pairs[k] = p
						ls[j].kind = lkBlank // consumed as the value
					}
				}
				m.apply(p, c.n, &notes)
			}
			if furniture {
				drop(c.srcLine, "页面附属内容")
				continue
			}
			for _, p := range c.pairs {
				if p.label.field == fFurniture {
					notes = append(notes, note{Dropped, c.n, fmt.Sprintf("“%s”（页面附属内容）", strings.TrimSpace(p.label.name+" "+p.value))})
				}
			}
		}
	}

	// 4. The title: the first short line of the head after the metadata,
	// or the first of the head when the metadata comes after it.
	var body []classified
	for _, c := range ls {
		if c.kind == lkContent {
			body = append(body, c)
		}
	}
	titleAt := -1
	if m.Title == "" {
		first := -1
		for i, c := range body {
			if !titleLike(c.text) {
				if outlineLevel(c.text) > 0 || runes(c.text) > 80 {
					break
				}
				continue
			}
			if first < 0 {
				first = i
			}
			if firstMeta >= 0 && c.n > ls[firstMeta].n {
				titleAt = i
				break
			}
		}
		if titleAt < 0 {
			titleAt = first
		}
		if titleAt >= 0 {
			m.Title = body[titleAt].text
			res.Found = append(res.Found, "title")
		}
	}
	if titleAt >= 0 {
		if ext := fileExtRE().FindString(m.Title); ext != "" {
			notes = append(notes, note{Corrected, body[titleAt].n, fmt.Sprintf("标题 “%s” 去掉了文件扩展名 %s", m.Title, ext)})
			m.Title = strings.TrimSpace(strings.TrimSuffix(m.Title, ext))
		}
		body = append(body[:titleAt], body[titleAt+1:]...)
	}
	if m.Title == "" && fallbackTitle != "" {
		m.Title = fallbackTitle
		notes = append(notes, note{Inferred, 0, "标题取自 Word 文档属性: " + fallbackTitle})
	}
	if m.Title == "" {
		base := strings.TrimSuffix(path.Base(name), path.Ext(name))
		m.Title = base
		notes = append(notes, note{Unrecognised, 0, "没有找到标题，暂用文件名 “" + base + "”，请改正 title"})
	}
	// A title repeated as the body's first line.
	if len(body) > 0 && body[0].text == m.Title {
		drop(body[0].srcLine, "与标题重复")
		body = body[1:]
	}
	if m.Genre == "" {
		if g := genreFromTitle(m.Title); g != "" {
			m.Genre = g
			notes = append(notes, note{Inferred, 0, "体裁 “" + g + "” 由标题推断"})
		}
	}
	if m.HasPublishedBefore() {
		notes = append(notes, note{Unrecognised, 0, fmt.Sprintf("发布日期 %s 早于成文日期 %s（构建不接受），发布日期已作为注释保留", content.DateOf(m.Published), m.Written)})
		m.Other = append(m.Other, KV{"发布日期", m.Published.Format("2006-01-02 15:04")})
		m.prio[fPublished] = -1
	}

	// 5. The body.
	md := markdownBody(body, &notes)
	res.Found = append(res.Found, m.found()...)
	if titleAt < 0 && len(res.Found) > 0 && res.Found[0] == "title" {
		res.Found = res.Found[1:]
	}
	res.Name = docName(name)
	res.body = md
	res.Markdown = append(frontMatter(m, path.Base(name)), md...)
	// The log in the order of the text; what concerns the whole text last.
	sort.SliceStable(notes, func(i, j int) bool {
		a, b := notes[i].line, notes[j].line
		return a != 0 && (b == 0 || a < b)
	})
	for _, n := range notes {
		res.Notes = append(res.Notes, Note{Kind: n.kind, Line: n.line, Msg: n.msg})
	}
	return res
}

// HasPublishedBefore reports whether the 发布日期 is before the 成文日期,
// which the build refuses.
func (m *Meta) HasPublishedBefore() bool {
	return m.prio[fPublished] > 0 && !m.Written.IsZero() && content.DateOf(m.Published).Before(m.Written)
}

func (m *Meta) hasPublished() bool { return m.prio[fPublished] > 0 }

// found lists the keys that were filled from the text.
func (m *Meta) found() []string {
	var out []string
	add := func(ok bool, k string) {
		if ok {
			out = append(out, k)
		}
	}
	add(m.prio[fTitle] > 0, "title")
	add(m.IndexNo != "", "index_no")
	add(m.Publisher != "", "publisher")
	add(m.DocNo != "", "doc_no")
	add(!m.Written.IsZero(), "written")
	add(m.hasPublished(), "published")
	add(m.Topic != "", "topic")
	add(m.Genre != "", "genre")
	add(m.Validity != "", "validity")
	add(!m.Expires.IsZero(), "expires")
	add(m.Disclosure != "", "disclosure")
	add(len(m.Keywords) > 0, "keywords")
	return out
}

// repeatedLater reports whether a later line of the text begins as line j
// does (its first 12 characters).
func repeatedLater(ls []classified, j int) bool {
	head := []rune(ls[j].text)
	if len(head) < 12 {
		return false
	}
	prefix := string(head[:12])
	for _, c := range ls[j+1:] {
		if c.kind == lkContent && strings.HasPrefix(c.text, prefix) {
			return true
		}
	}
	return false
}

func nextNonBlank(ls []classified, i int) int {
	for ; i < len(ls); i++ {
		if ls[i].kind != lkBlank {
			return i
		}
	}
	return -1
}

// titleLike tells whether a line can be a title: short, not a sentence, not
// an outline heading, not a date.
func titleLike(s string) bool {
	n := runes(s)
	if n < 4 || n > 80 || outlineLevel(s) > 0 {
		return false
	}
	if _, _, _, ok := parseDate(s); ok && n <= 20 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune("。；;，,:：！!？?", last)
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// docName makes the document's file name from the input's: the base name
// with the characters a slug may have.
func docName(name string) string {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(name, "\\", "/")), path.Ext(name))
	var b strings.Builder
	for _, r := range base {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	s := strings.Trim(b.String(), "-._")
	if s == "" {
		s = "document"
	}
	return s + ".md"
}
