package cluster

import (
	"encoding/binary"
	"math"

	"github.com/procstar/procstar/runtime/shm"
)

// The memory of the run's Values and Arrays is held by the root too, next
// to its queues (queueHost), for the same reasons: the root outlives every
// process of the run, and one request answered by the root applies a load,
// a store or an atomic add where a bucket's compare-and-swap took a read
// and a write through the servers, again at each conflict (two processes
// adding to one Value: 0.6 times SyncManager's rate). Requests travel and
// are numbered as the queues' (queue_wire.go): sent again after a
// failover, an add is applied once.

// Block requests: the request's queue field names the block.
const (
	opBlockNew = 'B' // data: uvarint size in bytes
	opBlock    = 'V' // data: blockReq
)

// stRange is an add whose result does not fit its element's type.
const stRange = 'r'

// Kinds of block operation.
const (
	blockLoad     = 'l'
	blockStore    = 's'
	blockAddInt   = 'i'
	blockAddUint  = 'u'
	blockAddFloat = 'f' // float64
	blockAddFlt32 = 'g' // float32 (arg: a float64's bits)
)

// blockReq is one operation on the element of width bytes at off: its
// kind and argument (a value to store, a delta's bits).
type blockReq struct {
	kind       byte
	off, width int
	arg        uint64
}

func (r blockReq) encode() []byte {
	b := []byte{r.kind, byte(r.width)}
	b = binary.AppendUvarint(b, uint64(r.off))
	return binary.LittleEndian.AppendUint64(b, r.arg)
}

func decodeBlockReq(b []byte) (blockReq, bool) {
	if len(b) < 2 {
		return blockReq{}, false
	}
	r := blockReq{kind: b[0], width: int(b[1])}
	off, k := binary.Uvarint(b[2:])
	if k <= 0 || len(b) != 2+k+8 || off > math.MaxInt32 {
		return blockReq{}, false
	}
	r.off, r.arg = int(off), binary.LittleEndian.Uint64(b[2+k:])
	return r, true
}

// createBlock adds a block of n zero bytes (again: no change). Under h.mu.
func (h *queueHost) createBlock(id string, n int) {
	if h.blocks[id] == nil {
		h.blocks[id] = make([]byte, n)
	}
}

// blockOp applies r to block id and returns the element's value after it
// (as 8 little-endian bytes). Under h.mu.
func (h *queueHost) blockOp(id string, r blockReq) queueResult {
	b := h.blocks[id]
	switch {
	case b == nil:
		return queueResult{st: stGone}
	case r.width != 1 && r.width != 2 && r.width != 4 && r.width != 8, r.off < 0, r.off+r.width > len(b):
		return queueResult{st: stErr, err: "bad block operation"}
	}
	el := b[r.off : r.off+r.width]
	old := getUint(el, r.width)
	nv, ret := old, old // the stored bits, and what is returned
	switch r.kind {
	case blockLoad:
	case blockStore:
		nv, ret = r.arg, r.arg
	case blockAddInt:
		var res int64
		var ok bool
		if nv, res, ok = shm.IntAdd(old, r.width, int64(r.arg)); !ok {
			return queueResult{st: stRange}
		}
		ret = uint64(res)
	case blockAddUint:
		var ok bool
		if nv, ok = shm.UintAdd(old, r.width, int64(r.arg)); !ok {
			return queueResult{st: stRange}
		}
		ret = nv
	case blockAddFloat:
		nv = shm.Float64Add(old, math.Float64frombits(r.arg))
		ret = nv
	case blockAddFlt32:
		nv = shm.Float32Add(old, math.Float64frombits(r.arg))
		ret = nv
	default:
		return queueResult{st: stErr, err: "bad block operation"}
	}
	putUint(el, r.width, nv)
	return queueResult{st: stOK, n: ret, item: queueItem{data: binary.LittleEndian.AppendUint64(nil, ret)}}
}

// handleBlock answers a block request of another process. Under h.mu.
func (h *queueHost) handleBlock(r queueReq) queueResult {
	if r.op == opBlockNew {
		n, k := binary.Uvarint(r.data)
		if k <= 0 || n > math.MaxInt32 {
			return queueResult{st: stErr, err: "bad block size"}
		}
		h.createBlock(r.queue, int(n))
		return queueResult{st: stOK}
	}
	br, ok := decodeBlockReq(r.data)
	if !ok {
		return queueResult{st: stErr, err: "bad block operation"}
	}
	return h.blockOp(r.queue, br)
}
