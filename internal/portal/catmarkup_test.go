package portal

import (
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
)

// A row kept from an earlier catalogue page is the row written afresh, and
// one written for another status or another word for "none" is not kept
// for it.
func TestCatalogueRowKept(t *testing.T) {
	p := &Portal{opts: Options{Site: &config.Site{BasePath: "/sub/"}}}
	docs := []*content.Document{
		{Title: `标题 <b>&"'`, URL: "/docs/a/", Publisher: "某局", IndexNo: "001", DocNo: "示政发〔2024〕1号"},
		{Title: "没有文号", URL: "/docs/中文/", Publisher: "A&B"},
	}
	for round := 0; round < 3; round++ {
		for _, status := range []string{content.Valid, content.Repealed, content.Expired, content.Valid} {
			for _, none := range []string{"无", "—", "<无>"} {
				var rows []CatalogueRow
				for _, d := range docs {
					rows = append(rows, CatalogueRow{Doc: d, Status: status})
				}
				want := ""
				for _, r := range rows {
					want += p.writeRow(r, none)
				}
				if got := string(p.rowsHTML(rows, none)); got != want {
					t.Fatalf("status %s, none %q: rows\n%s\nwant\n%s", status, none, got, want)
				}
			}
		}
	}
}

// TestCatalogueJSONAsEncodingJSON: catalogue.json, written out, is the
// bytes encoding/json writes for the same value (SetEscapeHTML(false),
// marshal): markup, quotes, invalid UTF-8, U+2028, a facet without
// values, no documents.
func TestCatalogueJSONAsEncodingJSON(t *testing.T) {
	reference := func(p *Portal) []byte {
		cols := []string{"index_no", "title", "url", "publisher", "doc_no", "date", "status", "topic", "genre", "year"}
		rows := make([][]any, 0, len(p.opts.Content.Docs))
		for _, d := range p.opts.Content.Docs {
			rows = append(rows, []any{d.IndexNo, d.Title, p.opts.Site.URL(EscapePath(d.URL)), d.Publisher, d.DocNo,
				d.Date().String(), d.Status(p.opts.Today), d.Topic, d.Genre, p.facetValueOf("year", d)})
		}
		type value struct {
			Value string `json:"value"`
			Label string `json:"label"`
			URL   string `json:"url"`
		}
		type facet struct {
			Key    string  `json:"key"`
			Label  string  `json:"label"`
			Values []value `json:"values"`
		}
		facets := []facet{}
		for _, f := range p.facets {
			ff := facet{Key: f.Key, Label: f.Label}
			for _, v := range f.Values {
				ff.Values = append(ff.Values, value{v.Value, v.Label, p.opts.Site.URL(v.URL)})
			}
			facets = append(facets, ff)
		}
		return marshal(map[string]any{"cols": cols, "rows": rows, "facets": facets})
	}
	docs := []*content.Document{
		{Title: `标题 <b>&"'\` + "\u2028\x01", URL: "/docs/a/", Publisher: "某局", IndexNo: "001", DocNo: "示政发〔2024〕1号", Topic: "教育", Genre: "通知"},
		{Title: "没有文号\xff", URL: "/docs/中文 空格/", Publisher: "A&B"},
	}
	facets := []*Facet{
		{Key: "genre", Label: "体裁", Values: []*FacetValue{{Value: "通知", Label: "通知<>", URL: "catalogue/genre/%E9%80%9A%E7%9F%A5/"}, {Value: `"x"`, Label: "x", URL: "catalogue/genre/x/"}}},
		{Key: "topic", Label: "主题"},
	}
	for _, c := range []struct {
		docs   []*content.Document
		facets []*Facet
	}{{docs, facets}, {docs[:1], nil}, {nil, facets[1:]}, {nil, nil}} {
		p := &Portal{opts: Options{Site: &config.Site{BasePath: "/sub/"}, Content: &content.Content{Docs: c.docs}}, facets: c.facets}
		if got, want := string(p.catalogueJSON()), string(reference(p)); got != want {
			t.Errorf("catalogue.json\n got %s\nwant %s", got, want)
		}
	}
}
