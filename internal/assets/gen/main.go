// Command gen fetches the pinned Apache ECharts release from the npm registry
// and extracts the files gongkai embeds into internal/assets/vendor/echarts/.
//
// It is run by `go generate ./...` (see the directive in ../assets.go), with
// the working directory set to internal/assets. It needs `npm` on PATH.
//
// Trust chain: `npm pack` checks the tarball against the registry's integrity
// metadata; this program then checks the tarball itself against the sha512
// integrity string pinned below (so a changed registry entry is refused), and
// checks each extracted file against a pinned sha256. Nothing is written unless
// every check passes. When the files are already present with the pinned
// hashes it does nothing, so it is safe to run repeatedly and offline.
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
)

const (
	// echartsVersion must equal assets.EChartsVersion (checked at run time
	// by assets.ECharts via the stamp file this program writes).
	// 5.4.3 is the release go-echarts v2.6.7 documents as its supported
	// version (README badge and docs/en-us/dive-into.md).
	echartsVersion = "5.4.3"

	// echartsIntegrity is the registry's dist.integrity for echarts@5.4.3
	// (npm view echarts@5.4.3 dist.integrity).
	echartsIntegrity = "sha512-mYKxLxhzy6zyTi/FaEbJMOZU1ULGEQHaeIeuMR5L+JnJTpz+YR03mnnpBhbR4+UYJAgiXgpyTVLffPAjOTLkZA=="

	// stampName is the file recording what was extracted; assets.ECharts
	// reads it to detect a stale vendor directory.
	stampName = "STAMP"
)

// wanted lists the tarball entries to extract, their output names and the
// pinned sha256 of their contents (taken from echarts-5.4.3.tgz).
var wanted = []struct {
	entry  string
	name   string
	sha256 string
}{
	{"package/dist/echarts.min.js", "echarts.min.js", "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"},
	{"package/LICENSE", "LICENSE", "9ef11df57e751e8c6d10d54e1855c64d316627bbe89e73326de7e3ccdb8184aa"},
	{"package/NOTICE", "NOTICE", "7129cc3d8db9a2e10b820ad6f5f69ffcde16c110d48c2e41917a2d8e81ab57fb"},
}

const maxEntrySize = 16 << 20 // sanity limit for one extracted file

func logf(format string, args ...any) {
	fmt.Printf("assets/gen: "+format+"\n", args...)
}

func main() {
	out := flag.String("out", "", "output directory (default: vendor/echarts next to assets.go)")
	force := flag.Bool("force", false, "fetch and extract even when the files are already present")
	flag.Parse()

	if err := run(*out, *force); err != nil {
		fmt.Fprintf(os.Stderr, "assets/gen: error: %v\n", err)
		os.Exit(1)
	}
}

func defaultOut() (string, error) {
	// go generate runs us in internal/assets with GOPACKAGE=assets.
	if os.Getenv("GOPACKAGE") == "assets" {
		return filepath.Join("vendor", "echarts"), nil
	}
	for _, dir := range []string{".", filepath.Join("internal", "assets")} {
		if _, err := os.Stat(filepath.Join(dir, "assets.go")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "gen", "main.go")); err == nil {
				return filepath.Join(dir, "vendor", "echarts"), nil
			}
		}
	}
	return "", errors.New("cannot locate internal/assets: run via `go generate ./...` from the repository root, or pass -out")
}

func run(out string, force bool) error {
	if out == "" {
		var err error
		if out, err = defaultOut(); err != nil {
			return err
		}
	}

	if !force && upToDate(out) {
		logf("echarts %s already present in %s (sha256 verified); nothing to do", echartsVersion, out)
		return nil
	}

	tgz, err := npmPack()
	if err != nil {
		return err
	}

	if got := integrityOf(tgz); got != echartsIntegrity {
		return fmt.Errorf("refusing echarts@%s tarball: sha512 integrity mismatch\n  pinned: %s\n  got:    %s",
			echartsVersion, echartsIntegrity, got)
	}
	logf("tarball sha512 matches pinned integrity (%d bytes)", len(tgz))

	files, err := extract(tgz)
	if err != nil {
		return err
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var stamp strings.Builder
	fmt.Fprintf(&stamp, "# written by internal/assets/gen; do not edit\nversion=%s\nintegrity=%s\n", echartsVersion, echartsIntegrity)
	for _, w := range wanted {
		if err := writeAtomic(filepath.Join(out, w.name), files[w.name]); err != nil {
			return err
		}
		fmt.Fprintf(&stamp, "sha256:%s=%s\n", w.name, w.sha256)
		logf("wrote %s (%d bytes)", filepath.Join(out, w.name), len(files[w.name]))
	}
	if err := writeAtomic(filepath.Join(out, stampName), []byte(stamp.String())); err != nil {
		return err
	}
	logf("echarts %s ready in %s", echartsVersion, out)
	return nil
}

// upToDate reports whether every wanted file and the stamp are present with
// the pinned contents.
func upToDate(out string) bool {
	for _, w := range wanted {
		b, err := os.ReadFile(filepath.Join(out, w.name))
		if err != nil || sha256Hex(b) != w.sha256 {
			return false
		}
	}
	b, err := os.ReadFile(filepath.Join(out, stampName))
	return err == nil && strings.Contains(string(b), "\nversion="+echartsVersion+"\n")
}

// npmPack downloads echarts@version into a temporary directory with
// `npm pack` and returns the tarball's bytes.
func npmPack() ([]byte, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, errors.New("npm not found on PATH (Debian: apt-get install npm); it is needed to fetch ECharts")
	}
	tmp, err := os.MkdirTemp("", "gongkai-echarts-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	spec := "echarts@" + echartsVersion
	logf("npm pack %s", spec)
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
	if r.Name != "echarts" || r.Version != echartsVersion {
		return nil, fmt.Errorf("npm pack returned %s@%s, want echarts@%s", r.Name, r.Version, echartsVersion)
	}
	if r.Integrity != echartsIntegrity {
		return nil, fmt.Errorf("refusing echarts@%s: npm reports integrity %s, pinned %s", echartsVersion, r.Integrity, echartsIntegrity)
	}
	name := filepath.Base(r.Filename)
	if name == "" || name == "." || name == ".." {
		return nil, fmt.Errorf("npm pack reported a bad filename %q", r.Filename)
	}
	return os.ReadFile(filepath.Join(tmp, name))
}

func integrityOf(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// extract reads the wanted entries out of the gzipped tarball and checks each
// against its pinned sha256. It returns contents keyed by output name.
func extract(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("tarball is not gzip: %w", err)
	}
	defer zr.Close()
	byEntry := map[string]int{}
	for i, w := range wanted {
		byEntry[w.entry] = i
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading tarball: %w", err)
		}
		i, ok := byEntry[hdr.Name]
		if !ok || hdr.Typeflag != tar.TypeReg {
			continue
		}
		w := wanted[i]
		if hdr.Size > maxEntrySize {
			return nil, fmt.Errorf("%s is unexpectedly large (%d bytes)", w.entry, hdr.Size)
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxEntrySize+1))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", w.entry, err)
		}
		if got := sha256Hex(b); got != w.sha256 {
			return nil, fmt.Errorf("refusing %s: sha256 %s, pinned %s", w.entry, got, w.sha256)
		}
		files[w.name] = b
	}
	for _, w := range wanted {
		if _, ok := files[w.name]; !ok {
			return nil, fmt.Errorf("tarball has no %s", w.entry)
		}
	}
	return files, nil
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
