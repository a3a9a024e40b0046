package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gongkai-dev/gongkai/internal/escape"
)

// Option decodes go-echarts' JSON into plain maps (to patch it) and encodes
// it again. A province site has some 50,000 charts, and encoding/json's
// reflective decoder into interface values and its map encoder (which
// sorts keys through reflection) took a fifth of the build's CPU. The
// JSON here is simple — json.Marshal's own output and the maps, slices,
// strings, numbers and booleans the patches add — so this file decodes and
// encodes it directly, with exactly encoding/json's results: the same
// values as Decoder.UseNumber into map[string]any, the same bytes as
// json.Marshal (keys sorted, HTML-escaped strings). Anything else (an input
// it does not expect, a value of another type) goes to encoding/json;
// TestOptionJSONMatchesEncodingJSON and FuzzOptionJSON hold the two equal.

var errNotSimple = errors.New("not simple JSON")

// decodeOption decodes a JSON object as encoding/json's Decoder with
// UseNumber decodes it into a map[string]any.
func decodeOption(b []byte) (map[string]any, error) {
	d := optionDecoder{b: b}
	d.space()
	v, err := d.value()
	if err == nil {
		d.space()
		if d.i != len(d.b) {
			err = errNotSimple
		}
	}
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		m = nil
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

type optionDecoder struct {
	b []byte
	i int
}

func (d *optionDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *optionDecoder) value() (any, error) {
	if d.i >= len(d.b) {
		return nil, errNotSimple
	}
	switch c := d.b[d.i]; {
	case c == '{':
		d.i++
		m := map[string]any{}
		d.space()
		if d.i < len(d.b) && d.b[d.i] == '}' {
			d.i++
			return m, nil
		}
		for {
			d.space()
			if d.i >= len(d.b) || d.b[d.i] != '"' {
				return nil, errNotSimple
			}
			k, err := d.str()
			if err != nil {
				return nil, err
			}
			d.space()
			if d.i >= len(d.b) || d.b[d.i] != ':' {
				return nil, errNotSimple
			}
			d.i++
			d.space()
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			m[k] = v
			d.space()
			if d.i >= len(d.b) {
				return nil, errNotSimple
			}
			if d.b[d.i] == '}' {
				d.i++
				return m, nil
			}
			if d.b[d.i] != ',' {
				return nil, errNotSimple
			}
			d.i++
		}
	case c == '[':
		d.i++
		a := []any{}
		d.space()
		if d.i < len(d.b) && d.b[d.i] == ']' {
			d.i++
			return a, nil
		}
		for {
			d.space()
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			d.space()
			if d.i >= len(d.b) {
				return nil, errNotSimple
			}
			if d.b[d.i] == ']' {
				d.i++
				return a, nil
			}
			if d.b[d.i] != ',' {
				return nil, errNotSimple
			}
			d.i++
		}
	case c == '"':
		return d.str()
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []struct {
			s string
			v any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if len(d.b)-d.i >= len(lit.s) && string(d.b[d.i:d.i+len(lit.s)]) == lit.s {
				d.i += len(lit.s)
				return lit.v, nil
			}
		}
		return nil, errNotSimple
	case c == '-' || '0' <= c && c <= '9':
		start := d.i
	digits:
		for d.i < len(d.b) {
			switch c := d.b[d.i]; {
			case '0' <= c && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
				d.i++
			default:
				break digits
			}
		}
		n := json.Number(d.b[start:d.i])
		if !validNumber(string(n)) {
			return nil, errNotSimple
		}
		return n, nil
	}
	return nil, errNotSimple
}

// str reads a string at d.i (at its opening quote).
func (d *optionDecoder) str() (string, error) {
	d.i++
	start := d.i
	// The common case: no escapes, valid UTF-8.
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			s := d.b[start:d.i]
			d.i++
			if !utf8.Valid(s) {
				return "", errNotSimple
			}
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		d.i++
	}
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				return "", errNotSimple
			}
			return string(out), nil
		case c < 0x20:
			return "", errNotSimple
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", errNotSimple
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", errNotSimple
			}
			if utf16.IsSurrogate(r) {
				// Only a well-formed pair; encoding/json's handling of a
				// lone surrogate is left to it.
				if d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					return "", errNotSimple
				}
				d.i += 2
				r2, ok := d.hex4()
				if !ok {
					return "", errNotSimple
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", errNotSimple
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", errNotSimple
		}
	}
	return "", errNotSimple
}

func (d *optionDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.b[d.i:d.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}

// validNumber is JSON's number grammar (as encoding/json checks it).
func validNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
		if s == "" {
			return false
		}
	}
	switch {
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		s = s[1:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	default:
		return false
	}
	if len(s) >= 2 && s[0] == '.' && '0' <= s[1] && s[1] <= '9' {
		s = s[2:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	if len(s) >= 2 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s[0] == '+' || s[0] == '-' {
			s = s[1:]
			if s == "" {
				return false
			}
		}
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	return s == ""
}

// appendOption appends v encoded as json.Marshal encodes it.
func appendOption(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case string:
		return escape.AppendJSONString(dst, v, true), nil
	case json.Number:
		if v == "" {
			return append(dst, '0'), nil
		}
		if !validNumber(string(v)) {
			break // json.Marshal's error
		}
		return append(dst, v...), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = escape.AppendJSONString(dst, k, true)
			dst = append(dst, ':')
			var err error
			if dst, err = appendOption(dst, v[k]); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	case []any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, x := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendOption(dst, x); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(dst, b...), nil
}
