package pool

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/cpus"
	"github.com/procstar/procstar/builtins/mp"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{"Pool": starlark.NewBuiltin("Pool", newPool)}
}

// Pool is Python's multiprocessing.pool.Pool.
type Pool struct {
	node     *node.Node
	reg      *registry
	size     int
	init     []byte // codec((initializer, initargs)), or nil
	maxTasks int
	// retries is how many times a task whose worker was lost runs again
	// before it fails with WorkerLostError (procstar's, beyond Python).
	retries int
	// executor: a ProcessPoolExecutor's pool (NewExecutorPool).
	executor bool
	// grown is how many of its size workers an executor's pool has asked
	// for: as Python's ProcessPoolExecutor (spawn), it starts none at first
	// and one more at a submit only when no worker is idle, up to size.
	// idleCredits is Python's idle-worker semaphore: one per result, taken
	// by a submit, which then starts nothing. Under p.mu.
	grown, idleCredits int
	// thread is the owner's thread last seen in a pool method: shutdown
	// runs the pending callbacks on it.
	thread atomic.Pointer[starlark.Thread]
	cb     callbacks

	mu            sync.Mutex
	state         poolState
	workers       map[*worker]struct{}
	idle          []*worker
	pending       taskQueue
	spawning      int
	nextID        uint64
	broken        error // tasks fail with it (initializer failed, workers cannot start)
	startFailures int
	feeders       map[*imapIter]struct{} // imap iterators with input not yet sent
	gone          chan struct{}          // closed when joinable: no worker, no work
	// tr feeds workers placed by a Launcher (see queue.go), nil locally;
	// inflight holds the tasks submitted to it and not finished.
	tr         Transport
	trClosed   bool
	inflight   map[uint64]*task
	goneClosed bool
	stopWatch  func() bool
	ctx        context.Context // the creating operation's (interrupted)

	fnMu   sync.Mutex
	fnLast starlark.Value
	fnEnc  []byte

	methodsOnce sync.Once
	methods     map[string]*starlark.Builtin
}

var (
	_ starlark.HasAttrs = (*Pool)(nil)
)

func newPool(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makePool(thread, args, kwargs, false)
}

// NewExecutorPool is the Pool of a ProcessPoolExecutor: Pool(processes,
// initializer, initargs) whose workers are Python's executor workers,
// SpawnProcess-N and not daemons (their tasks may start processes).
func NewExecutorPool(thread *starlark.Thread, args starlark.Tuple) (starlark.Value, error) {
	return makePool(thread, args, nil, true)
}

func makePool(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple, executor bool) (starlark.Value, error) {
	var (
		procs, init, mtpc starlark.Value = starlark.None, starlark.None, starlark.None
		initargs          starlark.Value = starlark.Tuple(nil)
		ctxArg            starlark.Value = starlark.None
		retries                          = 0
	)
	if err := unpack("Pool", args, kwargs,
		"processes?", &procs, "initializer?", &init, "initargs?", &initargs, "maxtasksperchild?", &mtpc, "context?", &ctxArg,
		"retries?", &retries); err != nil {
		return nil, err
	}
	if retries < 0 {
		return nil, pyerr.New(pyerr.ValueError, "retries must be at least 0")
	}
	n, err := node.FromThreadOrErr(thread, "Pool")
	if err != nil {
		return nil, err
	}
	size := cpus.Online() // os.cpu_count(), as CPython's Pool

	if b, ok := procs.(starlark.Bool); ok { // an int in Python
		procs = starlark.MakeInt(0)
		if b {
			procs = starlark.MakeInt(1)
		}
	}
	if procs != starlark.None {
		i, ok := procs.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "Pool: processes must be an int or None, not %s", procs.Type())
		}
		size64, ok := i.Int64()
		if !ok || size64 < 1 {
			return nil, pyerr.New(pyerr.ValueError, "Number of processes must be at least 1")
		}
		if size64 > 1<<20 {
			size64 = 1 << 20
		}
		size = int(size64)
	}
	// Workers go where the Launcher places them if it can feed them.
	ts, _ := n.Launcher.(Transports)
	if n.Launch == nil {
		ts = nil
	}
	p := &Pool{node: n, size: size, retries: retries, executor: executor, workers: make(map[*worker]struct{}),
		feeders: make(map[*imapIter]struct{}), gone: make(chan struct{})}
	p.cb.ready = make(chan struct{}, 1)
	p.cb.wake = make(chan struct{}, 1)
	if mtpc != starlark.None {
		i, ok := mtpc.(starlark.Int)
		m, ok2 := i.Int64()
		if !ok || !ok2 || m <= 0 {
			return nil, pyerr.New(pyerr.ValueError, "maxtasksperchild must be a positive int or None")
		}
		p.maxTasks = int(min(m, 1<<31))
	}
	if init != starlark.None {
		if _, ok := init.(starlark.Callable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "initializer must be a callable")
		}
		res := codec.Resolver(n.Resolver)
		if ts != nil {
			res = codec.Elsewhere(res) // for workers on other machines
		}
		if _, typed := init.(codec.Typed); typed {
			// A partial crosses as for Pool.apply: its function by
			// reference, its arguments by value.
			if _, err := codec.Encode(init, "initializer", res); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "Pool initializer: %s", codec.PartialPath(err, "initializer"))
			}
		} else if _, _, err := n.Resolver.FuncRef(init); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "Pool initializer: %v", err)
		}
		ia, err := argsTuple("initargs", initargs)
		if err != nil {
			return nil, err
		}
		// initargs on their own first, for an error that names the part
		// as the script wrote it (initargs[0]["k"]).
		if _, err := codec.Encode(ia, "initargs", res); err != nil {
			return nil, err
		}
		if p.init, err = codec.Encode(starlark.Tuple{init, ia}, "(initializer, initargs)", res); err != nil {
			return nil, err
		}
	}
	// Process.start's checks, for the workers. A script without the main
	// guard re-run by a worker (daemonic) gets the more helpful one.
	if err := mp.Bootstrapping(thread); err != nil {
		return nil, err
	}
	if n.Daemon {
		return nil, pyerr.New(pyerr.AssertionError, "daemonic processes are not allowed to have children")
	}
	if n.Arena == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "Pool: shared memory is not available here")
	}
	p.thread.Store(thread)
	p.reg = registryFor(n)
	if ts != nil {
		if p.tr, err = ts.PoolTransport(procenv.Get(thread).Ctx, fmt.Sprintf("%s/%d", n.Name(), poolCount.Add(1))); err != nil {
			return nil, pyerr.New(pyerr.OSError, "Pool: %v", err)
		}
		p.inflight = make(map[uint64]*task)
	}
	if executor {
		size = 0 // started on demand, by submit
	}
	if err := p.startWorkers(size); err != nil {
		p.terminateNow(true)
		p.waitGone()
		return nil, err
	}
	// Ctrl-C (the root's context) stops the pool and its workers, wherever
	// the owner is blocked; the end of one REPL statement does not.
	ctx := procenv.Get(thread).Ctx
	p.ctx = ctx
	p.stopWatch = context.AfterFunc(ctx, func() {
		if c := context.Cause(ctx); c != nil && c.Error() == "operation ended" {
			return
		}
		p.terminateNow(true)
	})
	p.reg.add(p)
	return p, nil
}

// startWorkers starts a new pool's n workers, several at once: a start
// spends most of its time in exec and in the new process's start-up, which
// overlap on several CPUs. On an error, the workers that did start are
// the pool's, for terminateNow to stop.
func (p *Pool) startWorkers(n int) error {
	p.mu.Lock()
	p.spawning += n
	p.mu.Unlock()
	// Names and process-table slots in order, as Python starts workers one
	// after the other: under --max-procs the first that does not fit fails.
	counts := make([]int, n)
	slots := make([]int, n)
	for i := range counts {
		var err error
		if counts[i], slots[i], err = p.reserveWorker(); err != nil {
			for _, s := range slots[:i] {
				p.node.Table.Cancel(s)
			}
			p.mu.Lock()
			p.spawning -= n
			p.mu.Unlock()
			return err
		}
	}
	workers := make([]*worker, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			workers[i], errs[i] = p.spawnWorker(counts[i], slots[i])
		})
	}
	wg.Wait()
	var first error
	for i, w := range workers {
		if errs[i] != nil {
			p.mu.Lock()
			p.spawning--
			p.mu.Unlock()
			first = cmp.Or(first, errs[i])
			continue
		}
		p.addWorker(w)
	}
	return first
}

// unpack is starlark.UnpackArgs with Python's TypeError.
func unpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New(pyerr.TypeError, "%v", err)
	}
	return nil
}

// argsTuple converts args (a tuple or list) to a tuple.
func argsTuple(what string, v starlark.Value) (starlark.Tuple, error) {
	switch a := v.(type) {
	case starlark.Tuple:
		return a, nil
	case *starlark.List:
		t := make(starlark.Tuple, a.Len())
		for i := range t {
			t[i] = a.Index(i)
		}
		return t, nil
	case starlark.NoneType:
		return nil, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "%s must be a tuple or list, not %s", what, v.Type())
}

// registry holds the live pools of a process, for its end.
type registry struct {
	mu    sync.Mutex
	pools map[*Pool]struct{}
	// bg counts the pools' goroutines that use the arena (a worker's
	// reader, its reaping watcher): the process's end waits for them
	// before the arena is unmapped.
	bg sync.WaitGroup
}

var registries sync.Map // *node.Node -> *registry

// poolCount numbers the pools of this process, for Transport labels.
var poolCount atomic.Uint64

// registryFor returns the registry of n's pools, hooking the process's end
// the first time.
func registryFor(n *node.Node) *registry {
	v, loaded := registries.LoadOrStore(n, &registry{pools: make(map[*Pool]struct{})})
	reg := v.(*registry)
	if !loaded {
		n.AtShutdown(func() { reg.shutdown(n) })
		n.AtKill(func() { reg.kill(n) })
	}
	return reg
}

func (reg *registry) add(p *Pool) {
	reg.mu.Lock()
	reg.pools[p] = struct{}{}
	reg.mu.Unlock()
}

func (reg *registry) remove(p *Pool) {
	reg.mu.Lock()
	delete(reg.pools, p)
	reg.mu.Unlock()
}

func (reg *registry) list() []*Pool {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	pools := make([]*Pool, 0, len(reg.pools))
	for p := range reg.pools {
		pools = append(pools, p)
	}
	return pools
}

// waitBackground waits, at most d, for the pools' goroutines to end.
func (reg *registry) waitBackground(d time.Duration) {
	done := make(chan struct{})
	go func() {
		reg.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// shutdown is the owner's normal end (Python's exit function terminates a
// pool that was not closed and joined): the callbacks already due run,
// then the workers are terminated; a ProcessPoolExecutor's first finish
// the work submitted, as Python's exit hook for executors waits for it.
func (reg *registry) shutdown(n *node.Node) {
	pools := reg.list()
	for _, p := range pools {
		if t := p.thread.Load(); t != nil {
			n.Gate().Close(t) // callbacks now run here, not while the owner waits
			if err := p.runCallbacks(t); err != nil && !pyerr.Uncatchable(err) {
				fmt.Fprintf(procenv.Get(t).Stderr, "Error in a Pool callback at exit:\n%s", pyerr.Traceback(err))
			}
		}
	}
	for _, p := range pools {
		if p.executor {
			// Python's executor at exit (its atexit hook) lets the work
			// submitted finish, shut down with wait=False or not at all.
			p.closeNow()
			continue
		}
		p.terminateNow(false)
	}
	var executors []*Pool
	for _, p := range pools {
		if p.executor {
			executors = append(executors, p)
			continue
		}
		p.waitGone()
		p.release()
	}
	finishExecutors(executors)
	reg.end(n)
}

// finishExecutors waits, at the owner's end, until the executors' pools
// have done their work (Ctrl-C, or a host's cancelled context, kills the
// workers: KillAll), running each future's callbacks as it finishes, as
// Python's executors run them meanwhile.
func finishExecutors(pools []*Pool) {
	wake := make(chan struct{}, 1)
	signal := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	for _, p := range pools {
		go func() {
			for {
				select {
				case <-p.gone:
					signal()
					return
				case <-p.cb.ready:
					signal()
				}
			}
		}()
	}
	for len(pools) > 0 {
		<-wake
		left := pools[:0]
		for _, p := range pools {
			gone := false
			select {
			case <-p.gone: // then every result is queued: run them all
				gone = true
			default:
			}
			if t := p.thread.Load(); t != nil {
				if err := p.runCallbacks(t); err != nil && !pyerr.Uncatchable(err) {
					fmt.Fprintf(procenv.Get(t).Stderr, "Error in a Pool callback at exit:\n%s", pyerr.Traceback(err))
				}
			}
			if gone {
				p.release()
			} else {
				left = append(left, p)
			}
		}
		pools = left
	}
}

// kill is the owner's end by KillAll (cancellation): the workers are dead
// or dying; nothing runs but the wait for the readers.
func (reg *registry) kill(n *node.Node) {
	for _, p := range reg.list() {
		p.terminateNow(true)
	}
	reg.end(n)
}

func (reg *registry) end(n *node.Node) {
	reg.waitBackground(2 * time.Second)
	registries.Delete(n)
	dropLinks(n.Arena)
}

// release drops what the pool holds once it is over.
func (p *Pool) release() {
	if p.stopWatch != nil {
		p.stopWatch()
	}
	p.reg.remove(p)
}

func (p *Pool) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("<multiprocessing.pool.Pool state=%s pool_size=%d>", p.state, p.size)
}
func (p *Pool) Type() string          { return "Pool" }
func (p *Pool) Freeze()               {}
func (p *Pool) Truth() starlark.Bool  { return starlark.True }
func (p *Pool) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(p)) >> 3), nil }

type poolMethod func(p *Pool, thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// poolMethods are Pool's methods, built on first use.
var poolMethods = lazy.Value[map[string]poolMethod]{New: func() map[string]poolMethod {
	return map[string]poolMethod{
		"apply":       (*Pool).apply,
		"apply_async": (*Pool).applyAsync,
		"map": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.mapCall(t, n, a, k, modeMap, true)
		},
		"map_async": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.mapCall(t, n, a, k, modeMap, false)
		},
		"starmap": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.mapCall(t, n, a, k, modeStar, true)
		},
		"starmap_async": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.mapCall(t, n, a, k, modeStar, false)
		},
		"imap": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.imapCall(t, n, a, k, false)
		},
		"imap_unordered": func(p *Pool, t *starlark.Thread, n string, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.imapCall(t, n, a, k, true)
		},
		"close":     (*Pool).close,
		"terminate": (*Pool).terminate,
		"join":      (*Pool).join,
	}
}}

func (p *Pool) Attr(name string) (starlark.Value, error) {
	// Bound once: p.apply_async(...) in a loop does not allocate them.
	p.methodsOnce.Do(func() {
		p.methods = make(map[string]*starlark.Builtin, len(poolMethods.Get()))
		for name, m := range poolMethods.Get() {
			p.methods[name] = starlark.NewBuiltin(name, func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return m(p, t, name, args, kwargs)
			}).BindReceiver(p)
		}
	})
	if b, ok := p.methods[name]; ok {
		return b, nil
	}
	return nil, nil
}

func (p *Pool) AttrNames() []string {
	return []string{"apply", "apply_async", "close", "imap", "imap_unordered", "join", "map", "map_async", "starmap", "starmap_async", "terminate"}
}

// checkRunning is Python's _check_running.
func (p *Pool) checkRunning() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != stateRun {
		return pyerr.New(pyerr.ValueError, "Pool not running")
	}
	return nil
}

// funcArg checks that fn can run in a worker and encodes it. The last
// function is remembered: naming a function costs a copy of its module's
// globals, and apply_async is often called in a loop with one function.
func (p *Pool) funcArg(method string, fn starlark.Value) ([]byte, error) {
	if cached, ok := p.cachedFunc(fn); ok {
		return cached, nil
	}
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "Pool.%s: func must be callable, not %s", method, fn.Type())
	}
	_, typed := fn.(codec.Typed) // a partial: its function by reference, its arguments by value
	if !typed {
		if _, _, err := p.node.Resolver.FuncRef(fn); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "Pool.%s: %v", method, err)
		}
	}
	b, err := codec.Encode(fn, "func", p.resolver())
	if err != nil {
		if typed {
			return nil, pyerr.New(pyerr.TypeError, "Pool.%s: %s", method, codec.PartialPath(err, "func"))
		}
		return nil, err
	}
	// A session (REPL) may redefine a function: its check is not cached.
	cache := false
	switch f := fn.(type) {
	case *starlark.Function:
		cache = f.Position().Filename() != interp.REPLFile
	case *starlark.Builtin:
		cache = true
	}
	if cache {
		p.fnMu.Lock()
		p.fnLast, p.fnEnc = fn, b
		p.fnMu.Unlock()
	}
	return b, nil
}

func (p *Pool) cachedFunc(fn starlark.Value) ([]byte, bool) {
	switch fn.(type) {
	case *starlark.Function, *starlark.Builtin:
	default:
		return nil, false
	}
	p.fnMu.Lock()
	defer p.fnMu.Unlock()
	if p.fnLast != nil && p.fnLast == fn {
		return p.fnEnc, true
	}
	return nil, false
}

func callbackArg(what string, v starlark.Value) (starlark.Value, error) {
	if v == nil || v == starlark.None {
		return nil, nil
	}
	if _, ok := v.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "%s must be callable, not %s", what, v.Type())
	}
	return v, nil
}

// taskTimeout reads the timeout= keyword (procstar's: it bounds each task).
func taskTimeout(v starlark.Value) (time.Duration, error) {
	if v == nil || v == starlark.None {
		return 0, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, pyerr.New(pyerr.TypeError, "timeout must be a number or None, not %s", v.Type())
	}
	if !(f > 0) {
		return 0, pyerr.New(pyerr.ValueError, "timeout must be positive, not %s", v.String())
	}
	return time.Duration(f * float64(time.Second)), nil
}

func (p *Pool) apply(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn, fargs, fkwds, tv starlark.Value = nil, starlark.Tuple(nil), starlark.None, starlark.None
	if err := unpack(name, args, kwargs, "func", &fn, "args?", &fargs, "kwds?", &fkwds, "timeout?", &tv); err != nil {
		return nil, err
	}
	r, err := p.submitApply(thread, name, fn, fargs, fkwds, tv, nil, nil)
	if err != nil {
		return nil, err
	}
	defer p.traceWait("Pool.apply")()
	return r.getTimeout(thread, -1, nil)
}

func (p *Pool) applyAsync(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn, fargs, fkwds, cb, ecb, tv starlark.Value = nil, starlark.Tuple(nil), starlark.None, starlark.None, starlark.None, starlark.None
	if err := unpack(name, args, kwargs, "func", &fn, "args?", &fargs, "kwds?", &fkwds,
		"callback?", &cb, "error_callback?", &ecb, "timeout?", &tv); err != nil {
		return nil, err
	}
	return p.submitApply(thread, name, fn, fargs, fkwds, tv, cb, ecb)
}

func (p *Pool) submitApply(thread *starlark.Thread, name string, fn, fargs, fkwds, tv, cb, ecb starlark.Value) (*AsyncResult, error) {
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	if err := p.checkRunning(); err != nil {
		return nil, err
	}
	fnb, err := p.funcArg(name, fn)
	if err != nil {
		return nil, err
	}
	a, err := argsTuple("args", fargs)
	if err != nil {
		return nil, err
	}
	var kw *starlark.Dict
	if fkwds != starlark.None {
		d, ok := fkwds.(*starlark.Dict)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "kwds must be a dict, not %s", fkwds.Type())
		}
		for _, k := range d.Keys() {
			if _, ok := k.(starlark.String); !ok {
				return nil, pyerr.New(pyerr.TypeError, "kwds keys must be strings, not %s", k.Type())
			}
		}
		kw = d
	}
	timeout, err := taskTimeout(tv)
	if err != nil {
		return nil, err
	}
	if cb, err = callbackArg("callback", cb); err != nil {
		return nil, err
	}
	if ecb, err = callbackArg("error_callback", ecb); err != nil {
		return nil, err
	}
	msg := newTaskMsg(modeApply, 0, 0, fnb, 64)
	if msg, err = codec.AppendEncode(msg, a, "args", p.resolver()); err != nil {
		return nil, err
	}
	argsLen := len(msg) - taskHeader - len(fnb)
	if kw == nil || kw.Len() == 0 {
		msg = append(msg, 0x80) // {}
	} else if msg, err = codec.AppendEncode(msg, kw, "kwds", p.resolver()); err != nil {
		return nil, err
	}
	putU32(msg[23:], uint32(argsLen))
	if cb != nil || ecb != nil {
		p.ownerWaits(thread)
	}
	r := newResult(p, false, 1, 1, cb, ecb)
	r.task = &task{msg: msg, items: 1, timeout: timeout, sink: r}
	p.submit(r.task)
	return r, nil
}

func putU32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

// stepper is an iterator that can fail (itertoolsmod's: iter, map,
// itertools): a Starlark for loop over it cannot report its error.
type stepper interface {
	Step() (starlark.Value, bool, error)
}

// collect reads all of an iterable (map needs its length, as Python's).
func collect(method string, v starlark.Value) ([]starlark.Value, error) {
	switch x := v.(type) {
	case *starlark.List:
		out := make([]starlark.Value, x.Len())
		for i := range out {
			out[i] = x.Index(i)
		}
		return out, nil
	case starlark.Tuple:
		return append([]starlark.Value(nil), x...), nil
	case stepper:
		// iter(), map(), a generator-like iterator: its error (the
		// iterable failing) is map's, as Python's map lists the iterable
		// in the caller.
		var out []starlark.Value
		for {
			e, ok, err := x.Step()
			if err != nil {
				return nil, err
			}
			if !ok {
				return out, nil
			}
			out = append(out, e)
		}
	case starlark.Iterable:
		var out []starlark.Value
		if s, ok := v.(starlark.Sequence); ok {
			out = make([]starlark.Value, 0, s.Len())
		}
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			out = append(out, e)
		}
		return out, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
}

// defaultChunksize is Python's: divmod(len, 4 * processes), +1 if there is
// a remainder.
func (p *Pool) defaultChunksize(n int) int {
	c, extra := n/(4*p.size), n%(4*p.size)
	if extra != 0 {
		c++
	}
	return c
}

func chunksizeArg(v starlark.Value) (int, bool, error) {
	if v == nil || v == starlark.None {
		return 0, false, nil
	}
	i, ok := v.(starlark.Int)
	if !ok {
		return 0, false, pyerr.New(pyerr.TypeError, "chunksize must be an int or None, not %s", v.Type())
	}
	c, ok := i.Int64()
	if !ok || c < 1 {
		return 0, false, pyerr.New(pyerr.ValueError, "Chunksize must be 1+, not %s", v.String())
	}
	return int(min(c, 1<<31)), true, nil
}

func (p *Pool) mapCall(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple, mode byte, blocking bool) (starlark.Value, error) {
	var fn, iterable, cs, cb, ecb, tv, prog starlark.Value = nil, nil, starlark.None, starlark.None, starlark.None, starlark.None, starlark.False
	var err error
	if blocking {
		err = unpack(name, args, kwargs, "func", &fn, "iterable", &iterable, "chunksize?", &cs, "timeout?", &tv, "progress?", &prog)
	} else {
		err = unpack(name, args, kwargs, "func", &fn, "iterable", &iterable, "chunksize?", &cs,
			"callback?", &cb, "error_callback?", &ecb, "timeout?", &tv)
	}
	if err != nil {
		return nil, err
	}
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	if err := p.checkRunning(); err != nil {
		return nil, err
	}
	fnb, err := p.funcArg(name, fn)
	if err != nil {
		return nil, err
	}
	chunksize, given, err := chunksizeArg(cs)
	if err != nil {
		return nil, err
	}
	timeout, err := taskTimeout(tv)
	if err != nil {
		return nil, err
	}
	if cb, err = callbackArg("callback", cb); err != nil {
		return nil, err
	}
	if ecb, err = callbackArg("error_callback", ecb); err != nil {
		return nil, err
	}
	items, err := collect(name, iterable)
	if err != nil {
		return nil, err
	}
	if !given {
		chunksize = p.defaultChunksize(len(items))
	}
	var flags byte
	if timeout > 0 && chunksize > 1 {
		flags |= flagTicks
	}
	nchunks := 0
	if len(items) > 0 {
		nchunks = (len(items) + chunksize - 1) / chunksize
	}
	if cb != nil || ecb != nil {
		p.ownerWaits(thread)
	}
	r := newResult(p, true, nchunks, len(items), cb, ecb)
	// The first chunks go to the workers while the others are encoded (in
	// batches, so that tiny chunks do not each take the pool's lock).
	var tasks []*task
	next := 1
	for i := 0; i < nchunks; i++ {
		lo, hi := i*chunksize, min((i+1)*chunksize, len(items))
		msg := newTaskMsg(mode, flags, lo, fnb, 16*(hi-lo))
		if msg, err = encodeItems(msg, items[lo:hi], "iterable", lo, p.resolver()); err != nil {
			// What was sent runs; its results go nowhere.
			return nil, err
		}
		tasks = append(tasks, &task{msg: msg, items: hi - lo, idx: i, timeout: timeout, sink: r})
		if len(tasks) == next || i == nchunks-1 {
			p.submit(tasks...)
			tasks = tasks[:0:0]
			next = min(next*2, 256)
		}
	}
	if !blocking {
		return r, nil
	}
	var tick func()
	var prg *progress
	if prog.Truth() {
		if prg = newProgress(thread, p.node, name, len(items)); prg != nil {
			tick = func() { prg.draw(int(r.items.Load()), false) }
		}
	}
	done := p.traceWait("Pool." + name)
	v, err := r.getTimeout(thread, -1, tick)
	done()
	if prg != nil {
		prg.draw(int(r.items.Load()), true)
	}
	return v, err
}

func (p *Pool) close(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	p.closeNow()
	return starlark.None, nil
}

// closeNow is close(): no more tasks; the workers end when the pending
// ones are done.
func (p *Pool) closeNow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == stateRun {
		p.state = stateClose
		p.dispatch()
		p.checkGoneLocked()
	}
}

func (p *Pool) terminate(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	p.terminateNow(false)
	p.waitGone()
	p.release()
	return starlark.None, nil
}

func (p *Pool) join(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	p.mu.Lock()
	st := p.state
	feeders := make([]*imapIter, 0, len(p.feeders))
	for it := range p.feeders {
		feeders = append(feeders, it)
	}
	p.mu.Unlock()
	if st == stateRun {
		return nil, pyerr.New(pyerr.ValueError, "Pool is still running")
	}
	// Python's task handler sends every input of an imap before the workers
	// are told to end: so does join.
	for _, it := range feeders {
		if err := it.feed(thread, false); err != nil {
			return nil, err
		}
	}
	done := p.traceWait("Pool.join")
	_, err := p.await(thread, p.gone, -1, nil)
	done()
	if err != nil {
		return nil, err
	}
	if err := p.runCallbacks(thread); err != nil {
		return nil, err
	}
	p.release()
	return starlark.None, nil
}
