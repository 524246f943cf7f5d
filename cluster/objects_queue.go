package cluster

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/procstar/procstar/runtime/objects"
)

// clQueue is a Queue, JoinableQueue or SimpleQueue: a stream with
// work-queue retention and the durable consumer its getters share.
type clQueue struct {
	obj
	closed atomic.Bool

	consOnce sync.Once
	cons     jetstream.Consumer
	consErr  error

	failMu    sync.Mutex
	failSince time.Time
}

var _ objects.Queue = (*clQueue)(nil)

// getter names the consumer of every queue.
const getter = "get"

// redeliverAfter is when an item a getter received but did not confirm
// (it was killed in between) can be taken again.
const redeliverAfter = 5 * time.Second

// NewQueue implements objects.Backend.
func (l *Launcher) NewQueue(maxsize int) (objects.Queue, error) {
	o, err := l.objects()
	if err != nil {
		return nil, err
	}
	id := newID()
	h := handle{Key: keyOf("done", id), Bucket: l.bucketName(),
		Stream: "PSQ_" + l.rootID() + "_" + id, Subject: queueSubject(l.rootID(), id), Max: maxsize}
	cfg := jetstream.StreamConfig{
		Name: h.Stream, Subjects: []string{h.Subject},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Replicas: l.replicas,
		MaxMsgs: -1,
	}
	if maxsize > 0 {
		// The server bounds the queue: a put into a full one is refused.
		cfg.MaxMsgs, cfg.Discard = int64(maxsize), jetstream.DiscardNew
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	s, err := l.js.CreateStream(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cannot create the queue: %w", err)
	}
	cons, err := s.CreateConsumer(ctx, jetstream.ConsumerConfig{
		Durable: getter, AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: -1, Replicas: l.replicas,
		// A getter confirms an item within a round trip of receiving it;
		// one killed in between leaves it to come back after AckWait.
		AckWait: redeliverAfter,
	})
	if err != nil {
		return nil, fmt.Errorf("cannot create the queue: %w", err)
	}
	if _, err := o.kv.Create(ctx, h.Key, []byte("0")); err != nil {
		return nil, err
	}
	q := &clQueue{obj: obj{l, o, h}}
	q.consOnce.Do(func() { q.cons = cons })
	return q, nil
}

// AttachQueue implements objects.Backend.
func (l *Launcher) AttachQueue(h []byte) (objects.Queue, error) {
	b, err := l.attachObj(h)
	if err != nil {
		return nil, err
	}
	return &clQueue{obj: b}, nil
}

func (q *clQueue) consumer(ctx context.Context) (jetstream.Consumer, error) {
	q.consOnce.Do(func() { q.cons, q.consErr = q.l.js.Consumer(ctx, q.h.Stream, getter) })
	return q.cons, q.consErr
}

func (q *clQueue) Maxsize() int { return q.h.Max }

// Gone reports whether the queue was destroyed (its stream deleted).
func (q *clQueue) Gone() bool {
	ctx, cancel := q.ctx()
	defer cancel()
	_, err := q.l.js.Stream(ctx, q.h.Stream)
	return errors.Is(err, jetstream.ErrStreamNotFound)
}

// Destroy deletes the queue's stream.
func (q *clQueue) Destroy() {
	ctx, cancel := q.ctx()
	defer cancel()
	q.l.js.DeleteStream(ctx, q.h.Stream)
}

func (q *clQueue) info() *jetstream.StreamInfo {
	ctx, cancel := q.ctx()
	defer cancel()
	s, err := q.l.js.Stream(ctx, q.h.Stream)
	if err != nil {
		return &jetstream.StreamInfo{}
	}
	info, err := s.Info(ctx)
	if err != nil {
		return &jetstream.StreamInfo{}
	}
	return info
}

// Len is the number of items a get can take now: not counting one that a
// getter received and did not confirm (it comes back after AckWait). It
// counts from the stream, which has an item once its put returned; the
// consumer's own pending count catches up with new items asynchronously,
// so full() just after a put could read False.
func (q *clQueue) Len() int {
	n := int(q.info().State.Msgs)
	ctx, cancel := q.ctx()
	defer cancel()
	if cons, err := q.consumer(ctx); err == nil {
		if info, err := cons.Info(ctx); err == nil {
			n -= info.NumAckPending
		}
	}
	return max(n, 0)
}

func (q *clQueue) Empty() bool { return q.Len() == 0 }

// Full is what the server checks when it refuses a put: the stream's
// count, items a getter has not yet confirmed included.
func (q *clQueue) Full() bool {
	return q.h.Max > 0 && int(q.info().State.Msgs) >= q.h.Max
}

func (q *clQueue) Close()       { q.closed.Store(true) }
func (q *clQueue) Closed() bool { return q.closed.Load() }

// Put stores msg in the stream; the server's acknowledgement is the item
// being in the queue. A full queue refuses it: Put tries again, backing
// off up to fullPoll, until the timeout (the server does not tell when
// room comes; the README says so).
func (q *clQueue) Put(ctx context.Context, msg []byte, timeout time.Duration) error {
	if q.closed.Load() {
		return objects.ErrClosed
	}
	deadline, forever := deadlineOf(timeout)
	m, err := q.l.message(ctx, q.h.Subject, msg)
	if err != nil {
		return err
	}
	wait := time.Millisecond
	// One id for every attempt: the server stores the item once even if
	// an answer is lost in a failover and the put is sent again.
	id := newID()
	for {
		full := false
		pctx, cancel := context.WithTimeout(ctx, opTimeout)
		err := retryOp(pctx, func(ctx context.Context) error {
			_, err := q.l.js.PublishMsg(ctx, m, jetstream.WithMsgID(id))
			switch {
			case err != nil && isFull(err):
				full = true
				return nil
			case (errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, jetstream.ErrStreamNotFound)) && q.Gone():
				return finalErr{objects.ErrClosed} // destroyed
			}
			return err
		})
		cancel()
		if err != nil || !full {
			return err
		}
		if timeout == 0 || (!forever && time.Until(deadline) <= 0) {
			return objects.ErrFull
		}
		if !forever {
			wait = min(wait, time.Until(deadline))
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		wait = min(2*wait, fullPoll)
	}
}

// fullPoll bounds the wait between two puts into a full queue.
const fullPoll = 50 * time.Millisecond

// isFull reports the server's refusal of a message past MaxMsgs.
func isFull(err error) bool {
	// The server's JSStreamStoreFailedF (10077) with its ErrMaxMsgs text.
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == 10077 && strings.Contains(apiErr.Description, "maximum messages")
}

// Get takes the next item: a fetch from the shared consumer, acknowledged
// at once and confirmed by the server (a double ack), so that no other
// getter ever receives it.
func (q *clQueue) Get(ctx context.Context, timeout time.Duration) ([]byte, error) {
	if q.closed.Load() {
		return nil, objects.ErrClosed
	}
	cons, err := q.consumer(ctx)
	if err != nil {
		return nil, err
	}
	deadline, forever := deadlineOf(timeout)
	for {
		msg, err := q.fetch(ctx, cons, timeout, deadline, forever)
		if msg != nil || err != nil {
			return msg, err
		}
		if timeout == 0 || (!forever && time.Until(deadline) <= 0) {
			return nil, objects.ErrEmpty
		}
	}
}

// fetch waits up to the deadline, and at most 30 s, for one item.
func (q *clQueue) fetch(ctx context.Context, cons jetstream.Consumer, timeout time.Duration, deadline time.Time, forever bool) ([]byte, error) {
	var (
		batch jetstream.MessageBatch
		err   error
	)
	if timeout == 0 {
		batch, err = cons.FetchNoWait(1)
	} else {
		wait := 30 * time.Second
		if !forever {
			if wait = min(wait, time.Until(deadline)); wait <= 0 {
				return nil, nil
			}
		}
		fctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		batch, err = cons.Fetch(1, jetstream.FetchContext(fctx))
	}
	if err == nil {
		for m := range batch.Messages() {
			actx, cancel := q.ctx()
			err := m.DoubleAck(actx)
			cancel()
			if err == nil {
				q.failing(false)
				return q.l.payload(ctx, m)
			}
			// Not confirmed: the server redelivers it after AckWait.
		}
		err = batch.Error()
	}
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err == nil, errors.Is(err, context.DeadlineExceeded), errors.Is(err, jetstream.ErrNoMessages):
		return nil, nil
	}
	// A server failing over: the fetch is tried again, for a while.
	if time.Since(q.failing(true)) < failoverTime {
		time.Sleep(250 * time.Millisecond)
		return nil, nil
	}
	return nil, err
}

// failing returns since when fetches have failed (now if they just
// started to); ok false resets it.
func (q *clQueue) failing(failed bool) time.Time {
	q.failMu.Lock()
	defer q.failMu.Unlock()
	if !failed {
		q.failSince = time.Time{}
	} else if q.failSince.IsZero() {
		q.failSince = time.Now()
	}
	return q.failSince
}

// TaskDone counts a finished task in the bucket, refusing to count more
// than the items ever put (the stream's last sequence).
func (q *clQueue) TaskDone() error {
	return casLoopStrings(q.obj, func(done int) (int, error) {
		if uint64(done) >= q.info().State.LastSeq {
			return 0, objects.ErrTooManyTaskDone
		}
		return done + 1, nil
	})
}

// Join waits until every item put was marked done, watching the count.
func (q *clQueue) Join(ctx context.Context, timeout time.Duration) (bool, error) {
	deadline, forever := deadlineOf(timeout)
	for {
		chs, err := q.o.watch(q.h.Key) // before reading
		if err != nil {
			return false, err
		}
		e, err := q.o.kv.Get(ctx, q.h.Key)
		if err != nil {
			return false, err
		}
		done, _ := strconv.Atoi(string(e.Value()))
		if uint64(done) >= q.info().State.LastSeq {
			return true, nil
		}
		if timedOut, err := waitChange(ctx, chs, deadline, forever); err != nil || timedOut {
			return false, err
		}
	}
}

// casLoopStrings is casLoop over a key holding a decimal count.
func casLoopStrings(b obj, change func(int) (int, error)) error {
	ctx, cancel := b.ctx()
	defer cancel()
	return b.o.cas(ctx, b.h.Key, func(v []byte) ([]byte, error) {
		n, _ := strconv.Atoi(string(v))
		n, err := change(n)
		if err != nil {
			return nil, err
		}
		return []byte(strconv.Itoa(n)), nil
	})
}
