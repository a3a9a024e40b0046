// Package indicators computes the 优质均衡 (high-quality balanced development)
// figures of a county from its school data: the seven resource indicators per
// school part, the student-weighted 差异系数 (CV), 城区/镇区/乡村 group values,
// the 15 政府保障程度 items, the 9 教育质量 items and 社会认可度.
//
// The package is pure: numbers in, numbers out. It reads no files and writes
// no HTML, so every figure the site publishes can be checked here by hand.
// The rules are those of ../shared/spec/indicators.md; every threshold is a
// named field of Standards with the national default.
package indicators

import (
	"encoding/json"
	"strconv"
)

// Level is a 学段 assessed on its own: 小学 (primary) or 初中 (junior).
type Level string

const (
	Primary Level = "primary" // 小学
	Junior  Level = "junior"  // 初中
)

// Levels lists the levels in report order.
var Levels = []Level{Primary, Junior}

// Group is a 城乡 group of the 统计用城乡划分代码.
type Group string

const (
	Urban Group = "urban" // 城区: 111, 112
	Town  Group = "town"  // 镇区: 121, 122, 123
	Rural Group = "rural" // 乡村: 210, 220
)

// Groups lists the groups in report order.
var Groups = []Group{Urban, Town, Rural}

// GroupOf returns the group of a 城乡划分代码, and false for any other code.
func GroupOf(code int) (Group, bool) {
	switch code {
	case 111, 112:
		return Urban, true
	case 121, 122, 123:
		return Town, true
	case 210, 220:
		return Rural, true
	}
	return "", false
}

// Indicator is the key of one of the seven 资源配置 indicators.
type Indicator string

const (
	QualifiedTeachers Indicator = "qualified_teachers" // 每百名学生拥有高于规定学历教师数
	BackboneTeachers  Indicator = "backbone_teachers"  // 每百名学生拥有县级以上骨干教师数
	PEArtTeachers     Indicator = "pe_art_teachers"    // 每百名学生拥有体育、艺术专任教师数
	TeachingArea      Indicator = "teaching_area"      // 生均教学及辅助用房面积 (㎡)
	SportsArea        Indicator = "sports_area"        // 生均体育运动场馆面积 (㎡)
	EquipmentValue    Indicator = "equipment_value"    // 生均教学仪器设备值 (元)
	MultimediaRooms   Indicator = "multimedia_rooms"   // 每百名学生拥有网络多媒体教室数 (间)
)

// Indicators lists the seven indicators in the order of the 督导评估办法.
var Indicators = []Indicator{
	QualifiedTeachers, BackboneTeachers, PEArtTeachers,
	TeachingArea, SportsArea, EquipmentValue, MultimediaRooms,
}

// SchoolType is the 办学类型 as written in the data.
type SchoolType string

const (
	PrimarySchool  SchoolType = "小学"
	JuniorSchool   SchoolType = "初中"
	NineYear       SchoolType = "九年一贯制学校"
	TwelveYear     SchoolType = "十二年一贯制学校"
	CompleteMiddle SchoolType = "完全中学"
	TeachingPoint  SchoolType = "教学点"
	SpecialSchool  SchoolType = "特殊教育学校"
)

// Figure is a number that the data may not give. A figure not given is
// "未提供": it is never 0 and never a pass. It marshals to JSON as the
// number in full precision, or null.
type Figure struct {
	Value float64
	Given bool
}

// Given returns a figure that the data gives.
func Given(v float64) Figure { return Figure{Value: v, Given: true} }

// Missing is the figure the data does not give.
var Missing = Figure{}

// MarshalJSON writes the value in full precision (shortest repr that
// round-trips), or null.
func (f Figure) MarshalJSON() ([]byte, error) {
	if !f.Given {
		return []byte("null"), nil
	}
	return json.Marshal(f.Value)
}

// UnmarshalJSON reads a number or null.
func (f *Figure) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Missing
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*f = Given(v)
	return nil
}

// SchoolPart is one row of schools.csv: a school × 学段. A 九年一贯制 school has
// a primary and a junior part with the same SchoolID, each assessed as a
// school of its own.
type SchoolPart struct {
	SchoolID       string
	SchoolName     string
	Level          Level
	UrbanRuralCode int // 统计用城乡划分代码, already validated
	Students       int // 在校生数
	SchoolType     SchoolType
	Private        bool // 民办
	CountyCode     string
	CountyName     string
	Township       string

	Classes         Figure // 班级数
	MaxClassSize    Figure // 最大班额
	OversizeClasses Figure // 超标准班额班级数

	Teachers          Figure // 专任教师数
	CertifiedTeachers Figure // 持证专任教师数
	QualifiedTeachers Figure // 高于规定学历教师数
	BackboneTeachers  Figure // 县级以上骨干教师数
	PEArtTeachers     Figure // 体育艺术专任教师数

	TeachingArea    Figure // 教学及辅助用房面积, ㎡
	SportsArea      Figure // 体育运动场馆面积, ㎡
	EquipmentValue  Figure // 教学仪器设备值, 元
	MultimediaRooms Figure // 网络多媒体教室数, 间

	MusicRooms       Figure // 音乐专用教室数
	MusicRoomMinArea Figure // 音乐专用教室最小面积, ㎡
	ArtRooms         Figure // 美术专用教室数
	ArtRoomMinArea   Figure // 美术专用教室最小面积, ㎡

	Boarding *bool // 寄宿制; nil when not given

	// Where the row came from, for messages; not used in any computation.
	File string
	Line int
}

// SharedFacility is one row of shared_facilities.csv: facilities recorded for
// a whole 一贯制 school, to be apportioned to its parts by weighted enrolment.
type SharedFacility struct {
	SchoolID        string
	SeniorStudents  Figure // 高中在校生数, for 完全中学 and 十二年一贯制
	TeachingArea    Figure
	SportsArea      Figure
	EquipmentValue  Figure
	MultimediaRooms Figure

	File string
	Line int
}

// County holds the county-level items of county.toml.
type County struct {
	Name   string // 区县名称
	Code   string // 区县代码
	AsOf   string // 统计时点, YYYY-MM-DD, "" when not given
	Source string // 数据来源
	Notes  string // 统计口径说明

	Assurance   Assurance
	Quality     Quality
	Recognition Recognition
}

// Assurance holds the county.toml figures of 政府保障程度 (§3). Rates are
// fractions 0..1. A nil *bool or a Figure not Given is "未提供".
type Assurance struct {
	LayoutPlanned                  *bool  // 1 规划布局合理
	FourUnified                    *bool  // 2 四统一
	SmallSchoolFundingFloor        *bool  // 6 不足100人按100人核定公用经费
	SpecialSchoolFundingPerStudent Figure // 7 特殊教育学校生均公用经费, 元
	TeacherSalaryAvg               Figure // 8 教师平均工资收入, 元
	CivilServantSalaryAvg          Figure // 8 当地公务员平均工资收入, 元
	PerformancePayFull             *bool  // 8 绩效工资足额核定
	Training360Completion          Figure // 9 5年360学时培训完成率
	StaffingCoordinated            *bool  // 10 编制、岗位县域统筹
	ExchangeEligibleTeachers       Figure // 11 符合交流条件教师数
	ExchangeTeachers               Figure // 11 交流轮岗教师数
	ExchangeBackboneTeachers       Figure // 11 交流轮岗骨干教师数
	CertifiedRate                  Figure // 12 专任教师持证上岗率
	NearbyEnrollmentPrimary        Figure // 13 小学就近划片入学比例
	NearbyEnrollmentJunior         Figure // 13 初中就近划片入学比例
	QuotaAllocationShare           Figure // 14 优质高中招生名额分配比例
	QuotaRuralPreference           *bool  // 14 向农村初中倾斜
	LeftBehindCare                 *bool  // 15 留守儿童关爱体系健全
	MigrantPublicShare             Figure // 15 随迁子女在公办学校就读比例
}

// Quality holds the county.toml figures of 教育质量 (§4).
type Quality struct {
	JuniorRetentionRate    Figure // 1 初中三年巩固率
	DisabledEnrollmentRate Figure // 2 残疾儿童少年入学率
	ChartersAndIT          *bool  // 3 章程与信息化
	TrainingFundsShare     Figure // 4 教师培训经费占公用经费比例
	ITTeaching             *bool  // 5 信息化教学
	MoralEducation         string // 6 德育与校园文化: 优秀/良好/一般/较差, "" when not given
	CurriculumComplete     *bool  // 7 课程开齐开足
	NoExcessBurden         *bool  // 8 无过重课业负担
	MonitoringLevel        Figure // 9 质量监测学业水平等级 (3 = Ⅲ级)
	MonitoringGapRate      Figure // 9 校际差异率
}

// Recognition holds 社会认可度 (§5).
type Recognition struct {
	Satisfaction Figure // 满意度
}

// Input is everything Compute needs for one county and one year.
type Input struct {
	Year   int
	County County
	Parts  []SchoolPart
	Shared []SharedFacility
}
