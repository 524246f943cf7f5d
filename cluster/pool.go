package cluster

import (
	"bufio"
	"context"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/builtins/pool"
)

// Pool tasks stay in the pool owner's process, and its workers pull them
// (pool.Transports). A worker's messages (its results, and its requests
// for a task) go through a pipe to its job's worker daemon, which relays
// them as events of the job (events.go: in order, none lost, the job's
// exit last): a pipe keeps what was written when the process is killed
// the next instant (a task that kills its worker). An idle worker asks for
// its next task there, after the result of its last, and the owner answers
// on the worker's inbox with the task that has waited longest, or holds
// the request until one is submitted. The queue lives and dies with its
// owner, whose end ends the pool anyway, so nothing is stored at the
// server: a task costs an answer, and an event that also carries a result.
// Requests are numbered per worker, and the owner answers a number again
// with what it gave for it: a worker whose answer was lost while a server
// failed over asks again, and a task is never handed out twice.
//
// The owner reports each task it hands out on the worker's replies
// (pool.StartedMsg): if the worker ends without answering, the pool fails
// the task it held.
//
// Each worker agrees a key with the owner (X25519: the pool's public key
// travels in the signed job, the worker's in its requests), and the owner
// authenticates each answer for that worker with it (HMAC-SHA256 over the
// request's number and the answer): a worker runs no task another peer of
// the cluster made up or replayed.

var _ pool.Transports = (*Launcher)(nil)

// Answers to a worker's request for a task.
const (
	answerTask   = 't' // the task follows
	answerClosed = 'c' // the pool is closed: the worker ends
)

// pollEvery is how often a waiting worker asks again: an answer lost in a
// failover costs that long, and a request older than twice that is
// presumed to come from a worker that is gone (no task is handed to it).
const pollEvery = time.Second

// Frames on a Pool worker's pipe: a message for the pool's core, or a
// request for a task (for the transport).
const (
	frameCore    = 'c'
	frameRequest = 'r'
)

// PoolTransport opens a pool's queue.
func (l *Launcher) PoolTransport(ctx context.Context, label string) (pool.Transport, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return &transport{l: l, id: nuid.Next(), key: key}, nil
}

type transport struct {
	l   *Launcher
	id  string
	key *ecdh.PrivateKey

	mu      sync.Mutex
	queue   []queuedTask // submitted, not handed out yet, oldest first
	waiting []*poolPeer  // workers waiting for a task, longest first
	closed  bool
}

type queuedTask struct {
	id  uint64
	msg []byte
}

// poolPeer is a worker, as its pool's owner sees it.
type poolPeer struct {
	replies *replies
	mac     []byte    // the key agreed with it
	n       uint64    // its last request's number
	reply   string    // where to answer that request
	asked   time.Time // when it asked last
	answer  []byte    // the answer to request n, once given
	ended   bool      // its job has ended
}

// Addr is the pool's public key, then its id.
func (t *transport) Addr() []byte { return append(t.key.PublicKey().Bytes(), t.id...) }

// Replies registers the worker's replies; Launch attaches them to its job.
func (t *transport) Replies(worker string) (pool.Replies, error) {
	r := &replies{notify: make(chan struct{}, 1)}
	p := &poolPeer{replies: r}
	r.gone = func() { t.forget(p) }
	r.request = func(req []byte) { t.onRequest(worker, p, req) }
	t.l.mu.Lock()
	t.l.replies[worker] = r
	t.l.mu.Unlock()
	return r, nil
}

// forget drops a worker whose job has ended.
func (t *transport) forget(p *poolPeer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p.ended = true
	if i := slices.Index(t.waiting, p); i >= 0 {
		t.waiting = slices.Delete(t.waiting, i, i+1)
	}
}

// onRequest answers worker p's request for its next task, or holds it.
func (t *transport) onRequest(worker string, p *poolPeer, req []byte) {
	n, pub, inbox, ok := parseTaskRequest(req)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if p.ended {
		return
	}
	if p.mac == nil {
		mac, err := agreeKey(t.key, pub, t.id, worker)
		if err != nil {
			return
		}
		p.mac = mac
	}
	switch {
	case n == p.n && p.answer != nil:
		t.l.nc.Publish(inbox, p.answer) // the answer was lost: again
		return
	case n != p.n && n != p.n+1:
		return // an old request, come late
	}
	p.n, p.reply, p.asked, p.answer = n, inbox, time.Now(), nil
	switch {
	case len(t.queue) > 0:
		if t.give(p, t.queue[0]) {
			t.queue = t.queue[1:]
		}
	case t.closed:
		t.answer(p, answerClosed, nil)
	default:
		if !slices.Contains(t.waiting, p) {
			t.waiting = append(t.waiting, p)
		}
	}
}

// give hands task to p, reporting it on p's replies first; it reports
// false if p has ended. t.mu held.
func (t *transport) give(p *poolPeer, task queuedTask) bool {
	if !p.replies.push(pool.StartedMsg(task.id)) {
		return false
	}
	t.answer(p, answerTask, task.msg)
	return true
}

// answer answers p's request. t.mu held.
func (t *transport) answer(p *poolPeer, kind byte, msg []byte) {
	p.answer = sealAnswer(p.mac, p.n, kind, msg)
	t.l.nc.Publish(p.reply, p.answer)
}

// Submit hands the task to the worker that has waited longest, or queues
// it.
func (t *transport) Submit(id uint64, msg []byte) error {
	t.l.landPosts()
	task := queuedTask{id, msg}
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.waiting) > 0 {
		p := t.waiting[0]
		t.waiting = t.waiting[1:]
		if time.Since(p.asked) < 2*pollEvery && t.give(p, task) {
			return nil
		}
	}
	t.queue = append(t.queue, task)
	return nil
}

// Close drops the tasks left and tells the workers, waiting or not.
func (t *transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed, t.queue = true, nil
	for _, p := range t.waiting {
		t.answer(p, answerClosed, nil)
	}
	t.waiting = nil
	return nil
}

// appendTaskRequest encodes a worker's request: its number, the worker's
// public key and the inbox where it waits for the answer.
func appendTaskRequest(b []byte, n uint64, pub []byte, inbox string) []byte {
	b = binary.AppendUvarint(b, n)
	b = append(b, pub...)
	return append(b, inbox...)
}

func parseTaskRequest(b []byte) (n uint64, pub []byte, inbox string, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || len(b) < k+32 {
		return 0, nil, "", false
	}
	return n, b[k : k+32], string(b[k+32:]), true
}

// agreeKey is the key an owner and a worker share: X25519 of one's
// private key and the other's public key, hashed with the pool and the
// worker it is for.
func agreeKey(priv *ecdh.PrivateKey, peer []byte, pool, worker string) ([]byte, error) {
	pk, err := ecdh.X25519().NewPublicKey(peer)
	if err != nil {
		return nil, err
	}
	secret, err := priv.ECDH(pk)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write([]byte("procstar pool task key\x00" + pool + "\x00" + worker + "\x00"))
	h.Write(secret)
	return h.Sum(nil), nil
}

// sealAnswer encodes an answer: its kind, the request's number, the task,
// and their HMAC.
func sealAnswer(key []byte, n uint64, kind byte, msg []byte) []byte {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(msg)+sha256.Size)
	b = append(b, kind)
	b = binary.AppendUvarint(b, n)
	b = append(b, msg...)
	mac := hmac.New(sha256.New, key)
	mac.Write(b)
	return mac.Sum(b)
}

// openAnswer checks and decodes an answer.
func openAnswer(key, b []byte) (kind byte, n uint64, msg []byte, ok bool) {
	if len(b) < 2+sha256.Size {
		return 0, 0, nil, false
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), sum) {
		return 0, 0, nil, false
	}
	n, k := binary.Uvarint(body[1:])
	if k <= 0 {
		return 0, 0, nil, false
	}
	return body[0], n, body[1+k:], true
}

// replies is the owner's end of one worker's messages, fed by its job's
// events.
type replies struct {
	notify  chan struct{}
	gone    func()       // called once the job has ended
	request func([]byte) // the worker asks for a task

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

// push adds m to the messages, unless the worker has ended (false).
func (r *replies) push(m []byte) bool {
	r.mu.Lock()
	if r.exited {
		r.mu.Unlock()
		return false
	}
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	r.wake()
	return true
}

// exit records that the worker's job has ended.
func (r *replies) exit() {
	r.mu.Lock()
	r.exited = true
	r.mu.Unlock()
	r.wake()
	if r.gone != nil {
		r.gone()
	}
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
	if err := l.connect(); err != nil {
		return nil, err
	}
	if l.replyPipe == nil {
		return nil, errors.New("a Pool worker must run in a job's process")
	}
	if len(addr) <= 32 {
		return nil, errors.New("a Pool worker needs its pool's address")
	}
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	mac, err := agreeKey(key, addr[:32], string(addr[32:]), worker)
	if err != nil {
		return nil, err
	}
	e := &workerEnd{l: l, pub: key.PublicKey().Bytes(), mac: mac, inbox: l.nc.NewInbox(), answers: make(chan *nats.Msg, 16)}
	if e.sub, err = l.nc.ChanSubscribe(e.inbox, e.answers); err != nil {
		return nil, err
	}
	// The inbox is known to the server before the owner can answer.
	if err := l.nc.Flush(); err != nil {
		e.sub.Unsubscribe()
		return nil, err
	}
	return e, nil
}

type workerEnd struct {
	l   *Launcher
	pub []byte // this worker's public key
	mac []byte // the key agreed with the owner
	n   uint64 // the last request's number

	inbox   string
	answers chan *nats.Msg
	sub     *nats.Subscription
}

// Pull asks for the next task of the pool for this worker, and waits for
// it: one at a time, so that a slow worker holds no task that another
// could run.
func (e *workerEnd) Pull(ctx context.Context) ([]byte, error) {
	e.n++
	req := append([]byte{frameRequest}, appendTaskRequest(nil, e.n, e.pub, e.inbox)...)
	tick := time.NewTimer(0)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			// Asked again while waiting: the owner answers the same
			// number once, and again only if asked after losing it.
			if err := e.write(req); err != nil {
				return nil, err
			}
			tick.Reset(pollEvery)
		case m := <-e.answers:
			kind, n, task, ok := openAnswer(e.mac, m.Data)
			switch {
			case !ok:
				fmt.Fprintf(e.l.errw, "procstar-cluster: %s dropped a Pool task not signed by the pool's owner\n", e.l.procName)
			case n != e.n:
				// An answer to an earlier request, come again.
			case kind == answerTask:
				return task, nil
			default:
				return nil, io.EOF
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Send writes msg to the pipe its worker daemon relays: written, it
// reaches the owner even if this process dies the next instant.
func (e *workerEnd) Send(ctx context.Context, msg []byte) error {
	e.l.flushPosts()
	return e.write(append([]byte{frameCore}, msg...))
}

func (e *workerEnd) write(frame []byte) error {
	e.l.pipeMu.Lock()
	defer e.l.pipeMu.Unlock()
	return writeFrame(e.l.replyPipe, frame)
}

func (e *workerEnd) Close() error {
	e.sub.Unsubscribe()
	return nil
}

// relay hands a Pool worker's frame, relayed by its worker daemon, to the
// pool's core or to its transport.
func (r *replies) relay(frame []byte) {
	if len(frame) == 0 {
		return
	}
	switch frame[0] {
	case frameCore:
		r.push(frame[1:])
	case frameRequest:
		if r.request != nil {
			r.request(frame[1:])
		}
	}
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
