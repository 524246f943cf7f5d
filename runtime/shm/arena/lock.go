package arena

import (
	"context"
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
	OwnerMask = 1<<30 - 1
	DeadBit   = 1 << 30 // owner died; the next acquirer learns its pid
	WaitBit   = 1 << 31 // someone may sleep on the word: wake on release
)

// self is this process's pid. Every Starlark thread of a process runs on one
// logical thread, so the owner of a lock is a process, not an OS thread.
var self = uint32(os.Getpid())

// Self returns the pid recorded as owner by locks taken in this process.
func Self() uint32 { return self }

// Lock takes an internal lock: the short critical sections that guard the
// allocator and each object's state. They never block inside, so waiters
// spin briefly before sleeping on the word.
func Lock(w *uint32) {
	if atomic.CompareAndSwapUint32(w, 0, self) {
		return
	}
	LockWait(w, nil)
}

// NonBlockingWait bounds how long a call that must not block (timeout 0)
// waits for another process's critical section: they last microseconds,
// unless the holder is stopped (SIGSTOP, a debugger, a frozen cgroup) or
// descheduled.
const NonBlockingWait = 50 * time.Millisecond

// LockFor is Lock for a call that waits up to timeout (negative: no
// limit, 0: do not block) under ctx: it gives up (futex.ErrTimeout, or the
// context's error) when the wait for the lock would outlast the call, so
// that a holder stopped inside its critical section cannot hold up a
// non-blocking call or a timeout. *wt is the call's waiter, made here if
// needed (not for timeout 0).
func LockFor(w *uint32, ctx context.Context, timeout time.Duration, wt **futex.Waiter) error {
	if atomic.CompareAndSwapUint32(w, 0, self) {
		return nil
	}
	if timeout == 0 {
		lw := futex.NewWaiter(ctx, NonBlockingWait)
		defer lw.Close()
		return LockWait(w, lw)
	}
	if *wt == nil {
		*wt = futex.NewWaiter(ctx, timeout)
	}
	return LockWait(w, *wt)
}

// LockWait is Lock's slow path giving up when wt's wait ends (nil: never).
func LockWait(w *uint32, wt *futex.Waiter) error {
	var flag uint32
	for spin := 0; ; spin++ {
		v := atomic.LoadUint32(w)
		if v == 0 {
			// Having slept, claim with WaitBit set: other sleepers may
			// have lost their flag to our CAS and must still be woken.
			if atomic.CompareAndSwapUint32(w, 0, self|flag) {
				return nil
			}
			continue
		}
		// Critical sections are short: spin a little before sleeping.
		if spin < 100 {
			if spin >= 50 {
				runtime.Gosched()
			}
			continue
		}
		if v&WaitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|WaitBit) {
			continue
		}
		if wt == nil {
			futex.Wait(w, v|WaitBit, -1)
		} else if err := wt.Wait(w, v|WaitBit); err != nil {
			if flag != 0 {
				// We may have taken the wake-up of an unlock that
				// another sleeper needs: pass it on.
				futex.Wake(w, 1)
			}
			return err
		}
		flag = WaitBit
	}
}

// Unlock releases an internal lock.
func Unlock(w *uint32) {
	if atomic.SwapUint32(w, 0)&WaitBit != 0 {
		futex.Wake(w, 1)
	}
}

// Lock takes the arena lock, which guards the allocator and what the layers
// above keep in chunk 0 (see Reserved); its journal is ArenaJournal.
func (a *Arena) Lock() { Lock(&a.h.lock) }

// Unlock releases the arena lock.
func (a *Arena) Unlock() { Unlock(&a.h.lock) }

// TakeOver takes the internal lock w on behalf of the reaper of pid. If
// pid (or another process that turns out to be dead) holds it, the reaper
// takes it over and reports true: the caller must roll the guarded state's
// journal back. A live holder is waited for; the wait wakes every 20 ms to
// notice a holder that died too, since the watcher that would otherwise
// reap it may be this very goroutine.
func (a *Arena) TakeOver(w *uint32, pid uint32) bool {
	for {
		v := atomic.LoadUint32(w)
		owner := v & OwnerMask
		switch {
		case v == 0:
			if atomic.CompareAndSwapUint32(w, 0, self|WaitBit) {
				return false
			}
		case owner == pid || (owner != self && !a.pidAlive(int(owner))):
			if atomic.CompareAndSwapUint32(w, v, self|WaitBit) {
				return true
			}
		default:
			if v&WaitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|WaitBit) {
				continue
			}
			futex.Wait(w, v|WaitBit, 20*time.Millisecond)
		}
	}
}

// Recover is TakeOver followed by the rollback of j, the journal of w, if
// the holder died: it reports whether a critical section was undone. The
// lock is held on return.
func (a *Arena) Recover(w *uint32, j Journal, pid uint32) bool {
	if a.TakeOver(w, pid) && j.Rollback() {
		a.rollbacks.Add(1)
		return true
	}
	return false
}

// ReapAllocator rolls back an allocator transaction the dead process pid
// was in the middle of; the objects' recovery, which may free blocks,
// comes after it.
func (a *Arena) ReapAllocator(pid uint32) {
	a.Recover(&a.h.lock, a.ArenaJournal(), pid)
	a.Unlock()
}

// Rollbacks is the number of critical sections this process's reaps undid.
func (a *Arena) Rollbacks() int64 { return a.rollbacks.Load() }

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
