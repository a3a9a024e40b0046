package data

import (
	"io/fs"
	"sync"

	"github.com/spf13/afero"
)

// yearsInFlight is how many bytes of year files are read and computed at
// the same time. Performance (docs/performance.md, "内存"): a year being
// read holds many times its files' bytes until its summary is made, so
// that two large years at once would make the highest live heap of a
// province's build. Years that together fit (a county's, a city's) are
// still read on every core; a larger one is read alone, its counties still
// computed in parallel.
const yearsInFlight = 4 << 20

// gate lets work of a given weight start while the weights of the work
// under way stay within a budget; a piece heavier than the budget starts
// once nothing else is under way.
type gate struct {
	mu     sync.Mutex
	free   *sync.Cond
	used   int64
	budget int64
	peak   int64 // the most taken at once
}

func newGate(budget int64) *gate {
	g := &gate{budget: budget}
	g.free = sync.NewCond(&g.mu)
	return g
}

// tryAcquire takes w if it fits now.
func (g *gate) tryAcquire(w int64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.take(w)
}

func (g *gate) take(w int64) bool {
	if g.used > 0 && g.used+w > g.budget {
		return false
	}
	g.used += w
	g.peak = max(g.peak, g.used)
	return true
}

// acquire waits until w fits and takes it.
func (g *gate) acquire(w int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.take(w) {
		g.free.Wait()
	}
}

// release gives back w, taken before.
func (g *gate) release(w int64) {
	g.mu.Lock()
	g.used -= w
	g.mu.Unlock()
	g.free.Broadcast()
}

// yearBytes is the size of the regular files under a year directory: what
// the gate weighs a year by (0 when it cannot be listed; reading it
// reports why).
func yearBytes(fsys afero.Fs, dir string) int64 {
	var n int64
	walkYear(fsys, dir, func(_ string, info fs.FileInfo) bool {
		if info.Mode().IsRegular() {
			n += info.Size()
		}
		return true
	})
	return n
}
