// Package hardening tests gongkai as an attacker and as bad luck would:
// hostile text in every field, paths and links that lead out of the site,
// builds that fail or are interrupted half-way, builds on other machines,
// huge and deeply nested input. It holds tests only; the fixes live in the
// packages they concern. See docs/security.md.
package hardening

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/check"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/output"
)

// fixedNow is the build's clock in these tests.
var fixedNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

const siteToml = "title = \"测试县教育局\"\nbase_url = \"https://example.gov.cn/jyj/\"\norganiser = \"测试县教育局\"\n"

// minimalData is the smallest schools.csv a build accepts.
const minimalData = "学校标识码,学校名称,学段,城乡分类代码,在校生数\n1,第一小学,小学,111,100\n2,第二小学,小学,121,80\n"

func doc(front, body string) string { return "+++\n" + front + "\n+++\n" + body }

// writeFiles writes files (slash paths relative to dir) on disk.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildOS builds the site in src into dest on disk with the fixed clock.
func buildOS(t testing.TB, src, dest string) (build.Summary, []diag.Diagnostic, error) {
	t.Helper()
	return build.Build(build.Options{Fs: afero.NewOsFs(), Source: src, Destination: dest, Now: fixedNow})
}

// mustBuild builds and fails the test on any error.
func mustBuild(t testing.TB, opts build.Options) build.Summary {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	sum, diags, err := build.Build(opts)
	if err != nil {
		t.Fatalf("build failed: %v\n%s", err, diagText(diags))
	}
	return sum
}

func diagText(diags []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// checkDiags runs gongkai check on the site in src and returns what it
// found.
func checkDiags(t testing.TB, src string) []diag.Diagnostic {
	t.Helper()
	res, err := check.Run(check.Options{Fs: osFs, Source: src, Now: fixedNow})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	var ds []diag.Diagnostic
	for _, p := range res.Problems {
		ds = append(ds, p.Diagnostic)
	}
	return ds
}

// errorAbout returns the first error diagnostic naming file, or nil.
func errorAbout(diags []diag.Diagnostic, file string) *diag.Diagnostic {
	for i, d := range diags {
		if d.Severity == diag.Error && d.File == file {
			return &diags[i]
		}
	}
	return nil
}

// treeHash describes every entry under dir: a file by the hash of its bytes
// and its mode, a directory, a link by its target. Two trees are
// byte-identical when their descriptions are equal.
func treeHash(t testing.TB, dir string) map[string]string {
	t.Helper()
	return treeHashFs(t, afero.NewOsFs(), dir)
}

func treeHashFs(t testing.TB, fsys afero.Fs, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link " + target
		case info.IsDir():
			out[rel] = "dir"
		default:
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			out[rel] = hex.EncodeToString(sum[:]) + " " + info.Mode().Perm().String()
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

// diffTrees lists the differences between two tree descriptions.
func diffTrees(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			out = append(out, "only in first: "+k)
		} else if v != w {
			out = append(out, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "only in second: "+k)
		}
	}
	sort.Strings(out)
	return out
}

// assertSameTree fails when the trees differ.
func assertSameTree(t testing.TB, what string, before, after map[string]string) {
	t.Helper()
	if d := diffTrees(before, after); len(d) > 0 {
		if len(d) > 20 {
			d = append(d[:20], "…")
		}
		t.Fatalf("%s changed:\n%s", what, strings.Join(d, "\n"))
	}
}

// assertUntouched fails when dest differs from before or a staging or
// retired directory, or a lock, is left beside it.
func assertUntouched(t testing.TB, dest string, before map[string]string) {
	t.Helper()
	assertSameTree(t, "destination", before, treeHash(t, dest))
	if l := leftovers(t, osFs, dest); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// leftovers returns the staging or retired directories beside dest.
func leftovers(t testing.TB, fsys afero.Fs, dest string) []string {
	t.Helper()
	entries, err := afero.ReadDir(fsys, filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	// The build cache and the retired site kept for the next build stay
	// beside the output on purpose (README“构建缓存”).
	cache, years, spare := filepath.Base(build.CacheFileName(dest)), filepath.Base(build.YearsFileName(dest)), filepath.Base(output.SpareName(dest))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".gongkai-") && e.Name() != cache && e.Name() != years && e.Name() != spare {
			out = append(out, e.Name())
		}
	}
	return out
}

var osFs = afero.NewOsFs()
