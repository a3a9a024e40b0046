package scaffold

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/content"
)

var today = time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)

// The new site builds with no error and no warning, with its data year's
// report pages and charts, and the sample document's shortcodes resolved.
func TestNewSiteBuilds(t *testing.T) {
	fsys := afero.NewMemMapFs()
	files, err := NewSite(SiteOptions{Fs: fsys, Dir: "/s", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".gitignore", "content/policies/_index.md", "content/policies/balance-plan.md", "data/2025/county.toml", "data/2025/schools.csv", "site.toml"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", files, want)
	}
	sum, diags, err := build.Build(build.Options{Fs: fsys, Source: "/s", Now: today})
	for _, d := range diags {
		t.Errorf("diagnostic: %s", d.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 1 || sum.SchoolParts != 8 || sum.Years != 1 || sum.Charts == 0 {
		t.Errorf("summary %s", sum)
	}
	for _, p := range []string{"/s/public/index.html", "/s/public/policies/balance-plan/index.html", "/s/public/data/2025/indicators.json", "/s/public/reports/2025/index.html"} {
		if ok, _ := afero.Exists(fsys, p); !ok {
			t.Errorf("%s not built", p)
		}
	}
	doc, _ := afero.ReadFile(fsys, "/s/public/policies/balance-plan/index.html")
	if !strings.Contains(string(doc), "<table") || strings.Contains(string(doc), "{{&lt;") {
		t.Errorf("the sample document's chart did not render")
	}
	// A second new site in the same directory is refused.
	if _, err := NewSite(SiteOptions{Fs: fsys, Dir: "/s", Today: today}); err == nil {
		t.Error("new site over an existing one: no error")
	}
}

func TestNewDocNextIndexNo(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := NewSite(SiteOptions{Fs: fsys, Dir: "s", Today: today}); err != nil {
		t.Fatal(err)
	}
	d, err := NewDoc(DocOptions{Fs: fsys, Site: "s", Path: "policies/enrollment.md", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if d.IndexNo != "11150000MB0000000X/2026-00002" || d.File != "content/policies/enrollment.md" {
		t.Errorf("doc %+v, want index 11150000MB0000000X/2026-00002", d)
	}
	d2, err := NewDoc(DocOptions{Fs: fsys, Site: "s", Path: "news/visit", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if d2.IndexNo != "11150000MB0000000X/2026-00003" || d2.Section != "content/news/_index.md" {
		t.Errorf("second doc %+v", d2)
	}
	src, _ := afero.ReadFile(fsys, "s/content/news/visit.md")
	for _, want := range []string{"written = 2026-03-09", "published = 2026-03-09", `index_no = "11150000MB0000000X/2026-00003"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("skeleton lacks %q:\n%s", want, src)
		}
	}
	if _, err := NewDoc(DocOptions{Fs: fsys, Site: "s", Path: "news/visit.md", Today: today}); err == nil {
		t.Error("existing document overwritten")
	}
	// The skeletons build.
	if _, diags, err := build.Build(build.Options{Fs: fsys, Source: "s", Now: today}); err != nil {
		t.Fatalf("build: %v %v", err, diags)
	}
}

func TestNextIndexNo(t *testing.T) {
	re := regexp.MustCompile(`^(?:11150000MB1234567X/\d{4}-\d{5})$`)
	cases := []struct {
		existing []string
		year     int
		want     string
	}{
		{nil, 2025, "11150000MB1234567X/2025-00001"},
		{[]string{"11150000MB1234567X/2021-00018", "11150000MB1234567X/2024-00007", "11150000MB1234567X/2024-00012"}, 2024, "11150000MB1234567X/2024-00013"},
		{[]string{"11150000MB1234567X/2021-00018", "11150000MB1234567X/2024-00012"}, 2025, "11150000MB1234567X/2025-00001"},
		{[]string{"11150000MB1234567X/2025-00001", "11150000MB1234567X/2025-00002", "11150000MB1234567X/2025-00004"}, 2025, "11150000MB1234567X/2025-00005"},
	}
	for _, c := range cases {
		got, note := NextIndexNo(re, `11150000MB1234567X/\d{4}-\d{5}`, c.existing, c.year)
		if got != c.want {
			t.Errorf("%v in %d: %q (%s), want %q", c.existing, c.year, got, note, c.want)
		}
	}
	// A scheme without a year counts on.
	re2 := regexp.MustCompile(`^(?:JYJ-\d{4})$`)
	if got, _ := NextIndexNo(re2, `JYJ-\d{4}`, []string{"JYJ-0009", "JYJ-0010"}, 2025); got != "JYJ-0011" {
		t.Errorf("no year: %q", got)
	}
}
