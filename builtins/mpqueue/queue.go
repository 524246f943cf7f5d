package mpqueue

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
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

type qkind uint8

const (
	queueKind qkind = iota
	joinableKind
	simpleKind
)

// kindInfo names each kind: its type, its handle kind, and its waits in a
// trace (constants: a wait must not allocate).
var kindInfo = [...]struct{ typ, handle, put, get, join string }{
	queueKind:    {"Queue", kindQueue, "Queue.put", "Queue.get", "Queue.join"},
	joinableKind: {"JoinableQueue", kindJoinableQueue, "JoinableQueue.put", "JoinableQueue.get", "JoinableQueue.join"},
	simpleKind:   {"SimpleQueue", kindSimpleQueue, "SimpleQueue.put", "SimpleQueue.get", ""},
}

// table is the method table of q's kind (a switch, not an array of the
// tables: the methods refer to kindInfo, which would make a cycle of
// package initialization).
func (q *Queue) table() methods.Table[*Queue] {
	switch q.kind {
	case joinableKind:
		return joinableMethods
	case simpleKind:
		return simpleMethods
	}
	return queueMethods
}

// Queue is multiprocessing's Queue, JoinableQueue or SimpleQueue: a handle,
// in this process, to a queue of the tree's backend (shared memory unless
// cluster mode). close() closes this handle only, as CPython's close()
// closes this process's end of the queue's pipe.
type Queue struct {
	kind   qkind
	n      *node.Node
	be     objects.Backend
	q      objects.Queue
	closed atomic.Bool
	buf    scratch
	bound  methods.Cache
	// traceCh is the queue's trace channel (trace.Channel of what its handle names)
	// with bit 32 set once computed: the object is the same in every
	// process, so a put's flow key matches its get's.
	traceCh atomic.Uint64
}

func (q *Queue) traceChannel() uint32 {
	c := q.traceCh.Load()
	if c == 0 {
		h := q.q.Handle()
		if len(h) > 16 && h[0] == 'S' {
			h = h[:16] // an shm handle's object (kind, gen, offset); the rest names its maker
		}
		c = 1<<32 | uint64(trace.Channel(h))
		q.traceCh.Store(c)
	}
	return uint32(c)
}

var (
	_ starlark.HasAttrs = (*Queue)(nil)
	_ codec.Shared      = (*Queue)(nil)
)

var maxsizeParam = []string{"maxsize"}

func newQueue(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeQueue(thread, b.Name(), queueKind, args, kwargs)
}

func newJoinableQueue(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeQueue(thread, b.Name(), joinableKind, args, kwargs)
}

func newSimpleQueue(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeQueue(thread, b.Name(), simpleKind, args, kwargs)
}

func makeQueue(thread *starlark.Thread, fn string, kind qkind, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	maxsize := 0
	if kind == simpleKind {
		if err := noArgs(fn, args, kwargs); err != nil {
			return nil, err
		}
	} else {
		var a [1]starlark.Value
		if err := parseArgs(fn, args, kwargs, maxsizeParam, 0, a[:]); err != nil {
			return nil, err
		}
		if a[0] != nil {
			// CPython: maxsize <= 0 is unbounded; the bound is a C int
			// (its semaphore's).
			m, ok := a[0].(starlark.Int)
			if b, isBool := a[0].(starlark.Bool); isBool { // an int in Python
				m, ok = starlark.MakeInt(0), true
				if b {
					m = starlark.MakeInt(1)
				}
			}
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "%s: maxsize must be an int, not %s", fn, a[0].Type())
			}
			if m.Sign() > 0 {
				var err error
				if maxsize, err = intarg.CInt(m); err != nil {
					return nil, err
				}
			}
		}
	}
	n, be, err := objects.Of(thread, fn)
	if err != nil {
		return nil, err
	}
	q, err := be.NewQueue(maxsize)
	if err != nil {
		return nil, shmError(fn, err)
	}
	return &Queue{kind: kind, n: n, be: be, q: q}, nil
}

func decodeQueue(n *node.Node, tag string, data []byte, kind qkind) (starlark.Value, error) {
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	q, err := be.AttachQueue(data)
	if err != nil {
		return nil, err
	}
	return &Queue{kind: kind, n: n, be: be, q: q}, nil
}

// Handle implements codec.Shared. A closed Queue cannot be sent.
func (q *Queue) Handle() (string, []byte, error) {
	if q.closed.Load() {
		return "", nil, q.closedError()
	}
	return objects.Kind(q.be, kindInfo[q.kind].handle), q.q.Handle(), nil
}

// Portable implements codec.Portable.
func (q *Queue) Portable() bool { return q.be.Portable() }

func (q *Queue) Type() string { return kindInfo[q.kind].typ }

func (q *Queue) String() string {
	return "<multiprocessing.queues." + q.Type() + " object at " + address(unsafe.Pointer(q)) + ">"
}

func (q *Queue) Freeze()               {}
func (q *Queue) Truth() starlark.Bool  { return starlark.True }
func (q *Queue) Hash() (uint32, error) { return identityHash(unsafe.Pointer(q)), nil }

// Attr implements starlark.HasAttrs.
func (q *Queue) Attr(name string) (starlark.Value, error) {
	if b := q.table().Bind(q, &q.bound, name); b != nil {
		return b, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (q *Queue) AttrNames() []string { return q.table().Names() }

var (
	queueMethods = methods.Table[*Queue]{
		{Name: "cancel_join_thread", Fn: (*Queue).cancelJoinThread},
		{Name: "close", Fn: (*Queue).close},
		{Name: "empty", Fn: (*Queue).empty},
		{Name: "full", Fn: (*Queue).full},
		{Name: "get", Fn: (*Queue).get},
		{Name: "get_nowait", Fn: (*Queue).getNowait},
		{Name: "join_thread", Fn: (*Queue).joinThread},
		{Name: "put", Fn: (*Queue).put},
		{Name: "put_nowait", Fn: (*Queue).putNowait},
		{Name: "qsize", Fn: (*Queue).qsize},
	}
	joinableMethods = methods.Table[*Queue]{
		{Name: "cancel_join_thread", Fn: (*Queue).cancelJoinThread},
		{Name: "close", Fn: (*Queue).close},
		{Name: "empty", Fn: (*Queue).empty},
		{Name: "full", Fn: (*Queue).full},
		{Name: "get", Fn: (*Queue).get},
		{Name: "get_nowait", Fn: (*Queue).getNowait},
		{Name: "join", Fn: (*Queue).join},
		{Name: "join_thread", Fn: (*Queue).joinThread},
		{Name: "put", Fn: (*Queue).put},
		{Name: "put_nowait", Fn: (*Queue).putNowait},
		{Name: "qsize", Fn: (*Queue).qsize},
		{Name: "task_done", Fn: (*Queue).taskDone},
	}
	simpleMethods = methods.Table[*Queue]{
		{Name: "close", Fn: (*Queue).close},
		{Name: "empty", Fn: (*Queue).empty},
		{Name: "get", Fn: (*Queue).get},
		{Name: "put", Fn: (*Queue).put},
	}
)

// closedError is the error of put and get on a handle closed in this
// process: CPython's ValueError for Queue and JoinableQueue, and for
// SimpleQueue (whose close() closes its pipe) the pipe's OSError.
func (q *Queue) closedError() error {
	if q.kind == simpleKind {
		return errHandleClosed()
	}
	return pyerr.New(pyerr.ValueError, "Queue %s is closed", q.String())
}

var (
	putParams = []string{"obj", "block", "timeout"}
	getParams = []string{"block", "timeout"}
	objParam  = []string{"obj"}
)

func (q *Queue) put(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [3]starlark.Value
	params := putParams
	if q.kind == simpleKind {
		params = objParam
	}
	if err := parseArgs("put", args, kwargs, params, 1, a[:len(params)]); err != nil {
		return nil, err
	}
	timeout, err := timeoutArg("put", a[1], a[2])
	if err != nil {
		return nil, err
	}
	return q.doPut(thread, a[0], timeout)
}

func (q *Queue) putNowait(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a [1]starlark.Value
	if err := parseArgs("put_nowait", args, kwargs, objParam, 1, a[:]); err != nil {
		return nil, err
	}
	return q.doPut(thread, a[0], 0)
}

// doPut encodes obj here, at the call site, then copies it into the queue,
// waiting up to timeout for room.
func (q *Queue) doPut(thread *starlark.Thread, obj starlark.Value, timeout time.Duration) (starlark.Value, error) {
	if q.closed.Load() {
		return nil, q.closedError()
	}
	bp := q.buf.take()
	b, err := codec.AppendEncode((*bp)[:0], obj, "item", q.n.Resolver)
	if err != nil {
		q.buf.give(bp, b)
		return nil, err
	}
	// Only a full bounded queue makes a put wait for room (and looking
	// costs an untraced run nothing).
	if p, ok := q.q.(objects.Poster); ok && q.kind == queueKind && p.Post(b) {
		if tr := q.n.Trace; tr != nil {
			tr.Out(kindInfo[q.kind].put, trace.Key(q.traceChannel(), b), len(b))
		}
		q.buf.give(bp, b)
		return starlark.None, nil
	}
	wait := q.n.StartWait(thread, kindInfo[q.kind].put, q.n.Trace != nil && q.q.Full())
	_, err = pysignal.Wait(wait, procenv.Get(thread).Ctx, objects.Interruptible(q.q), timeout, func(ctx context.Context, timeout time.Duration) (struct{}, error) {
		return struct{}{}, q.q.Put(ctx, b, timeout)
	})
	wait.Done()
	if tr := q.n.Trace; tr != nil && err == nil {
		tr.Out(kindInfo[q.kind].put, trace.Key(q.traceChannel(), b), len(b))
	}
	q.buf.give(bp, b)
	switch {
	case err == nil:
		return starlark.None, nil
	case err == objects.ErrFull:
		return nil, pyerr.New(pyerr.Full, "")
	case isClosed(err):
		return nil, q.closedError()
	}
	return nil, shmError("put", err)
}

func (q *Queue) get(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout time.Duration = -1
	if q.kind == simpleKind {
		if err := noArgs("get", args, kwargs); err != nil {
			return nil, err
		}
	} else if len(args) > 0 || len(kwargs) > 0 {
		var a [2]starlark.Value
		if err := parseArgs("get", args, kwargs, getParams, 0, a[:]); err != nil {
			return nil, err
		}
		var err error
		if timeout, err = timeoutArg("get", a[0], a[1]); err != nil {
			return nil, err
		}
	}
	return q.doGet(thread, timeout)
}

func (q *Queue) getNowait(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("get_nowait", args, kwargs); err != nil {
		return nil, err
	}
	return q.doGet(thread, 0)
}

func (q *Queue) doGet(thread *starlark.Thread, timeout time.Duration) (starlark.Value, error) {
	if q.closed.Load() {
		return nil, q.closedError()
	}
	// Only an empty queue makes a get wait for an item.
	wait := q.n.StartWait(thread, kindInfo[q.kind].get, q.n.Trace != nil && q.q.Empty())
	msg, err := pysignal.Wait(wait, procenv.Get(thread).Ctx, objects.Interruptible(q.q), timeout, q.q.Get)
	wait.Done()
	switch {
	case err == nil:
	case err == objects.ErrEmpty:
		return nil, pyerr.New(pyerr.Empty, "")
	case isClosed(err):
		return nil, q.closedError()
	default:
		return nil, shmError("get", err)
	}
	if tr := q.n.Trace; tr != nil {
		tr.In(kindInfo[q.kind].get, trace.Key(q.traceChannel(), msg))
	}
	v, err := decodeOwned(msg, q.n.Resolver)
	if err != nil {
		return nil, pyerr.New(pyerr.RuntimeError, "get: cannot decode the item: %v", err)
	}
	return v, nil
}

func (q *Queue) qsize(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("qsize", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(q.q.Len()), nil
}

func (q *Queue) empty(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("empty", args, kwargs); err != nil {
		return nil, err
	}
	if q.kind == simpleKind && q.closed.Load() {
		return nil, errHandleClosed()
	}
	return starlark.Bool(q.q.Empty()), nil
}

func (q *Queue) full(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("full", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bool(q.q.Full()), nil
}

// close closes this process's handle: later put and get through it fail.
// Items already put stay in the queue for the other processes.
func (q *Queue) close(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("close", args, kwargs); err != nil {
		return nil, err
	}
	q.closed.Store(true)
	q.q.Close()
	return starlark.None, nil
}

// joinThread waits, as CPython's waits for the feeder thread, for the puts
// a backend posted (objects.Poster); in shared memory there is nothing to
// wait for (put copies the item there before it returns). It keeps
// CPython's rule that the queue must be closed first.
func (q *Queue) joinThread(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("join_thread", args, kwargs); err != nil {
		return nil, err
	}
	if !q.closed.Load() {
		return nil, pyerr.New(pyerr.AssertionError, "Queue %s not closed", q.String())
	}
	if p, ok := q.q.(objects.Poster); ok {
		p.Flush()
	}
	return starlark.None, nil
}

func (q *Queue) cancelJoinThread(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("cancel_join_thread", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (q *Queue) taskDone(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("task_done", args, kwargs); err != nil {
		return nil, err
	}
	switch err := q.q.TaskDone(); {
	case err == nil:
		return starlark.None, nil
	case errors.Is(err, objects.ErrTooManyTaskDone):
		return nil, pyerr.New(pyerr.ValueError, "task_done() called too many times")
	default:
		return nil, shmError("task_done", err)
	}
}

// join waits until every item put has been marked done with task_done().
func (q *Queue) join(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("join", args, kwargs); err != nil {
		return nil, err
	}
	wait := node.StartWait(thread, kindInfo[q.kind].join)
	// A join changes nothing, whatever the backend: a signal's handler may
	// always interrupt it.
	_, err := pysignal.Wait(wait, procenv.Get(thread).Ctx, true, -1, q.q.Join)
	wait.Done()
	if err != nil {
		return nil, shmError("join", err)
	}
	return starlark.None, nil
}
