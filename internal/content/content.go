// Package content loads the Markdown documents of a site: their TOML front
// matter (the 政务公开 metadata of ../shared/spec/publishing.md), validated
// strictly, and the sections they live in. It does not render Markdown.
package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gongkai-dev/gongkai/internal/suggest"
	"github.com/gongkai-dev/gongkai/internal/workers"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
)

// China is the zone of dates written without an offset. Using a fixed zone
// keeps builds independent of the machine's TZ and of tzdata.
var China = time.FixedZone("CST", 8*3600)

// Date is a calendar date (成文日期, 失效日期) with no time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats d as 2006-01-02.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	// Written out rather than by fmt.Sprintf: every document's dates are
	// formatted in each list and catalogue page that shows them, some 1.5%
	// of the CPU of a 2,000-document build.
	if 0 <= d.Year && d.Year <= 9999 && 0 <= d.Month && d.Month <= 99 && 0 <= d.Day && d.Day <= 99 {
		y, m := d.Year, int(d.Month)
		b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
			byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
		return string(b[:])
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese formats d as 2021年11月12日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// DateOf returns the calendar date of t in China.
func DateOf(t time.Time) Date {
	t = t.In(China)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Validity values (有效性).
const (
	Valid    = "有效"
	Expired  = "失效"
	Repealed = "废止"
)

// Genres are the 体裁分类 a document may have: the 15 公文文种 and the kinds
// of text a bureau publishes beside them.
var Genres = []string{"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要", "规划", "方案", "计划", "解读", "其他"}

// Attachment is a file published with a document (附件).
type Attachment struct {
	Title string
	File  string // as written, relative to the document's folder
	Src   string // path relative to content/
	URL   string // site path of the copy
	Size  int64
}

// Document is one Markdown file with its metadata.
type Document struct {
	Path    string // relative to content/, e.g. "plans/plan-2022.md"
	Section string // first folder, e.g. "plans"; "" at the top of content/
	URL     string // site path, e.g. "plans/plan-2022/"

	Title       string
	IndexNo     string // 索引号
	Publisher   string // 发布机构
	DocNo       string // 文号
	Written     Date   // 成文日期
	Published   time.Time
	HasPublish  bool   // 发布日期 given
	Topic       string // 主题分类
	Genre       string // 体裁分类
	Validity    string // 有效性 as written (default 有效)
	Expires     Date   // 失效日期
	Disclosure  string // 公开方式
	Keywords    []string
	Summary     string
	Interprets  string // path of the 原文 this 解读 explains
	Related     []string
	Attachments []Attachment
	Draft       bool

	// The 政府信息公开工作年度报告 (internal/disclosure).
	Normative        bool // 行政规范性文件
	Regulation       bool // 规章
	Abolished        Date // 废止日期: not in force from this day on
	DisclosureReport int  // the year this document is the report of; 0 when it is not one

	Body     []byte // Markdown after the front matter
	BodyLine int    // line of the body's first line in the file, minus 1
	// Digest fingerprints the file's bytes, when Options.Digest asked
	// for it ("" otherwise): gongkai serve keys the document's page by it.
	Digest string

	// Resolved links, among the documents that are published.
	Original     *Document   // the 原文 this 解读 explains
	Explanations []*Document // 解读 of this document
	RelatedDocs  []*Document

	fm string // the front matter's TOML, for locating keys
}

// KeyLine returns the line of the document's file at which the front-matter
// key is written; 1, the opening +++, when it is not.
func (d *Document) KeyLine(key string) int { return tomlx.KeyLine(d.fm, toml.Key{key}) + 1 }

// Status returns the 有效性 shown to readers on the day today: 废止 from the
// 废止日期 on, 失效 after the 失效日期, otherwise as written.
func (d *Document) Status(today Date) string {
	if d.Validity == Repealed || (!d.Abolished.IsZero() && !today.Before(d.Abolished)) {
		return Repealed
	}
	if !d.Expires.IsZero() && d.Expires.Before(today) {
		return Expired
	}
	return d.Validity
}

// Date is the date a document is sorted and listed by: 发布日期, else 成文日期.
func (d *Document) Date() Date {
	if d.HasPublish {
		return DateOf(d.Published)
	}
	return d.Written
}

// Section is a folder of content/ with its own list page.
type Section struct {
	Name    string // folder name, e.g. "policies"
	Title   string // from _index.md, e.g. "政策文件"
	Summary string
	Weight  int         // order in the navigation: lower first, then by name
	Docs    []*Document // published, newest first
}

// Content is every published document and section of a site.
type Content struct {
	Sections []*Section  // by weight, then name
	Docs     []*Document // published, newest first
	// Left out lists drafts and documents dated in the future.
	LeftOut []*Document
	// Files lists every file under content/ that is not Markdown, relative
	// to content/; attachments are among them.
	Files []string
	// Sizes holds the size of each of Files.
	Sizes map[string]int64
	// Digest, when Options.Digest asked for it, fingerprints every file
	// under content/ as read: the bytes of each Markdown file, the size
	// and modification time of the others (attachments). gongkai serve
	// keys the pages made from the documents by it, without reading them
	// all a second time.
	Digest string
	// MetaDigest is Digest with only the front matter of each document:
	// what lists, the catalogue and other documents' pages show of it (a
	// body edit leaves it as it was).
	MetaDigest string
}

// Options say which documents are published.
type Options struct {
	Drafts bool      // --drafts
	Future bool      // --future
	Now    time.Time // a 发布日期 after Now is in the future
	// Digest asks for Content.Digest.
	Digest bool
	// Cache, when not nil, keeps what each Markdown file gave between loads
	// (gongkai serve).
	Cache *Cache
}

// Cache keeps what reading each Markdown file gave, between loads of one
// site: a file whose size and modification time are those it was read with
// is not read or parsed again (gongkai serve's watcher notices changes by
// the same two). Reading and parsing a province site's 2,000 documents was
// a third of the CPU of serve's rebuild after one changed data row. A
// load takes copies of the kept documents, so that linking them (Original,
// Explanations, sections) never touches what is kept. Not for concurrent
// loads.
type Cache struct {
	files map[string]*mdFile // by path, as the last load read them
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*mdFile{}} }

// reuse fills f from the cache's entry for it, if that was read with the
// same size, modification time and site publisher (parsing uses it).
func (c *Cache) reuse(f *mdFile, publisher string, digest bool) bool {
	k := c.files[f.path]
	if k == nil || k.size != f.size || k.mod != f.mod || k.publisher != publisher || k.digest != digest {
		return false
	}
	f.sum, f.meta, f.diags = k.sum, k.meta, k.diags
	if k.sec != nil {
		sec := *k.sec
		f.sec = &sec
	}
	if k.doc != nil {
		doc := *k.doc
		doc.Original, doc.Explanations, doc.RelatedDocs = nil, nil, nil
		f.doc = &doc
	}
	return true
}

// Dir is the folder of documents in a site.
const Dir = "content"

// Load reads every document under siteDir/content.
func Load(fsys afero.Fs, siteDir string, site *config.Site, opts Options) (*Content, []diag.Diagnostic) {
	root := path.Join(siteDir, Dir)
	c := &Content{Sizes: map[string]int64{}}
	var diags []diag.Diagnostic
	var all []*Document
	sections := map[string]*Section{}
	if _, err := fsys.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	// The walk lists the Markdown files; they are read and parsed in
	// parallel (mdFile), then taken in the walk's order, so that the
	// documents and the diagnostics are in the same order as when they
	// were read one by one. Performance: reading and parsing 2,000
	// documents one by one was ~0.1–0.3 s of a build's wall time, before
	// anything else could start (docs/performance.md).
	files := c.walk(fsys, siteDir, root)
	workers.Each(len(files), nil, func(i, _ int) {
		f := files[i]
		if !f.read {
			return
		}
		// A Cache (serve) takes a file unchanged since the last load
		// without opening it.
		if opts.Cache != nil && (!f.stat(fsys, siteDir) || opts.Cache.reuse(f, site.Publisher, opts.Digest)) {
			return
		}
		if r := f.open(fsys, siteDir); r != nil {
			f.load(r, siteDir, site, opts.Digest)
		}
	})
	if opts.Cache != nil {
		// Kept: the files read this time that gave a document or a
		// section, as read (copied before they are linked below). A file
		// that went away, or could not be read (perhaps for a reason that
		// leaves its time as it was), is read again next time.
		kept := make(map[string]*mdFile, len(files))
		for _, f := range files {
			if f.read && (f.doc != nil || f.sec != nil) {
				k := *f
				k.publisher, k.digest = site.Publisher, opts.Digest
				if f.sec != nil {
					sec := *f.sec
					k.sec = &sec
				}
				if f.doc != nil {
					doc := *f.doc
					k.doc = &doc
				}
				kept[f.path] = &k
			}
		}
		opts.Cache.files = kept
	}
	digest, meta := sha256.New(), sha256.New()
	var line []byte
	for _, f := range files {
		if opts.Digest {
			line = digestLine(line[:0], f.crel, f.sum, f.stamp, len(f.diags))
			digest.Write(line)
			line = digestLine(line[:0], f.crel, f.meta, f.stamp, len(f.diags))
			meta.Write(line)
		}
		diags = append(diags, f.diags...)
		if f.sec != nil {
			sections[f.sec.Name] = f.sec
		}
		if f.doc != nil {
			all = append(all, f.doc)
		}
	}
	if opts.Digest {
		c.Digest, c.MetaDigest = string(digest.Sum(nil)), string(meta.Sum(nil))
	}
	diags = append(diags, checkSite(all, c.Sizes, site)...)

	byPath := map[string]*Document{}
	for _, d := range all {
		byPath[d.Path] = d
	}
	published := map[*Document]bool{}
	for _, d := range all {
		if (d.Draft && !opts.Drafts) || (d.HasPublish && d.Published.After(opts.Now) && !opts.Future) {
			c.LeftOut = append(c.LeftOut, d)
			continue
		}
		published[d] = true
		c.Docs = append(c.Docs, d)
	}
	for _, d := range c.Docs {
		if t := byPath[d.Interprets]; t != nil && published[t] {
			d.Original = t
			t.Explanations = append(t.Explanations, d)
		}
		for _, r := range d.Related {
			if t := byPath[r]; t != nil && published[t] {
				d.RelatedDocs = append(d.RelatedDocs, t)
			}
		}
	}
	SortNewestFirst(c.Docs)
	for _, d := range c.Docs {
		if d.Section == "" {
			continue
		}
		sec := sections[d.Section]
		if sec == nil {
			sec = &Section{Name: d.Section, Title: d.Section}
			sections[d.Section] = sec
		}
		sec.Docs = append(sec.Docs, d)
	}
	for _, s := range sections {
		c.Sections = append(c.Sections, s)
	}
	sort.Slice(c.Sections, func(i, j int) bool {
		a, b := c.Sections[i], c.Sections[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Name < b.Name
	})
	sort.Strings(c.Files)
	return c, diags
}

// mdFile is an entry of the walk of content/: a Markdown file to read
// (read), with what reading it gave, or only diagnostics.
type mdFile struct {
	path, crel string
	read       bool
	sum        [32]byte // of the bytes read, for Content.Digest
	meta       [32]byte // of a document's front matter (else of the bytes), for MetaDigest
	stamp      string   // size and time of a file not read (Content.Digest)
	sec        *Section
	doc        *Document
	diags      []diag.Diagnostic
	size, mod  int64 // of the file read (Cache)
	// What the file was read with, in a Cache's entry.
	publisher string
	digest    bool
}

// walk lists the files under root, depth first with names sorted (the
// order of afero.Walk). Performance: the walk runs before any file can be
// read, on one core; it takes each entry's type from its directory, and
// the workers that read the Markdown files take their size and time from
// the open file (open), so that 2,000 documents are not 2,000 stats in a
// row. Other files (the attachments) are stat'ed here: their sizes are in
// Content.
func (c *Content) walk(fsys afero.Fs, siteDir, root string) []*mdFile {
	var files []*mdFile
	refuse := func(p string, err error) {
		files = append(files, &mdFile{diags: []diag.Diagnostic{unreadable(siteDir, p, err)}})
	}
	info, err := sitefs.Lstat(fsys, root)
	switch {
	case err != nil:
		refuse(root, err)
		return files
	case info.Mode()&fs.ModeSymlink != 0:
		refuse(root, sitefs.ErrSymlink)
		return files
	case !info.IsDir():
		files = append(files, &mdFile{diags: []diag.Diagnostic{{File: Dir, Msg: "应为目录"}}})
		return files
	}
	var visit func(dir string)
	visit = func(dir string) {
		entries, err := sitefs.ReadDir(fsys, dir)
		if err != nil {
			refuse(dir, err)
		}
		for _, e := range entries {
			name := e.Name()
			p := filepath.Join(dir, name)
			crel := strings.TrimPrefix(p, root+"/")
			switch {
			case strings.HasPrefix(name, "."):
			case e.Type()&fs.ModeSymlink != 0:
				refuse(p, sitefs.ErrSymlink)
			case e.IsDir():
				visit(p)
			case !e.Type().IsRegular():
				refuse(p, sitefs.ErrNotRegular)
			case strings.HasSuffix(name, ".md"):
				files = append(files, &mdFile{path: p, crel: crel, read: true})
			default:
				info, err := e.Info()
				if err != nil {
					refuse(p, err)
					continue
				}
				c.Files = append(c.Files, crel)
				c.Sizes[crel] = info.Size()
				files = append(files, &mdFile{crel: crel, stamp: fmt.Sprintf("%d %d", info.Size(), info.ModTime().UnixNano())})
			}
		}
	}
	visit(root)
	return files
}

// stat takes the size and time of a Markdown file the walk found, for the
// Cache, and reports whether it is still a regular file to read.
func (f *mdFile) stat(fsys afero.Fs, siteDir string) bool {
	info, err := sitefs.Lstat(fsys, f.path)
	switch {
	case err != nil:
	case info.Mode()&fs.ModeSymlink != 0:
		err = sitefs.ErrSymlink
	case !info.Mode().IsRegular():
		err = sitefs.ErrNotRegular
	default:
		f.size, f.mod = info.Size(), info.ModTime().UnixNano()
		return true
	}
	f.diags = []diag.Diagnostic{unreadable(siteDir, f.path, err)}
	return false
}

// open opens a Markdown file the walk found, and takes its size and time
// for the Cache; nil, with the file's diagnostic, when it cannot be read
// or is no longer a regular file.
func (f *mdFile) open(fsys afero.Fs, siteDir string) *sitefs.Regular {
	r, err := sitefs.OpenRegular(fsys, f.path)
	if err != nil {
		f.diags = []diag.Diagnostic{unreadable(siteDir, f.path, err)}
		return nil
	}
	f.size, f.mod = r.Size, r.ModTime
	return r
}

// unreadable is the diagnostic of a content file that cannot be read.
func unreadable(siteDir, p string, err error) diag.Diagnostic {
	switch {
	case errors.Is(err, sitefs.ErrSymlink):
		return diag.Diagnostic{File: rel(siteDir, p), Msg: "不接受符号链接：内容必须是站点内的普通文件"}
	case errors.Is(err, sitefs.ErrNotRegular):
		return diag.Diagnostic{File: rel(siteDir, p), Msg: "不接受：" + sitefs.ErrNotRegular.Error()}
	}
	return diag.Diagnostic{File: rel(siteDir, p), Msg: "无法读取: " + err.Error()}
}

// load reads and parses the Markdown file f.
func (f *mdFile) load(r *sitefs.Regular, siteDir string, site *config.Site, digest bool) {
	// The size is checked before reading: a Markdown file of 10 MB is
	// a mistake, and rendering it could take gigabytes.
	src, err := r.ReadAll(sitefs.MaxMarkdown)
	if err != nil {
		msg := "无法读取: " + err.Error()
		var tl *sitefs.TooLargeError
		if errors.As(err, &tl) {
			msg = fmt.Sprintf("Markdown 文档过大（%s），上限为 %s；请把文档拆分，或把大表格作为附件发布", sitefs.Size(tl.Size), sitefs.Size(tl.Limit))
		}
		f.diags = []diag.Diagnostic{{File: rel(siteDir, f.path), Msg: msg}}
		return
	}
	if digest {
		f.sum = sha256.Sum256(src)
		f.meta = f.sum
	}
	if path.Base(f.crel) == "_index.md" {
		f.sec, f.diags = parseSection(Dir+"/"+f.crel, path.Dir(f.crel), src)
		return
	}
	f.doc, f.diags = parseDocument(Dir+"/"+f.crel, f.crel, src, site)
	if digest && f.doc != nil {
		f.doc.Digest = string(f.sum[:])
		f.meta = sha256.Sum256([]byte(f.doc.fm))
	}
}

// digestLine appends a file's line of Content.Digest and MetaDigest to b:
// what fmt's "%q %x %s %d\n" writes, written out (fmt was most of the
// serial loop that makes the digests).
func digestLine(b []byte, crel string, sum [32]byte, stamp string, diags int) []byte {
	b = strconv.AppendQuote(b, crel)
	b = append(hex.AppendEncode(append(b, ' '), sum[:]), ' ')
	b = append(append(b, stamp...), ' ')
	return append(strconv.AppendInt(b, int64(diags), 10), '\n')
}

// SortNewestFirst orders documents by date, newest first; ties by 索引号 and
// path so that the order never depends on the file system.
func SortNewestFirst(docs []*Document) {
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		at, bt := a.sortTime(), b.sortTime()
		if !at.Equal(bt) {
			return at.After(bt)
		}
		if a.IndexNo != b.IndexNo {
			return a.IndexNo > b.IndexNo
		}
		return a.Path < b.Path
	})
}

func (d *Document) sortTime() time.Time {
	if d.HasPublish {
		return d.Published
	}
	return time.Date(d.Written.Year, d.Written.Month, d.Written.Day, 0, 0, 0, 0, China)
}

func rel(siteDir, p string) string {
	if siteDir == "" || siteDir == "." {
		return p
	}
	return strings.TrimPrefix(strings.TrimPrefix(p, siteDir), "/")
}

// splitFrontMatter returns the TOML between the +++ lines, the body, and the
// line of the body's first line minus 1. The body is part of src unless src
// has \r\n line ends (performance: copying every file twice, to a string
// and back, was some 1% of a 2,000-document build).
func splitFrontMatter(src []byte) (fm string, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if !bytes.HasPrefix(src, []byte("+++\n")) {
		return "", src, 0, false
	}
	rest := src[4:]
	end := -1
	for off := 0; off < len(rest); {
		nl := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if string(bytes.TrimRight(line, " \t")) == "+++" {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return "", nil, 0, false
	}
	fm = string(rest[:end])
	after := rest[end:]
	if nl := bytes.IndexByte(after, '\n'); nl < 0 {
		after = after[len(after):]
	} else {
		after = after[nl+1:]
	}
	bodyLine = 2 + strings.Count(fm, "\n")
	return fm, after, bodyLine, true
}

func parseSection(file, dir string, src []byte) (*Section, []diag.Diagnostic) {
	fm, _, _, ok := splitFrontMatter(src)
	if !ok {
		return nil, []diag.Diagnostic{{File: file, Line: 1, Msg: "栏目索引 _index.md 应以 +++ 开头的 TOML 前置元数据（title = \"栏目名称\"）"}}
	}
	var v struct {
		Title   string `toml:"title"`
		Summary string `toml:"summary"`
		Weight  int    `toml:"weight"`
	}
	md, diags := tomlx.DecodeStrict(file, fm, 1, &v)
	if md == nil {
		return nil, diags
	}
	name := strings.Split(dir, "/")[0]
	if dir == "." {
		return nil, diags
	}
	if v.Title == "" {
		v.Title = name
	}
	return &Section{Name: name, Title: v.Title, Summary: v.Summary, Weight: v.Weight}, diags
}

var (
	slugRE  = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]*$`)
	docNoRE = regexp.MustCompile(`^.+〔(\d{4})〕(\d+)号$`)
)

func parseDocument(file, crel string, src []byte, site *config.Site) (*Document, []diag.Diagnostic) {
	return parseDocumentWith(decodeFrontMatter, file, crel, src, site)
}

// parseDocumentWith is parseDocument with the front matter decoded by
// decode (tests compare decodeFrontMatter with toml.Decode).
func parseDocumentWith(decode func(fm string) (map[string]any, error), file, crel string, src []byte, site *config.Site) (*Document, []diag.Diagnostic) {
	fm, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		return nil, []diag.Diagnostic{{File: file, Line: 1, Msg: "文件应以 +++ 行开始、以 +++ 行结束的 TOML 前置元数据（至少 title = \"标题\"）"}}
	}
	raw, err := decode(fm)
	if err != nil {
		return nil, []diag.Diagnostic{tomlx.ErrorAt(file, fm, 1, err)}
	}
	d := &Document{Path: crel, fm: fm, Body: body, BodyLine: bodyLine, Validity: Valid, Publisher: site.Publisher, Disclosure: "主动公开"}
	d.Section = ""
	if i := strings.IndexByte(crel, '/'); i >= 0 {
		d.Section = crel[:i]
	}
	p := &fmParser{file: file, src: fm, d: d}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.key(k, raw[k])
	}
	if strings.TrimSpace(d.Title) == "" && raw["title"] == nil {
		p.errf("title", "缺少标题 title")
	}
	if d.HasPublish && !d.Written.IsZero() && DateOf(d.Published).Before(d.Written) {
		p.errf("published", "发布日期早于成文日期 %s", d.Written)
	}
	p.checkDisclosure()
	// URL: the folder path plus the slug, or the url key.
	dir := path.Dir(crel)
	slug := strings.TrimSuffix(path.Base(crel), ".md")
	if s, ok := raw["slug"].(string); ok && s != "" {
		slug = s
	}
	if u, ok := raw["url"].(string); ok && u != "" {
		d.URL = strings.Trim(u, "/") + "/"
	} else if dir == "." {
		d.URL = slug + "/"
	} else {
		d.URL = dir + "/" + slug + "/"
	}
	return d, p.diags
}

type fmParser struct {
	file  string
	src   string
	d     *Document
	diags []diag.Diagnostic
}

func (p *fmParser) line(key string) int { return tomlx.KeyLine(p.src, toml.Key{key}) + 1 }

func (p *fmParser) errf(key, format string, args ...any) {
	line := p.line(key) // 1, the opening +++, when the key is not written
	p.diags = append(p.diags, diag.Diagnostic{File: p.file, Line: line, Column: key, Msg: fmt.Sprintf(format, args...)})
}

func (p *fmParser) badValue(key string, v any, format string, args ...any) {
	p.diags = append(p.diags, diag.Diagnostic{File: p.file, Line: p.line(key), Column: key, Value: fmt.Sprint(v), HasValue: true, Msg: fmt.Sprintf(format, args...)})
}

func (p *fmParser) str(key string, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		p.badValue(key, v, "应为文字（加英文双引号）")
	}
	return strings.TrimSpace(s), ok
}

func (p *fmParser) date(key string, v any) (Date, bool) {
	switch t := v.(type) {
	case time.Time:
		if tomlx.DateKind(t) != tomlx.LocalDate {
			p.badValue(key, v, "应为日期，例如 2021-11-12（不带时间）")
			return Date{}, false
		}
		return Date{t.Year(), t.Month(), t.Day()}, true
	case string:
		tt, err := time.Parse("2006-01-02", strings.TrimSpace(t))
		if err != nil {
			p.badValue(key, v, "不是有效日期，应写作 2021-11-12")
			return Date{}, false
		}
		return Date{tt.Year(), tt.Month(), tt.Day()}, true
	}
	p.badValue(key, v, "应为日期，例如 2021-11-12")
	return Date{}, false
}

func (p *fmParser) strList(key string, v any) ([]string, bool) {
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			return []string{strings.TrimSpace(s)}, true
		}
		p.badValue(key, v, "应为文字数组，例如 [\"优质均衡\", \"义务教育\"]")
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			p.badValue(key, e, "数组元素应为文字")
			return nil, false
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, true
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

func (p *fmParser) key(k string, v any) {
	d := p.d
	switch k {
	case "title":
		if s, ok := p.str(k, v); ok {
			if s == "" {
				p.errf(k, "标题不能为空")
			}
			d.Title = s
		}
	case "index_no":
		if s, ok := p.str(k, v); ok {
			d.IndexNo = s
		}
	case "publisher":
		if s, ok := p.str(k, v); ok && s != "" {
			d.Publisher = s
		}
	case "doc_no":
		if s, ok := p.str(k, v); ok && s != "" {
			d.DocNo = s
			m := docNoRE.FindStringSubmatch(s)
			switch {
			case m == nil && strings.ContainsAny(s, "[]【】()（）"):
				p.badValue(k, v, "文号的年份应使用六角括号〔〕，例如 \"示政办发〔2021〕18号\"")
			case m == nil:
				p.badValue(k, v, "文号应写作 机关代字〔年份〕序号号，例如 \"示政办发〔2021〕18号\"")
			case strings.HasPrefix(m[2], "0"):
				p.badValue(k, v, "文号序号不编虚位（写 18号，不写 018号）")
			}
		}
	case "written":
		if dt, ok := p.date(k, v); ok {
			d.Written = dt
		}
	case "published":
		switch t := v.(type) {
		case time.Time:
			switch tomlx.DateKind(t) {
			case tomlx.LocalDate:
				d.Published = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, China)
			case tomlx.LocalDateTime:
				d.Published = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, China)
			case tomlx.LocalTime:
				p.badValue(k, v, "应为日期或日期时间，例如 2021-11-12 或 2021-11-12T10:41:00+08:00")
				return
			default:
				d.Published = t
			}
			d.HasPublish = true
		case string:
			for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", time.RFC3339} {
				if t, err := time.ParseInLocation(layout, strings.TrimSpace(t), China); err == nil {
					d.Published, d.HasPublish = t, true
					return
				}
			}
			p.badValue(k, v, "不是有效日期，应写作 2021-11-12 或 2021-11-12T10:41:00+08:00")
		default:
			p.badValue(k, v, "应为日期或日期时间，例如 2021-11-12T10:41:00+08:00")
		}
	case "topic":
		if s, ok := p.str(k, v); ok {
			d.Topic = s
		}
	case "genre":
		if s, ok := p.str(k, v); ok && s != "" {
			if !oneOf(s, Genres) {
				p.badValue(k, v, "体裁应为以下之一: %s", strings.Join(Genres, " "))
			}
			d.Genre = s
		}
	case "validity":
		if s, ok := p.str(k, v); ok {
			if !oneOf(s, []string{Valid, Expired, Repealed}) {
				p.badValue(k, v, "有效性应为 有效、失效 或 废止")
				return
			}
			d.Validity = s
		}
	case "expires":
		if dt, ok := p.date(k, v); ok {
			d.Expires = dt
		}
	case "disclosure":
		if s, ok := p.str(k, v); ok {
			if !oneOf(s, []string{"主动公开", "依申请公开"}) {
				p.badValue(k, v, "公开方式应为 主动公开 或 依申请公开")
				return
			}
			d.Disclosure = s
		}
	case "keywords":
		if l, ok := p.strList(k, v); ok {
			d.Keywords = l
		}
	case "summary":
		if s, ok := p.str(k, v); ok {
			d.Summary = s
		}
	case "interprets":
		if s, ok := p.str(k, v); ok {
			d.Interprets = normalizeRef(s)
		}
	case "related":
		if l, ok := p.strList(k, v); ok {
			for _, r := range l {
				d.Related = append(d.Related, normalizeRef(r))
			}
		}
	case "attachments":
		var arr []map[string]any
		switch t := v.(type) {
		case []map[string]any:
			arr = t
		case []any:
			for _, e := range t {
				m, ok := e.(map[string]any)
				if !ok {
					p.badValue(k, e, "附件应写作 [{title = \"附件名称\", file = \"文件名\"}]")
					return
				}
				arr = append(arr, m)
			}
		default:
			p.badValue(k, v, "附件应写作 [{title = \"附件名称\", file = \"文件名\"}]")
			return
		}
		for _, a := range arr {
			t, _ := a["title"].(string)
			f, _ := a["file"].(string)
			for ak := range a {
				if ak != "title" && ak != "file" {
					p.badValue(k, ak, "附件只接受 title 和 file 两个键")
				}
			}
			if strings.TrimSpace(f) == "" {
				p.badValue(k, a, "附件缺少 file（与文档同目录的文件名）")
				continue
			}
			if t == "" {
				t = path.Base(f)
			}
			d.Attachments = append(d.Attachments, Attachment{Title: strings.TrimSpace(t), File: strings.TrimSpace(f)})
		}
	case "draft":
		b, ok := v.(bool)
		if !ok {
			p.badValue(k, v, "应为 true 或 false")
			return
		}
		d.Draft = b
	case "slug":
		if s, ok := p.str(k, v); ok && s != "" {
			if !slugRE.MatchString(s) {
				p.badValue(k, v, "slug 只能含字母、数字、-、_ 和 .，不能含 / 或以 . 开头")
			} else if len(s) > MaxNameBytes {
				p.badValue(k, v, "%s", tooLong)
			}
		}
	case "url":
		if s, ok := p.str(k, v); ok && s != "" {
			if msg := checkURL(s); msg != "" {
				p.badValue(k, v, "%s", msg)
			}
		}
	case "normative", "regulation":
		b, ok := v.(bool)
		if !ok {
			p.badValue(k, v, "应为 true 或 false")
			return
		}
		if k == "normative" {
			d.Normative = b
		} else {
			d.Regulation = b
		}
	case "abolished":
		if dt, ok := p.date(k, v); ok {
			d.Abolished = dt
		}
	case "disclosure_report":
		y, ok := v.(int64)
		if !ok || y < 2000 || y > 2100 {
			p.badValue(k, v, "应为报告的年度，不加引号，例如 disclosure_report = 2024")
			return
		}
		d.DisclosureReport = int(y)
	default:
		p.diags = append(p.diags, diag.Diagnostic{File: p.file, Line: p.line(k), Column: k,
			Msg: "未知的前置元数据键" + suggestKey(k)})
	}
}

// checkDisclosure checks the keys of the 政府信息公开工作年度报告 against
// each other.
func (p *fmParser) checkDisclosure() {
	d := p.d
	if d.Normative && d.Regulation {
		p.errf("regulation", "一篇文件不能既是规章（regulation）又是行政规范性文件（normative）；请只保留一个")
	}
	if !d.Abolished.IsZero() && !d.Written.IsZero() && d.Abolished.Before(d.Written) {
		p.badValue("abolished", d.Abolished, "废止日期早于成文日期 %s", d.Written)
	}
}

// Keys lists the front-matter keys a document may have.
var Keys = []string{"title", "index_no", "publisher", "doc_no", "written", "published", "topic", "genre", "validity", "expires", "disclosure", "keywords", "summary", "interprets", "related", "attachments", "draft", "slug", "url", "normative", "regulation", "abolished", "disclosure_report"}

func suggestKey(k string) string {
	best, bestD := "", 3
	for _, c := range Keys {
		if dd := suggest.Distance(k, c); dd < bestD {
			best, bestD = c, dd
		}
	}
	if best == "" {
		return "（可用的键: " + strings.Join(Keys, " ") + "）"
	}
	return "，是否想写 " + best + "？"
}

// MaxNameBytes is the most bytes a segment of a document's URL may have:
// the segment becomes a folder of the published site, and file systems
// allow 255 bytes per name.
const MaxNameBytes = 255

const tooLong = "太长：路径的每一段最多 255 字节（约 85 个汉字），它会成为发布目录中的文件或文件夹名称"

// checkSitePath returns why p cannot be a path inside the site, or "".
func checkSitePath(p string) string {
	switch {
	case strings.Contains(p, "://") || strings.HasPrefix(p, "//"):
		return "url 必须是站内路径，不能指向其他网站"
	case strings.Contains(p, "\\"):
		return "路径应使用 / 分隔"
	}
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		if seg == ".." || seg == "." {
			return "路径不能含 . 或 ..（不能离开站点）"
		}
		if seg == "" {
			return "路径不能含空的段（//）"
		}
		if len(seg) > MaxNameBytes {
			return tooLong
		}
	}
	return ""
}

// checkURL returns why p cannot be the url of a document, or "": on top of
// checkSitePath, a url is written as the reader sees it, without
// percent-escapes (%2e%2e is .. to a browser), query, fragment or control
// characters.
func checkURL(p string) string {
	if msg := checkSitePath(p); msg != "" {
		return msg
	}
	for _, r := range p {
		switch {
		case r == '%':
			return "url 不能含 %（直接写文字，不要写百分号编码）"
		case r == '?' || r == '#':
			return "url 不能含 ? 或 #"
		case r < ' ' || r == 0x7f || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			return "url 不能含空白或控制字符"
		}
	}
	return ""
}

func normalizeRef(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "/")
	s = strings.TrimPrefix(s, Dir+"/")
	if !strings.HasSuffix(s, ".md") {
		s += ".md"
	}
	return path.Clean(s)
}

// checkSite checks what spans documents: unique 索引号 and URLs, links that
// point somewhere, attachments that exist.
func checkSite(docs []*Document, files map[string]int64, site *config.Site) []diag.Diagnostic {
	var out []diag.Diagnostic
	sort.Slice(docs, func(i, j int) bool { return docs[i].Path < docs[j].Path })
	byPath := map[string]*Document{}
	byIndex := map[string]*Document{}
	byURL := map[string]*Document{}
	for _, d := range docs {
		byPath[d.Path] = d
	}
	at := (*Document).KeyLine
	for _, d := range docs {
		file := Dir + "/" + d.Path
		if d.IndexNo != "" {
			if o := byIndex[d.IndexNo]; o != nil {
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "index_no"), Column: "index_no", Value: d.IndexNo, HasValue: true,
					Msg: fmt.Sprintf("索引号重复：%s:%d 已使用", Dir+"/"+o.Path, at(o, "index_no"))})
			} else {
				byIndex[d.IndexNo] = d
			}
			if site.IndexNoRE != nil && !site.IndexNoRE.MatchString(d.IndexNo) {
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "index_no"), Column: "index_no", Value: d.IndexNo, HasValue: true,
					Msg: "索引号不符合 site.toml 中 index_no_pattern 规定的格式 " + site.IndexNoPattern})
			}
		}
		if o := byURL[d.URL]; o != nil {
			out = append(out, diag.Diagnostic{File: file, Line: 1, Msg: fmt.Sprintf("网址 /%s 与 %s 重复", d.URL, Dir+"/"+o.Path)})
		} else {
			byURL[d.URL] = d
		}
		if d.Interprets != "" {
			t := byPath[d.Interprets]
			switch {
			case t == nil:
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "interprets"), Column: "interprets", Value: d.Interprets, HasValue: true,
					Msg: "解读对象不存在（应为 content/ 下的文档路径，例如 \"policies/plan-2022.md\"）"})
			case t == d:
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "interprets"), Column: "interprets", Value: d.Interprets, HasValue: true, Msg: "文档不能解读它自己"})
			}
		}
		for _, r := range d.Related {
			if byPath[r] == nil {
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "related"), Column: "related", Value: r, HasValue: true,
					Msg: "相关文件不存在（应为 content/ 下的文档路径）"})
			}
		}
		dir := path.Dir(d.Path)
		for i := range d.Attachments {
			a := &d.Attachments[i]
			if msg := checkSitePath(a.File); msg != "" || strings.HasPrefix(a.File, "/") {
				if msg == "" {
					msg = "附件路径应相对于文档所在目录"
				}
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "attachments"), Column: "attachments", Value: a.File, HasValue: true, Msg: msg})
				continue
			}
			src := path.Clean(path.Join(dir, a.File))
			size, ok := files[src]
			if !ok {
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "attachments"), Column: "attachments", Value: a.File, HasValue: true,
					Msg: "附件文件不存在（应放在文档旁边: " + Dir + "/" + src + "）"})
				continue
			}
			if size > sitefs.MaxAttachment {
				out = append(out, diag.Diagnostic{File: file, Line: at(d, "attachments"), Column: "attachments", Value: a.File, HasValue: true,
					Msg: fmt.Sprintf("附件过大（%s），上限为 %s", sitefs.Size(size), sitefs.Size(sitefs.MaxAttachment))})
				continue
			}
			a.Src = src
			a.Size = size
			a.URL = d.URL + path.Base(a.File)
		}
	}
	return out
}
