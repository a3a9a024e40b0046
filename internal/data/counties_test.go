package data

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

func TestSeveralCounties(t *testing.T) {
	// testdata/multi: three counties in one schools.csv, two with their
	// county/<code>.toml, a shared 一贯制 school in 乙县.
	ds, dl := Load(afero.NewReadOnlyFs(afero.NewOsFs()), "testdata/multi")
	noDiagnostics(t, dl)
	if len(ds.Years) != 1 || ds.Years[0].Rows != 7 {
		t.Fatalf("years %+v", ds.Years)
	}
	cs := ds.Years[0].Counties
	if len(cs) != 3 {
		t.Fatalf("want 3 counties, got %d", len(cs))
	}
	for i, want := range []struct {
		code, name string
		ids        []string
		shared     int
		asOf       string
	}{
		{"150101", "甲区", []string{"2150101001", "2150101002", "2150101003"}, 0, "2024-09-30"},
		{"150102", "乙县", []string{"2150102001", "2150102002", "2150102002"}, 1, "2024-09-30"},
		{"150103", "丙县", []string{"2150103001"}, 0, ""}, // no toml: name from county_name
	} {
		c := cs[i]
		if c.Year != 2024 || c.County.Code != want.code || c.County.Name != want.name || c.County.AsOf != want.asOf {
			t.Errorf("county %d: year %d %+v", i, c.Year, c.County)
		}
		var ids []string
		for _, p := range c.Parts {
			ids = append(ids, p.SchoolID)
			if p.CountyCode != want.code {
				t.Errorf("part %s of county %s in %s", p.SchoolID, p.CountyCode, want.code)
			}
		}
		if len(ids) != len(want.ids) {
			t.Errorf("county %s parts %v, want %v", want.code, ids, want.ids)
			continue
		}
		for j := range ids {
			if ids[j] != want.ids[j] {
				t.Errorf("county %s parts %v, want %v (file order)", want.code, ids, want.ids)
				break
			}
		}
		if len(c.Shared) != want.shared {
			t.Errorf("county %s shared %+v", want.code, c.Shared)
		}
	}
	if cs[0].County.Recognition.Satisfaction != indicators.Given(0.9) || cs[1].County.Quality.MonitoringLevel != indicators.Given(3) {
		t.Errorf("county files not read: %+v / %+v", cs[0].County, cs[1].County)
	}
}

func TestSeveralCountiesErrors(t *testing.T) {
	ds, dl := load(t, map[string]string{
		"data/2024/schools.csv": csvLines(
			"区县代码,学校标识码,学校名称,学段,城乡分类代码,在校生数,区县名称",
			"150101,1,a,小学,111,100,甲区",
			"150102,2,b,小学,111,100,乙县",
			",3,c,小学,111,100,",
			"150102,1,a,初中,111,100,乙县",
			"150101,4,d,小学,111,100,甲县",
		),
		"data/2024/county/150101.toml": "name = \"甲区\"\ncode = \"150109\"\n",
		"data/2024/county/150199.toml": "name = \"无学校区\"\n",
		"data/2024/county.toml":        "name = \"总\"\n",
	})
	f := "data/2024/"
	wantDiag(t, dl.Errors(),
		f+`county/150101.toml:2: code: "150109": 与 schools.csv 的区县代码 150101 不一致`,
		f+`schools.csv:4: 区县代码 (county_code): 有区县代码列时每行都须填写区县代码; 各项指标按区县分别计算`,
		f+`schools.csv:5: 区县代码 (county_code): "150102": 同一学校标识码在第 2 行的区县代码为 "150101"; 一所学校只能属于一个区县`,
	)
	wantDiag(t, dl.Warnings(),
		f+`county.toml: schools.csv 含多个区县, county.toml 未被读取; 请按区县写 county/<区县代码>.toml`,
		f+`county/150199.toml: schools.csv 中没有区县代码为 150199 的学校, 该文件未被使用`,
		f+`schools.csv:6: 区县名称 (county_name): "甲县": 区县代码 150101 在第 2 行的区县名称为 "甲区"`,
	)
	if len(dl.All()) != 6 {
		t.Errorf("diagnostics: %q", texts(dl.All()))
	}
	if cs := ds.Years[0].Counties; len(cs) != 2 || cs[0].County.Code != "150101" || cs[1].County.Code != "150102" {
		t.Errorf("counties: %+v", cs)
	}
}

func TestOneCountyWithCode(t *testing.T) {
	// A county_code column with a single county: county/<code>.toml if it
	// is there, else county.toml.
	files := map[string]string{
		"data/2024/schools.csv": csvLines("区县代码,学校标识码,学校名称,学段,城乡分类代码,在校生数", "150000,1,a,小学,111,100"),
		"data/2024/county.toml": "name = \"示例县\"\nsource = \"county.toml\"\n",
	}
	ds, dl := load(t, files)
	noDiagnostics(t, dl)
	if c := onlyCounty(t, ds).County; c.Name != "示例县" || c.Code != "150000" || c.Source != "county.toml" {
		t.Errorf("county: %+v", c)
	}
	files["data/2024/county/150000.toml"] = "name = \"示例县\"\nsource = \"county/150000.toml\"\n"
	ds, dl = load(t, files)
	noDiagnostics(t, dl)
	if c := onlyCounty(t, ds).County; c.Source != "county/150000.toml" {
		t.Errorf("county: %+v", c)
	}
	// Without a county_code column, county/ is not read, and that is said.
	_, dl = load(t, map[string]string{
		"data/2024/schools.csv":        csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100"),
		"data/2024/county/150000.toml": "name = \"示例县\"\n",
	})
	wantDiag(t, dl.Warnings(), `data/2024/county: schools.csv 没有区县代码(county_code)列, 按单一区县处理; county/ 目录未被读取`)
}
