package main

import (
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE (the syscall package does not name it).
const madvHugepage = 14

// adviseHugePages asks the kernel to back the first size bytes of the
// heap's growth with transparent huge pages (透明大页), so that a build
// takes one page fault per 2 MB of new memory instead of one per 4 KB.
//
// Where the kernel's mode is madvise (the usual default), the Go runtime
// gives this advice only for its own metadata, and each time the heap
// grows it maps the new memory afresh, which drops advice given earlier.
// So the heap is grown once, by a block that is never touched (fresh
// memory is known to be zero), the block's memory is advised, and the
// block is freed and returned at once: the mapping stays, with its advice,
// and the heap grows into it first. On this kind of machine a fault costs
// about 11 µs, and a build of 2,000 documents takes some 24,000 of them
// (docs/performance.md).
//
// Only for a build, which ends: in a long-running process khugepaged would
// fill huge pages back in after the runtime has returned parts of them.
// GODEBUG=disablethp=1, the runtime's own switch, turns it off. It returns
// the advised range, or nothing when the advice was not taken.
func adviseHugePages(size int) (start, end uintptr, ok bool) {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return 0, 0, false
	}
	// The block must not start a collection of its own: one, to free it.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	b := make([]byte, size)
	start = uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	err := syscall.Madvise(b, madvHugepage)
	debug.FreeOSMemory()
	if err != nil {
		return 0, 0, false
	}
	return start, start + uintptr(size), true
}
