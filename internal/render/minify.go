package render

import "bytes"

// minifyCSS removes what a stylesheet does not need to be read by a
// browser: comments, indentation and line breaks, the spaces around
// { } ; , > and after a colon, and the ; before a }. Every page loads
// site.css, so each byte saved here is saved on every page (the weight
// budget: every page under 100 KB without the chart library).
//
// It is deliberately small and conservative, not an optimiser:
//
//   - strings ("…" and '…', with their escapes) and the inside of url(…)
//     are copied as written;
//   - a run of whitespace becomes one space, which is dropped only next to
//     { } ; , > or after a colon; it stays before a colon (the descendant
//     combinator in ".a :focus"), around ( and ) ("and (", ") and"),
//     around + - * / (calc()) and between words;
//   - a comment is removed; it becomes a space only where removing it
//     would join two words ("a/**/b");
//   - "/*!" comments (licences) are kept.
//
// A stylesheet that was broken stays broken in the same way.
func minifyCSS(src []byte) []byte {
	out := make([]byte, 0, len(src))
	space := false   // whitespace was skipped since the last byte written
	comment := false // a comment was skipped since the last byte written
	tight := func(c byte) bool {
		switch c {
		case '{', '}', ';', ',', '>':
			return true
		}
		return false
	}
	// emit writes the pending separator, if any is needed before next.
	emit := func(next byte) {
		if len(out) > 0 {
			last := out[len(out)-1]
			if last == '/' && len(out) > 1 && out[len(out)-2] == '*' {
				last = ';' // after a kept comment, as after a declaration
			}
			switch {
			case space && !tight(last) && !tight(next) && last != ':':
				out = append(out, ' ')
			case !space && comment && word(last) && word(next):
				out = append(out, ' ')
			}
		}
		space, comment = false, false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := len(src)
			if j := indexFrom(src, i+2, "*/"); j >= 0 {
				end = j + 2
			}
			if i+2 < len(src) && src[i+2] == '!' {
				emit('/')
				out = append(out, src[i:end]...)
			} else {
				comment = true
			}
			i = end - 1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			space = true
		case c == '"' || c == '\'':
			emit(c)
			j := skipString(src, i)
			out = append(out, src[i:j]...)
			i = j - 1
		case c == '(' && isURLOpen(src, i):
			emit(c)
			j := i + 1
			for j < len(src) && src[j] != ')' {
				switch src[j] {
				case '\\':
					j += 2
				case '"', '\'':
					j = skipString(src, j)
				default:
					j++
				}
			}
			j = min(j+1, len(src)) // past ")"
			out = append(out, src[i:j]...)
			i = j - 1
		case c == '}':
			space, comment = false, false
			for len(out) > 0 && out[len(out)-1] == ';' {
				out = out[:len(out)-1]
			}
			out = append(out, c)
		default:
			emit(c)
			out = append(out, c)
		}
	}
	return out
}

// skipString returns the index just past the string that starts at i (a
// quote): past its closing quote, or at the line break or end that ends an
// unterminated one.
func skipString(src []byte, i int) int {
	q := src[i]
	j := i + 1
	for j < len(src) {
		switch src[j] {
		case q:
			return j + 1
		case '\\':
			j += 2
			continue
		case '\n':
			return j
		}
		j++
	}
	return len(src)
}

// word tells whether c may be part of an identifier, number or unit.
func word(c byte) bool {
	return c == '-' || c == '_' || c == '%' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// isURLOpen tells whether the "(" at i opens url( (not, say, myurl().
func isURLOpen(src []byte, i int) bool {
	if i < 3 {
		return false
	}
	if w := src[i-3 : i]; w[0]|0x20 != 'u' || w[1]|0x20 != 'r' || w[2]|0x20 != 'l' {
		return false
	}
	return i == 3 || !word(src[i-4])
}

func indexFrom(b []byte, from int, sep string) int {
	for i := from; i+len(sep) <= len(b); i++ {
		if string(b[i:i+len(sep)]) == sep {
			return i
		}
	}
	return -1
}

// minifyJS removes from a script the lines that hold only a comment
// ("// …"), blank lines and the indentation of the others. It changes
// nothing else, which keeps it safe without parsing JavaScript: only a
// string or template spanning lines could hold such a line, so a script
// with a template literal (`) or a line continued by a backslash is left
// as it is. Line breaks stay where they were (automatic semicolon
// insertion sees the same program).
func minifyJS(src []byte) []byte {
	if bytes.IndexByte(src, '`') >= 0 {
		return src
	}
	lines := bytes.Split(src, []byte("\n"))
	out := make([]byte, 0, len(src))
	for _, l := range lines {
		if bytes.HasSuffix(bytes.TrimRight(l, " \t\r"), []byte(`\`)) {
			return src
		}
		t := bytes.TrimSpace(l)
		if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	return out
}
