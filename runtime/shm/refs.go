package shm

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Object lifetime: cross-process reference counting.
//
// Every shared object counts its references in its header (refs). A
// reference is one of:
//
//   - a handle object held by a process: the *Queue, *Mutex, ... that a
//     New* or Attach* function returned. The object's table of holders
//     (header.own, then header.rtab) counts them per pid (counter a), so
//     that ReapDead can drop a dead process's. A Go cleanup (runtime.
//     AddCleanup) on the handle object drops its reference once the
//     process no longer reaches it; Unref drops it at once.
//   - a handle received and not yet attached (counter b of the receiving
//     pid): a message taken out of a queue or pipe that holds handles, or a
//     child's bootstrap (Transfer). Attach consumes it; ReapDead drops it
//     if the receiver dies first (a handle that is never attached keeps the
//     object alive until its receiver ends).
//   - a handle in flight inside a message of a queue or a pipe. Put and
//     Send find the handles a message holds (they carry the arena's id:
//     see scanHandles) and count one reference for each; Get and Recv turn
//     them into received references of the reader; destroying the queue or
//     pipe drops those of its unread messages. An object thus lives as long
//     as a message naming it is unread, even if every process dropped it
//     (a queue holding a message that names the queue itself is a cycle
//     and is never freed).
//   - an object referred to by another: a Condition's lock, a Block's lock.
//   - a temporary pin by the reaper while it works on the object.
//
// When refs reaches zero the object is unregistered (no handle validates
// any more) and torn down: its storage freed and the references it held
// dropped in turn. Destroy still destroys an object outright, whatever its
// count.
//
// All counts change under the arena lock through its journal, so a process
// killed in the middle of a change leaves none half-done. What is not
// atomic is the step between a queue's critical section and the counts of
// the handles its message holds: a process killed just between them leaks
// those references (the objects are never freed), and never frees an
// object still in use. For pipe ends the same transitions also move the
// end's copy count (see Conn), so that an end in flight is open and one
// whose receiver died is closed.

// ref is what every handle object holds: which object of which arena it
// names (its offset, and the generation that tells a reused offset apart),
// and the reference it counts on it.
type ref struct {
	a    *Arena
	off  Off
	gen  uint32
	kind Kind
	h    holder
}

// rel is what dropping a reference to the object takes (types whose
// references weigh more, or close something first, have their own).
func (r *ref) rel() relArg { return relArg{a: r.a, off: r.off, gen: r.gen, kind: r.kind} }

// Handle identifies the object to other processes.
func (r *ref) Handle() []byte {
	return r.a.encodeHandle(handle{kind: r.kind, gen: r.gen, off: r.off})
}

// holder is the part of a handle object that owns its reference.
type holder struct {
	cl   runtime.Cleanup
	done atomic.Bool
}

// relArg is what a handle object's cleanup needs to drop its reference.
// It must not refer to the handle object itself.
type relArg struct {
	a      *Arena
	off    Off
	gen    uint32
	kind   Kind
	weight int32
	end    int32
	conn   *connState // a pipe end copy to close first, or nil
}

// track makes p, a new handle object holding a reference, drop it when it
// becomes unreachable.
func track[T any](p *T, h *holder, r relArg) {
	if r.weight == 0 {
		r.weight = 1
	}
	h.cl = runtime.AddCleanup(p, runCleanup, r)
	gcPressure(int64(r.weight))
}

func runCleanup(r relArg) { r.a.releaseHandle(r) }

// unref drops the reference at once, instead of at garbage collection.
func (h *holder) unref(r relArg) {
	if h.done.Swap(true) {
		return
	}
	h.cl.Stop()
	r.a.releaseHandle(r)
}

// forget stops the cleanup of a handle object whose object is destroyed
// outright (Destroy).
func (h *holder) forget(weight int32) {
	if h.done.Swap(true) {
		return
	}
	h.cl.Stop()
	gcp.live.Add(-int64(weight))
}

func (a *Arena) releaseHandle(r relArg) {
	gcp.live.Add(-int64(r.weight))
	if !a.enter() {
		return
	}
	defer a.leave()
	if r.conn != nil {
		a.closeCopy(r)
	}
	a.refOp(refRelease, handle{kind: r.kind, off: r.off, gen: r.gen}, self)
}

// enter protects background work (cleanups, reaping, sweeping) against a
// concurrent Close: it reports false once the arena is closed.
func (a *Arena) enter() bool {
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return false
	}
	return true
}

func (a *Arena) leave() { a.mu.RUnlock() }

// Memory the arena holds is invisible to Go's garbage collector, which may
// then run too rarely to release handles: a loop creating queues would fill
// the arena between two collections. So handle creations count a weight
// (Queue and Pipe, which hold a 64 KiB segment once used, more), and once
// the weight created since the last collection reaches gcMinDebt and half
// the weight alive, a collection is started in the background; past four
// times that, the creator waits for one.
const gcMinDebt = 4096

var gcp struct {
	debt    atomic.Int64 // weight of handles created since the last collection
	live    atomic.Int64 // weight of handles not yet released
	running atomic.Bool
}

func gcPressure(w int64) {
	d := gcp.debt.Add(w)
	l := gcp.live.Add(w)
	if d < gcMinDebt || 2*d < l {
		return
	}
	if d >= 4*gcMinDebt {
		// The collections started do not keep up with a loop creating
		// handles: make it wait for one.
		runtime.GC()
		return
	}
	if gcp.running.CompareAndSwap(false, true) {
		go func() {
			runtime.GC()
			gcp.running.Store(false)
		}()
	}
}

// A sentinel object, re-armed by its own cleanup, tells when a collection
// happened.
type gcSentinel struct {
	_ *int
	_ [16]byte
}

func armGCSentinel() {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		gcp.debt.Store(0)
		armGCSentinel()
	}, struct{}{})
}

func init() { armGCSentinel() }

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
func (a *Arena) refOp(op refKind, h handle, pid uint32) bool {
	a.lock()
	j := a.arenaJournal()
	ok, dead := a.refOpLocked(j, op, h, pid)
	a.commit(j)
	a.unlock()
	if dead {
		a.teardownAll(h)
	}
	return ok
}

func (a *Arena) refOpLocked(j journal, op refKind, h handle, pid uint32) (ok, dead bool) {
	p, err := a.object(h.off, h.kind, h.gen)
	if err != nil {
		return false, false
	}
	oh := (*objHeader)(p)
	refs := atomic.LoadUint32(&oh.refs)
	switch op {
	case refNew, refAttach:
		e, err := a.rtGet(j, oh, pid)
		if err != nil {
			return false, false
		}
		if op == refAttach {
			src := e
			if atomic.LoadUint32(&src.b) == 0 && h.aux != pid && h.aux != 0 {
				// A child attaching what its parent reserved for it,
				// before the parent gave it (see Transfer).
				src = a.rtFind(oh, h.aux)
			}
			if src != nil && atomic.LoadUint32(&src.b) > 0 {
				j.set32(&src.b, atomic.LoadUint32(&src.b)-1)
				j.set32(&e.a, atomic.LoadUint32(&e.a)+1)
				return true, false
			}
		}
		j.set32(&e.a, atomic.LoadUint32(&e.a)+1)
		j.set32(&oh.refs, refs+1)
	case refRelease:
		if e := a.rtFind(oh, pid); e != nil && atomic.LoadUint32(&e.a) > 0 {
			j.set32(&e.a, atomic.LoadUint32(&e.a)-1)
			return true, a.unrefLocked(j, h.off, oh)
		}
		return true, false
	case refInflight, refPin:
		j.set32(&oh.refs, refs+1)
	case refDrop:
		return true, a.unrefLocked(j, h.off, oh)
	case refReceive, refReserve:
		e, err := a.rtGet(j, oh, pid)
		if err != nil {
			// No room to record the receiver: the reference stays
			// in flight, charged to nobody (a leak, not a fault).
			return op == refReceive, false
		}
		j.set32(&e.b, atomic.LoadUint32(&e.b)+1)
		if op == refReserve {
			j.set32(&oh.refs, refs+1)
		}
	case refGive:
		if e := a.rtFind(oh, self); e == nil || atomic.LoadUint32(&e.b) == 0 {
			return false, false // attached meanwhile, by us or by the child
		}
		// rtGet may move the table: look our entry up again after it.
		to, err := a.rtGet(j, oh, pid)
		if err != nil {
			return false, false
		}
		e := a.rtFind(oh, self)
		j.set32(&e.b, atomic.LoadUint32(&e.b)-1)
		j.set32(&to.b, atomic.LoadUint32(&to.b)+1)
	case refCancel:
		e := a.rtFind(oh, self)
		if e == nil || atomic.LoadUint32(&e.b) == 0 {
			return false, false
		}
		j.set32(&e.b, atomic.LoadUint32(&e.b)-1)
		return true, a.unrefLocked(j, h.off, oh)
	}
	return true, false
}

// unrefLocked drops one reference; at zero it unregisters the object and
// reports true: the caller must tear it down (teardownAll).
func (a *Arena) unrefLocked(j journal, off Off, oh *objHeader) bool {
	refs := atomic.LoadUint32(&oh.refs)
	if refs > 1 {
		j.set32(&oh.refs, refs-1)
		return false
	}
	j.set32(&oh.refs, 0)
	a.unlinkLocked(j, off, oh)
	return true
}

// unlinkLocked (arena lock held) takes the object out of the registry and
// marks it destroyed, so no handle validates any more; its block stays
// allocated until teardown.
func (a *Arena) unlinkLocked(j journal, off Off, oh *objHeader) {
	next, prev := atomic.LoadUint64(&oh.next), atomic.LoadUint64(&oh.prev)
	if prev != 0 {
		j.set64(&a.hdrAt(Off(prev)).next, next)
	} else {
		j.set64(&a.h.objHead, next)
	}
	if next != 0 {
		j.set64(&a.hdrAt(Off(next)).prev, prev)
	}
	j.set32(&a.h.nobj, atomic.LoadUint32(&a.h.nobj)-1)
	j.set32(&oh.kind, 0)
	if t := atomic.LoadUint32(&oh.rtab); t != 0 {
		j.set32(&oh.rtab, 0)
		a.free(j, Off(t)<<4)
	}
}

// teardownAll tears down the unregistered object h, then drops the
// references it held, tearing down in turn those that reach zero.
func (a *Arena) teardownAll(h handle) {
	work := []handle{h}
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

// dropInflight drops a reference held by a message or another object (a
// pipe end named by a message is also one copy of that end); it reports
// whether the object must be torn down (the caller does it).
func (a *Arena) dropInflight(h handle) bool {
	if h.kind == KindPipe {
		a.pipeCopies(h, copyDrop, 0)
	}
	a.lock()
	j := a.arenaJournal()
	_, dead := a.refOpLocked(j, refDrop, h, 0)
	a.commit(j)
	a.unlock()
	return dead
}

// rtFind returns pid's entry in the object's holder table, or nil.
func (a *Arena) rtFind(oh *objHeader, pid uint32) *pidEnt {
	if atomic.LoadUint32(&oh.own.pid) == pid {
		return &oh.own
	}
	if t := atomic.LoadUint32(&oh.rtab); t != 0 {
		return a.ptFind(uint64(t)<<4, pid)
	}
	return nil
}

// rtGet (arena lock held) finds or adds pid's entry in the holder table.
func (a *Arena) rtGet(j journal, oh *objHeader, pid uint32) (*pidEnt, error) {
	if e := a.rtFind(oh, pid); e != nil {
		return e, nil
	}
	if oh.own.empty() {
		j.set32(&oh.own.pid, pid)
		return &oh.own, nil
	}
	tab := uint64(atomic.LoadUint32(&oh.rtab)) << 4
	old := a.ptEntries(tab)
	for i := range old {
		if e := &old[i]; e.empty() {
			j.set32(&e.pid, pid)
			return e, nil
		}
	}
	ncap := 2 * len(old)
	if ncap == 0 {
		ncap = 4
	}
	size := ptHdr + ncap*int(unsafe.Sizeof(pidEnt{}))
	nt, err := a.alloc(j, size)
	if err != nil {
		return nil, err
	}
	// A new block: plain stores (a rollback frees it).
	clear(a.Bytes(nt, size))
	atomic.StoreUint32(a.u32(nt), uint32(ncap))
	ne := a.ptEntries(uint64(nt))
	copy(ne, old)
	j.set32(&oh.rtab, uint32(nt>>4))
	if tab != 0 {
		a.free(j, Off(tab))
	}
	e := &ne[len(old)]
	j.set32(&e.pid, pid)
	return e, nil
}

// reapRefs drops the references the dead process pid held or had received,
// and tears down the objects left without any.
func (a *Arena) reapRefs(pid uint32) {
	var dead []handle
	a.lock()
	j := a.arenaJournal()
	for off := atomic.LoadUint64(&a.h.objHead); off != 0; {
		oh := a.hdrAt(Off(off))
		next := atomic.LoadUint64(&oh.next)
		if e := a.rtFind(oh, pid); e != nil {
			n := atomic.LoadUint32(&e.a) + atomic.LoadUint32(&e.b)
			j.set32(&e.a, 0)
			j.set32(&e.b, 0)
			j.set32(&e.c, 0)
			j.set32(&e.pid, 0)
			refs := atomic.LoadUint32(&oh.refs)
			if n >= refs && refs > 0 {
				dead = append(dead, handle{kind: Kind(atomic.LoadUint32(&oh.kind)), gen: atomic.LoadUint32(&oh.gen), off: Off(off)})
				j.set32(&oh.refs, 0)
				a.unlinkLocked(j, Off(off), oh)
			} else if n > 0 {
				j.set32(&oh.refs, refs-n)
			}
			j.commit()
		}
		off = next
	}
	a.commit(j)
	a.unlock()
	for _, h := range dead {
		a.teardownAll(h)
	}
}

// pin takes a temporary reference on a live object, so that it cannot be
// torn down while the reaper works on it; unpin drops it.
func (a *Arena) pin(r objRef) (unsafe.Pointer, bool) {
	h := handle{kind: r.kind, off: r.off, gen: r.gen}
	if !a.refOp(refPin, h, 0) {
		return nil, false
	}
	return a.ptr(r.off), true
}

func (a *Arena) unpin(r objRef) {
	a.refOp(refDrop, handle{kind: r.kind, off: r.off, gen: r.gen}, 0)
}

// teardown frees the storage of the unregistered object h and returns the
// references it held: those of its unread messages, and its lock.
func (a *Arena) teardown(h handle) []handle {
	var out []handle
	p := a.ptr(h.off)
	switch h.kind {
	case KindSemaphore:
		a.ptFree(atomic.LoadUint64(&(*semObj)(p).tab))
	case KindBarrier:
		a.ptFree(atomic.LoadUint64(&(*barrierObj)(p).tab))
	case KindCondition:
		o := (*condObj)(p)
		for off := atomic.LoadUint64(&o.slots); off != 0; {
			next := atomic.LoadUint64(&(*slotBlock)(a.ptr(Off(off))).next)
			a.Free(Off(off))
			off = next
		}
		out = append(out, handle{kind: Kind(o.lockKind), gen: o.lockGen, off: Off(o.lockOff)})
	case KindBlock:
		o := (*blockObj)(p)
		a.Free(Off(o.dataOff))
		if o.lockOff != 0 {
			out = append(out, handle{kind: Kind(o.lockKind), gen: o.lockGen, off: Off(o.lockOff)})
		}
	case KindQueue:
		o := (*queueObj)(p)
		// No process holds a reference, so none can be using the queue;
		// one that died inside it left its lock and journal.
		if a.lockForReap(&o.lock, 0) {
			a.journal(&o.jn, o.je[:]).rollback()
		}
		out = a.ringFree(&o.r, out)
		a.ptFree(atomic.LoadUint64(&o.tab))
	case KindPipe:
		o := (*pipeObj)(p)
		if a.lockForReap(&o.lock, 0) {
			a.journal(&o.jn, o.je[:]).rollback()
		}
		for e := 0; e < 2; e++ {
			out = a.ringFree(&o.r[e], out)
			a.ptFree(atomic.LoadUint64(&o.tab[e]))
		}
	}
	a.Free(h.off)
	return out
}

// forceDestroy is Destroy: it unregisters the object whatever its count
// and tears it down. It reports false if the object was already gone.
func (a *Arena) forceDestroy(h handle) bool {
	a.lock()
	p, err := a.object(h.off, h.kind, h.gen)
	if err != nil {
		a.unlock()
		return false
	}
	j := a.arenaJournal()
	j.set32(&(*objHeader)(p).refs, 0)
	a.unlinkLocked(j, h.off, (*objHeader)(p))
	a.commit(j)
	a.unlock()
	a.teardownAll(h)
	return true
}

// Refs returns the number of references to the object a handle names (0 if
// it is gone), for tests and diagnostics.
func (a *Arena) Refs(h []byte) int {
	d, err := a.decodeHandle(h)
	if err != nil {
		return 0
	}
	a.lock()
	defer a.unlock()
	p, err := a.object(d.off, d.kind, d.gen)
	if err != nil {
		return 0
	}
	return int(atomic.LoadUint32(&(*objHeader)(p).refs))
}

// scanHandles calls fn for every handle of this arena found in msg. Handles
// travel inside messages as their 28 bytes, whatever encodes them around
// (the codec, msgpack payloads), and carry the arena's random 64-bit id,
// so they can be found without knowing the message's format; bytes that
// happen to look like a handle but name no live object are ignored by the
// reference operations, the same way on both sides of a transfer.
func (a *Arena) scanHandles(msg []byte, fn func(h handle)) {
	var id [8]byte
	binary.LittleEndian.PutUint64(id[:], a.h.id)
	for i := 0; i+handleLen <= len(msg); {
		k := bytes.Index(msg[i:], id[:])
		if k < 0 {
			return
		}
		p := i + k
		if s := p - 16; s >= 0 && s+handleLen <= len(msg) {
			if h, err := a.decodeHandle(msg[s : s+handleLen]); err == nil && h.kind > 0 && h.kind < kindMax {
				fn(h)
				i = s + handleLen
				continue
			}
		}
		i = p + 1
	}
}

// mayHoldHandles reports whether msg may hold a handle of this arena: only
// if this process ever made one (Handle) and the arena id occurs in it.
func (a *Arena) mayHoldHandles(msg []byte) bool {
	if !a.madeHandles.Load() || len(msg) < handleLen {
		return false
	}
	var id [8]byte
	binary.LittleEndian.PutUint64(id[:], a.h.id)
	return bytes.Contains(msg, id[:])
}

// sendRefs counts one in-flight reference for each handle in msg, which is
// about to be put in a queue or pipe. It returns them, for dropRefs if the
// message is not put after all.
func (a *Arena) sendRefs(msg []byte) []handle {
	if !a.mayHoldHandles(msg) {
		return nil
	}
	var hs []handle
	a.scanHandles(msg, func(h handle) {
		if a.refOp(refInflight, h, 0) {
			if h.kind == KindPipe {
				a.pipeCopies(h, copyInflight, 0)
			}
			hs = append(hs, h)
		}
	})
	return hs
}

// dropRefs drops the in-flight references sendRefs counted.
func (a *Arena) dropRefs(hs []handle) {
	for _, h := range hs {
		if a.dropInflight(h) {
			a.teardownAll(h)
		}
	}
}

// receiveRefs turns the in-flight references of the handles in msg, just
// taken out of a queue or pipe, into references received by this process:
// its Attach of them consumes them.
func (a *Arena) receiveRefs(msg []byte) {
	a.scanHandles(msg, func(h handle) {
		if h.kind == KindPipe {
			a.pipeCopies(h, copyReceive, self)
		}
		a.refOp(refReceive, h, self)
	})
}

// messageRefs appends the handles of message msg (of a ring being freed)
// to out.
func (a *Arena) messageRefs(msg []byte, out []handle) []handle {
	a.scanHandles(msg, func(h handle) { out = append(out, h) })
	return out
}

// Transfer is the set of handles in a child's bootstrap (its arguments, a
// builtin's payload), counted as received by the parent until the child's
// pid is known (Give): then by the child, so that they are released if it
// dies before attaching them, and keep the objects (and pipe ends) alive
// until it does. A nil *Transfer is valid and does nothing.
type Transfer struct {
	a  *Arena
	hs []handle
}

// Reserve counts the handles found in data as received by this process
// and returns them as a Transfer, or nil if there are none. Call it before
// starting the child, then Give or Cancel.
func (a *Arena) Reserve(data ...[]byte) *Transfer {
	if a == nil {
		return nil
	}
	var hs []handle
	for _, d := range data {
		a.scanHandles(d, func(h handle) {
			if a.refOp(refReserve, h, self) {
				if h.kind == KindPipe {
					a.pipeCopies(h, copyReserve, self)
				}
				hs = append(hs, h)
			}
		})
	}
	if len(hs) == 0 {
		return nil
	}
	return &Transfer{a: a, hs: hs}
}

// Give passes the handles to the child pid: from now on they are its, to
// attach or to lose when it dies. Call it before the child can be reaped
// (before it is listed in the process table).
func (t *Transfer) Give(pid int) {
	if t == nil {
		return
	}
	for _, h := range t.hs {
		if h.kind == KindPipe {
			t.a.pipeCopies(h, copyGive, uint32(pid))
		}
		t.a.refOp(refGive, h, uint32(pid))
	}
	t.hs = nil
}

// Cancel drops the reservation (the child was not started).
func (t *Transfer) Cancel() {
	if t == nil {
		return
	}
	for _, h := range t.hs {
		if h.kind == KindPipe {
			t.a.pipeCopies(h, copyCancel, self)
		}
		t.a.refOp(refCancel, h, self)
	}
	t.hs = nil
}
