package check

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
)

var today = time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)

// site returns a new site (which checks clean) with extra files.
func site(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: fsys, Dir: "s", Today: today}); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := afero.WriteFile(fsys, "s/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

func run(t *testing.T, fsys afero.Fs) *Result {
	t.Helper()
	before := snapshot(fsys)
	res, err := Run(Options{Fs: fsys, Source: "s", Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(fsys); after != before {
		t.Errorf("check wrote files:\nbefore %s\nafter  %s", before, after)
	}
	return res
}

func snapshot(fsys afero.Fs) string {
	var names []string
	_ = afero.Walk(fsys, "s", func(p string, fi fs.FileInfo, err error) error {
		names = append(names, p)
		return nil
	})
	return strings.Join(names, ",")
}

func doc(title, body string) string {
	return "+++\ntitle = \"" + title + "\"\npublished = 2026-01-05\n+++\n\n" + body
}

// want asserts that res has a problem of kind at file:line whose message
// contains msg.
func want(t *testing.T, res *Result, kind, file string, line int, msg string) {
	t.Helper()
	for _, p := range res.Problems {
		if p.Kind == kind && p.File == file && p.Line == line && strings.Contains(p.Msg, msg) {
			return
		}
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Kind+" "+p.Error())
	}
	t.Errorf("no %s problem at %s:%d containing %q; got:\n%s", kind, file, line, msg, strings.Join(got, "\n"))
}

func TestCleanSite(t *testing.T) {
	res := run(t, site(t, nil))
	if len(res.Problems) != 0 || !res.Built {
		t.Fatalf("problems in a new site: %v", res.Problems)
	}
	if res.Pages < 10 || res.Links < 50 {
		t.Errorf("checked %d pages, %d links: too few", res.Pages, res.Links)
	}
}

func TestLinksAnchorsAttachments(t *testing.T) {
	fsys := site(t, map[string]string{
		"content/policies/ledger.csv": "a,b\n1,2\n",
		"content/policies/links.md": doc("链接", `## 一、总体要求

见[方案](../balance-plan/)和[方案的任务](../balance-plan/#二主要任务)。

见[不存在的页面](../no-such-page/)。

见[不存在的锚点](../balance-plan/#三保障措施)。

见[本页锚点](#一总体要求)，[本页坏锚点](#二总体要求)。

下载[台账](ledger.csv)。

![图](missing.png)

见[源文件](balance-plan.md)。

见[数据报告](../../reports/2025/)和[不存在的年度](../../reports/1999/)。
`),
	})
	res := run(t, fsys)
	if !res.Built {
		t.Fatalf("site did not build: %v", res.Problems)
	}
	f := "content/policies/links.md"
	// The body starts at line 6 (front matter is 4 lines, then a blank line).
	want(t, res, KindLink, f, 10, "/policies/no-such-page/ 不存在")
	want(t, res, KindAnchor, f, 12, "#三保障措施")
	want(t, res, KindAnchor, f, 14, "#二总体要求")
	want(t, res, KindAttachment, f, 16, "ledger.csv")
	want(t, res, KindLink, f, 18, "图片")
	want(t, res, KindLink, f, 20, "源文件")
	want(t, res, KindLink, f, 22, "/reports/1999/ 不存在")
	if n, _ := res.Errors(false); n != 7 {
		for _, p := range res.Problems {
			t.Log(p.Kind, p.Error())
		}
		t.Errorf("%d errors, want 7", n)
	}
}

func TestShortcodesAndBuildErrors(t *testing.T) {
	fsys := site(t, map[string]string{
		"content/policies/bad.md":  doc("坏短代码", "正文\n\n{{< value indicator=\"nope\" level=\"primary\" year=\"2025\" >}}\n\n{{< chart kind=\"groups\" year=\"1999\" level=\"primary\" indicator=\"backbone_teachers\" >}}\n\n[坏链接](../nowhere/)\n"),
		"content/policies/meta.md": "+++\ntitle = \"元数据\"\ntitel = \"x\"\nattachments = [{title = \"表\", file = \"missing.xlsx\"}]\n+++\n\n正文\n",
	})
	res := run(t, fsys)
	if res.Built {
		t.Fatal("built despite errors")
	}
	want(t, res, KindShortcode, "content/policies/bad.md", 8, "nope")
	want(t, res, KindShortcode, "content/policies/bad.md", 10, "1999")
	want(t, res, KindLink, "content/policies/bad.md", 12, "/policies/nowhere/ 不存在")
	want(t, res, KindBuild, "content/policies/meta.md", 3, "未知的前置元数据键")
	want(t, res, KindAttachment, "content/policies/meta.md", 4, "missing.xlsx")
}

func TestDataErrors(t *testing.T) {
	fsys := site(t, nil)
	b, _ := afero.ReadFile(fsys, "s/data/2025/schools.csv")
	bad := strings.Replace(string(b), ",1720,", ",17x0,", 1)
	_ = afero.WriteFile(fsys, "s/data/2025/schools.csv", []byte(bad), 0o644)
	res := run(t, fsys)
	want(t, res, KindBuild, "data/2025/schools.csv", 2, "")
}

func TestJSON(t *testing.T) {
	fsys := site(t, map[string]string{"content/policies/x.md": doc("x", "[坏](../nowhere/)\n")})
	res := run(t, fsys)
	var buf strings.Builder
	if err := WriteJSON(&buf, res, false); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Errors      int `json:"errors"`
		Warnings    int `json:"warnings"`
		Diagnostics []struct {
			Severity, File, Kind, Message, Text string
			Line                                int
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(buf.String()), &v); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if v.Errors != 1 || len(v.Diagnostics) != 1 {
		t.Fatalf("%s", buf.String())
	}
	d := v.Diagnostics[0]
	if d.Severity != "error" || d.File != "content/policies/x.md" || d.Line != 6 || d.Kind != KindLink || !strings.HasPrefix(d.Text, "content/policies/x.md:6: ") {
		t.Errorf("%+v", d)
	}
}
