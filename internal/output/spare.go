package output

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"sync"
)

// SpareName returns the directory beside dest where a build that reused
// files of the previous site keeps that retired site for the next build to
// recycle as its stage. Performance: a province site's output is 13,000
// files in 9,000 directories; a rebuild that links the unchanged files into
// a new, empty stage still creates every directory, which on disk cost as
// much as the rest of the rebuild (docs/performance.md). The retired site
// holds the same directories and, but for the files changed by one build,
// the same files (hard links to the published ones), so the next stage
// starts from it and only the differences are made.
func SpareName(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), stagePrefix+filepath.Base(dest)+"-spare")
}

// spare is what a recycled stage held when the build began: its files and
// directories as site paths. Read-only once the stage is made.
type spare struct {
	files map[string]bool
	dirs  []string
}

// recycle turns the spare site beside s.dest, if there is one, into the
// (empty, just made) stage directory s.dir, and takes stock of it: what is
// neither a regular file nor a directory (a link planted there) is removed,
// so that no write can follow it out of the stage. It reports whether the
// stage is recycled; on any trouble the spare is removed and the stage stays
// empty.
func (s *Stage) recycle() bool {
	name := SpareName(s.dest)
	fi, err := os.Lstat(name)
	if err != nil {
		return false
	}
	// os.Rename refuses an existing directory as the new name, even an
	// empty one: the stage's name is freed for the spare (the lock on the
	// destination keeps other builds of it away).
	if !fi.IsDir() || os.Remove(s.dir) != nil {
		removeTree(s.fs, name)
		return false
	}
	if err := os.Rename(name, s.dir); err != nil {
		removeTree(s.fs, name)
		_ = os.Mkdir(s.dir, 0o700)
		return false
	}
	sp := &spare{files: map[string]bool{}}
	err = filepath.WalkDir(s.dir, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(s.dir, full)
		if err != nil || rel == "." {
			return err
		}
		p := filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			sp.dirs = append(sp.dirs, p)
		case d.Type().IsRegular():
			sp.files[p] = true
		default:
			return os.Remove(full)
		}
		return nil
	})
	if err != nil {
		_ = os.RemoveAll(s.dir)
		_ = os.Mkdir(s.dir, 0o700)
		return false
	}
	sort.Strings(sp.dirs)
	s.spare = sp
	return true
}

// Premake makes, in a stage that was not recycled, the spare the build
// would have had: the directories dirs and the files files (site paths) of
// the destination, as links to its files, for a build that expects to
// write and reuse them — those of the previous build's files, known from
// the build cache. Made while the build reads the site rather than one by
// one as its files come, they cost the build's wall time little where
// there is no spare. They are the stage's as a recycled spare's are: a
// file reused is found there already (Reuse), one written is unlinked
// first (clear), and what no file claims is removed before the swap
// (prune). What cannot be made is left to be made when needed.
func (s *Stage) Premake(dirs, files []string) {
	if !s.onDisk() || s.spare != nil || len(dirs)+len(files) == 0 {
		return
	}
	dirs = slices.Clone(dirs)
	sort.Strings(dirs) // parents first
	sp := &spare{files: map[string]bool{}}
	failed := map[string]bool{}
	for _, d := range dirs {
		if clean, err := sitePath(d); err != nil || clean != d || failed[path.Dir(d)] {
			failed[d] = true
			continue
		}
		full := filepath.Join(s.dir, filepath.FromSlash(d))
		if os.Mkdir(full, 0o755) != nil {
			failed[d] = true
			continue
		}
		if topLevel(d) {
			spreadSubdirs(full) // before its directories are made
		}
		sp.dirs = append(sp.dirs, d)
	}
	// The links, in two halves at once: after the directories, each is
	// one entry in a directory of its own half.
	linked := make([]bool, len(files))
	link := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f := files[i]
			dir := path.Dir(f)
			if clean, err := sitePath(f); err != nil || clean != f || dir != "." && !sp.hasDir(dir) {
				continue
			}
			old := filepath.Join(s.dest, filepath.FromSlash(f))
			// Only a regular file: a link planted in the destination is
			// not carried into the stage.
			if fi, err := os.Lstat(old); err != nil || !fi.Mode().IsRegular() {
				continue
			}
			linked[i] = os.Link(old, filepath.Join(s.dir, filepath.FromSlash(f))) == nil
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); link(0, len(files)/2) }()
	link(len(files)/2, len(files))
	wg.Wait()
	for i, f := range files {
		if linked[i] {
			sp.files[f] = true
		}
	}
	s.spare = sp
}

// clear removes what a recycled stage still holds at the site path p from
// the spare, before a file is put there: never written into, since its files
// are links to the published site's.
func (s *Stage) clear(p, full string) error {
	if s.spare == nil || !s.spare.files[p] && !s.spare.hasDir(p) {
		return nil
	}
	err := os.Remove(full)
	if err != nil && !notExist(err) {
		err = os.RemoveAll(full)
	}
	if err != nil && !notExist(err) {
		return err
	}
	return nil
}

// hasDir reports whether the spare held a directory at p.
func (sp *spare) hasDir(p string) bool {
	i := sort.SearchStrings(sp.dirs, p)
	return i < len(sp.dirs) && sp.dirs[i] == p
}

// recycledDir reports whether the directory at the site path dir is the
// spare's, there already; where the spare has a file instead (the site's
// layout changed) the file is removed, for the directory to be made.
func (s *Stage) recycledDir(dir, full string) bool {
	if s.spare == nil {
		return false
	}
	if s.spare.hasDir(dir) {
		return true
	}
	if s.spare.files[dir] {
		_ = os.Remove(full)
	}
	return false
}

// prune removes from a recycled stage what the spare held and this build
// did not write: files, then directories left empty, deepest first.
func (s *Stage) prune() {
	if s.spare == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// A path of the spare may now be of the other kind: a directory where
	// a file was, or the reverse; it is this build's then.
	claimed := s.claims.has
	for p := range s.spare.files {
		if !claimed(p) {
			_ = os.Remove(filepath.Join(s.dir, filepath.FromSlash(p)))
		}
	}
	for i := len(s.spare.dirs) - 1; i >= 0; i-- {
		if d := s.spare.dirs[i]; !claimed(d) {
			_ = os.Remove(filepath.Join(s.dir, filepath.FromSlash(d)))
		}
	}
}

// retire puts the previous site, renamed aside at old by Commit, where the
// next build recycles it (SpareName) when this build reused files of it,
// and removes it otherwise: after a build that made every file anew the
// retired site shares nothing with the new one and would double the disk
// space.
func (s *Stage) retire(old string) {
	name := SpareName(s.dest)
	removeTree(s.fs, name)
	if old == "" {
		return
	}
	if s.onDisk() && s.Reused() > 0 && os.Rename(old, name) == nil {
		return
	}
	removeTree(s.fs, old)
}
