package indicators

import "fmt"

// Compute computes the report of one county and one year.
//
// Shared facilities are apportioned first (Apportion). Each school part of
// level 小学 or 初中 is then either excluded, with its reason
// (ExclusionReason), or assessed: its seven values, how many meet their
// threshold, whether it passes (6 of 7, the last ≥ 85 %), and its shortfalls.
// Over the included parts of each level come the indicator values (ratio of
// totals), the student-weighted 差异系数 and the 城区/镇区/乡村 groups.
// Then the 15 政府保障程度 items, the 9 教育质量 items, 社会认可度 and the
// overall verdict. A part of any other level is ignored.
//
// A figure not given is never 0 and never a pass: it makes what depends on
// it Missing, and a verdict it could still change null (nil).
func Compute(in Input, std Standards) *Report {
	parts := apportionedView(in.Parts, in.Shared, std.Weights) // read only
	reasons := make([]string, len(parts))
	for i, p := range parts {
		reasons[i] = ExclusionReason(*p, std.Scope)
	}
	rep := &Report{
		Year:      in.Year,
		County:    CountyRef{Name: in.County.Name, Code: in.County.Code},
		Standards: std,
		Meta:      in.County,
	}
	rep.Levels.Primary = computeLevel(Primary, parts, reasons, std)
	rep.Levels.Junior = computeLevel(Junior, parts, reasons, std)
	rep.Assurance = assuranceItems(in.County.Assurance, parts, reasons, std)
	rep.Quality = qualityItems(in.County.Quality, std.Quality)
	rep.Recognition = recognitionVerdict(in.County.Recognition, std.Recognition)
	rep.Overall = overallOf(rep)
	return rep
}

// ExclusionReason returns why part p is left out of its level's population
// under scope s, in Chinese, or "" when it is included. The first that
// applies: 0 students ("在校生数为0"), a 特殊教育学校, a 教学点 (or, when
// teaching points are included, one below TeachingPointMinStudents), a 民办
// school.
func ExclusionReason(p SchoolPart, s Scope) string {
	switch {
	case p.Students == 0:
		return "在校生数为0"
	case p.Students < 0:
		return "在校生数无效"
	case p.SchoolType == SpecialSchool && !s.IncludeSpecialSchools:
		return "特殊教育学校"
	case p.SchoolType == TeachingPoint && !s.IncludeTeachingPoints:
		return "教学点"
	case p.SchoolType == TeachingPoint && p.Students < s.TeachingPointMinStudents:
		return fmt.Sprintf("教学点规模不足%d人", s.TeachingPointMinStudents)
	case p.Private && !s.IncludePrivate:
		return "民办学校"
	}
	return ""
}

// Raw returns the input figure of indicator ind on the part: teachers,
// ㎡, 元 or rooms (the numerator of the indicator).
func (p SchoolPart) Raw(ind Indicator) Figure {
	switch ind {
	case QualifiedTeachers:
		return p.QualifiedTeachers
	case BackboneTeachers:
		return p.BackboneTeachers
	case PEArtTeachers:
		return p.PEArtTeachers
	case TeachingArea:
		return p.TeachingArea
	case SportsArea:
		return p.SportsArea
	case EquipmentValue:
		return p.EquipmentValue
	case MultimediaRooms:
		return p.MultimediaRooms
	}
	return Missing
}

// per100 reports whether ind is counted per 100 students (teachers, rooms;
// their shortfalls are whole numbers).
func per100(ind Indicator) bool {
	switch ind {
	case QualifiedTeachers, BackboneTeachers, PEArtTeachers, MultimediaRooms:
		return true
	}
	return false
}

func scaleOf(ind Indicator) float64 {
	if per100(ind) {
		return 100
	}
	return 1
}

// Evaluate assesses one included school part against the standards of its
// level: Values (all seven keys, Missing where the input is not given), Met,
// Pass and Shortfalls (never nil). A part with no students (which Compute
// excludes) has every value Missing.
//
// Pass is true when at least std.MinMet values reach their threshold and every
// other reaches std.FloorShare of it; false when that can no longer happen
// whatever the missing figures are (a known value below the floor, or fewer
// than MinMet met even if every missing one were met); nil otherwise. A
// missing figure never counts as met, so Pass is never true while one is
// missing.
func Evaluate(p SchoolPart, std Standards) SchoolResult {
	var res SchoolResult
	evaluate(&res, &p, std)
	return res
}

// evaluate is Evaluate into *res, also giving each indicator's order against
// its threshold (−1 below, 0 at, 1 above; 0 for a missing figure).
func evaluate(res *SchoolResult, p *SchoolPart, std Standards) [7]int {
	ls := std.Level(p.Level)
	g, _ := GroupOf(p.UrbanRuralCode)
	*res = SchoolResult{
		SchoolID:   p.SchoolID,
		SchoolName: p.SchoolName,
		Group:      g,
		Students:   p.Students,
		Values:     make(map[Indicator]Figure, len(Indicators)),
		Shortfalls: map[Indicator]float64{},
		Part:       *p,
	}
	var cmps [7]int
	missing, belowFloor := 0, 0
	for k, ind := range Indicators {
		x := p.Raw(ind)
		if !x.Given || p.Students <= 0 {
			res.Values[ind] = Missing
			missing++
			continue
		}
		t := ls.Threshold(ind)
		v, cmpT, cmpF := ratValue(x.Value, scaleOf(ind), p.Students, t, std.FloorShare)
		res.Values[ind] = Given(v)
		cmps[k] = cmpT
		if cmpT >= 0 {
			res.Met++
			continue
		}
		if per100(ind) {
			res.Shortfalls[ind] = ceilShortfall(t, p.Students, 100, x.Value)
		} else {
			res.Shortfalls[ind] = amountShortfall(t, p.Students, x.Value)
		}
		if cmpF < 0 {
			belowFloor++
		}
	}
	switch {
	case belowFloor > 0 || res.Met+missing < std.MinMet:
		res.Pass = boolPtr(false)
	case missing == 0:
		res.Pass = boolPtr(true)
	}
	return cmps
}

func boolPtr(b bool) *bool { return &b }

// groupIndex maps a group to 0..2, or −1 for none.
func groupIndex(g Group) int {
	switch g {
	case Urban:
		return 0
	case Town:
		return 1
	case Rural:
		return 2
	}
	return -1
}

// computeLevel is 资源配置 of level l; nil when the level has no part at all.
func computeLevel(l Level, parts []*SchoolPart, reasons []string, std Standards) *LevelReport {
	n := 0
	for i := range parts {
		if parts[i].Level == l {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	lr := &LevelReport{
		Level:      l,
		Schools:    make([]SchoolResult, 0, n),
		Excluded:   []Exclusion{},
		Indicators: make(map[Indicator]*IndicatorResult, len(Indicators)),
	}
	cmps := make([][7]int, 0, n)
	for i, p := range parts {
		if p.Level != l {
			continue
		}
		if reasons[i] != "" {
			lr.Excluded = append(lr.Excluded, Exclusion{
				SchoolID: p.SchoolID, Reason: reasons[i],
				SchoolName: p.SchoolName, Level: l, Students: p.Students,
			})
			continue
		}
		lr.Schools = append(lr.Schools, SchoolResult{})
		cmps = append(cmps, evaluate(&lr.Schools[len(lr.Schools)-1], p, std))
		lr.Students += p.Students
	}

	ls := std.Level(l)
	xs := make([]float64, 0, len(lr.Schools))
	ps := make([]int, 0, len(lr.Schools))
	allCV, anyCVFail := true, false
	for k, ind := range Indicators {
		ir := &IndicatorResult{
			Threshold: ls.Threshold(ind),
			CVLimit:   ls.CVLimit,
			Groups:    make(map[Group]*GroupResult, len(Groups)),
		}
		scale := scaleOf(ind)
		xs, ps = xs[:0], ps[:0]
		complete := len(lr.Schools) > 0
		var sum ksum
		var gsum [3]ksum
		var gstud, gn, gmet [3]int
		var gcomplete = [3]bool{true, true, true}
		for j := range lr.Schools {
			s := &lr.Schools[j]
			x := s.Part.Raw(ind)
			gi := groupIndex(s.Group)
			if gi >= 0 {
				gn[gi]++
				gstud[gi] += s.Students
			}
			if !x.Given {
				complete = false
				if gi >= 0 {
					gcomplete[gi] = false
				}
				continue
			}
			xs = append(xs, x.Value)
			ps = append(ps, s.Students)
			sum.add(x.Value)
			if gi >= 0 {
				gsum[gi].add(x.Value)
				if cmps[j][k] >= 0 {
					gmet[gi]++
				}
			}
		}
		if complete {
			ir.Value = Given(sum.sum() * scale / float64(lr.Students))
			if cv, within, ok := weightedCV(xs, ps, ls.CVLimit); ok {
				ir.CV = Given(cv)
				ir.CVPass = boolPtr(within)
			}
		}
		switch {
		case ir.CVPass == nil:
			allCV = false
		case !*ir.CVPass:
			anyCVFail = true
		}
		for gi, g := range Groups {
			gr := &GroupResult{Schools: gn[gi]}
			if gn[gi] > 0 && gcomplete[gi] {
				gr.Value = Given(gsum[gi].sum() * scale / float64(gstud[gi]))
				gr.PassShare = Given(float64(gmet[gi]) / float64(gn[gi]))
			}
			ir.Groups[g] = gr
		}
		lr.Indicators[ind] = ir
	}

	allPass, anyFail := true, false
	for j := range lr.Schools {
		switch p := lr.Schools[j].Pass; {
		case p == nil:
			allPass = false
		case !*p:
			anyFail = true
		}
	}
	switch {
	case anyFail || anyCVFail:
		lr.Pass = boolPtr(false)
	case allPass && allCV:
		lr.Pass = boolPtr(true)
	}
	return lr
}
