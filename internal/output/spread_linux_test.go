package output

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/sys/unix"
)

// hasTopDirFlag tells whether the directory full carries chattr's T.
func hasTopDirFlag(t *testing.T, full string) bool {
	t.Helper()
	f, err := os.Open(full)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		t.Fatalf("FS_IOC_GETFLAGS %s: %v", full, err)
	}
	return flags&fsTopDirFlag != 0
}

// takesTopDirFlag sets chattr's T on the directory full, as chattr +T
// does, and tells whether it holds.
func takesTopDirFlag(full string) bool {
	fd, err := unix.Open(full, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	flags, err := unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
	if err != nil || unix.IoctlSetPointerInt(fd, unix.FS_IOC_SETFLAGS, int(flags|fsTopDirFlag)) != nil {
		return false
	}
	flags, err = unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
	return err == nil && flags&fsTopDirFlag != 0
}

// TestSpreadSubdirs: on a file system that takes the T attribute (ext4),
// the published site and each of its top-level directories carry it, so
// that their directories are spread over the block groups; nothing deeper
// does. The same for the top-level directories that Premake makes before a
// rebuild.
func TestSpreadSubdirs(t *testing.T) {
	root := t.TempDir()
	probe := filepath.Join(root, "probe")
	if err := os.Mkdir(probe, 0o755); err != nil {
		t.Fatal(err)
	}
	if !takesTopDirFlag(probe) {
		t.Skipf("%s 所在的文件系统不接受 T 属性（chattr +T，例如 tmpfs）：目录的分布无从检查", root)
	}
	dest := filepath.Join(root, "public")
	fsys := afero.NewOsFs()
	st, err := NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "docs/a/index.html", "docs/a/img/x.png", "search/0.json"} {
		if err := st.WriteFile(p, []byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{".": true, "docs": true, "search": true, "docs/a": false, "docs/a/img": false} {
		if got := hasTopDirFlag(t, filepath.Join(dest, p)); got != want {
			t.Errorf("%s: T attribute %v, want %v", p, got, want)
		}
	}

	st, err = NewStage(fsys, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	st.Premake([]string{"news", "news/b"}, nil)
	for p, want := range map[string]bool{".": true, "news": true, "news/b": false} {
		if got := hasTopDirFlag(t, filepath.Join(st.Dir(), p)); got != want {
			t.Errorf("premade %s: T attribute %v, want %v", p, got, want)
		}
	}
}
