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
	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/themes"
)

// Theme is the built-in theme with a site's own theme laid over it, file by
// file: layouts/*.html, static/**, i18n/<lang>.toml.
type Theme struct {
	files  map[string][]byte
	origin map[string]string // file → where it came from, for messages
}

// LoadTheme reads the embedded theme and, when name is set, the site's
// themes/<name>/ over it.
func LoadTheme(fsys afero.Fs, siteDir, name string) (*Theme, []diag.Diagnostic) {
	t := &Theme{files: map[string][]byte{}, origin: map[string]string{}}
	err := fs.WalkDir(themes.Default, themes.DefaultRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.Default, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, themes.DefaultRoot+"/")
		t.files[rel] = b
		t.origin[rel] = "themes/default/" + rel + " (内置)"
		return nil
	})
	if err != nil {
		return nil, []diag.Diagnostic{{File: "themes/default", Msg: "内置主题损坏: " + err.Error()}}
	}
	if name == "" {
		return t, nil
	}
	root := path.Join(siteDir, "themes", name)
	if fi, err := fsys.Stat(root); err != nil || !fi.IsDir() {
		return nil, []diag.Diagnostic{{File: "site.toml", Column: "theme", Value: name, HasValue: true, Msg: "找不到主题目录 themes/" + name + "/"}}
	}
	// themes/ and themes/<name>/ must not be links out of the site; the
	// walk below sees the links inside.
	if err := sitefs.Check(fsys, siteDir, "themes/"+name); err != nil {
		return nil, []diag.Diagnostic{{File: "themes/" + name, Msg: "主题目录不可用: " + err.Error()}}
	}
	var diags []diag.Diagnostic
	_ = afero.Walk(fsys, root, func(p string, info fs.FileInfo, err error) error {
		file := "themes/" + name + "/" + strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if err != nil {
			diags = append(diags, diag.Diagnostic{File: file, Msg: err.Error()})
			return nil
		}
		if info.IsDir() {
			return nil
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			diags = append(diags, diag.Diagnostic{File: file, Msg: "主题中不接受符号链接"})
			return nil
		}
		if !info.Mode().IsRegular() {
			diags = append(diags, diag.Diagnostic{File: file, Msg: "主题中不接受：" + sitefs.ErrNotRegular.Error()})
			return nil
		}
		b, err := sitefs.ReadLimited(fsys, p, sitefs.MaxThemeFile)
		if err != nil {
			diags = append(diags, diag.Diagnostic{File: file, Msg: "无法读取: " + err.Error()})
			return nil
		}
		rel := strings.TrimPrefix(p, root+"/")
		t.files[rel] = b
		t.origin[rel] = "themes/" + name + "/" + rel
		return nil
	})
	return t, diags
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
			diags = append(diags, diag.Diagnostic{File: t.origin[name], Msg: "翻译文件无法解析: " + err.Error()})
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
