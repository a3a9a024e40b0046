package portal

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in       string
		unigrams bool
		want     []string
	}{
		{"优质均衡", false, []string{"优质", "质均", "均衡"}},
		{"推进优质均衡发展", false, []string{"推进", "进优", "优质", "质均", "均衡", "衡发", "发展"}},
		{"2024年义务教育", false, []string{"2024", "年义", "义务", "务教", "教育"}},
		{"示政办发〔2021〕18号", false, []string{"示政", "政办", "办发", "2021", "18", "号"}},
		{"11150000MB1234567X/2021-00018", false, []string{"11150000mb1234567x", "2021", "00018"}},
		{"ＡＢＣ１２３ 全角", false, []string{"abc123", "全角"}},
		{"校", false, []string{"校"}},
		{"学校", true, []string{"学校", "学", "校"}},
		{"", false, nil},
		{"，。！——", false, nil},
	} {
		got := terms(tc.in, tc.unigrams)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("terms(%q, %v) = %q, want %q", tc.in, tc.unigrams, got, tc.want)
		}
	}
	long := strings.Repeat("a", 100)
	if got := terms(long, false); len(got) != 1 || len(got[0]) != maxWord {
		t.Errorf("a long word gives %q", got)
	}
}

// shortTerms numbers terms as a map would, through its growing and for
// keys that differ only in their high bytes (the bytes of a term's last
// characters), which a poor hash would pile into one place.
func TestShortTermsAsMap(t *testing.T) {
	var table shortTerms
	want := map[uint64]int32{}
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 0, 60000)
	for i := 0; i < 20000; i++ {
		keys = append(keys, uint64(i+1)<<40, rng.Uint64()|1, uint64(i%300+1))
	}
	for _, k := range keys {
		e := table.find(k)
		if n, ok := want[k]; ok {
			if e.key != k || e.number != n {
				t.Fatalf("key %x: entry %x %d, want %d", k, e.key, e.number, n)
			}
			continue
		}
		if e.key != 0 {
			t.Fatalf("new key %x found as %x", k, e.key)
		}
		want[k] = int32(len(want))
		e.key, e.number = k, want[k]
		table.added()
	}
	for k, n := range want {
		if e := table.find(k); e.key != k || e.number != n {
			t.Fatalf("key %x: entry %x %d, want %d", k, e.key, e.number, n)
		}
	}
	if table.used != len(want) || table.used*2 > len(table.entries) {
		t.Fatalf("%d used of %d entries, %d keys", table.used, len(table.entries), len(want))
	}
}

// collapsed takes U+3000 for the only white space led by the byte E3
// (U+3000–U+3FFF), as the Unicode tables Go has say.
func TestIdeographicSpaceOnlySpaceOfE3(t *testing.T) {
	for r := rune(0x3000); r <= 0x3FFF; r++ {
		if unicode.IsSpace(r) != (r == 0x3000) {
			t.Fatalf("U+%04X: IsSpace %v", r, unicode.IsSpace(r))
		}
	}
}

// BenchmarkIndexText indexes the example site's documents (their Markdown,
// as text) in one worker, as buildSearchIndex does their bodies.
func BenchmarkIndexText(b *testing.B) {
	var texts []string
	_ = filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				texts = append(texts, string(src))
			}
		}
		return nil
	})
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	var x indexWorker
	x.long = map[string]int32{}
	for b.Loop() {
		for _, s := range texts {
			x.index(&SearchItem{Text: s})
		}
	}
}

// appendInt writes the numbers of the shards as strconv.AppendInt does.
func TestAppendIntAsStrconv(t *testing.T) {
	check := func(v int32) {
		if got, want := string(appendInt([]byte("x"), v)), string(strconv.AppendInt([]byte("x"), int64(v), 10)); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
	for v := int32(-20); v <= 120000; v++ {
		check(v)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 100000; i++ {
		check(int32(rng.Uint32()))
	}
	check(math.MinInt32)
	check(math.MaxInt32)
}

// isPunctuation takes no character for punctuation that the Unicode tables
// make Han, a letter or a number, so isHan and isWord answer as the tables.
func TestPunctuationNeitherHanNorWord(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		han := 0x4E00 <= r && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r)
		word := unicode.IsLetter(r) || unicode.IsNumber(r)
		if isHan(r) != han || isWord(r) != word {
			t.Fatalf("U+%04X: isHan %v, isWord %v; the tables say %v, %v", r, isHan(r), isWord(r), han, word)
		}
	}
}
