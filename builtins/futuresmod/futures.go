// Package futuresmod is procstar's "concurrent.futures": ProcessPoolExecutor
// on the Pool machinery (builtins/pool), Future, as_completed and wait. A
// worker that dies fails the future it ran with Python's BrokenProcessPool;
// unlike Python's, the executor replaces the worker and goes on.
package futuresmod

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/builtins/pool"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Python's names.
const (
	brokenPool     = "concurrent.futures.process.BrokenProcessPool"
	cancelledError = "concurrent.futures._base.CancelledError"
	brokenMessage  = "A process in the process pool was terminated abruptly while the future was running or pending."
	brokenExecutor = "A child process terminated abruptly, the process pool is not usable anymore"
	firstCompleted = "FIRST_COMPLETED"
	firstException = "FIRST_EXCEPTION"
	allCompleted   = "ALL_COMPLETED"
)

// Module returns the "concurrent.futures" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "concurrent.futures", Members: starlark.StringDict{
		"ProcessPoolExecutor": starlark.NewBuiltin("ProcessPoolExecutor", newExecutor),
		"as_completed":        starlark.NewBuiltin("as_completed", asCompleted),
		"wait":                starlark.NewBuiltin("wait", wait),
		"FIRST_COMPLETED":     starlark.String(firstCompleted),
		"FIRST_EXCEPTION":     starlark.String(firstException),
		"ALL_COMPLETED":       starlark.String(allCompleted),
	}}
}

// Concurrent is the predeclared "concurrent" package: concurrent.futures.
func Concurrent(futures starlark.Value) *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "concurrent", Members: starlark.StringDict{"futures": futures}}
}

// Executor is a ProcessPoolExecutor: a Pool and the futures it made.
type Executor struct {
	// pool is made at the first submit, as Python's executor starts its
	// workers then: an executor made at the top level of a script without
	// the main guard works, since a child that re-runs the top level makes
	// one but starts no process. poolArgs are Pool's arguments.
	pool     starlark.Value
	poolArgs starlark.Tuple
	shutdown bool
	broken   bool      // the initializer failed: submit raises BrokenProcessPool
	futures  []*Future // submitted, maybe not done (for shutdown's cancel_futures)
}

func newExecutor(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var workers, init starlark.Value = starlark.None, starlark.None
	var initargs starlark.Value = starlark.Tuple(nil)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "max_workers?", &workers, "mp_context?", new(starlark.Value),
		"initializer?", &init, "initargs?", &initargs); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if n, ok := workers.(starlark.Int); ok {
		if v, _ := n.Int64(); v <= 0 {
			return nil, pyerr.New(pyerr.ValueError, "max_workers must be greater than 0")
		}
	}
	if _, ok := init.(starlark.Callable); init != starlark.None && !ok {
		return nil, pyerr.New(pyerr.TypeError, "initializer must be a callable")
	}
	return &Executor{poolArgs: starlark.Tuple{workers, init, initargs}}, nil
}

func (e *Executor) String() string {
	return fmt.Sprintf("<concurrent.futures.process.ProcessPoolExecutor object at %p>", e)
}
func (e *Executor) Type() string          { return "ProcessPoolExecutor" }
func (e *Executor) Freeze()               {}
func (e *Executor) Truth() starlark.Bool  { return starlark.True }
func (e *Executor) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(e)) >> 3), nil }
func (e *Executor) AttrNames() []string   { return []string{"map", "shutdown", "submit"} }

func (e *Executor) Attr(name string) (starlark.Value, error) {
	var f func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	switch name {
	case "submit":
		f = e.submit
	case "map":
		f = e.mapCall
	case "shutdown":
		f = e.shutdownCall
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return f(thread, args, kwargs)
	}).BindReceiver(e), nil
}

// method is the pool's method name, the pool made first if need be.
func (e *Executor) method(thread *starlark.Thread, name string) (starlark.Value, error) {
	if e.pool == nil {
		p, err := pool.NewExecutorPool(thread, e.poolArgs)
		if err != nil {
			return nil, err
		}
		e.pool = p
	}
	return e.pool.(starlark.HasAttrs).Attr(name)
}

// submit schedules fn(*args, **kwargs) and returns its Future.
func (e *Executor) submit(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "ProcessPoolExecutor.submit() missing 1 required positional argument: 'fn'")
	}
	if e.broken {
		return nil, pyerr.New(brokenPool, brokenExecutor)
	}
	if e.shutdown {
		return nil, pyerr.New(pyerr.RuntimeError, "cannot schedule new futures after shutdown")
	}
	f := &Future{ex: e, done: make(chan struct{})}
	kw := starlark.NewDict(len(kwargs))
	for _, kv := range kwargs {
		kw.SetKey(kv[0], kv[1])
	}
	onResult := starlark.NewBuiltin("future_result", func(thread *starlark.Thread, _ *starlark.Builtin, a starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, f.finish(thread, a[0], nil)
	})
	onError := starlark.NewBuiltin("future_error", func(thread *starlark.Thread, _ *starlark.Builtin, a starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		ce, _ := a[0].(*catch.Error)
		return starlark.None, f.finish(thread, nil, ce)
	})
	applyAsync, err := e.method(thread, "apply_async")
	if err != nil {
		return nil, err
	}
	r, err := starlark.Call(thread, applyAsync, starlark.Tuple{args[0], args[1:], kw},
		[]starlark.Tuple{{starlark.String("callback"), onResult}, {starlark.String("error_callback"), onError}})
	if err != nil {
		return nil, err
	}
	f.async = r
	f.result_, _ = r.(*pool.AsyncResult)
	// Keep the futures that may still be pending; drop the done ones now
	// and then, so a long-lived executor does not keep them all.
	if len(e.futures) >= 64 && len(e.futures)&(len(e.futures)-1) == 0 {
		live := e.futures[:0]
		for _, g := range e.futures {
			if !g.isDone() {
				live = append(live, g)
			}
		}
		clear(e.futures[len(live):])
		e.futures = live
	}
	e.futures = append(e.futures, f)
	return f, nil
}

// stepper is an iterator that can fail (itertoolsmod's: iter, map,
// itertools): a Starlark for loop over it cannot report its error.
type stepper interface {
	Step() (starlark.Value, bool, error)
}

// mapCall is Executor.map: as Python's, every call is submitted now (the
// iterables are read whole here, so one that fails raises from map), and
// the results come from a generator, in order, each as soon as it is done.
func (e *Executor) mapCall(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout starlark.Value = starlark.None
	for _, kv := range kwargs {
		switch kv[0] {
		case starlark.String("timeout"):
			timeout = kv[1]
		case starlark.String("chunksize"):
			// Python checks it (each item is its own task here).
			n, ok := kv[1].(starlark.Int)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "chunksize must be an int, not %s", kv[1].Type())
			}
			if n.Sign() < 1 {
				return nil, pyerr.New(pyerr.ValueError, "chunksize must be >= 1.")
			}
		default:
			return nil, pyerr.New(pyerr.TypeError, "map() got an unexpected keyword argument %s", kv[0])
		}
	}
	if len(args) < 1 {
		return nil, pyerr.New(pyerr.TypeError, "ProcessPoolExecutor.map() missing 1 required positional argument: 'fn'")
	}
	// As Python's: timeout bounds the whole map, from the call.
	deadline, err := deadlineOf(timeout)
	if err != nil {
		return nil, err
	}
	m := &mapResults{deadline: deadline}
	gen := &generator{fn: "_chain_from_iterable_of_lists", thread: thread, step: m.next, close: m.close,
		loopReason: func(err error) string { return pyerr.LoopFailure(err, "ProcessPoolExecutor.map") }}
	if len(args) == 1 {
		// Python zips no iterables: no calls, no results.
		return gen, nil
	}
	var iters []func() (starlark.Value, bool, error)
	for _, a := range args[1:] {
		if st, ok := a.(stepper); ok {
			// iter(), map(): an iterator that can fail, whose error is
			// map's (Python's map zips the iterables in the caller).
			iters = append(iters, st.Step)
			continue
		}
		it, ok := a.(starlark.Iterable)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", a.Type())
		}
		iter := it.Iterate()
		defer iter.Done()
		iters = append(iters, func() (starlark.Value, bool, error) {
			var x starlark.Value
			ok := iter.Next(&x)
			return x, ok, nil
		})
	}
	var futures []*Future
	for {
		call := starlark.Tuple{args[0]}
		for _, next := range iters {
			x, ok, err := next()
			if err != nil {
				return nil, err // the futures submitted run on, as in Python
			}
			if !ok {
				call = nil
				break
			}
			call = append(call, x)
		}
		if call == nil {
			break
		}
		f, err := e.submit(thread, call, nil)
		if err != nil {
			return nil, err
		}
		futures = append(futures, f.(*Future))
	}
	m.futures = futures
	return gen, nil
}

// mapResults is the state of Executor.map's generator (CPython's
// ProcessPoolExecutor.map returns _chain_from_iterable_of_lists over
// result_iterator): it yields the results in order, waiting for each until
// the map's deadline. A failed or timed-out result is raised there, after
// the results before it; then that future and the later ones are cancelled
// (those a worker has been given run on) and the generator is over, as is
// a closed one.
type mapResults struct {
	futures  []*Future // not yet yielded, in order
	deadline time.Time // zero: none
}

// next waits for the next result; ok is false at the end.
func (m *mapResults) next(thread *starlark.Thread) (starlark.Value, bool, error) {
	if len(m.futures) == 0 {
		return nil, false, nil
	}
	f := m.futures[0]
	m.futures[0] = nil // as Python's, keep no reference to a yielded one
	m.futures = m.futures[1:]
	var left starlark.Value = starlark.None
	if !m.deadline.IsZero() {
		left = starlark.Float(max(time.Until(m.deadline).Seconds(), 0))
	}
	v, err := f.result(thread, left)
	if err != nil {
		// Python's _result_or_cancel and result_iterator's finally.
		f.cancel(thread)
		m.close(thread)
		return nil, false, err
	}
	return v, true, nil
}

// close cancels the futures not yielded yet and ends the generator.
func (m *mapResults) close(thread *starlark.Thread) {
	for _, f := range m.futures {
		f.cancel(thread)
	}
	m.futures = nil
}

func (e *Executor) shutdownCall(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	waitFor, cancel := true, false
	if err := starlark.UnpackArgs("shutdown", args, kwargs, "wait?", &waitFor, "cancel_futures?", &cancel); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if e.shutdown {
		return starlark.None, nil
	}
	e.shutdown = true
	if cancel {
		// Python's: the futures not started are cancelled, the running
		// ones finish.
		for _, f := range e.futures {
			if _, err := f.cancel(thread); err != nil {
				return nil, err
			}
		}
	}
	e.futures = nil
	if e.pool == nil {
		return starlark.None, nil // nothing was submitted: no worker started
	}
	m, err := e.method(thread, "close")
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(thread, m, nil, nil); err != nil {
		return nil, err
	}
	if waitFor {
		join, _ := e.method(thread, "join")
		if _, err := starlark.Call(thread, join, nil, nil); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// Future is the eventual result of a submitted call.
type Future struct {
	ex      *Executor
	async   starlark.Value    // the Pool's AsyncResult
	result_ *pool.AsyncResult // the same

	mu        sync.Mutex
	finished  bool // finished or cancelled
	cancelled bool
	value     starlark.Value
	err       *catch.Error
	callbacks []starlark.Value
	done      chan struct{}
}

// finish records the outcome (on the owner's thread, from the Pool's
// callbacks) and runs the done-callbacks.
func (f *Future) finish(thread *starlark.Thread, v starlark.Value, ce *catch.Error) error {
	if ce != nil && ce.Typ == pyerr.RuntimeError && strings.HasPrefix(ce.Message, pool.InitFailed) {
		// Python's executor breaks when an initializer fails: this future
		// and the queued ones fail, and submit refuses new ones.
		f.ex.broken = true
		ce = brokenError(ce)
	}
	if ce != nil && ce.Typ == pyerr.WorkerLostError {
		ce = brokenError(ce)
	}
	f.mu.Lock()
	if f.finished { // cancelled: the pool's error callback comes after
		f.mu.Unlock()
		return nil
	}
	f.finished, f.value, f.err = true, v, ce
	cbs := f.callbacks
	f.callbacks = nil
	f.mu.Unlock()
	close(f.done)
	for _, cb := range cbs {
		if err := f.callback(thread, cb); err != nil {
			return err
		}
	}
	return nil
}

// callback calls a done-callback. As in Python, one that fails does not
// fail its caller: its traceback goes to stderr ("exception calling
// callback for <Future ...>") and the program goes on; sys.exit and
// cancellation still end it.
func (f *Future) callback(thread *starlark.Thread, cb starlark.Value) error {
	_, err := starlark.Call(thread, cb, starlark.Tuple{f}, nil)
	if err == nil || pyerr.Uncatchable(err) {
		return err
	}
	io.WriteString(procenv.Get(thread).Stderr, "exception calling callback for "+f.String()+"\n"+pyerr.Traceback(err))
	return nil
}

// await waits until the future is done, at most timeout (None: no bound),
// letting the Pool run its callbacks (the ready()/get() safe points).
func (f *Future) await(thread *starlark.Thread, timeout starlark.Value) error {
	if f.isDone() {
		return nil
	}
	wait, err := f.async.(starlark.HasAttrs).Attr("wait")
	if err != nil {
		return err
	}
	// The result's wait runs its callback before it returns.
	if _, err := starlark.Call(thread, wait, starlark.Tuple{timeout}, nil); err != nil {
		return err
	}
	if !f.isDone() {
		return pyerr.New(pyerr.TimeoutError, "")
	}
	return nil
}

// errCancelled is what result() and exception() raise for a cancelled
// future.
func errCancelled() error { return pyerr.New(cancelledError, "") }

// cancel is Future.cancel: a future no worker has been given is cancelled
// (its done-callbacks run now), a running or finished one is not.
func (f *Future) cancel(thread *starlark.Thread) (bool, error) {
	f.mu.Lock()
	if f.finished {
		c := f.cancelled
		f.mu.Unlock()
		return c, nil
	}
	f.mu.Unlock()
	if f.result_ == nil || !f.result_.Cancel(errCancelled()) {
		return false, nil
	}
	f.mu.Lock()
	if f.finished { // finished meanwhile (cannot be: the task never ran)
		f.mu.Unlock()
		return false, nil
	}
	f.finished, f.cancelled = true, true
	cbs := f.callbacks
	f.callbacks = nil
	f.mu.Unlock()
	close(f.done)
	for _, cb := range cbs {
		if err := f.callback(thread, cb); err != nil {
			return true, err
		}
	}
	return true, nil
}

func (f *Future) isCancelled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cancelled
}

func (f *Future) failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err != nil
}

func (f *Future) isDone() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.finished
}

func (f *Future) result(thread *starlark.Thread, timeout starlark.Value) (starlark.Value, error) {
	if err := f.await(thread, timeout); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancelled {
		return nil, errCancelled()
	}
	if f.err != nil {
		if code, ok := f.err.Attrs["code"]; ok && f.err.Typ == "SystemExit" {
			// sys.exit in the task: Python's result() raises the worker's
			// SystemExit, which ends the owner as its own sys.exit would.
			return nil, &pyerr.Exit{Code: code}
		}
		return nil, &pyerr.Error{Type: f.err.Typ, Message: f.err.Message, Remote: f.err.Frames(), Attrs: f.err.Attrs}
	}
	return f.value, nil
}

func (f *Future) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.cancelled:
		return fmt.Sprintf("<Future at %p state=cancelled>", f)
	case f.finished && f.err != nil:
		return fmt.Sprintf("<Future at %p state=finished raised %s>", f, f.err.Typ)
	case f.finished:
		return fmt.Sprintf("<Future at %p state=finished returned %s>", f, f.value.Type())
	case f.result_ != nil && f.result_.Started():
		return fmt.Sprintf("<Future at %p state=running>", f)
	}
	return fmt.Sprintf("<Future at %p state=pending>", f)
}
func (f *Future) Type() string          { return "Future" }
func (f *Future) Freeze()               {}
func (f *Future) Truth() starlark.Bool  { return starlark.True }
func (f *Future) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(f)) >> 3), nil }
func (f *Future) AttrNames() []string {
	return []string{"add_done_callback", "cancel", "cancelled", "done", "exception", "result", "running"}
}

func (f *Future) Attr(name string) (starlark.Value, error) {
	var fn func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	timeoutArg := func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var t starlark.Value = starlark.None
		if err := starlark.UnpackArgs(name, args, kwargs, "timeout?", &t); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return t, nil
	}
	switch name {
	case "result":
		fn = func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			t, err := timeoutArg(args, kwargs)
			if err != nil {
				return nil, err
			}
			return f.result(thread, t)
		}
	case "exception":
		fn = func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			t, err := timeoutArg(args, kwargs)
			if err != nil {
				return nil, err
			}
			if err := f.await(thread, t); err != nil {
				return nil, err
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.cancelled {
				return nil, errCancelled()
			}
			if f.err == nil {
				return starlark.None, nil
			}
			return f.err, nil
		}
	case "done":
		fn = func(thread *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			// ready() is a safe point: a finished result's callback runs.
			if ready, err := f.async.(starlark.HasAttrs).Attr("ready"); err == nil {
				if _, err := starlark.Call(thread, ready, nil, nil); err != nil {
					return nil, err
				}
			}
			return starlark.Bool(f.isDone()), nil
		}
	case "running":
		// Running once a worker has been given it (Python's: once in the
		// executor's call queue), until it is done.
		fn = func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(!f.isDone() && f.result_ != nil && f.result_.Started()), nil
		}
	case "cancelled":
		fn = func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(f.isCancelled()), nil
		}
	case "cancel":
		// A future still in the pool's queue is withdrawn; one a worker
		// has been given runs on, as Python's.
		fn = func(thread *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			ok, err := f.cancel(thread)
			return starlark.Bool(ok), err
		}
	case "add_done_callback":
		fn = func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var cb starlark.Callable
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &cb); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			f.mu.Lock()
			if !f.finished {
				f.callbacks = append(f.callbacks, cb)
				f.mu.Unlock()
				return starlark.None, nil
			}
			f.mu.Unlock()
			return starlark.None, f.callback(thread, cb)
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(thread, args, kwargs)
	}).BindReceiver(f), nil
}

// futuresOf unpacks an iterable of Futures.
func futuresOf(v starlark.Value) ([]*Future, error) {
	// Read whole first, as Python's set(fs): an iterator that can fail
	// (a map that submits) fails the call with its error.
	v, err := pyiter.Whole(v)
	if err != nil {
		return nil, err
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
	}
	var out []*Future
	for x := range starlark.Elements(it) {
		f, ok := x.(*Future)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "expected a Future, not %s", x.Type())
		}
		out = append(out, f)
	}
	return out, nil
}

// waitAny waits until one of fs is done, at most until deadline (zero:
// none); false on timeout. It waits on the first future's result in steps
// of 50 ms: a wait there is a Pool safe point, where the callbacks of all
// finished results run (the Pool has no wait for any of several results).
// An error is a cancellation (Ctrl-C, the host's context) or a failing
// Pool callback.
func waitAny(thread *starlark.Thread, fs []*Future, deadline time.Time) (bool, error) {
	for {
		for _, f := range fs {
			if f.isDone() {
				return true, nil
			}
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			return false, nil
		}
		// A short wait on the first, which runs due callbacks (a safe
		// point); callbacks of the others run there too.
		wait, _ := fs[0].async.(starlark.HasAttrs).Attr("wait")
		d := 0.05
		if !deadline.IsZero() {
			d = min(d, time.Until(deadline).Seconds())
		}
		if _, err := starlark.Call(thread, wait, starlark.Tuple{starlark.Float(max(d, 0))}, nil); err != nil {
			return false, err
		}
	}
}

func deadlineOf(v starlark.Value) (time.Time, error) {
	d, err := timeoutarg.Duration("", v)
	if err != nil || d < 0 {
		return time.Time{}, err
	}
	return time.Now().Add(d), nil
}

// asCompleted yields the futures (each once) in the order they finish,
// from a generator, as Python's: a loop gets each future as soon as it is
// done. As Python's generator body, it reads fs and starts the timeout's
// clock at the first step, yields the futures done by then first, and
// raises TimeoutError when the next one is not done by the deadline.
func asCompleted(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fsv, timeout starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fs", &fsv, "timeout?", &timeout); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	c := &completed{fsv: fsv, timeout: timeout}
	return &generator{fn: "as_completed", thread: thread, step: c.step, close: c.close,
		loopReason: func(err error) string {
			typ, msg := pyerr.Classify(err)
			return strings.TrimSuffix(pyerr.LastLine(typ, msg), "\n") + "\n(in a for loop over as_completed(); use .next() inside catch() to handle it)"
		}}, nil
}

// unique drops repeated futures, keeping the first of each (Python's
// as_completed and wait take the set of fs).
func unique(fs []*Future) []*Future {
	seen := make(map[*Future]bool, len(fs))
	out := fs[:0:0]
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// completed is the state of as_completed's generator.
type completed struct {
	// The arguments, until the first step reads them.
	fsv, timeout starlark.Value

	pending  []*Future
	total    int
	deadline time.Time // zero: none
}

// step is the generator's step: the next future to finish.
func (c *completed) step(thread *starlark.Thread) (starlark.Value, bool, error) {
	f, err := c.next(thread)
	if err != nil || f == nil {
		return nil, false, err
	}
	return f, true, nil
}

// close ends the generator: the futures not yielded are left as they are.
func (c *completed) close(*starlark.Thread) { c.fsv, c.pending = nil, nil }

// next waits for one of the pending futures to be done and returns it, or
// nil when none is left. After an error the generator is over.
func (c *completed) next(thread *starlark.Thread) (*Future, error) {
	if c.fsv != nil {
		fsv := c.fsv
		c.fsv = nil
		fs, err := futuresOf(fsv)
		if err != nil {
			return nil, err
		}
		if c.deadline, err = deadlineOf(c.timeout); err != nil {
			return nil, err
		}
		c.pending = unique(fs)
		c.total = len(c.pending)
	}
	if len(c.pending) == 0 {
		return nil, nil
	}
	ok, err := waitAny(thread, c.pending, c.deadline)
	if err == nil && !ok {
		err = pyerr.New(pyerr.TimeoutError, "%d (of %d) futures unfinished", len(c.pending), c.total)
	}
	if err != nil {
		c.pending = nil
		return nil, err
	}
	for i, f := range c.pending {
		if f.isDone() {
			c.pending = append(c.pending[:i:i], c.pending[i+1:]...)
			return f, nil
		}
	}
	return nil, nil // unreachable: waitAny returned with one done
}

// wait is concurrent.futures.wait: (done, not_done) sets.
func wait(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fsv, timeout starlark.Value = nil, starlark.None
	when := allCompleted
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fs", &fsv, "timeout?", &timeout, "return_when?", &when); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	fs, err := futuresOf(fsv)
	if err != nil {
		return nil, err
	}
	deadline, err := deadlineOf(timeout)
	if err != nil {
		return nil, err
	}
	enough := func() bool {
		n := 0
		for _, f := range fs {
			if f.isDone() {
				n++
				if when == firstCompleted || when == firstException && f.failed() && !f.isCancelled() {
					return true
				}
			}
		}
		return n == len(fs)
	}
	for !enough() {
		var pending []*Future
		for _, f := range fs {
			if !f.isDone() {
				pending = append(pending, f)
			}
		}
		if ok, err := waitAny(thread, pending, deadline); err != nil {
			return nil, err
		} else if !ok {
			break
		}
	}
	done, notDone := new(starlark.Set), new(starlark.Set)
	for _, f := range fs {
		if f.isDone() {
			done.Insert(f)
		} else {
			notDone.Insert(f)
		}
	}
	return &doneAndNotDone{starlark.Tuple{done, notDone}}, nil
}

// doneAndNotDone is wait's result, Python's DoneAndNotDoneFutures named
// tuple: (done, not_done), also as attributes.
type doneAndNotDone struct{ starlark.Tuple }

var (
	_ starlark.Indexable = (*doneAndNotDone)(nil)
	_ starlark.HasAttrs  = (*doneAndNotDone)(nil)
)

func (d *doneAndNotDone) String() string {
	return fmt.Sprintf("DoneAndNotDoneFutures(done=%s, not_done=%s)", d.Tuple[0], d.Tuple[1])
}
func (d *doneAndNotDone) Type() string { return "DoneAndNotDoneFutures" }
func (d *doneAndNotDone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "done":
		return d.Tuple[0], nil
	case "not_done":
		return d.Tuple[1], nil
	}
	return nil, nil
}
func (d *doneAndNotDone) AttrNames() []string { return []string{"done", "not_done"} }

// CompareSameType compares as the tuples (the embedded Tuple's method
// would be given a *doneAndNotDone).
func (d *doneAndNotDone) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, d.Tuple, y.(*doneAndNotDone).Tuple, depth)
}

// brokenError is Python's BrokenProcessPool in place of the pool's error
// ce, with ce's frames.
func brokenError(ce *catch.Error) *catch.Error {
	return &catch.Error{Typ: brokenPool, Message: brokenMessage, Traceback: ce.Frames() + pyerr.LastLine(brokenPool, brokenMessage)}
}
