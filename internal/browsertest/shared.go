package browsertest

import (
	"sync"
	"testing"
)

// shared is the one browser of a test binary (see Shared).
var shared struct {
	once sync.Once
	b    *Browser
	err  error
}

// Shared returns one browser for all the tests of the test binary, started
// by the first test that asks: each Chromium launched costs seconds of a
// loaded machine and hundreds of megabytes. Tests that share it must not
// rely on the browser's state (a page's localStorage is per origin, and
// each ServeDir is an origin of its own). The package's TestMain calls
// CloseShared after m.Run. A missing browser fails the test.
func Shared(tb testing.TB) *Browser {
	tb.Helper()
	shared.once.Do(func() { shared.b, shared.err = Launch() })
	if shared.err != nil {
		tb.Fatalf("browsertest: %v", shared.err)
	}
	return shared.b
}

// CloseShared ends the shared browser, if one was started.
func CloseShared() {
	if shared.b != nil {
		shared.b.Close()
	}
}
