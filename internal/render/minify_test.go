package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/themes"
)

func TestMinifyCSS(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/* c */\na {\n  color: red;\n  margin: 0 auto;\n}\n", "a{color:red;margin:0 auto}"},
		{".a :focus { x: y }", ".a :focus{x:y}"},                // descendant combinator kept
		{".a:hover , .b > .c { x: y; }", ".a:hover,.b>.c{x:y}"}, // combinators and lists
		{`a::before { content: "  /* not a comment */  ;} " }`, `a::before{content:"  /* not a comment */  ;} "}`},
		{`a { content: 'it\'s  }' ; }`, `a{content:'it\'s  }'}`},
		{`a { background: url( "x y.png" ) no-repeat; }`, `a{background:url( "x y.png" ) no-repeat}`},
		{`a { background: url(a/*b*/c.png) }`, `a{background:url(a/*b*/c.png)}`},
		{`a { background: URL(data:image/svg+xml;utf8,<svg a='1'>) }`, `a{background:URL(data:image/svg+xml;utf8,<svg a='1'>)}`},
		{"@media (max-width: 760px) and (min-width: 1px) {\n  .a { b: c }\n}", "@media (max-width:760px) and (min-width:1px){.a{b:c}}"},
		{"a { width: calc(100% - 2 * 8px); }", "a{width:calc(100% - 2 * 8px)}"},
		{"a { margin: 0 -1px; font: 12px/1.5 \"PingFang SC\", sans-serif }", "a{margin:0 -1px;font:12px/1.5 \"PingFang SC\",sans-serif}"},
		{".a/**/.b{x:y}", ".a.b{x:y}"},
		{"a{x:1px/**/2px}", "a{x:1px 2px}"},
		{"/*! licence */\na{b:c}", "/*! licence */a{b:c}"},
		{"a { color: red !important ; }", "a{color:red !important}"},
		{":root { --x: 1px; --y: a b; }", ":root{--x:1px;--y:a b}"},
		{"a { b: c } /* unterminated", "a{b:c}"},
		{`a { content: "unterminated`, `a{content:"unterminated`},
		{"x{y:url(", "x{y:url("},
		{"", ""},
	} {
		if got := string(minifyCSS([]byte(c.in))); got != c.want {
			t.Errorf("minifyCSS(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestMinifyThemeCSS: the theme's stylesheets shrink, and no declaration
// is lost (every property name and value word survives in order).
func TestMinifyThemeCSS(t *testing.T) {
	for _, name := range []string{"static/css/site.css", "static/css/print.css", "static/css/pages/portal.css"} {
		b, err := themes.Default.ReadFile(themes.DefaultRoot + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := minifyCSS(b)
		if len(m) >= len(b) {
			t.Errorf("%s: %d → %d bytes", name, len(b), len(m))
		}
		if strings.Count(string(m), "{") != strings.Count(stripComments(string(b)), "{") ||
			strings.Count(string(m), "}") != strings.Count(stripComments(string(b)), "}") {
			t.Errorf("%s: braces changed", name)
		}
		if got, want := tokens(string(m)), tokens(stripComments(string(b))); got != want {
			t.Errorf("%s: the words changed", name)
		}
		t.Logf("%s: %d → %d bytes", name, len(b), len(m))
	}
}

func stripComments(s string) string {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + " " + s[i+2+j+2:]
	}
}

// tokens is s without any whitespace or punctuation the minifier may
// remove: what must be left is the same sequence of characters.
func tokens(s string) string {
	return strings.NewReplacer(" ", "", "\n", "", "\t", "", ";}", "}").Replace(strings.ReplaceAll(strings.Join(strings.Fields(s), ""), ";}", "}"))
}

func TestMinifyJS(t *testing.T) {
	in := "// a comment\n(function () {\n  \"use strict\";\n\n  // another\n  var a = \"http://x\"; // kept: not alone on its line\n  var re = /\\/\\//;\n  /* block\n     // inside a block comment\n  */\n  return a;\n})();\n"
	want := "(function () {\n\"use strict\";\nvar a = \"http://x\"; // kept: not alone on its line\nvar re = /\\/\\//;\n/* block\n*/\nreturn a;\n})();\n"
	if got := string(minifyJS([]byte(in))); got != want {
		t.Errorf("minifyJS:\n got %q\nwant %q", got, want)
	}
	// A template literal or a continued string may hold such lines: left
	// as they are.
	for _, in := range []string{"var s = `\n  // not a comment\n`;\n", "var s = \"a\\\n  // not a comment\";\n"} {
		if got := string(minifyJS([]byte(in))); got != in {
			t.Errorf("minifyJS(%q) = %q, want it unchanged", in, got)
		}
	}
}

// TestMinifyThemeJS: the theme's scripts still parse (node --check, when
// node is installed) after minifying.
func TestMinifyThemeJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	entries, err := themes.Default.ReadDir(themes.DefaultRoot + "/static/js")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := themes.Default.ReadFile(themes.DefaultRoot + "/static/js/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m := minifyJS(b)
		f := filepath.Join(t.TempDir(), e.Name())
		if err := os.WriteFile(f, m, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", f).CombinedOutput(); err != nil {
			t.Errorf("%s after minifyJS: %v\n%s", e.Name(), err, out)
		}
		t.Logf("%s: %d → %d bytes", e.Name(), len(b), len(m))
	}
}
