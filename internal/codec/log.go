package codec

// Log is a log of records appended as bytes, in pieces of Piece bytes
// (or one record's size, if larger): a piece is appended to, never grown
// and copied, and holds no pointer for the collector to follow. With
// Spill, every piece but the one being filled is put out of the heap and
// read back when the log is read. Performance: what a build records of
// each of its output files, held to its end, grows with the site. Not
// safe for concurrent use.
type Log struct {
	Piece   int // bytes of a piece
	pieces  [][]byte
	spill   func(b []byte) func() []byte
	spilled []func() []byte
}

// Append appends a record of at most n bytes, which add appends to the
// piece it is given and returns.
func (l *Log) Append(n int, add func(b []byte) []byte) {
	if len(l.pieces) == 0 || cap(l.pieces[len(l.pieces)-1])-len(l.pieces[len(l.pieces)-1]) < n {
		if l.spill != nil {
			for _, b := range l.pieces {
				l.spilled = append(l.spilled, l.spill(b))
			}
			l.pieces = l.pieces[:0]
		}
		l.pieces = append(l.pieces, make([]byte, 0, max(n, l.Piece)))
	}
	last := &l.pieces[len(l.pieces)-1]
	*last = add(*last)
}

// Pieces calls f with every piece in order (each holds whole records)
// while f returns true.
func (l *Log) Pieces(f func(b []byte) bool) {
	for _, get := range l.spilled {
		if !f(get()) {
			return
		}
	}
	for _, b := range l.pieces {
		if !f(b) {
			return
		}
	}
}

// Spill has the log put each full piece where store keeps it (the build's
// temporary file); store returns how to read the piece back.
func (l *Log) Spill(store func(b []byte) func() []byte) { l.spill = store }

// Held is the number of pieces in the heap.
func (l *Log) Held() int { return len(l.pieces) }
