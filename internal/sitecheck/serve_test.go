package sitecheck

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
	"github.com/gongkai-dev/gongkai/internal/build"
)

// newServer serves dir for the rest of the test binary's life (the shared
// server of the package; browsertest.ServeDir ends with one test).
func newServer(dir string) string {
	srv := httptest.NewServer(browsertest.StaticHandler(dir))
	return srv.URL
}

// buildAndServe builds the site at src (written there first by write, when
// not nil, under a new temporary directory) into a new temporary directory
// and serves it: the URL and the output's directory.
func buildAndServe(name, src string, write func(fsys afero.Fs, src string) error) (url, dir string, err error) {
	tmp, err := os.MkdirTemp("", "gongkai-sitecheck-"+name+"-")
	if err != nil {
		return "", "", err
	}
	fsys := afero.NewOsFs()
	if write != nil {
		src = filepath.Join(tmp, "site")
		if err := write(fsys, src); err != nil {
			return "", "", err
		}
	}
	dest := filepath.Join(tmp, "public")
	if _, diags, err := build.Build(build.Options{Fs: fsys, Source: src, Destination: dest}); err != nil {
		return "", "", fmt.Errorf("%v %v", err, diags)
	}
	return newServer(dest), dest, nil
}
