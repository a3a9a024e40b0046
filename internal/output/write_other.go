//go:build !unix

package output

import "os"

// writeNewFile writes data to the file name (write_unix.go writes it with
// fewer system calls).
func writeNewFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
