package output

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/afero"
)

// Marker is the file every build writes at the top of its output. Commit
// replaces the destination as a whole, so a directory that is not empty
// and has no marker — a user's Documents/, another site's sources — is
// refused (CheckOwned) rather than deleted.
const Marker = ".gongkai-output"

// markerText is the marker's content: the same in every build, so that
// builds stay byte-identical.
const markerText = "本目录由 gongkai build 生成，每次构建都会整体替换它（删除其中的全部文件）；请不要在这里存放其他文件。\n" +
	"This directory is the output of gongkai build; every build replaces it as a whole.\n"

// builtFiles are what every site gongkai built has: a directory holding all
// of them is the output of a gongkai from before the marker.
var builtFiles = []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "catalogue/index.html", "search/index.html"}

// NotOwnedError is a destination that a build would not replace.
type NotOwnedError struct {
	Dest   string
	Reason string
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("目标目录 %s %s。构建会整体替换目标目录、删除其中的全部文件，所以只写入不存在的目录、空目录"+
		"或 gongkai 构建的结果（其中有标记文件 %s）。请另选一个目录；确认其中的文件都可以删除时，加 --force-destination",
		e.Dest, e.Reason, Marker)
}

// CheckOwned returns a NotOwnedError unless dest may be replaced by a
// build: it does not exist, is an empty directory, or holds the marker
// (or, from before the marker, every file a gongkai site has).
func CheckOwned(fsys afero.Fs, dest string) error {
	fi, err := lstat(fsys, dest)
	switch {
	case notExist(err):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return &NotOwnedError{Dest: dest, Reason: "是符号链接"}
	case !fi.IsDir():
		return &NotOwnedError{Dest: dest, Reason: "不是目录"}
	}
	entries, err := afero.ReadDir(fsys, dest)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if m, err := lstat(fsys, filepath.Join(dest, Marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	built := true
	for _, f := range builtFiles {
		if fi, err := lstat(fsys, filepath.Join(dest, filepath.FromSlash(f))); err != nil || !fi.Mode().IsRegular() {
			built = false
			break
		}
	}
	if built {
		return nil
	}
	var names []string
	for _, e := range entries[:min(len(entries), 3)] {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		names = append(names, n)
	}
	count := "共"
	if len(entries) > len(names) {
		count = "等"
	}
	return &NotOwnedError{Dest: dest, Reason: fmt.Sprintf("已存在，其中有 %s %s %d 项，但它不是 gongkai 构建的结果", strings.Join(names, "、"), count, len(entries))}
}

// lstat is fsys.Lstat when the file system has it, else Stat.
func lstat(fsys afero.Fs, name string) (fs.FileInfo, error) {
	if l, ok := fsys.(afero.Lstater); ok {
		fi, _, err := l.LstatIfPossible(name)
		return fi, err
	}
	return fsys.Stat(name)
}

// seal finishes the stage before the swap: the marker is written, the
// stage made world-readable (TempDir creates it 0700) and everything synced,
// so that a power loss after the swap finds every entry and every byte:
// with s.whole the whole file system at once, else every directory,
// children before their parents (the files were synced as they were
// written).
func (s *Stage) seal() error {
	s.prune()
	marker := filepath.Join(s.dir, Marker)
	if err := s.clear(Marker, marker); err != nil {
		return err
	}
	if err := writeFile(s.fs, marker, []byte(markerText), s.whole == nil); err != nil {
		return err
	}
	_ = s.fs.Chmod(s.dir, 0o755)
	syncFiles := false
	if s.whole != nil {
		err := syncWhole(s.whole)
		s.closeWhole()
		if !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EPERM) {
			return err
		}
		// A sandbox without syncfs: every file is synced now, then every
		// directory, as when the files are synced as they are written.
		syncFiles = true
	}
	s.mu.Lock()
	files, dirs := s.claims.filesAndDirs(syncFiles)
	s.mu.Unlock()
	// Directories in reverse order: children before their parents.
	for i, j := 0, len(dirs)-1; i < j; i, j = i+1, j-1 {
		dirs[i], dirs[j] = dirs[j], dirs[i]
	}
	if err := s.syncAll(files); err != nil {
		return err
	}
	if err := s.syncAll(dirs); err != nil {
		return err
	}
	return syncDir(s.fs, s.dir)
}

// syncAll syncs the files or directories of the stage at the site paths
// given, and returns the first error in their order. Performance: a
// province site has some 9,000 directories; the syncs wait on the disk, so
// several run at once.
func (s *Stage) syncAll(paths []string) error {
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(len(paths), 4*runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = syncDir(s.fs, filepath.Join(s.dir, filepath.FromSlash(paths[i])))
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
