package shm

import (
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"unsafe"
)

// Kind says what a shared object is.
type Kind uint8

// Kinds of shared objects.
const (
	KindLock Kind = iota + 1
	KindRLock
	KindSemaphore
	KindEvent
	KindCondition
	KindBarrier
	KindBlock
	KindQueue
	KindPipe
	kindMax
)

var kindNames = [...]string{"", "Lock", "RLock", "Semaphore", "Event", "Condition", "Barrier", "Block", "Queue", "Connection"}

func (k Kind) String() string {
	if k < kindMax {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// objHeader starts every shared object. Objects form a doubly linked
// registry (guarded by the arena lock) that the reaper walks. The arena
// lock also guards the reference count and the holders (see refs.go).
type objHeader struct {
	kind uint32 // 0 once destroyed
	gen  uint32 // unique per creation: a stale handle's gen no longer matches
	next uint64
	prev uint64
	refs uint32 // references of every sort
	rtab uint32 // more holders: offset>>4 of a pid table, 0 if none
	own  pidEnt // the first holder: pid, a: handles, b: received, not attached
}

// newObject allocates a zeroed object of the given size, lets init fill it
// in, and registers it, all in one allocator transaction.
func (a *Arena) newObject(kind Kind, size uintptr, init func(p unsafe.Pointer)) (Off, unsafe.Pointer, error) {
	if size > maxSmall {
		panic("shm: object too large")
	}
	a.lock()
	defer a.unlock()
	j := a.arenaJournal()
	off, err := a.allocSmall(j, nClasses+classOf(int(size)))
	if err != nil {
		a.commit(j)
		return 0, nil, err
	}
	p := a.ptr(off)
	if init != nil {
		init(p)
	}
	h := a.h
	oh := (*objHeader)(p)
	// The creator's handle is the first reference (a new block: plain
	// stores, made visible by the journaled kind below).
	oh.refs = 1
	oh.own = pidEnt{pid: self, a: 1}
	gen := atomic.LoadUint32(&h.objGen) + 1
	if gen == 0 {
		gen = 1
	}
	j.set32(&h.objGen, gen)
	atomic.StoreUint32(&oh.gen, gen)
	head := atomic.LoadUint64(&h.objHead)
	atomic.StoreUint64(&oh.next, head)
	atomic.StoreUint64(&oh.prev, 0)
	if head != 0 {
		j.set64(&a.hdrAt(Off(head)).prev, uint64(off))
	}
	j.set64(&h.objHead, uint64(off))
	j.set32(&h.nobj, atomic.LoadUint32(&h.nobj)+1)
	// Journaled, so a rolled-back creation leaves no block that validates.
	j.set32(&oh.kind, uint32(kind))
	a.commit(j)
	return off, p, nil
}

func (a *Arena) hdrAt(off Off) *objHeader { return (*objHeader)(a.ptr(off)) }

type objRef struct {
	off  Off
	kind Kind
	gen  uint32
}

// objects snapshots the registry.
func (a *Arena) objects() []objRef {
	a.lock()
	defer a.unlock()
	var out []objRef
	for off := atomic.LoadUint64(&a.h.objHead); off != 0; {
		oh := a.hdrAt(Off(off))
		out = append(out, objRef{Off(off), Kind(atomic.LoadUint32(&oh.kind)), atomic.LoadUint32(&oh.gen)})
		off = atomic.LoadUint64(&oh.next)
	}
	return out
}

// object validates that off holds a live object of kind and generation gen,
// and returns it. The checks go from cheap bounds to the chunk map (off must
// start a block in an object slab) to the header, so no handle can make us
// touch memory outside the arena or take a data block for an object.
func (a *Arena) object(off Off, kind Kind, gen uint32) (unsafe.Pointer, error) {
	if uint64(off)+uint64(unsafe.Sizeof(objHeader{})) > a.size || off&15 != 0 {
		return nil, ErrBadHandle
	}
	idx := uint64(off) >> chunkShift
	if idx < uint64(a.h.firstData) || idx >= uint64(atomic.LoadUint32(&a.h.top)) {
		return nil, ErrBadHandle
	}
	w := atomic.LoadUint32(&a.cmap[idx].w)
	c := int(w>>8) & 0xff
	// Objects live in slabs of their own, so no data block can pass.
	if w&0xff != ckSmall || c < nClasses || c >= 2*nClasses ||
		(uint64(off)&(chunkSize-1))%(uint64(minClass)<<(c-nClasses)) != 0 {
		return nil, ErrBadHandle
	}
	oh := a.hdrAt(off)
	if atomic.LoadUint32(&oh.kind) != uint32(kind) || atomic.LoadUint32(&oh.gen) != gen {
		return nil, ErrBadHandle
	}
	return unsafe.Pointer(oh), nil
}

// Handles are 28 bytes:
//
//	[0]     'S' (format)
//	[1]     kind
//	[2]     extra (the end of a pipe)
//	[3]     0
//	[4:8]   object generation
//	[8:16]  object offset
//	[16:24] arena id
//	[24:28] aux (the pid that made the handle)
const handleLen = 28

// HandleLen is the length of every handle.
const HandleLen = handleLen

type handle struct {
	kind  Kind
	extra byte
	gen   uint32
	off   Off
	aux   uint32
}

func (a *Arena) encodeHandle(h handle) []byte {
	a.madeHandles.Store(true)
	if h.aux == 0 {
		h.aux = self
	}
	b := make([]byte, handleLen)
	b[0] = 'S'
	b[1] = byte(h.kind)
	b[2] = h.extra
	binary.LittleEndian.PutUint32(b[4:], h.gen)
	binary.LittleEndian.PutUint64(b[8:], uint64(h.off))
	binary.LittleEndian.PutUint64(b[16:], a.h.id)
	binary.LittleEndian.PutUint32(b[24:], h.aux)
	return b
}

func (a *Arena) decodeHandle(b []byte) (handle, error) {
	if len(b) != handleLen || b[0] != 'S' || b[3] != 0 || binary.LittleEndian.Uint64(b[16:]) != a.h.id {
		return handle{}, ErrBadHandle
	}
	return handle{
		kind:  Kind(b[1]),
		extra: b[2],
		gen:   binary.LittleEndian.Uint32(b[4:]),
		off:   Off(binary.LittleEndian.Uint64(b[8:])),
		aux:   binary.LittleEndian.Uint32(b[24:]),
	}, nil
}

// HandleKind returns the kind of object a handle names, without checking
// that it is still alive.
func HandleKind(h []byte) Kind {
	if len(h) != handleLen || h[0] != 'S' {
		return 0
	}
	return Kind(h[1])
}

// Attach rebuilds the object a handle names: a *Mutex, *Semaphore, *Event,
// *Condition, *Barrier, *Block, *Queue or *Conn.
func (a *Arena) Attach(h []byte) (any, error) {
	switch HandleKind(h) {
	case KindLock, KindRLock:
		return AttachMutex(a, h)
	case KindSemaphore:
		return AttachSemaphore(a, h)
	case KindEvent:
		return AttachEvent(a, h)
	case KindCondition:
		return AttachCondition(a, h)
	case KindBarrier:
		return AttachBarrier(a, h)
	case KindBlock:
		return AttachBlock(a, h)
	case KindQueue:
		return AttachQueue(a, h)
	case KindPipe:
		return AttachConn(a, h)
	}
	return nil, ErrBadHandle
}

// attach decodes h, validates it as a kind object (one of kinds) and takes
// a reference for this process's new handle object (consuming one received
// with a message or a bootstrap, if any).
func (a *Arena) attach(h []byte, kinds ...Kind) (handle, unsafe.Pointer, error) {
	d, err := a.decodeHandle(h)
	if err != nil {
		return d, nil, err
	}
	for _, k := range kinds {
		if d.kind == k {
			if !a.refOp(refAttach, d, self) {
				return d, nil, ErrBadHandle
			}
			return d, a.ptr(d.off), nil
		}
	}
	return d, nil, ErrBadHandle
}

// attachNested takes a reference for a new handle object of an object
// named by another one (a Condition's or a Block's lock).
func (a *Arena) attachNested(off Off, kind Kind, gen uint32) (unsafe.Pointer, error) {
	if !a.refOp(refNew, handle{kind: kind, off: off, gen: gen}, self) {
		return nil, ErrBadHandle
	}
	return a.ptr(off), nil
}
