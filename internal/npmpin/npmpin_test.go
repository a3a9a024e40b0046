package npmpin

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tarball(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestExtract(t *testing.T) {
	tgz := tarball(t, map[string]string{"package/a.js": "A", "package/LICENSE": "L", "package/other": "x"})
	got, err := Extract(tgz, "package/a.js", "package/LICENSE")
	if err != nil || string(got["package/a.js"]) != "A" || string(got["package/LICENSE"]) != "L" || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := Extract(tgz, "package/NOTICE"); err == nil || !strings.Contains(err.Error(), "package/NOTICE") {
		t.Errorf("a missing entry must be an error naming it: %v", err)
	}
}

func TestIntegrity(t *testing.T) {
	// npm's integrity of the empty input, as `npm` prints it.
	if got := Integrity(nil); got != "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==" {
		t.Errorf("Integrity(nil) = %s", got)
	}
	if got := SHA256([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256(abc) = %s", got)
	}
}

func TestUnpack(t *testing.T) {
	dir := t.TempDir()
	tgz := tarball(t, map[string]string{"package/package.json": "{}", "package/lib/a.js": "A"})
	if err := Unpack(tgz, dir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "lib", "a.js")); err != nil || string(b) != "A" {
		t.Errorf("lib/a.js: %q, %v", b, err)
	}
	for _, bad := range []string{"package/../evil.js", "other/a.js", "/etc/a.js"} {
		err := Unpack(tarball(t, map[string]string{bad: "x"}), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("entry %q: want an error naming it, got %v", bad, err)
		}
	}
}
