// Package revision is the 修订记录 of a site's published data: what changed,
// commit by commit, in the files of data/. The load stage reads it
// (internal/history); the portal shows it. It holds only the model, so that
// a page can show a history without importing what reads one.
package revision

import (
	"strings"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// Why a history is missing.
const (
	NoGit     = "nogit"     // git is not installed
	NoRepo    = "norepo"    // the site is not in a git repository
	NoHistory = "nohistory" // data/ has no commits
	GitFailed = "failed"    // git ran but failed
)

// History is the revision history of data/.
type History struct {
	Available bool
	Reason    string // one of NoGit, NoRepo, NoHistory, GitFailed when not Available
	Commits   int    // commits that touched data/
	// Shallow: the repository is a shallow clone, whose older commits
	// (and their changes) are not there to read.
	Shallow bool
	Changes []Change // newest commit first
}

// Change is one changed cell of the published data.
type Change struct {
	Date     content.Date // commit date, in China
	Commit   string       // abbreviated hash
	Year     int
	County   string // county name, for sites of several counties
	SchoolID string // "" for county-level figures
	School   string // school name, or "" for county-level figures
	Level    string // 小学 / 初中, "" when not a school part
	Column   string // column (schools.csv) or key (county.toml)
	Old, New string // as published; "未提供" when not given, "" when the row is new or gone
	Kind     string // "" (changed), "added", "removed"
	Reason   string // the commit message's subject
}

// Text reports whether the change is of a text (a note of county.toml,
// a school's name) rather than of a figure: its old or new value has a
// letter or a character that is not part of a number or 未提供. A text
// reads as a paragraph; a figure lines up with the figures above it.
func (c Change) Text() bool {
	return isText(c.Old) || isText(c.New)
}

func isText(v string) bool {
	if v == "" || v == "未提供" {
		return false
	}
	for _, r := range v {
		if !strings.ContainsRune("0123456789.,-+% ", r) {
			return true
		}
	}
	return false
}

// SchoolURL is the site path of the school's page ("" for county-level
// figures).
func (c Change) SchoolURL() string {
	if c.SchoolID == "" {
		return ""
	}
	return layout.School(c.SchoolID)
}
