package hardening

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/diag"
)

// TestHeadingIDsCannotTakeThePagesIDs: a heading whose own id ({#…}) is one
// the page makes — a chart box's (c_…), a table's or its caption's, a
// footnote's — would take the links and references meant for it, and one
// named main would take the skip link. Such an id is an error at its line, in
// build and in check; a heading whose text makes such an id gets another.
func TestHeadingIDsCannotTakeThePagesIDs(t *testing.T) {
	chart := `{{< chart kind="cv" year="2024" level="primary" >}}`
	cases := []struct {
		name string
		body string
		line int
	}{
		{"chart-prefix", chart + "\n\n## 图 {#c_figure}\n", 3},
		{"chart", "正文。\n\n" + chart + "\n\n### 说明 { #c_doc_L3_C1_cv_2024_primary .x }\n", 5},
		{"main", "## 跳转 {#main}\n", 1},
		{"table", "正文\n\n## 表 {#t_primary_schools}\n", 3},
		{"footnote", "正文[^1]。\n\n## 注 {#fn:1}\n\n[^1]: 脚注。\n", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := limitSite(t, map[string]string{
				"data/2024/schools.csv":    minimalData,
				"data/2024/county.toml":    "name = \"测试县\"\ncode = \"150000\"\nas_of = 2024-09-30\n",
				"content/policies/fake.md": doc("title = \"伪造\"\nwritten = 2024-01-02", c.body),
			})
			_, diags, err := buildOS(t, src, filepath.Join(filepath.Dir(src), "public"))
			if err == nil {
				t.Fatal("built")
			}
			want := func(what string, ds []diag.Diagnostic) {
				t.Helper()
				d := errorAbout(ds, "content/policies/fake.md")
				// The body starts on line 5 of the file, after the front matter.
				if d == nil || d.Line != c.line+4 || !strings.Contains(d.Msg, "id") {
					t.Fatalf("%s: no error at line %d: %v\n%s", what, c.line+4, err, diagText(ds))
				}
			}
			want("build", diags)
			want("check", checkDiags(t, src))
		})
	}
	t.Run("generated", func(t *testing.T) {
		src := limitSite(t, map[string]string{"content/policies/gen.md": doc("title = \"生成\"\nwritten = 2024-01-02", "## Main\n\n见[上文](#h-main)。\n")})
		dest := filepath.Join(filepath.Dir(src), "public")
		if _, diags, err := buildOS(t, src, dest); err != nil {
			t.Fatalf("%v\n%s", err, diagText(diags))
		}
		b, _ := os.ReadFile(filepath.Join(dest, "policies", "gen", "index.html"))
		if strings.Count(string(b), `id="main"`) != 1 || !strings.Contains(string(b), `id="h-main"`) {
			t.Errorf("the heading Main took the page's id main")
		}
	})
}
