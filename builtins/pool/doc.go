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
// Process counter, daemonic. Each re-runs the main module as any child,
// runs initializer(*initargs), says it is ready and waits for tasks. Each
// worker has a duplex shared-memory pipe (shm.NewPipe) to the pool's owner;
// the owner gives a task to an idle worker only, so it always knows the
// task each worker holds, and one goroutine per worker reads its replies.
// A task is an apply or a chunk of a map. Functions, arguments and results
// cross as runtime/codec values: arguments are encoded at the call site,
// so a value that cannot cross (or a lambda or nested def) fails there,
// named by its path ("iterable[3]: cannot send a Process"); shared objects
// (queues, locks, values, Manager proxies) cross as handles, as arguments
// and as results.
//
// A worker that ends while it holds a task (killed, crashed, sys.exit, the
// OOM killer) fails exactly that task with WorkerLostError naming its exit
// code or signal; the worker is replaced and the pool goes on. Worker ends
// are seen by the owner through the child's reaping, never by a timeout, so
// no pool operation waits for a dead worker. A worker that dies before it
// is ready (the main module fails when re-run) does not fail its task,
// which goes to another worker; after three such deaths in a row the pool
// stops starting workers and fails its tasks with RuntimeError (Python
// restarts them forever). When the initializer fails in a worker, the
// worker prints its traceback and ends, as in Python; then, instead of
// restarting workers forever, the pool fails every queued and future task
// with RuntimeError ("the Pool's initializer failed in SpawnPoolWorker-1:
// ...") carrying the worker's traceback.
//
// maxtasksperchild=N: a worker ends after N tasks (a chunk counts as one,
// as in Python) and is replaced.
//
// # Errors
//
// A task that fails in a worker makes get() raise RemoteError whose message
// is the worker's "Type: message" and whose traceback (err.traceback with
// catch) holds the worker's frames, file:line:col, after the local ones. A
// map fails as soon as one of its chunks fails (Python's MapResult).
//
// Beyond Python: timeout= (seconds) on apply, apply_async, map, map_async,
// starmap, starmap_async, imap and imap_unordered bounds each task (each
// item of a chunk): the worker running an expired task is killed and
// replaced, and the task fails with TimeoutError. progress=True on map,
// starmap, imap and imap_unordered draws a line on stderr (done/total,
// rate, elapsed, ETA), redrawn in place, when stderr is a terminal, and
// draws nothing otherwise.
//
// # Callbacks
//
// Callbacks and error callbacks run in the pool's owner, on its Starlark
// thread, one at a time, never concurrently with other Starlark code of
// that process. A result that becomes ready queues its callback; queued
// callbacks run, in the order their results became ready, at safe points:
// inside any method of the pool or of its results and iterators (get, wait,
// ready, successful, next, apply_async, map, close, join, terminate...),
// including while such a call blocks, and when the owner ends (the exit
// function runs those already due, then terminates the pool, as Python's
// does). A result's callback has finished before its get() or wait()
// returns (and before join() returns). An error callback receives the
// error as catch() gives it (err.type, err.message, err.traceback). A
// callback that fails makes the pool method that ran it fail with its
// error (at exit, its traceback is printed). A callback may call the pool;
// callbacks due then run nested, still one at a time.
//
// # Lifecycle
//
// close() refuses new work (ValueError: Pool not running) and lets the
// workers end once the queued work is done; join() (after close or
// terminate, else ValueError: Pool is still running) waits for that, and
// for the callbacks. terminate() fails the queued and running tasks with
// RuntimeError and ends every worker within a second (SIGTERM, then
// SIGKILL). Cancellation (Ctrl-C) while the owner waits on the pool, or of
// the owner's run, kills the workers at once. A pool whose owner ends
// without closing it is terminated by the owner's exit function, so no
// worker outlives it (and a worker's parent-death signal covers an owner
// that is killed).
//
// # imap
//
// imap and imap_unordered read their input lazily (lists, tuples and
// ranges by index, other iterables through their iterator) and keep a
// bounded window of chunks between reading and yielding (8 per worker, plus
// 8), so imap(f, range(10000000)) neither materializes its input nor its
// results. imap yields in input order, imap_unordered in completion order.
// The iterator has .next(timeout=None) (TimeoutError; StopIteration at the
// end) and works in a for loop. As a Starlark iterator cannot fail, a task
// that fails during a for loop ends the script with its error (catch cannot
// catch it there): use .next() inside catch() to handle failures item by
// item; with chunksize > 1 a failed chunk raises once and its other items
// are skipped, as Python's chunked imap. join() after close() sends the rest
// of an unfinished imap's input first, as Python's task handler does.
package pool
