package hardening

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runEnv is one machine a site is built on.
type runEnv struct {
	dir        string // where the site is, under the test's root
	tz         string
	gomaxprocs string
}

var machines = []runEnv{
	{"a", "UTC", "1"},
	{"deeper/path/b", "Asia/Shanghai", "2"},
	{"a", "<+14>-14", "2"}, // Kiribati's offset: a local date read as an instant moves to the day before
	{"deeper/path/b", "<-12>+12", "1"},
}

// buildWith runs the gongkai binary on the site in src with the machine's
// environment (no SOURCE_DATE_EPOCH) and returns the tree it built.
func buildWith(t *testing.T, bin, src string, m runEnv) map[string]string {
	t.Helper()
	dest := filepath.Join(src, "public")
	os.RemoveAll(dest)
	cmd := exec.Command(bin, "build", "-s", src)
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TZ", "GOMAXPROCS", "SOURCE_DATE_EPOCH":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "TZ="+m.tz, "GOMAXPROCS="+m.gomaxprocs)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build in %s with %v: %v\n%s", src, m, err, out)
	}
	tree := treeHash(t, dest)
	if len(tree) < 5 {
		t.Fatalf("built %d entries", len(tree))
	}
	return tree
}

// TestReproducibleExampleSite: the example site built in different
// directories, with TZ=UTC, Asia/Shanghai, UTC+14 and UTC−12, on one and two
// cores, gives byte-identical trees. The site is a git clone of the
// repository, so that the data revisions page (from git) is built too.
func TestReproducibleExampleSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and the example site four times")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := gongkaiBinary(t)
	root := t.TempDir()
	for _, dir := range []string{"a", "deeper/path/b"} {
		dst := filepath.Join(root, filepath.FromSlash(dir))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		out, err := exec.Command("git", "clone", "--quiet", "--no-hardlinks", moduleRoot(t), dst).CombinedOutput()
		if err != nil {
			t.Fatalf("git clone: %v\n%s", err, out)
		}
	}
	var first map[string]string
	for i, m := range machines {
		tree := buildWith(t, bin, filepath.Join(root, filepath.FromSlash(m.dir)), m)
		if i == 0 {
			first = tree
			continue
		}
		if d := diffTrees(first, tree); len(d) > 0 {
			t.Errorf("%v differs from %v:\n%s", m, machines[0], strings.Join(d, "\n"))
		}
	}
}

// TestLocalDatesIgnoreMachineZone: TOML local dates and date-times (front
// matter, county.toml) near midnight give the same site whatever the
// machine's zone. BurntSushi/toml gives them the machine's offset; gongkai
// reads only their fields, never the instant.
func TestLocalDatesIgnoreMachineZone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := gongkaiBinary(t)
	root := t.TempDir()
	files := map[string]string{
		"site.toml":                  siteToml,
		"content/policies/_index.md": doc(`title = "政策文件"`, ""),
		"content/policies/a.md":      doc("title = \"零点发布\"\nwritten = 2023-12-31\npublished = 2024-01-01\nexpires = 2024-06-30", "正文"),
		"content/policies/b.md":      doc("title = \"零点半发布\"\nwritten = 2024-01-01\npublished = 2024-01-01T00:30:00", "正文"),
		"content/policies/c.md":      doc("title = \"晚上发布\"\nwritten = 2024-06-30\npublished = 2024-06-30T23:59:59", "正文"),
		"content/policies/d.md":      doc("title = \"字符串日期\"\nwritten = \"2024-07-01\"\npublished = \"2024-07-01 00:00\"", "正文"),
		"data/2024/schools.csv":      minimalData,
		"data/2024/county.toml":      "name = \"测试县\"\ncode = \"150000\"\nas_of = 2024-09-30\n",
	}
	var first map[string]string
	for i, m := range machines {
		src := filepath.Join(root, filepath.FromSlash(m.dir))
		if _, err := os.Stat(src); err != nil {
			writeFiles(t, src, files)
		}
		tree := buildWith(t, bin, src, m)
		if i == 0 {
			first = tree
			b, err := os.ReadFile(filepath.Join(src, "public", "policies", "a", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "2024-01-01") && !strings.Contains(string(b), "2024年1月1日") {
				t.Errorf("published date 2024-01-01 not on the page")
			}
			continue
		}
		if d := diffTrees(first, tree); len(d) > 0 {
			t.Errorf("%v differs from %v:\n%s", m, machines[0], strings.Join(d, "\n"))
		}
	}
}
