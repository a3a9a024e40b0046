// Package lazyre compiles a regular expression when it is first used
// instead of when the program starts.
//
// Every command of gongkai starts the same program: a regular expression
// of the importer or of the TOML error messages, compiled at start-up,
// delayed every build, check and serve, on one core before main
// (docs/performance.md).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns the expression, compiled on the first call and then kept.
// Like regexp.MustCompile, it panics if expr does not compile: on first
// use, so each package's tests use each of its expressions.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
