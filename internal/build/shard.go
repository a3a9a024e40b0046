package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// Shard is one part of a build split over several machines (docs/ci.md):
// shard K of N, 1 ≤ K ≤ N. The zero Shard is the whole site.
type Shard struct{ K, N int }

func (s Shard) String() string { return strconv.Itoa(s.K) + "/" + strconv.Itoa(s.N) }

// maxShards bounds N: more shards than this is a typo, not a plan.
const maxShards = 1000

// ParseShard reads K/N as gongkai build --shard takes it.
func ParseShard(v string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(v), "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard 的值 “%s” 无效：应写作 K/N，如 2/4（共 4 个分片中的第 2 个）", v)
	}
	if n < 1 || n > maxShards {
		return Shard{}, fmt.Errorf("--shard 的值 “%s” 无效：分片数 N 应在 1 到 %d 之间", v, maxShards)
	}
	if k < 1 || k > n {
		return Shard{}, fmt.Errorf("--shard 的值 “%s” 无效：K 应在 1 到 %d 之间（分片从 1 开始编号）", v, n)
	}
	return Shard{K: k, N: n}, nil
}

// shardOf is the shard (1…n) of a county by its code, or of a document by
// its file: a hash, so that a county or document added to the site moves
// nothing else to another shard.
func shardOf(key string, n int) int {
	h := fnv.New32a()
	_, _ = io.WriteString(h, key)
	return int(h.Sum32()%uint32(n)) + 1
}

// part is what of the site one build writes: one shard of it (the pages
// and data files of its counties, the pages of its documents) or, when
// merging, everything else (the shared pages: home, sections, catalogue,
// overviews, lists of schools, the area's trends, search, feed, sitemap,
// assets). A nil *part is the whole site.
type part struct {
	shard int // 1…n, or 0 for the shared pages
	n     int
	docs  map[string]int // document page → shard
	// counties maps the site path of a county's report, data folder,
	// trends, list of schools and of each of its schools' pages to the
	// county's shard; a path under one of them is the county's too.
	counties map[string]int
}

// newPart is shard (0: the shared pages) of n of site.
func newPart(site *Site, shard, n int) *part {
	p := &part{shard: shard, n: n, docs: map[string]int{}, counties: map[string]int{}}
	for _, d := range site.Content.Docs {
		p.docs[d.URL] = shardOf(d.Path, n)
	}
	several := site.Layout.SeveralCountiesEver()
	// A school's page goes with its county of the newest year (the inputs
	// ascend by year).
	for i := range site.Inputs {
		in := site.Input(i)
		k := shardOf(in.County.Code, n)
		p.counties[site.Layout.Report(in.Year, in.County.Code)] = k
		p.counties[site.Layout.Dir(in.Year, in.County.Code)] = k
		if several {
			p.counties[site.Layout.Trends(in.County.Code)] = k
			p.counties[layout.CountySchools(in.County.Code)] = k
		}
		for i := range in.Parts {
			p.counties[layout.School(in.Parts[i].SchoolID)] = k
		}
	}
	return p
}

// owner is the shard that writes the page or file at site path name, 0
// for a shared one.
func (p *part) owner(name string) int {
	if k, ok := p.docs[name]; ok {
		return k
	}
	for i := strings.IndexByte(name, '/'); i >= 0; {
		if k, ok := p.counties[name[:i+1]]; ok {
			return k
		}
		j := strings.IndexByte(name[i+1:], '/')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return 0
}

// writes tells whether this build writes the page or file at name.
func (p *part) writes(name string) bool { return p == nil || p.owner(name) == p.shard }

// shared tells whether this build writes the shared pages and files.
func (p *part) shared() bool { return p == nil || p.shard == 0 }

// only is render.Input.Only for this part.
func (p *part) only() func(string) bool {
	if p == nil {
		return nil
	}
	return p.writes
}

// manifest is what a shard tells gongkai merge (layout.ShardManifest, JSON).
type manifest struct {
	Shard  int `json:"shard"`
	Shards int `json:"shards"`
	// What the shard was built of; merge refuses shards that differ.
	Version string `json:"version"` // Options.Version
	Source  string `json:"source"`  // sourceDigest
	Options string `json:"options"` // optionsKey
	Pages   int    `json:"pages"`   // pages rendered, for the summary
	Charts  int    `json:"charts"`
	// HTML are the HTML files written (the sitemap's pages), Files every
	// file, both sorted; Plain the plain text of each document rendered,
	// by its file under content/ (for the search index).
	HTML  []string          `json:"html"`
	Files []string          `json:"files"`
	Plain map[string]string `json:"plain"`
}

// optionsKey is what of the options and the loaded site decides the output
// beyond the files of the site: the address, drafts and future documents,
// the day the site is "as of" and the documents that are in.
func optionsKey(opts Options, site *Site) string {
	h := sha256.New()
	for _, d := range site.Content.Docs {
		fmt.Fprintln(h, d.Path)
	}
	return fmt.Sprintf("base_url=%s drafts=%v future=%v today=%s docs=%x", site.Config.BaseURL, opts.Drafts, opts.Future, site.Today, h.Sum(nil)[:8])
}

// sourceDigest fingerprints the files a build reads: site.toml, content/,
// data/ and themes/ (their paths and bytes) and the icon.
func sourceDigest(fsys afero.Fs, src string, cfg *config.Site) (string, error) {
	h := sha256.New()
	for _, top := range []string{config.FileName, content.Dir, "data", "themes"} {
		err := afero.Walk(fsys, filepath.Join(src, top), func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == filepath.Join(src, top) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(src, p)
			fmt.Fprintf(h, "%s\x00%v\x00", filepath.ToSlash(rel), fi.Mode().Type())
			if !fi.Mode().IsRegular() {
				return nil
			}
			f, err := fsys.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			n, err := io.Copy(h, f)
			fmt.Fprintf(h, "\x00%d\x00", n)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("无法读取站点文件: %w", err)
		}
	}
	fmt.Fprintf(h, "icon %x", sha256.Sum256(cfg.FaviconData))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// write completes the manifest with the plain text of the shard's
// documents (plain, by index in the site's documents) and writes it at the
// top of the shard's output.
func (m *manifest) write(w render.Writer, site *Site, p *part, plain []string) error {
	for i, d := range site.Content.Docs {
		if p.docs[d.URL] == p.shard {
			m.Plain[d.Path] = plain[i]
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return w.WriteFile(layout.ShardManifest, b)
}
