package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
)

var today = time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)

// syncBuffer is a log safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a server; setup, when given, changes it before it runs.
func start(t *testing.T, o Options, setup ...func(*Server)) (*Server, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	o.Log = log
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		f(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
	})
	waitFor(t, func() bool { return s.Status().Generation > 0 })
	return s, log
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// sse reads the events of /__gongkai/events into a channel.
func sse(t *testing.T, s *Server) <-chan [2]string {
	t.Helper()
	return sseOn(t, s, "")
}

// sseOn is sse from a browser showing page (a URL path), as live.js does.
func sseOn(t *testing.T, s *Server, page string) <-chan [2]string {
	t.Helper()
	resp, err := http.Get(s.URL() + "__gongkai/events?page=" + url.QueryEscape(page))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan [2]string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ch <- [2]string{name, strings.TrimPrefix(line, "data: ")}
			}
		}
		close(ch)
	}()
	return ch
}

func next(t *testing.T, ch <-chan [2]string, name string) Status {
	t.Helper()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("event stream closed before %q", name)
			}
			if e[0] != name {
				continue
			}
			var st Status
			if err := json.Unmarshal([]byte(e[1]), &st); err != nil {
				t.Fatal(err)
			}
			return st
		case <-time.After(20 * time.Second):
			t.Fatalf("no %q event", name)
		}
	}
}

// write changes a file and makes sure its modification time moves on, as
// an editor's save does.
func write(t *testing.T, fsys afero.Fs, name, body string) {
	t.Helper()
	if err := afero.WriteFile(fsys, name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	_ = fsys.Chtimes(name, now, now)
}

func TestServeEditBreakFix(t *testing.T) {
	dir := t.TempDir()
	osfs := afero.NewOsFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: osfs, Dir: dir, Today: today}); err != nil {
		t.Fatal(err)
	}
	s, log := start(t, Options{Source: dir, Now: today})
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %s: not on the loopback address", s.URL())
	}
	page := s.URL() + "policies/balance-plan/"
	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "各学校：") {
		t.Fatalf("page: %d\n%s", code, body)
	}
	if !strings.Contains(body, `<script src="/__gongkai/live.js" defer></script></head>`) {
		t.Error("live-reload script not injected before </head>")
	}
	if code, js := get(t, s.URL()+"__gongkai/live.js"); code != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("live.js: %d", code)
	}
	events := sse(t, s)
	if st := next(t, events, "status"); !st.OK || !st.Serving {
		t.Fatalf("status %+v", st)
	}

	// An edit: the rebuilt page is served, and the open page is told.
	docFile := filepath.Join(dir, "content", "policies", "balance-plan.md")
	src, _ := afero.ReadFile(osfs, docFile)
	good := strings.Replace(string(src), "各学校：", "各学校（第二稿）：", 1)
	write(t, osfs, docFile, good)
	st := next(t, events, "reload")
	if !st.OK || !contains(st.Changed, "/policies/balance-plan/") {
		t.Errorf("reload event %+v: the page is not among the changed", st)
	}
	if _, body := get(t, page); !strings.Contains(body, "各学校（第二稿）：") {
		t.Error("edited text not served")
	}

	// A broken edit: the error, with file:line, in the terminal and the
	// overlay's event; the last good page is still served.
	broken := strings.Replace(good, "各学校（第二稿）：", "各学校（第三稿）：\n\n{{< value indicator=\"nope\" level=\"primary\" year=\"2025\" >}}", 1)
	write(t, osfs, docFile, broken)
	st = next(t, events, "builderror")
	if st.OK || len(st.Errors) == 0 || !strings.HasPrefix(st.Errors[0], "content/policies/balance-plan.md:") {
		t.Fatalf("builderror event %+v", st)
	}
	if _, body := get(t, page); !strings.Contains(body, "各学校（第二稿）：") || strings.Contains(body, "第三稿") {
		t.Error("the last good page is not served after a broken edit")
	}
	if code, js := get(t, s.URL()+"__gongkai/status"); code != 200 || !strings.Contains(js, "content/policies/balance-plan.md:") {
		t.Errorf("status: %d %s", code, js)
	}
	if !strings.Contains(log.String(), "content/policies/balance-plan.md:") || !strings.Contains(log.String(), "构建失败") {
		t.Errorf("terminal lacks the error:\n%s", log.String())
	}

	// Fixed again.
	write(t, osfs, docFile, strings.Replace(good, "第二稿", "第四稿", 1))
	if st := next(t, events, "reload"); !st.OK {
		t.Errorf("after the fix: %+v", st)
	}
	if _, body := get(t, page); !strings.Contains(body, "第四稿") {
		t.Error("fixed page not served")
	}

	// A data change rebuilds too.
	csvFile := filepath.Join(dir, "data", "2025", "schools.csv")
	b, _ := afero.ReadFile(osfs, csvFile)
	write(t, osfs, csvFile, strings.Replace(string(b), ",1720,", ",1721,", 1))
	if st := next(t, events, "reload"); !contains(st.Changed, "/data/2025/indicators.json") {
		t.Errorf("data change: %+v", st.Changed)
	}
}

// cpuTime is the CPU time the test process has used (user + system): a
// figure that, unlike the wall clock, does not grow when other processes
// load the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Only the built site is served: no source file, nothing outside.
func TestServeOnlyBuiltSite(t *testing.T) {
	dir := t.TempDir()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: afero.NewOsFs(), Dir: dir, Today: today}); err != nil {
		t.Fatal(err)
	}
	s, _ := start(t, Options{Source: dir, Now: today})
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	for _, p := range []string{
		"/site.toml", "/content/policies/balance-plan.md", "/data/2025/schools.csv.bak",
		"/../site.toml", "/..%2fsite.toml", "/%2e%2e/site.toml", "/policies/../../site.toml",
		"/../../../../etc/passwd", "/__gongkai/../site.toml", "/__gongkai/nothing",
	} {
		// A raw request, so that no client cleans the path first.
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, addr)
		b, _ := io.ReadAll(c)
		c.Close()
		resp := string(b)
		if strings.HasPrefix(resp, "HTTP/1.1 200") || strings.Contains(resp, "base_url") || strings.Contains(resp, "root:") || strings.Contains(resp, "+++") {
			t.Errorf("GET %s served something:\n%.300s", p, resp)
		}
	}
	// The built copy of the data is served (it is part of the site).
	if code, _ := get(t, s.URL()+"data/2025/schools.csv"); code != 200 {
		t.Errorf("built data/2025/schools.csv: %d", code)
	}
	if code, body := get(t, s.URL()+"no/such/page/"); code != 404 || !strings.Contains(body, "live.js") {
		t.Errorf("404 page: %d", code)
	}
}

// TestRebuildTimeExampleSite measures the rebuild after editing one document
// of the example site (the repository), in memory: the edit goes to a memory
// layer over the read-only repository. The figures are logged (go test -v);
// the target is 200 ms.
func TestRebuildTimeExampleSite(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	root, _ := filepath.Abs("../..")
	fsys := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(afero.NewOsFs()), afero.NewMemMapFs())
	s, _ := start(t, Options{Fs: fsys, Source: root, Poll: 10 * time.Millisecond})
	if st := s.Status(); !st.OK {
		t.Fatalf("example site does not build: %v", st.Errors)
	}
	events := sse(t, s)
	next(t, events, "status")
	doc := filepath.Join(root, "content", "policies", "class-size-2021.md")
	src, err := afero.ReadFile(fsys, doc)
	if err != nil {
		t.Fatal(err)
	}
	var builds, total, cpus []time.Duration
	for i := 0; i < 7; i++ {
		edited := strings.Replace(string(src), "\n\n", fmt.Sprintf("\n\n第%d次修改。\n\n", i+1), 1)
		start, cpu0 := time.Now(), cpuTime()
		write(t, fsys, doc, edited)
		st := next(t, events, "reload")
		total = append(total, time.Since(start))
		cpus = append(cpus, cpuTime()-cpu0)
		builds = append(builds, time.Duration(st.Millis)*time.Millisecond)
		if !contains(st.Changed, "/policies/class-size-2021/") {
			t.Fatalf("edit %d: page not rebuilt: %v", i, st.Changed)
		}
	}
	median := func(d []time.Duration) time.Duration {
		d = append([]time.Duration(nil), d...)
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	t.Logf("example site, one document edited: rebuild median %v (all %v); edit to reload event median %v (polling every 10ms); CPU time of the process from edit to reload event median %v", median(builds), builds, median(total), median(cpus))
	if median(builds) > 2*time.Second {
		t.Errorf("rebuild median %v: far over the 200 ms target", median(builds))
	}
}

// TestPollWait: the pause between looks at the files grows with the time a
// look takes, so that a large site is not walked all the time, but never
// past maxPollWait (a slow look on a busy machine once meant 20 s before
// an edit was noticed) unless the poll interval asked for is longer.
func TestPollWait(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct{ poll, look, want time.Duration }{
		{100 * ms, 1 * ms, 100 * ms}, // a small site: every poll
		{100 * ms, 8 * ms, 160 * ms}, // a medium site: 20 × the look
		{100 * ms, 2 * time.Second, maxPollWait},
		{10 * ms, 1 * time.Second, maxPollWait},
		{2 * time.Second, 1 * ms, 2 * time.Second}, // asked for
	} {
		if got := pollWait(c.poll, c.look); got != c.want {
			t.Errorf("pollWait(%v, %v) = %v, want %v", c.poll, c.look, got, c.want)
		}
	}
}

// saveWhileRead is a file system on which the first read of one file gets
// its old bytes while the new ones are saved, as when a reader saves a
// document just after the build read it.
type saveWhileRead struct {
	afero.Fs
	name    string
	body    []byte
	once    sync.Once
	written chan struct{}
}

func (f *saveWhileRead) Open(name string) (afero.File, error) {
	if name != f.name {
		return f.Fs.Open(name)
	}
	var old afero.File
	var err error
	f.once.Do(func() {
		var b []byte
		if b, err = afero.ReadFile(f.Fs, name); err != nil {
			return
		}
		snapshot := afero.NewMemMapFs()
		if err = afero.WriteFile(snapshot, name, b, 0o644); err != nil {
			return
		}
		if old, err = snapshot.Open(name); err != nil {
			return
		}
		if err = afero.WriteFile(f.Fs, name, f.body, 0o644); err != nil {
			return
		}
		later := time.Now().Add(time.Second)
		err = f.Fs.Chtimes(name, later, later)
		close(f.written)
	})
	if old != nil || err != nil {
		return old, err
	}
	return f.Fs.Open(name)
}

// TestSavedDuringFirstBuild: a document saved while the first build runs,
// after the build read it, is built again: the server looked at the files
// before the build, not after (where it took the saved file as built).
func TestSavedDuringFirstBuild(t *testing.T) {
	root, _ := filepath.Abs("../..")
	doc := filepath.Join(root, "content", "policies", "class-size-2021.md")
	base := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(afero.NewOsFs()), afero.NewMemMapFs())
	src, err := afero.ReadFile(base, doc)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\n\n", "\n\n构建期间保存的修改。\n\n", 1)
	fsys := &saveWhileRead{Fs: base, name: doc, body: []byte(edited), written: make(chan struct{})}
	s, _ := start(t, Options{Fs: fsys, Source: root})
	select {
	case <-fsys.written:
	default:
		t.Fatal("the first build did not read the document")
	}
	waitFor(t, func() bool {
		_, body := get(t, s.URL()+"policies/class-size-2021/")
		return strings.Contains(body, "构建期间保存的修改")
	})
	// The first build read the old bytes (saveWhileRead): the text came
	// from a second one.
	if g := s.Status().Generation; g < 2 {
		t.Fatalf("the saved text is served after %d build(s)", g)
	}
}

// TestHostAllowed: loopback names and addresses always; the address given
// to --bind; with 0.0.0.0 any address and the machine's own name; never
// another name (DNS rebinding).
func TestHostAllowed(t *testing.T) {
	name, _ := os.Hostname()
	cases := []struct {
		bind string
		ok   []string
		no   []string
	}{
		{"127.0.0.1", []string{"127.0.0.1:1313", "localhost:1313", "[::1]:1313", "a.localhost", "localhost.", ""},
			[]string{"evil.example", "evil.example:1313", "192.168.1.5:1313", name + ":1313", "localhost.evil.example"}},
		{"0.0.0.0", []string{"192.168.1.5:1313", "[fe80::1]:1313", name + ":1313", name + ".local", "localhost"},
			[]string{"evil.example:1313", name + ".evil.example"}},
		{"192.168.1.5", []string{"192.168.1.5:1313", "localhost:1313"}, []string{"192.168.1.6:1313", "evil.example"}},
		{"preview.lan", []string{"preview.lan:1313", "PREVIEW.LAN", "127.0.0.1"}, []string{"evil.example", "192.168.1.5"}},
	}
	for _, c := range cases {
		s := &Server{o: Options{Bind: c.bind}}
		for _, h := range c.ok {
			if !s.hostAllowed(h) {
				t.Errorf("--bind %s: Host %q refused", c.bind, h)
			}
		}
		for _, h := range c.no {
			if s.hostAllowed(h) {
				t.Errorf("--bind %s: Host %q allowed", c.bind, h)
			}
		}
	}
}
