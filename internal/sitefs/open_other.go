//go:build !unix

package sitefs

import (
	"io"

	"github.com/spf13/afero"
)

// openOS opens a file of the operating system's file system for
// ReadLimited (open_unix.go does it with fewer system calls).
func openOS(name string) (f io.ReadCloser, size int64, dir bool, err error) {
	return openAfero(afero.NewOsFs(), name)
}

// openRegularOS is OpenRegular on the operating system's file system.
func openRegularOS(name string) (*Regular, error) {
	return OpenRegular(afero.NewReadOnlyFs(afero.NewOsFs()), name)
}
