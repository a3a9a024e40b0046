// Package output writes a built site atomically: every file goes into a
// staging directory beside the destination, synced to disk, and only a
// build that succeeded is swapped into place. A failed or interrupted build
// leaves the previous destination byte for byte as it was, and no staging
// files behind. One build at a time writes a destination (Lock), and only
// into a directory that is gongkai's own output (CheckOwned, Marker).
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/afero"
)

// Stage is a staging directory being filled. It is safe for concurrent use.
type Stage struct {
	fs   afero.Fs
	dest string
	dir  string

	mu     sync.Mutex
	made   sync.Cond // on mu: a directory is made, or could not be
	claims claims
	bytes  int64
	reused int

	// whole, when not nil, is the staging directory held open to sync its
	// whole file system once before the swap (syncFileSystem), instead of every
	// file as it is written and every directory. Performance: on disk one
	// fsync per file was about a tenth of a build's CPU time and made
	// every render wait on the disk (docs/performance.md); the guarantee
	// is the same (docs/security.md, section 4).
	whole     *os.File
	wholeOnce sync.Once

	// spare, when not nil, is what the stage held when it was recycled
	// from the previous build's retired site (SpareName).
	spare *spare
}

// openWhole is openFsSync, replaced in tests.
var openWhole = openFsSync

// syncWhole is syncFileSystem, replaced in tests.
var syncWhole = syncFileSystem

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
	st := &Stage{fs: fsys, dest: dest, dir: dir}
	st.made.L = &st.mu
	if st.onDisk() {
		// Opened before any file is written: syncfs reports the write-back
		// errors that happened since.
		st.recycle()
		spreadSubdirs(st.dir)
		st.whole = openWhole(dir)
	}
	// The marker is the stage's from the start, so that no page can claim
	// its path; it is written by Commit.
	_ = st.claims.claim(Marker)
	return st, nil
}

// Recover puts back the previous site of dest when a build was killed
// between the two renames of Commit: dest is missing and the site is whole
// under its retired name. A build calls it before anything else, so that
// whatever it does next — fail, be refused, succeed — starts from the
// destination as the last finished build left it. Of several retired sites
// (a retired one whose removal failed, then a killed build) the newest is
// put back. It returns the error of a rename that failed.
func Recover(fsys afero.Fs, dest string) error {
	if _, err := fsys.Stat(dest); !notExist(err) {
		return nil
	}
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	entries, err := afero.ReadDir(fsys, parent)
	if err != nil {
		return nil
	}
	var newest fs.FileInfo
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), stagePrefix+base+"-old-") && (newest == nil || e.ModTime().After(newest.ModTime())) {
			newest = e
		}
	}
	if newest == nil {
		return nil
	}
	if err := fsys.Rename(filepath.Join(parent, newest.Name()), dest); err != nil {
		return fmt.Errorf("目标目录 %s 不存在，上一次构建的站点保存在 %s，但无法移回: %w", dest, filepath.Join(parent, newest.Name()), err)
	}
	return syncDir(fsys, parent)
}

// CleanLeftovers removes staging directories of dest left by builds that
// were killed before they could clean up, after putting back a retired
// site that is the only copy (see Recover).
func CleanLeftovers(fsys afero.Fs, dest string) {
	if Recover(fsys, dest) != nil {
		return // the retired site is the only copy: keep it
	}
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	entries, err := afero.ReadDir(fsys, parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, stagePrefix+base+"-staging-") || strings.HasPrefix(n, stagePrefix+base+"-old-") {
			_ = fsys.RemoveAll(filepath.Join(parent, n))
		}
	}
}

func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, os.ErrNotExist)
}

// Dir returns the staging directory.
func (s *Stage) Dir() string { return s.dir }

// WriteFile writes data at the site path p (slash-separated, relative).
// It refuses paths that would leave the destination, and writing the same
// path twice (two pages claiming one URL is a bug worth hearing about).
func (s *Stage) WriteFile(p string, data []byte) error {
	clean, full, err := s.prepare(p, int64(len(data)))
	if err != nil {
		return err
	}
	if err := s.clear(clean, full); err != nil {
		return err
	}
	modTime, err := writeFileTime(s.fs, full, data, s.whole == nil)
	if err == nil && modTime != 0 {
		s.mu.Lock()
		s.claims.file[s.claims.key(clean)] = writtenFile{int64(len(data)), modTime}
		s.mu.Unlock()
	}
	return err
}

// Written is the file at site path p as this stage wrote it: its size and
// the modification time of the open file, which are the file's in the
// destination after Commit (a rename of its folder changes neither). The
// build cache records them instead of a stat of each file after the build
// (docs/performance.md). false: not written by WriteFile, or its time is
// not known; Keep then looks at the file.
func (s *Stage) Written(p string) (Kept, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claims.file == nil {
		return Kept{Path: p}, false
	}
	w := s.claims.file[s.claims.key(p)]
	return Kept{Path: p, Size: w.size, ModTime: w.modTime}, w.modTime != 0
}

// prepare claims the site path p for a file of size bytes and makes its
// directory in the stage; it returns the clean path and the file's name in
// the stage.
func (s *Stage) prepare(p string, size int64) (string, string, error) {
	clean, err := sitePath(p)
	if err != nil {
		return "", "", err
	}
	s.mu.Lock()
	if err := s.claims.claim(clean); err != nil {
		s.mu.Unlock()
		return "", "", err
	}
	s.bytes += size
	s.mu.Unlock()
	if err := s.makeDir(path.Dir(clean)); err != nil {
		return "", "", err
	}
	return clean, filepath.Join(s.dir, filepath.FromSlash(clean)), nil
}

// onDisk tells whether the stage is in the operating system's file system
// (not in memory).
func (s *Stage) onDisk() bool {
	_, ok := s.fs.(*afero.OsFs)
	return ok
}

// topLevel tells whether the site path dir is a directory of the output's
// top level (a section: docs, schools, search…). The stage and these are
// spread (spreadSubdirs): then every directory down to the second level —
// each document's, each county's of a section — starts in a block group of
// its own choosing, and what is below stays with it.
func topLevel(dir string) bool {
	return !strings.Contains(dir, "/")
}

// makeDir makes the directory dir (a site path) in the stage, and its
// parents, each once: a writer whose directory another goroutine is making
// waits for it (dirMaking, Stage.made). Performance: MkdirAll for every
// file stat-ed the path first, then its parent, before making it: three
// system calls where one does (docs/performance.md). In a recycled stage
// the spare's directories are there already (recycledDir).
func (s *Stage) makeDir(dir string) error {
	if dir == "." {
		return nil // the stage itself, made by NewStage
	}
	s.mu.Lock()
	k := s.claims.key(dir)
	for {
		st, ok := s.claims.dir[k] // claimed with the file, and its parents
		switch {
		case !ok:
			s.mu.Unlock()
			return fmt.Errorf("目录 %s 没有登记（gongkai 的错误）", dir)
		case st == dirMade:
			s.mu.Unlock()
			return nil
		case st == dirFailed:
			err := s.claims.dirErr[k]
			s.mu.Unlock()
			return err
		case st == dirMaking:
			s.made.Wait()
			continue
		}
		break
	}
	s.claims.dir[k] = dirMaking
	s.mu.Unlock()
	err := s.makeDir(path.Dir(dir))
	if err == nil {
		full := filepath.Join(s.dir, filepath.FromSlash(dir))
		if !s.recycledDir(dir, full) {
			err = s.fs.Mkdir(full, 0o755)
		}
		if err == nil && s.onDisk() && topLevel(dir) {
			spreadSubdirs(full)
		}
	}
	s.mu.Lock()
	if err != nil {
		s.claims.dir[k] = dirFailed
		if s.claims.dirErr == nil {
			s.claims.dirErr = map[pathKey]error{}
		}
		s.claims.dirErr[k] = err
	} else {
		s.claims.dir[k] = dirMade
	}
	s.made.Broadcast()
	s.mu.Unlock()
	return err
}

// writeSynced writes a file and syncs it to disk: after a power loss the
// published site must not hold empty or partial files that the swap made
// visible.
func writeSynced(fsys afero.Fs, name string, data []byte) error {
	return writeFile(fsys, name, data, true)
}

// writeFile writes a file, and syncs it to disk when sync is true.
func writeFile(fsys afero.Fs, name string, data []byte, sync bool) error {
	_, err := writeFileTime(fsys, name, data, sync)
	return err
}

// writeFileTime is writeFile, and the time the file was written (the
// modification time of the open file, in nanoseconds) where it is known:
// a new file on the operating system's file system, not synced one by one.
// Else 0.
func writeFileTime(fsys afero.Fs, name string, data []byte, sync bool) (modTime int64, err error) {
	if _, onDisk := fsys.(*afero.OsFs); onDisk && !sync {
		return writeNewFile(name, data)
	}
	f, err := fsys.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := f.Write(data)
	if err == nil && n < len(data) {
		err = io.ErrShortWrite
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	// The time is not known: a file system may set it on Close
	// (MemMapFs does), after the last look at the open file.
	return 0, err
}

// syncDir syncs a directory, so that the entries created or renamed in it
// survive a power loss; or a file.
func syncDir(fsys afero.Fs, dir string) error {
	f, err := fsys.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
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
	return s.claims.files() - 1 // not the marker
}

// Bytes returns the number of bytes written so far.
func (s *Stage) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// Abort removes the staging directory; the destination is untouched. A
// stage recycled from the spare and not yet written to is still the spare,
// and goes back to its place: a build that the site's errors stop before it
// writes keeps the next build's head start.
func (s *Stage) Abort() error {
	s.closeWhole()
	if s.spare != nil && s.Files() == 0 && os.Rename(s.dir, SpareName(s.dest)) == nil {
		return nil
	}
	return s.fs.RemoveAll(s.dir)
}

// closeWhole closes the directory held open for syncFileSystem.
func (s *Stage) closeWhole() {
	s.wholeOnce.Do(func() {
		if s.whole != nil {
			_ = s.whole.Close()
		}
	})
}

// Commit swaps the staging directory into place: the marker is written,
// every directory of the stage synced (the files were synced as they were
// written), the old destination renamed aside, the staging directory
// renamed to the destination, and the old one removed. If the second
// rename fails the old destination is put back.
func (s *Stage) Commit() error {
	if err := s.seal(); err != nil {
		_ = s.Abort()
		return fmt.Errorf("无法写入临时构建目录: %w", err)
	}
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
				// next build (Recover) puts it back.
				return fmt.Errorf("无法替换目标目录: %w；原有站点保存在 %s，也无法移回: %v", err, old, err2)
			}
		}
		return fmt.Errorf("无法替换目标目录: %w", err)
	}
	// The renames are entries of the parent: synced, the new site is the
	// destination after a power loss too.
	_ = syncDir(s.fs, filepath.Dir(s.dest))
	// The new site is in place: failing to remove the old one is not a
	// failed build (the next build removes it, see CleanLeftovers).
	s.retire(old)
	return nil
}

// removeTree removes dir and everything in it. Performance: removing the
// previous site (a province site's 13,000 files in 9,000 directories)
// one entry at a time took as long as the rest of an unchanged rebuild;
// the entries two levels down are removed by several goroutines at once,
// since the kernel removes entries of different directories in parallel.
// A link (or anything but a directory) at dir is removed itself, never
// what it points to: the spare's name is beside the output, where anyone
// who may write there can plant one.
func removeTree(fsys afero.Fs, dir string) {
	if _, onDisk := fsys.(*afero.OsFs); !onDisk {
		_ = fsys.RemoveAll(dir)
		return
	}
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		_ = os.Remove(dir)
		return
	}
	var paths []string
	tops, _ := os.ReadDir(dir)
	for _, e := range tops {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			continue
		}
		subs, _ := os.ReadDir(p)
		for _, s := range subs {
			paths = append(paths, filepath.Join(p, s.Name()))
		}
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < min(len(paths), 4*runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				_ = os.RemoveAll(p)
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	_ = os.RemoveAll(dir)
}
