package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode/utf8"
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

// maxSegment is the most bytes of a facet value's segment. The segment is
// a folder of the published site: file systems allow 255 bytes per name
// (some fewer), and a 发布机构 may be longer.
const maxSegment = 120

// segment turns a facet value into one path segment: characters that have a
// meaning in paths or URLs, and white space, become "-". Chinese stays as it
// is. An empty result, "." and ".." become "-". A value longer than
// maxSegment is cut at a character and ends in a short hash of the whole
// value, so that two long values that begin alike stay apart.
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
	if len(s) > maxSegment {
		sum := sha256.Sum256([]byte(v))
		cut := maxSegment - 9
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "-" + hex.EncodeToString(sum[:4])
	}
	return s
}
