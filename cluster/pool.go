package cluster

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/builtins/pool"
)

// Pool tasks go through the cluster (pool.Transports): each pool has a
// subject of the PROCSTAR_POOL work-queue stream and a consumer of its
// own, from which each worker pulls one task at a time when it is idle;
// a worker's messages (started, results) come back on a subject of its
// own, in order; the core deduplicates results by task id.

var _ pool.Transports = (*Launcher)(nil)

// Reply kinds, the first byte of a message on a worker's reply subject.
const (
	replyMsg = 'm'
	replyEnd = 'z' // the worker closed its end: nothing follows
)

// replyGrace is how long a worker's replies may trail its end (they come
// from its job's process, the end from its worker) before the owner
// takes it as lost with them.
const replyGrace = time.Second

func poolSubject(pool, part string) string { return poolPrefix + "." + pool + "." + part }

// replySubject is a worker's reply subject (its name hex-encoded: names
// may hold dots).
func replySubject(pool, worker string) string {
	return poolSubject(pool, "r."+hex.EncodeToString([]byte(worker)))
}

// PoolTransport creates a pool's consumer of the task stream.
func (l *Launcher) PoolTransport(ctx context.Context, label string) (pool.Transport, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	id := nuid.Next()
	t := &transport{l: l, id: id}
	err := retry(ctx, func(ctx context.Context) error {
		_, err := l.js.CreateOrUpdateConsumer(ctx, poolStream, jetstream.ConsumerConfig{
			Durable: "pool-" + id, Description: label, FilterSubject: poolSubject(id, "t"),
			AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: -1,
			// A pool whose owner vanished is removed by the server.
			InactiveThreshold: 10 * time.Minute,
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

type transport struct {
	l         *Launcher
	id        string
	closeOnce sync.Once
}

func (t *transport) Addr() []byte { return []byte(t.id) }

func (t *transport) Replies(worker string) (pool.Replies, error) {
	r := &replies{notify: make(chan struct{}, 1)}
	sub, err := t.l.nc.Subscribe(replySubject(t.id, worker), r.onMsg)
	if err != nil {
		return nil, err
	}
	r.sub = sub
	t.l.mu.Lock()
	t.l.replies[worker] = r
	t.l.mu.Unlock()
	return r, nil
}

func (t *transport) Submit(id uint64, msg []byte) error {
	ctx := context.Background()
	return retry(ctx, func(ctx context.Context) error {
		_, err := t.l.js.Publish(ctx, poolSubject(t.id, "t"), msg)
		return err
	})
}

// Close drops the tasks left and tells pulling workers.
func (t *transport) Close() error {
	t.closeOnce.Do(func() {
		t.l.nc.Publish(poolSubject(t.id, "closed"), nil)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		t.l.js.DeleteConsumer(ctx, poolStream, "pool-"+t.id)
		if s, err := t.l.js.Stream(ctx, poolStream); err == nil {
			s.Purge(ctx, jetstream.WithPurgeSubject(poolSubject(t.id, "t")))
		}
	})
	return nil
}

// replies is the owner's end of one worker's messages.
type replies struct {
	sub    *nats.Subscription
	notify chan struct{}

	mu     sync.Mutex
	msgs   [][]byte
	ended  bool      // the worker's end said so
	exited time.Time // when its process was known ended
}

func (r *replies) wake() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *replies) onMsg(m *nats.Msg) {
	if len(m.Data) == 0 {
		return
	}
	r.mu.Lock()
	switch m.Data[0] {
	case replyMsg:
		r.msgs = append(r.msgs, m.Data[1:])
	case replyEnd:
		r.ended = true
	}
	r.mu.Unlock()
	r.wake()
}

// exit records that the worker's process has ended.
func (r *replies) exit() {
	r.mu.Lock()
	r.exited = time.Now()
	r.mu.Unlock()
	r.wake()
}

// Recv returns the next message, or io.EOF once the process has ended and
// its end was heard (or replyGrace passed without it).
func (r *replies) Recv(ctx context.Context) ([]byte, error) {
	for {
		r.mu.Lock()
		if len(r.msgs) > 0 {
			m := r.msgs[0]
			r.msgs = r.msgs[1:]
			r.mu.Unlock()
			return m, nil
		}
		var wait <-chan time.Time
		if !r.exited.IsZero() {
			left := replyGrace - time.Since(r.exited)
			if r.ended || left <= 0 {
				r.mu.Unlock()
				r.sub.Unsubscribe()
				return nil, io.EOF
			}
			wait = time.After(left)
		}
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// WorkerEnd connects a Pool worker (in a job's process) to its pool.
func (l *Launcher) WorkerEnd(ctx context.Context, addr []byte, worker string) (pool.WorkerEnd, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	id := string(addr)
	e := &workerEnd{l: l, reply: replySubject(id, worker), closed: make(chan struct{})}
	sub, err := l.nc.Subscribe(poolSubject(id, "closed"), func(*nats.Msg) { e.closeOnce.Do(func() { close(e.closed) }) })
	if err != nil {
		return nil, err
	}
	e.sub = sub
	err = retry(ctx, func(ctx context.Context) (err error) {
		e.cons, err = l.js.Consumer(ctx, poolStream, "pool-"+id)
		return err
	})
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		e.closeOnce.Do(func() { close(e.closed) }) // the pool is gone
	} else if err != nil {
		sub.Unsubscribe()
		return nil, err
	}
	return e, nil
}

type workerEnd struct {
	l         *Launcher
	reply     string
	cons      jetstream.Consumer
	sub       *nats.Subscription
	closed    chan struct{}
	closeOnce sync.Once
}

// Pull takes the next task of the pool for this worker, waiting while
// there is none.
func (e *workerEnd) Pull(ctx context.Context) ([]byte, error) {
	for {
		select {
		case <-e.closed:
			return nil, io.EOF
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
		// A fetch waits for a task, but not past the pool's closing.
		fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		go func() {
			select {
			case <-e.closed:
				cancel()
			case <-fctx.Done():
			}
		}()
		batch, err := e.cons.Fetch(1, jetstream.FetchContext(fctx))
		if err == nil {
			for m := range batch.Messages() {
				cancel()
				m.Ack()
				return m.Data(), nil
			}
			err = batch.Error()
		}
		cancel()
		if errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) {
			return nil, io.EOF
		}
		if err != nil && ctx.Err() == nil && fctx.Err() == nil {
			time.Sleep(100 * time.Millisecond) // the cluster fails over
		}
	}
}

// Send returns once the server has the message: the process may die the
// next instant (a task that kills its worker), and the owner must still
// learn which task it had started.
func (e *workerEnd) Send(ctx context.Context, msg []byte) error {
	if err := e.l.nc.Publish(e.reply, append([]byte{replyMsg}, msg...)); err != nil {
		return err
	}
	return e.l.nc.FlushTimeout(10 * time.Second)
}

// Close says the worker's end to its owner, after everything it sent.
func (e *workerEnd) Close() error {
	e.sub.Unsubscribe()
	e.l.nc.Publish(e.reply, []byte{replyEnd})
	return e.l.nc.Flush()
}
