package build

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/portal"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/report"
)

// Cache keeps, from one build to the next, the work that depends only on
// site.toml, data/, the theme and the sections: the data pages (reports,
// indicators, schools, trends) and their rendered bytes. gongkai serve
// passes one, so that a build after editing a document renders the
// documents and the lists, not the data pages again. A build is never
// changed by a cache: a key over every input of the data pages decides
// whether they are reused. Not for concurrent builds.
type Cache struct {
	key   [32]byte
	rep   *report.Site
	pages []render.ExtraPage // rep.Pages() with their Cache set

	hist    *portal.History // git history of data/
	histKey string          // the HEAD it was read at
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// reports returns the data pages for this build: the cached ones when their
// inputs are unchanged, new ones otherwise.
func (c *Cache) reports(opts Options, site *Site, theme *render.Theme) (*report.Site, []render.ExtraPage, error) {
	if c == nil {
		rep, err := report.New(report.Options{Site: site.Config, Theme: theme, Data: site.Data, Reports: site.Reports})
		if err != nil {
			return nil, nil, err
		}
		return rep, rep.Pages(), nil
	}
	key := reportKey(opts, site)
	if c.rep != nil && key == c.key {
		return c.rep, c.pages, nil
	}
	c.rep = nil
	rep, err := report.New(report.Options{Site: site.Config, Theme: theme, Data: site.Data, Reports: site.Reports})
	if err != nil {
		return nil, nil, err
	}
	pages := append([]render.ExtraPage(nil), rep.Pages()...)
	for i := range pages {
		pages[i].Cache = new([]byte)
	}
	c.key, c.rep, c.pages = key, rep, pages
	return rep, pages, nil
}

// reportKey fingerprints everything the data pages are made of: the options
// that reach them, site.toml, every file of data/ and themes/ (the built-in
// theme is part of the program), and the sections, which are in the
// navigation of every page.
func reportKey(opts Options, site *Site) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q %v %v %v\n", opts.BaseURL, opts.Strict, opts.Drafts, opts.Future)
	file := func(p string) {
		// Streamed: data/ may hold large files, which the hash need not
		// keep.
		var n int64
		f, err := opts.Fs.Open(p)
		if err == nil {
			n, err = io.Copy(h, f)
			f.Close()
		}
		fmt.Fprintf(h, "\n%q %d %v\n", p, n, err != nil)
	}
	file(path.Join(opts.Source, "site.toml"))
	for _, dir := range []string{"data", "themes"} {
		var names []string
		_ = afero.Walk(opts.Fs, path.Join(opts.Source, dir), func(p string, info fs.FileInfo, err error) error {
			// Regular files only: a link or a pipe is refused by the
			// build, and reading one here could block.
			if err == nil && info.Mode().IsRegular() {
				names = append(names, p)
			}
			return nil
		})
		sort.Strings(names)
		for _, n := range names {
			file(n)
		}
	}
	if site.Content != nil {
		for _, s := range site.Content.Sections {
			fmt.Fprintf(h, "section %q %q %d\n", s.Name, s.Title, s.Weight)
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// history returns the git history of data/ (the revisions page): read
// again only when the repository's HEAD moved, since it is made of commits
// only. Spawning git takes a good part of a rebuild otherwise.
func (c *Cache) history(src string) *portal.History {
	if c == nil {
		return portal.ReadHistory(src)
	}
	key := gitHead(src)
	if key != "" && key == c.histKey && c.hist != nil {
		return c.hist
	}
	c.hist, c.histKey = portal.ReadHistory(src), key
	return c.hist
}

// gitHead returns HEAD and the commit it names, read from the files of the
// .git directory above dir, or "" when they cannot be read simply (then the
// history is not cached).
func gitHead(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		g := filepath.Join(d, ".git")
		if fi, err := os.Stat(g); err == nil {
			if !fi.IsDir() {
				return "" // a worktree or submodule: ask git every time
			}
			head, err := os.ReadFile(filepath.Join(g, "HEAD"))
			if err != nil {
				return ""
			}
			ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: ")
			if !ok {
				return string(head) // detached: HEAD is the commit
			}
			if b, err := os.ReadFile(filepath.Join(g, filepath.FromSlash(ref))); err == nil {
				return ref + " " + strings.TrimSpace(string(b))
			}
			packed, err := os.ReadFile(filepath.Join(g, "packed-refs"))
			if err != nil {
				return ""
			}
			for _, l := range strings.Split(string(packed), "\n") {
				if h, r, ok := strings.Cut(l, " "); ok && r == ref {
					return ref + " " + h
				}
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
