package shm

import (
	"sync/atomic"
	"unsafe"
)

// A journal is the undo log of one lock's critical section. Every store to
// shared state made while the lock is held goes through it: first the old
// value is logged, then the store is made. Clearing the log is the commit.
// When a process dies holding the lock, the reaper rolls the log back, so a
// half-done update (a Put cut short by SIGKILL) vanishes as if it had never
// started.
//
// Only the order of the stores matters, and only as the reaper sees it
// after the process died: stores a killed process executed still reach
// memory (the CPU drains its store buffer). On amd64 (TSO) stores become
// visible in the order they are issued and the Go compiler issues stores
// through pointers in program order, so plain stores suffice (see
// publish); an atomic store costs a full barrier each, which made the
// journal most of a Put's cost.
type journal struct {
	a *Arena
	n *uint32
	e []jentry
}

type jentry struct {
	offOp uint64 // offset<<2 | op
	old   uint64
}

const (
	opSet32 = 1
	opSet64 = 2
)

func (a *Arena) journal(n *uint32, e []jentry) journal { return journal{a, n, e} }

func (a *Arena) arenaJournal() journal { return a.journal(&a.h.jn, a.h.je[:]) }

func (j journal) log(p unsafe.Pointer, op uint64, old uint64) {
	i := *j.n
	if int(i) >= len(j.e) {
		panic("shm: journal overflow")
	}
	e := &j.e[i]
	store64(&e.old, old)
	store64(&e.offOp, uint64(j.a.offOf(p))<<2|op)
	publish(j.n, i+1)
}

func (j journal) set32(p *uint32, v uint32) {
	old := *p
	if old == v {
		return
	}
	j.log(unsafe.Pointer(p), opSet32, uint64(old))
	store32(p, v)
}

func (j journal) set64(p *uint64, v uint64) {
	old := *p
	if old == v {
		return
	}
	j.log(unsafe.Pointer(p), opSet64, old)
	store64(p, v)
}

func (j journal) commit() { publish(j.n, 0) }

// rollback undoes the logged stores, newest first. It is idempotent until
// the final clear, so a reaper dying half-way leaves it redoable.
func (j journal) rollback() bool {
	n := atomic.LoadUint32(j.n)
	if n == 0 {
		return false
	}
	if int(n) > len(j.e) {
		n = uint32(len(j.e))
	}
	for i := int(n) - 1; i >= 0; i-- {
		e := &j.e[i]
		oo := atomic.LoadUint64(&e.offOp)
		off, op := Off(oo>>2), oo&3
		if uint64(off)+8 > j.a.size {
			continue
		}
		switch op {
		case opSet32:
			atomic.StoreUint32(j.a.u32(off), uint32(e.old))
		case opSet64:
			atomic.StoreUint64(j.a.u64(off), e.old)
		}
	}
	atomic.StoreUint32(j.n, 0)
	return true
}

// An islot ("inflight slot") records a block that belongs to one process
// and to no shared structure: a big message being written before it is
// linked into a queue, or one being read after it was unlinked. The reaper
// frees the blocks of a dead process's slots. Handing a block between a
// slot and a structure is one journaled store of slot.off inside the
// structure's critical section, so the block is always owned by exactly one
// of them, whenever the process dies.
type islot struct {
	pid uint32
	_   uint32
	off uint64
}

// claim takes a free inflight slot for this process. It returns nil when
// all are taken; callers then fall back to untracked blocks (a leak, not
// corruption, if they die at the wrong moment).
func (a *Arena) claim() *islot {
	start := a.hint.Load()
	for k := uint32(0); k < nInflight; k++ {
		i := (start + k) % nInflight
		s := &a.h.inflight[i]
		if atomic.LoadUint32(&s.pid) == 0 && atomic.CompareAndSwapUint32(&s.pid, 0, self) {
			a.hint.Store(i + 1)
			atomic.StoreUint64(&s.off, 0)
			return s
		}
	}
	return nil
}

// release returns a slot whose block has been handed on or freed.
func (a *Arena) release(s *islot) {
	if s != nil {
		atomic.StoreUint32(&s.pid, 0)
	}
}

// allocTracked allocates n bytes owned by slot s (if s is not nil).
func (a *Arena) allocTracked(s *islot, n int) (Off, error) {
	off, _, err := a.allocTrackedFresh(s, n)
	return off, err
}

// allocTrackedFresh is allocTracked that also reports whether the block's
// memory is not resident (see allocFresh).
func (a *Arena) allocTrackedFresh(s *islot, n int) (Off, bool, error) {
	a.lock()
	defer a.unlock()
	j := a.arenaJournal()
	off, fresh, err := a.allocFresh(j, n)
	if err == nil && s != nil {
		j.set64(&s.off, uint64(off))
	}
	a.commit(j)
	return off, fresh, err
}

// freeTracked frees the block owned by slot s.
func (a *Arena) freeTracked(s *islot) {
	a.lock()
	defer a.unlock()
	j := a.arenaJournal()
	if off := Off(atomic.LoadUint64(&s.off)); off != 0 {
		a.free(j, off)
		j.set64(&s.off, 0)
	}
	a.commit(j)
}

// reapInflight frees the blocks held in slots of the dead process pid.
func (a *Arena) reapInflight(pid uint32) {
	for i := range a.h.inflight {
		s := &a.h.inflight[i]
		if atomic.LoadUint32(&s.pid) != pid {
			continue
		}
		a.freeTracked(s)
		atomic.CompareAndSwapUint32(&s.pid, pid, 0)
	}
}
