// Package objects is the seam between the Starlark-facing shared objects
// (builtins/mpqueue, builtins/mpsync, builtins/sharedctypes) and what holds
// their state: this machine's shared memory (runtime/shm), the default, or
// a backend a host plugs in, as cluster mode does with NATS JetStream.
//
// A backend comes with the tree's runtime.Launcher: when the Launcher also
// implements Backend, every process of the tree creates its objects there
// (For). The interfaces are those of the shm objects, which satisfy them
// as they are: the local path pays one interface call, no adapter.
//
// Handles of a backend's objects are tagged with its Name, so that a
// process decodes each handle with the backend that made it, and only
// objects of a Portable backend may be sent to a process on another
// machine.
package objects

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/shm"
)

// The errors every backend returns, so that the builtins map them to
// Python's exceptions whatever the backend.
var (
	ErrEmpty           = shm.ErrEmpty
	ErrFull            = shm.ErrFull
	ErrClosed          = shm.ErrClosed
	ErrTooManyTaskDone = shm.ErrTooManyTaskDone
	ErrNotOwner        = shm.ErrNotOwner
	ErrNotHeld         = shm.ErrNotHeld
	ErrRange           = shm.ErrRange
	ErrNotAcquired     = shm.ErrNotAcquired
	ErrBroken          = shm.ErrBroken
	ErrTimeout         = shm.ErrTimeout
	ErrEOF             = shm.ErrEOF
	ErrBrokenPipe      = shm.ErrBrokenPipe
	ErrNotReadable     = shm.ErrNotReadable
	ErrNotWritable     = shm.ErrNotWritable
)

// SemValueMax is the most units a Semaphore holds in every backend.
const SemValueMax = shm.SemValueMax

// MaxBarrierParties bounds a Barrier's parties in every backend.
const MaxBarrierParties = shm.MaxBarrierParties

// Backend creates shared objects and rebuilds them from their handles.
// Timeouts follow shm: negative waits for ever, zero does not block.
type Backend interface {
	// Name tags the handles of this backend's objects ("" for shared
	// memory, whose handles are untagged).
	Name() string
	// Portable reports whether this backend's objects work in a process
	// on another machine.
	Portable() bool

	NewQueue(maxsize int) (Queue, error)
	AttachQueue(h []byte) (Queue, error)
	// NewMutex makes a Lock, or with recursive an RLock.
	NewMutex(recursive bool) (Mutex, error)
	AttachMutex(h []byte) (Mutex, error)
	// NewSemaphore makes a semaphore holding value units; max > 0 bounds
	// it (a BoundedSemaphore), 0 does not.
	NewSemaphore(value, max int) (Semaphore, error)
	AttachSemaphore(h []byte) (Semaphore, error)
	NewEvent() (Event, error)
	AttachEvent(h []byte) (Event, error)
	// NewPipe makes the two ends of a pipe; with duplex false the first
	// only receives and the second only sends.
	NewPipe(duplex bool) (Conn, Conn, error)
	// AttachConn gives this process a copy of a pipe end.
	AttachConn(h []byte) (Conn, error)
	// NewCondition makes a Condition over lock, a Mutex of this backend,
	// or over a new RLock when lock is nil.
	NewCondition(lock Mutex) (Condition, error)
	AttachCondition(h []byte) (Condition, error)
	NewBarrier(parties int) (Barrier, error)
	AttachBarrier(h []byte) (Barrier, error)
	// NewBlock makes the nbytes of a Value or an Array, guarded by lock
	// (nil for a raw one), a Mutex of this backend.
	NewBlock(nbytes int, lock Mutex) (Block, error)
	AttachBlock(h []byte) (Block, error)

	// ProcessName names the process with that pid, as an Acquire that
	// took over an abandoned object reported it ("" if unknown).
	ProcessName(pid int) string
}

// Queue is a FIFO of encoded messages, bounded in items when Maxsize > 0,
// with JoinableQueue's count of unfinished tasks.
type Queue interface {
	Handle() []byte
	Maxsize() int
	Len() int
	Empty() bool
	Full() bool
	// Close closes this process's handle: its later Put and Get fail
	// with ErrClosed.
	Close()
	// Put returns ErrFull when no room came within timeout.
	Put(ctx context.Context, msg []byte, timeout time.Duration) error
	// Get returns ErrEmpty when nothing came within timeout. The message
	// is the caller's.
	Get(ctx context.Context, timeout time.Duration) ([]byte, error)
	TaskDone() error
	Join(ctx context.Context, timeout time.Duration) (bool, error)
	// Destroy frees the queue at once, whatever copies are left.
	Destroy()
}

// Poster is a Queue that can put without waiting for the put to land, as
// CPython's Queue.put hands its item to a feeder thread: the item is on
// its way, in order after this process's earlier operations on the
// backend and before its later ones, and lands before the process ends.
// Other processes may see it a moment later (as CPython says of qsize,
// empty and get_nowait). Only a plain unbounded Queue posts: a bounded one
// must wait for room, and JoinableQueue and SimpleQueue count or show an
// item as soon as put returns.
type Poster interface {
	// Post reports whether it posted msg; false: use Put.
	Post(msg []byte) bool
	// Flush returns once this process's posts have landed
	// (Queue.join_thread).
	Flush()
}

// Mutex is a Lock or an RLock owned by a process.
type Mutex interface {
	Handle() []byte
	Recursive() bool
	// Acquire reports in abandonedBy the pid of a process that died
	// holding the lock, which this call took over (0 if none).
	Acquire(ctx context.Context, timeout time.Duration) (ok bool, abandonedBy int, err error)
	// Release returns ErrNotOwner (an RLock held by another process) or
	// ErrNotHeld.
	Release() error
	Locked() bool
	// Owned reports whether this process holds it.
	Owned() bool
	// Count is an RLock's recursion depth in its owner.
	Count() int
}

// Semaphore is a counting semaphore, bounded when Max > 0.
type Semaphore interface {
	Handle() []byte
	Max() int
	Value() int
	Acquire(ctx context.Context, timeout time.Duration) (ok bool, abandonedBy int, err error)
	// Release returns ErrNotHeld past a bounded semaphore's maximum, or
	// past SemValueMax.
	Release() error
}

// Event is a flag processes wait for.
type Event interface {
	Handle() []byte
	// Set, Clear and IsSet fail only where the backend can (a cluster
	// whose servers are away for longer than a failover).
	Set() error
	Clear() error
	IsSet() (bool, error)
	Wait(ctx context.Context, timeout time.Duration) (bool, error)
}

// Conn is this process's copy of one end of a pipe. The other end reads
// EOF once it has drained what was sent and no copy of this end is left
// open in any process (nor in flight in a message).
type Conn interface {
	// Handle is nil once this copy is closed.
	Handle() []byte
	Readable() bool
	Writable() bool
	Closed() bool
	Close() error
	// Send never blocks for room; ErrBrokenPipe when no copy of the other
	// end is left.
	Send(ctx context.Context, msg []byte) error
	// Recv returns ErrEOF when nothing is left to read and no copy of the
	// other end is open.
	// Recv returns ErrTimeout when nothing came within timeout.
	Recv(ctx context.Context, timeout time.Duration) ([]byte, error)
	Poll(ctx context.Context, timeout time.Duration) (bool, error)
	// Destroy closes the end for good, whatever copies are left.
	Destroy()
}

// Condition is a condition variable over a Mutex.
type Condition interface {
	Handle() []byte
	// Lock is the Mutex it waits with.
	Lock() Mutex
	// Wait releases the lock (fully, for an RLock), waits up to timeout
	// for a notification and takes the lock back; ErrNotAcquired if this
	// process does not hold it.
	Wait(ctx context.Context, timeout time.Duration) (notified bool, abandonedBy int, err error)
	// Notify wakes up to n waiters, oldest first.
	Notify(n int) error
	Waiting() int
}

// Barrier is CPython's Barrier: Wait returns ErrBroken when it breaks.
type Barrier interface {
	Handle() []byte
	Parties() int
	NWaiting() int
	Broken() bool
	// Wait returns this caller's arrival index; the last to arrive runs
	// action first.
	Wait(ctx context.Context, timeout time.Duration, action func() error) (int, error)
	// Reset and Abort fail only where the backend can (Event's Set).
	Reset() error
	Abort() error
}

// Block is the memory of a Value or an Array: unsigned integers of 1, 2,
// 4 or 8 bytes (the bits of every ctypes type) at byte offsets, each read
// and written whole. A backend that cannot reach its store within its own
// timeouts ends the process with an error rather than return a made-up
// value.
type Block interface {
	Handle() []byte
	Len() int
	LoadUint(off, width int) uint64
	StoreUint(off, width int, v uint64)
	// AddInt and AddUint return ErrRange when the result would not fit.
	AddInt(off, width int, delta int64) (int64, error)
	AddUint(off, width int, delta int64) (uint64, error)
	AddFloat64(off int, delta float64) float64
	AddFloat32(off int, delta float64) float32
	// Guard is the block's lock (nil for a raw block).
	Guard() Mutex
}

// Ender is implemented by a backend that must know how its process ends:
// as in Python, a process that ends normally keeps the locks it holds,
// while one that ends with an uncaught error leaves them to be released.
type Ender interface {
	End(normal bool)
}

// For is the backend of process n: its Launcher's, when that implements
// Backend, else n's shared memory (nil when n has none).
func For(n *node.Node) Backend {
	if b, ok := n.Launcher.(Backend); ok {
		return b
	}
	if n.Arena == nil {
		return nil
	}
	return shmBackend{n.Arena}
}

// Named returns the backend of process n whose handles carry that name
// ("" for shared memory), or nil.
func Named(n *node.Node, name string) Backend {
	if name == "" {
		if n.Arena == nil {
			return nil
		}
		return shmBackend{n.Arena}
	}
	if b, ok := n.Launcher.(Backend); ok && b.Name() == name {
		return b
	}
	return nil
}

// Kind is the handle kind of an object of backend b whose untagged kind
// is kind: "TAG:kind" for a tagged backend (a node.Registration's Tagged decoder).
func Kind(b Backend, kind string) string {
	if tag := b.Name(); tag != "" {
		return tag + ":" + kind
	}
	return kind
}

// Of is the backend that holds the objects thread's process creates, with
// that process's node, or an error naming fn.
func Of(thread *starlark.Thread, fn string) (*node.Node, Backend, error) {
	n, err := node.FromThreadOrErr(thread, fn)
	if err != nil {
		return nil, nil, err
	}
	b := For(n)
	if b == nil {
		return nil, nil, pyerr.New(pyerr.RuntimeError, "%s: shared memory is not available here", fn)
	}
	return n, b, nil
}

// Attach is the backend of process n that a handle tagged tag belongs to,
// or an error saying why there is none.
func Attach(n *node.Node, tag string) (Backend, error) {
	if b := Named(n, tag); b != nil {
		return b, nil
	}
	if tag == "" {
		return nil, errors.New("shared memory is not available here")
	}
	return nil, fmt.Errorf("this process cannot reach the %s backend of this object", tag)
}

// WithLockHooks returns ctx carrying released and reacquiring, which a
// Condition's Wait calls once it has released its lock and before it
// takes it back. The waiting thread's gate is open only in between
// (node.Wait.Settle, Open): lock owners are processes, so a Pool's
// callback that took the lock while the wait held it would take it as a
// recursive acquire, and one still holding it when the wait takes it back
// would make that a recursive acquire too.
func WithLockHooks(ctx context.Context, released, reacquiring func()) context.Context {
	return shm.WithLockHooks(ctx, released, reacquiring)
}

// Released is for a backend's Condition.Wait, once the lock is released
// (see WithLockHooks).
func Released(ctx context.Context) { shm.Released(ctx) }

// Reacquiring is for a backend's Condition.Wait, before it takes the lock
// back (see WithLockHooks).
func Reacquiring(ctx context.Context) { shm.Reacquiring(ctx) }

// WithHandlers returns ctx carrying a thread's signal handlers
// (pysignal.Handlers) for a Condition's or Barrier's wait: shared memory's
// run them in the middle of the wait, which keeps its place meanwhile, as
// in Python; other backends do through Interruptions.
func WithHandlers(ctx context.Context, h shm.Handlers) context.Context {
	return shm.WithHandlers(ctx, h)
}

// Interruptions runs wait, a backend's Condition or Barrier wait that keeps
// its place while the handlers in ctx (WithHandlers) run, in rounds: a
// round that an arrival for the handlers ended is followed by the handlers
// and another round for the time left (shm.Interruptions). byHandlers says
// that err is the handlers' own: the wait must leave its place then.
func Interruptions(ctx context.Context, timeout time.Duration, wait func(ctx context.Context, timeout time.Duration) error) (byHandlers bool, err error) {
	return shm.Interruptions(ctx, timeout, wait, nil)
}

// Interruptible reports whether the waits of obj (a Queue, Mutex,
// Semaphore, Conn...) have done nothing when their context ends them: no
// item taken, no unit or lock held. A signal's handler may then run during
// them and the wait start again, as in Python (pysignal.Wait). Shared
// memory's do; a backend's object says so with a method
// CancelsCleanly() bool.
func Interruptible(obj any) bool {
	switch o := obj.(type) {
	case *shm.Queue, *shm.Mutex, *shm.Semaphore, *shm.Conn:
		return true
	case interface{ CancelsCleanly() bool }:
		return o.CancelsCleanly()
	}
	return false
}
