package logging

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/procenv"
)

// resetRoot leaves the process's root logger without handlers, as at start.
func resetRoot(t *testing.T) {
	t.Helper()
	root := rootLogger()
	std.mu.Lock()
	root.handlers = starlark.NewList(nil)
	std.mu.Unlock()
}

// With no handler anywhere, WARNING and above go bare to the calling
// thread's stderr (Python's lastResort); records carry the Starlark
// caller's line and function.
func TestStdLastResortAndCaller(t *testing.T) {
	resetRoot(t)
	te := newEnv()
	err := te.run(`
lg = logging.getLogger("t.lastresort")
lg.info("quiet")
lg.warning("bare %s", "warning")
def where(r):
    print(r.lineno, r.funcName, r.filename, r.module, r.processName)
    return True
lg.addFilter(where)
def f():
    lg.error("from f")
f()
lg.error("top", stack_info=True)
`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := te.stderr.String(), "bare warning\nfrom f\ntop\nStack (most recent call last):\n  File \"test.star\", line 12, in <module>\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if got, want := te.stdout.String(), "10 f test.star test Process-1\n12 <module> test.star test Process-1\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

// Records logged at once from many threads through one FileHandler reach
// the file whole, one line each (one write per record, O_APPEND).
func TestStdFileHandlerConcurrent(t *testing.T) {
	resetRoot(t)
	path := filepath.Join(t.TempDir(), "log")
	te := newEnv()
	thread := &starlark.Thread{}
	procenv.Set(thread, te.env)
	h, err := newFileHandler(thread, path, "a", starlark.None, starlark.None, false)
	if err != nil {
		t.Fatal(err)
	}
	lg := stdLogger("t.concurrent")
	lg.call(thread, "addHandler", starlark.Tuple{h}, nil)
	pad := strings.Repeat("y", 5000)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			th := &starlark.Thread{}
			procenv.Set(th, te.env)
			for i := 0; i < 50; i++ {
				if _, err := lg.call(th, "warning", starlark.Tuple{starlark.String(fmt.Sprintf("%d %d %s", g, i, pad))}, nil); err != nil {
					t.Error(err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	h.close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 400 {
		t.Fatalf("%d lines, want 400", len(lines))
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) != 3 || f[2] != pad {
			t.Fatalf("a broken record: %.60q", l)
		}
	}
}

// A handlers list frozen with the globals that held it does not stop
// addHandler: the logger gets a copy.
func TestStdFrozenHandlers(t *testing.T) {
	te := newEnv()
	thread := &starlark.Thread{}
	procenv.Set(thread, te.env)
	lg := stdLogger("t.frozen")
	lg.handlers.Freeze()
	h := newStreamHandler(starlark.None)
	if _, err := lg.call(thread, "addHandler", starlark.Tuple{h}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := lg.call(thread, "addHandler", starlark.Tuple{h}, nil); err != nil {
		t.Fatal(err)
	}
	if lg.handlers.Len() != 1 {
		t.Errorf("handlers = %v", lg.handlers)
	}
	lg.handlers.Freeze()
	if _, err := lg.call(thread, "removeHandler", starlark.Tuple{h}, nil); err != nil {
		t.Fatal(err)
	}
	if lg.handlers.Len() != 0 {
		t.Errorf("handlers = %v", lg.handlers)
	}
}
