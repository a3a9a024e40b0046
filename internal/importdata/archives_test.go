package importdata

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

// TestCraftedWorkbooks: every crafted workbook (synth.Archives) is read or
// refused with a message saying which limit; those made to cost gigabytes
// are refused from the archive's directory or while the sheet streams.
// No temporary file is made, at any moment. (Their time and memory are
// measured by scripts/bench.sh, not here.)
func TestCraftedWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("crafts large archives")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	stop := watchEmpty(t, tmp)
	defer stop()
	want := map[string]string{
		"inflated-sheet.xlsx":      "上限为 16 MB",
		"far-cell.xlsx":            "XFD1048576 超出第",
		"wide-rows.xlsx":           "单元格超过",
		"long-cell.xlsx":           "单元格 B2 超过 1024 字节",
		"deep.xlsx":                "嵌套超过",
		"entries.xlsx":             "上限为 10000",
		"merges.xlsx":              "", // read: the merged ranges are filled only where the table is
		"shared-strings.xlsx":      "没有找到表头行",
		"attributes.xlsx":          "没有找到表头行",
		"largest-sheet.xlsx":       "",
		"empty-paragraphs.docx":    "-",
		"empty-paragraphs-16.docx": "-",
	}
	for _, a := range synth.Archives(0.25) {
		msg, ok := want[a.Name]
		if !ok || msg == "-" {
			continue
		}
		t.Run(a.Name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			if err := afero.WriteFile(fsys, "in/"+a.Name, a.Make(), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Import(Options{Fs: fsys, File: "in/" + a.Name, Year: 2024, Site: "site"})
			switch {
			case msg == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case msg != "" && (err == nil || !strings.Contains(err.Error(), msg)):
				t.Fatalf("err = %v, want one saying %q", err, msg)
			}
			if err != nil {
				t.Log(err)
				return
			}
			t.Logf("%d rows, %d diagnostics", res.Rows, len(res.Diagnostics))
			if a.Name == "largest-sheet.xlsx" && (!res.Written || res.Rows < 5000) {
				t.Errorf("the largest sheet: %d rows, written %v", res.Rows, res.Written)
			}
		})
	}
}

// watchEmpty fails the test if a file appears in dir before stop is called.
func watchEmpty(t *testing.T, dir string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("temporary file made: %s", entries[0].Name())
				return
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}
