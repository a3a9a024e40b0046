package layout

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

func TestPageNumbers(t *testing.T) {
	for _, c := range []struct {
		n, total int
		want     []int // 0 is a gap
	}{
		{1, 2, []int{1, 2}},
		{2, 2, []int{1, 2}},
		{4, 7, []int{1, 2, 3, 4, 5, 6, 7}},
		{1, 10, []int{1, 2, 3, 0, 10}},
		{5, 10, []int{1, 2, 3, 4, 5, 6, 7, 0, 10}}, // 2 is shown, not a gap of one
		{6, 10, []int{1, 0, 4, 5, 6, 7, 8, 9, 10}},
		{10, 10, []int{1, 0, 8, 9, 10}},
		{125, 250, []int{1, 0, 123, 124, 125, 126, 127, 0, 250}},
	} {
		if got := pageNumbers(c.n, c.total); !reflect.DeepEqual(got, c.want) {
			t.Errorf("pageNumbers(%d, %d) = %v, want %v", c.n, c.total, got, c.want)
		}
	}
}

// TestSlugReservesPage: schools/page/<n>/ are pages of the school index,
// so no school id (in any case, for case-insensitive file systems) is
// written as the segment "page"; other ids keep their segment.
func TestSlugReservesPage(t *testing.T) {
	for _, id := range []string{"page", "Page", "PAGE"} {
		if got := Slug(id); strings.EqualFold(got, "page") || !strings.HasPrefix(got, "id-") {
			t.Errorf("Slug(%q) = %q", id, got)
		}
	}
	if Slug("page") == Slug("Page") {
		t.Error(`"page" and "Page" share a slug`)
	}
	for _, id := range []string{"pages", "page2", "2150000001", "150101"} {
		if got := Slug(id); got != id {
			t.Errorf("Slug(%q) = %q, want the id", id, got)
		}
	}

}

// The published paths are a contract that outside checks and readers'
// bookmarks rely on: each is pinned here, once.
func TestPaths(t *testing.T) {
	one := NewData([]indicators.Input{{Year: 2024, County: indicators.County{Code: "150000"}}})
	city := NewData([]indicators.Input{
		{Year: 2024, County: indicators.County{Code: "150101"}}, {Year: 2024, County: indicators.County{Code: "150102"}},
		// 2023: one county's data, its schools.csv naming the county
		{Year: 2023, County: indicators.County{Code: "150101"}, Parts: []indicators.SchoolPart{{CountyCode: "150101"}}},
	})
	for _, c := range []struct{ got, want string }{
		{Year(2024), "reports/2024/"},
		{one.Report(2024, "150000"), "reports/2024/"},
		{one.Dir(2024, "150000"), "data/2024/"},
		{one.Trends("150000"), "reports/trends/"},
		{city.Report(2024, "150101"), "reports/2024/150101/"},
		{city.Dir(2024, "150101"), "data/2024/county/150101/"},
		{city.Report(2023, "150101"), "reports/2023/150101/"},
		{city.Trends("150102"), "reports/trends/150102/"},
		{Level("reports/2024/", indicators.Primary), "reports/2024/primary/"},
		{Indicator("reports/2024/", indicators.Junior, indicators.TeachingArea), "reports/2024/junior/teaching_area/"},
		{School("2150000001"), "schools/2150000001/"},
		{CountySchools("150101"), "schools/county/150101/"},
		{School("county")[:11], "schools/id-"},
		{School("第一小学 A/1")[:11], "schools/id-"},
		{Paged(Schools, 1), "schools/"},
		{Paged(Schools, 3), "schools/page/3/"},
		{Section("policies"), "policies/"},
		{Facet("topic", "x"), "catalogue/topic/x/"},
		{SearchShard("s", 2), "search/s/2.json"},
		{SitemapPart(2), "sitemap-2.xml"},
		{Favicon(".png"), "favicon.png"},
		{OutPath(""), "index.html"},
		{OutPath("reports/"), "reports/index.html"},
		{OutPath(Feed), "index.xml"},
		{PagePath("reports/index.html"), "reports/"},
		{PagePath("index.html"), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if one.SeveralCounties(2024) || !city.SeveralCounties(2023) || !city.SeveralCounties(2024) {
		t.Error("SeveralCounties")
	}
	var none *Data // a site without data
	if none.SeveralCounties(2024) || none.Report(2024, "x") != "reports/2024/" {
		t.Error("nil Data")
	}
}

func TestPager(t *testing.T) {
	p := NewPager(Schools, 2, 3, func(k int) string { return "第" + strconv.Itoa(k) + "页" })
	if p.PrevURL != "schools/" || p.NextURL != "schools/page/3/" || len(p.Pages) != 3 || !p.Pages[1].Current || p.Pages[2].Note != "第3页" {
		t.Errorf("pager %+v", p)
	}
	if PageCount(0, 10) != 1 || PageCount(10, 10) != 1 || PageCount(11, 10) != 2 {
		t.Error("PageCount")
	}
	if lo, hi := PageBounds(2, 10, 15); lo != 10 || hi != 15 {
		t.Errorf("PageBounds = %d, %d", lo, hi)
	}
}

func TestVocabulary(t *testing.T) {
	if IndicatorColumn(indicators.TeachingArea) != "生均教学及辅助用房面积(㎡)" ||
		IndicatorColumn(indicators.PEArtTeachers) != "每百名学生拥有体育、艺术(美术、音乐)专任教师数" ||
		ShortfallColumn(indicators.BackboneTeachers) != "每百名学生拥有县级以上骨干教师数差距(人)" {
		t.Error(IndicatorColumn(indicators.TeachingArea), IndicatorColumn(indicators.PEArtTeachers), ShortfallColumn(indicators.BackboneTeachers))
	}
}
