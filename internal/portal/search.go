package portal

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai-dev/gongkai/internal/escape"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// The static search index (search/ in the output). It is split so that a
// query downloads only what it needs, which keeps search fast on a site of
// thousands of documents:
//
//	search/index.json        the manifest: every searchable item (URL,
//	                         title, date, 有效性, kind, one line of
//	                         metadata), the number of shards, where each
//	                         text file starts and a version
//	search/s/<k>.json        shard k: term → postings, for the terms whose
//	                         FNV-1a hash is k modulo the number of shards
//	search/t/<k>.json        text file k: the texts (summary and body) of
//	                         the documents from id texts[k] up to the next
//	                         file's first id, as an array; fetched only for
//	                         the results shown, to cut their snippets
//
// A posting list is a flat array [id, weight, Δid, weight, …] with ids
// ascending and delta-encoded. The weight packs where the term occurs in the
// item: 1000 × title count + 100 × metadata count + body count (each capped
// at 9, 9 and 99), so that a query can rank title hits above metadata hits
// above body hits. Items are numbered in the order of the manifest: documents
// newest first, then schools.
//
// The texts are packed into files of about textFileBytes rather than one
// file per document: on a site of 2,000 documents one file each was 2,000 of
// the build's 4,900 files, and creating a file is what costs most when
// writing to disk (docs/performance.md). The price is that a result's
// snippet fetches its neighbours' texts too, so the files stay small.
//
// The manifest's address carries no version: the search page is rendered
// before the index is built (the index uses the plain text of the render),
// so search.js fetches the manifest revalidated (cache "no-cache") and the
// other files with ?v=<the manifest's version>.

// Item kinds in the manifest.
const (
	KindDocument = 0
	KindSchool   = 1
)

// SearchItem is one searchable thing: a document or a school.
type SearchItem struct {
	URL    string // site-absolute URL, escaped (with the base path)
	Title  string
	Date   string // 2006-01-02, "" for schools
	Status string // 失效 / 废止, "" when 有效
	Kind   int
	Info   string // one line shown under the title (文号 · 发布机构; 学校标识码 · 乡镇)
	// County is a school's 区县代码 on a site of several counties, by which
	// the search page narrows its results; "" otherwise.
	County string
	Meta   string // indexed metadata text
	Text   string // body text (plain), indexed and used for snippets
	Summ   string // summary, shown when the body has no hit
}

// SearchIndex is the built index: the files to write, by site path.
type SearchIndex struct {
	Files     map[string][]byte
	Version   string // short hash of the whole index
	Shards    int
	TextFiles int
	Items     int
	Terms     int
}

// Bytes is the total size of the index files.
func (x *SearchIndex) Bytes() int {
	n := 0
	for _, b := range x.Files {
		n += len(b)
	}
	return n
}

// targetShardBytes is the size a shard should not much exceed.
const targetShardBytes = 48 << 10

// textFileBytes is the size a text file should not much exceed: a new file
// starts when the next text would take it past this (a text longer than
// this has a file of its own). It weighs the build against the reader: the
// 2,000 documents of 3.5 KB on average of the benchmark site make about 230
// files (2,000 before), and showing 20 results fetches some 0.6 MB of text
// files before compression where it fetched 70 KB. At 64 KB it was about
// 110 files and 1.2 MB; at 16 KB, 500 files and 0.3 MB, and on this
// project's test machine's disk every file counts (docs/performance.md).
const textFileBytes = 32 << 10

// maxText caps the text kept for snippets, in characters.
const maxText = 30000

func weight(t, m, b int32) int32 {
	return min(t, 9)*1000 + min(m, 9)*100 + min(b, 99)
}

// shardOf is FNV-1a (32 bit) of the term's UTF-8 bytes modulo n; search.js
// computes the same.
func shardOf(term string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}

// Building the index. Performance (docs/performance.md): the items are
// tokenized on every core, each worker numbering the terms it meets in its
// own dictionary, so that workers share nothing; an item keeps its distinct
// terms as (local number, weight) pairs and, for a document, its entry of
// the text file, already encoded. What remains serial is cheap: merging the
// workers' dictionaries (a few thousand terms each) and cutting the text
// files (on the other core meanwhile). The postings are counted and placed
// in one array in id order on every core, each core a run of ids; the
// shards are then sorted and encoded in parallel. The files do not depend
// on which worker tokenized which item, nor on the number of cores.

// indexWorker tokenizes items and numbers their terms.
type indexWorker struct {
	// Term → local number. Performance: terms of up to 8 bytes (a pair of
	// Chinese characters is 6) are looked up by their bytes as a number in
	// a table of their own (shortTerms), several times faster than a map
	// by string; longer ones by string.
	short shortTerms
	long  map[string]int32
	terms []string // local number → term
	// Counting one item: counts by local number (title, metadata, body),
	// and the local numbers the item has, in the order first seen.
	counts [][3]int32
	seen   []int32
}

// posting is an item that has a term, and the term's weight there.
type posting struct{ id, w int32 }

// localTerm is a distinct term of an item: its worker's number for it and
// its weight in the item.
type localTerm struct{ term, w int32 }

// indexedItem is an item after tokenizing.
type indexedItem struct {
	worker int
	terms  []localTerm
	text   []byte // the item's entry of its text file (documents)
}

// number returns the local number of term, numbering it if it is new.
func (x *indexWorker) number(term string) int32 {
	if len(term) <= 8 {
		// Terms are never empty and hold no NUL byte (letters, digits,
		// Chinese characters), so the bytes padded with zeros are unique.
		var key uint64
		if len(term) == 6 {
			// Two Chinese characters, nearly every term: two loads.
			key = uint64(binary.LittleEndian.Uint32([]byte(term[:4]))) | uint64(binary.LittleEndian.Uint16([]byte(term[4:])))<<32
		} else {
			for i := 0; i < len(term); i++ {
				key |= uint64(term[i]) << (8 * i)
			}
		}
		e := x.short.find(key)
		if e.key == 0 {
			e.key, e.number = key, x.add(term)
			x.short.added()
		}
		return e.number
	}
	k, ok := x.long[term]
	if !ok {
		k = x.add(term)
		x.long[term] = k
	}
	return k
}

// shortTerms maps the terms of up to 8 bytes, as numbers (never 0: a term
// is not empty and holds no NUL byte), to their local numbers: open
// addressing with linear probing, at most half full. Performance: a
// document's every bigram is looked up, and Go's map was most of the time
// of numbering them.
type shortTerms struct {
	entries []shortTerm // a power of two of them; key 0 is free
	used    int
	shift   uint // 64 − log2(len(entries))
}

type shortTerm struct {
	key    uint64
	number int32
}

// find returns the entry of key: a free one (key 0) when key is not in the
// table, which the caller fills and then reports with added.
func (t *shortTerms) find(key uint64) *shortTerm {
	if len(t.entries) == 0 {
		t.entries, t.shift = make([]shortTerm, 1<<12), 64-12
	}
	mask := uint64(len(t.entries) - 1)
	for i := (key * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		if e := &t.entries[i]; e.key == key || e.key == 0 {
			return e
		}
	}
}

// added counts an entry find returned free and the caller filled, and
// doubles the table when it is half full.
func (t *shortTerms) added() {
	if t.used++; t.used*2 <= len(t.entries) {
		return
	}
	old := t.entries
	t.entries, t.shift = make([]shortTerm, 2*len(old)), t.shift-1
	for _, e := range old {
		if e.key != 0 {
			*t.find(e.key) = e
		}
	}
}

func (x *indexWorker) add(term string) int32 {
	x.terms = append(x.terms, term)
	x.counts = append(x.counts, [3]int32{})
	return int32(len(x.terms) - 1)
}

func (x *indexWorker) index(it *SearchItem) []localTerm {
	if x.long == nil {
		x.long = map[string]int32{}
	}
	x.seen = x.seen[:0]
	for field, text := range [3]string{it.Title, it.Meta, it.Text} {
		tokenize(text, field < 2, func(t token) {
			k := x.number(t.text)
			c := &x.counts[k]
			if *c == [3]int32{} {
				x.seen = append(x.seen, k)
			}
			c[field]++
		})
	}
	out := make([]localTerm, len(x.seen))
	for i, k := range x.seen {
		c := &x.counts[k]
		out[i] = localTerm{k, weight(c[0], c[1], c[2])}
		*c = [3]int32{}
	}
	return out
}

// BuildSearchIndex indexes items (in the order given: that is their id).
func BuildSearchIndex(items []SearchItem) *SearchIndex {
	x, _ := buildSearchIndex(items, nil, nil)
	return x
}

// buildSearchIndex indexes items; prepare, when not nil, is called for each
// item first (on the same worker, to complete its Text). emit, when not
// nil, takes each file as soon as it is made, on any goroutine, and
// x.Files stays empty; the error is emit's first. Performance: a build
// writes the index as it is made rather than holding all of it until the
// end, which grew with the site (the shards of a province's schools).
func buildSearchIndex(items []SearchItem, prepare func(id int, it *SearchItem), emit func(path string, b []byte) error) (*SearchIndex, error) {
	var emitted struct {
		sync.Mutex
		err error
	}
	files := map[string][]byte{}
	var filesMu sync.Mutex
	// put makes path one of the index's files.
	put := func(path string, b []byte) {
		if emit == nil {
			filesMu.Lock()
			files[path] = b
			filesMu.Unlock()
			return
		}
		if err := emit(path, b); err != nil {
			emitted.Lock()
			if emitted.err == nil {
				emitted.err = err
			}
			emitted.Unlock()
		}
	}
	procs := runtime.GOMAXPROCS(0)
	iws := make([]indexWorker, procs)
	indexed := make([]indexedItem, len(items))
	workers.Each(len(items), nil, func(id, w int) {
		it := &items[id]
		if prepare != nil {
			prepare(id, it)
		}
		indexed[id] = indexedItem{worker: w, terms: iws[w].index(it)}
		if it.Kind == KindDocument {
			indexed[id].text = textEntry(it)
		}
	})

	// The text files and the manifest's list of items need only the
	// tokenized items: they are made (on the other core) while the
	// postings are merged, which is serial.
	var texts []int
	var textSums [][sha256.Size]byte
	var docsJSON []byte
	made := make(chan struct{})
	go func() {
		defer close(made)
		texts, textSums = packTexts(items, indexed, func(k int, b []byte) {
			put(layout.SearchShard("t", k), b)
		})
		docsJSON = manifestItems(items)
	}()

	// One number for each term across the iws, and the postings of
	// each term placed in one array: counted first, then filled in id
	// order, so that every list is in ascending id order.
	global := map[string]int32{}
	var termList []string // global number → term
	remap := make([][]int32, procs)
	for w := range iws {
		remap[w] = make([]int32, len(iws[w].terms))
		for k, t := range iws[w].terms {
			g, ok := global[t]
			if !ok {
				g = int32(len(termList))
				global[t] = g
				termList = append(termList, t)
			}
			remap[w][k] = g
		}
	}
	// Performance: counted and placed on every core, each part a run of
	// ids, its postings of a term after those of the parts before it.
	parts := make([]struct{ lo, hi int }, procs)
	for k := range parts {
		parts[k].lo, parts[k].hi = len(indexed)*k/procs, len(indexed)*(k+1)/procs
	}
	counts := make([][]int32, procs) // part → term → postings; then where the part's go
	workers.Each(procs, nil, func(k, _ int) {
		c := make([]int32, len(termList))
		for _, ii := range indexed[parts[k].lo:parts[k].hi] {
			for _, lt := range ii.terms {
				c[remap[ii.worker][lt.term]]++
			}
		}
		counts[k] = c
	})
	start := make([]int32, len(termList)+1) // postings of term g: start[g]…start[g+1]
	size := 0
	for g, t := range termList {
		n := start[g]
		for _, c := range counts {
			n, c[g] = n+c[g], n
		}
		start[g+1] = n
		size += len(t) + 6 + int(n-start[g])*5
	}
	postings := make([]posting, start[len(termList)])
	workers.Each(procs, nil, func(k, _ int) {
		fill := counts[k]
		for id := parts[k].lo; id < parts[k].hi; id++ {
			ii := &indexed[id]
			for _, lt := range ii.terms {
				g := remap[ii.worker][lt.term]
				postings[fill[g]] = posting{int32(id), lt.w}
				fill[g]++
			}
		}
	})

	shards := 1
	for shards < 1024 && size/shards > targetShardBytes {
		shards *= 2
	}
	// Each shard's terms, sorted with the shard.
	shardTerms := make([][]int32, shards)
	for g, t := range termList {
		k := shardOf(t, shards)
		shardTerms[k] = append(shardTerms[k], int32(g))
	}
	// The shards are sorted, written, and each one's hash taken, in
	// parallel.
	shardSums := make([][sha256.Size]byte, shards)
	workers.Each(shards, nil, func(k, _ int) {
		terms := shardTerms[k]
		sort.Slice(terms, func(i, j int) bool { return termList[terms[i]] < termList[terms[j]] })
		b := shardFile(terms, termList, start, postings)
		shardSums[k] = sha256.Sum256(b)
		put(layout.SearchShard("s", k), b)
	})
	<-made

	// The version is the hash of the files' hashes and the items.
	x := &SearchIndex{Shards: shards, TextFiles: len(texts), Items: len(items), Terms: len(termList)}
	if emit == nil {
		x.Files = files
	}
	sum := sha256.New()
	for k := range shardSums {
		sum.Write(shardSums[k][:])
	}
	for k := range textSums {
		sum.Write(textSums[k][:])
	}
	sum.Write(docsJSON)
	x.Version = hex.EncodeToString(sum.Sum(nil))[:10]
	put(layout.SearchIndex, manifestFile(docsJSON, shards, texts, x.Version))
	return x, emitted.err
}

// manifestFile is search/index.json, as encoding/json writes the object of its
// fields (keys in order): written directly, so that the list of items, a
// few megabytes on a province's site, is copied once.
func manifestFile(items []byte, shards int, texts []int, version string) []byte {
	b := make([]byte, 0, len(items)+len(version)+8*len(texts)+64)
	b = append(b, `{"items":`...)
	b = append(b, items...)
	b = append(b, `,"shards":`...)
	b = strconv.AppendInt(b, int64(shards), 10)
	b = append(b, `,"texts":[`...)
	for i, t := range texts {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(t), 10)
	}
	b = append(b, `],"v":2,"version":`...)
	b = escape.AppendJSONString(b, version, false)
	return append(b, '}')
}

// packTexts packs the texts of the documents into files in id order:
// each file's first id (texts[k]) and their hashes; file k is given to
// keep as it is made. Items that are not documents (schools) have null.
func packTexts(items []SearchItem, indexed []indexedItem, keep func(k int, b []byte)) (texts []int, sums [][sha256.Size]byte) {
	last := -1
	for id, it := range items {
		if it.Kind == KindDocument {
			last = id
		}
	}
	texts = []int{}
	for lo := 0; lo <= last; {
		n, hi := 1, lo // '[', then entries and commas
		for hi <= last {
			e := max(len(indexed[hi].text), len("null"))
			if hi > lo && n+1+e > textFileBytes {
				break
			}
			n += 1 + e
			hi++
		}
		texts = append(texts, lo)
		lo = hi
	}
	textEnd := func(k int) int {
		if k+1 < len(texts) {
			return texts[k+1]
		}
		return last + 1
	}
	sums = make([][sha256.Size]byte, len(texts))
	for k := range texts {
		n := 2
		for id := texts[k]; id < textEnd(k); id++ {
			n += 1 + max(len(indexed[id].text), len("null"))
		}
		b := make([]byte, 0, n)
		for id := texts[k]; id < textEnd(k); id++ {
			if id == texts[k] {
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			if t := indexed[id].text; t != nil {
				b = append(b, t...)
			} else {
				b = append(b, "null"...)
			}
		}
		b = append(b, ']')
		sums[k] = sha256.Sum256(b)
		keep(k, b)
	}
	return texts, sums
}

// manifestItems is the manifest's list of items, as JSON: for each, its
// URL, title, date, status, kind and line of metadata, and the county when
// it has one (as encoding/json writes the arrays).
func manifestItems(items []SearchItem) []byte {
	n := 2
	for i := range items {
		it := &items[i]
		n += len(it.URL) + len(it.Title) + len(it.Date) + len(it.Status) + len(it.Info) + len(it.County) + 32
	}
	b := append(make([]byte, 0, n), '[')
	for i := range items {
		it := &items[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for _, s := range []string{it.URL, it.Title, it.Date, it.Status} {
			b = escape.AppendJSONString(b, s, false)
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(it.Kind), 10)
		b = append(b, ',')
		b = escape.AppendJSONString(b, it.Info, false)
		if it.County != "" {
			b = append(b, ',')
			b = escape.AppendJSONString(b, it.County, false)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// shardFile is a shard: a JSON object of its terms in sorted order (as
// encoding/json writes a map) to their postings, written directly (terms
// are letters and digits, postings numbers). The postings of term g are
// postings[start[g]:start[g+1]], in ascending id order.
func shardFile(terms []int32, termList []string, start []int32, postings []posting) []byte {
	n := 2
	for _, g := range terms {
		n += len(termList[g]) + 6 + int(start[g+1]-start[g])*12
	}
	b := append(make([]byte, 0, n), '{')
	for i, g := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = escape.AppendJSONString(b, termList[g], false)
		b = append(b, ':', '[')
		prev := int32(0)
		for j, p := range postings[start[g]:start[g+1]] {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendInt(b, p.id-prev)
			b = append(b, ',')
			b = appendInt(b, p.w)
			prev = p.id
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendInt appends v in decimal, as strconv.AppendInt does. Performance:
// the shards are some two million numbers, nearly all below 10,000 (the
// gaps between ids, and the weights), for which strconv.AppendInt took a
// fifth of building the index (TestAppendIntAsStrconv).
func appendInt(b []byte, v int32) []byte {
	switch {
	case v < 0 || v >= 10000:
		return strconv.AppendInt(b, int64(v), 10)
	case v < 10:
		return append(b, byte('0'+v))
	case v < 100:
		return append(b, byte('0'+v/10), byte('0'+v%10))
	case v < 1000:
		return append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
	}
	return append(b, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// textEntry is a document's entry of its text file: {"s":summary,"x":text},
// the text cut to maxText characters.
func textEntry(it *SearchItem) []byte {
	text := it.Text
	if len(text) > maxText { // bytes ≥ characters: count only when needed
		if r := []rune(text); len(r) > maxText {
			text = string(r[:maxText])
		}
	}
	b := make([]byte, 0, len(it.Summ)+len(text)+16)
	b = append(b, `{"s":`...)
	b = escape.AppendJSONString(b, it.Summ, false)
	b = append(b, `,"x":`...)
	b = escape.AppendJSONString(b, text, false)
	return append(b, '}')
}

// marshal encodes v as compact JSON without HTML escaping (these are data
// files, never inlined into HTML).
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only strings, numbers and slices: cannot fail
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// plainText collapses the white space of a document's plain text: lines
// stay (they separate paragraphs in snippets), runs of spaces become one,
// empty lines go. (One pass, and none at all for a text that has nothing to
// collapse, as markdown's Plain mostly has not: splitting into lines and
// fields allocated a string per word.)
func plainText(s string) string {
	if collapsed(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	inLine := false // the current line has text
	space := false  // white space since the last text of this line
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '\n':
			inLine, space = false, false
		case unicode.IsSpace(r):
			space = true
		default:
			if !inLine {
				if len(b) > 0 {
					b = append(b, '\n')
				}
				inLine = true
			} else if space {
				b = append(b, ' ')
			}
			space = false
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// collapsed reports whether plainText(s) is s: no white space but single
// spaces between text and line breaks between non-empty lines. It looks at
// bytes: the lead bytes of the white space beyond ASCII (U+0085, U+00A0,
// U+1680, U+2000–U+205F, U+3000) are C2, E1, E2 and E3; Chinese text is
// skipped without decoding.
func collapsed(s string) bool {
	prev := byte('\n') // the start is like after a line break
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch collapseClass[c] {
		case 0:
		case separator:
			if prev == '\n' || prev == ' ' {
				return false
			}
		case otherSpace:
			return false
		case ideographic:
			// U+3000–U+3FFF, where the Chinese punctuation is: only the
			// ideographic space U+3000 (E3 80 80) is white space.
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
				return false
			}
		case maybeSpace:
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return false
			}
		}
		prev = c
	}
	return prev != '\n' && prev != ' ' || s == ""
}

// collapseClass sorts the bytes for collapsed (0: text, including every
// Chinese character's bytes). Performance: one look-up per byte of every
// document's text rather than a chain of comparisons.
var collapseClass = [256]uint8{
	'\n': separator, ' ': separator,
	'\t': otherSpace, '\v': otherSpace, '\f': otherSpace, '\r': otherSpace,
	0xE3: ideographic,
	0xC2: maybeSpace, 0xE1: maybeSpace, 0xE2: maybeSpace,
}

const (
	separator   = 1 + iota // a line break or a space: not two in a row
	otherSpace             // never in collapsed text
	ideographic            // E3: U+3000 is the ideographic space
	maybeSpace             // C2, E1, E2: decoded to tell
)
