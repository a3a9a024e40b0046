package svgchart

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// The option is read straight from its JSON text, the bytes the page
// carries, in one pass: each value is read where the drawing needs it and
// skipped otherwise. No tree of maps is built (that cost more than the
// drawing).

// reader reads JSON text from position i.
type reader struct {
	s string
	i int
}

// peek is the first byte of the next value, after spaces (0 at the end).
func (r *reader) peek() byte {
	for ; r.i < len(r.s); r.i++ {
		if c := r.s[r.i]; c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return c
		}
	}
	return 0
}

// skip passes the next value; malformed text ends the reading.
func (r *reader) skip() {
	switch r.peek() {
	case '"':
		r.i = strEnd(r.s, r.i)
	case '{', '[':
		depth := 0
		for r.i < len(r.s) {
			switch r.s[r.i] {
			case '"':
				r.i = strEnd(r.s, r.i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					r.i++
					return
				}
			}
			r.i++
		}
	case 0:
	default:
		start := r.i
		for r.i < len(r.s) {
			switch r.s[r.i] {
			case ',', '}', ']', ':', ' ', '\n', '\r', '\t':
				if r.i == start {
					r.i = len(r.s) // a stray delimiter
				}
				return
			}
			r.i++
		}
	}
}

// strEnd is the index after the string that starts (with its quote) at i.
func strEnd(s string, i int) int {
	for {
		q := strings.IndexByte(s[i+1:], '"')
		if q < 0 {
			return len(s)
		}
		i += 1 + q
		// The quote ends the string unless an odd number of backslashes
		// escape it.
		k := i
		for s[k-1] == '\\' {
			k--
		}
		if (i-k)%2 == 0 {
			return i + 1
		}
	}
}

// object reads an object, calling fn with each key; fn reads the member's
// value (what it leaves is skipped). Another value is skipped; object
// reports whether it was an object.
func (r *reader) object(fn func(k string)) bool {
	if r.peek() != '{' {
		r.skip()
		return false
	}
	r.i++
	for {
		if r.peek() != '"' {
			break
		}
		ke := strEnd(r.s, r.i)
		k := r.s[r.i+1 : max(r.i+1, ke-1)]
		if strings.IndexByte(k, '\\') >= 0 {
			k = unescape(k)
		}
		r.i = ke
		if r.peek() != ':' {
			break
		}
		r.i++
		r.peek()
		at := r.i
		fn(k)
		if r.i == at {
			r.skip()
		}
		if r.peek() != ',' {
			break
		}
		r.i++
	}
	if r.peek() == '}' {
		r.i++
	} else {
		r.i = len(r.s)
	}
	return true
}

// list reads an array, calling fn for each element; fn reads it (what it
// leaves is skipped). An object is a list of one (ECharts takes either for
// titles, axes and series); another value is skipped.
func (r *reader) list(fn func()) {
	switch r.peek() {
	case '{':
		at := r.i
		fn()
		if r.i == at {
			r.skip()
		}
		return
	case '[':
	default:
		r.skip()
		return
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		return
	}
	for r.i < len(r.s) {
		r.peek()
		at := r.i
		fn()
		if r.i == at {
			r.skip()
		}
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return
		default:
			r.i = len(r.s)
		}
	}
}

// str reads a string ("" for another value).
func (r *reader) str() string {
	if r.peek() != '"' {
		r.skip()
		return ""
	}
	e := strEnd(r.s, r.i)
	s := r.s[r.i+1 : max(r.i+1, e-1)]
	r.i = e
	if strings.IndexByte(s, '\\') >= 0 {
		return unescape(s)
	}
	return s
}

// num reads a number, or a string holding one (ECharts reads "20" as 20).
func (r *reader) num() (float64, bool) {
	var s string
	switch c := r.peek(); {
	case c == '"':
		s = r.str()
	case c == '-' || c >= '0' && c <= '9':
		start := r.i
		r.skip()
		s = r.s[start:r.i]
	default:
		r.skip()
		return 0, false
	}
	if f, ok := parseDecimal(s); ok {
		return f, true
	}
	if s == "-" || s == "" {
		return 0, false // ECharts' "no data" (strconv would allocate its error)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseDecimal reads the common number of an option, a short decimal
// ("-12.34"), exactly as strconv.ParseFloat: its digits as a whole number
// below 2^53 divided by a power of ten up to 10^22, both exact in a
// float64, so the division rounds once, correctly. ok is false for
// anything else (strconv reads it).
func parseDecimal(s string) (float64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || frac >= len(pow10) {
		return 0, false
	}
	f := float64(m) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

// word reads true, false or null ("" for another value).
func (r *reader) word() string {
	switch r.peek() {
	case 't', 'f', 'n':
		start := r.i
		r.skip()
		return r.s[start:r.i]
	}
	r.skip()
	return ""
}

// given reads a value and reports whether it is one (not null).
func (r *reader) given() bool {
	c := r.peek()
	r.skip()
	return c != 0 && c != 'n'
}

// unescape decodes the escapes of a JSON string's text. The option's
// strings rarely have any (a name with < or &), so encoding/json does it.
func unescape(s string) string {
	var out string
	if json.Unmarshal([]byte(`"`+s+`"`), &out) != nil {
		return ""
	}
	return out
}
