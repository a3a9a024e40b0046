package tomlx

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestKeyLine(t *testing.T) {
	src := `title = "x"
# a comment with key = 1
notes = """
key = "inside a string"
"""
[standards.primary]
cv_limit = 0.5
"quoted.key" = 1

[[items]]
a.b = 2
`
	cases := []struct {
		key  toml.Key
		want int
	}{
		{toml.Key{"title"}, 1},
		{toml.Key{"standards", "primary", "cv_limit"}, 7},
		{toml.Key{"standards", "primary"}, 6},
		{toml.Key{"standards", "primary", "quoted.key"}, 8},
		{toml.Key{"items", "a", "b"}, 11},
		{toml.Key{"key"}, 0}, // only in a comment and inside a string
		{toml.Key{"standards", "junior", "cv_limit"}, 0},
	}
	for _, c := range cases {
		if got := KeyLine(src, c.key); got != c.want {
			t.Errorf("KeyLine(%v) = %d, want %d", c.key, got, c.want)
		}
	}
}

func TestDecodeStrictPlacesEveryProblem(t *testing.T) {
	var v struct {
		Title string `toml:"title"`
		Size  int    `toml:"size"`
	}
	_, ds := DecodeStrict("site.toml", "title = \"x\"\nsiez = 3\n[extra]\na = 1\n", 0, &v)
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	want := []string{"site.toml:2: siez: 未知的键（可能拼写有误）", "site.toml:3: extra: 未知的键（可能拼写有误）"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, ds = DecodeStrict("f.toml", "title = \"x\"\nsize = \"20\"\n", 10, &v)
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "f.toml:12: size: 类型不符: 应为整数") {
		t.Errorf("type error: %v", ds)
	}
	_, ds = DecodeStrict("f.toml", "title = \n", 0, &v)
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "f.toml:1") {
		t.Errorf("syntax error: %v", ds)
	}
}

func TestArrayKeyLine(t *testing.T) {
	src := `all_by = 2030
[[county]]
code = "150101"
target_year = 2025

[[county]]   # the second
note = """
code = "inside a string"
"""
code = "150102"

[other]
code = 1

[[county]]
target_year = 2026
`
	cases := []struct {
		n    int
		key  []string
		want int
	}{
		{0, []string{"code"}, 3},
		{0, []string{"target_year"}, 4},
		{1, []string{"code"}, 10},
		{1, []string{"target_year"}, 6}, // not written: the table's header
		{1, nil, 6},
		{2, []string{"code"}, 15}, // [other] is not part of the array
		{2, []string{"target_year"}, 16},
		{3, []string{"code"}, 0},
	}
	for _, c := range cases {
		if got := ArrayKeyLine(src, toml.Key{"county"}, c.n, c.key...); got != c.want {
			t.Errorf("ArrayKeyLine(county[%d], %v) = %d, want %d", c.n, c.key, got, c.want)
		}
	}
	if got := ArrayKeyLine(`county = [{code = "1"}]`, toml.Key{"county"}, 0, "code"); got != 0 {
		t.Errorf("inline array: %d, want 0", got)
	}
	if got := ArrayLines(src, toml.Key{"county"}); !reflect.DeepEqual(got, []int{2, 6, 15}) {
		t.Errorf("ArrayLines = %v, want the headers 2, 6, 15", got)
	}
	if got := ArrayLines(`county = [{code = "1"}]`, toml.Key{"county"}); len(got) != 0 {
		t.Errorf("ArrayLines of an inline array: %v, want none", got)
	}
}
