package own

import (
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// A pid table maps pids to small counters (semaphore units held, pipe end
// copies, processes asleep in a wait queue) so the reaper can undo what a
// dead process held. It is a block of entries that doubles when full; the
// object's lock guards it and its updates go through the object's journal.
// An object keeps the table's offset in a uint64 (0: no table yet); the
// holders of an object (see refs.go) are entries of the same format.
type PidEnt struct {
	Pid uint32
	A   uint32
	B   uint32
	C   uint32
}

// Ctr is counter i: A, B or C.
func (e *PidEnt) Ctr(i int) *uint32 {
	switch i {
	case 0:
		return &e.A
	case 1:
		return &e.B
	}
	return &e.C
}

func (e *PidEnt) empty() bool {
	return atomic.LoadUint32(&e.A) == 0 && atomic.LoadUint32(&e.B) == 0 && atomic.LoadUint32(&e.C) == 0
}

// Clear frees the entry (its process is dead, or gave back what it held).
func (e *PidEnt) Clear(j arena.Journal) {
	j.Set32(&e.A, 0)
	j.Set32(&e.B, 0)
	j.Set32(&e.C, 0)
	j.Set32(&e.Pid, 0)
}

const ptHdr = 16 // cap uint32, then padding

// PtEntries is the table at tab.
func (a *Arena) PtEntries(tab uint64) []PidEnt {
	if tab == 0 {
		return nil
	}
	n := atomic.LoadUint32(a.U32(Off(tab)))
	return unsafe.Slice((*PidEnt)(a.Ptr(Off(tab)+ptHdr)), n)
}

// PtFind is pid's entry in the table at tab, or nil.
func (a *Arena) PtFind(tab uint64, pid uint32) *PidEnt {
	es := a.PtEntries(tab)
	for i := range es {
		if atomic.LoadUint32(&es[i].Pid) == pid {
			return &es[i]
		}
	}
	return nil
}

// PtGet finds or adds pid's entry in the table at *field. done must be
// called after the transaction commits (it frees a replaced table).
func (a *Arena) PtGet(j arena.Journal, field *uint64, pid uint32) (e *PidEnt, done func(), err error) {
	done = func() {}
	tab := atomic.LoadUint64(field)
	if e := a.PtFind(tab, pid); e != nil {
		return e, done, nil
	}
	// An entry whose counters are zero holds nothing: reuse it.
	for i, es := 0, a.PtEntries(tab); i < len(es); i++ {
		if e := &es[i]; e.empty() {
			j.Set32(&e.Pid, pid)
			return e, done, nil
		}
	}
	old := a.PtEntries(tab)
	ncap := 2 * len(old)
	if ncap == 0 {
		ncap = 8
	}
	s := a.Claim()
	nt, err := a.AllocTracked(s, ptHdr+ncap*int(unsafe.Sizeof(PidEnt{})))
	if err != nil {
		a.Release(s)
		return nil, done, err
	}
	b := a.Bytes(nt, ptHdr+ncap*int(unsafe.Sizeof(PidEnt{})))
	clear(b)
	atomic.StoreUint32(a.U32(nt), uint32(ncap))
	ne := a.PtEntries(uint64(nt))
	copy(ne, old)
	j.Set64(field, uint64(nt))
	if s != nil {
		// The new table passes to the object, the old one to the slot,
		// which frees it after the commit.
		j.Hand(s, Off(tab))
		done = func() { a.FreeTracked(s); a.Release(s) }
	} else if tab != 0 {
		done = func() { a.Free(Off(tab)) }
	}
	e = &ne[len(old)]
	j.Set32(&e.Pid, pid)
	return e, done, nil
}

// PtFree frees the table at tab (its object is being torn down).
func (a *Arena) PtFree(tab uint64) {
	if tab != 0 {
		a.Free(Off(tab))
	}
}
