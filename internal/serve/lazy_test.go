package serve

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// After a data row changes, the page a browser shows is rendered at once
// and the browser told to reload; the other pages whose inputs changed are
// made when first asked for, with the bytes of a fresh build; a request
// that comes while a rebuild runs gets the whole old site, or — for a page
// it would have to make — waits for the new one.
func TestServeViewedFirst(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 10, Schools: 40, Years: 3, Counties: 2}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var holding atomic.Bool
	held, release := make(chan struct{}), make(chan struct{})
	s, log := start(t, Options{Fs: fsys, Source: "/s", Now: now, Poll: time.Hour}, func(s *Server) {
		s.quiet = true // the pages left stay left, for the requests below
		s.hold = func() {
			if holding.Load() {
				held <- struct{}{}
				<-release
			}
		}
	})
	fresh := func() *output.Memory {
		t.Helper()
		out := output.NewMemory()
		if _, ds, err := build.Build(build.Options{Fs: fsys, Source: "/s", Destination: "/public", Output: out, BaseURL: s.URL(), Now: now}); err != nil {
			t.Fatal(err, ds)
		}
		return out
	}
	// What a browser gets, without the live-reload script.
	fetch := func(p string) []byte {
		t.Helper()
		resp, err := http.Get(s.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, b)
		}
		return bytes.Replace(b, []byte(`<script src="/__gongkai/live.js" defer></script>`), nil, 1)
	}

	// The school of the row synth.ChangeOneRow changes.
	csv, _ := afero.ReadFile(fsys, "/s/data/2024/schools.csv")
	school := "/" + layout.School(strings.Split(strings.SplitN(string(csv), "\n", 3)[1], ",")[2])
	events := sseOn(t, s, school)
	next(t, events, "status")

	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	s.Rebuild("data/2024/schools.csv")
	st := next(t, events, "reload")
	if !contains(st.Changed, school) || contains(st.Pending, school) {
		t.Errorf("the viewed page %s is not among the changed: %+v", school, st)
	}
	if len(st.Pending) < 5 {
		t.Fatalf("%d pages left to be made on request: %v", len(st.Pending), st.Pending)
	}
	if !strings.Contains(log.String(), "在首次请求时生成") {
		t.Errorf("the terminal does not tell the pages left:\n%s", log.String())
	}
	if _, body := get(t, s.URL()+"__gongkai/status"); !strings.Contains(body, `"pending":["/`) {
		t.Errorf("status: %s", body)
	}
	s.mu.RLock()
	snap := s.cur
	s.mu.RUnlock()
	for _, u := range st.Pending {
		if !snap.out.Pending(sitePath(u)) {
			t.Errorf("%s: made before it was asked for", u)
		}
	}
	if snap.out.Pending(sitePath(school)) {
		t.Error("the viewed page was left to be made on request")
	}
	viewed := fetch(school)
	left := st.Pending[0]

	// A rebuild held before its site is served: the old site is served
	// whole, and a page of it left to be made waits for the new one.
	holding.Store(true)
	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	go s.Rebuild("data/2024/schools.csv")
	<-held
	if got := fetch(school); !bytes.Equal(got, viewed) {
		t.Error("during a rebuild, the viewed page is not the old one")
	}
	got := make(chan []byte, 1)
	go func() { got <- fetch(left) }()
	var early []byte
	select {
	case early = <-got:
		t.Errorf("%s was made from the state of a build that is being replaced", left)
	case <-time.After(300 * time.Millisecond):
	}
	holding.Store(false)
	close(release)
	want := fresh()
	if early == nil {
		early = <-got
	}
	if b, _ := want.File(sitePath(left)); !bytes.Equal(early, b) {
		t.Errorf("%s, asked for during the rebuild, differs from a fresh build of the new data", left)
	}
	next(t, events, "reload")

	// Every file, pages left to be made included, as a fresh build.
	for _, p := range want.Paths() {
		if b, _ := want.File(p); !bytes.Equal(fetch(p), b) {
			t.Errorf("%s differs from a fresh build", p)
		}
	}

	// A page left to be made when a later build fails is not made from
	// what that build left: its request gets the errors.
	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	s.Rebuild("data/2024/schools.csv")
	left = next(t, events, "reload").Pending[0]
	csv, _ = afero.ReadFile(fsys, "/s/data/2024/schools.csv")
	if err := afero.WriteFile(fsys, "/s/data/2024/schools.csv", bytes.Replace(csv, []byte(",小学,"), []byte(",大学,"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs := s.Rebuild("data/2024/schools.csv"); len(errs) == 0 {
		t.Fatal("a school of level 大学 was taken")
	}
	code, body := get(t, s.URL()+strings.TrimPrefix(left, "/"))
	if code != http.StatusInternalServerError || !strings.Contains(body, "修正以下错误后才能生成") || !strings.Contains(body, "data/2024/schools.csv:") {
		t.Errorf("%s after a failed build: %d\n%s", left, code, body)
	}
	if err := afero.WriteFile(fsys, "/s/data/2024/schools.csv", csv, 0o644); err != nil {
		t.Fatal(err)
	}
	s.Rebuild("data/2024/schools.csv")
	want = fresh()
	if b, _ := want.File(sitePath(left)); !bytes.Equal(fetch(left), b) {
		t.Errorf("%s after the fix differs from a fresh build", left)
	}
}
