package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/escape"
)

// Option shapes: many charts of a site differ only in a few values. Every
// school part has a chart of its seven indicators whose option differs from
// its neighbours' in the title and the bars' data alone; a province site has
// 50,000 of them, and building each with go-echarts (whose constructors fill
// defaults by reflection) and Option (encode, decode, patch, encode) took a
// sixth of the build's CPU.
//
// A shape is one such option built once, by the same code, with sentinel
// strings where the varying values go ("holes"); filling it writes the
// JSON of the values into the holes. A value takes exactly the bytes
// Option would have given it (json.Marshal, then Option's decode, null
// removal and encode), and the rest of the option cannot depend on the
// values, because everything it depends on is in the shape's key.
// TestShapeMatchesOption compares the two on random titles and values; the
// example site and a province site built byte-identical with and without
// shapes.

// shapes caches option shapes by key; safe for concurrent use. The key must
// hold everything the option depends on besides the hole values.
type shapes struct{ m sync.Map } // key → *shape

// shape is an option cut at its holes: text[0] hole text[1] hole … text[n].
type shape struct {
	text  [][]byte
	holes []int // the value index of each hole, in text order
	err   error
}

// holeMark is the sentinel of hole i: private-use characters, which
// Option's encoding keeps as they are. Only the fixed parts of an option
// (translations, labels) are searched for it; a value that contains it
// (a title) is written into a hole, never searched.
func holeMark(i int) string { return "\ue000gongkai-hole-" + strconv.Itoa(i) + "\ue000" }

// option returns build's option with values in its holes. build is called
// (once per key) with the sentinels: it must put sentinel i as the whole
// value where values[i] goes — a string where a string goes (it may appear
// more than once), or as the only element of an array that values[i] (a
// slice) replaces. A string value must not be empty: go-echarts leaves out
// empty strings, which the shape, built with the sentinel, would not.
func (c *shapes) option(key any, build func(holes []string) (template.JS, error), values ...any) (template.JS, error) {
	v, ok := c.m.Load(key)
	if !ok {
		v, _ = c.m.LoadOrStore(key, newShape(build, values))
	}
	sh := v.(*shape)
	if sh.err != nil {
		return "", sh.err
	}
	out := make([]byte, 0, len(sh.text[0])*2)
	for i, t := range sh.text {
		out = append(out, t...)
		if i < len(sh.holes) {
			var err error
			if out, err = appendHole(out, values[sh.holes[i]]); err != nil {
				return "", err
			}
		}
	}
	return template.JS(out), nil
}

func newShape(build func([]string) (template.JS, error), values []any) *shape {
	marks := make([]string, len(values))
	toks := make([][]byte, len(values)) // each mark as the option writes it
	for i := range marks {
		marks[i] = holeMark(i)
		toks[i] = escape.AppendJSONString(nil, marks[i], true)
	}
	opt, err := build(marks)
	if err != nil {
		return &shape{err: err}
	}
	b := []byte(opt)
	sh := &shape{}
	seen := make([]bool, len(values))
	for {
		at, hole, end := -1, -1, 0
		for i, tok := range toks {
			j := bytes.Index(b, tok)
			if j < 0 || at >= 0 && j > at {
				continue
			}
			at, hole, end = j, i, j+len(tok)
		}
		if at < 0 {
			break
		}
		seen[hole] = true
		// A slice value replaces the array of its sentinel alone.
		if _, str := values[hole].(string); !str && at > 0 && b[at-1] == '[' && end < len(b) && b[end] == ']' {
			at, end = at-1, end+1
		}
		sh.text = append(sh.text, b[:at])
		sh.holes = append(sh.holes, hole)
		b = b[end:]
	}
	sh.text = append(sh.text, b)
	for i, ok := range seen {
		if !ok {
			return &shape{err: fmt.Errorf("chart option shape: hole %d is missing", i)}
		}
	}
	return sh
}

// appendHole writes v as Option writes a value of the option.
func appendHole(dst []byte, v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		return escape.AppendJSONString(dst, s, true), nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	d := optionDecoder{b: raw}
	x, err := d.value()
	if err != nil || d.i != len(raw) {
		// Not the JSON Option decodes itself: as encoding/json would.
		var y any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&y); err != nil {
			return nil, err
		}
		x = y
	}
	dropNulls(x)
	return appendOption(dst, x)
}
