// Package manager provides multiprocessing's Manager: a server process
// holding shared dicts, lists and namespaces, and factories for the other
// shared objects.
//
// # The server
//
// Manager() starts a child of kind "manager" (node.Registration), named as
// CPython names it, "SyncManager-N" from the Process counter (so the next
// Process is "Process-N+1"). Like every child it first re-runs the main
// module with __name__ == "__mp_main__"; then it serves requests until
// shutdown() or its owner's exit. Manager() returns once the server
// answers, so a server that fails while starting fails Manager() with
// EOFError. The server is not listed by active_children().
//
// At its owner's normal end the server is shut down as CPython's exit
// finalizer does it (node.AtShutdown, before the owner joins its other
// children, so children still using the manager then get EOFError): the
// shutdown message, a second to end, then SIGTERM and SIGKILL. The server
// is also marked daemonic in its owner's table of children, so the exit
// rules never wait for it, and it ends normally (exit code 0) on SIGTERM.
// If the owner dies any other way, the server is killed with it (the tree
// rules).
//
// Cancellation: an operation waits under its thread's context; the
// operations that go.starlark.net calls without a thread (d[k], d[k] = v,
// in, len, iteration, repr, a Namespace's attributes) use the latest
// operation's context while it is live, else the process's.
//
// # Transport
//
// No sockets and no files: the server serves one request Queue in the
// tree's shared memory (runtime/shm). Each process that uses a manager
// (the owner, or any process a proxy reached) connects once, lazily: it
// creates a simplex Pipe, sends the handle of its sending end with a
// "connect" request and keeps the receiving end; the server attaches the
// sending end and answers there. A request carries the connection id, a
// sequence number (the reply to a request whose caller was cancelled is
// skipped), an operation, the object id and codec-encoded values, each
// encoded at the call site, so an unsendable value fails there with its
// path. One request per process and manager is outstanding at a time.
//
// Failures: once connected, a client waits for its reply without a
// timeout; the server holds the only copy of the reply pipe's sending end,
// so if the server ends (shutdown, or killed) the wait reads EOF at once
// and the operation fails with "EOFError: manager SyncManager-N has shut
// down". While connecting, the client's own pending copy keeps that end
// open, so it waits in slices of 50 ms and checks that the server process
// is alive (pid and start time). The server never blocks on a client:
// pipe sends do not block, and a send to a client that died reports a
// broken pipe, after which the server drops (destroys) that reply pipe. A
// client that dies in the middle of a request leaves the queue consistent
// (the shm reaper rolls an interrupted put back).
//
// # Objects and operations
//
// The server holds real Starlark values (a dict, a list, or a dict of
// attributes for a Namespace) by id, and executes operations generically:
// a method of Starlark's dict or list (looked up with Attr and called),
// x[k], x[k] = v and `v in x` (run by Starlark helpers, so results and
// error messages are exactly those of a local value), len, a snapshot for
// iteration, items, slices, repr, and a Namespace's getattr/setattr. An
// error is sent back as its Python type and message and raised in the
// caller with the same type.
//
// Proxies (DictProxy, ListProxy, NamespaceProxy) are shared objects: they
// travel as handles (manager and object id) to any process, in Process
// arguments, queue items, pipe messages, and inside values stored in a
// manager (nested proxies). Every value read through a proxy is a frozen
// copy, so d["k"].append(x) fails ("cannot append to frozen list")
// instead of being silently lost. Two proxies are == when they refer to
// the same object. A proxy that the server itself decodes (d.update(d2)
// with d2 a proxy of the same manager) runs its operations directly,
// without a request to itself.
//
// Some interfaces of go.starlark.net return no error: len() of a proxy
// whose server is gone fails with "has no len"; iterating it, dict(d)
// and slicing it give nothing, and its repr says the server is gone. Every
// other operation reports EOFError.
//
// Inside a server, a proxy's repr is CPython's repr of a proxy
// (<DictProxy object, typeid 'dict', ...>), not its referent's: a dict
// holding a proxy of itself prints without recursion, and two servers
// holding proxies of each other's objects never wait for each other to
// print. Other operations between servers can: d1.update(d2) and
// d2.update(d1) at the same time, with d1 and d2 of different managers,
// deadlock (as in CPython).
//
// Objects live as long as the server: there is no reference counting of
// proxies across processes. The request queue and the reply pipes of live
// clients stay in the arena after the server ends, since other processes
// may still hold them (a few hundred bytes each).
//
// The factories Queue, JoinableQueue, Lock, RLock, Semaphore,
// BoundedSemaphore, Condition, Event, Barrier, Value and Array return the
// same shared-memory objects as the multiprocessing names of the same
// names (looked up when called): those already work in every process, so
// they need no proxy. As CPython's are proxies to threading's objects,
// the Lock, RLock, Semaphore, BoundedSemaphore and Condition are marked
// (MarkManaged) to take threading's arguments and fail with its errors,
// and a failure to make one is a RemoteError.
package manager

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/mp"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"Manager": starlark.NewBuiltin("Manager", newManager),
	}
}

// Manager is the object Manager() returns (CPython's SyncManager), valid in
// the process that created it.
type Manager struct {
	n     *node.Node
	name  string
	child *node.Child
	c     *client

	mu   sync.Mutex
	shut bool
}

var _ starlark.HasAttrs = (*Manager)(nil)

func newManager(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("Manager", args, kwargs); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%v", err)
	}
	n, err := node.FromThreadOrErr(thread, "Manager")
	if err != nil {
		return nil, err
	}
	be := objects.For(n)
	if be == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "Manager: shared memory is not available here")
	}
	if err := mp.Bootstrapping(thread); err != nil {
		return nil, err
	}
	if n.Daemon {
		return nil, pyerr.New(pyerr.AssertionError, "daemonic processes are not allowed to have children")
	}
	q, err := be.NewQueue(0)
	if err != nil {
		return nil, pyerr.New(pyerr.OSError, "Manager: %v", err)
	}
	identity := n.ChildIdentity(n.NextCount())
	name := "SyncManager-" + node.IdentityString(identity)
	child, err := n.Spawn(&node.Bootstrap{
		Name:     name,
		Identity: identity,
		Daemon:   true, // stopped, not joined, by the owner's exit rules
		// It serves this machine's shared memory, or with a portable
		// backend goes wherever the Launcher places processes.
		Here:    !be.Portable(),
		Kind:    kindName,
		Payload: marshal(&payload{Queue: q.Handle(), Tag: be.Name()}),
	})
	if err != nil {
		q.Destroy()
		return nil, err
	}
	var start uint64
	if !be.Portable() {
		start, _ = ptable.StartTime(child.Pid)
	}
	r := ref{Queue: q.Handle(), Pid: child.Pid, Start: start, Name: name, Tag: be.Name()}
	c := clientFor(n, r)
	c.mu.Lock()
	err = c.connect(procenv.Get(thread).Ctx, child.Alive)
	c.mu.Unlock()
	if err != nil {
		if ctxErr(err) {
			return nil, err
		}
		child.Signal(syscall.SIGKILL)
		<-child.Reaped
		n.Forget(child)
		code, _ := child.ExitCode()
		return nil, pyerr.New(pyerr.EOFError, "the manager process %s ended with exitcode %d before it started serving", name, code)
	}
	if be.Portable() {
		// Clients elsewhere cannot look at the server's process: they learn
		// it ended when its request queue goes.
		go func() {
			<-child.Reaped
			q.Destroy()
		}()
	}
	m := &Manager{n: n, name: name, child: child, c: c}
	// At the owner's normal end, before its children are joined, as
	// CPython's exit finalizer does. (Without that hook, the server being
	// daemonic in the owner's table, the exit rules terminate it, on which
	// it also ends normally.)
	if h, ok := any(n).(interface{ AtShutdown(func()) }); ok {
		h.AtShutdown(func() {
			// Bounded: a server that does not answer is terminated.
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			m.stop(ctx, context.Background())
		})
	}
	return m, nil
}

// ServerPid is the pid of the manager's server process (CPython's
// m._process.pid), for hosts and tests.
func (m *Manager) ServerPid() int { return m.child.Pid }

func (m *Manager) String() string {
	return fmt.Sprintf("<multiprocessing.managers.SyncManager object at %#x>", uintptr(unsafe.Pointer(m)))
}
func (m *Manager) Type() string         { return "SyncManager" }
func (m *Manager) Freeze()              {}
func (m *Manager) Truth() starlark.Bool { return starlark.True }
func (m *Manager) Hash() (uint32, error) {
	return uint32(uintptr(unsafe.Pointer(m)) >> 3), nil
}

// factories are the names whose objects need no server: the
// multiprocessing builtins of the same name make them.
var factories = []string{"Array", "Barrier", "BoundedSemaphore", "Condition", "Event", "JoinableQueue", "Lock", "Queue", "RLock", "Semaphore", "Value"}

// managerMethod is the signature of a method in managerMethods.
type managerMethod func(*Manager, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// managerMethods are Manager's methods, built on first use.
var managerMethods = lazy.Value[map[string]managerMethod]{New: func() map[string]managerMethod {
	return map[string]managerMethod{
		"dict":      (*Manager).dict,
		"list":      (*Manager).list,
		"Namespace": (*Manager).namespace,
		"shutdown":  (*Manager).shutdown,
	}
}}

// Attr implements starlark.HasAttrs.
func (m *Manager) Attr(name string) (starlark.Value, error) {
	if f, ok := managerMethods.Get()[name]; ok {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return f(m, thread, b, args, kwargs)
		}).BindReceiver(m), nil
	}
	for _, f := range factories {
		if f == name {
			return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return m.factory(thread, name, args, kwargs)
			}).BindReceiver(m), nil
		}
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (m *Manager) AttrNames() []string {
	return []string{"Array", "Barrier", "BoundedSemaphore", "Condition", "Event", "JoinableQueue", "Lock",
		"Namespace", "Queue", "RLock", "Semaphore", "Value", "dict", "list", "shutdown"}
}

func (m *Manager) isShut() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.shut
}

// factory calls the multiprocessing builtin name, looked up when called.
func (m *Manager) factory(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if m.isShut() {
		return nil, m.c.errGone()
	}
	var fn starlark.Value
	if name == "Queue" {
		// CPython's Manager().Queue() is a queue.Queue, which has
		// task_done() and join(): a JoinableQueue here.
		fn = lookupBuiltin(thread, "JoinableQueue")
	}
	if fn == nil {
		fn = lookupBuiltin(thread, name)
	}
	if fn == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "Manager.%s: multiprocessing.%s is not available", name, name)
	}
	if (name == "Semaphore" || name == "BoundedSemaphore") && len(args) > 0 {
		// threading's Semaphore refuses a negative value with ValueError
		// (multiprocessing's with OSError, from sem_open).
		if n, ok := args[0].(starlark.Int); ok && n.Sign() < 0 {
			return nil, remoteError(pyerr.New(pyerr.ValueError, "semaphore initial value must be >= 0"))
		}
	}
	v, err := starlark.Call(thread, fn, args, kwargs)
	if err != nil {
		return nil, remoteError(err)
	}
	if o, ok := v.(interface{ MarkManaged() }); ok {
		// CPython's is a proxy to threading's object of that name: its
		// methods have threading's arguments and errors.
		o.MarkManaged()
	}
	return v, nil
}

// remoteError is err as CPython's client re-raises a failure of the server
// to create an object: multiprocessing.managers.RemoteError, whose text is
// the server's traceback between two lines of dashes, ending with the
// error (a cancellation or an exit stays what it is).
func remoteError(err error) error {
	if pyerr.Uncatchable(err) {
		return err
	}
	typ, msg := pyerr.Classify(err)
	dashes := strings.Repeat("-", 75)
	return pyerr.New("multiprocessing.managers.RemoteError", "\n%s\n%s: %s\n%s", dashes, typ, msg, dashes)
}

// lookupBuiltin finds multiprocessing.NAME in this process's modules.
func lookupBuiltin(thread *starlark.Thread, name string) starlark.Value {
	n := node.FromThread(thread)
	if n == nil || n.Resolver == nil {
		return nil
	}
	v, err := n.Resolver.Func("multiprocessing", name)
	if err != nil {
		return nil
	}
	if _, ok := v.(*Manager); ok {
		return nil
	}
	return v
}

// create makes a managed object of kind from a local initial value.
func (m *Manager) create(thread *starlark.Thread, kind string, init starlark.Value) (starlark.Value, error) {
	if m.isShut() {
		return nil, m.c.errGone()
	}
	b, err := codec.Encode(init, kind, m.n.Resolver)
	if err != nil {
		return nil, err
	}
	v, err := m.c.call(procenv.Get(thread).Ctx, &request{Op: opCreate, Name: kind, Vals: [][]byte{b}})
	if err != nil {
		return nil, err
	}
	id, ok := v.(starlark.Int).Int64()
	if !ok {
		return nil, pyerr.New(pyerr.RuntimeError, "manager %s: bad object id", m.name)
	}
	return newProxy(m.c, id, kind), nil
}

// dict(mapping_or_iterable=(), **kwargs), as the dict builtin.
func (m *Manager) dict(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	init, err := pyiter.Call(thread, starlark.Universe["dict"], args, kwargs) // an iterator's error is ours
	if err != nil {
		return nil, remoteError(err) // CPython's server calls dict()
	}
	return m.create(thread, kindDict, init)
}

// list(iterable=()), as the list builtin: a str gives its characters and
// a bytes its ints, as Python's list (and procstar's) do.
func (m *Manager) list(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 {
		args = starlark.Tuple{pyformat.Elements(args[0])}
	}
	init, err := pyiter.Call(thread, starlark.Universe["list"], args, kwargs) // an iterator's error is ours
	if err != nil {
		return nil, remoteError(err) // CPython's server calls list()
	}
	return m.create(thread, kindList, init)
}

// Namespace(**kwargs).
func (m *Manager) namespace(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, remoteError(pyerr.New(pyerr.TypeError, "Namespace() takes no positional arguments (%d given)", len(args)))
	}
	d := starlark.NewDict(len(kwargs))
	for _, kv := range kwargs {
		d.SetKey(kv[0], kv[1])
	}
	return m.create(thread, kindNamespace, d)
}

// shutdown stops the server; proxies fail with EOFError afterwards. A
// second call does nothing.
func (m *Manager) shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("shutdown", args, kwargs); err != nil {
		return nil, err
	}
	ctx := procenv.Get(thread).Ctx
	if err := m.stop(ctx, ctx); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// stop is CPython's _finalize_manager: send the shutdown message (under
// ctx), wait a second for the server to end, then terminate it (and then
// kill it), waiting under wait.
func (m *Manager) stop(ctx, wait context.Context) error {
	m.mu.Lock()
	if m.shut {
		m.mu.Unlock()
		return nil
	}
	m.shut = true
	m.mu.Unlock()
	m.n.Log.Log(mplog.INFO, m.n.Name(), "sending shutdown message to manager")
	_, err := m.c.roundTrip(ctx, &request{Op: opShutdown})
	m.c.markGone()
	if ctxErr(err) && wait.Err() != nil {
		return err
	}
	for _, sig := range []syscall.Signal{0, syscall.SIGTERM, syscall.SIGKILL} {
		if sig != 0 {
			m.child.Signal(sig)
		}
		select {
		case <-m.child.Reaped:
			m.n.Forget(m.child)
			return nil
		case <-time.After(time.Second):
		case <-wait.Done():
			return wait.Err()
		}
	}
	return nil
}
