package portal

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
)

// TestSitemapIndexAboveLimit: a site of more than 50,000 pages gets a
// sitemap index at sitemap.xml naming parts of at most 50,000 pages each,
// which together list every page once; up to 50,000 pages it is one
// sitemap.xml. (A list of pages stands for a site of that size.)
func TestSitemapIndexAboveLimit(t *testing.T) {
	p := &Portal{opts: Options{Site: &config.Site{BaseURL: "https://example.gov.cn/jyj/", BasePath: "/jyj/"}, Content: &content.Content{}}}
	pages := func(n int) []string {
		out := []string{"404.html"} // never in the sitemap
		for i := range n {
			out = append(out, fmt.Sprintf("schools/%06d/index.html", i))
		}
		sort.Strings(out)
		return out
	}
	type set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	parse := func(b []byte) set {
		t.Helper()
		var s set
		if err := xml.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	files := p.sitemaps(pages(50000))
	if len(files) != 1 {
		t.Fatalf("50,000 pages: %d files, want sitemap.xml alone", len(files))
	}
	if s := parse(files["sitemap.xml"]); s.XMLName.Local != "urlset" || len(s.URLs) != 50000 {
		t.Fatalf("50,000 pages: <%s> with %d URLs", s.XMLName.Local, len(s.URLs))
	}

	files = p.sitemaps(pages(120001))
	if len(files) != 4 {
		t.Fatalf("120,001 pages: %d files, want the index and 3 parts", len(files))
	}
	idx := parse(files["sitemap.xml"])
	if idx.XMLName.Local != "sitemapindex" || len(idx.Sitemaps) != 3 {
		t.Fatalf("sitemap.xml: <%s> naming %d sitemaps", idx.XMLName.Local, len(idx.Sitemaps))
	}
	seen := map[string]bool{}
	for n, sm := range idx.Sitemaps {
		want := fmt.Sprintf("https://example.gov.cn/jyj/sitemap-%d.xml", n+1)
		if sm.Loc != want {
			t.Errorf("index entry %d: %s, want %s", n, sm.Loc, want)
		}
		part := parse(files[fmt.Sprintf("sitemap-%d.xml", n+1)])
		if part.XMLName.Local != "urlset" || len(part.URLs) > 50000 || len(part.URLs) == 0 {
			t.Errorf("sitemap-%d.xml: <%s> with %d URLs", n+1, part.XMLName.Local, len(part.URLs))
		}
		for _, u := range part.URLs {
			if seen[u.Loc] {
				t.Errorf("%s twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != 120001 || !seen["https://example.gov.cn/jyj/schools/120000/"] || !seen["https://example.gov.cn/jyj/schools/000000/"] {
		t.Errorf("the parts list %d pages, want 120,001 with the first and the last", len(seen))
	}
}

// writeSitemap writes what encoding/xml writes for the sitemap's and the
// index's structs: the same bytes for addresses that need escaping, with
// and without lastmod, and for none.
func TestSitemapAsEncodingXML(t *testing.T) {
	lists := [][]sitemapURL{
		nil,
		{{Loc: "https://example.gov.cn/"}},
		{{Loc: "https://example.gov.cn/a/?x=1&y=<2>", LastMod: "2024-01-02"}, {Loc: "https://example.gov.cn/\"引号'/\t\n\r"}, {Loc: "https://example.gov.cn/%E4%B8%AD/", LastMod: "<&>"}},
		{{Loc: "https://example.gov.cn/\x01\uFFFE"}},
	}
	for i, urls := range lists {
		if got, want := writeSitemap("urlset", "url", urls), encodeXML(urlset{NS: sitemapNS, URLs: urls}); !bytes.Equal(got, want) {
			t.Errorf("sitemap %d:\n%s\nencoding/xml:\n%s", i, got, want)
		}
		if got, want := writeSitemap("sitemapindex", "sitemap", urls), encodeXML(sitemapIndex{NS: sitemapNS, Sitemaps: urls}); !bytes.Equal(got, want) {
			t.Errorf("index %d:\n%s\nencoding/xml:\n%s", i, got, want)
		}
	}
}

// The sitemap's and the index's structs as encoding/xml writes them: what
// writeSitemap writes by hand.
type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapIndex names the parts of a sitemap.
type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// encodeXML is v as an indented XML document.
func encodeXML(v any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}
