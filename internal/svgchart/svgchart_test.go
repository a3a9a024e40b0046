package svgchart

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// option is an option's JSON text, checked to be JSON.
func option(t testing.TB, s string) string {
	t.Helper()
	if !json.Valid([]byte(s)) {
		t.Fatalf("not JSON: %s", s)
	}
	return s
}

// elements parses the SVG as XML and returns each element's name and its
// direct character data.
func elements(t *testing.T, svg string) (names []string, texts []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			names = append(names, tok.Name.Local)
			cur.Reset()
		case xml.CharData:
			cur.Write(tok)
		case xml.EndElement:
			if cur.Len() > 0 {
				texts = append(texts, cur.String())
			}
			cur.Reset()
		}
	}
}

const hostile = `</text><script>alert('x')</script><a href="javascript:1">&amp; ]]> "q" 第一小学` + "\x00\u2028"

// TestHostileNamesStayText: a school name, series name and title full of
// markup come out as text: the SVG parses, has no element but its own, and
// the names read back as written (control characters replaced).
func TestHostileNamesStayText(t *testing.T) {
	j, _ := json.Marshal(map[string]any{
		"title":  map[string]any{"text": hostile, "subtext": hostile},
		"legend": map[string]any{"show": true},
		"color":  []string{"#0072B2\"/><script>x</script>"},
		"series": []any{map[string]any{"type": "bar", "name": hostile, "data": []any{1.5, 2},
			"label":    map[string]any{"show": true, "formatter": "{c}"},
			"markLine": map[string]any{"data": []any{map[string]any{"xAxis": 1, "label": map[string]any{"formatter": hostile}}}}}},
		"xAxis": []any{map[string]any{"max": 3, "name": hostile}},
		"yAxis": []any{map[string]any{"data": []string{hostile, "短名"}, "inverse": true}},
	})
	svg := Render(option(t, string(j)), "c_x", hostile)
	names, texts := elements(t, svg)
	for _, n := range names {
		switch n {
		case "svg", "defs", "pattern", "rect", "path", "circle", "text", "title", "g":
		default:
			t.Errorf("element <%s> in the SVG: %s", n, svg)
		}
	}
	want := strings.NewReplacer("\x00", "\uFFFD", "\u2028", "\u2028").Replace(hostile)
	found := 0
	for _, s := range texts {
		if s == want {
			found++
		}
	}
	// The legend, mark label, axis name and the category's tooltip (the
	// label is shortened) hold it whole; the title and subtitle wrap it.
	if found < 4 {
		t.Errorf("the hostile name reads back whole %d times, want ≥ 4; texts: %q", found, texts)
	}
	if all := strings.Join(texts, ""); !strings.Contains(all, want+want) {
		t.Errorf("the title and subtitle do not read back as written: %q", texts)
	}
	if !strings.Contains(svg, `aria-label="&lt;/text&gt;&lt;script&gt;`) {
		t.Errorf("the accessible name is not the escaped title: %.300s", svg)
	}
}

// TestLongLabelsShortened: a category label too long for the chart is cut
// with "…", the full text in its <title>; a long title wraps.
func TestLongLabelsShortened(t *testing.T) {
	long := "示例县某某镇某某村第一中心小学附属分校教学点"
	o := option(t, `{"title":{"text":"`+strings.Repeat("很长的标题", 12)+`"},"series":[{"type":"bar","data":[1]}],"xAxis":[{"max":2}],"yAxis":[{"data":["`+long+`"]}]}`)
	svg := Render(o, "c", "t")
	if !strings.Contains(svg, "<title>"+long+"</title>") || !strings.Contains(svg, "…</text>") {
		t.Errorf("long label not shortened with its full text in a title: %s", svg)
	}
	if n := strings.Count(svg, `class="t"`); n < 2 {
		t.Errorf("a title of 60 characters is on %d line(s), want it wrapped", n)
	}
}

func TestTextWidth(t *testing.T) {
	if w := textWidth("小学", 10); w != 20 {
		t.Errorf("CJK width %v, want 20", w)
	}
	if w := textWidth("1.25", 10); w < 20 || w > 24 {
		t.Errorf("digits width %v, want about 22", w)
	}
	if got := string(formatNumber(nil, 3101.957, 2)); got != "3,101.96" {
		t.Errorf("formatNumber = %q", got)
	}
}

// schoolOption is a school part's chart as the report builds it.
const schoolOption = `{"aria":{"decal":{"show":true},"enabled":true},"color":["#0072B2","#E69F00","#009E73","#4D5B6A"],"gongkai":{"decimals":2},"grid":[{"bottom":"36","containLabel":true,"left":"12","right":"40","top":"116"}],"legend":{"data":["镇区"],"itemHeight":14,"itemWidth":22,"left":"center","selectedMode":false,"show":true,"top":"66"},"series":[{"barMaxWidth":"20","data":[],"name":"城区","stack":"all","type":"bar"},{"barMaxWidth":"20","data":[1.25,1.29,1.1,1.13,1.2,1.4,1.08],"label":{"formatter":"{c}","position":"right","show":true},"markLine":{"data":[{"label":{"formatter":"标准 1.00","position":"start"},"xAxis":1},{"label":{"show":false},"lineStyle":{"color":"#6E7781","type":"dotted"},"xAxis":0.85}],"symbol":["none","none"]},"name":"镇区","stack":"all","type":"bar"}],"title":{"left":"center","subtext":"七项指标值与标准之比；虚线为标准 1.00，点线为底线 0.85","text":"2024年小学：7项指标均达到标准","top":"6"},"tooltip":{"confine":true,"formatter":"{b}：为标准的 {c} 倍","renderMode":"richText"},"xAxis":[{"max":2,"min":0,"name":"与标准之比","nameGap":26,"nameLocation":"middle"}],"yAxis":[{"axisLabel":{"interval":"0"},"data":["高学历教师","骨干教师","体育艺术教师","教学及辅助用房","体育运动场馆","教学仪器设备","网络多媒体教室"],"inverse":true}]}`

// BenchmarkSchoolChart is the cost of one school part's chart, the most
// common chart of a province site (the goal is ≤ 20 µs per chart).
func BenchmarkSchoolChart(b *testing.B) {
	o := option(b, schoolOption)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Render(o, "c_2024_primary", "2024年小学：7项指标均达到标准")
	}
}

// TestItemTooltipIsTheBarsTitle: a bar that shows a word instead of its
// number (未提供) carries its own tooltip; the SVG's <title> says that word,
// not the 0 the bar is drawn with. A plain bar's tooltip reads as
// category · series：value.
func TestItemTooltipIsTheBarsTitle(t *testing.T) {
	o := option(t, `{"series":[{"type":"bar","name":"网络多媒体教室","data":[0.065,{"value":0,"label":{"formatter":"未提供"},"tooltip":{"formatter":"禾丰县 · 网络多媒体教室：未提供"}}]}],"xAxis":[{"max":0.6}],"yAxis":[{"data":["青岚区","禾丰县"]}],"gongkai":{"decimals":3}}`)
	svg := Render(o, "c", "t")
	tips, err := MarkTips(svg)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"青岚区 · 网络多媒体教室：0.065", "禾丰县 · 网络多媒体教室：未提供"}; !slices.Equal(tips, want) {
		t.Errorf("the bars' tooltips read %q, want %q: %s", tips, want, svg)
	}
	if !strings.Contains(svg, "<title>禾丰县 · 网络多媒体教室：未提供</title>") || strings.Contains(svg, "0.000") {
		t.Errorf("the bar of a figure not given does not say so in its title: %s", svg)
	}
}

// TestBarsDoNotRepeatTheirNames: in a ranking (a horizontal chart of many
// schools), a school's name is written once, as its category label, and
// its number once beside its bar and once as the bar's value: the
// tooltip is made of these, not written out again for every bar; yet
// every bar's tooltip still names its school, its group and its value.
func TestBarsDoNotRepeatTheirNames(t *testing.T) {
	names := []string{"第一小学", "第二小学", "张平镇河坪小学", "柳泉县第十五小学(8)"}
	vals := []float64{6.44, 6.32, 6.12, 5.95}
	var cats, urban, town []string
	for i, n := range names {
		cats = append(cats, strconv.Quote(n))
		v := strconv.FormatFloat(vals[i], 'f', 2, 64)
		if i%2 == 0 {
			urban, town = append(urban, v), append(town, `"-"`)
		} else {
			urban, town = append(urban, `"-"`), append(town, v)
		}
	}
	o := option(t, `{"gongkai":{"decimals":2},"legend":{"data":["城区","镇区"]},"series":[`+
		`{"type":"bar","stack":"all","name":"城区","label":{"show":true,"position":"right","formatter":"{c}"},"data":[`+strings.Join(urban, ",")+`]},`+
		`{"type":"bar","stack":"all","name":"镇区","label":{"show":true,"position":"right","formatter":"{c}"},"data":[`+strings.Join(town, ",")+`]}],`+
		`"xAxis":[{"min":0}],"yAxis":[{"inverse":true,"data":[`+strings.Join(cats, ",")+`]}]}`)
	svg := Render(o, "c", "t")
	for _, n := range names {
		if c := strings.Count(svg, n); c != 1 {
			t.Errorf("%s is written %d times in the chart: %s", n, c, svg)
		}
	}
	tips, err := MarkTips(svg)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, n := range names {
		want = append(want, n+" · "+[]string{"城区", "镇区"}[i%2]+"："+strconv.FormatFloat(vals[i], 'f', 2, 64))
	}
	slices.Sort(tips)
	slices.Sort(want)
	if !slices.Equal(tips, want) {
		t.Errorf("the bars' tooltips read %q, want %q: %s", tips, want, svg)
	}
}

// TestBarsLeaveTheirValueToTheLabel: a bar whose value label is drawn
// beside it does not write the value again (data-v); its tooltip still
// says it. A label that is more than the value (a unit, a percent sign)
// leaves every bar of its series its data-v.
func TestBarsLeaveTheirValueToTheLabel(t *testing.T) {
	for _, tc := range []struct {
		formatter, last string
		once            bool
	}{{"{c}", "6.12", true}, {"{c}%", `{"value":6.12,"label":{"formatter":"{c}%"}}`, false}} {
		o := option(t, `{"gongkai":{"decimals":2},"series":[`+
			`{"type":"bar","name":"城区","label":{"show":true,"position":"right","formatter":"{c}"},"data":[6.44,"-",5.95,`+tc.last+`]}],`+
			`"xAxis":[{"min":0}],"yAxis":[{"inverse":true,"data":["甲","乙","丙","丁"]}]}`)
		svg := Render(o, "c", "t")
		for _, v := range []string{"6.44", "5.95", "6.12"} {
			if c := strings.Count(svg, v); tc.once && c != 1 || !tc.once && c != 2 {
				t.Errorf("%s: %s is written %d times: %s", tc.formatter, v, c, svg)
			}
		}
		tips, err := MarkTips(svg)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"甲 · 城区：6.44", "丙 · 城区：5.95", "丁 · 城区：6.12"}; !slices.Equal(tips, want) {
			t.Errorf("%s: the bars' tooltips read %q, want %q: %s", tc.formatter, tips, want, svg)
		}
	}
}

// TestStringsReadAsEncodingJSON: the option's strings read back as
// encoding/json reads them, escapes and all (the page's script reads
// them with JSON.parse).
func TestStringsReadAsEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`"第一小学"`, `"\u003c/script\u003e \u0026 \u2028\u2029"`, `"a\"b\\c\/d\n\t\r\b\f"`,
		`"\ud834\udd1e 𝄞"`, `"\ud800 lone"`, `"\udc00\ud800"`, `"\\"`, `"x\\\"y"`, `""`,
	} {
		var want string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatal(err)
		}
		r := &reader{s: s}
		if got := r.str(); got != want || r.i != len(s) {
			t.Errorf("%s reads as %q (to %d of %d), want %q", s, got, r.i, len(s), want)
		}
	}
}

// TestLayoutOfTheJSONDoesNotMatter: the same option written with spaces
// and line breaks draws the same chart.
func TestLayoutOfTheJSONDoesNotMatter(t *testing.T) {
	var v any
	if err := json.Unmarshal([]byte(schoolOption), &v); err != nil {
		t.Fatal(err)
	}
	indented, _ := json.MarshalIndent(v, " ", "\t")
	if a, b := Render(schoolOption, "c", "t"), Render(string(indented), "c", "t"); a != b {
		t.Errorf("indented option draws differently:\n%s\n%s", a, b)
	}
	if tips, _ := MarkTips(Render(schoolOption, "c", "t")); len(tips) == 0 || tips[len(tips)-1] != "网络多媒体教室 · 镇区：1.08" {
		t.Errorf("the school chart lacks its last bar: %q", tips)
	}
}

// TestFixedAsStrconv: numbers print as strconv prints them with d
// decimals, also where rounding is close.
func TestFixedAsStrconv(t *testing.T) {
	vals := []float64{0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 1.005, 1.015, 0.125, 0.375, 3101.957, 1e9 - 1, 1e9, 123456789.123, 0.1 + 0.2, -0.004, -0.006, 99.995, 7.0000001}
	for i := 0; i < 20000; i++ {
		v := float64(i*7919%100000) / 1000
		vals = append(vals, v, -v, v/7, v*3.3)
	}
	for _, v := range vals {
		for d := 0; d <= 8; d++ {
			want := strconv.AppendFloat(nil, v, 'f', d, 64)
			if got := appendFixed(nil, v, d); string(got) != string(want) {
				t.Errorf("appendFixed(%v, %d) = %s, want %s", v, d, got, want)
			}
		}
	}
}

// TestDecimalsAsStrconv: the option's numbers read as strconv reads them.
func TestDecimalsAsStrconv(t *testing.T) {
	in := []string{"0", "-0", "1", "0.1", "0.3", "-12.34", "123456789012345", "1234567890.12345", "0.000000000000001", "3101.957", "1.", "1e5", "-", "", "1.2.3", "99.995", "0.1000000000000000055511151231257827"}
	for i := 0; i < 20000; i++ {
		in = append(in, strconv.FormatFloat(float64(i*7919%1000003)/1000, 'f', -1, 64), strconv.FormatFloat(float64(i)/3, 'f', i%16, 64))
	}
	for _, s := range in {
		want, err := strconv.ParseFloat(s, 64)
		r := &reader{s: s}
		got, ok := r.num()
		if ok != (err == nil) || ok && (got != want || math.Signbit(got) != math.Signbit(want)) {
			t.Errorf("%q reads as %v (%v), want %v (%v)", s, got, ok, want, err)
		}
	}
}

// TestRunesAsUTF8: runes decode as package utf8 decodes them, valid or
// not.
func TestRunesAsUTF8(t *testing.T) {
	in := []string{"第一小学 · 城区：1.59", "a\xe4\xb8", "\xe4\xb8\x41", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbe", "𝄞é\u2028", "\xff"}
	for c := 0xE0; c <= 0xEF; c++ {
		for _, c1 := range []byte{0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0} {
			in = append(in, string([]byte{byte(c), c1, 0x80}), string([]byte{byte(c), 0x80, c1}))
		}
	}
	for _, s := range in {
		for i := 0; i < len(s); {
			r, n := nextRune(s, i)
			wr, wn := utf8.DecodeRuneInString(s[i:])
			if r != wr || n != wn {
				t.Errorf("%q at %d: %U %d, want %U %d", s, i, r, n, wr, wn)
			}
			i += wn
		}
	}
}

// TestWrapKeepsNumbersWhole: a title wraps between characters, never inside
// a number, and no line starts with closing punctuation.
func TestWrapKeepsNumbersWhole(t *testing.T) {
	for _, c := range []struct {
		s   string
		max float64
	}{
		{"网络多媒体教室：全县由2.48升至2.53", 196},
		{"网络多媒体教室：全县由2.48升至2.53", 150},
		{"教学仪器设备：全县由3,101.96元升至3,588.13元", 170},
		{"整体达标的区县：2022年0个，2024年1个（共5个）", 120},
		{"小学达标学校比例：乡村6所学校中有5所达标", 13 * 9.3},
		{"初中：2022年到2024年0个增加", 13 * 10.2},
	} {
		lines := wrap(c.s, 13, c.max)
		if strings.Join(lines, "") != c.s {
			t.Errorf("wrap(%q) lost text: %q", c.s, lines)
		}
		for i, l := range lines {
			if i > 0 && (numeral([]rune(l)[0]) && numeral(lastRune(lines[i-1]))) {
				t.Errorf("wrap(%q, %v) splits a number: %q", c.s, c.max, lines)
			}
			if i > 0 && unicode.Is(unicode.Han, []rune(l)[0]) && lastRune(lines[i-1]) >= '0' && lastRune(lines[i-1]) <= '9' {
				t.Errorf("wrap(%q, %v) parts a number from its measure word: %q", c.s, c.max, lines)
			}
			if i > 0 && strings.ContainsAny(string([]rune(l)[0]), "，。、；：）%") {
				t.Errorf("wrap(%q, %v): a line starts with %q: %q", c.s, c.max, []rune(l)[0], lines)
			}
			if textWidth(l, 13) > c.max && len([]rune(l)) > 1 && !strings.ContainsAny(l, "0123456789") {
				t.Errorf("wrap(%q, %v): line %q is wider than the chart", c.s, c.max, l)
			}
		}
	}
}

func numeral(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == ',' }

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// TestRootConstants: the SVG's written root (viewBox width, font-size) is
// what the layout computes with.
func TestRootConstants(t *testing.T) {
	svg := Render(schoolOption, "c", "t")
	if !strings.Contains(svg, fmt.Sprintf(`viewBox="0 0 %g `, width)) || !strings.Contains(svg, fmt.Sprintf(`font-size="%g">`, fsRoot)) {
		t.Errorf("the root says other sizes than width %g and font-size %g: %.200s", width, fsRoot, svg)
	}
}

// TestStackLabelsInside: a stack's labels sit inside their segments, light
// on a dark bar; an empty segment (label hidden) has none.
func TestStackLabelsInside(t *testing.T) {
	o := `{"color":["#1b6e34","#d0d7de"],"series":[{"type":"bar","stack":"s","name":"a","label":{"show":true,"position":"inside","formatter":"{c}"},"data":[{"value":0,"label":{"show":false}},4]},{"type":"bar","stack":"s","name":"b","label":{"show":true,"position":"inside","formatter":"{c}"},"data":[3,1]}],"xAxis":[{"data":["2023年","2024年"]}],"yAxis":[{}]}`
	svg := Render(o, "c", "t")
	light := false
	for _, l := range valueLabels(svg) {
		light = light || l.text == "4" && l.cls == "vl vi" && l.anchor == "middle"
		if l.text == "0" {
			t.Errorf("an empty segment is labelled: %s", svg)
		}
	}
	if !light {
		t.Errorf("the dark segment's label is not light and inside: %s", svg)
	}
}

// valueLabel is a bar's value label as the SVG holds it: its group gives
// its class and anchor.
type valueLabel struct {
	cls, anchor, text string
	x                 float64
}

func valueLabels(svg string) []valueLabel {
	var out []valueLabel
	for _, g := range regexp.MustCompile(`<g class="(vl[^"]*)"(?: text-anchor="(\w+)")?>(.*?)</g>`).FindAllStringSubmatch(svg, -1) {
		for _, m := range regexp.MustCompile(`<text x="(-?[0-9.]+)" y="-?[0-9.]+">([^<]*)</text>`).FindAllStringSubmatch(g[3], -1) {
			x, _ := strconv.ParseFloat(m[1], 64)
			out = append(out, valueLabel{cls: g[1], anchor: g[2], text: m[2], x: x})
		}
	}
	return out
}

// TestValueLabelsStayOverTheirBar: a column's number wider than its
// category's band is left out (it stays in the bar's title and the table),
// not written over the next column, where it would be read as that one's.
func TestValueLabelsStayOverTheirBar(t *testing.T) {
	o := option(t, `{"gongkai":{"decimals":2},"series":[{"type":"bar","name":"a","label":{"show":true,"formatter":"{c}"},"data":[3561.25,2671.09,2240.5,1999.99,3000.01,2500.75,2800.33,3100.2,2950.6]}],"xAxis":[{"data":["一","二","三","四","五","六","七","八","九"]}],"yAxis":[{}]}`)
	svg := Render(o, "c", "t")
	num := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	var cats []float64
	for _, m := range regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+">[一二三四五六七八九]</text>`).FindAllStringSubmatch(svg, -1) {
		cats = append(cats, num(m[1]))
	}
	if len(cats) != 9 {
		t.Fatalf("%d category labels: %s", len(cats), svg)
	}
	band := cats[1] - cats[0]
	for _, l := range valueLabels(svg) {
		x, w := l.x, textWidth(l.text, fsLabel)
		i := int(math.Round((x - cats[0]) / band))
		if l.anchor != "middle" {
			t.Errorf("label %s is not centred over its column", l.text)
		}
		if lo, hi := cats[i]-band/2-2, cats[i]+band/2+2; x-w/2 < lo || x+w/2 > hi {
			t.Errorf("label %s spans %.1f–%.1f, over its band %.1f–%.1f", l.text, x-w/2, x+w/2, lo, hi)
		}
	}
	// The same numbers in wide columns are all written.
	wide := option(t, `{"gongkai":{"decimals":2},"series":[{"type":"bar","name":"a","label":{"show":true,"formatter":"{c}"},"data":[3561.25,2671.09,2240.5]}],"xAxis":[{"data":["一","二","三"]}],"yAxis":[{}]}`)
	if got := len(valueLabels(Render(wide, "c", "t"))); got != 3 {
		t.Errorf("3 wide columns have %d value labels", got)
	}
}

// TestTallChartsSayTheyAreTall: a ranking of many schools is taller than
// TallHeight and its SVG has the class "tall" (it prints over several
// pages); one of a few schools has only "svgc" (it shrinks to fit a page).
func TestTallChartsSayTheyAreTall(t *testing.T) {
	ranking := func(n int) string {
		var cats, vals []string
		for i := range n {
			cats = append(cats, strconv.Quote("第"+strconv.Itoa(i+1)+"小学"))
			vals = append(vals, strconv.Itoa(100-i%50))
		}
		return option(t, `{"series":[{"type":"bar","name":"城区","data":[`+strings.Join(vals, ",")+`]}],`+
			`"xAxis":[{"min":0}],"yAxis":[{"inverse":true,"data":[`+strings.Join(cats, ",")+`]}]}`)
	}
	height := func(svg string) float64 {
		m := regexp.MustCompile(`viewBox="0 0 360 ([0-9.]+)"`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no viewBox: %.200s", svg)
		}
		h, _ := strconv.ParseFloat(m[1], 64)
		return h
	}
	for _, n := range []int{4, 150} {
		svg := Render(ranking(n), "c", "t")
		h, tall := height(svg), strings.Contains(svg, `class="svgc tall"`)
		if tall != (h > TallHeight) || !strings.Contains(svg, `class="svgc`) {
			t.Errorf("%d schools: %.0f units tall, class tall %v", n, h, tall)
		}
		if n == 150 && !tall {
			t.Errorf("a ranking of 150 schools is not tall (%.0f units)", h)
		}
	}
}

// TestYearsShortenToTheirNumber: a year label too wide for its place on
// the axis is written as the year's number (its full text in <title>, for
// the tooltip), not cut to "202…".
func TestYearsShortenToTheirNumber(t *testing.T) {
	w := textWidth("2022", 11)
	if s, cut := shorten("2022年", 11, w+1); s != "2022" || !cut {
		t.Errorf("2022年 in %.1f px: %q, cut %v", w+1, s, cut)
	}
	if s, _ := shorten("2022年", 11, w-3); s == "2022" || !strings.HasSuffix(s, "…") {
		t.Errorf("2022年 in %.1f px, where 2022 does not fit either: %q", w-3, s)
	}
	if s, _ := shorten("第2022年度", 11, w+1); !strings.HasSuffix(s, "…") {
		t.Errorf("a label that is not a year: %q", s)
	}
}

// TestWideNumbersDropTheirDecimalsToFit: a value label too wide for its
// bar's band (3,399.26 over a narrow column) is drawn without decimals
// rather than left out; the tooltip still gives the value in full.
func TestWideNumbersDropTheirDecimalsToFit(t *testing.T) {
	var cats, vals []string
	for i := range 9 {
		cats = append(cats, strconv.Quote("第"+strconv.Itoa(i+1)+"校"))
		vals = append(vals, strconv.FormatFloat(3399.26-float64(i)*101.5, 'f', 2, 64))
	}
	o := option(t, `{"gongkai":{"decimals":2},"series":[{"type":"bar","name":"城区","label":{"show":true,"position":"top","formatter":"{c}"},"data":[`+strings.Join(vals, ",")+`]}],`+
		`"yAxis":[{"min":0}],"xAxis":[{"data":[`+strings.Join(cats, ",")+`]}]}`)
	svg := Render(o, "c", "t")
	if !strings.Contains(svg, ">3,399</text>") {
		t.Errorf("the first bar's label is not 3,399: %s", svg)
	}
	if strings.Contains(svg, ">3,399.26</text>") {
		t.Errorf("a label wider than its band is drawn: %s", svg)
	}
	tips, err := MarkTips(svg)
	if err != nil {
		t.Fatal(err)
	}
	if len(tips) != 9 || !strings.HasSuffix(tips[0], "3,399.26") {
		t.Errorf("tooltips %q, want the first to end in 3,399.26", tips)
	}
}

// TestStandardLinesDoNotCrossNumbers: a bar that ends just short of the
// standard or the floor has its number past the line, not under it.
func TestStandardLinesDoNotCrossNumbers(t *testing.T) {
	o := strings.Replace(schoolOption, "[1.25,1.29,1.1,1.13,1.2,1.4,1.08]", "[1.25,0.93,0.80,1.13,1.2,1.4,1.08]", 1)
	svg := Render(o, "c", "t")
	var lines []float64
	for _, m := range regexp.MustCompile(`<path class="(?:mk|fl)"[^>]* d="M([0-9.]+) `).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		lines = append(lines, x)
	}
	vl := regexp.MustCompile(`<g class="vl">(.*?)</g>`).FindStringSubmatch(svg)
	if len(lines) != 2 || vl == nil {
		t.Fatalf("want two lines and the value labels: %s", svg)
	}
	labels := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+">([^<]+)</text>`).FindAllStringSubmatch(vl[1], -1)
	if len(labels) != 7 {
		t.Fatalf("%d labels: %s", len(labels), vl[1])
	}
	for _, l := range labels {
		x, _ := strconv.ParseFloat(l[1], 64)
		for _, lx := range lines {
			if x < lx && lx < x+textWidth(l[2], fsLabel) {
				t.Errorf("the line at x=%.1f runs through the label %q at %.1f", lx, l[2], x)
			}
		}
	}
}

// TestWrapLeavesNoCharacterAlone: a title does not end on a line of one
// character ("网络多媒体教室均达到标 / 准"), nor a subtitle on a number
// alone ("虚线为标准点线为底线 / 1,700"): the word before goes with it.
func TestWrapLeavesNoCharacterAlone(t *testing.T) {
	for _, c := range []struct {
		s, fits string  // the text, and as much of it as a line should fit
		fs      float64 // font size
		last    string  // how the last line should begin
	}{
		// (No comma where a line could end instead: TestWrapBreaksAtPunctuation.)
		{"网络多媒体教室均达到标准", "网络多媒体教室均达到标", 13, "标准"},
		{"生均教学仪器设备值（元/生）虚线为标准点线为底线 1,700", "生均教学仪器设备值（元/生）虚线为标准点线为底线 ", 12, "底线"},
	} {
		max := textWidth(c.fits, c.fs) + 1
		lines := wrap(c.s, c.fs, max)
		if strings.Join(lines, "") != c.s {
			t.Fatalf("wrap lost text: %q", lines)
		}
		if last := lines[len(lines)-1]; len(lines) < 2 || !strings.HasPrefix(last, c.last) {
			t.Errorf("wrap(%q, %.0f) = %q: the last line should begin %q", c.s, max, lines, c.last)
		}
	}
}

// TestCloseNumbersStandOneAboveTheOther: the numbers of bars of nearly the
// same height, each as wide as its column, would touch: the second goes
// above its neighbours' rather than being left out, still over its own bar.
func TestCloseNumbersStandOneAboveTheOther(t *testing.T) {
	var cats, vals []string
	for i := range 9 {
		cats = append(cats, strconv.Quote("校"+strconv.Itoa(i+1)))
		v := 2535.1
		if i%2 == 1 {
			v = 2457.8
		}
		vals = append(vals, strconv.FormatFloat(v, 'f', 2, 64))
	}
	o := option(t, `{"gongkai":{"decimals":2},"series":[{"type":"bar","name":"城区","label":{"show":true,"position":"top","formatter":"{c}"},"data":[`+strings.Join(vals, ",")+`]}],`+
		`"yAxis":[{"min":0}],"xAxis":[{"data":[`+strings.Join(cats, ",")+`]}]}`)
	svg := Render(o, "c", "t")
	i := strings.Index(svg, `<g class="vl"`)
	if i < 0 {
		t.Fatalf("no value labels: %s", svg)
	}
	labels := regexp.MustCompile(`<text x="([0-9.]+)" y="([0-9.]+)">([^<]+)</text>`).FindAllStringSubmatch(svg[i:i+strings.Index(svg[i:], "</g>")], -1)
	if len(labels) != 9 {
		t.Fatalf("%d of 9 bars have their number: %v", len(labels), labels)
	}
	y := func(k int) float64 { v, _ := strconv.ParseFloat(labels[k][2], 64); return v }
	for k := 1; k < 9; k += 2 {
		if labels[k][3] != "2,458" || !(y(k) < y(k-1)-10) || !(y(k) < y(k+1)-10) {
			t.Errorf("label %d %q at y = %.1f, its neighbours' at %.1f and %.1f: not above them", k, labels[k][3], y(k), y(k-1), y(k+1))
		}
	}
}

// TestMarksBetweenCategories: a horizontal chart's mark on the category
// axis (yAxis 1.5: between the second and third band of a distribution,
// where it passes the standard) is a line across the plot between those
// two categories' labels, dashed for the 标准 and dotted for the floor.
func TestMarksBetweenCategories(t *testing.T) {
	o := `{"series":[{"type":"bar","name":"a","data":[1,4,3,2],"markLine":{"data":[{"yAxis":1.5,"label":{"show":false}},{"yAxis":2.5,"label":{"show":false},"lineStyle":{"type":"dotted"}}]}}],"xAxis":[{"type":"value"}],"yAxis":[{"type":"category","inverse":true,"data":["≥ 3","2–3","1–2","< 1"]}]}`
	svg := Render(o, "c", "t")
	var ys []float64
	for _, m := range regexp.MustCompile(`<text y="([0-9.]+)">`).FindAllStringSubmatch(svg, -1) {
		y, _ := strconv.ParseFloat(m[1], 64)
		ys = append(ys, y)
	}
	if len(ys) != 4 {
		t.Fatalf("want four category labels: %s", svg)
	}
	for _, want := range []struct {
		cls   string
		after int
	}{{"mk", 1}, {"fl", 2}} {
		m := regexp.MustCompile(`<path class="` + want.cls + `"[^>]* d="M([0-9.]+) ([0-9.]+)L([0-9.]+) ([0-9.]+)"`).FindStringSubmatch(svg)
		if m == nil {
			t.Errorf("no %s line: %s", want.cls, svg)
			continue
		}
		y1, _ := strconv.ParseFloat(m[2], 64)
		y2, _ := strconv.ParseFloat(m[4], 64)
		x1, _ := strconv.ParseFloat(m[1], 64)
		x2, _ := strconv.ParseFloat(m[3], 64)
		if y1 != y2 || x2-x1 < 100 {
			t.Errorf("%s line from (%g,%g) to (%g,%g): want across the plot", want.cls, x1, y1, x2, y2)
		}
		// Labels sit 4 units below their band's middle.
		if a, b := ys[want.after]-4, ys[want.after+1]-4; !(a < y1 && y1 < b) || math.Abs(y1-(a+b)/2) > 0.5 {
			t.Errorf("%s line at y=%g: want halfway between the bands at %g and %g", want.cls, y1, a, b)
		}
	}
}

// TestCrowdedYearsLabelEveryFew: ten years under a narrow panel, where not
// even "2015" fits a year's place, are labelled every few years, the last
// year always — not ten "…". Every year keeps a label, the unlabelled ones
// invisible, so that a bar's tooltip still names its own year.
func TestCrowdedYearsLabelEveryFew(t *testing.T) {
	var cats, vals []string
	for y := 2015; y <= 2024; y++ {
		cats = append(cats, strconv.Quote(strconv.Itoa(y)+"年"))
		vals = append(vals, strconv.Itoa(y-2010))
	}
	o := `{"gongkai":{"panels":{"cols":4,"minWidth":120}},"title":[{"text":"t"},{"text":"a"},{"text":"b"},{"text":"c"},{"text":"d"}],"grid":[{},{},{},{}],` +
		`"series":[` + strings.Repeat(`{"type":"line","name":"a","data":[`+strings.Join(vals, ",")+`]},`, 1) +
		`{"type":"line","name":"b","xAxisIndex":1,"yAxisIndex":1,"data":[` + strings.Join(vals, ",") + `]}],` +
		`"xAxis":[{"type":"category","data":[` + strings.Join(cats, ",") + `]},{"type":"category","gridIndex":1,"data":[` + strings.Join(cats, ",") + `]}],` +
		`"yAxis":[{"type":"value"},{"type":"value","gridIndex":1}]}`
	svg := Render(o, "c", "t")
	cl := regexp.MustCompile(`<g class="cl"[^>]*>(.*?)</g>`).FindStringSubmatch(svg)
	if cl == nil {
		t.Fatalf("no category labels: %s", svg)
	}
	type lab struct {
		x       float64
		text    string
		visible bool
	}
	var labs []lab
	for _, m := range regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+"( opacity="0")?>(?:<title>([^<]*)</title>)?([^<]*)</text>`).FindAllStringSubmatch(cl[1], -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		full := m[4]
		if m[3] != "" {
			full = m[3]
		}
		labs = append(labs, lab{x, full, m[2] == ""})
		if m[2] == "" && strings.Contains(m[4], "…") {
			t.Errorf("a year cut to %q", m[4])
		}
	}
	if len(labs) != 10 {
		t.Fatalf("%d category labels, want one a year: %s", len(labs), cl[1])
	}
	var shown []string
	lastX := -1e9
	for i, l := range labs {
		if l.text != strconv.Itoa(2015+i)+"年" {
			t.Errorf("label %d is %q", i, l.text)
		}
		if l.visible {
			shown = append(shown, l.text)
			if w := textWidth("2015", fsAxis); l.x-lastX < w {
				t.Errorf("%s at %.1f runs into the label at %.1f", l.text, l.x, lastX)
			}
			lastX = l.x
		}
	}
	if len(shown) < 2 || len(shown) == 10 || shown[len(shown)-1] != "2024年" {
		t.Errorf("labelled years %v: want a few, the last among them", shown)
	}
}

// TestWrapBreaksAtPunctuation: a title or subtitle that must wrap breaks
// after a comma or semicolon, or before a bracket, when that leaves the
// first line at least about half full and takes no more lines — not in the
// middle of a word ("其中14所低 / 于底线", "（1项未提 / 供）").
func TestWrapBreaksAtPunctuation(t *testing.T) {
	for _, c := range []struct {
		s    string
		fs   float64
		want string
	}{
		{"45所小学教学仪器设备低于标准，其中14所低于底线", fsTitle, "45所小学教学仪器设备低于标准，|其中14所低于底线"},
		{"生均教学仪器设备值（元/生）分段的学校数；虚线为标准 2,000，点线为底线 1,700", fsSub, "生均教学仪器设备值（元/生）分段的学校数；|虚线为标准 2,000，点线为底线 1,700"},
		{"2024年小学有3项差异系数超过限值（1项未提供）", fsTitle, "2024年小学有3项差异系数超过限值|（1项未提供）"},
	} {
		if got := strings.Join(wrap(c.s, c.fs, width-2*pad), "|"); got != c.want {
			t.Errorf("wrap(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	// A comma early in a long line does not make it short.
	s := "图中为2015年，和2024年七项指标值与标准之比（1.00 即达到标准）各年的数值见下表"
	if lines := wrap(s, fsSub, width-2*pad); textWidth(lines[0], fsSub) < 0.5*(width-2*pad) {
		t.Errorf("wrap(%q) = %q: the first line is short", s, lines)
	}
}
