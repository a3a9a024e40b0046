// Package sitecheck checks a built site the way a validator would: every
// page is well-formed HTML5 (balanced tags, checked with the tokenizer of
// golang.org/x/net/html, and a sound structure, checked on the parsed tree),
// every local link and resource exists, and every page stays under a weight
// budget. Its tests build the example site and also run axe-core and
// keyboard, contrast and narrow-screen checks in headless Chromium.
package sitecheck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Problem is one finding on one page.
type Problem struct {
	Page string // site path of the file
	Line int    // 0 when not known
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Page, p.Line, p.Msg)
	}
	return p.Page + ": " + p.Msg
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
	"link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// closesP are the elements whose start tag ends an open <p> in HTML5: a <p>
// holding one of them is not what its source says.
var closesP = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "details": true, "div": true, "dl": true,
	"fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true, "main": true,
	"menu": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true, "table": true, "ul": true,
}

// cellEnds are the tags that end an open table cell whose end tag is left
// out (HTML allows it): the next cell or row, or the end of its row, row
// group or table.
var cellEnds = map[string]bool{"td": true, "th": true, "tr": true, "thead": true, "tbody": true, "tfoot": true, "table": true}

// rowEnds are the tags that end an open table row whose end tag is left
// out (HTML allows it): the next row (a start tag), or the end of its row
// group or table (end tags).
var rowEnds = map[string]bool{"<tr": true, "<tbody": true, "<tfoot": true, "</thead": true, "</tbody": true, "</tfoot": true, "</table": true}

// itemEnds are the tags that end an open list item whose end tag is left
// out (HTML allows it): the next item, or the end of its list.
var itemEnds = map[string]bool{"<li": true, "</ul": true, "</ol": true}

// CheckTags checks that every element is closed in the source, in order,
// with the tokenizer: no optional end tag is left out (except a table
// cell's, which the next cell or the end of its row closes, and a row's,
// which the next row or the end of its row group closes, and a list item's,
// which the next item or the end of its list closes), no end tag is
// stray, no void element has an end tag, no <p> holds a block.
func CheckTags(name string, b []byte) []Problem {
	type open struct {
		tag  string
		line int
	}
	// endCell closes an open table cell that tag ends (its name, after
	// "<" for a start tag or "</" for an end tag), and then an open row
	// that it ends.
	endCell := func(stack []open, tag string) []open {
		name := strings.TrimLeft(tag, "</")
		if n := len(stack); n > 0 && (stack[n-1].tag == "td" || stack[n-1].tag == "th") && cellEnds[name] {
			stack = stack[:n-1]
		}
		if n := len(stack); n > 0 && stack[n-1].tag == "tr" && rowEnds[tag] {
			stack = stack[:n-1]
		}
		if n := len(stack); n > 0 && stack[n-1].tag == "li" && itemEnds[tag] {
			stack = stack[:n-1]
		}
		return stack
	}
	inSVG := func(stack []open) bool {
		for _, o := range stack {
			if o.tag == "svg" {
				return true
			}
		}
		return false
	}
	var out []Problem
	z := html.NewTokenizer(bytes.NewReader(b))
	var stack []open
	line := 1
	sawDoctype := false
	for {
		tt := z.Next()
		raw := z.Raw()
		here := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				out = append(out, Problem{name, here, "tokenizer: " + z.Err().Error()})
			}
			for i := len(stack) - 1; i >= 0; i-- {
				out = append(out, Problem{name, stack[i].line, fmt.Sprintf("<%s> is never closed", stack[i].tag)})
			}
			return out
		case html.DoctypeToken:
			if !strings.EqualFold(string(z.Text()), "html") {
				out = append(out, Problem{name, here, "doctype should be <!DOCTYPE html>"})
			}
			sawDoctype = true
		case html.StartTagToken, html.SelfClosingTagToken:
			if !sawDoctype {
				out = append(out, Problem{name, here, "no <!DOCTYPE html> before the first element"})
				sawDoctype = true
			}
			tn, _ := z.TagName()
			tag := string(tn)
			if voidElements[tag] {
				continue
			}
			if tt == html.SelfClosingTagToken {
				// Inside <svg> (foreign content) an element may close itself.
				if !inSVG(stack) {
					out = append(out, Problem{name, here, fmt.Sprintf("<%s/>: only void elements may be self-closing in HTML", tag)})
				}
				continue
			}
			if tag == "td" || tag == "th" || tag == "tr" || tag == "tbody" || tag == "tfoot" || tag == "li" {
				stack = endCell(stack, "<"+tag)
			}
			if closesP[tag] {
				for _, o := range stack {
					if o.tag == "p" {
						out = append(out, Problem{name, here, fmt.Sprintf("<%s> inside <p> (line %d) would end the paragraph", tag, o.line)})
						break
					}
				}
			}
			stack = append(stack, open{tag, here})
		case html.EndTagToken:
			tn, _ := z.TagName()
			tag := string(tn)
			if voidElements[tag] {
				out = append(out, Problem{name, here, fmt.Sprintf("</%s>: void element with an end tag", tag)})
				continue
			}
			if tag != "td" && tag != "th" {
				stack = endCell(stack, "</"+tag)
			}
			if len(stack) == 0 {
				out = append(out, Problem{name, here, fmt.Sprintf("stray </%s>", tag)})
				continue
			}
			if top := stack[len(stack)-1]; top.tag != tag {
				out = append(out, Problem{name, here, fmt.Sprintf("</%s> closes <%s> of line %d", tag, top.tag, top.line)})
				// Recover: pop to the matching element when there is one.
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].tag == tag {
						stack = stack[:i]
						break
					}
				}
				continue
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

// CheckStructure checks the parsed page: lang, a title, one <main>, one
// <h1>, unique ids, references to ids that exist (label for, aria-*),
// alternative text on images, a caption or header cells on every table, no
// inline style or script (the Content-Security-Policy forbids them), and an
// accessible name on every link and button.
func CheckStructure(name string, b []byte, lang string) []Problem {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return []Problem{{name, 0, "parse: " + err.Error()}}
	}
	var out []Problem
	bad := func(format string, args ...any) { out = append(out, Problem{name, 0, fmt.Sprintf(format, args...)}) }
	ids := map[string]int{}
	var refs [][2]string // attribute, id
	counts := map[atom.Atom]int{}
	var title string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		counts[n.DataAtom]++
		if id, ok := attr(n, "id"); ok {
			ids[id]++
		}
		if _, ok := attr(n, "style"); ok {
			bad("<%s style=…>: inline styles are blocked by the Content-Security-Policy", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				bad("<%s %s=…>: inline event handlers are blocked by the Content-Security-Policy", n.Data, a.Key)
			}
		}
		for _, key := range []string{"aria-labelledby", "aria-describedby", "aria-controls"} {
			if v, ok := attr(n, key); ok {
				for _, id := range strings.Fields(v) {
					refs = append(refs, [2]string{key, id})
				}
			}
		}
		switch n.DataAtom {
		case atom.Html:
			if v, _ := attr(n, "lang"); v != lang {
				bad(`<html lang=%q>, want %q`, v, lang)
			}
		case atom.Title:
			title = text(n)
		case atom.Label:
			if v, ok := attr(n, "for"); ok {
				refs = append(refs, [2]string{"label for", v})
			}
		case atom.Img:
			if _, ok := attr(n, "alt"); !ok {
				src, _ := attr(n, "src")
				bad("<img src=%q> has no alt", src)
			}
		case atom.Script:
			src, hasSrc := attr(n, "src")
			typ, _ := attr(n, "type")
			if !hasSrc && typ != "application/json" && typ != "application/ld+json" {
				bad("inline <script> (type %q): blocked by the Content-Security-Policy", typ)
			}
			if hasSrc && n.FirstChild != nil {
				bad("<script src=%q> has content", src)
			}
		case atom.Style:
			bad("<style> element: blocked by the Content-Security-Policy")
		case atom.Table:
			hasCaption, hasTH := false, false
			walk(n, func(m *html.Node) {
				switch m.DataAtom {
				case atom.Caption:
					hasCaption = true
				case atom.Th:
					hasTH = true
				}
			})
			if !hasCaption && !hasTH {
				bad("a <table> with neither <caption> nor <th>")
			}
		case atom.A, atom.Button:
			_, label := attr(n, "aria-label")
			_, labelledby := attr(n, "aria-labelledby")
			hasImgAlt := false
			walk(n, func(m *html.Node) {
				if m.DataAtom == atom.Img {
					if v, _ := attr(m, "alt"); v != "" {
						hasImgAlt = true
					}
				}
			})
			if text(n) == "" && !label && !labelledby && !hasImgAlt {
				bad("<%s> without an accessible name", n.Data)
			}
		}
	})
	if title == "" {
		bad("no <title>")
	}
	if counts[atom.Main] != 1 {
		bad("%d <main> elements, want 1", counts[atom.Main])
	}
	if counts[atom.H1] != 1 {
		bad("%d <h1> elements, want 1", counts[atom.H1])
	}
	var dups []string
	for id, n := range ids {
		if n > 1 {
			dups = append(dups, fmt.Sprintf("%q (%d×)", id, n))
		}
	}
	sort.Strings(dups)
	for _, d := range dups {
		bad("duplicate id %s", d)
	}
	for _, r := range refs {
		if ids[r[1]] == 0 {
			bad("%s=%q: no element has that id", r[0], r[1])
		}
	}
	return out
}

// Site is a built site on disk.
type Site struct {
	Dir      string // output directory
	BasePath string // path of the base URL, e.g. "/" or "/jyj/"
}

// Pages returns the site paths of every .html file, sorted.
func (s Site) Pages() ([]string, error) {
	var out []string
	err := filepath.WalkDir(s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(s.Dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Resolve maps a URL found on page (a site path) to a file of the site, or
// reports that it leaves the site ("" and false for external, fragment-only,
// mailto: and similar links).
func (s Site) Resolve(page, ref string) (file string, local bool, err error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", true, err
	}
	if u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false, nil
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(s.BasePath+path.Dir(page), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, s.BasePath) {
		return "", true, fmt.Errorf("%s is outside the base path %s", ref, s.BasePath)
	}
	rel := strings.TrimPrefix(p, s.BasePath)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel, true, nil
}

// Refs returns the local URLs a page loads or links to: href of a and link,
// src of script, img, source, and the href of forms' actions.
func Refs(b []byte) (links, resources []string) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, nil
	}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.A:
			if v, ok := attr(n, "href"); ok {
				links = append(links, v)
			}
		case atom.Form:
			if v, ok := attr(n, "action"); ok {
				links = append(links, v)
			}
		case atom.Link:
			rel, _ := attr(n, "rel")
			if v, ok := attr(n, "href"); ok {
				if rel == "stylesheet" || rel == "icon" || rel == "preload" {
					resources = append(resources, v)
				} else if rel != "canonical" {
					links = append(links, v)
				}
			}
		case atom.Script, atom.Img, atom.Source, atom.Iframe:
			if v, ok := attr(n, "src"); ok {
				resources = append(resources, v)
			}
		}
	})
	return links, resources
}

// Weight is the bytes a page needs to show: the HTML and every local
// resource it loads. The files are read from the site.
func (s Site) Weight(page string) (int64, error) {
	b, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(page)))
	if err != nil {
		return 0, err
	}
	total := int64(len(b))
	_, res := Refs(b)
	seen := map[string]bool{}
	for _, r := range res {
		f, local, err := s.Resolve(page, r)
		if err != nil || !local || seen[f] {
			continue
		}
		seen[f] = true
		st, err := os.Stat(filepath.Join(s.Dir, filepath.FromSlash(f)))
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
