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
// memory is known to be zero), and the block's memory is advised; the
// block is garbage at once, and the collection that its size starts frees
// it, on the other core while the build reads the site. The mapping stays,
// with its advice, and the heap grows into it first. The block is not
// returned to the system: that would take a collection on this goroutine,
// and its pages, never touched, hold no memory. Page faults were much of a
// documents build's CPU (docs/performance.md).
//
// Only for a build, which ends: in a long-running process khugepaged would
// fill huge pages back in after the runtime has returned parts of them.
// GODEBUG=disablethp=1, the runtime's own switch, turns it off. It returns
// the advised range, or nothing when the advice was not taken.
func adviseHugePages(size int) (start, end uintptr, ok bool) {
	// On a 32-bit system a block this large may not find the address
	// space, and its heap is small anyway.
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || unsafe.Sizeof(uintptr(0)) < 8 {
		return 0, 0, false
	}
	// No collection before the block is advised: the one after frees it.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	b := make([]byte, size)
	start = uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if err := syscall.Madvise(b, madvHugepage); err != nil {
		return 0, 0, false
	}
	return start, start + uintptr(size), true
}
