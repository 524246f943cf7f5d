// Package arena is the substrate of procstar's shared memory: the mapping
// every process of a tree shares, its allocator, the undo journal and the
// inflight slots that make critical sections survive the death of the
// process inside them, and the internal locks. It knows nothing of the
// shared objects built on it: package own keeps their registry, reference
// counts and reaping, package shm the objects themselves.
//
// # The mapping
//
// The root creates a memfd (close-on-exec), sizes it to a large sparse
// virtual size (16 GiB by default: pages cost memory only once touched) and
// maps it MAP_SHARED; children map the same file, passed to them as an
// extra descriptor (Create, Open, File). Everything in it is addressed by
// offset, since each process maps it at its own address.
//
//	chunk 0         header: magic, size, arena id, allocator lock and
//	                journal, span and small-block free lists, inflight
//	                slots, and the words kept for the ownership layer
//	                (object registry head, names of the dead: Reserved)
//	chunks 1..m     chunk map: 16 bytes per 64 KiB chunk
//	chunks m+1..    data: spans and small-block slabs
//
// # The allocator
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
// when it stays unused: Sweep, which the root's watcher calls every second,
// punches the dirty spans that were already free at the previous sweep. So
// a queue that once held 100 MB gives the memory back within seconds of
// draining. A span taken from clean memory for a big message is populated
// in one madvise call rather than page fault by page fault.
//
// Shared objects get blocks of their own slab classes (AllocObject), so
// that IsObject can tell an object's offset from any other: a stale or
// forged handle is refused instead of touching the wrong memory.
//
// # Owner death
//
// A process can die anywhere (SIGKILL), including inside a critical
// section. The substrate gives the layers above two tools to survive it:
//
//   - Every internal critical section (the allocator's, and each object's
//     with an internal lock) writes through an undo journal kept next to
//     its lock (Journal): old value logged, then the store; clearing the
//     log commits. Internal lock words hold the owner's pid, so the reaper
//     can take the lock of a dead holder over and roll the journal back
//     (TakeOver, Recover): a Put cut short leaves no half-written item and
//     a free list is never left torn.
//   - Blocks in flight between a process and a structure (a big message
//     staged before the queue lock is taken, one being copied out after
//     Get, a segment about to be freed) are owned by an inflight slot
//     naming the process (Slot). Ownership moves between slot and
//     structure by a journaled store inside the structure's critical
//     section (Journal.Hand), so a block always has exactly one owner and
//     the reaper frees a dead process's (ReapInflight).
//
// ReapAllocator and ReapInflight are the substrate's part of a reap; the
// ownership layer's ReapDead calls them. What is not covered: blocks a
// process was given without a tracked slot (when all 2048 slots are busy)
// leak if it dies at the wrong moment.
//
// # Waiting
//
// Internal locks (Lock, LockFor) guard short critical sections that never
// block inside: waiters spin briefly, then FUTEX_WAIT on the shared lock
// word (see package futex). A call with a timeout waits for a lock at most
// as long as its timeout (NonBlockingWait when it must not block), so that
// a holder stopped inside its critical section (SIGSTOP, a debugger)
// cannot hold it up.
//
// Shared memory is invisible to the race detector: Go memory that only a
// shm lock protects shows up as a race under -race.
package arena
