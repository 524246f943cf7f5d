package shm

import (
	"context"
	"runtime"
	"sort"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Condition is a condition variable over a Mutex (Lock or RLock).
//
// Each waiter takes a slot with a ticket and sleeps on the slot's own state
// word. Notify(n) (lock held, so no new waiter can appear) moves the n
// oldest waiting slots to "notified" with a CAS and wakes those words only.
// A waiter that times out moves its slot to "leaving" with a CAS too, so a
// notification is either taken by a waiter still waiting or not spent at
// all: notify(n) wakes exactly min(n, waiting) waiters, as in Python.
type Condition struct {
	ref
	o *condObj
	m *Mutex
}

type condObj struct {
	hdr      own.Header
	lockOff  uint64
	lockGen  uint32
	lockKind uint32
	ticket   uint32 // next ticket (lock held)
	_        uint32
	slots    uint64 // first slot block
}

// Slot blocks are 2 KiB and never move or shrink while the condition
// lives: waiters and the reaper touch slots without the lock.
type slotBlock struct {
	next  uint64
	_     uint64
	slots [slotsPerBlock]condSlot
}

type condSlot struct {
	state  uint32
	pid    uint32
	ticket uint32
	_      uint32
}

const (
	slotsPerBlock = 126

	slotFree     = 0
	slotClaimed  = 1
	slotWaiting  = 2
	slotNotified = 3
	slotLeaving  = 4
)

// NewCondition creates a condition over m, or over a new RLock if m is nil
// (Python's default).
func NewCondition(a *Arena, m *Mutex) (*Condition, error) {
	if m == nil {
		var err error
		if m, err = NewRLock(a); err != nil {
			return nil, err
		}
	}
	// The condition refers to its lock: one reference, dropped with it.
	lh := m.id()
	if _, ok := a.Pin(lh); !ok {
		return nil, ErrBadHandle
	}
	off, p, err := a.NewObject(KindCondition, unsafe.Sizeof(condObj{}), func(p unsafe.Pointer) {
		o := (*condObj)(p)
		o.lockOff = uint64(m.off)
		o.lockGen = m.gen
		o.lockKind = uint32(m.Kind())
	})
	if err != nil {
		a.Unpin(lh)
		return nil, err
	}
	o := (*condObj)(p)
	return newCondHandle(a, off, o.hdr.Gen(), o, m), nil
}

func newCondHandle(a *Arena, off Off, gen uint32, o *condObj, m *Mutex) *Condition {
	c := &Condition{ref: ref{a: a, off: off, gen: gen, kind: KindCondition}, o: o, m: m}
	own.Track(c, &c.h, c.rel())
	return c
}

// Unref drops this handle object's reference to the condition now rather
// than when it is garbage collected (the condition is destroyed once no
// reference is left anywhere). The Condition must not be used afterwards;
// its Mutex keeps a reference of its own.
func (c *Condition) Unref() { c.h.Unref(c.rel()) }

// AttachCondition rebuilds a condition (and its lock) from its handle.
func AttachCondition(a *Arena, h []byte) (*Condition, error) {
	d, p, err := a.AttachHandle(h, KindCondition)
	if err != nil {
		return nil, err
	}
	o := (*condObj)(p)
	c := newCondHandle(a, d.Off, d.Gen, o, nil)
	m, err := attachMutexAt(a, lockRef(o.lockOff, o.lockKind, o.lockGen))
	if err != nil {
		c.Unref()
		return nil, err
	}
	c.m = m
	return c, nil
}

// Mutex is the condition's lock.
func (c *Condition) Mutex() *Mutex { return c.m }

func (c *Condition) blocks(fn func(b *slotBlock) bool) {
	for off := atomic.LoadUint64(&c.o.slots); off != 0; {
		b := (*slotBlock)(c.a.Ptr(Off(off)))
		if !fn(b) {
			return
		}
		off = atomic.LoadUint64(&b.next)
	}
}

// claimSlot (lock held) takes a free slot, adding a block if none is free.
func (c *Condition) claimSlot() (*condSlot, error) {
	var got *condSlot
	var last *slotBlock
	c.blocks(func(b *slotBlock) bool {
		last = b
		for i := range b.slots {
			s := &b.slots[i]
			if atomic.LoadUint32(&s.state) == slotFree && atomic.CompareAndSwapUint32(&s.state, slotFree, slotClaimed) {
				got = s
				return false
			}
		}
		return true
	})
	if got == nil {
		off, err := c.a.Alloc(int(unsafe.Sizeof(slotBlock{})))
		if err != nil {
			return nil, err
		}
		b := (*slotBlock)(c.a.Ptr(off))
		got = &b.slots[0]
		got.state = slotClaimed
		if last == nil {
			atomic.StoreUint64(&c.o.slots, uint64(off))
		} else {
			atomic.StoreUint64(&last.next, uint64(off))
		}
	}
	atomic.StoreUint32(&got.pid, self)
	t := c.o.ticket
	c.o.ticket++
	atomic.StoreUint32(&got.ticket, t)
	atomic.StoreUint32(&got.state, slotWaiting)
	return got, nil
}

// Wait releases the lock (fully, for an RLock), waits up to timeout
// (negative: no limit) for a notification, and takes the lock back. It
// reports whether it was notified; abandonedBy is as for Mutex.Acquire. If
// ctx ends the wait, Wait still re-takes the lock unless ctx is what stops
// it from doing so: then it returns ctx's error without the lock. With
// Handlers in ctx (WithHandlers), they run during the wait, the lock
// released; their error ends it, the lock taken back.
func (c *Condition) Wait(ctx context.Context, timeout time.Duration) (notified bool, abandonedBy int, err error) {
	defer runtime.KeepAlive(c)
	if !c.m.Owned() {
		return false, 0, ErrNotAcquired
	}
	s, err := c.claimSlot()
	if err != nil {
		return false, 0, err
	}
	depth := c.m.releaseAll()
	Released(ctx)
	// Under Handlers the slot stays in the line while they run: a
	// notification meanwhile is kept for the next round.
	byHandlers, werr := Interruptions(ctx, timeout, func(ctx context.Context, timeout time.Duration) error {
		wt := futex.NewWaiter(ctx, timeout)
		defer wt.Close()
		for atomic.LoadUint32(&s.state) != slotNotified {
			if err := wt.Wait(&s.state, slotWaiting); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if werr == nil {
		notified = true
	} else if !atomic.CompareAndSwapUint32(&s.state, slotWaiting, slotLeaving) {
		// A notification beat the timeout or the context's end; it is
		// spent on this waiter even if a handler's error ends the wait,
		// as in Python.
		notified = true
		if !byHandlers {
			werr = nil
		}
	} else if werr == futex.ErrTimeout {
		werr = nil
	}
	atomic.StoreUint32(&s.pid, 0)
	atomic.StoreUint32(&s.state, slotFree)
	Reacquiring(ctx)
	ab, aerr := c.m.reacquire(ctx, depth)
	if aerr != nil {
		return notified, ab, aerr
	}
	return notified, ab, werr
}

// Notify wakes up to n waiters, oldest first. The lock must be held.
func (c *Condition) Notify(n int) error {
	defer runtime.KeepAlive(c)
	if !c.m.Owned() {
		return errBadArg("cannot notify on un-acquired lock")
	}
	if n <= 0 {
		return nil
	}
	var waiting []*condSlot
	c.blocks(func(b *slotBlock) bool {
		for i := range b.slots {
			if atomic.LoadUint32(&b.slots[i].state) == slotWaiting {
				waiting = append(waiting, &b.slots[i])
			}
		}
		return true
	})
	base := c.o.ticket
	sort.Slice(waiting, func(i, j int) bool {
		// Tickets wrap: order by distance back from the next ticket.
		return base-atomic.LoadUint32(&waiting[i].ticket) > base-atomic.LoadUint32(&waiting[j].ticket)
	})
	for _, s := range waiting {
		if n == 0 {
			break
		}
		if atomic.CompareAndSwapUint32(&s.state, slotWaiting, slotNotified) {
			futex.Wake(&s.state, 1)
			n--
		}
	}
	return nil
}

// NotifyAll wakes every waiter. The lock must be held.
func (c *Condition) NotifyAll() error { return c.Notify(1 << 30) }

// Waiting is the number of processes waiting.
func (c *Condition) Waiting() int {
	defer runtime.KeepAlive(c)
	n := 0
	c.blocks(func(b *slotBlock) bool {
		for i := range b.slots {
			if atomic.LoadUint32(&b.slots[i].state) == slotWaiting {
				n++
			}
		}
		return true
	})
	return n
}

// reapCond is the Reap hook of conditions: dead's slots are freed, and
// every waiter woken.
func reapCond(a *Arena, h own.Handle, p unsafe.Pointer, dead uint32) {
	c := &Condition{ref: ref{a: a, off: h.Off, gen: h.Gen, kind: KindCondition}, o: (*condObj)(p)}
	c.reap(dead)
	c.blocks(func(b *slotBlock) bool {
		for i := range b.slots {
			if atomic.LoadUint32(&b.slots[i].state) != slotFree {
				futex.WakeAll(&b.slots[i].state)
			}
		}
		return true
	})
}

func (c *Condition) reap(dead uint32) {
	c.blocks(func(b *slotBlock) bool {
		for i := range b.slots {
			s := &b.slots[i]
			if atomic.LoadUint32(&s.pid) != dead {
				continue
			}
			st := atomic.LoadUint32(&s.state)
			if st == slotFree || !atomic.CompareAndSwapUint32(&s.state, st, slotLeaving) {
				continue
			}
			atomic.StoreUint32(&s.pid, 0)
			atomic.StoreUint32(&s.state, slotFree)
		}
		return true
	})
}

// Destroy frees the condition at once, whatever references are left (its
// lock loses the condition's reference). No process may use it afterwards.
func (c *Condition) Destroy() {
	c.destroy(1)
}

// teardownCond is the Teardown hook of conditions: the slot blocks are
// freed, and the lock loses the condition's reference.
func teardownCond(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	o := (*condObj)(p)
	for off := atomic.LoadUint64(&o.slots); off != 0; {
		next := atomic.LoadUint64(&(*slotBlock)(a.Ptr(Off(off))).next)
		a.Free(Off(off))
		off = next
	}
	return append(refs, lockRef(o.lockOff, o.lockKind, o.lockGen))
}
