package hardening

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/diag"
)

// TestLongFacetValues: a 主题分类 of 90 characters and a 发布机构 of 300
// bytes become catalogue pages whose names fit any file system (at most
// 255 bytes a segment); two long values that begin alike stay apart.
func TestLongFacetValues(t *testing.T) {
	long := strings.Repeat("教", 90)
	files := map[string]string{
		"content/policies/a.md": doc("title = \"a\"\nwritten = 2024-01-02\ntopic = \""+long+"\"\npublisher = \""+strings.Repeat("某", 100)+"\"", "正文。"),
		"content/policies/b.md": doc("title = \"b\"\nwritten = 2024-01-03\ntopic = \""+long+"乙\"", "正文。"),
	}
	for k, v := range baseSite {
		files[k] = v
	}
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	writeFiles(t, src, files)
	if _, diags, err := buildOS(t, src, dest); err != nil {
		t.Fatalf("build: %v\n%s", err, diagText(diags))
	}
	topics := 0
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if len(d.Name()) > 255 {
			t.Errorf("%d bytes: %s", len(d.Name()), p)
		}
		if filepath.Base(filepath.Dir(p)) == "topic" && d.IsDir() && strings.HasPrefix(d.Name(), "教教教") {
			topics++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if topics != 2 {
		t.Errorf("%d pages of the two long topics, want 2", topics)
	}
}

// TestURLsThatCannotBeFiles: a slug or url with a segment over 255 bytes,
// and a url that is a file the build makes (index.xml, sitemap.xml,
// 404.html, search/index.json) or one of its pages (catalogue/), is an
// error at the document's key, in gongkai build and in gongkai check, not
// a raw error of the file system.
func TestURLsThatCannotBeFiles(t *testing.T) {
	cases := []struct{ name, front, key string }{
		{"long-slug", "slug = \"" + strings.Repeat("a", 300) + "\"", "slug"},
		{"long-url", "url = \"x/" + strings.Repeat("长", 90) + "/\"", "url"},
		{"feed", "url = \"index.xml\"", "url"},
		{"sitemap", "url = \"/sitemap.xml/\"", "url"},
		{"under-feed", "url = \"index.xml/a/\"", "url"},
		{"not-found", "url = \"404.html\"", "url"},
		{"search-index", "url = \"search/index.json\"", "url"},
		{"catalogue", "url = \"catalogue/\"", "url"},
		{"section", "slug = \"x\"\nurl = \"policies/\"", "url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"content/news/x.md": doc("title = \"x\"\nwritten = 2024-01-02\n"+c.front, "正文。")}
			for k, v := range baseSite {
				files[k] = v
			}
			root := t.TempDir()
			src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
			writeFiles(t, src, files)
			_, diags, err := buildOS(t, src, dest)
			if err == nil {
				t.Fatal("built")
			}
			want := func(what string, ds []diag.Diagnostic) {
				t.Helper()
				d := errorAbout(ds, "content/news/x.md")
				if d == nil || d.Line < 2 || d.Column != c.key {
					t.Fatalf("%s: no error at the %s of content/news/x.md: %v\n%s", what, c.key, err, diagText(ds))
				}
				t.Logf("%s: %s", what, d.Error())
			}
			want("build", diags)
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Errorf("destination written: %v", err)
			}
			want("check", checkDiags(t, src))
		})
	}
}
