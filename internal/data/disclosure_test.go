package data

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai-dev/gongkai/internal/disclosure"
)

// figures2024 is a complete data/disclosure/<year>.toml.
const figures2024 = `[active]
licensing = 109
punishment = 2
enforcement = 0
fees_wan_yuan = 0.35

[review]
upheld = 1
corrected = 0
other = 0
pending = 0

[litigation_direct]
upheld = 0
corrected = 0
other = 0
pending = 0

[litigation_after_review]
upheld = 0
corrected = 0
other = 0
pending = 1
`

const registerHeader = "编号,收到日期,申请人类型,办理结果,办结日期"

func loadDisclosure(t *testing.T, files map[string]string) (*Disclosure, []string) {
	t.Helper()
	d, dl := LoadDisclosure(site(t, files), "/site")
	return d, texts(dl.All())
}

func TestDisclosureFigures(t *testing.T) {
	d, diags := loadDisclosure(t, map[string]string{"data/disclosure/2024.toml": figures2024})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	f := d.Years[2024].Figures
	want := disclosure.Figures{Licensing: 109, Punishment: 2, FeesWanYuan: 0.35,
		Review: disclosure.Review{Review: disclosure.Outcomes{Upheld: 1}, LitigationAfterReview: disclosure.Outcomes{Pending: 1}}}
	if f != want || d.HasRegister || d.Years[2024].File != "data/disclosure/2024.toml" {
		t.Errorf("figures %+v, want %+v", f, want)
	}
	// A site without data/disclosure/ has nothing, and no data year.
	d, diags = loadDisclosure(t, map[string]string{"data/2024/x.txt": ""})
	if len(d.Years) != 0 || len(diags) > 0 {
		t.Errorf("no data/disclosure/: %+v, %v", d, diags)
	}
}

// TestDataLoadLeavesDisclosureAlone: data/disclosure/ is not a year.
func TestDataLoadLeavesDisclosureAlone(t *testing.T) {
	_, dl := load(t, map[string]string{"data/disclosure/2024.toml": figures2024})
	if all := texts(dl.All()); len(all) > 0 {
		t.Errorf("data.Load said %v about data/disclosure/", all)
	}
}

// TestDisclosureFigureErrors: each mistake in <year>.toml at its line.
func TestDisclosureFigureErrors(t *testing.T) {
	for _, c := range []struct{ name, replace, with, want string }{
		{"negative count", "punishment = 2", "punishment = -2", `data/disclosure/2024.toml:3: active.punishment: "-2": 不能为负数`},
		{"count with decimals", "licensing = 109", "licensing = 109.5", `data/disclosure/2024.toml:2: active.licensing: "109.5": 应为整数（件数）`},
		{"count in quotes", "licensing = 109", `licensing = "109"`, `data/disclosure/2024.toml:2: active.licensing: "109": 应为不加引号的整数`},
		{"negative fees", "fees_wan_yuan = 0.35", "fees_wan_yuan = -1", `data/disclosure/2024.toml:5: active.fees_wan_yuan: "-1": 金额不能为负数`},
		{"unknown key", "upheld = 1", "uphold = 1", "data/disclosure/2024.toml:7: review: 缺少 upheld（没有时写 0）\ndata/disclosure/2024.toml:8: review.uphold: 未知的键 (可能拼写有误); 是否想写 upheld?"},
		{"unknown table", "[litigation_direct]", "[litigation]", "data/disclosure/2024.toml:1: litigation_direct: 缺少表 [litigation_direct]（其中 upheld、corrected、other、pending 都要写，没有时写 0）\ndata/disclosure/2024.toml:13: litigation: 未知的键；文件中只有表 [active] [review] [litigation_direct] [litigation_after_review] [requests]"},
		{"missing key", "enforcement = 0\n", "", "data/disclosure/2024.toml:1: active: 缺少 enforcement（没有时写 0）"},
		{"key outside a table", "[active]\n", "total = 3\n[active]\n", "data/disclosure/2024.toml:1: total: 未知的键；文件中只有表 [active] [review] [litigation_direct] [litigation_after_review] [requests]"},
	} {
		src := strings.Replace(figures2024, c.replace, c.with, 1)
		_, diags := loadDisclosure(t, map[string]string{"data/disclosure/2024.toml": src})
		if got := strings.Join(diags, "\n"); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	// A syntax error, at its line (the message is decodeTOML's).
	_, diags := loadDisclosure(t, map[string]string{"data/disclosure/2024.toml": strings.Replace(figures2024, "pending = 1", "pending = ", 1)})
	if len(diags) != 1 || !strings.HasPrefix(diags[0], "data/disclosure/2024.toml:23") || !strings.Contains(diags[0], "TOML 语法错误") {
		t.Errorf("syntax error: %v", diags)
	}
}

// requests2024 gives 表三 directly: 3 new and 1 carried over; 2 granted, 1
// not held; 1 carried forward — 3 + 1 = 3 + 1.
const requests2024 = `
[requests]
new = [2, 1, 0, 0, 0, 0]
carried_over = [1, 0, 0, 0, 0, 0]
granted = [1, 1, 0, 0, 0, 0]
unable_not_held = [1, 0, 0, 0, 0, 0]
carried_forward = [1, 0, 0, 0, 0, 0]
`

func TestRequestsGivenDirectly(t *testing.T) {
	d, diags := loadDisclosure(t, map[string]string{"data/disclosure/2024.toml": figures2024 + requests2024})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r := d.Years[2024].Figures.Requests
	if r == nil || r[disclosure.New] != [7]int{2, 1, 0, 0, 0, 0, 3} || r[disclosure.Total] != [7]int{2, 1, 0, 0, 0, 0, 3} || r[disclosure.CarriedForward][disclosure.TotalColumn] != 1 {
		t.Fatalf("requests %v", r)
	}
	for _, c := range []struct{ name, replace, with, want string }{
		// 2 + 1 new, 1 carried over; 2 + 1 dealt with and 2 carried forward.
		{"一+二 ≠ 三+四", "carried_forward = [1,", "carried_forward = [2,",
			"data/disclosure/2024.toml:30: requests.carried_forward: “总计”列：第一项加第二项之和为 4，第三项（七）总计加第四项之和为 5，两者应相等（勾稽关系）\n" +
				"data/disclosure/2024.toml:30: requests.carried_forward: “自然人”列：第一项加第二项之和为 3，第三项（七）总计加第四项之和为 4，两者应相等（勾稽关系）"},
		// 三's rows sum to [2, 1]; the total says [1, 1].
		{"total given wrong", "carried_forward", "total = [1, 1, 0, 0, 0, 0]\ncarried_forward",
			"data/disclosure/2024.toml:30: requests.total: “总计”列：（七）总计为 2，而（一）至（六）各项之和为 3\n" +
				"data/disclosure/2024.toml:30: requests.total: “自然人”列：（七）总计为 1，而（一）至（六）各项之和为 2\n" +
				"data/disclosure/2024.toml:31: requests.carried_forward: “总计”列：第一项加第二项之和为 4，第三项（七）总计加第四项之和为 3，两者应相等（勾稽关系）\n" +
				"data/disclosure/2024.toml:31: requests.carried_forward: “自然人”列：第一项加第二项之和为 3，第三项（七）总计加第四项之和为 2，两者应相等（勾稽关系）"},
		{"negative cell", "granted = [1, 1,", "granted = [1, -1,", `data/disclosure/2024.toml:28: requests.granted: "-1": 第2个数（商业企业）不能为负数`},
		{"five numbers", "new = [2, 1, 0, 0, 0, 0]", "new = [2, 1, 0, 0, 0]", `data/disclosure/2024.toml:26: requests.new: "[…]": 应为六个不加引号的整数，依次是自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他，例如 [3, 1, 0, 0, 0, 0]`},
		{"unknown row", "granted", "grantd", "data/disclosure/2024.toml:28: requests.grantd: 未知的键 (可能拼写有误); 是否想写 granted?\n" +
			"data/disclosure/2024.toml:30: requests.carried_forward: “商业企业”列：第一项加第二项之和为 1，第三项（七）总计加第四项之和为 0，两者应相等（勾稽关系）\n" +
			"data/disclosure/2024.toml:30: requests.carried_forward: “总计”列：第一项加第二项之和为 4，第三项（七）总计加第四项之和为 2，两者应相等（勾稽关系）\n" +
			"data/disclosure/2024.toml:30: requests.carried_forward: “自然人”列：第一项加第二项之和为 3，第三项（七）总计加第四项之和为 2，两者应相等（勾稽关系）"},
	} {
		src := strings.Replace(figures2024+requests2024, c.replace, c.with, 1)
		_, diags := loadDisclosure(t, map[string]string{"data/disclosure/2024.toml": src})
		if got := strings.Join(diags, "\n"); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestRegister(t *testing.T) {
	reg := csvLines(registerHeader,
		"2024-001,2024-01-05,自然人,予以公开,2024-01-20",
		"2024-002, 2024/2/1 ,商业企业,不予公开/1.属于国家秘密,2024年2月20日",
		"2024-003,2024.12.30,其他,,",
		"",
	)
	d, diags := loadDisclosure(t, map[string]string{"data/disclosure/applications.csv": "\uFEFF" + reg})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []disclosure.Application{
		{ID: "2024-001", Received: disclosure.Day(2024, 1, 5), Applicant: disclosure.NaturalPerson, Closed: disclosure.Day(2024, 1, 20), Outcome: disclosure.Granted},
		{ID: "2024-002", Received: disclosure.Day(2024, 2, 1), Applicant: disclosure.Business, Closed: disclosure.Day(2024, 2, 20), Outcome: disclosure.RefusedStateSecret},
		{ID: "2024-003", Received: disclosure.Day(2024, 12, 30), Applicant: disclosure.OtherOrg},
	}
	if !d.HasRegister || len(d.Register) != len(want) {
		t.Fatalf("register %+v", d.Register)
	}
	for i := range want {
		if d.Register[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i+2, d.Register[i], want[i])
		}
	}
	// As Excel saves it on Chinese Windows (GB18030).
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(reg)
	if err != nil {
		t.Fatal(err)
	}
	d, diags = loadDisclosure(t, map[string]string{"data/disclosure/applications.csv": gb})
	if len(diags) > 0 || len(d.Register) != 3 || d.Register[1].Outcome != disclosure.RefusedStateSecret {
		t.Errorf("GB18030 register: %+v, %v", d.Register, diags)
	}
}

// TestRegisterErrors: each mistake in the register at its line.
func TestRegisterErrors(t *testing.T) {
	reg := csvLines(registerHeader,
		"A1,2024-01-05,个人,予以公开,2024-01-20",
		"A2,2024-03-05,自然人,不予公开/国家秘密,2024-03-20",
		"A3,2024-03-05,自然人,予以公开,2024-03-04",
		"A3,2024-04-01,商业企业,,",
		"A5,2024-02-30,自然人,予以公开,",
		"A6,2024-05-01,自然人,,2024-05-09",
		",2024-05-01,科研机构,部份公开,2024-05-09",
	)
	_, diags := loadDisclosure(t, map[string]string{"data/disclosure/applications.csv": reg})
	want := []string{
		`data/disclosure/applications.csv:2: 申请人类型: "个人": 不是申请人类型；应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他 之一`,
		`data/disclosure/applications.csv:3: 办理结果: "不予公开/国家秘密": 不是办理结果；应为年度报告表三的一项，写作“类别/情形”，如 予以公开、部分公开、不予公开/属于国家秘密、其他处理/其他；是否想写 不予公开/属于国家秘密？`,
		`data/disclosure/applications.csv:4: 办结日期: "2024-03-04": 办结日期早于收到日期 2024-03-05`,
		`data/disclosure/applications.csv:5: 编号: "A3": 编号重复：第 4 行已使用`,
		`data/disclosure/applications.csv:6: 办结日期: "": 已有办理结果，缺少办结日期（尚未办结的申请两项都空着）`,
		`data/disclosure/applications.csv:6: 收到日期: "2024-02-30": 不是有效日期；应写作 2024-03-05`,
		`data/disclosure/applications.csv:7: 办理结果: "": 已有办结日期，缺少办理结果`,
		`data/disclosure/applications.csv:8: 办理结果: "部份公开": 不是办理结果；应为年度报告表三的一项，写作“类别/情形”，如 予以公开、部分公开、不予公开/属于国家秘密、其他处理/其他；是否想写 部分公开？`,
		`data/disclosure/applications.csv:8: 编号: "": 缺少编号`,
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("register errors:\n got %s\nwant %s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}

	_, diags = loadDisclosure(t, map[string]string{"data/disclosure/applications.csv": csvLines("编号,收到日期,申请人,办理结果,办结日期,备注", "A1,2024-01-05,自然人,予以公开,2024-01-20,")})
	want = []string{
		"data/disclosure/applications.csv:1: 备注: 未知的列，已忽略（登记簿的列：编号、收到日期、申请人类型、办理结果、办结日期）",
		"data/disclosure/applications.csv:1: 申请人: 未知的列，已忽略；是否想写 申请人类型？",
		"data/disclosure/applications.csv:1: 申请人类型: 缺少这一列；登记簿的表头应为 编号,收到日期,申请人类型,办理结果,办结日期",
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("register header:\n got %s\nwant %s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
}

// TestRegisterAndRequestsBothGiven: a year is counted from the register
// or given directly, never both.
func TestRegisterAndRequestsBothGiven(t *testing.T) {
	files := map[string]string{
		"data/disclosure/2024.toml":        figures2024 + requests2024,
		"data/disclosure/applications.csv": csvLines(registerHeader, "A1,2023-12-20,自然人,予以公开,2024-01-05"),
	}
	_, diags := loadDisclosure(t, files)
	want := "data/disclosure/2024.toml:25: requests: 登记簿 data/disclosure/applications.csv 中已有2024年的申请（新收 0 件、上年结转 1 件），不能同时在 [requests] 中直接填写表三；请删去 [requests]，或从登记簿中删去这一年的申请"
	if strings.Join(diags, "\n") != want {
		t.Errorf("got %v\nwant %s", diags, want)
	}
	// A register of other years only does not clash.
	files["data/disclosure/applications.csv"] = csvLines(registerHeader, "A1,2025-01-20,自然人,予以公开,2025-02-05")
	if _, diags := loadDisclosure(t, files); len(diags) > 0 {
		t.Errorf("a register of 2025 with [requests] of 2024: %v", diags)
	}
}

// TestCarriedOverAcrossYears: a year's 上年结转 that is not the year
// before's 结转下年度 is flagged.
func TestCarriedOverAcrossYears(t *testing.T) {
	files := map[string]string{
		// 2 + 1 new, none carried over; 1 + 1 granted, 1 carried forward.
		"data/disclosure/2023.toml": figures2024 + strings.NewReplacer("carried_over = [1,", "carried_over = [0,", "unable_not_held = [1, 0, 0, 0, 0, 0]\n", "").Replace(requests2024),
		"data/disclosure/2024.toml": figures2024 + requests2024,
	}
	if _, diags := loadDisclosure(t, files); len(diags) > 0 {
		t.Errorf("2023 carries 1 forward, 2024 carries 1 over: %v", diags)
	}
	files["data/disclosure/2024.toml"] = strings.NewReplacer("carried_over = [1,", "carried_over = [2,", "granted = [1,", "granted = [2,").Replace(files["data/disclosure/2024.toml"])
	_, diags := loadDisclosure(t, files)
	want := "data/disclosure/2024.toml:27: requests.carried_over: 上年结转 [2 0 0 0 0 0] 与 2023 年的结转下年度 [1 0 0 0 0 0] 不一致；请核对两年的表三"
	if strings.Join(diags, "\n") != want {
		t.Errorf("got %v\nwant %s", diags, want)
	}
}

func TestDisclosureFolderFiles(t *testing.T) {
	_, diags := loadDisclosure(t, map[string]string{
		"data/disclosure/2024.toml":         figures2024,
		"data/disclosure/applications.xlsx": "",
		"data/disclosure/report.toml":       "",
		"data/disclosure/old/2020.toml":     "",
	})
	want := []string{
		"data/disclosure/applications.xlsx: 文件未被读取；登记簿应命名为 applications.csv",
		"data/disclosure/old: 目录未被读取；data/disclosure/ 中只有 <年份>.toml 和 applications.csv",
		"data/disclosure/report.toml: 文件未被读取；年度文件应以四位年份命名，如 data/disclosure/2024.toml",
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %v\nwant %v", diags, want)
	}
}
