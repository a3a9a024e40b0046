package output

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/spf13/afero"
)

// Kept is a file of the destination as a finished build left it, recorded
// for the next build (the build cache): its site path, size and
// modification time. The next build reuses the file only while it still
// has that size and time, so a file changed by hand since is made again.
type Kept struct {
	Path    string
	Size    int64
	ModTime int64 // nanoseconds since 1970
}

// Keep records the files at the site paths of dest as they are now (Kept),
// leaving out a path that is not a regular file.
func Keep(fsys afero.Fs, dest string, paths []string) []Kept {
	out := make([]Kept, 0, len(paths))
	for _, p := range paths {
		fi, err := lstat(fsys, filepath.Join(dest, filepath.FromSlash(p)))
		if err == nil && fi.Mode().IsRegular() {
			out = append(out, Kept{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()})
		}
	}
	return out
}

// Reuse puts files of the current destination into the stage unchanged,
// when every one of them is still as kept: a hard link on the operating
// system's file system (the stage is beside the destination), else a copy.
// Performance: a linked file costs a directory entry, not a new file's
// data and sync — most of a province site's files when few inputs changed.
// It reports false, and puts nothing in place, when one of them is not as
// kept; the caller then writes them anew.
func (s *Stage) Reuse(files []Kept) (bool, error) {
	olds := make([]os.FileInfo, len(files))
	for i, f := range files {
		if clean, err := sitePath(f.Path); err != nil || clean != f.Path {
			return false, nil
		}
		fi, err := lstat(s.fs, filepath.Join(s.dest, filepath.FromSlash(f.Path)))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() != f.Size || fi.ModTime().UnixNano() != f.ModTime {
			return false, nil
		}
		olds[i] = fi
	}
	onDisk := s.onDisk()
	s.mu.Lock()
	s.reused += len(files)
	s.mu.Unlock()
	for i, f := range files {
		clean, full, err := s.prepare(f.Path, f.Size)
		if err != nil {
			return true, err
		}
		old := filepath.Join(s.dest, filepath.FromSlash(f.Path))
		if s.spare != nil && s.spare.files[clean] {
			// Recycled: most often the stage holds this very file already.
			if a, err := os.Lstat(full); err == nil && os.SameFile(a, olds[i]) {
				continue
			}
		}
		if err := s.clear(clean, full); err != nil {
			return true, err
		}
		if onDisk {
			if err := os.Link(old, full); err == nil {
				continue
			} else if errors.Is(err, os.ErrExist) {
				return true, err
			}
		}
		// No hard links here (another file system, or one without them).
		data, err := afero.ReadFile(s.fs, old)
		if err != nil {
			return true, err
		}
		if err := writeFile(s.fs, full, data, s.whole == nil); err != nil {
			return true, err
		}
		// With the time it was kept with: the build cache records the
		// reused file as it was, not again.
		if err := s.fs.Chtimes(full, olds[i].ModTime(), olds[i].ModTime()); err != nil {
			return true, err
		}
	}
	return true, nil
}

// Reused returns the number of files taken from the previous build (Reuse).
func (s *Stage) Reused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reused
}
