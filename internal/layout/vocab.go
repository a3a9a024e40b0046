package layout

import "github.com/gongkai-dev/gongkai/internal/indicators"

// The domain vocabulary that pages and published files print. The names of
// levels, groups, statuses and indicators are those of the indicators
// package (Level.Chinese, Group.Chinese, Status.Chinese, Info); what is
// added here is how published tables head their columns, so that no
// package spells a name of its own.

// LevelName is 小学 or 初中.
func LevelName(l indicators.Level) string { return l.Chinese() }

// GroupName is 城区, 镇区 or 乡村.
func GroupName(g indicators.Group) string { return g.Chinese() }

// IndicatorColumn heads the column of an indicator's value in a published
// table: its full name, with the unit of a per-student value
// (生均教学及辅助用房面积(㎡)); a per-100-students count has none.
func IndicatorColumn(ind indicators.Indicator) string {
	info := indicators.Info(ind)
	if info.Per100 {
		return info.Name
	}
	return info.Name + "(" + info.Unit + ")"
}

// ShortfallColumn heads the column of an indicator's 差距 (shortfall), in the
// unit of its input figure: 每百名学生拥有县级以上骨干教师数差距(人),
// 生均教学及辅助用房面积(㎡)差距(㎡).
func ShortfallColumn(ind indicators.Indicator) string {
	return IndicatorColumn(ind) + "差距(" + indicators.Info(ind).InputUnit + ")"
}

// Yes and No are how a published file writes a yes/no figure (寄宿制).
const (
	Yes = "是"
	No  = "否"
)

// YesNo writes a yes/no figure; "" when not given.
func YesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return Yes
	}
	return No
}

// Ownership is 公办 or 民办.
func Ownership(private bool) string {
	if private {
		return "民办"
	}
	return "公办"
}
