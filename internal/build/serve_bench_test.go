package build_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/serve"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// The rebuild of gongkai serve after the smallest data edit — one figure of
// one row of the newest year's schools.csv — as the target has it
// ("a changed data row on the province site rebuilt in under 100 ms"). The
// server is not started: Rebuild is what its file watcher calls, and the
// requests go to its handler. A browser views the page of the row's school
// (its live-reload connection is open), so serve renders it in the rebuild and
// leaves the other changed pages to be made on request or in the
// background.
//
//	go test ./internal/build -run '^$' -bench ServeDataRow -benchtime 3x
//
// viewed-s: from the start of the rebuild until the viewed page is served
// with its new bytes (median), and viewed-cpu-s the process's CPU time in
// that span (median; a collection still running from the last edit
// counts); all-s: until every page whose inputs
// changed has been served too, which is what a rebuild that renders them
// all takes (median); rebuild-s: Rebuild alone (median); cpu-s: the
// process's CPU time per edit, background making and collection included
// (mean).
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
	csv, err := afero.ReadFile(src, path.Join("/site/data", strconv.Itoa(last), "schools.csv"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitN(strings.TrimPrefix(string(csv), "\uFEFF"), "\n", 3)
	id := strings.Split(lines[1], ",")[slices.Index(strings.Split(lines[0], ","), "学校标识码")]
	viewed := "/" + layout.School(id)
	fetch := func(p string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1/"+strings.TrimPrefix(p, "/"), nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", p, rec.Code)
		}
	}
	// The browser showing the page, as live.js connects.
	hs := httptest.NewServer(srv)
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/__gongkai/events?page=" + url.QueryEscape(viewed))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := resp.Body.Read(make([]byte, 1)); err != nil { // connected
		b.Fatal(err)
	}
	var views, viewCPU, alls, rebuilds []time.Duration
	cpu0 := cpuTime()
	for b.Loop() {
		if err := synth.ChangeOneRow(src, "/site", last); err != nil {
			b.Fatal(err)
		}
		start, cpuStart := time.Now(), cpuTime()
		took, errs := srv.Rebuild("data")
		if len(errs) > 0 {
			b.Fatal(errs[:min(len(errs), 5)])
		}
		fetch(viewed)
		views = append(views, time.Since(start))
		viewCPU = append(viewCPU, cpuTime()-cpuStart)
		for _, p := range srv.Status().Pending {
			fetch(p)
		}
		alls = append(alls, time.Since(start))
		rebuilds = append(rebuilds, took)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(median(views), "viewed-s")
	b.ReportMetric(median(viewCPU), "viewed-cpu-s")
	b.ReportMetric(median(alls), "all-s")
	b.ReportMetric(median(rebuilds), "rebuild-s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
	st := srv.Status()
	b.ReportMetric(float64(len(st.Changed)), "changed-files")
	b.ReportMetric(float64(len(st.Pending)), "pending-pages")
}

func median(d []time.Duration) float64 {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2].Seconds()
}

// cpuTime is the CPU time the process has used (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
