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
