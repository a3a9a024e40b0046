//go:build !unix

package output

import (
	"errors"
	"io/fs"
	"os"
)

var errHeld = errors.New("held")

// lockFile creates name exclusively. Without flock(2), a lock file whose
// process is gone (killed) is stale and removed.
func lockFile(name string) (*os.File, int, error) {
	for try := 0; ; try++ {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, 0, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, 0, err
		}
		pid := holder(name)
		if try > 0 || pid == 0 || running(pid) {
			return nil, pid, errHeld
		}
		_ = os.Remove(name)
	}
}

// running reports whether process pid exists (os.FindProcess fails for a
// process that does not, on Windows).
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
