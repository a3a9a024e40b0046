package indicators

import "math/big"

// Apportion returns a copy of parts in which every facility that a row of
// shared gives (Figure.Given) is apportioned to the parts with the row's
// SchoolID by weighted enrolment (spec/indicators.md §1):
//
//	part i receives value × w_i·P_i / (Σ_j w_j·P_j + w_senior·senior_students)
//
// The weights follow the parts' SchoolType: a 完全中学 uses
// CompleteMiddleJunior : CompleteMiddleSenior (1 : 1.2); a 九年一贯制, a
// 十二年一贯制 or a school with no type hint uses Primary : Junior : Senior
// (1 : 1.1 : 1.32). So the primary part of a 九年一贯制 school with A primary
// and B junior students receives A / (A + 1.1·B). The senior section counts in
// the denominator but receives nothing here: it has no part in the data.
//
// A facility the row does not give is left as the parts have it. A facility
// that cannot be apportioned — the total weighted enrolment is 0, or a
// 完全中学 / 十二年一贯制 row does not give senior_students, without which
// the junior part would receive the senior section's share — is set to
// Missing on the parts. Teachers are never apportioned: they are counted by
// the level they teach. A row whose SchoolID has no part is ignored; where
// two rows give the same facility of a school, the later row wins (the loader
// reports that as an error).
//
// The shares are computed exactly (math/big.Rat on the decimals, see
// exact.go) and rounded once: 970000 元 of equipment shared by 100 primary
// and 350 junior students gives the primary part 970000×100/(100 + 1.1×350)
// = 200000 元 exactly — 2000 元 per student, the threshold — where float64
// gives 199999.99999999997.
//
// parts and shared are not modified.
func Apportion(parts []SchoolPart, shared []SharedFacility, w Weights) []SchoolPart {
	out := make([]SchoolPart, len(parts))
	copy(out, parts)
	view := make([]*SchoolPart, len(out))
	for i := range out {
		view[i] = &out[i]
	}
	apportion(view, shared, w)
	return out
}

// apportionedView returns pointers to the parts, apportioned: a part that a
// shared row concerns is a copy, every other points into parts itself. So
// Compute copies a few parts, not all of them.
func apportionedView(parts []SchoolPart, shared []SharedFacility, w Weights) []*SchoolPart {
	view := make([]*SchoolPart, len(parts))
	ids := make(map[string]bool, len(shared))
	for _, row := range shared {
		ids[row.SchoolID] = true
	}
	for i := range parts {
		view[i] = &parts[i]
		if ids[parts[i].SchoolID] {
			c := parts[i]
			view[i] = &c
		}
	}
	apportion(view, shared, w)
	return view
}

// apportion does Apportion's work in place on the parts out points to.
func apportion(out []*SchoolPart, shared []SharedFacility, w Weights) {
	if len(shared) == 0 {
		return
	}
	byID := make(map[string][]int, len(shared))
	for _, row := range shared {
		byID[row.SchoolID] = nil
	}
	for i := range out {
		if idx, ok := byID[out[i].SchoolID]; ok {
			byID[out[i].SchoolID] = append(idx, i)
		}
	}
	for _, row := range shared {
		idx := byID[row.SchoolID]
		if len(idx) == 0 {
			continue
		}
		complete, needSenior := false, false
		for _, i := range idx {
			switch out[i].SchoolType {
			case CompleteMiddle:
				complete, needSenior = true, true
			case TwelveYear:
				needSenior = true
			}
		}
		wJunior, wSenior := w.Junior, w.Senior
		if complete {
			wJunior, wSenior = w.CompleteMiddleJunior, w.CompleteMiddleSenior
		}
		known := true
		total := new(big.Rat)
		shares := make([]*big.Rat, len(idx))
		for k, i := range idx {
			wi := 0.0
			switch out[i].Level {
			case Primary:
				wi = w.Primary
			case Junior:
				wi = wJunior
			}
			shares[k] = new(big.Rat).Mul(dec(wi), new(big.Rat).SetInt64(int64(out[i].Students)))
			total.Add(total, shares[k])
		}
		if row.SeniorStudents.Given {
			total.Add(total, new(big.Rat).Mul(dec(wSenior), dec(row.SeniorStudents.Value)))
		} else if needSenior {
			known = false
		}
		known = known && total.Sign() > 0
		for f := range numFacilities {
			v := row.facility(f)
			if !v.Given {
				continue
			}
			for k, i := range idx {
				dst := out[i].facility(f)
				if !known || !finite(v.Value) {
					*dst = Missing
					continue
				}
				r := new(big.Rat).Mul(dec(v.Value), shares[k])
				r.Quo(r, total)
				x, _ := r.Float64()
				*dst = Given(x)
			}
		}
	}
}

// The facilities that shared_facilities.csv may give.
const numFacilities = 4

func (p *SchoolPart) facility(f int) *Figure {
	switch f {
	case 0:
		return &p.TeachingArea
	case 1:
		return &p.SportsArea
	case 2:
		return &p.EquipmentValue
	}
	return &p.MultimediaRooms
}

func (s SharedFacility) facility(f int) Figure {
	switch f {
	case 0:
		return s.TeachingArea
	case 1:
		return s.SportsArea
	case 2:
		return s.EquipmentValue
	}
	return s.MultimediaRooms
}
