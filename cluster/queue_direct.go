package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/codec"
)

// A process on the root's machine sends its queue requests straight to the
// root over a Unix socket, instead of through the servers: a round trip
// then crosses one socket each way instead of two, and no server's
// goroutines (bench/run_cluster_objects.sh, a child putting to the root:
// 11.8-15k items a second through the embedded server, 16-30k straight). The socket is in the abstract
// namespace, named after the run: there is no file to remove, it goes with
// the root, and a process on another machine (or in another network
// namespace) finds none and uses NATS. The root admits only processes of
// its own user (SO_PEERCRED), who could do anything to it anyway.
//
// Requests and answers are those that travel through NATS, each framed by
// its length (uvarint). A process whose connection breaks sends through
// NATS from then on, and the root answers a request sent again as before.
// Items of any size travel whole on a connection, without the object
// store. The root forgets at once the waiting requests of a connection
// that closed: its process died, and no item is handed to it.

// queuesViaNATSEnv, in a worker's environment, makes its jobs send their
// queue requests through NATS even on the root's machine: tests exercise
// that path with processes on one machine.
const queuesViaNATSEnv = "PROCSTAR_CLUSTER_QUEUES_VIA_NATS"

// directName is the root's socket of run root.
func directName(root string) string { return "@procstar-q-" + root }

// directConn is one end of a connection: writes are whole frames, read
// into buf and taken out whole (frame). On a process's side, the call
// holding tok reads (readFor); on the root's, its serving goroutine.
type directConn struct {
	c  net.Conn
	mu sync.Mutex

	tok chan struct{}
	buf []byte // read, not yet parsed
}

// answer implements answerTo on the root's side.
func (d *directConn) answer(b []byte) { d.write(b) }

func (d *directConn) write(b []byte) error {
	var hdr [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(hdr[:], uint64(len(b)))
	bufs := net.Buffers{hdr[:n], b} // one writev
	d.mu.Lock()
	defer d.mu.Unlock()
	_, err := bufs.WriteTo(d.c)
	return err
}

var errFrameTooBig = errors.New("queue connection: frame too big")

// frameLimit bounds a frame: an item (which a connection carries whole,
// where a NATS message would name it in the object store), and the rest of
// its request.
func frameLimit() int { return codec.MaxMessage() + 64<<10 }

// listen serves the processes of the root's machine; without the socket
// they use NATS.
func (h *queueHost) listen() {
	ln, err := net.Listen("unix", directName(h.l.id))
	if err != nil {
		return
	}
	h.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !sameUser(c) {
				c.Close()
				continue
			}
			go h.serveDirect(&directConn{c: c})
		}
	}()
}

// serveDirect handles the requests of one connection until it closes.
func (h *queueHost) serveDirect(d *directConn) {
	h.mu.Lock()
	if h.conns == nil {
		h.mu.Unlock()
		d.c.Close() // closed meanwhile
		return
	}
	h.conns[d] = true
	h.mu.Unlock()
read:
	for {
		f, ok, err := d.frame(frameLimit())
		switch {
		case err != nil:
			break read
		case ok:
			h.handle(f, d)
		case d.fill() != nil:
			break read
		}
	}
	d.c.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, d)
	for _, c := range h.clients {
		for seq, w := range c.pending {
			if w.reply == answerTo(d) {
				h.forget(c, seq, w)
			}
		}
	}
}

// sameUser reports whether the process at the other end of c runs as this
// one's user.
func sameUser(c net.Conn) bool {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	var cred *unix.Ucred
	cerr := raw.Control(func(fd uintptr) {
		cred, err = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	})
	return cerr == nil && err == nil && int(cred.Uid) == os.Getuid()
}

// dialDirect connects a process to its root's socket, if the root runs on
// this machine.
func (c *queueClient) dialDirect() {
	if c.l.noDirect {
		return
	}
	conn, err := net.DialTimeout("unix", directName(c.l.rootID()), time.Second)
	if err != nil {
		return
	}
	d := &directConn{c: conn, tok: make(chan struct{}, 1)}
	d.tok <- struct{}{}
	c.direct.Store(d)
}

// readFor reads answers, handing each to its call, until the one to
// request seq, ctx's end or until. With d.tok held.
func (d *directConn) readFor(ctx context.Context, c *queueClient, seq uint64, until time.Time) (queueAns, waitEnd, error) {
	if ctx.Done() != nil {
		// Wakes the read when ctx ends (a later reader resets the
		// deadline, should this come late).
		stop := context.AfterFunc(ctx, func() { d.c.SetReadDeadline(time.Now()) })
		defer stop()
	}
	for {
		for {
			f, ok, err := d.frame(frameLimit())
			if err != nil {
				return queueAns{}, resend, err
			}
			if !ok {
				break
			}
			if s, a, ok := decodeAns(f); ok && s == seq {
				return a, answered, nil
			}
			c.dispatch(f)
		}
		d.c.SetReadDeadline(until)
		switch err := d.fill(); {
		case errors.Is(err, os.ErrDeadlineExceeded):
			if ctx.Err() != nil {
				return queueAns{}, ctxEnded, nil
			}
			if !time.Now().Before(until) {
				return queueAns{}, resend, nil
			}
		case err != nil:
			return queueAns{}, resend, err
		}
	}
}

// fill reads what the connection has into d.buf.
func (d *directConn) fill() error {
	if len(d.buf) == cap(d.buf) {
		d.buf = append(d.buf, make([]byte, 64<<10)...)[:len(d.buf)]
	}
	n, err := d.c.Read(d.buf[len(d.buf):cap(d.buf)])
	d.buf = d.buf[:len(d.buf)+n]
	return err
}

// frame takes the next whole frame out of d.buf.
func (d *directConn) frame(limit int) ([]byte, bool, error) {
	n, k := binary.Uvarint(d.buf)
	switch {
	case k < 0 || n > uint64(limit):
		return nil, false, errFrameTooBig
	case k == 0 || uint64(len(d.buf)-k) < n:
		if k == 0 && len(d.buf) >= binary.MaxVarintLen64 {
			return nil, false, errFrameTooBig
		}
		return nil, false, nil
	}
	f := make([]byte, n) // the caller's: d.buf is reused
	copy(f, d.buf[k:])
	rest := copy(d.buf, d.buf[k+int(n):])
	d.buf = d.buf[:rest]
	return f, true, nil
}

// dropDirect stops using a broken connection.
func (c *queueClient) dropDirect(d *directConn) {
	c.direct.CompareAndSwap(d, nil)
	d.c.Close()
}
