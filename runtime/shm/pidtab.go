package shm

import (
	"sync/atomic"
	"unsafe"
)

// A pid table maps pids to small counters (semaphore units held, pipe end
// copies, processes asleep in a wait queue) so the reaper can undo what a
// dead process held. It is a block of entries that doubles when full; the
// object's lock guards it and its updates go through the object's journal.
type pidEnt struct {
	pid uint32
	a   uint32
	b   uint32
	c   uint32
}

func (e *pidEnt) ctr(i int) *uint32 {
	switch i {
	case 0:
		return &e.a
	case 1:
		return &e.b
	}
	return &e.c
}

func (e *pidEnt) empty() bool {
	return atomic.LoadUint32(&e.a) == 0 && atomic.LoadUint32(&e.b) == 0 && atomic.LoadUint32(&e.c) == 0
}

const ptHdr = 16 // cap uint32, then padding

func (a *Arena) ptEntries(tab uint64) []pidEnt {
	if tab == 0 {
		return nil
	}
	n := atomic.LoadUint32(a.u32(Off(tab)))
	return unsafe.Slice((*pidEnt)(a.ptr(Off(tab)+ptHdr)), n)
}

func (a *Arena) ptFind(tab uint64, pid uint32) *pidEnt {
	es := a.ptEntries(tab)
	for i := range es {
		if atomic.LoadUint32(&es[i].pid) == pid {
			return &es[i]
		}
	}
	return nil
}

// ptGet finds or adds pid's entry in the table at *field. done must be
// called after the transaction commits (it frees a replaced table).
func (a *Arena) ptGet(j journal, field *uint64, pid uint32) (e *pidEnt, done func(), err error) {
	done = func() {}
	tab := atomic.LoadUint64(field)
	if e := a.ptFind(tab, pid); e != nil {
		return e, done, nil
	}
	// An entry whose counters are zero holds nothing: reuse it.
	for i, es := 0, a.ptEntries(tab); i < len(es); i++ {
		if e := &es[i]; e.empty() {
			j.set32(&e.pid, pid)
			return e, done, nil
		}
	}
	old := a.ptEntries(tab)
	ncap := 2 * len(old)
	if ncap == 0 {
		ncap = 8
	}
	s := a.claim()
	nt, err := a.allocTracked(s, ptHdr+ncap*int(unsafe.Sizeof(pidEnt{})))
	if err != nil {
		a.release(s)
		return nil, done, err
	}
	b := a.Bytes(nt, ptHdr+ncap*int(unsafe.Sizeof(pidEnt{})))
	clear(b)
	atomic.StoreUint32(a.u32(nt), uint32(ncap))
	ne := a.ptEntries(uint64(nt))
	copy(ne, old)
	j.set64(field, uint64(nt))
	if s != nil {
		// The new table passes to the object, the old one to the slot,
		// which frees it after the commit.
		j.set64(&s.off, tab)
		done = func() { a.freeTracked(s); a.release(s) }
	} else if tab != 0 {
		done = func() { a.Free(Off(tab)) }
	}
	e = &ne[len(old)]
	j.set32(&e.pid, pid)
	return e, done, nil
}

func (a *Arena) ptRemove(j journal, e *pidEnt) {
	j.set32(&e.a, 0)
	j.set32(&e.b, 0)
	j.set32(&e.c, 0)
	j.set32(&e.pid, 0)
}

func (a *Arena) ptFree(tab uint64) {
	if tab != 0 {
		a.Free(Off(tab))
	}
}
