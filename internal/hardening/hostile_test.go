package hardening

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// hostile is text an author may paste without meaning harm — or a
// colleague's prank: every way out of an HTML text, attribute, script,
// comment, CDATA section or template, a javascript: URL, a Go template
// action, Python's dunder, the line and paragraph separators that end a
// JavaScript string, and the right-to-left override. Each script sets
// window.__pwned and opens a dialog, so that one that runs is seen.
const hostile = `<script>window.__pwned=1;alert(1)</script></script><img src=x onerror="window.__pwned=2;alert(2)">` +
	`" onmouseover="window.__pwned=3" x="' onfocus='window.__pwned=4' autofocus '` +
	`javascript:alert(5) __f__ {{.Site}} ]]> <!-- &amp; ` + "\u2028\u2029\u202e" + `evil`

// hostileVisible is a part of hostile that a reader must see as written.
const hostileVisible = `<script>window.__pwned=1;alert(1)</script>`

// tomlStr quotes s as a TOML basic string.
func tomlStr(s string) string {
	b, _ := json.Marshal(s) // JSON escapes are TOML escapes for this text
	return strings.ReplaceAll(string(b), "\x7f", `\u007f`)
}

// csvCell quotes s as a CSV field.
func csvCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// hostileSite is a site with hostile text in every field a person writes:
// site.toml, sections, front matter, the Markdown body, attachment names,
// the cells of schools.csv and the strings of county.toml.
func hostileSite() map[string]string {
	h := tomlStr(hostile)
	front := func(n string) string {
		return "title = " + tomlStr(hostile+n) + "\n" +
			"index_no = " + tomlStr(hostile+"/"+n) + "\n" +
			"publisher = " + h + "\n" +
			"doc_no = " + tomlStr(hostile+"〔2024〕"+n+"号") + "\n" +
			"written = 2024-0" + n + "-01\n" +
			"published = 2024-0" + n + "-02T10:00:00+08:00\n" +
			"topic = " + h + "\n" +
			"genre = \"通知\"\n" +
			"keywords = [" + h + ", \"javascript:alert(6)\"]\n" +
			"summary = " + h + "\n"
	}
	body := "## " + hostile + "\n\n" +
		hostile + "\n\n" +
		"[点我](javascript:alert(7)) [再点](JaVaScRiPt:alert(8)) [链接](\" onmouseover=\"alert(9)) <javascript:alert(10)>\n\n" +
		"<script>window.__pwned=5;alert(11)</script>\n\n<img src=x onerror=\"window.__pwned=6\">\n\n" +
		"![" + hostile + "](x\" onerror=\"window.__pwned=7)\n\n" +
		"| 学校 | 说明 |\n|---|---|\n| " + strings.ReplaceAll(hostile, "|", "\\|") + " | `" + "<script>alert(12)</script>" + "` |\n\n" +
		"脚注[^1]\n\n[^1]: " + hostile + "\n"
	schools := "学校标识码,学校名称,学段,城乡分类代码,在校生数,乡镇,区县名称\n" +
		"1," + csvCell(hostile) + ",小学,111,100," + csvCell(hostile) + "," + csvCell(hostile) + "\n" +
		csvCell("<script>alert(13)</script>") + "," + csvCell(hostile+"二") + ",小学,121,80," + csvCell(hostile) + "," + csvCell(hostile) + "\n" +
		"3," + csvCell(hostile+"三") + ",初中,210,300," + csvCell(hostile) + "," + csvCell(hostile) + "\n"
	return map[string]string{
		"site.toml": "title = " + h + "\nbase_url = \"https://example.gov.cn/jyj/\"\ndescription = " + h +
			"\npublisher = " + h + "\norganiser = " + h + "\ncontact = " + h + "\nsite_code = " + h +
			"\nicp = " + h + "\npolice_record = " + h + "\n",
		"content/policies/_index.md":                        doc("title = "+h+"\nsummary = "+h, ""),
		"content/policies/a.md":                             doc(front("1")+"attachments = [{title = "+h+", file = \"list.csv\"}, {title = "+h+", file = "+tomlStr(`x" onmouseover="alert(14)<b>.csv`)+"}]", body),
		"content/policies/list.csv":                         "a\n1\n",
		`content/policies/x" onmouseover="alert(14)<b>.csv`: "a\n1\n",
		"content/policies/b.md":                             doc(front("2")+"url = \"javascript:alert(15)/\"", body),
		"content/news/_index.md":                            doc("title = "+h, ""),
		"content/news/c.md":                                 doc(front("3")+"interprets = \"policies/a.md\"\ngenre = \"解读\"", body),
		"content/news/d.md":                                 doc("title = "+tomlStr(hostile+"\x0b\x01\x7f控制字符")+"\nwritten = 2024-05-01\nsummary = "+tomlStr("\x0b\x1b[31m"+hostile), body),
		"data/2024/schools.csv":                             schools,
		"data/2024/county.toml":                             "name = " + h + "\ncode = \"150000\"\nas_of = 2024-09-30\nsource = " + h + "\nnotes = " + h + "\n",
	}
}

// buildHostile builds the hostile site once per test into a fresh folder.
func buildHostile(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	files := hostileSite()
	// genre appears twice in c.md's front matter; keep the second.
	files["content/news/c.md"] = strings.Replace(files["content/news/c.md"], "genre = \"通知\"\n", "", 1)
	writeFiles(t, src, files)
	mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: dest})
	return dest
}

// TestHostileTextIsEscaped builds the hostile site and reads what it
// published as a parser would: no page has a script, handler or style that
// the text brought in, and the text is there, as text; every JSON file and
// JSON block (charts, search index, catalogue) parses and gives back the
// exact text; the feed and the sitemap are well-formed XML that gives back
// the exact text.
func TestHostileTextIsEscaped(t *testing.T) {
	dest := buildHostile(t)
	var pages, jsonFiles, jsonBlocks, xmlFiles int
	found := map[string]bool{} // where the exact text came back
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		switch filepath.Ext(p) {
		case ".html":
			pages++
			for _, problem := range cspProblems(b) {
				t.Errorf("%s: %s", rel, problem)
			}
			texts, blocks := htmlTexts(t, rel, b)
			if strings.Contains(texts, hostileVisible) {
				found["html"] = true
			}
			for _, blk := range blocks {
				jsonBlocks++
				if jsonHas(t, rel+" <script type=application/json>", []byte(blk), true) {
					found["chart json"] = true
				}
			}
		case ".json":
			jsonFiles++
			if jsonHas(t, rel, b, false) {
				found["json "+filepath.ToSlash(filepath.Dir(rel))] = true
			}
		case ".xml":
			xmlFiles++
			if xmlHas(t, rel, b) {
				found["xml "+rel] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages, %d JSON files, %d JSON blocks, %d XML files; exact text back in %v", pages, jsonFiles, jsonBlocks, xmlFiles, found)
	for _, want := range []string{"html", "chart json", "json search", "xml index.xml"} {
		if !found[want] {
			t.Errorf("the exact hostile text is not in the %s", want)
		}
	}
	if xmlFiles < 2 || jsonBlocks == 0 {
		t.Errorf("expected a feed, a sitemap and chart data")
	}
}

// htmlTexts returns the text of the page (text nodes, attribute values
// that are shown: title, alt, aria-label) and the JSON data blocks.
func htmlTexts(t *testing.T, rel string, b []byte) (string, []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return "", nil
	}
	var sb strings.Builder
	var blocks []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
			sb.WriteByte('\n')
		case html.ElementNode:
			if n.Data == "script" {
				typ := ""
				for _, a := range n.Attr {
					if a.Key == "type" {
						typ = a.Val
					}
				}
				if dataScriptTypes[strings.ToLower(typ)] && n.FirstChild != nil {
					blocks = append(blocks, n.FirstChild.Data)
				}
				return
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "alt", "aria-label", "content":
					sb.WriteString(a.Val)
					sb.WriteByte('\n')
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sb.String(), blocks
}

// jsonHas checks that b is valid JSON and reports whether one of its
// strings contains the hostile text exactly.
func jsonHas(t *testing.T, rel string, b []byte, inHTML bool) bool {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s: not JSON: %v", rel, err)
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Errorf("%s: more after the JSON value", rel)
	}
	if inHTML && (bytes.Contains(bytes.ToLower(b), []byte("</script")) || bytes.Contains(b, []byte("<!--"))) {
		t.Errorf("%s: </script or <!-- written as is in a page (escape < as \\u003c)", rel)
	}
	return hasString(v)
}

func hasString(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, hostile)
	case []any:
		for _, e := range v {
			if hasString(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.Contains(k, hostile) || hasString(e) {
				return true
			}
		}
	}
	return false
}

// xmlHas checks that b is well-formed XML and reports whether a text or
// attribute in it contains the hostile text exactly.
func xmlHas(t *testing.T, rel string, b []byte) bool {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	found := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", rel, err)
			return false
		}
		switch tok := tok.(type) {
		case xml.CharData:
			if strings.Contains(string(tok), hostile) {
				found = true
			}
		case xml.StartElement:
			for _, a := range tok.Attr {
				if strings.Contains(a.Value, hostile) {
					found = true
				}
			}
		}
	}
	return found
}

// TestHostileTextInBrowser loads the hostile site in headless Chromium:
// pages of every kind, the catalogue filtered by a hostile publisher and
// the search for the hostile text (both read the address and build the
// page in JavaScript). No script of the text runs (no dialog, no
// window.__pwned, no Content-Security-Policy violation, no request to
// another site), and the reader sees the text as written.
func TestHostileTextInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("needs Chromium")
	}
	root := t.TempDir()
	src, www := filepath.Join(root, "site"), filepath.Join(root, "www")
	files := hostileSite()
	files["content/news/c.md"] = strings.Replace(files["content/news/c.md"], "genre = \"通知\"\n", "", 1)
	writeFiles(t, src, files)
	// The site lives at /jyj/ (base_url's path): serve its parent.
	mustBuild(t, build.Options{Fs: osFs, Source: src, Destination: filepath.Join(www, "jyj")})
	b := browsertest.Start(t)
	base := browsertest.ServeDir(t, www) + "/jyj/"

	var schoolPage, reportPage string
	_ = filepath.WalkDir(filepath.Join(www, "jyj"), func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(filepath.Join(www, "jyj"), p)
		rel = filepath.ToSlash(rel)
		switch {
		case schoolPage == "" && strings.HasPrefix(rel, layout.Schools) && strings.HasSuffix(rel, "/index.html") && strings.Count(rel, "/") >= 2:
			schoolPage = strings.TrimSuffix(rel, "index.html")
		case reportPage == "" && strings.HasPrefix(rel, layout.Reports+"2") && strings.HasSuffix(rel, "/index.html"):
			reportPage = strings.TrimSuffix(rel, "index.html")
		}
		return nil
	})
	if schoolPage == "" || reportPage == "" {
		t.Fatalf("no school page (%q) or report page (%q)", schoolPage, reportPage)
	}
	q := url.QueryEscape(hostile)
	pages := []struct {
		path    string
		visible bool   // the hostile text is on the page as text
		ready   string // a JavaScript condition to wait for
	}{
		{"", true, ""},
		{"policies/", true, ""},
		{"policies/a/", true, ""},
		{"news/c/", true, ""},
		{"javascript:alert(15)/", true, ""},
		{schoolPage, true, ""},
		{reportPage, true, `!!window.gongkaiCharts && document.readyState === "complete"`},
		{"catalogue/", true, `document.getElementById("catalogue-form") === null || document.querySelector("form[data-ready]") !== null`},
		{"catalogue/?q=" + q + "&publisher=" + q, true, `document.querySelector("form[data-ready]") !== null`},
		{"search/?q=" + q, true, `document.querySelector("#search-results[data-done]") !== null`},
		{"search/?q=evil", true, `document.querySelector("#search-results[data-done]") !== null`},
		{"no-such-page/?x=" + q, false, ""},
	}
	for i, pg := range pages {
		name := strings.Trim(strings.SplitN(pg.path, "?", 2)[0], "/")
		if strings.Contains(pg.path, "?") {
			name += "-query"
		}
		t.Run(fmt.Sprintf("%02d-%s", i, name), func(t *testing.T) {
			p := b.Visit(t, base+pg.path, 1280, 900)
			if pg.ready != "" {
				p.WaitFor(t, pg.ready, 10*time.Second)
			}
			// Show the tooltip of every bar and point of every chart (it
			// holds series and category names).
			var tips int
			p.Eval(t, `(() => { let n = 0; for (const m of document.querySelectorAll("div.chart rect.bar, div.chart g.pt")) { m.dispatchEvent(new PointerEvent("pointerover", {bubbles: true, pointerType: "mouse"})); const tip = document.querySelector(".chart-tip"); if (tip && !tip.hidden) n++; } return n })()`, &tips)
			if strings.HasPrefix(pg.path, layout.Reports) && tips == 0 {
				t.Errorf("no chart tooltip shown")
			}
			// Hover and focus everything: a handler that got in would run.
			p.Eval(t, `(() => { for (const el of document.querySelectorAll("body *")) { for (const ev of ["mouseover", "focus", "click"]) { if (ev === "click" && el.closest("a[href], button, input, select, form")) continue; el.dispatchEvent(new Event(ev)); } } return true })()`, nil)
			var pwned any
			p.Eval(t, `window.__pwned === undefined ? null : window.__pwned`, &pwned)
			if pwned != nil {
				t.Errorf("a script of the text ran: window.__pwned = %v", pwned)
			}
			r := p.Report()
			if len(r.Dialogs) > 0 {
				t.Errorf("dialogs: %v", r.Dialogs)
			}
			if len(r.ForeignRequests) > 0 {
				t.Errorf("requests to other sites: %v", r.ForeignRequests)
			}
			for _, e := range append(append([]string{}, r.ConsoleErrors...), r.LogErrors...) {
				// The 404 of the page that is missing is expected; anything
				// else (a Content-Security-Policy violation: an injection the
				// policy stopped; a request for src=x) is a problem.
				if strings.Contains(e, "404") && strings.Contains(pg.path, "no-such-page") {
					continue
				}
				t.Errorf("console: %s", e)
			}
			if pg.visible {
				var text string
				p.Eval(t, `document.body.innerText`, &text)
				if !strings.Contains(text, hostileVisible) {
					t.Errorf("the text is not shown as written; the page reads:\n%.600s", text)
				}
				var raw bool
				p.Eval(t, `document.body.textContent.includes("\u202eevil") || document.title.includes("\u202eevil")`, &raw)
				if !raw {
					t.Errorf("the bidi control of the text is gone")
				}
			}
		})
	}
}
