// Package check finds what would go wrong on the published site without
// writing anything: everything the build validates (it builds the site in
// memory over a read-only view of the source), plus the links between
// pages — internal links and #anchors across the built pages, links to
// attachments, images — and the shortcodes' references to the data. Every
// problem is a diagnostic with its file and line, for editors and CI.
package check

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/report"
)

// Options are those of a build.
type Options struct {
	Fs      afero.Fs
	Source  string
	BaseURL string
	Drafts  bool
	Future  bool
	Strict  bool
	Now     time.Time
}

// Kinds of problem, beside what the build reports.
const (
	KindBuild      = "build"      // anything the build validates
	KindLink       = "link"       // an internal link to a page or file that does not exist
	KindAnchor     = "anchor"     // a #fragment that is no id on its page
	KindAttachment = "attachment" // a link to a file beside a document that is not published
	KindShortcode  = "shortcode"  // a shortcode that cannot be rendered
)

// Problem is one diagnostic with its kind.
type Problem struct {
	diag.Diagnostic
	Kind string
}

// Result is what a check found.
type Result struct {
	Problems []Problem
	Built    bool // the site built; links were checked across all pages
	Pages    int  // HTML pages whose links were checked
	Links    int  // internal links checked
	Summary  build.Summary
}

// Errors counts the errors (with strict, the warnings too).
func (r *Result) Errors(strict bool) (errs, warns int) {
	for _, p := range r.Problems {
		if p.Severity == diag.Error || strict {
			errs++
		} else {
			warns++
		}
	}
	return
}

// Run checks the site. It writes nothing: the build's output goes to
// memory, over a read-only view of o.Fs.
func Run(o Options) (*Result, error) {
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Source == "" {
		o.Source = "."
	}
	mem := afero.NewMemMapFs()
	overlay := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(o.Fs), mem)
	dest := outDir()
	bopts := build.Options{Fs: overlay, Source: o.Source, Destination: dest, BaseURL: o.BaseURL,
		Drafts: o.Drafts, Future: o.Future, Strict: o.Strict, Now: o.Now,
		History: build.HistoryOf(o.Fs)}
	res := &Result{}
	sum, diags, err := build.Build(bopts)
	if err != nil {
		if _, ok := err.(*diag.BuildError); !ok {
			return nil, err
		}
	} else {
		res.Built = true
		res.Summary = sum
	}
	seen := map[string]bool{}
	add := func(kind string, d diag.Diagnostic) {
		k := d.Error()
		if seen[k] {
			return
		}
		seen[k] = true
		res.Problems = append(res.Problems, Problem{d, kind})
	}

	site, _ := build.Load(bopts)
	if site == nil || site.Content == nil {
		for _, d := range diags {
			add(KindBuild, d)
		}
		return res, nil
	}
	c := &checker{site: site, out: map[string][]byte{}, ids: map[string]map[string]bool{}, add: add}
	if res.Built {
		_ = afero.Walk(mem, dest, func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return nil
			}
			rel := filepath.ToSlash(strings.TrimPrefix(p, dest+string(filepath.Separator)))
			c.out[rel] = nil
			if strings.HasSuffix(rel, ".html") {
				b, _ := afero.ReadFile(mem, p)
				c.out[rel] = b
			}
			return nil
		})
	} else {
		// Shortcodes are rendered by the build only when everything
		// loaded; render them here so that their errors come at once.
		c.shortcodes(o.Fs, o.Source)
	}
	for _, d := range diags {
		kind := KindBuild
		if d.Column == "attachments" {
			kind = KindAttachment
		}
		add(kind, d)
	}
	c.documents()
	if res.Built {
		c.pages()
	}
	res.Pages, res.Links = c.pagesChecked, c.links
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return res, nil
}

// outDir is a destination that exists nowhere on disk, so that the build's
// output goes to the memory layer.
func outDir() string {
	return filepath.Join(string(filepath.Separator), ".gongkai-check-"+strconv.Itoa(os.Getpid()), "public")
}

type checker struct {
	site *build.Site
	out  map[string][]byte // built files (HTML with their bytes)
	ids  map[string]map[string]bool
	add  func(kind string, d diag.Diagnostic)

	pagesChecked, links int
	// docLinks are the (page, target) pairs already checked from a
	// document's Markdown, so that the page pass does not repeat them.
	docLinks map[string]bool
}

// shortcodes renders every document's shortcodes with the data, for their
// errors, when the build stopped before rendering.
func (c *checker) shortcodes(fsys afero.Fs, src string) {
	s := c.site
	theme, _ := build.LoadTheme(fsys, src, s.Config.Theme)
	if theme == nil {
		return
	}
	rep, err := report.New(report.Options{Site: s.Config, Theme: theme, Layout: s.Layout, Reports: s.Reports, Disclosure: s.Disclosure})
	if err != nil {
		return
	}
	md := markdown.New(markdown.Options{Shortcodes: rep.Shortcode, ReservedID: report.ReservedID})
	for _, d := range s.Content.Docs {
		_, errs := md.Render(d.Body)
		for _, e := range errs {
			c.add(KindShortcode, diag.Diagnostic{File: content.Dir + "/" + d.Path, Line: e.Line + d.BodyLine, Col: e.Col, Column: e.Name, Msg: e.Err.Error()})
		}
	}
}

// link is a link written in a document.
type link struct {
	dest  string
	line  int // in the file
	image bool
}

var mdParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote)).Parser()

// docLinks returns the links and images of a document's Markdown with their
// lines in the file.
func docLinksOf(d *content.Document) []link {
	src := d.Body
	root := mdParser.Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	lineAt := func(off int) int { return 1 + strings.Count(string(src[:min(off, len(src))]), "\n") + d.BodyLine }
	var out []link
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest, image = n.Destination, true
		default:
			return ast.WalkContinue, nil
		}
		out = append(out, link{dest: string(dest), line: lineAt(offsetOf(n)), image: image})
		return ast.WalkContinue, nil
	})
	return out
}

// offsetOf finds where an inline node starts in the source: at its first
// text, or at its block's first line.
func offsetOf(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// resolve turns a link on the page at site path from into a site path and a
// fragment. ok is false for links that leave the site (other hosts,
// mailto:, …); outside is set for a path of this host outside the site.
func (c *checker) resolve(from, ref string) (target, frag string, ok bool, outside bool) {
	cfg := c.site.Config
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", "", false, false
	}
	if u.Scheme != "" || u.Host != "" {
		base, _ := url.Parse(cfg.BaseURL)
		if base == nil || !strings.EqualFold(u.Host, base.Host) || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
			return "", "", false, false
		}
	}
	base := &url.URL{Scheme: "http", Host: "site", Path: cfg.BasePath + from}
	abs := base.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath})
	if u.Path == "" {
		abs = base
	}
	p := abs.Path
	if !strings.HasPrefix(p, cfg.BasePath) && p+"/" != cfg.BasePath {
		return p, u.Fragment, true, true
	}
	return strings.TrimPrefix(p, cfg.BasePath), u.Fragment, true, false
}

// exists reports whether a site path is a built file: a/b/ is a/b/index.html.
func (c *checker) exists(p string) (file string, ok bool) {
	if p == "" || strings.HasSuffix(p, "/") {
		f := p + "index.html"
		_, ok := c.out[f]
		return f, ok
	}
	if _, ok := c.out[p]; ok {
		return p, true
	}
	if _, ok := c.out[p+"/index.html"]; ok {
		return p + "/index.html", true
	}
	return p, false
}

var (
	idRE   = regexp.MustCompile(`\s(?:id|name)="([^"]*)"`)
	hrefRE = regexp.MustCompile(`<(?:a|link|img|script|source|iframe)\b[^>]*?\s(?:href|src)="([^"]*)"`)
)

func (c *checker) idsOf(file string) map[string]bool {
	if m, ok := c.ids[file]; ok {
		return m
	}
	m := map[string]bool{}
	for _, sm := range idRE.FindAllSubmatch(c.out[file], -1) {
		m[html.UnescapeString(string(sm[1]))] = true
	}
	c.ids[file] = m
	return m
}

// documents checks the links written in every published document, at the
// line where they are written.
func (c *checker) documents() {
	s := c.site
	built := len(c.out) > 0
	byPath := map[string]*content.Document{}
	docURL := map[string]*content.Document{}
	for _, d := range s.Content.Docs {
		byPath[d.Path] = d
		docURL[d.URL] = d
	}
	sections := map[string]bool{}
	for _, sec := range s.Content.Sections {
		sections[sec.Name] = true
	}
	files := map[string]bool{}
	for _, f := range s.Content.Files {
		files[f] = true
	}
	published := map[string]bool{} // attachment site paths
	for _, d := range s.Content.Docs {
		for _, a := range d.Attachments {
			if a.URL != "" {
				published[a.URL] = true
			}
		}
	}
	headings := map[*content.Document]map[string]bool{}
	headingsOf := func(d *content.Document) map[string]bool {
		if h, ok := headings[d]; ok {
			return h
		}
		md := markdown.New(markdown.Options{Shortcodes: func(markdown.Shortcode) (string, error) { return "", nil }, ReservedID: report.ReservedID})
		r, _ := md.Render(d.Body)
		h := map[string]bool{}
		for _, x := range r.Headings {
			h[x.ID] = true
		}
		headings[d] = h
		return h
	}
	c.docLinks = map[string]bool{}
	for _, d := range s.Content.Docs {
		file := content.Dir + "/" + d.Path
		for _, l := range docLinksOf(d) {
			if l.dest == "" || strings.Contains(l.dest, "{{<") {
				continue
			}
			target, frag, ok, outside := c.resolve(d.URL, l.dest)
			if !ok {
				continue
			}
			c.links++
			c.docLinks[d.URL+"\x00"+target+"#"+frag] = true
			place := diag.Diagnostic{Severity: diag.Error, File: file, Line: l.line, Value: l.dest, HasValue: true}
			if outside {
				place.Msg = "站内链接离开了网站的路径 " + s.Config.BasePath + "（链接应相对于本页，或以 " + s.Config.BasePath + " 开头）"
				c.add(KindLink, place)
				continue
			}
			// A link to a Markdown source instead of its page.
			srcRel := strings.TrimPrefix(path.Clean(path.Join(path.Dir(d.Path), l.dest)), "/")
			if strings.HasSuffix(target, ".md") {
				if t := byPath[srcRel]; t != nil {
					place.Msg = "链接指向源文件；应指向它的网址 " + s.Config.URL(t.URL)
					c.add(KindLink, place)
					continue
				}
			}
			var (
				targetFile string
				found      bool
			)
			if built {
				targetFile, found = c.exists(target)
			} else {
				// Without the built site only documents, sections and
				// attachments can be told apart from other pages.
				first := strings.SplitN(target, "/", 2)[0]
				switch {
				case target == "" || docURL[target] != nil || published[target]:
					found = true
				case sections[first] || strings.HasSuffix(target, ".md"):
					found = target == first+"/" || strings.HasPrefix(target, first+"/page/")
				default:
					continue // a data page or asset: checked once the site builds
				}
			}
			if !found {
				// A file beside the document that is not published.
				if dir := strings.TrimSuffix(d.URL, "/"); files[path.Join(path.Dir(d.Path), path.Base(target))] && path.Dir(target) == dir {
					place.Msg = "附件 " + path.Base(target) + " 没有在前置元数据 attachments 中登记，不会发布"
					c.add(KindAttachment, place)
					continue
				}
				if files[strings.TrimPrefix(srcRel, "/")] {
					place.Msg = "文件 " + content.Dir + "/" + srcRel + " 没有在前置元数据 attachments 中登记，不会发布"
					c.add(KindAttachment, place)
					continue
				}
				what := "页面"
				if l.image {
					what = "图片"
				}
				place.Msg = fmt.Sprintf("站内链接指向的%s /%s 不存在", what, target)
				c.add(KindLink, place)
				continue
			}
			if frag == "" {
				continue
			}
			var ids map[string]bool
			switch {
			case built:
				ids = c.idsOf(targetFile)
			case docURL[target] != nil:
				ids = headingsOf(docURL[target])
			case target == "" || target == d.URL:
				ids = headingsOf(d)
			default:
				continue
			}
			if !ids[frag] {
				place.Msg = fmt.Sprintf("锚点 #%s 在 /%s 中不存在%s", frag, target, suggestID(frag, ids))
				c.add(KindAnchor, place)
			}
		}
	}
}

// suggestID names the id closest to frag, when one is close.
func suggestID(frag string, ids map[string]bool) string {
	best := ""
	for id := range ids {
		if id != "" && (strings.Contains(id, frag) || strings.Contains(frag, id)) && (best == "" || len(id) < len(best)) {
			best = id
		}
	}
	if best != "" {
		return "，是否想写 #" + best + "？"
	}
	return ""
}

// pages checks the links of every built page (the theme's navigation,
// breadcrumbs, lists, reports); those of documents' bodies were checked at
// their lines already.
func (c *checker) pages() {
	files := make([]string, 0, len(c.out))
	for f, b := range c.out {
		if b != nil {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		c.pagesChecked++
		from := strings.TrimSuffix(f, "index.html")
		if !strings.HasSuffix(f, "index.html") {
			from = f
		}
		for _, m := range hrefRE.FindAllSubmatch(c.out[f], -1) {
			ref := html.UnescapeString(string(m[1]))
			if ref == "" {
				continue
			}
			target, frag, ok, outside := c.resolve(from, ref)
			if !ok || c.docLinks[from+"\x00"+target+"#"+frag] {
				continue
			}
			c.links++
			place := diag.Diagnostic{Severity: diag.Error, File: "public/" + f, Value: ref, HasValue: true}
			if outside {
				place.Msg = "链接离开了网站的路径 " + c.site.Config.BasePath
				c.add(KindLink, place)
				continue
			}
			tf, found := c.exists(target)
			if !found {
				place.Msg = "链接指向的 /" + target + " 不存在（由主题模板生成）"
				c.add(KindLink, place)
				continue
			}
			if frag != "" && strings.HasSuffix(tf, ".html") && !c.idsOf(tf)[frag] {
				place.Msg = "锚点 #" + frag + " 在 /" + target + " 中不存在（由主题模板生成）"
				c.add(KindAnchor, place)
			}
		}
	}
}
