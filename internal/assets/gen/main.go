// Command gen makes the chart library gongkai embeds: a build of only the
// parts of Apache ECharts the site's charts use, bundled with esbuild from
// the pinned npm packages, written with the licence texts of the code it
// holds into internal/assets/vendor/echarts/ (committed).
//
// It is run by `go generate ./...` (see the directive in ../assets.go), with
// the working directory set to internal/assets. It needs `npm` on PATH, but
// only when a file is missing or differs from its pin.
//
// Trust chain: `npm pack` checks each tarball against the registry's
// integrity metadata; this program then checks the tarball itself against
// the sha512 integrity string pinned below (so a changed registry entry is
// refused), bundles with the esbuild version pinned in go.mod and the fixed
// options below, and checks every output file against its sha256 in
// assets.EChartsPins. Nothing is written unless every check passes. When the
// files are already present with the pinned sums it does nothing, so it is
// safe to run repeatedly and offline.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/gongkai-dev/gongkai/internal/assets"
	"github.com/gongkai-dev/gongkai/internal/npmpin"
)

// echartsVersion must equal assets.EChartsVersion (checked at start).
// 5.4.3 is the release go-echarts v2.6.7 documents as its supported version
// (README badge and docs/en-us/dive-into.md).
const echartsVersion = "5.4.3"

// packages are the npm packages the build is made from: ECharts and the
// exact versions of zrender and tslib that echarts@5.4.3 depends on. Each
// integrity is the registry's dist.integrity (npm view <name>@<version>
// dist.integrity).
var packages = []struct{ name, version, integrity string }{
	{"echarts", echartsVersion, "sha512-mYKxLxhzy6zyTi/FaEbJMOZU1ULGEQHaeIeuMR5L+JnJTpz+YR03mnnpBhbR4+UYJAgiXgpyTVLffPAjOTLkZA=="},
	{"zrender", "5.4.4", "sha512-0VxCNJ7AGOMCWeHVyTrGzUgrK4asT4ml9PEkeGirAkKNYXYzoPJCLvmyfdoOXcjTHPs10OZVMfD1Rwg16AZyYw=="},
	{"tslib", "2.3.0", "sha512-N82ooyxVNm6h1riLCoyS9e3fuJ3AMG2zIZs2Gd1ATcSFjSA23Q0fzjjZeh0jbJvWVDZ0cJT8yaNNaaXHzueNjg=="},
}

// entry is the build's source. The charts, components and renderer are the
// ones the options of internal/report use (series of type bar and line;
// title, legend, grid, tooltip, markLine, aria with its decals) and
// themes/default/static/js/charts.js asks for (renderer "canvas"; locale
// "ZH", which echarts/core registers itself). The build exports what
// echarts/core exports (init, registerTheme, getInstanceByDom, version, …)
// as window.echarts, as the full dist/echarts.min.js does. An option that
// needs a part left out here draws nothing or fails: the browser tests of
// internal/sitecheck draw every chart of the example sites with this build.
const entry = `import { use } from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { TitleComponent, LegendPlainComponent, GridComponent, TooltipComponent, MarkLineComponent, AriaComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
use([BarChart, LineChart, TitleComponent, LegendPlainComponent, GridComponent, TooltipComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);
export * from "echarts/core";
`

// banner heads the build. The upstream files' licence headers are not legal
// comments for esbuild and go away in minifying; the texts are published
// beside the build.
const banner = `/*! Apache ECharts ` + echartsVersion + ` (bar, line; title, legend, grid, tooltip, markLine, aria; canvas), built for gongkai.
 * Licensed to the Apache Software Foundation (ASF) under the Apache License 2.0: see LICENSE, NOTICE and LICENSE-d3.
 * Includes zrender 5.4.4 (BSD-3-Clause, LICENSE-zrender) and tslib 2.3.0 (0BSD, LICENSE-tslib). */`

// buildName is the build's name in assets.EChartsPins.
const buildName = "echarts.min.js"

// licences maps the licence files of assets.EChartsPins to their origin:
// package name and path inside the package.
var licences = map[string][2]string{
	"LICENSE":         {"echarts", "LICENSE"},
	"NOTICE":          {"echarts", "NOTICE"},
	"LICENSE-d3":      {"echarts", "licenses/LICENSE-d3"},
	"LICENSE-zrender": {"zrender", "LICENSE"},
	"LICENSE-tslib":   {"tslib", "LICENSE.txt"},
}

// stale are files earlier versions of this program wrote.
var stale = []string{"STAMP"}

func logf(format string, args ...any) {
	fmt.Printf("assets/gen: "+format+"\n", args...)
}

func main() {
	out := flag.String("out", "", "output directory (default: vendor/echarts next to assets.go)")
	force := flag.Bool("force", false, "fetch and build even when the files are already present")
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
	if echartsVersion != assets.EChartsVersion {
		return fmt.Errorf("gen pins echarts %s, assets.EChartsVersion is %s", echartsVersion, assets.EChartsVersion)
	}
	if out == "" {
		var err error
		if out, err = defaultOut(); err != nil {
			return err
		}
	}
	if !force && upToDate(out) {
		logf("echarts %s build already present in %s (sha256 verified); nothing to do", echartsVersion, out)
		removeStale(out)
		return nil
	}

	files, err := build()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, p := range assets.EChartsPins {
		if err := writeAtomic(filepath.Join(out, p.Name), files[p.Name]); err != nil {
			return err
		}
		logf("wrote %s (%d bytes)", filepath.Join(out, p.Name), len(files[p.Name]))
	}
	removeStale(out)
	logf("echarts %s build ready in %s", echartsVersion, out)
	return nil
}

// upToDate reports whether every pinned file is present with its pinned
// contents.
func upToDate(out string) bool {
	for _, p := range assets.EChartsPins {
		b, err := os.ReadFile(filepath.Join(out, p.Name))
		if err != nil || npmpin.SHA256(b) != p.SHA256 {
			return false
		}
	}
	return true
}

func removeStale(out string) {
	for _, name := range stale {
		os.Remove(filepath.Join(out, name))
	}
}

// build fetches the packages, builds, and returns every pinned file by name
// after checking it against its pin.
func build() (map[string][]byte, error) {
	tmp, err := os.MkdirTemp("", "gongkai-echarts-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	modules := filepath.Join(tmp, "node_modules")
	for _, p := range packages {
		logf("npm pack %s@%s", p.name, p.version)
		tgz, err := npmpin.Pack(p.name, p.version, p.integrity)
		if err != nil {
			return nil, err
		}
		logf("tarball sha512 matches pinned integrity (%d bytes)", len(tgz))
		if err := npmpin.Unpack(tgz, filepath.Join(modules, p.name)); err != nil {
			return nil, fmt.Errorf("%s@%s: %w", p.name, p.version, err)
		}
	}
	js, err := bundle(tmp)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{buildName: js}
	for name, from := range licences {
		b, err := os.ReadFile(filepath.Join(modules, from[0], filepath.FromSlash(from[1])))
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	for _, p := range assets.EChartsPins {
		b, ok := files[p.Name]
		if !ok {
			return nil, fmt.Errorf("assets.EChartsPins names %s, which gen does not make", p.Name)
		}
		if sum := npmpin.SHA256(b); sum != p.SHA256 {
			return nil, fmt.Errorf("refusing %s: sha256 %s, pinned %s (assets.EChartsPins)", p.Name, sum, p.SHA256)
		}
	}
	return files, nil
}

// bundle builds entry against dir/node_modules. The options are fixed, so
// the same packages and esbuild version give the same bytes.
func bundle(dir string) ([]byte, error) {
	r := api.Build(api.BuildOptions{
		Stdin:         &api.StdinOptions{Contents: entry, ResolveDir: dir, Sourcefile: "gongkai-echarts.js", Loader: api.LoaderJS},
		AbsWorkingDir: dir,
		Bundle:        true,
		Format:        api.FormatIIFE,
		GlobalName:    "echarts",
		Platform:      api.PlatformBrowser,
		// ES5, as ECharts' own dist files: the lib sources are ES5 but for
		// their import and export statements.
		Target: api.ES5,
		// ECharts' development checks and warnings go, as in its dist
		// builds.
		Define:            map[string]string{"process.env.NODE_ENV": `"production"`},
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsEndOfFile,
		Banner:            map[string]string{"js": banner},
		Charset:           api.CharsetUTF8,
		LogLevel:          api.LogLevelSilent,
		Write:             false,
	})
	if len(r.Errors) > 0 {
		msgs := api.FormatMessages(r.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, fmt.Errorf("esbuild:\n%s", strings.Join(msgs, ""))
	}
	if len(r.OutputFiles) != 1 {
		return nil, fmt.Errorf("esbuild wrote %d files, want 1", len(r.OutputFiles))
	}
	return r.OutputFiles[0].Contents, nil
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
