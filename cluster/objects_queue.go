package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"sync/atomic"
	"time"

	"github.com/procstar/procstar/runtime/objects"
)

// clQueue is a Queue, JoinableQueue or SimpleQueue held by the run's root
// (queueHost): the root's handles use its table, every other process's
// send it requests.
type clQueue struct {
	l      *Launcher
	h      handle
	closed atomic.Bool
}

var _ objects.Queue = (*clQueue)(nil)

// NewQueue implements objects.Backend.
func (l *Launcher) NewQueue(maxsize int) (objects.Queue, error) {
	if _, err := l.objects(); err != nil {
		return nil, err
	}
	id := newID()
	q := &clQueue{l: l, h: handle{Key: id, Bucket: l.bucketName(), Max: maxsize}}
	if h := q.host(); h != nil {
		h.create(id, maxsize)
		return q, nil
	}
	st, _, _, err := q.op(context.Background(), opNew, 0, binary.AppendUvarint(nil, uint64(max(maxsize, 0))))
	if err := statusErr(st, err); err != nil {
		return nil, err
	}
	return q, nil
}

// AttachQueue implements objects.Backend.
func (l *Launcher) AttachQueue(data []byte) (objects.Queue, error) {
	h, _, err := l.attach(data)
	if err != nil {
		return nil, err
	}
	return &clQueue{l: l, h: h}, nil
}

func (q *clQueue) Handle() []byte { return q.h.bytes() }
func (q *clQueue) Maxsize() int   { return q.h.Max }

// host is the root's table when this process is the root.
func (q *clQueue) host() *queueHost {
	if q.l.root == "" {
		return q.l.host
	}
	return nil
}

// payload fetches the big item a get took, to its end whatever ctx does:
// the item is this process's now, and a fetch cut off would lose it.
func (q *clQueue) payload(ctx context.Context, name string) ([]byte, error) {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opTimeout)
	defer cancel()
	return q.l.bigPayload(pctx, name)
}

// CancelsCleanly implements objects.Interruptible's test: a get or put
// that its context ends has taken nothing (queueHost.do, queueClient.cancel).
func (q *clQueue) CancelsCleanly() bool { return true }

// op runs an operation where the queue is: its status, a get's item and
// a count.
func (q *clQueue) op(ctx context.Context, op byte, timeout time.Duration, item []byte) (byte, []byte, uint64, error) {
	if h := q.host(); h != nil {
		// The caller may reuse msg's buffer once Put returns.
		res, err := h.do(ctx, op, q.h.Key, timeout, queueItem{data: slices.Clone(item)})
		if err != nil {
			return 0, nil, 0, err
		}
		if res.st == stOK && res.item.big {
			data, err := q.payload(ctx, string(res.item.data))
			return res.st, data, 0, err
		}
		return res.st, res.item.data, res.n, nil
	}
	c, err := q.l.queueClientOf()
	if err != nil {
		return 0, nil, 0, err
	}
	var flags byte
	if len(item) > q.l.bigLimit() && c.direct.Load() == nil {
		m, err := q.l.message(ctx, "", item)
		if err != nil {
			return 0, nil, 0, err
		}
		flags, item = flagBig, []byte(m.Header.Get(bigHeader))
	}
	a, err := c.call(ctx, queueReq{op: op, queue: q.h.Key, timeout: timeout, flags: flags, data: item})
	if err != nil {
		return 0, nil, 0, err
	}
	switch a.st {
	case stBig:
		data, err := q.payload(ctx, string(a.data))
		return stOK, data, 0, err
	case stOK:
		n, _ := binary.Uvarint(a.data)
		return a.st, a.data, n, nil
	case stErr:
		return 0, nil, 0, answerErr(a)
	}
	return a.st, nil, 0, nil
}

// Len is the number of items a get can take now, as the root counts them.
func (q *clQueue) Len() int {
	_, _, n, err := q.op(context.Background(), opLen, 0, nil)
	if err != nil {
		return 0
	}
	return int(n)
}

func (q *clQueue) Empty() bool { return q.Len() == 0 }

func (q *clQueue) Full() bool { return q.h.Max > 0 && q.Len() >= q.h.Max }

func (q *clQueue) Close()       { q.closed.Store(true) }
func (q *clQueue) Closed() bool { return q.closed.Load() }

// Gone reports whether the queue was destroyed.
func (q *clQueue) Gone() bool {
	st, _, _, err := q.op(context.Background(), opLen, 0, nil)
	return err == nil && st == stGone
}

// Destroy frees the queue: its waiting operations fail with ErrClosed.
func (q *clQueue) Destroy() {
	q.op(context.Background(), opDestroy, 0, nil)
}

// Put returns once the root holds msg.
func (q *clQueue) Put(ctx context.Context, msg []byte, timeout time.Duration) error {
	if q.closed.Load() {
		return objects.ErrClosed
	}
	st, _, _, err := q.op(ctx, opPut, timeout, msg)
	return statusErr(st, err)
}

// Post implements objects.Poster: on the root's machine, an unbounded
// queue's put is written to the root's socket and not answered. Waiting for
// the answer made a put a round trip, and a child putting to the root was
// bound by it (bench/run_cluster_objects.sh); the socket keeps the posts in
// order with this process's other requests, the root applies them as it
// reads them, and flush makes sure of them before the process ends.
func (q *clQueue) Post(msg []byte) bool {
	if q.closed.Load() || q.h.Max > 0 || q.host() != nil {
		return false
	}
	c, err := q.l.queueClientOf()
	if err != nil {
		return false
	}
	d := c.direct.Load()
	if d == nil {
		return false
	}
	q.l.syncOutput()
	r := queueReq{op: opPut, client: q.l.id, queue: q.h.Key, timeout: -1, flags: flagPosted, data: msg}
	b := r.encode()
	if len(b) > frameLimit() {
		return false
	}
	c.posted.Store(true)
	if d.write(b) != nil {
		c.dropDirect(d) // the root is gone
		return false
	}
	return true
}

// Flush implements objects.Poster.
func (q *clQueue) Flush() {
	q.l.landPosts() // nothing to do in the root, whose puts are never posted
}

// Get takes the next item.
func (q *clQueue) Get(ctx context.Context, timeout time.Duration) ([]byte, error) {
	if q.closed.Load() {
		return nil, objects.ErrClosed
	}
	st, data, _, err := q.op(ctx, opGet, timeout, nil)
	if err := statusErr(st, err); err != nil {
		return nil, err
	}
	return data, nil
}

// TaskDone counts a finished task, refusing to count more than the items
// ever put.
func (q *clQueue) TaskDone() error {
	st, _, _, err := q.op(context.Background(), opTaskDone, 0, nil)
	return statusErr(st, err)
}

// Join waits until every item put was marked done.
func (q *clQueue) Join(ctx context.Context, timeout time.Duration) (bool, error) {
	st, _, _, err := q.op(ctx, opJoin, timeout, nil)
	if st == stNo {
		return false, nil
	}
	return err == nil, statusErr(st, err)
}

// statusErr maps an answer's status to the backends' errors.
func statusErr(st byte, err error) error {
	switch {
	case err != nil:
		return err
	case st == stEmpty:
		return objects.ErrEmpty
	case st == stFull:
		return objects.ErrFull
	case st == stGone:
		return objects.ErrClosed
	case st == stTooMany:
		return objects.ErrTooManyTaskDone
	case st == stOK:
		return nil
	}
	return errors.New("unexpected queue answer")
}
