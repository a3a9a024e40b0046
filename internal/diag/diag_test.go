package diag

import "testing"

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "data/2024/schools.csv", Line: 17, Column: "在校生数", Canonical: "students", Value: "12a", HasValue: true, Msg: "应为不小于0的整数"},
			`data/2024/schools.csv:17: 在校生数 (students): "12a": 应为不小于0的整数`},
		{Diagnostic{File: "content/a.md", Line: 3, Col: 5, Column: "titel", Msg: "未知的键"}, "content/a.md:3:5: titel: 未知的键"},
		{Diagnostic{File: "site.toml", Msg: "缺少站点设置文件"}, "site.toml: 缺少站点设置文件"},
		{Diagnostic{File: "x.csv", Line: 2, Column: "students", Canonical: "students", Value: "", HasValue: true, Msg: "m"}, `x.csv:2: students: "": m`},
	}
	for _, c := range cases {
		if got := c.d.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	l.Add(Diagnostic{File: "b", Line: 1, Msg: "x"})
	l.Add(Diagnostic{File: "a", Line: 9, Msg: "y", Severity: Warning})
	l.Add(Diagnostic{File: "a", Line: 2, Msg: "z"})
	all := l.All()
	if all[0].Line != 2 || all[1].Line != 9 || all[2].File != "b" {
		t.Errorf("not sorted by file and line: %v", all)
	}
	if len(l.Errors()) != 2 || len(l.Warnings()) != 1 {
		t.Error("wrong counts")
	}
	var w List
	w.Add(Diagnostic{Severity: Warning, Msg: "w"})
	if w.HasErrors(false) || !w.HasErrors(true) {
		t.Error("--strict must turn warnings into errors, and only then")
	}
}
