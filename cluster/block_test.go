package cluster

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/procstar/procstar/runtime/objects"
)

// TestBlocks: a Value's or Array's memory, held by the root, seen alike
// by the root and by a process that is not (through NATS and straight):
// loads, stores, atomic adds of each width and sign, floats, and the range
// errors of adds that do not fit.
func TestBlocks(t *testing.T) {
	t.Parallel()
	for _, direct := range []bool{false, true} {
		name := "nats"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			root, other := rootAndProcess(t)
			other.noDirect = !direct
			bo, err := other.NewBlock(24, nil) // made by a process that is not the root
			if err != nil {
				t.Fatal(err)
			}
			br, err := root.AttachBlock(bo.Handle())
			if err != nil {
				t.Fatal(err)
			}
			if br.Len() != 24 || bo.Len() != 24 {
				t.Fatalf("Len: %d, %d", br.Len(), bo.Len())
			}
			for _, b := range []objects.Block{bo, br} {
				if v := b.LoadUint(0, 8); v != 0 {
					t.Fatalf("a new block holds %d", v)
				}
			}
			bo.StoreUint(0, 4, 0xfffffffe)
			if v := br.LoadUint(0, 4); v != 0xfffffffe {
				t.Fatalf("the root loads %#x after the other's store", v)
			}
			if v, err := bo.AddUint(0, 4, 1); err != nil || v != 0xffffffff {
				t.Fatalf("AddUint to the top = %#x, %v", v, err)
			}
			if _, err := br.AddUint(0, 4, 1); !errors.Is(err, objects.ErrRange) {
				t.Fatalf("AddUint past the top: %v", err)
			}
			if v, err := bo.AddInt(4, 2, -32768); err != nil || v != -32768 {
				t.Fatalf("AddInt to the bottom = %d, %v", v, err)
			}
			if _, err := bo.AddInt(4, 2, -1); !errors.Is(err, objects.ErrRange) {
				t.Fatalf("AddInt past the bottom: %v", err)
			}
			if v := br.LoadUint(4, 2); v != 0x8000 {
				t.Fatalf("after a refused add the element is %#x", v)
			}
			if v := bo.AddFloat64(8, 1.5); v != 1.5 {
				t.Fatalf("AddFloat64 = %v", v)
			}
			if v := br.AddFloat64(8, -0.25); v != 1.25 {
				t.Fatalf("AddFloat64 = %v", v)
			}
			if v := bo.AddFloat32(16, 0.5); v != 0.5 {
				t.Fatalf("AddFloat32 = %v", v)
			}
			if v := math.Float32frombits(uint32(br.LoadUint(16, 4))); v != 0.5 {
				t.Fatalf("the root loads %v", v)
			}
			if v, err := br.AddInt(20, 1, 100); err != nil || v != 100 || bo.LoadUint(20, 1) != 100 {
				t.Fatalf("AddInt of a byte = %d, %v", v, err)
			}
		})
	}
}

// TestBlockRequestsOnce: an add sent again (its answer lost in a
// failover) is applied once and answered alike.
func TestBlockRequestsOnce(t *testing.T) {
	t.Parallel()
	l, c := rootAndRaw(t)
	b, err := l.NewBlock(8, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := b.(*clBlock).h.Key
	add := blockReq{kind: blockAddInt, off: 0, width: 8, arg: 5}.encode()
	for range 2 {
		c.send(queueReq{op: opBlock, seq: 1, low: 1, queue: id, data: add})
		st, seq, data := c.answer()
		if st != stOK || seq != 1 || len(data) != 8 || binary.LittleEndian.Uint64([]byte(data)) != 5 {
			t.Fatalf("add: %c %d %x", st, seq, data)
		}
	}
	if v := b.LoadUint(0, 8); v != 5 {
		t.Fatalf("an add sent twice gave %d", v)
	}
	// Bad requests get an error, and leave the block alone.
	for i, data := range [][]byte{
		blockReq{kind: blockLoad, off: 4, width: 8}.encode(), // past the end
		blockReq{kind: blockLoad, off: 0, width: 3}.encode(), // no such width
		blockReq{kind: 'z', off: 0, width: 8}.encode(),       // no such kind
		{blockLoad}, // short
	} {
		seq := uint64(2 + i)
		c.send(queueReq{op: opBlock, seq: seq, low: seq, queue: id, data: data})
		if st, _, _ := c.answer(); st != stErr {
			t.Errorf("bad request %d: %c", i, st)
		}
	}
	c.send(queueReq{op: opBlock, seq: 9, low: 9, queue: "none", data: add})
	if st, _, _ := c.answer(); st != stGone {
		t.Errorf("a block that does not exist: %c", st)
	}
	if v := b.LoadUint(0, 8); v != 5 {
		t.Fatalf("after bad requests the block holds %d", v)
	}
}
