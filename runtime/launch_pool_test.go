package runtime_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/procstar/procstar/builtins/pool"
)

// testLauncher's pool transport: the owner listens on a Unix socket, keeps
// one task queue, and serves each worker's connection; a worker pulls
// tasks one at a time and sends its messages on the same connection.
// Frames are a 4-byte length and the bytes; from a worker, the first byte
// says what follows (its name first, then pulls and messages); to a
// worker, an empty frame means the queue is closed.

const (
	frameHello = 'H'
	framePull  = 'P'
	frameMsg   = 'M'
)

var _ pool.Transports = testLauncher{}

// workerReplies maps a worker's name to its replies, so that Launch can
// tell them when the worker's process has ended. Each test's launcher has
// its own: worker names repeat across the trees of tests run in parallel
// (each tree counts from 1), and a shared map let one test's worker take
// another's entry, whose pool then waited for ever for its worker's end.
func (l testLauncher) workerReplies() *sync.Map {
	if l.workers == nil {
		panic("testLauncher without its workers map")
	}
	return l.workers
}

func (l testLauncher) PoolTransport(ctx context.Context, label string) (pool.Transport, error) {
	dir, err := os.MkdirTemp("", "pst")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "s")
	ln, err := net.Listen("unix", path)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	t := &testTransport{ln: ln, dir: dir, replies: map[string]*testReplies{}, redeliver: l.redeliver, workers: l.workerReplies()}
	t.cond = sync.NewCond(&t.mu)
	go t.accept()
	return t, nil
}

func (testLauncher) WorkerEnd(ctx context.Context, addr []byte, worker string) (pool.WorkerEnd, error) {
	c, err := net.Dial("unix", string(addr))
	if err != nil {
		return nil, err
	}
	e := &testEnd{c: c}
	if err := e.write(frameHello, []byte(worker)); err != nil {
		c.Close()
		return nil, err
	}
	return e, nil
}

type queued struct {
	id  uint64
	msg []byte
}

type testTransport struct {
	ln        net.Listener
	dir       string
	redeliver bool // queue every task twice
	workers   *sync.Map

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []queued
	closed  bool
	replies map[string]*testReplies
}

func (t *testTransport) Addr() []byte { return []byte(t.ln.Addr().String()) }

func (t *testTransport) Replies(worker string) (pool.Replies, error) {
	r := &testReplies{}
	r.cond = sync.NewCond(&r.mu)
	t.mu.Lock()
	t.replies[worker] = r
	t.mu.Unlock()
	t.workers.Store(worker, r)
	return r, nil
}

func (t *testTransport) Submit(id uint64, msg []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errors.New("queue closed")
	}
	q := queued{id, append([]byte(nil), msg...)}
	t.queue = append(t.queue, q)
	if t.redeliver {
		t.queue = append(t.queue, q)
	}
	t.cond.Broadcast()
	return nil
}

func (t *testTransport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.queue = nil
	t.cond.Broadcast()
	t.mu.Unlock()
	t.ln.Close()
	return os.RemoveAll(t.dir)
}

// pull waits for a task, or reports false once the queue is closed.
func (t *testTransport) pull() (queued, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.queue) == 0 && !t.closed {
		t.cond.Wait()
	}
	if t.closed {
		return queued{}, false
	}
	q := t.queue[0]
	t.queue = t.queue[1:]
	return q, true
}

func (t *testTransport) accept() {
	for {
		c, err := t.ln.Accept()
		if err != nil {
			return
		}
		go t.serve(c)
	}
}

// serve is one worker's connection.
func (t *testTransport) serve(c net.Conn) {
	defer c.Close()
	hello, err := readFrame(c)
	if err != nil || len(hello) == 0 || hello[0] != frameHello {
		return
	}
	t.mu.Lock()
	r := t.replies[string(hello[1:])]
	t.mu.Unlock()
	if r == nil {
		return
	}
	r.connected(1)
	defer r.connected(-1)
	for {
		f, err := readFrame(c)
		if err != nil || len(f) == 0 {
			return
		}
		switch f[0] {
		case framePull:
			// The task is reported as handed to the worker before it goes.
			q, ok := t.pull()
			if ok {
				r.push(pool.StartedMsg(q.id))
			}
			if err := writeFrame(c, q.msg); err != nil {
				return
			}
		case frameMsg:
			r.push(f[1:])
		}
	}
}

// testReplies ends (io.EOF) once the worker's process has exited and its
// connection is closed, after what it sent.
type testReplies struct {
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   [][]byte
	conns  int
	exited bool
}

func (r *testReplies) Recv(ctx context.Context) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.msgs) == 0 && !(r.exited && r.conns == 0) {
		r.cond.Wait()
	}
	if len(r.msgs) == 0 {
		return nil, io.EOF
	}
	m := r.msgs[0]
	r.msgs = r.msgs[1:]
	return m, nil
}

func (r *testReplies) push(m []byte) {
	r.mu.Lock()
	r.msgs = append(r.msgs, append([]byte(nil), m...))
	r.cond.Broadcast()
	r.mu.Unlock()
}

func (r *testReplies) connected(d int) {
	r.mu.Lock()
	r.conns += d
	r.cond.Broadcast()
	r.mu.Unlock()
}

func (r *testReplies) exit() {
	r.mu.Lock()
	r.exited = true
	r.cond.Broadcast()
	r.mu.Unlock()
}

// testEnd is a worker's end.
type testEnd struct{ c net.Conn }

func (e *testEnd) write(typ byte, b []byte) error {
	return writeFrame(e.c, append([]byte{typ}, b...))
}

func (e *testEnd) Pull(ctx context.Context) ([]byte, error) {
	if err := e.write(framePull, nil); err != nil {
		return nil, err
	}
	f, err := readFrame(e.c)
	if err != nil {
		return nil, err
	}
	if len(f) == 0 {
		return nil, io.EOF
	}
	return f, nil
}

func (e *testEnd) Send(ctx context.Context, msg []byte) error { return e.write(frameMsg, msg) }
func (e *testEnd) Close() error                               { return e.c.Close() }

func writeFrame(w io.Writer, b []byte) error {
	buf := binary.LittleEndian.AppendUint32(make([]byte, 0, 4+len(b)), uint32(len(b)))
	_, err := w.Write(append(buf, b...))
	return err
}

func readFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	b := make([]byte, binary.LittleEndian.Uint32(hdr[:]))
	_, err := io.ReadFull(r, b)
	return b, err
}
