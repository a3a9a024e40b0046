package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
	"github.com/gongkai-dev/gongkai/themes"
)

// Theme is the built-in theme with a site's own theme laid over it, file by
// file: layouts/*.html, static/**, i18n/<lang>.toml.
type Theme struct {
	files  map[string][]byte
	origin map[string]string // file → where it came from, for messages
}

// NewTheme is the theme of files (themes.Read): the built-in theme with a
// site's own laid over it. A translation file that does not parse, or a
// site's zh-CN.toml that lacks keys, is an error here, before the report
// stage looks strings up and fails without naming the file.
func NewTheme(f *themes.Files) (*Theme, []diag.Diagnostic) {
	t := &Theme{files: f.Files, origin: f.Origin}
	ds := t.checkTranslations()
	for _, d := range ds {
		if d.Severity == diag.Error {
			return nil, ds
		}
	}
	return t, ds
}

// File returns a theme file.
func (t *Theme) File(name string) ([]byte, bool) {
	b, ok := t.files[name]
	return b, ok
}

// Origin tells where a theme file came from.
func (t *Theme) Origin(name string) string { return t.origin[name] }

// List returns the files under dir, sorted.
func (t *Theme) List(dir string) []string {
	var out []string
	for k := range t.files {
		if strings.HasPrefix(k, dir+"/") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Strings reads the translation file of lang (i18n/<lang>.toml), falling back
// to zh-CN for keys it lacks, and to the built-in zh-CN for keys a theme's
// zh-CN lacks.
func (t *Theme) Strings(lang string) (map[string]string, []diag.Diagnostic) {
	out := map[string]string{}
	// The built-in strings under all: a site's translation file made
	// before gongkai added keys falls back to them for those keys, rather
	// than failing the build.
	if b, err := fs.ReadFile(themes.Default, themes.DefaultRoot+"/i18n/zh-CN.toml"); err == nil {
		_, _ = toml.Decode(string(b), &out)
	}
	var diags []diag.Diagnostic
	for _, l := range []string{"zh-CN", lang} {
		name := "i18n/" + l + ".toml"
		b, ok := t.files[name]
		if !ok {
			if l != "zh-CN" {
				diags = append(diags, diag.Diagnostic{Severity: diag.Warning, File: "site.toml", Column: "language", Value: lang, HasValue: true, Msg: "主题没有该语言的翻译文件 " + name + "，使用中文"})
			}
			continue
		}
		m := map[string]string{}
		if _, err := toml.Decode(string(b), &m); err != nil {
			diags = append(diags, tomlx.ErrorAt(t.origin[name], string(b), 0, err))
			continue
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, diags
}

// hashName inserts a short content hash into a file name, so that browsers
// may cache assets forever and a changed asset gets a new URL:
// css/site.css → css/site.1a2b3c4d.css.
func hashName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])[:10]
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + h + ext
}

var errNoTemplate = errors.New("no template")
