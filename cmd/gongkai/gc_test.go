package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The soft limit is the budget while the live data is small, two and a
// half times the live data above two fifths of the budget, and never above
// the most.
func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 256 * mib},
		{40 * mib, 256 * mib},
		{102 * mib, 256 * mib},
		{104 * mib, 260 * mib},
		{120 * mib, 300 * mib},
		{179 * mib, 448*mib - mib/2},
		{180 * mib, 448 * mib},
		{300 * mib, 448 * mib},
		{math.MaxUint64, 448 * mib},
	} {
		if got := limitFor(c.live, memoryBudget, memoryLimit); got != c.want {
			t.Errorf("limitFor(%d MiB) = %d MiB, want %d", c.live/mib, got/mib, c.want/mib)
		}
	}
}

// followLiveHeap raises the soft limit after a collection that leaves more
// live data than two fifths of the budget, lowers it again when the data is gone,
// and stops once someone else sets the limit.
func TestFollowLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const mib = 1 << 20
	// until collects until the limit satisfies ok, or fails after a while:
	// each step waits for the cleanup that the last collection queued.
	until := func(what string, ok func(int64) bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
			if got := debug.SetMemoryLimit(-1); ok(got) {
				return
			} else if time.Now().After(deadline) {
				t.Fatalf("%s: the limit stayed %d MiB", what, got/mib)
			}
		}
	}
	followLiveHeap(16*mib, 1024*mib)
	if got := debug.SetMemoryLimit(-1); got != 16*mib {
		t.Fatalf("limit %d MiB at the start, want the budget, 16", got/mib)
	}
	live := make([][]byte, 64)
	for i := range live {
		live[i] = make([]byte, mib)
	}
	until("64 MiB live", func(l int64) bool { return l >= 160*mib })
	runtime.KeepAlive(live)
	live = nil
	// Down again, whatever else the test program holds.
	until("the 64 MiB freed", func(l int64) bool { return l < 120*mib })
	if got := debug.SetMemoryLimit(-1); got < 16*mib {
		t.Errorf("limit %d MiB, below the budget", got/mib)
	}
	// Someone else's limit is left alone.
	debug.SetMemoryLimit(math.MaxInt64)
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("a limit set by hand was changed to %d MiB", got/mib)
	}
}
