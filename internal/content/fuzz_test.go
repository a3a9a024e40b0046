package content

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/diag"
)

var fuzzNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// FuzzFrontMatter: any file loads without panicking; every diagnostic is
// placed in the file; and a document accepted without errors has a URL
// and attachments that stay inside the site: relative, clean, no . or ..
// segment, no backslash or percent-escape.
func FuzzFrontMatter(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			if len(b) > 2048 {
				b = b[:2048]
			}
			f.Add(b)
		}
	}
	for _, s := range []string{
		"+++\ntitle = \"a\"\nslug = \"../x\"\n+++\n",
		"+++\ntitle = \"a\"\nurl = \"/a/../../b/\"\n+++\n",
		"+++\ntitle = \"a\"\nurl = \"%2e%2e/x\"\n+++\n",
		"+++\ntitle = \"a\"\nattachments = [{title = \"x\", file = \"../a.csv\"}, {file = \"a.csv\"}]\n+++\n",
		"+++\ntitle = \"<script>alert(1)</script>\"\nsummary = \"\u2028\u202e\"\nkeywords = [\"\\\" onmouseover=alert(1) x=\\\"\"]\n+++\nbody",
		"\uFEFF+++\r\ntitle = 'x'\r\npublished = 2024-01-01T00:30:00\r\nwritten = 2024-01-01\r\nexpires = 2023-12-31\r\n+++\r\n",
		"+++\ntitle = \"a\"\npublished = 1979-05-27T00:32:00.999999-07:00\nwritten = 07:32:00\n+++\n",
		"+++\ntitle = \"a\"\nrelated = \"x\"\ninterprets = \"sec/doc.md\"\n+++\n",
		"+++\na = [[[[[[[[[[]]]]]]]]]]\n+++\n",
		"+++\n+++\n",
		"+++",
	} {
		f.Add([]byte(s))
	}
	site := &config.Site{Title: "t", Publisher: "p", PageSize: 20, BasePath: "/"}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := afero.NewMemMapFs()
		_ = afero.WriteFile(fsys, "/s/content/sec/doc.md", src, 0o644)
		_ = afero.WriteFile(fsys, "/s/content/sec/a.csv", []byte("a\n"), 0o644)
		c, diags := Load(fsys, "/s", site, Options{Now: fuzzNow})
		lines := bytes.Count(src, []byte("\n")) + 1
		hasErr := false
		for _, d := range diags {
			if d.File != "content/sec/doc.md" {
				t.Fatalf("diagnostic about another file: %s", d.Error())
			}
			if d.Line < 0 || d.Line > lines || d.Msg == "" {
				t.Fatalf("diagnostic outside the file (%d lines): %s", lines, d.Error())
			}
			if d.Severity == diag.Error {
				hasErr = true
			}
		}
		if hasErr {
			return
		}
		for _, d := range append(append([]*Document(nil), c.Docs...), c.LeftOut...) {
			if strings.TrimSpace(d.Title) == "" {
				t.Fatalf("document without a title accepted")
			}
			checkInside(t, "url", d.URL, true)
			for _, a := range d.Attachments {
				checkInside(t, "attachment src", a.Src, false)
				checkInside(t, "attachment url", a.URL, false)
				if !strings.HasPrefix(a.URL, d.URL) {
					t.Fatalf("attachment %q outside its document %q", a.URL, d.URL)
				}
			}
		}
	})
}

// checkInside fails when p is not a clean path inside the site.
func checkInside(t *testing.T, what, p string, dir bool) {
	t.Helper()
	trimmed := p
	if dir {
		if !strings.HasSuffix(p, "/") {
			t.Fatalf("%s %q does not end in /", what, p)
		}
		trimmed = strings.TrimSuffix(p, "/")
	}
	if trimmed == "" || path.IsAbs(p) || path.Clean(trimmed) != trimmed || strings.ContainsAny(p, "\\%") {
		t.Fatalf("%s %q is not a clean relative path", what, p)
	}
	for _, seg := range strings.Split(trimmed, "/") {
		if seg == "." || seg == ".." || seg == "" {
			t.Fatalf("%s %q has segment %q", what, p, seg)
		}
	}
}
