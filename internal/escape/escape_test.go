package escape

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"testing"
)

var samples = []string{
	"", "plain", "示例县第一小学", "</script><script>alert('x')</script>", "a & b + \"c\" 'd'",
	"\x00\x01\b\f\n\r\t\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf-8", "𝄞 emoji", `back\slash`,
	"\u2027\u202a\u2020“引号”，（全角）：\uffff\ue000", "\xe0\xa0\x80\xe0\x80\x80\xed\x9f\xbf\xed\xa0\x80", "末尾\xef\xbc", "末尾\xe4", "\xe4\xb8\xc0",
}

var urls = []string{
	"/schools/2150000001/", "/catalogue/genre/通知/", "data/2024/目录 (1).csv", "javascript:alert(1)",
	"JavaScript:x", "https://example.org/a?b=1&c=%zz%41+d", "mailto:a@b.cn", "#notes", "/a/b:c/", "x'y\"z<>",
}

// HTML and URL write what html/template writes for the same values in text,
// in a quoted attribute and as an href.
func TestHTMLAndURLAsTemplate(t *testing.T) {
	tm := template.Must(template.New("t").Parse(`{{.}}|<p title="{{.}}">|<a href="{{.}}">`))
	for _, s := range append(samples, urls...) {
		var want bytes.Buffer
		if err := tm.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		HTML(&got, s)
		got.WriteString(`|<p title="`)
		HTML(&got, s)
		got.WriteString(`">|<a href="`)
		URL(&got, s)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
		if got := appended(s); got != want.String() {
			t.Errorf("%q, appended:\n got %s\nwant %s", s, got, want.String())
		}
	}
}

// appended is what the test writes with HTML and URL, written with
// AppendHTML and AppendURL after a prefix, in a buffer that must grow.
func appended(s string) string {
	b := append(make([]byte, 0, 3), "前"...)
	b = AppendHTML(b, s)
	b = append(b, `|<p title="`...)
	b = AppendHTML(b, s)
	b = append(b, `">|<a href="`...)
	b = AppendURL(b, s)
	b = append(b, `">`...)
	return strings.TrimPrefix(string(b), "前")
}

// AppendJSONString writes what encoding/json writes, with and without its
// HTML escaping.
func TestJSONStringAsEncodingJSON(t *testing.T) {
	for _, s := range append(samples, urls...) {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s, true); string(got) != string(want) {
			t.Errorf("%q, html: got %s, want %s", s, got, want)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		if got := AppendJSONString(nil, s, false); string(got) != strings.TrimSuffix(buf.String(), "\n") {
			t.Errorf("%q, no html: got %s, want %s", s, got, buf.String())
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range append(samples, urls...) {
		f.Add(s)
	}
	tm := template.Must(template.New("t").Parse(`{{.}}|<a href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tm.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		HTML(&got, s)
		got.WriteString(`|<a href="`)
		URL(&got, s)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
		var h, u strings.Builder
		HTML(&h, s)
		URL(&u, s)
		if a, b := string(AppendHTML([]byte("前"), s)), string(AppendURL([]byte("前"), s)); a != "前"+h.String() || b != "前"+u.String() {
			t.Fatalf("%q: AppendHTML, AppendURL give %s, %s", s, a, b)
		}
		j, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s, true); string(got) != string(j) {
			t.Fatalf("%q: got %s, want %s", s, got, j)
		}
	})
}
