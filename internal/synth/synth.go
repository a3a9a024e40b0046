// Package synth writes synthetic gongkai sites of any size, for benchmarks
// and for measuring builds at province scale: N policy documents like the
// example site's (Chinese text of 1–8 KB with 一、（一）1. outline headings,
// tables, lists and footnotes, and the full 政务公开 front matter) and S
// school parts per year for Y years across C counties (and, for several
// counties, their 创建目标 years in data/targets.toml).
//
// Everything is derived from a fixed seed, so the same options always give
// the same bytes: a benchmark, a CI job and scripts/bench.sh all build the
// same site. The text of each document and the figures of each county-year
// have their own random stream.
//
// The same documents can be written as a minimal Hugo site (Options.Hugo),
// for the comparison in scripts/bench.sh.
package synth

import (
	"fmt"
	"math/rand/v2"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/spf13/afero"
)

// DefaultSeed is the seed used when Options.Seed is 0.
const DefaultSeed = 20240930

// Options say what to generate.
type Options struct {
	Docs     int    // documents under content/
	Schools  int    // school parts per year; 0 writes no data/
	Years    int    // reporting years, the last being LastYear (default 3)
	Counties int    // counties (default 1); 1 writes a single-county site
	Seed     uint64 // 0 means DefaultSeed
	LastYear int    // 0 means 2024
	// Hugo writes a Hugo site (config.toml and minimal layouts rendering
	// the title, the table of contents and the content) instead of
	// site.toml and data/; content/ is byte for byte the same.
	Hugo bool
}

// Stats count what was written.
type Stats struct {
	Docs, Sections, Attachments int
	Parts, Years, Counties      int
	Files                       int
	Bytes                       int64
}

func (o *Options) defaults() {
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.LastYear == 0 {
		o.LastYear = 2024
	}
	if o.Years <= 0 {
		o.Years = 3
	}
	if o.Counties <= 0 {
		o.Counties = 1
	}
}

// writer writes files under a directory of an afero.Fs.
type writer struct {
	fs    afero.Fs
	dir   string
	dirs  map[string]bool
	stats *Stats
}

func (w *writer) write(rel string, b []byte) error {
	full := path.Join(w.dir, rel)
	if d := path.Dir(full); !w.dirs[d] {
		if err := w.fs.MkdirAll(d, 0o755); err != nil {
			return err
		}
		w.dirs[d] = true
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(b))
	return afero.WriteFile(w.fs, full, b, 0o644)
}

// Generate writes a site into dir of fsys (created when missing). dir
// should be empty: files of an earlier, larger site would stay.
func Generate(fsys afero.Fs, dir string, o Options) (Stats, error) {
	o.defaults()
	var st Stats
	w := &writer{fs: fsys, dir: dir, dirs: map[string]bool{}, stats: &st}
	wd := newWorld(o)
	if o.Hugo {
		if err := writeHugo(w, wd); err != nil {
			return st, err
		}
	} else {
		if err := w.write("site.toml", []byte(wd.siteTOML())); err != nil {
			return st, err
		}
	}
	if err := writeDocs(w, wd, o); err != nil {
		return st, err
	}
	if o.Schools > 0 && !o.Hugo {
		if err := writeData(w, wd, o); err != nil {
			return st, err
		}
	}
	return st, nil
}

// county is one county of the synthetic province.
type county struct {
	code, name string
	towns      []string // 城关镇 first
	schools    []*school
}

// world holds the names shared by documents and data.
type world struct {
	o        Options
	counties []*county
	title    string
	org      string // the publishing bureau
	short    string // 机关代字 prefix, e.g. "示"
}

func newWorld(o Options) *world {
	rng := rand.New(rand.NewPCG(o.Seed, 1))
	wd := &world{o: o}
	used := map[string]bool{}
	for i := 0; i < o.Counties; i++ {
		var name string
		for {
			name = pick(rng, countyChars) + pick(rng, countyChars)
			// Past half the two-character names (a national collection of
			// thousands of counties), three characters.
			if len(used) >= len(countyChars)*(len(countyChars)-1)/2 {
				name += pick(rng, countyChars)
			}
			if name[:3] != name[3:6] && !used[name] {
				break
			}
		}
		used[name] = true
		suffix := "县"
		if i%7 == 3 {
			suffix = "区"
		}
		c := &county{code: fmt.Sprintf("15%02d%02d", 1+i/10, 1+i%10), name: name + suffix}
		townUsed := map[string]bool{}
		c.towns = append(c.towns, "城关镇")
		nt := 6 + rng.IntN(10)
		for len(c.towns) < nt {
			t := pick(rng, villageChars) + pick(rng, villageChars)
			if townUsed[t] {
				continue
			}
			townUsed[t] = true
			switch rng.IntN(4) {
			case 0:
				t += "乡"
			case 1:
				t += "街道"
			default:
				t += "镇"
			}
			c.towns = append(c.towns, t)
		}
		wd.counties = append(wd.counties, c)
	}
	if o.Counties == 1 {
		wd.org = wd.counties[0].name + "教育体育局"
		wd.title = wd.org + "信息公开"
		wd.short = wd.counties[0].name[:3]
	} else {
		wd.org = "青原省示例市教育局"
		wd.title = wd.org + "政府信息公开"
		wd.short = "示"
	}
	if o.Schools > 0 {
		planSchools(wd, rand.New(rand.NewPCG(o.Seed, 2)))
	}
	return wd
}

// schoolNames returns a few school names of county c for the text.
func (wd *world) schoolNames(c *county, rng *rand.Rand) []string {
	if len(c.schools) > 0 {
		out := make([]string, 0, 6)
		for i := 0; i < 6; i++ {
			out = append(out, pick(rng, c.schools).name)
		}
		return out
	}
	return []string{c.name + "第一小学", c.name + "第二中学", c.name + "实验小学", c.towns[1] + "中心学校", c.name + "育才学校"}
}

const indexNoPrefix = "11150000MB1234567X/"

func (wd *world) siteTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# 合成站点（gksynth 生成，种子 %d）：%d 篇文档，每年 %d 个学校学段，%d 个年度，%d 个区县。\n",
		wd.o.Seed, wd.o.Docs, wd.o.Schools, wd.o.Years, wd.o.Counties)
	fmt.Fprintf(&b, "title = %q\n", wd.title)
	b.WriteString("base_url = \"https://jyj.example.gov.cn/\"\nlanguage = \"zh-CN\"\n")
	fmt.Fprintf(&b, "description = %q\n", wd.org+"政府信息公开：政策文件、政策解读、规划计划、工作动态和义务教育优质均衡发展监测数据。")
	fmt.Fprintf(&b, "publisher = %q\norganiser = %q\n", wd.org, wd.org)
	b.WriteString("contact = \"0000-0000000（办公室）\"\nsite_code = \"1500000000\"\nicp = \"示ICP备00000000号\"\n")
	b.WriteString("page_size = 20\n")
	b.WriteString("index_no_pattern = '11150000MB1234567X/\\d{4}-\\d{5}'\n")
	return b.String()
}

// sections of a synthetic site, with the share of documents in each.
var sectionDefs = []struct {
	name, title, summary string
	weight               int
	share                int // per 100
	genres               []string
	kind                 string // body outline: notice, plan, interp, report, news
}{
	{"policies", "政策文件", "教育类规范性文件和其他政策文件。", 10, 32, []string{"通知", "意见", "决定", "方案", "通告"}, "notice"},
	{"interpretations", "政策解读", "对政策文件的背景、目标、主要内容和保障措施所作的解读。", 20, 12, []string{"解读"}, "interp"},
	{"plans", "规划计划", "教育发展规划、年度工作计划和专项推进计划。", 30, 10, []string{"规划", "计划", "方案"}, "plan"},
	{"news", "工作动态", "教育系统推进义务教育优质均衡发展的工作动态。", 40, 30, []string{"其他"}, "news"},
	{"notices", "通知公告", "招生入学、招聘、评选等事项的通知公告。", 45, 12, []string{"公告", "通知", "通报"}, "notice"},
	{"annual", "年度报告", "义务教育优质均衡发展年度情况报告。", 50, 4, []string{"报告"}, "report"},
}

// docPlan is what is decided about a document before its text: the site
// order of generation, its section and dates, and its links.
type docPlan struct {
	i          int
	sec        int
	path       string // relative to content/
	year       int
	written    time.Time
	published  time.Time
	indexNo    string
	docNo      string
	genre      string
	topic      string
	county     *county
	title      string
	interprets string
	related    []string
	attach     string // attachment file name, or ""
	validity   string
	expires    string
	keywords   []string
}

func planDocs(wd *world, o Options) []*docPlan {
	rng := rand.New(rand.NewPCG(o.Seed, 3))
	first := o.LastYear - 9
	span := 11 // documents run from first to LastYear+1 (the current year)
	seqByYear := map[int]int{}
	docNoSeq := map[string]int{}
	var plans []*docPlan
	var policies []*docPlan
	for i := 0; i < o.Docs; i++ {
		p := &docPlan{i: i}
		r := rng.IntN(100)
		for s, d := range sectionDefs {
			if r < d.share {
				p.sec = s
				break
			}
			r -= d.share
		}
		def := sectionDefs[p.sec]
		if def.kind == "interp" && len(policies) == 0 {
			p.sec = 0
			def = sectionDefs[0]
		}
		// Dates spread evenly over the years, so that each year's list has
		// about the same number of documents, and never in the future.
		p.year = first + i*span/max(o.Docs, 1)
		day := rng.IntN(360)
		p.written = time.Date(p.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		p.published = p.written.AddDate(0, 0, rng.IntN(7)).Add(time.Duration(8*60+rng.IntN(10*60)) * time.Minute)
		seqByYear[p.year]++
		p.indexNo = fmt.Sprintf("%s%04d-%05d", indexNoPrefix, p.year, seqByYear[p.year])
		p.genre = pick(rng, def.genres)
		p.topic = pick(rng, topics)
		p.county = wd.counties[rng.IntN(len(wd.counties))]
		slug := fmt.Sprintf("%d-%05d", p.year, seqByYear[p.year])
		p.path = def.name + "/" + slug + ".md"
		org := wd.org
		if len(wd.counties) > 1 && rng.IntN(2) == 0 {
			org = p.county.name + "教育体育局"
		}
		switch def.kind {
		case "notice":
			abbr := wd.short + pick(rng, []string{"教体发", "教体办发", "政办发", "教体函"})
			k := fmt.Sprintf("%s%d", abbr, p.year)
			docNoSeq[k] += 1 + rng.IntN(3)
			p.docNo = fmt.Sprintf("%s〔%d〕%d号", abbr, p.year, docNoSeq[k])
			if p.genre == "方案" {
				p.title = fmt.Sprintf("%s关于印发《%s%s实施方案》的通知", org, p.county.name, strings.TrimPrefix(p.topic, "做好"))
			} else {
				p.title = fmt.Sprintf("%s关于%s的%s", org, p.topic, p.genre)
			}
			policies = append(policies, p)
		case "plan":
			if p.genre == "规划" {
				p.title = fmt.Sprintf("%s教育事业发展规划（%d年—%d年）", p.county.name, p.year+1, p.year+5)
				p.expires = fmt.Sprintf("%d-12-31", p.year+5)
			} else {
				p.title = fmt.Sprintf("%s%d年%s工作%s", org, p.year, strings.TrimPrefix(p.topic, "做好"), p.genre)
			}
			abbr := wd.short + "教体发"
			k := fmt.Sprintf("%s%d", abbr, p.year)
			docNoSeq[k] += 1 + rng.IntN(3)
			p.docNo = fmt.Sprintf("%s〔%d〕%d号", abbr, p.year, docNoSeq[k])
		case "interp":
			orig := policies[len(policies)-1-rng.IntN(min(len(policies), 20))]
			p.interprets = orig.path
			p.topic = orig.topic
			p.title = "《" + orig.title + "》政策解读"
		case "report":
			p.title = fmt.Sprintf("%s%d年义务教育优质均衡发展情况报告", p.county.name, p.year-1)
		default:
			p.title = fmt.Sprintf("%s召开%s推进会", p.county.name, strings.TrimPrefix(p.topic, "做好"))
			if rng.IntN(2) == 0 {
				p.title = fmt.Sprintf("%s%s扎实推进%s", p.county.name, pick(rng, p.county.towns), strings.TrimPrefix(p.topic, "做好"))
			}
		}
		p.validity = "有效"
		if def.kind == "notice" && p.year < o.LastYear-5 {
			switch rng.IntN(5) {
			case 0:
				p.validity = "失效"
			case 1:
				p.validity = "废止"
			}
		}
		if p.validity == "有效" && def.kind == "notice" && rng.IntN(6) == 0 {
			p.expires = fmt.Sprintf("%d-12-31", p.year+1+rng.IntN(5))
		}
		nk := 2 + rng.IntN(4)
		start := rng.IntN(len(keywordBank))
		for k := 0; k < nk; k++ {
			p.keywords = append(p.keywords, keywordBank[(start+k*5)%len(keywordBank)])
		}
		if len(plans) > 0 && rng.IntN(5) == 0 {
			seen := map[string]bool{}
			for k := 0; k < 1+rng.IntN(2); k++ {
				r := plans[rng.IntN(len(plans))].path
				if !seen[r] {
					seen[r] = true
					p.related = append(p.related, r)
				}
			}
			sort.Strings(p.related)
		}
		if (def.kind == "notice" || def.kind == "plan") && rng.IntN(25) == 0 {
			p.attach = slug + "-schools.csv"
		}
		plans = append(plans, p)
	}
	return plans
}

func writeDocs(w *writer, wd *world, o Options) error {
	used := map[int]bool{}
	plans := planDocs(wd, o)
	for _, p := range plans {
		used[p.sec] = true
	}
	for s, d := range sectionDefs {
		if !used[s] {
			continue
		}
		w.stats.Sections++
		idx := fmt.Sprintf("+++\ntitle = %q\nweight = %d\nsummary = %q\n+++\n", d.title, d.weight, d.summary)
		if err := w.write("content/"+d.name+"/_index.md", []byte(idx)); err != nil {
			return err
		}
	}
	for _, p := range plans {
		src, attach := renderDoc(wd, o, p)
		if err := w.write("content/"+p.path, src); err != nil {
			return err
		}
		w.stats.Docs++
		if p.attach != "" {
			if err := w.write("content/"+path.Dir(p.path)+"/"+p.attach, attach); err != nil {
				return err
			}
			w.stats.Attachments++
		}
	}
	return nil
}

// renderDoc writes one document: front matter and body.
func renderDoc(wd *world, o Options, p *docPlan) (src, attach []byte) {
	rng := rand.New(rand.NewPCG(o.Seed, 1000+uint64(p.i)))
	def := sectionDefs[p.sec]
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", p.title)
	fmt.Fprintf(&b, "index_no = %q\n", p.indexNo)
	if len(wd.counties) > 1 && strings.HasPrefix(p.title, p.county.name) {
		fmt.Fprintf(&b, "publisher = %q\n", p.county.name+"教育体育局")
	}
	if p.docNo != "" {
		fmt.Fprintf(&b, "doc_no = %q\n", p.docNo)
	}
	fmt.Fprintf(&b, "written = %s\n", p.written.Format("2006-01-02"))
	fmt.Fprintf(&b, "published = %s+08:00\n", p.published.Format("2006-01-02T15:04:05"))
	b.WriteString("topic = \"科技、教育\"\n")
	fmt.Fprintf(&b, "genre = %q\n", p.genre)
	fmt.Fprintf(&b, "validity = %q\n", p.validity)
	if p.expires != "" {
		fmt.Fprintf(&b, "expires = %s\n", p.expires)
	}
	b.WriteString("disclosure = \"主动公开\"\n")
	b.WriteString("keywords = [")
	for i, k := range p.keywords {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", k)
	}
	b.WriteString("]\n")
	f := &filler{rng: rng, kind: def.kind, county: p.county.name, year: p.year, topic: p.topic, towns: p.county.towns}
	f.schools = wd.schoolNames(p.county, rng)
	fmt.Fprintf(&b, "summary = %q\n", f.fill(pick(rng, sentences)))
	if p.interprets != "" {
		fmt.Fprintf(&b, "interprets = %q\n", p.interprets)
	}
	if len(p.related) > 0 {
		b.WriteString("related = [")
		for i, r := range p.related {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", r)
		}
		b.WriteString("]\n")
	}
	if p.attach != "" {
		fmt.Fprintf(&b, "attachments = [{title = %q, file = %q}]\n", p.county.name+"学校建设项目计划表", p.attach)
	}
	b.WriteString("+++\n\n")

	// Body: a target size of 1–8 KB, skewed towards the short end as real
	// sites are (many short notices and news items, a few long plans).
	target := 1024 + int(float64(7*1024)*rng.Float64()*rng.Float64())
	if def.kind == "plan" || def.kind == "report" {
		target = 3072 + rng.IntN(5*1024)
	}
	body := writeBody(f, def.kind, target, rng)
	b.WriteString(body)
	if def.kind == "notice" || def.kind == "plan" {
		if p.attach != "" {
			b.WriteString("\n附件：" + p.county.name + "学校建设项目计划表\n")
		}
		fmt.Fprintf(&b, "\n%s\n\n%s\n", wd.org, p.written.Format("2006年1月2日"))
	}
	if p.attach != "" {
		var a strings.Builder
		a.WriteString("序号,学校名称,建设项目,投资(万元)\n")
		for i := 1; i <= 5+rng.IntN(10); i++ {
			fmt.Fprintf(&a, "%d,%s,%s,%d\n", i, pick(rng, f.schools), pick(rng, subHeadings), 20+rng.IntN(2000))
		}
		attach = []byte(a.String())
	}
	return []byte(b.String()), attach
}

// writeBody writes the Markdown of a document of the given outline kind to
// about target bytes.
func writeBody(f *filler, kind string, target int, rng *rand.Rand) string {
	var b strings.Builder
	if kind == "notice" && rng.IntN(2) == 0 {
		b.WriteString("各乡镇中心学校，县直各学校：\n\n")
	}
	b.WriteString(f.paragraph(2+rng.IntN(3)) + "\n\n")
	tops := topHeadings[kind]
	nTop := min(len(tops), max(1, target/1100))
	if kind == "news" && target < 2500 {
		nTop = 0 // a short news item is paragraphs only
	}
	footnote := rng.IntN(8) == 0
	tableAt := -1
	if rng.IntN(3) == 0 && nTop > 0 {
		tableAt = rng.IntN(nTop)
	}
	listAt := -1
	if rng.IntN(3) == 0 && nTop > 0 {
		listAt = rng.IntN(nTop)
	}
	start := 0
	if len(tops) > nTop {
		start = rng.IntN(len(tops) - nTop + 1)
	}
	for t := 0; t < nTop; t++ {
		fmt.Fprintf(&b, "## %s、%s\n\n", chineseNumbers[t], tops[start+t])
		budget := (target - 200) / nTop
		begin := b.Len()
		if t == listAt {
			f.list(&b)
		}
		if t == tableAt {
			b.WriteString(f.paragraph(1) + "\n\n")
			f.table(&b)
		}
		sub := 0
		order := rng.Perm(len(subHeadings)) // no heading twice in a part
		for b.Len()-begin < budget*3/4 && sub < 10 {
			fmt.Fprintf(&b, "### （%s）%s\n\n", chineseNumbers[sub], subHeadings[order[sub]])
			if rng.IntN(6) == 0 {
				items := rng.Perm(len(itemHeadings))
				for k := 0; k < 2+rng.IntN(3); k++ {
					fmt.Fprintf(&b, "#### %d. %s\n\n%s\n\n", k+1, itemHeadings[items[k]], f.paragraph(1+rng.IntN(2)))
				}
			} else {
				p := f.paragraph(1 + rng.IntN(3))
				if footnote && t == 0 && sub == 0 {
					p += "[^1]"
				}
				b.WriteString(p + "\n\n")
			}
			sub++
		}
	}
	for b.Len() < target-150 {
		b.WriteString(f.paragraph(2+rng.IntN(3)) + "\n\n")
	}
	if footnote && nTop > 0 {
		b.WriteString("[^1]: 见《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）。\n")
	}
	return b.String()
}
