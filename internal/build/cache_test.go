package build

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// files returns every file under dir.
func files(t *testing.T, fsys afero.Fs, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	_ = afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := afero.ReadFile(fsys, p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

// sameFiles checks that a holds the files of the reference build b, byte
// for byte, and no other.
func sameFiles(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d files, want %d", what, len(a), len(b))
	}
	for p, x := range b {
		if y, ok := a[p]; !ok {
			t.Errorf("%s: %s is missing", what, p)
		} else if !bytes.Equal(y, x) {
			t.Errorf("%s: %s differs from the reference build", what, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			t.Errorf("%s: %s is not in the reference build", what, p)
		}
	}
}

// A build with a Cache gives the same bytes as one without, after a
// document edit (the data pages are reused), a new section (they are not:
// the navigation changed) and a data edit (they are not).
func TestCacheSameOutput(t *testing.T) {
	today := time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)
	fsys := afero.NewMemMapFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: fsys, Dir: "s", Today: today}); err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	build := func(dest string, c *Cache) map[string][]byte {
		t.Helper()
		sum, diags, err := Build(Options{Fs: fsys, Source: "s", Destination: dest, Now: today, Cache: c})
		if err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		if sum.Charts == 0 {
			t.Errorf("%s: no charts counted", dest)
		}
		return files(t, fsys, dest)
	}
	build("cached", cache)
	edits := []struct{ name, file, old, new string }{
		{"document edit", "s/content/policies/balance-plan.md", "各学校：", "各学校（修改）："},
		{"new section", "s/content/news/_index.md", "", "+++\ntitle = \"工作动态\"\n+++\n"},
		{"data edit", "s/data/2025/schools.csv", ",1720,", ",1721,"},
	}
	for _, e := range edits {
		b, _ := afero.ReadFile(fsys, e.file)
		nb := strings.Replace(string(b), e.old, e.new, 1)
		if e.old == "" {
			nb = e.new
		}
		if err := afero.WriteFile(fsys, e.file, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
		sameFiles(t, e.name, build("cached", cache), build("fresh", nil))
	}
}

// TestIncrementalAsFresh: gongkai serve's incremental builds (a Cache, the
// output in memory) give byte for byte what a fresh build gives, after
// each kind of edit — and they do reuse: after one changed data row most
// files are the very bytes of the previous build.
// TestIncrementalAsFresh edits a site in every way and holds each
// incremental build byte-identical to a fresh one: as gongkai build's
// cache does, with every page rendered ("eager"), and as gongkai serve
// does ("on request"): each output made from the last by Next, and every
// page whose inputs changed left to be made when first read, which the
// comparison reads every file through.
func TestIncrementalAsFresh(t *testing.T) {
	t.Run("eager", func(t *testing.T) { testIncrementalAsFresh(t, false) })
	t.Run("on request", func(t *testing.T) { testIncrementalAsFresh(t, true) })
}

func testIncrementalAsFresh(t *testing.T, onRequest bool) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 30, Schools: 40, Years: 3, Counties: 2}); err != nil {
		t.Fatal(err)
	}
	// A document that quotes the data, which must follow it.
	quote := "+++\ntitle = \"引用数据的文件\"\npublished = 2024-10-09\nattachments = [{title = \"明细\", file = \"quote.csv\"}]\n+++\n\n小学骨干教师为{{< value indicator=\"backbone_teachers\" level=\"primary\" year=\"2024\" county=\"150101\" >}}人，初中为{{< value indicator=\"backbone_teachers\" level=\"junior\" year=\"2024\" county=\"150101\" >}}人。\n"
	if err := afero.WriteFile(fsys, "/s/content/news/quote.md", []byte(quote), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := afero.WriteFile(fsys, "/s/content/news/quote.csv", []byte("学校,人数\n一小,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A document whose page names the quoting one (相关文件): its page
	// must follow that one's title.
	related := "+++\ntitle = \"相关的文件\"\npublished = 2024-10-10\nrelated = [\"news/quote.md\"]\n+++\n\n正文。\n"
	if err := afero.WriteFile(fsys, "/s/content/news/related.md", []byte(related), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var last *output.Memory // the last output of the cache's builds
	pending := 0            // pages of the last one not made yet
	build := func(c *Cache) *output.Memory {
		t.Helper()
		out := output.NewMemory()
		o := Options{Fs: fsys, Source: "/s", Destination: "/public", Output: out, Now: now, Cache: c}
		if c != nil && onRequest {
			if last != nil {
				out = last.Next()
				o.Output = out
			}
			o.Eager = func(string) bool { return false }
		}
		if _, diags, err := Build(o); err != nil {
			t.Fatalf("%v %v", err, diags)
		}
		if c != nil {
			last, pending = out, 0
			for _, p := range out.Paths() {
				if out.Pending(p) {
					pending++
				}
			}
		}
		return out
	}
	same := func(what string, got, want *output.Memory) {
		t.Helper()
		gp, wp := got.Paths(), want.Paths()
		if strings.Join(gp, "\n") != strings.Join(wp, "\n") {
			t.Errorf("%s: %d files, a fresh build %d", what, len(gp), len(wp))
		}
		for _, p := range wp {
			g, _ := got.File(p)
			w, _ := want.File(p)
			if !bytes.Equal(g, w) {
				t.Errorf("%s: %s differs from a fresh build", what, p)
			}
		}
	}
	edit := func(file, old, new string) {
		t.Helper()
		b, err := afero.ReadFile(fsys, file)
		if err != nil {
			t.Fatal(err)
		}
		nb := strings.Replace(string(b), old, new, 1)
		if nb == string(b) {
			t.Fatalf("%s: %q not found", file, old)
		}
		if err := afero.WriteFile(fsys, file, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	cache := NewCache()
	prev := build(cache)
	same("first build", prev, build(nil))

	// One data row: most files are kept as they were, not rendered again.
	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	cur := build(cache)
	if onRequest && pending == 0 {
		t.Error("data row: every changed page was rendered, none left to be made on request")
	}
	same("data row", cur, build(nil))
	// The row is one of county 150101's in 2024: the other county-years'
	// pages and data files are the very bytes of the previous build.
	kept, changed, other := 0, 0, 0
	for _, p := range cur.Paths() {
		a, _ := prev.File(p)
		b, _ := cur.File(p)
		same := len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
		if same {
			kept++
		} else if !bytes.Equal(a, b) {
			changed++
		}
		if strings.HasPrefix(p, layout.Year(2023)) || strings.HasPrefix(p, layout.Year(2024)+"150102/") || strings.HasPrefix(p, layout.YearData(2023)) {
			other++
			if !same {
				t.Errorf("data row: %s made again", p)
			}
		}
	}
	if other < 20 || changed == 0 || kept < len(cur.Paths())/2 {
		t.Errorf("data row: %d of %d files kept from the cache (%d of other county-years), %d changed", kept, len(cur.Paths()), other, changed)
	}

	// A figure the document quotes: about half the backbone teachers of
	// the first row (a junior school of county 150101).
	csv := "/s/data/2024/schools.csv"
	b, _ := afero.ReadFile(fsys, csv)
	lines := strings.SplitN(string(b), "\n", 3)
	col := slices.Index(strings.Split(strings.TrimPrefix(lines[0], "\uFEFF"), ","), "县级以上骨干教师数")
	cells := strings.Split(lines[1], ",")
	if col < 0 || cells[0] != "150101" || cells[4] != "初中" {
		t.Fatalf("first row of %s: %q", csv, lines[1])
	}
	n, _ := strconv.Atoi(cells[col])
	cells[col] = strconv.Itoa(n/2 + 1)
	lines[1] = strings.Join(cells, ",")
	if err := afero.WriteFile(fsys, csv, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	before := mustFile(t, cur, "news/quote/index.html")
	cur = build(cache)
	same("quoted figure", cur, build(nil))
	if bytes.Equal(before, mustFile(t, cur, "news/quote/index.html")) {
		t.Error("the quoting document did not follow the data")
	}

	// A school's 乡镇 in its newest year: the lists of schools show it.
	b, _ = afero.ReadFile(fsys, csv)
	lines = strings.SplitN(string(b), "\n", 3)
	col = slices.Index(strings.Split(strings.TrimPrefix(lines[0], "\uFEFF"), ","), "乡镇")
	cells = strings.Split(lines[1], ",")
	if col < 0 {
		t.Fatalf("no 乡镇 in %s", csv)
	}
	cells[col] = "新设镇"
	lines[1] = strings.Join(cells, ",")
	if err := afero.WriteFile(fsys, csv, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	cur = build(cache)
	same("乡镇 of a school", cur, build(nil))
	if !bytes.Contains(mustFile(t, cur, "schools/index.html"), []byte("新设镇")) {
		t.Error("the list of schools does not show the new 乡镇")
	}

	// A school added to a county-year, then removed again: the school
	// pages and lists follow (their order, the kept schools' keys).
	b, _ = afero.ReadFile(fsys, csv)
	lines = strings.SplitN(string(b), "\n", 3)
	cells = strings.Split(lines[1], ",")
	cells[2], cells[3] = "2010199999", "北长县新建学校"
	added := []byte(strings.Join([]string{lines[0], lines[1], strings.Join(cells, ","), lines[2]}, "\n"))
	if err := afero.WriteFile(fsys, csv, added, 0o644); err != nil {
		t.Fatal(err)
	}
	cur = build(cache)
	same("school added", cur, build(nil))
	if _, ok := cur.File(layout.OutPath(layout.School("2010199999"))); !ok {
		t.Error("no page of the school added")
	}
	if err := afero.WriteFile(fsys, csv, b, 0o644); err != nil {
		t.Fatal(err)
	}
	same("school removed", build(cache), build(nil))

	// The theme's strings, which the data pages' titles and crumbs are
	// made of: first a theme of the site's own, then an edit of it alone.
	if err := afero.WriteFile(fsys, "/s/themes/mine/i18n/zh-CN.toml", []byte("rpt_nav = \"监测数据（本站）\"\npt_school_id = \"学校代码\"\npt_catalogue = \"目录（本站）\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	edit("/s/site.toml", "language = ", "theme = \"mine\"\nlanguage = ")
	same("theme", build(cache), build(nil))
	edit("/s/themes/mine/i18n/zh-CN.toml", "（本站）", "（修订）")
	same("theme's strings", build(cache), build(nil))

	for _, e := range []struct{ what, file, old, new string }{
		{"county.toml", "/s/data/2023/county/150102.toml", "notes = \"", "notes = \"（修订）"},
		{"document body", "/s/content/news/quote.md", "小学骨干教师为", "全县小学骨干教师为"},
		{"document title", "/s/content/news/quote.md", "引用数据的文件", "引用数据的通知"},
		{"document date", "/s/content/news/quote.md", "published = 2024-10-09", "published = 2024-10-08"},
		{"site.toml", "/s/site.toml", "title = \"", "title = \"新"},
		{"attachment", "/s/content/news/quote.csv", "一小,1", "一小,2"},
		{"section", "/s/content/news/_index.md", "title = \"", "title = \"新闻："},
	} {
		edit(e.file, e.old, e.new)
		same(e.what, build(cache), build(nil))
	}
	// Documents removed, a year's data removed.
	for _, f := range []string{"/s/content/news/related.md", "/s/content/news/quote.md"} {
		if err := fsys.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	same("document removed", build(cache), build(nil))
	if err := fsys.RemoveAll("/s/data/2022"); err != nil {
		t.Fatal(err)
	}
	same("year removed", build(cache), build(nil))
}

func mustFile(t *testing.T, m *output.Memory, p string) []byte {
	t.Helper()
	b, ok := m.File(p)
	if !ok {
		t.Fatalf("no %s", p)
	}
	return b
}

// fingerprintInput covers every field of indicators.Input: a field added
// there must be added to the fingerprint, or serve would keep stale pages.
func TestFingerprintCoversInput(t *testing.T) {
	var fields []string
	typ := reflect.TypeOf(indicators.Input{})
	for i := 0; i < typ.NumField(); i++ {
		fields = append(fields, typ.Field(i).Name)
	}
	if got := strings.Join(fields, " "); got != "Year County Parts Shared" {
		t.Errorf("indicators.Input has fields %s: update fingerprintInput", got)
	}
	in := indicators.Input{Year: 2024, County: indicators.County{Code: "1"}, Parts: []indicators.SchoolPart{{SchoolID: "a", Students: 10}, {SchoolID: "b", Students: 20}}}
	base, schools := fingerprintInput(in)
	for _, change := range []func(*indicators.Input){
		func(in *indicators.Input) { in.Year++ },
		func(in *indicators.Input) { in.County.Notes = "x" },
		func(in *indicators.Input) { in.Parts[1].Students++ },
		func(in *indicators.Input) { in.Parts[0], in.Parts[1] = in.Parts[1], in.Parts[0] },
		func(in *indicators.Input) { in.Shared = []indicators.SharedFacility{{SchoolID: "a"}} },
	} {
		c := indicators.Input{Year: in.Year, County: in.County, Parts: slices.Clone(in.Parts), Shared: slices.Clone(in.Shared)}
		change(&c)
		if k, _ := fingerprintInput(c); k == base {
			t.Errorf("%+v: same key as %+v", c, in)
		}
	}
	c := indicators.Input{Year: in.Year, County: in.County, Parts: slices.Clone(in.Parts)}
	c.Parts[1].Students++
	if _, s := fingerprintInput(c); s["a"] != schools["a"] || s["b"] == schools["b"] {
		t.Error("a school's key does not follow its own rows only")
	}
}

// Every field of a school part and of a shared facility is in its school's
// key: set one at a time to a value other than the zero one, it changes
// the key. A field added to indicators.SchoolPart or SharedFacility that
// appendPart or appendShared leaves out fails here.
func TestFingerprintCoversEveryField(t *testing.T) {
	key := func(in indicators.Input) string {
		_, s := fingerprintInput(in)
		return s["a"]
	}
	// set gives field f of the struct v a value other than its zero value.
	set := func(t *testing.T, f reflect.Value) {
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Int:
			f.SetInt(7)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Struct: // indicators.Figure
			f.Field(0).SetFloat(1.5)
			f.Field(1).SetBool(true)
		case reflect.Pointer: // *bool
			f.Set(reflect.New(f.Type().Elem()))
		default:
			t.Fatalf("field of kind %s: teach this test and the fingerprint", f.Kind())
		}
	}
	base := indicators.Input{Year: 2024, Parts: []indicators.SchoolPart{{SchoolID: "a"}}, Shared: []indicators.SharedFacility{{SchoolID: "a"}}}
	want := key(base)
	for _, kind := range []string{"part", "shared"} {
		var typ reflect.Type
		if kind == "part" {
			typ = reflect.TypeOf(indicators.SchoolPart{})
		} else {
			typ = reflect.TypeOf(indicators.SharedFacility{})
		}
		for i := 0; i < typ.NumField(); i++ {
			name := typ.Field(i).Name
			if name == "SchoolID" {
				continue // the school itself
			}
			in := indicators.Input{Year: 2024, Parts: []indicators.SchoolPart{{SchoolID: "a"}}, Shared: []indicators.SharedFacility{{SchoolID: "a"}}}
			if kind == "part" {
				set(t, reflect.ValueOf(&in.Parts[0]).Elem().Field(i))
			} else {
				set(t, reflect.ValueOf(&in.Shared[0]).Elem().Field(i))
			}
			if key(in) == want {
				t.Errorf("%s field %s is not in the school's key", kind, name)
			}
		}
	}
	// A figure given as 0 is not a figure not given, and *bool false is not nil.
	in := base
	in.Parts = []indicators.SchoolPart{{SchoolID: "a", Teachers: indicators.Given(0)}}
	in.Shared = base.Shared
	if key(in) == want {
		t.Error("a figure given as 0 has the key of a figure not given")
	}
	no := false
	in.Parts = []indicators.SchoolPart{{SchoolID: "a", Boarding: &no}}
	if key(in) == want {
		t.Error("寄宿制 false has the key of 寄宿制 not given")
	}
}
