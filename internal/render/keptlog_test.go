package render

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/output"
)

// TestKeptLog: the jobs a build cache's build recorded come back as they
// were given, files with their sizes and times (reused) or without
// (made), none as nil, a plain text where there was one; only those of the
// build asked for; records larger than a piece of the log and many small
// ones across pieces.
func TestKeptLog(t *testing.T) {
	var l keptLog
	want := map[string]KeptJob{}
	add := func(gen int, name, key string, files []output.Kept, plain string) {
		l.add(gen, name, key, files, plain)
		if gen == 2 {
			if files == nil {
				files = []output.Kept{}
			}
			want[name] = KeptJob{Key: key, Files: files, Plain: plain}
		}
	}
	add(1, "old/index.html", "k0", []output.Kept{{Path: "old/index.html"}}, "")
	add(2, "docs/a/index.html", "\x00\xffk1", []output.Kept{{Path: "docs/a/index.html", Size: 1234, ModTime: 1733000000123456789}}, "正文")
	add(2, "data/2024/x", "k2", nil, "")
	add(2, "big", strings.Repeat("k", keptLogChunk), []output.Kept{{Path: "a", Size: -1}, {Path: "b/c.svg"}}, "")
	for i := range 20000 {
		name := "schools/" + strconv.Itoa(i) + "/index.html"
		add(2, name, "key", []output.Kept{{Path: name, Size: int64(i), ModTime: int64(i) << 20}}, "")
	}
	if l.log.Held() < 3 {
		t.Fatalf("%d pieces: the test does not cross them", l.log.Held())
	}
	got := map[string]KeptJob{}
	l.each(2, func(name string, k KeptJob) { got[name] = k })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%d jobs back, %d given; or they differ", len(got), len(want))
		for name, k := range want {
			if !reflect.DeepEqual(got[name], k) {
				t.Errorf("%s: %+v, want %+v", name, got[name], k)
				break
			}
		}
	}
	if _, ok := got["old/index.html"]; ok {
		t.Error("a job of an earlier build is given")
	}
}

// TestKeptLogSpilled: with SpillLog, the full pieces go to the store as
// they fill, only the last stays, and the jobs come back the same and in
// the same order.
func TestKeptLogSpilled(t *testing.T) {
	// The store is given from the start, or once the log holds several
	// pieces already (they all go out then).
	for _, from := range []int{0, 15000} {
		var plain keptLog
		var stored [][]byte
		c := &Cache{}
		spilled := &c.log
		for i := range 30000 {
			if i == from {
				c.SpillLog(func(b []byte) func() []byte {
					stored = append(stored, bytes.Clone(b))
					k := len(stored) - 1
					return func() []byte { return stored[k] }
				})
			}
			name := "schools/" + strconv.Itoa(i) + "/index.html"
			for _, l := range []*keptLog{&plain, spilled} {
				l.add(1+i%2, name, "key"+strconv.Itoa(i), []output.Kept{{Path: name, Size: int64(i), ModTime: int64(i) << 20}}, "")
			}
		}
		if len(stored) < 2 || spilled.log.Held() != 1 || len(stored)+1 != plain.log.Held() {
			t.Fatalf("from job %d: %d pieces stored, %d kept; %d pieces without a store", from, len(stored), spilled.log.Held(), plain.log.Held())
		}
		for gen := 1; gen <= 2; gen++ {
			var want, got []string
			plain.each(gen, func(name string, k KeptJob) { want = append(want, fmt.Sprint(name, k)) })
			spilled.each(gen, func(name string, k KeptJob) { got = append(got, fmt.Sprint(name, k)) })
			if !slices.Equal(got, want) || len(want) != 15000 {
				t.Errorf("from job %d, build %d: %d jobs back, want %d (or they differ)", from, gen, len(got), len(want))
			}
		}
	}
}
