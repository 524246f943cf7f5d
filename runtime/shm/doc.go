// Package shm is procstar's shared memory: one arena per process tree
// holding every shared object (locks, semaphores, events, conditions,
// barriers, value blocks, queues, pipes), so that uncontended operations are
// a few atomic instructions and waiting is a futex wait, with no socket
// round trip and no helper process.
//
// # Layers
//
// It is built in three layers, each depending only on those below:
//
//   - package arena, the substrate: the memfd mapping (Create, Open, File),
//     the allocator (spans, slabs, sweeping memory back to the OS), the
//     undo journal, the inflight slots and the internal locks;
//   - package own, ownership: the registry of objects, handles, reference
//     counts, per-pid tables and wait queues, reaping dead processes
//     (ReapDead, Watch, EndNormally) and the names of the dead;
//   - this package, the objects. Each kind registers hooks with own
//     (attach, tear down, reap, keep at a normal end, follow a reference's
//     moves), so the lower layers know no object kind.
//
// The rest of procstar needs only this package: Arena, Create, Open and
// CreateFitting stand for those of the layers below.
//
// # Owner death
//
// A process can die anywhere (SIGKILL), including inside a critical section
// (see package arena for the journal and the inflight slots, package own
// for who reaps and when). Here is what each object gives back:
//
//   - Lock words hold the owner's pid. All Starlark code of a process runs
//     on one logical thread, so the owner is the process. When the owner of
//     a user Lock/RLock dies abnormally, the reaper sets a "dead" bit and
//     keeps the pid: the next acquirer takes the lock over and learns who
//     abandoned it (Acquire's abandonedBy; Arena.ProcessName names it, even
//     after its process-table slot is gone). A process that ends normally
//     keeps what it holds, as in Python: just before it exits,
//     Arena.EndNormally hands its locks to an owner that is no process (a
//     Lock may still be released by anyone) and forgets its units of
//     bounded semaphores, so the reap after its death finds nothing of it
//     to release.
//   - Queues, pipes, semaphores and barriers have an internal lock and a
//     journal: the reaper rolls back a critical section their holder died
//     in, so a Put cut short leaves no half-written item. Bounded
//     semaphores keep, per pid, the units held; pipes, per pid and end, the
//     copies open; barriers, the parties waiting; wait queues, the
//     processes asleep. The reaper gives back what a dead process held:
//     units of bounded semaphores return (and the next acquirer learns the
//     pid; a plain semaphore is a counter with no owner and never gets
//     units back), a pipe end whose last copy died reads EOF, a barrier
//     breaks. Then it wakes every sleeper (a process may die between
//     changing state and waking its waiters).
//
// # Waiting
//
// Every blocking call takes a context and a timeout (negative: none, 0: do
// not block). Queue Get and bounded Put, Semaphore Acquire and pipe Recv
// and Poll honour them even while another process holds the object's
// internal lock (stopped inside its critical section by SIGSTOP or a
// debugger): a call that must not block waits at most
// arena.NonBlockingWait for it, and gives up as on a timeout. Waits are
// FUTEX_WAIT on shared (non-private) words; a context cancellation wakes
// the word the call sleeps on, repeatedly until the call notices (see
// futex.Waiter). Objects with an internal lock register sleepers under the
// lock and wake them after unlocking, so a woken process finds the lock
// free (see own.Waitq); Mutex and Event sleep on their own word and make no
// system call unless someone sleeps. Uncontended Lock acquire+release is
// two atomic instructions.
//
// # Objects
//
// Mutex (Lock, RLock), Semaphore (bounded or not), Event, Condition (over a
// Mutex; notify(n) wakes exactly min(n, waiting) waiters, oldest first),
// Barrier (CPython's state machine), Block (bytes for Value and Array, with
// atomic add helpers), Queue (MPMC FIFO of byte messages, bounded in items,
// with JoinableQueue's task count) and Conn (pipe ends; unbounded, so Send
// never blocks). Every handle object holds a reference to its object, which
// lives while any process, message or other object refers to it (see
// package own); Unref drops it early, Destroy destroys the object outright.
//
// Shared memory is invisible to the race detector: Go memory that only a
// shm lock protects shows up as a race under -race.
package shm
