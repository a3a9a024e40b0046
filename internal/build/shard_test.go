package build

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// shardSite is a synthetic site of several counties (five counties, three
// years, documents with attachments) in memory at /s, and the options that
// build it with a fixed date.
func shardSite(t *testing.T) (afero.Fs, Options) {
	t.Helper()
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 16, Schools: 60, Years: 3, Counties: 5}); err != nil {
		t.Fatal(err)
	}
	return fsys, Options{Fs: fsys, Source: "/s", Now: time.Date(2025, 3, 1, 0, 0, 0, 0, content.China), Version: "test"}
}

// buildShards builds shards 1/n … n/n into /shards/<k> and returns the
// directories.
func buildShards(t *testing.T, opts Options, n int) []string {
	t.Helper()
	var dirs []string
	for k := 1; k <= n; k++ {
		o := opts
		o.Shard, o.Destination = Shard{k, n}, fmt.Sprintf("/shards/%d", k)
		if _, ds, err := Build(o); err != nil {
			t.Fatalf("shard %d/%d: %v\n%v", k, n, err, ds)
		}
		dirs = append(dirs, o.Destination)
	}
	return dirs
}

// TestShardsMergeToTheSameSite: four shards and their merge give the tree
// of one build, byte for byte; each shard wrote only its part.
func TestShardsMergeToTheSameSite(t *testing.T) {
	fsys, opts := shardSite(t)
	whole := opts
	whole.Destination = "/whole"
	if _, ds, err := Build(whole); err != nil {
		t.Fatalf("build: %v %v", err, ds)
	}
	dirs := buildShards(t, opts, 4)
	merged := opts
	merged.Destination = "/merged"
	sum, ds, err := Merge(merged, []string{dirs[2], dirs[0], dirs[3], dirs[1]}) // any order
	if err != nil {
		t.Fatalf("merge: %v %v", err, ds)
	}
	want := files(t, fsys, "/whole")
	sameFiles(t, "merged", files(t, fsys, "/merged"), want)
	if sum.Files != len(want)-1 { // not the marker
		t.Errorf("merge summary: %d files, the site has %d", sum.Files, len(want)-1)
	}

	// Every shard wrote some of the county pages and no shared page;
	// together they wrote the county pages once.
	counties := 0
	for _, dir := range dirs {
		got := files(t, fsys, dir)
		if _, ok := got[layout.ShardManifest]; !ok {
			t.Errorf("%s: no manifest", dir)
		}
		for _, shared := range []string{"index.html", "sitemap.xml", "reports/index.html", "catalogue/index.html", layout.SearchIndex} {
			if _, ok := got[shared]; ok {
				t.Errorf("%s wrote the shared %s", dir, shared)
			}
		}
		for p := range got {
			if strings.HasPrefix(p, "reports/2024/") && strings.HasSuffix(p, "/index.html") && strings.Count(p, "/") == 3 {
				counties++
			}
		}
	}
	if counties != 5 {
		t.Errorf("the shards wrote %d county reports of 2024, want 5", counties)
	}
}

// TestShardChecksTheWholeSite: a problem between two counties or two
// documents fails every shard, whichever shards they fall in.
func TestShardChecksTheWholeSite(t *testing.T) {
	fsys, opts := shardSite(t)
	// Two documents with one 索引号.
	docs, _ := afero.Glob(fsys, "/s/content/*/*.md")
	var first string
	for _, p := range docs {
		if strings.HasSuffix(p, "_index.md") {
			continue
		}
		b, _ := afero.ReadFile(fsys, p)
		s := string(b)
		i := strings.Index(s, "\nindex_no = ")
		if i < 0 {
			continue
		}
		line := s[i : i+strings.Index(s[i+1:], "\n")+1]
		if first == "" {
			first = line
			continue
		}
		_ = afero.WriteFile(fsys, p, []byte(strings.Replace(s, line, first, 1)), 0o644)
		break
	}
	for k := 1; k <= 4; k++ {
		o := opts
		o.Shard, o.Destination = Shard{k, 4}, fmt.Sprintf("/shards/%d", k)
		_, ds, err := Build(o)
		if err == nil || !strings.Contains(fmt.Sprint(ds), "索引号") {
			t.Errorf("shard %d/4 of a site with a repeated 索引号: %v %v", k, err, ds)
		}
		if ok, _ := afero.Exists(fsys, o.Destination); ok {
			t.Errorf("shard %d/4 failed but wrote %s", k, o.Destination)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2/4", ""}, {" 1/1", ""},
		{"0/4", "K 应在 1 到 4 之间"}, {"5/4", "K 应在 1 到 4 之间"},
		{"a/b", "应写作 K/N"}, {"3", "应写作 K/N"}, {"1/0", "N 应在 1 到"}, {"-1/4", "K 应在 1 到 4 之间"},
	} {
		s, err := ParseShard(c.in)
		switch {
		case c.want == "" && (err != nil || s.String() != strings.TrimSpace(c.in)):
			t.Errorf("%q: %v %v", c.in, s, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: %v, want an error saying %s", c.in, err, c.want)
		}
	}
	if _, _, err := Build(Options{Fs: afero.NewMemMapFs(), Source: "/s", Shard: Shard{5, 4}}); err == nil {
		t.Error("Build of shard 5/4")
	}
}

// mergeError merges dirs into /merged and returns the messages, checking
// that the merge failed and wrote nothing.
func mergeError(t *testing.T, opts Options, dirs ...string) string {
	t.Helper()
	opts.Destination = "/merged"
	_, ds, err := Merge(opts, dirs)
	if err == nil {
		t.Fatal("merge succeeded")
	}
	if ok, _ := afero.Exists(opts.Fs, "/merged"); ok {
		t.Error("a failed merge wrote /merged")
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Error() + "\n")
	}
	return b.String() + err.Error()
}

func readManifest(t *testing.T, fsys afero.Fs, dir string) *manifest {
	t.Helper()
	b, err := afero.ReadFile(fsys, path.Join(dir, layout.ShardManifest))
	if err != nil {
		t.Fatal(err)
	}
	m := &manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeManifest(t *testing.T, fsys afero.Fs, dir string, m *manifest) {
	t.Helper()
	b, _ := json.Marshal(m)
	if err := afero.WriteFile(fsys, path.Join(dir, layout.ShardManifest), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMergeRefuses(t *testing.T) {
	fsys, opts := shardSite(t)
	dirs := buildShards(t, opts, 4)

	t.Run("missing shard", func(t *testing.T) {
		if msg := mergeError(t, opts, dirs[0], dirs[2]); !strings.Contains(msg, "缺少分片 2/4、4/4") {
			t.Error(msg)
		}
	})
	t.Run("shard twice", func(t *testing.T) {
		if msg := mergeError(t, opts, dirs[0], dirs[1], dirs[2], dirs[3], dirs[1]); !strings.Contains(msg, "分片 2/4 给了两次") {
			t.Error(msg)
		}
	})
	t.Run("not a shard", func(t *testing.T) {
		if msg := mergeError(t, opts, dirs[0], "/s"); !strings.Contains(msg, "不是分片的输出") {
			t.Error(msg)
		}
	})
	t.Run("other N", func(t *testing.T) {
		o := opts
		o.Shard, o.Destination = Shard{1, 2}, "/other/1"
		if _, ds, err := Build(o); err != nil {
			t.Fatal(err, ds)
		}
		if msg := mergeError(t, opts, dirs[0], dirs[1], dirs[2], dirs[3], "/other/1"); !strings.Contains(msg, "全部分片要用同一个 N 构建") {
			t.Error(msg)
		}
	})
	t.Run("two shards wrote one file", func(t *testing.T) {
		// Shard 2 claims a file of shard 1 (an output folder changed by hand).
		m1, m2, orig := readManifest(t, fsys, dirs[0]), readManifest(t, fsys, dirs[1]), readManifest(t, fsys, dirs[1])
		stolen := m1.Files[0]
		b, _ := afero.ReadFile(fsys, path.Join(dirs[0], stolen))
		_ = afero.WriteFile(fsys, path.Join(dirs[1], stolen), b, 0o644)
		m2.Files = append(m2.Files, stolen)
		writeManifest(t, fsys, dirs[1], m2)
		defer writeManifest(t, fsys, dirs[1], orig)
		if msg := mergeError(t, opts, dirs...); !strings.Contains(msg, "都写了 /"+stolen) {
			t.Error(msg)
		}
	})
	t.Run("file missing", func(t *testing.T) {
		m := readManifest(t, fsys, dirs[2])
		_ = fsys.Remove(path.Join(dirs[2], m.Files[len(m.Files)-1]))
		if msg := mergeError(t, opts, dirs...); !strings.Contains(msg, "缺少清单中的文件 /"+m.Files[len(m.Files)-1]) {
			t.Error(msg)
		}
	})
	t.Run("site changed after the shards", func(t *testing.T) {
		fresh := buildShards(t, opts, 4) // the previous test removed a file
		_ = afero.WriteFile(fsys, "/s/content/notes.md", []byte("+++\ntitle = \"新文档\"\npublished = 2024-01-01\n+++\n\n正文。\n"), 0o644)
		defer fsys.Remove("/s/content/notes.md")
		if msg := mergeError(t, opts, fresh...); !strings.Contains(msg, "是用另一版本的站点构建的") {
			t.Error(msg)
		}
		// One shard of the new site among shards of the old one.
		o := opts
		o.Shard, o.Destination = Shard{3, 4}, "/new/3"
		if _, ds, err := Build(o); err != nil {
			t.Fatal(err, ds)
		}
		if msg := mergeError(t, opts, fresh[0], fresh[1], "/new/3", fresh[3]); !strings.Contains(msg, "是用不同版本的站点构建的") {
			t.Error(msg)
		}
	})
	t.Run("other gongkai", func(t *testing.T) {
		o := opts
		o.Version = "v9"
		if msg := mergeError(t, o, dirs...); !strings.Contains(msg, "是用另一版本的 gongkai 构建的") {
			t.Error(msg)
		}
	})
}
