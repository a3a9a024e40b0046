// Package tomlx decodes TOML the way gongkai's files need it: strictly, with
// every problem placed at its file and line. BurntSushi/toml reports syntax
// errors with a position but unknown keys only by name, so KeyLine finds a
// key's line in the source text.
package tomlx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// DecodeStrict decodes src into v. Syntax errors, type errors and keys that v
// has no field for are returned as diagnostics at file:line (line numbers are
// shifted by lineOffset, for TOML embedded in a larger file such as front
// matter). It returns the metadata for further checks, or nil when src does
// not parse.
func DecodeStrict(file string, src string, lineOffset int, v any) (*toml.MetaData, []diag.Diagnostic) {
	md, err := toml.Decode(src, v)
	if err != nil {
		return nil, []diag.Diagnostic{ErrorAt(file, src, lineOffset, err)}
	}
	var out []diag.Diagnostic
	for _, k := range md.Undecoded() {
		// Report a table once, not each key inside it.
		if len(k) > 1 && md.Type(k[:len(k)-1]...) != "" && isUndecoded(md, k[:len(k)-1]) {
			continue
		}
		out = append(out, diag.Diagnostic{
			File: file, Line: KeyLine(src, k) + lineOffset,
			Column: k.String(),
			Msg:    "未知的键（可能拼写有误）",
		})
	}
	return &md, out
}

func isUndecoded(md toml.MetaData, k toml.Key) bool {
	for _, u := range md.Undecoded() {
		if u.String() == k.String() {
			return true
		}
	}
	return false
}

// ErrorAt turns a toml decode error into a diagnostic with its line.
func ErrorAt(file, src string, lineOffset int, err error) diag.Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg, line, col := SyntaxError(pe, src)
		d := diag.Diagnostic{File: file, Line: line, Col: col, Msg: msg}
		if d.Line > 0 {
			d.Line += lineOffset
		}
		return d
	}
	// Type errors come as "toml: line 3 (last key "b.c"): incompatible
	// types: TOML value has type int64; destination has type string".
	if m := typeErr().FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return diag.Diagnostic{File: file, Line: line + lineOffset, Column: m[2], Msg: "类型不符: " + expectedType(m[4]) + "，实际为" + tomlTypeName(m[3])}
	}
	return diag.Diagnostic{File: file, Msg: fmt.Sprintf("TOML 错误: %v", err)}
}

var typeErr = lazyre.New(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (\S+); destination has type (\S+)`)

func expectedType(dest string) string {
	switch {
	case strings.HasPrefix(dest, "int"), strings.HasPrefix(dest, "uint"):
		return "应为整数"
	case strings.HasPrefix(dest, "float"):
		return "应为数字"
	case dest == "string":
		return "应为文字（加英文双引号）"
	case dest == "bool", dest == "boolean":
		return "应为 true 或 false"
	case strings.HasPrefix(dest, "slice"), strings.HasPrefix(dest, "[]"), strings.HasPrefix(dest, "array"):
		return "应为数组 [ … ]"
	case strings.HasPrefix(dest, "map"), strings.HasPrefix(dest, "struct"):
		return "应为表 { … }"
	case strings.Contains(dest, "Time"):
		return "应为日期"
	}
	return "应为 " + dest
}

func tomlTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"):
		return "整数"
	case strings.HasPrefix(t, "float"):
		return "数字"
	case t == "string":
		return "文字"
	case t == "bool":
		return "布尔值"
	case strings.Contains(t, "Time"), strings.Contains(t, "time"):
		return "日期"
	case strings.Contains(t, "map"):
		return "表"
	case strings.Contains(t, "[]"):
		return "数组"
	}
	return t
}

// KeyLine returns the 1-based line at which key (or its longest defined
// prefix) is written in src, or 0 when it cannot be found. It understands
// [table] and [[array]] headers and dotted and quoted keys, which is all
// gongkai's files use.
func KeyLine(src string, key toml.Key) int {
	best, bestLen := 0, 0
	scanKeys(src, func(line int, path []string, _ bool) bool {
		n := commonPrefix(path, key)
		if n == len(path) && n > bestLen {
			best, bestLen = line, n
			if n == len(key) {
				return false
			}
		}
		return true
	})
	return best
}

// ArrayKeyLine returns the line of key inside the n-th (0-based) table of
// the array of tables [[array]] — the order in which a decoder returns them —
// or the line of that table's header when key is not written in it; 0 when
// src has no such table (as when the array is written inline).
func ArrayKeyLine(src string, array toml.Key, n int, key ...string) int {
	want := append(append(toml.Key{}, array...), key...)
	header, seen := 0, 0
	scanKeys(src, func(line int, path []string, isArray bool) bool {
		if isArray && equalKey(path, array) {
			seen++
			if seen == n+1 {
				header = line
			} else if seen > n+1 {
				return false
			}
			return true
		}
		if header == 0 {
			return true
		}
		if len(path) < len(array) || !equalKey(path[:len(array)], array) {
			return false // a header of another table ends the array's table
		}
		if len(key) > 0 && equalKey(path, want) {
			header = line
			return false
		}
		return true
	})
	return header
}

// ArrayLines returns the header line of every table of the array of tables
// [[array]], in order: ArrayKeyLine of each without a key, in one pass
// over src (a targets.toml of thousands of counties).
func ArrayLines(src string, array toml.Key) []int {
	var out []int
	scanKeys(src, func(line int, path []string, isArray bool) bool {
		if isArray && equalKey(path, array) {
			out = append(out, line)
		}
		return true
	})
	return out
}

func equalKey(a []string, b toml.Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// scanKeys calls f with the full path of every table header and key/value
// line of src, in order, until f returns false. isArray tells a [[array]]
// header. Comments and the insides of multi-line strings are skipped.
func scanKeys(src string, f func(line int, path []string, isArray bool) bool) {
	var table []string
	inMulti := ""
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		var path []string
		isArray := false
		if line[0] == '[' {
			isArray = strings.HasPrefix(line, "[[")
			name := strings.Trim(line, "[]")
			if j := strings.Index(name, "]"); j >= 0 {
				name = name[:j]
			}
			table = splitKey(name)
			path = table
		} else {
			eq := strings.Index(line, "=")
			if eq < 0 {
				continue
			}
			rest := line[eq+1:]
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(rest, q) == 1 {
					inMulti = q
				}
			}
			path = append(append([]string{}, table...), splitKey(line[:eq])...)
		}
		if !f(i+1, path, isArray) {
			return
		}
	}
}

// splitKey splits a dotted key, keeping dots inside quoted parts:
// a."b.c" is [a b.c].
func splitKey(s string) []string {
	var out []string
	var cur strings.Builder
	quote := rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote = r
		case r == '.':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		case r == ' ' || r == '\t':
		default:
			cur.WriteRune(r)
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

func commonPrefix(a []string, b toml.Key) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// The kinds of TOML date-time. BurntSushi/toml decodes local ones into a
// time.Time whose location has these names (and the machine's offset, which
// must therefore never be used: read the fields, not the instant).
const (
	OffsetDateTime = ""
	LocalDate      = "date-local"
	LocalDateTime  = "datetime-local"
	LocalTime      = "time-local"
)

// DateKind tells which TOML kind of date-time t was decoded from.
func DateKind(t time.Time) string {
	switch n := t.Location().String(); n {
	case LocalDate, LocalDateTime, LocalTime:
		return n
	}
	return OffsetDateTime
}
