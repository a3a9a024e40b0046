package build_test

import (
	"io"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/serve"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// The rebuild of gongkai serve after the smallest data edit — one figure of
// one row of the newest year's schools.csv — as the target has it
// ("serve rebuilds after one changed data row in under 1 s"). The server is
// not started: Rebuild is what its file watcher calls.
//
//	go test ./internal/build -run '^$' -bench ServeDataRow -benchtime 3x
func benchServeDataRow(b *testing.B, o synth.Options) {
	src := afero.NewMemMapFs()
	if _, err := synth.Generate(src, "/site", o); err != nil {
		b.Fatal(err)
	}
	srv, err := serve.New(serve.Options{Fs: src, Source: "/site", Log: io.Discard, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Skip("serve cannot listen here:", err)
	}
	if _, errs := srv.Rebuild(""); len(errs) > 0 {
		b.Fatal(errs[:min(len(errs), 5)])
	}
	last := o.LastYear
	if last == 0 {
		last = 2024
	}
	var total time.Duration
	for b.Loop() {
		if err := synth.ChangeOneRow(src, "/site", last); err != nil {
			b.Fatal(err)
		}
		took, errs := srv.Rebuild("data")
		if len(errs) > 0 {
			b.Fatal(errs[:min(len(errs), 5)])
		}
		total += took
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "rebuild-s")
	b.ReportMetric(float64(len(srv.Status().Changed)), "changed-files")
}

// BenchmarkServeDataRowCounty is one county: 200 documents, 300 school
// parts × 3 years.
func BenchmarkServeDataRowCounty(b *testing.B) {
	benchServeDataRow(b, build.County)
}

// BenchmarkServeDataRowProvince is the province-scale site.
func BenchmarkServeDataRowProvince(b *testing.B) {
	benchServeDataRow(b, build.Province)
}
