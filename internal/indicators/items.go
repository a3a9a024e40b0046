package indicators

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The county-level items: 政府保障程度 (§3), 教育质量 (§4), 社会认可度 (§5),
// and the overall verdict.
//
// Item.Value and Item.Threshold are JSON-friendly: a float64, a bool, a
// string (item 6 of 教育质量), nil for a figure not given, or, for an item of
// several figures, a map[string]any of those (a component not given is nil
// in the map; the map itself is nil when no component is given). The keys of
// the maps are the county.toml keys:
//
//	保障 3–5   value: share of school parts meeting it (nil while a part lacks
//	           the figure); threshold: 1.0. Failing / Lacking name the parts.
//	保障 8     {"teacher_salary_avg", "civil_servant_salary_avg",
//	           "performance_pay_full"}; threshold {"teacher_salary_avg": the
//	           civil servants' average (the figure teachers must reach),
//	           "performance_pay_full": true}
//	保障 11    {"exchange_eligible_teachers", "exchange_teachers",
//	           "exchange_backbone_teachers", "exchange_share" (= exchange /
//	           eligible), "exchange_backbone_share" (= backbone / exchange)};
//	           threshold {"exchange_share", "exchange_backbone_share"}
//	保障 13    {"primary", "junior"}, both ways
//	保障 14    {"quota_allocation_share", "rural_preference"}, both ways
//	保障 15    {"left_behind_care", "migrant_public_share"}, both ways
//	质量 9     {"monitoring_level", "monitoring_gap_rate"}, both ways; the gap
//	           rate must be strictly below its threshold, the level at or above.
//
// Every other item has a single value compared "≥" (rates, 元) or a bool
// that must be true.

// combine is the status of an item made of parts: fail when any part fails,
// missing when none fails and one is missing, pass otherwise.
func combine(ss ...Status) Status {
	st := Pass
	for _, s := range ss {
		switch s {
		case Fail:
			return Fail
		case MissingData:
			st = MissingData
		}
	}
	return st
}

// ItemsStatus is the verdict on a dimension of items (政府保障程度,
// 教育质量): fail when an item fails, missing when none fails and one is
// missing, pass when every item passes — the rule overallOf applies.
func ItemsStatus(items []Item) Status {
	ss := make([]Status, len(items))
	for i, it := range items {
		ss[i] = it.Status
	}
	return combine(ss...)
}

func statusOf(ok bool) Status {
	if ok {
		return Pass
	}
	return Fail
}

func figAny(f Figure) any {
	if !f.Given {
		return nil
	}
	return f.Value
}

func boolAny(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func boolStatus(b *bool) Status {
	if b == nil {
		return MissingData
	}
	return statusOf(*b)
}

// geStatus is the status of f ≥ t.
func geStatus(f Figure, t float64) Status {
	if !f.Given {
		return MissingData
	}
	return statusOf(atLeast(f.Value, t))
}

// valueMap returns m, or nil when every value in it is nil.
func valueMap(m map[string]any) any {
	for _, v := range m {
		if v != nil {
			return m
		}
	}
	return nil
}

func newItem(info ItemInfo) Item { return Item{Item: info.Item, Name: info.Name} }

func boolItem(info ItemInfo, b *bool) Item {
	it := newItem(info)
	it.Value, it.Threshold, it.Status = boolAny(b), true, boolStatus(b)
	return it
}

func geItem(info ItemInfo, f Figure, t float64) Item {
	it := newItem(info)
	it.Value, it.Threshold, it.Status = figAny(f), t, geStatus(f, t)
	return it
}

func assuranceItems(a Assurance, parts []*SchoolPart, reasons []string, std Standards) []Item {
	s := std.Assurance
	info := func(n int) ItemInfo { return AssuranceInfo(n, std) }
	items := make([]Item, 0, 15)
	items = append(items,
		boolItem(info(1), a.LayoutPlanned),
		boolItem(info(2), a.FourUnified),
		schoolItem(info(3), parts, reasons, func(p *SchoolPart, b *checkBuf) { roomsCheck(p, s, b) }),
		schoolItem(info(4), parts, reasons, sizeCheck(parts, s)),
		schoolItem(info(5), parts, reasons, func(p *SchoolPart, b *checkBuf) { classCheck(p, std, b) }),
		boolItem(info(6), a.SmallSchoolFundingFloor),
		geItem(info(7), a.SpecialSchoolFundingPerStudent, s.SpecialSchoolFunding),
		salaryItem(info(8), a),
		geItem(info(9), a.Training360Completion, s.TrainingCompletion),
		boolItem(info(10), a.StaffingCoordinated),
		exchangeItem(info(11), a, s),
		certifiedItem(info(12), a, s, parts, reasons),
	)

	it := newItem(info(13))
	it.Value = valueMap(map[string]any{"primary": figAny(a.NearbyEnrollmentPrimary), "junior": figAny(a.NearbyEnrollmentJunior)})
	it.Threshold = map[string]any{"primary": s.NearbyEnrollmentPrimary, "junior": s.NearbyEnrollmentJunior}
	it.Status = combine(geStatus(a.NearbyEnrollmentPrimary, s.NearbyEnrollmentPrimary), geStatus(a.NearbyEnrollmentJunior, s.NearbyEnrollmentJunior))
	items = append(items, it)

	it = newItem(info(14))
	it.Value = valueMap(map[string]any{"quota_allocation_share": figAny(a.QuotaAllocationShare), "rural_preference": boolAny(a.QuotaRuralPreference)})
	it.Threshold = map[string]any{"quota_allocation_share": s.QuotaAllocationShare, "rural_preference": true}
	it.Status = combine(geStatus(a.QuotaAllocationShare, s.QuotaAllocationShare), boolStatus(a.QuotaRuralPreference))
	items = append(items, it)

	it = newItem(info(15))
	it.Value = valueMap(map[string]any{"left_behind_care": boolAny(a.LeftBehindCare), "migrant_public_share": figAny(a.MigrantPublicShare)})
	it.Threshold = map[string]any{"left_behind_care": true, "migrant_public_share": s.MigrantPublicShare}
	it.Status = combine(boolStatus(a.LeftBehindCare), geStatus(a.MigrantPublicShare, s.MigrantPublicShare))
	items = append(items, it)
	return items
}

// checkBuf collects what a school part fails (Chinese details) and which
// figures it lacks; reused from part to part.
type checkBuf struct{ fails, lacks []string }

func (b *checkBuf) fail(format string, args ...any) {
	b.fails = append(b.fails, fmt.Sprintf(format, args...))
}
func (b *checkBuf) lack(what string) { b.lacks = append(b.lacks, what) }

// schoolItem is an item of §3 decided per school part (items 3–5), over the
// included parts of both levels in input order.
func schoolItem(info ItemInfo, parts []*SchoolPart, reasons []string, check func(*SchoolPart, *checkBuf)) Item {
	it := newItem(info)
	it.Threshold = 1.0
	n, met := 0, 0
	var b checkBuf
	for i, p := range parts {
		if reasons[i] != "" || (p.Level != Primary && p.Level != Junior) {
			continue
		}
		n++
		b.fails, b.lacks = b.fails[:0], b.lacks[:0]
		check(p, &b)
		switch {
		case len(b.fails) > 0:
			it.Failing = append(it.Failing, ItemFailure{p.SchoolID, p.SchoolName, p.Level, strings.Join(b.fails, "；")})
		case len(b.lacks) > 0:
		default:
			met++
		}
		if len(b.lacks) > 0 {
			it.Lacking = append(it.Lacking, ItemFailure{p.SchoolID, p.SchoolName, p.Level, "未提供" + strings.Join(b.lacks, "、")})
		}
	}
	switch {
	case len(it.Failing) > 0:
		it.Status = Fail
	case n == 0 || len(it.Lacking) > 0:
		it.Status = MissingData
	default:
		it.Status = Pass
	}
	if n > 0 && len(it.Lacking) == 0 {
		it.Value = float64(met) / float64(n)
	}
	return it
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// roomsCheck is item 3: music and art rooms, each ≥ max(1, ⌈classes /
// ClassesPerRoom⌉), the smallest music room ≥ MusicRoomMinArea and the
// smallest art room ≥ ArtRoomMinArea. Without 班级数 a part with no room at
// all still fails (one room is always needed).
func roomsCheck(p *SchoolPart, s AssuranceStandards, b *checkBuf) {
	need, needKnown := 1.0, p.Classes.Given
	if needKnown && s.ClassesPerRoom > 0 {
		need = math.Max(1, math.Ceil(p.Classes.Value/float64(s.ClassesPerRoom)))
	}
	// Without 班级数, a room count ≥ 1 may or may not be enough.
	if !needKnown && ((p.MusicRooms.Given && p.MusicRooms.Value >= 1) || (p.ArtRooms.Given && p.ArtRooms.Value >= 1)) {
		b.lack("班级数")
	}
	for art := range 2 {
		name, rooms, area, minArea := "音乐专用教室", p.MusicRooms, p.MusicRoomMinArea, s.MusicRoomMinArea
		roomsName, areaName := "音乐专用教室数", "音乐专用教室最小面积"
		if art == 1 {
			name, rooms, area, minArea = "美术专用教室", p.ArtRooms, p.ArtRoomMinArea, s.ArtRoomMinArea
			roomsName, areaName = "美术专用教室数", "美术专用教室最小面积"
		}
		switch {
		case !rooms.Given:
			b.lack(roomsName)
		case rooms.Value < need && needKnown:
			b.fail("%s %s 间，应 ≥ %s 间（%s 个班）", name, num(rooms.Value), num(need), num(p.Classes.Value))
		case rooms.Value < need:
			b.fail("%s %s 间，应 ≥ %s 间", name, num(rooms.Value), num(need))
		}
		switch {
		case !area.Given:
			b.lack(areaName)
		case !atLeast(area.Value, minArea):
			b.fail("%s %s ㎡，应 ≥ %s ㎡", areaName, num(area.Value), num(minArea))
		}
	}
}

// sizeCheck is item 4: the whole school's students (its parts of both levels
// together: the rule counts the 义务教育阶段) ≤ MaxSchoolSize, or ≤
// MaxThroughSchoolSize for a 九年一贯制 or 十二年一贯制 school.
func sizeCheck(parts []*SchoolPart, s AssuranceStandards) func(*SchoolPart, *checkBuf) {
	total := make(map[string]int)
	through := make(map[string]bool)
	for _, p := range parts {
		if p.Level != Primary && p.Level != Junior {
			continue
		}
		total[p.SchoolID] += p.Students
		if p.SchoolType == NineYear || p.SchoolType == TwelveYear {
			through[p.SchoolID] = true
		}
	}
	return func(p *SchoolPart, b *checkBuf) {
		limit := s.MaxSchoolSize
		if through[p.SchoolID] {
			limit = s.MaxThroughSchoolSize
		}
		if n := total[p.SchoolID]; n > limit {
			b.fail("学校规模 %d 人，应 ≤ %d 人", n, limit)
		}
	}
}

// classCheck is item 5: 最大班额 ≤ the level's MaxClassSize.
func classCheck(p *SchoolPart, std Standards, b *checkBuf) {
	limit := std.Level(p.Level).MaxClassSize
	switch {
	case !p.MaxClassSize.Given:
		b.lack("最大班额")
	case !atMost(p.MaxClassSize.Value, float64(limit)):
		b.fail("最大班额 %s 人，应 ≤ %d 人", num(p.MaxClassSize.Value), limit)
	}
}

// salaryItem is item 8: teachers' average salary ≥ civil servants', and
// performance pay fully granted.
func salaryItem(info ItemInfo, a Assurance) Item {
	it := newItem(info)
	it.Value = valueMap(map[string]any{
		"teacher_salary_avg":       figAny(a.TeacherSalaryAvg),
		"civil_servant_salary_avg": figAny(a.CivilServantSalaryAvg),
		"performance_pay_full":     boolAny(a.PerformancePayFull),
	})
	it.Threshold = map[string]any{
		"teacher_salary_avg":   figAny(a.CivilServantSalaryAvg),
		"performance_pay_full": true,
	}
	salary := MissingData
	if a.TeacherSalaryAvg.Given && a.CivilServantSalaryAvg.Given {
		salary = statusOf(atLeast(a.TeacherSalaryAvg.Value, a.CivilServantSalaryAvg.Value))
	}
	it.Status = combine(salary, boolStatus(a.PerformancePayFull))
	return it
}

// exchangeItem is item 11: exchange / eligible ≥ ExchangeShare and
// backbone / exchange ≥ ExchangeBackboneShare, decided on the counts.
func exchangeItem(info ItemInfo, a Assurance, s AssuranceStandards) Item {
	it := newItem(info)
	el, ex, bb := a.ExchangeEligibleTeachers, a.ExchangeTeachers, a.ExchangeBackboneTeachers
	share, bshare := Gap(ex, el), Gap(bb, ex)
	it.Value = valueMap(map[string]any{
		"exchange_eligible_teachers": figAny(el),
		"exchange_teachers":          figAny(ex),
		"exchange_backbone_teachers": figAny(bb),
		"exchange_share":             figAny(share),
		"exchange_backbone_share":    figAny(bshare),
	})
	it.Threshold = map[string]any{"exchange_share": s.ExchangeShare, "exchange_backbone_share": s.ExchangeBackboneShare}
	st1, st2 := MissingData, MissingData
	if share.Given {
		st1 = statusOf(cmpProd([]float64{ex.Value}, []float64{s.ExchangeShare, el.Value}) >= 0)
	}
	if bshare.Given {
		st2 = statusOf(cmpProd([]float64{bb.Value}, []float64{s.ExchangeBackboneShare, ex.Value}) >= 0)
	}
	it.Status = combine(st1, st2)
	return it
}

// certifiedItem is item 12: county.toml's certified_rate when given, else
// Σ certified / Σ teachers over the included parts when every one gives both.
func certifiedItem(info ItemInfo, a Assurance, s AssuranceStandards, parts []*SchoolPart, reasons []string) Item {
	if a.CertifiedRate.Given {
		return geItem(info, a.CertifiedRate, s.CertifiedRate)
	}
	it := newItem(info)
	it.Threshold = s.CertifiedRate
	it.Status = MissingData
	var cert, teach float64
	n := 0
	for i, p := range parts {
		if reasons[i] != "" || (p.Level != Primary && p.Level != Junior) {
			continue
		}
		if !p.CertifiedTeachers.Given || !p.Teachers.Given {
			return it
		}
		n++
		cert += p.CertifiedTeachers.Value
		teach += p.Teachers.Value
	}
	if n == 0 || teach <= 0 {
		return it
	}
	it.Value = cert / teach
	it.Status = statusOf(cmpProd([]float64{cert}, []float64{s.CertifiedRate, teach}) >= 0)
	return it
}

// moralRank orders 德育 ratings: 优秀 > 良好 > 一般 > 较差; 0 for any other.
func moralRank(s string) int {
	switch strings.TrimSpace(s) {
	case "优秀":
		return 4
	case "良好":
		return 3
	case "一般":
		return 2
	case "较差":
		return 1
	}
	return 0
}

func qualityItems(q Quality, s QualityStandards) []Item {
	info := func(n int) ItemInfo { return QualityInfo(n, s) }
	items := []Item{
		geItem(info(1), q.JuniorRetentionRate, s.JuniorRetentionRate),
		geItem(info(2), q.DisabledEnrollmentRate, s.DisabledEnrollmentRate),
		boolItem(info(3), q.ChartersAndIT),
		geItem(info(4), q.TrainingFundsShare, s.TrainingFundsShare),
		boolItem(info(5), q.ITTeaching),
	}

	// 6: a rating not one of the four (or an unknown standard) cannot be
	// judged: missing.
	it := newItem(info(6))
	it.Threshold = s.MoralEducation
	it.Status = MissingData
	if r, rs := moralRank(q.MoralEducation), moralRank(s.MoralEducation); r > 0 && rs > 0 {
		it.Value = strings.TrimSpace(q.MoralEducation)
		it.Status = statusOf(r >= rs)
	}
	items = append(items, it, boolItem(info(7), q.CurriculumComplete), boolItem(info(8), q.NoExcessBurden))

	// 9: level ≥ MonitoringLevel and gap rate strictly < MonitoringGapRate.
	it = newItem(info(9))
	it.Value = valueMap(map[string]any{"monitoring_level": figAny(q.MonitoringLevel), "monitoring_gap_rate": figAny(q.MonitoringGapRate)})
	it.Threshold = map[string]any{"monitoring_level": s.MonitoringLevel, "monitoring_gap_rate": s.MonitoringGapRate}
	gap := MissingData
	if q.MonitoringGapRate.Given {
		gap = statusOf(cmpProd([]float64{q.MonitoringGapRate.Value}, []float64{s.MonitoringGapRate}) < 0)
	}
	it.Status = combine(geStatus(q.MonitoringLevel, s.MonitoringLevel), gap)
	return append(items, it)
}

func recognitionVerdict(r Recognition, s RecognitionStandards) Verdict {
	return Verdict{Status: geStatus(r.Satisfaction, s.Satisfaction), Value: figAny(r.Satisfaction), Threshold: s.Satisfaction}
}

// overallOf: fail when anything definitively fails (a level's Pass false,
// an item fail, recognition fail); pass when everything passes (every level
// present passes, every item and recognition pass); incomplete otherwise.
// Without any school part of either level items 3–5 are missing, so a
// county with no level is never a pass.
func overallOf(r *Report) Overall {
	fail, all := false, true
	for _, l := range Levels {
		lr := r.Levels.Get(l)
		if lr == nil {
			continue
		}
		switch {
		case lr.Pass == nil:
			all = false
		case !*lr.Pass:
			fail = true
		}
	}
	sts := []Status{r.Recognition.Status}
	for _, it := range r.Assurance {
		sts = append(sts, it.Status)
	}
	for _, it := range r.Quality {
		sts = append(sts, it.Status)
	}
	switch combine(sts...) {
	case Fail:
		fail = true
	case MissingData:
		all = false
	}
	switch {
	case fail:
		return OverallFail
	case all:
		return OverallPass
	}
	return OverallIncomplete
}
