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
// small blocks of power-of-two classes carved from one-chunk slabs. Freed
// spans are returned to the OS with fallocate(PUNCH_HOLE|KEEP_SIZE), at once
// when big and in batches otherwise, so a queue that once held 100 MB gives
// the memory back as it drains. Shared objects live in slabs of their own
// and start with a header (kind, generation, registry links); a Handle is
// 28 bytes: kind, generation, offset and arena id. Attach accepts a handle
// only if the offset is a block start in an object slab and the header's
// kind and generation match, so a stale handle (destroyed object, block
// reused) or a forged one is refused instead of touching the wrong memory.
//
// # Owner death
//
// A process can die anywhere (SIGKILL), including inside a critical section.
// Three mechanisms make that safe:
//
//   - Lock words hold the owner's pid. All Starlark code of a process runs
//     on one logical thread, so the owner is the process. When the owner of
//     a user Lock/RLock dies, the reaper sets a "dead" bit and keeps the
//     pid: the next acquirer takes the lock over and learns who abandoned
//     it (Acquire's abandonedBy; ProcessName names it, even after its
//     process-table slot is gone).
//   - Every internal critical section (allocator, each queue, pipe,
//     semaphore and barrier) writes through an undo journal kept next to
//     its lock: old value logged, then the store; clearing the log commits.
//     The reaper takes the lock of a dead holder over and rolls the journal
//     back, so a Put cut short leaves no half-written item and a free list
//     is never left torn. Semaphores keep, per pid, the units held; pipes,
//     per pid and end, the copies open; barriers, the parties waiting; wait
//     queues, the processes asleep. The reaper gives back what a dead
//     process held: units return (and the next acquirer learns the pid), a
//     pipe end whose last copy died reads EOF, a barrier breaks.
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
// is. A parent may also call ReapDead when it reaps a child; it is
// idempotent. Robust futex lists were not used: the kernel would release
// only mutexes, and only ones owned by the exact thread that died, while
// semaphores, pipe ends, barriers and sleeper counts need the watcher
// anyway, and Go moves goroutines between threads.
//
// What is not covered: two deaths at once are fine, but a reaper that dies
// while reaping leaves its own lock to the next reap; a pid reused by a new
// process of the tree before the old one was reaped could be confused with
// it (the watcher reaps within milliseconds; pid_max may be 32768); and
// blocks a process was given without a tracked slot (when all 2048 slots
// are busy) leak if it dies at the wrong moment.
//
// # Waiting
//
// Every blocking call takes a context and a timeout (negative: none, 0: do
// not block). Waits are FUTEX_WAIT on shared (non-private) words; a context
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
// never blocks). Objects live until Destroy; procstar does not count
// references across processes.
//
// Shared memory is invisible to the race detector: Go memory that only a
// shm lock protects shows up as a race under -race.
package shm
