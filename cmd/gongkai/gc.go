package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// tuneGC sets how the collector paces a build, unless GOGC or GOMEMLIMIT
// say otherwise (docs/performance.md, "内存"):
//   - GOGC=200: the heap grows to three times the live data between
//     collections instead of two; most of a build's allocations die young,
//     so collecting half as often saves CPU;
//   - a soft limit of memoryBudget: a site whose heap would grow past it
//     (from about four times the benchmark's province) is collected more
//     often rather than given more memory;
//   - while the live data is above two fifths of the budget (a site
//     beyond that, or a year of 99,999 school parts in one county,
//     docs/security.md), the limit is two and a half times the live data,
//     up to memoryLimit, so that collections do not follow one another.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		followLiveHeap(memoryBudget, memoryLimit)
	}
}

// memoryBudget is the soft limit of a build's memory while its live data
// is small. A smaller budget saved some memory on the largest sites measured
// for much more CPU (docs/performance.md, "内存").
const memoryBudget = 256 << 20

// memoryLimit is the most the soft limit is raised to: with the program's
// own pages beside it, the process stays under 512 MiB.
const memoryLimit = 448 << 20

// limitFor is the soft limit for live bytes of live data: two and a half
// times them, within budget and most. At twice, the collector took a large
// share of the CPU on sites of hundreds of counties (docs/performance.md).
func limitFor(live uint64, budget, most int64) int64 {
	return min(max(budget, int64(min(live, math.MaxInt64/4))/2*5), most)
}

// followLiveHeap sets the soft limit to budget, then after each collection
// to limitFor the live data it left. It stops when the limit was set by
// someone else (GOMEMLIMIT's own call in a test, a second tuneGC).
func followLiveHeap(budget, most int64) {
	set := budget
	debug.SetMemoryLimit(set)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	afterEachGC(func() bool {
		if debug.SetMemoryLimit(-1) != set {
			return false
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return false
		}
		set = limitFor(sample[0].Value.Uint64(), budget, most)
		debug.SetMemoryLimit(set)
		return true
	})
}

// gcSentinel is an object only a collection can free: its cleanup runs
// after each one. It holds a pointer so that it is not a tiny object
// (those are freed together with their neighbours, later).
type gcSentinel struct{ _ *byte }

// afterEachGC calls f after each collection, on the runtime's cleanup
// goroutine, until f returns false.
func afterEachGC(f func() bool) {
	runtime.AddCleanup(new(gcSentinel), func(struct{}) {
		if f() {
			afterEachGC(f)
		}
	}, struct{}{})
}
