package tomlx

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// syntaxRule translates one kind of BurntSushi/toml parse error: re matches
// its English message, msg gives the Chinese one from the submatches (the
// unquoted text the parser found is at(m, 1) where there is one).
type syntaxRule struct {
	re  func() *regexp.Regexp
	msg func(m []string) string
}

const (
	hintQuote = "文字要写在英文双引号中，如 name = \"河东县\"；数字、日期和 true / false 不加引号"
	hintKey   = "应写作 键 = 值，键名只用英文字母、数字、- 和 _"
)

var duplicateKey = lazyre.New(`^Key '(.*)' has already been defined\.$`)

var syntaxRules = []syntaxRule{
	{lazyre.New(`^expected value but found '\\n' instead$|^unexpected EOF; expected value$`), func([]string) string {
		return "等号后面缺少值：" + hintQuote
	}},
	{lazyre.New(`^expected value but found '([“”‘’「」])' instead$`), func(m []string) string {
		return "使用了中文引号 " + at(m, 1) + "：TOML 中的文字要用英文双引号 \" 括起来"
	}},
	{lazyre.New(`^expected value but found "(?i)(true|false|yes|no|on|off|是|否|有|无|对|错)" instead$`), func(m []string) string {
		return "“" + at(m, 1) + "” 要写成 true（是）或 false（否），小写，不加引号"
	}},
	{lazyre.New(`^expected value but found (?:"(.*)"|'(.*)') instead$`), func(m []string) string {
		return "“" + unquote(at(m, 1)+at(m, 2)) + "” 不是有效的值：" + hintQuote
	}},
	{lazyre.New(`^expected a top-level item to end with a newline, comment, or EOF, but got '(.*)' instead$`), func(m []string) string {
		return "值后面多了 “" + unquote(at(m, 1)) + "”：一行只能写一个 键 = 值；文字中有空格时整段要在英文双引号内，注释以 # 开头"
	}},
	{lazyre.New(`^expected '\.' or '=', but got '\\n' instead$|^unexpected EOF; expected key separator '='$`), func([]string) string {
		return "这一行缺少等号：" + hintKey
	}},
	{lazyre.New(`^expected '\.' or '=', but got '(.*)' instead$`), func(m []string) string {
		return "键名中不能有 “" + unquote(at(m, 1)) + "”：" + hintKey + "（中文键名要加英文双引号）"
	}},
	{lazyre.New(`^unexpected '=': key name appears blank$|^unexpected '[=.]'|^unexpected '\.': keys cannot start`), func([]string) string {
		return "等号前缺少键名：" + hintKey
	}},
	{duplicateKey, func(m []string) string {
		return at(m, 1) + " 重复：同一个键或表只能写一次，请删去或合并重复的那一处"
	}},
	{lazyre.New(`^Key '(.*)' was already created as a hash\.$|^"(.*)" is not a table$`), func(m []string) string {
		return at(m, 1) + at(m, 2) + " 已经是一个表 [" + at(m, 1) + at(m, 2) + "]，不能再直接赋值；请删去或合并重复的那一处"
	}},
	{lazyre.New(`^Key '(.*)' was already created and cannot be used as an array\.$`), func(m []string) string {
		return at(m, 1) + " 前面已经定义过，不能再用作表数组 [[" + at(m, 1) + "]]"
	}},
	{lazyre.New(`^invalid datetime: "(.*)"$`), func(m []string) string {
		return "日期 “" + at(m, 1) + "” 写法不对：日期写作 2024-09-01（月、日都是两位数，不加引号），日期时间写作 2024-09-01T08:00:00+08:00"
	}},
	{lazyre.New(`^strings cannot contain newlines$|^unexpected EOF; expected ('"'|"'")$`), func([]string) string {
		return "文字缺少结尾的英文双引号：一行文字要在同一行内用 \" 结束；多行文字用 \"\"\" … \"\"\""
	}},
	{lazyre.New(`^unexpected EOF; expected ('"""'|"'''")$`), func([]string) string {
		return "多行文字缺少结尾的 \"\"\"（或 '''）"
	}},
	{lazyre.New(`^invalid escape in string '\\(.)'$|^invalid escape: '\\(.)'$|hexadecimal digits after '\\(.)'|^Escaped character`), func(m []string) string {
		return "文字中的反斜杠 \\ 不是有效的转义：反斜杠本身要写成 \\\\，或者把文字放在单引号 '…' 中（其中的 \\ 原样保留）"
	}},
	{lazyre.New(`^Invalid (?:integer|float) "(.*)": cannot have leading zeroes$`), func(m []string) string {
		return "数字 " + at(m, 1) + " 不能以 0 开头；编号之类要保留前导 0 的，请加英文双引号写成文字"
	}},
	{lazyre.New(`^Invalid (?:integer|float) "(.*)": underscores`), func(m []string) string {
		return "数字 " + at(m, 1) + " 中的 _ 只能写在两个数字之间"
	}},
	{lazyre.New(`^Invalid float "(.*)"|^Invalid float value: "(.*)"|^invalid float: '(.*)'|^floats must start with a digit|^expected a digit but got|^not an? (?:binary|octal|hexadecimal) number|^cannot use sign with non-decimal`), func(m []string) string {
		return "不是有效的数字：小数写作 0.85（小数点前后都要有数字）"
	}},
	{lazyre.New(`^(\S+) is out of (?:the safe )?(?:range for|\S+ range)`), func(m []string) string {
		return "数字 " + at(m, 1) + " 太大"
	}},
	{lazyre.New(`^expected a comma \(','\) or array terminator \('\]'\)`), func([]string) string {
		return "数组中的各项要用逗号分开，并以 ] 结束，如 keywords = [\"优质均衡\", \"义务教育\"]"
	}},
	{lazyre.New(`^expected a comma or an inline table terminator '\}'|^newlines not allowed within inline tables`), func([]string) string {
		return "内联表 { … } 要写在一行内，各项用逗号分开，并以 } 结束"
	}},
	{lazyre.New(`^unexpected comma$`), func([]string) string {
		return "多余的逗号"
	}},
	{lazyre.New(`table name|table array name|table names cannot be empty|table separator`), func([]string) string {
		return "表头写法不对：应写作 [名称]，名称只用英文字母、数字、- 和 _，并以 ] 结束"
	}},
	{lazyre.New(`^TOML files cannot contain control characters: '(.*)'`), func(m []string) string {
		return "含有不可见的控制字符 " + at(m, 1) + "：请删去"
	}},
	{lazyre.New(`^invalid UTF-8 byte|NULL bytes`), func([]string) string {
		return "文件不是 UTF-8 编码：请以 UTF-8 编码另存"
	}},
}

// at returns submatch i of m, or "" when the rule's regexp has fewer.
func at(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

// unquote turns a Go-quoted character or word back into what the user typed.
func unquote(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// SyntaxError translates a TOML parse error into a Chinese message saying
// what is wrong and what to do, and returns its line and its column in
// characters (BurntSushi/toml counts bytes), both 1-based, within src.
func SyntaxError(pe toml.ParseError, src string) (msg string, line, col int) {
	msg = "TOML 语法错误"
	found := false
	for _, r := range syntaxRules {
		if m := r.re().FindStringSubmatch(pe.Message); m != nil {
			msg += "：" + r.msg(m)
			found = true
			break
		}
	}
	if !found {
		msg += "（" + pe.Message + "）：请对照 TOML 的写法检查这一行：" + hintKey + "，" + hintQuote
	}
	line = pe.Position.Line
	if st := pe.Position.Start; st > 0 && st <= len(src) {
		// Position.Line is one too far when the offending character is
		// the line's end ("got '\n'"): count the lines before it.
		line = 1 + strings.Count(src[:st], "\n")
	}
	col = charColumn(src, line, pe.Position.Start)
	if m := duplicateKey().FindStringSubmatch(pe.Message); m != nil {
		col = keyColumn(src, line, m[1])
	}
	if col > 0 {
		col = pointAt(src, line, col, escapeError().FindStringSubmatch(pe.Message))
	}
	return msg, line, col
}

var escapeError = lazyre.New(`^invalid escape in string '(\\.)'$`)

// pointAt moves a column off the spaces the parser may point at onto what
// follows them, and from the start of a string onto its bad escape.
func pointAt(src string, line, col int, escape []string) int {
	l := []rune(strings.Split(src, "\n")[line-1])
	if escape != nil {
		if i := strings.Index(string(l[col-1:]), escape[1]); i >= 0 {
			return col + utf8.RuneCountInString(string(l[col-1:])[:i])
		}
	}
	for col <= len(l) && unicode.IsSpace(l[col-1]) {
		col++
	}
	return col
}

// charColumn returns the column in characters of byte offset start, when it
// is on the given line; 0 otherwise.
func charColumn(src string, line, start int) int {
	if line < 1 {
		return 0
	}
	off := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(src[off:], '\n')
		if j < 0 {
			return 0
		}
		off += j + 1
	}
	end := len(src)
	if j := strings.IndexByte(src[off:], '\n'); j >= 0 {
		end = off + j
	}
	if start < off || start > end {
		return 0
	}
	return utf8.RuneCountInString(src[off:start]) + 1
}

// keyColumn finds where the last part of key is written on the line: the
// parser points a duplicate key at the end of what it read.
func keyColumn(src string, line int, key string) int {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return 0
	}
	l := lines[line-1]
	parts := splitKey(key)
	i := strings.Index(l, parts[len(parts)-1])
	if i < 0 {
		return 0
	}
	// The start of the whole key as written ([table] or a.b = …).
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(l[:i])
		if unicode.IsSpace(r) || r == '[' {
			break
		}
		i -= size
	}
	if i > 0 && l[i-1] == '[' {
		i = strings.LastIndexFunc(l[:i], func(r rune) bool { return r != '[' }) + 1
	}
	return utf8.RuneCountInString(l[:i]) + 1
}
