package build

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/scaffold"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// A long build shows a progress line (here after 0 s instead of 2 s) and
// erases it at the end; without a Progress writer nothing is shown.
func TestProgress(t *testing.T) {
	today := time.Date(2026, 3, 9, 10, 0, 0, 0, content.China)
	fsys := afero.NewMemMapFs()
	if _, err := scaffold.NewSite(scaffold.SiteOptions{Fs: fsys, Dir: "s", Today: today}); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { progressAfter = d }(progressAfter)
	progressAfter = 0
	var out lockedBuffer
	if _, _, err := Build(Options{Fs: fsys, Source: "s", Now: today, Progress: &out}); err != nil {
		t.Fatal(err)
	}
	got := out.b.String()
	if !strings.Contains(got, "\r\033[K构建中：") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress output %q", got)
	}

	p := startProgress(nil, time.Now())
	p.phase("x", nil)
	p.stop() // no writer: nothing to do, no goroutine left
}
