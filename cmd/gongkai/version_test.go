package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// gongkai version names the release and the commit it was built from, so
// that a bug report says which build it is.
func TestVersion(t *testing.T) {
	code, out, _ := gongkai(t, "version")
	if code != 0 || !strings.HasPrefix(out, "gongkai ") {
		t.Errorf("gongkai version: %d\n%s", code, out)
	}

	bi := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "48dd750f3c8a1e2b9d0c7f6e5a4b3c2d1e0f9a8b"},
		{Key: "vcs.time", Value: "2026-11-02T08:15:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	got := versionText(bi, "")
	for _, want := range []string{"gongkai v1.4.0\n", "提交 48dd750f3c8a", "2026-11-02", "有未提交的修改"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	// go run and go test carry no commit: say so rather than print nothing.
	got = versionText(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "")
	if !strings.HasPrefix(got, "gongkai devel\n") || !strings.Contains(got, "提交 未知") {
		t.Errorf("without build info:\n%s", got)
	}
	// A version set at link time wins.
	if got := versionText(bi, "v9.9.9"); !strings.HasPrefix(got, "gongkai v9.9.9\n") {
		t.Errorf("-X main.version:\n%s", got)
	}
}
