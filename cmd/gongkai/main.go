// Command gongkai builds 政务公开 (government disclosure) sites for county
// education bureaus: policy documents in Markdown and school statistics in
// CSV become a static site with the 优质均衡 indicators, charts and tables.
//
// Usage:
//
//	gongkai build [-s SITE] [-d OUT] [--base-url URL] [--drafts] [--future] [--strict] [--force-destination] [--shard K/N]
//	gongkai merge [-s SITE] [-d OUT] [--base-url URL] [--drafts] [--future] [--strict] [--force-destination] DIR…
//	gongkai serve [-s SITE] [--port 1313] [--bind 127.0.0.1] [--drafts] [--future] [--strict]
//	gongkai check [-s SITE] [--format text|json] [--base-url URL] [--drafts] [--future] [--strict]
//	gongkai new site DIR | gongkai new doc SECTION/NAME.md [-s SITE]
//	gongkai import FILE… [-o DIR] [--force]
//	gongkai import-data FILE.xlsx --year YEAR [-o SITE] [--sheet NAME] [--force]
//	gongkai version
//	gongkai help [COMMAND]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/suggest"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "构建站点到目标目录（默认 SITE/public）", runBuild},
		{"merge", "把 build --shard 构建的各个分片合并成完整的站点", runMerge},
		{"serve", "在本机预览站点，修改后自动重新构建并刷新页面", runServe},
		{"check", "检查站点（含站内链接、锚点、附件、短代码），不写入文件", runCheck},
		{"new", "新建站点（new site DIR）或文档（new doc SECTION/NAME.md）", runNew},
		{"import", "把已发布的文本（.txt、.docx）转换为文档", runImport},
		{"import-data", "把 Excel 学校统计表转换为 data/YEAR/schools.csv", runImportData},
		{"version", "显示版本", runVersion},
		{"help", "显示帮助", nil},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] && c.run != nil {
					return c.run([]string{"-h"}, stdout, stdout)
				}
			}
		}
		usage(stdout)
		return 0
	case "-v", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "gongkai: 未知命令 %q", name)
	best, bestD := "", 3
	for _, c := range commands() {
		if d := suggest.Distance(name, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if best != "" {
		fmt.Fprintf(stderr, "（是不是 gongkai %s？）", best)
	}
	fmt.Fprint(stderr, "\n\n")
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gongkai —— 义务教育优质均衡信息公开站点生成器")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "用法: gongkai <命令> [选项]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "命令:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "每个命令都可加 -h 查看选项，例如 gongkai build -h。")
}

// siteFlags are the flags of every command that reads a site.
type siteFlags struct {
	source, destination, baseURL string
	drafts, future, strict       bool
}

func (f *siteFlags) register(fs *flag.FlagSet, withDest bool) {
	fs.StringVar(&f.source, "s", ".", "站点目录（含 site.toml）")
	fs.StringVar(&f.source, "source", ".", "同 -s")
	if withDest {
		fs.StringVar(&f.destination, "d", "", "输出目录（默认 SITE/public）")
		fs.StringVar(&f.destination, "destination", "", "同 -d")
	}
	fs.StringVar(&f.baseURL, "base-url", "", "网站地址，覆盖 site.toml 的 base_url，可带子路径，如 https://host/jyj/")
	fs.BoolVar(&f.drafts, "drafts", false, "包括草稿（draft = true）")
	fs.BoolVar(&f.future, "future", false, "包括发布日期在未来的文档")
	fs.BoolVar(&f.strict, "strict", false, "把警告当作错误")
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs, f, force := outputFlags("build", stderr)
	shard := fs.String("shard", "", "只构建 N 个分片中的第 K 个（K/N，如 2/4），之后用 gongkai merge 合并；见 docs/ci.md")
	noCache := fs.Bool("no-cache", false, "不用构建缓存：每个文件都重新生成（默认沿用上次构建中输入没有变化的文件，缓存在 OUT 旁边的 .gongkai-<目录名>.cache）")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "用法: gongkai build [-s SITE] [-d OUT] [--base-url URL] [--drafts] [--future] [--strict] [--force-destination] [--no-cache] [--shard K/N]")
		fmt.Fprintln(fs.Output(), "\n构建站点。先在临时目录中构建，全部成功后才整体替换 OUT；出错时 OUT 保持原样。\n"+
			"OUT 只能是不存在的目录、空目录或 gongkai 构建的结果（其中有标记文件 .gongkai-output），\n"+
			"否则拒绝构建；同一个 OUT 同一时间只能有一个构建。\n"+
			"加 --shard K/N 时读取并检查整个站点，但只写出第 K 个分片的区县和文档的页面，\n"+
			"N 个分片都构建后用 gongkai merge 合并（可以在 N 台机器上同时构建）。\n\n选项:")
		printDefaults(fs)
	}
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return extraArgs(stderr, "build", pos)
	}
	opts := f.options(*force)
	opts.Reuse = !*noCache
	if *shard != "" {
		sh, err := build.ParseShard(*shard)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai build: %v；全部选项见 gongkai build -h\n", err)
			return 2
		}
		opts.Shard = sh
	}
	return runPipeline(stdout, stderr, opts, f.strict, build.Build)
}

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs, f, force := outputFlags("merge", stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "用法: gongkai merge [-s SITE] [-d OUT] [--base-url URL] [--drafts] [--future] [--strict] [--force-destination] DIR…")
		fmt.Fprintln(fs.Output(), "\n把 gongkai build --shard 1/N … N/N -d DIR 构建的 N 个分片合并到 OUT，结果与 gongkai build -d OUT\n"+
			"逐字节相同。合并读取同一个站点（-s，与构建分片时同一个提交，含 data/ 的 git 历史），\n"+
			"生成首页、栏目、目录、概览、学校列表、检索索引、订阅、站点地图等共用的页面，再复制各分片的文件。\n"+
			"选项要与构建分片时相同。缺少分片、分片重复、分片来自不同版本的站点或 gongkai 时拒绝合并，OUT 保持原样。\n\n选项:")
		printDefaults(fs)
	}
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "gongkai merge: 缺少分片的输出目录，如 gongkai merge -d public shards/1 shards/2 shards/3 shards/4")
		return 2
	}
	return runPipeline(stdout, stderr, f.options(*force), f.strict, func(o build.Options) (build.Summary, []diag.Diagnostic, error) {
		return build.Merge(o, pos)
	})
}

// outputFlags are the flags of the commands that write a site (build,
// merge).
func outputFlags(name string, stderr io.Writer) (*flag.FlagSet, *siteFlags, *bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &siteFlags{}
	f.register(fs, true)
	force := fs.Bool("force-destination", false, "OUT 已存在、不是空目录、也不是 gongkai 构建的结果时，仍然整体替换它（删除其中的全部文件）")
	return fs, f, force
}

// options are the build options of the flags.
func (f *siteFlags) options(force bool) build.Options {
	return build.Options{
		Fs: afero.NewOsFs(), Source: filepath.Clean(f.source), Destination: f.destination,
		BaseURL: f.baseURL, Drafts: f.drafts, Future: f.future, Strict: f.strict,
		ForceDestination: force, Version: buildVersion(),
	}
}

// runPipeline runs a build (Build, Merge) with progress on a terminal and
// an interruptible context, and prints its diagnostics and summary.
func runPipeline(stdout, stderr io.Writer, opts build.Options, strict bool, do func(build.Options) (build.Summary, []diag.Diagnostic, error)) int {
	adviseHugePages(hugeHeap)
	tuneGC()
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	ctx, stop, signalled := interruptible()
	defer stop()
	opts.Context = ctx
	sum, diags, err := do(opts)
	if sig := signalled(); err != nil && sig != nil {
		fmt.Fprintln(stderr, "构建已中断：临时文件已删除，目标目录未改动。")
		return exitCode(sig)
	}
	printDiagnostics(stderr, diags, strict)
	if err != nil {
		nerr, nwarn := count(diags, strict)
		// An error that is not about a file of the site (the destination,
		// the machine) is printed and counted too: a failed build always
		// names at least one error.
		var be *diag.BuildError
		if !errors.As(err, &be) || nerr == 0 {
			fmt.Fprintf(stderr, "gongkai: %v\n", err)
			nerr++
		}
		fmt.Fprintf(stderr, "构建失败：%d 个错误，%d 条警告；目标目录未改动。\n", nerr, nwarn)
		return 1
	}
	if opts.Shard.N > 0 {
		fmt.Fprintf(stdout, "分片 %s：", opts.Shard)
	}
	fmt.Fprintln(stdout, sum.String())
	return 0
}

// hugeHeap is how much of the heap's growth adviseHugePages asks huge
// pages for: what a build of 2,000 documents uses. Advising more costs
// more at start (the runtime's records of the larger mapping) and did not
// make a province site faster (docs/performance.md).
const hugeHeap = 128 << 20

func count(diags []diag.Diagnostic, strict bool) (errs, warns int) {
	for _, d := range diags {
		if d.Severity == diag.Error || strict {
			errs++
		} else {
			warns++
		}
	}
	return
}

// printDiagnostics prints errors as file:line: … (so editors and CI can jump
// to them) and warnings with a 警告 mark after the place.
func printDiagnostics(w io.Writer, diags []diag.Diagnostic, strict bool) {
	for _, d := range diags {
		if d.Severity == diag.Warning && !strict {
			fmt.Fprintln(w, warningLine(d))
			continue
		}
		fmt.Fprintln(w, d.Error())
	}
}

func warningLine(d diag.Diagnostic) string {
	s := d.Error()
	// Insert "警告: " after the place so the line still starts with file:line.
	if d.File != "" {
		if i := strings.Index(s, ": "); i >= 0 {
			return s[:i+2] + "警告: " + s[i+2:]
		}
	}
	return "警告: " + s
}

func printDefaults(fs *flag.FlagSet) {
	seen := map[string]bool{}
	fs.VisitAll(func(fl *flag.Flag) {
		if seen[fl.Usage] {
			return
		}
		seen[fl.Usage] = true
		name := "-" + fl.Name
		if len(fl.Name) > 1 {
			name = "--" + fl.Name
		}
		// Pair a short flag with its long form ("同 -s").
		fs.VisitAll(func(o *flag.Flag) {
			if o.Usage == "同 -"+fl.Name {
				name += ", --" + o.Name
				seen[o.Usage] = true
			}
		})
		fmt.Fprintf(fs.Output(), "  %-24s %s", name, fl.Usage)
		if fl.DefValue != "" && fl.DefValue != "false" {
			fmt.Fprintf(fs.Output(), "（默认 %s）", fl.DefValue)
		}
		fmt.Fprintln(fs.Output())
	})
}

// isTerminal reports whether w is a character device (a terminal), where
// progress lines make sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
