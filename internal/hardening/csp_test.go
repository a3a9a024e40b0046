package hardening

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// TestCSPAllowsOnlyTheSite: the policy has no source but 'self' (and data:
// images), no 'unsafe-inline' or 'unsafe-eval', and forbids plugins and
// <base>. What a browser enforces for scripts, styles, fonts and
// connections is their own directive or, without one, default-src
// (CSP Level 3, "Get the effective directive"); each must come to 'self'.
func TestCSPAllowsOnlyTheSite(t *testing.T) {
	policy := map[string][]string{}
	for _, dir := range strings.Split(render.CSP, ";") {
		f := strings.Fields(dir)
		if len(f) == 0 {
			continue
		}
		policy[f[0]] = f[1:]
		for _, src := range f[1:] {
			switch {
			case src == "'self'", src == "'none'", f[0] == "img-src" && src == "data:":
			default:
				t.Errorf("%s allows %s", f[0], src)
			}
		}
	}
	effective := func(name string) []string {
		if v, ok := policy[name]; ok {
			return v
		}
		return policy["default-src"]
	}
	for _, name := range []string{"script-src", "style-src", "font-src", "connect-src", "img-src", "object-src"} {
		if v := effective(name); len(v) == 0 || v[0] == "*" {
			t.Errorf("%s: nothing restricts it in %q", name, render.CSP)
		}
	}
	for _, name := range []string{"script-src", "style-src", "font-src", "connect-src"} {
		if v := strings.Join(effective(name), " "); v != "'self'" {
			t.Errorf("%s comes to %q, want 'self' only", name, v)
		}
	}
	// base-uri and form-action do not fall back to default-src.
	for _, name := range []string{"default-src", "base-uri", "form-action"} {
		if strings.Join(policy[name], " ") != "'self'" {
			t.Errorf("%s is %q, want 'self'", name, policy[name])
		}
	}
	if strings.Join(effective("object-src"), " ") != "'none'" {
		t.Errorf("plugins allowed: %q", render.CSP)
	}
}

// TestEveryPageHasCSP builds the example site and checks every HTML page:
// the policy is in a <meta> at the top of <head>, before anything it
// governs, and nothing on the page is something the policy would block —
// no inline script (JSON data blocks are data, not script), no <style>, no
// style attribute, no event handler attribute, no javascript: URL, no
// resource from another site.
func TestEveryPageHasCSP(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, build.Options{Fs: osFs, Source: moduleRoot(t), Destination: dest})
	if n := checkPagesCSP(t, dest); n < 50 {
		t.Fatalf("only %d pages checked", n)
	}
}

// checkPagesCSP checks every .html file under dir and returns how many.
func checkPagesCSP(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, problem := range cspProblems(b) {
			t.Errorf("%s: %s", rel, problem)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// dataScriptTypes are <script> types that browsers do not run.
var dataScriptTypes = map[string]bool{"application/json": true, "application/ld+json": true}

// cspProblems lists what on the page a Content-Security-Policy of only the
// site itself would block, or what leaves the page without it.
func cspProblems(page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	var out []string
	metas := 0
	governed := false // a script, style or resource came before the policy
	sameSite := func(what, u string) {
		u = strings.TrimSpace(u)
		if u == "" {
			return
		}
		pu, err := url.Parse(u)
		if err != nil {
			out = append(out, what+": bad URL "+u)
			return
		}
		if strings.EqualFold(pu.Scheme, "javascript") || strings.EqualFold(pu.Scheme, "vbscript") {
			out = append(out, what+": script URL "+u)
		}
		if what != "a href" && (pu.Host != "" || (pu.Scheme != "" && pu.Scheme != "data")) {
			out = append(out, what+": resource from another site "+u)
		}
	}
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[strings.ToLower(a.Key)] = a.Val
			}
			// A link that is not fetched (canonical, alternate) is like <a>.
			fetched := n.Data != "link"
			for _, rel := range strings.Fields(strings.ToLower(attr["rel"])) {
				switch rel {
				case "stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon":
					fetched = true
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				switch {
				case k == "style":
					out = append(out, "<"+n.Data+" style=…>: inline style")
				case strings.HasPrefix(k, "on"):
					out = append(out, "<"+n.Data+" "+k+"=…>: inline event handler")
				case k == "href" || k == "src" || k == "action" || k == "formaction" || k == "poster" || k == "data":
					what := n.Data + " " + k
					if (n.Data == "a" || n.Data == "area" || !fetched) && k == "href" {
						what = "a href"
					}
					sameSite(what, a.Val)
				case k == "srcset":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							sameSite(n.Data+" srcset", f[0])
						}
					}
				}
			}
			switch n.Data {
			case "meta":
				if strings.EqualFold(attr["http-equiv"], "Content-Security-Policy") {
					metas++
					if attr["content"] != render.CSP {
						out = append(out, "policy differs: "+attr["content"])
					}
					if !inHead || governed {
						out = append(out, "the policy is not at the top of <head>: what comes before it is not governed")
					}
				}
			case "script":
				governed = true
				typ := strings.ToLower(strings.TrimSpace(attr["type"]))
				if _, hasSrc := attr["src"]; !hasSrc && !dataScriptTypes[typ] {
					out = append(out, "inline <script>")
				}
			case "style":
				governed = true
				out = append(out, "<style> element")
			case "link", "img", "iframe", "object", "embed", "frame", "video", "audio", "source":
				governed = true
			}
			switch n.Data {
			case "iframe", "object", "embed", "frame", "base", "applet":
				out = append(out, "<"+n.Data+"> element")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead || (n.Type == html.ElementNode && n.Data == "head"))
		}
	}
	walk(doc, false)
	if metas != 1 {
		out = append(out, "Content-Security-Policy meta elements: "+string(rune('0'+metas)))
	}
	return out
}

// TestCSPCheckerCatches: the checker above finds what it looks for.
func TestCSPCheckerCatches(t *testing.T) {
	meta := `<meta http-equiv="Content-Security-Policy" content="` + render.CSP + `">`
	good := `<!doctype html><html><head>` + meta + `<link rel="stylesheet" href="/a.css"><link rel="canonical" href="https://x.cn/"><script src="/a.js"></script><script type="application/json">{"a":1}</script></head><body><a href="https://x.cn/">x</a></body></html>`
	if p := cspProblems([]byte(good)); len(p) > 0 {
		t.Fatalf("good page: %v", p)
	}
	for _, bad := range []string{
		`<html><head><title>x</title></head></html>`,
		`<html><head><link rel="stylesheet" href="/a.css">` + meta + `</head></html>`,
		`<html><head>` + meta + `<script>alert(1)</script></head></html>`,
		`<html><head>` + meta + `<script type="module">alert(1)</script></head></html>`,
		`<html><head>` + meta + `<style>p{}</style></head></html>`,
		`<html><head>` + meta + `</head><body><p style="color:red">x</p></body></html>`,
		`<html><head>` + meta + `</head><body><p onmouseover="alert(1)">x</p></body></html>`,
		`<html><head>` + meta + `</head><body><a href=" javascript:alert(1)">x</a></body></html>`,
		`<html><head>` + meta + `<script src="https://cdn.example/x.js"></script></head></html>`,
		`<html><head>` + meta + `<script src="//cdn.example/x.js"></script></head></html>`,
		`<html><head>` + meta + `</head><body><img src="http://x/y.png"></body></html>`,
		`<html><head>` + meta + `</head><body><iframe src="/x"></iframe></body></html>`,
	} {
		if p := cspProblems([]byte(bad)); len(p) == 0 {
			t.Errorf("no problem found in %s", bad)
		}
	}
}
