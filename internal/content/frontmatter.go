package content

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// decodeFrontMatter decodes a document's front matter as toml.Decode into
// a map does. Front matter is almost always one `key = value` per line
// with a string, a date, an offset date-time, a whole number, a boolean or
// a one-line array of them; such text is read by simpleFrontMatter, and
// anything else (tables, quoted or dotted keys, escapes, multi-line
// values, floats, duplicate keys, any error) by BurntSushi/toml, so its
// errors are the only ones. Performance: toml.Decode was some 7% of a
// 2,000-document build (docs/performance.md).
func decodeFrontMatter(fm string) (map[string]any, error) {
	if m, ok := simpleFrontMatter(fm); ok {
		return m, nil
	}
	raw := map[string]any{}
	_, err := toml.Decode(fm, &raw)
	return raw, err
}

// localDate is the time.Location of the TOML local dates toml.Decode
// gives (tomlx.DateKind tells them by it): taken from toml itself, since
// its package holding it is internal.
var localDate = sync.OnceValue(func() *time.Location {
	var m map[string]any
	if _, err := toml.Decode("d = 2000-01-01", &m); err != nil {
		panic(err)
	}
	return m["d"].(time.Time).Location()
})

// simpleFrontMatter decodes fm when every line is blank, a comment or
// `key = value` with a bare key and a value simpleValue reads, each key
// once; ok is false for anything else, which toml.Decode then reads.
func simpleFrontMatter(fm string) (m map[string]any, ok bool) {
	if !utf8.ValidString(fm) {
		return nil, false
	}
	m = make(map[string]any, 16)
	for len(fm) > 0 {
		var line string
		line, fm = cutLine(fm)
		i := skipSpace(line, 0)
		if i == len(line) || line[i] == '#' {
			if !commentOK(line[i:]) {
				return nil, false
			}
			continue
		}
		k := i
		for i < len(line) && isBareKeyByte(line[i]) {
			i++
		}
		key := line[k:i]
		i = skipSpace(line, i)
		if key == "" || i == len(line) || line[i] != '=' {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		v, j, ok := simpleValue(line, skipSpace(line, i+1))
		if !ok {
			return nil, false
		}
		if j = skipSpace(line, j); j < len(line) && (line[j] != '#' || !commentOK(line[j:])) {
			return nil, false
		}
		m[key] = v
	}
	return m, true
}

// cutLine splits s at its first newline.
func cutLine(s string) (line, rest string) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isBareKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// isControl tells the bytes TOML allows nowhere but as newlines: control
// characters other than tab (a carriage return is one here too, as front
// matter's line ends are already \n).
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

// commentOK reports whether s, the rest of a line, is empty or a comment
// TOML accepts (no control characters).
func commentOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return false
		}
	}
	return true
}

// simpleValue reads the value at line[i:]: a basic string without escapes,
// a literal string, true or false, a whole number without sign, leading
// zero or underscore (up to 18 digits), a date 2006-01-02, a date-time
// 2006-01-02T15:04:05 with Z or ±07:00, a one-line array of these or
// a one-line inline table of them (inlineTable). It returns the value as
// toml.Decode gives it and the index after it.
func simpleValue(line string, i int) (v any, end int, ok bool) {
	if i >= len(line) {
		return nil, 0, false
	}
	switch c := line[i]; {
	case c == '"' || c == '\'':
		for j := i + 1; j < len(line); j++ {
			switch b := line[j]; {
			case b == c:
				return line[i+1 : j], j + 1, true
			case b == '\\' && c == '"', isControl(b):
				return nil, 0, false
			}
		}
		return nil, 0, false
	case c == '[':
		arr := make([]any, 0, 2)
		j := skipSpace(line, i+1)
		for {
			if j < len(line) && line[j] == ']' {
				return arr, j + 1, true
			}
			e, k, ok := simpleValue(line, j)
			if !ok {
				return nil, 0, false
			}
			if _, nested := e.([]any); nested {
				return nil, 0, false
			}
			arr = append(arr, e)
			j = skipSpace(line, k)
			switch {
			case j < len(line) && line[j] == ',':
				j = skipSpace(line, j+1)
			case j < len(line) && line[j] == ']':
				return arr, j + 1, true
			default:
				return nil, 0, false
			}
		}
	case c == '{':
		return inlineTable(line, i)
	case c == 't' || c == 'f':
		for _, w := range [...]string{"true", "false"} {
			if len(line)-i >= len(w) && line[i:i+len(w)] == w && !isBareKeyByte(at(line, i+len(w))) {
				return w == "true", i + len(w), true
			}
		}
		return nil, 0, false
	case '0' <= c && c <= '9':
		j := i
		for j < len(line) && '0' <= line[j] && line[j] <= '9' {
			j++
		}
		if j-i == 4 && at(line, j) == '-' {
			return simpleDate(line, i)
		}
		if (c == '0' && j-i > 1) || j-i > 18 || !endOfNumber(at(line, j)) {
			return nil, 0, false
		}
		n, err := strconv.ParseInt(line[i:j], 10, 64)
		if err != nil {
			return nil, 0, false
		}
		return n, j, true
	}
	return nil, 0, false
}

// inlineTable reads the one-line inline table at line[i:] ('{'): bare
// keys, each once, with values simpleValue reads other than tables, and
// no comma after the last (TOML 1.0). Performance: a document's
// attachments are written as a list of such tables, and toml took some
// 140 µs for each of those documents.
func inlineTable(line string, i int) (v any, end int, ok bool) {
	tbl := make(map[string]any, 2)
	j := skipSpace(line, i+1)
	if at(line, j) == '}' {
		return tbl, j + 1, true
	}
	for {
		k := j
		for j < len(line) && isBareKeyByte(line[j]) {
			j++
		}
		key := line[k:j]
		if j = skipSpace(line, j); key == "" || at(line, j) != '=' {
			return nil, 0, false
		}
		if _, dup := tbl[key]; dup {
			return nil, 0, false
		}
		e, n, ok := simpleValue(line, skipSpace(line, j+1))
		if !ok {
			return nil, 0, false
		}
		if _, nested := e.(map[string]any); nested {
			return nil, 0, false
		}
		tbl[key] = e
		switch j = skipSpace(line, n); at(line, j) {
		case ',':
			j = skipSpace(line, j+1)
		case '}':
			return tbl, j + 1, true
		default:
			return nil, 0, false
		}
	}
}

// at is s[i], or 0 past its end.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// endOfNumber tells whether c may follow a whole number: the end of the
// line, a space, a comment or the array's next item or end. A number
// followed by anything else (1.5, 1e3, 1_000, 0x1F…) is not simple.
func endOfNumber(c byte) bool {
	return c == 0 || c == ' ' || c == '\t' || c == '#' || c == ',' || c == ']' || c == '}'
}

// simpleDate reads 2006-01-02, or 2006-01-02T15:04:05 followed by Z or an
// offset ±07:00, at line[i:], as toml.Decode does (the date-time in
// time.Local when the offset is the local one). Other forms (a space or
// lower-case t, fractions of a second, no seconds, local date-times) are
// left to toml.
func simpleDate(line string, i int) (v any, end int, ok bool) {
	const date, dateTime = len("2006-01-02"), len("2006-01-02T15:04:05")
	if !digitsAt(line, i, "dddd-dd-dd") {
		return nil, 0, false
	}
	if at(line, i+date) != 'T' {
		if !endOfNumber(at(line, i+date)) {
			return nil, 0, false
		}
		t, err := time.ParseInLocation("2006-01-02", line[i:i+date], localDate())
		return t, i + date, err == nil
	}
	if !digitsAt(line, i+date, "Tdd:dd:dd") {
		return nil, 0, false
	}
	n := dateTime
	switch at(line, i+n) {
	case 'Z':
		n++
	case '+', '-':
		if !digitsAt(line, i+n+1, "dd:dd") {
			return nil, 0, false
		}
		n += len("+07:00")
	default:
		return nil, 0, false
	}
	if !endOfNumber(at(line, i+n)) {
		return nil, 0, false
	}
	t, err := time.ParseInLocation(time.RFC3339Nano, line[i:i+n], time.Local)
	return t, i + n, err == nil
}

// digitsAt reports whether line[i:] starts with the pattern, where d is
// any digit and every other byte stands for itself.
func digitsAt(line string, i int, pattern string) bool {
	if len(line)-i < len(pattern) {
		return false
	}
	for k := 0; k < len(pattern); k++ {
		c := line[i+k]
		if pattern[k] == 'd' {
			if c < '0' || c > '9' {
				return false
			}
		} else if c != pattern[k] {
			return false
		}
	}
	return true
}
