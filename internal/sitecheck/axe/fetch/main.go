// Command fetch installs the pinned axe-core release into .cache/axe-core/ at
// the repository root for the accessibility tests (internal/sitecheck). It
// needs npm. The tarball is checked against the pinned sha512 integrity and
// axe.min.js against the pinned sha256 before anything is written; when the
// file is already there and verified it does nothing (offline-safe).
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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
	npm, err := exec.LookPath("npm")
	if err != nil {
		return errors.New("npm not found on PATH (Debian: apt-get install npm)")
	}
	tmp, err := os.MkdirTemp("", "gongkai-axe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	spec := "axe-core@" + axe.Version
	cmd := exec.Command(npm, "pack", spec, "--pack-destination", tmp, "--json", "--ignore-scripts")
	cmd.Dir = tmp
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack %s: %v\n%s", spec, err, strings.TrimSpace(errb.String()))
	}
	var res []struct{ Name, Version, Filename, Integrity string }
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 {
		return fmt.Errorf("cannot parse npm pack --json output: %v\n%s", err, out.String())
	}
	if res[0].Integrity != axe.Integrity {
		return fmt.Errorf("refusing %s: npm reports integrity %s, pinned %s", spec, res[0].Integrity, axe.Integrity)
	}
	tgz, err := os.ReadFile(filepath.Join(tmp, filepath.Base(res[0].Filename)))
	if err != nil {
		return err
	}
	sum := sha512.Sum512(tgz)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != axe.Integrity {
		return fmt.Errorf("refusing %s: tarball integrity %s, pinned %s", spec, got, axe.Integrity)
	}
	files, err := extract(tgz, "package/axe.min.js", "package/LICENSE")
	if err != nil {
		return err
	}
	h := sha256.Sum256(files["package/axe.min.js"])
	if got := hex.EncodeToString(h[:]); got != axe.SHA256 {
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

func extract(tgz []byte, names ...string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if want[hdr.Name] && hdr.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(io.LimitReader(tr, 16<<20))
			if err != nil {
				return nil, err
			}
			out[hdr.Name] = b
		}
	}
	for _, n := range names {
		if out[n] == nil {
			return nil, fmt.Errorf("tarball has no %s", n)
		}
	}
	return out, nil
}
