package portal

import (
	"net/url"
	"strings"
)

// EscapePath percent-encodes a site path segment by segment (upper-case hex,
// as RFC 3986 recommends), so that a page under a Chinese path such as
// catalogue/genre/通知/ has one spelling in links, feeds and the sitemap:
// catalogue/genre/%E9%80%9A%E7%9F%A5/. The page's file keeps the plain
// name; servers decode the request path before they look for it.
func EscapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// segment turns a facet value into one path segment: characters that have a
// meaning in paths or URLs, and white space, become "-". Chinese stays as it
// is. An empty result, "." and ".." become "-".
func segment(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r < 0x20 || r == 0x7f, r == ' ', r == '\u3000', r == '\t':
			r = '-'
		case strings.ContainsRune(`/\?#%"<>|*:&+;=@[]{}^~`+"`", r):
			r = '-'
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" || s == "." || s == ".." {
		return "-"
	}
	return s
}
