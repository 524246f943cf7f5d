package shm

import (
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/shm/futex"
)

// A lock word holds the owner's pid (0 when free) and two flags. Linux pids
// fit in 22 bits, so they never collide with the flags.
const (
	ownerMask = 1<<30 - 1
	deadBit   = 1 << 30 // owner died; the next acquirer learns its pid
	waitBit   = 1 << 31 // someone may sleep on the word: wake on release
)

// self is this process's pid. Every Starlark thread of a process runs on one
// logical thread, so the owner of a lock is a process, not an OS thread.
var self = uint32(os.Getpid())

// Self returns the pid recorded as owner by locks taken in this process.
func Self() int { return int(self) }

// ilock takes an internal lock: the short critical sections that guard the
// allocator and each object's state. They never block inside, so waiters
// spin briefly before sleeping on the word.
func ilock(w *uint32) {
	if atomic.CompareAndSwapUint32(w, 0, self) {
		return
	}
	ilockSlow(w)
}

func ilockSlow(w *uint32) {
	for spin := 0; ; spin++ {
		v := atomic.LoadUint32(w)
		if v == 0 {
			// Having waited, claim with waitBit set: other sleepers may
			// have lost their flag to our CAS and must still be woken.
			if atomic.CompareAndSwapUint32(w, 0, self|waitBit) {
				return
			}
			continue
		}
		if spin < 40 {
			if spin > 20 {
				runtime.Gosched()
			}
			continue
		}
		if v&waitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|waitBit) {
			continue
		}
		futex.Wait(w, v|waitBit, -1)
	}
}

func iunlock(w *uint32) {
	if atomic.SwapUint32(w, 0)&waitBit != 0 {
		futex.Wake(w, 1)
	}
}

func (a *Arena) lock() {
	ilock(&a.h.lock)
}

func (a *Arena) unlock() { iunlock(&a.h.lock) }

// lockForReap takes the internal lock w on behalf of the reaper of pid. If
// pid (or another process that turns out to be dead) holds it, the reaper
// takes it over and reports true: the caller must roll the guarded state's
// journal back. A live holder is waited for; the wait wakes every 20 ms to
// notice a holder that died too, since the watcher that would otherwise
// reap it may be this very goroutine.
func (a *Arena) lockForReap(w *uint32, pid uint32) bool {
	for {
		v := atomic.LoadUint32(w)
		owner := v & ownerMask
		switch {
		case v == 0:
			if atomic.CompareAndSwapUint32(w, 0, self|waitBit) {
				return false
			}
		case owner == pid || (owner != self && !a.pidAlive(int(owner))):
			if atomic.CompareAndSwapUint32(w, v, self|waitBit) {
				return true
			}
		default:
			if v&waitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|waitBit) {
				continue
			}
			futex.Wait(w, v|waitBit, 20*time.Millisecond)
		}
	}
}

// pidAlive reports whether pid is a running process; with a process table,
// a pid reused by a stranger counts as dead.
func (a *Arena) pidAlive(pid int) bool {
	if t := a.table.Load(); t != nil {
		if e, ok := t.Lookup(pid); ok {
			return ptable.Alive(pid, e.StartTime)
		}
	}
	return ptable.Alive(pid, 0)
}

// The wait words of objects with an internal lock hold a notification
// sequence number above bit 0, and a waiter flag in bit 0. Waiters set the
// flag and notifiers clear it under the object's lock, so a notifier that
// finds the flag clear knows nobody sleeps and skips the system call.
const seqWaiter = 1

// prepareWait (lock held) flags the word and returns the value to wait on.
func prepareWait(seq *uint32) uint32 {
	for {
		v := atomic.LoadUint32(seq)
		if v&seqWaiter != 0 || atomic.CompareAndSwapUint32(seq, v, v|seqWaiter) {
			return v | seqWaiter
		}
	}
}

// notify (lock held) wakes up to n sleepers on seq.
func notify(seq *uint32, n int) {
	if atomic.LoadUint32(seq)&seqWaiter == 0 {
		return
	}
	v := atomic.AddUint32(seq, 2)
	if futex.Wake(seq, n) == 0 {
		// Only stale flags (a waiter that gave up or died): clear it.
		atomic.CompareAndSwapUint32(seq, v, v&^seqWaiter)
	}
}

// notifyAll (lock held) wakes every sleeper on seq.
func notifyAll(seq *uint32) {
	if atomic.LoadUint32(seq)&seqWaiter == 0 {
		return
	}
	atomic.AddUint32(seq, 2)
	for {
		v := atomic.LoadUint32(seq)
		if atomic.CompareAndSwapUint32(seq, v, v&^seqWaiter) {
			break
		}
	}
	futex.WakeAll(seq)
}
