package layout

import (
	"reflect"
	"strings"
	"testing"
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
