package output

import (
	"fmt"
	"hash/maphash"
	"path"
	"sort"
	"strings"
)

// claims are the paths of one build's output: every file, and every
// directory that holds one. The file system would refuse a file where a
// directory is, or a directory where a file is (a document whose url is
// "index.xml" against the feed), with an error that names no page; claims
// refuses them first, on disk and in memory alike.
//
// Performance: a province's site has tens of thousands of files and
// nearly as many directories (a page is a folder with its index.html).
// The maps hold a digest of each path, not the path: no string, no
// pointer; the paths themselves are appended to a log, in pieces that can
// go to the build's temporary file (Stage.SpillPaths), and read back only
// to name a conflict or to sync each file where the whole file system
// cannot be synced at once.
type claims struct {
	seeds [2]maphash.Seed
	// file is every file claimed, with its size and time once the stage
	// has written it (Stage.Written; zero until then, or when not known).
	file map[pathKey]writtenFile
	// dir is every directory that holds a file claimed, and in a Stage
	// whether it is made (Stage.makeDir); dirErr the error of one that
	// could not be.
	dir       map[pathKey]dirState
	dirErr    map[pathKey]error
	paths     PathLog          // every file claimed, in order
	conflicts []*ConflictError // every claim refused, for messages at their cause
}

// pathKey is the digest of a site path: two seeded 64-bit hashes. Two
// paths of one build share one with a chance of about n²/2¹²⁹ for n
// paths, far below that of the disk losing a bit.
type pathKey [2]uint64

func (c *claims) key(p string) pathKey {
	return pathKey{maphash.String(c.seeds[0], p), maphash.String(c.seeds[1], p)}
}

// dirState is how far a claimed directory is made (Stage.makeDir).
type dirState uint8

const (
	dirClaimed dirState = iota // claimed, not yet made
	dirMaking                  // being made by one writer; the others wait
	dirMade
	dirFailed // could not be made: dirErr
)

// writtenFile is a file as WriteFile wrote it (Stage.Written).
type writtenFile struct{ size, modTime int64 }

// ConflictError is a path of the output claimed twice: by two pages with
// one URL, or as a file and as a directory.
type ConflictError struct {
	Path  string // the path being written
	Other string // the path already written that it conflicts with
}

func (e *ConflictError) Error() string {
	if e.Path == e.Other {
		return fmt.Sprintf("输出文件 %s 被写了两次（两个页面使用了同一网址）", e.Path)
	}
	return fmt.Sprintf("输出文件 %s 与 %s 冲突：同一路径不能既是文件又是目录（一个页面的网址与生成的文件重名）", e.Path, e.Other)
}

// claim records the clean site path p of a file, or returns (and keeps)
// the ConflictError that writing it would be.
func (c *claims) claim(p string) error {
	if c.file == nil {
		c.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
		c.file, c.dir = map[pathKey]writtenFile{}, map[pathKey]dirState{}
	}
	k := c.key(p)
	other := ""
	if _, ok := c.file[k]; ok {
		other = p
	} else if _, ok := c.dir[k]; ok {
		other = c.firstUnder(p)
	} else {
		for d := path.Dir(p); d != "." && other == ""; d = path.Dir(d) {
			if _, ok := c.file[c.key(d)]; ok {
				other = d
			}
		}
	}
	if other != "" {
		e := &ConflictError{Path: p, Other: other}
		c.conflicts = append(c.conflicts, e)
		return e
	}
	c.file[k] = writtenFile{}
	c.paths.Add(p)
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		dk := c.key(d)
		if _, ok := c.dir[dk]; ok {
			break // and so are the directories above it
		}
		c.dir[dk] = dirClaimed
	}
	return nil
}

// has reports whether the site path p is claimed, as a file or as a
// directory.
func (c *claims) has(p string) bool {
	k := c.key(p)
	_, file := c.file[k]
	_, dir := c.dir[k]
	return file || dir
}

// firstUnder is the first file claimed under the directory dir.
func (c *claims) firstUnder(dir string) string {
	first, prefix := "", dir+"/"
	c.paths.Each(func(p string) bool {
		if strings.HasPrefix(p, prefix) {
			first = p
		}
		return first == ""
	})
	return first
}

func (c *claims) files() int { return len(c.file) }

// Conflicts returns the conflicts of the writes so far.
func (s *Stage) Conflicts() []*ConflictError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*ConflictError(nil), s.claims.conflicts...)
}

// Conflicts returns the conflicts of the writes so far.
func (m *Memory) Conflicts() []*ConflictError {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*ConflictError(nil), m.conflicts...)
}

// filesAndDirs returns every directory that holds a file claimed and,
// with withFiles, every file claimed, each sorted.
func (c *claims) filesAndDirs(withFiles bool) (files, dirs []string) {
	seen := map[string]bool{}
	c.paths.Each(func(p string) bool {
		if withFiles {
			files = append(files, p)
		}
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
		return true
	})
	sort.Strings(files)
	sort.Strings(dirs)
	return files, dirs
}

// SpillPaths has the stage put the log of its files' paths, piece by
// piece, where store keeps them (the build's temporary file); store
// returns how to read a piece back. Set before the build writes.
func (s *Stage) SpillPaths(store func(b []byte) func() []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims.paths.Spill(store)
}
