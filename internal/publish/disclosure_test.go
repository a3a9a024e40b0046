package publish

import (
	"strings"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/disclosure"
)

// TestDisclosureCSV: the three tables as a spreadsheet reads them — BOM,
// CRLF, the format's words, the same figures as the JSON.
func TestDisclosureCSV(t *testing.T) {
	r := &disclosure.Report{Year: 2024}
	r.Active.Normative = disclosure.DocCounts{Issued: 3, Abolished: 1, InForce: 6}
	r.Active.Licensing, r.Active.FeesWanYuan = 126, 0.35
	r.Requests[disclosure.New][disclosure.NaturalPerson] = 2
	r.Requests[disclosure.New][disclosure.LegalService] = 1
	r.Requests[disclosure.RefusedSecurity][disclosure.LegalService] = 1
	r.Requests[disclosure.CarriedForward][disclosure.NaturalPerson] = 2
	r.Requests.FillTotals(true)
	r.Review.LitigationAfterReview.Pending = 1
	files, err := Disclosure(r)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Name] = string(f.Data)
	}
	if len(got) != 4 || !strings.HasPrefix(got["2024.json"], "{\n  \"year\": 2024,\n  \"active\": {") {
		t.Fatalf("files %v", got)
	}
	want := map[string][]string{
		"2024-active.csv": {
			"条款,信息内容,本年制发件数,本年废止件数,现行有效件数,本年处理决定数量,本年收费金额（万元）",
			"第二十条第（一）项,规章,0,0,0,,",
			"第二十条第（一）项,行政规范性文件,3,1,6,,",
			"第二十条第（五）项,行政许可,,,,126,",
			"第二十条第（六）项,行政处罚,,,,0,",
			"第二十条第（六）项,行政强制,,,,0,",
			"第二十条第（八）项,行政事业性收费,,,,,0.35",
		},
		"2024-review.csv": {
			"类别,结果维持,结果纠正,其他结果,尚未审结,总计",
			"行政复议,0,0,0,0,0",
			"行政诉讼（未经复议直接起诉）,0,0,0,0,0",
			"行政诉讼（复议后起诉）,0,0,0,1,1",
		},
	}
	for name, lines := range want {
		if g := got[name]; g != "\uFEFF"+strings.Join(lines, "\r\n")+"\r\n" {
			t.Errorf("%s:\n%q\nwant\n%q", name, g, lines)
		}
	}
	req := strings.Split(strings.TrimSuffix(got["2024-requests.csv"], "\r\n"), "\r\n")
	for i, line := range map[int]string{
		0:  "\uFEFF项目,类别,情形,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他法人或其他组织,总计",
		1:  "一、本年新收政府信息公开申请数量,,,2,0,0,0,1,0,3",
		3:  "三、本年度办理结果,（一）予以公开,,0,0,0,0,0,0,0",
		7:  "三、本年度办理结果,（三）不予公开,3.危及“三安全一稳定”,0,0,0,0,1,0,1",
		24: "三、本年度办理结果,（七）总计,,0,0,0,0,1,0,1",
		25: "四、结转下年度继续办理,,,2,0,0,0,0,0,2",
	} {
		if req[i] != line {
			t.Errorf("requests.csv line %d: %q, want %q", i+1, req[i], line)
		}
	}
	if len(req) != 26 {
		t.Errorf("requests.csv has %d lines, want a header and 25 rows", len(req))
	}
}
