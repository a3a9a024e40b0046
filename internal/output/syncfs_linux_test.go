package output

import "testing"

func TestKernelAtLeast(t *testing.T) {
	for rel, want := range map[string]bool{
		"5.8.0": true, "5.10.0-28-amd64": true, "6.18.44-fc-v1045": true, "5.7.19": false, "4.19.0-26-amd64": false,
		"5.8-rc1": true, "10.0": true, "garbage": false, "": false,
	} {
		if got := kernelAtLeast(rel, 5, 8); got != want {
			t.Errorf("kernelAtLeast(%q, 5, 8) = %v, want %v", rel, got, want)
		}
	}
}
