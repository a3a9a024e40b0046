//go:build unix

package sitefs

import (
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// openOS opens a file of the operating system's file system for
// ReadLimited with open and fstat alone. Performance: os.Open makes a
// regular file non-blocking, tries to add it to the poller, fails and makes
// it blocking again (four fcntl and an epoll_ctl on Linux): for the 2,000
// documents of a site some 10,000 needless system calls.
func openOS(name string) (f io.ReadCloser, size int64, dir bool, err error) {
	fd, err := ignoringEINTR(func() (int, error) { return unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, 0, false, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		_ = unix.Close(fd)
		return nil, 0, false, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return &osFile{fd: fd, name: name}, st.Size, st.Mode&unix.S_IFMT == unix.S_IFDIR, nil
}

// osFile is a file opened by openOS.
type osFile struct {
	fd   int
	name string
}

func (f *osFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, err := ignoringEINTR(func() (int, error) { return unix.Read(f.fd, b) })
	switch {
	case err != nil:
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (f *osFile) Close() error { return unix.Close(f.fd) }

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}

// openRegularOS is OpenRegular on the operating system's file system.
func openRegularOS(name string) (*Regular, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	})
	if err == unix.ELOOP {
		return nil, ErrSymlink
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		_ = unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		_ = unix.Close(fd)
		return nil, ErrNotRegular
	}
	return &Regular{f: &osFile{fd: fd, name: name}, Size: st.Size, ModTime: st.Mtim.Nano()}, nil
}
