package shm

import (
	"os"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Arena is the tree's shared memory with its ownership layer: objects are
// created in one (New*) and rebuilt from handles (Attach*, Arena.Attach).
type Arena = own.Arena

// Off is the position of an allocation in the arena.
type Off = arena.Off

// Transfer is the set of handles in a child's bootstrap (Arena.Reserve).
type Transfer = own.Transfer

// Stats describes the allocator and the registry (Arena.Stats).
type Stats = own.Stats

// Kind says what a shared object is.
type Kind = own.Kind

// Kinds of shared objects.
const (
	KindLock Kind = iota + 1
	KindRLock
	KindSemaphore
	KindEvent
	KindCondition
	KindBarrier
	KindBlock
	KindQueue
	KindPipe
)

// Sizes of arenas (see arena.Create).
const (
	DefaultSize = arena.DefaultSize
	MaxSize     = arena.MaxSize
	MinSize     = arena.MinSize
)

// HandleLen is the length of every handle.
const HandleLen = own.HandleLen

var (
	// ErrNoSpace is returned when the arena's virtual size is used up.
	ErrNoSpace = arena.ErrNoSpace
	// ErrBadHandle is returned for a handle that names no live object of
	// the expected kind in this arena (stale, foreign or forged).
	ErrBadHandle = own.ErrBadHandle
	// ErrBadFree is returned by Free for an offset that is not an allocation.
	ErrBadFree = arena.ErrBadFree
)

// Create makes a new arena of the given virtual size (rounded down to 64
// KiB, at most MaxSize; 0 means DefaultSize) for the root of a process
// tree.
func Create(size int64) (*Arena, error) { return own.Create(size) }

// CreateFitting is Create of FitSize(want), halved while the address space
// has no room for it, down to MinSize.
func CreateFitting(want int64) (*Arena, error) { return own.CreateFitting(want) }

// FitSize is want limited to what the address-space limit leaves room for
// (see arena.FitSize).
func FitSize(want int64) int64 { return arena.FitSize(want) }

// Open maps the arena inherited as f (the root's File, passed down to a
// child as an extra file descriptor).
func Open(f *os.File) (*Arena, error) { return own.Open(f) }

// HandleKind returns the kind of object a handle names, without checking
// that it is still alive.
func HandleKind(h []byte) Kind { return own.HandleKind(h) }

// Self returns the pid recorded as owner by locks taken in this process.
func Self() int { return int(arena.Self()) }

// self is this process's pid, the owner of the locks it takes.
var self = arena.Self()

// SweepPeriod is how often the root's Watch calls Sweep while freed memory
// is resident.
const SweepPeriod = own.SweepPeriod

// Each kind tells the ownership layer how to attach, tear down, reap and
// keep its objects, so that the layers below know no object kind.
func init() {
	own.Register(KindLock, own.Hooks{Name: "Lock", Attach: attachAny(AttachMutex), Reap: reapMutex, Keep: keepMutex})
	own.Register(KindRLock, own.Hooks{Name: "RLock", Attach: attachAny(AttachMutex), Reap: reapMutex, Keep: keepMutex})
	own.Register(KindSemaphore, own.Hooks{Name: "Semaphore", Attach: attachAny(AttachSemaphore), Teardown: teardownSem, Reap: reapSem, Keep: keepSem})
	own.Register(KindEvent, own.Hooks{Name: "Event", Attach: attachAny(AttachEvent), Reap: reapEvent})
	own.Register(KindCondition, own.Hooks{Name: "Condition", Attach: attachAny(AttachCondition), Teardown: teardownCond, Reap: reapCond})
	own.Register(KindBarrier, own.Hooks{Name: "Barrier", Attach: attachAny(AttachBarrier), Teardown: teardownBarrier, Reap: reapBarrier})
	own.Register(KindBlock, own.Hooks{Name: "Block", Attach: attachAny(AttachBlock), Teardown: teardownBlock})
	own.Register(KindQueue, own.Hooks{Name: "Queue", Attach: attachAny(AttachQueue), Teardown: teardownQueue, Reap: reapQueue})
	own.Register(KindPipe, own.Hooks{Name: "Connection", Attach: attachAny(AttachConn), Teardown: teardownPipe, Reap: reapPipe, Held: heldPipe, Move: movePipe})
}

// attachAny is an Attach* function as an Attach hook.
func attachAny[T any](f func(*Arena, []byte) (T, error)) func(*Arena, []byte) (any, error) {
	return func(a *Arena, h []byte) (any, error) { return f(a, h) }
}

// ref is what every handle object holds: which object of which arena it
// names (its offset, and the generation that tells a reused offset apart),
// and the reference it counts on it.
type ref struct {
	a    *Arena
	off  Off
	gen  uint32
	kind Kind
	h    own.Holder
}

// id is the object as the ownership layer names it.
func (r *ref) id() own.Handle { return own.Handle{Kind: r.kind, Gen: r.gen, Off: r.off} }

// rel is what dropping a reference to the object takes (types whose
// references weigh more, or close something first, have their own).
func (r *ref) rel() own.Release { return own.Release{A: r.a, Off: r.off, Gen: r.gen, Kind: r.kind} }

// Handle identifies the object to other processes.
func (r *ref) Handle() []byte { return r.a.EncodeHandle(r.id()) }

// destroy is Destroy: the handle object's reference (of weight) is
// forgotten and the object destroyed outright.
func (r *ref) destroy(weight int32) {
	r.h.Forget(weight)
	r.a.Destroy(r.id())
}

// lockRef is the handle of a lock named by another object (a Condition's
// or a Block's), from what that object records of it.
func lockRef(off uint64, kind uint32, gen uint32) own.Handle {
	return own.Handle{Kind: Kind(kind), Gen: gen, Off: Off(off)}
}

// timedOut is what a call returns when it gave up waiting for an internal
// lock with err (arena.LockFor, Arena.SleepFor): its timeout result (nil:
// none) for a timeout, else err (the context's).
func timedOut(err, timeout error) error {
	if err == futex.ErrTimeout {
		return timeout
	}
	return err
}
