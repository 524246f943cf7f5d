package cluster

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/procstar/procstar/runtime/objects"
)

// A pipe is a stream with a subject per end (what that end reads) and a
// durable consumer each, and a key counting the copies of each end open:
// per process (by lease, so a dead process's copies close with it) and in
// flight (sent in a message, not yet attached). An end whose copies are
// all closed sends the other an EOF marker, which wakes a reader waiting
// for data that will never come.
type pipeState struct {
	Held   [2]map[string]int `json:"h"`
	Flight [2]int            `json:"f"`
}

// open reports whether end has a copy open: in flight, or held by a live
// process.
func (st *pipeState) open(ctx context.Context, l *Launcher, kv jetstream.KeyValue, end int) bool {
	if st.Flight[end] > 0 {
		return true
	}
	for id, n := range st.Held[end] {
		if n > 0 && l.alive(ctx, kv, owner{ID: id}) {
			return true
		}
	}
	return false
}

// redeliverAfter is when a message a reader received but did not confirm
// (it was killed in between) can be read again.
const redeliverAfter = 5 * time.Second

// eofHeader marks the message an end sends the other when its last copy
// closes.
const eofHeader = "Procstar-Eof"

type clConn struct {
	obj
	closed atomic.Bool

	consOnce sync.Once
	cons     jetstream.Consumer
	consErr  error

	opMu sync.Mutex
	op   *recvOp // the receive in progress, if any
}

// A recvOp is a receive whose fetches run on a goroutine of their own. A
// Recv whose context ends (a signal's handler is to run) or whose timeout
// passes leaves it rather than cut a fetch off: a message the server
// delivered to a fetch cut off would wait for its redelivery, after the
// messages sent later. The next Recv takes the op over (a handler done,
// the wait starts again); an op left alone ends with its fetch and gives
// back (Nak) what it got, which the consumer delivers again first.
type recvOp struct {
	done    chan struct{} // closed once msg or err is set
	msg     jetstream.Msg // not acked yet
	err     error
	waited  bool // a Recv waits for it (under opMu)
	settled bool // msg or err is set (under opMu)
	stop    context.CancelFunc
}

var _ objects.Conn = (*clConn)(nil)

func (c *clConn) subject(end int) string { return c.h.Subject + "." + strconv.Itoa(end) }

// NewPipe implements objects.Backend.
func (l *Launcher) NewPipe(duplex bool) (objects.Conn, objects.Conn, error) {
	o, err := l.objects()
	if err != nil {
		return nil, nil, err
	}
	if err := l.lease(o); err != nil {
		return nil, nil, err
	}
	id := newID()
	h := handle{Key: keyOf("pipe", id), Bucket: l.bucketName(),
		Stream: "PSQ_" + l.rootID() + "_" + id, Subject: pipeSubject(l.rootID(), id), Duplex: duplex}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	s, err := l.js.CreateStream(ctx, jetstream.StreamConfig{
		Name: h.Stream, Subjects: []string{h.Subject + ".*"},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Replicas: l.replicas,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("cannot create the pipe: %w", err)
	}
	var ends [2]*clConn
	for end := range 2 {
		he := h
		he.End = end
		ends[end] = &clConn{obj: obj{l, o, he}}
		cons, err := s.CreateConsumer(ctx, jetstream.ConsumerConfig{
			Durable: "r" + strconv.Itoa(end), FilterSubject: ends[end].subject(end),
			AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: -1, AckWait: redeliverAfter, Replicas: l.replicas,
		})
		if err != nil {
			return nil, nil, fmt.Errorf("cannot create the pipe: %w", err)
		}
		ends[end].consOnce.Do(func() { ends[end].cons = cons })
	}
	st := pipeState{Held: [2]map[string]int{{l.id: 1}, {l.id: 1}}}
	if _, err := o.kv.Create(ctx, h.Key, mustJSON(st)); err != nil {
		return nil, nil, err
	}
	ends[0].opened()
	ends[1].opened()
	return ends[0], ends[1], nil
}

// AttachConn implements objects.Backend: the copy in flight becomes this
// process's.
func (l *Launcher) AttachConn(data []byte) (objects.Conn, error) {
	b, err := l.attachObj(data)
	if err != nil {
		return nil, err
	}
	if err := l.lease(b.o); err != nil {
		return nil, err
	}
	c := &clConn{obj: b}
	end := b.h.End
	err = update(b, func(st *pipeState) error {
		if st.Flight[end] > 0 {
			st.Flight[end]--
		}
		if st.Held[end] == nil {
			st.Held[end] = map[string]int{}
		}
		st.Held[end][l.id]++
		return nil
	})
	if err == nil {
		c.opened()
	}
	return c, err
}

// opened lists c among the ends this process closes at its end.
func (c *clConn) opened() {
	c.o.mu.Lock()
	defer c.o.mu.Unlock()
	if c.o.conns == nil {
		c.o.conns = map[*clConn]bool{}
	}
	c.o.conns[c] = true
}

func (c *clConn) Readable() bool { return c.h.Duplex || c.h.End == 0 }
func (c *clConn) Writable() bool { return c.h.Duplex || c.h.End == 1 }
func (c *clConn) Closed() bool   { return c.closed.Load() }

// Handle counts a copy in flight: the end stays open for the other side
// until the message is decoded.
func (c *clConn) Handle() []byte {
	if c.closed.Load() {
		return nil
	}
	if err := update(c.obj, func(st *pipeState) error { st.Flight[c.h.End]++; return nil }); err != nil {
		return nil
	}
	return c.h.bytes()
}

func (c *clConn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	c.o.mu.Lock()
	delete(c.o.conns, c)
	c.o.mu.Unlock()
	c.opMu.Lock()
	if c.op != nil {
		c.op.stop()
	}
	c.opMu.Unlock()
	end, last := c.h.End, false
	ctx, cancel := c.ctx()
	defer cancel()
	err := update(c.obj, func(st *pipeState) error {
		if st.Held[end][c.l.id] > 0 {
			if st.Held[end][c.l.id]--; st.Held[end][c.l.id] == 0 {
				delete(st.Held[end], c.l.id)
			}
		}
		last = !st.open(ctx, c.l, c.o.kv, end)
		return nil
	})
	if err == nil && last {
		err = c.sendEOF(ctx, end)
	}
	return err
}

// sendEOF tells the other end that end has no copy left.
func (c *clConn) sendEOF(ctx context.Context, end int) error {
	m := nats.NewMsg(c.subject(1 - end))
	m.Header.Set(eofHeader, "1")
	_, err := c.l.js.PublishMsg(ctx, m)
	return err
}

// Destroy closes this copy: the other copies of the end are their
// processes' to close (a dead process's close with its lease).
func (c *clConn) Destroy() { c.Close() }

func (c *clConn) state(ctx context.Context) (pipeState, error) {
	var st pipeState
	_, err := c.read(ctx, &st)
	return st, err
}

func (c *clConn) Send(ctx context.Context, msg []byte) error {
	if !c.Writable() {
		return objects.ErrNotWritable
	}
	st, err := c.state(ctx)
	if err != nil {
		return err
	}
	if !st.open(ctx, c.l, c.o.kv, 1-c.h.End) {
		return objects.ErrBrokenPipe
	}
	c.l.landPosts()
	m, err := c.l.message(ctx, c.subject(1-c.h.End), msg)
	if err == nil {
		_, err = c.l.js.PublishMsg(ctx, m)
	}
	return err
}

func (c *clConn) consumer(ctx context.Context) (jetstream.Consumer, error) {
	c.consOnce.Do(func() {
		c.cons, c.consErr = c.l.js.Consumer(ctx, c.h.Stream, "r"+strconv.Itoa(c.h.End))
	})
	return c.cons, c.consErr
}

// Recv takes the next message; with none, it waits, re-reading at least
// every LeaseTTL whether the other end is still open (its last holder may
// have died without a word). Its context ending takes nothing (see
// recvOp).
func (c *clConn) Recv(ctx context.Context, timeout time.Duration) ([]byte, error) {
	if !c.Readable() {
		return nil, objects.ErrNotReadable
	}
	cons, err := c.consumer(ctx)
	if err != nil {
		return nil, err
	}
	if timeout == 0 {
		return nil, objects.ErrTimeout
	}
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	for {
		op := c.waitOp(cons)
		select {
		case <-op.done:
		case <-expired:
			c.leave(op)
			return nil, objects.ErrTimeout
		case <-ctx.Done():
			c.leave(op)
			return nil, ctx.Err()
		}
		c.opMu.Lock()
		c.op = nil
		c.opMu.Unlock()
		if op.err != nil {
			return nil, op.err
		}
		actx, cancel := c.ctx()
		aerr := op.msg.DoubleAck(actx)
		cancel()
		if aerr != nil {
			continue // redelivered meanwhile, to another reader maybe
		}
		// Acknowledged, it is this process's: its payload is fetched
		// whatever ctx does.
		pctx, cancel := c.ctx()
		data, err := c.l.payload(pctx, op.msg)
		cancel()
		return data, err
	}
}

// waitOp returns the receive in progress, started if there is none, with
// the caller waiting for it.
func (c *clConn) waitOp(cons jetstream.Consumer) *recvOp {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	if c.op == nil {
		ctx, stop := context.WithCancel(context.Background())
		c.op = &recvOp{done: make(chan struct{}), stop: stop}
		go c.receive(ctx, c.op, cons)
	}
	c.op.waited = true
	return c.op
}

// leave is a Recv giving up op: if op has a message already, it goes back.
// The Nak is published before the next op can ask for a message (under
// opMu, on the same connection), so the server has it back by then and
// delivers it first.
func (c *clConn) leave(op *recvOp) {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	op.waited = false
	if op.settled && c.op == op {
		if op.msg != nil {
			op.msg.Nak()
		}
		c.op = nil
	}
}

// receive runs op: it fetches until a message comes, or the other end is
// found closed (ErrEOF, once what was sent before is read), or nobody
// waits for op any more when a fetch ends.
func (c *clConn) receive(ctx context.Context, op *recvOp, cons jetstream.Consumer) {
	defer op.stop()
	// What is there now, else whether the other end is closed, before a
	// wait: its EOF marker wakes only the first wait, and a later recv
	// (in this process or another with a copy of this end) would wait a
	// whole LeaseTTL to find it closed.
	msg, err := c.fetch(ctx, cons, 0)
	for {
		if err == nil && msg == nil {
			msg, err = c.closedNow(ctx, cons)
		}
		c.opMu.Lock()
		if !op.waited {
			// Left alone: what it got (an EOF marker too) goes back, to
			// come first again (before the next op asks, as in leave).
			if msg != nil {
				msg.Nak()
			}
			c.op = nil
			c.opMu.Unlock()
			return
		}
		switch {
		case msg == nil && err == nil:
			c.opMu.Unlock()
			msg, err = c.fetch(ctx, cons, LeaseTTL)
			continue
		case msg != nil && msg.Headers().Get(eofHeader) != "":
			// The other end's last copy closed: a wake-up, taken here.
			c.opMu.Unlock()
			actx, cancel := c.ctx()
			msg.DoubleAck(actx)
			cancel()
			msg, err = nil, nil
			continue
		}
		op.msg, op.err, op.settled = msg, err, true
		c.opMu.Unlock()
		close(op.done)
		return
	}
}

// closedNow is called when no message came: if the other end is closed,
// it returns what was sent before the close, or ErrEOF; if it is open,
// nothing.
func (c *clConn) closedNow(ctx context.Context, cons jetstream.Consumer) (jetstream.Msg, error) {
	sctx, cancel := c.ctx()
	defer cancel()
	st, err := c.state(sctx)
	if err != nil {
		return nil, err
	}
	if st.open(sctx, c.l, c.o.kv, 1-c.h.End) {
		return nil, nil
	}
	for {
		msg, err := c.fetch(ctx, cons, 0)
		if err != nil || msg != nil {
			return msg, err
		}
		// A no-wait fetch can come back empty while messages sent before
		// the close are stored (Send waits for its ack): the server answers
		// it from the consumer's count of pending messages, which can lag
		// behind the stream (seen: 3 stored, 0 counted, 2% of new pipes).
		// Data read as EOF would be lost: EOF only when the stream holds
		// nothing more for this end (a work queue: what is acknowledged is
		// gone), else a waiting fetch, which reads the stream itself.
		left, err := c.stored()
		if err != nil {
			return nil, err
		}
		if left == 0 {
			return nil, objects.ErrEOF
		}
		if msg, err := c.fetch(ctx, cons, pendingWait); err != nil || msg != nil {
			return msg, err
		}
	}
}

// pendingWait is how long a reader whose other end is closed waits for a
// message still stored for it before it looks again.
const pendingWait = 100 * time.Millisecond

// stored is how many messages the pipe's stream holds for this end: sent
// and not yet acknowledged by a reader.
func (c *clConn) stored() (uint64, error) {
	sctx, cancel := c.ctx()
	defer cancel()
	s, err := c.l.js.Stream(sctx, c.h.Stream)
	if err != nil {
		return 0, err
	}
	subject := c.subject(c.h.End)
	info, err := s.Info(sctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		return 0, err
	}
	return info.State.Subjects[subject], nil
}

// fetch fetches one message, not acknowledged, waiting up to wait (0: not
// at all); nil if none came.
func (c *clConn) fetch(ctx context.Context, cons jetstream.Consumer, wait time.Duration) (jetstream.Msg, error) {
	var batch jetstream.MessageBatch
	var err error
	if wait > 0 {
		fctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		batch, err = cons.Fetch(1, jetstream.FetchContext(fctx))
		if d, _ := fctx.Deadline(); err != nil && errors.Is(err, jetstream.ErrInvalidOption) && !time.Now().Before(d) {
			// The wait ran out before the request went (a loaded
			// machine; nats.go refuses an expired context): look for a
			// message that is already there, as a wait would have.
			wait = 0
		}
	}
	if wait <= 0 {
		batch, err = cons.FetchNoWait(1)
	}
	if err == nil {
		for m := range batch.Messages() {
			return m, nil
		}
		err = batch.Error()
	}
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err == nil, errors.Is(err, context.DeadlineExceeded), errors.Is(err, jetstream.ErrNoMessages):
		return nil, nil
	}
	return nil, err
}

// CancelsCleanly implements objects.Interruptible's test: a Recv its
// context ends takes nothing (see recvOp).
func (c *clConn) CancelsCleanly() bool { return true }

// waiting counts the messages this end can receive now. It counts from the
// stream, which has a message once its send returned; the consumer's own
// pending count catches up with new messages asynchronously, so a poll
// just after the other end sent could read False.
func (c *clConn) waiting(ctx context.Context, cons jetstream.Consumer) (int, error) {
	s, err := c.l.js.Stream(ctx, c.h.Stream)
	if err != nil {
		return 0, err
	}
	subj := c.subject(c.h.End)
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(subj))
	if err != nil {
		return 0, err
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	return int(info.State.Subjects[subj]) - ci.NumAckPending, nil
}

// Poll reports whether a recv would not block: a message is waiting, or
// the other end is closed. It waits on the subject for a message to come.
func (c *clConn) Poll(ctx context.Context, timeout time.Duration) (bool, error) {
	if !c.Readable() {
		return false, objects.ErrNotReadable
	}
	cons, err := c.consumer(ctx)
	if err != nil {
		return false, err
	}
	arrived := make(chan struct{}, 1)
	sub, err := c.l.nc.Subscribe(c.subject(c.h.End), func(*nats.Msg) {
		select {
		case arrived <- struct{}{}:
		default:
		}
	})
	if err != nil {
		return false, err
	}
	defer sub.Unsubscribe()
	deadline, forever := deadlineOf(timeout)
	for {
		n, err := c.waiting(ctx, cons)
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
		st, err := c.state(ctx)
		if err != nil {
			return false, err
		}
		if !st.open(ctx, c.l, c.o.kv, 1-c.h.End) {
			return true, nil
		}
		wait := LeaseTTL
		if !forever {
			if wait = min(wait, time.Until(deadline)); wait <= 0 {
				return false, nil
			}
		}
		select {
		case <-arrived:
		case <-time.After(wait):
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}
