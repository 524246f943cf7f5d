package cluster

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

// A job's events (started, output, Pool replies, exit) travel on plain
// NATS subjects, which lose what is in flight when a server fails over.
// So its worker numbers them (from 1) and keeps each until the root has
// acknowledged it; the root handles them in order and asks for them again
// from the first it lacks when it sees a gap, or when the worker's
// heartbeat announces more than it has heard (a lost tail). Event 0 is
// unnumbered (a refusal before the job runs): handled as it comes.
//
// On the wire an event is its kind, its number (uvarint) and its data;
// the root's acknowledgements and requests go to ackPrefix.ID as a kind
// (ackUpTo, ackResend) and the number of the next event it expects.

const (
	ackUpTo   = 'a' // the root has handled every event below the number
	ackResend = 'r' // ... and asks for those from the number again
)

// ackEvery is how many events the root handles before it acknowledges
// them (it also does on each heartbeat tick).
const ackEvery = 64

// appendEvent encodes an event.
func appendEvent(b []byte, kind byte, seq uint64, data []byte) []byte {
	b = append(b, kind)
	b = binary.AppendUvarint(b, seq)
	return append(b, data...)
}

// parseEvent decodes an event.
func parseEvent(msg []byte) (kind byte, seq uint64, data []byte, ok bool) {
	if len(msg) < 2 {
		return 0, 0, nil, false
	}
	seq, n := binary.Uvarint(msg[1:])
	if n <= 0 {
		return 0, 0, nil, false
	}
	return msg[0], seq, msg[1+n:], true
}

// outbox is a worker's numbered events of one job, kept until the root
// has acknowledged them.
type outbox struct {
	nc *nats.Conn
	id string

	mu   sync.Mutex
	seq  uint64   // the last event's number
	base uint64   // the number of kept[0]
	kept [][]byte // events not acknowledged yet
	sub  *nats.Subscription
	// ended is when the job's exit went out (zero while it runs): the
	// outbox lingers until the exit is acknowledged, or outboxLinger.
	ended time.Time
}

// outboxLinger bounds how long a worker keeps an ended job's events for a
// root that does not acknowledge them (gone, or its acknowledgement lost).
var outboxLinger = 2 * LostAfter

func newOutbox(nc *nats.Conn, id string) *outbox {
	o := &outbox{nc: nc, id: id, base: 1}
	o.sub, _ = nc.Subscribe(ackPrefix+"."+id, o.onAck)
	return o
}

// send numbers and publishes an event, keeping it.
func (o *outbox) send(kind byte, data []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seq++
	msg := appendEvent(make([]byte, 0, 1+binary.MaxVarintLen64+len(data)), kind, o.seq, data)
	o.kept = append(o.kept, msg)
	o.nc.Publish(evPrefix+"."+o.id, msg)
	if kind == evExit || kind == evRefused {
		o.ended = time.Now()
	}
}

// onAck drops what the root has, and sends again what it asks for.
func (o *outbox) onAck(m *nats.Msg) {
	if len(m.Data) < 2 {
		return
	}
	next, n := binary.Uvarint(m.Data[1:])
	if n <= 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.base < next && len(o.kept) > 0 {
		o.kept[0] = nil
		o.kept = o.kept[1:]
		o.base++
	}
	if len(o.kept) == 0 {
		o.kept = nil // let the array go
	}
	if m.Data[0] == ackResend {
		for _, msg := range o.kept {
			o.nc.Publish(evPrefix+"."+o.id, msg)
		}
	}
}

// last is the number of the last event sent, and whether the outbox can
// go: its job ended and the root has everything, or has not asked for a
// long time.
func (o *outbox) last(now time.Time) (uint64, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	done := !o.ended.IsZero() && (len(o.kept) == 0 || now.Sub(o.ended) > outboxLinger)
	return o.seq, done
}

func (o *outbox) close() { o.sub.Unsubscribe() }

// inbox is the root's side of a job's events: it hands them to handle in
// their order, once each.
type inbox struct {
	nc     *nats.Conn
	id     string
	handle func(kind byte, data []byte)

	mu    sync.Mutex
	next  uint64            // the number of the next event to handle
	early map[uint64][]byte // events that came past a gap
	acked uint64            // the last number acknowledged
	asked uint64            // next, when the worker was last asked to resend
	ticks uint64            // next at the last tick
	// heard is the last number the worker's heartbeat announced.
	heard atomic.Uint64
}

func newInbox(nc *nats.Conn, id string, handle func(byte, []byte)) *inbox {
	return &inbox{nc: nc, id: id, handle: handle, next: 1}
}

// dropEvent, in tests, loses events as a failing server would.
var dropEvent atomic.Pointer[func(id string, kind byte, seq uint64) bool]

// onEvent takes an event from the worker.
func (in *inbox) onEvent(m *nats.Msg) {
	kind, seq, data, ok := parseEvent(m.Data)
	if !ok {
		return
	}
	if drop := dropEvent.Load(); drop != nil && (*drop)(in.id, kind, seq) {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	switch {
	case seq == 0:
		in.handle(kind, data)
		return
	case seq < in.next:
		return // had it: sent again
	case seq > in.next:
		if in.early == nil {
			in.early = map[uint64][]byte{}
		}
		in.early[seq] = m.Data
		if in.asked != in.next {
			in.ack(ackResend)
		}
		return
	}
	in.handle(kind, data)
	in.next++
	for len(in.early) > 0 {
		msg, ok := in.early[in.next]
		if !ok {
			break
		}
		delete(in.early, in.next)
		kind, _, data, _ := parseEvent(msg)
		in.handle(kind, data)
		in.next++
	}
	if kind == evExit || in.next-1-in.acked >= ackEvery {
		in.ack(ackUpTo)
	}
}

// ack tells the worker what has been handled (in.mu held).
func (in *inbox) ack(kind byte) {
	in.acked = in.next - 1
	if kind == ackResend {
		in.asked = in.next
	}
	in.nc.Publish(ackPrefix+"."+in.id, binary.AppendUvarint([]byte{kind}, in.next))
}

// hear records the last number the worker announced.
func (in *inbox) hear(seq uint64) {
	for {
		h := in.heard.Load()
		if seq <= h || in.heard.CompareAndSwap(h, seq) {
			return
		}
	}
}

// tick, every heartbeat, acknowledges what was handled since the last,
// and asks again for events the worker announced but that did not come
// in a whole tick.
func (in *inbox) tick() {
	// Handling an event can block (a root's stdout that is not read): the
	// heartbeat that calls this must not wait for it, and an inbox that
	// is handling events needs no reminder.
	if !in.mu.TryLock() {
		return
	}
	defer in.mu.Unlock()
	switch {
	case in.heard.Load() >= in.next && in.ticks == in.next:
		in.ack(ackResend)
	case in.next-1 > in.acked:
		in.ack(ackUpTo)
	}
	in.ticks = in.next
}
