// Package serve is gongkai's development server. It builds the site in
// memory (the source is read through a read-only view; nothing is written to
// disk) and rebuilds it incrementally: a build.Cache keeps every page and
// file by a fingerprint of its inputs, so that after one changed data row
// only that county-year's pages and its school's page are made again (a
// quarter of a second for a province site of 9,350 files, which a full
// build takes 8 s to make). It serves the built site — and only the built site — on the loopback
// interface by default, watches content/, data/, themes/ and site.toml by
// polling their sizes and modification times (no dependency, works on every
// file system), rebuilds when they change and reloads the open pages that
// changed through Server-Sent Events. A broken edit prints its errors
// (file:line) in the terminal and shows them as an overlay in the browser,
// while the last good site goes on being served.
//
// The live-reload script is a file served by the server (the site's
// Content-Security-Policy allows scripts from the site only), injected into
// the HTML pages it serves; the built site itself is unchanged.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/output"
)

// Options configure a Server.
type Options struct {
	Fs     afero.Fs // the source; default the OS file system
	Source string   // site directory
	Bind   string   // default 127.0.0.1
	Port   int      // 0 picks a free port
	Drafts bool
	Future bool
	Strict bool
	Now    time.Time     // for tests; zero means as the build decides
	Poll   time.Duration // how often to look for changes; default 100ms
	Log    io.Writer     // terminal messages; default os.Stderr
}

// Server serves one site.
type Server struct {
	o   Options
	ln  net.Listener
	url string

	mu      sync.RWMutex
	cur     *snapshot // the last good build; nil before the first
	errs    []diag.Diagnostic
	gen     int
	last    time.Duration // duration of the last build
	changed []string      // pages changed by the last good build
	clients map[chan event]bool

	buildMu sync.Mutex   // one build at a time
	cache   *build.Cache // the data pages, reused while data/ and the theme are unchanged
}

// snapshot is one built site in memory.
type snapshot struct {
	out *output.Memory // only the built files are in it
}

type event struct{ name, data string }

// New listens on the address and returns the server; Run builds and serves.
func New(o Options) (*Server, error) {
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Source == "" {
		o.Source = "."
	}
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	if o.Poll <= 0 {
		o.Poll = 100 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.Bind, strconv.Itoa(o.Port)))
	if err != nil {
		return nil, err
	}
	host := o.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	port := ln.Addr().(*net.TCPAddr).Port
	return &Server{o: o, ln: ln, url: "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/", clients: map[chan event]bool{}, cache: build.NewCache()}, nil
}

// URL is the address of the served site, e.g. http://127.0.0.1:1313/.
func (s *Server) URL() string { return s.url }

// Run builds the site, serves it and rebuilds on changes until ctx ends.
func (s *Server) Run(ctx context.Context) error {
	// The files are looked at before the first build, so that a file
	// saved while it runs (six seconds on a province site) is seen as
	// changed by the first poll, not taken as the state that was built.
	seen := s.watched()
	s.Rebuild("")
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.watch(ctx, seen)
	go func() {
		<-ctx.Done()
		s.mu.Lock()
		for c := range s.clients {
			close(c)
			delete(s.clients, c)
		}
		s.mu.Unlock()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	err := srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Status is the state of the last build, as /__gongkai/status gives it.
type Status struct {
	Generation int      `json:"generation"` // counts the builds
	OK         bool     `json:"ok"`         // the last build succeeded
	Serving    bool     `json:"serving"`    // a good build is being served
	Errors     []string `json:"errors"`     // file:line: … of the last build
	Millis     int64    `json:"millis"`     // duration of the last build
	Changed    []string `json:"changed"`    // pages the last good build changed
}

// Status returns the state of the last build.
func (s *Server) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Status{Generation: s.gen, OK: s.errs == nil, Serving: s.cur != nil, Errors: []string{}, Millis: s.last.Milliseconds(), Changed: s.changed}
	for _, d := range s.errs {
		st.Errors = append(st.Errors, d.Error())
	}
	if st.Changed == nil {
		st.Changed = []string{}
	}
	return st
}

// Rebuild builds the site now; why names what changed, for the terminal.
// It returns the build's duration and its errors.
func (s *Server) Rebuild(why string) (time.Duration, []diag.Diagnostic) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	out := output.NewMemory()
	// The source is read through a read-only view; the site is built into
	// memory. The destination is only named (the build refuses one that
	// would hold the source); nothing is written there.
	dest := filepath.Join(string(filepath.Separator), ".gongkai-serve-"+strconv.Itoa(os.Getpid()), "public")
	sum, diags, err := build.Build(build.Options{
		Fs: afero.NewReadOnlyFs(s.o.Fs), Source: s.o.Source, Destination: dest, Output: out, BaseURL: s.url,
		Drafts: s.o.Drafts, Future: s.o.Future, Strict: s.o.Strict, Now: s.o.Now, Cache: s.cache,
		History: build.HistoryOf(s.o.Fs),
	})
	took := time.Since(start)
	if err != nil {
		errs := errorsOf(diags, s.o.Strict)
		if len(errs) == 0 {
			errs = []diag.Diagnostic{{Msg: err.Error()}}
		}
		s.mu.Lock()
		s.gen++
		s.errs, s.last = errs, took
		s.mu.Unlock()
		for _, d := range errs {
			fmt.Fprintln(s.o.Log, d.Error())
		}
		fmt.Fprintf(s.o.Log, "构建失败：%d 个错误（用时 %s）；继续提供上一次成功构建的网站。\n", len(errs), took.Round(time.Millisecond))
		s.broadcast(event{"builderror", mustJSON(s.Status())})
		return took, errs
	}
	snap := &snapshot{out: out}
	s.mu.Lock()
	old := s.cur
	changed := changedFiles(old, snap)
	s.cur, s.errs, s.last, s.changed = snap, nil, took, changed
	s.gen++
	s.mu.Unlock()
	for _, d := range diags {
		if d.Severity == diag.Warning {
			fmt.Fprintln(s.o.Log, warning(d))
		}
	}
	if why == "" {
		fmt.Fprintf(s.o.Log, "%s\n", sum.String())
	} else {
		fmt.Fprintf(s.o.Log, "%s 有改动，已重新构建：更新了 %d 个文件，用时 %s\n", why, len(changed), took.Round(time.Millisecond))
	}
	s.broadcast(event{"reload", mustJSON(s.Status())})
	// Collect now, while the reader looks at the page, rather than in the
	// middle of the next rebuild: serve's live heap is large (every page
	// of the site, 1.4 GB at province scale), and a collection that fell
	// inside a rebuild after one changed data row doubled it (0.31 s →
	// 0.66 s).
	go runtime.GC()
	return took, nil
}

// changedFiles lists the site paths (of pages, as their URLs) whose bytes
// differ between two builds, or that one of them lacks. Pages the cache
// kept are the same bytes, which is quick to see: comparing the whole site
// (600 MB at province scale) is not needed.
func changedFiles(old, cur *snapshot) []string {
	changed := []string{}
	url := func(p string) string { return "/" + strings.TrimSuffix(p, "index.html") }
	for _, p := range cur.out.Paths() {
		b, _ := cur.out.File(p)
		if old == nil {
			changed = append(changed, url(p))
			continue
		}
		ob, ok := old.out.File(p)
		if !ok || !sameBytes(ob, b) {
			changed = append(changed, url(p))
		}
	}
	if old != nil {
		for _, p := range old.out.Paths() {
			if _, ok := cur.out.File(p); !ok {
				changed = append(changed, url(p))
			}
		}
	}
	sort.Strings(changed)
	return changed
}

// sameBytes compares two files, first by identity.
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

func errorsOf(diags []diag.Diagnostic, strict bool) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range diags {
		if d.Severity == diag.Error || strict {
			out = append(out, d)
		}
	}
	return out
}

func warning(d diag.Diagnostic) string {
	s := d.Error()
	if i := strings.Index(s, ": "); i >= 0 && d.File != "" {
		return s[:i+2] + "警告: " + s[i+2:]
	}
	return "警告: " + s
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *Server) broadcast(e event) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for c := range s.clients {
		select {
		case c <- e:
		default: // a slow client misses an event; it gets the next one
		}
	}
}

// watched returns the files that trigger a rebuild, with their size and
// modification time.
func (s *Server) watched() map[string]string {
	out := map[string]string{}
	add := func(p string, fi fs.FileInfo) {
		out[p] = strconv.FormatInt(fi.Size(), 10) + "@" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
	}
	if fi, err := s.o.Fs.Stat(filepath.Join(s.o.Source, "site.toml")); err == nil {
		add("site.toml", fi)
	}
	for _, dir := range []string{"content", "data", "themes"} {
		root := filepath.Join(s.o.Source, dir)
		_ = afero.Walk(s.o.Fs, root, func(p string, fi fs.FileInfo, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(s.o.Source, p)
			rel = filepath.ToSlash(rel)
			if fi.IsDir() {
				if strings.HasPrefix(fi.Name(), ".") && p != root {
					return filepath.SkipDir
				}
				out[rel+"/"] = "dir"
				return nil
			}
			add(rel, fi)
			return nil
		})
	}
	return out
}

// maxPollWait bounds the pause between two looks at the files: an edit is
// noticed within it (plus a look), which with a rebuild of 0.3 s keeps a
// province site's data edit under 0.6 s from save to reload.
const maxPollWait = 250 * time.Millisecond

// pollWait is the pause after a look at the files that took look. Polling a
// province site's 2,000 files every 100 ms kept a sixth of a core busy
// while nothing changed, so the pause is twenty times the look (polling
// stays near a twentieth of a core) but at least poll (a small site is
// looked at every poll) and at most maxPollWait unless poll is longer: on a
// busy machine one look can take a second of wall time, and twenty seconds
// before an edit shows is not a pause anybody waits through.
func pollWait(poll, look time.Duration) time.Duration {
	return max(poll, min(20*look, maxPollWait))
}

// watch polls the watched files and rebuilds when one changed, appeared or
// went away since prev.
func (s *Server) watch(ctx context.Context, prev map[string]string) {
	wait := s.o.Poll
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		start := time.Now()
		cur := s.watched()
		wait = pollWait(s.o.Poll, time.Since(start))
		var changed []string
		for p, v := range cur {
			if prev[p] != v {
				changed = append(changed, p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				changed = append(changed, p)
			}
		}
		if len(changed) == 0 {
			continue
		}
		sort.Strings(changed)
		why := strings.Join(changed, "、")
		if len(changed) > 3 {
			why = strings.Join(changed[:3], "、") + fmt.Sprintf(" 等 %d 个文件", len(changed))
		}
		prev = cur
		s.Rebuild(why)
	}
}

//go:embed live.js
var liveJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Internal is the path prefix of the server's own files; no site path
// starts with it.
const Internal = "/__gongkai/"

// ServeHTTP serves the built site and the server's own endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, "gongkai serve 只回答以本机名称（localhost、127.0.0.1）或 --bind 指定的地址访问的请求，不回答 "+r.Host, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "只支持 GET", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if strings.HasPrefix(p, Internal) {
		s.internal(w, r, strings.TrimPrefix(p, Internal))
		return
	}
	// Only the built site: the path is cleaned and looked up in the memory
	// layer that holds nothing else.
	clean := path.Clean("/" + p)
	if strings.Contains(p, "..") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		http.NotFound(w, r)
		return
	}
	s.mu.RLock()
	snap := s.cur
	errs := s.errs
	s.mu.RUnlock()
	if snap == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		var b bytes.Buffer
		b.WriteString("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>构建失败</title></head><body><h1>站点还没有构建成功</h1><pre>")
		for _, d := range errs {
			b.WriteString(htmlEscape(d.Error()) + "\n")
		}
		b.WriteString("</pre></body></html>")
		_, _ = w.Write(inject(b.Bytes()))
		return
	}
	rel := strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(p, "/") || rel == "" {
		rel = path.Join(rel, "index.html")
	}
	status := http.StatusOK
	b, ok := snap.out.File(rel)
	if !ok {
		// A directory without its slash: redirect as web servers do.
		if _, ok := snap.out.File(path.Join(rel, "index.html")); ok {
			http.Redirect(w, r, clean+"/", http.StatusMovedPermanently)
			return
		}
		status = http.StatusNotFound
		rel = "404.html"
		if b, ok = snap.out.File("404.html"); !ok {
			http.NotFound(w, r)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	if strings.HasPrefix(ctype, "text/html") {
		b = inject(b)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// hostAllowed reports whether a request's Host names this server: a
// loopback name or address, or what --bind gave (any address, and the
// machine's name, when that is 0.0.0.0 or ::). A page of another site
// whose name its owner points at 127.0.0.1 (DNS rebinding) sends its own
// name, and is refused: it cannot read the preview (drafts) or
// /__gongkai/status.
func (s *Server) hostAllowed(hostport string) bool {
	if hostport == "" {
		return true // HTTP/1.0 without a name: nothing to rebind
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true // RFC 6761: always the loopback interface
	}
	bind := strings.ToLower(strings.Trim(s.o.Bind, "[]"))
	bindIP := net.ParseIP(bind)
	anyAddr := bindIP != nil && bindIP.IsUnspecified()
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || anyAddr || ip.Equal(bindIP)
	}
	if host == bind {
		return true
	}
	if name, err := os.Hostname(); err == nil && anyAddr {
		name = strings.ToLower(name)
		return host == name || host == name+".local"
	}
	return false
}

// inject adds the live-reload script to a page, before </head>.
func inject(b []byte) []byte {
	tag := []byte(`<script src="` + Internal + `live.js" defer></script>`)
	if i := bytes.Index(b, []byte("</head>")); i >= 0 {
		return append(append(append([]byte{}, b[:i]...), tag...), b[i:]...)
	}
	return append(append([]byte{}, b...), tag...)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, name string) {
	w.Header().Set("Cache-Control", "no-store")
	switch name {
	case "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(liveJS)
	case "overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, _ = w.Write(overlayCSS)
	case "status":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(mustJSON(s.Status())))
	case "events":
		s.events(w, r)
	default:
		http.NotFound(w, r)
	}
}

// events is the Server-Sent Events stream: "status" on connecting, then
// "reload" after each good build and "builderror" after each failed one,
// each with the Status as JSON.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()
	send := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		fl.Flush()
		return err == nil
	}
	if !send(event{"status", mustJSON(s.Status())}) {
		return
	}
	keep := time.NewTicker(15 * time.Second)
	defer keep.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok || !send(e) {
				return
			}
		case <-keep.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}
