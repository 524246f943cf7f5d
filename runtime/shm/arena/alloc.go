package arena

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// The allocator works in two tiers, all its metadata in the arena and every
// change journaled under the arena lock:
//
//   - Spans: runs of 64 KiB chunks, for anything above 4 KiB (queue
//     segments, big messages, arrays). A chunk map entry per chunk records
//     span heads and, for free spans, the tail too, so a freed span merges
//     with free neighbours in O(1). Free spans sit in lists by length,
//     dirty ones (freed, pages possibly resident) apart from clean ones
//     (punched out of the memfd, or never used); the two never merge, so
//     dirtiness is exact. Allocation takes dirty memory first (no page
//     faults); dirty memory is punched (returned to the OS) past
//     dirtyHigh chunks, largest spans first, and by Sweep once it stayed
//     unused.
//   - Small blocks: power-of-two classes from 16 B to 4 KiB, carved from
//     one-chunk slabs, kept in free lists. Shared objects live here, which
//     lets handle validation check that an offset is a block start.

// Alloc allocates n bytes and returns their offset. Blocks of up to 4 KiB are
// zeroed; larger ones hold whatever was there (zero if never used).
func (a *Arena) Alloc(n int) (Off, error) {
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	off, err := a.AllocLocked(j, n)
	a.Commit(j)
	return off, err
}

// AllocFresh is Alloc that also reports whether the memory is known to
// read as zeros (never used, or returned to the OS), so that a caller
// wanting zeros need not clear it, and its pages stay untouched.
func (a *Arena) AllocFresh(n int) (Off, bool, error) {
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	off, fresh, err := a.allocFresh(j, n)
	a.Commit(j)
	return off, fresh, err
}

// Free returns the block at off to the allocator.
func (a *Arena) Free(off Off) error {
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	err := a.FreeLocked(j, off)
	a.Commit(j)
	return err
}

// Commit ends a transaction of the arena lock (ArenaJournal), then, if too
// much freed memory is still resident, returns some to the OS in small
// transactions of its own: punching is an optimisation that must not make
// the journal of the real work overflow.
func (a *Arena) Commit(j Journal) {
	j.Commit()
	if atomic.LoadUint32(&a.h.dirty) > dirtyHigh {
		a.punchDown(j, dirtyLow)
	}
}

func classOf(n int) int {
	c, sz := 0, minClass
	for sz < n {
		sz <<= 1
		c++
	}
	return c
}

// AllocLocked is Alloc inside a transaction of the arena lock.
func (a *Arena) AllocLocked(j Journal, n int) (Off, error) {
	off, _, err := a.allocFresh(j, n)
	return off, err
}

// MaxObjectSize is the largest block AllocObject gives.
const MaxObjectSize = maxSmall

// AllocObject allocates a zeroed block of size bytes (at most MaxObjectSize) in the
// slabs kept for shared objects, inside a transaction of the arena lock.
// IsObject accepts exactly such blocks' offsets.
func (a *Arena) AllocObject(j Journal, size uintptr) (Off, error) {
	return a.allocSmall(j, nClasses+classOf(int(size)))
}

// IsObject reports whether off starts a block of AllocObject at least n
// bytes long. The checks go from cheap bounds to the chunk map, so no
// offset makes it touch memory outside the arena, and no data block passes.
func (a *Arena) IsObject(off Off, n uintptr) bool {
	if uint64(off)+uint64(n) > a.size || off&15 != 0 {
		return false
	}
	idx := uint64(off) >> chunkShift
	if idx < uint64(a.h.firstData) || idx >= uint64(atomic.LoadUint32(&a.h.top)) {
		return false
	}
	w := atomic.LoadUint32(&a.cmap[idx].w)
	c := int(w>>8) & 0xff
	return w&0xff == ckSmall && c >= nClasses && c < 2*nClasses &&
		(uint64(off)&(chunkSize-1))%(uint64(minClass)<<(c-nClasses)) == 0
}

// allocFresh is AllocLocked that also reports whether a span came from memory
// not resident (clean or never used): its first writer takes a page fault
// per page, unless it populates the span first (populate).
func (a *Arena) allocFresh(j Journal, n int) (Off, bool, error) {
	if n <= 0 {
		n = 1
	}
	if n <= maxSmall {
		off, err := a.allocSmall(j, classOf(n))
		return off, false, err
	}
	nc := (uint64(n) + chunkSize - 1) >> chunkShift
	if nc >= uint64(a.h.nchunks) {
		return 0, false, ErrNoSpace
	}
	idx, fresh, err := a.spanAlloc(j, uint32(nc))
	if err != nil {
		return 0, false, err
	}
	return Off(idx) << chunkShift, fresh, nil
}

// Populate makes the pages of [off, off+n) resident and mapped for writing
// in one system call, instead of one page fault per page on first write.
// Only worth it for memory about to be written whole.
func (a *Arena) Populate(off Off, n int) {
	unix.Madvise(a.Bytes(off, n), unix.MADV_POPULATE_WRITE)
}

func (a *Arena) allocSmall(j Journal, c int) (Off, error) {
	h := a.h
	size := uint64(minClass) << (c % nClasses)
	var off uint64
	if head := atomic.LoadUint64(&h.smallFree[c]); head != 0 {
		off = head
		j.Set64(&h.smallFree[c], atomic.LoadUint64(a.U64(Off(head))))
	} else {
		cur, end := atomic.LoadUint64(&h.smallCur[c]), atomic.LoadUint64(&h.smallEnd[c])
		if cur == 0 || cur+size > end {
			idx, _, err := a.spanAlloc(j, 1)
			if err != nil {
				return 0, err
			}
			j.Set32(&a.cmap[idx].w, ckSmall|uint32(c)<<8)
			cur = uint64(idx) << chunkShift
			j.Set64(&h.smallEnd[c], cur+chunkSize)
		}
		off = cur
		j.Set64(&h.smallCur[c], cur+size)
	}
	clear(a.Bytes(Off(off), int(size)))
	return Off(off), nil
}

// FreeLocked is Free inside a transaction of the arena lock.
func (a *Arena) FreeLocked(j Journal, off Off) error {
	idx := uint64(off) >> chunkShift
	if idx < uint64(a.h.firstData) || idx >= uint64(atomic.LoadUint32(&a.h.top)) {
		return ErrBadFree
	}
	e := &a.cmap[idx]
	w := atomic.LoadUint32(&e.w)
	switch w & 0xff {
	case ckSmall:
		c := int(w>>8) & 0xff
		if c >= 2*nClasses || (uint64(off)&(chunkSize-1))%(uint64(minClass)<<(c%nClasses)) != 0 {
			return ErrBadFree
		}
		j.Set64(a.U64(off), atomic.LoadUint64(&a.h.smallFree[c]))
		j.Set64(&a.h.smallFree[c], uint64(off))
		return nil
	case ckSpan:
		if uint64(off)&(chunkSize-1) != 0 {
			return ErrBadFree
		}
		a.spanFree(j, uint32(idx))
		return nil
	}
	return ErrBadFree
}

func bucket(n uint32) int {
	if n <= 64 {
		return int(n) - 1
	}
	return 64
}

// listOf is the free list a span of n chunks belongs to.
func (a *Arena) listOf(n uint32, dirty bool) *uint32 {
	d := 0
	if dirty {
		d = 1
	}
	return &a.h.spanHead[d][bucket(n)]
}

func (a *Arena) listPush(j Journal, idx uint32) {
	e := &a.cmap[idx]
	w := atomic.LoadUint32(&e.w)
	hp := a.listOf(atomic.LoadUint32(&e.n), w&ckDirty != 0)
	head := atomic.LoadUint32(hp)
	j.Set32(&e.next, head)
	j.Set32(&e.prev, 0)
	if head != 0 {
		j.Set32(&a.cmap[head].prev, idx)
	}
	j.Set32(hp, idx)
}

func (a *Arena) listRemove(j Journal, idx uint32) {
	e := &a.cmap[idx]
	next, prev := atomic.LoadUint32(&e.next), atomic.LoadUint32(&e.prev)
	if prev != 0 {
		j.Set32(&a.cmap[prev].next, next)
	} else {
		j.Set32(a.listOf(atomic.LoadUint32(&e.n), atomic.LoadUint32(&e.w)&ckDirty != 0), next)
	}
	if next != 0 {
		j.Set32(&a.cmap[next].prev, prev)
	}
}

// takeFree removes free span idx from its list and from the dirty count,
// and clears its head and tail marks.
func (a *Arena) takeFree(j Journal, idx uint32) (n uint32, dirty bool) {
	e := &a.cmap[idx]
	n = atomic.LoadUint32(&e.n)
	dirty = atomic.LoadUint32(&e.w)&ckDirty != 0
	a.listRemove(j, idx)
	if dirty {
		j.Set32(&a.h.dirty, atomic.LoadUint32(&a.h.dirty)-n)
	}
	j.Set32(&e.w, 0)
	j.Set32(&a.cmap[idx+n-1].w, 0)
	return n, dirty
}

// putFree records [idx, idx+n) as one free span and lists it.
func (a *Arena) putFree(j Journal, idx, n uint32, dirty bool) {
	w := uint32(ckFree)
	if dirty {
		w |= ckDirty
		j.Set32(&a.h.dirty, atomic.LoadUint32(&a.h.dirty)+n)
	}
	if n == 1 {
		w |= ckTailFree
	} else {
		t := &a.cmap[idx+n-1]
		j.Set32(&t.w, ckTailFree)
		j.Set32(&t.n, n)
	}
	e := &a.cmap[idx]
	j.Set32(&e.w, w)
	j.Set32(&e.n, n)
	a.listPush(j, idx)
}

// freeLeft returns the head of the free span that ends just before chunk
// idx, or 0.
func (a *Arena) freeLeft(idx uint32) uint32 {
	if idx <= a.h.firstData {
		return 0
	}
	t := &a.cmap[idx-1]
	if atomic.LoadUint32(&t.w)&ckTailFree == 0 {
		return 0
	}
	return idx - atomic.LoadUint32(&t.n)
}

// freeRight returns idx if a free span starts at chunk idx, or 0.
func (a *Arena) freeRight(idx uint32) uint32 {
	if idx >= atomic.LoadUint32(&a.h.top) || atomic.LoadUint32(&a.cmap[idx].w)&0xff != ckFree {
		return 0
	}
	return idx
}

func (a *Arena) isDirty(idx uint32) bool { return atomic.LoadUint32(&a.cmap[idx].w)&ckDirty != 0 }

// findFree returns the first free span of at least n chunks in the dirty
// or clean lists (smallest bucket first), or 0.
func (a *Arena) findFree(n uint32, dirty bool) uint32 {
	d := 0
	if dirty {
		d = 1
	}
	for b := bucket(n); b < nSpanBuckets; b++ {
		for i := atomic.LoadUint32(&a.h.spanHead[d][b]); i != 0; i = atomic.LoadUint32(&a.cmap[i].next) {
			if atomic.LoadUint32(&a.cmap[i].n) >= n {
				return i
			}
		}
	}
	return 0
}

// spanAlloc takes n chunks: from a dirty free span if one fits (its pages
// are likely resident: no page faults), else from a clean one, else from
// the never-used region.
func (a *Arena) spanAlloc(j Journal, n uint32) (idx uint32, fresh bool, err error) {
	h := a.h
	var found uint32
	if atomic.LoadUint32(&h.dirty) >= n {
		found = a.findFree(n, true)
	}
	if found == 0 {
		fresh = true
		found = a.findFree(n, false)
	}
	if found == 0 {
		top := atomic.LoadUint32(&h.top)
		if uint64(top)+uint64(n) > uint64(h.nchunks) {
			// Dirty and clean spans do not merge: returning everything
			// to the OS may make room. Only as the transaction's first
			// step, since punching commits.
			if j.empty() && atomic.LoadUint32(&h.dirty) > 0 {
				a.punchDown(j, 0)
				return a.spanAlloc(j, n)
			}
			return 0, false, ErrNoSpace
		}
		j.Set32(&h.top, top+n)
		found = top
	} else {
		have, dirty := a.takeFree(j, found)
		if have > n {
			a.putFree(j, found+n, have-n, dirty)
		}
	}
	e := &a.cmap[found]
	j.Set32(&e.w, ckSpan)
	j.Set32(&e.n, n)
	return found, fresh, nil
}

// spanFree frees span idx. It becomes a dirty free span, merged with the
// dirty free spans next to it; clean neighbours stay apart, so that
// dirtiness is exact and punching touches only memory that was used.
func (a *Arena) spanFree(j Journal, idx uint32) {
	n := atomic.LoadUint32(&a.cmap[idx].n)
	start, end := idx, idx+n
	j.Set32(&a.cmap[idx].w, 0)
	if l := a.freeLeft(idx); l != 0 && a.isDirty(l) {
		ln, _ := a.takeFree(j, l)
		start, n = l, n+ln
	}
	if r := a.freeRight(end); r != 0 && a.isDirty(r) {
		rn, _ := a.takeFree(j, r)
		n += rn
	}
	a.putFree(j, start, n, true)
}

// punch returns the pages of dirty free span idx to the OS (its contents
// are garbage already; the next user sees zeros), then merges it with the
// clean free spans next to it. It returns the merged span.
func (a *Arena) punch(j Journal, idx uint32) uint32 {
	e := &a.cmap[idx]
	if atomic.LoadUint32(&e.w)&(0xff|ckDirty) != ckFree|ckDirty {
		return idx
	}
	n := atomic.LoadUint32(&e.n)
	unix.Fallocate(a.fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE,
		int64(idx)<<chunkShift, int64(n)<<chunkShift)
	atomic.AddUint64(&a.h.punches, 1)
	a.takeFree(j, idx)
	start, end := idx, idx+n
	if l := a.freeLeft(idx); l != 0 && !a.isDirty(l) {
		ln, _ := a.takeFree(j, l)
		start, n = l, n+ln
	}
	if r := a.freeRight(end); r != 0 && !a.isDirty(r) {
		rn, _ := a.takeFree(j, r)
		n += rn
	}
	a.putFree(j, start, n, false)
	return start
}

// punchDown punches dirty spans, largest first, until at most limit chunks
// are dirty. Each punch is a transaction of its own.
func (a *Arena) punchDown(j Journal, limit uint32) {
	for b := nSpanBuckets - 1; b >= 0; b-- {
		for atomic.LoadUint32(&a.h.dirty) > limit {
			i := atomic.LoadUint32(&a.h.spanHead[1][b])
			if i == 0 {
				break
			}
			a.punch(j, i)
			j.Commit()
		}
	}
}

// Trim returns every free chunk's memory to the OS.
func (a *Arena) Trim() {
	a.Lock()
	defer a.Unlock()
	a.punchDown(a.ArenaJournal(), 0)
}

// Sweep returns to the OS the free memory that stayed unused since the
// previous Sweep: dirty free spans seen by the last call and neither
// reused nor merged since are punched, the others are marked for the next
// call. The root's Watch calls it about once a second, so that memory freed
// and not reused goes back to the OS within a few seconds even when the
// tree is idle.
func (a *Arena) Sweep() {
	if !a.Enter() {
		return
	}
	defer a.Leave()
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	for b := nSpanBuckets - 1; b >= 0; b-- {
		for i := atomic.LoadUint32(&a.h.spanHead[1][b]); i != 0; {
			next := atomic.LoadUint32(&a.cmap[i].next)
			if w := atomic.LoadUint32(&a.cmap[i].w); w&ckOld != 0 {
				a.punch(j, i)
			} else {
				j.Set32(&a.cmap[i].w, w|ckOld)
			}
			j.Commit()
			i = next
		}
	}
}

// HasDirty reports whether freed memory awaits its return to the OS (Sweep
// has work).
func (a *Arena) HasDirty() bool { return atomic.LoadUint32(&a.h.dirty) > 0 }
