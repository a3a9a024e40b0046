package data

import (
	"bytes"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// checkLines fails when a diagnostic about file has no line, or a line past
// the end of src.
func checkLines(t *testing.T, dl *diag.List, file string, src []byte) {
	t.Helper()
	lines := bytes.Count(src, []byte{'\n'}) + 1
	for _, d := range dl.All() {
		if d.File == "" {
			t.Fatalf("diagnostic without a file: %s", d.Error())
		}
		if d.File != file {
			continue
		}
		if d.Line < 1 || d.Line > lines {
			t.Fatalf("diagnostic without a line in 1..%d: %s", lines, d.Error())
		}
		if d.Msg == "" {
			t.Fatalf("diagnostic without a message: %+v", d)
		}
	}
}

func FuzzSchoolsCSV(f *testing.F) {
	f.Add([]byte(chineseCSV), []byte(nil))
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(chineseCSV)
	f.Add([]byte(gb), []byte(nil))
	f.Add([]byte(sharedSchools), []byte("学校标识码,教学及辅助用房面积,体育运动场馆面积\r\n20,7600,14000\r\n40,1,\r\n"))
	f.Add([]byte(csvLines(head, "1,\"a\nb\",小学,111,1,2,3,4,5,6,7,8,9", "2,b\"c,初中,999,-1,x,,,,,,,", ",,,")), []byte(nil))
	f.Add([]byte("\uFEFF"+csvLines(head+",,", "1,a,小学,111,１，２３４,,,,,,,\"1,234.5\",,,")), []byte(nil))
	f.Add([]byte("school_id,school_name,level,urban_rural_code,students\n1,a,primary,111,0\n1,b,primary,112,1\n"), []byte("school_id,teaching_area_m2\n1,5\n"))
	f.Add([]byte("学校标识码,学段\n"), []byte(nil))
	f.Add([]byte("\xff\xfe\x00a"), []byte("\xc4\xe3,\xba\xc3\n"))
	for _, y := range []string{"2022", "2023", "2024"} {
		s, err := os.ReadFile("../../data/" + y + "/schools.csv")
		if err != nil {
			f.Fatal(err)
		}
		sh, _ := os.ReadFile("../../data/" + y + "/shared_facilities.csv")
		f.Add(s, sh)
	}
	f.Fuzz(func(t *testing.T, schools, shared []byte) {
		fsys := afero.NewMemMapFs()
		_ = afero.WriteFile(fsys, "/s/data/2024/schools.csv", schools, 0o644)
		if len(shared) > 0 {
			_ = afero.WriteFile(fsys, "/s/data/2024/shared_facilities.csv", shared, 0o644)
		}
		ds, dl := loadWithin(t, fsys)
		checkLines(t, dl, "data/2024/schools.csv", schools)
		checkLines(t, dl, "data/2024/shared_facilities.csv", shared)
		if len(ds.Years) != 1 {
			t.Fatalf("years: %d", len(ds.Years))
		}
		for _, in := range ds.Years[0].Counties {
			for _, p := range in.Parts {
				if _, ok := indicators.GroupOf(p.UrbanRuralCode); !ok || p.Students < 0 || p.SchoolID == "" || p.SchoolName == "" ||
					(p.Level != indicators.Primary && p.Level != indicators.Junior) || p.Line < 2 {
					t.Fatalf("invalid part accepted: %+v", p)
				}
				for c := range columns {
					if fig := partFigure(&p, c); fig.Given && !(fig.Value >= 0 && fig.Value < 1e300) {
						t.Fatalf("bad figure %s = %v", columns[c].canonical, fig.Value)
					}
				}
			}
		}
	})
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func FuzzCountyTOML(f *testing.F) {
	f.Add(fullCountyTOML)
	f.Add("[assurance]\ncertified_rate = 97\nfoo = 1\n[quality]\nmonitoring_level = \"Ⅲ级\"\n")
	f.Add("as_of = \"2024-09-30\"\nrecognition = { satisfaction = \"91%\", x = 1 }\nassurance.'four_unified' = true\n")
	f.Add("notes = '''\nfoo = 1\n'''\nname = [1, 2]\n[[quality]]\na = 1\n")
	f.Add("a.b.c = 1\n\"quoted key\" = 2\n[\"assurance\"]\nx = 3\n")
	for _, y := range []string{"2022", "2023", "2024"} {
		s, err := os.ReadFile("../../data/" + y + "/county.toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(s))
	}
	schools := csvLines("学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,a,小学,111,100")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := afero.NewMemMapFs()
		_ = afero.WriteFile(fsys, "/s/data/2024/schools.csv", []byte(schools), 0o644)
		_ = afero.WriteFile(fsys, "/s/data/2024/county.toml", []byte(src), 0o644)
		ds, dl := loadWithin(t, fsys)
		checkLines(t, dl, "data/2024/county.toml", []byte(src))
		if len(ds.Years) != 1 || len(ds.Years[0].Counties) != 1 {
			t.Fatalf("dataset: %+v", ds)
		}
		c := ds.Years[0].Counties[0].County
		if c.AsOf != "" && !dateRE.MatchString(c.AsOf) {
			t.Fatalf("as_of %q", c.AsOf)
		}
		if dl.HasErrors(false) {
			return
		}
		for _, k := range countyKeys {
			if k.kind == vRate {
				if fig := *k.f(&c); fig.Given && !(fig.Value >= 0 && fig.Value <= 1) {
					t.Fatalf("%s = %v accepted", k.key, fig.Value)
				}
			}
		}
		if m := c.Quality.MoralEducation; m != "" && !strings.Contains("优秀良好一般较差", m) {
			t.Fatalf("moral_education %q accepted", m)
		}
	})
}

// loadWithin loads a site, failing when that takes unreasonably long (a
// hang is a bug the fuzzer would otherwise not report).
func loadWithin(t *testing.T, fsys afero.Fs) (*Dataset, *diag.List) {
	t.Helper()
	type result struct {
		ds *Dataset
		dl *diag.List
	}
	done := make(chan result, 1)
	go func() {
		ds, dl := Load(fsys, "/s")
		done <- result{ds, dl}
	}()
	select {
	case r := <-done:
		return r.ds, r.dl
	case <-time.After(10 * time.Second):
		buf := make([]byte, 1<<16)
		n := runtime.Stack(buf, true)
		t.Fatalf("Load did not finish in 10 s:\n%s", buf[:n])
	}
	return nil, nil
}
