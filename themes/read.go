package themes

import (
	"io/fs"
	"path"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// Files are a theme's files by their path in the theme (layouts/base.html,
// static/css/site.css, i18n/zh-CN.toml) and where each came from, for
// messages.
type Files struct {
	Files  map[string][]byte
	Origin map[string]string
}

// Read reads the built-in theme and, when name is set, the site's
// themes/<name>/ over it, file by file, through fsys (nil: the built-in
// theme only). It is the only reading of theme files; the renderer gets
// the files (render.NewTheme).
func Read(fsys afero.Fs, siteDir, name string) (*Files, []diag.Diagnostic) {
	t := &Files{Files: map[string][]byte{}, Origin: map[string]string{}}
	err := fs.WalkDir(Default, DefaultRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Default, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, DefaultRoot+"/")
		t.Files[rel] = b
		t.Origin[rel] = "themes/default/" + rel + " (内置)"
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
		t.Files[rel] = b
		t.Origin[rel] = "themes/" + name + "/" + rel
		return nil
	})
	return t, diags
}
