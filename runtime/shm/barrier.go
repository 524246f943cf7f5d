package shm

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Barrier is Python's threading.Barrier across processes. The state machine
// is CPython's (filling, draining, resetting, broken), plus "action" while
// the last party runs the action outside the lock. A table of waiting pids
// lets the reaper break the barrier when a party dies while waiting.
type Barrier struct {
	ref
	o *barrierObj
}

type barrierObj struct {
	hdr     own.Header
	lock    uint32
	parties uint32
	state   uint32 // a bState
	count   uint32
	wq      own.Waitq
	_       uint32
	tab     uint64 // pid -> a: parties of that process inside Wait, c: asleep
	jn      uint32
	_       uint32
	je      [arena.ObjJournalCap]arena.JEntry
}

const (
	bFilling   = 0
	bDraining  = 1
	bResetting = 2
	bBroken    = 3
	bAction    = 4
)

// MaxBarrierParties is the most parties a Barrier can have (its counters
// share a word with flags).
const MaxBarrierParties = 1<<30 - 1

// NewBarrier creates a barrier for parties processes.
func NewBarrier(a *Arena, parties int) (*Barrier, error) {
	if parties < 1 || parties > MaxBarrierParties {
		return nil, errBadArg(fmt.Sprintf("parties must be between 1 and %d", MaxBarrierParties))
	}
	off, p, err := a.NewObject(KindBarrier, unsafe.Sizeof(barrierObj{}), func(p unsafe.Pointer) {
		(*barrierObj)(p).parties = uint32(parties)
	})
	if err != nil {
		return nil, err
	}
	o := (*barrierObj)(p)
	return newBarrierHandle(a, off, o.hdr.Gen(), o), nil
}

// AttachBarrier rebuilds a barrier from its handle.
func AttachBarrier(a *Arena, h []byte) (*Barrier, error) {
	d, p, err := a.AttachHandle(h, KindBarrier)
	if err != nil {
		return nil, err
	}
	return newBarrierHandle(a, d.Off, d.Gen, (*barrierObj)(p)), nil
}

func newBarrierHandle(a *Arena, off Off, gen uint32, o *barrierObj) *Barrier {
	b := &Barrier{ref: ref{a: a, off: off, gen: gen, kind: KindBarrier}, o: o}
	own.Track(b, &b.h, b.rel())
	return b
}

// Unref drops this handle object's reference to the barrier now rather
// than when it is garbage collected (the barrier is destroyed once no
// reference is left anywhere). The Barrier must not be used afterwards.
func (b *Barrier) Unref() { b.h.Unref(b.rel()) }

func (b *Barrier) j() arena.Journal { return b.a.Journal(&b.o.jn, b.o.je[:]) }

// Parties is the number of parties needed to pass.
func (b *Barrier) Parties() int {
	n := int(b.o.parties)
	runtime.KeepAlive(b)
	return n
}

// NWaiting is the number of parties waiting.
func (b *Barrier) NWaiting() int {
	defer runtime.KeepAlive(b)
	if atomic.LoadUint32(&b.o.state) != bFilling {
		return 0
	}
	return int(atomic.LoadUint32(&b.o.count))
}

// Broken reports whether the barrier is broken.
func (b *Barrier) Broken() bool {
	st := atomic.LoadUint32(&b.o.state)
	runtime.KeepAlive(b)
	return st == bBroken
}

// sleep (lock held) waits for a notification and re-takes the lock.
func (b *Barrier) sleep(wt *futex.Waiter) error {
	return b.a.Sleep(b.j(), &b.o.lock, &b.o.wq, &b.o.tab, 2, wt)
}

// broadcast (lock held) wakes every sleeper. Barrier wake-ups are rare, so
// waking under the lock (which costs the sleepers a second wait) is fine.
func (b *Barrier) broadcast() {
	if b.o.wq.Signal() {
		b.o.wq.Wake(1 << 30)
	}
}

// Wait waits until parties processes have called Wait, and returns this
// caller's arrival index (0 .. parties-1). The last to arrive runs action
// (if not nil) first; if the action fails the barrier breaks and its error
// is returned. A timeout (negative: none), a cancelled ctx, or the death of
// a waiting party breaks the barrier: ErrBroken. With Handlers in ctx
// (WithHandlers), they run during the wait; their error ends it and leaves
// the barrier unbroken.
func (b *Barrier) Wait(ctx context.Context, timeout time.Duration, action func() error) (int, error) {
	defer runtime.KeepAlive(b)
	o := b.o
	arena.Lock(&o.lock)
	if st := atomic.LoadUint32(&o.state); st == bDraining || st == bResetting || st == bAction {
		wt := futex.NewWaiter(ctx, -1)
		for st == bDraining || st == bResetting || st == bAction {
			if err := b.sleep(wt); err != nil {
				wt.Close()
				arena.Unlock(&o.lock)
				return 0, err
			}
			st = atomic.LoadUint32(&o.state)
		}
		wt.Close()
	}
	if atomic.LoadUint32(&o.state) == bBroken {
		arena.Unlock(&o.lock)
		return 0, ErrBroken
	}
	j := b.j()
	index := atomic.LoadUint32(&o.count)
	j.Set32(&o.count, index+1)
	done := noop
	if e, d, err := b.a.PtGet(j, &o.tab, self); err == nil {
		j.Set32(&e.A, atomic.LoadUint32(&e.A)+1)
		done = d
	}
	j.Commit()
	done()

	var err error
	if index+1 == o.parties {
		if action != nil {
			j.Set32(&o.state, bAction)
			j.Commit()
			arena.Unlock(&o.lock)
			aerr := action()
			arena.Lock(&o.lock)
			if aerr != nil {
				b.breakLocked()
				err = aerr
			} else if atomic.LoadUint32(&o.state) == bBroken {
				err = ErrBroken
			}
		}
		if err == nil {
			j.Set32(&o.state, bDraining)
			j.Commit()
			b.broadcast()
		}
	} else {
		// Under Handlers this caller stays counted while they run (the
		// internal lock released): the barrier cannot refill before it
		// leaves, so a release meanwhile is seen in the next round. A
		// handler's error leaves it unbroken, as in Python.
		byHandlers, werr := Interruptions(ctx, timeout, func(ctx context.Context, timeout time.Duration) error {
			wt := futex.NewWaiter(ctx, timeout)
			defer wt.Close()
			for {
				st := atomic.LoadUint32(&o.state)
				if st != bFilling && st != bAction {
					if st != bDraining {
						return ErrBroken
					}
					return nil
				}
				if err := b.sleep(wt); err != nil {
					return err
				}
			}
		}, func(run func() error) error {
			arena.Unlock(&o.lock)
			defer arena.Lock(&o.lock)
			return run()
		})
		switch {
		case werr == nil || werr == ErrBroken || byHandlers:
			err = werr
		default:
			b.breakLocked()
			err = ErrBroken
			if werr != futex.ErrTimeout {
				err = werr
			}
		}
	}
	// Leave, as CPython's finally: the last one out of a draining or
	// resetting barrier refills it.
	j.Set32(&o.count, atomic.LoadUint32(&o.count)-1)
	if e := b.a.PtFind(o.tab, self); e != nil && atomic.LoadUint32(&e.A) > 0 {
		j.Set32(&e.A, atomic.LoadUint32(&e.A)-1)
	}
	b.exitLocked(j)
	j.Commit()
	arena.Unlock(&o.lock)
	if err != nil {
		return 0, err
	}
	return int(index), nil
}

func (b *Barrier) exitLocked(j arena.Journal) {
	o := b.o
	if atomic.LoadUint32(&o.count) == 0 {
		if st := atomic.LoadUint32(&o.state); st == bDraining || st == bResetting {
			j.Set32(&o.state, bFilling)
			b.broadcast()
		}
	}
}

func (b *Barrier) breakLocked() {
	j := b.j()
	j.Set32(&b.o.state, bBroken)
	j.Commit()
	b.broadcast()
}

// Reset returns the barrier to its initial state; processes waiting in it
// get ErrBroken.
func (b *Barrier) Reset() {
	defer runtime.KeepAlive(b)
	o := b.o
	arena.Lock(&o.lock)
	j := b.j()
	if atomic.LoadUint32(&o.count) > 0 {
		if st := atomic.LoadUint32(&o.state); st == bFilling || st == bBroken {
			j.Set32(&o.state, bResetting)
		}
	} else {
		j.Set32(&o.state, bFilling)
	}
	j.Commit()
	b.broadcast()
	arena.Unlock(&o.lock)
}

// Abort breaks the barrier.
func (b *Barrier) Abort() {
	arena.Lock(&b.o.lock)
	b.breakLocked()
	arena.Unlock(&b.o.lock)
	runtime.KeepAlive(b)
}

// reapBarrier is the Reap hook of barriers: one that dead was waiting at
// breaks.
func reapBarrier(a *Arena, _ own.Handle, p unsafe.Pointer, dead uint32) {
	o := (*barrierObj)(p)
	j := a.Journal(&o.jn, o.je[:])
	a.Recover(&o.lock, j, dead)
	if e := a.PtFind(o.tab, dead); e != nil {
		if n := atomic.LoadUint32(&e.A); n > 0 {
			c := atomic.LoadUint32(&o.count)
			if n > c {
				n = c
			}
			j.Set32(&o.count, c-n)
			j.Set32(&o.state, bBroken)
		}
		o.wq.Unsleep(j, e, 2)
		e.Clear(j)
	}
	j.Commit()
	arena.Unlock(&o.lock)
	o.wq.WakeAll()
}

// Destroy frees the barrier at once, whatever references are left. No
// process may use it afterwards.
func (b *Barrier) Destroy() {
	b.destroy(1)
}

// teardownBarrier is the Teardown hook of barriers.
func teardownBarrier(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	a.PtFree(atomic.LoadUint64(&(*barrierObj)(p).tab))
	return refs
}
