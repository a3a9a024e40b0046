package sitecheck

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
)

// The example site (the repository itself), built once for the package:
// at the root of its host and under a sub-path.
var (
	example    Site // base_url of site.toml (path "/")
	exampleSub Site // --base-url https://www.example.gov.cn/jyj/
	repoRoot   string
)

const subBase = "https://www.example.gov.cn/jyj/"

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitecheck:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	root, err := axe.RepoRoot()
	if err != nil {
		return 0, err
	}
	repoRoot = root
	tmp, err := os.MkdirTemp("", "gongkai-sitecheck-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	for _, b := range []struct {
		site *Site
		base string
		dir  string
	}{{&example, "", "root"}, {&exampleSub, subBase, "sub"}} {
		dest := filepath.Join(tmp, b.dir)
		_, diags, err := build.Build(build.Options{Fs: afero.NewOsFs(), Source: root, Destination: dest, BaseURL: b.base})
		if err != nil {
			for _, d := range diags {
				fmt.Fprintln(os.Stderr, d)
			}
			return 0, fmt.Errorf("building the example site: %w", err)
		}
		b.site.Dir = dest
		b.site.BasePath = "/"
		if b.base != "" {
			b.site.BasePath = "/jyj/"
		}
	}
	code := m.Run()
	browsertest.CloseShared()
	return code, nil
}

var (
	serveOnce sync.Once
	serveURL  string
)

// sharedBrowser is one Chromium for the package's browser tests.
func sharedBrowser(t testing.TB) *browsertest.Browser { return browsertest.Shared(t) }

// served is the base URL of the example site on a local server (no
// trailing slash).
func served(t testing.TB) string {
	t.Helper()
	serveOnce.Do(func() {
		srv := newServer(example.Dir)
		serveURL = srv
	})
	return serveURL
}
