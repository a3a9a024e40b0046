package data

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

const sharedSchools = "学校标识码,学校名称,学段,城乡分类代码,在校生数,办学类型,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\r\n" +
	"20,育才学校,小学,111,820,九年一贯制学校,,,,\r\n" + // line 2
	"20,育才学校,初中,111,540,九年一贯制学校,,,,\r\n" + // line 3
	"30,一中,初中,111,1500,完全中学,,,,\r\n" + // line 4
	"40,二中,初中,111,900,初中,5000,,,\r\n" + // line 5
	"50,三中,小学,111,500,九年一贯制学校,2300,,,\r\n" + // line 6
	"50,三中,初中,111,400,九年一贯制学校,2500,4000,,\r\n" // line 7

func TestSharedFacilities(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": sharedSchools,
		"data/2024/shared_facilities.csv": csvLines(
			"学校标识码,学校名称,高中在校生数,教学及辅助用房面积(㎡),体育运动场馆面积,教学仪器设备值(万元),网络多媒体教室数",
			"20,育才学校,,7600,\"14,000\",430,35",
			"30,一中,1200,18000,30000,1000.5,80",
		),
	})
	noDiagnostics(t, dl)
	in := onlyCounty(t, ds)
	f := indicators.Given
	want := []indicators.SharedFacility{
		{SchoolID: "20", TeachingArea: f(7600), SportsArea: f(14000), EquipmentValue: f(4300000), MultimediaRooms: f(35),
			File: "data/2024/shared_facilities.csv", Line: 2},
		{SchoolID: "30", SeniorStudents: f(1200), TeachingArea: f(18000), SportsArea: f(30000), EquipmentValue: f(10005000), MultimediaRooms: f(80),
			File: "data/2024/shared_facilities.csv", Line: 3},
	}
	if !reflect.DeepEqual(in.Shared, want) {
		t.Errorf("shared:\n got %+v\nwant %+v", in.Shared, want)
	}
	// The loader does not apportion: the parts keep their empty cells.
	if in.Parts[0].TeachingArea.Given {
		t.Errorf("part apportioned by the loader: %+v", in.Parts[0])
	}
}

func TestSharedFacilitiesErrors(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv": sharedSchools,
		"data/2024/shared_facilities.csv": csvLines(
			"学校标识码,学校名称,教学及辅助用房面积,体育运动场馆面积,在校生数,高中在校生数",
			"20,育才学校,7600,14000,,", // 2 ok
			"99,不存在学校,100,200,,",   // 3 unknown school
			"40,二中,6000,,,",        // 4 teaching area also on line 5
			"50,三中,5000,9000,,",    // 5 teaching area on 6 and 7, sports area on 7
			"20,育才学校,1,1,,",        // 6 duplicate
			",无标识码,1,1,,",          // 7 empty id
			"30,第一中学,1,-1,,",       // 8 negative; other name; (senior students fine for 完全中学)
			"50,三中,,,,300",         // 9 duplicate, and senior students for a 九年一贯制
		),
	})
	f := "data/2024/shared_facilities.csv:"
	wantDiag(t, dl.Errors(),
		f+`3: 学校标识码 (school_id): "99": schools.csv 中没有该学校标识码`,
		f+`4: 教学及辅助用房面积 (teaching_area_m2): "6000": data/2024/schools.csv 第 5 行也填了该学校的教学及辅助用房面积; 共用设施只能填在一处: 要么填在 schools.csv 各学段行, 要么填在 shared_facilities.csv (并把 schools.csv 中的该列留空)`,
		f+`5: 教学及辅助用房面积 (teaching_area_m2): "5000": data/2024/schools.csv 第 6、7 行也填了该学校的教学及辅助用房面积; 共用设施只能填在一处: 要么填在 schools.csv 各学段行, 要么填在 shared_facilities.csv (并把 schools.csv 中的该列留空)`,
		f+`5: 体育运动场馆面积 (sports_area_m2): "9000": data/2024/schools.csv 第 7 行也填了该学校的体育运动场馆面积; 共用设施只能填在一处: 要么填在 schools.csv 各学段行, 要么填在 shared_facilities.csv (并把 schools.csv 中的该列留空)`,
		f+`6: 学校标识码 (school_id): "20": 学校标识码重复: 第 2 行已有该学校; 每所学校只能有一行`,
		f+`7: 学校标识码 (school_id): 必填, 不能为空`,
		f+`8: 体育运动场馆面积 (sports_area_m2): "-1": 不能为负数`,
		f+`9: 学校标识码 (school_id): "50": 学校标识码重复: 第 5 行已有该学校; 每所学校只能有一行`,
	)
	if n := len(dl.Errors()); n != 8 {
		t.Errorf("want 8 errors, got %d:\n%s", n, strings.Join(texts(dl.Errors()), "\n"))
	}
	wantDiag(t, dl.Warnings(),
		f+`1: 在校生数: 该列不属于 shared_facilities.csv, 已忽略; 此文件只填 学校标识码、高中在校生数 和共用的 教学及辅助用房面积、体育运动场馆面积、教学仪器设备值、网络多媒体教室数`,
		f+`8: 学校名称 (school_name): "第一中学": 与 schools.csv 第 4 行的学校名称 "一中" 不一致; 请核对学校标识码`,
	)
}

func TestSharedSeniorStudentsWarning(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv":           sharedSchools,
		"data/2024/shared_facilities.csv": csvLines("学校标识码,高中在校生数,体育运动场馆面积", "20,300,14000"),
	})
	wantDiag(t, dl.Warnings(), `data/2024/shared_facilities.csv:2: 高中在校生数 (senior_students): "300": 高中在校生数只用于完全中学和十二年一贯制学校; 该学校的办学类型为九年一贯制学校`)
	noErrors(t, dl)
	// senior_students is a column of shared_facilities.csv only.
	_, dl = load(t, map[string]string{
		"data/2024/schools.csv": csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数,高中在校生数", "1,a,初中,111,100,50"),
	})
	wantDiag(t, dl.Warnings(), `data/2024/schools.csv:1: 高中在校生数: 该列只属于 shared_facilities.csv, 在 schools.csv 中已忽略`)
}

func TestSharedMissingID(t *testing.T) {
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv":           sharedSchools,
		"data/2024/shared_facilities.csv": csvLines("学校名称,体育运动场馆面积", "育才学校,14000"),
	})
	wantDiag(t, dl.Errors(), `data/2024/shared_facilities.csv:1: 学校标识码 (school_id): 缺少必填列; 列名可写作 school_id、学校标识码、学校代码`)
}

func TestSharedPlausibility(t *testing.T) {
	// 育才学校 has 820 + 540 students: equipment in 万元 without saying so.
	_, dl := load(t, map[string]string{
		"data/2024/schools.csv":           sharedSchools,
		"data/2024/shared_facilities.csv": csvLines("学校标识码,教学仪器设备值,教学及辅助用房面积", "20,430,200000"),
	})
	noErrors(t, dl)
	wantDiag(t, dl.Warnings(),
		`data/2024/shared_facilities.csv:2: 教学仪器设备值 (equipment_value_yuan): "430": 生均仅 0.32 元; 如果是以万元填写, 请把列名写作 教学仪器设备值(万元)`,
		`data/2024/shared_facilities.csv:2: 教学及辅助用房面积 (teaching_area_m2): "200000": 生均 147.06 ㎡, 超出合理范围(≤100 ㎡); 请核对数值和单位`,
	)
}

func TestHeaderOnly(t *testing.T) {
	ds, dl := load(t, map[string]string{"data/2024/schools.csv": csvLines(head, ",,,,,,,,,,,,")})
	noErrors(t, dl)
	wantDiag(t, dl.Warnings(), `data/2024/schools.csv:1: 只有表头, 没有数据行`)
	if in := onlyCounty(t, ds); len(in.Parts) != 0 || ds.Years[0].Rows != 0 {
		t.Errorf("parts: %+v", in.Parts)
	}
}
