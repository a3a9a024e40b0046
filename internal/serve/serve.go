// Package serve is gongkai's development server. It builds the site in
// memory (the source is read through a read-only view; nothing is written to
// disk) and rebuilds it incrementally: a build.Cache keeps every page and
// file by a fingerprint of its inputs, so that after one changed data row
// only that county-year's pages and its school's page are made again. Of
// those, only the pages a browser shows (its live-reload connection names
// the page) are rendered in the rebuild; the others are made when first
// asked for, or in the background until the next change. It serves the
// built site — and only the built site — on the loopback
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
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	last    time.Duration         // duration of the last build
	changed []string              // pages changed by the last good build
	pending []string              // pages of the last good build made on request
	clients map[chan event]string // the page each live-reload connection is on, by site path

	buildMu sync.Mutex   // one build at a time
	cache   *build.Cache // the data pages, reused while data/ and the theme are unchanged
	// making is held by a build (Lock) and by the making of a page on
	// request (RLock): such a page is made from the state of the build
	// that left it, which the next build updates in place.
	making sync.RWMutex
	builds atomic.Int64 // counts the builds started: background making stops at the next

	// For tests: hold runs when a build is done, before its site is
	// served; quiet leaves the pages to be made on request to the requests.
	hold  func()
	quiet bool
}

// snapshot is one built site in memory.
type snapshot struct {
	out *output.Memory // only the built files are in it
	// broken tells that a build failed after this one: its pages not made
	// yet cannot be made any more (that build updated the state they are
	// made from), and are answered with the errors.
	broken bool
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
	return &Server{o: o, ln: ln, url: "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/", clients: map[chan event]string{}, cache: build.NewCache()}, nil
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
	// Pending are pages whose inputs the last good build changed, left to
	// be made when first asked for (nobody was viewing them), as the build
	// left them: they may have changed, and may have been made since.
	Pending []string `json:"pending"`
}

// Status returns the state of the last build.
func (s *Server) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Status{Generation: s.gen, OK: s.errs == nil, Serving: s.cur != nil, Errors: []string{}, Millis: s.last.Milliseconds(), Changed: s.changed, Pending: s.pending}
	for _, d := range s.errs {
		st.Errors = append(st.Errors, d.Error())
	}
	if st.Changed == nil {
		st.Changed = []string{}
	}
	if st.Pending == nil {
		st.Pending = []string{}
	}
	return st
}

// Rebuild builds the site now; why names what changed, for the terminal.
// It returns the build's duration and its errors.
func (s *Server) Rebuild(why string) (time.Duration, []diag.Diagnostic) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	s.builds.Add(1)
	s.making.Lock()
	s.mu.RLock()
	prev := s.cur
	s.mu.RUnlock()
	out := output.NewMemory()
	if prev != nil {
		// The table of the last build, with what changed replaced.
		out = prev.out.Next()
	}
	viewed := s.viewed()
	// The source is read through a read-only view; the site is built into
	// memory. The destination is only named (the build refuses one that
	// would hold the source); nothing is written there.
	dest := filepath.Join(string(filepath.Separator), ".gongkai-serve-"+strconv.Itoa(os.Getpid()), "public")
	sum, diags, err := build.Build(build.Options{
		Fs: afero.NewReadOnlyFs(s.o.Fs), Source: s.o.Source, Destination: dest, Output: out, BaseURL: s.url,
		Drafts: s.o.Drafts, Future: s.o.Future, Strict: s.o.Strict, Now: s.o.Now, Cache: s.cache,
		History: build.HistoryOf(s.o.Fs), Eager: func(p string) bool { return viewed[p] },
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
		if s.cur != nil && len(s.pending) > 0 {
			s.cur = &snapshot{out: s.cur.out, broken: true}
		}
		s.mu.Unlock()
		s.making.Unlock()
		for _, d := range errs {
			fmt.Fprintln(s.o.Log, d.Error())
		}
		fmt.Fprintf(s.o.Log, "构建失败：%d 个错误（用时 %s）；继续提供上一次成功构建的网站。\n", len(errs), took.Round(time.Millisecond))
		s.broadcast(event{"builderror", mustJSON(s.Status())})
		return took, errs
	}
	if s.hold != nil {
		s.hold()
	}
	snap := &snapshot{out: out}
	changed, pending := changedFiles(prev, snap)
	s.mu.Lock()
	s.cur, s.errs, s.last, s.changed, s.pending = snap, nil, took, changed, pending
	s.gen++
	s.mu.Unlock()
	s.making.Unlock()
	for _, d := range diags {
		if d.Severity == diag.Warning {
			fmt.Fprintln(s.o.Log, warning(d))
		}
	}
	if why == "" {
		fmt.Fprintf(s.o.Log, "%s\n", sum.String())
	} else {
		msg := fmt.Sprintf("%s 有改动，已重新构建：更新了 %d 个文件", why, len(changed))
		if len(pending) > 0 {
			msg += fmt.Sprintf("，另有 %d 个页面的数据有改动，在首次请求时生成", len(pending))
		}
		fmt.Fprintf(s.o.Log, "%s，用时 %s\n", msg, took.Round(time.Millisecond))
	}
	s.broadcast(event{"reload", mustJSON(s.Status())})
	if len(pending) > 0 && !s.quiet {
		go s.makePending(snap, pending, s.builds.Load())
	}
	// Collect now, while the reader looks at the page, rather than in the
	// middle of the next rebuild: serve's live heap is large (every page
	// of the site, 1.4 GB at province scale), and a collection that fell
	// inside a rebuild after one changed data row doubled it (0.31 s →
	// 0.66 s).
	go runtime.GC()
	return took, nil
}

// viewed returns the pages being viewed, by site path: those of the open
// live-reload connections. A rebuild renders these now, when their inputs
// changed, and leaves the others to be made on request.
func (s *Server) viewed() map[string]bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]bool{}
	for _, p := range s.clients {
		out[p] = true
	}
	return out
}

// sitePath is the file a URL path is served from: "/a/" is a/index.html.
func sitePath(urlPath string) string {
	rel := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(urlPath, "/") || rel == "" {
		rel = path.Join(rel, "index.html")
	}
	return rel
}

// changedFiles lists the site paths (of pages, as their URLs) whose bytes
// differ between two builds, or that one of them lacks, and the pages of
// cur to be made on request whose inputs changed. Only what cur's output
// names as written anew (output.Memory.Changed) is compared: comparing the
// whole site (600 MB at province scale) is not needed.
func changedFiles(old, cur *snapshot) (changed, pending []string) {
	changed, pending = []string{}, []string{}
	url := func(p string) string { return "/" + strings.TrimSuffix(p, "index.html") }
	paths := cur.out.Changed()
	if old == nil || paths == nil {
		paths = cur.out.Paths()
		old = nil
	}
	for _, p := range paths {
		if cur.out.Pending(p) {
			pending = append(pending, url(p))
			continue
		}
		b, ok := cur.out.File(p)
		if old == nil || !ok || old.out.Pending(p) {
			changed = append(changed, url(p))
			continue
		}
		ob, ok := old.out.File(p)
		if !ok || !sameBytes(ob, b) {
			changed = append(changed, url(p))
		}
	}
	return changed, pending
}

// makePending makes the pages of snap left to be made on request, one at a
// time (the other core serves), until the next build starts.
func (s *Server) makePending(snap *snapshot, pending []string, build int64) {
	for _, u := range pending {
		p := strings.TrimPrefix(u, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		s.making.RLock()
		s.mu.RLock()
		current := s.cur == snap
		s.mu.RUnlock()
		if current && s.builds.Load() == build {
			_, _, _ = snap.out.Read(p)
		}
		s.making.RUnlock()
		if !current || s.builds.Load() != build {
			return
		}
	}
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
	rel := sitePath(p)
	status := http.StatusOK
	b, ok, err := s.read(snap, rel)
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(inject([]byte("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面无法生成</title></head><body><h1>页面无法生成</h1><pre>" + htmlEscape(err.Error()) + "</pre></body></html>")))
		return
	}
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

// read returns the file at the site path p of snap. A page left to be made
// on request is made now, after the build running, if one is: then from
// the build that replaced snap (the request gets the new site, not a
// page of the old one made from the new one's state).
func (s *Server) read(snap *snapshot, p string) ([]byte, bool, error) {
	if !snap.out.Pending(p) {
		return snap.out.Read(p)
	}
	s.making.RLock()
	defer s.making.RUnlock()
	s.mu.RLock()
	cur, errs := s.cur, s.errs
	s.mu.RUnlock()
	if cur.broken && cur.out.Pending(p) {
		var b strings.Builder
		b.WriteString("此页面的数据有改动，但之后的一次构建失败了，修正以下错误后才能生成：")
		for _, d := range errs {
			b.WriteString("\n" + d.Error())
		}
		return nil, true, errors.New(b.String())
	}
	return cur.out.Read(p)
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
	page := r.URL.Query().Get("page")
	if u, err := url.PathUnescape(page); err == nil {
		page = u // location.pathname is escaped: /catalogue/genre/%E9%80%9A%E7%9F%A5/
	}
	s.clients[c] = sitePath(page)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
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
