package indicators

import (
	"fmt"
	"strconv"
)

// IndicatorInfo names an indicator for the pages.
type IndicatorInfo struct {
	Key       Indicator
	Name      string // full Chinese name, e.g. 每百名学生拥有县级以上骨干教师数
	Short     string // short Chinese name, e.g. 骨干教师
	Per100    bool   // counted per 100 students (teachers, rooms)
	Unit      string // unit of the value as displayed: 人 (per 100 students), ㎡ or 元 (per student), 间 (per 100 students)
	InputUnit string // unit of the input figure and of the shortfall: 人, ㎡, 元, 间
}

// Info returns the names and units of ind. An unknown key gets itself as
// its names.
func Info(ind Indicator) IndicatorInfo {
	i := IndicatorInfo{Key: ind, Per100: per100(ind)}
	switch ind {
	case QualifiedTeachers:
		i.Name, i.Short, i.Unit = "每百名学生拥有高于规定学历教师数", "高学历教师", "人"
	case BackboneTeachers:
		i.Name, i.Short, i.Unit = "每百名学生拥有县级以上骨干教师数", "骨干教师", "人"
	case PEArtTeachers:
		i.Name, i.Short, i.Unit = "每百名学生拥有体育、艺术(美术、音乐)专任教师数", "体育艺术教师", "人"
	case TeachingArea:
		i.Name, i.Short, i.Unit = "生均教学及辅助用房面积", "教学及辅助用房", "㎡"
	case SportsArea:
		i.Name, i.Short, i.Unit = "生均体育运动场馆面积", "体育运动场馆", "㎡"
	case EquipmentValue:
		i.Name, i.Short, i.Unit = "生均教学仪器设备值", "教学仪器设备", "元"
	case MultimediaRooms:
		i.Name, i.Short, i.Unit = "每百名学生拥有网络多媒体教室数", "网络多媒体教室", "间"
	default:
		i.Name, i.Short = string(ind), string(ind)
	}
	i.InputUnit = i.Unit
	return i
}

// Chinese returns 小学 or 初中.
func (l Level) Chinese() string {
	switch l {
	case Primary:
		return "小学"
	case Junior:
		return "初中"
	}
	return string(l)
}

// Chinese returns 城区, 镇区 or 乡村.
func (g Group) Chinese() string {
	switch g {
	case Urban:
		return "城区"
	case Town:
		return "镇区"
	case Rural:
		return "乡村"
	}
	return string(g)
}

// Chinese returns 达标, 未达标 or 未提供.
func (s Status) Chinese() string {
	switch s {
	case Pass:
		return "达标"
	case Fail:
		return "未达标"
	case MissingData:
		return "未提供"
	}
	return string(s)
}

// Chinese returns 达标, 未达标 or 数据不全 (incomplete: a figure that could
// decide it is not given).
func (o Overall) Chinese() string {
	switch o {
	case OverallPass:
		return "达标"
	case OverallFail:
		return "未达标"
	case OverallIncomplete:
		return "数据不全"
	}
	return string(o)
}

// Gap returns a ÷ b (e.g. 乡村 ÷ 城区), Missing when either is missing or b
// is 0.
func Gap(a, b Figure) Figure {
	if !a.Given || !b.Given || b.Value == 0 {
		return Missing
	}
	return Given(a.Value / b.Value)
}

// Floor returns the 85 % floor of ind at level l: FloorShare × threshold,
// as the decimal a reader would write (0.85 × 4.5 is 3.825, not float64's
// 3.8249999999999997). For display; the verdicts compare exactly.
func (s Standards) Floor(l Level, ind Indicator) float64 {
	t := s.Level(l).Threshold(ind)
	if !finite(t) || !finite(s.FloorShare) {
		return s.FloorShare * t
	}
	f, _ := prodRat([]float64{s.FloorShare, t}).Float64()
	return f
}

// ItemInfo describes one item of 政府保障程度 or 教育质量 for the pages.
type ItemInfo struct {
	Item        int
	Name        string // short name, as in Item.Name
	Requirement string // the requirement in full, with the standards' values
}

// pct writes a rate as a percentage: 0.95 → "95%".
func pct(v float64) string {
	if !finite(v) {
		return fmt.Sprint(v)
	}
	f, _ := prodRat([]float64{v, 100}).Float64()
	return strconv.FormatFloat(f, 'f', -1, 64) + "%"
}

func roman(v float64) string {
	switch v {
	case 1:
		return "Ⅰ"
	case 2:
		return "Ⅱ"
	case 3:
		return "Ⅲ"
	case 4:
		return "Ⅳ"
	}
	return num(v)
}

// AssuranceInfo returns item n (1–15) of 政府保障程度; Item 0 for any other n.
func AssuranceInfo(n int, std Standards) ItemInfo {
	s := std.Assurance
	name, req := "", ""
	switch n {
	case 1:
		name, req = "规划布局合理", "所有学校规划布局合理，符合国家规定要求"
	case 2:
		name, req = "四统一", "城乡学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准统一"
	case 3:
		name = "音乐美术专用教室"
		req = fmt.Sprintf("每%d个班级配备音乐、美术专用教室各1间以上，其中音乐专用教室面积不小于%s平方米，美术专用教室面积不小于%s平方米",
			s.ClassesPerRoom, num(s.MusicRoomMinArea), num(s.ArtRoomMinArea))
	case 4:
		name = "学校规模"
		req = fmt.Sprintf("小学、初中规模不超过%d人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过%d人",
			s.MaxSchoolSize, s.MaxThroughSchoolSize)
	case 5:
		name = "班额"
		req = fmt.Sprintf("小学、初中所有班级学生数分别不超过%d人、%d人", std.Primary.MaxClassSize, std.Junior.MaxClassSize)
	case 6:
		name, req = "小规模学校公用经费", "不足100名学生的村小学和教学点按100名学生核定公用经费"
	case 7:
		name = "特殊教育学校生均公用经费"
		req = fmt.Sprintf("特殊教育学校生均公用经费不低于%s元", num(s.SpecialSchoolFunding))
	case 8:
		name, req = "教师工资收入", "全县义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，按规定足额核定教师绩效工资总量"
	case 9:
		name = "教师培训"
		req = fmt.Sprintf("教师5年360学时培训完成率达到%s", pct(s.TrainingCompletion))
	case 10:
		name, req = "编制岗位县域统筹", "县级教育行政部门在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量"
	case 11:
		name = "教师交流轮岗"
		req = fmt.Sprintf("全县每年交流轮岗教师的比例不低于符合交流条件教师总数的%s；其中，骨干教师不低于交流轮岗教师总数的%s",
			pct(s.ExchangeShare), pct(s.ExchangeBackboneShare))
	case 12:
		name = "教师持证上岗"
		req = fmt.Sprintf("专任教师持有教师资格证上岗率达到%s", pct(s.CertifiedRate))
	case 13:
		name = "就近划片入学"
		req = fmt.Sprintf("城区和镇区公办小学、初中（均不含寄宿制学校）就近划片入学比例分别达到%s、%s",
			pct(s.NearbyEnrollmentPrimary), pct(s.NearbyEnrollmentJunior))
	case 14:
		name = "优质高中名额分配"
		req = fmt.Sprintf("全县优质高中招生名额分配比例不低于%s，并向农村初中倾斜", pct(s.QuotaAllocationShare))
	case 15:
		name = "留守儿童与随迁子女"
		req = fmt.Sprintf("留守儿童关爱体系健全，全县符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于%s",
			pct(s.MigrantPublicShare))
	default:
		return ItemInfo{}
	}
	return ItemInfo{Item: n, Name: name, Requirement: req}
}

// QualityInfo returns item n (1–9) of 教育质量 with the standards s; Item 0
// for any other n.
func QualityInfo(n int, s QualityStandards) ItemInfo {
	name, req := "", ""
	switch n {
	case 1:
		name, req = "初中三年巩固率", fmt.Sprintf("全县初中三年巩固率达到%s以上", pct(s.JuniorRetentionRate))
	case 2:
		name, req = "残疾儿童少年入学率", fmt.Sprintf("全县残疾儿童少年入学率达到%s以上", pct(s.DisabledEnrollmentRate))
	case 3:
		name, req = "学校章程与信息化管理", "所有学校制定章程，实现学校管理与教学信息化"
	case 4:
		name, req = "教师培训经费", fmt.Sprintf("所有学校按照不低于学校年度公用经费预算总额的%s安排教师培训经费", pct(s.TrainingFundsShare))
	case 5:
		name, req = "信息化教学", "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平"
	case 6:
		name, req = "德育与校园文化", fmt.Sprintf("所有学校德育工作、校园文化建设水平达到%s以上", s.MoralEducation)
	case 7:
		name, req = "课程开齐开足", "课程开齐开足，教学秩序规范，综合实践活动有效开展"
	case 8:
		name, req = "无过重课业负担", "无过重课业负担"
	case 9:
		name = "义务教育质量监测"
		req = fmt.Sprintf("在国家义务教育质量监测中，相关科目学生学业水平达到%s级以上，且校际差异率低于%s",
			roman(s.MonitoringLevel), num(s.MonitoringGapRate))
	default:
		return ItemInfo{}
	}
	return ItemInfo{Item: n, Name: name, Requirement: req}
}
