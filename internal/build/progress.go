package build

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progressAfter is how long a build runs before it shows progress.
var progressAfter = 2 * time.Second

// progress shows, on a terminal, what a long build is doing: after two
// seconds one line, rewritten in place, with the phase, the files written so
// far and the time; it is erased when the build ends, before the summary.
// The caller passes a writer only when it is a terminal.
type progress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	what  string
	files func() int
	shown bool
	done  chan struct{}
	wg    sync.WaitGroup
}

func startProgress(w io.Writer, start time.Time) *progress {
	p := &progress{w: w, start: start, done: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.done:
			return
		case <-time.After(progressAfter - time.Since(start)):
		}
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			p.show()
			select {
			case <-p.done:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// phase names what the build does now.
func (p *progress) phase(what string, files func() int) {
	p.mu.Lock()
	p.what, p.files = what, files
	p.mu.Unlock()
}

func (p *progress) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := "构建中：" + p.what
	if p.files != nil {
		line += fmt.Sprintf("，已写入 %d 个文件", p.files())
	}
	line += fmt.Sprintf("（%.1f 秒）", time.Since(p.start).Seconds())
	fmt.Fprint(p.w, "\r\033[K"+line)
	p.shown = true
}

// stop ends the progress line.
func (p *progress) stop() {
	if p.w == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
