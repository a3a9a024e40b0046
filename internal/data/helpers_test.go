package data

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// site builds a site in memory: keys are paths relative to the site root.
func site(t testing.TB, files map[string]string) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, content := range files {
		if err := afero.WriteFile(fsys, "/site/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// load loads a site of files.
func load(t testing.TB, files map[string]string) (*Dataset, *diag.List) {
	t.Helper()
	return Load(site(t, files), "/site")
}

// texts returns the Error() texts of ds.
func texts(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Error())
	}
	return out
}

// csvLines joins lines with CRLF, as Excel writes them.
func csvLines(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// onlyCounty returns the single county input of the single year.
func onlyCounty(t *testing.T, ds *Dataset) indicators.Input {
	t.Helper()
	if len(ds.Years) != 1 || len(ds.Years[0].Counties) != 1 {
		t.Fatalf("want 1 year of 1 county, got %+v", ds)
	}
	return ds.Years[0].Counties[0]
}

// noErrors fails the test when dl has errors.
func noErrors(t *testing.T, dl *diag.List) {
	t.Helper()
	if errs := dl.Errors(); len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%s", strings.Join(texts(errs), "\n"))
	}
}

// noDiagnostics fails the test when dl has anything.
func noDiagnostics(t *testing.T, dl *diag.List) {
	t.Helper()
	if all := dl.All(); len(all) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(texts(all), "\n"))
	}
}

// hasDiag reports whether want is among the Error() texts of ds.
func wantDiag(t *testing.T, ds []diag.Diagnostic, want ...string) {
	t.Helper()
	got := texts(ds)
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("missing diagnostic\n  %s\namong\n  %s", w, strings.Join(got, "\n  "))
		}
	}
}
