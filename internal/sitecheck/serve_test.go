package sitecheck

import (
	"net/http/httptest"

	"github.com/gongkai-dev/gongkai/internal/browsertest"
)

// newServer serves dir for the rest of the test binary's life (the shared
// server of the package; browsertest.ServeDir ends with one test).
func newServer(dir string) string {
	srv := httptest.NewServer(browsertest.StaticHandler(dir))
	return srv.URL
}
