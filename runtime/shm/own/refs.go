package own

import (
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// Object lifetime: cross-process reference counting.
//
// Every shared object counts its references in its header (refs). A
// reference is one of:
//
//   - a handle object held by a process: the *Queue, *Mutex, ... that a
//     New* or Attach* function returned. The object's table of holders
//     (header.own, then header.rtab) counts them per pid (counter A), so
//     that ReapDead can drop a dead process's. A Go cleanup (runtime.
//     AddCleanup, see Track) on the handle object drops its reference once
//     the process no longer reaches it; Unref drops it at once.
//   - a handle received and not yet attached (counter B of the receiving
//     pid): a message taken out of a queue or pipe that holds handles, or a
//     child's bootstrap (Transfer). Attach consumes it; ReapDead drops it
//     if the receiver dies first (a handle that is never attached keeps the
//     object alive until its receiver ends).
//   - a handle in flight inside a message of a queue or a pipe. Put and
//     Send find the handles a message holds (they carry the arena's id:
//     see scanHandles) and count one reference for each (SendRefs); Get
//     and Recv turn them into received references of the reader
//     (ReceiveRefs); destroying the queue or pipe drops those of its
//     unread messages (Hooks.Teardown). An object thus lives as long as a
//     message naming it is unread, even if every process dropped it (a
//     queue holding a message that names the queue itself is a cycle and
//     is never freed).
//   - an object referred to by another: a Condition's lock, a Block's lock.
//   - a temporary pin by the reaper while it works on the object.
//
// When refs reaches zero the object is unregistered (no handle validates
// any more) and torn down (its kind's Teardown hook): its storage freed
// and the references it held dropped in turn. Destroy still destroys an
// object outright, whatever its count.
//
// All counts change under the arena lock through its journal, so a process
// killed in the middle of a change leaves none half-done. What is not
// atomic is the step between a queue's critical section and the counts of
// the handles its message holds: a process killed just between them leaks
// those references (the objects are never freed), and never frees an
// object still in use. A kind whose handle is itself a counted copy (a
// pipe end) follows the same transitions through its Move hook, so that
// an end in flight is open and one whose receiver died is closed.

// Reference operations (see refOp).
type refKind int

const (
	refNew      refKind = iota // a handle object without a pending reception (nested lock)
	refAttach                  // a handle object: consume a received reference, else add one
	refRelease                 // a handle object dropped
	refInflight                // one more message in flight names the object
	refDrop                    // a message in flight, or an object, stopped naming it; a pin ends
	refReceive                 // a message in flight was taken by pid: received, not attached
	refReserve                 // a bootstrap being built names it: received by this process for now
	refGive                    // pass a reserved reference from this process to pid
	refCancel                  // a reserved reference not given
	refPin                     // a temporary reference
)

// refOp applies op to the object h names, under the arena lock, and
// reports whether the object was live (for refAttach: whether the
// reference was taken). An operation that drops the last reference tears
// the object down, and drops what it referred to in turn.
func (a *Arena) refOp(op refKind, h Handle, pid uint32) bool {
	a.Lock()
	j := a.ArenaJournal()
	ok, dead := a.refOpLocked(j, op, h, pid)
	a.Commit(j)
	a.Unlock()
	if dead {
		a.teardownAll(h)
	}
	return ok
}

func (a *Arena) refOpLocked(j arena.Journal, op refKind, h Handle, pid uint32) (ok, dead bool) {
	p, err := a.Object(h.Off, h.Kind, h.Gen)
	if err != nil {
		return false, false
	}
	oh := (*Header)(p)
	refs := atomic.LoadUint32(&oh.refs)
	self := arena.Self()
	switch op {
	case refNew, refAttach:
		e, err := a.rtGet(j, oh, pid)
		if err != nil {
			return false, false
		}
		if op == refAttach {
			src := e
			if atomic.LoadUint32(&src.B) == 0 && h.Aux != pid && h.Aux != 0 {
				// A child attaching what its parent reserved for it,
				// before the parent gave it (see Transfer).
				src = a.rtFind(oh, h.Aux)
			}
			if src != nil && atomic.LoadUint32(&src.B) > 0 {
				j.Set32(&src.B, atomic.LoadUint32(&src.B)-1)
				j.Set32(&e.A, atomic.LoadUint32(&e.A)+1)
				return true, false
			}
		}
		j.Set32(&e.A, atomic.LoadUint32(&e.A)+1)
		j.Set32(&oh.refs, refs+1)
	case refRelease:
		if e := a.rtFind(oh, pid); e != nil && atomic.LoadUint32(&e.A) > 0 {
			j.Set32(&e.A, atomic.LoadUint32(&e.A)-1)
			return true, a.unrefLocked(j, h.Off, oh)
		}
		return true, false
	case refInflight, refPin:
		j.Set32(&oh.refs, refs+1)
	case refDrop:
		return true, a.unrefLocked(j, h.Off, oh)
	case refReceive, refReserve:
		e, err := a.rtGet(j, oh, pid)
		if err != nil {
			// No room to record the receiver: the reference stays
			// in flight, charged to nobody (a leak, not a fault).
			return op == refReceive, false
		}
		j.Set32(&e.B, atomic.LoadUint32(&e.B)+1)
		if op == refReserve {
			j.Set32(&oh.refs, refs+1)
		}
	case refGive:
		if e := a.rtFind(oh, self); e == nil || atomic.LoadUint32(&e.B) == 0 {
			return false, false // attached meanwhile, by us or by the child
		}
		// rtGet may move the table: look our entry up again after it.
		to, err := a.rtGet(j, oh, pid)
		if err != nil {
			return false, false
		}
		e := a.rtFind(oh, self)
		j.Set32(&e.B, atomic.LoadUint32(&e.B)-1)
		j.Set32(&to.B, atomic.LoadUint32(&to.B)+1)
	case refCancel:
		e := a.rtFind(oh, self)
		if e == nil || atomic.LoadUint32(&e.B) == 0 {
			return false, false
		}
		j.Set32(&e.B, atomic.LoadUint32(&e.B)-1)
		return true, a.unrefLocked(j, h.Off, oh)
	}
	return true, false
}

// unrefLocked drops one reference; at zero it unregisters the object and
// reports true: the caller must tear it down (teardownAll).
func (a *Arena) unrefLocked(j arena.Journal, off Off, oh *Header) bool {
	refs := atomic.LoadUint32(&oh.refs)
	if refs > 1 {
		j.Set32(&oh.refs, refs-1)
		return false
	}
	j.Set32(&oh.refs, 0)
	a.unlinkLocked(j, off, oh)
	return true
}

// unlinkLocked (arena lock held) takes the object out of the registry and
// marks it destroyed, so no handle validates any more; its block stays
// allocated until teardown.
func (a *Arena) unlinkLocked(j arena.Journal, off Off, oh *Header) {
	next, prev := atomic.LoadUint64(&oh.next), atomic.LoadUint64(&oh.prev)
	if prev != 0 {
		j.Set64(&a.header(Off(prev)).next, next)
	} else {
		j.Set64(a.r.ObjHead, next)
	}
	if next != 0 {
		j.Set64(&a.header(Off(next)).prev, prev)
	}
	j.Set32(a.r.NObj, atomic.LoadUint32(a.r.NObj)-1)
	j.Set32(&oh.kind, 0)
	if t := atomic.LoadUint32(&oh.rtab); t != 0 {
		j.Set32(&oh.rtab, 0)
		a.FreeLocked(j, Off(t)<<4)
	}
}

// teardownAll tears down the unregistered object h, then drops the
// references it held, tearing down in turn those that reach zero.
func (a *Arena) teardownAll(h Handle) {
	work := []Handle{h}
	for len(work) > 0 {
		h := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range a.teardown(h) {
			if a.dropInflight(r) {
				work = append(work, r)
			}
		}
	}
}

// teardown frees the storage of the unregistered object h (its kind's
// Teardown hook, then its block) and returns the references it held.
func (a *Arena) teardown(h Handle) []Handle {
	var out []Handle
	if f := hooks(h.Kind).Teardown; f != nil {
		out = f(a, a.Ptr(h.Off), out)
	}
	a.Free(h.Off)
	return out
}

// dropInflight drops a reference held by a message or another object (a
// pipe end named by a message is also one copy of that end); it reports
// whether the object must be torn down (the caller does it).
func (a *Arena) dropInflight(h Handle) bool {
	a.moved(h, MoveDrop, 0)
	a.Lock()
	j := a.ArenaJournal()
	_, dead := a.refOpLocked(j, refDrop, h, 0)
	a.Commit(j)
	a.Unlock()
	return dead
}

// moved calls h's kind's Move hook, if any.
func (a *Arena) moved(h Handle, m Move, pid uint32) {
	if f := hooks(h.Kind).Move; f != nil {
		f(a, h, m, pid)
	}
}

// rtFind returns pid's entry in the object's holder table, or nil.
func (a *Arena) rtFind(oh *Header, pid uint32) *PidEnt {
	if atomic.LoadUint32(&oh.own.Pid) == pid {
		return &oh.own
	}
	if t := atomic.LoadUint32(&oh.rtab); t != 0 {
		return a.PtFind(uint64(t)<<4, pid)
	}
	return nil
}

// rtGet (arena lock held) finds or adds pid's entry in the holder table.
func (a *Arena) rtGet(j arena.Journal, oh *Header, pid uint32) (*PidEnt, error) {
	if e := a.rtFind(oh, pid); e != nil {
		return e, nil
	}
	if oh.own.empty() {
		j.Set32(&oh.own.Pid, pid)
		return &oh.own, nil
	}
	tab := uint64(atomic.LoadUint32(&oh.rtab)) << 4
	old := a.PtEntries(tab)
	for i := range old {
		if e := &old[i]; e.empty() {
			j.Set32(&e.Pid, pid)
			return e, nil
		}
	}
	ncap := 2 * len(old)
	if ncap == 0 {
		ncap = 4
	}
	size := ptHdr + ncap*int(unsafe.Sizeof(PidEnt{}))
	nt, err := a.AllocLocked(j, size)
	if err != nil {
		return nil, err
	}
	// A new block: plain stores (a rollback frees it).
	clear(a.Bytes(nt, size))
	atomic.StoreUint32(a.U32(nt), uint32(ncap))
	ne := a.PtEntries(uint64(nt))
	copy(ne, old)
	j.Set32(&oh.rtab, uint32(nt>>4))
	if tab != 0 {
		a.FreeLocked(j, Off(tab))
	}
	e := &ne[len(old)]
	j.Set32(&e.Pid, pid)
	return e, nil
}

// reapRefs drops the references the dead process pid held or had received,
// and tears down the objects left without any.
func (a *Arena) reapRefs(pid uint32) {
	var dead []Handle
	a.Lock()
	j := a.ArenaJournal()
	for off := atomic.LoadUint64(a.r.ObjHead); off != 0; {
		oh := a.header(Off(off))
		next := atomic.LoadUint64(&oh.next)
		if e := a.rtFind(oh, pid); e != nil {
			n := atomic.LoadUint32(&e.A) + atomic.LoadUint32(&e.B)
			e.Clear(j)
			refs := atomic.LoadUint32(&oh.refs)
			if n >= refs && refs > 0 {
				dead = append(dead, Handle{Kind: Kind(atomic.LoadUint32(&oh.kind)), Gen: atomic.LoadUint32(&oh.gen), Off: Off(off)})
				j.Set32(&oh.refs, 0)
				a.unlinkLocked(j, Off(off), oh)
			} else if n > 0 {
				j.Set32(&oh.refs, refs-n)
			}
			j.Commit()
		}
		off = next
	}
	a.Commit(j)
	a.Unlock()
	for _, h := range dead {
		a.teardownAll(h)
	}
}

// Pin takes a temporary reference on a live object, so that it cannot be
// torn down while the reaper works on it, or on behalf of another object
// that refers to it (a Condition's lock); Unpin drops it.
func (a *Arena) Pin(h Handle) (unsafe.Pointer, bool) {
	if !a.refOp(refPin, h, 0) {
		return nil, false
	}
	return a.Ptr(h.Off), true
}

// Unpin drops a reference Pin took.
func (a *Arena) Unpin(h Handle) {
	a.refOp(refDrop, h, 0)
}

// AddHolder counts one more handle object of this process on the live
// object h (a second end of a new pipe).
func (a *Arena) AddHolder(h Handle) bool { return a.refOp(refNew, h, arena.Self()) }

// Destroy unregisters the object whatever its count and tears it down. It
// reports false if the object was already gone.
func (a *Arena) Destroy(h Handle) bool {
	a.Lock()
	p, err := a.Object(h.Off, h.Kind, h.Gen)
	if err != nil {
		a.Unlock()
		return false
	}
	j := a.ArenaJournal()
	j.Set32(&(*Header)(p).refs, 0)
	a.unlinkLocked(j, h.Off, (*Header)(p))
	a.Commit(j)
	a.Unlock()
	a.teardownAll(h)
	return true
}

// Refs returns the number of references to the object a handle names (0 if
// it is gone), for tests and diagnostics.
func (a *Arena) Refs(h []byte) int {
	d, err := a.DecodeHandle(h)
	if err != nil {
		return 0
	}
	a.Lock()
	defer a.Unlock()
	p, err := a.Object(d.Off, d.Kind, d.Gen)
	if err != nil {
		return 0
	}
	return int(atomic.LoadUint32(&(*Header)(p).refs))
}
