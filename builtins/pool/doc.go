// Package pool provides multiprocessing's Pool: worker processes that run
// top-level functions (of the script, of a loaded module, or builtins) on
// arguments sent to them, with Python's API (apply, apply_async, map,
// map_async, imap, imap_unordered, starmap, starmap_async, close,
// terminate, join; AsyncResult get, wait, ready, successful) and without
// the ways Python's pool hangs.
//
// # Workers
//
// Pool(processes) starts processes children of the child kind "poolworker"
// (os.cpu_count() by default), named SpawnPoolWorker-N with N from the
// Process counter (SpawnPoolWorker-1:N in Process-1), daemonic. Each
// re-runs the main module as any child, runs initializer(*initargs), says
// it is ready and waits for tasks. A task is an apply, or a chunk of a map
// (Python's default chunksize). Functions, arguments and results cross as
// runtime/codec values; arguments are encoded at the call site, so a value
// that cannot cross (or a lambda, a nested def) fails there, named by its
// path ("iterable[3]: cannot send a Process"). Shared objects (queues,
// pipes, locks, events, values, Manager proxies) cross as handles, as
// arguments and as results.
//
// Each worker has a duplex shared-memory pipe to the pool's owner and a
// word of shared memory where it writes the id of the task it starts. The
// owner gives tasks to idle workers, the one idle the longest first (as
// Python's workers queue up on the task queue); a worker whose tasks are
// short (under a millisecond on average) also gets a few queued behind the
// one it runs, sent in one message, so that it does not sleep between tasks
// while the owner catches up; long tasks go one at a time to whichever
// worker is free. One goroutine per worker reads its replies and, once the
// worker is reaped, accounts for its end. After it delivers a result it
// yields its thread to the owner's goroutine the result woke (queued on the
// reader's P, which its next futex wait would hold): otherwise that
// goroutine waits for another thread to steal it or for sysmon to retake
// the P, which made a loop of apply_async(...).get() take 100-120 us a task. Links (pipe and word) are reused
// by later workers, never destroyed: an object destroyed while the arena's
// reaper handles a death elsewhere can hang the reaper.
//
// # Workers on other machines
//
// The link is an interface (transport.go): the shared-memory pipe and word
// above are its local implementation. When the process's runtime.Launcher
// also implements Transports (cluster mode), the pool's workers are
// launched through it and fed from one queue (Transport) that each idle
// worker pulls one task from, reporting the task it takes before it runs
// it (queue.go): the owner keeps at most queueDepth tasks per worker
// queued and not finished, delivers each result once (by task id, so a
// task that ran twice is harmless), and fails the task a lost worker had
// taken with WorkerLostError as above. Shared objects cannot reach such
// workers: passing one fails at the call site with a TypeError. Without
// Transports, workers are local even when Process children go elsewhere.
//
// A worker runs with GOMAXPROCS=1 (it is one of N workers for N CPUs: its
// garbage collector then uses its own CPU, not the other workers'), GOGC=400
// and a soft memory limit of 1/(2×CPUs) of the machine's memory, unless the
// Go environment variables say otherwise.
//
// # A worker that dies
//
// A worker that ends while it holds a task (killed, crashed, sys.exit in
// the task, the OOM killer) fails exactly the task it had started, per its
// shared word, with WorkerLostError naming its exit code or signal
// ("worker SpawnPoolWorker-3 (pid 123) was killed by signal 9 (SIGKILL)";
// a ProcessPoolExecutor's worker, as Python's, survives sys.exit instead,
// which fails the task with SystemExit);
// tasks it was sent but had not started run elsewhere. The worker is
// replaced and the pool goes on. With Pool(..., retries=k) (procstar's,
// beyond Python) the task runs again instead, up to k times, and fails
// only when its worker is lost a (k+1)-th time: a task that kills every
// worker ends, never loops. Ends are seen through the child's reaping,
// so no pool operation waits for a dead worker. A worker that dies before it
// is ready (the main module fails when re-run) fails nothing; after three
// such deaths in a row the pool stops starting workers and fails its tasks
// with RuntimeError, where Python restarts them forever. When the
// initializer fails, the worker prints its traceback and ends, as in
// Python; then, instead of restarting workers forever, the pool fails every
// queued and later task with RuntimeError ("the Pool's initializer failed
// in SpawnPoolWorker-1: ...") carrying the worker's traceback.
//
// maxtasksperchild=N: a worker ends after N tasks (a chunk counts as one,
// as in Python) and is replaced.
//
// # Errors
//
// A task that fails in a worker makes get() raise the worker's error, with
// its type (err.type == "ZeroDivisionError" with catch) and message, as
// Python re-raises the worker's exception; its traceback (err.traceback)
// holds the worker's frames, file:line:col, after the local ones. A
// map fails as soon as one of its chunks fails (Python's MapResult).
//
// Beyond Python: timeout= (seconds) on apply, apply_async, map, map_async,
// starmap, starmap_async, imap and imap_unordered bounds each task (each
// item of a chunk, whose clock restarts at every item): the worker running
// an expired task is killed and replaced, and the task fails with
// TimeoutError. progress=True on map, starmap, imap and imap_unordered
// draws a line on stderr (done/total, rate, elapsed, ETA), redrawn in place
// with \r, when stderr is a terminal, and draws nothing otherwise.
//
// # Callbacks
//
// Callbacks and error callbacks run in the pool's owner, on its Starlark
// thread, one at a time, never concurrently with other Starlark code of
// that process. A result that becomes ready queues its callback; queued
// callbacks run, in the order their results became ready, at safe points:
// inside any method of the pool or of its results and iterators (get, wait,
// ready, successful, next, apply_async, map, close, join, terminate...),
// including while such a call blocks; while the owner waits in any other
// blocking call (time.sleep, Queue get/put/join, Pipe recv/poll, acquire,
// Event/Condition/Barrier wait, Process.join: node.Gate), as Python's
// result-handler thread runs them whatever the main thread does; and when
// the owner ends (its exit function runs those already due, then
// terminates the pool, as Python's does). A callback that fails while the
// owner waits elsewhere makes the next pool method fail with its error. A result's callback has finished before its get() or wait()
// returns (and all due callbacks before join() returns). An error callback
// receives the error as catch() gives it (err.type, err.message,
// err.traceback). A callback that fails makes the pool method that ran it
// fail with its error (at exit, its traceback is printed). A callback may
// call the pool; callbacks due then run nested, still one at a time.
//
// # Lifecycle
//
// close() refuses new work (ValueError: Pool not running) and lets the
// workers end once the queued work is done; join() (after close or
// terminate, else ValueError: Pool is still running) waits for that, and
// for the callbacks. terminate() fails the queued and running tasks with
// RuntimeError (their callbacks do not run; Python never completes them)
// and ends every worker within a second (SIGTERM, then SIGKILL).
// Cancellation (Ctrl-C) while the owner waits on the pool, or of the
// owner's run, kills the workers at once and starts no other. A pool whose
// owner ends without closing it is terminated by the owner's exit function
// (node.AtShutdown), so no worker outlives it (a worker's parent-death
// signal covers an owner that is killed); both that and the end by
// cancellation (node.AtKill) wait for the pool's goroutines, which use the
// arena, before it is unmapped.
//
// In an interactive session (the REPL), workers re-run the session's
// definitions as they were when they started: when the session has defined
// or redefined functions since, the next submission retires them (they
// finish what they hold) and new workers take over.
//
// # imap
//
// imap and imap_unordered read their input lazily (lists, tuples and
// ranges by index, other iterables through their iterator) and keep a
// bounded window of chunks between reading and yielding (8 per worker, plus
// 8), so imap(f, range(10000000)) neither materializes its input nor its
// results. imap yields in input order, imap_unordered in completion order.
// The iterator has .next(timeout=None) (TimeoutError; StopIteration at the
// end) and works in a for loop, continuing where the iteration is. As a
// Starlark iterator cannot fail, a task that fails during a for loop ends
// the script with its error (catch cannot catch it there): use .next()
// inside catch() to handle failures item by item. With chunksize > 1 a
// failed chunk raises once and its other items are skipped, as Python's
// chunked imap. join() after close() sends the rest of an unfinished imap's
// input first, as Python's task handler would have: an abandoned imap over
// a huge input makes join() run it all, where terminate() drops it.
package pool
