package cluster

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/builtins/pool"
)

// Pool tasks go through the cluster (pool.Transports): each pool has a
// subject of the PROCSTAR_POOL work-queue stream and a consumer of its
// own, from which each worker pulls one task at a time when it is idle.
// A worker's messages (started, results) go through a pipe to its job's
// worker daemon, which relays them as events of the job: a pipe keeps what
// was written when the process is killed the next instant (a task that
// kills its worker), and the daemon's connection delivers them in order
// with the job's exit, after which the owner knows nothing more will come.
// The core deduplicates results by task id.

var _ pool.Transports = (*Launcher)(nil)

func poolSubject(pool, part string) string { return poolPrefix + "." + pool + "." + part }

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

// Replies registers the worker's replies; Launch attaches them to its job.
func (t *transport) Replies(worker string) (pool.Replies, error) {
	r := &replies{notify: make(chan struct{}, 1)}
	t.l.mu.Lock()
	t.l.replies[worker] = r
	t.l.mu.Unlock()
	return r, nil
}

// Submit publishes without waiting for the server's ack (a round trip per
// task would halve the pool's throughput); a publish the server failed is
// made again, waiting, while the cluster fails over. The task is signed
// by the key that signs the pool's worker jobs: a worker runs no task
// another peer of the cluster put in the pool's stream.
func (t *transport) Submit(id uint64, msg []byte) error {
	subj := poolSubject(t.id, "t")
	// One message id for every attempt: a publish made again after its
	// acknowledgement was lost is stored once.
	m := &nats.Msg{Subject: subj, Data: msg, Header: nats.Header{jetstream.MsgIDHeader: []string{nuid.Next()}}}
	if !t.l.PrivateServer {
		sig, err := t.l.signer.Sign(taskBody(t.id, msg))
		if err != nil {
			return err
		}
		m.Header.Set(sigHeader, base64.StdEncoding.EncodeToString(sig))
	}
	again := func() error {
		return retry(context.Background(), func(ctx context.Context) error {
			_, err := t.l.js.PublishMsg(ctx, m)
			return err
		})
	}
	f, err := t.l.js.PublishMsgAsync(m)
	if err != nil {
		return again()
	}
	errw := t.l.errw
	go func() {
		// An acknowledgement lost in a server's failover never comes, and
		// nothing says so: past pubAckWait the task is published again.
		t := time.NewTimer(pubAckWait)
		defer t.Stop()
		select {
		case <-f.Ok():
			return
		case <-f.Err():
		case <-t.C:
		}
		if err := again(); err != nil {
			fmt.Fprintf(errw, "procstar-cluster: a Pool task was lost: %v\n", err)
		}
	}()
	return nil
}

// pubAckWait is how long a task's publish waits for the server's
// acknowledgement before it is made again.
const pubAckWait = 5 * time.Second

// taskBody is what a task's signature covers: its pool and itself.
func taskBody(pool string, msg []byte) []byte {
	return append([]byte(pool+":"), msg...)
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

// replies is the owner's end of one worker's messages, fed by its job's
// events.
type replies struct {
	notify chan struct{}

	mu     sync.Mutex
	msgs   [][]byte
	exited bool // the job has ended: nothing follows
}

func (r *replies) wake() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *replies) push(m []byte) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	r.wake()
}

// exit records that the worker's job has ended.
func (r *replies) exit() {
	r.mu.Lock()
	r.exited = true
	r.mu.Unlock()
	r.wake()
}

// Recv returns the next message, or io.EOF once the job has ended and its
// messages were all returned.
func (r *replies) Recv(ctx context.Context) ([]byte, error) {
	for {
		r.mu.Lock()
		if len(r.msgs) > 0 {
			m := r.msgs[0]
			r.msgs = r.msgs[1:]
			r.mu.Unlock()
			return m, nil
		}
		exited := r.exited
		r.mu.Unlock()
		if exited {
			return nil, io.EOF
		}
		select {
		case <-r.notify:
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
	if l.replyPipe == nil {
		return nil, errors.New("a Pool worker must run in a job's process")
	}
	id := string(addr)
	e := &workerEnd{l: l}
	e.open, e.close = context.WithCancel(context.Background())
	sub, err := l.nc.Subscribe(poolSubject(id, "closed"), func(*nats.Msg) { e.close() })
	if err != nil {
		return nil, err
	}
	e.sub = sub
	err = retry(ctx, func(ctx context.Context) (err error) {
		_, err = l.js.Consumer(ctx, poolStream, "pool-"+id)
		return err
	})
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		e.close() // the pool is gone
	} else if err != nil {
		sub.Unsubscribe()
		return nil, err
	}
	// A task is acknowledged without waiting: the core deduplicates
	// results by task id, so a task delivered twice is answered once.
	if e.p, err = newPuller(l, poolStream, "pool-"+id, nil, false); err != nil {
		sub.Unsubscribe()
		return nil, err
	}
	if l.PrivateServer {
		return e, nil // no peer but this run's: tasks go unsigned
	}
	owner, err := nkeys.FromPublicKey(l.submitter)
	if err != nil {
		sub.Unsubscribe()
		e.p.close()
		return nil, fmt.Errorf("a Pool worker needs its submitter's key: %w", err)
	}
	e.p.check = func(hdr nats.Header, data []byte) bool {
		sig, err := base64.StdEncoding.DecodeString(hdr.Get(sigHeader))
		if err == nil && owner.Verify(taskBody(id, data), sig) == nil {
			return true
		}
		fmt.Fprintf(l.errw, "procstar-cluster: %s dropped a Pool task not signed by the pool's owner\n", l.procName)
		return false
	}
	return e, nil
}

type workerEnd struct {
	l     *Launcher
	p     *puller
	sub   *nats.Subscription
	open  context.Context // done when the pool closes
	close context.CancelFunc
}

// Pull takes the next task of the pool for this worker, waiting while
// there is none: one at a time, so that a slow worker holds no task that
// another could run.
func (e *workerEnd) Pull(ctx context.Context) ([]byte, error) {
	// A pull waits for a task, but not past the pool's closing.
	pctx, cancel := context.WithCancel(e.open)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	for {
		msg, err := e.p.get(pctx, -1)
		switch {
		case err == nil:
			return msg, nil
		case errors.Is(err, errConsumerGone), e.open.Err() != nil:
			return nil, io.EOF
		case ctx.Err() != nil:
			return nil, ctx.Err()
		}
		time.Sleep(100 * time.Millisecond) // the cluster fails over
	}
}

// Send writes msg to the pipe its worker daemon relays: written, it
// reaches the owner even if this process dies the next instant.
func (e *workerEnd) Send(ctx context.Context, msg []byte) error {
	e.l.pipeMu.Lock()
	defer e.l.pipeMu.Unlock()
	return writeFrame(e.l.replyPipe, msg)
}

func (e *workerEnd) Close() error {
	e.sub.Unsubscribe()
	e.p.close()
	e.close()
	return nil
}

// writeFrame writes msg with its length before it.
func writeFrame(w io.Writer, msg []byte) error {
	_, err := w.Write(appendFrame(make([]byte, 0, len(msg)+binary.MaxVarintLen64), msg))
	return err
}

// appendFrame appends msg with its length before it to b.
func appendFrame(b, msg []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(msg))), msg...)
}

// replyBatch is the size past which a worker daemon stops adding a Pool
// worker's frames to one event.
const replyBatch = 64 << 10

// splitFrames calls f with each message of frames (appendFrame's), and
// reports whether they were whole.
func splitFrames(frames []byte, f func([]byte)) bool {
	for len(frames) > 0 {
		n, k := binary.Uvarint(frames)
		if k <= 0 || uint64(len(frames)-k) < n {
			return false
		}
		f(frames[k : k+int(n)])
		frames = frames[k+int(n):]
	}
	return true
}

// readFrame reads a message written by writeFrame.
func readFrame(r *bufio.Reader) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	msg := make([]byte, n)
	_, err = io.ReadFull(r, msg)
	return msg, err
}
