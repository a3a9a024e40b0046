package render

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/suggest"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
	"github.com/gongkai-dev/gongkai/themes"
)

const builtinStrings = "i18n/zh-CN.toml"

// builtin is the built-in translation file decoded, once per process: its
// bytes, strings and keys in the file's order, or the diagnostic of a
// broken one. Performance: every build decoded it three times (checking a
// theme's translations, the fallback strings, the file itself), some 6 ms
// before the first page.
var builtin = sync.OnceValue(func() (b struct {
	src     []byte
	strings map[string]string
	order   []string
	diag    *diag.Diagnostic
}) {
	src, err := fs.ReadFile(themes.Default, themes.DefaultRoot+"/"+builtinStrings)
	if err != nil {
		b.diag = &diag.Diagnostic{File: "themes/default/" + builtinStrings, Msg: "内置主题损坏: " + err.Error()}
		return b
	}
	md, err := toml.Decode(string(src), &b.strings)
	if err != nil {
		d := tomlx.ErrorAt("themes/default/"+builtinStrings, string(src), 0, err)
		b.diag = &d
		return b
	}
	b.src = src
	for _, k := range md.Keys() {
		b.order = append(b.order, k.String())
	}
	return b
})

// checkTranslations checks the translation files a site's theme brings
// against the built-in one, before anything is rendered with them: a file
// that does not parse, or a zh-CN.toml that lacks keys (it replaces the
// built-in file, and every page needs its strings), is an error naming the
// file and the keys; another language lacking keys is a warning (they show
// in Chinese); a key that neither the built-in file nor any layout of the
// theme has is a warning at its line, as it is probably misspelt.
func (t *Theme) checkTranslations() []diag.Diagnostic {
	bi := builtin()
	if bi.diag != nil {
		return []diag.Diagnostic{*bi.diag}
	}
	order := bi.order
	var diags []diag.Diagnostic
	for _, name := range t.List("i18n") {
		file := t.origin[name]
		if path.Ext(name) != ".toml" || strings.HasSuffix(file, "(内置)") {
			continue
		}
		src := string(t.files[name])
		var m map[string]string
		if _, err := toml.Decode(src, &m); err != nil {
			diags = append(diags, tomlx.ErrorAt(file, src, 0, err))
			continue
		}
		var missing []string
		for _, k := range order {
			if _, ok := m[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			if name == builtinStrings {
				diags = append(diags, diag.Diagnostic{Severity: diag.Warning, File: file, Msg: fmt.Sprintf("缺少 %s：这些文字使用内置主题的原文；要改写时，从内置主题的翻译文件（gongkai 源代码中的 themes/default/%s）复制这些键", keyList(missing), builtinStrings)})
			} else {
				diags = append(diags, diag.Diagnostic{Severity: diag.Warning, File: file, Msg: fmt.Sprintf("缺少 %s，这些文字将显示中文；全部的键见 gongkai 源代码中的 themes/default/%s", keyList(missing), builtinStrings)})
			}
		}
		for k := range m {
			if _, ok := bi.strings[k]; ok || t.layoutsUse(k) {
				continue
			}
			msg := "未知的键，主题中没有用到它"
			if near := nearestKey(k, order); near != "" {
				msg += "；是不是 " + near + "？"
			}
			diags = append(diags, diag.Diagnostic{Severity: diag.Warning, File: file, Line: tomlx.KeyLine(src, toml.Key{k}), Column: k, Msg: msg})
		}
	}
	return diags
}

// keyList names the keys, the first ten of them when there are more.
func keyList(keys []string) string {
	if len(keys) <= 10 {
		return fmt.Sprintf("%d 个键: %s", len(keys), strings.Join(keys, ", "))
	}
	return fmt.Sprintf("%d 个键: %s 等", len(keys), strings.Join(keys[:10], ", "))
}

// layoutsUse reports whether a layout of the theme looks key up ({{T "key"}}
// or {{Tf "key" …}}): a site's own layouts may bring keys of their own.
func (t *Theme) layoutsUse(key string) bool {
	re := regexp.MustCompile(`\bTf?\s+"` + regexp.QuoteMeta(key) + `"`)
	for _, name := range t.List("layouts") {
		if re.Match(t.files[name]) {
			return true
		}
	}
	return false
}

func nearestKey(k string, keys []string) string {
	best, bestD := "", 3
	for _, c := range keys {
		if d := suggest.Distance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
