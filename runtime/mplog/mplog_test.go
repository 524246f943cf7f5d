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
	SetRootLevel(func() int { return root })
	defer rootLevel.Store(nil)
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
	rootLevel.Store(nil)
	fresh := New(&w)
	if got, child := fresh.Effective(), fresh.ChildLevel(); got != WARNING || child != NOTSET {
		t.Errorf("fresh: Effective() = %d, ChildLevel() = %d", got, child)
	}
	fresh.MarkUsed()
	if got := fresh.ChildLevel(); got != WARNING {
		t.Errorf("used: ChildLevel() = %d, want %d", got, WARNING)
	}
}

// A logger never enabled does not ask the root logger's level: every
// process logs its start and end, and asking would page the logging module
// in at each start (an idle child's RSS grew by 200 KB).
func TestDisabledAsksNoRoot(t *testing.T) {
	SetRootLevel(func() int { t.Error("root level asked by a disabled logger"); return DEBUG })
	defer rootLevel.Store(nil)
	var w strings.Builder
	l := New(&w)
	l.Log(INFO, "MainProcess", "process shutting down")
	if w.Len() != 0 {
		t.Errorf("disabled logger wrote %q", w.String())
	}
}
