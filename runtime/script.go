package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/interp"
)

// Script is a main module whose top level has run and whose global
// functions a host can call, as Python code calls functions of a module it
// imported. Its children re-run the same module with __name__ ==
// "__mp_main__", as those of ExecFile do.
//
// A Script runs one thing at a time: concurrent calls are serialized. Close
// it when done.
type Script struct {
	mu      sync.Mutex
	s       *session
	globals starlark.StringDict
	closed  bool
}

// ErrClosed is returned by the methods of a closed Script or Session.
var ErrClosed = errors.New("procstar: use of a closed script or session")

// Load reads the script at path (from the OS, or from WithFS) and runs its
// top level as __main__, as ExecFile does, but keeps it for Call instead of
// ending it.
//
// ctx is the Script's lifetime: cancelling it stops the top level (or the
// running call) and kills the whole process tree; later calls fail. A
// failing top level gives an error and no Script; the children it started
// have then been joined as at the end of ExecFile.
func (r *Runtime) Load(ctx context.Context, path string) (*Script, error) {
	in := interp.New(interp.Config{FS: r.cfg.fsys, Dir: r.cfg.dir})
	src, err := in.ReadSource(path)
	if err != nil {
		return nil, &SourceError{Err: fmt.Errorf("cannot open %s: %w", path, unwrapPathError(err))}
	}
	return r.LoadSource(ctx, path, src)
}

// LoadSource is Load with the source given: filename names it in tracebacks
// and is what load() resolves relative paths against.
func (r *Runtime) LoadSource(ctx context.Context, filename string, src []byte) (*Script, error) {
	s, err := r.newRoot(ctx, filename, src)
	if err != nil {
		return nil, err
	}
	s.killOnCancel()
	var globals starlark.StringDict
	err = s.runOp(ctx, func(thread *starlark.Thread) error {
		var err error
		globals, err = s.interp.ExecMain(thread, filename, src, "__main__")
		return err
	})
	if err != nil {
		if _, ok := err.(*ScriptError); !ok { // not cancelled: the exit rules
			err = s.finish(err)
		}
		s.close()
		if err == nil { // sys.exit(0) at top level
			err = &ExitError{}
		}
		return nil, err
	}
	return &Script{s: s, globals: globals}, nil
}

// Globals returns the script's globals. They are live: calls may change
// them, so do not use them during a call.
func (sc *Script) Globals() starlark.StringDict { return sc.globals }

// Call calls the global function name with args and returns its result.
//
// ctx bounds the call: cancelling it cancels the running Starlark code
// (blocking builtins such as join return at once), kills the processes the
// call started, their descendants included, and returns an error for which
// errors.Is(err, context.Canceled) (or context.DeadlineExceeded) holds. The
// Script stays usable.
//
// An error of the function is a *ScriptError; sys.exit in it, even
// sys.exit(0), an *ExitError. The step limit of WithMaxSteps applies to each
// call.
func (sc *Script) Call(ctx context.Context, name string, args ...starlark.Value) (starlark.Value, error) {
	return sc.CallKwargs(ctx, name, args, nil)
}

// CallKwargs is Call with keyword arguments.
func (sc *Script) CallKwargs(ctx context.Context, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.closed {
		return nil, ErrClosed
	}
	fn, ok := sc.globals[name]
	if !ok {
		return nil, fmt.Errorf("procstar: %s has no global %q", sc.s.node.MainFile, name)
	}
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, fmt.Errorf("procstar: global %q of %s is a %s, not a function", name, sc.s.node.MainFile, fn.Type())
	}
	var v starlark.Value
	err := sc.s.runOp(ctx, func(thread *starlark.Thread) error {
		var err error
		v, err = starlark.Call(thread, fn, args, kwargs)
		return err
	})
	if err != nil {
		return nil, convertOp(err)
	}
	return v, nil
}

// Close ends the script as Python ends a program: it terminates the
// daemonic children still running and waits for the others to end. If the
// Script's context (Load's ctx) is cancelled meanwhile, it kills them all
// and returns the cancellation error.
func (sc *Script) Close() error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.closed {
		return nil
	}
	sc.closed = true
	sc.s.opMu.Lock() // not with the kill of a cancelled lifetime (killOnCancel)
	err := sc.s.finish(nil)
	sc.s.opMu.Unlock()
	sc.s.close()
	return err
}
