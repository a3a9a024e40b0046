// Package escape writes text into HTML and JSON exactly as the standard
// library's html/template and encoding/json would, for the markup and data
// that gongkai writes in Go rather than through templates or reflection
// (the tables, charts and catalogue of thousands of pages, the chart
// options, the search index): the output stays byte-identical to what the
// templates and encoding/json wrote, and so do the tests that hold it.
package escape

import (
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// htmlEscapes are html/template's escapes of text and quoted attribute
// values (its htmlEscaper and attrEscaper), by byte: also ' and +, and NUL
// as U+FFFD; "" for a byte written as it is.
var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// HTML writes s as html/template escapes text and quoted attribute values.
func HTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := htmlEscapes[s[i]]; r != "" {
			b.WriteString(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// AppendHTML appends s to dst as HTML writes it: for a page built in one
// buffer rather than in strings.
func AppendHTML(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := htmlEscapes[s[i]]; r != "" {
			dst = append(append(dst, s[last:i]...), r...)
			last = i + 1
		}
	}
	return append(dst, s[last:]...)
}

// URL writes u as html/template writes {{u}} as a whole href or src value
// (AppendURL).
func URL(b *strings.Builder, u string) {
	var buf [128]byte
	b.Write(AppendURL(buf[:0], u))
}

// AppendURL appends u to dst as html/template writes {{u}} as a whole href
// or src value: a scheme other than http, https and mailto is refused
// (#ZgotmplZ), bytes outside the URL alphabet are percent-encoded in
// lower-case hex (existing %XX escapes kept), and the result is escaped
// for the attribute.
func AppendURL(dst []byte, u string) []byte {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return append(dst, "#ZgotmplZ"...)
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0:
			dst = append(dst, c)
		case c == '+':
			dst = append(dst, "&#43;"...)
		case c == '&':
			dst = append(dst, "&amp;"...)
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			dst = append(dst, '%')
		default:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&0xF])
		}
	}
	return dst
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// AppendJSONString appends s as a JSON string, escaped exactly as
// encoding/json escapes it: with html (json.Marshal) also <, > and & as
// \u003c, \u003e, \u0026; without (an Encoder with SetEscapeHTML(false))
// not. Invalid UTF-8 becomes \ufffd; U+2028 and U+2029 are always escaped.
func AppendJSONString(dst []byte, s string, html bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// Three bytes led by E1–EC or EE–EF with two continuation bytes
		// are a valid character (E0 and ED restrict the second byte):
		// nearly every Chinese character and punctuation mark, passed on
		// without DecodeRuneInString's slow path. Only E2 80 A8–A9, the
		// line and paragraph separators, are escaped.
		if c := s[i]; c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE2 || s[i+1] != 0x80 || s[i+2]&^1 != 0xA8) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
