package render

import (
	"html/template"
	"maps"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/themes"
)

// Document pages are written from the pieces of the layout only while the
// files it is made of are the built-in ones; TestFrameAsTemplates compares
// such pages with the templates'.
func TestDocumentPiecesOnlyForTheBuiltInLayout(t *testing.T) {
	builtIn := builtInFiles(t)
	site := &config.Site{Title: "t", Language: "zh-CN", BasePath: "/"}
	pieces := func(files map[string][]byte) []string {
		t.Helper()
		theme, diags := NewTheme(&themes.Files{Files: files, Origin: builtIn.Origin})
		if theme == nil {
			t.Fatal(diags)
		}
		return stubRenderer(t, site, theme).documentPieces()
	}
	if p := pieces(builtIn.Files); len(p) != len(docSentinels)+1 {
		t.Fatalf("built-in theme: %d pieces", len(p))
	}
	for name, body := range map[string]string{
		"layouts/document.html": "{{define \"main\"}}\n{{.DocumentHTML}}{{.Doc.Title}}{{end}}",
		"layouts/base.html":     string(builtIn.Files["layouts/base.html"]) + "{{/* 改过 */}}",
		"layouts/_own.html":     "{{define \"head\"}}<meta name=\"x\">{{end}}",
	} {
		files := maps.Clone(builtIn.Files)
		files[name] = []byte(body)
		if p := pieces(files); p != nil {
			t.Errorf("%s of the site's own: pieces %q", name, p)
		}
	}
}

// stubRenderer is a Renderer of theme with stubs for the report package's
// functions, which the built-in partials name.
func stubRenderer(t *testing.T, site *config.Site, theme *Theme) *Renderer {
	t.Helper()
	stub := func(...any) string { return "" }
	r, diags := New(site, theme, content.Date{Year: 2026, Month: 1, Day: 1},
		template.FuncMap{"reportStatusClass": stub, "reportChart": stub, "reportTable": stub})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return r
}

// builtInFiles are the files of the built-in theme.
func builtInFiles(t *testing.T) *themes.Files {
	t.Helper()
	builtIn, diags := themes.Read(nil, "", "")
	if builtIn == nil {
		t.Fatal(diags)
	}
	return builtIn
}
