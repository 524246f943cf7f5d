package shm

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/futex"
)

// Conn is one end of a pipe: Pipe(duplex) gives end 0 and end 1. Each end
// sends into a ring of its own and receives from the other end's ring.
// Rings are unbounded, so Send never blocks (a reader that never reads
// costs arena memory, not a deadlock).
//
// EOF needs to know when every copy of the other end is closed. The pipe
// keeps, per end, a table of pids with the number of open copies each
// holds, plus "pending" copies: Handle() counts one for the sending process
// until the receiver's Attach turns it into an open copy of its own. So an
// end in flight (in a child's arguments, in a queue) keeps the pipe open
// even when its sender closes its own copy right away, the Python idiom
// `p.start(); child_conn.close()`. A dead process's copies, open or pending,
// are dropped by the reaper. (A handle that is never attached stays pending
// until its sender exits.)
type Conn struct {
	a      *Arena
	off    Off
	gen    uint32
	o      *pipeObj
	end    int
	mu     sync.Mutex // orders Close against this process's other calls
	closed atomic.Bool
}

type pipeObj struct {
	hdr    objHeader
	lock   uint32
	duplex uint32
	total  [2]uint32 // copies of each end (open + pending), all processes
	r      [2]ring   // r[e] carries what end e sends
	tab    [2]uint64 // per end: pid -> a: open copies, b: pending, c: asleep in Recv
	jn     uint32
	_      uint32
	je     [objJournalCap]jentry
}

// NewPipe creates a pipe and returns its two ends, both held by this
// process. With duplex false, end 0 only receives and end 1 only sends.
func NewPipe(a *Arena, duplex bool) (*Conn, *Conn, error) {
	off, p, err := a.newObject(KindPipe, unsafe.Sizeof(pipeObj{}), func(p unsafe.Pointer) {
		if duplex {
			(*pipeObj)(p).duplex = 1
		}
	})
	if err != nil {
		return nil, nil, err
	}
	o := (*pipeObj)(p)
	c0 := &Conn{a: a, off: off, gen: o.hdr.gen, o: o, end: 0}
	c1 := &Conn{a: a, off: off, gen: o.hdr.gen, o: o, end: 1}
	ilock(&o.lock)
	j := c0.j()
	var dones []func()
	for e := 0; e < 2; e++ {
		ent, done, err2 := a.ptGet(j, &o.tab[e], self)
		if err2 != nil {
			err = err2
			break
		}
		j.set32(&ent.a, 1)
		j.set32(&o.total[e], 1)
		dones = append(dones, done)
	}
	if err != nil {
		j.rollback()
	}
	j.commit()
	iunlock(&o.lock)
	for _, d := range dones {
		d()
	}
	if err != nil {
		c0.Destroy()
		return nil, nil, err
	}
	return c0, c1, nil
}

// AttachConn rebuilds a pipe end from its handle and registers this process
// as holding a copy of it.
func AttachConn(a *Arena, h []byte) (*Conn, error) {
	d, p, err := a.attach(h, KindPipe)
	if err != nil {
		return nil, err
	}
	if d.extra > 1 {
		return nil, ErrBadHandle
	}
	o := (*pipeObj)(p)
	c := &Conn{a: a, off: d.off, gen: d.gen, o: o, end: int(d.extra)}
	ilock(&o.lock)
	defer iunlock(&o.lock)
	j := c.j()
	pending := false
	if se := a.ptFind(o.tab[c.end], d.aux); se != nil && atomic.LoadUint32(&se.b) > 0 {
		pending = true
		j.set32(&se.b, atomic.LoadUint32(&se.b)-1)
	}
	e, done, err := a.ptGet(j, &o.tab[c.end], self)
	if err != nil {
		j.rollback()
		return nil, err
	}
	j.set32(&e.a, atomic.LoadUint32(&e.a)+1)
	if !pending {
		j.set32(&o.total[c.end], atomic.LoadUint32(&o.total[c.end])+1)
	}
	j.commit()
	defer done()
	return c, nil
}

func (c *Conn) j() journal { return c.a.journal(&c.o.jn, c.o.je[:]) }

// End is 0 or 1.
func (c *Conn) End() int { return c.end }

// Readable reports whether this end may receive.
func (c *Conn) Readable() bool { return c.o.duplex == 1 || c.end == 0 }

// Writable reports whether this end may send.
func (c *Conn) Writable() bool { return c.o.duplex == 1 || c.end == 1 }

// Closed reports whether Close was called on this copy.
func (c *Conn) Closed() bool { return c.closed.Load() }

// Handle identifies this end to another process and counts a pending copy
// for this process until that process attaches it (see Conn). It returns
// nil once the connection is closed.
func (c *Conn) Handle() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed.Load() {
		return nil
	}
	o := c.o
	ilock(&o.lock)
	j := c.j()
	done := noop
	if e, d, err := c.a.ptGet(j, &o.tab[c.end], self); err == nil {
		j.set32(&e.b, atomic.LoadUint32(&e.b)+1)
		j.set32(&o.total[c.end], atomic.LoadUint32(&o.total[c.end])+1)
		done = d
	}
	j.commit()
	iunlock(&o.lock)
	done()
	return c.a.encodeHandle(handle{kind: KindPipe, extra: byte(c.end), gen: c.gen, off: c.off, aux: self})
}

// Close closes this copy of the end. When no copy of the end is left in any
// process, the other end reads EOF once it has drained what was sent.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed.Swap(true) {
		return nil
	}
	o := c.o
	ilock(&o.lock)
	j := c.j()
	if e := c.a.ptFind(o.tab[c.end], self); e != nil && atomic.LoadUint32(&e.a) > 0 {
		j.set32(&e.a, atomic.LoadUint32(&e.a)-1)
		j.set32(&o.total[c.end], atomic.LoadUint32(&o.total[c.end])-1)
	}
	j.commit()
	sig := atomic.LoadUint32(&o.total[c.end]) == 0 && o.r[c.end].wq.signal()
	iunlock(&o.lock)
	if sig {
		o.r[c.end].wq.wake(1 << 30) // the readers see EOF
	}
	return nil
}

// Send appends msg to the other end's input. It fails with ErrBrokenPipe
// when no copy of the other end is open. It never blocks on the reader.
func (c *Conn) Send(ctx context.Context, msg []byte) error {
	if c.closed.Load() {
		return ErrClosed
	}
	if !c.Writable() {
		return ErrNotWritable
	}
	if len(msg) >= 1<<32 {
		return errBadArg("message too large")
	}
	o := c.o
	var st *staged
	if len(msg) > inlineMax {
		var err error
		if st, err = c.a.stage(msg); err != nil {
			return err
		}
	}
	ilock(&o.lock)
	if atomic.LoadUint32(&o.total[1-c.end]) == 0 {
		iunlock(&o.lock)
		if st != nil {
			c.a.unstage(st)
		}
		return ErrBrokenPipe
	}
	j := c.j()
	r := &o.r[c.end]
	done, err := c.a.ringPut(j, r, msg, st)
	if err != nil {
		j.rollback()
	}
	j.commit()
	sig := err == nil && r.wq.signal()
	iunlock(&o.lock)
	if sig {
		r.wq.wake(1)
	}
	done()
	if st != nil {
		if err == nil {
			c.a.release(st.s)
		} else {
			c.a.unstage(st)
		}
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
	if c.closed.Load() {
		return false, ErrClosed
	}
	if !c.Readable() {
		return false, ErrNotReadable
	}
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
	ilock(&o.lock)
	for {
		if atomic.LoadUint32(&r.count) > 0 {
			if msg == nil {
				iunlock(&o.lock)
				return true, nil
			}
			finish := c.a.ringGet(j, r)
			j.commit()
			iunlock(&o.lock)
			*msg = finish()
			return true, nil
		}
		if atomic.LoadUint32(&o.total[1-c.end]) == 0 {
			iunlock(&o.lock)
			return false, ErrEOF
		}
		if last {
			iunlock(&o.lock)
			return false, ErrTimeout
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		switch err := c.a.sleep(j, &o.lock, &r.wq, &o.tab[c.end], 2, wt); err {
		case nil:
		case futex.ErrTimeout:
			last = true
		default:
			sig := atomic.LoadUint32(&r.count) > 0 && r.wq.signal()
			iunlock(&o.lock)
			if sig {
				r.wq.wake(1)
			}
			return false, err
		}
	}
}

func (o *pipeObj) reap(a *Arena, dead uint32) {
	j := a.journal(&o.jn, o.je[:])
	if a.lockForReap(&o.lock, dead) && j.rollback() {
		a.rollbacks.Add(1)
	}
	for e := 0; e < 2; e++ {
		if ent := a.ptFind(o.tab[e], dead); ent != nil {
			n := atomic.LoadUint32(&ent.a) + atomic.LoadUint32(&ent.b)
			t := atomic.LoadUint32(&o.total[e])
			if n > t {
				n = t
			}
			j.set32(&o.total[e], t-n)
			unsleep(j, &o.r[1-e].wq, ent, 2)
			a.ptRemove(j, ent)
			j.commit() // per end: the journal is small
		}
	}
	j.commit()
	iunlock(&o.lock)
	o.r[0].wq.wakeAll()
	o.r[1].wq.wakeAll()
}

// Destroy frees the pipe (both ends) and its contents. No process may use
// it afterwards.
func (c *Conn) Destroy() {
	o := c.o
	ilock(&o.lock)
	r, tab := o.r, o.tab
	if !c.a.destroyObject(c.off, c.gen) {
		iunlock(&o.lock)
		return
	}
	for e := 0; e < 2; e++ {
		c.a.ringFree(&r[e])
		c.a.ptFree(tab[e])
	}
}
