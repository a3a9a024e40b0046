package synth

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// school is one school of the synthetic province; its figures change a
// little every year.
type school struct {
	id, name string
	town     string
	typ      string   // 办学类型 as written
	levels   []string // 学段 of its parts: 小学, 初中
	ur       int      // 城乡分类代码
	private  bool
	boarding bool
	shared   bool       // facilities in shared_facilities.csv
	students [2]float64 // base students of each part
	senior   float64    // 高中在校生数 of a 完全中学
	trend    float64    // yearly change of enrolment
	quality  [7]float64 // factor of each indicator's threshold
	t100     float64    // teachers per 100 students
	class    float64    // students per class
}

var schoolNameWords = []string{"育才", "启明", "博文", "明德", "求实", "新华", "光明", "阳光", "致远", "弘毅", "崇文", "尚德", "思源", "立人", "树人"}

// planSchools gives every county its schools so that the counties hold
// o.Schools parts in all, some counties larger than others.
func planSchools(wd *world, rng *rand.Rand) {
	n := len(wd.counties)
	weights := make([]float64, n)
	sum := 0.0
	for i := range weights {
		weights[i] = 0.6 + 0.8*rng.Float64()
		sum += weights[i]
	}
	quota := make([]int, n)
	left := wd.o.Schools
	for i := range quota {
		quota[i] = int(float64(wd.o.Schools) * weights[i] / sum)
		left -= quota[i]
	}
	for i := 0; left > 0; i = (i + 1) % n {
		quota[i]++
		left--
	}
	for ci, c := range wd.counties {
		names := map[string]bool{}
		unique := func(name string) string {
			base := name
			for k := 2; names[name]; k++ {
				name = fmt.Sprintf("%s（%d）", base, k)
			}
			names[name] = true
			return name
		}
		counters := map[string]int{}
		next := func(key string) int { counters[key]++; return counters[key] }
		parts := 0
		for seq := 1; parts < quota[ci]; seq++ {
			s := &school{id: fmt.Sprintf("2%s%05d", c.code[2:], seq)}
			ti := 0
			if rng.IntN(100) >= 40 {
				ti = 1 + rng.IntN(len(c.towns)-1)
			}
			s.town = c.towns[ti]
			switch {
			case ti == 0:
				s.ur = pick(rng, []int{111, 112})
			case strings.HasSuffix(s.town, "街道"):
				s.ur = 112
			case strings.HasSuffix(s.town, "镇"):
				s.ur = pick(rng, []int{121, 122, 123})
			default:
				s.ur = pick(rng, []int{210, 220})
			}
			rural := s.ur >= 200
			r := rng.IntN(100)
			room := quota[ci] - parts
			switch {
			case r < 52:
				s.typ, s.levels = "小学", []string{"小学"}
				if ti == 0 {
					s.name = fmt.Sprintf("%s第%s小学", c.name, chineseNumbers[min(next("p"), len(chineseNumbers))-1])
				} else if counters[s.town+"p"] == 0 {
					next(s.town + "p")
					s.name = s.town + "中心小学"
				} else {
					s.name = s.town + pick(rng, villageChars) + pick(rng, villageChars) + "小学"
				}
			case r < 74:
				s.typ, s.levels = "初中", []string{"初中"}
				if ti == 0 {
					s.name = fmt.Sprintf("%s第%s中学", c.name, chineseNumbers[min(next("j"), len(chineseNumbers))-1])
				} else {
					s.name = s.town + "中学"
				}
			case r < 84 && room >= 2:
				s.typ, s.levels, s.shared = "九年一贯制学校", []string{"小学", "初中"}, true
				s.name = c.name + pick(rng, schoolNameWords) + "学校"
			case r < 87:
				s.typ, s.levels, s.shared = "完全中学", []string{"初中"}, true
				s.name = fmt.Sprintf("%s第%s中学", c.name, chineseNumbers[min(next("j"), len(chineseNumbers))-1])
				s.senior = float64(400 + rng.IntN(1600))
			case r < 97:
				s.typ, s.levels = "教学点", []string{"小学"}
				s.name = s.town + pick(rng, villageChars) + pick(rng, villageChars) + "教学点"
				if s.ur < 200 {
					s.ur = 220 // 教学点 are village schools
					rural = true
				}
			default:
				s.typ, s.levels, s.private = "小学", []string{"小学"}, true
				s.name = c.name + pick(rng, schoolNameWords) + "实验学校"
			}
			s.name = unique(s.name)
			for l := range s.levels {
				switch {
				case s.typ == "教学点":
					s.students[l] = float64(8 + rng.IntN(70))
				case rural:
					s.students[l] = float64(60 + rng.IntN(600))
				default:
					s.students[l] = float64(300 + rng.IntN(2200))
				}
			}
			s.trend = -0.03 + 0.07*rng.Float64()
			if rural {
				s.trend -= 0.02
			}
			for k := range s.quality {
				s.quality[k] = 0.7 + 0.75*rng.Float64()
				if rural {
					s.quality[k] -= 0.1
				}
			}
			s.t100 = 5.5 + 3.5*rng.Float64()
			s.class = 30 + 18*rng.Float64()
			if s.typ == "教学点" {
				s.t100 = 10 + 8*rng.Float64()
				s.class = 8 + 10*rng.Float64()
			}
			s.boarding = rural && rng.IntN(3) == 0
			c.schools = append(c.schools, s)
			parts += len(s.levels)
		}
	}
}

// Columns of the generated schools.csv, in order; the 区县 columns only in a
// site of several counties.
var (
	countyHead  = []string{"区县代码", "区县名称"}
	schoolsHead = []string{"学校标识码", "学校名称", "学段", "办学类型", "办学性质", "城乡分类代码", "乡镇", "在校生数", "班级数", "最大班额", "超标准班额班级数", "专任教师数", "持证专任教师数", "高于规定学历教师数", "县级以上骨干教师数", "体育艺术专任教师数", "教学及辅助用房面积", "体育运动场馆面积", "%s", "网络多媒体教室数", "音乐专用教室数", "音乐专用教室最小面积", "美术专用教室数", "美术专用教室最小面积", "寄宿制"}
)

func writeData(w *writer, wd *world, o Options) error {
	std := indicators.DefaultStandards()
	multi := len(wd.counties) > 1
	first := o.LastYear - o.Years + 1
	for y := first; y <= o.LastYear; y++ {
		k := y - first
		// Excel habits vary by year: a byte-order mark and CRLF line ends,
		// equipment in 元 with thousands separators or in 万元.
		nl := "\n"
		if k%2 == 1 {
			nl = "\r\n"
		}
		wan := k%3 == 2
		var sc, sh bytes.Buffer
		if k%2 == 0 {
			sc.WriteString("\uFEFF")
		}
		head := append([]string(nil), schoolsHead...)
		if wan {
			head[18] = "教学仪器设备值(万元)"
		} else {
			head[18] = "教学仪器设备值"
		}
		if multi {
			head = append(append([]string(nil), countyHead...), head...)
		}
		sc.WriteString(strings.Join(head, ",") + nl)
		sh.WriteString("学校标识码,学校名称,高中在校生数,教学及辅助用房面积(平方米),体育运动场馆面积(平方米),教学仪器设备值(元),网络多媒体教室数" + nl)
		for ci, c := range wd.counties {
			rng := rand.New(rand.NewPCG(o.Seed, uint64(1_000_000+ci*100+k)))
			for _, s := range c.schools {
				var whole [4]float64 // teaching, sports, equipment, multimedia of a shared school
				total := 0.0         // students of the parts
				for l, level := range s.levels {
					ls := std.Primary
					if level == "初中" {
						ls = std.Junior
					}
					growth := 1 + s.trend*float64(k) + 0.03*(rng.Float64()-0.5)
					st := math.Max(5, math.Round(s.students[l]*growth))
					total += st
					q := func(i int) float64 {
						return math.Max(0.3, s.quality[i]+0.02*float64(k)+0.06*(rng.Float64()-0.5))
					}
					classes := math.Max(1, math.Round(st/s.class))
					maxClass := math.Round(s.class + 8*rng.Float64())
					limit := 45.0
					if level == "初中" {
						limit = 50
					}
					over := 0.0
					if maxClass > limit {
						over = math.Min(classes, 1+float64(rng.IntN(int(classes)/4+1)))
					}
					teachers := math.Max(2, math.Round(st*s.t100/100))
					capT := func(v float64) float64 { return math.Min(teachers, math.Max(0, math.Round(v))) }
					certified := teachers
					if rng.IntN(10) == 0 {
						certified--
					}
					teaching := math.Round(st * ls.TeachingArea * q(3))
					sports := math.Round(st * ls.SportsArea * q(4))
					equip := math.Round(st*ls.EquipmentValue*q(5)/100) * 100
					media := math.Max(1, math.Round(st*ls.MultimediaRooms*q(6)/100))
					rooms := math.Ceil(classes / 12)
					music, art := rooms, rooms
					if rng.IntN(10) == 0 {
						music--
					}
					if rng.IntN(10) == 0 {
						art--
					}
					f := func(v float64) string {
						if rng.IntN(400) == 0 {
							return pick(rng, []string{"", "-"}) // 未提供
						}
						return strconv.FormatFloat(v, 'f', -1, 64)
					}
					var row []string
					if multi {
						row = append(row, c.code, c.name)
					}
					own := "公办"
					if s.private {
						own = "民办"
					}
					boarding := "否"
					if s.boarding {
						boarding = "是"
					}
					row = append(row, s.id, s.name, level, s.typ, own, strconv.Itoa(s.ur), s.town,
						strconv.FormatFloat(st, 'f', -1, 64), f(classes), f(maxClass), f(over),
						f(teachers), f(certified), f(capT(st*ls.QualifiedTeachers*q(0)/100)),
						f(capT(st*ls.BackboneTeachers*q(1)/100)), f(capT(st*ls.PEArtTeachers*q(2)/100)))
					if s.shared {
						whole[0] += teaching
						whole[1] += sports
						whole[2] += equip
						whole[3] += media
						row = append(row, "", "", "", "")
					} else {
						var eq string
						if wan {
							eq = strconv.FormatFloat(equip/10000, 'f', -1, 64)
						} else {
							eq = `"` + thousands(int64(equip)) + `"`
						}
						row = append(row, f(teaching), f(sports), eq, f(media))
					}
					row = append(row, f(music), f(math.Round(90+30*rng.Float64())), f(art), f(math.Round(85+25*rng.Float64())), boarding)
					sc.WriteString(strings.Join(row, ",") + nl)
				}
				if s.shared {
					senior := ""
					if s.senior > 0 {
						sn := math.Round(s.senior * (1 + s.trend*float64(k)))
						senior = strconv.FormatFloat(sn, 'f', -1, 64)
						// The senior part uses the same facilities.
						for i := range whole {
							whole[i] = math.Round(whole[i] * (total + sn) / total)
						}
					}
					fmt.Fprintf(&sh, "%s,%s,%s,%s,%s,%s,%s%s", s.id, s.name, senior,
						strconv.FormatFloat(whole[0], 'f', -1, 64), strconv.FormatFloat(whole[1], 'f', -1, 64),
						strconv.FormatFloat(whole[2], 'f', -1, 64), strconv.FormatFloat(whole[3], 'f', -1, 64), nl)
				}
			}
			if multi && len(c.schools) > 0 { // a county without schools would only draw a warning
				if err := w.write(fmt.Sprintf("data/%d/county/%s.toml", y, c.code), []byte(countyTOML(c, y, rng))); err != nil {
					return err
				}
			}
		}
		dir := fmt.Sprintf("data/%d/", y)
		if !multi {
			if err := w.write(dir+"county.toml", []byte(countyTOML(wd.counties[0], y, rand.New(rand.NewPCG(o.Seed, uint64(2_000_000+k)))))); err != nil {
				return err
			}
		}
		if err := w.write(dir+"schools.csv", sc.Bytes()); err != nil {
			return err
		}
		if bytes.Count(sh.Bytes(), []byte("\n")) > 1 { // a header alone draws a warning
			if err := w.write(dir+"shared_facilities.csv", sh.Bytes()); err != nil {
				return err
			}
		}
		w.stats.Years++
	}
	if multi {
		if err := w.write("data/targets.toml", []byte(targetsTOML(wd, o))); err != nil {
			return err
		}
	}
	w.stats.Counties = len(wd.counties)
	for _, c := range wd.counties {
		for _, s := range c.schools {
			w.stats.Parts += len(s.levels) * o.Years
		}
	}
	return nil
}

// targetsTOML writes data/targets.toml of a site of several counties: most
// counties with a 创建目标 year around the last reporting year (some already
// past, so that some are overdue), a few without, and the whole area's year.
func targetsTOML(wd *world, o Options) string {
	rng := rand.New(rand.NewPCG(o.Seed, 4))
	allBy := o.LastYear + 4
	var b strings.Builder
	fmt.Fprintf(&b, "# 各区县义务教育优质均衡发展创建目标（合成数据）\n\nall_by = %d\n", allBy)
	for _, c := range wd.counties {
		if len(c.schools) == 0 || rng.IntN(100) < 15 { // no data, or no target yet
			continue
		}
		y := o.LastYear - 2 + rng.IntN(7)
		fmt.Fprintf(&b, "\n[[county]]\ncode = %q\ntarget_year = %d\nnote = \"第%s批创建\"\n", c.code, y, chineseNumbers[(y-o.LastYear+2)/2])
	}
	return b.String()
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// countyTOML writes county.toml of county c for year y: 政府保障程度, 教育质量
// and 社会认可度, most items met, a few not, one sometimes not yet known.
func countyTOML(c *county, y int, rng *rand.Rand) string {
	rate := func(lo, hi float64) string {
		return strconv.FormatFloat(math.Round((lo+(hi-lo)*rng.Float64())*1000)/1000, 'f', -1, 64)
	}
	yes := func(p int) string { return strconv.FormatBool(rng.IntN(100) < p) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %d年 县级指标与统计说明（合成数据）\n\n", c.name, y)
	fmt.Fprintf(&b, "name = %q\ncode = %q\nas_of = %d-09-30\nsource = \"%d年教育事业统计\"\n", c.name, c.code, y, y)
	fmt.Fprintf(&b, "notes = \"在校生数、专任教师数、班额等为 %d年9月30日 统计时点数据。一贯制学校和完全中学的共用设施按折算学生数分摊到各学段。\"\n\n", y)
	eligible := 300 + rng.IntN(900)
	ex := eligible * (8 + rng.IntN(6)) / 100
	salary := 80000 + rng.IntN(30000)
	b.WriteString("[assurance]\n")
	fmt.Fprintf(&b, "layout_planned = %s\nfour_unified = %s\nsmall_school_funding_floor = %s\n", yes(95), yes(90), yes(95))
	fmt.Fprintf(&b, "special_school_funding_per_student = %d\n", 5500+rng.IntN(2000))
	fmt.Fprintf(&b, "teacher_salary_avg = %d\ncivil_servant_salary_avg = %d\n", salary, salary-3000+rng.IntN(6000))
	fmt.Fprintf(&b, "performance_pay_full = %s\ntraining_360_completion = %s\nstaffing_coordinated = %s\n", yes(90), rate(0.95, 1), yes(90))
	fmt.Fprintf(&b, "exchange_eligible_teachers = %d\nexchange_teachers = %d\nexchange_backbone_teachers = %d\n", eligible, ex, ex*(15+rng.IntN(10))/100)
	fmt.Fprintf(&b, "certified_rate = %s\nnearby_enrollment_primary = %s\nnearby_enrollment_junior = %s\n", rate(0.98, 1), rate(0.97, 1), rate(0.93, 1))
	fmt.Fprintf(&b, "quota_allocation_share = %s\nquota_rural_preference = %s\nleft_behind_care = %s\nmigrant_public_share = %s\n\n", rate(0.45, 0.65), yes(90), yes(95), rate(0.8, 0.98))
	b.WriteString("[quality]\n")
	fmt.Fprintf(&b, "junior_retention_rate = %s\ndisabled_enrollment_rate = %s\ncharters_and_it = %s\n", rate(0.93, 0.99), rate(0.93, 0.99), yes(95))
	fmt.Fprintf(&b, "training_funds_share = %s\nit_teaching = %s\nmoral_education = %q\n", rate(0.04, 0.08), yes(95), pick(rng, []string{"优秀", "良好", "良好", "一般"}))
	fmt.Fprintf(&b, "curriculum_complete = %s\nno_excess_burden = %s\nmonitoring_level = %d\n", yes(95), yes(90), 2+rng.IntN(3))
	if rng.IntN(4) != 0 {
		fmt.Fprintf(&b, "monitoring_gap_rate = %s\n", rate(0.05, 0.2))
	}
	fmt.Fprintf(&b, "\n[recognition]\nsatisfaction = %s\n", rate(0.8, 0.97))
	return b.String()
}

// ChangeOneRow changes the 在校生数 of the first school part in
// data/<year>/schools.csv of the site in dir by one: the smallest data
// change, for measuring rebuilds (serve) after a data edit.
func ChangeOneRow(fsys afero.Fs, dir string, year int) error {
	p := path.Join(dir, "data", strconv.Itoa(year), "schools.csv")
	b, err := afero.ReadFile(fsys, p)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(b), "\n")
	if len(lines) < 2 {
		return errors.New(p + ": no data row")
	}
	col := -1
	for i, h := range strings.Split(strings.TrimRight(lines[0], "\r\n"), ",") {
		if h == "在校生数" {
			col = i
		}
	}
	if col < 0 {
		return errors.New(p + ": no 在校生数 column")
	}
	row := lines[1]
	end := row[len(strings.TrimRight(row, "\r\n")):]
	cells := strings.Split(strings.TrimRight(row, "\r\n"), ",")
	n, err := strconv.Atoi(cells[col])
	if err != nil {
		return fmt.Errorf("%s: 在校生数 %q: %w", p, cells[col], err)
	}
	cells[col] = strconv.Itoa(n + 1)
	lines[1] = strings.Join(cells, ",") + end
	return afero.WriteFile(fsys, p, []byte(strings.Join(lines, "")), 0o644)
}
