// Package shm is procstar's shared-memory layer: one arena per process tree
// holding every shared object (locks, semaphores, events, conditions,
// barriers, value blocks, queues, pipes), so that uncontended operations are
// a few atomic instructions and waiting is a futex wait, with no socket
// round trip and no helper process.
//
// # The arena
//
// The root creates a memfd (close-on-exec), sizes it to a large sparse
// virtual size (16 GiB by default: pages cost memory only once touched) and
// maps it MAP_SHARED; children map the same file, passed to them as an
// extra descriptor (Create, Open, File). Everything in it is addressed by
// offset, since each process maps it at its own address.
//
//	chunk 0         header: magic, size, arena id, allocator lock and
//	                journal, span and small-block free lists, object
//	                registry head, inflight slots, names of the dead
//	chunks 1..m     chunk map: 16 bytes per 64 KiB chunk
//	chunks m+1..    data: spans and small-block slabs
//
// The allocator (Alloc, Free) hands out spans of 64 KiB chunks for anything
// above 4 KiB, merging free neighbours in O(1) through the chunk map, and
// small blocks of power-of-two classes carved from one-chunk slabs. A free
// span is either dirty (freed, its pages possibly still resident) or clean
// (returned to the OS with fallocate(PUNCH_HOLE|KEEP_SIZE), or never used),
// never a mix: a freed span merges with its dirty neighbours only, and a
// punched one with its clean neighbours. Allocation prefers dirty spans, so
// steady traffic (64 KiB messages through a queue) reuses warm memory: no
// page fault and no system call. Memory goes back to the OS when more than
// 64 MiB is dirty (the largest dirty spans are punched down to 32 MiB), and
// when it stays unused: Sweep, which the root's Watch calls every second,
// punches the dirty spans that were already free at the previous sweep. So
// a queue that once held 100 MB gives the memory back within seconds of
// draining. A span taken from clean memory for a big message is populated
// in one madvise call rather than page fault by page fault.
//
// Shared objects live in slabs of their own and start with a header (kind,
// generation, registry links, reference count and holders); a Handle is 28
// bytes: kind, generation, offset, arena id and the pid that made it.
// Attach accepts a handle only if the offset is a block start in an object
// slab and the header's kind and generation match, so a stale handle
// (destroyed object, block reused) or a forged one is refused instead of
// touching the wrong memory.
//
// # Owner death
//
// A process can die anywhere (SIGKILL), including inside a critical section.
// Three mechanisms make that safe:
//
//   - Lock words hold the owner's pid. All Starlark code of a process runs
//     on one logical thread, so the owner is the process. When the owner of
//     a user Lock/RLock dies abnormally, the reaper sets a "dead" bit and
//     keeps the pid: the next acquirer takes the lock over and learns who
//     abandoned it (Acquire's abandonedBy; ProcessName names it, even after
//     its process-table slot is gone). A process that ends normally keeps
//     what it holds, as in Python: just before it exits, EndNormally hands
//     its locks to an owner that is no process (a Lock may still be
//     released by anyone) and forgets its units of bounded semaphores, so
//     the reap after its death finds nothing of it to release.
//   - Every internal critical section (allocator, each queue, pipe,
//     semaphore and barrier) writes through an undo journal kept next to
//     its lock: old value logged, then the store; clearing the log commits.
//     The reaper takes the lock of a dead holder over and rolls the journal
//     back, so a Put cut short leaves no half-written item and a free list
//     is never left torn. Bounded semaphores keep, per pid, the units held;
//     pipes, per pid and end, the copies open; barriers, the parties
//     waiting; wait queues, the processes asleep. The reaper gives back
//     what a dead process held: units of bounded semaphores return (and the
//     next acquirer learns the pid; a plain semaphore is a counter with no
//     owner and never gets units back), a pipe end whose last copy died
//     reads EOF, a barrier breaks.
//   - Blocks in flight between a process and a structure (a big message
//     staged before the queue lock is taken, one being copied out after
//     Get, a segment about to be freed) are owned by an "inflight slot"
//     naming the process. Ownership moves between slot and structure by a
//     journaled store inside the structure's critical section, so a block
//     always has exactly one owner and the reaper frees a dead process's.
//
// Who reaps: ReapDead(pid) does all of the above and then wakes every
// sleeper in the arena (a process may die between changing state and waking
// its waiters). The root runs Watch, which opens a pidfd for each live entry
// of the process table, re-reading the table when its generation word
// changes (a FUTEX_WAIT in a helper goroutine) and otherwise blocking in
// epoll_wait, so a death is handled within milliseconds whoever the parent
// is. A process it cannot open a pidfd for (the root out of descriptors) is
// retried, never taken for dead. A parent may also call ReapDead when it reaps a child; it is
// idempotent. Robust futex lists were not used: the kernel would release
// only mutexes, and only ones owned by the exact thread that died, while
// semaphores, pipe ends, barriers and sleeper counts need the watcher
// anyway, and Go moves goroutines between threads.
//
// What is not covered: two deaths at once are fine, but a reaper that dies
// while reaping leaves its own lock to the next reap; a pid reused by a new
// process of the tree before the old one was reaped could be confused with
// it (the watcher reaps within milliseconds; pid_max may be 32768); blocks
// a process was given without a tracked slot (when all 2048 slots are
// busy) leak if it dies at the wrong moment; and a process killed between a
// queue's critical section and the reference counts of the handles its
// message holds leaks those references (the objects are never freed; none
// is freed while in use).
//
// # Waiting
//
// Every blocking call takes a context and a timeout (negative: none, 0: do
// not block). Queue Get and bounded Put, Semaphore Acquire and pipe Recv
// and Poll honour them even while another process holds the object's
// internal lock (stopped inside its critical section by SIGSTOP or a
// debugger): a call that must not block waits at most nonBlockingWait for
// it, and gives up as on a timeout. Waits are FUTEX_WAIT on shared (non-private) words; a context
// cancellation wakes the word the call sleeps on, repeatedly until the call
// notices (see futex.Waiter). Objects with an internal lock register
// sleepers under the lock and wake them after unlocking, so a woken process
// finds the lock free (see waitq); Mutex and Event sleep on their own word
// and make no system call unless someone sleeps. Uncontended Lock
// acquire+release is two atomic instructions.
//
// # Objects
//
// Mutex (Lock, RLock), Semaphore (bounded or not), Event, Condition (over a
// Mutex; notify(n) wakes exactly min(n, waiting) waiters, oldest first),
// Barrier (CPython's state machine), Block (bytes for Value and Array, with
// atomic add helpers), Queue (MPMC FIFO of byte messages, bounded in items,
// with JoinableQueue's task count) and Conn (pipe ends; unbounded, so Send
// never blocks).
//
// # Lifetime
//
// Objects count their references across processes (details in refs.go):
// every handle object a process holds (what New* and Attach* return), every
// handle received in a message or a child's bootstrap and not attached yet,
// every message of a queue or pipe that holds the handle (found by the
// arena id it carries), and objects that refer to others (a Condition or a
// Block to its lock). A handle object's reference is dropped by a Go
// cleanup once the process no longer reaches it (or by Unref), a dead
// process's by ReapDead, a message's when it is read (it becomes the
// reader's) or destroyed unread. At zero the object is destroyed, and what
// it referred to loses a reference in turn. So a script creating objects in
// a loop keeps the arena flat, an object in use anywhere stays, a handle in
// a queue survives until read, and a pipe end given to a child that dies
// before attaching it closes. Since the arena's memory is invisible to Go's
// collector, creating handles prompts collections when many were created
// since the last one. Cycles through unread messages (a queue holding a
// message that names the queue) are never freed. Destroy destroys an object
// outright, whatever its count. A cleanup, reap or sweep never touches an
// arena after Close.
//
// Shared memory is invisible to the race detector: Go memory that only a
// shm lock protects shows up as a race under -race.
package shm
