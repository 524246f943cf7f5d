package shm

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
	var flag uint32
	for spin := 0; ; spin++ {
		v := atomic.LoadUint32(w)
		if v == 0 {
			// Having slept, claim with waitBit set: other sleepers may
			// have lost their flag to our CAS and must still be woken.
			if atomic.CompareAndSwapUint32(w, 0, self|flag) {
				return
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
		if v&waitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|waitBit) {
			continue
		}
		futex.Wait(w, v|waitBit, -1)
		flag = waitBit
	}
}

// nonBlockingWait bounds how long a call that must not block (timeout 0)
// waits for another process's critical section: they last microseconds,
// unless the holder is stopped (SIGSTOP, a debugger, a frozen cgroup) or
// descheduled.
const nonBlockingWait = 50 * time.Millisecond

// ilockFor is ilock for a call that waits up to timeout (negative: no
// limit, 0: do not block) under ctx: it gives up (futex.ErrTimeout, or the
// context's error) when the wait for the lock would outlast the call, so
// that a holder stopped inside its critical section cannot hold up a
// non-blocking call or a timeout. *wt is the call's waiter, made here if
// needed (not for timeout 0).
func ilockFor(w *uint32, ctx context.Context, timeout time.Duration, wt **futex.Waiter) error {
	if atomic.CompareAndSwapUint32(w, 0, self) {
		return nil
	}
	if timeout == 0 {
		lw := futex.NewWaiter(ctx, nonBlockingWait)
		defer lw.Close()
		return ilockWait(w, lw)
	}
	if *wt == nil {
		*wt = futex.NewWaiter(ctx, timeout)
	}
	return ilockWait(w, *wt)
}

// timedOut is what a call returns when it gave up waiting for an internal
// lock with err (ilockFor, sleepFor): its timeout result (nil: none) for a
// timeout, else err (the context's).
func timedOut(err, timeout error) error {
	if err == futex.ErrTimeout {
		return timeout
	}
	return err
}

// ilockWait is ilockSlow giving up when wt's wait ends.
func ilockWait(w *uint32, wt *futex.Waiter) error {
	var flag uint32
	for spin := 0; ; spin++ {
		v := atomic.LoadUint32(w)
		if v == 0 {
			if atomic.CompareAndSwapUint32(w, 0, self|flag) {
				return nil
			}
			continue
		}
		if spin < 100 {
			if spin >= 50 {
				runtime.Gosched()
			}
			continue
		}
		if v&waitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|waitBit) {
			continue
		}
		if err := wt.Wait(w, v|waitBit); err != nil {
			if flag != 0 {
				// We may have taken the wake-up of an unlock that
				// another sleeper needs: pass it on.
				futex.Wake(w, 1)
			}
			return err
		}
		flag = waitBit
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

// A waitq is where processes sleep until an object guarded by an internal
// lock changes. Sleepers register under the lock (n, and a per-pid counter
// in the object's pid table so the reaper can discount a sleeper that
// died), read seq, and sleep on it after unlocking. A change bumps seq
// under the lock if anyone is registered; the FUTEX_WAKE comes after
// unlocking, so the woken process finds the lock free instead of sleeping
// again on it. A wake-up can never be lost: a sleeper registered before the
// change sees seq move, in the kernel or before entering it.
type waitq struct {
	seq uint32 // futex word
	n   uint32 // registered sleepers
}

// signal (lock held) records a change; if it returns true, call wake
// after unlocking.
func (q *waitq) signal() bool {
	if atomic.LoadUint32(&q.n) == 0 {
		return false
	}
	atomic.AddUint32(&q.seq, 1)
	return true
}

func (q *waitq) wake(n int) { futex.Wake(&q.seq, n) }

// wakeAll wakes every sleeper, registered or not (the reaper's broom).
func (q *waitq) wakeAll() {
	atomic.AddUint32(&q.seq, 1)
	futex.WakeAll(&q.seq)
}

// sleep (lock held) registers this process on q, counting it in counter
// ctr of its entry in the pid table *tab, unlocks, waits, re-locks and
// unregisters. It returns with the lock held.
func (a *Arena) sleep(j journal, lock *uint32, q *waitq, tab *uint64, ctr int, wt *futex.Waiter) error {
	_, err := a.sleepFor(nil, j, lock, q, tab, ctr, wt)
	return err
}

// sleepFor is sleep for a call with a deadline (wt's): once wt's wait has
// ended, it re-takes the lock with ilockWait, and may give up (a holder
// stopped in its critical section): then it returns locked false and the
// wait's error (futex.ErrTimeout or the context's), and a goroutine unregisters this process later, keeping
// keep (the handle object, so that the object stays) alive meanwhile. keep
// nil: wait for the lock, as sleep.
func (a *Arena) sleepFor(keep any, j journal, lock *uint32, q *waitq, tab *uint64, ctr int, wt *futex.Waiter) (locked bool, err error) {
	e, done, err := a.ptGet(j, tab, self)
	if err != nil {
		// No room to record us: sleep briefly unregistered instead.
		j.commit()
		iunlock(lock)
		time.Sleep(time.Millisecond)
		ilock(lock)
		return true, wt.Err()
	}
	c := e.ctr(ctr)
	j.set32(c, atomic.LoadUint32(c)+1)
	j.set32(&q.n, atomic.LoadUint32(&q.n)+1)
	j.commit()
	val := atomic.LoadUint32(&q.seq)
	iunlock(lock)
	done()
	err = wt.Wait(&q.seq, val)
	if keep == nil {
		ilock(lock)
	} else if lerr := ilockWait(lock, wt); lerr != nil {
		go a.unregisterLater(keep, j, lock, q, tab, ctr)
		if err == nil {
			err = lerr
		}
		return false, err
	}
	a.unregister(j, q, tab, ctr)
	return true, err
}

// unregisterLater is the end of a sleepFor that gave up the lock: it takes
// the lock when it can (or until the arena closes) and unregisters.
func (a *Arena) unregisterLater(keep any, j journal, lock *uint32, q *waitq, tab *uint64, ctr int) {
	defer runtime.KeepAlive(keep)
	for {
		if !a.enter() {
			return
		}
		// A bounded wait, so that Close is not held up for long.
		wt := futex.NewWaiter(context.Background(), 100*time.Millisecond)
		err := ilockWait(lock, wt)
		wt.Close()
		if err == nil {
			a.unregister(j, q, tab, ctr)
			iunlock(lock)
			a.leave()
			return
		}
		a.leave()
	}
}

// unregister (lock held) undoes a sleeper's registration on q.
func (a *Arena) unregister(j journal, q *waitq, tab *uint64, ctr int) {
	// The table may have moved while we slept: look the entry up again.
	if e := a.ptFind(atomic.LoadUint64(tab), self); e != nil {
		c := e.ctr(ctr)
		if v := atomic.LoadUint32(c); v > 0 {
			j.set32(c, v-1)
			if n := atomic.LoadUint32(&q.n); n > 0 {
				j.set32(&q.n, n-1)
			}
		}
	}
	j.commit()
}

// unsleep discounts the sleepers of a dead process's table entry.
func unsleep(j journal, q *waitq, e *pidEnt, ctr int) {
	c := atomic.LoadUint32(e.ctr(ctr))
	if n := atomic.LoadUint32(&q.n); c > n {
		c = n
	}
	j.set32(&q.n, atomic.LoadUint32(&q.n)-c)
}
