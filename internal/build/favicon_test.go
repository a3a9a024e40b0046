package build

import (
	"regexp"
	"strings"
	"testing"
)

var iconLink = regexp.MustCompile(`<link rel="icon" href="([^"]+)"`)

// TestFavicon: every page declares the site's icon under the base path, so
// that a browser does not ask the host root for /favicon.ico (a 404 on a
// site under a sub-path): the theme's favicon.svg by default, or the file
// site.toml's favicon names, published as favicon.<ext>. A favicon that is
// missing or of another kind is an error at its line of site.toml.
func TestFavicon(t *testing.T) {
	for _, c := range []struct {
		name, toml, want, file string
		files                  map[string]string
	}{
		{"default", minimalSite, "/jyj/favicon.svg", "/site/public/favicon.svg", nil},
		{"own", minimalSite + "favicon = \"static/logo.png\"\n", "/jyj/favicon.png", "/site/public/favicon.png", map[string]string{"static/logo.png": "\x89PNG..."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"site.toml": c.toml, "policies/a.md": doc("title = \"一\"\ndate = 2024-01-02", "正文")}
			for k, v := range c.files {
				files[k] = v
			}
			fsys := site(t, files)
			if _, diags, err := buildSite(t, fsys, Options{}); err != nil {
				t.Fatalf("%v %v", err, diags)
			}
			for _, page := range []string{"/site/public/index.html", "/site/public/catalogue/index.html", "/site/public/search/index.html", "/site/public/404.html"} {
				m := iconLink.FindStringSubmatch(read(t, fsys, page))
				if m == nil || m[1] != c.want {
					t.Errorf("%s: icon %v, want %s", page, m, c.want)
				}
			}
			if b := read(t, fsys, c.file); c.files != nil && b != c.files["static/logo.png"] {
				t.Errorf("%s holds %q", c.file, b)
			}
		})
	}
	for _, c := range []struct{ value, want string }{
		{"static/none.png", "找不到网站图标文件"},
		{"logo.gif", ".ico、.png 或 .svg"},
	} {
		fsys := site(t, map[string]string{"site.toml": minimalSite + "favicon = \"" + c.value + "\"\n", "logo.gif": "GIF89a"})
		_, diags, err := buildSite(t, fsys, Options{})
		if text := diagText(diags); err == nil || !strings.Contains(text, "site.toml:5") || !strings.Contains(text, "favicon") || !strings.Contains(text, c.want) {
			t.Errorf("favicon = %q: %v, %s; want an error at site.toml:5 saying %s", c.value, err, text, c.want)
		}
	}
}

// TestRevisionNotesAreChecked: a key of revision_notes must name a version
// (7 to 40 of 0–9, a–f) and its note must say something; each mistake is an
// error at its line.
func TestRevisionNotesAreChecked(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`7F67583 = "说明"`, "应为版本号"},
		{`abc = "说明"`, "应为版本号"},
		{`"修订1" = "说明"`, "应为版本号"},
		{`7f67583e75 = " "`, "修订说明不能为空"},
	} {
		fsys := site(t, map[string]string{"site.toml": minimalSite + "[revision_notes]\n" + c.line + "\n"})
		_, diags, err := buildSite(t, fsys, Options{})
		if text := diagText(diags); err == nil || !strings.Contains(text, "site.toml:6") || !strings.Contains(text, "revision_notes") || !strings.Contains(text, c.want) {
			t.Errorf("%s: %v, %s; want an error at site.toml:6 saying %s", c.line, err, text, c.want)
		}
	}
}
