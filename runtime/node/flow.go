package node

import (
	"encoding/binary"
	"os"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/trace"
)

// In a traced run, an item put in a queue or sent with Connection.send
// carries a header that names its putter and the time of its put, so
// that a get that waited for it can draw an arrow from the put to the end
// of its wait (the trace's flow events). The header begins with 0xc1, a
// byte msgpack never uses; a traced get strips it, and an item without it
// is the value itself. Untraced, nothing is added or stripped. A tree
// placed by a Launcher stamps nothing: its processes on other machines
// are not traced and would not strip the header.

const (
	flowMark   = 0xc1
	flowHeader = 13 // the mark, the putter's pid (4 bytes), the put's time in microseconds (8)
)

// Stamp appends to buf, in a traced run, the header of an item about to
// be encoded after it.
func Stamp(thread *starlark.Thread, buf []byte) []byte {
	n := FromThread(thread)
	if n == nil || n.Trace == nil || n.Launcher != nil {
		return buf
	}
	buf = append(buf, flowMark)
	buf = binary.BigEndian.AppendUint32(buf, uint32(os.Getpid()))
	return binary.BigEndian.AppendUint64(buf, uint64(time.Now().UnixMicro()))
}

// unstamp splits an item's header off: the item, and its putter and put
// time if it had one.
func unstamp(msg []byte) (item []byte, pid int, ts int64, ok bool) {
	if len(msg) <= flowHeader || msg[0] != flowMark {
		return msg, 0, 0, false
	}
	return msg[flowHeader:], int(binary.BigEndian.Uint32(msg[1:])), int64(binary.BigEndian.Uint64(msg[5:])), true
}

// A Receipt is Waiting for a call that receives an item (Receiving).
type Receipt struct {
	unblock func()
	rec     *trace.Recorder
	what    string
	t0      time.Time
}

// Receiving is Waiting for a call that receives an item: Done takes the
// item as it came.
func Receiving(thread *starlark.Thread, what string) Receipt {
	r := Receipt{unblock: Blocking(thread)}
	if n := FromThread(thread); n != nil && n.Trace != nil {
		r.rec, r.what, r.t0 = n.Trace, what, time.Now()
	}
	return r
}

// Done ends the wait and returns the item without its header (msg is nil
// when nothing came). A traced wait that lasted is recorded, with an arrow
// from the item's put.
func (r Receipt) Done(msg []byte) []byte {
	r.unblock()
	if r.rec == nil {
		return msg
	}
	item, pid, ts, ok := unstamp(msg)
	if time.Since(r.t0) >= MinTracedWait {
		r.rec.Slice(r.what, "wait", r.t0, nil)
		if ok {
			r.rec.Flow(pid, ts)
		}
	}
	return item
}

// DoneRaw is Done for a message that is not an item (recv_bytes): no
// header to strip, no arrow.
func (r Receipt) DoneRaw() {
	r.unblock()
	if r.rec != nil && time.Since(r.t0) >= MinTracedWait {
		r.rec.Slice(r.what, "wait", r.t0, nil)
	}
}
