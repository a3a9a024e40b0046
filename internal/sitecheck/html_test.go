package sitecheck

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/portal"
)

func readPage(t *testing.T, s Site, page string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEveryPageIsWellFormedHTML parses every page the example site builds:
// balanced tags (tokenizer), then the structure of the parsed tree.
func TestEveryPageIsWellFormedHTML(t *testing.T) {
	pages, err := example.Pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 20 {
		t.Fatalf("only %d pages built", len(pages))
	}
	for _, p := range pages {
		b := readPage(t, example, p)
		for _, pr := range CheckTags(p, b) {
			t.Error(pr)
		}
		for _, pr := range CheckStructure(p, b, "zh-CN") {
			t.Error(pr)
		}
	}
	t.Logf("%d pages checked", len(pages))
}

// TestCheckersCatchMistakes makes sure the checks above can fail.
func TestCheckersCatchMistakes(t *testing.T) {
	good := `<!DOCTYPE html><html lang="zh-CN"><head><title>t</title></head><body><main><h1>x</h1><p>a<br>b</p>` +
		`<ul><li>a<li><a href="/">b</a>` + "\n" + `<li>c</li></ul><ol><li>d</ol>` +
		`<table><caption>c</caption><thead><tr><th scope="col">a<th scope="col">b</tr></thead>` +
		`<tbody><tr><th scope="row">1<td>2</tr><tr><th scope="row">3</th><td><span>4</span></tr><tr><th scope="row">5<td>6` + "\n" +
		`<tr><th scope="row">7<td>8</tbody></table>` +
		`<table><caption>d</caption><thead><tr><th scope="col">a</thead><tbody><tr><td>1</tbody></table></main></body></html>`
	if ps := append(CheckTags("g", []byte(good)), CheckStructure("g", []byte(good), "zh-CN")...); len(ps) > 0 {
		t.Errorf("good page: %v", ps)
	}
	for name, tc := range map[string]struct {
		src, want string
	}{
		"unclosed":    {`<!DOCTYPE html><html><body><div><p>x</div></body></html>`, "closes <p>"},
		"never":       {`<!DOCTYPE html><html><body><ul><li><p>x</ul></body></html>`, "closes <p>"},
		"item-open":   {`<!DOCTYPE html><html><body><div><ul><li>x</div></body></html>`, "closes <li>"},
		"eof":         {`<!DOCTYPE html><html><body><div>`, "never closed"},
		"stray":       {`<!DOCTYPE html><html><body></div></body></html>`, "</div> closes <body>"},
		"block-in-p":  {`<!DOCTYPE html><html><body><p><div></div></p></body></html>`, "inside <p>"},
		"self-closed": {`<!DOCTYPE html><html><body><div/></body></html>`, "self-closing"},
		"void-end":    {`<!DOCTYPE html><html><body><br></br></body></html>`, "void element"},
		"no-doctype":  {`<html><body></body></html>`, "DOCTYPE"},
		"row-open":    {`<!DOCTYPE html><html><body><div><table><tr><td>1</td></div></body></html>`, "closes <tr>"},
		"row-div":     {`<!DOCTYPE html><html><body><table><tr><td><div>1</tr></table></body></html>`, "closes <div>"},
		"in-cell":     {`<!DOCTYPE html><html><body><table><tr><td><span>1<td>2</tr></table></body></html>`, "closes <span>"},
	} {
		ps := CheckTags(name, []byte(tc.src))
		if !containsMsg(ps, tc.want) {
			t.Errorf("%s: want a problem with %q, got %v", name, tc.want, ps)
		}
	}
	for name, tc := range map[string]struct {
		src, want string
	}{
		"lang":     {`<html lang="en"><title>t</title><main><h1>x</h1></main>`, "lang"},
		"two-h1":   {`<html lang="zh-CN"><title>t</title><main><h1>x</h1><h1>y</h1></main>`, "<h1>"},
		"no-main":  {`<html lang="zh-CN"><title>t</title><h1>x</h1>`, "<main>"},
		"dup-id":   {`<html lang="zh-CN"><title>t</title><main id="a"><h1 id="a">x</h1></main>`, "duplicate id"},
		"img-alt":  {`<html lang="zh-CN"><title>t</title><main><h1>x</h1><img src="a.png"></main>`, "alt"},
		"table":    {`<html lang="zh-CN"><title>t</title><main><h1>x</h1><table><tr><td>1</td></tr></table></main>`, "<table>"},
		"label":    {`<html lang="zh-CN"><title>t</title><main><h1>x</h1><label for="q">q</label></main>`, "label for"},
		"inline":   {`<html lang="zh-CN"><title>t</title><main><h1 style="x">x</h1><script>1</script></main>`, "inline"},
		"no-name":  {`<html lang="zh-CN"><title>t</title><main><h1>x</h1><a href="/"></a></main>`, "accessible name"},
		"no-title": {`<html lang="zh-CN"><main><h1>x</h1></main>`, "<title>"},
	} {
		ps := CheckStructure(name, []byte(tc.src), "zh-CN")
		if !containsMsg(ps, tc.want) {
			t.Errorf("%s: want a problem with %q, got %v", name, tc.want, ps)
		}
	}
}

func containsMsg(ps []Problem, s string) bool {
	for _, p := range ps {
		if strings.Contains(p.Msg, s) {
			return true
		}
	}
	return false
}

// TestEveryLocalLinkResolves follows every link and resource of every page,
// at the root and under a sub-path, and of examples/city (several counties:
// a city's pages link to the counties' pages): each must stay under the
// base path and name a file that the build wrote.
func TestEveryLocalLinkResolves(t *testing.T) {
	servedCity(t)
	for _, s := range []Site{example, exampleSub, {Dir: cityDir, BasePath: "/"}} {
		pages, err := s.Pages()
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, p := range pages {
			links, res := Refs(readPage(t, s, p))
			for _, ref := range append(links, res...) {
				f, local, err := s.Resolve(p, ref)
				if err != nil {
					t.Errorf("%s (base %s): %v", p, s.BasePath, err)
					continue
				}
				if !local {
					continue
				}
				checked++
				if _, err := os.Stat(filepath.Join(s.Dir, filepath.FromSlash(f))); err != nil {
					t.Errorf("%s (base %s): %s → %s does not exist", p, s.BasePath, ref, f)
				}
			}
		}
		t.Logf("base %s: %d local references checked on %d pages", s.BasePath, checked, len(pages))
	}
}

// MaxPageWeight is the budget of one page: its HTML with the styles,
// scripts and images it loads. The charts drawn at build time (SVG) are
// part of the page; the budget is the first view's (docs/performance.md),
// uncompressed.
const MaxPageWeight = 150 << 10

// TestPageWeight keeps every page under MaxPageWeight.
func TestPageWeight(t *testing.T) {
	pages, err := example.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var heaviest string
	var most int64
	for _, p := range pages {
		w, err := example.Weight(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if w > most {
			most, heaviest = w, p
		}
		if w >= MaxPageWeight {
			t.Errorf("%s weighs %d bytes (budget %d)", p, w, MaxPageWeight)
		}
	}
	t.Logf("heaviest page: %s, %d bytes", heaviest, most)
}

// TestSitemapListsEveryPage: the example's sitemap has every page the
// build wrote (documents, catalogue, reports, schools…) but the 404 page,
// and robots.txt and the feed point to absolute URLs.
func TestSitemapListsEveryPage(t *testing.T) {
	for _, s := range []Site{example, exampleSub} {
		sm := string(readPage(t, s, "sitemap.xml"))
		pages, err := s.Pages()
		if err != nil {
			t.Fatal(err)
		}
		host := "https://jyj.example.gov.cn/"
		if s.BasePath != "/" {
			host = subBase
		}
		for _, p := range pages {
			loc := "<loc>" + host + portal.EscapePath(strings.TrimSuffix(p, "index.html")) + "</loc>"
			if in := strings.Contains(sm, loc); in != (p != "404.html") {
				t.Errorf("%s: in sitemap %v (%s)", p, in, loc)
			}
		}
		for _, want := range []string{host + layout.Year(2024), host + layout.School("2150000001"), host + layout.Catalogue} {
			if !strings.Contains(sm, "<loc>"+want+"</loc>") {
				t.Errorf("sitemap lacks %s", want)
			}
		}
		if r := string(readPage(t, s, "robots.txt")); !strings.Contains(r, "Sitemap: "+host+"sitemap.xml") {
			t.Errorf("robots.txt: %q", r)
		}
		if f := string(readPage(t, s, "index.xml")); !strings.Contains(f, "<link>"+host+"policies/") {
			t.Errorf("feed without absolute links under %s", host)
		}
	}
}

// halfWidthInChinese is an ASCII comma, full stop or semicolon between
// Chinese characters, as in "52 人, 应 ≤ 45 人" or "数据. 民办学校" (a
// space may follow it): in a Chinese sentence they are full-width (，。；).
var halfWidthInChinese = regexp.MustCompile(`\p{Han} ?[,.;] ?\p{Han}`)

// TestChineseSentencesUseChinesePunctuation: the text of every page of the
// example site and of examples/city (what gongkai writes, the sites'
// own data notes and documents; not the record of revisions, which quotes
// the data as it was), code and preformatted text aside, has no
// ASCII comma, full stop or semicolon inside a Chinese sentence.
func TestChineseSentencesUseChinesePunctuation(t *testing.T) {
	servedCity(t)
	for _, s := range []Site{example, {Dir: cityDir, BasePath: "/"}} {
		pages, err := s.Pages()
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, p := range pages {
			if strings.HasPrefix(p, layout.Revisions) {
				continue // quotes the data files as they were
			}
			doc, err := html.Parse(bytes.NewReader(readPage(t, s, p)))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			var visit func(n *html.Node)
			visit = func(n *html.Node) {
				if n.Type == html.ElementNode && (n.Data == "code" || n.Data == "pre" || n.Data == "script" || n.Data == "style") {
					return
				}
				if n.Type == html.TextNode {
					b.WriteString(n.Data)
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					visit(c)
				}
			}
			visit(doc)
			for _, m := range halfWidthInChinese.FindAllString(b.String(), -1) {
				if found++; found <= 20 {
					t.Errorf("%s%s: %q", s.Dir, "/"+p, m)
				}
			}
		}
		if found > 20 {
			t.Errorf("%s: %d in all", s.Dir, found)
		}
	}
}
