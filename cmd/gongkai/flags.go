package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
	"github.com/gongkai-dev/gongkai/internal/suggest"
)

// parseCommand parses the flags of a command, which may come before,
// between and after its positional arguments, and returns the positional
// ones. -h prints the command's usage. The flag package's English errors
// ("flag provided but not defined: -bogus") are replaced by Chinese ones
// that say what to type instead; code is the exit status when ok is false.
func parseCommand(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	out := fs.Output()
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	pos, err := parseAll(fs, args)
	fs.SetOutput(out)
	switch {
	case err == nil:
		return pos, 0, true
	case errors.Is(err, flag.ErrHelp):
		_, _ = io.Copy(out, &buf)
		return nil, 0, false
	}
	fmt.Fprintf(out, "gongkai %s: %s；全部选项见 gongkai %s -h\n", fs.Name(), flagError(fs, err), fs.Name())
	return nil, 2, false
}

var (
	flagUndefined = lazyre.New(`^flag provided but not defined: -+(.*)$`)
	flagNoArg     = lazyre.New(`^flag needs an argument: -+(.*)$`)
	flagBadValue  = lazyre.New(`^invalid (boolean )?value "(.*)" for (?:flag )?-+([^:]*):`)
	flagBadSyntax = lazyre.New(`^bad flag syntax: (.*)$`)
)

// flagName writes a flag as the help does: -s, --port.
func flagName(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

func flagError(fs *flag.FlagSet, err error) string {
	s := err.Error()
	if m := flagUndefined().FindStringSubmatch(s); m != nil {
		msg := "未知的选项 " + flagName(m[1])
		best, bestD := "", 3
		fs.VisitAll(func(f *flag.Flag) {
			if d := suggest.Distance(m[1], f.Name); d < bestD {
				best, bestD = f.Name, d
			}
		})
		if best != "" {
			msg += "（是不是 " + flagName(best) + "？）"
		}
		return msg
	}
	if m := flagNoArg().FindStringSubmatch(s); m != nil {
		return "选项 " + flagName(m[1]) + " 后面缺少值"
	}
	if m := flagBadValue().FindStringSubmatch(s); m != nil {
		want := "应为整数"
		if m[1] != "" {
			want = "应为 true 或 false"
		}
		return "选项 " + flagName(m[3]) + " 的值 “" + m[2] + "” 无效：" + want
	}
	if m := flagBadSyntax().FindStringSubmatch(s); m != nil {
		return "选项写法不对：" + m[1] + "（选项写作 -s 或 --port 1313）"
	}
	return "选项有误：" + s
}

// extraArgs answers positional arguments that a command does not take; a
// lone one is most often the site's folder, which these commands take
// with -s.
func extraArgs(stderr io.Writer, cmd string, pos []string) int {
	if len(pos) == 1 {
		fmt.Fprintf(stderr, "gongkai %s: 多余的参数 %q：站点目录要用 -s 指定，如 gongkai %s -s %s\n", cmd, pos[0], cmd, pos[0])
	} else {
		fmt.Fprintf(stderr, "gongkai %s: 多余的参数 %s；站点目录用 -s 指定，全部选项见 gongkai %s -h\n", cmd, quoteAll(pos), cmd)
	}
	return 2
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + s + "”"
	}
	return strings.Join(q, " ")
}
