// Command fetch installs the pinned axe-core release into .cache/axe-core/ at
// the repository root for the accessibility tests (internal/sitecheck). It
// needs npm. The tarball is checked against the pinned sha512 integrity and
// axe.min.js against the pinned sha256 before anything is written; when the
// file is already there and verified it does nothing (offline-safe).
package main

import (
	"flag"
	"fmt"
	"github.com/gongkai-dev/gongkai/internal/npmpin"
	"os"
	"path/filepath"

	"github.com/gongkai-dev/gongkai/internal/sitecheck/axe"
)

func main() {
	force := flag.Bool("force", false, "fetch even when the verified file is present")
	flag.Parse()
	if err := run(*force); err != nil {
		fmt.Fprintf(os.Stderr, "axe/fetch: error: %v\n", err)
		os.Exit(1)
	}
}

func run(force bool) error {
	if _, err := axe.Script(); err == nil && !force {
		fmt.Printf("axe/fetch: axe-core %s already present (sha256 verified)\n", axe.Version)
		return nil
	}
	root, err := axe.RepoRoot()
	if err != nil {
		return err
	}
	tgz, err := npmpin.Pack("axe-core", axe.Version, axe.Integrity)
	if err != nil {
		return err
	}
	files, err := npmpin.Extract(tgz, "package/axe.min.js", "package/LICENSE")
	if err != nil {
		return err
	}
	if got := npmpin.SHA256(files["package/axe.min.js"]); got != axe.SHA256 {
		return fmt.Errorf("refusing axe.min.js: sha256 %s, pinned %s", got, axe.SHA256)
	}
	dir := filepath.Join(root, axe.CacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("axe/fetch: axe-core %s written to %s\n", axe.Version, dir)
	return nil
}
