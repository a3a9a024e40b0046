//go:build !linux

package output

import "os"

// openFsSync: without Linux's syncfs(2), a stage syncs each file and
// directory.
func openFsSync(string) *os.File { return nil }

func syncFileSystem(*os.File) error { return nil }
