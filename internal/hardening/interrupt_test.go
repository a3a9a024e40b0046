package hardening

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// gongkaiBinary builds cmd/gongkai once per test run.
func gongkaiBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "gongkai-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "gongkai")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/gongkai")
		cmd.Dir = moduleRoot(t)
		out, err := cmd.CombinedOutput()
		if err != nil {
			binErr = err
			binPath = string(out)
		}
	})
	if binErr != nil {
		t.Fatalf("go build ./cmd/gongkai: %v\n%s", binErr, binPath)
	}
	return binPath
}

// moduleRoot is the repository (the example site).
func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		runChild()
		os.Exit(0)
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// countFiles counts the files under dir, up to max.
func countFiles(dir string, max int) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
			if n >= max {
				return fs.SkipAll
			}
		}
		return nil
	})
	return n
}

// TestInterruptedBuildCLI: gongkai build catches SIGINT and SIGTERM in the
// middle of writing a large site, removes its staging directory, leaves
// the previous destination byte for byte and exits with 128+signal.
func TestInterruptedBuildCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a large site")
	}
	bin := gongkaiBinary(t)
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	if _, err := synth.Generate(osFs, src, synth.Options{Docs: 1500}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dest, map[string]string{"index.html": "<p>previous site</p>", "policies/a/index.html": "previous"})
	before := treeHash(t, dest)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "build", "-s", src, "-d", dest)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// Wait for the staging directory to fill.
			deadline := time.Now().Add(60 * time.Second)
			staging := ""
		wait:
			for {
				select {
				case err := <-exited:
					t.Fatalf("the build ended before it could be interrupted (%v); make the site larger\n%s", err, stderr.String())
				default:
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no staging directory filled in 60 s")
				}
				for _, l := range leftovers(t, osFs, dest) {
					if strings.Contains(l, "-staging-") && countFiles(filepath.Join(root, l), 100) >= 100 {
						staging = l
						break wait
					}
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the build did not stop in 30 s after the signal")
			}
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 128+int(sig) {
				t.Fatalf("exit: %v, want status %d\n%s", err, 128+int(sig), stderr.String())
			}
			if !strings.Contains(stderr.String(), "构建已中断") {
				t.Errorf("stderr does not say the build was interrupted:\n%s", stderr.String())
			}
			assertSameTree(t, "destination", before, treeHash(t, dest))
			if l := leftovers(t, osFs, dest); len(l) > 0 {
				t.Errorf("left behind: %v (staging was %s)", l, staging)
			}
		})
	}
}
