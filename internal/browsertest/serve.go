package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// ServeDir serves the static files under dir on 127.0.0.1 (a free port) until
// the test ends, and returns the base URL without a trailing slash, e.g.
// "http://127.0.0.1:40123".
//
// It behaves like a static host with pretty URLs: /a/b/ serves
// /a/b/index.html, /a/b (a directory) redirects to /a/b/, a directory without
// index.html is 404 (no listings), and a missing file is 404 with the body of
// /404.html when the site has one. Responses are not cached.
func ServeDir(tb testing.TB, dir string) (baseURL string) {
	tb.Helper()
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		tb.Fatalf("browsertest: ServeDir: %q is not a directory", dir)
	}
	srv := httptest.NewServer(StaticHandler(dir))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// StaticHandler is the handler ServeDir uses.
func StaticHandler(dir string) http.Handler {
	root, _ := filepath.Abs(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		upath := r.URL.Path
		if !strings.HasPrefix(upath, "/") {
			upath = "/" + upath
		}
		clean := path.Clean(upath)
		name := filepath.Join(root, filepath.FromSlash(clean))
		st, err := os.Stat(name)
		if err == nil && st.IsDir() {
			if !strings.HasSuffix(upath, "/") {
				target := clean + "/"
				if clean == "/" {
					target = "/"
				}
				if r.URL.RawQuery != "" {
					target += "?" + r.URL.RawQuery
				}
				http.Redirect(w, r, target, http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			st, err = os.Stat(name)
		}
		if err != nil || st.IsDir() {
			notFound(w, r, root)
			return
		}
		f, err := os.Open(name)
		if err != nil {
			notFound(w, r, root)
			return
		}
		defer f.Close()
		// ServeContent (not ServeFile, which would redirect .../index.html
		// to .../) sets the type from the extension and handles ranges.
		http.ServeContent(w, r, name, st.ModTime(), f)
	})
}

func notFound(w http.ResponseWriter, r *http.Request, root string) {
	if b, err := os.ReadFile(filepath.Join(root, "404.html")); err == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			w.Write(b)
		}
		return
	}
	http.NotFound(w, r)
}
