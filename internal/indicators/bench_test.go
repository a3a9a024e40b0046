package indicators

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// genInput makes a county of n school parts, deterministic for a seed: both
// levels, all seven 城乡 codes, sizes 1–3000, values around the thresholds
// (so that parts pass, fail and sit near the floor), about 2 % of figures
// missing, a few 0-student parts, teaching points and private schools, and
// one 九年一贯制 school in 50 with its facilities shared.
func genInput(seed uint64, n int) Input {
	rng := rand.New(rand.NewPCG(seed, 2024))
	codes := []int{111, 112, 121, 122, 123, 210, 220}
	std := DefaultStandards()
	in := Input{Year: 2024, County: passingCounty()}
	val := func(l Level, ind Indicator, students int) Figure {
		if rng.IntN(50) == 0 {
			return Missing
		}
		t := std.Level(l).Threshold(ind) * (0.6 + 0.8*rng.Float64())
		x := t * float64(students) / scaleOf(ind)
		if per100(ind) {
			return Given(float64(int(x + 0.5)))
		}
		return Given(float64(int(x*10)) / 10)
	}
	for i := 0; len(in.Parts) < n; i++ {
		id := fmt.Sprintf("S%05d", i)
		code := codes[rng.IntN(len(codes))]
		levels := []Level{Primary}
		typ := PrimarySchool
		shared := i%50 == 0
		switch {
		case shared:
			levels, typ = []Level{Primary, Junior}, NineYear
		case rng.IntN(3) == 0:
			levels, typ = []Level{Junior}, JuniorSchool
		case rng.IntN(40) == 0:
			typ = TeachingPoint
		}
		for _, l := range levels {
			students := 1 + rng.IntN(3000)
			if rng.IntN(200) == 0 {
				students = 0
			}
			classes := students/45 + 1
			// Rooms: ⌈classes/12⌉, one short in one part of ten.
			rooms := func() int {
				n := (classes + 11) / 12
				if rng.IntN(10) == 0 {
					n--
				}
				return n
			}
			p := SchoolPart{
				SchoolID: id, SchoolName: "学校" + id, Level: l, UrbanRuralCode: code,
				Students: students, SchoolType: typ, Private: rng.IntN(60) == 0,
				Classes: Given(float64(classes)), MaxClassSize: Given(float64(30 + rng.IntN(25))),
				Teachers: Given(float64(students/15 + 1)), CertifiedTeachers: Given(float64(students/15 + 1)),
				MusicRooms: Given(float64(rooms())), ArtRooms: Given(float64(rooms())),
				MusicRoomMinArea: Given(float64(86 + rng.IntN(40))), ArtRoomMinArea: Given(float64(80 + rng.IntN(40))),
			}
			for _, ind := range Indicators {
				f := val(l, ind, students)
				switch ind {
				case QualifiedTeachers:
					p.QualifiedTeachers = f
				case BackboneTeachers:
					p.BackboneTeachers = f
				case PEArtTeachers:
					p.PEArtTeachers = f
				case TeachingArea:
					p.TeachingArea = f
				case SportsArea:
					p.SportsArea = f
				case EquipmentValue:
					p.EquipmentValue = f
				case MultimediaRooms:
					p.MultimediaRooms = f
				}
			}
			if shared {
				p.TeachingArea, p.SportsArea, p.EquipmentValue, p.MultimediaRooms = Missing, Missing, Missing, Missing
			}
			in.Parts = append(in.Parts, p)
		}
		if shared {
			in.Shared = append(in.Shared, SharedFacility{
				SchoolID: id, TeachingArea: Given(float64(5000 + rng.IntN(10000))), SportsArea: Given(float64(10000 + rng.IntN(20000))),
				EquipmentValue: Given(float64(2000000 + rng.IntN(5000000))), MultimediaRooms: Given(float64(20 + rng.IntN(60))),
			})
		}
	}
	return in
}

func BenchmarkCompute(b *testing.B) {
	in := genInput(1, 10000)
	std := DefaultStandards()
	b.ReportAllocs()
	for b.Loop() {
		Compute(in, std)
	}
}

func TestGeneratedCounty(t *testing.T) {
	// The benchmark's county, checked for internal consistency rather than
	// by hand: every part is in exactly one of schools/excluded; Students is
	// the sum over schools; group counts add up to the level's parts (every
	// code is valid); a part's Met counts its values ≥ threshold; the level
	// value is Σx/ΣP over its parts.
	in := genInput(1, 10000)
	r := Compute(in, DefaultStandards())
	total := 0
	for _, l := range Levels {
		lr := level(t, r, l)
		total += len(lr.Schools) + len(lr.Excluded)
		sum := 0
		for _, s := range lr.Schools {
			sum += s.Students
			if s.Students <= 0 {
				t.Errorf("%s: %d students included", s.SchoolID, s.Students)
			}
		}
		if sum != lr.Students {
			t.Errorf("%s students %d, sum %d", l, lr.Students, sum)
		}
		for _, ind := range Indicators {
			ir := lr.Indicators[ind]
			n := 0
			for _, g := range Groups {
				n += ir.Groups[g].Schools
			}
			if n != len(lr.Schools) {
				t.Errorf("%s %s: groups count %d of %d", l, ind, n, len(lr.Schools))
			}
		}
		// The generator leaves ~2 % of figures missing, so every level
		// value is missing and every pass is open or false.
		if lr.Pass != nil && *lr.Pass {
			t.Errorf("%s passes with missing figures", l)
		}
	}
	if total != len(in.Parts) {
		t.Errorf("%d parts accounted for, %d given", total, len(in.Parts))
	}
}
