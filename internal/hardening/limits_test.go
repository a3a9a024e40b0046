package hardening

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// memoryTarget is the most a build may use (peak resident memory).
const memoryTarget = 1 << 30

// childResult is what a build in a child process reports.
type childResult struct {
	Err     string
	Diags   []string
	Files   int
	PeakKB  int64 // VmHWM
	Seconds float64
}

// childEnv marks the test binary run as a child that builds one site.
const childEnv = "GONGKAI_HARDENING_CHILD_SITE"

// runChild builds the site named by childEnv and prints a childResult: the
// peak memory of a process that did nothing but the build.
func runChild() {
	src := os.Getenv(childEnv)
	start := time.Now()
	sum, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: filepath.Join(filepath.Dir(src), "public"), Now: fixedNow})
	res := childResult{Files: sum.Files, Seconds: time.Since(start).Seconds()}
	if err != nil {
		res.Err = err.Error()
	}
	for _, d := range diags {
		res.Diags = append(res.Diags, d.Error())
	}
	res.PeakKB = peakKB()
	_ = json.NewEncoder(os.Stdout).Encode(res)
}

// peakKB reads the process's peak resident memory from /proc.
func peakKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return -1
}

// hangAfter is when a build in a child process counts as hung. It is a
// guard, not a speed goal (scripts/bench.sh has those): these builds take
// seconds on an idle machine, but a CI runner at high load has taken a
// minute for the largest document.
const hangAfter = 5 * time.Minute

// buildInChild builds src in a fresh process (the test binary itself) on
// two cores and returns its report; it fails the test after timeout (a
// hang).
func buildInChild(t *testing.T, src string, timeout time.Duration) childResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+src, "GOMAXPROCS=2")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the build crashed: %v\n%s", err, tail(stderr.String(), 3000))
		}
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the build did not finish in %s", timeout)
	}
	var res childResult
	out := stdout.Bytes()
	if i := bytes.IndexByte(out, '{'); i >= 0 {
		out = out[i:]
	}
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&res); err != nil {
		t.Fatalf("child report: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	t.Logf("peak memory %d MB, %.1f s, %d files, err %q", res.PeakKB>>10, res.Seconds, res.Files, res.Err)
	if res.PeakKB<<10 > memoryTarget {
		t.Errorf("peak memory %d MB over the target of %d MB", res.PeakKB>>10, memoryTarget>>20)
	}
	return res
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// wantError fails unless the child's build failed with a diagnostic that
// starts with file and contains msg.
func wantError(t *testing.T, res childResult, file, msg string) {
	t.Helper()
	if res.Err == "" {
		t.Fatalf("the build succeeded")
	}
	for _, d := range res.Diags {
		if strings.HasPrefix(d, file) && strings.Contains(d, msg) {
			t.Logf("%s", d)
			return
		}
	}
	t.Fatalf("no error about %s saying %q:\n%s", file, msg, strings.Join(res.Diags, "\n"))
}

// limitSite writes a small site under a fresh root and returns its folder.
func limitSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	files := map[string]string{
		"site.toml":                  siteToml,
		"content/policies/_index.md": doc(`title = "政策文件"`, ""),
		"content/policies/ok.md":     doc("title = \"正常文件\"\nwritten = 2024-01-02", "正文。"),
	}
	for k, v := range extra {
		files[k] = v
	}
	writeFiles(t, src, files)
	return src
}

// TestLimitHugeCSV: a 200 MB schools.csv is refused by its size, before it
// is read: a clear error naming the file, in a fraction of a second and a
// few megabytes. (The file is sparse: it costs the test no disk.)
func TestLimitHugeCSV(t *testing.T) {
	src := limitSite(t, map[string]string{"data/2024/schools.csv": minimalData})
	if err := os.Truncate(filepath.Join(src, "data", "2024", "schools.csv"), 200<<20); err != nil {
		t.Fatal(err)
	}
	res := buildInChild(t, src, hangAfter)
	wantError(t, res, "data/2024/schools.csv", "过大")
	if res.PeakKB > 200<<10 {
		t.Errorf("the file was read: peak %d MB", res.PeakKB>>10)
	}
}

// TestLimitMillionRows: a schools.csv of a million rows (21 MB, under the
// size limit) stops at MaxRows with a clear error, within the memory
// target.
func TestLimitMillionRows(t *testing.T) {
	src := limitSite(t, nil)
	p := filepath.Join(src, "data", "2024", "schools.csv")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("学校标识码,学校名称,学段,城乡分类代码,在校生数\n")
	for i := 1; i <= 1_000_000; i++ {
		fmt.Fprintf(w, "%d,学校%d,小学,111,%d\n", i, i, 100+i%900)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res := buildInChild(t, src, hangAfter)
	wantError(t, res, "data/2024/schools.csv:", "行数过多")
}

// TestLimitHugeCell: a school name of 20 million characters (60 MB, under
// the size limit of the file) is refused at its line, within the memory
// target; a school name would be repeated on many pages.
func TestLimitHugeCell(t *testing.T) {
	name := strings.Repeat("长", 20_000_000)
	src := limitSite(t, map[string]string{
		"data/2024/schools.csv": "学校标识码,学校名称,学段,城乡分类代码,在校生数\n1,第一小学,小学,111,100\n2," + name + ",小学,111,80\n",
	})
	res := buildInChild(t, src, hangAfter)
	wantError(t, res, "data/2024/schools.csv:3:", "过长")
}

// TestLimitBigMarkdown: a 10 MB Markdown document is refused by its size
// with an error naming it; one just under the limit, written as pathological
// as we know (a million emphasis marks, nested links), builds within the
// memory target.
func TestLimitBigMarkdown(t *testing.T) {
	t.Run("10MB", func(t *testing.T) {
		body := strings.Repeat("这是一段很长的正文，用来测试文档大小的上限。**加粗**\n\n", 10<<20/80)
		src := limitSite(t, map[string]string{"content/policies/big.md": doc("title = \"大文件\"\nwritten = 2024-01-02", body)})
		res := buildInChild(t, src, hangAfter)
		wantError(t, res, "content/policies/big.md", "过大")
	})
	for name, unit := range map[string]string{
		"emphasis": "*a ",
		"links":    "[[[[x](u)](u)](u)](u) ",
		"text":     "## 一、总体要求\n\n正文**“加粗”**文字，这是一段测试文字。[链接](../a/)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			front := "+++\ntitle = \"大文件\"\nwritten = 2024-01-02\n+++\n"
			body := strings.Repeat(unit, (sitefs.MaxMarkdown-len(front)-100)/len(unit))
			src := limitSite(t, map[string]string{"content/policies/big.md": front + body})
			res := buildInChild(t, src, hangAfter)
			if res.Err != "" {
				t.Fatalf("a document under the limit failed: %s\n%s", res.Err, strings.Join(res.Diags, "\n"))
			}
		})
	}
}

// TestLimitDeepNesting: 100,000 nested block quotes or list items are a
// clear error at their line (goldmark would take minutes); 100,000 nested
// brackets, emphasis marks or links, and lists nested by indentation as
// deep as the size limit allows, render in a moment. Nothing hangs or
// overflows the stack.
func TestLimitDeepNesting(t *testing.T) {
	const n = 100_000
	cases := []struct {
		name, body string
		err        bool
		line       int // of the error, when not 3
	}{
		{"quotes", "第一行\n\n" + strings.Repeat(">", n) + " 引用\n", true, 0},
		{"quotes-spaced", "第一行\n\n" + strings.Repeat("> ", n) + "引用\n", true, 0},
		{"list-items", "第一行\n\n" + strings.Repeat("- ", n) + "项\n", true, 0},
		{"ordered-items", "第一行\n\n" + strings.Repeat("1. ", n) + "项\n", true, 0},
		{"mixed", "第一行\n\n" + strings.Repeat("> - 1) ", n/3) + "项\n", true, 0},
		{"brackets", strings.Repeat("[", n) + "x" + strings.Repeat("](u)", n) + "\n", false, 0},
		{"open-brackets", strings.Repeat("[", n) + "x\n", false, 0},
		{"images", strings.Repeat("![", n) + "x\n", false, 0},
		{"emphasis", strings.Repeat("*", n) + "x" + strings.Repeat("*", n) + "\n", false, 0},
		{"parens", "[a](" + strings.Repeat("(", n) + ")\n", false, 0},
		{"backticks", strings.Repeat("`", n) + "x\n", false, 0},
		{"angle", strings.Repeat("<", n) + "x\n", false, 0},
		{"shortcodes", strings.Repeat("{{< ", n) + "x\n", false, 0},
		{"shortcodes-valid", strings.Repeat("{{< a >}}", n) + "\n", false, 0},
		{"shortcodes-escaped-open", strings.Repeat("{{</* ", n) + "x\n", false, 0},
		{"shortcodes-quote-open", strings.Repeat("{{< a b=\"", n) + "x\n", false, 0},
		{"shortcodes-backquote-open", strings.Repeat("{{< a `", n) + "x\n", false, 0},
		{"shortcodes-lines", strings.Repeat("{{< a >}}\n", n), true, markdown.MaxParagraphLines + 1},
		{"shortcodes-paragraphs", strings.Repeat("{{< a >}}\n\n", n), false, 0},
		{"indented-list", indentedList(700), false, 0},
		{"duplicate-headings", strings.Repeat("## 标题\n\n", n/2), false, 0},
		{"footnotes", strings.Repeat("文[^1]", n) + "\n\n[^1]: 注\n", false, 0},
		{"footnote-defs", strings.Repeat("[^a]: 注\n", n/2), true, markdown.MaxLinkDefinitions + 1},
		{"table-wide", "|" + strings.Repeat(" a |", n/4) + "\n|" + strings.Repeat("---|", n/4) + "\n" + strings.Repeat("| 1 ", 1000) + "\n", false, 0},
		{"table-rows", "| a | b |\n|---|---|\n" + strings.Repeat("| 1 | 2 |\n", n), true, markdown.MaxParagraphLines + 1},
		{"table-rows-allowed", "| a | b |\n|---|---|\n" + strings.Repeat("| [1] | 2 |\n", markdown.MaxParagraphLines-2), false, 0},
		{"paragraph-of-labels", strings.Repeat("正文[a]\n", n), true, markdown.MaxParagraphLines + 1},
		{"paragraphs-of-labels", strings.Repeat(strings.Repeat("正文[a][b][c][d]\n", markdown.MaxParagraphLines)+"\n", 3), false, 0},
		{"link-definitions", strings.Repeat("[a]: /u\n", n), true, markdown.MaxLinkDefinitions + 1},
		{"link-definitions-allowed", strings.Repeat("[a]: /u\n", markdown.MaxLinkDefinitions) + strings.Repeat("正文[a]\n", markdown.MaxParagraphLines-markdown.MaxLinkDefinitions) + "\n" + strings.Repeat("正文[a]\n", markdown.MaxParagraphLines), false, 0},
		{"autolinks", strings.Repeat("www.a.cn ", n), false, 0},
	}
	r := markdown.New(markdown.Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan struct{})
			var errs []markdown.ShortcodeError
			start := time.Now()
			go func() {
				defer close(done)
				_, errs = r.Render([]byte(c.body))
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("no result in 20 s (%d bytes)", len(c.body))
			}
			if c.err {
				line := c.line
				if line == 0 {
					line = 3
				}
				if len(errs) != 1 || errs[0].Line != line || !strings.Contains(errs[0].Err.Error(), "过") {
					t.Fatalf("errors: %v", errs)
				}
			} else if len(errs) > 0 && !strings.HasPrefix(c.name, "shortcodes") {
				t.Fatalf("errors: %v", errs)
			}
			t.Logf("%d bytes in %s", len(c.body), time.Since(start).Round(time.Millisecond))
		})
	}
}

// indentedList is a list nested depth deep by indentation.
func indentedList(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- 项\n")
	}
	return b.String()
}

// TestLimitDeepNestingBuild: a document nesting 100,000 block quotes fails
// the build with its file and line.
func TestLimitDeepNestingBuild(t *testing.T) {
	src := limitSite(t, map[string]string{"content/policies/deep.md": doc("title = \"深\"\nwritten = 2024-01-02", "正文\n\n"+strings.Repeat("> ", 100_000)+"x\n")})
	_, diags, err := buildOS(t, src, filepath.Join(filepath.Dir(src), "public"))
	if err == nil {
		t.Fatal("built")
	}
	d := errorAbout(diags, "content/policies/deep.md")
	if d == nil || d.Line != 7 || !strings.Contains(d.Msg, "嵌套过深") {
		t.Fatalf("diagnostics:\n%s", diagText(diags))
	}
}
