package workers

import (
	"sync/atomic"
	"testing"
)

// Every item is done once, by a worker whose number is in range.
func TestEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		var bad atomic.Int32
		Each(n, nil, func(i, w int) {
			seen[i].Add(1)
			if w < 0 || w >= Count(n) {
				bad.Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: item %d done %d times", n, i, c)
			}
		}
		if bad.Load() != 0 {
			t.Errorf("n=%d: worker number out of range", n)
		}
	}
}

// A closed done starts no item.
func TestEachDone(t *testing.T) {
	done := make(chan struct{})
	close(done)
	var ran atomic.Int32
	Each(100, done, func(int, int) { ran.Add(1) })
	if ran.Load() != 0 {
		t.Errorf("%d items ran after done was closed", ran.Load())
	}
}
