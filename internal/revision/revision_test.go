package revision

import "testing"

// TestChangeText: a change is of a text when a value has anything but a
// number's characters; 未提供 and a new or gone row's "" are neither.
func TestChangeText(t *testing.T) {
	for _, c := range []struct {
		old, new string
		text     bool
	}{
		{"1720", "1730", false},
		{"3,700.00", "-1.5", false},
		{"未提供", "98.5%", false},
		{"", "12", false},
		{"2024年教育事业统计", "2024年教育事业统计（更正）", true},
		{"12", "十二", true},
		{"示例县第一小学", "", true},
	} {
		if got := (Change{Old: c.old, New: c.new}).Text(); got != c.text {
			t.Errorf("%q → %q: text %v, want %v", c.old, c.new, got, c.text)
		}
	}
}
