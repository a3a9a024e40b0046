package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/spf13/afero"
)

// TestCommitSyncsTheFileSystemBeforeTheSwap: a stage on disk that syncs its
// whole file system does so once, after the last file (the marker) and
// before the stage is renamed into place; when that sync fails the build
// fails, and the destination keeps the previous site with no staging
// directory left.
func TestCommitSyncsTheFileSystemBeforeTheSwap(t *testing.T) {
	defer func(o func(string) *os.File, s func(*os.File) error) { openWhole, syncWhole = o, s }(openWhole, syncWhole)
	openWhole = func(dir string) *os.File {
		f, err := os.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, Marker), []byte(markerText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "old.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, failing := range []bool{true, false} {
		st, err := NewStage(afero.NewOsFs(), dest)
		if err != nil {
			t.Fatal(err)
		}
		if st.whole == nil {
			t.Fatal("a stage on disk does not sync its file system")
		}
		if err := st.WriteFile("a/b/index.html", []byte("new")); err != nil {
			t.Fatal(err)
		}
		syncs := 0
		syncWhole = func(f *os.File) error {
			syncs++
			if f.Name() != st.Dir() {
				t.Errorf("synced %s, want the stage %s", f.Name(), st.Dir())
			}
			if _, err := os.Stat(filepath.Join(st.Dir(), Marker)); err != nil {
				t.Errorf("synced before the marker was written: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dest, "old.html")); err != nil {
				t.Errorf("synced after the swap: %v", err)
			}
			if failing {
				return errors.New("write-back failed")
			}
			return nil
		}
		err = st.Commit()
		if syncs != 1 {
			t.Errorf("file system synced %d times, want once", syncs)
		}
		_, oldErr := os.Stat(filepath.Join(dest, "old.html"))
		_, newErr := os.Stat(filepath.Join(dest, "a", "b", "index.html"))
		if failing {
			if err == nil {
				t.Error("a failed sync did not fail the build")
			}
			if oldErr != nil || newErr == nil {
				t.Errorf("after a failed sync the destination changed: old %v, new %v", oldErr, newErr)
			}
			if _, err := os.Stat(st.Dir()); !os.IsNotExist(err) {
				t.Errorf("staging directory left behind: %v", err)
			}
		} else if err != nil || oldErr == nil || newErr != nil {
			t.Fatalf("commit: %v; old %v, new %v", err, oldErr, newErr)
		}
	}
}

// TestCommitWithoutSyncfs: where syncfs is refused (a sandbox without it),
// every file and directory is synced before the swap all the same.
func TestCommitWithoutSyncfs(t *testing.T) {
	defer func(s func(*os.File) error) { syncWhole = s }(syncWhole)
	for _, refusal := range []error{syscall.ENOSYS, syscall.EPERM} {
		t.Run(refusal.Error(), func(t *testing.T) {
			calls := 0
			syncWhole = func(*os.File) error {
				calls++
				return fmt.Errorf("syncfs: %w", refusal)
			}
			checkSyncedBeforeSwap(t, func(st *Stage) {
				f, err := os.Open(st.Dir())
				if err != nil {
					t.Fatal(err)
				}
				st.whole = f
			})
			if calls != 1 {
				t.Errorf("syncfs tried %d times, want once", calls)
			}
		})
	}
}
