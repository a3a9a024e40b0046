// Package assets holds the third-party files gongkai embeds in its binary and
// writes into generated sites, so a site never loads code from a CDN.
//
// The files live in vendor/ and are NOT committed: `go generate ./...` (which
// runs ./gen, needing npm) fetches the pinned ECharts release, verifies it and
// extracts it there. A checkout without them still builds; ECharts then
// returns ErrEChartsNotEmbedded.
package assets

//go:generate go run ./gen

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// EChartsVersion is the Apache ECharts release embedded by go generate. It
// must match echartsVersion in gen/main.go.
const EChartsVersion = "5.4.3"

// File is one named asset.
type File struct {
	Name string // base name, e.g. "echarts.min.js"
	Data []byte
}

// ErrEChartsNotEmbedded is returned (possibly wrapped) when the binary was
// built without running go generate first.
var ErrEChartsNotEmbedded = errors.New("图表库 ECharts 未嵌入：请先运行 go generate ./... (需要 npm) / " +
	"chart library ECharts is not embedded: run go generate ./... first (needs npm), then rebuild")

// vendorFS embeds the whole vendor directory; in a fresh clone it holds only
// README.md, so the pattern always matches and the package always builds.
//
//go:embed vendor
var vendorFS embed.FS

const echartsDir = "vendor/echarts"

var (
	echartsOnce  sync.Once
	echartsFiles []File
	echartsErr   error
)

// ECharts returns the embedded echarts.min.js and its LICENSE and NOTICE
// files. The returned slices are shared: callers must not modify them.
func ECharts() (js, license, notice []byte, err error) {
	files, err := EChartsFiles()
	if err != nil {
		return nil, nil, nil, err
	}
	return files[0].Data, files[1].Data, files[2].Data, nil
}

// EChartsFiles returns the same files as ECharts, named echarts.min.js,
// LICENSE and NOTICE, in that order.
func EChartsFiles() ([]File, error) {
	echartsOnce.Do(func() { echartsFiles, echartsErr = loadECharts() })
	if echartsErr != nil {
		return nil, echartsErr
	}
	return append([]File(nil), echartsFiles...), nil
}

func loadECharts() ([]File, error) {
	stamp, err := fs.ReadFile(vendorFS, echartsDir+"/STAMP")
	if err != nil {
		return nil, ErrEChartsNotEmbedded
	}
	fields := parseStamp(stamp)
	if v := fields["version"]; v != EChartsVersion {
		return nil, fmt.Errorf("%w (embedded version %q, want %s)", ErrEChartsNotEmbedded, v, EChartsVersion)
	}
	var files []File
	for _, name := range []string{"echarts.min.js", "LICENSE", "NOTICE"} {
		b, err := fs.ReadFile(vendorFS, echartsDir+"/"+name)
		if err != nil {
			return nil, fmt.Errorf("%w (%s missing)", ErrEChartsNotEmbedded, name)
		}
		sum := sha256.Sum256(b)
		if want := fields["sha256:"+name]; want != hex.EncodeToString(sum[:]) {
			return nil, fmt.Errorf("%w (%s does not match its recorded sha256)", ErrEChartsNotEmbedded, name)
		}
		files = append(files, File{Name: name, Data: b})
	}
	return files, nil
}

func parseStamp(b []byte) map[string]string {
	m := map[string]string{}
	for _, line := range bytes.Split(b, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if k, v, ok := strings.Cut(s, "="); ok {
			m[k] = v
		}
	}
	return m
}
