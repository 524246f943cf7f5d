package own

import (
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// Header starts every shared object. Objects form a doubly linked
// registry (guarded by the arena lock) that the reaper walks. The arena
// lock also guards the reference count and the holders (see refs.go).
type Header struct {
	kind uint32 // 0 once destroyed
	gen  uint32 // unique per creation: a stale handle's gen no longer matches
	next uint64
	prev uint64
	refs uint32 // references of every sort
	rtab uint32 // more holders: offset>>4 of a pid table, 0 if none
	own  PidEnt // the first holder: pid, A: handles, B: received, not attached
}

// Gen is the object's generation.
func (oh *Header) Gen() uint32 { return atomic.LoadUint32(&oh.gen) }

// NewObject allocates a zeroed object of the given size, which starts with
// a Header, lets init fill it in, and registers it, all in one allocator
// transaction. The creator's handle object holds the first reference.
func (a *Arena) NewObject(kind Kind, size uintptr, init func(p unsafe.Pointer)) (Off, unsafe.Pointer, error) {
	if size > arena.MaxObjectSize {
		panic("shm: object too large")
	}
	a.Lock()
	defer a.Unlock()
	j := a.ArenaJournal()
	off, err := a.AllocObject(j, size)
	if err != nil {
		a.Commit(j)
		return 0, nil, err
	}
	p := a.Ptr(off)
	if init != nil {
		init(p)
	}
	r := a.r
	oh := (*Header)(p)
	// The creator's handle is the first reference (a new block: plain
	// stores, made visible by the journaled kind below).
	oh.refs = 1
	oh.own = PidEnt{Pid: arena.Self(), A: 1}
	gen := atomic.LoadUint32(r.ObjGen) + 1
	if gen == 0 {
		gen = 1
	}
	j.Set32(r.ObjGen, gen)
	atomic.StoreUint32(&oh.gen, gen)
	head := atomic.LoadUint64(r.ObjHead)
	atomic.StoreUint64(&oh.next, head)
	atomic.StoreUint64(&oh.prev, 0)
	if head != 0 {
		j.Set64(&a.header(Off(head)).prev, uint64(off))
	}
	j.Set64(r.ObjHead, uint64(off))
	j.Set32(r.NObj, atomic.LoadUint32(r.NObj)+1)
	// Journaled, so a rolled-back creation leaves no block that validates.
	j.Set32(&oh.kind, uint32(kind))
	a.Commit(j)
	return off, p, nil
}

func (a *Arena) header(off Off) *Header { return (*Header)(a.Ptr(off)) }

// objects snapshots the registry.
func (a *Arena) objects() []Handle {
	a.Lock()
	defer a.Unlock()
	var out []Handle
	for off := atomic.LoadUint64(a.r.ObjHead); off != 0; {
		oh := a.header(Off(off))
		out = append(out, Handle{Off: Off(off), Kind: Kind(atomic.LoadUint32(&oh.kind)), Gen: atomic.LoadUint32(&oh.gen)})
		off = atomic.LoadUint64(&oh.next)
	}
	return out
}

// Object validates that off holds a live object of kind and generation
// gen, and returns it. The substrate checks that off starts a block in an
// object slab (so no data block passes, and nothing outside the arena is
// touched), then the header must match.
func (a *Arena) Object(off Off, kind Kind, gen uint32) (unsafe.Pointer, error) {
	if !a.IsObject(off, unsafe.Sizeof(Header{})) {
		return nil, ErrBadHandle
	}
	oh := a.header(off)
	if atomic.LoadUint32(&oh.kind) != uint32(kind) || atomic.LoadUint32(&oh.gen) != gen {
		return nil, ErrBadHandle
	}
	return unsafe.Pointer(oh), nil
}
