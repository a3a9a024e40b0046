// Package workers is the one worker pool of the build: reading documents
// and years, computing county-years, writing data files, indexing search
// items and rendering pages all run their items through Each.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Count is how many workers Each starts for n items: one per core
// (GOMAXPROCS), never more than there are items.
func Count(n int) int { return min(runtime.GOMAXPROCS(0), n) }

// Each calls f(i, w) once for every item i in 0 … n-1 on Count(n)
// goroutines and returns when all calls have returned; w is the calling
// worker's number, below Count(n), for state a worker keeps between items.
// The workers take the next item by an atomic counter, so a slow item does
// not hold up a fixed share of the others. Once done is closed (nil: never)
// no further item is started. f must touch only what belongs to its item
// and its worker; results go by index, so they do not depend on the timing.
func Each(n int, done <-chan struct{}, f func(i, w int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < Count(n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i, w)
			}
		}()
	}
	wg.Wait()
}
