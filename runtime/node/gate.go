package node

import (
	"time"

	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// Gate lets Starlark code that is due on a thread (a Pool's callbacks) run
// while that thread waits in a blocking builtin (time.sleep, Queue.get,
// join, acquire, Event.wait...), as Python's result-handler thread runs
// callbacks while the main thread waits. Starlark values are not safe for
// concurrent use, so the thread's own code and such work never overlap:
// the gate is held while the thread runs Starlark, released only for the
// length of a wait. The work runs on the waiting thread (its frames above
// the wait), then the wait goes on.
//
// A thread enters the gate when it first needs it (a Pool with callbacks);
// before that, and for every other thread, StartWait opens nothing.
type Gate struct {
	mu     sync.Mutex
	holder atomic.Pointer[starlark.Thread] // the thread running, nil while it waits
	owner  atomic.Pointer[starlark.Thread] // the thread that entered
	closed atomic.Bool
	// working: a Run is calling its f (set under mu). A wait inside f
	// keeps the gate: the thread's frames above the owner's wait must be
	// gone before the owner goes on.
	working atomic.Bool
}

// Enter makes thread, which is running Starlark now, the gate's owner. A
// second Enter by the owner does nothing; another thread cannot enter
// (false).
func (g *Gate) Enter(thread *starlark.Thread) bool {
	if g.owner.Load() == thread {
		return true
	}
	if g.closed.Load() || !g.owner.CompareAndSwap(nil, thread) {
		return false
	}
	g.mu.Lock()
	g.holder.Store(thread)
	gatesEntered.Add(1)
	return true
}

// gatesEntered counts the gates ever entered in this process: while it is
// zero (no Pool with callbacks), StartWait's gate costs one atomic load.
var gatesEntered atomic.Int32

func resumeNothing() {}

// open opens the gate for the length of a wait of thread (StartWait), if
// thread holds it as its owner (not a Run's work): it reports whether it
// did. shut closes it again before the thread returns to Starlark.
func (g *Gate) open(thread *starlark.Thread) bool {
	if thread == nil || g.holder.Load() != thread || g.working.Load() {
		return false
	}
	g.holder.Store(nil)
	g.mu.Unlock()
	return true
}

// shut closes the gate open opened, once any work running in it is done.
func (g *Gate) shut(thread *starlark.Thread) {
	g.mu.Lock()
	g.holder.Store(thread)
}

// Waiting is StartWait for a builtin that waits on what (its name in a
// trace: "Queue.get", "Lock.acquire"...) and runs no Starlark code in the
// middle (no Hold): it returns the function that ends the wait, Done; the
// wait is recorded as a slice of the process's track when the run is
// traced and it lasted at least MinTracedWait. A builtin that may wait
// calls `defer node.Waiting(thread, what)()`.
func Waiting(thread *starlark.Thread, what string) (resume func()) {
	w := StartWait(thread, what)
	if w.n == nil && w.gate == nil {
		return resumeNothing
	}
	return w.Done
}

// Wait is a wait of a thread, begun by StartWait: the gate it opened, for
// Done to close and Hold to close for a while, and what a trace records of
// it. It is a value, not a closure, so that the calls a busy program makes
// per item (Queue.put and get, Connection.send and recv) cost no
// allocation (a closure per call was a tenth of a traced get).
type Wait struct {
	thread *starlark.Thread
	gate   *Gate // the gate this wait opened, nil if none
	parked *Gate // the gate Settle shut, which Open opens again
	n      *Node // nil: untraced
	what   string
	t0     time.Time
}

// StartWait opens thread's gate for a wait on what; Done closes it.
func StartWait(thread *starlark.Thread, what string) Wait {
	return FromThread(thread).StartWait(thread, what, true)
}

// StartWait is the package's StartWait for a caller that holds its node
// (no look-up of the thread's) and knows whether the call may block: one
// that finds an item to get or room to put does not time itself, as it
// will not wait for one (two clock reads were a tenth of a traced get).
func (n *Node) StartWait(thread *starlark.Thread, what string, mayBlock bool) Wait {
	w := Wait{thread: thread, gate: opened(thread)}
	if mayBlock && n != nil && n.Trace != nil {
		w.n, w.what, w.t0 = n, what, time.Now()
	}
	return w
}

// Thread is the thread that waits.
func (w Wait) Thread() *starlark.Thread { return w.thread }

// Done ends the wait, recording it as Waiting does.
func (w Wait) Done() {
	if w.gate != nil {
		w.gate.shut(w.thread)
	}
	if w.n != nil && time.Since(w.t0) >= MinTracedWait {
		w.n.Trace.Slice(w.what, "wait", w.t0, nil)
	}
}

// Settle shuts the gate for a part of the wait that must not overlap a
// Pool's callback (a Condition holding its lock: a callback's hold on it
// would be the process's too); it returns the wait, which Open opens again
// and Done ends without shutting anything more.
func (w Wait) Settle() Wait {
	if w.gate != nil {
		w.gate.shut(w.thread)
		w.parked, w.gate = w.gate, nil
	}
	return w
}

// Open opens again the gate Settle shut, and returns the wait.
func (w Wait) Open() Wait {
	if w.parked != nil && w.parked.open(w.thread) {
		w.gate, w.parked = w.parked, nil
	}
	return w
}

// Hold runs f, the waiting thread's own Starlark code run in the middle of
// the wait (a signal's handler), with the gate closed for its length, as
// while the thread runs: a Pool's callback, which runs on the same thread
// through the gate, never runs beside it. A wait inside f opens the gate
// again, as any wait of the thread does.
func (w Wait) Hold(f func() error) error {
	if w.gate == nil {
		return f()
	}
	w.gate.shut(w.thread)
	defer w.gate.open(w.thread)
	return f()
}

// MinTracedWait is the shortest wait a trace records: a call that returns
// sooner did not wait, it cost its call (and recording every one would
// slow a busy queue and swell the trace).
const MinTracedWait = 100 * time.Microsecond

// Run waits until the owner waits (or the gate closes), then calls f with
// the owner's thread, the gate closed to the owner until f returns. It
// returns false, without calling f, once the gate is closed.
func (g *Gate) Run(f func(thread *starlark.Thread)) bool {
	g.mu.Lock()
	if g.closed.Load() {
		g.mu.Unlock()
		return false
	}
	t := g.owner.Load()
	g.holder.Store(t)
	g.working.Store(true)
	f(t)
	g.working.Store(false)
	g.holder.Store(nil)
	g.mu.Unlock()
	return true
}

// Working reports whether a Run's work (a Pool's callback) is running on
// the owner's thread, while the owner waits: Starlark code that asks is
// that work, not the owner's own.
func (g *Gate) Working() bool { return g.working.Load() }

// Close ends the gate when its owner is done with Starlark (the process's
// exit function): waiting Runs return false, StartWait opens nothing.
func (g *Gate) Close(thread *starlark.Thread) {
	if g.closed.Swap(true) || g.owner.Load() != thread || g.holder.Load() != thread {
		return
	}
	g.holder.Store(nil)
	g.mu.Unlock()
}

// Gate is the process's gate (see Gate).
func (n *Node) Gate() *Gate { return &n.gate }

// opened opens the gate of the node attached to thread for a wait of
// thread, and returns it, or nil if it opened none.
func opened(thread *starlark.Thread) *Gate {
	if gatesEntered.Load() == 0 {
		return nil
	}
	if n := FromThread(thread); n != nil && n.gate.open(thread) {
		return &n.gate
	}
	return nil
}
