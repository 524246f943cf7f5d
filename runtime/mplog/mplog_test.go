package mplog

import (
	"strings"
	"testing"
)

// A NOTSET level defers to the root logger's, for the lines written and
// for what a child inherits once the logger was asked for (CPython's
// multiprocessing logger is a child of logging's root logger).
func TestRootLevel(t *testing.T) {
	var w strings.Builder
	l := New(&w)
	root := DEBUG
	l.SetRoot(func() int { return root })
	l.ToStderr(NOTSET)
	l.Log(INFO, "MainProcess", "shown")
	root = ERROR
	l.Log(WARNING, "MainProcess", "hidden")
	if got := w.String(); got != "[INFO/MainProcess] shown\n" {
		t.Errorf("log = %q", got)
	}
	if got := l.Effective(); got != ERROR {
		t.Errorf("Effective() = %d, want %d", got, ERROR)
	}
	if got := l.ChildLevel(); got != ERROR {
		t.Errorf("ChildLevel() = %d, want %d", got, ERROR)
	}
	l.SetLevel(INFO)
	if got := l.Effective(); got != INFO {
		t.Errorf("own level: Effective() = %d, want %d", got, INFO)
	}

	// Without a root, NOTSET is WARNING; a logger never asked for passes
	// nothing to a child.
	fresh := New(&w)
	if got, child := fresh.Effective(), fresh.ChildLevel(); got != WARNING || child != NOTSET {
		t.Errorf("fresh: Effective() = %d, ChildLevel() = %d", got, child)
	}
	fresh.MarkUsed()
	if got := fresh.ChildLevel(); got != WARNING {
		t.Errorf("used: ChildLevel() = %d, want %d", got, WARNING)
	}
}
