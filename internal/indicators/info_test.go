package indicators

import (
	"strings"
	"testing"
)

func TestInfo(t *testing.T) {
	for _, c := range []struct {
		ind         Indicator
		short, unit string
		per100      bool
	}{
		{QualifiedTeachers, "高学历教师", "人", true},
		{BackboneTeachers, "骨干教师", "人", true},
		{PEArtTeachers, "体育艺术教师", "人", true},
		{TeachingArea, "教学及辅助用房", "㎡", false},
		{SportsArea, "体育运动场馆", "㎡", false},
		{EquipmentValue, "教学仪器设备", "元", false},
		{MultimediaRooms, "网络多媒体教室", "间", true},
	} {
		i := Info(c.ind)
		if i.Key != c.ind || i.Short != c.short || i.Unit != c.unit || i.InputUnit != c.unit || i.Per100 != c.per100 || i.Name == "" {
			t.Errorf("Info(%s) = %+v", c.ind, i)
		}
		if c.per100 != strings.HasPrefix(i.Name, "每百名学生") {
			t.Errorf("Info(%s).Name %q and Per100 %v disagree", c.ind, i.Name, c.per100)
		}
	}
	if i := Info("nonsense"); i.Name != "nonsense" || i.Per100 {
		t.Errorf("unknown: %+v", i)
	}
	if Primary.Chinese() != "小学" || Junior.Chinese() != "初中" {
		t.Error("Level.Chinese")
	}
	if Urban.Chinese() != "城区" || Town.Chinese() != "镇区" || Rural.Chinese() != "乡村" {
		t.Error("Group.Chinese")
	}
	if Pass.Chinese() != "达标" || Fail.Chinese() != "未达标" || MissingData.Chinese() != "未提供" {
		t.Error("Status.Chinese")
	}
	if OverallPass.Chinese() != "达标" || OverallFail.Chinese() != "未达标" || OverallIncomplete.Chinese() != "数据不全" {
		t.Error("Overall.Chinese")
	}
}

func TestGap(t *testing.T) {
	eqFig(t, "4.4 ÷ 5.5", Gap(Given(4.4), Given(5.5)), 4.4/5.5)
	isMissing(t, "÷ 0", Gap(Given(1), Given(0)))
	isMissing(t, "missing ÷", Gap(Missing, Given(1)))
	isMissing(t, "÷ missing", Gap(Given(1), Missing))
	eqFig(t, "0 ÷ 2", Gap(Given(0), Given(2)), 0)
}

func TestFloor(t *testing.T) {
	std := DefaultStandards()
	// The spec's floors: 小学 3.57 / 0.85 / 0.765 / 3.825 / 6.375 / 1700 / 1.955;
	// 初中 4.505 / 0.85 / 0.765 / 4.93 / 8.67 / 2125 / 2.04 — as written, not
	// float64's 0.85×4.5 = 3.8249999999999997.
	want := map[Level][]float64{
		Primary: {3.57, 0.85, 0.765, 3.825, 6.375, 1700, 1.955},
		Junior:  {4.505, 0.85, 0.765, 4.93, 8.67, 2125, 2.04},
	}
	for l, ws := range want {
		for i, ind := range Indicators {
			eqf(t, string(l)+" "+string(ind), std.Floor(l, ind), ws[i])
		}
	}
}

func TestItemInfo(t *testing.T) {
	std := DefaultStandards()
	for n := 1; n <= 15; n++ {
		if i := AssuranceInfo(n, std); i.Item != n || i.Name == "" || i.Requirement == "" {
			t.Errorf("assurance %d: %+v", n, i)
		}
	}
	for n := 1; n <= 9; n++ {
		if i := QualityInfo(n, std.Quality); i.Item != n || i.Name == "" || i.Requirement == "" {
			t.Errorf("quality %d: %+v", n, i)
		}
	}
	if AssuranceInfo(16, std).Item != 0 || QualityInfo(0, std.Quality).Item != 0 {
		t.Error("out of range item has a number")
	}
	// Requirements carry the standards in force: 0.95 → "95%", 0.15, Ⅲ级.
	if r := AssuranceInfo(13, std).Requirement; !strings.Contains(r, "100%、95%") {
		t.Errorf("13: %s", r)
	}
	if r := QualityInfo(9, std.Quality).Requirement; !strings.Contains(r, "Ⅲ级") || !strings.Contains(r, "低于0.15") {
		t.Errorf("quality 9: %s", r)
	}
	std.Assurance.ClassesPerRoom = 10
	if r := AssuranceInfo(3, std).Requirement; !strings.HasPrefix(r, "每10个班级") {
		t.Errorf("3 with 10 classes per room: %s", r)
	}
	// A province's 0.07 is 7%, not 7.000000000000001%.
	if got := pct(0.07); got != "7%" {
		t.Errorf("pct(0.07) = %s", got)
	}
}

func TestComputeLeavesInputAlone(t *testing.T) {
	parts := through("N", NineYear, 300, 200)
	shared := []SharedFacility{{SchoolID: "N", TeachingArea: Given(5200)}}
	before := append([]SchoolPart(nil), parts...)
	Compute(Input{Parts: parts, Shared: shared}, DefaultStandards())
	for i := range parts {
		if parts[i] != before[i] {
			t.Errorf("part %d modified", i)
		}
	}
	if ExclusionReason(mk("X", Primary, 111, -1, goodPrimary100()), DefaultStandards().Scope) != "在校生数无效" {
		t.Error("negative students")
	}
}
