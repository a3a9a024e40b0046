package build

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/publish"
)

// The example site's 2024年政府信息公开工作年度报告, worked by hand from its
// files (content/policies/*.md, data/disclosure/2024.toml and
// applications.csv).
//
// 表二, 行政规范性文件 (normative = true), for 2024:
//
//	enrollment-2019      written 2019-04-08, expires 2019-08-31     —, not in force
//	class-size-2021      written 2021-03-02, expires 2023-12-31     —, not in force
//	standardization-2022 written 2022-03-18                         in force
//	teacher-exchange-2022 written 2022-07-26, expires 2027-07-31    in force
//	homework-2021        written 2021-10-15, abolished 2025-01-01   in force (abolished the next year)
//	student-status-2018  written 2018-08-28, abolished 2024-09-01   abolished in 2024, not in force
//	enrollment-2024      written 2024-04-02, expires 2024-12-31     issued; in force (its last day is 31 December)
//	student-status-2024  written 2024-08-20                         issued, in force
//	after-school-2024    written 2024-12-16                         issued, in force
//
// issued 3, abolished 1, in force 6; no 规章. The other figures of 表二 and
// 表四 are those of 2024.toml: 许可 126, 处罚 1, 强制 0, 收费 0; 行政复议 one
// upheld; 行政诉讼 after review one pending.
//
// 表三, from the register; columns 自然人, 商业企业, 科研机构, 社会公益组织,
// 法律服务机构, 其他:
//
//	新收 (received in 2024): YSQ-2024-001 … 013, of which 自然人 001 002 004
//	  006 008 009 010 011 013 = 9, 商业企业 003 012 = 2, 科研 005, 公益 007
//	  → [9 2 1 1 0 0] 13
//	上年结转 (received in 2023, not closed in 2023): YSQ-2023-005 自然人
//	  (closed 2024-01-10), YSQ-2023-007 法律服务 (received 12-31, closed
//	  2024-01-19); YSQ-2023-006 was closed on 2023-12-31 → [1 0 0 0 1 0] 2
//	closed in 2024: 2023-005 予以公开 自然人; 2023-007 不予公开/执法案卷 法律;
//	  2024-001 002 予以公开 自然人; 003 予以公开 商业; 004 部分公开 自然人;
//	  005 无法提供/另行制作 科研; 006 不予公开/内部事务 自然人; 007 予以公开
//	  公益; 008 不予处理/信访 自然人; 009 无法提供/不掌握 自然人; 010
//	  不予公开/过程性 自然人; 011 其他处理/其他 自然人 (closed 12-31)
//	  → 予以公开 [3 1 0 1 0 0] 5, 部分公开 [1 …] 1, 内部事务 [1 …] 1,
//	    过程性 [1 …] 1, 执法案卷 [0 0 0 0 1 0] 1, 不掌握 [1 …] 1,
//	    另行制作 [0 0 1 0 0 0] 1, 信访 [1 …] 1, 其他 [1 …] 1;
//	    总计 [9 1 1 1 1 0] 13
//	结转下年度 (received by 2024-12-31, not closed by then): 2024-012 商业
//	  (closed 2025-01-08), 2024-013 自然人 (received 12-31) → [1 1 0 0 0 0] 2
//
// 勾稽关系 by column: 自然人 9+1 = 9+1, 商业 2+0 = 1+1, 科研 1 = 1, 公益 1 = 1,
// 法律 0+1 = 1+0, 总计 13+2 = 13+2.
const example2024JSON = `{
  "year": 2024,
  "active": {
    "regulation": {
      "issued": 0,
      "abolished": 0,
      "in_force": 0
    },
    "normative": {
      "issued": 3,
      "abolished": 1,
      "in_force": 6
    },
    "licensing": 126,
    "punishment": 1,
    "enforcement": 0,
    "fees_wan_yuan": 0
  },
  "requests": {
    "columns": [
      "natural_person",
      "business",
      "research",
      "public_interest",
      "legal_service",
      "other_org",
      "total"
    ],
    "rows": {
      "new": [9, 2, 1, 1, 0, 0, 13],
      "carried_over": [1, 0, 0, 0, 1, 0, 2],
      "granted": [3, 1, 0, 1, 0, 0, 5],
      "partly_granted": [1, 0, 0, 0, 0, 0, 1],
      "refused_state_secret": [0, 0, 0, 0, 0, 0, 0],
      "refused_law": [0, 0, 0, 0, 0, 0, 0],
      "refused_security": [0, 0, 0, 0, 0, 0, 0],
      "refused_third_party": [0, 0, 0, 0, 0, 0, 0],
      "refused_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
      "refused_process_info": [1, 0, 0, 0, 0, 0, 1],
      "refused_enforcement_file": [0, 0, 0, 0, 1, 0, 1],
      "refused_query": [0, 0, 0, 0, 0, 0, 0],
      "unable_not_held": [1, 0, 0, 0, 0, 0, 1],
      "unable_need_creation": [0, 0, 1, 0, 0, 0, 1],
      "unable_unclear": [0, 0, 0, 0, 0, 0, 0],
      "not_processed_petition": [1, 0, 0, 0, 0, 0, 1],
      "not_processed_repeat": [0, 0, 0, 0, 0, 0, 0],
      "not_processed_publication": [0, 0, 0, 0, 0, 0, 0],
      "not_processed_massive": [0, 0, 0, 0, 0, 0, 0],
      "not_processed_confirm": [0, 0, 0, 0, 0, 0, 0],
      "other_no_correction": [0, 0, 0, 0, 0, 0, 0],
      "other_no_fee": [0, 0, 0, 0, 0, 0, 0],
      "other_other": [1, 0, 0, 0, 0, 0, 1],
      "total": [9, 1, 1, 1, 1, 0, 13],
      "carried_forward": [1, 1, 0, 0, 0, 0, 2]
    }
  },
  "review": {
    "review": {
      "upheld": 1,
      "corrected": 0,
      "other": 0,
      "pending": 0,
      "total": 1
    },
    "litigation_direct": {
      "upheld": 0,
      "corrected": 0,
      "other": 0,
      "pending": 0,
      "total": 0
    },
    "litigation_after_review": {
      "upheld": 0,
      "corrected": 0,
      "other": 0,
      "pending": 1,
      "total": 1
    }
  }
}
`

func TestDisclosureReportOfTheExample(t *testing.T) {
	// Read-only and not the OS file system itself: no git history is read.
	site, diags := Load(Options{Fs: afero.NewReadOnlyFs(afero.NewOsFs()), Source: "../..", Now: fixedNow})
	if errs := diags.Errors(); len(errs) > 0 || site == nil {
		t.Fatal(diagText(errs))
	}
	if len(site.Disclosure) != 1 || site.Disclosure[0].Year != 2024 {
		t.Fatalf("reports %+v, want the example's 2024", site.Disclosure)
	}
	files, err := publish.Disclosure(site.Disclosure[0])
	if err != nil {
		t.Fatal(err)
	}
	if files[0].Name != "2024.json" || string(files[0].Data) != example2024JSON {
		t.Errorf("%s:\n%s\nwant (worked by hand)\n%s", files[0].Name, files[0].Data, example2024JSON)
	}
	// The report places 表三 itself; 表二 and 表四 go after their headings.
	for _, d := range site.Content.Docs {
		if d.DisclosureReport != 2024 {
			continue
		}
		body := string(d.Body)
		for _, want := range []string{
			"## 二、主动公开政府信息情况\n{{< disclosure table=\"active\" year=\"2024\" >}}\n",
			"{{< disclosure year=\"2024\" table=\"requests\" >}}",
			"## 四、政府信息公开行政复议、行政诉讼情况\n{{< disclosure table=\"review\" year=\"2024\" >}}\n",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the report's body lacks %q", want)
			}
		}
	}
}

// disclosureSite is a small site with a report of 2024 and one normative
// document.
func disclosureSite() map[string]string {
	return map[string]string{
		"site.toml": minimalSite,
		"content/annual/report.md": doc("title = \"2024年政府信息公开工作年度报告\"\nwritten = 2025-01-10\ndisclosure_report = 2024",
			"## 一、总体情况\n\n正文。\n\n## 二、主动公开政府信息情况\n\n## 三、收到和处理政府信息公开申请情况\n\n## 四、政府信息公开行政复议、行政诉讼情况\n"),
		"content/policies/a.md":            doc("title = \"关于甲的通知\"\nwritten = 2024-03-01\nnormative = true", "正文。\n"),
		"content/news/b.md":                doc("title = \"新闻\"\nwritten = 2025-02-01", "去年共收到申请 {{< disclosure table=\"requests\" year=\"2024\" >}}\n"),
		"data/disclosure/2024.toml":        "[active]\nlicensing = 2\npunishment = 0\nenforcement = 0\nfees_wan_yuan = 0\n[review]\nupheld = 0\ncorrected = 0\nother = 0\npending = 0\n[litigation_direct]\nupheld = 0\ncorrected = 0\nother = 0\npending = 0\n[litigation_after_review]\nupheld = 0\ncorrected = 0\nother = 0\npending = 0\n",
		"data/disclosure/applications.csv": "编号,收到日期,申请人类型,办理结果,办结日期\nA1,2024-05-01,科研机构,予以公开,2024-05-20\n",
	}
}

func TestDisclosureBuild(t *testing.T) {
	fsys := site(t, disclosureSite())
	if _, d, err := buildSite(t, fsys, Options{}); err != nil {
		t.Fatal(diagText(d))
	}
	page := read(t, fsys, "/site/public/annual/report/index.html")
	for _, want := range []string{`<table class="dt dt-active">`, `<table class="dt dt-requests">`, `<table class="dt dt-review">`,
		`<td colspan="3" rowspan="3" class="dt-corner">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>`,
		`href="/jyj/data/disclosure/2024-requests.csv"`, `href="/jyj/data/disclosure/2024.json"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report's page lacks %s", want)
		}
	}
	// Another document quotes a table by its year.
	if news := read(t, fsys, "/site/public/news/b/index.html"); !strings.Contains(news, `<table class="dt dt-requests">`) {
		t.Error("the news page lacks 表三")
	}
	js := read(t, fsys, "/site/public/data/disclosure/2024.json")
	for _, want := range []string{`"normative": {
      "issued": 1,
      "abolished": 0,
      "in_force": 1
    }`, `"licensing": 2`, `"new": [0, 0, 1, 0, 0, 0, 1]`, `"granted": [0, 0, 1, 0, 0, 0, 1]`} {
		if !strings.Contains(js, want) {
			t.Errorf("2024.json lacks %s:\n%s", want, js)
		}
	}
	if csv := read(t, fsys, "/site/public/data/disclosure/2024-review.csv"); !strings.HasPrefix(csv, "\uFEFF类别,结果维持,结果纠正,其他结果,尚未审结,总计\r\n") {
		t.Errorf("2024-review.csv: %q", csv)
	}
}

// TestDisclosureBuildErrors: the mistakes only the whole site shows, each
// at its document's line.
func TestDisclosureBuildErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(files map[string]string)
		wants []string
	}{
		{"no figures for the year", func(f map[string]string) { delete(f, "data/disclosure/2024.toml") },
			[]string{"content/annual/report.md:4: disclosure_report: 没有 data/disclosure/2024.toml：年度报告的表二、表四需要其中的数字（格式见 docs/disclosure.md）"}},
		{"two reports of a year", func(f map[string]string) { f["content/annual/again.md"] = f["content/annual/report.md"] },
			[]string{"content/annual/report.md:4: disclosure_report: content/annual/again.md 已是2024年的政府信息公开工作年度报告；每年只能有一篇"}},
		{"no heading 三、", func(f map[string]string) {
			f["content/annual/report.md"] = strings.Replace(f["content/annual/report.md"], "## 三、", "## 3.", 1)
		}, []string{"content/annual/report.md:4: disclosure_report: 年度报告的表格放在标题“二、”“三、”“四、”之后，但正文中没有以 “三、”（或在正文中写 {{< disclosure table=\"requests\" >}}） 开头的标题"}},
		{"废止 without a date", func(f map[string]string) {
			f["content/policies/a.md"] = doc("title = \"关于甲的通知\"\nwritten = 2024-03-01\nnormative = true\nvalidity = \"废止\"", "正文。\n")
		}, []string{"content/policies/a.md:5: abolished: 有效性为废止，但没有废止日期 abolished，无法判断是否在2024年废止、年末是否有效；请写上废止日期，如 abolished = 2024-05-01"}},
		{"no 成文日期", func(f map[string]string) {
			f["content/policies/a.md"] = doc("title = \"关于甲的通知\"\nnormative = true", "正文。\n")
		}, []string{"content/policies/a.md:3: written: 缺少成文日期 written，无法判断是否在2024年制发；请写上成文日期，如 written = 2024-03-01"}},
		{"a table that does not exist", func(f map[string]string) {
			f["content/news/b.md"] = doc("title = \"新闻\"", "表：\n\n{{< disclosure table=\"fees\" year=\"2024\" >}}\n")
		}, []string{`content/news/b.md:6:1: disclosure: table="fees" 不是年度报告的表格（active、requests、review）`}},
		{"a year without a report", func(f map[string]string) {
			f["content/news/b.md"] = doc("title = \"新闻\"", "{{< disclosure table=\"active\" year=\"2023\" >}}\n")
		}, []string{`content/news/b.md:4:1: disclosure: 没有2023年的政府信息公开工作年度报告（前置元数据 disclosure_report = 2023 的文档和 data/disclosure/2023.toml；已有：2024）`}},
		{"no year outside the report", func(f map[string]string) {
			f["content/news/b.md"] = doc("title = \"新闻\"", "{{< disclosure table=\"active\" >}}\n")
		}, []string{`content/news/b.md:4:1: disclosure: 缺少参数 year（年度报告之外的文档须写明年度）`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := disclosureSite()
			c.edit(files)
			_, diags, err := buildSite(t, site(t, files), Options{})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			got := diagText(diags)
			for _, w := range c.wants {
				if !strings.Contains(got, w) {
					t.Errorf("diagnostics\n%s\nlack\n%s", got, w)
				}
			}
		})
	}
}

// TestDisclosureIncremental: gongkai serve renders the report again when
// only data/disclosure/ changed (a site with school data, whose years are
// fingerprinted one by one).
func TestDisclosureIncremental(t *testing.T) {
	files := disclosureSite()
	for k, v := range dataSite(t, "") {
		if k != "site.toml" {
			files[k] = v
		}
	}
	fsys := site(t, files)
	build := func(c *Cache) *output.Memory {
		t.Helper()
		out := output.NewMemory()
		if _, diags, err := Build(Options{Fs: fsys, Source: "/site", Destination: "/public", Output: out, Now: fixedNow, Cache: c}); err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		return out
	}
	cache := NewCache()
	build(cache)
	toml := strings.Replace(files["data/disclosure/2024.toml"], "licensing = 2", "licensing = 7", 1)
	if err := afero.WriteFile(fsys, "/site/data/disclosure/2024.toml", []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	got, fresh := build(cache), build(nil)
	for _, p := range []string{"annual/report/index.html", "data/disclosure/2024.json"} {
		g, _ := got.File(p)
		w, _ := fresh.File(p)
		if string(g) != string(w) || !strings.Contains(string(w), "7") {
			t.Errorf("%s after the edit differs from a fresh build", p)
		}
	}
}
