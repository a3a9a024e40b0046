package output

import (
	"fmt"
	"path"
	"sort"
)

// claims are the paths of one build's output: every file, and every
// directory that holds one. The file system would refuse a file where a
// directory is, or a directory where a file is (a document whose url is
// "index.xml" against the feed), with an error that names no page; claims
// refuses them first, on disk and in memory alike.
type claims struct {
	// file is every file claimed, with its size and time once the stage
	// has written it (Stage.Written; zero until then, or when not known).
	file map[string]writtenFile
	// dir is every directory that holds a file claimed, with the first
	// such file, and, in a Stage, whether it is made (Stage.makeDir).
	dir       map[string]*stageDir
	conflicts []*ConflictError // every claim refused, for messages at their cause
}

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
		c.file, c.dir = map[string]writtenFile{}, map[string]*stageDir{}
	}
	other := ""
	if _, ok := c.file[p]; ok {
		other = p
	} else if d, ok := c.dir[p]; ok {
		other = d.first
	} else {
		for d := path.Dir(p); d != "." && other == ""; d = path.Dir(d) {
			if _, ok := c.file[d]; ok {
				other = d
			}
		}
	}
	if other != "" {
		e := &ConflictError{Path: p, Other: other}
		c.conflicts = append(c.conflicts, e)
		return e
	}
	c.file[p] = writtenFile{}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if _, ok := c.dir[d]; ok {
			break // and so are the directories above it
		}
		c.dir[d] = &stageDir{first: p}
	}
	return nil
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

// dirs returns every directory claimed, sorted.
func (c *claims) dirs() []string {
	out := make([]string, 0, len(c.dir))
	for d := range c.dir {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
