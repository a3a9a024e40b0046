package assets

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestECharts(t *testing.T) {
	js, license, notice, err := ECharts()
	if err != nil {
		// CI runs go generate ./... (scripts/install-deps.sh) before go test.
		t.Fatalf("%v", err)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(js), []byte("/*")) ||
		!bytes.Contains(js[:min(len(js), 2000)], []byte("Licensed to the Apache Software Foundation")) {
		t.Errorf("echarts.min.js does not start with the Apache ECharts banner: %.120q", js)
	}
	if !bytes.Contains(js, []byte(`version="`+EChartsVersion+`"`)) {
		t.Errorf("echarts.min.js does not contain version=%q", EChartsVersion)
	}
	if len(js) < 500_000 {
		t.Errorf("echarts.min.js is suspiciously small: %d bytes", len(js))
	}
	if !bytes.Contains(license, []byte("Apache License")) {
		t.Errorf("LICENSE does not mention the Apache License")
	}
	if !bytes.Contains(notice, []byte("Apache ECharts")) {
		t.Errorf("NOTICE does not mention Apache ECharts: %q", notice)
	}

	files, err := EChartsFiles()
	if err != nil || len(files) != 3 || files[0].Name != "echarts.min.js" || !bytes.Equal(files[0].Data, js) {
		t.Errorf("EChartsFiles() inconsistent with ECharts(): %d files, err %v", len(files), err)
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
