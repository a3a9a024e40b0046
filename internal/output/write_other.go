//go:build !unix

package output

import "os"

// writeNewFile writes data to the file name (write_unix.go writes it with
// fewer system calls). The time it was written is not known (0).
func writeNewFile(name string, data []byte) (modTime int64, err error) {
	return 0, os.WriteFile(name, data, 0o644)
}
