// Package scaffold creates new sites and new documents: gongkai new site DIR
// writes a minimal site that builds at once, with charts (one document, one
// year of sample data with a few schools, county.toml); gongkai new doc
// SECTION/NAME.md writes a front-matter skeleton dated today with the next
// free 索引号 when site.toml sets index_no_pattern.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/lazyre"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

//go:embed all:site
var siteFiles embed.FS

// SiteOptions configure NewSite.
type SiteOptions struct {
	Fs    afero.Fs
	Dir   string
	Today time.Time // the sample document's date; the data year is the year before
	Force bool      // write into a directory that is not empty
}

// NewSite writes a new site into Dir and returns the files written,
// relative to Dir. Dir must not exist or be empty (unless Force); no file is
// ever overwritten.
func NewSite(o SiteOptions) ([]string, error) {
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	today := content.DateOf(o.Today)
	dataYear := today.Year - 1
	if entries, err := afero.ReadDir(o.Fs, o.Dir); err == nil && len(entries) > 0 && !o.Force {
		return nil, fmt.Errorf("%s 已存在且不是空目录；换一个目录，或加 --force 在其中添加文件（已有文件不会被覆盖）", o.Dir)
	}
	// Refuse before writing anything, so that a refusal leaves no half-made
	// site behind.
	if ok, _ := afero.Exists(o.Fs, filepath.Join(o.Dir, config.FileName)); ok {
		return nil, fmt.Errorf("%s 中已有 %s，已经是一个站点；新建文档用 gongkai new doc -s %s SECTION/NAME.md，或换一个目录新建站点", o.Dir, config.FileName, o.Dir)
	}
	rels, err := siteFileNames(today.Year - 1)
	if err != nil {
		return nil, err
	}
	var clash []string
	for _, rel := range rels {
		if _, err := o.Fs.Stat(filepath.Join(o.Dir, filepath.FromSlash(rel))); err == nil {
			clash = append(clash, rel)
		}
	}
	if len(clash) > 0 {
		return nil, fmt.Errorf("%s 中已有 %s，没有写入任何文件（已有文件不会被覆盖）；请移走这些文件，或换一个目录", o.Dir, strings.Join(clash, "、"))
	}
	repl := strings.NewReplacer(
		"@YEAR@", strconv.Itoa(today.Year),
		"@DATAYEAR@", strconv.Itoa(dataYear),
		"@DATE@", today.String(),
		"@CHINESEDATE@", today.Chinese(),
	)
	var written []string
	err = fs.WalkDir(siteFiles, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := siteFiles.ReadFile(p)
		if err != nil {
			return err
		}
		rel := siteFileName(p, dataYear)
		if err := writeNew(o.Fs, o.Dir, rel, []byte(repl.Replace(string(b)))); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	if err != nil {
		return written, err
	}
	if err := writeNew(o.Fs, o.Dir, ".gitignore", []byte("/public/\n/.gongkai-*\n")); err == nil {
		written = append(written, ".gitignore")
	}
	sort.Strings(written)
	return written, nil
}

// siteFileName is where the embedded file p of the new site goes, relative
// to the site.
func siteFileName(p string, dataYear int) string {
	rel := strings.TrimPrefix(p, "site/")
	return strings.Replace(rel, "data/YEAR/", "data/"+strconv.Itoa(dataYear)+"/", 1)
}

// siteFileNames lists the files NewSite writes, relative to the site.
func siteFileNames(dataYear int) ([]string, error) {
	var out []string
	err := fs.WalkDir(siteFiles, "site", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, siteFileName(p, dataYear))
		}
		return err
	})
	return out, err
}

// writeNew writes root/rel, a file that must not exist yet, and not
// through a symbolic link (sitefs.WriteFile).
func writeNew(fsys afero.Fs, root, rel string, b []byte) error {
	err := sitefs.WriteFile(fsys, root, rel, b, false)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s 已存在，未覆盖", filepath.Join(root, filepath.FromSlash(rel)))
	}
	return err
}

// DocOptions configure NewDoc.
type DocOptions struct {
	Fs    afero.Fs
	Site  string // site directory
	Path  string // SECTION/NAME.md, relative to content/
	Today time.Time
}

// Doc is a document NewDoc wrote.
type Doc struct {
	File    string // path relative to the site: content/SECTION/NAME.md
	IndexNo string // the 索引号 given, "" when site.toml sets no pattern
	// Note says why no 索引号 could be given, when site.toml sets a pattern.
	Note string
	// Section is set when the section's _index.md was created too.
	Section string
}

// nameRE is what a section or document name may be: it becomes a segment
// of the page's address.
var nameRE = lazyre.New(`^[\p{L}\p{N}][\p{L}\p{N}_-]*$`)

// NewDoc writes a new document with a front-matter skeleton.
func NewDoc(o DocOptions) (*Doc, error) {
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	p := path.Clean(strings.TrimPrefix(filepath.ToSlash(o.Path), "content/"))
	switch ext := path.Ext(p); {
	case ext == "":
		p += ".md"
	case ext != ".md":
		return nil, fmt.Errorf("%q 不是 .md 文件：文档是 Markdown，写作 栏目/名称.md，例如 policies/enrollment-2025.md（.md 可以省略）；已有的 .txt 或 .docx 用 gongkai import 导入", o.Path)
	}
	parts := strings.Split(p, "/")
	if len(parts) != 2 || !nameRE().MatchString(parts[0]) || !nameRE().MatchString(strings.TrimSuffix(parts[1], ".md")) {
		return nil, fmt.Errorf("%q: 应写作 栏目/名称.md，例如 policies/enrollment-2025.md；栏目和名称以字母或数字开头，只用字母（可以是汉字）、数字、- 和 _", o.Path)
	}
	site, ds := config.Load(o.Fs, o.Site, "")
	if site == nil {
		return nil, fmt.Errorf("%s", ds[0].Error())
	}
	for _, d := range ds {
		return nil, fmt.Errorf("%s", d.Error())
	}
	doc := &Doc{File: path.Join(content.Dir, p)}
	full := filepath.Join(o.Site, filepath.FromSlash(doc.File))
	if _, err := o.Fs.Stat(full); err == nil {
		return nil, fmt.Errorf("%s 已存在", doc.File)
	}
	today := content.DateOf(o.Today)
	if site.IndexNoRE != nil {
		c, _ := content.Load(o.Fs, o.Site, site, content.Options{Drafts: true, Future: true, Now: o.Today})
		var existing []string
		for _, d := range append(append([]*content.Document(nil), c.Docs...), c.LeftOut...) {
			if d.IndexNo != "" {
				existing = append(existing, d.IndexNo)
			}
		}
		doc.IndexNo, doc.Note = NextIndexNo(site.IndexNoRE, site.IndexNoPattern, existing, today.Year)
	}

	var b strings.Builder
	b.WriteString("+++\n")
	b.WriteString("title = \"" + strings.TrimSuffix(parts[1], ".md") + "\"   # 标题，请改写\n")
	if doc.IndexNo != "" {
		b.WriteString("index_no = \"" + doc.IndexNo + "\"   # 索引号：按已有文档推算的下一个\n")
	} else {
		b.WriteString("# index_no = \"\"   # 索引号，全站唯一\n")
	}
	fmt.Fprintf(&b, "publisher = %q   # 发布机构\n", site.Publisher)
	b.WriteString("# doc_no = \"某教发〔" + strconv.Itoa(today.Year) + "〕1号\"   # 文号：六角括号，序号不编虚位\n")
	b.WriteString("written = " + today.String() + "   # 成文日期\n")
	b.WriteString("published = " + today.String() + "   # 发布日期；未来的日期到期才发布\n")
	b.WriteString("topic = \"科技、教育\"   # 主题分类\n")
	b.WriteString("genre = \"通知\"   # 体裁：" + strings.Join(content.Genres, " ") + "\n")
	b.WriteString("validity = \"有效\"   # 有效 / 失效 / 废止\n")
	b.WriteString("# expires = " + strconv.Itoa(today.Year+5) + "-12-31   # 失效日期\n")
	b.WriteString("disclosure = \"主动公开\"   # 主动公开 / 依申请公开\n")
	b.WriteString("keywords = []\n")
	b.WriteString("summary = \"\"   # 摘要，用于列表、订阅和搜索\n")
	b.WriteString("# interprets = \"policies/xxx.md\"   # 政策解读所解读的原文\n")
	b.WriteString("# related = []   # 相关文件\n")
	b.WriteString("# attachments = [{title = \"附件名称\", file = \"文件名.xlsx\"}]   # 附件放在本文件旁边\n")
	b.WriteString("draft = true   # 草稿：不发布（预览用 gongkai serve --drafts）；写好后删去这一行\n")
	b.WriteString("+++\n\n正文。\n\n## 一、标题\n\n### （一）标题\n\n#### 1. 标题\n")
	if err := writeNew(o.Fs, o.Site, doc.File, []byte(b.String())); err != nil {
		return nil, err
	}
	idx := filepath.Join(o.Site, content.Dir, parts[0], "_index.md")
	if _, err := sitefs.Lstat(o.Fs, idx); errors.Is(err, fs.ErrNotExist) {
		s := "+++\ntitle = \"" + parts[0] + "\"   # 栏目名称，请改写\nweight = 100\n+++\n"
		if writeNew(o.Fs, o.Site, path.Join(content.Dir, parts[0], "_index.md"), []byte(s)) == nil {
			doc.Section = path.Join(content.Dir, parts[0], "_index.md")
		}
	}
	return doc, nil
}

var (
	lastDigits = lazyre.New(`\d+`)
	yearRE     = lazyre.New(`(?:19|20)\d\d`)
)

// NextIndexNo returns the next free 索引号 after the existing ones: the
// newest scheme in use (the same text around the serial number, with this
// year in place of the year, when it has one), with the serial number after
// the highest one of that scheme, zero-padded as they are. With no existing
// number it is made from the pattern itself. note says why none could be
// given.
func NextIndexNo(re *regexp.Regexp, pattern string, existing []string, year int) (string, string) {
	type scheme struct{ prefix, suffix string }
	type num struct {
		s      scheme
		serial int
		width  int
	}
	var nums []num
	for _, e := range existing {
		if !re.MatchString(e) {
			continue
		}
		locs := lastDigits().FindAllStringIndex(e, -1)
		if len(locs) == 0 {
			continue
		}
		l := locs[len(locs)-1]
		n, err := strconv.Atoi(e[l[0]:l[1]])
		if err != nil {
			continue
		}
		nums = append(nums, num{scheme{e[:l[0]], e[l[1]:]}, n, l[1] - l[0]})
	}
	y := strconv.Itoa(year)
	used := map[string]bool{}
	for _, e := range existing {
		used[e] = true
	}
	if len(nums) > 0 {
		// The scheme of the highest-numbered index of the newest year.
		sort.SliceStable(nums, func(i, j int) bool {
			yi, yj := yearRE().FindAllString(nums[i].s.prefix, -1), yearRE().FindAllString(nums[j].s.prefix, -1)
			a, b := "", ""
			if len(yi) > 0 {
				a = yi[len(yi)-1]
			}
			if len(yj) > 0 {
				b = yj[len(yj)-1]
			}
			if a != b {
				return a > b
			}
			return nums[i].serial > nums[j].serial
		})
		tmpl := nums[0]
		cands := []scheme{tmpl.s}
		if locs := yearRE().FindAllStringIndex(tmpl.s.prefix, -1); len(locs) > 0 {
			l := locs[len(locs)-1]
			cands = []scheme{{tmpl.s.prefix[:l[0]] + y + tmpl.s.prefix[l[1]:], tmpl.s.suffix}, tmpl.s}
		}
		for _, sc := range cands {
			next := 1
			for _, n := range nums {
				if n.s == sc && n.serial >= next {
					next = n.serial + 1
				}
			}
			for ; next < 1e9; next++ {
				s := sc.prefix + fmt.Sprintf("%0*d", tmpl.width, next) + sc.suffix
				if !used[s] {
					if re.MatchString(s) {
						return s, ""
					}
					break
				}
			}
		}
	}
	if s, ok := fromPattern(pattern, y); ok && re.MatchString(s) && !used[s] {
		return s, ""
	}
	return "", "无法从 index_no_pattern 和已有文档推算索引号，请手工填写"
}

// fromPattern makes the first 索引号 of a pattern such as
// 11150000MB0000000X/\d{4}-\d{5}: literals as they are, the first run of
// four digits as the year, other runs of digits as 1 zero-padded.
func fromPattern(pattern, year string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	var b strings.Builder
	yearUsed := false
	var walk func(r *syntax.Regexp) bool
	digits := func(r *syntax.Regexp) bool {
		return r.Op == syntax.OpCharClass && len(r.Rune) == 2 && r.Rune[0] == '0' && r.Rune[1] == '9'
	}
	walk = func(r *syntax.Regexp) bool {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpConcat:
			// Runs of digits: \d\d\d\d after Simplify.
			for i := 0; i < len(r.Sub); {
				if digits(r.Sub[i]) {
					j := i
					for j < len(r.Sub) && digits(r.Sub[j]) {
						j++
					}
					n := j - i
					if n == 4 && !yearUsed {
						b.WriteString(year)
						yearUsed = true
					} else {
						b.WriteString(fmt.Sprintf("%0*d", n, 1))
					}
					i = j
					continue
				}
				if !walk(r.Sub[i]) {
					return false
				}
				i++
			}
		case syntax.OpCapture:
			return walk(r.Sub[0])
		case syntax.OpCharClass:
			if digits(r) {
				b.WriteString("1")
				return true
			}
			if len(r.Rune) >= 2 {
				b.WriteRune(r.Rune[0])
				return true
			}
			return false
		case syntax.OpAlternate:
			return walk(r.Sub[0])
		case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
		default:
			return false
		}
		return true
	}
	if !walk(re) {
		return "", false
	}
	return b.String(), true
}
