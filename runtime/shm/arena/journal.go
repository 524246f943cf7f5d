package arena

import (
	"sync/atomic"
	"unsafe"
)

// A Journal is the undo log of one lock's critical section. Every store to
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
type Journal struct {
	a *Arena
	n *uint32
	e []JEntry
}

// JEntry is one logged store; a journal's entries live next to its lock.
type JEntry struct {
	offOp uint64 // offset<<2 | op
	old   uint64
}

const (
	opSet32 = 1
	opSet64 = 2
)

// Journal is the journal whose length word is n and entries e (both in
// the arena, next to the lock they belong to).
func (a *Arena) Journal(n *uint32, e []JEntry) Journal { return Journal{a, n, e} }

// ArenaJournal is the journal of the arena lock (Lock), which guards the
// allocator and what the layers above keep in chunk 0 (Reserved).
func (a *Arena) ArenaJournal() Journal { return a.Journal(&a.h.jn, a.h.je[:]) }

func (j Journal) empty() bool { return atomic.LoadUint32(j.n) == 0 }

func (j Journal) log(p unsafe.Pointer, op uint64, old uint64) {
	i := *j.n
	if int(i) >= len(j.e) {
		panic("shm: journal overflow")
	}
	e := &j.e[i]
	store64(&e.old, old)
	store64(&e.offOp, uint64(j.a.offOf(p))<<2|op)
	publish(j.n, i+1)
}

// Set32 stores v at p, logging the old value first.
func (j Journal) Set32(p *uint32, v uint32) {
	old := *p
	if old == v {
		return
	}
	j.log(unsafe.Pointer(p), opSet32, uint64(old))
	store32(p, v)
}

// Set64 stores v at p, logging the old value first.
func (j Journal) Set64(p *uint64, v uint64) {
	old := *p
	if old == v {
		return
	}
	j.log(unsafe.Pointer(p), opSet64, old)
	store64(p, v)
}

// Commit ends the transaction: its stores stay.
func (j Journal) Commit() { publish(j.n, 0) }

// Rollback undoes the logged stores, newest first. It is idempotent until
// the final clear, so a reaper dying half-way leaves it redoable.
func (j Journal) Rollback() bool {
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
			atomic.StoreUint32(j.a.U32(off), uint32(e.old))
		case opSet64:
			atomic.StoreUint64(j.a.U64(off), e.old)
		}
	}
	atomic.StoreUint32(j.n, 0)
	return true
}
