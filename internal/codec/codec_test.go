package codec

import (
	"errors"
	"reflect"
	"testing"
)

// roundTrip encodes *in and decodes it again.
func roundTrip[T any](t *testing.T, in *T) T {
	t.Helper()
	b, err := Encode(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := Decode(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCodecNilAndEmpty: nil and empty, a false *bool and a nil one, and
// every type an item's value may hold come back as they were.
func TestCodecNilAndEmpty(t *testing.T) {
	f := false
	type v struct {
		A, B []int
		M, N map[string]int
		P, Q *bool
		I, J any
		S    string
		X    [2]float64
	}
	in := v{A: nil, B: []int{}, M: nil, N: map[string]int{}, P: nil, Q: &f, I: nil, J: map[string]any{"a": nil, "b": 2, "c": []any{true, "x", -0.5}}, S: "城区", X: [2]float64{0.1, 1e300}}
	if out := roundTrip(t, &in); !reflect.DeepEqual(in, out) || out.B == nil || out.N == nil || out.Q == nil {
		t.Errorf("got %#v, want %#v", out, in)
	}
}

// TestCodecRefuses: what it cannot hold is an error, never left out.
func TestCodecRefuses(t *testing.T) {
	type hidden struct {
		A int
		b int
	}
	if _, err := Encode(nil, &hidden{1, 2}); !errors.Is(err, ErrCodec) {
		t.Errorf("an unexported field: %v", err)
	}
	type withAny struct{ V any }
	if _, err := Encode(nil, &withAny{V: int64(3)}); !errors.Is(err, ErrCodec) {
		t.Errorf("an int64 in an interface: %v", err)
	}
	type withFunc struct{ F func() }
	if _, err := Encode(nil, &withFunc{}); !errors.Is(err, ErrCodec) {
		t.Errorf("a func: %v", err)
	}
}
