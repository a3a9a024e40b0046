package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileContents returns every file under dir by its path in dir.
func fileContents(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// build --shard 1/2 and 2/2, then merge, give the site build gives; merge
// without every shard fails and says which is missing.
func TestShardCommands(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1735689600")
	site := newSite(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	if code, _, errs := gongkai(t, "build", "-s", site, "-d", out("whole")); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	for _, k := range []string{"1", "2"} {
		code, stdout, errs := gongkai(t, "build", "-s", site, "-d", out("shard"+k), "--shard", k+"/2")
		if code != 0 || !strings.HasPrefix(stdout, "分片 "+k+"/2：构建完成") {
			t.Fatalf("build --shard %s/2: %s %s", k, stdout, errs)
		}
	}
	code, stdout, errs := gongkai(t, "merge", "-s", site, "-d", out("merged"), out("shard2"), out("shard1"))
	if code != 0 || !strings.Contains(stdout, "构建完成") {
		t.Fatalf("merge: %d %s %s", code, stdout, errs)
	}
	want, got := fileContents(t, out("whole")), fileContents(t, out("merged"))
	if len(got) != len(want) {
		t.Errorf("merged: %d files, build: %d", len(got), len(want))
	}
	for p, b := range want {
		if !bytes.Equal(got[p], b) {
			t.Errorf("merged %s differs from the build's", p)
		}
	}

	code, _, errs = gongkai(t, "merge", "-s", site, "-d", out("merged"), out("shard1"))
	if code != 1 || !strings.Contains(errs, "缺少分片 2/2") || !strings.Contains(errs, "构建失败") || english.MatchString(errs) {
		t.Errorf("merge without shard 2: %d\n%s", code, errs)
	}
}
