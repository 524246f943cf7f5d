package cluster

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/shm"
)

// clBlock is the memory of a Value or an Array: one key of the run's
// bucket holding all its bytes, each change a compare-and-swap of the
// whole (so an add is atomic whatever else changes the array).
type clBlock struct {
	obj
	lock *clMutex
}

var _ objects.Block = (*clBlock)(nil)

// NewBlock implements objects.Backend.
func (l *Launcher) NewBlock(nbytes int, lock objects.Mutex) (objects.Block, error) {
	var m *clMutex
	if lock != nil {
		var ok bool
		if m, ok = lock.(*clMutex); !ok {
			return nil, objects.ErrForeignLock
		}
	}
	o, err := l.objects()
	if err != nil {
		return nil, err
	}
	if max := l.nc.MaxPayload() - 1024; int64(nbytes) > max {
		return nil, fmt.Errorf("the cluster holds at most %d bytes in a Value or an Array", max)
	}
	h := handle{Key: keyOf("blk", newID()), Bucket: l.bucketName(), Max: nbytes}
	if m != nil {
		h.Lock, h.Rec = m.h.Key, m.h.Rec
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if _, err := o.kv.Create(ctx, h.Key, make([]byte, nbytes)); err != nil {
		return nil, err
	}
	return &clBlock{obj{l, o, h}, m}, nil
}

// AttachBlock implements objects.Backend.
func (l *Launcher) AttachBlock(data []byte) (objects.Block, error) {
	b, err := l.attachObj(data)
	if err != nil {
		return nil, err
	}
	blk := &clBlock{obj: b}
	if b.h.Lock != "" {
		blk.lock = &clMutex{obj{l, b.o, handle{Key: b.h.Lock, Bucket: b.h.Bucket, Rec: b.h.Rec}}}
	}
	return blk, nil
}

func (b *clBlock) Len() int { return b.h.Max }

func (b *clBlock) Guard() objects.Mutex {
	if b.lock == nil {
		return nil
	}
	return b.lock
}

// fatal ends the process when the cluster cannot be reached: a Value's
// read has no error to return, and a made-up value would be a silent lie.
func (b *clBlock) fatal(err error) {
	fmt.Fprintf(os.Stderr, "procstar: cannot reach the cluster's copy of a Value or Array: %v\n", err)
	os.Exit(1)
}

func (b *clBlock) LoadUint(off, width int) uint64 {
	ctx, cancel := b.ctx()
	defer cancel()
	var v []byte
	err := retry(ctx, func(ctx context.Context) error {
		e, err := b.o.kv.Get(ctx, b.h.Key)
		if err == nil {
			v = e.Value()
		}
		return err
	})
	if err != nil {
		b.fatal(err)
	}
	return getUint(v[off:], width)
}

// change applies f to the element at off by compare-and-swap; f returns
// false to leave it (the result would be out of range).
func (b *clBlock) change(off, width int, f func(old uint64) (uint64, bool)) (uint64, bool) {
	var nv uint64
	ok := true
	ctx, cancel := b.ctx()
	defer cancel()
	err := b.o.cas(ctx, b.h.Key, func(v []byte) ([]byte, error) {
		var fits bool
		if nv, fits = f(getUint(v[off:], width)); !fits {
			ok = false
			return nil, nil
		}
		nb := append([]byte(nil), v...)
		putUint(nb[off:], width, nv)
		return nb, nil
	})
	if err != nil {
		b.fatal(err)
	}
	return nv, ok
}

func (b *clBlock) StoreUint(off, width int, v uint64) {
	b.change(off, width, func(uint64) (uint64, bool) { return v, true })
}

func (b *clBlock) AddInt(off, width int, delta int64) (int64, error) {
	var res int64
	_, ok := b.change(off, width, func(old uint64) (uint64, bool) {
		var nb uint64
		var ok bool
		nb, res, ok = shm.IntAdd(old, width, delta)
		return nb, ok
	})
	if !ok {
		return 0, objects.ErrRange
	}
	return res, nil
}

func (b *clBlock) AddUint(off, width int, delta int64) (uint64, error) {
	nv, ok := b.change(off, width, func(old uint64) (uint64, bool) { return shm.UintAdd(old, width, delta) })
	if !ok {
		return 0, objects.ErrRange
	}
	return nv, nil
}

func (b *clBlock) AddFloat64(off int, delta float64) float64 {
	nv, _ := b.change(off, 8, func(old uint64) (uint64, bool) { return shm.Float64Add(old, delta), true })
	return math.Float64frombits(nv)
}

func (b *clBlock) AddFloat32(off int, delta float64) float32 {
	nv, _ := b.change(off, 4, func(old uint64) (uint64, bool) { return shm.Float32Add(old, delta), true })
	return math.Float32frombits(uint32(nv))
}

// getUint and putUint read and write the little-endian element of width
// bytes, as shared memory holds it on the machines procstar runs on.
func getUint(b []byte, width int) uint64 {
	switch width {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		return uint64(binary.LittleEndian.Uint32(b))
	}
	return binary.LittleEndian.Uint64(b)
}

func putUint(b []byte, width int, v uint64) {
	switch width {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	default:
		binary.LittleEndian.PutUint64(b, v)
	}
}
