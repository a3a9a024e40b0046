package layout_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules holds the arrows of docs/architecture.md: the indicator
// engine imports no package of the project; the page packages (report,
// portal) and the renderer import neither the data loader nor each other's
// page code, and run no command; none of them reads or writes a file; the
// program does not link excelize.
func TestImportRules(t *testing.T) {
	const mod = "github.com/gongkai-dev/gongkai/"
	list := func(args ...string) []string {
		out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
		if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		return strings.Fields(string(out))
	}
	// ours are the project's packages a package depends on, by their path
	// in the module; std its standard library ones.
	deps := func(pkg string) (ours, std map[string]bool) {
		ours, std = map[string]bool{}, map[string]bool{}
		for _, p := range list("-deps", mod+pkg) {
			if q, ok := strings.CutPrefix(p, mod); ok {
				ours[q] = true
			} else {
				std[p] = true
			}
		}
		return ours, std
	}
	own, _ := deps("internal/indicators")
	for d := range own {
		if d != "internal/indicators" {
			t.Errorf("internal/indicators depends on %s", d)
		}
	}
	pages := []string{"internal/report", "internal/portal", "internal/render"}
	for _, p := range pages {
		ours, std := deps(p)
		for _, bad := range []string{"internal/data", "internal/history", "internal/build"} {
			if ours[bad] {
				t.Errorf("%s depends on %s", p, bad)
			}
		}
		if std["os/exec"] {
			t.Errorf("%s depends on os/exec", p)
		}
		for _, other := range pages {
			if other != p && other != "internal/render" && ours[other] {
				t.Errorf("%s depends on %s", p, other)
			}
		}
		for _, imp := range list("-f", `{{join .Imports " "}}`, mod+p) {
			// No file is read or written there: os, afero (the
			// build's file system) and sitefs (the guarded reads) are
			// the load and write stages'.
			if imp == "os" || imp == "github.com/spf13/afero" || imp == mod+"internal/sitefs" {
				t.Errorf("%s imports %s", p, imp)
			}
		}
	}
	// The program does not link excelize, which only the tests use: its
	// initialisation would cost every process (docs/performance.md).
	_, std := deps("cmd/gongkai")
	for d := range std {
		if strings.HasPrefix(d, "github.com/xuri/") {
			t.Errorf("cmd/gongkai depends on %s", d)
		}
	}
}
