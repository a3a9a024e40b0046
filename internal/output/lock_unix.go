//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

var errHeld = errors.New("held")

// lockFile opens and flocks name. When another process holds it, it
// returns errHeld and the holder's process id.
func lockFile(name string) (*os.File, int, error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, 0, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, holder(name), errHeld
			}
			return nil, 0, err
		}
		// The holder before us removes the file on release: a lock on the
		// file it removed locks nothing, so try again with a new one.
		fi, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(fi, now) {
			return f, 0, nil
		}
		f.Close()
	}
}
