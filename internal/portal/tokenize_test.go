package portal

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
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

// TestSearchIndexFormat decodes the files of a small index as search.js
// does: postings delta-encoded, weights packing title/metadata/body counts,
// each term in the shard its hash names.
func TestSearchIndexFormat(t *testing.T) {
	items := []SearchItem{
		{URL: "/a/", Title: "义务教育优质均衡发展规划", Kind: KindDocument, Text: "规划正文。均衡发展。", Summ: "摘要"},
		{URL: "/b/", Title: "教师交流轮岗", Kind: KindDocument, Meta: "均衡", Text: "推进优质均衡，均衡，均衡。"},
		{URL: "/schools/1/", Title: "示例县第一小学", Kind: KindSchool, Meta: "2150000001 城关街道"},
	}
	x := BuildSearchIndex(items)
	var man struct {
		Version string  `json:"version"`
		Shards  int     `json:"shards"`
		Items   [][]any `json:"items"`
	}
	if err := json.Unmarshal(x.Files["search/index.json"], &man); err != nil {
		t.Fatal(err)
	}
	if man.Shards != x.Shards || len(man.Items) != 3 || man.Version != x.Version || man.Items[2][0] != "/schools/1/" {
		t.Fatalf("manifest %+v", man)
	}
	lookup := func(term string) map[int]int {
		var shard map[string][]int
		if err := json.Unmarshal(x.Files[fmt.Sprintf("search/s/%d.json", shardOf(term, x.Shards))], &shard); err != nil {
			t.Fatal(err)
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
	got := lookup("均衡")
	// item 0: title 1, body 1 → 1001; item 1: meta 1, body 3 → 103.
	if want := map[int]int{0: 1001, 1: 103}; !reflect.DeepEqual(got, want) {
		t.Errorf("均衡: %v, want %v", got, want)
	}
	if got := lookup("2150000001"); !reflect.DeepEqual(got, map[int]int{2: 100}) {
		t.Errorf("school id: %v", got)
	}
	if got := lookup("学"); got[2] != 1000 { // unigram of a title
		t.Errorf("学: %v", got)
	}
	if _, ok := x.Files["search/t/0.json"]; !ok {
		t.Error("no text of item 0")
	}
	if _, ok := x.Files["search/t/2.json"]; ok {
		t.Error("a school has a text file")
	}
}
