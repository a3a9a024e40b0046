package importer

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

// TestCraftedDocuments: every crafted Word document (synth.Archives) is
// read or refused with a message saying which limit: millions of empty
// paragraphs, megabytes of text in one paragraph, elements nested a million
// deep. (Their time and memory are measured by scripts/bench.sh.)
func TestCraftedDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("crafts large archives")
	}
	want := map[string]string{
		"empty-paragraphs.docx":    "上限为 16 MB",
		"empty-paragraphs-16.docx": "段落和表格行超过 100000 个",
		"long-paragraph.docx":      "正文超过 2 MB",
		"deep.docx":                "嵌套超过",
		"largest-text.docx":        "",
	}
	for _, a := range synth.Archives(1) {
		msg, ok := want[a.Name]
		if !ok {
			continue
		}
		t.Run(a.Name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			if err := afero.WriteFile(fsys, a.Name, a.Make(), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := File(fsys, a.Name)
			switch {
			case msg == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case msg != "" && (err == nil || !strings.Contains(err.Error(), msg)):
				t.Fatalf("err = %v, want one saying %q", err, msg)
			case err == nil && !strings.Contains(string(res.Markdown), "招生入学"):
				t.Errorf("text lost: %.200s", res.Markdown)
			}
			t.Log(err)
		})
	}
	// A text file is read only up to its limit.
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "big.txt", []byte(strings.Repeat("正文。\n", MaxTextFile/10+1)), 0o644)
	if _, err := File(fsys, "big.txt"); err == nil || !strings.Contains(err.Error(), "上限") {
		t.Errorf("a text file over the limit: %v", err)
	}
}
