package shm

import (
	"errors"
	"math"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/own"
)

// Block is a fixed-size piece of shared memory for Value and Array, with an
// optional lock (Python's lock=True makes an RLock; any Mutex may be given).
// The data is 8-byte aligned, so naturally aligned elements can be updated
// atomically with the Add helpers.
type Block struct {
	ref
	o    *blockObj
	data []byte
	m    *Mutex
}

type blockObj struct {
	hdr      own.Header
	dataOff  uint64
	size     uint64
	lockOff  uint64
	lockGen  uint32
	lockKind uint32
}

// ErrRange is returned by the Add helpers when the result would not fit the
// element type; the element is left unchanged.
var ErrRange = errors.New("value out of range")

// NewBlock allocates nbytes of zeroed shared memory, guarded by lock (nil:
// no lock).
func NewBlock(a *Arena, nbytes int, lock *Mutex) (*Block, error) {
	if nbytes < 0 {
		return nil, errBadArg("negative size")
	}
	n := nbytes
	if n == 0 {
		n = 8
	}
	var lh own.Handle
	if lock != nil {
		// The block refers to its lock: one reference, dropped with it.
		lh = lock.id()
		if _, ok := a.Pin(lh); !ok {
			return nil, ErrBadHandle
		}
	}
	data, fresh, err := a.AllocFresh(n)
	if err != nil {
		if lock != nil {
			a.Unpin(lh)
		}
		return nil, err
	}
	if !fresh {
		clear(a.Bytes(data, n))
	}
	off, p, err := a.NewObject(KindBlock, unsafe.Sizeof(blockObj{}), func(p unsafe.Pointer) {
		o := (*blockObj)(p)
		o.dataOff = uint64(data)
		o.size = uint64(nbytes)
		if lock != nil {
			o.lockOff = uint64(lock.off)
			o.lockGen = lock.gen
			o.lockKind = uint32(lock.Kind())
		}
	})
	if err != nil {
		a.Free(data)
		if lock != nil {
			a.Unpin(lh)
		}
		return nil, err
	}
	o := (*blockObj)(p)
	return newBlockHandle(a, off, o.hdr.Gen(), o, a.Bytes(data, nbytes), lock), nil
}

func newBlockHandle(a *Arena, off Off, gen uint32, o *blockObj, data []byte, m *Mutex) *Block {
	b := &Block{ref: ref{a: a, off: off, gen: gen, kind: KindBlock}, o: o, data: data, m: m}
	own.Track(b, &b.h, b.rel())
	return b
}

// Unref drops this handle object's reference to the block now rather than
// when it is garbage collected (the block is destroyed once no reference is
// left anywhere). The Block must not be used afterwards; its Lock keeps a
// reference of its own.
func (b *Block) Unref() { b.h.Unref(b.rel()) }

// AttachBlock rebuilds a block (and its lock) from its handle.
func AttachBlock(a *Arena, h []byte) (*Block, error) {
	d, p, err := a.AttachHandle(h, KindBlock)
	if err != nil {
		return nil, err
	}
	o := (*blockObj)(p)
	b := newBlockHandle(a, d.Off, d.Gen, o, nil, nil)
	if o.dataOff+o.size > a.Size() {
		b.Unref()
		return nil, ErrBadHandle
	}
	b.data = a.Bytes(Off(o.dataOff), int(o.size))
	if o.lockOff != 0 {
		m, err := attachMutexAt(a, lockRef(o.lockOff, o.lockKind, o.lockGen))
		if err != nil {
			b.Unref()
			return nil, err
		}
		b.m = m
	}
	return b, nil
}

// Bytes is the block's memory, shared with every process. The slice is
// valid while the Block is reachable: keep the Block alive (runtime.
// KeepAlive) while using it.
func (b *Block) Bytes() []byte { return b.data }

// Len is the block's size in bytes.
func (b *Block) Len() int { return len(b.data) }

// Lock is the block's lock, or nil.
func (b *Block) Lock() *Mutex { return b.m }

func (b *Block) check(off, width int) {
	if off < 0 || off+width > len(b.data) || off%width != 0 {
		panic("shm: misaligned or out-of-range block access")
	}
}

func (b *Block) word32(off int) (*uint32, uint) {
	base := off &^ 3
	return (*uint32)(unsafe.Pointer(&b.data[base])), uint(off-base) * 8
}

// LoadUint atomically reads the width-byte (1, 2, 4 or 8) element at off.
func (b *Block) LoadUint(off, width int) uint64 {
	defer runtime.KeepAlive(b)
	b.check(off, width)
	switch width {
	case 8:
		return atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.data[off])))
	case 4:
		return uint64(atomic.LoadUint32((*uint32)(unsafe.Pointer(&b.data[off]))))
	}
	w, sh := b.word32(off)
	return uint64(atomic.LoadUint32(w)>>sh) & (1<<(8*width) - 1)
}

// StoreUint atomically writes the width-byte element at off.
func (b *Block) StoreUint(off, width int, v uint64) {
	defer runtime.KeepAlive(b)
	b.check(off, width)
	switch width {
	case 8:
		atomic.StoreUint64((*uint64)(unsafe.Pointer(&b.data[off])), v)
		return
	case 4:
		atomic.StoreUint32((*uint32)(unsafe.Pointer(&b.data[off])), uint32(v))
		return
	}
	b.update(off, width, func(uint64) (uint64, bool) { return v, true })
}

// update applies fn to the element at off with a CAS loop (on the aligned
// 32- or 64-bit word that contains it). fn returning false aborts.
func (b *Block) update(off, width int, fn func(old uint64) (uint64, bool)) (uint64, bool) {
	defer runtime.KeepAlive(b)
	b.check(off, width)
	if width == 8 {
		p := (*uint64)(unsafe.Pointer(&b.data[off]))
		for {
			old := atomic.LoadUint64(p)
			nv, ok := fn(old)
			if !ok {
				return old, false
			}
			if atomic.CompareAndSwapUint64(p, old, nv) {
				return nv, true
			}
		}
	}
	w, sh := b.word32(off)
	mask := uint32(1<<(8*width)-1) << sh
	if width == 4 {
		mask = math.MaxUint32
	}
	for {
		ow := atomic.LoadUint32(w)
		old := uint64((ow & mask) >> sh)
		nv, ok := fn(old)
		if !ok {
			return old, false
		}
		nw := ow&^mask | uint32(nv)<<sh&mask
		if atomic.CompareAndSwapUint32(w, ow, nw) {
			return nv, true
		}
	}
}

// AddInt atomically adds delta to the signed width-byte integer at off and
// returns the new value, or ErrRange if it would overflow the type.
func (b *Block) AddInt(off, width int, delta int64) (int64, error) {
	var res int64
	_, ok := b.update(off, width, func(old uint64) (uint64, bool) {
		var nb uint64
		var ok bool
		nb, res, ok = IntAdd(old, width, delta)
		return nb, ok
	})
	if !ok {
		return 0, ErrRange
	}
	return res, nil
}

// AddUint atomically adds delta (which may be negative) to the unsigned
// width-byte integer at off and returns the new value, or ErrRange if the
// result would be negative or too large.
func (b *Block) AddUint(off, width int, delta int64) (uint64, error) {
	nv, ok := b.update(off, width, func(old uint64) (uint64, bool) { return UintAdd(old, width, delta) })
	if !ok {
		return 0, ErrRange
	}
	return nv, nil
}

// AddFloat64 atomically adds delta to the float64 at off.
func (b *Block) AddFloat64(off int, delta float64) float64 {
	nv, _ := b.update(off, 8, func(old uint64) (uint64, bool) { return Float64Add(old, delta), true })
	return math.Float64frombits(nv)
}

// AddFloat32 atomically adds delta to the float32 at off.
func (b *Block) AddFloat32(off int, delta float64) float32 {
	nv, _ := b.update(off, 4, func(old uint64) (uint64, bool) { return Float32Add(old, delta), true })
	return math.Float32frombits(uint32(nv))
}

// IntAdd adds delta to old, the bits of a signed width-byte integer: the
// new bits and value, or false when the result does not fit. (Pure
// arithmetic, shared with other backends of Value and Array.)
func IntAdd(old uint64, width int, delta int64) (uint64, int64, bool) {
	bits := uint(8 * width)
	lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
	v := int64(old<<(64-bits)) >> (64 - bits) // sign-extend
	n := v + delta
	if (delta > 0 && n < v) || (delta < 0 && n > v) || n < lo || n > hi {
		return 0, 0, false
	}
	return uint64(n) & (^uint64(0) >> (64 - bits)), n, true
}

// UintAdd adds delta (which may be negative) to an unsigned width-byte
// integer, or reports false when the result would be negative or too
// large.
func UintAdd(old uint64, width int, delta int64) (uint64, bool) {
	bits := uint(8 * width)
	max := uint64(math.MaxUint64)
	if bits < 64 {
		max = 1<<bits - 1
	}
	if delta >= 0 {
		n := old + uint64(delta)
		return n, n >= old && n <= max
	}
	d := uint64(-delta)
	if delta == math.MinInt64 {
		d = 1 << 63
	}
	return old - d, d <= old
}

// Float64Add and Float32Add add delta to the bits of a float.
func Float64Add(old uint64, delta float64) uint64 {
	return math.Float64bits(math.Float64frombits(old) + delta)
}

func Float32Add(old uint64, delta float64) uint64 {
	return uint64(math.Float32bits(math.Float32frombits(uint32(old)) + float32(delta)))
}

// Destroy frees the block at once, whatever references are left (its lock
// loses the block's reference). No process may use it afterwards.
func (b *Block) Destroy() {
	b.destroy(1)
}

// teardownBlock is the Teardown hook of blocks: the data is freed, and the
// lock, if any, loses the block's reference.
func teardownBlock(a *Arena, p unsafe.Pointer, refs []own.Handle) []own.Handle {
	o := (*blockObj)(p)
	a.Free(Off(o.dataOff))
	if o.lockOff != 0 {
		refs = append(refs, lockRef(o.lockOff, o.lockKind, o.lockGen))
	}
	return refs
}
