package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/themes"
)

// TestFrameAsTemplates: the frame of every page, the document pages'
// article and the lists of documents (section and home pages) written in
// Go (frame.go) are byte for byte what the templates they replace gave (testdata/base.html and testdata/document.html, used
// here as a site's own theme), on every page of the repository's example
// site (documents with attachments, related documents and 解读, every
// report page) and of a site whose settings, titles and metadata need
// escaping. It also shows that a theme can still lay out the frame and the
// document page from .Page, .Nav, .Site, .Assets and .Doc.
func TestFrameAsTemplates(t *testing.T) {
	base, err := os.ReadFile("testdata/base.html")
	if err != nil {
		t.Fatal(err)
	}
	document, err := os.ReadFile("testdata/document.html")
	if err != nil {
		t.Fatal(err)
	}
	example := exampleFiles(t)

	hostile := map[string]string{
		"site.toml": `title = "测试<县>&'教育局'+"` + "\n" + `base_url = "https://example.gov.cn/sub/"` + "\n" +
			`description = "说明 <b>&amp; \"引号\""` + "\n" + `publisher = "某局+'机构'"` + "\n" + `organiser = "主办<单位>"` + "\n" +
			`contact = "电话 0000 & 地址"` + "\n" + `icp = "ICP'备'"` + "\n" + "page_size = 2\n",
		"content/docs/_index.md": "+++\ntitle = \"文件<甲>&'乙'\"\nsummary = \"栏目 \\\"说明\\\"\"\n+++\n",
		"content/docs/a.md": "+++\ntitle = \"\\\"引号\\\" 'a+b' <b>&amp;\"\npublished = 2022-03-01\ngenre = \"通知\"\nvalidity = \"废止\"\n" +
			"topic = \"R&D <主题>\"\npublisher = \"某局+'机构'\"\nindex_no = \"A<1>&2\"\ndoc_no = \"示政办发〔2022〕7号\"\nslug = \"中文路径\"\n" +
			"keywords = [\"甲<\", \"乙&\"]\nrelated = [\"docs/b.md\", \"docs/c.md\"]\n" +
			"attachments = [{title = \"附件<1>&'\", file = \"a b+.csv\"}]\n+++\n\n## 一、标题\n\n正文 <em>。\n\n## 二、标题\n\n正文。\n",
		"content/docs/a b+.csv": "a,b\n1,2\n",
		"content/docs/b.md":     "+++\ntitle = \"失效的<方案>\"\npublished = 2021-03-01\nexpires = 2021-12-31\nsummary = \"摘要 & 'x'\"\n+++\n\n正文。\n",
		"content/docs/c.md":     "+++\ntitle = \"解读 + 'c'\"\npublished = 2022-04-01\ngenre = \"解读\"\ninterprets = \"docs/a.md\"\n+++\n\n正文。\n",
		"content/docs/d.md":     "+++\ntitle = \"丁\"\npublished = 2020-01-01\n+++\n\n正文。\n",
		"content/e.md":          "+++\ntitle = \"栏目之外\"\npublished = 2020-02-01\n+++\n\n正文。\n",
	}

	for name, files := range map[string]map[string]string{"example": example, "hostile": hostile} {
		t.Run(name, func(t *testing.T) {
			got := buildPages(t, files)
			ref := map[string]string{}
			for k, v := range files {
				ref[k] = v
			}
			ref["site.toml"] = "theme = \"ref\"\n" + ref["site.toml"] // before any table
			ref["themes/ref/layouts/base.html"] = string(base)
			ref["themes/ref/layouts/document.html"] = string(document)
			want := buildPages(t, ref)
			if len(got) != len(want) || len(got) < 8 {
				t.Fatalf("%d pages, the templates' %d", len(got), len(want))
			}
			docs := 0
			for p, w := range want {
				if g := got[p]; g != w {
					t.Errorf("%s differs from the templates':\n%s", p, firstDiff(g, w))
				}
				if strings.Contains(w, `<article class="document">`) {
					docs++
				}
			}
			if docs < 4 {
				t.Errorf("only %d document pages", docs)
			}
		})
	}
}

// exampleFiles is the repository's example site: site.toml, content/ and
// data/, by path.
func exampleFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, dir := range []string{"content", "data"} {
		err := filepath.WalkDir(filepath.Join("..", "..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			files[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files["site.toml"] = string(b)
	return files
}

// buildPages builds a site in memory and returns its HTML pages.
func buildPages(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, body := range files {
		if err := afero.WriteFile(fsys, path.Join("/site", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/out"})
	if err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	pages := map[string]string{}
	err = afero.Walk(fsys, "/out", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, err := afero.ReadFile(fsys, p)
		pages[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// firstDiff shows where a and b part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + a[from:min(len(a), i+80)] + "\nwant: …" + b[from:min(len(b), i+80)]
}

// TestFeedOnListPages: the pages that list documents (home, section,
// catalogue) name the feed of new documents; a document page and a data
// page do not (their subject is not what the feed carries).
func TestFeedOnListPages(t *testing.T) {
	pages := buildPages(t, exampleFiles(t))
	const feed = `<link rel="alternate" type="application/rss+xml"`
	kinds := map[string]int{}
	for p, page := range pages {
		kind := ""
		if i := strings.Index(page, `<body class="kind-`); i >= 0 {
			kind, _, _ = strings.Cut(page[i+len(`<body class="kind-`):], `"`)
		}
		want := kind == "home" || kind == "section" || kind == "catalogue"
		if got := strings.Contains(page, feed); got != want {
			t.Errorf("%s (%s): names the feed %v, want %v", p, kind, got, want)
		}
		kinds[kind]++
	}
	for _, k := range []string{"home", "section", "catalogue", "document", "school", "indicator"} {
		if kinds[k] == 0 {
			t.Errorf("no %s page checked (%v)", k, kinds)
		}
	}
}

// TestOneStylesheetForEveryPage: a page links one stylesheet for the
// screen (the theme's site.css, with the other stylesheets of static/css/
// after it) and one for print; the rules of disclosure.css are in it.
func TestOneStylesheetForEveryPage(t *testing.T) {
	fsys := afero.NewMemMapFs()
	files := map[string]string{
		"site.toml":         "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\n",
		"content/docs/a.md": "+++\ntitle = \"甲\"\npublished = 2022-03-01\n+++\n\n正文。\n",
	}
	for name, body := range files {
		if err := afero.WriteFile(fsys, path.Join("/site", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/out"}); err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	page, err := afero.ReadFile(fsys, "/out/docs/a/index.html")
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"( media="print")?>`).FindAllStringSubmatch(string(page), -1)
	var screen []string
	for _, l := range links {
		if l[2] == "" {
			screen = append(screen, l[1])
		}
	}
	if len(screen) != 1 || len(links) != 2 {
		t.Fatalf("stylesheets %v; want one for the screen and one for print", links)
	}
	css, err := afero.ReadFile(fsys, path.Join("/out", screen[0]))
	if err != nil {
		t.Fatal(err)
	}
	// No stylesheet is written that no page links.
	written, _ := afero.Glob(fsys, "/out/assets/css/*.css")
	if len(written) != 2 {
		t.Errorf("stylesheets written: %v; want the screen's and print's", written)
	}
	site, _ := themes.Default.ReadFile(themes.DefaultRoot + "/static/css/site.css")
	if !bytes.Contains(css, []byte("table.dt")) || !bytes.Contains(css, []byte(".toolbar")) || len(css) < len(site)/2 {
		t.Errorf("%s (%d bytes) lacks the rules of site.css or disclosure.css", screen[0], len(css))
	}
}
