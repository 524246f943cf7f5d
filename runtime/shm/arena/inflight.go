package arena

import "sync/atomic"

// A Slot ("inflight slot") records a block that belongs to one process
// and to no shared structure: a big message being written before it is
// linked into a queue, or one being read after it was unlinked. The reaper
// frees the blocks of a dead process's slots. Handing a block between a
// slot and a structure is one journaled store of slot.off inside the
// structure's critical section, so the block is always owned by exactly one
// of them, whenever the process dies.
type Slot struct {
	pid uint32
	_   uint32
	off uint64
}

// Hand gives block off to slot s (0: the slot's block passes to whatever
// the transaction stores it in), as a store of j's transaction, so that
// the block has one owner whenever the process dies.
func (j Journal) Hand(s *Slot, off Off) { j.Set64(&s.off, uint64(off)) }

// Claim takes a free inflight slot for this process. It returns nil when
// all are taken; callers then fall back to untracked blocks (a leak, not
// corruption, if they die at the wrong moment).
func (a *Arena) Claim() *Slot {
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

// Release returns a slot whose block has been handed on or freed.
func (a *Arena) Release(s *Slot) {
	if s != nil {
		atomic.StoreUint32(&s.pid, 0)
	}
}

// AllocTracked allocates n bytes owned by slot s (if s is not nil).
func (a *Arena) AllocTracked(s *Slot, n int) (Off, error) {
	off, _, err := a.AllocTrackedFresh(s, n)
	return off, err
}

// AllocTrackedFresh is AllocTracked that also reports whether the block's
// memory is not resident (see AllocFresh).
func (a *Arena) AllocTrackedFresh(s *Slot, n int) (Off, bool, error) {
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	off, fresh, err := a.allocFresh(j, n)
	if err == nil && s != nil {
		j.Set64(&s.off, uint64(off))
	}
	a.Commit(j)
	return off, fresh, err
}

// FreeTracked frees the block owned by slot s.
func (a *Arena) FreeTracked(s *Slot) {
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	if off := Off(atomic.LoadUint64(&s.off)); off != 0 {
		a.FreeLocked(j, off)
		j.Set64(&s.off, 0)
	}
	a.Commit(j)
}

// ReapInflight frees the blocks held in slots of the dead process pid.
func (a *Arena) ReapInflight(pid uint32) {
	for i := range a.h.inflight {
		s := &a.h.inflight[i]
		if atomic.LoadUint32(&s.pid) != pid {
			continue
		}
		a.FreeTracked(s)
		atomic.CompareAndSwapUint32(&s.pid, pid, 0)
	}
}

// GiveSlots passes the inflight slots of process from to process to and
// returns how many there were: tests use it to replay a critical section
// as a process that then dies.
func (a *Arena) GiveSlots(from, to uint32) int {
	n := 0
	for i := range a.h.inflight {
		if atomic.CompareAndSwapUint32(&a.h.inflight[i].pid, from, to) {
			n++
		}
	}
	return n
}
