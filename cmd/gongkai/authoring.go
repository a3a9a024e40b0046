package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/check"
	"github.com/gongkai-dev/gongkai/internal/importdata"
	"github.com/gongkai-dev/gongkai/internal/importer"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
	"github.com/gongkai-dev/gongkai/internal/serve"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// parseAll parses flags that may come before, between and after the
// positional arguments (gongkai import a.txt -o out b.txt), and returns the
// positional ones.
func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlags makes a flag set whose -h prints usage and the options.
func newFlags(name, usage, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "用法: "+usage)
		fmt.Fprintln(fs.Output(), "\n"+about+"\n\n选项:")
		printDefaults(fs)
	}
	return fs
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "gongkai serve [-s SITE] [--port 1313] [--bind 127.0.0.1] [--drafts] [--future] [--strict]",
		"在内存中构建站点并在本机提供预览：修改 content/、data/、themes/ 或 site.toml 后自动重新构建，\n"+
			"打开的页面随之刷新；出错时在终端和浏览器中显示错误（文件:行号），同时继续提供上一次成功构建的网站。\n"+
			"不写入任何文件；只提供构建出的网站，不提供源文件。", stderr)
	var f siteFlags
	fs.StringVar(&f.source, "s", ".", "站点目录（含 site.toml）")
	fs.StringVar(&f.source, "source", ".", "同 -s")
	port := fs.Int("port", 1313, "端口；0 表示任选一个空闲端口")
	bind := fs.String("bind", "127.0.0.1", "监听地址；默认只允许本机访问（0.0.0.0 允许局域网访问）。只回答以 localhost、本机地址或这里给出的名称访问的请求")
	fs.BoolVar(&f.drafts, "drafts", false, "包括草稿（draft = true）")
	fs.BoolVar(&f.future, "future", false, "包括发布日期在未来的文档")
	fs.BoolVar(&f.strict, "strict", false, "把警告当作错误")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return extraArgs(stderr, "serve", pos)
	}
	srv, err := serve.New(serve.Options{Source: filepath.Clean(f.source), Bind: *bind, Port: *port,
		Drafts: f.drafts, Future: f.future, Strict: f.strict, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %s\n", listenError(err, *bind, *port))
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "预览网址 %s （按 Ctrl+C 停止）\n", srv.URL())
	if err := srv.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
		return 1
	}
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "gongkai check [-s SITE] [--format text|json] [--base-url URL] [--drafts] [--future] [--strict]",
		"检查站点而不写入任何文件：构建时的全部校验，加上站内链接和锚点（#…）、附件、图片和短代码引用的数据。\n"+
			"有错误时退出状态为 1。--format json 的输出供 CI 生成带文件和行号的标注。", stderr)
	var f siteFlags
	f.register(fs, false)
	format := fs.String("format", "text", "输出格式：text 或 json")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return extraArgs(stderr, "check", pos)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "gongkai check: --format 应为 text 或 json，不是 %q\n", *format)
		return 2
	}
	res, err := check.Run(check.Options{Fs: afero.NewOsFs(), Source: filepath.Clean(f.source), BaseURL: f.baseURL,
		Drafts: f.drafts, Future: f.future, Strict: f.strict})
	if err != nil {
		fmt.Fprintf(stderr, "gongkai check: %v\n", err)
		return 1
	}
	if *format == "json" {
		if err := check.WriteJSON(stdout, res, f.strict); err != nil {
			fmt.Fprintf(stderr, "gongkai check: %v\n", err)
			return 1
		}
	} else {
		check.WriteText(stdout, res, f.strict)
	}
	if n, _ := res.Errors(f.strict); n > 0 {
		return 1
	}
	return 0
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "gongkai new site DIR [--force]\n      gongkai new doc SECTION/NAME.md [-s SITE]",
		"new site DIR: 在 DIR 中创建一个可以直接构建的最小站点（一篇文档、一年的示例数据和 county.toml）。\n"+
			"new doc SECTION/NAME.md: 在 content/SECTION/ 中新建文档，前置元数据填好今天的日期；\n"+
			"site.toml 设置了 index_no_pattern 时按已有文档推算下一个索引号。", stderr)
	source := fs.String("s", ".", "站点目录（new doc）")
	fs.StringVar(source, "source", ".", "同 -s")
	force := fs.Bool("force", false, "new site: 目录不是空的也继续（已有文件不会被覆盖）")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 || (pos[0] != "site" && pos[0] != "doc") {
		fs.Usage()
		return 2
	}
	osfs := afero.NewOsFs()
	switch pos[0] {
	case "site":
		files, err := scaffold.NewSite(scaffold.SiteOptions{Fs: osfs, Dir: pos[1], Force: *force})
		for _, f := range files {
			fmt.Fprintln(stdout, filepath.Join(pos[1], f))
		}
		if err != nil {
			fmt.Fprintf(stderr, "gongkai new site: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "已创建站点。预览: gongkai serve -s %s    构建: gongkai build -s %s\n", pos[1], pos[1])
	case "doc":
		d, err := scaffold.NewDoc(scaffold.DocOptions{Fs: osfs, Site: filepath.Clean(*source), Path: pos[1]})
		if err != nil {
			fmt.Fprintf(stderr, "gongkai new doc: %v\n", err)
			return 1
		}
		if d.Section != "" {
			fmt.Fprintf(stdout, "%s（新栏目，请改写栏目名称）\n", filepath.Join(*source, d.Section))
		}
		fmt.Fprintln(stdout, filepath.Join(*source, d.File))
		if d.IndexNo != "" {
			fmt.Fprintf(stdout, "索引号: %s\n", d.IndexNo)
		}
		fmt.Fprintln(stdout, "这是草稿（draft = true），构建时不发布；写好后删去 draft 这一行。预览草稿: gongkai serve --drafts")
		if d.Note != "" {
			fmt.Fprintf(stderr, "注意: %s\n", d.Note)
		}
	}
	return 0
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "gongkai import FILE… [-o DIR] [--force]",
		"把已经发布过的文件转换为文档（Markdown + TOML 前置元数据）：从政府网站页面复制下来的纯文本（.txt，\n"+
			"UTF-8 或 GBK）和 Word 文档（.docx）。识别索引号、发布机构、文号、成文日期、发布日期、主题分类、\n"+
			"有效性、公开方式和标题，删去网页附属内容（面包屑、字体大小、浏览次数、打印/关闭等），把\n"+
			"一、（一）1. 转为各级标题；列出所有未能识别的内容。", stderr)
	out := fs.String("o", ".", "输出目录，例如 content/policies")
	fs.StringVar(out, "output", ".", "同 -o")
	force := fs.Bool("force", false, "覆盖已存在的同名文档")
	files, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	osfs := afero.NewOsFs()
	var results []*importer.Result
	failed := false
	for _, name := range files {
		r, err := importer.File(osfs, name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			failed = true
			continue
		}
		results = append(results, r)
	}
	// Into a site: 索引号 that the site would refuse are kept as comments.
	importer.FitSiteAt(osfs, *out, results)
	for _, d := range importer.Validate(results) {
		fmt.Fprintln(stderr, d.Error())
		failed = true
	}
	if failed {
		fmt.Fprintln(stderr, "导入失败，没有写入任何文件。")
		return 1
	}
	if err := osfs.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "gongkai import: %v\n", err)
		return 1
	}
	for _, r := range results {
		dest := filepath.Join(*out, r.Name)
		// Not through a symbolic link in the folder (sitefs.WriteFile).
		if err := sitefs.WriteFile(osfs, *out, r.Name, r.Markdown, *force); errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "%s 已存在，未覆盖（加 --force 覆盖）\n", dest)
			failed = true
			continue
		} else if err != nil {
			fmt.Fprintf(stderr, "gongkai import: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s ← %s\n", dest, r.Source)
		fmt.Fprintf(stdout, "  识别: %s\n", strings.Join(r.Found, " "))
		for _, n := range r.Notes {
			fmt.Fprintf(stdout, "  %s\n", n)
		}
	}
	if failed {
		return 1
	}
	return 0
}

func runImportData(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import-data", "gongkai import-data FILE.xlsx --year YEAR [-o SITE] [--sheet NAME] [--force]",
		"把 Excel 表（中文表头、表头上方合并的标题行、表头中的单位）转换为 SITE/data/YEAR/schools.csv，\n"+
			"并像构建时一样校验；有错误时不写入文件。", stderr)
	year := fs.Int("year", 0, "统计年度（必需），例如 2024")
	out := fs.String("o", ".", "站点目录")
	fs.StringVar(out, "output", ".", "同 -o")
	sheet := fs.String("sheet", "", "工作表名称；默认取第一个含表头的工作表")
	force := fs.Bool("force", false, "替换已存在的 schools.csv")
	files, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	switch {
	case len(files) == 0:
		fmt.Fprintln(stderr, "gongkai import-data: 缺少 Excel 文件：gongkai import-data FILE.xlsx --year 2024 -o SITE")
		return 2
	case len(files) > 1:
		fmt.Fprintf(stderr, "gongkai import-data: 一次只导入一个 Excel 文件，不是 %d 个：%s\n", len(files), quoteAll(files))
		return 2
	case *year == 0:
		fmt.Fprintf(stderr, "gongkai import-data: 缺少 --year：数据属于哪个统计年度？如 gongkai import-data %s --year 2024\n", files[0])
		return 2
	}
	res, err := importdata.Import(importdata.Options{Fs: afero.NewOsFs(), File: files[0], Year: *year, Site: filepath.Clean(*out), Sheet: *sheet, Force: *force})
	if res != nil {
		fmt.Fprintf(stdout, "工作表 %q，表头在第 %d 行，%d 行学校学段：\n", res.Sheet, res.HeaderRow, res.Rows)
		for _, c := range res.Columns {
			fmt.Fprintf(stdout, "  %s列 %s → %s\n", c.Cell, c.Header, c.Canonical)
		}
		for _, n := range res.Notes {
			fmt.Fprintf(stdout, "  %s\n", n)
		}
		printDiagnostics(stderr, res.Diagnostics, false)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gongkai import-data: %v\n", err)
		return 1
	}
	if !res.Written {
		fmt.Fprintf(stderr, "%s 有错误，没有写入。\n", res.Path)
		return 1
	}
	fmt.Fprintf(stdout, "已写入 %s（%s 个学校学段）\n", filepath.Join(*out, res.Path), strconv.Itoa(res.Rows))
	return 0
}

// listenError says in Chinese why serve cannot listen, and what to do.
func listenError(err error, bind string, port int) string {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Sprintf("端口 %d 已被占用（也许另一个 gongkai serve 正在运行）：换一个端口，如 --port %d，或用 --port 0 任选一个空闲端口", port, port+1)
	case errors.Is(err, syscall.EACCES):
		return fmt.Sprintf("没有权限使用端口 %d（1024 以下的端口需要管理员权限）：换一个端口，如 --port 1313，或用 --port 0", port)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Sprintf("本机没有地址 %s：--bind 用 127.0.0.1（只允许本机）或 0.0.0.0（允许局域网）", bind)
	}
	var ae *net.AddrError
	if errors.As(err, &ae) || strings.Contains(err.Error(), "invalid port") {
		return fmt.Sprintf("地址 %s 或端口 %d 无效：--port 为 0 到 65535 的整数，--bind 如 127.0.0.1", bind, port)
	}
	return fmt.Sprintf("无法在 %s 端口 %d 上提供预览: %v", bind, port, err)
}
