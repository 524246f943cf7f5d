// Package pysignal runs a script's signal handlers (signal.signal) as
// Python runs them in its main thread: here in the thread that installed
// the last one (or the process's newest, see Adopt), between two steps of
// the interpreter (checked every few thousand steps) or while that thread
// waits (time.sleep, join, a lock, a queue: see Wait), never in another
// goroutine. A signal a handler
// takes no longer has its default action (spawn.SetScriptHandled).
package pysignal

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/spawn"
)

// NSIG is Linux's: signals are 1 to 64.
const NSIG = 65

// SIG_DFL and SIG_IGN are Python's values of the two dispositions.
const (
	SIG_DFL = 0
	SIG_IGN = 1
)

// checkEvery is how many steps a thread with handlers runs between two
// looks at the signals that arrived: a few hundred microseconds.
const checkEvery = 4096

// anyArmed is st.armed without the lock, for Wait's fast path: once a
// handler was installed it stays set.
var anyArmed atomic.Bool

var st struct {
	mu       sync.Mutex
	thread   *starlark.Thread // where handlers run
	owner    *node.Node       // the process (runtime session) of thread
	handlers [NSIG]starlark.Value
	chans    [NSIG]chan os.Signal
	armed    bool          // a callable handler was installed
	wake     chan struct{} // closed when a signal arrives, then replaced
	running  bool          // a handler runs: the next wait for its end
	// forwarding: DefaultSignals hands this package the signals it
	// receives for handlers (spawn.ForwardScriptSignals).
	forwarding bool

	pending [NSIG]atomic.Bool
	any     atomic.Bool
	failed  atomic.Pointer[error] // a handler's error that ended its thread
}

// Get is signal.getsignal(sig): the handler, SIG_DFL or SIG_IGN (Python
// starts with SIGPIPE and SIGXFSZ ignored), or def for SIGINT's default.
func Get(sig int, def starlark.Value) starlark.Value {
	st.mu.Lock()
	defer st.mu.Unlock()
	if h := st.handlers[sig]; h != nil {
		return h
	}
	switch syscall.Signal(sig) {
	case syscall.SIGINT:
		return def
	case syscall.SIGPIPE, syscall.SIGXFSZ:
		return starlark.MakeInt(SIG_IGN)
	}
	return starlark.MakeInt(SIG_DFL)
}

// Install is signal.signal(sig, handler) without the argument checks of
// the signal module: handler is SIG_DFL, SIG_IGN or a callable.
func Install(thread *starlark.Thread, sig int, handler starlark.Value, def starlark.Value) (starlark.Value, error) {
	if sig == int(syscall.SIGINT) {
		// The CLI's Ctrl-C ends the whole tree, as a Python root's
		// KeyboardInterrupt does; a handler would leave the tree running.
		return nil, pyerr.New(pyerr.ValueError, "procstar keeps SIGINT: Ctrl-C ends the process tree (handle SIGTERM instead)")
	}
	prev := Get(sig, def)
	st.mu.Lock()
	defer st.mu.Unlock()
	s := syscall.Signal(sig)
	switch h := handler.(type) {
	case starlark.Int:
		n, _ := h.Int64()
		if st.chans[sig] != nil {
			signal.Stop(st.chans[sig])
			st.chans[sig] = nil
		}
		if n == SIG_IGN {
			st.handlers[sig] = handler
			spawn.SetScriptHandled(s, true)
			signal.Ignore(s)
			break
		}
		st.handlers[sig] = nil
		if signal.Ignored(s) {
			signal.Reset(s)
		}
		spawn.SetScriptHandled(s, false)
	default:
		st.thread, st.owner = thread, node.FromThread(thread)
		st.handlers[sig] = handler
		if !st.forwarding {
			// Set here, not at init: every process would pay for it.
			spawn.ForwardScriptSignals(func(s syscall.Signal) { arrived(int(s)) })
			st.forwarding = true
		}
		spawn.SetScriptHandled(s, true)
		if st.chans[sig] == nil && !spawn.Forwards(s) {
			c := make(chan os.Signal, 1)
			st.chans[sig] = c
			signal.Notify(c, s)
			go deliver(sig, c)
		}
		st.armed = true
		anyArmed.Store(true)
		arm(thread)
	}
	return prev, nil
}

// deliver receives sig for the script's handler where DefaultSignals does
// not (spawn.Forwards).
func deliver(sig int, c chan os.Signal) {
	for range c {
		arrived(sig)
	}
}

// arrived marks sig pending and wakes a sleep.
func arrived(sig int) {
	st.pending[sig].Store(true)
	st.any.Store(true)
	arrivals[sig].Add(1)
	st.mu.Lock()
	if st.wake != nil {
		close(st.wake)
		st.wake = nil
	}
	st.mu.Unlock()
}

// arrivals counts each signal's arrivals, for SelfSent.
var arrivals [NSIG]atomic.Uint64

// Arrivals is how many times sig has arrived for a handler so far: what
// SelfSent waits to see change.
func Arrivals(sig int) uint64 {
	if sig <= 0 || sig >= NSIG {
		return 0
	}
	return arrivals[sig].Load()
}

// selfSentWait bounds SelfSent's wait for a signal on its way, which takes
// microseconds: it never hangs a script whose signal went astray.
const selfSentWait = 10 * time.Second

// SelfSent is for a signal this process has just sent itself (os.kill of
// its own pid, signal.raise_signal), Arrivals(sig) having been before
// before it was sent. The kernel delivers such a signal before kill
// returns, and Python runs its handler at the next instruction: so if a
// script's handler takes sig, SelfSent waits until the signal has arrived
// and, in the thread that runs handlers, runs them now; their error is
// the call's. In a Pool's callback, which runs on that thread while it
// waits (node.Gate), it returns once the signal is pending: the handler
// runs in that wait once the callback is done (node.Wait.Hold), as
// Python's runs in the main thread, never beside the callback.
func SelfSent(thread *starlark.Thread, sig int, before uint64) error {
	if sig <= 0 || sig >= NSIG {
		return nil
	}
	st.mu.Lock()
	_, handled := st.handlers[sig].(starlark.Callable)
	st.mu.Unlock()
	if !handled {
		return nil
	}
	deadline := time.NewTimer(selfSentWait)
	defer deadline.Stop()
wait:
	for arrivals[sig].Load() == before {
		wake := Wake()
		if arrivals[sig].Load() != before {
			break
		}
		select {
		case <-wake:
		case <-deadline.C:
			break wait // gone astray: its handler runs whenever it comes
		}
	}
	if n := node.FromThread(thread); n != nil && n.Gate().Working() {
		return nil
	}
	return Run(thread)
}

// Wake returns a channel closed when a signal arrives (nil, which blocks,
// in a process with no handler): a sleep waits on it too.
func Wake() <-chan struct{} {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.armed {
		return nil
	}
	if st.wake == nil {
		st.wake = make(chan struct{})
	}
	return st.wake
}

// Pending reports whether a signal waits for its handler.
func Pending() bool { return st.any.Load() }

// Run runs the handlers of the signals that arrived, if thread is the one
// they run in; a handler's error is returned (Python raises it where the
// thread was).
func Run(thread *starlark.Thread) error {
	if !st.any.Load() {
		return nil
	}
	st.mu.Lock()
	if st.thread != thread || st.running {
		st.mu.Unlock()
		return nil
	}
	st.running = true
	st.mu.Unlock()
	defer func() {
		st.mu.Lock()
		st.running = false
		st.mu.Unlock()
	}()
	st.any.Store(false)
	for sig := 1; sig < NSIG; sig++ {
		if !st.pending[sig].Swap(false) {
			continue
		}
		st.mu.Lock()
		h := st.handlers[sig]
		st.mu.Unlock()
		if _, ok := h.(starlark.Callable); !ok {
			continue // given back to SIG_DFL or SIG_IGN since it arrived
		}
		if _, err := starlark.Call(thread, h, starlark.Tuple{starlark.MakeInt(sig), starlark.None}, nil); err != nil {
			return err
		}
	}
	return nil
}

// Adopt makes thread, a new one of the process that installed handlers
// (a REPL's next input, a host's next call), the one they run in. (A host
// running other runtimes in the same OS process keeps its threads.)
func Adopt(thread *starlark.Thread) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.armed && st.owner != nil && node.FromThread(thread) == st.owner {
		st.thread = thread
		arm(thread)
	}
}

// armedLocal marks a thread arm has set up.
const armedLocal = "procstar.pysignal.armed"

// arm makes thread look at the signals every checkEvery steps, within the
// limit of steps its host set (interp.MaxStepsLocal), if any; once.
func arm(thread *starlark.Thread) {
	if thread.Local(armedLocal) != nil {
		return
	}
	thread.SetLocal(armedLocal, true)
	hostMax, _ := thread.Local(interp.MaxStepsLocal).(uint64)
	hostOn := thread.OnMaxSteps
	next := func(t *starlark.Thread) uint64 {
		n := t.ExecutionSteps() + checkEvery
		if hostMax > 0 && n > hostMax {
			n = hostMax
		}
		return n
	}
	thread.OnMaxSteps = func(t *starlark.Thread) {
		if hostMax > 0 && t.ExecutionSteps() >= hostMax && hostOn != nil {
			hostOn(t)
			return
		}
		if err := Run(t); err != nil {
			// The handler's error ends the thread as if raised here: the
			// runtime reports it (Failure), sys.exit's code included.
			st.failed.Store(&err)
			t.Cancel("signal handler: " + err.Error())
		}
		t.SetMaxExecutionSteps(next(t))
	}
	thread.SetMaxExecutionSteps(next(thread))
}

// Failure returns, once, the error of a handler that ended its thread
// between two steps: the script's error, in place of the cancellation.
func Failure() error {
	if p := st.failed.Swap(nil); p != nil {
		return *p
	}
	return nil
}

// signalCtx returns a context for a wait of thread that a signal
// ends, when thread runs handlers (else parent itself): the caller runs
// the handlers (Run) and waits again for the time left, as Python's
// blocking calls do. interrupted reports whether a signal ended it; stop
// releases it.
func signalCtx(thread *starlark.Thread, parent context.Context) (ctx context.Context, interrupted func() bool, stop func()) {
	st.mu.Lock()
	// Not while a handler runs: the signals it did not see wait for its
	// end, as Run leaves them then.
	mine := st.armed && st.thread == thread && !st.running
	st.mu.Unlock()
	if !mine {
		return parent, func() bool { return false }, func() {}
	}
	ctx, cancel := context.WithCancel(parent)
	wake := Wake()
	var hit atomic.Bool
	if Pending() {
		// It came after the caller's Run, before Wake: it closed no
		// channel, so the wait must not start.
		hit.Store(true)
		cancel()
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-wake:
			hit.Store(true)
			cancel()
		case <-done:
		}
	}()
	return ctx, func() bool { return hit.Load() && parent.Err() == nil }, func() { close(done); cancel() }
}

// During runs the handlers of the signals that arrived, as Run, in the
// middle of w, a wait of the thread they run in (a sleep, a join): with
// the thread's gate closed while they run (node.Wait.Hold).
func During(w node.Wait) error {
	if !st.any.Load() {
		return nil
	}
	return w.Hold(func() error { return Run(w.Thread()) })
}

// Handlers returns the handlers of w's thread for a wait that keeps its
// place while they run (a Condition's or Barrier's, see shm.Handlers), or
// nil in a process that has none.
func Handlers(w *node.Wait) *Handling {
	if !anyArmed.Load() {
		return nil
	}
	return &Handling{w}
}

// Handling runs a thread's handlers in the middle of its wait (Handlers):
// the wait as it is when they run (its gate may have been shut or opened
// since: node.Wait.Settle).
type Handling struct{ w *node.Wait }

// Arm is signalCtx for the wait's thread.
func (h *Handling) Arm(ctx context.Context) (context.Context, func() bool, func()) {
	return signalCtx(h.w.Thread(), ctx)
}

// Run runs the handlers of the signals that arrived (During).
func (h *Handling) Run() error { return During(*h.w) }

// Wait runs op, the wait w of its thread for at most timeout (< 0: no
// limit) that returns an error when its context ends, so that a signal's
// handler runs during it, as during Python's blocking calls (PEP 475): a
// signal ends op's context, the handlers run (During; an error of theirs
// is the wait's, as Python raises it there), and op waits again for the
// time left (none left: it is tried once more without waiting). Only a
// wait that has done nothing when its context ended it (no item taken, no
// lock held) may be started again: interruptible says so; without it, or
// in a thread that runs no handlers, Wait is op(parent, timeout) and a
// handler runs after it.
func Wait[T any](w node.Wait, parent context.Context, interruptible bool, timeout time.Duration, op func(ctx context.Context, timeout time.Duration) (T, error)) (T, error) {
	if !interruptible || !anyArmed.Load() {
		// No handler: a queue's get or a lock's acquire pays one load.
		return op(parent, timeout)
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if err := During(w); err != nil {
			var zero T
			return zero, err
		}
		ctx, interrupted, stop := signalCtx(w.Thread(), parent)
		v, err := op(ctx, timeout)
		stop()
		if err == nil || !interrupted() {
			return v, err
		}
		if timeout > 0 {
			timeout = max(0, time.Until(deadline))
		}
	}
}
