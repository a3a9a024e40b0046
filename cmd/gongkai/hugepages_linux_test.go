package main

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHugePagesAdvised: the heap's next growth is marked for huge pages in
// the kernel's own account of the process (/proc/self/smaps, flag hg), and
// marking it did not make the process larger. In a process of its own, as
// a build is: other tests' allocations, in huge pages once advised, would
// make this one's larger.
func TestHugePagesAdvised(t *testing.T) {
	if os.Getenv("GONGKAI_TEST_HUGEPAGES") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHugePagesAdvised$", "-test.v")
		cmd.Env = append(os.Environ(), "GONGKAI_TEST_HUGEPAGES=1", "GODEBUG=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if strings.Contains(string(out), "--- SKIP") {
			t.Skip(string(out))
		}
		return
	}
	const size = 64 << 20
	before := residentKB(t)
	start, end, ok := adviseHugePages(size)
	if !ok {
		if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); os.IsNotExist(err) {
			t.Skip("这台机器的内核没有透明大页")
		}
		if unsafe.Sizeof(uintptr(0)) < 8 {
			t.Skip("32 位系统不用大页")
		}
		t.Fatal("madvise(MADV_HUGEPAGE) was not taken")
	}
	if end-start != size {
		t.Fatalf("advised %d bytes, want %d", end-start, size)
	}
	covered := uintptr(0)
	for _, m := range mappings(t) {
		lo, hi := max(m.start, start), min(m.end, end)
		if lo >= hi {
			continue
		}
		covered += hi - lo
		if !m.huge {
			t.Errorf("%x-%x is in the advised range %x-%x but not marked hg", m.start, m.end, start, end)
		}
	}
	if covered != size {
		t.Errorf("mappings cover %d of the %d advised bytes", covered, size)
	}
	if grown := residentKB(t) - before; grown > size>>10/4 {
		t.Errorf("resident memory grew by %d KB: the block was touched", grown)
	}
}

func TestHugePagesOffWithDisableTHP(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	if _, _, ok := adviseHugePages(8 << 20); ok {
		t.Error("GODEBUG=disablethp=1, but the heap was advised")
	}
}

type mapping struct {
	start, end uintptr
	huge       bool
}

func mappings(t *testing.T) []mapping {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ms []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "VmFlags:") && len(ms) > 0 {
			ms[len(ms)-1].huge = strings.Contains(line+" ", " hg ")
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		lo, hi, found := strings.Cut(fields[0], "-")
		if !found {
			continue
		}
		a, err1 := strconv.ParseUint(lo, 16, 64)
		b, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 == nil && err2 == nil {
			ms = append(ms, mapping{start: uintptr(a), end: uintptr(b)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ms
}

func residentKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}
