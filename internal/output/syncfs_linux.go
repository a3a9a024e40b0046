package output

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// openFsSync returns the staging directory opened for syncFileSystem when the
// kernel's syncfs(2) reports write-back errors (Linux 5.8 and later: it
// returns the errors of the whole file system that happened since the
// descriptor was opened). Older kernels return success from syncfs
// whatever happened, so a stage there syncs each file instead (nil).
func openFsSync(dir string) *os.File {
	if !syncfsReportsErrors() {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	return f
}

// syncFileSystem writes back every dirty file and directory of the file system
// that holds f, and reports the write-back errors since f was opened.
func syncFileSystem(f *os.File) error {
	for {
		err := unix.Syncfs(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}

// syncfsReportsErrors tells whether the running kernel is Linux 5.8 or
// later.
func syncfsReportsErrors() bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	return kernelAtLeast(unix.ByteSliceToString(u.Release[:]), 5, 8)
}

// kernelAtLeast tells whether a release such as "6.1.0-13-amd64" is at
// least major.minor.
func kernelAtLeast(release string, major, minor int) bool {
	parts := strings.SplitN(release, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	digits := len(parts[1]) - len(strings.TrimLeft(parts[1], "0123456789"))
	mi, err2 := strconv.Atoi(parts[1][:digits])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}
