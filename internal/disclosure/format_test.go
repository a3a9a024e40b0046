package disclosure

import (
	"encoding/json"
	"testing"
)

func TestOutcomeNames(t *testing.T) {
	names := OutcomeNames()
	if len(names) != 21 {
		t.Fatalf("%d outcomes, want the format's 21 rows of 三", len(names))
	}
	for _, want := range []string{"予以公开", "部分公开", "不予公开/属于国家秘密", "不予公开/危及“三安全一稳定”", "无法提供/补正后申请内容仍不明确", "不予处理/重复申请", "其他处理/其他"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("%s is not among the outcomes %v", want, names)
		}
	}
	for r := Granted; r <= OtherOther; r++ {
		if got, ok := ParseOutcome(OutcomeName(r)); !ok || got != r {
			t.Errorf("ParseOutcome(%q) = %v, %v", OutcomeName(r), got, ok)
		}
	}
	for in, want := range map[string]Row{
		" 予以公开 ":              Granted,
		"（二）部分公开":             PartlyGranted,
		"不予公开/1.属于国家秘密":       RefusedStateSecret,
		"不予公开／3.危及\"三安全一稳定\"": RefusedSecurity,
		"不予公开/危及三安全一稳定":       RefusedSecurity,
		"（六）其他处理/3.其他":        OtherOther,
		"其他处理 / 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": OtherNoFee,
	} {
		if got, ok := ParseOutcome(in); !ok || got != want {
			t.Errorf("ParseOutcome(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "公开", "不予公开", "属于国家秘密", "其他", "总计", "结转下年度继续办理", "不予处理/其他"} {
		if r, ok := ParseOutcome(bad); ok {
			t.Errorf("ParseOutcome(%q) = %v, want not an outcome", bad, r)
		}
	}
}

func TestParseApplicant(t *testing.T) {
	for in, want := range map[string]Applicant{
		"自然人": NaturalPerson, "商业企业": Business, " 科研机构": Research, "社会公益组织": PublicInterest,
		"法律服务机构": LegalService, "其他": OtherOrg, "其他法人或其他组织": OtherOrg, "法人或其他组织/商业企业": Business,
	} {
		if got, ok := ParseApplicant(in); !ok || got != want {
			t.Errorf("ParseApplicant(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "个人", "企业", "法人或其他组织", "总计"} {
		if a, ok := ParseApplicant(bad); ok {
			t.Errorf("ParseApplicant(%q) = %v, want not an applicant", bad, a)
		}
	}
}

// TestJSONKeys holds the keys of data/disclosure/<year>.json to the
// contract, in its order.
func TestJSONKeys(t *testing.T) {
	r := &Report{Year: 2024}
	r.Requests[Granted][Business] = 2
	r.Requests.FillTotals(true)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	want := `{"year":2024,` +
		`"active":{"regulation":{"issued":0,"abolished":0,"in_force":0},"normative":{"issued":0,"abolished":0,"in_force":0},"licensing":0,"punishment":0,"enforcement":0,"fees_wan_yuan":0},` +
		`"requests":{"columns":["natural_person","business","research","public_interest","legal_service","other_org","total"],"rows":{"new":[0,0,0,0,0,0,0],"carried_over":[0,0,0,0,0,0,0],"granted":[0,2,0,0,0,0,2],"partly_granted":[0,0,0,0,0,0,0],` +
		`"refused_state_secret":[0,0,0,0,0,0,0],"refused_law":[0,0,0,0,0,0,0],"refused_security":[0,0,0,0,0,0,0],"refused_third_party":[0,0,0,0,0,0,0],"refused_internal_affairs":[0,0,0,0,0,0,0],"refused_process_info":[0,0,0,0,0,0,0],"refused_enforcement_file":[0,0,0,0,0,0,0],"refused_query":[0,0,0,0,0,0,0],` +
		`"unable_not_held":[0,0,0,0,0,0,0],"unable_need_creation":[0,0,0,0,0,0,0],"unable_unclear":[0,0,0,0,0,0,0],` +
		`"not_processed_petition":[0,0,0,0,0,0,0],"not_processed_repeat":[0,0,0,0,0,0,0],"not_processed_publication":[0,0,0,0,0,0,0],"not_processed_massive":[0,0,0,0,0,0,0],"not_processed_confirm":[0,0,0,0,0,0,0],` +
		`"other_no_correction":[0,0,0,0,0,0,0],"other_no_fee":[0,0,0,0,0,0,0],"other_other":[0,0,0,0,0,0,0],"total":[0,2,0,0,0,0,2],"carried_forward":[0,0,0,0,0,0,0]}},` +
		`"review":{"review":{"upheld":0,"corrected":0,"other":0,"pending":0,"total":0},"litigation_direct":{"upheld":0,"corrected":0,"other":0,"pending":0,"total":0},"litigation_after_review":{"upheld":0,"corrected":0,"other":0,"pending":0,"total":0}}}`
	if s != want {
		t.Errorf("JSON\n got %s\nwant %s", s, want)
	}
}
