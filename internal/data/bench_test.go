package data

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// benchSite writes years × parts school parts (plus a shared-facilities
// file and county.toml) into a MemMapFs.
func benchSite(b *testing.B, years, parts int) afero.Fs {
	b.Helper()
	fsys := afero.NewMemMapFs()
	codes := []int{111, 112, 121, 122, 123, 210, 220}
	for y := 0; y < years; y++ {
		rng := rand.New(rand.NewPCG(uint64(y), 7))
		var s strings.Builder
		s.WriteString("\uFEFF学校标识码,学校名称,学段,办学类型,城乡分类代码,在校生数,班级数,最大班额,专任教师数,持证专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积(平方米),体育运动场馆面积,教学仪器设备值(万元),网络多媒体教室数,音乐专用教室数,音乐专用教室最小面积,美术专用教室数,美术专用教室最小面积,寄宿制\r\n")
		var shared strings.Builder
		shared.WriteString("学校标识码,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\r\n")
		for i := 0; i < parts; i++ {
			id := 2150000000 + i
			level, typ := "小学", "小学"
			if i%3 == 2 {
				level, typ = "初中", "初中"
			}
			st := 100 + rng.IntN(1700)
			tea := st * (5 + rng.IntN(5)) / 100
			facilities := fmt.Sprintf("%d,\"%s\",%.2f,%d", st*5, groupThousands(st*9), float64(st)*0.25, st*25/1000+1)
			// Every 50th school is a 九年一贯制 with shared facilities.
			if i%50 == 0 && i+1 < parts {
				level, typ = "小学", "九年一贯制学校"
				facilities = ",,,"
				fmt.Fprintf(&shared, "%d,%d,%d,%d,%d\r\n", id, st*11, st*20, st*5000, st/20)
			}
			if i%50 == 1 {
				id--
				level, typ = "初中", "九年一贯制学校"
				facilities = ",,,"
			}
			fmt.Fprintf(&s, "%d,示例学校%d,%s,%s,%d,\"%s\",%d,%d,%d,%d,%d,%d,%d,%s,1,96,1,90,否\r\n",
				id, id, level, typ, codes[rng.IntN(len(codes))], groupThousands(st), st/40+1, 40+rng.IntN(10),
				tea, tea, tea*9/10, tea/6, tea/8, facilities)
		}
		dir := fmt.Sprintf("/site/data/%d/", 2015+y)
		_ = afero.WriteFile(fsys, dir+"schools.csv", []byte(s.String()), 0o644)
		_ = afero.WriteFile(fsys, dir+"shared_facilities.csv", []byte(shared.String()), 0o644)
		_ = afero.WriteFile(fsys, dir+"county.toml", []byte(fullCountyTOML), 0o644)
	}
	return fsys
}

func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func BenchmarkLoad(b *testing.B) {
	fsys := benchSite(b, 10, 10000)
	ds, dl := Load(fsys, "/site")
	if dl.HasErrors(true) || len(ds.Years) != 10 || ds.Years[0].Rows != 10000 {
		all := texts(dl.All())
		b.Fatalf("bench site: %d years, %d diagnostics, e.g. %q", len(ds.Years), len(all), all[:min(5, len(all))])
	}
	b.ResetTimer()
	for b.Loop() {
		Load(fsys, "/site")
	}
	b.ReportMetric(float64(10*10000), "parts/op")
}

// BenchmarkLoadCompute is the data work of a build up to the report: load,
// then compute every county and year.
func BenchmarkLoadCompute(b *testing.B) {
	fsys := benchSite(b, 10, 10000)
	std := indicators.DefaultStandards()
	for b.Loop() {
		ds, _ := Load(fsys, "/site")
		for _, y := range ds.Years {
			for _, in := range y.Counties {
				indicators.Compute(in, std)
			}
		}
	}
}
