package pool

import (
	"fmt"
	"io"
	"os"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
)

// progress is the line progress=True draws on stderr: done/total, rate,
// elapsed time and ETA, redrawn in place (\r) at most ten times a second.
type progress struct {
	w     io.Writer
	label string
	total int // -1: unknown
	start time.Time
	last  time.Time
	now   func() time.Time
}

// newProgress returns the progress line of a map or imap, or nil when
// stderr is not a terminal (then nothing is drawn).
func newProgress(thread *starlark.Thread, n *node.Node, label string, total int) *progress {
	env := procenv.Get(thread)
	f, ok := env.Stderr.(*os.File)
	if !ok {
		// The process's stderr is behind a writer that keeps lines whole:
		// look at the file under it.
		f = n.Stderr
		if f == nil {
			f = os.Stderr
		}
	}
	if !isTerminal(f) {
		return nil
	}
	return &progress{w: env.Stderr, label: label, total: total, start: time.Now(), now: time.Now}
}

func isTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// draw redraws the line for done items; final draws it once more and ends
// it with a newline.
func (p *progress) draw(done int, final bool) {
	now := p.now()
	if !final && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	line := "\r" + p.line(done, now.Sub(p.start)) + "\x1b[K"
	if final {
		line += "\n"
	}
	io.WriteString(p.w, line)
}

func (p *progress) line(done int, elapsed time.Duration) string {
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	if p.total < 0 {
		return fmt.Sprintf("%s: %d done | %.1f/s | elapsed %s", p.label, done, rate, clock(elapsed))
	}
	pct := 100
	if p.total > 0 {
		pct = done * 100 / p.total
	}
	eta := "?"
	if done >= p.total {
		eta = clock(0)
	} else if rate > 0 {
		eta = clock(time.Duration(float64(p.total-done) / rate * float64(time.Second)))
	}
	return fmt.Sprintf("%s: %d/%d (%d%%) | %.1f/s | elapsed %s | ETA %s", p.label, done, p.total, pct, rate, clock(elapsed), eta)
}

// clock formats a duration as m:ss (h:mm:ss past an hour).
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
