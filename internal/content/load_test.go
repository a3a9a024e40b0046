package content

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
)

// TestLoadOrderIndependentOfWorkers: Markdown files are read and parsed in
// parallel, but the documents, sections and diagnostics come out as when
// they were read one by one, in the walk's order, on any number of cores.
func TestLoadOrderIndependentOfWorkers(t *testing.T) {
	fsys := afero.NewMemMapFs()
	write := func(name, body string) {
		if err := afero.WriteFile(fsys, "/s/content/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
