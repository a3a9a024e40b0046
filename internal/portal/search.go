package portal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
)

// The static search index (search/ in the output). It is split so that a
// query downloads only what it needs, which keeps search fast on a site of
// thousands of documents:
//
//	search/index.json        the manifest: every searchable item (URL,
//	                         title, date, 有效性, kind, one line of
//	                         metadata), the number of shards and a version
//	search/s/<k>.json        shard k: term → postings, for the terms whose
//	                         FNV-1a hash is k modulo the number of shards
//	search/t/<id>.json       item id's text (summary and body), fetched only
//	                         for the results shown, to cut the snippet
//
// A posting list is a flat array [id, weight, Δid, weight, …] with ids
// ascending and delta-encoded. The weight packs where the term occurs in the
// item: 1000 × title count + 100 × metadata count + body count (each capped
// at 9, 9 and 99), so that a query can rank title hits above metadata hits
// above body hits. Items are numbered in the order of the manifest: documents
// newest first, then schools.

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
	Meta   string // indexed metadata text
	Text   string // body text (plain), indexed and used for snippets
	Summ   string // summary, shown when the body has no hit
}

// SearchIndex is the built index: the files to write, by site path.
type SearchIndex struct {
	Files   map[string][]byte
	Version string // short hash of the whole index
	Shards  int
	Items   int
	Terms   int
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

// maxText caps the text kept for snippets, in characters.
const maxText = 30000

func weight(t, m, b int) int {
	return min(t, 9)*1000 + min(m, 9)*100 + min(b, 99)
}

// shardOf is FNV-1a (32 bit) of the term's UTF-8 bytes modulo n; search.js
// computes the same.
func shardOf(term string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(n))
}

// BuildSearchIndex indexes items (in the order given: that is their id).
func BuildSearchIndex(items []SearchItem) *SearchIndex {
	type posting struct{ id, w int }
	postings := map[string][]posting{}
	for id, it := range items {
		counts := map[string]*[3]int{}
		count := func(field int) func(token) {
			return func(t token) {
				c := counts[t.text]
				if c == nil {
					c = &[3]int{}
					counts[t.text] = c
				}
				c[field]++
			}
		}
		tokenize(it.Title, true, count(0))
		tokenize(it.Meta, true, count(1))
		tokenize(it.Text, false, count(2))
		for term, c := range counts {
			postings[term] = append(postings[term], posting{id, weight(c[0], c[1], c[2])})
		}
	}
	termList := make([]string, 0, len(postings))
	size := 0
	for term, ps := range postings {
		termList = append(termList, term)
		size += len(term) + 6 + len(ps)*5
	}
	sort.Strings(termList)
	shards := 1
	for shards < 1024 && size/shards > targetShardBytes {
		shards *= 2
	}
	shardTerms := make([]map[string][]int, shards)
	for i := range shardTerms {
		shardTerms[i] = map[string][]int{}
	}
	for _, term := range termList {
		ps := postings[term] // ids ascending: items were added in order
		flat := make([]int, 0, 2*len(ps))
		prev := 0
		for _, p := range ps {
			flat = append(flat, p.id-prev, p.w)
			prev = p.id
		}
		shardTerms[shardOf(term, shards)][term] = flat
	}

	x := &SearchIndex{Files: map[string][]byte{}, Shards: shards, Items: len(items), Terms: len(termList)}
	sum := sha256.New()
	for k, m := range shardTerms {
		b := marshal(m)
		name := fmt.Sprintf("search/s/%d.json", k)
		x.Files[name] = b
		sum.Write(b)
	}
	for id, it := range items {
		if it.Kind != KindDocument {
			continue
		}
		text := it.Text
		if r := []rune(text); len(r) > maxText {
			text = string(r[:maxText])
		}
		b := marshal(map[string]string{"s": it.Summ, "x": text})
		x.Files[fmt.Sprintf("search/t/%d.json", id)] = b
		sum.Write(b)
	}
	docs := make([][]any, len(items))
	for i, it := range items {
		docs[i] = []any{it.URL, it.Title, it.Date, it.Status, it.Kind, it.Info}
	}
	docsJSON := marshal(docs)
	sum.Write(docsJSON)
	x.Version = hex.EncodeToString(sum.Sum(nil))[:10]
	x.Files["search/index.json"] = marshal(map[string]any{"v": 1, "version": x.Version, "shards": shards, "items": json.RawMessage(bytes.TrimSpace(docsJSON))})
	return x
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
// stay (they separate paragraphs in snippets), runs of spaces become one.
func plainText(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
