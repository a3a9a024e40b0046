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
	"errors"
	"flag"
	"fmt"
	"github.com/gongkai-dev/gongkai/internal/npmpin"
	"os"
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

	logf("npm pack echarts@%s", echartsVersion)
	tgz, err := npmpin.Pack("echarts", echartsVersion, echartsIntegrity)
	if err != nil {
		return err
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
		if err != nil || npmpin.SHA256(b) != w.sha256 {
			return false
		}
	}
	b, err := os.ReadFile(filepath.Join(out, stampName))
	return err == nil && strings.Contains(string(b), "\nversion="+echartsVersion+"\n")
}

// extract reads the wanted entries out of the tarball and checks each
// against its pinned sha256. It returns contents keyed by output name.
func extract(tgz []byte) (map[string][]byte, error) {
	entries := make([]string, len(wanted))
	for i, w := range wanted {
		entries[i] = w.entry
	}
	got, err := npmpin.Extract(tgz, entries...)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, w := range wanted {
		b := got[w.entry]
		if sum := npmpin.SHA256(b); sum != w.sha256 {
			return nil, fmt.Errorf("refusing %s: sha256 %s, pinned %s", w.entry, sum, w.sha256)
		}
		files[w.name] = b
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
