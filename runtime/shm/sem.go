package shm

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
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
	hdr       own.Header
	lock      uint32
	value     uint32
	max       uint32
	abandoned uint32 // pid whose units were returned, for the next acquirer
	wq        own.Waitq
	tab       uint64 // pid -> a: units held, c: asleep in Acquire
	jn        uint32
	_         uint32
	je        [arena.ObjJournalCap]arena.JEntry
}

// SemValueMax is the most units a semaphore holds: Linux's SEM_VALUE_MAX
// (INT_MAX), which CPython's Semaphore inherits from sem_post. A release
// at it fails as a BoundedSemaphore's past its maximum does.
const SemValueMax = 1<<31 - 1

// NewSemaphore creates a semaphore holding value units; with max > 0 it is
// bounded: releasing beyond max fails with ErrNotHeld.
func NewSemaphore(a *Arena, value, max int) (*Semaphore, error) {
	if value < 0 || max < 0 || (max > 0 && value > max) || value > SemValueMax {
		return nil, errBadArg("semaphore initial value out of range")
	}
	off, p, err := a.NewObject(KindSemaphore, unsafe.Sizeof(semObj{}), func(p unsafe.Pointer) {
		o := (*semObj)(p)
		o.value = uint32(value)
		o.max = uint32(max)
	})
	if err != nil {
		return nil, err
	}
	o := (*semObj)(p)
	return newSemHandle(a, off, o.hdr.Gen(), o), nil
}

// AttachSemaphore rebuilds a semaphore from its handle.
func AttachSemaphore(a *Arena, h []byte) (*Semaphore, error) {
	d, p, err := a.AttachHandle(h, KindSemaphore)
	if err != nil {
		return nil, err
	}
	return newSemHandle(a, d.Off, d.Gen, (*semObj)(p)), nil
}

func newSemHandle(a *Arena, off Off, gen uint32, o *semObj) *Semaphore {
	s := &Semaphore{ref: ref{a: a, off: off, gen: gen, kind: KindSemaphore}, o: o}
	own.Track(s, &s.h, s.rel())
	return s
}

// Unref drops this handle object's reference to the semaphore now rather
// than when it is garbage collected (the semaphore is destroyed once no
// reference is left anywhere). The Semaphore must not be used afterwards.
func (s *Semaphore) Unref() { s.h.Unref(s.rel()) }

func (s *Semaphore) j() arena.Journal { return s.a.Journal(&s.o.jn, s.o.je[:]) }

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
	if err := arena.LockFor(&o.lock, ctx, timeout, &wt); err != nil {
		return false, 0, timedOut(err, nil)
	}
	for {
		if v := atomic.LoadUint32(&o.value); v > 0 {
			done := noop
			if o.max > 0 {
				own.MayHold()
				if e, d, err := s.a.PtGet(j, &o.tab, self); err == nil {
					j.Set32(&e.A, atomic.LoadUint32(&e.A)+1)
					done = d
				}
			}
			j.Set32(&o.value, v-1)
			ab := atomic.LoadUint32(&o.abandoned)
			j.Set32(&o.abandoned, 0)
			j.Commit()
			arena.Unlock(&o.lock)
			done()
			return true, int(ab), nil
		}
		if last {
			arena.Unlock(&o.lock)
			return false, 0, nil
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		locked, err := s.a.SleepFor(s, j, &o.lock, &o.wq, &o.tab, 2, wt)
		if !locked {
			return false, 0, timedOut(err, nil)
		}
		switch err {
		case nil:
		case futex.ErrTimeout:
			last = true // one last look, so a wake-up meant for us is used
		default:
			// Pass on a wake-up we may have taken.
			sig := atomic.LoadUint32(&o.value) > 0 && o.wq.Signal()
			arena.Unlock(&o.lock)
			if sig {
				o.wq.Wake(1)
			}
			return false, 0, err
		}
	}
}

// Release returns a unit; ErrNotHeld past the maximum (SemValueMax if
// unbounded).
func (s *Semaphore) Release() error {
	defer runtime.KeepAlive(s)
	o := s.o
	arena.Lock(&o.lock)
	v := atomic.LoadUint32(&o.value)
	if (o.max > 0 && v >= o.max) || v >= SemValueMax {
		arena.Unlock(&o.lock)
		return ErrNotHeld
	}
	j := s.j()
	j.Set32(&o.value, v+1)
	var e *own.PidEnt
	if o.max > 0 {
		e = s.a.PtFind(o.tab, self)
	}
	if o.max > 0 && (e == nil || atomic.LoadUint32(&e.A) == 0) {
		e = nil
		es := s.a.PtEntries(o.tab)
		for i := range es {
			if atomic.LoadUint32(&es[i].Pid) != 0 && atomic.LoadUint32(&es[i].A) > 0 {
				e = &es[i]
				break
			}
		}
	}
	if e != nil {
		j.Set32(&e.A, atomic.LoadUint32(&e.A)-1) // at 0 the entry is free
	}
	j.Commit()
	sig := o.wq.Signal()
	arena.Unlock(&o.lock)
	if sig {
		o.wq.Wake(1)
	}
	return nil
}

// keepSem is the Keep hook of semaphores: it forgets the units this
// process holds, which it keeps as it ends normally: no reap gives them
// back.
func keepSem(a *Arena, p unsafe.Pointer) {
	o := (*semObj)(p)
	if o.max == 0 {
		return
	}
	arena.Lock(&o.lock)
	if e := a.PtFind(o.tab, self); e != nil && atomic.LoadUint32(&e.A) > 0 {
		j := a.Journal(&o.jn, o.je[:])
		j.Set32(&e.A, 0)
		j.Commit()
	}
	arena.Unlock(&o.lock)
}

// reapSem is the Reap hook of semaphores: the units of a bounded one that
// dead held return, and the next acquirer learns dead's pid.
func reapSem(a *Arena, _ own.Handle, p unsafe.Pointer, dead uint32) {
	o := (*semObj)(p)
	j := a.Journal(&o.jn, o.je[:])
	a.Recover(&o.lock, j, dead)
	if e := a.PtFind(o.tab, dead); e != nil {
		if n := atomic.LoadUint32(&e.A); n > 0 {
			nv := uint64(atomic.LoadUint32(&o.value)) + uint64(n)
			if o.max > 0 && nv > uint64(o.max) {
				nv = uint64(o.max)
			}
			j.Set32(&o.value, uint32(nv))
			j.Set32(&o.abandoned, dead)
		}
		o.wq.Unsleep(j, e, 2)
		e.Clear(j)
	}
	j.Commit()
	arena.Unlock(&o.lock)
	o.wq.WakeAll()
}

// Destroy frees the semaphore at once, whatever references are left. No
// process may use it afterwards.
func (s *Semaphore) Destroy() {
	s.destroy(1)
}

// teardownSem is the Teardown hook of semaphores.
func teardownSem(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	a.PtFree(atomic.LoadUint64(&(*semObj)(p).tab))
	return refs
}
