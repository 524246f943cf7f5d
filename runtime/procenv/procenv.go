// Package procenv carries what a builtin needs to know about the process and
// runtime it runs in (cancellation, output streams, working directory, the
// multiprocessing logger), attached to each Starlark thread.
package procenv

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/mplog"
)

const key = "procstar.env"

// Env is the per-process environment of Starlark threads.
type Env struct {
	// Ctx is cancelled when the running statement must stop (Ctrl-C, a
	// host's context). Blocking builtins select on Ctx.Done().
	Ctx    context.Context
	Stdout io.Writer
	Stderr io.Writer
	// Stdin is what sys.stdin and input() read (empty in a child).
	Stdin *Input
	// Dir is the working directory relative paths resolve against; empty
	// means the OS working directory.
	Dir string
	// Log is the multiprocessing logger of this process.
	Log *mplog.Logger
	// ProcessName returns the current process's name (for log lines).
	ProcessName func() string
}

// Default is used by threads that were given no Env (unit tests of builtins).
func Default() *Env {
	return &Env{
		Ctx:         context.Background(),
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
		Stdin:       NewInput(nil),
		Log:         mplog.New(os.Stderr),
		ProcessName: func() string { return "MainProcess" },
	}
}

// Set attaches env to thread.
func Set(thread *starlark.Thread, env *Env) { thread.SetLocal(key, env) }

// Get returns the Env of thread, or a default one.
func Get(thread *starlark.Thread) *Env {
	if thread != nil {
		if e, ok := thread.Local(key).(*Env); ok {
			return e
		}
	}
	return Default()
}

// Context returns the context of the run thread executes (its Env's),
// context.Background() if it has none.
func Context(thread *starlark.Thread) context.Context {
	if ctx := Get(thread).Ctx; ctx != nil {
		return ctx
	}
	return context.Background()
}

// Path resolves p against the Env's working directory. It only prefixes
// the directory, never cleans p, as the kernel resolves a relative path:
// "f.txt/" must stay a failing path to a directory, "" a missing file, and
// "link/.." the parent of the link's target.
func (e *Env) Path(p string) string {
	if e.Dir == "" || p == "" || filepath.IsAbs(p) {
		return p
	}
	return strings.TrimSuffix(e.Dir, "/") + "/" + p
}
