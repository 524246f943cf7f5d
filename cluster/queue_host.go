package cluster

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// queueHost holds the run's queues in the root's memory (and the memory of
// its Values and Arrays, block_host.go). The root
// outlives every process of its run, so a queue held there lives as long
// as any process may use it, and the tree ends with its root anyway.
//
// The root's own puts and gets touch the table directly; another process
// sends each operation to the root (queueClient) and has one answer: a
// put is acknowledged once the item is in the table, a get carries its
// item; only a put posted on a process's own connection (clQueue.Post)
// is not answered. A request the root cannot satisfy yet (a get from an empty queue,
// a put into a full one, a join) waits in the queue's FIFO of waiters, up
// to its timeout.
//
// Requests are numbered per process and their answers kept until the
// process says it has them: a request sent again after a server's
// failover (the request or its answer lost) gets the same answer, so no
// item is stored twice or handed to two getters. A process killed while
// its get's answer travels loses that one item; a get it withdraws (its
// context ended) puts an item already on its way back at the queue's
// front.
type queueHost struct {
	l   *Launcher
	sub *nats.Subscription
	ln  net.Listener // queue_direct.go

	mu      sync.Mutex
	queues  map[string]*heldQueue
	blocks  map[string][]byte // Values' and Arrays' memory (block_host.go)
	gone    map[string]bool   // destroyed queues
	clients map[string]*queueClientState
	conns   map[*directConn]bool // nil once closed
	stop    chan struct{}
}

// heldQueue is one queue. Invariant: getters wait only while items is
// empty, putters only while it is full.
type heldQueue struct {
	id         string
	max        int
	items      []queueItem
	puts, done uint64 // items ever put, task_done calls
	getters    []*queueWaiter
	putters    []*queueWaiter
	joiners    []*queueWaiter
}

// queueItem is an encoded item, or with big the name under which it waits
// in the run's object store.
type queueItem struct {
	data []byte
	big  bool
}

// queueResult is the outcome of an operation: a status, a get's item, a
// count.
type queueResult struct {
	st   byte
	item queueItem
	n    uint64
	err  string
}

// queueWaiter is an operation waiting in a queue. A local one (the
// root's) is answered on ch; a remote one through reply.
type queueWaiter struct {
	op   byte
	q    *heldQueue
	item queueItem // a put's
	done bool

	ch chan queueResult

	client    *queueClientState
	seq       uint64
	reply     answerTo
	refreshed time.Time
	timer     *time.Timer
}

// queueClientState is what the root remembers of a process: the answers
// it may ask for again and its waiting requests.
type queueClientState struct {
	answers map[uint64]queueRecord
	pending map[uint64]*queueWaiter
	seen    time.Time
}

type queueRecord struct {
	op  byte
	q   *heldQueue
	res queueResult
	at  time.Time
}

// startQueueHost makes the root's table and serves its processes.
func (l *Launcher) startQueueHost() error {
	h := &queueHost{l: l, queues: map[string]*heldQueue{}, blocks: map[string][]byte{}, gone: map[string]bool{},
		clients: map[string]*queueClientState{}, conns: map[*directConn]bool{}, stop: make(chan struct{})}
	sub, err := l.nc.Subscribe(queueHostSubject(l.id), h.serve)
	if err != nil {
		return err
	}
	// No request is dropped however many wait to be handled (past the
	// default limits, nats.go drops messages as a slow consumer's).
	sub.SetPendingLimits(-1, -1)
	h.sub = sub
	l.host = h
	h.listen()
	go h.sweep()
	return nil
}

func (h *queueHost) close() {
	h.sub.Unsubscribe()
	close(h.stop)
	if h.ln != nil {
		h.ln.Close()
	}
	h.mu.Lock()
	for d := range h.conns {
		d.c.Close()
	}
	h.conns = nil
	h.mu.Unlock()
}

// create adds queue id (again: no change).
func (h *queueHost) create(id string, max int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.queues[id] == nil && !h.gone[id] {
		h.queues[id] = &heldQueue{id: id, max: max}
	}
}

// timedOut is what an operation that waited in vain returns.
func timedOut(op byte) queueResult {
	switch op {
	case opPut:
		return queueResult{st: stFull}
	case opJoin:
		return queueResult{st: stNo}
	}
	return queueResult{st: stEmpty}
}

// apply runs w on q; with h.mu held. It returns the result, or queues w
// (wait true) when the result must wait, which only a timeout other than
// 0 allows.
func (h *queueHost) apply(q *heldQueue, w *queueWaiter, timeout time.Duration) (res queueResult, wait bool) {
	w.q = q
	switch w.op {
	case opPut:
		if len(q.putters) == 0 && (q.max <= 0 || len(q.items) < q.max) {
			h.store(q, w.item)
			return queueResult{st: stOK}, false
		}
		if timeout == 0 {
			return queueResult{st: stFull}, false
		}
		q.putters = append(q.putters, w)
		return queueResult{}, true
	case opGet:
		if len(q.items) > 0 {
			it := q.pop()
			h.settle(q)
			return queueResult{st: stOK, item: it}, false
		}
		if timeout == 0 {
			return queueResult{st: stEmpty}, false
		}
		q.getters = append(q.getters, w)
		return queueResult{}, true
	case opLen:
		n := uint64(len(q.items))
		return queueResult{st: stOK, n: n, item: queueItem{data: binary.AppendUvarint(nil, n)}}, false
	case opTaskDone:
		if q.done >= q.puts {
			return queueResult{st: stTooMany}, false
		}
		q.done++
		if q.done == q.puts {
			for _, j := range q.joiners {
				h.finish(j, queueResult{st: stOK})
			}
			q.joiners = nil
		}
		return queueResult{st: stOK}, false
	case opJoin:
		if q.done >= q.puts {
			return queueResult{st: stOK}, false
		}
		if timeout == 0 {
			return queueResult{st: stNo}, false
		}
		q.joiners = append(q.joiners, w)
		return queueResult{}, true
	case opDestroy:
		for _, ws := range [][]*queueWaiter{q.getters, q.putters, q.joiners} {
			for _, x := range ws {
				h.finish(x, queueResult{st: stGone})
			}
		}
		delete(h.queues, q.id)
		h.gone[q.id] = true
		return queueResult{st: stOK}, false
	}
	return queueResult{st: stErr, err: "unknown queue operation"}, false
}

func (q *heldQueue) pop() queueItem {
	it := q.items[0]
	q.items[0] = queueItem{}
	q.items = q.items[1:]
	if len(q.items) == 0 {
		q.items = q.items[:0:0] // let the array go
	}
	return it
}

// settle hands items to waiting getters and room to waiting putters, in
// order of arrival.
func (h *queueHost) settle(q *heldQueue) {
	for {
		moved := false
		for len(q.putters) > 0 && (q.max <= 0 || len(q.items) < q.max) {
			w := q.putters[0]
			q.putters = q.putters[1:]
			q.items = append(q.items, w.item)
			q.puts++
			h.finish(w, queueResult{st: stOK})
			moved = true
		}
		for len(q.getters) > 0 && len(q.items) > 0 {
			w := q.getters[0]
			q.getters = q.getters[1:]
			h.finish(w, queueResult{st: stOK, item: q.pop()})
			moved = true
		}
		if !moved {
			return
		}
	}
}

// withdraw takes w out of its queue's waiters; with h.mu held.
func (q *heldQueue) withdraw(w *queueWaiter) {
	del := func(ws []*queueWaiter) []*queueWaiter {
		if i := slices.Index(ws, w); i >= 0 {
			return slices.Delete(ws, i, i+1)
		}
		return ws
	}
	q.getters, q.putters, q.joiners = del(q.getters), del(q.putters), del(q.joiners)
}

// finish answers w, which has left its queue's waiters; with h.mu held.
func (h *queueHost) finish(w *queueWaiter, res queueResult) {
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.ch != nil {
		w.ch <- res // buffered: never blocks
		return
	}
	delete(w.client.pending, w.seq)
	w.client.answers[w.seq] = queueRecord{op: w.op, q: w.q, res: res, at: time.Now()}
	h.send(w.reply, w.seq, res)
}

// answerTo is where a remote request's answer goes: a NATS subject, or
// the connection of a process on the root's machine (queue_direct.go).
type answerTo interface {
	answer(b []byte)
}

// natsAnswer answers on a subject.
type natsAnswer struct {
	nc      *nats.Conn
	subject string
}

func (a natsAnswer) answer(b []byte) { a.nc.Publish(a.subject, b) }

// send answers request seq through reply. An item too big for a message
// goes through the object store (the root's own big puts stay in memory;
// a connection carries it whole).
func (h *queueHost) send(reply answerTo, seq uint64, res queueResult) {
	st, data := res.st, res.item.data
	switch {
	case res.st == stOK && res.item.big:
		st = stBig
	case res.st == stErr:
		data = []byte(res.err)
	}
	if _, direct := reply.(*directConn); st == stOK && len(data) > h.l.bigLimit() && !direct {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
			defer cancel()
			m, err := h.l.message(ctx, "", data)
			if err != nil {
				reply.answer(encodeQueueAns(stErr, seq, []byte(err.Error())))
				return
			}
			reply.answer(encodeQueueAns(stBig, seq, []byte(m.Header.Get(bigHeader))))
		}()
		return
	}
	reply.answer(encodeQueueAns(st, seq, data))
}

// serve handles a request of another process that came through NATS.
func (h *queueHost) serve(m *nats.Msg) {
	if m.Reply != "" {
		h.handle(m.Data, natsAnswer{h.l.nc, m.Reply}) // nats.go made m.Data for it
	}
}

// handle handles a request of another process, answered through reply.
// data may be kept (an item).
func (h *queueHost) handle(data []byte, reply answerTo) {
	r, err := decodeQueueReq(data)
	if err != nil {
		return
	}
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.flags&flagPosted != 0 {
		h.posted(r)
		return
	}
	c := h.clients[r.client]
	if c == nil {
		c = &queueClientState{answers: map[uint64]queueRecord{}, pending: map[uint64]*queueWaiter{}}
		h.clients[r.client] = c
	}
	c.seen = now
	for s := range c.answers {
		if s < r.low {
			delete(c.answers, s)
		}
	}
	if r.op == opCancel {
		h.send(reply, r.seq, h.cancel(c, r.seq))
		return
	}
	if rec, ok := c.answers[r.seq]; ok {
		h.send(reply, r.seq, rec.res) // its answer was lost
		return
	}
	if w := c.pending[r.seq]; w != nil {
		w.reply, w.refreshed = reply, now // still waiting
		return
	}
	if r.op == opBlockNew || r.op == opBlock {
		res := h.handleBlock(r)
		c.answers[r.seq] = queueRecord{op: r.op, res: res, at: now}
		h.send(reply, r.seq, res)
		return
	}
	if r.op == opNew {
		max, _ := binary.Uvarint(r.data)
		if h.queues[r.queue] == nil && !h.gone[r.queue] {
			h.queues[r.queue] = &heldQueue{id: r.queue, max: int(max)}
		}
		c.answers[r.seq] = queueRecord{op: r.op, res: queueResult{st: stOK}, at: now}
		h.send(reply, r.seq, queueResult{st: stOK})
		return
	}
	w := &queueWaiter{op: r.op, item: queueItem{data: r.data, big: r.flags&flagBig != 0},
		client: c, seq: r.seq, reply: reply, refreshed: now}
	q := h.queues[r.queue]
	if q == nil {
		h.finish(w, queueResult{st: stGone})
		return
	}
	res, wait := h.apply(q, w, r.timeout)
	if !wait {
		h.finish(w, res)
		return
	}
	c.pending[r.seq] = w
	if r.timeout > 0 {
		w.timer = time.AfterFunc(r.timeout, func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if !w.done {
				w.q.withdraw(w)
				h.finish(w, timedOut(w.op))
			}
		})
	}
}

// posted applies a put that wants no answer (clQueue.Post). It is never
// refused: a process posts only to a queue without a bound, which lives
// as long as the run.
func (h *queueHost) posted(r queueReq) {
	q := h.queues[r.queue]
	if q == nil {
		var w io.Writer = os.Stderr
		if h.l.errw != nil {
			w = h.l.errw
		}
		fmt.Fprintf(w, "procstar-cluster: a put to queue %s was lost: the queue was destroyed\n", r.queue)
		return
	}
	h.store(q, queueItem{data: r.data})
}

// store adds it at the end of q, handing it to a waiting get if any.
func (h *queueHost) store(q *heldQueue, it queueItem) {
	q.items = append(q.items, it)
	q.puts++
	h.settle(q)
}

// forget drops waiting request seq of c, unanswered; with h.mu held.
func (h *queueHost) forget(c *queueClientState, seq uint64, w *queueWaiter) {
	delete(c.pending, seq)
	w.q.withdraw(w)
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
}

// cancel withdraws request seq of c and returns the answer to the
// withdrawal: stCancelled once the request has taken nothing (a waiting
// one leaves its queue; a get already answered with an item puts it back
// at the front), or the put's own answer for a put already done, which
// cannot be taken back: its process then knows it was done, and does not
// put the item again. With h.mu held.
func (h *queueHost) cancel(c *queueClientState, seq uint64) queueResult {
	if w := c.pending[seq]; w != nil {
		h.forget(c, seq, w)
	} else if rec, ok := c.answers[seq]; ok {
		switch rec.op {
		case opGet:
			if rec.res.st == stOK {
				h.putBack(rec.q, rec.res.item)
			}
		case opPut, opCancel: // done, or withdrawn already: the same answer again
			return rec.res
		}
	}
	res := queueResult{st: stCancelled}
	c.answers[seq] = queueRecord{op: opCancel, res: res, at: time.Now()}
	return res
}

// putBack returns an item no getter took to the front of q; with h.mu
// held.
func (h *queueHost) putBack(q *heldQueue, it queueItem) {
	if h.queues[q.id] != q {
		return // destroyed meanwhile
	}
	q.items = slices.Insert(q.items, 0, it)
	h.settle(q)
}

// sweep forgets, once a second, the waiting requests whose process
// stopped sending them (it died: an item must not be handed to it) and
// the answers no process can still ask for.
func (h *queueHost) sweep() {
	t := time.NewTicker(resendEvery)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case now := <-t.C:
			h.mu.Lock()
			for id, c := range h.clients {
				for seq, w := range c.pending {
					if now.Sub(w.refreshed) > 3*resendEvery {
						h.forget(c, seq, w)
					}
				}
				for seq, rec := range c.answers {
					if now.Sub(rec.at) > 2*opTimeout {
						delete(c.answers, seq)
					}
				}
				if len(c.pending) == 0 && len(c.answers) == 0 && now.Sub(c.seen) > 2*opTimeout {
					delete(h.clients, id)
				}
			}
			h.mu.Unlock()
		}
	}
}

// do runs an operation of the root's own on queue id, waiting up to
// timeout (negative: for ever) or until ctx ends.
func (h *queueHost) do(ctx context.Context, op byte, id string, timeout time.Duration, item queueItem) (queueResult, error) {
	h.mu.Lock()
	q := h.queues[id]
	if q == nil {
		h.mu.Unlock()
		return queueResult{st: stGone}, nil
	}
	w := &queueWaiter{op: op, item: item, ch: make(chan queueResult, 1)}
	res, wait := h.apply(q, w, timeout)
	h.mu.Unlock()
	if !wait {
		return res, nil
	}
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case res := <-w.ch:
		return res, nil
	case <-expired:
	case <-ctx.Done():
	}
	h.mu.Lock()
	if !w.done {
		q.withdraw(w)
		w.done = true
		h.mu.Unlock()
		if ctx.Err() != nil {
			return queueResult{}, ctx.Err()
		}
		return timedOut(op), nil
	}
	res = <-w.ch // answered meanwhile
	if ctx.Err() != nil && op == opGet && res.st == stOK {
		h.putBack(q, res.item)
		h.mu.Unlock()
		return queueResult{}, ctx.Err()
	}
	h.mu.Unlock()
	return res, nil
}
