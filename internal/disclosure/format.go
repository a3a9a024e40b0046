package disclosure

import (
	"strings"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// The official format's words: the rows and columns of the tables as
// 国办公开办函〔2021〕30号 names them. The page, the CSV files and the
// register (whose 办理结果 and 申请人类型 are written in these words) all
// take them from here.

// Applicant is a column of 表三: who applied.
type Applicant int

// The applicants, in the order of the columns.
const (
	NaturalPerson  Applicant = iota // 自然人
	Business                        // 商业企业
	Research                        // 科研机构
	PublicInterest                  // 社会公益组织
	LegalService                    // 法律服务机构
	OtherOrg                        // 其他（法人或其他组织）
	NumApplicants
)

// TotalColumn is the column 总计 of 表三, after the six applicants.
const (
	TotalColumn = int(NumApplicants)
	NumColumns  = TotalColumn + 1
)

// ColumnKeys are the JSON names of 表三's columns.
var ColumnKeys = [NumColumns]string{"natural_person", "business", "research", "public_interest", "legal_service", "other_org", "total"}

// ApplicantNames are the register's 申请人类型 and the columns' headings
// under 法人或其他组织 (自然人 stands on its own).
var ApplicantNames = [NumApplicants]string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}

// Headings of 表三's columns.
const (
	ApplicantsHeading    = "申请人情况"
	OrganisationsHeading = "法人或其他组织"
	TotalHeading         = "总计"
	// BalanceNote is the official note in the corner of 表三.
	BalanceNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
)

// ColumnName is the heading of a column of 表三 on its own (in a CSV
// file): 其他 is 其他法人或其他组织 there.
func ColumnName(c int) string {
	switch {
	case c == TotalColumn:
		return TotalHeading
	case Applicant(c) == OtherOrg:
		return "其他法人或其他组织"
	}
	return ApplicantNames[c]
}

// Row is a row of 表三.
type Row int

// The rows of 表三, in order.
const (
	New         Row = iota // 一、本年新收
	CarriedOver            // 二、上年结转
	Granted                // 三（一）予以公开
	PartlyGranted
	RefusedStateSecret
	RefusedLaw
	RefusedSecurity
	RefusedThirdParty
	RefusedInternalAffairs
	RefusedProcessInfo
	RefusedEnforcementFile
	RefusedQuery
	UnableNotHeld
	UnableNeedCreation
	UnableUnclear
	NotProcessedPetition
	NotProcessedRepeat
	NotProcessedPublication
	NotProcessedMassive
	NotProcessedConfirm
	OtherNoCorrection
	OtherNoFee
	OtherOther
	Total          // 三（七）总计
	CarriedForward // 四、结转下年度继续办理
	NumRows
)

// IsOutcome tells whether r is one of 三's 办理结果 (not 三（七）总计).
func (r Row) IsOutcome() bool { return r >= Granted && r <= OtherOther }

// RowInfo says how the format names a row.
type RowInfo struct {
	Key string // JSON name
	// Group is the 办理结果 the row is of, e.g. （三）不予公开; for a row
	// of its own ((一)予以公开, (七)总计, and 一, 二, 四) it is the row's
	// whole name and Item is "".
	Group string
	Item  string // e.g. 1.属于国家秘密
}

// RowName is a row's whole name: 一、本年新收政府信息公开申请数量,
// （三）不予公开 1.属于国家秘密.
func RowName(r Row) string {
	if info := Rows[r]; info.Item != "" {
		return info.Group + " " + info.Item
	}
	return Rows[r].Group
}

// Part is 三、本年度办理结果, the heading of the rows Granted … Total.
const Part = "三、本年度办理结果"

// Rows names every row.
var Rows = [NumRows]RowInfo{
	{"new", "一、本年新收政府信息公开申请数量", ""},
	{"carried_over", "二、上年结转政府信息公开申请数量", ""},
	{"granted", "（一）予以公开", ""},
	{"partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""},
	{"refused_state_secret", refused, "1.属于国家秘密"},
	{"refused_law", refused, "2.其他法律行政法规禁止公开"},
	{"refused_security", refused, "3.危及“三安全一稳定”"},
	{"refused_third_party", refused, "4.保护第三方合法权益"},
	{"refused_internal_affairs", refused, "5.属于三类内部事务信息"},
	{"refused_process_info", refused, "6.属于四类过程性信息"},
	{"refused_enforcement_file", refused, "7.属于行政执法案卷"},
	{"refused_query", refused, "8.属于行政查询事项"},
	{"unable_not_held", unable, "1.本机关不掌握相关政府信息"},
	{"unable_need_creation", unable, "2.没有现成信息需要另行制作"},
	{"unable_unclear", unable, "3.补正后申请内容仍不明确"},
	{"not_processed_petition", notProcessed, "1.信访举报投诉类申请"},
	{"not_processed_repeat", notProcessed, "2.重复申请"},
	{"not_processed_publication", notProcessed, "3.要求提供公开出版物"},
	{"not_processed_massive", notProcessed, "4.无正当理由大量反复申请"},
	{"not_processed_confirm", notProcessed, "5.要求行政机关确认或重新出具已获取信息"},
	{"other_no_correction", other, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"other_no_fee", other, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"other_other", other, "3.其他"},
	{"total", "（七）总计", ""},
	{"carried_forward", "四、结转下年度继续办理", ""},
}

const (
	refused      = "（三）不予公开"
	unable       = "（四）无法提供"
	notProcessed = "（五）不予处理"
	other        = "（六）其他处理"
)

// enumerators are the numbering the format puts before a name: 一、 （三）
// 1. — the register writes names without it.
var enumerator = lazyre.New(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]+[.．、])`)

// bare is a name without its numbering and the format's remark in
// brackets: 部分公开, 属于国家秘密.
func bare(s string) string {
	s = enumerator().ReplaceAllString(s, "")
	if i := strings.IndexAny(s, "（("); i > 0 {
		s = s[:i]
	}
	return s
}

// OutcomeName is how the register writes an outcome: 予以公开, 部分公开,
// 不予公开/属于国家秘密, 其他处理/其他.
func OutcomeName(r Row) string {
	info := Rows[r]
	if info.Item == "" {
		return bare(info.Group)
	}
	return bare(info.Group) + "/" + bare(info.Item)
}

// OutcomeNames lists the register's outcomes, in the order of the rows.
func OutcomeNames() []string {
	var out []string
	for r := Granted; r <= OtherOther; r++ {
		out = append(out, OutcomeName(r))
	}
	return out
}

// fold is a name as the register's cells are compared: no spaces or
// quotes, half-width slashes, no numbering before either part.
func fold(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u3000', '"', '“', '”', '\'', '‘', '’', '「', '」':
			return -1
		case '／', '\\':
			return '/'
		}
		return r
	}, s)
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = bare(p)
	}
	return strings.Join(parts, "/")
}

var outcomeByName = func() map[string]Row {
	m := map[string]Row{}
	for r := Granted; r <= OtherOther; r++ {
		m[fold(OutcomeName(r))] = r
	}
	return m
}()

// ParseOutcome reads a register's 办理结果: the row's name as OutcomeName
// writes it, with or without the format's numbering (不予公开/1.属于国家秘密)
// and quotes.
func ParseOutcome(s string) (Row, bool) {
	r, ok := outcomeByName[fold(s)]
	return r, ok
}

// ParseApplicant reads a register's 申请人类型; 其他 may be written
// 其他法人或其他组织 and the organisations with 法人或其他组织/ before them.
func ParseApplicant(s string) (Applicant, bool) {
	s = fold(s)
	s = strings.TrimPrefix(s, OrganisationsHeading+"/")
	if s == ColumnName(int(OtherOrg)) {
		return OtherOrg, true
	}
	for a, n := range ApplicantNames {
		if s == n {
			return Applicant(a), true
		}
	}
	return 0, false
}

// The words of 表二.
const (
	ActiveArticle1 = "第二十条第（一）项"
	ActiveArticle5 = "第二十条第（五）项"
	ActiveArticle6 = "第二十条第（六）项"
	ActiveArticle8 = "第二十条第（八）项"
	ContentHeading = "信息内容"
	IssuedHeading  = "本年制发件数"
	AbolishHeading = "本年废止件数"
	InForceHeading = "现行有效件数"
	DecisionsHead  = "本年处理决定数量"
	FeesHeading    = "本年收费金额（单位：万元）"
	RegulationName = "规章"
	NormativeName  = "行政规范性文件"
	LicensingName  = "行政许可"
	PunishmentName = "行政处罚"
	EnforceName    = "行政强制"
	FeesName       = "行政事业性收费"
)

// The words of 表四.
const (
	ReviewName            = "行政复议"
	LitigationName        = "行政诉讼"
	LitigationDirectName  = "未经复议直接起诉"
	LitigationAfterName   = "复议后起诉"
	UpheldName            = "结果维持"
	CorrectedName         = "结果纠正"
	OtherResultName       = "其他结果"
	PendingName           = "尚未审结"
	OutcomesTotalName     = "总计"
	LitigationDirectTitle = LitigationName + "（" + LitigationDirectName + "）"
	LitigationAfterTitle  = LitigationName + "（" + LitigationAfterName + "）"
)

// OutcomeHeadings are the columns of one kind of proceedings in 表四.
var OutcomeHeadings = [5]string{UpheldName, CorrectedName, OtherResultName, PendingName, OutcomesTotalName}

// Cells are the five figures of o in the order of OutcomeHeadings.
func (o Outcomes) Cells() [5]int { return [5]int{o.Upheld, o.Corrected, o.Other, o.Pending, o.Total()} }
