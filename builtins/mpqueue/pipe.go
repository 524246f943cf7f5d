package mpqueue

import (
	"sync/atomic"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
	"github.com/procstar/procstar/runtime/trace"
)

// Connection is one end of a Pipe, in this process: a copy of an shm pipe
// end. close() closes this copy; the other end reads EOF once every copy
// of this end, in every process, is closed (a process's copies close when
// it ends).
type Connection struct {
	n  *node.Node
	be objects.Backend
	c  objects.Conn
	// readable and writable start as the end's directions; a message longer
	// than recv_bytes' maxlength makes the connection unreadable, as in
	// CPython.
	readable, writable atomic.Bool
	buf                scratch
	bound              methods.Cache
}

var (
	_ starlark.HasAttrs = (*Connection)(nil)
	_ codec.Shared      = (*Connection)(nil)
)

func newConnection(n *node.Node, be objects.Backend, c objects.Conn) *Connection {
	conn := &Connection{n: n, be: be, c: c}
	conn.readable.Store(c.Readable())
	conn.writable.Store(c.Writable())
	return conn
}

var duplexParam = []string{"duplex"}

// newPipe is Pipe(duplex=True) -> (conn1, conn2). With duplex false, conn1
// only receives and conn2 only sends.
func newPipe(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [1]starlark.Value
	if err := parseArgs(b.Name(), args, kwargs, duplexParam, 0, a[:]); err != nil {
		return nil, err
	}
	duplex := a[0] == nil || bool(a[0].Truth())
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	c0, c1, err := be.NewPipe(duplex)
	if err != nil {
		return nil, shmError(b.Name(), err)
	}
	return starlark.Tuple{newConnection(n, be, c0), newConnection(n, be, c1)}, nil
}

// decodeConnection attaches a pipe end received from another process (or
// from this one): this process then holds a copy of it, open until closed
// or until the process ends.
func decodeConnection(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	c, err := be.AttachConn(data)
	if err != nil {
		return nil, err
	}
	return newConnection(n, be, c), nil
}

// Handle implements codec.Shared. A closed connection cannot be sent.
func (c *Connection) Handle() (string, []byte, error) {
	if c.c.Closed() {
		return "", nil, errHandleClosed()
	}
	h := c.c.Handle()
	if h == nil {
		return "", nil, errHandleClosed()
	}
	return objects.Kind(c.be, kindConnection), h, nil
}

// Portable implements codec.Portable.
func (c *Connection) Portable() bool { return c.be.Portable() }

func (c *Connection) Type() string { return "Connection" }

func (c *Connection) String() string {
	return "<multiprocessing.connection.Connection object at " + address(unsafe.Pointer(c)) + ">"
}

func (c *Connection) Freeze()               {}
func (c *Connection) Truth() starlark.Bool  { return starlark.True }
func (c *Connection) Hash() (uint32, error) { return identityHash(unsafe.Pointer(c)), nil }

var connMethods = methods.Table[*Connection]{
	{Name: "close", Fn: (*Connection).close},
	{Name: "fileno", Fn: (*Connection).fileno},
	{Name: "poll", Fn: (*Connection).poll},
	{Name: "recv", Fn: (*Connection).recv},
	{Name: "recv_bytes", Fn: (*Connection).recvBytes},
	{Name: "send", Fn: (*Connection).send},
	{Name: "send_bytes", Fn: (*Connection).sendBytes},
}

var connAttrNames = []string{"close", "closed", "fileno", "poll", "readable", "recv", "recv_bytes", "send", "send_bytes", "writable"}

// Attr implements starlark.HasAttrs.
func (c *Connection) Attr(name string) (starlark.Value, error) {
	if b := connMethods.Bind(c, &c.bound, name); b != nil {
		return b, nil
	}
	switch name {
	case "closed":
		return starlark.Bool(c.c.Closed()), nil
	case "readable":
		return starlark.Bool(c.readable.Load()), nil
	case "writable":
		return starlark.Bool(c.writable.Load()), nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (c *Connection) AttrNames() []string { return connAttrNames }

// checkRead and checkWrite are CPython's checks, in its order.
func (c *Connection) checkRead() error {
	if c.c.Closed() {
		return errHandleClosed()
	}
	if !c.readable.Load() {
		return pyerr.New(pyerr.OSError, "connection is write-only")
	}
	return nil
}

func (c *Connection) checkWrite() error {
	if c.c.Closed() {
		return errHandleClosed()
	}
	if !c.writable.Load() {
		return pyerr.New(pyerr.OSError, "connection is read-only")
	}
	return nil
}

// connError converts an shm error of a pipe operation.
func connError(fn string, err error) error {
	switch {
	case err == objects.ErrEOF:
		return pyerr.New(pyerr.EOFError, "")
	case err == objects.ErrBrokenPipe:
		return pyerr.New("BrokenPipeError", "[Errno 32] Broken pipe")
	case isClosed(err):
		return errHandleClosed()
	case err == objects.ErrNotReadable:
		return pyerr.New(pyerr.OSError, "connection is write-only")
	case err == objects.ErrNotWritable:
		return pyerr.New(pyerr.OSError, "connection is read-only")
	}
	return shmError(fn, err)
}

// send encodes obj here, at the call site, and copies it into the pipe.
// It never waits for the reader.
func (c *Connection) send(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [1]starlark.Value
	if err := parseArgs("send", args, kwargs, objParam, 1, a[:]); err != nil {
		return nil, err
	}
	if err := c.checkWrite(); err != nil {
		return nil, err
	}
	bp := c.buf.take()
	b, err := codec.AppendEncode((*bp)[:0], a[0], "obj", c.n.Resolver)
	if err != nil {
		c.buf.give(bp, b)
		return nil, err
	}
	wait := c.n.StartWait(thread, "Connection.send", true)
	err = c.c.Send(procenv.Get(thread).Ctx, b)
	wait.Done()
	if tr := c.n.Trace; tr != nil && err == nil {
		tr.Out("Connection.send", trace.Key(0, b), len(b)) // a pipe's two ends have no common handle
	}
	c.buf.give(bp, b)
	if err != nil {
		return nil, connError("send", err)
	}
	return starlark.None, nil
}

var sendBytesParams = []string{"buf", "offset", "size"}

// send_bytes(buf, offset=0, size=None) sends size bytes of buf from offset
// as one message, as they are.
func (c *Connection) sendBytes(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [3]starlark.Value
	if err := parseArgs("send_bytes", args, kwargs, sendBytesParams, 1, a[:]); err != nil {
		return nil, err
	}
	if err := c.checkWrite(); err != nil {
		return nil, err
	}
	buf, ok := a[0].(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "send_bytes: a bytes-like object is required, not '%s'", a[0].Type())
	}
	n := len(buf)
	offset, size := 0, -1
	var err error
	if a[1] != nil {
		if _, ok := a[1].(starlark.Int); !ok {
			return nil, pyerr.New(pyerr.TypeError, "send_bytes: offset must be an int, not %s", a[1].Type())
		}
		if offset, err = intarg.Clamp(a[1]); err != nil {
			return nil, err
		}
	}
	if a[2] != nil && a[2] != starlark.None {
		if _, ok := a[2].(starlark.Int); !ok {
			return nil, pyerr.New(pyerr.TypeError, "send_bytes: size must be an int or None, not %s", a[2].Type())
		}
		if size, err = intarg.Clamp(a[2]); err != nil {
			return nil, err
		}
	}
	// CPython's checks, in its order: the offset's before the size's.
	switch {
	case offset < 0:
		return nil, pyerr.New(pyerr.ValueError, "offset is negative")
	case n < offset:
		return nil, pyerr.New(pyerr.ValueError, "buffer length < offset")
	case a[2] == nil || a[2] == starlark.None:
		size = n - offset
	case size < 0:
		return nil, pyerr.New(pyerr.ValueError, "size is negative")
	case size > n-offset: // not offset+size > n, which can overflow
		return nil, pyerr.New(pyerr.ValueError, "buffer length < offset + size")
	}
	if max := codec.MaxMessage(); size > max {
		return nil, pyerr.New(pyerr.ValueError, "send_bytes: cannot send a message of %d bytes: the maximum message size is %d bytes", size, max)
	}
	wait := c.n.StartWait(thread, "Connection.send", true)
	msg := bytesOf(string(buf[offset : offset+size]))
	err = c.c.Send(procenv.Get(thread).Ctx, msg)
	wait.Done()
	if tr := c.n.Trace; tr != nil && err == nil {
		tr.Out("Connection.send", trace.Key(0, msg), len(msg))
	}
	if err != nil {
		return nil, connError("send_bytes", err)
	}
	return starlark.None, nil
}

// take receives the next message, waiting for it.
func (c *Connection) take(thread *starlark.Thread, fn string) ([]byte, error) {
	wait := c.n.StartWait(thread, "Connection.recv", true)
	msg, err := pysignal.Wait(wait, procenv.Get(thread).Ctx, objects.Interruptible(c.c), -1, c.c.Recv)
	wait.Done()
	if err != nil {
		return nil, connError(fn, err)
	}
	if tr := c.n.Trace; tr != nil {
		tr.In("Connection.recv", trace.Key(0, msg))
	}
	return msg, nil
}

func (c *Connection) recv(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("recv", args, kwargs); err != nil {
		return nil, err
	}
	if err := c.checkRead(); err != nil {
		return nil, err
	}
	msg, err := c.take(thread, "recv")
	if err != nil {
		return nil, err
	}
	v, err := decodeOwned(msg, c.n.Resolver)
	if err != nil {
		return nil, pyerr.New(pyerr.ValueError, "recv: the message is not a value sent with send() (%v)", err)
	}
	return v, nil
}

var maxlengthParam = []string{"maxlength"}

// recv_bytes(maxlength=None) returns the next message as bytes. A message
// longer than maxlength is dropped and, as in CPython, leaves the
// connection unreadable (closed if it cannot send either).
func (c *Connection) recvBytes(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [1]starlark.Value
	if err := parseArgs("recv_bytes", args, kwargs, maxlengthParam, 0, a[:]); err != nil {
		return nil, err
	}
	if err := c.checkRead(); err != nil {
		return nil, err
	}
	maxlength := -1
	var err error
	if a[0] != nil && a[0] != starlark.None {
		if _, ok := a[0].(starlark.Int); !ok {
			return nil, pyerr.New(pyerr.TypeError, "recv_bytes: maxlength must be an int or None, not %s", a[0].Type())
		}
		if maxlength, err = intarg.Clamp(a[0]); err != nil {
			return nil, err
		}
		if maxlength < 0 {
			return nil, pyerr.New(pyerr.ValueError, "negative maxlength")
		}
	}
	msg, err := c.take(thread, "recv_bytes")
	if err != nil {
		return nil, err
	}
	if maxlength >= 0 && len(msg) > maxlength {
		if c.writable.Load() {
			c.readable.Store(false)
		} else {
			c.c.Close()
		}
		return nil, pyerr.New(pyerr.OSError, "bad message length")
	}
	return starlark.Bytes(stringOf(msg)), nil
}

var timeoutParam = []string{"timeout"}

// poll(timeout=0.0) reports whether recv() would return at once (a message
// or EOF), waiting up to timeout seconds (None: no limit) for that.
func (c *Connection) poll(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [1]starlark.Value
	if err := parseArgs("poll", args, kwargs, timeoutParam, 0, a[:]); err != nil {
		return nil, err
	}
	if err := c.checkRead(); err != nil { // before the timeout, as CPython
		return nil, err
	}
	timeout, err := waitArg("poll", a[0], 0)
	if err != nil {
		return nil, err
	}
	wait := node.StartWait(thread, "Connection.poll")
	// A poll takes nothing, whatever the backend: a signal's handler may
	// always interrupt it.
	ok, err := pysignal.Wait(wait, procenv.Get(thread).Ctx, true, timeout, c.c.Poll)
	wait.Done()
	if err != nil {
		return nil, connError("poll", err)
	}
	return starlark.Bool(ok), nil
}

func (c *Connection) close(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("close", args, kwargs); err != nil {
		return nil, err
	}
	if err := c.c.Close(); err != nil {
		return nil, connError("close", err)
	}
	return starlark.None, nil
}

// fileno: a procstar connection is shared memory, not a file descriptor.
func (c *Connection) fileno(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("fileno", args, kwargs); err != nil {
		return nil, err
	}
	if c.c.Closed() {
		return nil, errHandleClosed()
	}
	return nil, pyerr.New(pyerr.OSError, "fileno() is not supported: a procstar Connection lives in shared memory, not in a file descriptor")
}
