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

// Tests set these to widen the window in which a process can be killed
// inside a critical section.
var testHookPut, testHookGet func()

// ErrTimeout is returned by blocking calls whose timeout elapsed when no
// more specific error (ErrEmpty, ErrFull) applies.
var ErrTimeout = futex.ErrTimeout

// Queue is a multi-producer multi-consumer FIFO of byte messages, bounded to
// maxsize items when maxsize > 0, with JoinableQueue's unfinished-task count.
//
// Put copies the message into the arena before it returns, so the item is in
// the queue for every process at once, and a producer never waits for a
// consumer. Storage grows by segments and shrinks as they drain (see ring).
type Queue struct {
	ref
	o      *queueObj
	closed atomic.Bool
}

type queueObj struct {
	hdr        own.Header
	lock       uint32
	maxsize    uint32
	unfinished uint32
	_          uint32
	nf         own.Waitq // producers waiting for room
	jq         own.Waitq // Join callers
	tab        uint64    // pid -> asleep in a: Get, b: Put, c: Join
	r          ring
	jn         uint32
	_          uint32
	je         [arena.ObjJournalCap]arena.JEntry
}

const (
	sleepGet  = 0
	sleepPut  = 1
	sleepJoin = 2
)

// NewQueue creates a queue holding at most maxsize items (0: unbounded).
func NewQueue(a *Arena, maxsize int) (*Queue, error) {
	if maxsize < 0 || maxsize >= 1<<31 {
		maxsize = 0
	}
	off, p, err := a.NewObject(KindQueue, unsafe.Sizeof(queueObj{}), func(p unsafe.Pointer) {
		(*queueObj)(p).maxsize = uint32(maxsize)
	})
	if err != nil {
		return nil, err
	}
	o := (*queueObj)(p)
	return newQueueHandle(a, off, o.hdr.Gen(), o), nil
}

// AttachQueue rebuilds a queue from its handle.
func AttachQueue(a *Arena, h []byte) (*Queue, error) {
	d, p, err := a.AttachHandle(h, KindQueue)
	if err != nil {
		return nil, err
	}
	return newQueueHandle(a, d.Off, d.Gen, (*queueObj)(p)), nil
}

// A queue holds a 64 KiB segment once used: it weighs more on the
// collections started for the arena's sake (see own.Track).
const ringWeight = 16

func newQueueHandle(a *Arena, off Off, gen uint32, o *queueObj) *Queue {
	q := &Queue{ref: ref{a: a, off: off, gen: gen, kind: KindQueue}, o: o}
	own.Track(q, &q.h, q.rel())
	return q
}

func (q *Queue) rel() own.Release {
	r := q.ref.rel()
	r.Weight = ringWeight
	return r
}

// Unref drops this handle object's reference to the queue now rather than
// when it is garbage collected (the queue is destroyed once no reference is
// left anywhere). The Queue must not be used afterwards.
func (q *Queue) Unref() { q.h.Unref(q.rel()) }

func (q *Queue) j() arena.Journal { return q.a.Journal(&q.o.jn, q.o.je[:]) }

// Maxsize is the queue's bound (0: unbounded).
func (q *Queue) Maxsize() int {
	m := int(q.o.maxsize)
	runtime.KeepAlive(q)
	return m
}

// Len is the number of items in the queue.
func (q *Queue) Len() int {
	n := int(atomic.LoadUint32(&q.o.r.count))
	runtime.KeepAlive(q)
	return n
}

// Bytes is the number of payload bytes in the queue.
func (q *Queue) Bytes() int64 {
	n := int64(atomic.LoadUint64(&q.o.r.bytes))
	runtime.KeepAlive(q)
	return n
}

// Empty reports whether the queue holds no item.
func (q *Queue) Empty() bool { return q.Len() == 0 }

// Full reports whether a bounded queue holds maxsize items.
func (q *Queue) Full() bool {
	m := int(q.o.maxsize)
	return m > 0 && q.Len() >= m
}

// Close marks this process's Queue value closed: later Put and Get calls
// through it fail with ErrClosed. Other processes are not affected.
func (q *Queue) Close() { q.closed.Store(true) }

// Closed reports whether Close was called.
func (q *Queue) Closed() bool { return q.closed.Load() }

// Put appends msg, waiting up to timeout (negative: no limit, 0: do not
// wait) for room in a bounded queue; ErrFull when there is none.
func (q *Queue) Put(ctx context.Context, msg []byte, timeout time.Duration) error {
	if q.closed.Load() {
		return ErrClosed
	}
	if len(msg) >= 1<<32 {
		return errBadArg("message too large")
	}
	o := q.o
	defer runtime.KeepAlive(q)
	refs := q.a.SendRefs(msg)
	var st *staged
	if len(msg) > inlineMax {
		var err error
		if st, err = stage(q.a, msg); err != nil {
			q.a.DropRefs(refs)
			return err
		}
	}
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
		if st != nil {
			unstage(q.a, st)
		}
		if refs != nil {
			q.a.DropRefs(refs) // not put
		}
	}()
	last := timeout == 0
	j := q.j()
	lockTimeout := timeout
	if o.maxsize == 0 {
		lockTimeout = -1 // never Full: wait for the lock
	}
	if err := arena.LockFor(&o.lock, ctx, lockTimeout, &wt); err != nil {
		return timedOut(err, ErrFull)
	}
	for {
		if o.maxsize == 0 || atomic.LoadUint32(&o.r.count) < o.maxsize {
			done, err := o.r.put(q.a, j, msg, st, refs != nil)
			if err == nil {
				j.Set32(&o.unfinished, atomic.LoadUint32(&o.unfinished)+1)
			}
			if testHookPut != nil {
				testHookPut()
			}
			if err != nil {
				j.Rollback()
			}
			j.Commit()
			sig := err == nil && o.r.wq.Signal()
			arena.Unlock(&o.lock)
			if sig {
				o.r.wq.Wake(1)
			}
			done()
			if err == nil {
				if st != nil {
					q.a.Release(st.s)
					st = nil
				}
				refs = nil // the message holds them now
			}
			return err
		}
		if last {
			arena.Unlock(&o.lock)
			return ErrFull
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		locked, err := q.a.SleepFor(q, j, &o.lock, &o.nf, &o.tab, sleepPut, wt)
		if !locked {
			return timedOut(err, ErrFull)
		}
		switch err {
		case nil:
		case futex.ErrTimeout:
			last = true // one last look, so a wake-up meant for us is used
		default:
			sig := atomic.LoadUint32(&o.r.count) < o.maxsize && o.nf.Signal()
			arena.Unlock(&o.lock)
			if sig {
				o.nf.Wake(1) // pass on a wake-up we may have taken
			}
			return err
		}
	}
}

// Get removes and returns the oldest item, waiting up to timeout (negative:
// no limit, 0: do not wait); ErrEmpty when there is none.
func (q *Queue) Get(ctx context.Context, timeout time.Duration) ([]byte, error) {
	if q.closed.Load() {
		return nil, ErrClosed
	}
	o := q.o
	defer runtime.KeepAlive(q)
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
	}()
	last := timeout == 0
	spun := false
	j := q.j()
	if err := arena.LockFor(&o.lock, ctx, timeout, &wt); err != nil {
		return nil, timedOut(err, ErrEmpty)
	}
	for {
		if atomic.LoadUint32(&o.r.count) > 0 {
			finish, refs := o.r.get(q.a, j)
			if testHookGet != nil {
				testHookGet()
			}
			j.Commit()
			sig := o.maxsize > 0 && o.nf.Signal()
			arena.Unlock(&o.lock)
			if sig {
				o.nf.Wake(1)
			}
			msg := finish()
			if refs {
				q.a.ReceiveRefs(msg)
			}
			return msg, nil
		}
		if last {
			arena.Unlock(&o.lock)
			return nil, ErrEmpty
		}
		if !spun {
			// A consumer that empties the queue would otherwise sleep and
			// make the producer pay a futex wake for nearly every item: wait
			// briefly for the next one first.
			spun = true
			arena.Unlock(&o.lock)
			for start := time.Now(); atomic.LoadUint32(&o.r.count) == 0 && time.Since(start) < getSpin; {
				runtime.Gosched()
			}
			if err := arena.LockFor(&o.lock, ctx, timeout, &wt); err != nil {
				return nil, timedOut(err, ErrEmpty)
			}
			continue
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		locked, err := q.a.SleepFor(q, j, &o.lock, &o.r.wq, &o.tab, sleepGet, wt)
		if !locked {
			return nil, timedOut(err, ErrEmpty)
		}
		switch err {
		case nil:
		case futex.ErrTimeout:
			last = true
		default:
			sig := atomic.LoadUint32(&o.r.count) > 0 && o.r.wq.Signal()
			arena.Unlock(&o.lock)
			if sig {
				o.r.wq.Wake(1)
			}
			return nil, err
		}
	}
}

// getSpin is how long Get polls an empty queue before it sleeps.
const getSpin = 50 * time.Microsecond

// TaskDone marks one item taken from a JoinableQueue as processed.
func (q *Queue) TaskDone() error {
	defer runtime.KeepAlive(q)
	o := q.o
	arena.Lock(&o.lock)
	n := atomic.LoadUint32(&o.unfinished)
	if n == 0 {
		arena.Unlock(&o.lock)
		return ErrTooManyTaskDone
	}
	j := q.j()
	j.Set32(&o.unfinished, n-1)
	j.Commit()
	sig := n == 1 && o.jq.Signal()
	arena.Unlock(&o.lock)
	if sig {
		o.jq.Wake(1 << 30)
	}
	return nil
}

// Unfinished is the number of items put and not yet marked done.
func (q *Queue) Unfinished() int {
	n := int(atomic.LoadUint32(&q.o.unfinished))
	runtime.KeepAlive(q)
	return n
}

// Join waits up to timeout (negative: no limit) until every item put has been
// marked done, and reports whether that happened.
func (q *Queue) Join(ctx context.Context, timeout time.Duration) (bool, error) {
	defer runtime.KeepAlive(q)
	o := q.o
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
	}()
	j := q.j()
	arena.Lock(&o.lock)
	for {
		if atomic.LoadUint32(&o.unfinished) == 0 {
			arena.Unlock(&o.lock)
			return true, nil
		}
		if timeout == 0 {
			arena.Unlock(&o.lock)
			return false, nil
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		switch err := q.a.Sleep(j, &o.lock, &o.jq, &o.tab, sleepJoin, wt); err {
		case nil:
		case futex.ErrTimeout:
			done := atomic.LoadUint32(&o.unfinished) == 0
			arena.Unlock(&o.lock)
			return done, nil
		default:
			arena.Unlock(&o.lock)
			return false, err
		}
	}
}

// reapQueue is the Reap hook of queues: a Put or Get dead was in the
// middle of is undone.
func reapQueue(a *Arena, _ own.Handle, p unsafe.Pointer, dead uint32) {
	o := (*queueObj)(p)
	j := a.Journal(&o.jn, o.je[:])
	a.Recover(&o.lock, j, dead)
	if e := a.PtFind(o.tab, dead); e != nil {
		o.r.wq.Unsleep(j, e, sleepGet)
		o.nf.Unsleep(j, e, sleepPut)
		o.jq.Unsleep(j, e, sleepJoin)
		e.Clear(j)
	}
	j.Commit()
	arena.Unlock(&o.lock)
	o.r.wq.WakeAll()
	o.nf.WakeAll()
	o.jq.WakeAll()
}

// Destroy frees the queue and its contents at once, whatever references
// are left (the references its messages held are dropped). No process may
// use it afterwards.
func (q *Queue) Destroy() {
	q.destroy(ringWeight)
}

// teardownQueue is the Teardown hook of queues: the storage is freed, and
// the handles in unread messages lose their references.
func teardownQueue(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	o := (*queueObj)(p)
	// No process holds a reference, so none can be using the queue; one
	// that died inside it left its lock and journal.
	if a.TakeOver(&o.lock, 0) {
		a.Journal(&o.jn, o.je[:]).Rollback()
	}
	refs = o.r.free(a, refs)
	a.PtFree(atomic.LoadUint64(&o.tab))
	return refs
}
