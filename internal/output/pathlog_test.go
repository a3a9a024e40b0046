package output

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
)

// TestPathLog: every path comes back in the order added, whether the
// store is given from the start, once the log holds several pieces, or
// never; with a store only the piece being filled stays in the log.
func TestPathLog(t *testing.T) {
	var want []string
	for i := range 20000 {
		want = append(want, "schools/"+strconv.Itoa(i%97)+"/"+strconv.Itoa(i)+"/index.html")
	}
	for _, from := range []int{-1, 0, 9000} {
		var l PathLog
		var stored [][]byte
		for i, p := range want {
			if i == from {
				l.Spill(func(b []byte) func() []byte {
					stored = append(stored, bytes.Clone(b))
					k := len(stored) - 1
					return func() []byte { return stored[k] }
				})
			}
			l.Add(p)
		}
		var got []string
		l.Each(func(p string) bool { got = append(got, p); return true })
		if !slices.Equal(got, want) || l.Len() != len(want) {
			t.Errorf("store from %d: %d paths back of %d (Len %d), or in another order", from, len(got), len(want), l.Len())
		}
		if from >= 0 && (len(stored) < 2 || l.log.Held() != 1) {
			t.Errorf("store from %d: %d pieces stored, %d kept", from, len(stored), l.log.Held())
		}
		n := 0
		l.Each(func(p string) bool { n++; return p != want[12345] })
		if n != 12346 {
			t.Errorf("store from %d: Each went on to %d paths after false", from, n)
		}
	}
}
