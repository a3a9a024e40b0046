package portal_test

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/history"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/portal"
	"github.com/gongkai-dev/gongkai/internal/revision"
)

// writeSite writes files (path → content) into a new directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func buildSite(t *testing.T, src, baseURL string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	_, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: dest, BaseURL: baseURL})
	if err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	return dest
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func doc(title, date, genre, validity, extra string) string {
	return "+++\ntitle = \"" + title + "\"\npublished = " + date + "\ngenre = \"" + genre + "\"\nvalidity = \"" + validity + "\"\ntopic = \"科技、教育\"\n" + extra + "+++\n\n" + title + "的正文。推进义务教育优质均衡发展。\n"
}

// smallSite has five documents: two genres, three 有效性 (one 失效 by its
// 失效日期), three years; page_size 2 so that lists paginate.
func smallSite() map[string]string {
	return map[string]string{
		"site.toml":              "title = \"测试县教育局\"\nbase_url = \"https://example.gov.cn/\"\npublisher = \"测试县教育局\"\npage_size = 2\n",
		"content/docs/_index.md": "+++\ntitle = \"文件\"\n+++\n",
		"content/docs/a.md":      doc("关于甲的通知", "2024-03-01", "通知", "有效", ""),
		"content/docs/b.md":      doc("关于乙的通知", "2023-05-01", "通知", "废止", ""),
		"content/docs/c.md":      doc("丙方案", "2023-01-10", "方案", "有效", "expires = 2023-12-31\n"),
		"content/docs/d.md":      doc("丁方案", "2022-07-01", "方案", "有效", ""),
		"content/docs/e.md":      doc("戊方案<&>", "2024-06-01", "方案", "有效", "summary = \"含有 <特殊> & 字符\"\n"),
	}
}

// rowTitle is a catalogue row's title: its second cell's link.
var rowTitle = regexp.MustCompile(`<tr><td>[^<]*<td><a href="[^"]*">([^<]*)</a>`)

// addOlderDocs adds n documents of another publisher, older than those of
// smallSite, and returns their titles, newest first.
func addOlderDocs(files map[string]string, n int) []string {
	var titles []string
	for i := n; i >= 1; i-- {
		title := fmt.Sprintf("附加文件%02d", i)
		files[fmt.Sprintf("content/docs/x%02d.md", i)] = doc(title, fmt.Sprintf("2021-01-%02d", i), "报告", "有效", "publisher = \"另一局\"\n")
		titles = append(titles, title)
	}
	return titles
}

// rows returns the titles of a catalogue page's rows.
func rows(page string) []string {
	var out []string
	for _, m := range rowTitle.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestCataloguePages(t *testing.T) {
	// smallSite and twelve older documents of another publisher: 17 in
	// all. page_size is 2, so a catalogue page has 10 rows.
	files := smallSite()
	extra := addOlderDocs(files, 12)
	out := buildSite(t, writeSite(t, files), "")
	first := read(t, out, "catalogue/index.html")
	want := append([]string{"戊方案&lt;&amp;&gt;", "关于甲的通知", "关于乙的通知", "丙方案", "丁方案"}, extra[:5]...)
	if got := rows(first); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("first page rows (newest first): %q, want %q", got, want)
	}
	if !strings.Contains(first, `href="/catalogue/page/2/"`) || !strings.Contains(first, `"pageSize":10`) {
		t.Error("no link to page 2, or catalogue.js pages by another size")
	}
	if got := rows(read(t, out, "catalogue/page/2/index.html")); strings.Join(got, "|") != strings.Join(extra[5:], "|") {
		t.Errorf("page 2 rows: %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "catalogue/page/3")); err == nil {
		t.Error("a third page for 17 documents")
	}
	// One static page per facet value, linked with the same escaped URL.
	for file, titles := range map[string][]string{
		"catalogue/genre/通知/index.html":             {"关于甲的通知", "关于乙的通知"},
		"catalogue/validity/废止/index.html":          {"关于乙的通知"},
		"catalogue/validity/失效/index.html":          {"丙方案"}, // expired on 2023-12-31; today is the newest date, 2024-06-01
		"catalogue/year/2022/index.html":            {"丁方案"},
		"catalogue/publisher/测试县教育局/index.html":     {"戊方案&lt;&amp;&gt;", "关于甲的通知", "关于乙的通知", "丙方案", "丁方案"},
		"catalogue/publisher/另一局/index.html":        extra[:10],
		"catalogue/publisher/另一局/page/2/index.html": extra[10:],
	} {
		if got := rows(read(t, out, file)); strings.Join(got, "|") != strings.Join(titles, "|") {
			t.Errorf("%s: rows %q, want %q", file, got, titles)
		}
	}
	if !strings.Contains(first, `href="/catalogue/genre/%E9%80%9A%E7%9F%A5/"`) {
		t.Error("facet link not percent-encoded as expected")
	}
	for _, mark := range []string{`<span class="mark mark-bad">废止</span>`, `<span class="mark mark-bad">失效</span>`} {
		if !strings.Contains(first, mark) {
			t.Errorf("no %s in the catalogue", mark)
		}
	}
	// The canonical link of a facet page is its escaped absolute URL.
	if p := read(t, out, "catalogue/genre/通知/index.html"); !strings.Contains(p, `<link rel="canonical" href="https://example.gov.cn/catalogue/genre/%E9%80%9A%E7%9F%A5/">`) {
		t.Error("facet page canonical link")
	}
	js := read(t, out, "catalogue/index.json")
	if !strings.Contains(js, `"戊方案<&>"`) || !strings.Contains(js, `"废止"`) {
		t.Errorf("catalogue/index.json: %.300s", js)
	}
}

type rss struct {
	Channel struct {
		Items []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			PubDate     string   `xml:"pubDate"`
			Description string   `xml:"description"`
			Categories  []string `xml:"category"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestFeedSitemapRobotsUnderSubPath(t *testing.T) {
	out := buildSite(t, writeSite(t, smallSite()), "https://www.example.gov.cn/jyj/")
	var f rss
	feed := read(t, out, "index.xml")
	if err := xml.Unmarshal([]byte(feed), &f); err != nil {
		t.Fatalf("index.xml is not XML: %v", err)
	}
	if len(f.Channel.Items) != 5 || !strings.Contains(feed, "<link>https://www.example.gov.cn/jyj/</link>") ||
		!strings.Contains(feed, `<atom:link href="https://www.example.gov.cn/jyj/index.xml" rel="self"`) {
		t.Fatalf("feed: %+v", f.Channel)
	}
	var prev time.Time
	for i, it := range f.Channel.Items {
		tm, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && tm.After(prev) {
			t.Errorf("feed not newest first at %d", i)
		}
		prev = tm
		if !strings.HasPrefix(it.Link, "https://www.example.gov.cn/jyj/docs/") {
			t.Errorf("item link %s", it.Link)
		}
	}
	if it := f.Channel.Items[0]; it.Title != "戊方案<&>" || it.Description != "含有 <特殊> & 字符" {
		t.Errorf("escaping: %+v", it)
	}
	marked := map[string]bool{}
	for _, it := range f.Channel.Items {
		marked[it.Title] = true
	}
	if !marked["关于乙的通知（废止）"] || !marked["丙方案（失效）"] {
		t.Errorf("失效/废止 not marked in the feed: %v", marked)
	}

	sm := read(t, out, "sitemap.xml")
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(sm), &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		if !strings.HasPrefix(u.Loc, "https://www.example.gov.cn/jyj/") {
			t.Errorf("sitemap URL %s", u.Loc)
		}
	}
	// Every HTML page but 404.html is in the sitemap.
	n := 0
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == "404.html" {
			return nil
		}
		n++
		loc := "https://www.example.gov.cn/jyj/" + portal.EscapePath(strings.TrimSuffix(rel, "index.html"))
		if !locs[loc] {
			t.Errorf("%s is not in the sitemap (%s)", rel, loc)
		}
		return nil
	})
	if n != len(set.URLs) {
		t.Errorf("sitemap has %d URLs, the site %d pages", len(set.URLs), n)
	}
	if r := read(t, out, "robots.txt"); !strings.Contains(r, "\nSitemap: https://www.example.gov.cn/jyj/sitemap.xml\n") {
		t.Errorf("robots.txt: %q", r)
	}
	// Links of the portal's pages carry the sub-path.
	if p := read(t, out, "catalogue/index.html"); !strings.Contains(p, `href="/jyj/catalogue/genre/`) || !strings.Contains(p, `"data":"/jyj/catalogue/index.json?v=`) {
		t.Error("catalogue links without the sub-path")
	}
	// The manifest's address has no version (search.js revalidates it).
	if p := read(t, out, "search/index.html"); !strings.Contains(p, `"index":"/jyj/search/index.json"`) || !strings.Contains(p, `"base":"/jyj/search/"`) {
		t.Error("search config without the sub-path")
	}
}

// git runs git in dir with a fixed identity and dates.
func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=测试", "GIT_AUTHOR_EMAIL=t@example.gov.cn", "GIT_COMMITTER_NAME=测试",
		"GIT_COMMITTER_EMAIL=t@example.gov.cn", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// schoolsCSV takes the header and first two rows of the example's data.
func schoolsCSV(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../data/2024/schools.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 4)
	return strings.Join(lines[:3], "\n") + "\n"
}

func TestRevisionsFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	csv := schoolsCSV(t)
	files := smallSite()
	files["data/2024/schools.csv"] = csv
	files["data/2024/county.toml"] = "name = \"测试县\"\nsource = \"2024年教育事业统计\"\n"
	src := writeSite(t, files)
	git(t, src, "2025-01-10T10:00:00+08:00", "init", "-q")
	git(t, src, "2025-01-10T10:00:00+08:00", "add", ".")
	git(t, src, "2025-01-10T10:00:00+08:00", "commit", "-q", "-m", "发布2024年数据")

	// Correct one cell (在校生数 of the first school) and the county's source.
	lines := strings.Split(csv, "\n")
	cells := strings.Split(lines[1], ",")
	oldStudents := cells[7]
	cells[7] = "1730"
	lines[1] = strings.Join(cells, ",")
	if err := os.WriteFile(filepath.Join(src, "data/2024/schools.csv"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "data/2024/county.toml"), []byte("name = \"测试县\"\nsource = \"2024年教育事业统计（更正）\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, src, "2025-02-03T09:30:00+08:00", "commit", "-q", "-am", "更正第一小学在校生数")
	// A new year is a first publication, not a revision.
	if err := os.MkdirAll(filepath.Join(src, "data/2025"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "data/2025/schools.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, src, "2025-03-01T09:00:00+08:00", "add", ".")
	git(t, src, "2025-03-01T09:00:00+08:00", "commit", "-q", "-m", "发布2025年数据")

	h := (history.Git{}).Read(src)
	if !h.Available || h.Commits != 3 || len(h.Changes) != 2 {
		t.Fatalf("history: %+v", h)
	}
	c := h.Changes[0]
	if c.Date.String() != "2025-02-03" || c.Year != 2024 || c.SchoolID != cells[0] || c.School != cells[1] || c.Level != "小学" ||
		c.Column != "在校生数" || c.Old != oldStudents || c.New != "1730" || c.Reason != "更正第一小学在校生数" {
		t.Errorf("change: %+v", c)
	}
	// The county's key is named as the reader knows it, not as county.toml spells it.
	if c := h.Changes[1]; c.Column != "数据来源" || c.Old != "2024年教育事业统计" || c.New != "2024年教育事业统计（更正）" || c.SchoolID != "" {
		t.Errorf("county change: %+v", c)
	}

	out := buildSite(t, src, "")
	page := read(t, out, "data/revisions/index.html")
	// A figure lines up with the figures (num); a text reads as a
	// paragraph (rev-text): a changed note was one line of 5,000 px.
	for _, want := range []string{"2025-02-03", "在校生数", `<td class="num">` + oldStudents + "<", `<td class="num">1730<`, "更正第一小学在校生数", cells[1] + "</a>（小学）", "区县整体", "<td>数据来源</td>",
		`<td class="rev-text">2024年教育事业统计</td>`, `<td class="rev-text">2024年教育事业统计（更正）</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("revisions page lacks %q", want)
		}
	}
	if csvOut := read(t, out, "data/revisions.csv"); !strings.Contains(csvOut, "2025-02-03,") || !strings.Contains(csvOut, ",在校生数,"+oldStudents+",1730,更正第一小学在校生数") {
		t.Errorf("revisions.csv:\n%s", csvOut)
	}
	// Building twice gives the same page (commit dates, not the clock).
	if again := read(t, buildSite(t, src, ""), "data/revisions/index.html"); again != page {
		t.Error("revisions page differs between builds")
	}

	// site.toml's revision_notes explain a version in place of its commit
	// message (a commit cannot be changed once published); a note for a
	// version that revised no data is a warning.
	rev := exec.Command("git", "-C", src, "rev-parse", "HEAD~1")
	hash, err := rev.Output()
	if err != nil {
		t.Fatal(err)
	}
	site := files["site.toml"] + "\n[revision_notes]\n" + string(hash[:8]) + " = \"更正第一小学2024年在校生数（原表录入错误）\"\n" +
		"0123456789 = \"不存在的版本\"\n"
	if err := os.WriteFile(filepath.Join(src, "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: dest})
	if err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	noted := read(t, dest, "data/revisions/index.html")
	if !strings.Contains(noted, "更正第一小学2024年在校生数（原表录入错误）") || strings.Contains(noted, "<td>更正第一小学在校生数 ") {
		t.Error("the revisions page does not give the note of revision_notes in place of the commit message")
	}
	if csvOut := read(t, dest, "data/revisions.csv"); !strings.Contains(csvOut, "（原表录入错误）") {
		t.Errorf("revisions.csv lacks the note:\n%s", csvOut)
	}
	var warned bool
	for _, d := range diags {
		// The note's own line: site.toml's last.
		warned = warned || d.Severity == diag.Warning && d.Value == "0123456789" && d.Column == "revision_notes" && d.Line == strings.Count(site, "\n")
	}
	if !warned {
		t.Errorf("no warning for a note of a version that revised no data: %v", diags)
	}

	// A shallow clone lacks the older versions: no warning for a note of one.
	git(t, src, "2025-03-02T09:00:00+08:00", "commit", "-q", "-am", "修订说明")
	shallow := filepath.Join(t.TempDir(), "shallow")
	git(t, src, "2025-03-02T09:00:00+08:00", "clone", "-q", "--depth", "1", "file://"+src, shallow)
	_, diags, err = build.Build(build.Options{Fs: afero.NewOsFs(), Source: shallow, Destination: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	for _, d := range diags {
		if d.Column == "revision_notes" {
			t.Errorf("shallow clone: %v", d)
		}
	}
}

func TestRevisionsWithoutHistory(t *testing.T) {
	files := smallSite()
	files["data/2024/schools.csv"] = schoolsCSV(t)
	src := writeSite(t, files) // not a git repository
	if h := (history.Git{}).Read(src); h.Available || h.Reason != revision.NoRepo {
		t.Fatalf("history outside git: %+v", h)
	}
	out := buildSite(t, src, "")
	if page := read(t, out, "data/revisions/index.html"); !strings.Contains(page, "没有纳入版本管理") {
		t.Error("the page does not say there is no history")
	}
	// git absent: the build still works and says so.
	t.Setenv("PATH", t.TempDir())
	if h := (history.Git{}).Read(src); h.Reason != revision.NoGit {
		t.Errorf("without git: %+v", h)
	}
	out = buildSite(t, src, "")
	if page := read(t, out, "data/revisions/index.html"); !strings.Contains(page, "没有版本管理工具") {
		t.Error("the page does not say git is missing")
	}
}

// hostileSite is smallSite with text that needs escaping in every column of
// the catalogue and a document under a Chinese path.
func hostileSite() map[string]string {
	files := smallSite()
	files["content/docs/f.md"] = "+++\ntitle = \"\\\"引号\\\" 'a+b' <b>&amp;\"\npublished = 2022-03-01\ngenre = \"通知\"\nvalidity = \"废止\"\n" +
		"topic = \"R&D <主题>\"\npublisher = \"某局+'机构'\"\nindex_no = \"A<1>&2\"\ndoc_no = \"示政办发〔2022〕7号\"\nslug = \"中文路径\"\n+++\n\n正文。\n"
	return files
}

// TestCatalogueMarkupAsTemplate: the catalogue's facets, filter form and rows
// written in Go (catmarkup.go) are byte for byte what the template they
// replace gave (testdata/catalogue.html, used here as a site's own theme),
// on every page of the catalogue, text that needs escaping included. It
// also shows that a theme can still lay the catalogue out from Facets and
// Rows.
func TestCatalogueMarkupAsTemplate(t *testing.T) {
	ref, err := os.ReadFile("testdata/catalogue.html")
	if err != nil {
		t.Fatal(err)
	}
	files := hostileSite()
	addOlderDocs(files, 12) // so that listings have a second page
	out := buildSite(t, writeSite(t, files), "https://example.gov.cn/sub/")
	files["site.toml"] += "theme = \"ref\"\n"
	files["themes/ref/layouts/catalogue.html"] = string(ref)
	want := buildSite(t, writeSite(t, files), "https://example.gov.cn/sub/")
	n := 0
	err = filepath.Walk(filepath.Join(want, "catalogue"), func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, p)
		if got, w := read(t, out, rel), read(t, want, rel); got != w {
			t.Errorf("%s differs from the template's:\n%s", rel, firstDiff(got, w))
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d catalogue files", n)
	}
	page := read(t, out, "catalogue/index.html")
	for _, s := range []string{`&#34;引号&#34; &#39;a&#43;b&#39; &lt;b&gt;&amp;amp;`, `A&lt;1&gt;&amp;2`, `某局&#43;&#39;机构&#39;`,
		`href="/sub/docs/%e4%b8%ad%e6%96%87%e8%b7%af%e5%be%84/"`, `<option value="R&amp;D &lt;主题&gt;">`} {
		if !strings.Contains(page, s) {
			t.Errorf("catalogue/index.html lacks %s", s)
		}
	}
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

// TestSearchIndexFromRender: the index a build writes, from the plain text
// the render stage hands over, is the index of the documents rendered on
// their own (SearchIndex without plain text), byte for byte; and builds on
// one and on several cores write the same search files.
func TestSearchIndexFromRender(t *testing.T) {
	src := writeSite(t, hostileSite())
	tr := func(key string) (string, error) { return key, nil }
	site, diags := build.Load(build.Options{Fs: afero.NewOsFs(), Source: src})
	if site == nil || diags.HasErrors(false) {
		t.Fatalf("load: %v", diags.All())
	}
	p, err := portal.New(portal.Options{Site: site.Config, Content: site.Content, Today: site.Today, T: tr})
	if err != nil {
		t.Fatal(err)
	}
	alone := p.SearchIndex(nil)
	var outs []string
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		outs = append(outs, buildSite(t, src, ""))
		runtime.GOMAXPROCS(old)
	}
	for name, b := range alone.Files {
		for _, out := range outs {
			if got := read(t, out, name); got != string(b) {
				t.Errorf("%s of the build differs from the index of the documents alone", name)
			}
		}
	}
	for _, out := range outs {
		n := 0
		filepath.Walk(filepath.Join(out, "search"), func(p string, info os.FileInfo, err error) error {
			if err == nil && strings.HasSuffix(p, ".json") {
				n++
			}
			return err
		})
		if n != len(alone.Files) {
			t.Errorf("the build wrote %d search files, the index has %d", n, len(alone.Files))
		}
	}
}

// A school whose id is not a plain path segment has its page at a hashed
// path (layout.School); the search index and the revisions page link
// there, not to the raw id.
func TestSchoolLinksFollowSlug(t *testing.T) {
	files := smallSite()
	csv := schoolsCSV(t)
	lines := strings.Split(csv, "\n")
	id := strings.SplitN(lines[1], ",", 2)[0]
	odd := "第一小学 A/1"
	lines[1] = strings.Replace(lines[1], id, odd, 1)
	files["data/2024/schools.csv"] = strings.Join(lines, "\n")
	files["data/2024/county.toml"] = "name = \"测试县\"\n"
	out := buildSite(t, writeSite(t, files), "")
	want := layout.School(odd)
	if !strings.HasPrefix(want, layout.Schools+"id-") {
		t.Fatalf("SchoolURL(%q) = %q", odd, want)
	}
	if page := read(t, out, want+"index.html"); !strings.Contains(page, "示例县第一小学") {
		t.Fatal("no school page at", want)
	}
	index := read(t, out, "search/index.json")
	if !strings.Contains(index, `"/`+want+`"`) || strings.Contains(index, `"/schools/第一小学`) || strings.Contains(index, `"/schools/%e7`) {
		t.Errorf("the search index does not link %s", want)
	}
	if got := (revision.Change{SchoolID: odd}).SchoolURL(); got != want {
		t.Errorf("revisions link %q, want %q", got, want)
	}
}
