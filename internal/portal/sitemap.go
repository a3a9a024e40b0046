package portal

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// Recorder is a render.Writer that passes every file on and remembers its
// path: the HTML pages, so that the sitemap lists every page the build
// wrote — the documents, the catalogue and the report and school pages
// alike — without knowing who made them, and every file for a shard's
// manifest. It is safe for concurrent use.
type Recorder struct {
	w     render.Writer
	mu    sync.Mutex
	files output.PathLog
}

// NewRecorder wraps w.
func NewRecorder(w render.Writer) *Recorder { return &Recorder{w: w} }

// WriteFile writes through and records the path.
func (r *Recorder) WriteFile(p string, data []byte) error {
	r.record(p)
	return r.w.WriteFile(p, data)
}

// WriteShared writes through bytes that will not change (render.SharingWriter).
func (r *Recorder) WriteShared(p string, data []byte) error {
	r.record(p)
	if sw, ok := r.w.(render.SharingWriter); ok {
		return sw.WriteShared(p, data)
	}
	return r.w.WriteFile(p, data)
}

// Reuse takes files of the previous build through (render.ReusingWriter)
// and records them; false when the writer underneath cannot.
func (r *Recorder) Reuse(files []output.Kept) (bool, error) {
	rw, ok := r.w.(render.ReusingWriter)
	if !ok {
		return false, nil
	}
	done, err := rw.Reuse(files)
	if done {
		for _, f := range files {
			r.record(f.Path)
		}
	}
	return done, err
}

// WriteLazy passes a page made on request through (render.LazyWriter)
// and records it; an error when the writer underneath cannot take one.
func (r *Recorder) WriteLazy(p string, l *output.Lazy) error {
	lw, ok := r.w.(render.LazyWriter)
	if !ok {
		return fmt.Errorf("%s: 输出不能按需生成页面", p)
	}
	r.record(p)
	return lw.WriteLazy(p, l)
}

func (r *Recorder) record(p string) {
	r.mu.Lock()
	r.files.Add(path.Clean(p))
	r.mu.Unlock()
}

// Spill keeps the paths recorded out of the heap, piece by piece, where
// store puts them (output.PathLog.Spill): they grow with the site and are
// read only when the build ends.
func (r *Recorder) Spill(store func(b []byte) func() []byte) {
	r.mu.Lock()
	r.files.Spill(store)
	r.mu.Unlock()
}

// Files returns the paths of every file written, sorted.
func (r *Recorder) Files() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, r.files.Len())
	r.files.Each(func(p string) bool {
		out = append(out, p)
		return true
	})
	sort.Strings(out)
	return out
}

// Pages returns the HTML files written, sorted.
func (r *Recorder) Pages() []string {
	var out []string
	for _, f := range r.Files() {
		if strings.HasSuffix(f, ".html") {
			out = append(out, f)
		}
	}
	return out
}

// maxSitemapURLs is the limit of one sitemap file (sitemaps.org).
const maxSitemapURLs = 50000

// sitemapURL is an entry of a sitemap or of a sitemap index.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemaps list every page written except the 404 page, sorted, with the
// 发布日期 of documents as lastmod: one sitemap.xml, or for a site of more
// than 50,000 pages (one sitemap file's limit) a sitemap index at
// sitemap.xml naming sitemap-1.xml, sitemap-2.xml, … of 50,000 pages each.
// The result is by site path.
func (p *Portal) sitemaps(files []string) map[string][]byte {
	lastmod := map[string]string{}
	for _, d := range p.opts.Content.Docs {
		if dt := d.Date(); !dt.IsZero() {
			lastmod[d.URL] = dt.String()
		}
	}
	var urls []sitemapURL
	for _, f := range files {
		if f == layout.NotFound {
			continue
		}
		u := layout.PagePath(f)
		urls = append(urls, sitemapURL{Loc: p.opts.Site.AbsURL(EscapePath(u)), LastMod: lastmod[u]})
	}
	if len(urls) <= maxSitemapURLs {
		return map[string][]byte{layout.Sitemap: writeSitemap("urlset", "url", urls)}
	}
	out := map[string][]byte{}
	var parts []sitemapURL
	for n := 1; len(urls) > 0; n++ {
		part := urls[:min(len(urls), maxSitemapURLs)]
		urls = urls[len(part):]
		out[layout.SitemapPart(n)] = writeSitemap("urlset", "url", part)
		parts = append(parts, sitemapURL{Loc: p.opts.Site.AbsURL(layout.SitemapPart(n))})
	}
	out[layout.Sitemap] = writeSitemap("sitemapindex", "sitemap", parts)
	return out
}

// writeSitemap writes a sitemap (root urlset, items url) or a sitemap index
// (sitemapindex, sitemap) as encoding/xml writes them, indented
// (TestSitemapAsEncodingXML): through reflection, the sitemap of
// a province site's 12,000 pages took a good part of a serve rebuild.
func writeSitemap(root, item string, urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(xml.Header) + 128 + len(urls)*(96+len(item)*2))
	b.WriteString(xml.Header)
	b.WriteString("<" + root + ` xmlns="` + sitemapNS + `">`)
	for _, u := range urls {
		b.WriteString("\n  <" + item + ">\n    <loc>")
		_ = xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if u.LastMod != "" {
			b.WriteString("\n    <lastmod>")
			_ = xml.EscapeText(&b, []byte(u.LastMod))
			b.WriteString("</lastmod>")
		}
		b.WriteString("\n  </" + item + ">")
	}
	if len(urls) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}

// robots allows everything and names the sitemap by its absolute URL.
// Crawlers read robots.txt only at the root of a host: under a sub-path it
// is written all the same, for the server's owner to merge.
func (p *Portal) robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + p.opts.Site.AbsURL(layout.Sitemap) + "\n")
}
