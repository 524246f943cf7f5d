package shm

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Conn is one end of a pipe: Pipe(duplex) gives end 0 and end 1. Each end
// sends into a ring of its own and receives from the other end's ring.
// Rings are unbounded, so Send never blocks (a reader that never reads
// costs arena memory, not a deadlock).
//
// EOF needs to know when every copy of the other end is closed. The pipe
// keeps, per end, a table of pids with the number of open copies each
// holds (a Conn is one copy until closed or garbage collected) and of
// copies received but not attached yet, and a total that also counts the
// copies in flight. An end travels in a message or a bootstrap as its
// handle, and follows its references (see package own): a message of a queue
// or pipe that holds it is a copy in flight until read (then the reader's,
// received, until it attaches it); a child's bootstrap that holds it is the
// child's from its start (node.Spawn: Arena.Reserve, Transfer.Give). So an
// end in flight keeps the pipe open even when its sender closes its own
// copy at once (the Python idiom `p.start(); child_conn.close()`), and a
// dead process's copies, open or received, are dropped by the reaper: the
// other end reads EOF even if the child died before attaching its copy.
// A message destroyed unread (its queue destroyed) closes its copies.
type Conn struct {
	ref
	o   *pipeObj
	end int
	st  *connState
}

// connState is the part of a Conn its cleanup closes.
type connState struct {
	mu     sync.Mutex // orders Close against this process's other calls
	closed atomic.Bool
}

type pipeObj struct {
	hdr    own.Header
	lock   uint32
	duplex uint32
	total  [2]uint32 // copies of each end (open + pending), all processes
	r      [2]ring   // r[e] carries what end e sends
	tab    [2]uint64 // per end: pid -> a: open copies, b: pending, c: asleep in Recv
	jn     uint32
	_      uint32
	je     [arena.ObjJournalCap]arena.JEntry
}

// NewPipe creates a pipe and returns its two ends, both held by this
// process. With duplex false, end 0 only receives and end 1 only sends.
func NewPipe(a *Arena, duplex bool) (*Conn, *Conn, error) {
	off, p, err := a.NewObject(KindPipe, unsafe.Sizeof(pipeObj{}), func(p unsafe.Pointer) {
		if duplex {
			(*pipeObj)(p).duplex = 1
		}
	})
	if err != nil {
		return nil, nil, err
	}
	o := (*pipeObj)(p)
	gen := o.hdr.Gen()
	// NewObject counted the first end's reference; the second end is a
	// handle object of its own.
	a.AddHolder(own.Handle{Kind: KindPipe, Off: off, Gen: gen})
	c0 := newConnHandle(a, off, gen, o, 0)
	c1 := newConnHandle(a, off, gen, o, 1)
	arena.Lock(&o.lock)
	j := c0.j()
	var dones []func()
	for e := 0; e < 2; e++ {
		ent, done, err2 := a.PtGet(j, &o.tab[e], self)
		if err2 != nil {
			err = err2
			break
		}
		j.Set32(&ent.A, 1)
		j.Set32(&o.total[e], 1)
		dones = append(dones, done)
	}
	if err != nil {
		j.Rollback()
	}
	j.Commit()
	arena.Unlock(&o.lock)
	for _, d := range dones {
		d()
	}
	if err != nil {
		c0.Destroy()
		c1.h.Forget(connWeight)
		return nil, nil, err
	}
	return c0, c1, nil
}

func newConnHandle(a *Arena, off Off, gen uint32, o *pipeObj, end int) *Conn {
	c := &Conn{ref: ref{a: a, off: off, gen: gen, kind: KindPipe}, o: o, end: end, st: &connState{}}
	own.Track(c, &c.h, c.rel())
	return c
}

// A pipe end weighs half a queue (see ringWeight).
const connWeight = ringWeight / 2

// rel closes the copy first, if it is still open; it must not refer to c.
func (c *Conn) rel() own.Release {
	r := c.ref.rel()
	r.Weight = connWeight
	a, off, gen, end, st := c.a, c.off, c.gen, c.end, c.st
	r.Close = func() { closeCopy(a, off, gen, end, st) }
	return r
}

// Unref closes this copy (if open) and drops this handle object's
// reference to the pipe now rather than when it is garbage collected (the
// pipe is destroyed once no reference is left anywhere). The Conn must not
// be used afterwards.
func (c *Conn) Unref() { c.h.Unref(c.rel()) }

// AttachConn rebuilds a pipe end from its handle and registers this process
// as holding a copy of it (the one received with the handle, if any).
func AttachConn(a *Arena, h []byte) (*Conn, error) {
	d, err := a.DecodeHandle(h)
	if err != nil || d.Kind != KindPipe || d.Extra > 1 {
		return nil, ErrBadHandle
	}
	d, p, err := a.AttachHandle(h, KindPipe)
	if err != nil {
		return nil, err
	}
	o := (*pipeObj)(p)
	c := newConnHandle(a, d.Off, d.Gen, o, int(d.Extra))
	arena.Lock(&o.lock)
	j := c.j()
	e, done, err := a.PtGet(j, &o.tab[c.end], self)
	if err != nil {
		j.Rollback()
		arena.Unlock(&o.lock)
		c.st.closed.Store(true) // no copy was opened
		c.Unref()
		return nil, err
	}
	// A received copy becomes an open one; else (a handle that was not
	// counted in flight) a new copy opens.
	src := e
	if atomic.LoadUint32(&src.B) == 0 && d.Aux != self {
		src = a.PtFind(o.tab[c.end], d.Aux) // reserved by the parent, not given yet
	}
	if src != nil && atomic.LoadUint32(&src.B) > 0 {
		j.Set32(&src.B, atomic.LoadUint32(&src.B)-1)
	} else {
		j.Set32(&o.total[c.end], atomic.LoadUint32(&o.total[c.end])+1)
	}
	j.Set32(&e.A, atomic.LoadUint32(&e.A)+1)
	j.Commit()
	arena.Unlock(&o.lock)
	done()
	return c, nil
}

func (c *Conn) j() arena.Journal { return c.a.Journal(&c.o.jn, c.o.je[:]) }

// End is 0 or 1.
func (c *Conn) End() int { return c.end }

// Readable reports whether this end may receive.
func (c *Conn) Readable() bool {
	ok := c.o.duplex == 1 || c.end == 0
	runtime.KeepAlive(c)
	return ok
}

// Writable reports whether this end may send.
func (c *Conn) Writable() bool {
	ok := c.o.duplex == 1 || c.end == 1
	runtime.KeepAlive(c)
	return ok
}

// Closed reports whether Close was called on this copy.
func (c *Conn) Closed() bool { return c.st.closed.Load() }

// Handle identifies this end to another process. It counts nothing by
// itself: the message or bootstrap it travels in does (see Conn). It
// returns nil once the connection is closed.
func (c *Conn) Handle() []byte {
	if c.st.closed.Load() {
		return nil
	}
	id := c.id()
	id.Extra = byte(c.end)
	return c.a.EncodeHandle(id)
}

// Close closes this copy of the end. When no copy of the end is left in any
// process (nor in flight), the other end reads EOF once it has drained what
// was sent.
func (c *Conn) Close() error {
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	if c.st.closed.Swap(true) {
		return nil
	}
	closeEnd(c.a, c.o, c.end, self)
	runtime.KeepAlive(c)
	return nil
}

// closeEnd drops one open copy of end held by pid.
func closeEnd(a *Arena, o *pipeObj, end int, pid uint32) {
	arena.Lock(&o.lock)
	j := a.Journal(&o.jn, o.je[:])
	if e := a.PtFind(o.tab[end], pid); e != nil && atomic.LoadUint32(&e.A) > 0 {
		j.Set32(&e.A, atomic.LoadUint32(&e.A)-1)
		j.Set32(&o.total[end], atomic.LoadUint32(&o.total[end])-1)
	}
	j.Commit()
	sig := atomic.LoadUint32(&o.total[end]) == 0 && o.r[end].wq.Signal()
	arena.Unlock(&o.lock)
	if sig {
		o.r[end].wq.Wake(1 << 30) // the readers see EOF
	}
}

// closeCopy is the cleanup's Close of a collected Conn still open.
func closeCopy(a *Arena, off Off, gen uint32, end int, st *connState) {
	if st.closed.Swap(true) {
		return
	}
	p, err := a.Object(off, KindPipe, gen)
	if err != nil {
		return
	}
	closeEnd(a, (*pipeObj)(p), end, self)
}

// movePipe is the Move hook of pipes: an end's copies move along with its
// references (see own.Move). The caller holds a reference to the pipe.
func movePipe(a *Arena, h own.Handle, op own.Move, pid uint32) {
	if h.Extra > 1 {
		return
	}
	p, err := a.Object(h.Off, KindPipe, h.Gen)
	if err != nil {
		return
	}
	o, end := (*pipeObj)(p), int(h.Extra)
	total := &o.total[end]
	arena.Lock(&o.lock)
	j := a.Journal(&o.jn, o.je[:])
	done := noop
	switch op {
	case own.MoveInflight:
		j.Set32(total, atomic.LoadUint32(total)+1)
	case own.MoveDrop:
		if t := atomic.LoadUint32(total); t > 0 {
			j.Set32(total, t-1)
		}
	case own.MoveReceive, own.MoveReserve:
		e, d, err := a.PtGet(j, &o.tab[end], pid)
		if err != nil {
			break // stays in flight: open until the pipe is destroyed
		}
		done = d
		j.Set32(&e.B, atomic.LoadUint32(&e.B)+1)
		if op == own.MoveReserve {
			j.Set32(total, atomic.LoadUint32(total)+1)
		}
	case own.MoveGive:
		if e := a.PtFind(o.tab[end], self); e == nil || atomic.LoadUint32(&e.B) == 0 {
			break
		}
		to, d, err := a.PtGet(j, &o.tab[end], pid)
		if err != nil {
			break
		}
		done = d
		e := a.PtFind(atomic.LoadUint64(&o.tab[end]), self) // the table may have moved
		j.Set32(&e.B, atomic.LoadUint32(&e.B)-1)
		j.Set32(&to.B, atomic.LoadUint32(&to.B)+1)
	case own.MoveCancel:
		if e := a.PtFind(o.tab[end], self); e != nil && atomic.LoadUint32(&e.B) > 0 {
			j.Set32(&e.B, atomic.LoadUint32(&e.B)-1)
			j.Set32(total, atomic.LoadUint32(total)-1)
		}
	}
	j.Commit()
	sig := atomic.LoadUint32(total) == 0 && o.r[end].wq.Signal()
	arena.Unlock(&o.lock)
	if sig {
		o.r[end].wq.Wake(1 << 30)
	}
	done()
}

// Send appends msg to the other end's input. It fails with ErrBrokenPipe
// when no copy of the other end is open. It never blocks on the reader.
func (c *Conn) Send(ctx context.Context, msg []byte) error {
	if c.st.closed.Load() {
		return ErrClosed
	}
	if !c.Writable() {
		return ErrNotWritable
	}
	if len(msg) >= 1<<32 {
		return errBadArg("message too large")
	}
	defer runtime.KeepAlive(c)
	o := c.o
	refs := c.a.SendRefs(msg)
	var st *staged
	if len(msg) > inlineMax {
		var err error
		if st, err = stage(c.a, msg); err != nil {
			c.a.DropRefs(refs)
			return err
		}
	}
	arena.Lock(&o.lock)
	if atomic.LoadUint32(&o.total[1-c.end]) == 0 {
		arena.Unlock(&o.lock)
		if st != nil {
			unstage(c.a, st)
		}
		c.a.DropRefs(refs)
		return ErrBrokenPipe
	}
	j := c.j()
	r := &o.r[c.end]
	done, err := r.put(c.a, j, msg, st, refs != nil)
	if err != nil {
		j.Rollback()
	}
	j.Commit()
	sig := err == nil && r.wq.Signal()
	arena.Unlock(&o.lock)
	if sig {
		r.wq.Wake(1)
	}
	done()
	if st != nil {
		if err == nil {
			c.a.Release(st.s)
		} else {
			unstage(c.a, st)
		}
	}
	if err != nil {
		c.a.DropRefs(refs)
	}
	return err
}

// Recv returns the next message, waiting up to timeout (negative: no limit,
// 0: do not wait; ErrTimeout when nothing came). It returns ErrEOF once
// nothing is left and every copy of the other end is closed.
func (c *Conn) Recv(ctx context.Context, timeout time.Duration) ([]byte, error) {
	var msg []byte
	_, err := c.wait(ctx, timeout, &msg)
	return msg, err
}

// Poll reports whether Recv would return at once (a message or EOF),
// waiting up to timeout (negative: no limit) for that.
func (c *Conn) Poll(ctx context.Context, timeout time.Duration) (bool, error) {
	ok, err := c.wait(ctx, timeout, nil)
	if err == ErrEOF {
		return true, nil
	}
	if err == ErrTimeout {
		return false, nil
	}
	return ok, err
}

// wait waits for a message (and takes it if msg is not nil) or EOF.
func (c *Conn) wait(ctx context.Context, timeout time.Duration, msg *[]byte) (bool, error) {
	if c.st.closed.Load() {
		return false, ErrClosed
	}
	if !c.Readable() {
		return false, ErrNotReadable
	}
	defer runtime.KeepAlive(c)
	o := c.o
	r := &o.r[1-c.end]
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
	}()
	last := timeout == 0
	j := c.j()
	if err := arena.LockFor(&o.lock, ctx, timeout, &wt); err != nil {
		return false, timedOut(err, ErrTimeout)
	}
	for {
		if atomic.LoadUint32(&r.count) > 0 {
			if msg == nil {
				arena.Unlock(&o.lock)
				return true, nil
			}
			finish, refs := r.get(c.a, j)
			j.Commit()
			arena.Unlock(&o.lock)
			*msg = finish()
			if refs {
				c.a.ReceiveRefs(*msg)
			}
			return true, nil
		}
		if atomic.LoadUint32(&o.total[1-c.end]) == 0 {
			arena.Unlock(&o.lock)
			return false, ErrEOF
		}
		if last {
			arena.Unlock(&o.lock)
			return false, ErrTimeout
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		locked, err := c.a.SleepFor(c, j, &o.lock, &r.wq, &o.tab[c.end], 2, wt)
		if !locked {
			return false, timedOut(err, ErrTimeout)
		}
		switch err {
		case nil:
		case futex.ErrTimeout:
			last = true
		default:
			sig := atomic.LoadUint32(&r.count) > 0 && r.wq.Signal()
			arena.Unlock(&o.lock)
			if sig {
				r.wq.Wake(1)
			}
			return false, err
		}
	}
}

// reapPipe is the Reap hook of pipes: dead's copies of either end close
// (the other end may read EOF).
func reapPipe(a *Arena, _ own.Handle, p unsafe.Pointer, dead uint32) {
	o := (*pipeObj)(p)
	j := a.Journal(&o.jn, o.je[:])
	changed := a.Recover(&o.lock, j, dead)
	for e := 0; e < 2; e++ {
		if ent := a.PtFind(o.tab[e], dead); ent != nil {
			changed = true
			n := atomic.LoadUint32(&ent.A) + atomic.LoadUint32(&ent.B)
			t := atomic.LoadUint32(&o.total[e])
			if n > t {
				n = t
			}
			j.Set32(&o.total[e], t-n)
			o.r[1-e].wq.Unsleep(j, ent, 2)
			ent.Clear(j)
			j.Commit() // per end: the journal is small
		}
	}
	j.Commit()
	arena.Unlock(&o.lock)
	// Only a pipe the dead process was in needs its sleepers woken (the
	// end of its references, later, wakes for EOF): a reap visits every
	// pipe of the arena, one per Pool worker, for every dead process.
	if changed {
		o.r[0].wq.WakeAll()
		o.r[1].wq.WakeAll()
	}
}

// heldPipe is the Held hook of pipes: whether pid holds copies of either
// end, open or received (its reap would close them: EOF for the other end).
func heldPipe(a *Arena, p unsafe.Pointer, pid uint32) bool {
	o := (*pipeObj)(p)
	arena.Lock(&o.lock)
	defer arena.Unlock(&o.lock)
	for e := 0; e < 2; e++ {
		if ent := a.PtFind(o.tab[e], pid); ent != nil && atomic.LoadUint32(&ent.A)+atomic.LoadUint32(&ent.B) > 0 {
			return true
		}
	}
	return false
}

// Destroy frees the pipe (both ends) and its contents at once, whatever
// references are left. No process may use it afterwards.
func (c *Conn) Destroy() {
	c.destroy(connWeight)
}

// teardownPipe is the Teardown hook of pipes: the storage of both
// directions is freed, and the handles in unread messages lose their
// references.
func teardownPipe(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	o := (*pipeObj)(p)
	if a.TakeOver(&o.lock, 0) {
		a.Journal(&o.jn, o.je[:]).Rollback()
	}
	for e := 0; e < 2; e++ {
		refs = o.r[e].free(a, refs)
		a.PtFree(atomic.LoadUint64(&o.tab[e]))
	}
	return refs
}
