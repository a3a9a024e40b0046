package hardening

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/diag"
)

// outsideFiles are files beside the site that no build may publish or
// change: the symlinks and paths of the cases point at them.
var outsideFiles = map[string]string{
	"secret.md":                  doc(`title = "SECRET-7f3a"`, "SECRET-7f3a"),
	"secret.csv":                 "SECRET-7f3a\n",
	"dir/leak.md":                doc(`title = "SECRET-7f3a"`, "SECRET-7f3a"),
	"data/2024/schools.csv":      strings.ReplaceAll(minimalData, "第一小学", "SECRET-7f3a"),
	"county.toml":                "name = \"SECRET-7f3a\"\n",
	"theme/layouts/base.html":    "SECRET-7f3a",
	"themes/t/layouts/base.html": "SECRET-7f3a",
	"site.toml":                  strings.ReplaceAll(siteToml, "测试县教育局", "SECRET-7f3a"),
}

var baseSite = map[string]string{
	"site.toml":                  siteToml,
	"content/policies/_index.md": doc(`title = "政策文件"`, ""),
	"content/policies/ok.md":     doc("title = \"正常文件\"\nwritten = 2024-01-02", "正文。"),
}

// TestPathsCannotLeaveTheSite: a slug, url, attachment or alias with ..,
// an absolute path, or a symlink pointing outside the site is an error
// naming the file; nothing outside the site is read into the output, and
// nothing is written.
func TestPathsCannotLeaveTheSite(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string // added to baseSite
		remove []string          // removed from baseSite
		links  map[string]string // site path → path under outside/ ("" = outside/ itself)
		file   string            // the diagnostic's file
		msg    string            // in its message
	}{
		{name: "slug-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nslug = \"../../../outside/x\"", "")}, file: "content/policies/a.md", msg: "slug"},
		{name: "slug-is-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nslug = \"..\"", "")}, file: "content/policies/a.md", msg: "slug"},
		{name: "url-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = \"../../outside/x/\"", "")}, file: "content/policies/a.md", msg: ".."},
		{name: "url-inner-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = \"a/../../../x/\"", "")}, file: "content/policies/a.md", msg: ".."},
		{name: "url-percent-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = \"%2e%2e/%2E%2E/x/\"", "")}, file: "content/policies/a.md", msg: "%"},
		{name: "url-backslash", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = '..\\..\\x\\'", "")}, file: "content/policies/a.md", msg: "/"},
		{name: "url-other-site", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = \"https://evil.example/x/\"", "")}, file: "content/policies/a.md", msg: "站内"},
		{name: "url-protocol-relative", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nurl = \"//evil.example/x/\"", "")}, file: "content/policies/a.md", msg: "站内"},
		{name: "attachment-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nattachments = [{title = \"x\", file = \"../../../outside/secret.csv\"}]", "")}, file: "content/policies/a.md", msg: ".."},
		{name: "attachment-inner-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nattachments = [{title = \"x\", file = \"sub/../../secret.csv\"}]", "")}, file: "content/policies/a.md", msg: ".."},
		{name: "attachment-absolute", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nattachments = [{title = \"x\", file = \"/etc/passwd\"}]", "")}, file: "content/policies/a.md", msg: "附件"},
		{name: "alias", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\naliases = [\"../../../outside/x/\"]", "")}, file: "content/policies/a.md", msg: "未知"},
		{name: "interprets-dotdot", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\ninterprets = \"../../../outside/secret.md\"", "")}, file: "content/policies/a.md", msg: "不存在"},
		{name: "link-document", links: map[string]string{"content/policies/evil.md": "secret.md"}, file: "content/policies/evil.md", msg: "符号链接"},
		{name: "link-attachment", files: map[string]string{"content/policies/a.md": doc("title = \"a\"\nattachments = [{title = \"x\", file = \"evil.csv\"}]", "")}, links: map[string]string{"content/policies/evil.csv": "secret.csv"}, file: "content/policies/evil.csv", msg: "符号链接"},
		{name: "link-section", links: map[string]string{"content/more": "dir"}, file: "content/more", msg: "符号链接"},
		{name: "link-content", remove: []string{"content/policies/_index.md", "content/policies/ok.md"}, links: map[string]string{"content": "dir"}, file: "content", msg: "符号链接"},
		{name: "link-data", links: map[string]string{"data": "data"}, file: "data", msg: "符号链接"},
		{name: "link-year", links: map[string]string{"data/2024": "data/2024"}, files: map[string]string{"data/2023/schools.csv": minimalData}, file: "data/2024", msg: "符号链接"},
		{name: "link-schools", links: map[string]string{"data/2024/schools.csv": "data/2024/schools.csv"}, files: map[string]string{"data/2024/.keep": ""}, file: "data/2024/schools.csv", msg: "符号链接"},
		{name: "link-county", links: map[string]string{"data/2024/county.toml": "county.toml"}, files: map[string]string{"data/2024/schools.csv": minimalData}, file: "data/2024/county.toml", msg: "符号链接"},
		{name: "county-code-path", files: map[string]string{"data/2024/schools.csv": "学校标识码,学校名称,学段,城乡分类代码,在校生数,区县代码\n1,a,小学,111,100,../../../../outside/county\n"}, file: "data/2024/schools.csv", msg: "区县代码"},
		{name: "link-theme-file", files: map[string]string{"site.toml": siteToml + "theme = \"t\"\n", "themes/t/static/x.css": "p{}"}, links: map[string]string{"themes/t/layouts/base.html": "theme/layouts/base.html"}, file: "themes/t/layouts/base.html", msg: "符号链接"},
		{name: "link-theme", files: map[string]string{"site.toml": siteToml + "theme = \"t\"\n"}, links: map[string]string{"themes/t": "theme"}, file: "themes/t", msg: "符号链接"},
		{name: "link-themes", files: map[string]string{"site.toml": siteToml + "theme = \"t\"\n"}, links: map[string]string{"themes": "themes"}, file: "themes/t", msg: "符号链接"},
		{name: "link-site-toml", remove: []string{"site.toml"}, links: map[string]string{"site.toml": "site.toml"}, file: "site.toml", msg: "符号链接"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			src, outside, dest := filepath.Join(root, "site"), filepath.Join(root, "outside"), filepath.Join(root, "public")
			writeFiles(t, outside, outsideFiles)
			files := map[string]string{}
			for k, v := range baseSite {
				files[k] = v
			}
			for _, k := range c.remove {
				delete(files, k)
			}
			for k, v := range c.files {
				files[k] = v
			}
			writeFiles(t, src, files)
			for link, target := range c.links {
				p := filepath.Join(src, filepath.FromSlash(link))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(outside, filepath.FromSlash(target)), p); err != nil {
					t.Fatal(err)
				}
			}
			before, beforeSite := treeHash(t, outside), treeHash(t, src)
			_, diags, err := buildOS(t, src, dest)
			if err == nil {
				t.Fatalf("build succeeded")
			}
			d := errorAbout(diags, c.file)
			if d == nil {
				t.Fatalf("no error about %s; got %v\n%s", c.file, err, diagText(diags))
			}
			if !strings.Contains(d.Error(), c.msg) {
				t.Errorf("error about %s does not say %q: %s", c.file, c.msg, d.Error())
			}
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Errorf("destination written: %v", err)
			}
			assertSameTree(t, "outside", before, treeHash(t, outside))
			assertSameTree(t, "site", beforeSite, treeHash(t, src))
			if l := leftovers(t, osFs, dest); len(l) > 0 {
				t.Errorf("staging left behind: %v", l)
			}
			entries, _ := os.ReadDir(root)
			if len(entries) != 2 {
				t.Errorf("written beside the site: %v", entries)
			}
		})
	}
}

// TestSiteAbsoluteURLStaysInside: url = "/x/" is a path of the site, not of
// the machine: the page lands in the destination.
func TestSiteAbsoluteURLStaysInside(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	files := map[string]string{}
	for k, v := range baseSite {
		files[k] = v
	}
	files["content/policies/a.md"] = doc("title = \"a\"\nurl = \"/gongkai-abs-test/x/\"", "正文")
	writeFiles(t, src, files)
	if _, diags, err := buildOS(t, src, dest); err != nil {
		t.Fatalf("%v\n%s", err, diagText(diags))
	}
	if _, err := os.Stat(filepath.Join(dest, "gongkai-abs-test", "x", "index.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/gongkai-abs-test"); err == nil {
		t.Fatal("written at the root of the machine")
	}
}

// TestDestinationCannotSwallowTheSite: the commit replaces the destination
// as a whole, so a destination that is the site, holds it, or is one of its
// folders is refused before anything is written.
func TestDestinationCannotSwallowTheSite(t *testing.T) {
	for _, dest := range []string{".", "..", "content", "data", "content/policies", "./"} {
		t.Run(dest, func(t *testing.T) {
			root := t.TempDir()
			src := filepath.Join(root, "site")
			writeFiles(t, src, baseSite)
			writeFiles(t, src, map[string]string{"data/2024/schools.csv": minimalData})
			before := treeHash(t, root)
			_, _, err := buildOS(t, src, filepath.Join(src, dest))
			if err == nil || !strings.Contains(err.Error(), "目标目录") {
				t.Fatalf("err = %v", err)
			}
			assertSameTree(t, "site", before, treeHash(t, root))
		})
	}
	// Through a link to the site.
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeFiles(t, src, baseSite)
	if err := os.Symlink(src, filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, src)
	if _, _, err := buildOS(t, src, filepath.Join(root, "alias")); err == nil {
		t.Fatal("a destination linked to the site was accepted")
	}
	assertSameTree(t, "site", before, treeHash(t, src))
}

// TestPipesAreRefused: a named pipe where a file is read would block the
// build forever; it is an error naming the file, at once.
func TestPipesAreRefused(t *testing.T) {
	for _, c := range []struct{ pipe, doc string }{
		{"content/policies/pipe.csv", doc("title = \"a\"\nattachments = [{title = \"x\", file = \"pipe.csv\"}]", "")},
		{"content/policies/pipe.md", ""},
		{"data/2024/schools.csv", ""},
		{"site.toml", ""},
	} {
		t.Run(c.pipe, func(t *testing.T) {
			root := t.TempDir()
			src := filepath.Join(root, "site")
			files := map[string]string{}
			for k, v := range baseSite {
				files[k] = v
			}
			delete(files, c.pipe)
			if c.doc != "" {
				files["content/policies/a.md"] = c.doc
			}
			writeFiles(t, src, files)
			p := filepath.Join(src, filepath.FromSlash(c.pipe))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no named pipes:", err)
			}
			done := make(chan struct{})
			var diags []diag.Diagnostic
			var err error
			go func() {
				defer close(done)
				_, diags, err = buildOS(t, src, filepath.Join(root, "public"))
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				// Unblock the reader so that the test can end.
				if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
					f.Close()
				}
				t.Fatal("the build blocked on the pipe")
			}
			if err == nil || errorAbout(diags, c.pipe) == nil {
				t.Fatalf("no error about %s: %v\n%s", c.pipe, err, diagText(diags))
			}
		})
	}
}
