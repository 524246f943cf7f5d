package shm

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/futex"
)

// Semaphore is a counting semaphore, bounded when max > 0.
//
// An unbounded semaphore is a counter with no owner, as in Python: the
// runtime never gives its units back. A bounded one keeps, per process, how
// many units that process acquired and has not released, so that the
// reaper can return the units of a process that died abnormally (one that
// ends normally keeps them: see Arena.EndNormally). A Release by a process
// that holds none is credited against another holder: then a semaphore
// used as a signal (one process releases, another acquires) never hands
// back units on a death.
type Semaphore struct {
	ref
	o *semObj
}

type semObj struct {
	hdr       objHeader
	lock      uint32
	value     uint32
	max       uint32
	abandoned uint32 // pid whose units were returned, for the next acquirer
	wq        waitq
	tab       uint64 // pid -> a: units held, c: asleep in Acquire
	jn        uint32
	_         uint32
	je        [objJournalCap]jentry
}

// NewSemaphore creates a semaphore holding value units; with max > 0 it is
// bounded: releasing beyond max fails with ErrNotHeld.
func NewSemaphore(a *Arena, value, max int) (*Semaphore, error) {
	if value < 0 || max < 0 || (max > 0 && value > max) || value >= 1<<31 {
		return nil, errBadArg("semaphore initial value out of range")
	}
	off, p, err := a.newObject(KindSemaphore, unsafe.Sizeof(semObj{}), func(p unsafe.Pointer) {
		o := (*semObj)(p)
		o.value = uint32(value)
		o.max = uint32(max)
	})
	if err != nil {
		return nil, err
	}
	o := (*semObj)(p)
	return newSemHandle(a, off, o.hdr.gen, o), nil
}

// AttachSemaphore rebuilds a semaphore from its handle.
func AttachSemaphore(a *Arena, h []byte) (*Semaphore, error) {
	d, p, err := a.attach(h, KindSemaphore)
	if err != nil {
		return nil, err
	}
	return newSemHandle(a, d.off, d.gen, (*semObj)(p)), nil
}

func newSemHandle(a *Arena, off Off, gen uint32, o *semObj) *Semaphore {
	s := &Semaphore{ref: ref{a: a, off: off, gen: gen, kind: KindSemaphore}, o: o}
	track(s, &s.h, s.rel())
	return s
}

// Unref drops this handle object's reference to the semaphore now rather
// than when it is garbage collected (the semaphore is destroyed once no
// reference is left anywhere). The Semaphore must not be used afterwards.
func (s *Semaphore) Unref() { s.h.unref(s.rel()) }

func (s *Semaphore) j() journal { return s.a.journal(&s.o.jn, s.o.je[:]) }

// Max is the bound (0: unbounded).
func (s *Semaphore) Max() int {
	n := int(s.o.max)
	runtime.KeepAlive(s)
	return n
}

// Value is the number of units available.
func (s *Semaphore) Value() int {
	n := int(atomic.LoadUint32(&s.o.value))
	runtime.KeepAlive(s)
	return n
}

// Acquire takes a unit, waiting up to timeout (negative: no limit, 0: do
// not wait). abandonedBy is the pid of a process that died holding units of
// this semaphore, reported to the first acquirer after the reaping.
func (s *Semaphore) Acquire(ctx context.Context, timeout time.Duration) (ok bool, abandonedBy int, err error) {
	defer runtime.KeepAlive(s)
	o := s.o
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
	}()
	last := timeout == 0
	j := s.j()
	if err := ilockFor(&o.lock, ctx, timeout, &wt); err != nil {
		return false, 0, timedOut(err, nil)
	}
	for {
		if v := atomic.LoadUint32(&o.value); v > 0 {
			done := noop
			if o.max > 0 {
				mayHold()
				if e, d, err := s.a.ptGet(j, &o.tab, self); err == nil {
					j.set32(&e.a, atomic.LoadUint32(&e.a)+1)
					done = d
				}
			}
			j.set32(&o.value, v-1)
			ab := atomic.LoadUint32(&o.abandoned)
			j.set32(&o.abandoned, 0)
			j.commit()
			iunlock(&o.lock)
			done()
			return true, int(ab), nil
		}
		if last {
			iunlock(&o.lock)
			return false, 0, nil
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		locked, err := s.a.sleepFor(s, j, &o.lock, &o.wq, &o.tab, 2, wt)
		if !locked {
			return false, 0, timedOut(err, nil)
		}
		switch err {
		case nil:
		case futex.ErrTimeout:
			last = true // one last look, so a wake-up meant for us is used
		default:
			// Pass on a wake-up we may have taken.
			sig := atomic.LoadUint32(&o.value) > 0 && o.wq.signal()
			iunlock(&o.lock)
			if sig {
				o.wq.wake(1)
			}
			return false, 0, err
		}
	}
}

// Release returns a unit.
func (s *Semaphore) Release() error {
	defer runtime.KeepAlive(s)
	o := s.o
	ilock(&o.lock)
	v := atomic.LoadUint32(&o.value)
	if (o.max > 0 && v >= o.max) || v == 1<<31 {
		iunlock(&o.lock)
		return ErrNotHeld
	}
	j := s.j()
	j.set32(&o.value, v+1)
	var e *pidEnt
	if o.max > 0 {
		e = s.a.ptFind(o.tab, self)
	}
	if o.max > 0 && (e == nil || atomic.LoadUint32(&e.a) == 0) {
		e = nil
		es := s.a.ptEntries(o.tab)
		for i := range es {
			if atomic.LoadUint32(&es[i].pid) != 0 && atomic.LoadUint32(&es[i].a) > 0 {
				e = &es[i]
				break
			}
		}
	}
	if e != nil {
		j.set32(&e.a, atomic.LoadUint32(&e.a)-1) // at 0 the entry is free
	}
	j.commit()
	sig := o.wq.signal()
	iunlock(&o.lock)
	if sig {
		o.wq.wake(1)
	}
	return nil
}

// keep forgets the units this process holds, which it keeps as it ends
// normally: no reap gives them back.
func (o *semObj) keep(a *Arena) {
	if o.max == 0 {
		return
	}
	ilock(&o.lock)
	if e := a.ptFind(o.tab, self); e != nil && atomic.LoadUint32(&e.a) > 0 {
		j := a.journal(&o.jn, o.je[:])
		j.set32(&e.a, 0)
		j.commit()
	}
	iunlock(&o.lock)
}

func (o *semObj) reap(a *Arena, dead uint32) {
	j := a.journal(&o.jn, o.je[:])
	if a.lockForReap(&o.lock, dead) && j.rollback() {
		a.rollbacks.Add(1)
	}
	if e := a.ptFind(o.tab, dead); e != nil {
		if n := atomic.LoadUint32(&e.a); n > 0 {
			nv := uint64(atomic.LoadUint32(&o.value)) + uint64(n)
			if o.max > 0 && nv > uint64(o.max) {
				nv = uint64(o.max)
			}
			j.set32(&o.value, uint32(nv))
			j.set32(&o.abandoned, dead)
		}
		unsleep(j, &o.wq, e, 2)
		a.ptRemove(j, e)
	}
	j.commit()
	iunlock(&o.lock)
	o.wq.wakeAll()
}

// Destroy frees the semaphore at once, whatever references are left. No
// process may use it afterwards.
func (s *Semaphore) Destroy() {
	s.h.forget(1)
	s.a.forceDestroy(handle{kind: KindSemaphore, gen: s.gen, off: s.off})
}
