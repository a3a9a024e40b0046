package data

import (
	"math"
	"reflect"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Every field of a school part and of a shared facility comes back from
// Pack and Unpack: each is set to a value of its own, so a field that Pack
// leaves out comes back zero.
func TestPackEveryField(t *testing.T) {
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			n++
			switch f.Kind() {
			case reflect.String:
				f.SetString("字段" + string(rune('A'+n)))
			case reflect.Int:
				f.SetInt(int64(100 + n))
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Pointer: // Boarding
				b := n%2 == 0
				f.Set(reflect.ValueOf(&b))
			case reflect.Struct: // Figure: whole numbers and fractions alike
				if n%2 == 0 {
					f.Set(reflect.ValueOf(indicators.Given(float64(n))))
				} else {
					f.Set(reflect.ValueOf(indicators.Given(float64(n) + 0.1)))
				}
			default:
				t.Fatalf("field %s of kind %s: Pack does not know it", v.Type().Field(i).Name, f.Kind())
			}
		}
	}
	var part indicators.SchoolPart
	var shared indicators.SharedFacility
	fill(reflect.ValueOf(&part).Elem())
	fill(reflect.ValueOf(&shared).Elem())
	in := indicators.Input{Year: 2024, County: indicators.County{Code: "150101"},
		Parts: []indicators.SchoolPart{part, part}, Shared: []indicators.SharedFacility{shared}}
	in.Parts[1].SchoolID = "另一所"
	packRoundTrip(t, in)
}

// Figures come back to the bit: missing, -0, whole numbers at and past
// 2⁵³, fractions, the largest and smallest numbers; and Boarding not given,
// false and true.
func TestPackFigures(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -7, 0.1, 1.0 / 3, 1 << 53, 1<<53 + 2, -(1 << 53), 1e300, -1e300,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 3708.0683624801272, 2545.2377511201043}
	f, tr := false, true
	var in indicators.Input
	for i, v := range values {
		p := indicators.SchoolPart{SchoolID: "s", Students: i, TeachingArea: indicators.Given(v), SportsArea: indicators.Missing}
		switch i % 3 {
		case 1:
			p.Boarding = &f
		case 2:
			p.Boarding = &tr
		}
		in.Parts = append(in.Parts, p)
		in.Shared = append(in.Shared, indicators.SharedFacility{SchoolID: "s", EquipmentValue: indicators.Given(v)})
	}
	out := packRoundTrip(t, in)
	for i, v := range values {
		if got := out.Parts[i].TeachingArea.Value; math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("%v came back as %v", v, got)
		}
	}
}

// The example data's rows come back as they were, in about a third of the
// memory of the parts (counted as the Go values, strings included).
func TestPackExample(t *testing.T) {
	ds, dl := Load(exampleData(t), "/s")
	noErrors(t, dl)
	packed, parts := 0, 0
	for _, y := range ds.Years {
		for _, in := range y.Counties {
			packRoundTrip(t, in)
			packed += len(Pack(in))
			for _, p := range in.Parts {
				parts += int(reflect.TypeOf(p).Size()) + len(p.SchoolID) + len(p.SchoolName) + len(p.Township) + len(p.CountyName) + len(p.CountyCode)
			}
		}
	}
	if parts == 0 {
		t.Fatal("no school parts in the example data")
	}
	if packed*2 > parts {
		t.Errorf("packed %d bytes for parts of %d bytes: want less than half", packed, parts)
	}
}

// Bytes that Pack did not write are an error, not a panic and not rows:
// every shorter piece of a pack, and a pack with bytes after it.
func TestUnpackDamaged(t *testing.T) {
	in := indicators.Input{Parts: []indicators.SchoolPart{{SchoolID: "2020300106", SchoolName: "树人学校", Classes: indicators.Given(24), TeachingArea: indicators.Given(0.5)}},
		Shared: []indicators.SharedFacility{{SchoolID: "2020300106", SportsArea: indicators.Given(12.25)}}}
	b := Pack(in)
	for n := range len(b) {
		if _, err := Unpack(indicators.Input{}, b[:n]); err == nil {
			t.Errorf("the first %d of %d bytes unpacked without an error", n, len(b))
		}
	}
	if _, err := Unpack(indicators.Input{}, append(b, 0)); err == nil {
		t.Error("a byte after the pack unpacked without an error")
	}
}

// packRoundTrip packs and unpacks in, and fails unless the result equals in.
func packRoundTrip(t *testing.T, in indicators.Input) indicators.Input {
	t.Helper()
	rest := in
	rest.Parts, rest.Shared = nil, nil
	out, err := Unpack(rest, Pack(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("unpacked\n%+v\nwant\n%+v", out, in)
	}
	return out
}
