//go:build !linux

package main

// adviseHugePages does nothing where there is no madvise(MADV_HUGEPAGE).
func adviseHugePages(size int) (start, end uintptr, ok bool) { return 0, 0, false }
