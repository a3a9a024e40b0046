package codec

import (
	"encoding/binary"
	"testing"
)

// TestReader: each read takes what its writer wrote; the first read past
// the end fails the Reader, keeps how many bytes were left, and every read
// after gives zero.
func TestReader(t *testing.T) {
	b := binary.AppendUvarint(nil, 300)
	b = binary.AppendVarint(b, -7)
	b = binary.LittleEndian.AppendUint64(append(b, 9), 0x3ff0000000000000) // 1.0
	b = append(b, "城区"...)
	b = AppendString(AppendString(b, "乡村"), "")
	r := Reader{B: b}
	if r.Uvarint() != 300 || r.Varint() != -7 || r.Byte() != 9 || r.Float64() != 1 || string(r.Next(6)) != "城区" || r.String() != "乡村" || r.String() != "" || len(r.B) != 0 || r.Failed {
		t.Fatalf("reads back wrong: %+v", r)
	}
	r = Reader{B: []byte{1, 2, 3}}
	if r.Next(2); r.Float64() != 0 || !r.Failed || r.Unread != 1 {
		t.Fatalf("a read past the end: %+v", r)
	}
	if r.Byte() != 0 || r.Uvarint() != 0 || r.Unread != 1 {
		t.Errorf("reads after the failure: %+v", r)
	}
	r = Reader{B: AppendString(nil, "镇区")[:4]}
	if r.String() != "" || !r.Failed {
		t.Errorf("a cut string: %+v", r)
	}
	r = Reader{B: []byte{0x80}}
	if r.Varint() != 0 || !r.Failed {
		t.Errorf("a cut varint: %+v", r)
	}
}
