package output

import (
	"encoding/binary"

	"github.com/gongkai-dev/gongkai/internal/codec"
)

// PathLog is a list of paths in the order added, kept as bytes in a
// codec.Log: as strings, the paths of a province's output files would be
// a string header and an allocation each, held to the end of the build
// and marked by every collection. Not safe for concurrent use.
type PathLog struct {
	log codec.Log
	n   int
}

const pathLogPiece = 64 << 10

// Add appends p.
func (l *PathLog) Add(p string) {
	l.log.Piece = pathLogPiece
	l.log.Append(binary.MaxVarintLen64+len(p), func(b []byte) []byte { return codec.AppendString(b, p) })
	l.n++
}

// Each calls f with every path in order while f returns true.
func (l *PathLog) Each(f func(p string) bool) {
	l.log.Pieces(func(b []byte) bool {
		for r := (codec.Reader{B: b}); len(r.B) > 0; {
			if !f(r.String()) {
				return false
			}
		}
		return true
	})
}

// Spill has the log put each full piece where store keeps it (a build's
// temporary file); store returns how to read the piece back.
func (l *PathLog) Spill(store func(b []byte) func() []byte) { l.log.Spill(store) }

// Len is the number of paths added.
func (l *PathLog) Len() int { return l.n }
