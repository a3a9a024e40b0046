package sitecheck

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

var bodyKind = regexp.MustCompile(`<body class="kind-([a-z0-9-]+)"`)

// TestEveryPageKindClean opens one page of each kind (home, section,
// document, catalogue, search, revisions, reports, report, indicator,
// school, trends, 404 …) of the example site under a sub-path: the console stays empty, nothing fails to load, and the
// declared icon is the site's own, under the base path, and loads (so the
// browser never asks the host root for /favicon.ico).
func TestEveryPageKindClean(t *testing.T) {
	pages, err := exampleSub.Pages()
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(exampleSub.Dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if m := bodyKind.FindSubmatch(b); m != nil && first[string(m[1])] == "" {
			first[string(m[1])] = strings.TrimSuffix(p, "index.html")
		}
	}
	kinds := make([]string, 0, len(first))
	for k := range first {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(kinds) < 10 {
		t.Errorf("only %d page kinds: %v", len(kinds), kinds)
	}
	mux := http.NewServeMux()
	mux.Handle("/jyj/", http.StripPrefix("/jyj", browsertest.StaticHandler(exampleSub.Dir)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for _, k := range kinds {
		t.Run(k, func(t *testing.T) {
			t.Parallel() // the pages wait on the network and the browser more than on the CPU
			path := first[k]
			if k == "search" {
				path += "?q=%E5%9D%87%E8%A1%A1"
			}
			pg := sharedBrowser(t).Visit(t, srv.URL+"/jyj/"+path, 1280, 900)
			pg.WaitFor(t, `document.readyState === "complete"`, 15*time.Second)
			var icon struct {
				Href   string
				Status int
			}
			pg.Eval(t, `(async () => { const l = document.querySelector('link[rel="icon"]');
				if (!l) return {href: "", status: 0};
				const r = await fetch(l.href); return {href: new URL(l.href).pathname, status: r.status}; })()`, &icon)
			if !strings.HasPrefix(icon.Href, "/jyj/") || icon.Status != 200 {
				t.Errorf("/jyj/%s: icon %q (HTTP %d), want one under /jyj/ that loads", path, icon.Href, icon.Status)
			}
			if k == "404" {
				// The page is served with status 404 on purpose.
				r := pg.Report()
				if len(r.ConsoleErrors) > 0 {
					t.Errorf("console errors: %v", r.ConsoleErrors)
				}
				return
			}
			pg.AssertClean(t)
		})
	}
	t.Logf("page kinds: %v", kinds)
}
