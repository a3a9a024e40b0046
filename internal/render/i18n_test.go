package render_test

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/render"
)

func loadTheme(t *testing.T, files map[string]string) (*render.Theme, []diag.Diagnostic) {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, s := range files {
		if err := afero.WriteFile(fsys, "/site/themes/my/"+name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return build.LoadTheme(fsys, "/site", "my")
}

// A site's translation file that lacks keys of the theme names the file
// and the keys; a key no template uses is a warning at its line.
func TestThemeTranslationKeys(t *testing.T) {
	theme, diags := loadTheme(t, map[string]string{
		"i18n/zh-CN.toml": "# 只改了两处\nskip_to_content = \"跳到正文\"\nhome = \"首页\"\nhom = \"首页\"\n",
	})
	// Keys left out stand in from the built-in file (a theme made before
	// gongkai added keys keeps working): a warning naming the file and the
	// keys, no error.
	var errs, warns []string
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, d.Error())
		} else {
			warns = append(warns, d.Error())
		}
	}
	if theme == nil || len(errs) != 0 || len(warns) != 2 || !strings.HasPrefix(warns[0], "themes/my/i18n/zh-CN.toml: ") ||
		!strings.Contains(warns[0], "you_are_here") || !strings.Contains(warns[0], "themes/default/i18n/zh-CN.toml") {
		t.Errorf("missing keys: theme %v\nerrors %s\nwarnings %s", theme != nil, strings.Join(errs, "\n"), strings.Join(warns, "\n"))
	}
	if len(warns) != 2 || !strings.HasPrefix(warns[1], "themes/my/i18n/zh-CN.toml:4: hom: ") || !strings.Contains(warns[1], "home") {
		t.Errorf("unknown key: %q", warns)
	}
	// The site's strings over the built-in ones; another theme's strings
	// are the built-in file's, whatever was done to the first one's.
	strs, _ := theme.Strings("zh-CN")
	if strs["skip_to_content"] != "跳到正文" || strs["you_are_here"] == "" {
		t.Errorf("strings: skip_to_content %q, you_are_here %q", strs["skip_to_content"], strs["you_are_here"])
	}
	strs["home"] = "改过"
	plain, _ := loadTheme(t, map[string]string{"layouts/_x.html": ""})
	if s, _ := plain.Strings("zh-CN"); s["home"] != "首页" || s["skip_to_content"] != "跳到主要内容" {
		t.Errorf("built-in strings: home %q, skip_to_content %q", s["home"], s["skip_to_content"])
	}

	// A syntax error: in Chinese, at its line.
	_, diags = loadTheme(t, map[string]string{"i18n/zh-CN.toml": "home = 首页\n"})
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), "themes/my/i18n/zh-CN.toml:1:8: ") || !strings.Contains(diags[0].Msg, "英文双引号") {
		t.Errorf("syntax error: %v", diags)
	}

	// Another language may leave keys out: they show in Chinese, and the
	// warning says which. A key used only by the site's own layout is known.
	theme, diags = loadTheme(t, map[string]string{
		"i18n/en.toml":        "home = \"Home\"\nour_motto = \"Open\"\n",
		"layouts/_motto.html": `{{define "motto"}}{{T "our_motto"}}{{end}}`,
	})
	if theme == nil || len(diags) != 1 || diags[0].Severity != diag.Warning || !strings.HasPrefix(diags[0].Error(), "themes/my/i18n/en.toml: ") || !strings.Contains(diags[0].Msg, "you_are_here") {
		t.Errorf("en.toml: %v", diags)
	}
}
