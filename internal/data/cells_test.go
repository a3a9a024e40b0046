package data

import (
	"regexp"
	"strings"
	"testing"
)

// The shortcuts of normCell and IsTotalLabel give what the full mapping and
// the pattern give, for cells with and without something to map.
func TestCellShortcuts(t *testing.T) {
	total := regexp.MustCompile(`^(全县|全区|全市|总|小|共)?(合计|总计|小计|累计)`)
	for _, s := range []string{
		"北长县第一小学", " 城关镇 ", "１２３", "北长县\u3000一小", "a\u00A0b", "\uFEFF学校", "学\u200B校",
		"学校\xff名", "\xe5\x8c", "合计", "全 县 合 计", "总计：", "小计", "共累计", "计划", "合\n计", "学校合计", "",
	} {
		if s != "" && !isASCII(s) {
			if got, want := normCell(s), mapCell(s); got != want {
				t.Errorf("normCell(%q) = %q, want %q", s, got, want)
			}
		}
		if got, want := IsTotalLabel(s), total.MatchString(strings.Join(strings.Fields(s), "")); got != want {
			t.Errorf("IsTotalLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
