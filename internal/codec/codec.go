// Package codec is the build's encoding of computed values (编码): the
// build cache's years (build/yearcache.go) and the summaries a build keeps
// out of the heap while its pages are made (report.Options.Spill).
//
// Not encoding/gob: gob sends a pointer to a zero value as no value at
// all, so a *bool that says "fails" (false) would come back as "open"
// (nil), and it drops unexported fields without a word. This one writes
// what reflection sees, field by field in declaration order: nil apart
// from empty, false apart from missing. A struct with an unexported field,
// a channel, a func or an interface holding a type outside the few that
// computed items hold is an error, so that a field added later is never
// silently left out of what is kept.
package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
)

// ErrCodec marks what the encoding cannot hold, or bytes it cannot decode.
var ErrCodec = errors.New("codec")

// encodeValue appends v to b.
func encodeValue(b []byte, v reflect.Value) ([]byte, error) {
	var err error
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), nil
	case reflect.String:
		return AppendString(b, v.String()), nil
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(b, v.Bytes()...), nil
		}
		for i := 0; i < v.Len() && err == nil; i++ {
			b, err = encodeValue(b, v.Index(i))
		}
		return b, err
	case reflect.Array:
		for i := 0; i < v.Len() && err == nil; i++ {
			b, err = encodeValue(b, v.Index(i))
		}
		return b, err
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		it := v.MapRange()
		for it.Next() && err == nil {
			if b, err = encodeValue(b, it.Key()); err == nil {
				b, err = encodeValue(b, it.Value())
			}
		}
		return b, err
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return encodeValue(append(b, 1), v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField() && err == nil; i++ {
			if !t.Field(i).IsExported() {
				return b, fmt.Errorf("%w: %s.%s is unexported", ErrCodec, t, t.Field(i).Name)
			}
			b, err = encodeValue(b, v.Field(i))
		}
		return b, err
	case reflect.Interface:
		if v.IsNil() {
			return append(b, 0), nil
		}
		e := v.Elem()
		for tag, t := range anyTypes {
			if e.Type() == t {
				return encodeValue(append(b, byte(tag+1)), e)
			}
		}
		return b, fmt.Errorf("%w: %s in an interface", ErrCodec, e.Type())
	}
	return b, fmt.Errorf("%w: %s", ErrCodec, v.Type())
}

// anyTypes are the types an interface value may hold: those of
// indicators.Item's Value and Threshold.
var anyTypes = [...]reflect.Type{
	reflect.TypeFor[bool](), reflect.TypeFor[float64](), reflect.TypeFor[int](), reflect.TypeFor[string](),
	reflect.TypeFor[map[string]any](), reflect.TypeFor[[]any](),
}

// decoder reads what encodeValue wrote. err is a type it cannot decode;
// damaged bytes fail the Reader.
type decoder struct {
	Reader
	err error
}

// stopped tells that nothing more is to be read.
func (d *decoder) stopped() bool { return d.err != nil || d.Failed }

// count reads a length written as n+1 (0: nil); ok is false for nil. A
// length that the rest cannot hold (each element takes a byte at least)
// is damage, not an allocation.
func (d *decoder) count() (n int, ok bool) {
	x := d.Uvarint()
	if x == 0 || d.Failed {
		return 0, false
	}
	if x-1 > uint64(len(d.B)) {
		d.Fail()
		return 0, false
	}
	return int(x - 1), true
}

// decodeValue sets v (settable) from d.
func (d *decoder) decodeValue(v reflect.Value) {
	if d.stopped() {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(d.Byte() == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(d.Varint())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(d.Uvarint())
	case reflect.Float32, reflect.Float64:
		v.SetFloat(d.Float64())
	case reflect.String:
		v.SetString(d.String())
	case reflect.Slice:
		n, ok := d.count()
		if !ok {
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(append([]byte{}, d.Next(uint64(n))...))
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n && !d.stopped(); i++ {
			d.decodeValue(s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < v.Len() && !d.stopped(); i++ {
			d.decodeValue(v.Index(i))
		}
	case reflect.Map:
		n, ok := d.count()
		if !ok {
			return
		}
		t := v.Type()
		m := reflect.MakeMapWithSize(t, n)
		for i := 0; i < n && !d.stopped(); i++ {
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			d.decodeValue(k)
			d.decodeValue(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		if d.Byte() == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decodeValue(p.Elem())
		v.Set(p)
	case reflect.Struct:
		for i := 0; i < v.NumField() && !d.stopped(); i++ {
			d.decodeValue(v.Field(i))
		}
	case reflect.Interface:
		tag := d.Byte()
		if tag == 0 {
			return
		}
		if int(tag) > len(anyTypes) {
			d.Fail()
			return
		}
		e := reflect.New(anyTypes[tag-1]).Elem()
		d.decodeValue(e)
		v.Set(e)
	default:
		d.err = fmt.Errorf("%w: %s", ErrCodec, v.Type())
	}
}

// Encode appends *p to b.
func Encode[T any](b []byte, p *T) ([]byte, error) {
	return encodeValue(b, reflect.ValueOf(p).Elem())
}

// Decode sets *p from b, which must hold exactly one value.
func Decode[T any](b []byte, p *T) error {
	d := &decoder{Reader: Reader{B: b}}
	d.decodeValue(reflect.ValueOf(p).Elem())
	switch {
	case d.err != nil:
	case d.Failed:
		d.err = fmt.Errorf("%w: cut or damaged bytes", ErrCodec)
	case len(d.B) != 0:
		d.err = fmt.Errorf("%w: %d bytes after the value", ErrCodec, len(d.B))
	}
	return d.err
}
