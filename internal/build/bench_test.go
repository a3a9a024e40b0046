package build

import (
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

// The benchmarks of whole builds (docs/performance.md). Each iteration
// writes its output into a fresh in-memory layer over the source, so that
// iterations do not see each other's output and the disk does not enter.
//
//	go test ./internal/build -run '^$' -bench Build -benchtime 3x
//	go test ./internal/build -run '^$' -bench BuildProvince -benchtime 1x -cpuprofile cpu.out -memprofile mem.out

// Province is the site of the province-scale target: 2,000 documents and
// 5,000 school parts × 10 years across 10 counties.
var Province = synth.Options{Docs: 2000, Schools: 5000, Years: 10, Counties: 10}

// benchNow fixes the clock, so that every iteration builds the same site.
var benchNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var synthSites sync.Map // synth.Options → afero.Fs

// synthSite generates a site once per options, in memory, under /site.
func synthSite(b *testing.B, o synth.Options) afero.Fs {
	b.Helper()
	if fsys, ok := synthSites.Load(o); ok {
		return fsys.(afero.Fs)
	}
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/site", o); err != nil {
		b.Fatal(err)
	}
	synthSites.Store(o, fsys)
	return fsys
}

func benchBuild(b *testing.B, src afero.Fs, source string) {
	b.Helper()
	b.ReportAllocs()
	var sum Summary
	cpu0 := cpuTime()
	for b.Loop() {
		fsys := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(src), afero.NewMemMapFs())
		var diags []error
		s, ds, err := Build(Options{Fs: fsys, Source: source, Destination: "/out/public", Now: benchNow})
		if err != nil {
			for _, d := range ds {
				diags = append(diags, d)
			}
			b.Fatalf("%v: %v", err, diags[:min(len(diags), 5)])
		}
		sum = s
	}
	// CPU time (user + system) as well as wall time: on a shared machine
	// the wall time depends on what else runs, the CPU time much less.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(sum.Pages), "pages")
	b.ReportMetric(float64(sum.Files), "files")
	b.ReportMetric(float64(sum.Bytes)/1e6, "MB")
	if sum.Documents > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sum.Documents)/1e3, "µs/doc")
	}
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBuildExample builds the example site of the repository.
func BenchmarkBuildExample(b *testing.B) {
	benchBuild(b, afero.NewOsFs(), "../..")
}

// BenchmarkBuildDocs builds 2,000 documents and no data: the gongkai side
// of the comparison with Hugo, in process.
func BenchmarkBuildDocs(b *testing.B) {
	benchBuild(b, synthSite(b, synth.Options{Docs: 2000}), "/site")
}

// County is one county: 200 documents and 300 school parts × 3 years.
var County = synth.Options{Docs: 200, Schools: 300, Years: 3, Counties: 1}

// BenchmarkBuildCounty builds one county's site.
func BenchmarkBuildCounty(b *testing.B) {
	benchBuild(b, synthSite(b, County), "/site")
}

// BenchmarkBuildProvince builds the province-scale site.
func BenchmarkBuildProvince(b *testing.B) {
	benchBuild(b, synthSite(b, Province), "/site")
}

// BenchmarkLoadProvince is the first stage of the province build: read and
// check site.toml, the documents and the data, and compute the indicators.
func BenchmarkLoadProvince(b *testing.B) {
	fsys := synthSite(b, Province)
	b.ReportAllocs()
	for b.Loop() {
		s, dl := Load(Options{Fs: fsys, Source: "/site", Now: benchNow})
		if s == nil || dl.HasErrors(false) {
			b.Fatal(dl.All()[:min(len(dl.All()), 5)])
		}
	}
}
