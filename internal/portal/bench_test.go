package portal_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/portal"
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

// BenchmarkSearchIndex2000 builds the search index (and the catalogue) of a
// site of 2,000 documents and reports the size of what is written:
//
//	go test ./internal/portal -run '^$' -bench SearchIndex2000 -benchtime 3x
func BenchmarkSearchIndex2000(b *testing.B) {
	src := synthetic2000(b)
	site, diags := build.Load(build.Options{Fs: afero.NewOsFs(), Source: src})
	if site == nil || diags.HasErrors(false) {
		b.Fatalf("load: %v", diags.All())
	}
	tr := func(key string) (string, error) { return key + "%v%v%v", nil }
	var p *portal.Portal
	b.ResetTimer()
	for b.Loop() {
		var err error
		p, err = portal.New(portal.Options{Site: site.Config, Content: site.Content, Today: site.Today, T: tr})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	x := p.Search()
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
	b.ReportMetric(float64(texts)/float64(len(site.Content.Docs))/1e3, "kB/snippet-text")
	b.ReportMetric(float64(x.Terms), "terms")
	_ = filepath.Join
}
