package sitecheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/portal"
)

// TestSearchIndexURLsResolve: every item of the search manifest links to a
// page the build wrote (documents and school pages).
func TestSearchIndexURLsResolve(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(example.Dir, "search", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Items [][]any `json:"items"`
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	schools := 0
	for _, it := range man.Items {
		u := it[0].(string)
		f, _, err := example.Resolve("search/index.html", u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(example.Dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("search item %q → %s: no such page", it[1], f)
		}
		if it[4].(float64) == portal.KindSchool {
			schools++
		}
	}
	if schools == 0 {
		t.Error("no school in the search index")
	}
}

// TestTokenizerMatchesJS: search.js splits text exactly as the index does.
func TestTokenizerMatchesJS(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/search/", 1000, 700)
	for _, s := range []string{
		"推进义务教育优质均衡发展", "示政办发〔2021〕18号", "11150000MB1234567X/2021-00018", "ＡＢＣ１２３全角", "2024年度报告",
		"校", "a", "第一小学（城关街道）", "𠀀𠀁汉字扩展", "Ünïcode café 学校", "①②③ ２０２４", strings.Repeat("x", 60),
	} {
		want := portal.Terms(s, false)
		var got []string
		js, _ := json.Marshal(s)
		pg.Eval(t, `(() => { const seen = new Set(), out = []; for (const t of gongkaiSearch.tokenize(`+string(js)+`, false)) { if (!seen.has(t.text)) { seen.add(t.text); out.push(t.text); } } return out; })()`, &got)
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: search.js %q, Go %q", s, got, want)
		}
	}
}

type result struct {
	Title   string `json:"title"`
	Href    string `json:"href"`
	Kind    string `json:"kind"`
	Mark    string `json:"mark"`
	Snippet string `json:"snippet"`
	Marked  int    `json:"marked"`
}

const resultsJS = `Array.from(document.querySelectorAll('#search-results > li')).map(li => ({
	title: li.querySelector('h2 a').textContent, href: li.querySelector('h2 a').getAttribute('href'),
	kind: li.querySelector('.result-kind').textContent, mark: (li.querySelector('h2 .mark') || {}).textContent || '',
	snippet: (li.querySelector('.result-snippet') || {}).textContent || '',
	marked: li.querySelectorAll('mark').length}))`

func searchFor(t *testing.T, q string) ([]result, string) {
	t.Helper()
	pg := sharedBrowser(t).Visit(t, served(t)+"/search/?q="+q, 1280, 900)
	pg.WaitFor(t, "document.getElementById('search-results').hasAttribute('data-done') || /没有找到/.test(document.getElementById('search-status').textContent)", 15*time.Second)
	var rs []result
	pg.Eval(t, resultsJS, &rs)
	var status string
	pg.Eval(t, `document.getElementById('search-status').textContent`, &status)
	pg.AssertClean(t)
	return rs, status
}

// TestSearchInBrowser runs queries on the example site's search page.
func TestSearchInBrowser(t *testing.T) {
	t.Run("title hits first", func(t *testing.T) {
		rs, status := searchFor(t, "优质均衡")
		if len(rs) < 3 || !strings.Contains(status, "共") {
			t.Fatalf("优质均衡: %d results, status %q", len(rs), status)
		}
		inTitle := true
		for _, r := range rs {
			has := strings.Contains(r.Title, "优质均衡")
			if has && !inTitle {
				t.Errorf("%q (title hit) ranks below a result without the words in its title", r.Title)
			}
			inTitle = inTitle && has
			if r.Kind == "文件" && r.Marked == 0 {
				t.Errorf("%q: nothing highlighted", r.Title)
			}
		}
	})
	t.Run("body text, bigrams", func(t *testing.T) {
		rs, _ := searchFor(t, "交流轮岗")
		if len(rs) == 0 || !strings.Contains(rs[0].Snippet+rs[0].Title, "交流轮岗") {
			t.Fatalf("交流轮岗: %+v", rs)
		}
	})
	t.Run("school by name and id", func(t *testing.T) {
		rs, _ := searchFor(t, "第一小学")
		if len(rs) == 0 || rs[0].Kind != "学校" || !strings.HasSuffix(rs[0].Href, "/schools/2150000001/") {
			t.Fatalf("第一小学: %+v", rs)
		}
		rs, _ = searchFor(t, "2150000001")
		if len(rs) == 0 || rs[0].Kind != "学校" {
			t.Fatalf("2150000001: %+v", rs)
		}
	})
	t.Run("repealed marked", func(t *testing.T) {
		rs, _ := searchFor(t, "基本均衡发展成果")
		found := false
		for _, r := range rs {
			if r.Mark == "废止" {
				found = true
			}
		}
		if !found {
			t.Errorf("no 废止 mark among %+v", rs)
		}
	})
	t.Run("doc number", func(t *testing.T) {
		rs, _ := searchFor(t, "示政办发〔2021〕36号")
		if len(rs) == 0 || !strings.Contains(rs[0].Title, "优质均衡发展规划") {
			t.Errorf("示政办发〔2021〕36号: %+v", rs)
		}
	})
	t.Run("nothing", func(t *testing.T) {
		rs, status := searchFor(t, "量子计算机")
		if len(rs) != 0 || !strings.Contains(status, "没有找到") {
			t.Errorf("量子计算机: %d results, %q", len(rs), status)
		}
	})
}

// TestCatalogueFiltersInBrowser: with JavaScript the facet links become a
// form that filters at once and keeps the address shareable.
func TestCatalogueFiltersInBrowser(t *testing.T) {
	pg := sharedBrowser(t).Visit(t, served(t)+"/catalogue/", 1280, 900)
	pg.WaitFor(t, "!document.getElementById('cat-filter').hidden", 15*time.Second)
	var st struct {
		Rows    int
		Facets  bool
		Path    string
		Caption string
	}
	get := func() {
		pg.Eval(t, `({rows: document.querySelectorAll('#cat-rows tr').length, facets: !document.getElementById('cat-facets').hidden,
			path: decodeURIComponent(location.pathname + location.search), caption: document.getElementById('cat-caption').textContent})`, &st)
	}
	get()
	if st.Facets || st.Rows == 0 {
		t.Fatalf("after load: %+v", st)
	}
	pg.Eval(t, `(() => { const s = document.getElementById('cat-f-validity'); s.value = '废止'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, nil)
	pg.WaitFor(t, `decodeURIComponent(location.pathname) === '/catalogue/validity/废止/'`, 15*time.Second)
	get()
	if static := countRows(t, "catalogue/validity/废止/index.html"); st.Rows != static {
		t.Errorf("废止: %+v, static page has %d rows", st, static)
	}
	pg.Eval(t, `(() => { const s = document.getElementById('cat-f-genre'); s.value = s.options[1].value; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, nil)
	pg.WaitFor(t, `location.search.includes('genre=') && location.search.includes('validity=')`, 15*time.Second)
	pg.Eval(t, `(document.querySelector('#cat-filter button[type=reset]').click(), true)`, nil)
	pg.WaitFor(t, `location.pathname === '/catalogue/' && location.search === ''`, 15*time.Second)
	get()
	if st.Rows != countRows(t, "catalogue/index.html") {
		t.Errorf("after reset: %+v", st)
	}
	pg.AssertClean(t)

	// An address with a filter opens filtered.
	pg2 := sharedBrowser(t).Visit(t, served(t)+"/catalogue/?validity=%E5%A4%B1%E6%95%88", 1280, 900)
	want := countRows(t, "catalogue/validity/失效/index.html")
	pg2.WaitFor(t, fmt.Sprintf("document.querySelectorAll('#cat-rows tr').length === %d", want), 15*time.Second)
	pg2.AssertClean(t)
}

func countRows(t *testing.T, page string) int {
	t.Helper()
	b := readPage(t, example, page)
	b, _, _ = bytes.Cut(bytes.SplitN(b, []byte(`<tbody id="cat-rows">`), 2)[1], []byte("</tbody>"))
	return bytes.Count(b, []byte("<tr>"))
}

// TestSearchSnippetsAcrossTextFiles: on a site of 400 documents, whose texts
// the index packs into many files (search/t/<k>.json, see
// internal/portal/search.go), every result shown — the first page and two
// more — has its snippet, highlighted and cut from its own document, and the
// search page fetched several text files for them, each once.
func TestSearchSnippetsAcrossTextFiles(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "site")
	if err := WriteSyntheticSite(src, filepath.Join(repoRoot, "content"), 400); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(tmp, "public")
	if _, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: dest}); err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
	var man struct {
		Texts []int `json:"texts"`
	}
	b, err := os.ReadFile(filepath.Join(dest, "search", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if len(man.Texts) < 4 || len(man.Texts) > 400/5 {
		t.Fatalf("%d text files for 400 documents", len(man.Texts))
	}
	pg := sharedBrowser(t).Visit(t, newServer(dest)+"/search/?q="+"教育", 1280, 900)
	defer pg.Close()
	pg.WaitFor(t, "document.getElementById('search-results').hasAttribute('data-done')", 30*time.Second)
	allSnippets := `Array.from(document.querySelectorAll('#search-results .result-snippet')).every(p => p.textContent !== '')`
	for i := 0; i < 2; i++ {
		pg.Eval(t, `(document.getElementById('search-more').click(), true)`, nil)
		pg.WaitFor(t, fmt.Sprintf("document.querySelectorAll('#search-results > li').length >= %d && %s", 20*(i+2), allSnippets), 30*time.Second)
	}
	var rs []result
	pg.Eval(t, resultsJS, &rs)
	if len(rs) != 60 {
		t.Fatalf("%d results shown", len(rs))
	}
	for _, r := range rs {
		if r.Kind == "" || r.Kind == "学校" || r.Marked < 2 { // a document, labelled by its section; the title's highlight and the snippet's
			t.Errorf("%q: kind %s, %d highlights, snippet %q", r.Title, r.Kind, r.Marked, r.Snippet)
		}
		// A piece of the snippet is in the document's page: the middle of
		// its longest run without a space (spaces join paragraphs).
		var piece []rune
		for _, f := range strings.Fields(strings.Trim(r.Snippet, "…")) {
			if len([]rune(f)) > len(piece) {
				piece = []rune(f)
			}
		}
		if len(piece) > 16 {
			piece = piece[len(piece)/2-8 : len(piece)/2+8]
		}
		if len(piece) < 4 {
			t.Errorf("%q: snippet %q", r.Title, r.Snippet)
		}
		page, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(r.Href, "/")), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html.UnescapeString(string(page)), string(piece)) {
			t.Errorf("%q: the snippet's %q is not on its page", r.Title, string(piece))
		}
	}
	var fetched []string
	pg.Eval(t, `performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/t/'))`, &fetched)
	seen := map[string]bool{}
	for _, u := range fetched {
		if seen[u] {
			t.Errorf("%s fetched twice", u)
		}
		seen[u] = true
	}
	if len(fetched) < 2 {
		t.Errorf("text files fetched: %v", fetched)
	}
	pg.AssertClean(t)
}
