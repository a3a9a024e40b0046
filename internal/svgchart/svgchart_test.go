package svgchart

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func option(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// elements parses the SVG as XML and returns each element's name and its
// direct character data.
func elements(t *testing.T, svg []byte) (names []string, texts []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
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
	if !strings.Contains(string(svg), `aria-label="&lt;/text&gt;&lt;script&gt;`) {
		t.Errorf("the accessible name is not the escaped title: %.300s", svg)
	}
}

// TestLongLabelsShortened: a category label too long for the chart is cut
// with "…", the full text in its <title>; a long title wraps.
func TestLongLabelsShortened(t *testing.T) {
	long := "示例县某某镇某某村第一中心小学附属分校教学点"
	o := option(t, `{"title":{"text":"`+strings.Repeat("很长的标题", 12)+`"},"series":[{"type":"bar","data":[1]}],"xAxis":[{"max":2}],"yAxis":[{"data":["`+long+`"]}]}`)
	svg := string(Render(o, "c", "t"))
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
// not the 0 the bar is drawn with.
func TestItemTooltipIsTheBarsTitle(t *testing.T) {
	o := option(t, `{"series":[{"type":"bar","name":"网络多媒体教室","data":[0.065,{"value":0,"label":{"formatter":"未提供"},"tooltip":{"formatter":"禾丰县 · 网络多媒体教室：未提供"}}]}],"xAxis":[{"max":0.6}],"yAxis":[{"data":["青岚区","禾丰县"]}],"gongkai":{"decimals":3}}`)
	svg := string(Render(o, "c", "t"))
	if !strings.Contains(svg, "<title>青岚区 · 网络多媒体教室：0.065</title>") {
		t.Errorf("a plain bar's title is not category · series：value: %s", svg)
	}
	if !strings.Contains(svg, "<title>禾丰县 · 网络多媒体教室：未提供</title>") || strings.Contains(svg, "0.000") {
		t.Errorf("the bar of a figure not given does not say so in its title: %s", svg)
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
	} {
		lines := wrap(c.s, 13, c.max)
		if strings.Join(lines, "") != c.s {
			t.Errorf("wrap(%q) lost text: %q", c.s, lines)
		}
		for i, l := range lines {
			if i > 0 && (numeral([]rune(l)[0]) && numeral(lastRune(lines[i-1]))) {
				t.Errorf("wrap(%q, %v) splits a number: %q", c.s, c.max, lines)
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
