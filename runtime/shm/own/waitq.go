package own

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
)

// A Waitq is where processes sleep until an object guarded by an internal
// lock changes. Sleepers register under the lock (n, and a per-pid counter
// in the object's pid table so the reaper can discount a sleeper that
// died), read seq, and sleep on it after unlocking. A change bumps seq
// under the lock if anyone is registered; the FUTEX_WAKE comes after
// unlocking, so the woken process finds the lock free instead of sleeping
// again on it. A wake-up can never be lost: a sleeper registered before the
// change sees seq move, in the kernel or before entering it.
type Waitq struct {
	seq uint32 // futex word
	n   uint32 // registered sleepers
}

// Signal (lock held) records a change; if it returns true, call Wake
// after unlocking.
func (q *Waitq) Signal() bool {
	if atomic.LoadUint32(&q.n) == 0 {
		return false
	}
	atomic.AddUint32(&q.seq, 1)
	return true
}

// Wake wakes up to n sleepers.
func (q *Waitq) Wake(n int) { futex.Wake(&q.seq, n) }

// WakeAll wakes every sleeper, registered or not (the reaper's broom).
func (q *Waitq) WakeAll() {
	atomic.AddUint32(&q.seq, 1)
	futex.WakeAll(&q.seq)
}

// Sleep (lock held) registers this process on q, counting it in counter
// ctr of its entry in the pid table *tab, unlocks, waits, re-locks and
// unregisters. It returns with the lock held.
func (a *Arena) Sleep(j arena.Journal, lock *uint32, q *Waitq, tab *uint64, ctr int, wt *futex.Waiter) error {
	_, err := a.SleepFor(nil, j, lock, q, tab, ctr, wt)
	return err
}

// SleepFor is Sleep for a call with a deadline (wt's): once wt's wait has
// ended, it re-takes the lock with arena.LockWait, and may give up (a
// holder stopped in its critical section): then it returns locked false
// and the wait's error (futex.ErrTimeout or the context's), and a
// goroutine unregisters this process later, keeping keep (the handle
// object, so that the object stays) alive meanwhile. keep nil: wait for
// the lock, as Sleep.
func (a *Arena) SleepFor(keep any, j arena.Journal, lock *uint32, q *Waitq, tab *uint64, ctr int, wt *futex.Waiter) (locked bool, err error) {
	e, done, err := a.PtGet(j, tab, arena.Self())
	if err != nil {
		// No room to record us: sleep briefly unregistered instead.
		j.Commit()
		arena.Unlock(lock)
		time.Sleep(time.Millisecond)
		arena.Lock(lock)
		return true, wt.Err()
	}
	c := e.Ctr(ctr)
	j.Set32(c, atomic.LoadUint32(c)+1)
	j.Set32(&q.n, atomic.LoadUint32(&q.n)+1)
	j.Commit()
	val := atomic.LoadUint32(&q.seq)
	arena.Unlock(lock)
	done()
	err = wt.Wait(&q.seq, val)
	if keep == nil {
		arena.Lock(lock)
	} else if lerr := arena.LockWait(lock, wt); lerr != nil {
		go a.unregisterLater(keep, j, lock, q, tab, ctr)
		if err == nil {
			err = lerr
		}
		return false, err
	}
	a.unregister(j, q, tab, ctr)
	return true, err
}

// unregisterLater is the end of a SleepFor that gave up the lock: it takes
// the lock when it can (or until the arena closes) and unregisters.
func (a *Arena) unregisterLater(keep any, j arena.Journal, lock *uint32, q *Waitq, tab *uint64, ctr int) {
	defer runtime.KeepAlive(keep)
	for {
		if !a.Enter() {
			return
		}
		// A bounded wait, so that Close is not held up for long.
		wt := futex.NewWaiter(context.Background(), 100*time.Millisecond)
		err := arena.LockWait(lock, wt)
		wt.Close()
		if err == nil {
			a.unregister(j, q, tab, ctr)
			arena.Unlock(lock)
			a.Leave()
			return
		}
		a.Leave()
	}
}

// unregister (lock held) undoes a sleeper's registration on q.
func (a *Arena) unregister(j arena.Journal, q *Waitq, tab *uint64, ctr int) {
	// The table may have moved while we slept: look the entry up again.
	if e := a.PtFind(atomic.LoadUint64(tab), arena.Self()); e != nil {
		c := e.Ctr(ctr)
		if v := atomic.LoadUint32(c); v > 0 {
			j.Set32(c, v-1)
			if n := atomic.LoadUint32(&q.n); n > 0 {
				j.Set32(&q.n, n-1)
			}
		}
	}
	j.Commit()
}

// Unsleep (lock held) discounts the sleepers of a dead process's table
// entry e, counted in its counter ctr.
func (q *Waitq) Unsleep(j arena.Journal, e *PidEnt, ctr int) {
	c := atomic.LoadUint32(e.Ctr(ctr))
	if n := atomic.LoadUint32(&q.n); c > n {
		c = n
	}
	j.Set32(&q.n, atomic.LoadUint32(&q.n)-c)
}

// Sleepers is the number of processes registered on q, for tests.
func (q *Waitq) Sleepers() uint32 { return atomic.LoadUint32(&q.n) }
