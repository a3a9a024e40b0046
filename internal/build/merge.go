package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
	"github.com/gongkai-dev/gongkai/internal/workers"
)

// Merge combines the outputs of gongkai build --shard 1/N … N/N (dirs, in
// any order) into opts.Destination: it reads the site in opts.Source as
// Build does, writes the pages and files no shard writes (home, sections,
// catalogue, overviews, lists, the area's trends, search index, feed,
// sitemap, assets, revisions), copies every shard's files beside them and
// leaves out the shards' manifests. The result is the tree Build writes,
// byte for byte. It fails, leaving the destination as it was, when a
// shard is missing or given twice, when the shards or the site differ
// (another version of the site, of gongkai, other options) and when two
// shards wrote the same file.
func Merge(opts Options, dirs []string) (Summary, []diag.Diagnostic, error) {
	if opts.Fs == nil {
		opts.Fs = afero.NewOsFs()
	}
	in, ds := readShards(opts.Fs, dirs)
	if in == nil {
		return Summary{}, ds, &diag.BuildError{Diagnostics: ds}
	}
	opts.Shard = Shard{}
	return build(opts, in)
}

// shardDir is one shard's output and its manifest.
type shardDir struct {
	dir string
	m   *manifest
}

func (s shardDir) String() string {
	return fmt.Sprintf("%s（分片 %d/%d）", s.dir, s.m.Shard, s.m.Shards)
}

// mergeInput are the shards of a merge, by K.
type mergeInput struct {
	n      int
	shards []shardDir
}

// readShards reads and checks the manifests of dirs: every shard of one N
// once, all of one site, gongkai and options. Every problem is reported.
func readShards(fsys afero.Fs, dirs []string) (*mergeInput, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	fail := func(file, format string, args ...any) {
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, File: file, Msg: fmt.Sprintf(format, args...)})
	}
	if len(dirs) == 0 {
		fail("", "没有给出分片的输出目录：用法 gongkai merge -d OUT DIR…，DIR 是 gongkai build --shard K/N -d DIR 的输出")
		return nil, ds
	}
	var shards []shardDir
	for _, dir := range dirs {
		file := filepath.Join(dir, layout.ShardManifest)
		b, err := afero.ReadFile(fsys, file)
		if os.IsNotExist(err) {
			fail(dir, "不是分片的输出（其中没有 %s）：请传入 gongkai build --shard K/N -d DIR 的输出目录", layout.ShardManifest)
			continue
		}
		if err != nil {
			fail(file, "无法读取: %v", err)
			continue
		}
		m := &manifest{}
		if err := json.Unmarshal(b, m); err != nil || m.Shards < 1 || m.Shard < 1 || m.Shard > m.Shards {
			fail(file, "不是有效的分片清单：请重新构建这个分片（gongkai build --shard K/N）")
			continue
		}
		shards = append(shards, shardDir{dir, m})
	}
	if len(ds) > 0 {
		return nil, ds
	}
	first := shards[0]
	byK := map[int]shardDir{}
	for _, s := range shards {
		file := filepath.Join(s.dir, layout.ShardManifest)
		switch {
		case s.m.Shards != first.m.Shards:
			fail(file, "%s 是 %d 个分片之一，而 %s 是 %d 个分片之一：全部分片要用同一个 N 构建", s, s.m.Shards, first, first.m.Shards)
			continue
		case s.m.Version != first.m.Version:
			fail(file, "%s 与 %s 不是用同一版本的 gongkai 构建的（%s 与 %s）：请用同一个 gongkai 重新构建全部分片", s, first, orUnknown(s.m.Version), orUnknown(first.m.Version))
		case s.m.Source != first.m.Source:
			fail(file, "%s 与 %s 是用不同版本的站点构建的（site.toml、content/、data/ 或 themes/ 不同）：请在同一个提交上重新构建全部分片", s, first)
		case s.m.Options != first.m.Options:
			fail(file, "%s 与 %s 的构建选项不同（%s 与 %s）：请用相同的 --base-url、--drafts、--future 和 SOURCE_DATE_EPOCH 重新构建全部分片", s, first, s.m.Options, first.m.Options)
		}
		if o, ok := byK[s.m.Shard]; ok {
			fail(file, "分片 %d/%d 给了两次：%s 和 %s；请每个分片只给一个目录", s.m.Shard, s.m.Shards, o.dir, s.dir)
			continue
		}
		byK[s.m.Shard] = s
	}
	var missing []string
	for k := 1; k <= first.m.Shards; k++ {
		if _, ok := byK[k]; !ok {
			missing = append(missing, Shard{k, first.m.Shards}.String())
		}
	}
	if len(missing) > 0 {
		fail("", "缺少分片 %s：请把全部 %d 个分片（gongkai build --shard 1/%d … %d/%d）的输出目录都传给 gongkai merge",
			strings.Join(missing, "、"), first.m.Shards, first.m.Shards, first.m.Shards, first.m.Shards)
	}
	if len(ds) > 0 {
		return nil, ds
	}
	in := &mergeInput{n: first.m.Shards}
	for k := 1; k <= in.n; k++ {
		in.shards = append(in.shards, byK[k])
	}
	return in, nil
}

func orUnknown(v string) string {
	if v == "" {
		return "未知版本"
	}
	return v
}

// checkSite compares the site a merge read with the one the shards were
// built of.
func (in *mergeInput) checkSite(version, source, options string) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, s := range in.shards {
		var msg string
		switch {
		case s.m.Version != version:
			msg = fmt.Sprintf("%s 是用另一版本的 gongkai 构建的（%s，合并用的是 %s）：请用同一个 gongkai 构建分片和合并", s, orUnknown(s.m.Version), orUnknown(version))
		case s.m.Source != source:
			msg = fmt.Sprintf("%s 是用另一版本的站点构建的（site.toml、content/、data/ 或 themes/ 与 -s 指定的站点不同）：请在构建分片的同一个提交上合并，或重新构建全部分片", s)
		case s.m.Options != options:
			msg = fmt.Sprintf("%s 的构建选项与合并的不同（%s 与 %s）：请用相同的 --base-url、--drafts、--future 和 SOURCE_DATE_EPOCH 构建分片和合并", s, s.m.Options, options)
		default:
			continue
		}
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, File: filepath.Join(s.dir, layout.ShardManifest), Msg: msg})
	}
	return ds
}

// copyFiles writes every shard's files into w, after checking that no two
// shards, and no shard and the merge itself (own, the files it wrote),
// wrote the same file, and that every file of each manifest is there.
func (in *mergeInput) copyFiles(fsys afero.Fs, w render.Writer, own []string) []diag.Diagnostic {
	var ds []diag.Diagnostic
	fail := func(s shardDir, format string, args ...any) {
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, File: filepath.Join(s.dir, layout.ShardManifest), Msg: fmt.Sprintf(format, args...)})
	}
	const merged = -1
	writer := map[string]int{} // path → index of the shard, or merged
	for _, p := range own {
		writer[p] = merged
	}
	type file struct {
		shard int
		path  string
	}
	var files []file
	for i, s := range in.shards {
		reported := 0
		for _, p := range s.m.Files {
			o, dup := writer[p]
			if !dup {
				writer[p] = i
				files = append(files, file{i, p})
				continue
			}
			if reported++; reported > 10 {
				continue // the first ten tell the story
			}
			if o == merged {
				fail(s, "%s 写了合并时生成的文件 /%s：这个分片不是用这一版本的 gongkai 构建的，或其输出目录被改动过；请重新构建它", s, p)
			} else {
				fail(s, "%s 和 %s 都写了 /%s：分片的划分不一致（输出目录被改动过，或不是同一次构建的分片）；请重新构建这两个分片", in.shards[o], s, p)
			}
		}
	}
	if len(ds) > 0 {
		return ds
	}
	errs := make([]error, len(files))
	workers.Each(len(files), nil, func(i, _ int) {
		f := files[i]
		s := in.shards[f.shard]
		b, err := afero.ReadFile(fsys, filepath.Join(s.dir, filepath.FromSlash(f.path)))
		if os.IsNotExist(err) {
			errs[i] = fmt.Errorf("%s 缺少清单中的文件 /%s（制品不完整？）：请重新构建或重新下载这个分片", s, f.path)
			return
		}
		if err == nil {
			err = w.WriteFile(f.path, b)
		}
		if err != nil {
			errs[i] = fmt.Errorf("%s: /%s: %w", s, f.path, err)
		}
	})
	for i, err := range errs {
		if err != nil {
			ds = append(ds, diag.Diagnostic{Severity: diag.Error, File: filepath.Join(in.shards[files[i].shard].dir, layout.ShardManifest), Msg: err.Error()})
		}
	}
	return ds
}

// pages are the HTML files of every shard and own (the merge's), sorted.
func (in *mergeInput) pages(own []string) []string {
	out := append([]string(nil), own...)
	for _, s := range in.shards {
		out = append(out, s.m.HTML...)
	}
	sort.Strings(out)
	return out
}

// plain completes the documents' plain text (render.Stats.Plain, by index
// in docs) with what the shards rendered.
func (in *mergeInput) plain(docs []string, plain []string) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for i, d := range docs {
		k := shardOf(d, in.n)
		text, ok := in.shards[k-1].m.Plain[d]
		if !ok {
			s := in.shards[k-1]
			ds = append(ds, diag.Diagnostic{Severity: diag.Error, File: filepath.Join(s.dir, layout.ShardManifest),
				Msg: fmt.Sprintf("%s 缺少文档 content/%s 的检索文本：请重新构建这个分片", s, d)})
			continue
		}
		plain[i] = text
	}
	return ds
}

// summary adds the shards' pages and charts to a merge's.
func (in *mergeInput) summary(sum *Summary) {
	for _, s := range in.shards {
		sum.Pages += s.m.Pages
		sum.Charts += s.m.Charts
	}
}
