package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise
// the module version from the build info is used.
var version = ""

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "用法: gongkai version\n\n显示 gongkai 的版本和构建它的 git 提交。")
	}
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "gongkai version: 多余的参数 %s\n", quoteAll(pos))
		return 2
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(bi, version))
	return 0
}

// buildVersion names this gongkai for the manifests of shards: the version
// and, when go build recorded it, the commit. Merge refuses shards built by
// different gongkais.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	v := versionName(bi, version)
	if bi != nil {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				v += " " + s.Value
			case s.Key == "vcs.modified" && s.Value == "true":
				v += "（有未提交的修改）"
			}
		}
	}
	return v
}

// versionName is the version linked, else the module's, else devel.
func versionName(bi *debug.BuildInfo, linked string) string {
	v := linked
	if v == "" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "devel"
	}
	return v
}

// versionText is what gongkai version prints: the version (linked, else the
// module's), the commit that go build stamps (vcs.revision, vcs.time,
// vcs.modified; absent under go run and go test).
func versionText(bi *debug.BuildInfo, linked string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "gongkai %s\n", versionName(bi, linked))

	vcs := map[string]string{}
	if bi != nil {
		for _, s := range bi.Settings {
			vcs[s.Key] = s.Value
		}
	}
	if rev := vcs["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "提交 %s", rev[:min(12, len(rev))])
		if t := vcs["vcs.time"]; t != "" {
			fmt.Fprintf(&b, "（%s）", t)
		}
		if vcs["vcs.modified"] == "true" {
			b.WriteString("，有未提交的修改")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("提交 未知（go build / go install 在 git 仓库中构建时才记录；go run、go test 和 -buildvcs=false 时不记录）\n")
	}
	return b.String()
}
