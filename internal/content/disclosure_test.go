package content

import (
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
)

// The front matter keys of the 政府信息公开工作年度报告: normative,
// regulation, abolished and disclosure_report.
func TestDisclosureKeys(t *testing.T) {
	site := &config.Site{Title: "t", Publisher: "p"}
	src := "+++\ntitle = \"通知\"\nwritten = 2019-03-01\nnormative = true\nvalidity = \"废止\"\nabolished = 2024-05-01\n+++\n正文\n"
	d, diags := parseDocument("content/a.md", "a.md", []byte(src), site)
	if len(diags) > 0 || !d.Normative || d.Regulation || d.Abolished != (Date{2024, 5, 1}) {
		t.Fatalf("parsed %+v, %v", d, diags)
	}
	if d.KeyLine("abolished") != 6 || d.KeyLine("expires") != 1 {
		t.Errorf("KeyLine: abolished on %d (want 6), a key not written on %d (want 1)", d.KeyLine("abolished"), d.KeyLine("expires"))
	}
	r, diags := parseDocument("content/r.md", "r.md", []byte("+++\ntitle = \"报告\"\ndisclosure_report = 2024\nregulation = false\n+++\n"), site)
	if len(diags) > 0 || r.DisclosureReport != 2024 || r.Regulation {
		t.Errorf("parsed %+v, %v", r, diags)
	}

	for _, c := range []struct{ front, want string }{
		{"normative = \"是\"", `content/x.md:3: normative: "是": 应为 true 或 false`},
		{"normative = true\nregulation = true", "content/x.md:4: regulation: 一篇文件不能既是规章（regulation）又是行政规范性文件（normative）；请只保留一个"},
		{"written = 2024-05-02\nabolished = 2024-05-01", `content/x.md:4: abolished: "2024-05-01": 废止日期早于成文日期 2024-05-02`},
		{"disclosure_report = \"2024\"", `content/x.md:3: disclosure_report: "2024": 应为报告的年度，不加引号，例如 disclosure_report = 2024`},
		{"disclosure_report = 24", `content/x.md:3: disclosure_report: "24": 应为报告的年度，不加引号，例如 disclosure_report = 2024`},
		{"disclosure_reports = 2024", "content/x.md:3: disclosure_reports: 未知的前置元数据键，是否想写 disclosure_report？"},
	} {
		_, diags := parseDocument("content/x.md", "x.md", []byte("+++\ntitle = \"x\"\n"+c.front+"\n+++\n"), site)
		var got []string
		for _, d := range diags {
			got = append(got, d.Error())
		}
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.front, got, c.want)
		}
	}
}

// TestStatusFromTheAbolishedDate: a document shows 废止 from its 废止日期
// on, whatever its 有效性 says.
func TestStatusFromTheAbolishedDate(t *testing.T) {
	d := &Document{Validity: Valid, Abolished: Date{2024, 5, 1}}
	for today, want := range map[Date]string{{2024, 4, 30}: Valid, {2024, 5, 1}: Repealed, {2025, 1, 1}: Repealed} {
		if got := d.Status(today); got != want {
			t.Errorf("on %s: %s, want %s", today, got, want)
		}
	}
}
