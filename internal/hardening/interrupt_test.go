package hardening

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/output"
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

// largeSiteCLI builds the gongkai binary and writes a site large enough to
// be caught in the middle of its build, at root/site; dest is root/public.
func largeSiteCLI(t *testing.T) (bin, root, src, dest string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and a large site")
	}
	bin = gongkaiBinary(t)
	root = t.TempDir()
	src, dest = filepath.Join(root, "site"), filepath.Join(root, "public")
	if _, err := synth.Generate(osFs, src, synth.Options{Docs: 1500}); err != nil {
		t.Fatal(err)
	}
	return bin, root, src, dest
}

// startBuild starts gongkai build of src into dest; exited receives the
// end of the process.
func startBuild(t *testing.T, bin, src, dest string, args ...string) (*exec.Cmd, chan error, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"build", "-s", src, "-d", dest}, args...)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return cmd, exited, &stderr
}

// waitForStaging waits until the build has written 100 files into its
// staging directory beside dest.
func waitForStaging(t *testing.T, cmd *exec.Cmd, exited chan error, stderr *bytes.Buffer, dest string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
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
			if strings.Contains(l, "-staging-") && countFiles(filepath.Join(filepath.Dir(dest), l), 100) >= 100 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestInterruptedBuildCLI: gongkai build catches SIGINT and SIGTERM in the
// middle of writing a large site, removes its staging directory, leaves
// the previous destination byte for byte and exits with 128+signal.
func TestInterruptedBuildCLI(t *testing.T) {
	bin, _, src, dest := largeSiteCLI(t)
	writeFiles(t, dest, map[string]string{"index.html": "<p>previous site</p>", "policies/a/index.html": "previous", output.Marker: "previous"})
	before := treeHash(t, dest)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, exited, stderr := startBuild(t, bin, src, dest)
			waitForStaging(t, cmd, exited, stderr, dest)
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
			assertUntouched(t, dest, before)
		})
	}
}
