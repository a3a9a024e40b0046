package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// The committed vendor/echarts/ files are the pinned ones: the build
// checked by the generator and the browser tests is the one embedded.
func TestEmbeddedFilesMatchPins(t *testing.T) {
	for _, p := range EChartsPins {
		b, err := fs.ReadFile(vendorFS, echartsDir+"/"+p.Name)
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != p.SHA256 {
			t.Errorf("%s: sha256 %s, pinned %s", p.Name, got, p.SHA256)
		}
	}
}

func TestECharts(t *testing.T) {
	js, license, notice, err := ECharts()
	if err != nil {
		t.Fatalf("%v", err)
	}
	head := string(js[:min(len(js), 1000)])
	for _, want := range []string{"Apache ECharts " + EChartsVersion, "Apache License 2.0", "LICENSE-zrender", "LICENSE-tslib", "LICENSE-d3"} {
		if !strings.Contains(head, want) {
			t.Errorf("the build's banner lacks %q: %.300q", want, head)
		}
	}
	if !bytes.Contains(js, []byte(`"`+EChartsVersion+`"`)) {
		t.Errorf("the build does not carry its version %q", EChartsVersion)
	}
	// The full dist/echarts.min.js is over a megabyte; the build holds two
	// chart types, six components and the canvas renderer.
	if len(js) > 600_000 {
		t.Errorf("the build is %d bytes: more than the parts the site uses?", len(js))
	}
	if !bytes.Contains(license, []byte("Apache License")) {
		t.Errorf("LICENSE does not mention the Apache License")
	}
	if !bytes.Contains(notice, []byte("Apache ECharts")) {
		t.Errorf("NOTICE does not mention Apache ECharts: %q", notice)
	}

	files, err := EChartsFiles()
	if err != nil || len(files) != len(EChartsPins) || files[0].Name != "echarts.min.js" || !bytes.Equal(files[0].Data, js) {
		t.Errorf("EChartsFiles() inconsistent with ECharts(): %d files, err %v", len(files), err)
	}
	for i, f := range files {
		if f.Name != EChartsPins[i].Name {
			t.Errorf("file %d is %s, want %s", i, f.Name, EChartsPins[i].Name)
		}
	}
}

// A file that differs from its pin, or is missing, is refused.
func TestLoadRefusesUnpinned(t *testing.T) {
	good := fstest.MapFS{}
	for _, p := range EChartsPins {
		b, err := fs.ReadFile(vendorFS, echartsDir+"/"+p.Name)
		if err != nil {
			t.Fatal(err)
		}
		good[echartsDir+"/"+p.Name] = &fstest.MapFile{Data: b}
	}
	if _, err := loadECharts(good); err != nil {
		t.Fatalf("the pinned files: %v", err)
	}
	for _, p := range EChartsPins {
		changed := fstest.MapFS{}
		missing := fstest.MapFS{}
		for k, v := range good {
			changed[k] = v
			missing[k] = v
		}
		b := append([]byte(nil), good[echartsDir+"/"+p.Name].Data...)
		changed[echartsDir+"/"+p.Name] = &fstest.MapFile{Data: append(b, ' ')}
		delete(missing, echartsDir+"/"+p.Name)
		for what, fsys := range map[string]fs.FS{"changed": changed, "missing": missing} {
			_, err := loadECharts(fsys)
			if !errors.Is(err, ErrEChartsNotEmbedded) || !strings.Contains(err.Error(), p.Name) {
				t.Errorf("%s %s: want ErrEChartsNotEmbedded naming it, got %v", what, p.Name, err)
			}
		}
	}
}

// The version constant here and the one pinned in the generator must agree.
func TestVersionMatchesGenerator(t *testing.T) {
	src, err := os.ReadFile("gen/main.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`echartsVersion\s*=\s*"([^"]+)"`).FindSubmatch(src)
	if m == nil {
		t.Fatal("echartsVersion not found in gen/main.go")
	}
	if string(m[1]) != EChartsVersion {
		t.Errorf("gen/main.go pins echarts %s, assets.EChartsVersion is %s", m[1], EChartsVersion)
	}
}

func TestNotEmbeddedMessage(t *testing.T) {
	msg := ErrEChartsNotEmbedded.Error()
	for _, want := range []string{"go generate ./...", "npm", "ECharts", "未嵌入"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error message %q lacks %q", msg, want)
		}
	}
}
