// Package assets holds the third-party files gongkai embeds in its binary and
// writes into generated sites, so a site never loads code from a CDN.
//
// The chart library is a build of only the parts of Apache ECharts the
// site's charts use, made by ./gen (run by `go generate ./...`) from the
// pinned npm packages and committed in vendor/echarts/ with the licence
// texts of the code it holds, so a fresh clone builds without npm; gen needs
// npm only to remake a file that is missing or differs.
// Every file is pinned by sha256 here (EChartsPins): the binary refuses
// files that differ, and gen refuses to write them.
package assets

//go:generate go run ./gen

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

// EChartsVersion is the Apache ECharts release the embedded build is made
// from (gen/main.go fetches it).
const EChartsVersion = "5.4.3"

// Pin is a file of vendor/echarts/ and the sha256 of its contents.
type Pin struct {
	Name   string
	SHA256 string
}

// EChartsPins are the files of the chart library: the build first, then
// the licence texts of the code it holds (ECharts' LICENSE, NOTICE and the
// d3 licence of the d3 code in ECharts' number utilities; zrender's and
// tslib's). The build's sum is what gen/main.go makes from the pinned npm
// packages with its pinned esbuild options, the same bytes on every run.
var EChartsPins = []Pin{
	{"echarts.min.js", "709931101401db075ae688e44c8e548b9ef39004398320751b3dc390ddb8d634"},
	{"LICENSE", "9ef11df57e751e8c6d10d54e1855c64d316627bbe89e73326de7e3ccdb8184aa"},
	{"NOTICE", "7129cc3d8db9a2e10b820ad6f5f69ffcde16c110d48c2e41917a2d8e81ab57fb"},
	{"LICENSE-d3", "73937be9a025412ce65c08f1ff5449dee4f678434382968b8fa2bf5cc79a79cf"},
	{"LICENSE-zrender", "a681e9d183c72b4af4856935893805eb48c08f0f5a3f260203db7444c20fb98a"},
	{"LICENSE-tslib", "210b19e543130388c68654b7497e967119ce17145f66ab7d85688fbd70f08751"},
}

// File is one named asset.
type File struct {
	Name string // base name, e.g. "echarts.min.js"
	Data []byte
}

// ErrEChartsNotEmbedded is returned (possibly wrapped) when vendor/echarts/
// lacks a file or holds one that differs from its pin.
var ErrEChartsNotEmbedded = errors.New("图表库 ECharts 未嵌入或与固定的 sha256 不符：请运行 go generate ./... (需要 npm) 后重新构建 / " +
	"chart library ECharts is not embedded or differs from its pin: run go generate ./... (needs npm), then rebuild")

// vendorFS embeds the whole vendor directory (its README.md at least, so
// the pattern always matches).
//
//go:embed vendor
var vendorFS embed.FS

const echartsDir = "vendor/echarts"

var (
	echartsOnce  sync.Once
	echartsFiles []File
	echartsErr   error
)

// ECharts returns the embedded build and ECharts' LICENSE and NOTICE. The
// returned slices are shared: callers must not modify them.
func ECharts() (js, license, notice []byte, err error) {
	files, err := EChartsFiles()
	if err != nil {
		return nil, nil, nil, err
	}
	return files[0].Data, files[1].Data, files[2].Data, nil
}

// EChartsFiles returns the files of EChartsPins, in that order.
func EChartsFiles() ([]File, error) {
	echartsOnce.Do(func() { echartsFiles, echartsErr = loadECharts(vendorFS) })
	if echartsErr != nil {
		return nil, echartsErr
	}
	return append([]File(nil), echartsFiles...), nil
}

func loadECharts(fsys fs.FS) ([]File, error) {
	var files []File
	for _, p := range EChartsPins {
		b, err := fs.ReadFile(fsys, echartsDir+"/"+p.Name)
		if err != nil {
			return nil, fmt.Errorf("%w (%s missing)", ErrEChartsNotEmbedded, p.Name)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != p.SHA256 {
			return nil, fmt.Errorf("%w (%s does not match its pinned sha256)", ErrEChartsNotEmbedded, p.Name)
		}
		files = append(files, File{Name: p.Name, Data: b})
	}
	return files, nil
}
