package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzText: any text imports without panicking into a document that the
// build accepts.
func FuzzText(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(textsDir, "*.txt"))
	seeds, _ := filepath.Glob(filepath.Join(seedsDir, "*"))
	files = append(files, seeds...)
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil && len(b) < 1024 {
			f.Add(b)
		} else if err == nil {
			f.Add(b[:1024])
		}
	}
	f.Add([]byte("索引号:\n\n文号：[2021]0号\n标题\n一、\n(一)\n1.\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Text("f.txt", src)
		if err != nil {
			return
		}
		if !bytes.HasPrefix(r.Markdown, []byte("+++\n")) {
			t.Fatalf("no front matter:\n%s", r.Markdown)
		}
		if diags := Validate([]*Result{r}); len(diags) > 0 {
			t.Fatalf("rejected: %v\n%s", diags, r.Markdown)
		}
	})
}
