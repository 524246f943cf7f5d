// Package own is the ownership layer of procstar's shared memory: on top
// of package arena it keeps the registry of shared objects, their handles
// and cross-process reference counts, the pid tables and wait queues
// through which a dead process's share is found, and the reaping itself
// (ReapDead, Watch, EndNormally, the names of the dead). The object kinds
// live above it (package shm): each registers Hooks for its kind, so that
// this layer calls no object code but through them, and the dependencies
// go one way: shm → own → arena.
//
// # Objects and handles
//
// Shared objects start with a Header (kind, generation, registry links,
// reference count and holders) and are registered in the arena (NewObject).
// A handle is 28 bytes: kind, generation, offset, arena id and the pid that
// made it. Object accepts an offset only if it is a block start in an
// object slab and the header's kind and generation match, so a stale
// handle (destroyed object, block reused) or a forged one is refused.
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
// reader's) or destroyed unread. At zero the object is destroyed (its
// kind's Teardown hook), and what it referred to loses a reference in
// turn. So a script creating objects in a loop keeps the arena flat, an
// object in use anywhere stays, a handle in a queue survives until read,
// and a pipe end given to a child that dies before attaching it closes.
// Since the arena's memory is invisible to Go's collector, creating
// handles prompts collections when many were created since the last one.
// Cycles through unread messages (a queue holding a message that names the
// queue) are never freed. Destroy destroys an object outright, whatever its
// count. A cleanup, reap or sweep never touches an arena after Close.
//
// # Owner death
//
// Per-pid tables (PidEnt) record what each process holds of an object
// (semaphore units, pipe-end copies, parties waiting, sleepers in a Waitq),
// so that the reaper can give back a dead process's share. ReapDead(pid)
// rolls back an allocator transaction pid was in, calls every object's
// Reap hook (each rolls back its own critical section, gives back what pid
// held and wakes its sleepers: a process may die between changing state
// and waking its waiters), frees pid's inflight blocks and drops its
// references. A process that ends normally keeps what it holds, as in
// Python: EndNormally calls the Keep hooks first.
//
// Who reaps: a parent calls ReapDead when it reaps a child, and the root
// runs Watch for the others (its grandchildren and below, whose parent may
// die first): it opens a pidfd for each live entry of the process table
// that is not its own child, re-reading the table when its generation word
// changes (a FUTEX_WAIT in a helper goroutine) and otherwise blocking in
// epoll_wait, so a death is handled within milliseconds whoever the parent
// is. A process it cannot open a pidfd for (the root out of descriptors)
// is retried, never taken for dead. ReapDead is idempotent. Robust futex
// lists were not used: the kernel would release only mutexes, and only
// ones owned by the exact thread that died, while semaphores, pipe ends,
// barriers and sleeper counts need the watcher anyway, and Go moves
// goroutines between threads.
//
// What is not covered: two deaths at once are fine, but a reaper that dies
// while reaping leaves its own lock to the next reap; a pid reused by a new
// process of the tree before the old one was reaped could be confused with
// it (the watcher reaps within milliseconds; pid_max may be 32768); and a
// process killed between a queue's critical section and the reference
// counts of the handles its message holds leaks those references (the
// objects are never freed; none is freed while in use).
package own
