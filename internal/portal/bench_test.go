package portal_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/portal"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/sitecheck"
)

var (
	synthOnce sync.Once
	synthDir  string
	synthErr  error
)

// synthetic2000 writes the 2,000-document site once per test binary.
func synthetic2000(b *testing.B) string {
	synthOnce.Do(func() {
		synthDir, synthErr = os.MkdirTemp("", "gongkai-synth-")
		if synthErr == nil {
			synthErr = sitecheck.WriteSyntheticSite(synthDir, "../../content", 2000)
		}
	})
	if synthErr != nil {
		b.Fatal(synthErr)
	}
	return synthDir
}

// BenchmarkSearchIndex2000 builds the search index of a site of 2,000
// documents from their plain text (as the render stage hands it over) and
// reports the size of what is written:
//
//	go test ./internal/portal -run '^$' -bench SearchIndex2000 -benchtime 3x
func BenchmarkSearchIndex2000(b *testing.B) {
	src := synthetic2000(b)
	site, diags := build.Load(build.Options{Fs: afero.NewOsFs(), Source: src})
	if site == nil || diags.HasErrors(false) {
		b.Fatalf("load: %v", diags.All())
	}
	md := markdown.New(markdown.Options{})
	plain := make([]string, len(site.Content.Docs))
	for i, d := range site.Content.Docs {
		res, _ := md.Render(d.Body)
		plain[i] = res.Plain
	}
	tr := func(key string) (string, error) { return key + "%v%v%v", nil }
	p, err := portal.New(portal.Options{Site: site.Config, Content: site.Content, Today: site.Today, T: tr})
	if err != nil {
		b.Fatal(err)
	}
	var x *portal.SearchIndex
	b.ResetTimer()
	for b.Loop() {
		x = p.SearchIndex(plain)
	}
	b.StopTimer()
	var manifest, shards, texts int
	for name, data := range x.Files {
		switch {
		case name == "search/index.json":
			manifest = len(data)
		case strings.HasPrefix(name, "search/s/"):
			shards += len(data)
		default:
			texts += len(data)
		}
	}
	b.ReportMetric(float64(len(site.Content.Docs)), "docs")
	b.ReportMetric(float64(x.Bytes())/1e6, "MB-index-total")
	b.ReportMetric(float64(manifest)/1e3, "kB-manifest")
	b.ReportMetric(float64(x.Shards), "shards")
	b.ReportMetric(float64(shards)/float64(x.Shards)/1e3, "kB/shard")
	b.ReportMetric(float64(x.TextFiles), "text-files")
	b.ReportMetric(float64(texts)/float64(x.TextFiles)/1e3, "kB/text-file")
	b.ReportMetric(float64(x.Terms), "terms")
}

// BenchmarkCataloguePages2000 renders every page of the catalogue of a site
// of 2,000 documents with the default theme (one core), the portal's
// largest share of a documents-only build:
//
//	go test ./internal/portal -run '^$' -bench CataloguePages2000 -benchtime 3x
func BenchmarkCataloguePages2000(b *testing.B) {
	src := synthetic2000(b)
	site, diags := build.Load(build.Options{Fs: afero.NewOsFs(), Source: src})
	if site == nil || diags.HasErrors(false) {
		b.Fatalf("load: %v", diags.All())
	}
	theme, ds := build.LoadTheme(afero.NewOsFs(), src, site.Config.Theme)
	if theme == nil {
		b.Fatalf("theme: %v", ds)
	}
	// Without the report's template functions the data layouts do not
	// parse; the catalogue's does (Execute fails otherwise).
	r, _ := render.New(site.Config, theme, site.Today, nil)
	var pages, bytes int
	b.ResetTimer()
	for b.Loop() {
		p, err := portal.New(portal.Options{Site: site.Config, Content: site.Content, Today: site.Today, T: r.T})
		if err != nil {
			b.Fatal(err)
		}
		pages, bytes = 0, 0
		for _, e := range p.Pages() {
			if e.Layout != "catalogue" {
				continue
			}
			ctx := &render.Context{Page: e.Page, Data: e.Data, Docs: site.Content.Docs, Sections: site.Content.Sections}
			if e.Make != nil {
				if ctx.Data, err = e.Make(&ctx.Page); err != nil {
					b.Fatal(err)
				}
			}
			out, err := r.Execute(e.Layout, ctx)
			if err != nil {
				b.Fatal(err)
			}
			pages++
			bytes += len(out)
		}
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*pages), "µs/page")
	b.ReportMetric(float64(bytes)/float64(pages)/1e3, "kB/page")
}
