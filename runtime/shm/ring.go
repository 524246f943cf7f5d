package shm

import (
	"sync/atomic"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/own"
)

// A ring is the storage of a queue or of one direction of a pipe: a FIFO of
// byte messages in a linked list of one-chunk segments.
//
//	segment: next uint64 | record | record | ...
//	record:  len uint32 | kind uint32 | payload padded to 8 bytes
//
// A record's kind has recRefs set when its message holds handles that
// count a reference each (see Arena.SendRefs): its reader, or whoever frees the
// ring, must account for them.
//
// Messages up to inlineMax bytes are copied into the segment; bigger ones
// live in a block of their own (staged, i.e. allocated and filled before the
// queue's lock is taken) and the record holds its offset. A record that does
// not fit at the end of a segment is preceded by a skip record, and the
// writer moves to a new segment; the reader frees a segment once it has
// passed it, so storage shrinks as the ring drains. head and tail pack a
// segment offset (chunk-aligned) with a position below 64 KiB, so each
// moves with one store. The owner's lock guards the ring; every store the
// reader may see goes through the owner's journal, making Put and Get
// atomic against the death of the process doing them.
type ring struct {
	head  uint64
	tail  uint64
	count uint32
	_     uint32
	bytes uint64    // payload bytes held
	wq    own.Waitq // readers waiting for a message
}

const (
	segHdr    = 8
	recHdr    = 8
	inlineMax = 8 << 10

	recInline = 1
	recBig    = 2
	recSkip   = 3
	recType   = 0xff
	recRefs   = 0x100 // flag: the message holds handles with references (own.Arena.SendRefs)

	chunkSize = arena.ChunkSize // a segment
)

func pad8(n int) int { return (n + 7) &^ 7 }

// staged is a big message copied into its own block outside any lock,
// owned by an inflight slot until a ring takes it over.
type staged struct {
	s   *arena.Slot
	off Off
	n   int
}

func stage(a *Arena, msg []byte) (*staged, error) {
	s := a.Claim()
	off, fresh, err := a.AllocTrackedFresh(s, len(msg))
	if err != nil {
		a.Release(s)
		return nil, err
	}
	if fresh {
		a.Populate(off, len(msg))
	}
	copy(a.Bytes(off, len(msg)), msg)
	return &staged{s, off, len(msg)}, nil
}

// unstage frees a staged message that was not put.
func unstage(a *Arena, st *staged) {
	if st.s != nil {
		a.FreeTracked(st.s)
		a.Release(st.s)
	} else {
		a.Free(st.off)
	}
}

func noop() {}

// put appends msg (or the staged st) to the ring; refs marks a message
// holding counted handles. done must run after the transaction commits.
func (r *ring) put(a *Arena, j arena.Journal, msg []byte, st *staged, refs bool) (done func(), err error) {
	var flag uint64
	if refs {
		flag = recRefs << 32
	}
	done = noop
	need := recHdr + pad8(len(msg))
	if st != nil {
		need = recHdr + 8
	}
	tail := atomic.LoadUint64(&r.tail)
	seg, pos := tail&^(chunkSize-1), tail&(chunkSize-1)
	if tail != 0 && atomic.LoadUint32(&r.count) == 0 && pos != segHdr {
		// Empty: start over at the top of the segment instead of
		// walking through new ones.
		pos = segHdr
		j.Set64(&r.head, seg+pos)
	}
	if tail == 0 || pos+uint64(need) >= chunkSize {
		s := a.Claim()
		nseg, err := a.AllocTracked(s, chunkSize)
		if err != nil {
			a.Release(s)
			return done, err
		}
		atomic.StoreUint64(a.U64(nseg), 0)
		if tail == 0 {
			j.Set64(&r.head, uint64(nseg)+segHdr)
		} else {
			// Beyond the committed tail: a rollback needs no undo.
			// (The ring is not empty here: an empty one restarts at
			// the top of its segment, where any record fits.)
			atomic.StoreUint64(a.U64(Off(seg+pos)), uint64(recSkip)<<32)
			j.Set64(a.U64(Off(seg)), uint64(nseg))
		}
		if s != nil {
			j.Hand(s, 0) // the ring owns the segment now
			done = func() { a.Release(s) }
		}
		seg, pos = uint64(nseg), segHdr
	}
	p := Off(seg + pos)
	if st != nil {
		atomic.StoreUint64(a.U64(p+recHdr), uint64(st.off))
		atomic.StoreUint64(a.U64(p), uint64(recBig)<<32|flag|uint64(len(msg)))
		if st.s != nil {
			j.Hand(st.s, 0) // the ring owns the block now
		}
	} else {
		copy(a.Bytes(p+recHdr, len(msg)), msg)
		atomic.StoreUint64(a.U64(p), uint64(recInline)<<32|flag|uint64(len(msg)))
	}
	j.Set64(&r.tail, seg+pos+uint64(need))
	j.Set32(&r.count, atomic.LoadUint32(&r.count)+1)
	j.Set64(&r.bytes, atomic.LoadUint64(&r.bytes)+uint64(len(msg)))
	return done, nil
}

// freeAfter arranges for block off to be freed once the transaction
// commits: an inflight slot takes it over in the transaction, so a death
// after the commit still frees it, and a death before leaves it in place.
func freeAfter(a *Arena, j arena.Journal, off Off) func() {
	s := a.Claim()
	if s == nil {
		return func() { a.Free(off) }
	}
	j.Hand(s, off)
	return func() { a.FreeTracked(s); a.Release(s) }
}

// get removes the oldest message (the ring must not be empty). finish must
// run after the transaction commits and the lock is released; it returns
// the message. refs says the message holds counted handles.
func (r *ring) get(a *Arena, j arena.Journal) (finish func() []byte, refs bool) {
	head := atomic.LoadUint64(&r.head)
	seg, pos := head&^(chunkSize-1), head&(chunkSize-1)
	after := noop
	hdr := atomic.LoadUint64(a.U64(Off(head)))
	if uint32(hdr>>32)&recType == recSkip {
		next := atomic.LoadUint64(a.U64(Off(seg)))
		after = freeAfter(a, j, Off(seg))
		seg, pos = next, segHdr
		hdr = atomic.LoadUint64(a.U64(Off(seg + pos)))
	}
	p := Off(seg + pos)
	n := int(uint32(hdr))
	need := recHdr + pad8(n)
	var out []byte
	var big func()
	refs = uint32(hdr>>32)&recRefs != 0
	if uint32(hdr>>32)&recType == recBig {
		need = recHdr + 8
		blk := Off(atomic.LoadUint64(a.U64(p + recHdr)))
		if s := a.Claim(); s != nil {
			// Copy outside the lock; the slot frees the block even if
			// we die half-way (losing only this message).
			j.Hand(s, blk)
			big = func() {
				out = make([]byte, n)
				copy(out, a.Bytes(blk, n))
				a.FreeTracked(s)
				a.Release(s)
			}
		} else {
			out = make([]byte, n)
			copy(out, a.Bytes(blk, n))
			big = func() { a.Free(blk) }
		}
	} else {
		out = make([]byte, n)
		copy(out, a.Bytes(p+recHdr, n))
	}
	j.Set64(&r.head, seg+pos+uint64(need))
	j.Set32(&r.count, atomic.LoadUint32(&r.count)-1)
	j.Set64(&r.bytes, atomic.LoadUint64(&r.bytes)-uint64(n))
	return func() []byte {
		after()
		if big != nil {
			big()
		}
		return out
	}, refs
}

// free frees all of a ring's storage (its owner is being destroyed) and
// appends to refs the handles its unread messages hold references for.
func (r *ring) free(a *Arena, refs []own.Handle) []own.Handle {
	head := atomic.LoadUint64(&r.head)
	if head == 0 {
		return refs
	}
	seg, pos := head&^(chunkSize-1), head&(chunkSize-1)
	for k := atomic.LoadUint32(&r.count); k > 0; {
		hdr := atomic.LoadUint64(a.U64(Off(seg + pos)))
		n := int(uint32(hdr))
		flags := uint32(hdr >> 32)
		switch flags & recType {
		case recSkip:
			next := atomic.LoadUint64(a.U64(Off(seg)))
			a.Free(Off(seg))
			seg, pos = next, segHdr
			continue
		case recBig:
			blk := Off(atomic.LoadUint64(a.U64(Off(seg + pos + recHdr))))
			if flags&recRefs != 0 {
				refs = a.MessageRefs(a.Bytes(blk, n), refs)
			}
			a.Free(blk)
			pos += recHdr + 8
		default:
			if flags&recRefs != 0 {
				refs = a.MessageRefs(a.Bytes(Off(seg+pos+recHdr), n), refs)
			}
			pos += uint64(recHdr + pad8(n))
		}
		k--
	}
	for seg != 0 {
		next := atomic.LoadUint64(a.U64(Off(seg)))
		a.Free(Off(seg))
		seg = next
	}
	return refs
}
