package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

// Queue requests and answers (see queueHost). A request is
//
//	op | uvarint len(client) | client | uvarint seq | uvarint low |
//	uvarint len(queue) | queue | varint timeout µs (-1: none) | flags | data
//
// client is the asking process's id, seq numbers its requests (a repeated
// number is the same request, sent again), low says that every request
// below it was answered (the root forgets those answers). An answer is
//
//	status | uvarint seq | data
const (
	opNew      = 'n' // data: uvarint maxsize
	opPut      = 'p' // data: the item (flagBig: its name in the object store)
	opGet      = 'g'
	opLen      = 'l'
	opTaskDone = 't'
	opJoin     = 'j'
	opDestroy  = 'd'
	opCancel   = 'x' // seq names the request to withdraw
)

const (
	stOK        = 'o' // get: data is the item; len: uvarint count
	stBig       = 'b' // get: data names the item in the object store
	stEmpty     = 'e'
	stFull      = 'f'
	stGone      = 'c' // the queue was destroyed
	stTooMany   = 't' // task_done past the puts
	stNo        = 'n' // join timed out
	stCancelled = 'x'
	stErr       = 'E' // data: the error's text
)

// flagBig marks a put whose item waits in the run's object store;
// flagPosted a put that wants no answer (clQueue.Post), sent only on a
// process's own connection to the root, which keeps its order.
const (
	flagBig    = 1
	flagPosted = 2
)

type queueReq struct {
	op       byte
	client   string
	seq, low uint64
	queue    string
	timeout  time.Duration // negative: none
	flags    byte
	data     []byte
}

func (r *queueReq) encode() []byte {
	b := make([]byte, 0, 48+len(r.client)+len(r.queue)+len(r.data))
	b = append(b, r.op)
	b = binary.AppendUvarint(b, uint64(len(r.client)))
	b = append(b, r.client...)
	b = binary.AppendUvarint(b, r.seq)
	b = binary.AppendUvarint(b, r.low)
	b = binary.AppendUvarint(b, uint64(len(r.queue)))
	b = append(b, r.queue...)
	t := int64(-1)
	if r.timeout >= 0 {
		t = r.timeout.Microseconds()
	}
	b = binary.AppendVarint(b, t)
	b = append(b, r.flags)
	return append(b, r.data...)
}

var errBadRequest = errors.New("bad queue request")

func decodeQueueReq(b []byte) (queueReq, error) {
	var r queueReq
	if len(b) < 1 {
		return r, errBadRequest
	}
	r.op, b = b[0], b[1:]
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	num := func() (uint64, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return n, true
	}
	var ok [5]bool
	r.client, ok[0] = str()
	r.seq, ok[1] = num()
	r.low, ok[2] = num()
	r.queue, ok[3] = str()
	t, k := binary.Varint(b)
	ok[4] = k > 0
	if ok != [5]bool{true, true, true, true, true} || len(b) < k+1 {
		return r, errBadRequest
	}
	r.timeout = -1
	if t >= 0 {
		r.timeout = time.Duration(t) * time.Microsecond
	}
	r.flags, r.data = b[k], b[k+1:]
	return r, nil
}

type queueAns struct {
	st   byte
	data []byte
}

func encodeQueueAns(st byte, seq uint64, data []byte) []byte {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(data))
	b = append(b, st)
	b = binary.AppendUvarint(b, seq)
	return append(b, data...)
}

// resendEvery is how often a process sends a request again while it has
// no answer: a request or answer lost in a server's failover costs that
// long, and the root takes a waiting request not heard of for 3 times
// that long for abandoned.
const resendEvery = time.Second

// queueClient is a process's side of the queues its run's root holds:
// one inbox for every answer, each request numbered.
type queueClient struct {
	l       *Launcher
	subject string

	once   sync.Once
	err    error
	inbox  string
	sub    *nats.Subscription
	direct atomic.Pointer[directConn] // to the root on this machine (queue_direct.go)

	mu    sync.Mutex
	next  uint64
	calls map[uint64]chan queueAns

	// posted says a put was posted since the last answer was awaited
	// (flush).
	posted atomic.Bool
}

// queueClientOf returns this process's queue client, made on first use.
func (l *Launcher) queueClientOf() (*queueClient, error) {
	l.mu.Lock()
	c := l.qc
	if c == nil {
		c = &queueClient{l: l, subject: queueHostSubject(l.rootID()), calls: map[uint64]chan queueAns{}}
		l.qc = c
	}
	l.mu.Unlock()
	c.once.Do(func() {
		c.inbox = l.nc.NewInbox()
		c.sub, c.err = l.nc.Subscribe(c.inbox, func(m *nats.Msg) { c.dispatch(m.Data) })
		c.dialDirect()
	})
	return c, c.err
}

// dispatch hands an answer to the call waiting for it.
func (c *queueClient) dispatch(b []byte) {
	seq, a, ok := decodeAns(b)
	if !ok {
		return
	}
	c.mu.Lock()
	ch := c.calls[seq]
	c.mu.Unlock()
	if ch != nil {
		select {
		case ch <- a:
		default: // a duplicate of an answer not yet taken
		}
	}
}

// errRootSilent is a request the run's root did not answer.
var errRootSilent = errors.New("the run's root does not answer")

// call sends r (its seq and low filled in) until the root answers. The
// timeout of r is how long the root may hold it; ctx ending withdraws a
// put or get (a get's item that was on its way goes back to the queue's
// front).
func (c *queueClient) call(ctx context.Context, r queueReq) (queueAns, error) {
	// What the process printed before the request is out first.
	c.l.syncOutput()
	ch := make(chan queueAns, 4)
	c.mu.Lock()
	c.next++
	r.seq = c.next
	c.calls[r.seq] = ch
	r.low = r.seq
	for s := range c.calls {
		r.low = min(r.low, s)
	}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.calls, r.seq)
		c.mu.Unlock()
	}()
	r.client = c.l.id
	var waitUntil time.Time
	giveUp := time.Now().Add(opTimeout)
	if r.timeout > 0 {
		waitUntil = time.Now().Add(r.timeout)
		giveUp = waitUntil.Add(opTimeout)
	}
	for {
		s := r
		if !waitUntil.IsZero() {
			s.timeout = max(0, time.Until(waitUntil)) // the root keeps its first deadline
		}
		if err := c.send(s.encode()); err != nil {
			return queueAns{}, err
		}
		switch a, end := c.await(ctx, r.seq, ch, time.Now().Add(resendEvery)); end {
		case answered:
			return a, nil
		case ctxEnded:
			if r.op == opGet || r.op == opPut {
				if a, done := c.cancel(r, ch); done {
					return a, nil // a put the root did before the withdrawal
				}
			}
			return queueAns{}, ctx.Err()
		}
		if r.timeout >= 0 && time.Now().After(giveUp) {
			return queueAns{}, errRootSilent
		}
	}
}

// waitEnd is why await returned.
type waitEnd int

const (
	answered waitEnd = iota
	resend           // the time to send again came, or the connection broke
	ctxEnded
)

// await waits for the answer to request seq until ctx ends or until
// resendAt. On the root's machine, a waiting call reads the connection
// itself (directConn.readFor) while no other does: handing each answer
// from a reading goroutine to the caller's made a round trip between two
// processes 45-50 µs instead of 7-10 µs on a 2-CPU VM (the woken caller
// waits for a thread to be woken in turn).
func (c *queueClient) await(ctx context.Context, seq uint64, ch chan queueAns, resendAt time.Time) (queueAns, waitEnd) {
	d := c.direct.Load()
	var tok chan struct{}
	if d != nil {
		tok = d.tok
	}
	t := time.NewTimer(time.Until(resendAt))
	defer t.Stop()
	select {
	case a := <-ch:
		return a, answered
	case <-t.C:
		return queueAns{}, resend
	case <-ctx.Done():
		return queueAns{}, ctxEnded
	case <-tok:
		defer func() { tok <- struct{}{} }()
		select {
		case a := <-ch: // came while the last reader read
			return a, answered
		default:
		}
		a, end, err := d.readFor(ctx, c, seq, resendAt)
		if err != nil {
			c.dropDirect(d)
			return queueAns{}, resend
		}
		return a, end
	}
}

// cancel withdraws request r (a get or a put) and waits for the root's
// answer to the withdrawal, so that a request its context ended has taken
// nothing (clQueue.CancelsCleanly): a signal's handler runs in the middle
// of a wait, which then starts again. It sends the withdrawal again until
// the root answers it, for as long as any operation waits for a root
// through a failover (opTimeout); only a root silent for that long (the
// run is lost then) may leave the item of an answered get unreturned.
// done reports a put the root did before the withdrawal reached it, with
// the put's answer: it cannot be taken back. A get's own answer that
// arrives meanwhile is not the withdrawal's: the root puts that item back
// when the withdrawal reaches it.
func (c *queueClient) cancel(r queueReq, ch chan queueAns) (a queueAns, done bool) {
	put := r.op == opPut
	r.op, r.data, r.flags = opCancel, nil, 0
	end := time.Now().Add(opTimeout)
	for time.Now().Before(end) {
		if c.send(r.encode()) != nil {
			return queueAns{}, false // the root is gone
		}
		resendAt := time.Now().Add(resendEvery / 4)
		for time.Now().Before(resendAt) {
			a, how := c.await(context.Background(), r.seq, ch, resendAt)
			switch {
			case how != answered:
			case a.st == stCancelled:
				return queueAns{}, false
			case put:
				return a, true
			}
		}
	}
	return queueAns{}, false
}

// decodeAns splits an answer.
func decodeAns(b []byte) (uint64, queueAns, bool) {
	if len(b) < 2 {
		return 0, queueAns{}, false
	}
	seq, k := binary.Uvarint(b[1:])
	if k <= 0 {
		return 0, queueAns{}, false
	}
	return seq, queueAns{st: b[0], data: b[1+k:]}, true
}

// send sends a request to the root: straight, or through NATS.
func (c *queueClient) send(b []byte) error {
	if d := c.direct.Load(); d != nil {
		if d.write(b) == nil {
			return nil
		}
		c.dropDirect(d)
	}
	err := c.l.nc.PublishMsg(&nats.Msg{Subject: c.subject, Reply: c.inbox, Data: b})
	if errors.Is(err, nats.ErrReconnectBufExceeded) {
		return nil // sent again later
	}
	return err
}

// flush returns once the root has applied the puts this process posted,
// so that a process's puts have landed when its end is seen (CPython's
// Queue joins its feeder thread at exit): the answer to any request sent
// after them on the same connection means the root read them. Without the
// connection (the root is gone) there is nothing to wait for.
func (c *queueClient) flush() {
	if !c.posted.Swap(false) || c.direct.Load() == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	c.call(ctx, queueReq{op: opLen, timeout: -1})
}

// landPosts makes the puts this process posted land before it makes any
// other change another process can see (a lock or value changed, an event
// set, a pipe message, a process started, a Pool task or result), so that
// whoever learns of that change through procstar finds the items in the
// queue, as SPEC's "an item is in the queue once put returns" asks. It
// costs one round trip to the root, and only after a post. The output the
// process wrote before is written first, too (syncOutput).
func (l *Launcher) landPosts() {
	l.syncOutput()
	l.flushPosts()
}

// flushPosts is landPosts without syncOutput, for what follows the output
// on its way anyway: a Pool worker's result (its pipe), a job's end.
func (l *Launcher) flushPosts() {
	l.mu.Lock()
	qc := l.qc
	l.mu.Unlock()
	if qc != nil {
		qc.flush()
	}
}

// answerErr is an answer's error status as an error.
func answerErr(a queueAns) error {
	if a.st == stErr {
		return errors.New(string(a.data))
	}
	return fmt.Errorf("unexpected queue answer %q", a.st)
}

// queueHostSubject is where the processes of run root send their queue
// requests.
func queueHostSubject(root string) string { return "procstar.qh." + root }
