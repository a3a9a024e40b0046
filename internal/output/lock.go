package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/afero"
)

// LockedError is a destination another build is writing.
type LockedError struct {
	Dest string
	PID  int // the other build's process; 0 when unknown
	File string
}

func (e *LockedError) Error() string {
	who := "另一个 gongkai 构建"
	if e.PID > 0 {
		who += "（进程 " + strconv.Itoa(e.PID) + "）"
	}
	return fmt.Sprintf("目标目录 %s 正由%s写入；同一目录同一时间只能有一个构建，请等它结束后再构建（锁文件 %s）", e.Dest, who, e.File)
}

// LockName is the lock file of dest, beside it.
func LockName(dest string) string {
	return filepath.Join(filepath.Dir(dest), stagePrefix+filepath.Base(dest)+".lock")
}

// Lock makes dest one build's at a time, from before the build looks at the
// destination until after its swap, and returns the function that releases
// it. A second build of the same destination gets a LockedError at once.
//
// The lock is a file beside the destination held with flock(2) where the
// system has it, which the kernel releases when the process ends however
// it ends (kill -9, a power loss), so that a lock is never stale; the file
// holds the holder's process id for the message and is removed on release.
// On a file system that is not the machine's (a MemMapFs: gongkai check,
// tests) there is no other process to keep out and nothing is locked.
func Lock(fsys afero.Fs, dest string) (release func(), err error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := fsys.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if !onDisk(fsys, parent) {
		return func() {}, nil
	}
	name := LockName(dest)
	f, pid, err := lockFile(name)
	if err != nil {
		if pid != 0 || err == errHeld {
			return nil, &LockedError{Dest: dest, PID: pid, File: name}
		}
		return nil, fmt.Errorf("无法锁定目标目录 %s: %w", dest, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		// Removed while still held: a build waiting on this file finds it
		// gone and makes a new one (lockFile).
		_ = os.Remove(name)
		_ = f.Close()
	}, nil
}

// holder reads the process id a lock file holds, 0 when none.
func holder(name string) int {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// onDisk reports whether dir is the same directory in fsys and in the
// machine's file system (afero.OsFs, or a wrapper of it).
func onDisk(fsys afero.Fs, dir string) bool {
	fi, err := fsys.Stat(dir)
	if err != nil {
		return false
	}
	osfi, err := os.Stat(dir)
	return err == nil && os.SameFile(fi, osfi)
}
