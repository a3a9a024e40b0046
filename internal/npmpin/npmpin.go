// Package npmpin fetches a pinned npm package for the tests' set-up
// (axe-core for the accessibility tests): npm pack downloads it, and the tarball is refused unless npm's reported integrity
// and its own sha512 both equal the pinned integrity string.
package npmpin

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
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Pack downloads name@version with `npm pack` and returns the tarball after
// checking it against integrity ("sha512-…").
func Pack(name, version, integrity string) ([]byte, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, fmt.Errorf("npm not found on PATH (Debian: apt-get install npm); it is needed to fetch %s", name)
	}
	tmp, err := os.MkdirTemp("", "gongkai-npm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	spec := name + "@" + version
	cmd := exec.Command(npm, "pack", spec, "--pack-destination", tmp, "--json", "--ignore-scripts")
	cmd.Dir = tmp
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm pack %s failed: %v\n%s", spec, err, strings.TrimSpace(stderr.String()))
	}
	var res []struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		Filename  string `json:"filename"`
		Integrity string `json:"integrity"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || len(res) != 1 {
		return nil, fmt.Errorf("cannot parse `npm pack --json` output (%v):\n%s", err, stdout.String())
	}
	r := res[0]
	if r.Name != name || r.Version != version {
		return nil, fmt.Errorf("npm pack returned %s@%s, want %s", r.Name, r.Version, spec)
	}
	if r.Integrity != integrity {
		return nil, fmt.Errorf("refusing %s: npm reports integrity %s, pinned %s", spec, r.Integrity, integrity)
	}
	file := filepath.Base(r.Filename)
	if file == "" || file == "." || file == ".." {
		return nil, fmt.Errorf("npm pack reported a bad filename %q", r.Filename)
	}
	tgz, err := os.ReadFile(filepath.Join(tmp, file))
	if err != nil {
		return nil, err
	}
	if got := Integrity(tgz); got != integrity {
		return nil, fmt.Errorf("refusing %s tarball: sha512 integrity mismatch\n  pinned: %s\n  got:    %s", spec, integrity, got)
	}
	return tgz, nil
}

// Integrity returns the npm integrity string (sha512, base64) of b.
func Integrity(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// SHA256 returns the hex sha256 of b.
func SHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// MaxEntrySize bounds one extracted file.
const MaxEntrySize = 16 << 20

// Extract reads the named regular files out of a gzipped tarball. Every name
// must be present.
func Extract(tgz []byte, entries ...string) (map[string][]byte, error) {
	want := map[string]bool{}
	for _, e := range entries {
		want[e] = true
	}
	out := map[string][]byte{}
	err := walk(tgz, func(name string, b []byte) error {
		out[name] = b
		return nil
	}, func(name string) bool { return want[name] })
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if _, ok := out[e]; !ok {
			return nil, fmt.Errorf("tarball has no %s", e)
		}
	}
	return out, nil
}

// Unpack writes every regular file of an npm tarball under dir, without the
// tarball's leading "package/" folder, as npm installs it into
// node_modules/<name>/. A name that would leave dir is refused.
func Unpack(tgz []byte, dir string) error {
	return walk(tgz, func(name string, b []byte) error {
		rel, ok := strings.CutPrefix(name, "package/")
		if !ok || !filepath.IsLocal(rel) {
			return fmt.Errorf("refusing tarball entry %q: not inside package/", name)
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}, func(string) bool { return true })
}

// walk calls fn with the contents of each regular file of the gzipped
// tarball that keep selects.
func walk(tgz []byte, fn func(name string, b []byte) error, keep func(name string) bool) error {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return fmt.Errorf("tarball is not gzip: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading tarball: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg || !keep(hdr.Name) {
			continue
		}
		if hdr.Size > MaxEntrySize {
			return fmt.Errorf("%s is unexpectedly large (%d bytes)", hdr.Name, hdr.Size)
		}
		b, err := io.ReadAll(io.LimitReader(tr, MaxEntrySize+1))
		if err != nil {
			return fmt.Errorf("reading %s: %w", hdr.Name, err)
		}
		if err := fn(hdr.Name, b); err != nil {
			return err
		}
	}
}
