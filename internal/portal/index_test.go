package portal

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"bytes"
	"errors"
	"github.com/gongkai-dev/gongkai/internal/escape"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"sync"
)

// tokenizeRef is the tokenizer as it was before it sliced its input (one
// string per term): the reference the faster one must match exactly.
func tokenizeRef(text string, unigrams bool, emit func(token)) {
	var run, word []rune
	flushHan := func() {
		switch {
		case len(run) == 1:
			emit(token{text: string(run), single: true})
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				emit(token{text: string(run[i : i+2])})
			}
			if unigrams {
				for _, r := range run {
					emit(token{text: string(r), single: true})
				}
			}
		}
		run = run[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			if len(word) > maxWord {
				word = word[:maxWord]
			}
			emit(token{text: string(word)})
			word = word[:0]
		}
	}
	for _, r := range text {
		r = normRune(r)
		switch {
		case r >= 0x2E80 && unicode.Is(unicode.Han, r):
			flushWord()
			run = append(run, r)
		case isWord(r):
			flushHan()
			word = append(word, r)
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
}

func tokens(f func(string, bool, func(token)), text string, unigrams bool) []token {
	var out []token
	f(text, unigrams, func(t token) { out = append(out, t) })
	return out
}

// randomText mixes what documents hold: Chinese (also beyond the BMP),
// ASCII and full-width letters and digits in both cases, punctuation,
// white space, accents and, rarely, bytes that are not UTF-8.
func randomText(rng *rand.Rand, n int) string {
	parts := []string{"优质均衡", "义务教育", "示政办发〔2021〕18号", "ＡＢＣ１２３", "ａｂｃ", "MB1234567X", "Ünïcode café",
		"𠀀𠀁", "①②", "，。！——", " ", "\n", "\t", "\u3000", "\u00a0", "\u2028", "２０２４年", "x", "校", "\xff", "\xe4\xb8",
		strings.Repeat("Ab", 30), "（一）", "第一小学", "&<>\"'+\\", "\x00", "\u0085", "가ሴ", "\u1680\u200a\u205f\u202f", "\v\f\r", "\xe1\x80",
		"\u4dc0", "\u4dbf", "\u4dff", "\u4e00", "\u9fff", "\ua000", "\u3005", "、", "“"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(parts[rng.Intn(len(parts))])
	}
	return b.String()
}

func TestTokenizeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		s := randomText(rng, rng.Intn(30))
		for _, uni := range []bool{false, true} {
			got, want := tokens(tokenize, s, uni), tokens(tokenizeRef, s, uni)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("tokenize(%q, %v) = %+v, want %+v", s, uni, got, want)
			}
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"优质均衡发展", "ＡＢＣ１２３ 全角", "11150000MB1234567X/2021-00018", "\xe4\xb8校\xff𠀀", strings.Repeat("Ａ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, uni := range []bool{false, true} {
			got, want := tokens(tokenize, s, uni), tokens(tokenizeRef, s, uni)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("tokenize(%q, %v) = %+v, want %+v", s, uni, got, want)
			}
		}
	})
}

// plainTextRef is plainText as it was (lines, fields, joins).
func plainTextRef(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestPlainTextMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	cases := []string{"", "a", " a", "a ", "a\n", "\na", "a\n\nb", "a  b", "a \n b", "一、总体要求\n（一）目标", "\u3000全角空格\u3000", "x\ty"}
	for i := 0; i < 3000; i++ {
		cases = append(cases, randomText(rng, rng.Intn(20)))
	}
	for _, s := range cases {
		if got, want := plainText(s), plainTextRef(s); got != want {
			t.Fatalf("plainText(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapsed(s), plainTextRef(s) == s; got != want {
			t.Fatalf("collapsed(%q) = %v", s, got)
		}
	}
}

func FuzzPlainText(f *testing.F) {
	f.Add("一、总体要求\n\n  （一） 目标 \n")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainText(s), plainTextRef(s); got != want {
			t.Fatalf("plainText(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestAppendJSONStringAsMarshal(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	cases := []string{"", "\b\f\n\r\t\x01\x1f\x7f", "\u2028\u2029", "\xff\xfe", "<a href=\"x\">&amp;</a>", `\"`}
	for i := 0; i < 2000; i++ {
		cases = append(cases, randomText(rng, rng.Intn(20)))
	}
	for _, s := range cases {
		if got, want := string(escape.AppendJSONString(nil, s, false)), string(marshal(s)); got != want {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// searchFiles reads an index as search.js does: the manifest, a term's
// postings from its shard, an item's text from the file the manifest's
// "texts" names for it.
type searchFiles struct {
	t     *testing.T
	x     *SearchIndex
	man   manifest
	texts map[int][]*struct{ S, X string }
}

type manifest struct {
	V       int     `json:"v"`
	Version string  `json:"version"`
	Shards  int     `json:"shards"`
	Texts   []int   `json:"texts"`
	Items   [][]any `json:"items"`
}

func readIndex(t *testing.T, x *SearchIndex) *searchFiles {
	t.Helper()
	f := &searchFiles{t: t, x: x, texts: map[int][]*struct{ S, X string }{}}
	if err := json.Unmarshal(x.Files["search/index.json"], &f.man); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *searchFiles) postings(term string) map[int]int {
	var shard map[string][]int
	if err := json.Unmarshal(f.x.Files[fmt.Sprintf("search/s/%d.json", shardOf(term, f.man.Shards))], &shard); err != nil {
		f.t.Fatal(err)
	}
	out := map[int]int{}
	id := 0
	flat := shard[term]
	for i := 0; i+1 < len(flat); i += 2 {
		id += flat[i]
		out[id] = flat[i+1]
	}
	return out
}

// text returns item id's text, nil when it has none.
func (f *searchFiles) text(id int) *struct{ S, X string } {
	k := -1
	for i, start := range f.man.Texts {
		if start <= id {
			k = i
		}
	}
	if k < 0 {
		return nil
	}
	file, ok := f.texts[k]
	if !ok {
		b, ok := f.x.Files[fmt.Sprintf("search/t/%d.json", k)]
		if !ok {
			f.t.Fatalf("no text file %d", k)
		}
		if err := json.Unmarshal(b, &file); err != nil {
			f.t.Fatal(err)
		}
		f.texts[k] = file
	}
	if id-f.man.Texts[k] >= len(file) {
		return nil
	}
	return file[id-f.man.Texts[k]]
}

// TestSearchIndexFormat decodes the files of a small index as search.js
// does: postings delta-encoded, weights packing title/metadata/body counts,
// each term in the shard its hash names, texts in the file the manifest
// names.
func TestSearchIndexFormat(t *testing.T) {
	items := []SearchItem{
		{URL: "/a/", Title: "义务教育优质均衡发展规划", Kind: KindDocument, Text: "规划正文。均衡发展。", Summ: "摘要"},
		{URL: "/b/", Title: "教师交流轮岗", Kind: KindDocument, Meta: "均衡", Text: "推进优质均衡，均衡，均衡。"},
		{URL: "/schools/1/", Title: "示例县第一小学", Kind: KindSchool, Meta: "2150000001 城关街道"},
	}
	x := BuildSearchIndex(items)
	f := readIndex(t, x)
	if f.man.V != 2 || f.man.Shards != x.Shards || len(f.man.Items) != 3 || f.man.Version != x.Version || f.man.Items[2][0] != "/schools/1/" {
		t.Fatalf("manifest %+v", f.man)
	}
	// item 0: title 1, body 1 → 1001; item 1: meta 1, body 3 → 103.
	if got, want := f.postings("均衡"), map[int]int{0: 1001, 1: 103}; !reflect.DeepEqual(got, want) {
		t.Errorf("均衡: %v, want %v", got, want)
	}
	if got := f.postings("2150000001"); !reflect.DeepEqual(got, map[int]int{2: 100}) {
		t.Errorf("school id: %v", got)
	}
	if got := f.postings("学"); got[2] != 1000 { // unigram of a title
		t.Errorf("学: %v", got)
	}
	if tx := f.text(0); tx == nil || tx.S != "摘要" || tx.X != "规划正文。均衡发展。" {
		t.Errorf("text of item 0: %+v", tx)
	}
	if tx := f.text(1); tx == nil || tx.X != "推进优质均衡，均衡，均衡。" {
		t.Errorf("text of item 1: %+v", tx)
	}
	if tx := f.text(2); tx != nil {
		t.Errorf("a school has a text: %+v", tx)
	}
	if x.TextFiles != 1 || len(x.Files) != 1+x.Shards+1 {
		t.Errorf("%d text files, %d files", x.TextFiles, len(x.Files))
	}
}

// manyItems is n documents of about 3 KB of text (a few longer than a text
// file), then schools.
func manyItems(n, schools int) []SearchItem {
	rng := rand.New(rand.NewSource(4))
	var items []SearchItem
	for i := 0; i < n; i++ {
		size := 300 + rng.Intn(1500)
		if i%97 == 5 {
			size = 30000 // 90 KB: a text file of its own
		}
		items = append(items, SearchItem{URL: fmt.Sprintf("/d/%d/", i), Title: fmt.Sprintf("文件%d 关于推进均衡发展的通知", i), Kind: KindDocument,
			Meta: fmt.Sprintf("示政办发〔2024〕%d号", i), Text: plainText(randomText(rng, size/3)), Summ: fmt.Sprintf("摘要%d", i)})
	}
	for i := 0; i < schools; i++ {
		items = append(items, SearchItem{URL: fmt.Sprintf("/schools/%d/", i), Title: fmt.Sprintf("第%d小学", i), Kind: KindSchool, Meta: fmt.Sprint(2150000000 + i)})
	}
	return items
}

// TestSearchTextFiles: the texts are packed into far fewer files than
// documents, none much larger than textFileBytes unless one text is; every
// document's text is found where search.js looks for it, whole (up to
// maxText characters).
func TestSearchTextFiles(t *testing.T) {
	items := manyItems(300, 20)
	x := BuildSearchIndex(items)
	f := readIndex(t, x)
	if x.TextFiles < 5 || x.TextFiles > 300/5 || len(f.man.Texts) != x.TextFiles || f.man.Texts[0] != 0 {
		t.Fatalf("%d text files for 300 documents, starts %v", x.TextFiles, f.man.Texts)
	}
	for k := 0; k < x.TextFiles; k++ {
		b := x.Files[fmt.Sprintf("search/t/%d.json", k)]
		var file []json.RawMessage
		if err := json.Unmarshal(b, &file); err != nil {
			t.Fatal(err)
		}
		if len(b) > textFileBytes+1 && len(file) > 1 {
			t.Errorf("text file %d: %d bytes, %d texts", k, len(b), len(file))
		}
	}
	if _, ok := x.Files[fmt.Sprintf("search/t/%d.json", x.TextFiles)]; ok {
		t.Error("a text file beyond the manifest's")
	}
	for id, it := range items {
		tx := f.text(id)
		if it.Kind != KindDocument {
			if tx != nil {
				t.Errorf("school %d has a text", id)
			}
			continue
		}
		want := it.Text
		if r := []rune(want); len(r) > maxText {
			want = string(r[:maxText])
		}
		_ = json.Unmarshal(marshal(want), &want) // invalid UTF-8 as JSON has it
		if tx == nil || tx.S != it.Summ || tx.X != want {
			t.Fatalf("text of %d: %.80v, want %.80q", id, tx, want)
		}
		if utf8.RuneCountInString(tx.X) > maxText {
			t.Errorf("text of %d not cut", id)
		}
	}
}

// TestSearchIndexDeterministic: the files are the same bytes however many
// workers build them.
func TestSearchIndexDeterministic(t *testing.T) {
	build := func(procs int) map[string][]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		items := manyItems(200, 50)
		return BuildSearchIndex(items).Files
	}
	one := build(1)
	for _, procs := range []int{2, 3, 8} {
		if got := build(procs); !reflect.DeepEqual(got, one) {
			t.Fatalf("GOMAXPROCS %d: the index differs from GOMAXPROCS 1", procs)
		}
	}
}

// Every field of a search item counts for the IndexCache: set one at a
// time, the index kept for an item without it is not taken (serve keeps
// the index while the items and texts are the same). Nor is it for other
// texts.
func TestIndexCacheComparesEveryField(t *testing.T) {
	var c IndexCache
	idx := &SearchIndex{}
	c.keep([]SearchItem{{}}, []string{"ab", "c"}, idx)
	if c.lookup([]SearchItem{{}}, []string{"ab", "c"}) != idx {
		t.Fatal("the index is not kept for the same items and texts")
	}
	eachField(t, func(name string, it SearchItem) {
		if c.lookup([]SearchItem{it}, []string{"ab", "c"}) != nil {
			t.Errorf("field %s does not count", name)
		}
	})
	if c.lookup([]SearchItem{{}}, []string{"a", "bc"}) != nil {
		t.Error("plain texts split differently take the kept index")
	}
}

// Every field of a search item is in the index's key: set one at a time,
// it changes the key (a build that keeps the index by the key). A
// field added to SearchItem that appendItem leaves out fails here.
func TestIndexKeyCoversEveryField(t *testing.T) {
	base := indexKey([]SearchItem{{}}, nil, nil)
	eachField(t, func(name string, it SearchItem) {
		if indexKey([]SearchItem{it}, nil, nil) == base {
			t.Errorf("field %s is not in the key", name)
		}
	})
	// The texts too, and where one ends.
	if indexKey(nil, []string{"ab", "c"}, nil) == indexKey(nil, []string{"a", "bc"}, nil) {
		t.Error("plain texts split differently have one key")
	}
	if indexKey([]SearchItem{{Title: "ab", Info: "c"}}, nil, nil) == indexKey([]SearchItem{{Title: "a", Info: "bc"}}, nil, nil) {
		t.Error("fields split differently have one key")
	}
	// A document's page key stands for its text: another page key,
	// another index key; a page key is never taken for a text of the same
	// bytes; a page without a key is fingerprinted by its text.
	if indexKey(nil, []string{"t"}, []string{"k1"}) == indexKey(nil, []string{"t"}, []string{"k2"}) {
		t.Error("the pages' keys are not in the key")
	}
	if indexKey(nil, []string{"k1"}, nil) == indexKey(nil, []string{"t"}, []string{"k1"}) {
		t.Error("a page key and a text of the same bytes have one key")
	}
	if indexKey(nil, []string{"a", "b"}, []string{"k", ""}) == indexKey(nil, []string{"a", "c"}, []string{"k", ""}) {
		t.Error("the text of a page without a key is not in the key")
	}
}

// eachField calls f with a SearchItem that has one field set, for each
// field in turn: a field of a kind it cannot set fails the test (teach it,
// and the key and comparison of the items).
func eachField(t *testing.T, f func(name string, it SearchItem)) {
	t.Helper()
	typ := reflect.TypeOf(SearchItem{})
	for i := 0; i < typ.NumField(); i++ {
		var it SearchItem
		v := reflect.ValueOf(&it).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Int:
			v.SetInt(3)
		default:
			t.Fatalf("field %s of kind %s: teach this test, appendItem and the index cache's comparison", typ.Field(i).Name, v.Kind())
		}
		f(typ.Field(i).Name, it)
	}
}

// TestSearchIndexEmitted: a build that writes each file of the index as it
// is made writes the very files BuildSearchIndex returns, each once, and
// keeps none of them; a file it cannot write fails the index.
func TestSearchIndexEmitted(t *testing.T) {
	want := BuildSearchIndex(manyItems(300, 2000)).Files
	var mu sync.Mutex
	got := map[string][]byte{}
	x, err := buildSearchIndex(manyItems(300, 2000), nil, func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := got[name]; ok {
			t.Errorf("%s written twice", name)
		}
		got[name] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if x.Shards < 2 || x.TextFiles < 2 {
		t.Fatalf("%d shards, %d text files: too few to see them written one by one", x.Shards, x.TextFiles)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("written %d files, built %d; or their bytes differ", len(got), len(want))
	}
	if len(x.Files) != 0 {
		t.Errorf("%d files kept besides being written", len(x.Files))
	}
	full := errors.New("磁盘已满")
	_, err = buildSearchIndex(manyItems(300, 2000), nil, func(name string, b []byte) error {
		if name == layout.SearchShard("s", 1) {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Errorf("a shard not written: error %v", err)
	}
}

// TestManifestAsEncodingJSON: the manifest written directly is the bytes
// encoding/json writes (without HTML escaping) of the same object, with
// strings that need escaping, items with and without a county, and no
// items at all.
func TestManifestAsEncodingJSON(t *testing.T) {
	items := []SearchItem{
		{URL: "/a/%E6%96%87/", Title: `"规划" <草案> & 附件\一`, Date: "2024-01-02", Status: "失效", Kind: KindDocument, Info: "文号\u2028发布机构\t·"},
		{URL: "/schools/1/", Title: "第一小学\x00\xff", Kind: KindSchool, Info: "学校标识码 1", County: "150102"},
	}
	for _, items := range [][]SearchItem{items, nil} {
		list := manifestItems(items)
		var docs [][]any
		for _, it := range items {
			d := []any{it.URL, it.Title, it.Date, it.Status, it.Kind, it.Info}
			if it.County != "" {
				d = append(d, it.County)
			}
			docs = append(docs, d)
		}
		if docs == nil {
			docs = [][]any{}
		}
		if want := marshal(docs); !bytes.Equal(list, want) {
			t.Errorf("items:\n%s\nencoding/json:\n%s", list, want)
		}
		got := manifestFile(list, 4, []int{0, 7, 12}, "0123abcdef")
		want := marshal(map[string]any{"v": 2, "version": "0123abcdef", "shards": 4, "texts": []int{0, 7, 12},
			"items": json.RawMessage(list)})
		if !bytes.Equal(got, want) {
			t.Errorf("manifest:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}
