package codec

import (
	"encoding/binary"
	"math"
)

// Reader reads what binary.AppendUvarint, binary.AppendVarint and
// binary.LittleEndian.AppendUint64 wrote into B, for the decoders of the
// build's own bytes (Decode, data.Unpack). The first read past the end or
// of a bad varint fails it: the reads after give zero, Failed tells, and
// Unread is how many bytes were left then.
type Reader struct {
	B      []byte
	Failed bool
	Unread int
}

// Fail marks the bytes as damaged.
func (r *Reader) Fail() {
	if !r.Failed {
		r.Failed, r.Unread = true, len(r.B)
	}
	r.B = nil
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 { return readVarint(r, binary.Uvarint) }

// Varint reads a signed varint.
func (r *Reader) Varint() int64 { return readVarint(r, binary.Varint) }

func readVarint[T uint64 | int64](r *Reader, read func([]byte) (T, int)) T {
	x, n := read(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return x
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.B) == 0 {
		r.Fail()
		return 0
	}
	c := r.B[0]
	r.B = r.B[1:]
	return c
}

// Float64 reads eight bytes, little-endian.
func (r *Reader) Float64() float64 {
	if len(r.B) < 8 {
		r.Fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.B))
	r.B = r.B[8:]
	return x
}

// String reads what AppendString wrote.
func (r *Reader) String() string { return string(r.Next(r.Uvarint())) }

// AppendString appends s after its length, for Reader.String.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// Next reads n bytes (n no more than are left: else it fails).
func (r *Reader) Next(n uint64) []byte {
	if n > uint64(len(r.B)) {
		r.Fail()
		return nil
	}
	b := r.B[:n]
	r.B = r.B[n:]
	return b
}
