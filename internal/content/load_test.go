package content

import (
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
)

// contentWriter writes files under /s/content/ of fsys.
func contentWriter(t *testing.T, fsys afero.Fs) func(name, body string) {
	return func(name, body string) {
		t.Helper()
		if err := afero.WriteFile(fsys, "/s/content/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadOrderIndependentOfWorkers: Markdown files are read and parsed in
// parallel, but the documents, sections and diagnostics come out as when
// they were read one by one, in the walk's order, on any number of cores.
func TestLoadOrderIndependentOfWorkers(t *testing.T) {
	fsys := afero.NewMemMapFs()
	write := contentWriter(t, fsys)
	write("a/_index.md", "+++\ntitle = \"甲栏目\"\nweight = 2\n+++\n")
	write("b/_index.md", "+++\ntitle = \"乙栏目\"\nweight = 1\nbad = 1\n+++\n")
	write("c/_index.md", "no front matter")
	for i := 0; i < 60; i++ {
		body := fmt.Sprintf("+++\ntitle = \"文件%d\"\npublished = 2024-01-%02d\ngenre = \"通知\"\n+++\n正文。\n", i, 1+i%28)
		switch i % 7 {
		case 1:
			body = fmt.Sprintf("+++\ntitle = \"文件%d\"\ngenre = \"不是体裁\"\n+++\n", i)
		case 2:
			body = "+++\ntitle = \n+++\n"
		case 3:
			body = fmt.Sprintf("+++\ntitle = \"文件%d\"\ndraft = true\nunknown_key = 1\n+++\n", i)
		}
		write(fmt.Sprintf("%c/doc-%02d.md", 'a'+i%3, i), body)
	}
	write("a/file.csv", "x\n")
	site := &config.Site{Title: "t", Publisher: "p", PageSize: 20, BasePath: "/"}
	type result struct {
		Docs, LeftOut, Sections, Files []string
		Diags                          []string
	}
	load := func(procs int) result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c, diags := Load(fsys, "/s", site, Options{Now: fuzzNow})
		var r result
		for _, d := range c.Docs {
			r.Docs = append(r.Docs, d.Path)
		}
		for _, d := range c.LeftOut {
			r.LeftOut = append(r.LeftOut, d.Path)
		}
		for _, s := range c.Sections {
			r.Sections = append(r.Sections, s.Name+" "+s.Title+fmt.Sprint(len(s.Docs)))
		}
		r.Files = c.Files
		for _, d := range diags {
			r.Diags = append(r.Diags, d.Error())
		}
		return r
	}
	one := load(1)
	if len(one.Docs) < 20 || len(one.LeftOut) == 0 || len(one.Diags) < 20 || len(one.Sections) != 3 {
		t.Fatalf("unexpected site: %d documents, %d left out, %d diagnostics, sections %v", len(one.Docs), len(one.LeftOut), len(one.Diags), one.Sections)
	}
	for _, procs := range []int{2, 4, 16} {
		for i := 0; i < 3; i++ {
			if got := load(procs); !reflect.DeepEqual(got, one) {
				t.Fatalf("GOMAXPROCS %d: %+v\nGOMAXPROCS 1: %+v", procs, got, one)
			}
		}
	}
}

// countingFs counts the Markdown files opened.
type countingFs struct {
	afero.Fs
	mu     sync.Mutex
	opened []string
}

func (f *countingFs) Open(name string) (afero.File, error) {
	if strings.HasSuffix(name, ".md") {
		f.mu.Lock()
		f.opened = append(f.opened, name)
		f.mu.Unlock()
	}
	return f.Fs.Open(name)
}

// TestLoadCache: with a Cache, a second load reads only the Markdown files
// whose size or time changed, and gives the same documents, links
// (解读 ↔ 原文, related) and sections as a load without it, however often
// it is repeated.
func TestLoadCache(t *testing.T) {
	mem := afero.NewMemMapFs()
	fsys := &countingFs{Fs: mem}
	write := contentWriter(t, mem)
	write("policies/_index.md", "+++\ntitle = \"政策文件\"\n+++\n")
	write("policies/plan.md", "+++\ntitle = \"规划\"\npublished = 2024-01-02\n+++\n正文。\n")
	write("policies/other.md", "+++\ntitle = \"另一文件\"\npublished = 2024-01-03\nrelated = [\"policies/plan.md\"]\n+++\n")
	write("interpretations/plan.md", "+++\ntitle = \"解读\"\npublished = 2024-01-04\ninterprets = \"policies/plan.md\"\n+++\n")
	site := &config.Site{Title: "t", Publisher: "p", PageSize: 20, BasePath: "/"}
	summary := func(c *Content) string {
		var b strings.Builder
		for _, d := range c.Docs {
			fmt.Fprintf(&b, "%s %q", d.Path, d.Title)
			if d.Original != nil {
				fmt.Fprintf(&b, " 原文 %s", d.Original.Path)
			}
			for _, x := range d.Explanations {
				fmt.Fprintf(&b, " 解读 %s", x.Path)
			}
			for _, x := range d.RelatedDocs {
				fmt.Fprintf(&b, " 相关 %s", x.Path)
			}
			b.WriteString("\n")
		}
		for _, s := range c.Sections {
			fmt.Fprintf(&b, "栏目 %s %q %d\n", s.Name, s.Title, len(s.Docs))
		}
		return b.String() + c.Digest + c.MetaDigest
	}
	fresh := func() string {
		c, _ := Load(mem, "/s", site, Options{Now: fuzzNow, Digest: true})
		return summary(c)
	}
	cache := NewCache()
	load := func() (string, []string) {
		fsys.opened = nil
		c, _ := Load(fsys, "/s", site, Options{Now: fuzzNow, Digest: true, Cache: cache})
		sort.Strings(fsys.opened)
		return summary(c), fsys.opened
	}
	if got, opened := load(); got != fresh() || len(opened) != 4 {
		t.Fatalf("first load: read %v\n%s\nwant\n%s", opened, got, fresh())
	}
	for i := 0; i < 3; i++ {
		if got, opened := load(); got != fresh() || len(opened) != 0 {
			t.Fatalf("load %d: read %v\n%s\nwant\n%s", i+2, opened, got, fresh())
		}
	}
	write("policies/plan.md", "+++\ntitle = \"规划（修订）\"\npublished = 2024-01-02\n+++\n正文。\n")
	later := time.Now().Add(time.Second)
	if err := mem.Chtimes("/s/content/policies/plan.md", later, later); err != nil {
		t.Fatal(err)
	}
	got, opened := load()
	if got != fresh() || !strings.Contains(got, "规划（修订）") || !reflect.DeepEqual(opened, []string{"/s/content/policies/plan.md"}) {
		t.Fatalf("after an edit: read %v\n%s\nwant\n%s", opened, got, fresh())
	}
	// Another publisher in site.toml (documents take it as their default):
	// every document is read again.
	site2 := *site
	site2.Publisher = "另一机构"
	fsys.opened = nil
	c, _ := Load(fsys, "/s", &site2, Options{Now: fuzzNow, Digest: true, Cache: cache})
	if len(fsys.opened) != 4 || c.Docs[0].Publisher != "另一机构" {
		t.Fatalf("after a new publisher: read %v, publisher %q", fsys.opened, c.Docs[0].Publisher)
	}
}
