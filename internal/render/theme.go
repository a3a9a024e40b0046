package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

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

	// What is made of the files, once per Theme: gongkai serve keeps the
	// Theme from one build to the next while its files are the same, and
	// decoding the translations took a few of each rebuild's milliseconds.
	mu      sync.Mutex
	strs    map[string]themeStrings // by language
	statics map[string]staticFile   // by file name
}

type themeStrings struct {
	m     map[string]string
	diags []diag.Diagnostic
}

type staticFile struct {
	out  string
	data []byte
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
// The map is the Theme's: callers do not change it.
func (t *Theme) Strings(lang string) (map[string]string, []diag.Diagnostic) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.strs[lang]; ok {
		return s.m, slices.Clip(s.diags)
	}
	m, diags := t.readStrings(lang)
	if t.strs == nil {
		t.strs = map[string]themeStrings{}
	}
	t.strs[lang] = themeStrings{m, diags}
	return m, slices.Clip(diags)
}

// static is StaticFile of the theme's file name (under static/).
func (t *Theme) static(name string) (string, []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.statics[name]; ok {
		return f.out, f.data
	}
	out, b := StaticFile(strings.TrimPrefix(name, "static/"), t.files[name])
	if t.statics == nil {
		t.statics = map[string]staticFile{}
	}
	t.statics[name] = staticFile{out, b}
	return out, b
}

// readStrings is Strings, made.
func (t *Theme) readStrings(lang string) (map[string]string, []diag.Diagnostic) {
	// The built-in strings under all: a site's translation file made
	// before gongkai added keys falls back to them for those keys, rather
	// than failing the build.
	bi := builtin()
	out := maps.Clone(bi.strings)
	if out == nil {
		out = map[string]string{}
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
		if bi.src != nil && bytes.Equal(b, bi.src) {
			continue // the built-in file, already in out
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
