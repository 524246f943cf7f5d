package own

import (
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// ReapDead releases everything the dead process pid held in the arena: it
// rolls back an allocator transaction pid was in the middle of, lets each
// object's Reap hook give back what pid held there (in procstar: roll back
// its critical section, mark locks it owned as abandoned so that the next
// acquirer takes them and learns pid, return its units of bounded
// semaphores, drop its pipe-end copies so that the other end may read EOF,
// break barriers it was waiting at, and wake every waiter, so no one
// sleeps through a wake-up pid died before sending), frees blocks it was
// moving, and drops its references. A process that ended normally gave up
// its locks and units before (EndNormally): they stay held.
//
// Call it once pid is known dead: a parent must when it reaps a child
// (before releasing its ptable slot, so the name is still known), and the
// root's Watch does for the others. It is idempotent. pid must not have
// been reused yet by a process of the tree.
func (a *Arena) ReapDead(pid int) { a.reap(pid, "") }

func (a *Arena) reap(pid int, name string) {
	if pid <= 0 || pid > arena.OwnerMask || uint32(pid) == arena.Self() {
		return
	}
	if !a.Enter() {
		return
	}
	defer a.Leave()
	if name == "" {
		if t := a.Table(); t != nil {
			if e, ok := t.Lookup(pid); ok {
				name = e.Name
			}
		}
	}
	if name != "" && a.graveName(pid) != name {
		a.recordGrave(pid, name)
	}
	dead := uint32(pid)

	// The allocator first: the objects' recovery may free blocks.
	a.ReapAllocator(dead)

	for _, h := range a.objects() {
		// Pinned, so that no release tears it down while we work on it.
		p, ok := a.Pin(h)
		if !ok {
			continue // destroyed meanwhile
		}
		if f := hooks(h.Kind).Reap; f != nil {
			f(a, h, p, dead)
		}
		a.Unpin(h)
	}

	// Blocks in flight: the rollbacks above may have handed some back to
	// pid's slots.
	a.ReapInflight(dead)

	// Last, the references pid held: objects no other process, message or
	// object refers to are destroyed.
	a.reapRefs(dead)
}

// held is set once this process takes a Lock, an RLock or a unit of a
// bounded semaphore: only then has EndNormally anything to do.
var held atomic.Bool

// MayHold notes that this process may now hold something a Keep hook hands
// over as it ends normally (a lock, a unit of a bounded semaphore).
func MayHold() {
	if !held.Load() {
		held.Store(true)
	}
}

// EndNormally is called by a process about to end normally (its target
// returned, or sys.exit): as in Python, it keeps what it holds, through
// the Keep hooks of the kinds that have one. In procstar, its Locks and
// RLocks stay locked, owned by no process (any process may still release
// a Lock), and its units of bounded semaphores stay taken; the reap that
// follows its death then releases nothing of them. A process killed
// before or during EndNormally has what it still holds released.
func (a *Arena) EndNormally() {
	if !held.Load() || !a.Enter() {
		return
	}
	defer a.Leave()
	a.eachPinned(func(k *Hooks) bool { return k.Keep != nil }, func(k *Hooks, p unsafe.Pointer) bool {
		k.Keep(a, p)
		return false
	})
}

// HeldForReap reports whether this process, ending normally (after
// EndNormally), still holds something its reap would give back in a way
// other processes see (Hooks.Held): a copy of a pipe end. When it holds
// nothing so, its end may be announced before the kernel has torn it down
// (spawn.End): for every other process it is as good as reaped. It says
// true when it cannot tell (the arena is closed).
func (a *Arena) HeldForReap() bool {
	if !a.Enter() {
		return true
	}
	defer a.Leave()
	me := arena.Self()
	return a.eachPinned(func(k *Hooks) bool { return k.Held != nil }, func(k *Hooks, p unsafe.Pointer) bool {
		return k.Held(a, p, me)
	})
}

// eachPinned calls f for every object whose kind's hooks has selects,
// pinned for the call, until f returns true; it reports whether f did.
// The caller is inside Enter.
func (a *Arena) eachPinned(has func(*Hooks) bool, f func(k *Hooks, p unsafe.Pointer) (stop bool)) bool {
	for _, h := range a.objects() {
		k := hooks(h.Kind)
		if !has(k) {
			continue
		}
		p, ok := a.Pin(h)
		if !ok {
			continue // destroyed meanwhile
		}
		stop := f(k, p)
		a.Unpin(h)
		if stop {
			return true
		}
	}
	return false
}
