// Package axe gives tests the axe-core accessibility engine (npm package
// axe-core, MPL-2.0), to inject into headless Chromium. It is a test tool and
// is never part of a built site.
//
// The file is not committed: scripts/install-deps.sh runs ./fetch, which gets
// the pinned release with `npm pack`, checks the tarball against the pinned
// sha512 integrity and axe.min.js against the pinned sha256, and writes it to
// .cache/axe-core/ at the repository root (git-ignored). Script checks the
// sha256 again before handing the file out.
package axe

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Pinned release. Change all three together (npm view axe-core@V
// dist.integrity; sha256sum package/axe.min.js of the tarball).
const (
	Version   = "4.14.1"
	Integrity = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
	SHA256    = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
)

// CacheDir is where fetch puts the files, relative to the repository root.
const CacheDir = ".cache/axe-core"

// RepoRoot finds the repository root (the directory with go.mod) from the
// working directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Script returns axe.min.js, verified.
func Script() ([]byte, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	p := filepath.Join(root, CacheDir, "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("axe-core %s is not installed (%v): run bash scripts/install-deps.sh (or go run ./internal/sitecheck/axe/fetch)", Version, err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != SHA256 {
		return nil, fmt.Errorf("%s: sha256 %s, pinned %s: run go run ./internal/sitecheck/axe/fetch -force", p, got, SHA256)
	}
	return b, nil
}
