//go:build !linux

package output

// spreadSubdirs is spread_linux.go's: ext4's placement of directories is
// Linux's alone.
func spreadSubdirs(full string) {}
