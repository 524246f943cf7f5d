package shm

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/futex"
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
	hdr     objHeader
	lock    uint32
	parties uint32
	state   uint32 // a bState
	count   uint32
	wq      waitq
	_       uint32
	tab     uint64 // pid -> a: parties of that process inside Wait, c: asleep
	jn      uint32
	_       uint32
	je      [objJournalCap]jentry
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
	off, p, err := a.newObject(KindBarrier, unsafe.Sizeof(barrierObj{}), func(p unsafe.Pointer) {
		(*barrierObj)(p).parties = uint32(parties)
	})
	if err != nil {
		return nil, err
	}
	o := (*barrierObj)(p)
	return newBarrierHandle(a, off, o.hdr.gen, o), nil
}

// AttachBarrier rebuilds a barrier from its handle.
func AttachBarrier(a *Arena, h []byte) (*Barrier, error) {
	d, p, err := a.attach(h, KindBarrier)
	if err != nil {
		return nil, err
	}
	return newBarrierHandle(a, d.off, d.gen, (*barrierObj)(p)), nil
}

func newBarrierHandle(a *Arena, off Off, gen uint32, o *barrierObj) *Barrier {
	b := &Barrier{ref: ref{a: a, off: off, gen: gen, kind: KindBarrier}, o: o}
	track(b, &b.h, b.rel())
	return b
}

// Unref drops this handle object's reference to the barrier now rather
// than when it is garbage collected (the barrier is destroyed once no
// reference is left anywhere). The Barrier must not be used afterwards.
func (b *Barrier) Unref() { b.h.unref(b.rel()) }

func (b *Barrier) j() journal { return b.a.journal(&b.o.jn, b.o.je[:]) }

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
	return b.a.sleep(b.j(), &b.o.lock, &b.o.wq, &b.o.tab, 2, wt)
}

// broadcast (lock held) wakes every sleeper. Barrier wake-ups are rare, so
// waking under the lock (which costs the sleepers a second wait) is fine.
func (b *Barrier) broadcast() {
	if b.o.wq.signal() {
		b.o.wq.wake(1 << 30)
	}
}

// Wait waits until parties processes have called Wait, and returns this
// caller's arrival index (0 .. parties-1). The last to arrive runs action
// (if not nil) first; if the action fails the barrier breaks and its error
// is returned. A timeout (negative: none), a cancelled ctx, or the death of
// a waiting party breaks the barrier: ErrBroken.
func (b *Barrier) Wait(ctx context.Context, timeout time.Duration, action func() error) (int, error) {
	defer runtime.KeepAlive(b)
	o := b.o
	ilock(&o.lock)
	if st := atomic.LoadUint32(&o.state); st == bDraining || st == bResetting || st == bAction {
		wt := futex.NewWaiter(ctx, -1)
		for st == bDraining || st == bResetting || st == bAction {
			if err := b.sleep(wt); err != nil {
				wt.Close()
				iunlock(&o.lock)
				return 0, err
			}
			st = atomic.LoadUint32(&o.state)
		}
		wt.Close()
	}
	if atomic.LoadUint32(&o.state) == bBroken {
		iunlock(&o.lock)
		return 0, ErrBroken
	}
	j := b.j()
	index := atomic.LoadUint32(&o.count)
	j.set32(&o.count, index+1)
	done := noop
	if e, d, err := b.a.ptGet(j, &o.tab, self); err == nil {
		j.set32(&e.a, atomic.LoadUint32(&e.a)+1)
		done = d
	}
	j.commit()
	done()

	var err error
	if index+1 == o.parties {
		if action != nil {
			j.set32(&o.state, bAction)
			j.commit()
			iunlock(&o.lock)
			aerr := action()
			ilock(&o.lock)
			if aerr != nil {
				b.breakLocked()
				err = aerr
			} else if atomic.LoadUint32(&o.state) == bBroken {
				err = ErrBroken
			}
		}
		if err == nil {
			j.set32(&o.state, bDraining)
			j.commit()
			b.broadcast()
		}
	} else {
		wt := futex.NewWaiter(ctx, timeout)
		for {
			st := atomic.LoadUint32(&o.state)
			if st != bFilling && st != bAction {
				if st != bDraining {
					err = ErrBroken
				}
				break
			}
			if werr := b.sleep(wt); werr != nil {
				b.breakLocked()
				err = ErrBroken
				if werr != futex.ErrTimeout {
					err = werr
				}
				break
			}
		}
		wt.Close()
	}
	// Leave, as CPython's finally: the last one out of a draining or
	// resetting barrier refills it.
	j.set32(&o.count, atomic.LoadUint32(&o.count)-1)
	if e := b.a.ptFind(o.tab, self); e != nil && atomic.LoadUint32(&e.a) > 0 {
		j.set32(&e.a, atomic.LoadUint32(&e.a)-1)
	}
	b.exitLocked(j)
	j.commit()
	iunlock(&o.lock)
	if err != nil {
		return 0, err
	}
	return int(index), nil
}

func (b *Barrier) exitLocked(j journal) {
	o := b.o
	if atomic.LoadUint32(&o.count) == 0 {
		if st := atomic.LoadUint32(&o.state); st == bDraining || st == bResetting {
			j.set32(&o.state, bFilling)
			b.broadcast()
		}
	}
}

func (b *Barrier) breakLocked() {
	j := b.j()
	j.set32(&b.o.state, bBroken)
	j.commit()
	b.broadcast()
}

// Reset returns the barrier to its initial state; processes waiting in it
// get ErrBroken.
func (b *Barrier) Reset() {
	defer runtime.KeepAlive(b)
	o := b.o
	ilock(&o.lock)
	j := b.j()
	if atomic.LoadUint32(&o.count) > 0 {
		if st := atomic.LoadUint32(&o.state); st == bFilling || st == bBroken {
			j.set32(&o.state, bResetting)
		}
	} else {
		j.set32(&o.state, bFilling)
	}
	j.commit()
	b.broadcast()
	iunlock(&o.lock)
}

// Abort breaks the barrier.
func (b *Barrier) Abort() {
	ilock(&b.o.lock)
	b.breakLocked()
	iunlock(&b.o.lock)
	runtime.KeepAlive(b)
}

func (o *barrierObj) reap(a *Arena, dead uint32) {
	j := a.journal(&o.jn, o.je[:])
	if a.lockForReap(&o.lock, dead) && j.rollback() {
		a.rollbacks.Add(1)
	}
	if e := a.ptFind(o.tab, dead); e != nil {
		if n := atomic.LoadUint32(&e.a); n > 0 {
			c := atomic.LoadUint32(&o.count)
			if n > c {
				n = c
			}
			j.set32(&o.count, c-n)
			j.set32(&o.state, bBroken)
		}
		unsleep(j, &o.wq, e, 2)
		a.ptRemove(j, e)
	}
	j.commit()
	iunlock(&o.lock)
	o.wq.wakeAll()
}

// Destroy frees the barrier at once, whatever references are left. No
// process may use it afterwards.
func (b *Barrier) Destroy() {
	b.h.forget(1)
	b.a.forceDestroy(handle{kind: KindBarrier, gen: b.gen, off: b.off})
}
