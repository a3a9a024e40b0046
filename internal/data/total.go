package data

import (
	"regexp"
	"strings"
)

// totalRE matches the label of a total row of a statistics table: 合计,
// 总计, 小计, 全县合计 ….
var totalRE = regexp.MustCompile(`^(全县|全区|全市|总|小|共)?(合计|总计|小计|累计)`)

// IsTotalLabel reports whether a cell labels a total row (合计, 全 县 合 计),
// spaces and line breaks inside it aside.
func IsTotalLabel(s string) bool {
	// Every label totalRE matches ends in 计: a cell without it (every
	// school's name and id) is not matched at all.
	if !strings.Contains(s, "计") {
		return false
	}
	return totalRE.MatchString(strings.Join(strings.Fields(s), ""))
}
