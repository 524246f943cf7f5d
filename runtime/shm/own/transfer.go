package own

import (
	"bytes"
	"encoding/binary"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// scanHandles calls fn for every handle of this arena found in msg. Handles
// travel inside messages as their 28 bytes, whatever encodes them around
// (the codec, msgpack payloads), and carry the arena's random 64-bit id,
// so they can be found without knowing the message's format; bytes that
// happen to look like a handle but name no live object are ignored by the
// reference operations, the same way on both sides of a transfer.
func (a *Arena) scanHandles(msg []byte, fn func(h Handle)) {
	var id [8]byte
	binary.LittleEndian.PutUint64(id[:], a.ID())
	for i := 0; i+handleLen <= len(msg); {
		k := bytes.Index(msg[i:], id[:])
		if k < 0 {
			return
		}
		p := i + k
		if s := p - 16; s >= 0 && s+handleLen <= len(msg) {
			if h, err := a.DecodeHandle(msg[s : s+handleLen]); err == nil && registered(h.Kind) {
				fn(h)
				i = s + handleLen
				continue
			}
		}
		i = p + 1
	}
}

// mayHoldHandles reports whether msg may hold a handle of this arena: only
// if this process ever made one (EncodeHandle) and the arena id occurs in
// it.
func (a *Arena) mayHoldHandles(msg []byte) bool {
	if !a.madeHandles.Load() || len(msg) < handleLen {
		return false
	}
	var id [8]byte
	binary.LittleEndian.PutUint64(id[:], a.ID())
	return bytes.Contains(msg, id[:])
}

// SendRefs counts one in-flight reference for each handle in msg, which is
// about to be put in a queue or pipe. It returns them, for DropRefs if the
// message is not put after all.
func (a *Arena) SendRefs(msg []byte) []Handle {
	if !a.mayHoldHandles(msg) {
		return nil
	}
	var hs []Handle
	a.scanHandles(msg, func(h Handle) {
		if a.refOp(refInflight, h, 0) {
			a.moved(h, MoveInflight, 0)
			hs = append(hs, h)
		}
	})
	return hs
}

// DropRefs drops the in-flight references SendRefs counted.
func (a *Arena) DropRefs(hs []Handle) {
	for _, h := range hs {
		if a.dropInflight(h) {
			a.teardownAll(h)
		}
	}
}

// ReceiveRefs turns the in-flight references of the handles in msg, just
// taken out of a queue or pipe, into references received by this process:
// its Attach of them consumes them.
func (a *Arena) ReceiveRefs(msg []byte) {
	self := arena.Self()
	a.scanHandles(msg, func(h Handle) {
		a.moved(h, MoveReceive, self)
		a.refOp(refReceive, h, self)
	})
}

// MessageRefs appends the handles of message msg (of a queue or pipe being
// freed: they lose their in-flight reference) to out.
func (a *Arena) MessageRefs(msg []byte, out []Handle) []Handle {
	a.scanHandles(msg, func(h Handle) { out = append(out, h) })
	return out
}

// Transfer is the set of handles in a child's bootstrap (its arguments, a
// builtin's payload), counted as received by the parent until the child's
// pid is known (Give): then by the child, so that they are released if it
// dies before attaching them, and keep the objects (and pipe ends) alive
// until it does. A nil *Transfer is valid and does nothing.
type Transfer struct {
	a  *Arena
	hs []Handle
}

// Reserve counts the handles found in data as received by this process
// and returns them as a Transfer, or nil if there are none. Call it before
// starting the child, then Give or Cancel.
func (a *Arena) Reserve(data ...[]byte) *Transfer {
	if a == nil {
		return nil
	}
	self := arena.Self()
	var hs []Handle
	for _, d := range data {
		a.scanHandles(d, func(h Handle) {
			if a.refOp(refReserve, h, self) {
				a.moved(h, MoveReserve, self)
				hs = append(hs, h)
			}
		})
	}
	if len(hs) == 0 {
		return nil
	}
	return &Transfer{a: a, hs: hs}
}

// Give passes the handles to the child pid: from now on they are its, to
// attach or to lose when it dies. Call it before the child can be reaped
// (before it is listed in the process table).
func (t *Transfer) Give(pid int) {
	if t == nil {
		return
	}
	for _, h := range t.hs {
		t.a.moved(h, MoveGive, uint32(pid))
		t.a.refOp(refGive, h, uint32(pid))
	}
	t.hs = nil
}

// Cancel drops the reservation (the child was not started).
func (t *Transfer) Cancel() {
	if t == nil {
		return
	}
	self := arena.Self()
	for _, h := range t.hs {
		t.a.moved(h, MoveCancel, self)
		t.a.refOp(refCancel, h, self)
	}
	t.hs = nil
}
