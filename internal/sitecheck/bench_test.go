package sitecheck

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
)

// BenchmarkSearchQuery2000 measures search in the browser on a site of
// 2,000 documents (WriteSyntheticSite): for each query, a freshly opened
// search page (cold: the manifest, the shards of the query's terms and the
// texts of the first 20 results are fetched from a local server) and the
// same query again on that page (warm: all cached). It reports the median
// time to the first 20 results with their snippets, the time to the ranked
// list, and the bytes the cold query fetched.
//
//	go test ./internal/sitecheck -run '^$' -bench SearchQuery2000 -benchtime 1x
func BenchmarkSearchQuery2000(b *testing.B) {
	tmp := b.TempDir()
	src := filepath.Join(tmp, "site")
	if err := WriteSyntheticSite(src, filepath.Join(repoRoot, "content"), 2000); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(tmp, "public")
	start := time.Now()
	sum, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: dest})
	if err != nil {
		b.Fatalf("build: %v %v", err, diags)
	}
	b.Logf("built %d documents, %d pages in %v", sum.Documents, sum.Pages, time.Since(start).Round(time.Millisecond))
	base := newServer(dest)
	br := sharedBrowser(b)
	queries := []string{"优质均衡", "教师交流轮岗", "学校布局调整", "均衡", "大班额", "示教体发", "2024年", "乡村学校音乐美术专用教室"}
	var cold, warm, rank []float64
	var bytes []float64
	b.ResetTimer()
	for b.Loop() {
		for _, q := range queries {
			pg := br.Visit(b, base+"/search/?q="+url.QueryEscape(q), 1280, 900)
			pg.WaitFor(b, "window.gongkaiSearchTiming && window.gongkaiSearchTiming.query === "+fmt.Sprintf("%q", q), 60*time.Second)
			var tm struct {
				Results         int
				RankMs, TotalMs float64
			}
			pg.Eval(b, `window.gongkaiSearchTiming`, &tm)
			var fetched float64
			pg.Eval(b, `performance.getEntriesByType('resource').filter(e => e.name.includes('/search/')).reduce((s, e) => s + e.decodedBodySize, 0)`, &fetched)
			cold = append(cold, tm.TotalMs)
			bytes = append(bytes, fetched)
			pg.Eval(b, `gongkaiSearch.run(`+fmt.Sprintf("%q", q)+`, false).then(() => window.gongkaiSearchTiming)`, &tm)
			warm = append(warm, tm.TotalMs)
			rank = append(rank, tm.RankMs)
			b.Logf("%s: %d results; cold %.0f ms (%.0f kB fetched), warm %.1f ms (ranking %.1f ms)", q, tm.Results, cold[len(cold)-1], fetched/1e3, tm.TotalMs, tm.RankMs)
			pg.Close()
		}
	}
	b.StopTimer()
	b.ReportMetric(median(cold), "ms-cold-query")
	b.ReportMetric(median(warm), "ms-warm-query")
	b.ReportMetric(median(rank), "ms-warm-ranking")
	b.ReportMetric(median(bytes)/1e3, "kB-fetched-cold")
	var total int64
	filepath.Walk(filepath.Join(dest, "search"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && filepath.Ext(p) == ".json" {
			total += info.Size()
		}
		return nil
	})
	b.ReportMetric(float64(total)/1e6, "MB-index")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
