package pool

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
)

// AsyncResult is what apply_async, map_async and starmap_async return
// (Python's ApplyResult and MapResult).
type AsyncResult struct {
	p        *Pool
	isMap    bool
	done     chan struct{} // closed when the outcome is known
	cbDone   chan struct{} // closed when its callback (if any) has run
	callback starlark.Value
	errback  starlark.Value
	task     *task        // an apply's one task (nil for a map)
	total    int          // items (for progress)
	items    atomic.Int64 // items done

	mu        sync.Mutex
	finished  bool
	remaining int
	chunks    [][]byte
	one       [1][]byte
	err       error
	fresh     []int // indices of a map's chunks arrived and not yet decoded

	// arrived is signalled when a map's chunk arrives: the owner, waiting,
	// decodes it then, while the workers compute the others.
	arrived chan struct{}

	// Owner thread only.
	decoded bool
	value   starlark.Value
	parts   []*starlark.List // decoded chunks of a map
}

var _ starlark.HasAttrs = (*AsyncResult)(nil)

// closedChan is the cbDone of results without callbacks.
var closedChan = lazy.Value[chan struct{}]{New: func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}}

func newResult(p *Pool, isMap bool, chunks, total int, callback, errback starlark.Value) *AsyncResult {
	r := &AsyncResult{p: p, isMap: isMap, done: make(chan struct{}), cbDone: closedChan.Get(),
		callback: callback, errback: errback, total: total, remaining: chunks}
	if chunks == 1 {
		r.chunks = r.one[:]
	} else {
		r.chunks = make([][]byte, chunks)
	}
	if callback != nil || errback != nil {
		r.cbDone = make(chan struct{})
	}
	if isMap && chunks > 1 {
		r.arrived = make(chan struct{}, 1)
		r.parts = make([]*starlark.List, chunks)
	}
	if chunks == 0 {
		// Python's MapResult of no items is ready at once and never calls
		// its callback (nothing calls _set).
		r.callback, r.errback, r.cbDone = nil, nil, closedChan.Get()
		r.finished = true
		r.finish()
	}
	return r
}

func (r *AsyncResult) deliver(t *task, data []byte, err error) {
	r.items.Add(int64(t.items))
	r.mu.Lock()
	if r.finished {
		r.mu.Unlock()
		return
	}
	if err != nil {
		// Python: a map's result fails as soon as one chunk fails.
		r.err, r.finished = err, true
		r.chunks = nil
	} else {
		r.chunks[t.idx] = data
		r.remaining--
		r.finished = r.remaining == 0
		if r.parts != nil {
			r.fresh = append(r.fresh, t.idx)
		}
	}
	fin := r.finished
	r.mu.Unlock()
	if fin {
		r.finish()
	} else if r.arrived != nil {
		select {
		case r.arrived <- struct{}{}:
		default:
		}
	}
}

// decodeAhead decodes the chunks of a map that have arrived, on the owner's
// thread while it waits for the others.
func (r *AsyncResult) decodeAhead() {
	r.mu.Lock()
	if r.err != nil || r.decoded {
		r.mu.Unlock()
		return
	}
	// Only the chunks arrived since the last call: scanning them all would
	// make a map of n chunks cost n² (chunksize=1 on a remote pool).
	todo := r.fresh
	r.fresh = nil
	chunks := r.chunks
	r.mu.Unlock()
	for _, i := range todo {
		v, err := codec.Decode(chunks[i], r.p.node.Resolver)
		if l, ok := v.(*starlark.List); ok && err == nil {
			r.parts[i] = l
		}
	}
}

// finish queues the callback, then makes the result ready: whoever sees it
// ready finds its callback queued (and waits for it).
func (r *AsyncResult) finish() {
	r.mu.Lock()
	failed := r.err != nil
	r.mu.Unlock()
	if (failed && r.errback != nil) || (!failed && r.callback != nil) {
		r.p.queueCallback(r)
	} else if r.cbDone != closedChan.Get() {
		close(r.cbDone)
	}
	close(r.done)
}

// Cancel withdraws an apply's task if no worker has been given it yet (it
// waits in the pool's queue): the result then fails with err, as if the
// task had, and Cancel reports true. concurrent.futures' Future.cancel.
func (r *AsyncResult) Cancel(err error) bool {
	t, p := r.task, r.p
	if t == nil {
		return false
	}
	p.mu.Lock()
	if !p.pending.remove(t) {
		p.mu.Unlock()
		return false
	}
	p.dispatch() // a closed pool with nothing left ends its workers
	p.mu.Unlock()
	t.sink.deliver(t, nil, err)
	return true
}

// Started reports whether an apply's task has left the pool's queue for a
// worker (concurrent.futures' RUNNING state: Python's futures run once
// they are in the executor's call queue) and has no outcome yet.
func (r *AsyncResult) Started() bool {
	if r.task == nil || r.ready() {
		return false
	}
	r.p.mu.Lock()
	defer r.p.mu.Unlock()
	return !r.p.pending.has(r.task)
}

func (r *AsyncResult) ready() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// outcome decodes the result on the owner's thread (once; get() returns
// the same value every time, as in Python).
func (r *AsyncResult) outcome() (starlark.Value, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	if r.decoded {
		return r.value, nil
	}
	res := r.p.node.Resolver
	if !r.isMap {
		v, err := codec.Decode(r.chunks[0], res)
		if err != nil {
			r.err = pyerr.New(pyerr.RuntimeError, "cannot decode the result: %v", err)
			return nil, r.err
		}
		r.value = v
	} else {
		elems := make([]starlark.Value, 0, r.total)
		for i, c := range r.chunks {
			var l *starlark.List
			if r.parts != nil {
				l = r.parts[i]
			}
			if l == nil {
				v, err := codec.Decode(c, res)
				if err != nil {
					r.err = pyerr.New(pyerr.RuntimeError, "cannot decode the result: %v", err)
					return nil, r.err
				}
				l, _ = v.(*starlark.List)
			}
			for i := 0; l != nil && i < l.Len(); i++ {
				elems = append(elems, l.Index(i))
			}
		}
		r.value = starlark.NewList(elems)
	}
	r.decoded, r.chunks, r.parts = true, nil, nil
	return r.value, nil
}

// runCallback calls the callback or error callback on the owner's thread.
func (r *AsyncResult) runCallback(thread *starlark.Thread) error {
	defer close(r.cbDone)
	v, err := r.outcome()
	if err != nil {
		if r.errback == nil {
			return nil
		}
		_, err = starlark.Call(thread, r.errback, starlark.Tuple{catch.FromError(err)}, nil)
		return err
	}
	if r.callback == nil {
		return nil
	}
	_, err = starlark.Call(thread, r.callback, starlark.Tuple{v}, nil)
	return err
}

func (r *AsyncResult) class() string {
	if r.isMap {
		return "MapResult"
	}
	return "ApplyResult"
}

func (r *AsyncResult) String() string {
	return fmt.Sprintf("<multiprocessing.pool.%s object at %#x>", r.class(), uintptr(unsafe.Pointer(r)))
}
func (r *AsyncResult) Type() string          { return r.class() }
func (r *AsyncResult) Freeze()               {}
func (r *AsyncResult) Truth() starlark.Bool  { return starlark.True }
func (r *AsyncResult) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(r)) >> 3), nil }

// resultMethod is the signature of a method in resultMethods.
type resultMethod func(*AsyncResult, *starlark.Thread, string, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// resultMethods are AsyncResult's methods, built on first use.
var resultMethods = lazy.Value[map[string]resultMethod]{New: func() map[string]resultMethod {
	return map[string]resultMethod{
		"get":        (*AsyncResult).get,
		"wait":       (*AsyncResult).wait,
		"ready":      (*AsyncResult).readyMethod,
		"successful": (*AsyncResult).successful,
	}
}}

func (r *AsyncResult) Attr(name string) (starlark.Value, error) {
	if m, ok := resultMethods.Get()[name]; ok {
		return starlark.NewBuiltin(name, func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(r, t, name, args, kwargs)
		}).BindReceiver(r), nil
	}
	return nil, nil
}

func (r *AsyncResult) AttrNames() []string { return []string{"get", "ready", "successful", "wait"} }

// await waits for the result (running callbacks meanwhile), then for its
// own callback.
func (r *AsyncResult) await(thread *starlark.Thread, timeout time.Duration, tick func()) (bool, error) {
	var onArrival func()
	if r.arrived != nil {
		onArrival = r.decodeAhead
	}
	ok, err := r.p.awaitSide(thread, r.done, timeout, tick, r.arrived, onArrival)
	if !ok || err != nil {
		return ok, err
	}
	return true, r.p.awaitCallback(thread, r.cbDone)
}

func (r *AsyncResult) get(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := unpack(name, args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := timeoutarg.Duration(name, tv)
	if err != nil {
		return nil, err
	}
	defer r.p.traceWait("AsyncResult.get")()
	return r.getTimeout(thread, timeout, nil)
}

func (r *AsyncResult) getTimeout(thread *starlark.Thread, timeout time.Duration, tick func()) (starlark.Value, error) {
	ok, err := r.await(thread, timeout, tick)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, pyerr.New(pyerr.TimeoutError, "") // Python raises it bare
	}
	return r.outcome()
}

func (r *AsyncResult) wait(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := unpack(name, args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := timeoutarg.Duration(name, tv)
	if err != nil {
		return nil, err
	}
	done := r.p.traceWait("AsyncResult.wait")
	_, err = r.await(thread, timeout, nil)
	done()
	if err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (r *AsyncResult) readyMethod(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := r.p.safePoint(thread); err != nil {
		return nil, err
	}
	return starlark.Bool(r.ready()), nil
}

func (r *AsyncResult) successful(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := r.p.safePoint(thread); err != nil {
		return nil, err
	}
	if !r.ready() {
		return nil, pyerr.New(pyerr.ValueError, "%s not ready", r.String())
	}
	r.mu.Lock()
	ok := r.err == nil
	r.mu.Unlock()
	return starlark.Bool(ok), nil
}

// callbacks is a pool's queue of results whose callback has to run on the
// owner's thread, at the next safe point.
type callbacks struct {
	mu     sync.Mutex
	queue  []*AsyncResult
	ready  chan struct{} // a callback was queued (for the pool's own waits)
	wake   chan struct{} // likewise, for whileOwnerWaits
	runner *starlark.Thread
	depth  int
	// failed is the error of a callback that ran while the owner waited
	// outside the pool: the next pool method fails with it.
	failed error
	once   sync.Once
}

func (p *Pool) queueCallback(r *AsyncResult) {
	c := &p.cb
	c.mu.Lock()
	c.queue = append(c.queue, r)
	c.mu.Unlock()
	for _, ch := range []chan struct{}{c.ready, c.wake} {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// ownerWaits makes the callbacks of results created from now on run also
// while the owner's thread waits outside the pool (time.sleep, Queue.get,
// join...: node.Gate), as Python's result handler runs them while the main
// thread does anything: a loop polling for results with sleep ends.
func (p *Pool) ownerWaits(thread *starlark.Thread) {
	p.cb.once.Do(func() {
		if p.node.Gate().Enter(thread) {
			go p.whileOwnerWaits()
		}
	})
}

// whileOwnerWaits runs queued callbacks each time the owner waits, until
// the pool is gone or the owner is done with Starlark.
func (p *Pool) whileOwnerWaits() {
	c := &p.cb
	for {
		select {
		case <-c.wake:
		case <-p.gone:
			return
		}
		var err error
		if !p.node.Gate().Run(func(t *starlark.Thread) { err = p.runCallbacks(t) }) {
			return
		}
		if err != nil {
			c.mu.Lock()
			if c.failed == nil {
				c.failed = err
			}
			c.mu.Unlock()
		}
	}
}

// runCallbacks runs the queued callbacks, one at a time, on thread. A
// callback may call the pool again (a nested safe point runs the next
// ones). Another thread already running them is left to it. A failing
// callback fails the pool method that ran it.
func (p *Pool) runCallbacks(thread *starlark.Thread) error {
	c := &p.cb
	c.mu.Lock()
	if c.runner != nil && c.runner != thread {
		c.mu.Unlock()
		return nil
	}
	c.runner = thread
	c.depth++
	var err error
	for err == nil && len(c.queue) > 0 {
		r := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.mu.Unlock()
		err = r.runCallback(thread)
		c.mu.Lock()
	}
	c.depth--
	if c.depth == 0 {
		c.runner = nil
	}
	c.mu.Unlock()
	return err
}

// safePoint is where a pool method runs the callbacks that are due, after
// failing with the error of one that ran while the owner waited elsewhere.
func (p *Pool) safePoint(thread *starlark.Thread) error {
	p.thread.Store(thread)
	c := &p.cb
	c.mu.Lock()
	err := c.failed
	c.failed = nil
	c.mu.Unlock()
	if err != nil {
		return err
	}
	return p.runCallbacks(thread)
}

// traceWait starts a wait of the owner on the pool (a result's get, a
// map, join) and returns what ends it: it is a slice of the owner's track
// when the run is traced and it lasted at least node.MinTracedWait, as the
// waits of node.StartWait are (a call that found its result did not wait).
func (p *Pool) traceWait(what string) (done func()) {
	tr := p.node.Trace
	if tr == nil {
		return noWait
	}
	t0 := time.Now()
	return func() {
		if time.Since(t0) >= node.MinTracedWait {
			tr.Slice(what, "wait", t0, nil)
		}
	}
}

func noWait() {}

// await waits until done is closed, running callbacks as they become due;
// it returns false after timeout (negative: none). tick, if not nil, is
// called about ten times a second (a progress line). Cancellation (Ctrl-C)
// stops the pool: its workers are killed.
func (p *Pool) await(thread *starlark.Thread, done <-chan struct{}, timeout time.Duration, tick func()) (bool, error) {
	return p.awaitSide(thread, done, timeout, tick, nil, nil)
}

// awaitSide is await that also calls onSide when side is signalled.
func (p *Pool) awaitSide(thread *starlark.Thread, done <-chan struct{}, timeout time.Duration, tick func(), side <-chan struct{}, onSide func()) (bool, error) {
	if err := p.safePoint(thread); err != nil {
		return false, err
	}
	select {
	case <-done:
		return true, nil
	default:
	}
	if timeout == 0 {
		return false, nil
	}
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	var ticker <-chan time.Time
	if tick != nil {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		ticker = t.C
	}
	ctx := procenv.Get(thread).Ctx
	for {
		// A signal's handler runs during the wait, as in Python's get
		// (a lock's acquire in its main thread), which then waits on.
		sig := pysignal.Wake()
		if err := pysignal.Run(thread); err != nil {
			return false, err
		}
		select {
		case <-done:
			return true, nil
		case <-sig:
		case <-p.cb.ready:
			if err := p.runCallbacks(thread); err != nil {
				return false, err
			}
		case <-ticker:
			tick()
		case <-side:
			onSide()
		case <-expired:
			return false, nil
		case <-ctx.Done():
			p.interrupted(ctx)
			return false, ctx.Err()
		}
	}
}

// interrupted is a wait of the owner's cut short by ctx (Ctrl-C): a pool
// created by the interrupted operation is stopped with it. One that an
// earlier statement of an interactive session created outlives it, as in
// Python, where Ctrl-C reaches the workers too: the workers running tasks
// are killed (their tasks fail with WorkerLostError, unwaited for) and
// replaced; queued tasks stay queued.
func (p *Pool) interrupted(ctx context.Context) {
	if ctx == p.ctx {
		p.terminateNow(true)
		return
	}
	p.mu.Lock()
	var busy []*worker
	for w := range p.workers {
		if len(w.tasks) > 0 && w.killed == "" {
			w.killed = "interrupted"
			busy = append(busy, w)
		}
	}
	p.mu.Unlock()
	for _, w := range busy {
		w.child.Signal(syscall.SIGKILL)
	}
}

// awaitCallback waits until a ready result's callback has run, running it
// (and those queued before it) on thread.
func (p *Pool) awaitCallback(thread *starlark.Thread, cbDone <-chan struct{}) error {
	ctx := procenv.Get(thread).Ctx
	for {
		select {
		case <-cbDone:
			return nil
		default:
		}
		if err := p.runCallbacks(thread); err != nil {
			return err
		}
		select {
		case <-cbDone:
			return nil
		case <-p.cb.ready:
		case <-time.After(5 * time.Millisecond):
			// Another thread runs the callbacks.
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
