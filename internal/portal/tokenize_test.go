package portal

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in       string
		unigrams bool
		want     []string
	}{
		{"优质均衡", false, []string{"优质", "质均", "均衡"}},
		{"推进优质均衡发展", false, []string{"推进", "进优", "优质", "质均", "均衡", "衡发", "发展"}},
		{"2024年义务教育", false, []string{"2024", "年义", "义务", "务教", "教育"}},
		{"示政办发〔2021〕18号", false, []string{"示政", "政办", "办发", "2021", "18", "号"}},
		{"11150000MB1234567X/2021-00018", false, []string{"11150000mb1234567x", "2021", "00018"}},
		{"ＡＢＣ１２３ 全角", false, []string{"abc123", "全角"}},
		{"校", false, []string{"校"}},
		{"学校", true, []string{"学校", "学", "校"}},
		{"", false, nil},
		{"，。！——", false, nil},
	} {
		got := terms(tc.in, tc.unigrams)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("terms(%q, %v) = %q, want %q", tc.in, tc.unigrams, got, tc.want)
		}
	}
	long := strings.Repeat("a", 100)
	if got := terms(long, false); len(got) != 1 || len(got[0]) != maxWord {
		t.Errorf("a long word gives %q", got)
	}
}
