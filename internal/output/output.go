// Package output writes a built site atomically: every file goes into a
// staging directory beside the destination, and only a build that succeeded
// is swapped into place. A failed or interrupted build leaves the previous
// destination byte for byte as it was, and no staging files behind.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/afero"
)

// Stage is a staging directory being filled. It is safe for concurrent use.
type Stage struct {
	fs   afero.Fs
	dest string
	dir  string

	mu    sync.Mutex
	dirs  map[string]bool
	files map[string]bool
	bytes int64
}

// stagePrefix names staging and retired directories so that a later build
// can recognise and remove what an interrupted one left behind.
const stagePrefix = ".gongkai-"

// NewStage creates an empty staging directory beside dest (same parent, so
// the final rename never crosses file systems). Leftovers of interrupted
// builds of the same destination are removed first.
func NewStage(fsys afero.Fs, dest string) (*Stage, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if base == "." || base == string(filepath.Separator) || base == "" {
		return nil, fmt.Errorf("目标目录 %q 不可用", dest)
	}
	if err := fsys.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	CleanLeftovers(fsys, dest)
	dir, err := afero.TempDir(fsys, parent, stagePrefix+base+"-staging-")
	if err != nil {
		return nil, fmt.Errorf("无法创建临时构建目录: %w", err)
	}
	return &Stage{fs: fsys, dest: dest, dir: dir, dirs: map[string]bool{}, files: map[string]bool{}}, nil
}

// CleanLeftovers removes staging directories of dest left by builds that
// were killed before they could clean up. A build killed between the two
// renames of Commit left no destination and the previous site under its
// retired name: that one is put back, not removed.
func CleanLeftovers(fsys afero.Fs, dest string) {
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	entries, err := afero.ReadDir(fsys, parent)
	if err != nil {
		return
	}
	_, statErr := fsys.Stat(dest)
	restore := errors.Is(statErr, fs.ErrNotExist) || errors.Is(statErr, os.ErrNotExist)
	for _, e := range entries {
		n := e.Name()
		full := filepath.Join(parent, n)
		if restore && e.IsDir() && strings.HasPrefix(n, stagePrefix+base+"-old-") {
			if fsys.Rename(full, dest) == nil {
				restore = false
				continue
			}
		}
		if strings.HasPrefix(n, stagePrefix+base+"-staging-") || strings.HasPrefix(n, stagePrefix+base+"-old-") {
			_ = fsys.RemoveAll(full)
		}
	}
}

// Dir returns the staging directory.
func (s *Stage) Dir() string { return s.dir }

// WriteFile writes data at the site path p (slash-separated, relative).
// It refuses paths that would leave the destination, and writing the same
// path twice (two pages claiming one URL is a bug worth hearing about).
func (s *Stage) WriteFile(p string, data []byte) error {
	clean, err := sitePath(p)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.files[clean] {
		s.mu.Unlock()
		return fmt.Errorf("输出文件 %s 被写了两次（两个页面使用了同一网址）", clean)
	}
	s.files[clean] = true
	dir := path.Dir(clean)
	needDir := dir != "." && !s.dirs[dir]
	if needDir {
		s.dirs[dir] = true
	}
	s.bytes += int64(len(data))
	s.mu.Unlock()
	full := filepath.Join(s.dir, filepath.FromSlash(clean))
	// Every writer makes sure of its directory: another goroutine may have
	// claimed it (needDir) and not created it yet. MkdirAll of an existing
	// directory is cheap.
	if dir != "." {
		if err := s.fs.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
	}
	return afero.WriteFile(s.fs, full, data, 0o644)
}

// sitePath cleans the site path p, refusing one that would leave the
// destination.
func sitePath(p string) (string, error) {
	clean := path.Clean(p)
	if path.IsAbs(p) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("输出路径 %q 离开了目标目录", p)
	}
	return clean, nil
}

// Files returns the number of files written so far.
func (s *Stage) Files() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// Bytes returns the number of bytes written so far.
func (s *Stage) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// Abort removes the staging directory; the destination is untouched.
func (s *Stage) Abort() error {
	return s.fs.RemoveAll(s.dir)
}

// Commit swaps the staging directory into place: the old destination is
// renamed aside, the staging directory renamed to the destination, and the
// old one removed. If the second rename fails the old destination is put
// back.
func (s *Stage) Commit() error {
	old := ""
	if fi, err := s.fs.Stat(s.dest); err == nil {
		if !fi.IsDir() {
			_ = s.Abort()
			return fmt.Errorf("目标 %s 不是目录", s.dest)
		}
		old = filepath.Join(filepath.Dir(s.dest), stagePrefix+filepath.Base(s.dest)+"-old-"+filepath.Base(s.dir))
		if err := s.fs.Rename(s.dest, old); err != nil {
			_ = s.Abort()
			return fmt.Errorf("无法替换目标目录: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, os.ErrNotExist) {
		_ = s.Abort()
		return err
	}
	if err := s.fs.Rename(s.dir, s.dest); err != nil {
		_ = s.Abort()
		if old != "" {
			if err2 := s.fs.Rename(old, s.dest); err2 != nil {
				// The previous site is whole under its retired name; the
				// next build (CleanLeftovers) puts it back.
				return fmt.Errorf("无法替换目标目录: %w；原有站点保存在 %s，也无法移回: %v", err, old, err2)
			}
		}
		return fmt.Errorf("无法替换目标目录: %w", err)
	}
	// A staging dir is created 0700 by TempDir; the published site is
	// world-readable.
	_ = s.fs.Chmod(s.dest, 0o755)
	if old != "" {
		// The new site is in place: failing to remove the old one is not a
		// failed build (the next build removes it, see CleanLeftovers).
		_ = s.fs.RemoveAll(old)
	}
	return nil
}
