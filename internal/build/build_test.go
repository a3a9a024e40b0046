package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/output"
)

// site writes files into a fresh in-memory file system under /site.
func site(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, body := range files {
		if err := afero.WriteFile(fsys, filepath.Join("/site", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

const minimalSite = "title = \"测试县教育局\"\nbase_url = \"https://example.gov.cn/jyj/\"\norganiser = \"测试县教育局\"\nsite_code = \"1234567890\"\n"

func doc(front, body string) string { return "+++\n" + front + "\n+++\n" + body }

var fixedNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func buildSite(t *testing.T, fsys afero.Fs, opts Options) (Summary, []diag.Diagnostic, error) {
	t.Helper()
	opts.Fs = fsys
	opts.Source = "/site"
	if opts.Destination == "" {
		opts.Destination = "/site/public"
	}
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	return Build(opts)
}

func read(t *testing.T, fsys afero.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(b)
}

// snapshot returns every file under dir with its bytes.
func snapshot(t *testing.T, fsys afero.Fs, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			out[strings.TrimPrefix(p, dir)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMinimalSiteNeedsOnlySiteToml(t *testing.T) {
	fsys := site(t, map[string]string{"site.toml": minimalSite})
	sum, diags, err := buildSite(t, fsys, Options{})
	if err != nil {
		t.Fatalf("build failed: %v %v", err, diags)
	}
	home := read(t, fsys, "/site/public/index.html")
	for _, want := range []string{`<html lang="zh-CN">`, "测试县教育局", "网站标识码", "1234567890", `href="/jyj/`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if _, err := fsys.Stat("/site/public/404.html"); err != nil {
		t.Error("no 404.html")
	}
	if sum.Pages < 2 {
		t.Errorf("pages = %d, want home and 404 at least", sum.Pages)
	}
}

func exampleDocs() map[string]string {
	return map[string]string{
		"site.toml":                          minimalSite,
		"content/policies/_index.md":         doc(`title = "政策文件"`, ""),
		"content/policies/plan.md":           doc("title = \"测试县优质均衡发展规划\"\nindex_no = \"A/2021-00018\"\ndoc_no = \"测政办发〔2021〕18号\"\nwritten = 2021-11-12\npublished = 2021-11-12T10:41:00+08:00\ntopic = \"科技、教育\"\ngenre = \"规划\"\nattachments = [{title = \"学校名单\", file = \"schools.csv\"}]", "## 一、总体要求\n\n这是**“加粗”**文字。\n\n## 二、主要目标\n\n### （一）资源配置\n\n正文。\n\n## 三、保障措施\n"),
		"content/policies/schools.csv":       "学校,人数\n一小,100\n",
		"content/policies/old.md":            doc("title = \"旧方案\"\nindex_no = \"A/2016-00003\"\nwritten = 2016-03-01\nvalidity = \"废止\"", "已废止。"),
		"content/policies/exp.md":            doc("title = \"已过期的通知\"\nindex_no = \"A/2021-00001\"\nwritten = 2021-01-05\nexpires = 2023-12-31", "正文"),
		"content/news/_index.md":             doc(`title = "工作动态"`, ""),
		"content/news/draft.md":              doc("title = \"草稿新闻\"\ndraft = true\nwritten = 2024-01-01", "草稿"),
		"content/news/future.md":             doc("title = \"未来新闻\"\npublished = 2030-01-01", "未来"),
		"content/interpretations/plan-jd.md": doc("title = \"规划解读\"\ngenre = \"解读\"\ninterprets = \"policies/plan.md\"\nwritten = 2021-11-20", "解读正文"),
	}
}

func TestDocumentsSectionsAndLinks(t *testing.T) {
	fsys := site(t, exampleDocs())
	sum, diags, err := buildSite(t, fsys, Options{})
	if err != nil {
		t.Fatalf("build failed: %v", diags)
	}
	if sum.Documents != 4 {
		t.Errorf("documents = %d, want 4 (draft and future left out)", sum.Documents)
	}
	plan := read(t, fsys, "/site/public/policies/plan/index.html")
	for _, want := range []string{
		"索引号", "A/2021-00018", "发布机构", "测试县教育局", "文号", "测政办发〔2021〕18号",
		"成文日期", "2021-11-12", "发布日期", "主题分类", "科技、教育", "有效性",
		`id="一总体要求"`, `href="#一总体要求"`, // Chinese heading ids and the TOC
		"<strong>“加粗”</strong>",
		`href="/jyj/interpretations/plan-jd/"`, // 原文 → 解读
		`href="/jyj/policies/plan/schools.csv"`, "学校名单",
		"当前位置", `href="/jyj/policies/"`, // breadcrumb
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if got := read(t, fsys, "/site/public/policies/plan/schools.csv"); got != "学校,人数\n一小,100\n" {
		t.Errorf("attachment copied as %q", got)
	}
	jd := read(t, fsys, "/site/public/interpretations/plan-jd/index.html")
	if !strings.Contains(jd, `href="/jyj/policies/plan/"`) {
		t.Error("解读 page does not link its 原文")
	}
	if !strings.Contains(read(t, fsys, "/site/public/policies/old/index.html"), "废止") {
		t.Error("repealed document not marked 废止")
	}
	exp := read(t, fsys, "/site/public/policies/exp/index.html")
	if !strings.Contains(exp, `mark-bad">失效`) {
		t.Error("document past its expiry date not marked 失效")
	}
	list := read(t, fsys, "/site/public/policies/index.html")
	// Newest first: plan (2021-11-12), exp (2021-01-05), old (2016).
	iPlan, iExp, iOld := strings.Index(list, "测试县优质均衡发展规划"), strings.Index(list, "已过期的通知"), strings.Index(list, "旧方案")
	if !(iPlan >= 0 && iPlan < iExp && iExp < iOld) {
		t.Errorf("section list not newest first: %d %d %d", iPlan, iExp, iOld)
	}
	for _, p := range []string{"/site/public/news/draft/index.html", "/site/public/news/future/index.html"} {
		if _, err := fsys.Stat(p); err == nil {
			t.Errorf("%s built without --drafts/--future", p)
		}
	}
}

func TestDraftsAndFutureFlags(t *testing.T) {
	fsys := site(t, exampleDocs())
	if _, diags, err := buildSite(t, fsys, Options{Drafts: true, Future: true}); err != nil {
		t.Fatal(diags)
	}
	for _, p := range []string{"/site/public/news/draft/index.html", "/site/public/news/future/index.html"} {
		if _, err := fsys.Stat(p); err != nil {
			t.Errorf("%s missing with --drafts --future", p)
		}
	}
}

func TestPagination(t *testing.T) {
	files := map[string]string{"site.toml": minimalSite + "page_size = 2\n"}
	for i, d := range []string{"01", "02", "03", "04", "05"} {
		files["content/news/n"+d+".md"] = doc("title = \"新闻"+d+"\"\nwritten = 2024-03-"+d, strings.Repeat("文", i+1))
	}
	fsys := site(t, files)
	if _, diags, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(diags)
	}
	p1 := read(t, fsys, "/site/public/news/index.html")
	p3 := read(t, fsys, "/site/public/news/page/3/index.html")
	if !strings.Contains(p1, "新闻05") || strings.Contains(p1, "新闻03") || !strings.Contains(p1, `href="/jyj/news/page/2/"`) {
		t.Error("page 1 should list 新闻05, 新闻04 and link page 2")
	}
	if !strings.Contains(p3, "新闻01") || !strings.Contains(p3, "第 3 页，共 3 页") {
		t.Error("page 3 should hold 新闻01")
	}
}

func TestBaseURLFlagOverridesSubPath(t *testing.T) {
	fsys := site(t, exampleDocs())
	if _, diags, err := buildSite(t, fsys, Options{BaseURL: "https://www.example.gov.cn/xxgk/jyj"}); err != nil {
		t.Fatal(diags)
	}
	home := read(t, fsys, "/site/public/index.html")
	if !strings.Contains(home, `href="/xxgk/jyj/policies/plan/"`) || strings.Contains(home, `href="/jyj/`) {
		t.Error("links do not use the --base-url sub-path")
	}
	if !strings.Contains(home, `<link rel="canonical" href="https://www.example.gov.cn/xxgk/jyj/">`) {
		t.Error("canonical link is not the full base URL")
	}
}

// Each bad input must print path:line and fail the build, all errors
// together, with the destination untouched.
func TestBadInputErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error lines
	}{
		{"missing site.toml", map[string]string{"content/a.md": doc(`title = "a"`, "")},
			[]string{"site.toml: 缺少站点设置文件"}},
		{"toml syntax error", map[string]string{"site.toml": "title = \"x\"\nbase_url = \n"},
			[]string{"site.toml:2"}},
		{"unknown site key", map[string]string{"site.toml": minimalSite + "orgniser = \"x\"\n"},
			[]string{"site.toml:5: orgniser: 未知的键"}},
		{"wrong type in site.toml", map[string]string{"site.toml": minimalSite + "page_size = \"20\"\n"},
			[]string{"site.toml:5: page_size: 类型不符"}},
		{"unknown front matter key", map[string]string{"site.toml": minimalSite, "content/a.md": doc("title = \"a\"\ntitel = \"b\"", "")},
			[]string{"content/a.md:3: titel: 未知的前置元数据键，是否想写 title？"}},
		{"malformed date", map[string]string{"site.toml": minimalSite, "content/a.md": doc("title = \"a\"\nwritten = \"2021-13-45\"", "")},
			[]string{`content/a.md:3: written: "2021-13-45": 不是有效日期`}},
		{"duplicate index_no", map[string]string{"site.toml": minimalSite,
			"content/a.md": doc("title = \"a\"\nindex_no = \"X-1\"", ""),
			"content/b.md": doc("title = \"b\"\n\nindex_no = \"X-1\"", "")},
			[]string{`content/b.md:4: index_no: "X-1": 索引号重复：content/a.md:3 已使用`}},
		{"broken interprets", map[string]string{"site.toml": minimalSite, "content/a.md": doc("title = \"a\"\ninterprets = \"policies/none.md\"", "")},
			[]string{`content/a.md:3: interprets: "policies/none.md": 解读对象不存在`}},
		{"all errors together", map[string]string{"site.toml": minimalSite,
			"content/a.md": doc("title = \"a\"\nvalidity = \"作废\"", ""),
			"content/b.md": doc("title = 3", ""),
			"content/c.md": doc("title = \"c\"\ndoc_no = \"测发[2021]5号\"", "")},
			[]string{`content/a.md:3: validity: "作废"`, `content/b.md:2: title: "3": 应为文字`, `content/c.md:3: doc_no: "测发[2021]5号": 文号的年份应使用六角括号`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := site(t, tc.files)
			// A previous build's output must survive.
			_ = afero.WriteFile(fsys, "/site/public/index.html", []byte("old"), 0o644)
			_ = afero.WriteFile(fsys, "/site/public/"+output.Marker, []byte("old"), 0o644)
			_, diags, err := buildSite(t, fsys, Options{})
			var be *diag.BuildError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v, want a BuildError", err)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.Error())
			}
			all := strings.Join(lines, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("errors lack %q; got:\n%s", w, all)
				}
			}
			if got := read(t, fsys, "/site/public/index.html"); got != "old" {
				t.Error("destination changed by a failed build")
			}
		})
	}
}

func TestDeterministicOutput(t *testing.T) {
	a := site(t, exampleDocs())
	b := site(t, exampleDocs())
	if _, d, err := buildSite(t, a, Options{}); err != nil {
		t.Fatal(d)
	}
	if _, d, err := buildSite(t, b, Options{Destination: "/site/other"}); err != nil {
		t.Fatal(d)
	}
	sa, sb := snapshot(t, a, "/site/public"), snapshot(t, b, "/site/other")
	if len(sa) == 0 || len(sa) != len(sb) {
		t.Fatalf("file counts differ: %d vs %d", len(sa), len(sb))
	}
	for name, body := range sa {
		if sb[name] != body {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

// A build that fails after rendering started (a template error in the
// site's theme) leaves the previous destination byte for byte, and no
// staging directory behind.
func TestAtomicSwapOnFailure(t *testing.T) {
	files := exampleDocs()
	fsys := site(t, files)
	if _, d, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(d)
	}
	before := snapshot(t, fsys, "/site/public")
	// Break the theme: a layout that calls an unknown translation key fails
	// only while executing, after staging has begun.
	_ = afero.WriteFile(fsys, "/site/site.toml", []byte(minimalSite+"theme = \"broken\"\n"), 0o644)
	_ = afero.WriteFile(fsys, "/site/themes/broken/layouts/document.html", []byte(`{{define "main"}}{{T "no_such_key"}}{{end}}`), 0o644)
	_, diags, err := buildSite(t, fsys, Options{})
	if err == nil {
		t.Fatal("build with a broken template succeeded")
	}
	if !strings.Contains(diagText(diags), "no_such_key") {
		t.Errorf("error does not name the missing key: %s", diagText(diags))
	}
	after := snapshot(t, fsys, "/site/public")
	if len(after) != len(before) {
		t.Fatalf("destination has %d files, had %d", len(after), len(before))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	entries, _ := afero.ReadDir(fsys, "/site")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasPrefix(n, ".gongkai-") {
			t.Errorf("staging directory %s left behind", n)
		}
	}
}

// A write error injected by the file system, in the middle of writing,
// also leaves the destination as it was.
func TestAtomicOnWriteError(t *testing.T) {
	mem := site(t, exampleDocs())
	if _, d, err := buildSite(t, mem, Options{}); err != nil {
		t.Fatal(d)
	}
	before := snapshot(t, mem, "/site/public")
	failing := &failAfter{Fs: mem, n: 5}
	_, _, err := buildSite(t, failing, Options{})
	if err == nil {
		t.Fatal("build succeeded although writes failed")
	}
	after := snapshot(t, mem, "/site/public")
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	if len(after) != len(before) {
		t.Errorf("destination has %d files, had %d", len(after), len(before))
	}
}

// failAfter fails every file creation after the first n. Files are
// written from several goroutines, hence the lock.
type failAfter struct {
	afero.Fs
	mu sync.Mutex
	n  int
}

func (f *failAfter) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 {
		f.mu.Lock()
		full := f.n <= 0
		if !full {
			f.n--
		}
		f.mu.Unlock()
		if full {
			return nil, errors.New("disk full (injected)")
		}
	}
	return f.Fs.OpenFile(name, flag, perm)
}

func diagText(ds []diag.Diagnostic) string {
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}
