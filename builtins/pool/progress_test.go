package pool

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		total, done int
		elapsed     time.Duration
		want        string
	}{
		{10, 5, 2 * time.Second, "map: 5/10 (50%) | 2.5/s | elapsed 0:02 | ETA 0:02"},
		{10, 0, 0, "map: 0/10 (0%) | 0.0/s | elapsed 0:00 | ETA ?"},
		{10, 10, 90 * time.Second, "map: 10/10 (100%) | 0.1/s | elapsed 1:30 | ETA 0:00"},
		{1000, 1, time.Second, "map: 1/1000 (0%) | 1.0/s | elapsed 0:01 | ETA 16:39"},
		{100000, 1, time.Second, "map: 1/100000 (0%) | 1.0/s | elapsed 0:01 | ETA 27:46:39"},
		{-1, 7, 2 * time.Second, "map: 7 done | 3.5/s | elapsed 0:02"},
		{0, 0, time.Second, "map: 0/0 (100%) | 0.0/s | elapsed 0:01 | ETA 0:00"},
	} {
		p := &progress{label: "map", total: c.total}
		if got := p.line(c.done, c.elapsed); got != c.want {
			t.Errorf("line(%d/%d, %v) = %q, want %q", c.done, c.total, c.elapsed, got, c.want)
		}
	}
}

// draw redraws in place at most ten times a second, and ends the line.
func TestProgressDraw(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := &progress{w: &buf, label: "imap", total: 4, start: now, now: func() time.Time { return now }}
	now = now.Add(time.Second)
	p.draw(1, false)
	now = now.Add(50 * time.Millisecond)
	p.draw(2, false) // too soon: skipped
	now = now.Add(time.Second)
	p.draw(3, false)
	p.draw(4, true)
	want := "\rimap: 1/4 (25%) | 1.0/s | elapsed 0:01 | ETA 0:03\x1b[K" +
		"\rimap: 3/4 (75%) | 1.5/s | elapsed 0:02 | ETA 0:01\x1b[K" +
		"\rimap: 4/4 (100%) | 2.0/s | elapsed 0:02 | ETA 0:00\x1b[K\n"
	if got := buf.String(); got != want {
		t.Errorf("drew %q\nwant %q", got, want)
	}
}
