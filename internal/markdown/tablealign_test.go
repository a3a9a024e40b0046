package markdown

import (
	"strings"
	"testing"
)

func TestTableAlignmentIsAClassNotAStyle(t *testing.T) {
	res, _ := New(Options{}).Render([]byte("| 学校 | 人数 |\n|:---|---:|\n| 一小 | 100 |\n"))
	h := string(res.HTML)
	if !strings.Contains(h, `<td class="align-right">100</td>`) || !strings.Contains(h, `<th class="align-left">学校</th>`) || strings.Contains(h, "style=") {
		t.Errorf("table cells: %s", h)
	}
}
