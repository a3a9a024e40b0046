//go:build unix

package output

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeNewFile writes data to the file name on the operating system's file
// system with open, write and close alone. Performance: os.OpenFile makes
// a regular file non-blocking, tries to add it to the poller, fails and
// makes it blocking again (four fcntl and an epoll_ctl on Linux), and
// registers a cleanup: for the 2,646 files of a 2,000-document site some
// 13,000 needless system calls.
func writeNewFile(name string, data []byte) (modTime int64, err error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := ignoringEINTR(func() (int, error) { return unix.Write(fd, data) })
		if err != nil {
			_ = unix.Close(fd)
			return 0, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	// The time the file was written, for the build cache (Stage.Written):
	// from the open file, which costs no lookup of its name.
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil {
		modTime = st.Mtim.Nano()
	}
	if err := unix.Close(fd); err != nil {
		return 0, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return modTime, nil
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
