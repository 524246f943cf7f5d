package shm

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
//     with free neighbours in O(1). Free spans sit in lists by length.
//     Freed memory is punched out of the memfd (returned to the OS) once
//     enough has accumulated, and at once for big spans.
//   - Small blocks: power-of-two classes from 16 B to 4 KiB, carved from
//     one-chunk slabs, kept in free lists. Shared objects live here, which
//     lets handle validation check that an offset is a block start.

// Alloc allocates n bytes and returns their offset. Blocks of up to 4 KiB are
// zeroed; larger ones hold whatever was there (zero if never used).
func (a *Arena) Alloc(n int) (Off, error) {
	a.lock()
	defer a.unlock()
	j := a.arenaJournal()
	off, err := a.alloc(j, n)
	a.commit(j)
	return off, err
}

// Free returns the block at off to the allocator.
func (a *Arena) Free(off Off) error {
	a.lock()
	defer a.unlock()
	j := a.arenaJournal()
	err := a.free(j, off)
	a.commit(j)
	return err
}

// commit ends an allocator transaction (lock held), then returns freed
// memory to the OS in small transactions of its own: punching is an
// optimisation that must not make the journal of the real work overflow.
func (a *Arena) commit(j journal) {
	j.commit()
	if p := a.pendingPunch.Swap(0); p != 0 {
		if atomic.LoadUint32(&a.cmap[p].w)&0xff == ckFree {
			a.punch(j, p)
			j.commit()
		}
	}
	if atomic.LoadUint32(&a.h.dirty) > dirtyLimit {
		a.punchAll(j)
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

func (a *Arena) alloc(j journal, n int) (Off, error) {
	if n <= 0 {
		n = 1
	}
	if n <= maxSmall {
		return a.allocSmall(j, classOf(n))
	}
	nc := (uint64(n) + chunkSize - 1) >> chunkShift
	if nc >= uint64(a.h.nchunks) {
		return 0, ErrNoSpace
	}
	idx, err := a.spanAlloc(j, uint32(nc))
	if err != nil {
		return 0, err
	}
	return Off(idx) << chunkShift, nil
}

func (a *Arena) allocSmall(j journal, c int) (Off, error) {
	h := a.h
	size := uint64(minClass) << (c % nClasses)
	var off uint64
	if head := atomic.LoadUint64(&h.smallFree[c]); head != 0 {
		off = head
		j.set64(&h.smallFree[c], atomic.LoadUint64(a.u64(Off(head))))
	} else {
		cur, end := atomic.LoadUint64(&h.smallCur[c]), atomic.LoadUint64(&h.smallEnd[c])
		if cur == 0 || cur+size > end {
			idx, err := a.spanAlloc(j, 1)
			if err != nil {
				return 0, err
			}
			j.set32(&a.cmap[idx].w, ckSmall|uint32(c)<<8)
			cur = uint64(idx) << chunkShift
			j.set64(&h.smallEnd[c], cur+chunkSize)
		}
		off = cur
		j.set64(&h.smallCur[c], cur+size)
	}
	clear(a.Bytes(Off(off), int(size)))
	return Off(off), nil
}

func (a *Arena) free(j journal, off Off) error {
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
		j.set64(a.u64(off), atomic.LoadUint64(&a.h.smallFree[c]))
		j.set64(&a.h.smallFree[c], uint64(off))
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

func (a *Arena) listPush(j journal, idx uint32) {
	e := &a.cmap[idx]
	b := bucket(atomic.LoadUint32(&e.n))
	head := atomic.LoadUint32(&a.h.spanHead[b])
	j.set32(&e.next, head)
	j.set32(&e.prev, 0)
	if head != 0 {
		j.set32(&a.cmap[head].prev, idx)
	}
	j.set32(&a.h.spanHead[b], idx)
}

func (a *Arena) listRemove(j journal, idx uint32) {
	e := &a.cmap[idx]
	next, prev := atomic.LoadUint32(&e.next), atomic.LoadUint32(&e.prev)
	if prev != 0 {
		j.set32(&a.cmap[prev].next, next)
	} else {
		j.set32(&a.h.spanHead[bucket(atomic.LoadUint32(&e.n))], next)
	}
	if next != 0 {
		j.set32(&a.cmap[next].prev, prev)
	}
}

// takeFree removes free span idx from its list and from the dirty count.
func (a *Arena) takeFree(j journal, idx uint32) (n uint32, dirty bool) {
	e := &a.cmap[idx]
	n = atomic.LoadUint32(&e.n)
	dirty = atomic.LoadUint32(&e.w)&ckDirty != 0
	a.listRemove(j, idx)
	if dirty {
		j.set32(&a.h.dirty, atomic.LoadUint32(&a.h.dirty)-n)
	}
	return n, dirty
}

// putFree records [idx, idx+n) as one free span and lists it.
func (a *Arena) putFree(j journal, idx, n uint32, dirty bool) {
	w := uint32(ckFree)
	if dirty {
		w |= ckDirty
		j.set32(&a.h.dirty, atomic.LoadUint32(&a.h.dirty)+n)
	}
	if n == 1 {
		w |= ckTailFree
	} else {
		t := &a.cmap[idx+n-1]
		j.set32(&t.w, ckTailFree)
		j.set32(&t.n, n)
	}
	e := &a.cmap[idx]
	j.set32(&e.w, w)
	j.set32(&e.n, n)
	a.listPush(j, idx)
}

func (a *Arena) spanAlloc(j journal, n uint32) (uint32, error) {
	h := a.h
	var found uint32
	for b := bucket(n); b < nSpanBuckets && found == 0; b++ {
		for i := atomic.LoadUint32(&h.spanHead[b]); i != 0; i = atomic.LoadUint32(&a.cmap[i].next) {
			if atomic.LoadUint32(&a.cmap[i].n) >= n {
				found = i
				break
			}
		}
	}
	if found == 0 {
		top := atomic.LoadUint32(&h.top)
		if uint64(top)+uint64(n) > uint64(h.nchunks) {
			return 0, ErrNoSpace
		}
		j.set32(&h.top, top+n)
		found = top
	} else {
		have, dirty := a.takeFree(j, found)
		// The old tail is now inside the span: no free marks may remain.
		j.set32(&a.cmap[found+have-1].w, 0)
		if have > n {
			a.putFree(j, found+n, have-n, dirty)
		}
	}
	e := &a.cmap[found]
	j.set32(&e.w, ckSpan)
	j.set32(&e.n, n)
	return found, nil
}

func (a *Arena) spanFree(j journal, idx uint32) {
	h := a.h
	n := atomic.LoadUint32(&a.cmap[idx].n)
	end := idx + n
	start := idx
	j.set32(&a.cmap[idx].w, 0)
	if idx > h.firstData {
		if t := &a.cmap[idx-1]; atomic.LoadUint32(&t.w)&ckTailFree != 0 {
			ln := atomic.LoadUint32(&t.n)
			ls := idx - ln
			a.takeFree(j, ls)
			j.set32(&a.cmap[ls].w, 0)
			j.set32(&t.w, 0)
			start, n = ls, n+ln
		}
	}
	if r := end; r < atomic.LoadUint32(&h.top) {
		if re := &a.cmap[r]; atomic.LoadUint32(&re.w)&0xff == ckFree {
			rn, _ := a.takeFree(j, r)
			j.set32(&a.cmap[r+rn-1].w, 0)
			j.set32(&re.w, 0)
			n += rn
		}
	}
	a.putFree(j, start, n, true)
	if n >= punchNowChunks {
		a.pendingPunch.Store(start)
	}
}

// punch returns the pages of free span idx to the OS. Its contents are
// garbage already; the next user sees zeros.
func (a *Arena) punch(j journal, idx uint32) {
	e := &a.cmap[idx]
	w := atomic.LoadUint32(&e.w)
	if w&ckDirty == 0 {
		return
	}
	n := atomic.LoadUint32(&e.n)
	unix.Fallocate(a.fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE,
		int64(idx)<<chunkShift, int64(n)<<chunkShift)
	j.set32(&e.w, w&^ckDirty)
	j.set32(&a.h.dirty, atomic.LoadUint32(&a.h.dirty)-n)
}

func (a *Arena) punchAll(j journal) {
	for b := 0; b < nSpanBuckets; b++ {
		for i := atomic.LoadUint32(&a.h.spanHead[b]); i != 0; i = atomic.LoadUint32(&a.cmap[i].next) {
			a.punch(j, i)
			j.commit()
		}
	}
}

// Trim returns every free chunk's memory to the OS.
func (a *Arena) Trim() {
	a.lock()
	defer a.unlock()
	a.punchAll(a.arenaJournal())
}
