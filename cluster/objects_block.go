package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/procstar/procstar/runtime/objects"
)

// clBlock is the memory of a Value or an Array, held by the run's root
// (block_host.go): the root's handles use it directly, every other
// process's send each load, store or add to the root.
type clBlock struct {
	l    *Launcher
	h    handle
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
	if _, err := l.objects(); err != nil {
		return nil, err
	}
	h := handle{Key: newID(), Bucket: l.bucketName(), Max: nbytes}
	if m != nil {
		h.Lock, h.Rec = m.h.Key, m.h.Rec
	}
	b := &clBlock{l: l, h: h, lock: m}
	if host := b.host(); host != nil {
		host.mu.Lock()
		host.createBlock(h.Key, nbytes)
		host.mu.Unlock()
		return b, nil
	}
	c, err := l.queueClientOf()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	a, err := c.call(ctx, queueReq{op: opBlockNew, queue: h.Key, data: binary.AppendUvarint(nil, uint64(nbytes))})
	if err == nil && a.st != stOK {
		err = answerErr(a)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// AttachBlock implements objects.Backend.
func (l *Launcher) AttachBlock(data []byte) (objects.Block, error) {
	h, o, err := l.attach(data)
	if err != nil {
		return nil, err
	}
	blk := &clBlock{l: l, h: h}
	if h.Lock != "" {
		blk.lock = &clMutex{obj{l, o, handle{Key: h.Lock, Bucket: h.Bucket, Rec: h.Rec}}}
	}
	return blk, nil
}

// host is the root's table when this process is the root.
func (b *clBlock) host() *queueHost {
	if b.l.root == "" {
		return b.l.host
	}
	return nil
}

func (b *clBlock) Handle() []byte { return b.h.bytes() }
func (b *clBlock) Len() int       { return b.h.Max }

func (b *clBlock) Guard() objects.Mutex {
	if b.lock == nil {
		return nil
	}
	return b.lock
}

// fatal ends the process when the root cannot be reached: a Value's read
// has no error to return, and a made-up value would be a silent lie.
func (b *clBlock) fatal(err error) {
	fmt.Fprintf(os.Stderr, "procstar: cannot reach the run's copy of a Value or Array: %v\n", err)
	os.Exit(1)
}

// op applies r where the block is held and returns the element's value
// after it; ok is false for an add out of the element type's range.
func (b *clBlock) op(r blockReq) (v uint64, ok bool) {
	var res queueResult
	if host := b.host(); host != nil {
		host.mu.Lock()
		res = host.blockOp(b.h.Key, r)
		host.mu.Unlock()
	} else {
		c, err := b.l.queueClientOf()
		if err != nil {
			b.fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		a, err := c.call(ctx, queueReq{op: opBlock, queue: b.h.Key, data: r.encode()})
		cancel()
		if err != nil {
			b.fatal(err)
		}
		res.st, res.err = a.st, string(a.data)
		if a.st == stOK && len(a.data) == 8 {
			res.n = binary.LittleEndian.Uint64(a.data)
		}
	}
	switch res.st {
	case stOK:
		return res.n, true
	case stRange:
		return 0, false
	case stGone:
		b.fatal(errors.New("the run has no such Value or Array"))
	}
	b.fatal(errors.New(res.err))
	return 0, false
}

func (b *clBlock) LoadUint(off, width int) uint64 {
	v, _ := b.op(blockReq{kind: blockLoad, off: off, width: width})
	return v
}

func (b *clBlock) StoreUint(off, width int, v uint64) {
	b.op(blockReq{kind: blockStore, off: off, width: width, arg: v})
}

func (b *clBlock) AddInt(off, width int, delta int64) (int64, error) {
	v, ok := b.op(blockReq{kind: blockAddInt, off: off, width: width, arg: uint64(delta)})
	if !ok {
		return 0, objects.ErrRange
	}
	return int64(v), nil
}

func (b *clBlock) AddUint(off, width int, delta int64) (uint64, error) {
	v, ok := b.op(blockReq{kind: blockAddUint, off: off, width: width, arg: uint64(delta)})
	if !ok {
		return 0, objects.ErrRange
	}
	return v, nil
}

func (b *clBlock) AddFloat64(off int, delta float64) float64 {
	v, _ := b.op(blockReq{kind: blockAddFloat, off: off, width: 8, arg: math.Float64bits(delta)})
	return math.Float64frombits(v)
}

func (b *clBlock) AddFloat32(off int, delta float64) float32 {
	v, _ := b.op(blockReq{kind: blockAddFlt32, off: off, width: 4, arg: math.Float64bits(delta)})
	return math.Float32frombits(uint32(v))
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
