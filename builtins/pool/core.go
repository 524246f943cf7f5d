package pool

import (
	"context"
	"errors"
	"fmt"
	"os"
	goruntime "runtime"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/vmihailenco/msgpack/v5"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/mp"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/pyerr"
)

type poolState int

const (
	stateRun poolState = iota
	stateClose
	stateTerminate
)

func (s poolState) String() string {
	return [...]string{"RUN", "CLOSE", "TERMINATE"}[s]
}

// maxStartFailures is how many workers in a row may die before they are
// ready (a main module that fails when a child re-runs it) before the pool
// gives up instead of respawning forever as Python does.
const maxStartFailures = 3

// task is one unit of work sent to one worker: an apply, or a chunk of a
// map.
type task struct {
	id      uint64
	msg     []byte
	items   int // items in the chunk (1 for apply), for progress
	idx     int // chunk index in its sink
	timeout time.Duration
	sink    sink

	// Guarded by the pool's mu.
	w       *worker
	started time.Time
	timer   *time.Timer
	lost    int // times a worker running it was lost (see Pool.retries)
}

// sink receives the outcome of tasks: exactly one deliver per task, never
// with the pool's mu held.
type sink interface {
	deliver(t *task, data []byte, err error)
}

// worker is one SpawnPoolWorker process seen from the pool.
type worker struct {
	name  string
	child *node.Child
	// link knows the id of the task the worker has started last: a task
	// it was sent but never started is not lost with it.
	link link
	src  string // which main module source it re-ran (see checkStale)

	// Guarded by the pool's mu.
	tasks    []*task       // sent to it, in order; tasks[0] is the one it runs
	outbox   [][]byte      // tasks given, not yet sent (see flush)
	avg      time.Duration // how long an item of its tasks takes (moving average; 0: unknown)
	assigned int           // tasks given to it (maxtasksperchild)
	ready    bool          // its initializer ran
	retiring bool          // maxtasksperchild reached: it ends by itself
	quitting bool          // told to quit (closed pool, nothing left)
	broken   bool          // a send failed: it is dying
	killed   string
}

// taskQueue is a FIFO of tasks.
type taskQueue struct {
	buf  []*task
	head int
}

func (q *taskQueue) len() int { return len(q.buf) - q.head }

func (q *taskQueue) push(t *task) { q.buf = append(q.buf, t) }

func (q *taskQueue) pushFront(t *task) {
	if q.head > 0 {
		q.head--
		q.buf[q.head] = t
		return
	}
	q.buf = append([]*task{t}, q.buf...)
}

func (q *taskQueue) peek() *task { return q.buf[q.head] }

func (q *taskQueue) pop() *task {
	t := q.buf[q.head]
	q.buf[q.head] = nil
	q.head++
	if q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	} else if q.head > 1024 && q.head*2 > len(q.buf) {
		n := copy(q.buf, q.buf[q.head:])
		clear(q.buf[n:])
		q.buf, q.head = q.buf[:n], 0
	}
	return t
}

// remove takes t out of the queue, if it is there.
func (q *taskQueue) remove(t *task) bool {
	for i := q.head; i < len(q.buf); i++ {
		if q.buf[i] == t {
			copy(q.buf[i:], q.buf[i+1:])
			q.buf[len(q.buf)-1] = nil
			q.buf = q.buf[:len(q.buf)-1]
			if q.head == len(q.buf) {
				q.buf, q.head = q.buf[:0], 0
			}
			return true
		}
	}
	return false
}

// has reports whether t is in the queue.
func (q *taskQueue) has(t *task) bool {
	for _, u := range q.buf[q.head:] {
		if u == t {
			return true
		}
	}
	return false
}

func (q *taskQueue) drain() []*task {
	out := append([]*task(nil), q.buf[q.head:]...)
	q.buf, q.head = nil, 0
	return out
}

// workerName is the name of the worker numbered count: a ProcessPoolExecutor's
// workers are SpawnProcess-N, as Python's.
func (p *Pool) workerName(count int) string {
	if p.executor {
		return mp.ExecutorWorkerPrefix + node.IdentityString(p.node.ChildIdentity(count))
	}
	return "SpawnPoolWorker-" + node.IdentityString(p.node.ChildIdentity(count))
}

// reserveWorker takes the next worker number and a process-table slot for
// that worker, or fails as start() does under --max-procs.
func (p *Pool) reserveWorker() (count, slot int, err error) {
	count = p.node.NextCount()
	slot, err = p.node.Reserve(p.workerName(count))
	return count, slot, err
}

// spawnWorker starts the worker numbered count, in the slot reserved for it
// (given back if it cannot start), and its reader. It is called without
// p.mu held; p.spawning was incremented for it.
func (p *Pool) spawnWorker(count, slot int) (*worker, error) {
	n := p.node
	name := p.workerName(count)
	l, pl, err := p.newLink(name)
	if err != nil {
		n.Table.Cancel(slot)
		return nil, pyerr.New(pyerr.OSError, "cannot start %s: %v", name, err)
	}
	pl.Init, pl.MaxTasks, pl.NotDaemon = p.init, p.maxTasks, p.executor
	b := &node.Bootstrap{Name: name, Identity: n.ChildIdentity(count), Daemon: true, Kind: kindName, Here: p.tr == nil}
	if b.Payload, err = msgpack.Marshal(pl); err != nil {
		n.Table.Cancel(slot)
		l.release()
		return nil, err
	}
	if os.Getenv("GOMAXPROCS") == "" {
		// tuneRuntime's setting, given at exec: changing GOMAXPROCS later
		// stops the world and costs a starting worker about 0.3 ms.
		b.RuntimeEnv = []string{"GOMAXPROCS=1"}
	}
	child, err := n.SpawnReserved(b, slot)
	if err != nil {
		l.release()
		return nil, err
	}
	w := p.newWorker(name, child, l)
	w.src = srcKey(b.MainSrc)
	return w, nil
}

// newLink makes the link of a new worker, and the payload telling the
// worker how to reach it: a shared-memory link, or the pool's Transport.
func (p *Pool) newLink(name string) (link, *payload, error) {
	if p.tr != nil {
		r, err := p.tr.Replies(name)
		if err != nil {
			return nil, nil, err
		}
		return &remoteLink{replies: r}, &payload{Addr: p.tr.Addr()}, nil
	}
	l, err := getLink(p.node.Arena)
	if err != nil {
		return nil, nil, err
	}
	return l, &payload{Conn: l.theirs.Handle(), Running: l.running.Handle()}, nil
}

func (p *Pool) newWorker(name string, child *node.Child, l link) *worker {
	w := &worker{name: name, child: child, link: l}
	p.reg.bg.Add(1)
	go func() {
		defer p.reg.bg.Done()
		// Once the worker is reaped, nothing more will come from it: the
		// link tells its reader so, after all it sent.
		<-child.Reaped
		l.reaped()
	}()
	return w
}

// addWorker registers a started worker and gives it work.
func (p *Pool) addWorker(w *worker) {
	p.mu.Lock()
	p.spawning--
	p.workers[w] = struct{}{}
	if p.state == stateTerminate {
		w.killed = "terminated"
		w.child.Signal(syscall.SIGKILL)
	} else {
		if p.tr == nil { // a Transport's workers pull instead
			p.idle = append(p.idle, w)
		}
		p.dispatch()
	}
	p.mu.Unlock()
	p.reg.bg.Add(1)
	go p.read(w)
}

// repopulate starts workers until the pool has its size again, if it
// still needs workers. Called with p.mu held; it unlocks while spawning.
func (p *Pool) repopulateLocked() {
	for p.needWorkers() && p.activeWorkers()+p.spawning < p.target() {
		p.spawning++
		p.mu.Unlock()
		count, slot, err := p.reserveWorker()
		var w *worker
		if err == nil {
			w, err = p.spawnWorker(count, slot)
		}
		if err != nil {
			p.mu.Lock()
			p.spawning--
			if p.activeWorkers()+p.spawning == 0 {
				// Nobody left to run the queued tasks: fail them rather than
				// let get() wait forever.
				failed := p.drainLocked()
				p.mu.Unlock()
				for _, t := range failed {
					t.sink.deliver(t, nil, err)
				}
				p.mu.Lock()
			}
			p.checkGoneLocked()
			return
		}
		p.addWorker(w)
		p.mu.Lock()
	}
}

// target is how many workers the pool keeps: its size, or for an
// executor's pool as many as it has grown to.
func (p *Pool) target() int {
	if p.executor {
		return p.grown
	}
	return p.size
}

// activeWorkers counts the workers that take tasks or will again (not
// those told to quit).
func (p *Pool) activeWorkers() int {
	n := 0
	for w := range p.workers {
		if !w.quitting {
			n++
		}
	}
	return n
}

// srcKey identifies a main module source: a session's grows as it defines
// functions (a new slice each time).
func srcKey(src []byte) string {
	return fmt.Sprintf("%p/%d", unsafe.SliceData(src), len(src))
}

// checkStale retires the workers of an interactive session that re-ran
// older definitions than the session has now (a function redefined or
// defined since): they finish what they were given and quit, and new
// workers, which know the current definitions, replace them. Called on the
// owner's thread before tasks are submitted.
func (p *Pool) checkStale() {
	n := p.node
	if n.MainFile != interp.REPLFile {
		return
	}
	cur := srcKey(n.MainSrc)
	p.mu.Lock()
	if p.tr != nil {
		// Workers fed by a queue cannot be told apart: a session's pool in
		// cluster mode keeps the definitions it started with.
		p.mu.Unlock()
		return
	}
	stale := false
	for w := range p.workers {
		if w.src != cur && !w.quitting && !w.retiring {
			stale = true
			w.quitting = true
			for i, x := range p.idle {
				if x == w {
					p.idle = append(p.idle[:i], p.idle[i+1:]...)
					break
				}
			}
			w.link.send([]byte{msgQuit})
		}
	}
	if stale {
		p.repopulateLocked()
	}
	p.mu.Unlock()
}

func (p *Pool) needWorkers() bool {
	if p.broken != nil || p.node.Dying() {
		return false
	}
	switch p.state {
	case stateRun:
		return true
	case stateClose:
		// A Transport's queue holds tasks too (inflight): a worker that
		// dies after close() is replaced while any is left, as Python's
		// pool maintains its workers while its cache is not empty.
		return p.pending.len() > 0 || len(p.feeders) > 0 || len(p.inflight) > 0
	}
	return false
}

// dispatch gives pending tasks to idle workers, and tells idle workers of a
// closed pool with nothing left to do to quit. Called with p.mu held.
func (p *Pool) dispatch() {
	if p.tr != nil {
		p.dispatchQueue()
		return
	}
	for len(p.idle) > 0 && p.pending.len() > 0 {
		// The worker idle the longest first, as Python's workers queue up
		// on the shared task queue: apply() after apply() goes round them.
		w := p.idle[0]
		copy(p.idle, p.idle[1:])
		p.idle[len(p.idle)-1] = nil
		p.idle = p.idle[:len(p.idle)-1]
		p.startTask(w, p.pending.pop())
		p.flush(w)
	}
	if p.state == stateClose && p.pending.len() == 0 && len(p.feeders) == 0 {
		for _, w := range p.idle {
			w.quitting = true
			w.link.send([]byte{msgQuit})
		}
		p.idle = p.idle[:0]
	}
}

// pipeBudget is how much work (predicted from the worker's recent tasks,
// per item) a busy worker may have queued behind the task it runs: a worker
// with short tasks finds the next one in its pipe instead of sleeping until
// the owner answers, while long tasks (chunks of a map, slow functions) are
// given one at a time, to whichever worker is free first.
const (
	pipeBudget = time.Millisecond
	maxDepth   = 32
)

// cost predicts how long w takes to run t.
func (w *worker) cost(t *task) time.Duration {
	return w.avg * time.Duration(t.items)
}

// available reports whether w may be given another task.
func (p *Pool) available(w *worker) bool {
	return !w.retiring && !w.quitting && !w.broken && w.killed == "" &&
		(p.maxTasks == 0 || w.assigned < p.maxTasks)
}

// topUp queues more tasks to a busy worker, within pipeBudget (only when no
// worker is idle: an idle worker takes a task before any is queued). It
// refills once the queue is half done, in one message: a worker that runs
// its queue down while the owner is busy is woken once per refill, not per
// task.
func (p *Pool) topUp(w *worker) {
	if len(w.tasks) == 0 || w.avg <= 0 || !p.available(w) {
		return
	}
	var queued time.Duration
	for _, t := range w.tasks[1:] {
		queued += w.cost(t)
	}
	if len(w.tasks)-1 > maxDepth/2 || queued > pipeBudget/2 {
		return
	}
	for len(w.tasks) <= maxDepth && p.pending.len() > 0 && p.available(w) {
		c := w.cost(p.pending.peek())
		if queued+c > pipeBudget {
			break
		}
		p.startTask(w, p.pending.pop())
		queued += c
	}
	p.flush(w)
}

// startTask gives t to w; flush sends it.
func (p *Pool) startTask(w *worker, t *task) {
	w.tasks = append(w.tasks, t)
	t.w = w
	w.assigned++
	setTaskID(t.msg, t.id)
	w.outbox = append(w.outbox, t.msg)
	if len(w.tasks) == 1 && w.ready {
		p.armTimer(w, t)
	}
}

// flush sends the tasks given to w, several in one message: one copy into
// the pipe and at most one wake-up of the worker.
func (p *Pool) flush(w *worker) {
	if len(w.outbox) == 0 {
		return
	}
	msg := w.outbox[0]
	if len(w.outbox) > 1 {
		msg = appendBatch(w.outbox)
	}
	k := len(w.outbox)
	clear(w.outbox)
	w.outbox = w.outbox[:0]
	if err := w.link.send(msg); err != nil {
		// The worker is gone; its reader will account for it. The tasks go
		// back, in order.
		sent := w.tasks[len(w.tasks)-k:]
		for i := len(sent) - 1; i >= 0; i-- {
			sent[i].stopTimer()
			sent[i].w = nil
			p.pending.pushFront(sent[i])
		}
		w.tasks = w.tasks[:len(w.tasks)-k]
		w.assigned -= k
		w.broken = true
	}
}

// takeTasks removes every task from w: the first is returned apart (the
// one it runs), the others go back to the front of the queue.
func (p *Pool) takeTasks(w *worker) *task {
	if len(w.tasks) == 0 {
		return nil
	}
	head := w.tasks[0]
	head.stopTimer()
	head.w = nil
	for i := len(w.tasks) - 1; i >= 1; i-- {
		t := w.tasks[i]
		t.stopTimer()
		t.w = nil
		p.pending.pushFront(t)
	}
	w.tasks = nil
	return head
}

// armTimer starts t's timeout clock, which runs from when the worker
// starts it (for a chunk: each item).
func (p *Pool) armTimer(w *worker, t *task) {
	t.started = time.Now()
	if t.timeout > 0 && t.timer == nil {
		t.timer = time.AfterFunc(t.timeout, func() { p.expire(w, t) })
	}
}

func (t *task) stopTimer() {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
}

// expire fails a task that ran past its timeout and kills its worker.
func (p *Pool) expire(w *worker, t *task) {
	p.mu.Lock()
	if len(w.tasks) == 0 || w.tasks[0] != t || t.timer == nil {
		p.mu.Unlock()
		return
	}
	if left := t.timeout - time.Since(t.started); left > 0 {
		// A tick moved the clock: the item running now started later.
		t.timer = time.AfterFunc(left, func() { p.expire(w, t) })
		p.mu.Unlock()
		return
	}
	t.timer = nil
	w.killed = "timeout"
	delete(p.inflight, t.id)
	p.takeTasks(w) // the others run elsewhere
	p.dispatch()
	pid := w.child.Pid
	p.mu.Unlock()
	w.child.Signal(syscall.SIGKILL)
	t.sink.deliver(t, nil, pyerr.New(pyerr.TimeoutError,
		"task did not finish within its timeout of %s s: its worker %s (pid %d) was killed",
		fmtSeconds(t.timeout), w.name, pid))
}

func fmtSeconds(d time.Duration) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", d.Seconds()), "0"), ".")
}

// read receives a worker's messages until it is gone, then accounts for
// its end.
func (p *Pool) read(w *worker) {
	defer p.reg.bg.Done()
	for {
		msg, err := w.link.recv()
		if err != nil || (len(msg) > 0 && msg[0] == msgGone) {
			break
		}
		if p.handle(w, msg) {
			// The result may have made the owner's goroutine runnable,
			// on this P's next slot: run it on this thread now. Left
			// there while this thread sleeps in its next futex wait
			// (holding the P), it waits for another thread to steal it
			// or for sysmon to retake the P: apply().get() in a loop
			// took 100-120 us a task instead of 20-50.
			goruntime.Gosched()
		}
	}
	<-w.child.Reaped
	p.lost(w)
}

// handle acts on a worker's message; it reports whether it delivered an
// outcome.
func (p *Pool) handle(w *worker, msg []byte) bool {
	if len(msg) == 0 {
		return false
	}
	switch msg[0] {
	case msgReady:
		p.mu.Lock()
		w.ready = true
		p.startFailures = 0
		if len(w.tasks) > 0 {
			p.armTimer(w, w.tasks[0])
		}
		p.mu.Unlock()
	case msgStarted:
		p.started(w, msgID(msg))
	case msgTick:
		p.mu.Lock()
		if len(w.tasks) > 0 && w.tasks[0].id == msgID(msg) {
			w.tasks[0].started = time.Now()
		}
		p.mu.Unlock()
	case msgResult, msgError:
		if p.tr != nil {
			p.finished(w, msg)
			return true
		}
		p.mu.Lock()
		if len(w.tasks) == 0 || w.tasks[0].id != msgID(msg) {
			// Timed out already.
			p.mu.Unlock()
			return false
		}
		t := w.tasks[0]
		copy(w.tasks, w.tasks[1:])
		w.tasks[len(w.tasks)-1] = nil
		w.tasks = w.tasks[:len(w.tasks)-1]
		t.stopTimer()
		t.w = nil
		if d := time.Since(t.started) / time.Duration(max(t.items, 1)); w.avg == 0 {
			w.avg = max(d, 1)
		} else {
			w.avg = max((3*w.avg+d)/4, 1)
		}
		if len(w.tasks) > 0 {
			p.armTimer(w, w.tasks[0])
		}
		switch {
		case p.maxTasks > 0 && w.assigned >= p.maxTasks:
			w.retiring = true // it ends by itself; lost() replaces it
		case len(w.tasks) == 0 && p.available(w):
			p.idle = append(p.idle, w)
		}
		if p.executor {
			p.idleCredits++
		}
		p.dispatch()
		if len(p.idle) == 0 {
			// Nobody idle: a worker with short tasks gets its next ones
			// queued now, so that it does not wait for the owner.
			p.topUp(w)
		}
		p.mu.Unlock()
		if msg[0] == msgResult {
			t.sink.deliver(t, msg[9:], nil)
		} else {
			t.sink.deliver(t, nil, decodeError(msg[9:]).asRemote())
		}
		return true
	case msgInitError:
		e := decodeError(msg[1:])
		err := &pyerr.Error{Type: pyerr.RuntimeError,
			Message: fmt.Sprintf("%s in %s: %s", InitFailed, w.name, e.asRemote()),
			Remote:  e.traceback}
		p.mu.Lock()
		if p.broken == nil {
			p.broken = err
		}
		failed := p.drainLocked()
		p.checkGoneLocked()
		p.mu.Unlock()
		for _, t := range failed {
			t.sink.deliver(t, nil, err)
		}
		return true
	}
	return false
}

// InitFailed starts the message of the RuntimeError that fails every task
// of a pool whose initializer failed (concurrent.futures turns it into
// Python's BrokenProcessPool).
const InitFailed = "the Pool's initializer failed"

// lost accounts for a worker that has ended: the task it held fails with
// WorkerLostError, and a replacement starts if the pool still needs one.
func (p *Pool) lost(w *worker) {
	code, _ := w.child.ExitCode()
	p.node.Forget(w.child)
	p.mu.Lock()
	delete(p.workers, w)
	for i, x := range p.idle {
		if x == w {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
	t := p.takeTasks(w)
	var failed []*task
	var failErr error
	if t != nil {
		delete(p.inflight, t.id)
	}
	if t != nil && p.state != stateTerminate && w.link.started() != t.id {
		// It died before it started the task: someone else will run it.
		p.pending.pushFront(t)
		t = nil
	}
	if t != nil && p.state != stateTerminate && w.killed == "" && t.lost < p.retries {
		// retries=k: it runs again, elsewhere; a task that kills every
		// worker still fails after k+1 runs.
		t.lost++
		p.pending.pushFront(t)
		t = nil
	}
	if !w.ready && w.killed == "" && !w.quitting && p.state != stateTerminate {
		p.startFailures++
		if p.startFailures >= maxStartFailures && p.broken == nil {
			p.broken = pyerr.New(pyerr.RuntimeError, "Pool workers cannot start: %s before it was ready", describeDeath(w, code))
		}
	}
	if p.broken != nil {
		failed, failErr = p.drainLocked(), p.broken
	}
	p.repopulateLocked()
	p.dispatch()
	p.checkGoneLocked()
	p.mu.Unlock()
	w.link.release()
	if t != nil {
		t.sink.deliver(t, nil, pyerr.New(pyerr.WorkerLostError, "%s", describeDeath(w, code)))
	}
	for _, t := range failed {
		t.sink.deliver(t, nil, failErr)
	}
}

// describeDeath names a worker and how it ended.
func describeDeath(w *worker, code int) string {
	how := fmt.Sprintf("died with exit code %d", code)
	if code < 0 {
		sig := syscall.Signal(-code)
		how = fmt.Sprintf("was killed by signal %d", -code)
		if name := unix.SignalName(sig); name != "" {
			how += " (" + name + ")"
		}
	}
	return fmt.Sprintf("worker %s (pid %d) %s", w.name, w.child.Pid, how)
}

// checkGoneLocked closes p.gone once a closed or terminated pool has no
// worker and no work left.
func (p *Pool) checkGoneLocked() {
	if p.state == stateRun || len(p.workers) > 0 || p.spawning > 0 {
		return
	}
	if p.state == stateClose && (p.pending.len() > 0 || len(p.feeders) > 0 || len(p.inflight) > 0) && p.broken == nil {
		return
	}
	if !p.goneClosed {
		p.goneClosed = true
		close(p.gone)
	}
}

// submit queues tasks (ids are assigned here) and starts them on idle
// workers. Called on the owner's thread.
func (p *Pool) submit(tasks ...*task) {
	p.checkStale()
	p.mu.Lock()
	if p.state == stateTerminate || p.broken != nil {
		err := p.broken
		if err == nil {
			err = errTerminated()
		}
		p.mu.Unlock()
		for _, t := range tasks {
			t.sink.deliver(t, nil, err)
		}
		return
	}
	for _, t := range tasks {
		p.nextID++
		t.id = p.nextID
		p.pending.push(t)
		if p.executor {
			// Python's _adjust_process_count: a worker that finished a
			// task will take this one, else start one more if allowed.
			if p.idleCredits > 0 {
				p.idleCredits--
			} else if p.grown < p.size {
				p.grown++
			}
		}
	}
	p.dispatch()
	if p.activeWorkers()+p.spawning < p.target() {
		p.repopulateLocked()
	}
	p.mu.Unlock()
}

func errTerminated() error {
	return pyerr.New(pyerr.RuntimeError, "the Pool was terminated before the task finished")
}

// terminateNow stops the pool at once: queued and running tasks fail, the
// workers are signalled (SIGTERM, as Python, or SIGKILL when hard). It does
// not wait.
func (p *Pool) terminateNow(hard bool) {
	p.mu.Lock()
	first := p.state != stateTerminate
	p.state = stateTerminate
	failed := p.drainLocked()
	for w := range p.workers {
		for _, t := range w.tasks {
			t.stopTimer()
			t.w = nil
			failed = append(failed, t)
		}
		w.tasks = nil
		if w.killed == "" {
			w.killed = "terminated"
		}
	}
	p.closeQueue()
	ws := make([]*worker, 0, len(p.workers))
	for w := range p.workers {
		ws = append(ws, w)
	}
	p.idle = p.idle[:0]
	feeders := make([]*imapIter, 0, len(p.feeders))
	for it := range p.feeders {
		feeders = append(feeders, it)
	}
	clear(p.feeders)
	p.checkGoneLocked()
	p.mu.Unlock()
	sig := syscall.SIGTERM
	if hard {
		sig = syscall.SIGKILL
	}
	for _, w := range ws {
		w.child.Signal(sig)
	}
	err := errTerminated()
	for _, t := range failed {
		t.sink.deliver(t, nil, err)
	}
	if first {
		for _, it := range feeders {
			it.poolTerminated()
		}
	}
}

// waitGone waits, at most about a second, until every worker has ended,
// killing them if SIGTERM was not enough.
func (p *Pool) waitGone() {
	select {
	case <-p.gone:
		return
	case <-time.After(500 * time.Millisecond):
	}
	p.mu.Lock()
	for w := range p.workers {
		w.child.Signal(syscall.SIGKILL)
	}
	p.mu.Unlock()
	select {
	case <-p.gone:
	case <-time.After(time.Second):
	}
}

// errCancelled reports whether err is a cancellation of the waiting thread.
func errCancelled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || pyerr.Uncatchable(err)
}
