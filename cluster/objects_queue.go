package cluster

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	_, err = s.CreateConsumer(ctx, jetstream.ConsumerConfig{
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
	return &clQueue{obj: obj{l, o, h}}, nil
}

// AttachQueue implements objects.Backend.
func (l *Launcher) AttachQueue(h []byte) (objects.Queue, error) {
	b, err := l.attachObj(h)
	if err != nil {
		return nil, err
	}
	return &clQueue{obj: b}, nil
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
	q.dropPuller()
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

// Len is the number of items a get can take now: those the consumer has
// not delivered, not counting one that a getter received and did not
// confirm (it was killed: the item comes back after AckWait). Each count
// comes from where it changes at once: the stream's last sequence as a put
// returns, the consumer's delivered sequence as a get takes an item. (The
// stream's message count lags a get, its removal coming just after the
// confirmation; the consumer's pending count lags a put.)
func (q *clQueue) Len() int {
	n, _ := q.counts()
	return n
}

// counts are the items not yet delivered and those delivered and not yet
// confirmed.
func (q *clQueue) counts() (undelivered, unconfirmed int) {
	last := q.info().State.LastSeq
	ctx, cancel := q.ctx()
	defer cancel()
	cons, err := q.l.js.Consumer(ctx, q.h.Stream, getter)
	if err != nil {
		return 0, 0
	}
	ci := cons.CachedInfo() // as the lookup found it
	if last > ci.Delivered.Stream {
		undelivered = int(last - ci.Delivered.Stream)
	}
	return undelivered, ci.NumAckPending
}

func (q *clQueue) Empty() bool { return q.Len() == 0 }

// Full counts, as the server does when it refuses a put, the items a
// getter has not confirmed too.
func (q *clQueue) Full() bool {
	if q.h.Max <= 0 {
		return false
	}
	n, held := q.counts()
	return n+held >= q.h.Max
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

// Get takes the next item (see puller).
func (q *clQueue) Get(ctx context.Context, timeout time.Duration) ([]byte, error) {
	if q.closed.Load() {
		return nil, objects.ErrClosed
	}
	p, err := q.pullerOf()
	if err != nil {
		return nil, err
	}
	msg, err := p.get(ctx, timeout)
	if errors.Is(err, errConsumerGone) {
		return nil, objects.ErrClosed // destroyed
	}
	return msg, err
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
