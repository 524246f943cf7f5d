package manager

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
)

// client is this process's connection to one manager's server, shared by
// every proxy of that manager in this process. Requests are serialized: one
// is outstanding at a time.
type client struct {
	n   *node.Node
	ref ref
	key string

	// local is set in the server process itself for its own manager: a
	// proxy stored in a managed object and then used by the server (d.update
	// of another proxy) runs its operations directly instead of sending a
	// request to itself.
	local *server

	// last is the context of the latest operation that had a thread: the
	// interface methods that get none (d[k], len, in...) use it while it
	// is live.
	last atomic.Pointer[context.Context]

	mu        sync.Mutex
	q         objects.Queue
	reply     objects.Conn // end 0: receives
	id        uint64
	seq       uint64
	connected bool
	gone      error // set once the server is known to be gone
}

type clientKey struct {
	n   *node.Node
	key string
}

var clients sync.Map // clientKey -> *client

// clientFor returns this process's client of the manager r.
func clientFor(n *node.Node, r ref) *client {
	k := clientKey{n, string(r.Queue)}
	if c, ok := clients.Load(k); ok {
		return c.(*client)
	}
	c := &client{n: n, ref: r, key: k.key}
	if s := current.Load(); s != nil && s.n == n && s.key == k.key {
		c.local = s
	}
	v, _ := clients.LoadOrStore(k, c)
	return v.(*client)
}

// noteCtx records the context of an operation that has a thread.
func (c *client) noteCtx(ctx context.Context) {
	if ctx != nil && ctx.Done() != nil {
		c.last.Store(&ctx)
	}
}

// bareCtx is the context of an operation without a thread: the latest
// operation's while it is live (a REPL statement's), else the process's
// (the session's: Ctrl-C or the host's cancellation).
func (c *client) bareCtx() context.Context {
	if p := c.last.Load(); p != nil && (*p).Err() == nil {
		return *p
	}
	if in, ok := c.n.Resolver.(interface{ Config() interp.Config }); ok {
		if env := in.Config().Env; env != nil && env.Ctx != nil {
			return env.Ctx
		}
	}
	return context.Background()
}

// errGone is the error of any operation once the server is gone.
func (c *client) errGone() error {
	return pyerr.New(pyerr.EOFError, "manager %s has shut down", c.ref.Name)
}

// markGone records that the server is gone (after shutdown()).
func (c *client) markGone() {
	c.mu.Lock()
	if c.gone == nil {
		c.gone = c.errGone()
	}
	c.mu.Unlock()
}

// alive reports whether the server process still runs. A server placed
// elsewhere (cluster mode) cannot be looked at: its death is noticed by
// EOF once it has attached this client's pipe (its lease ends), so a
// connection made while it dies waits.
func (c *client) alive() bool {
	if c.ref.Tag != "" {
		// Its owner destroys the request queue when it ends.
		g, ok := c.q.(interface{ Gone() bool })
		return !ok || !g.Gone()
	}
	return ptable.Alive(c.ref.Pid, c.ref.Start)
}

// connect attaches the request queue, creates this process's reply pipe
// and registers it with the server. alive tells whether waiting for the
// server's answer still makes sense. Called with c.mu held.
func (c *client) connect(ctx context.Context, alive func() bool) error {
	be, err := objects.Attach(c.n, c.ref.Tag)
	if err != nil {
		return pyerr.New(pyerr.OSError, "manager %s: %v", c.ref.Name, err)
	}
	if c.q == nil {
		q, err := be.AttachQueue(c.ref.Queue)
		if err != nil {
			return pyerr.New(pyerr.OSError, "manager %s: %v", c.ref.Name, err)
		}
		c.q = q
	}
	if c.reply == nil {
		r0, r1, err := be.NewPipe(false)
		if err != nil {
			return pyerr.New(pyerr.OSError, "manager %s: %v", c.ref.Name, err)
		}
		// The server holds the only copy of the sending end once it has
		// attached it, so its end reads EOF here.
		h := r1.Handle()
		r1.Close()
		id := rand.Uint64()
		c.seq++
		req := &request{Conn: id, Seq: c.seq, Op: opConnect, Vals: [][]byte{h}}
		if err := c.q.Put(ctx, marshal(req), -1); err != nil {
			r0.Destroy() // no other process ever saw it
			return c.ioError(err)
		}
		c.reply, c.id = r0, id
	}
	// Until the server has attached the sending end, the request in the
	// queue holds a reference that keeps it open, so no EOF comes from a
	// server that died first: it is noticed by looking at its process.
	for {
		msg, err := c.reply.Recv(ctx, 50*time.Millisecond)
		switch {
		case err == nil:
			var rep reply
			if unmarshal(msg, &rep) != nil || rep.Seq != c.seq {
				continue
			}
			c.connected = true
			return nil
		case errors.Is(err, objects.ErrTimeout):
			if !alive() {
				c.gone = c.errGone()
				return c.gone
			}
		default:
			return c.ioError(err)
		}
	}
}

// ioError converts an shm error of a request (cancellation passes through).
func (c *client) ioError(err error) error {
	if errors.Is(err, objects.ErrEOF) || errors.Is(err, objects.ErrClosed) {
		c.gone = c.errGone()
		return c.gone
	}
	if ctxErr(err) {
		return err
	}
	return pyerr.New(pyerr.OSError, "manager %s: %v", c.ref.Name, err)
}

func ctxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// call sends req and returns the decoded, frozen result; a nil ctx is
// that of an operation without a thread.
func (c *client) call(ctx context.Context, req *request) (starlark.Value, error) {
	if ctx == nil {
		ctx = c.bareCtx()
	} else {
		c.noteCtx(ctx)
	}
	b, err := c.roundTrip(ctx, req)
	if err != nil {
		return nil, err
	}
	v, err := codec.Decode(b, c.n.Resolver)
	if err != nil {
		return nil, pyerr.New(pyerr.RuntimeError, "manager %s: cannot decode the result: %v", c.ref.Name, err)
	}
	v.Freeze()
	return v, nil
}

// roundTrip sends req and waits for the server's reply.
func (c *client) roundTrip(ctx context.Context, req *request) ([]byte, error) {
	if c.local != nil {
		rep := c.local.handle(req)
		return rep.Result, rep.err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gone != nil {
		return nil, c.gone
	}
	if !c.connected {
		if err := c.connect(ctx, c.alive); err != nil {
			return nil, err
		}
	}
	c.seq++
	req.Conn, req.Seq = c.id, c.seq
	if err := c.q.Put(ctx, marshal(req), -1); err != nil {
		return nil, c.ioError(err)
	}
	for {
		msg, err := c.reply.Recv(ctx, -1)
		if err != nil {
			return nil, c.ioError(err)
		}
		var rep reply
		if err := unmarshal(msg, &rep); err != nil {
			return nil, pyerr.New(pyerr.RuntimeError, "manager %s: bad reply: %v", c.ref.Name, err)
		}
		if rep.Seq != c.seq {
			continue // the reply to a request whose caller was cancelled
		}
		return rep.Result, rep.err()
	}
}

func (r *reply) err() error {
	if r.Type == "" {
		return nil
	}
	return &pyerr.Error{Type: r.Type, Message: r.Msg}
}

// encodeVals encodes values, each under its own path, at the call site.
func (c *client) encodeVals(vals []starlark.Value, paths []string) ([][]byte, error) {
	out := make([][]byte, len(vals))
	for i, v := range vals {
		b, err := codec.Encode(v, paths[i], c.n.Resolver)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (c *client) String() string { return fmt.Sprintf("manager %s", c.ref.Name) }
