package mpsync

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
)

// Lock is multiprocessing's Lock, or with a recursive mutex its RLock.
type Lock struct {
	n         *node.Node
	be        objects.Backend
	m         objects.Mutex
	recursive bool
	managed   bool // a Manager's (see managedAcquireArgs)
	bound     methods.Cache
}

var _ starlark.HasAttrs = (*Lock)(nil)

// MarkManaged makes l a Manager's Lock or RLock.
func (l *Lock) MarkManaged() { l.managed = true }

// LockOf wraps a lock of backend be (a Value's) as a Starlark Lock or
// RLock of process n.
func LockOf(n *node.Node, be objects.Backend, m objects.Mutex) *Lock {
	return &Lock{n: n, be: be, m: m, recursive: m.Recursive()}
}

// Mutex is the backend's lock behind l.
func (l *Lock) Mutex() objects.Mutex { return l.m }

func newLock(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeLock(thread, b.Name(), args, kwargs, false)
}

func newRLock(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeLock(thread, b.Name(), args, kwargs, true)
}

func makeLock(thread *starlark.Thread, fn string, args starlark.Tuple, kwargs []starlark.Tuple, recursive bool) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	n, be, err := objects.Of(thread, fn)
	if err != nil {
		return nil, err
	}
	m, err := be.NewMutex(recursive)
	if err != nil {
		return nil, shmError(fn, err)
	}
	return &Lock{n: n, be: be, m: m, recursive: recursive}, nil
}

func decodeLock(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	m, err := be.AttachMutex(data)
	if err != nil {
		return nil, err
	}
	return &Lock{n: n, be: be, m: m, recursive: m.Recursive()}, nil
}

// Handle implements codec.Shared.
func (l *Lock) Handle() (string, []byte, error) {
	kind := kindLock
	if l.managed {
		kind = kindManagedLock
	}
	return objects.Kind(l.be, kind), l.m.Handle(), nil
}

// Portable implements codec.Portable.
func (l *Lock) Portable() bool { return l.be.Portable() }

func (l *Lock) Type() string {
	if l.recursive {
		return "RLock"
	}
	return "Lock"
}

func (l *Lock) String() string {
	if l.recursive {
		switch {
		case l.m.Owned():
			return fmt.Sprintf("<RLock(%s, %d)>", l.n.Name(), l.m.Count())
		case l.m.Locked():
			return "<RLock(SomeOtherProcess, nonzero)>"
		}
		return "<RLock(None, 0)>"
	}
	owner := "None"
	switch {
	case l.m.Owned():
		owner = l.n.Name()
	case l.m.Locked():
		owner = "SomeOtherProcess"
	}
	return "<Lock(owner=" + owner + ")>"
}

func (l *Lock) Freeze()               {}
func (l *Lock) Truth() starlark.Bool  { return starlark.True }
func (l *Lock) Hash() (uint32, error) { return identityHash(unsafe.Pointer(l)), nil }

var lockMethods = methods.Table[*Lock]{
	{Name: "acquire", Fn: (*Lock).acquire},
	{Name: "locked", Fn: (*Lock).locked},
	{Name: "release", Fn: (*Lock).release},
}

// Attr implements starlark.HasAttrs.
func (l *Lock) Attr(name string) (starlark.Value, error) {
	if b := lockMethods.Bind(l, &l.bound, name); b != nil {
		return b, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (l *Lock) AttrNames() []string { return lockMethods.Names() }

func (l *Lock) acquire(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	timeout := time.Duration(-1)
	if len(args) != 0 || len(kwargs) != 0 {
		var err error
		if l.managed {
			timeout, err = managedAcquireArgs("acquire", args, kwargs, false)
		} else {
			timeout, err = acquireArgs("acquire", args, kwargs)
		}
		if err != nil {
			return nil, err
		}
	}
	// The uncontended case first, without looking up the thread's context.
	if ok, ab, _ := l.m.Acquire(context.Background(), 0); ok {
		ReportAbandoned(thread, l.be, l.Type(), ab)
		return starlark.True, nil
	} else if timeout == 0 {
		return starlark.False, nil
	}
	wait := node.StartWait(thread, l.waitName())
	r, err := acquire(wait, l.m, timeout, l.m.Acquire)
	wait.Done()
	if err != nil {
		return nil, err
	}
	ReportAbandoned(thread, l.be, l.Type(), r.abandonedBy)
	return starlark.Bool(r.ok), nil
}

// Acquire takes the lock for Go callers (Value.add, Array.set_slice, a
// Condition), reporting an abandoned lock as acquire() does.
func (l *Lock) Acquire(thread *starlark.Thread) error {
	wait := node.StartWait(thread, l.waitName())
	r, err := acquire(wait, l.m, -1, l.m.Acquire)
	wait.Done()
	if err != nil {
		return err
	}
	ReportAbandoned(thread, l.be, l.Type(), r.abandonedBy)
	return nil
}

// Release releases the lock for Go callers, with release()'s errors.
func (l *Lock) Release() error {
	switch err := l.m.Release(); {
	case err == nil:
		return nil
	case l.managed && l.recursive && (errors.Is(err, objects.ErrNotOwner) || errors.Is(err, objects.ErrNotHeld)):
		return pyerr.New(pyerr.RuntimeError, "cannot release un-acquired lock") // threading.RLock's
	case l.managed && errors.Is(err, objects.ErrNotHeld):
		return pyerr.New(pyerr.RuntimeError, "release unlocked lock") // threading.Lock's
	case errors.Is(err, objects.ErrNotOwner):
		return pyerr.New(pyerr.AssertionError, "attempt to release recursive lock not owned by thread")
	case errors.Is(err, objects.ErrNotHeld):
		return pyerr.New(pyerr.ValueError, "semaphore or lock released too many times")
	default:
		return pyerr.New(pyerr.RuntimeError, "release: %v", err)
	}
}

// Owned reports whether this process holds the lock.
func (l *Lock) Owned() bool { return l.m.Owned() }

func (l *Lock) release(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 0 || len(kwargs) != 0 {
		return nil, noArgs("release", args, kwargs)
	}
	if err := l.Release(); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (l *Lock) locked(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("locked", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bool(l.m.Locked()), nil
}

// Semaphore is multiprocessing's Semaphore or BoundedSemaphore.
type Semaphore struct {
	n       *node.Node
	be      objects.Backend
	s       objects.Semaphore
	bounded bool
	managed bool // a Manager's (see managedAcquireArgs)
	bound   methods.Cache
}

var _ starlark.HasAttrs = (*Semaphore)(nil)

// MarkManaged makes s a Manager's Semaphore or BoundedSemaphore.
func (s *Semaphore) MarkManaged() { s.managed = true }

func newSemaphore(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeSemaphore(thread, b.Name(), args, kwargs, false)
}

func newBoundedSemaphore(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeSemaphore(thread, b.Name(), args, kwargs, true)
}

func makeSemaphore(thread *starlark.Thread, fn string, args starlark.Tuple, kwargs []starlark.Tuple, bounded bool) (starlark.Value, error) {
	var v starlark.Value = starlark.MakeInt(1)
	if err := unpack(fn, args, kwargs, "value?", &v); err != nil {
		return nil, err
	}
	// A C int (a bool is one), as CPython's SemLock takes it.
	value, err := intarg.CInt(v)
	if err != nil {
		return nil, err
	}
	if value < 0 {
		// CPython passes it to sem_open, which refuses it (threading's
		// Semaphore raises ValueError instead).
		e := pyerr.New(pyerr.OSError, "[Errno 22] Invalid argument")
		e.Attrs = starlark.StringDict{"errno": starlark.MakeInt(22), "strerror": starlark.String("Invalid argument")}
		return nil, e
	}
	n, be, err := objects.Of(thread, fn)
	if err != nil {
		return nil, err
	}
	max := 0
	if bounded {
		max = value
	}
	s, err := be.NewSemaphore(value, max)
	if err != nil {
		return nil, shmError(fn, err)
	}
	return &Semaphore{n: n, be: be, s: s, bounded: bounded}, nil
}

func decodeSemaphore(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	if len(data) < 1 {
		return nil, fmt.Errorf("bad semaphore handle")
	}
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	s, err := be.AttachSemaphore(data[1:])
	if err != nil {
		return nil, err
	}
	return &Semaphore{n: n, be: be, s: s, bounded: data[0]&1 != 0, managed: data[0]&2 != 0}, nil
}

// Portable implements codec.Portable.
func (s *Semaphore) Portable() bool { return s.be.Portable() }

// Handle implements codec.Shared. The first byte says whether the
// semaphore is bounded (bit 0: a BoundedSemaphore(0) has shm bound 0,
// which would mean unbounded) and whether it is a Manager's (bit 1).
func (s *Semaphore) Handle() (string, []byte, error) {
	kind, flag := kindSemaphore, byte(0)
	if s.bounded {
		kind, flag = kindBoundedSemaphore, 1
	}
	if s.managed {
		flag |= 2
	}
	return objects.Kind(s.be, kind), append([]byte{flag}, s.s.Handle()...), nil
}

func (s *Semaphore) Type() string {
	if s.bounded {
		return "BoundedSemaphore"
	}
	return "Semaphore"
}

func (s *Semaphore) String() string {
	if s.bounded {
		return fmt.Sprintf("<BoundedSemaphore(value=%d, maxvalue=%d)>", s.s.Value(), s.s.Max())
	}
	return fmt.Sprintf("<Semaphore(value=%d)>", s.s.Value())
}

func (s *Semaphore) Freeze()               {}
func (s *Semaphore) Truth() starlark.Bool  { return starlark.True }
func (s *Semaphore) Hash() (uint32, error) { return identityHash(unsafe.Pointer(s)), nil }

var semMethods = methods.Table[*Semaphore]{
	{Name: "acquire", Fn: (*Semaphore).acquire},
	{Name: "get_value", Fn: (*Semaphore).getValue},
	{Name: "release", Fn: (*Semaphore).release},
}

// Attr implements starlark.HasAttrs.
func (s *Semaphore) Attr(name string) (starlark.Value, error) {
	if b := semMethods.Bind(s, &s.bound, name); b != nil {
		return b, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (s *Semaphore) AttrNames() []string { return semMethods.Names() }

func (s *Semaphore) acquire(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout time.Duration
	var err error
	if s.managed {
		timeout, err = managedAcquireArgs("acquire", args, kwargs, true)
	} else {
		timeout, err = acquireArgs("acquire", args, kwargs)
	}
	if err != nil {
		return nil, err
	}
	wait := node.StartWait(thread, s.waitName())
	r, err := acquire(wait, s.s, timeout, s.s.Acquire)
	wait.Done()
	if err != nil {
		return nil, err
	}
	ReportAbandoned(thread, s.be, s.Type(), r.abandonedBy)
	return starlark.Bool(r.ok), nil
}

func (s *Semaphore) release(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("release", args, kwargs); err != nil {
		return nil, err
	}
	tooMany := "semaphore or lock released too many times"
	if s.managed {
		tooMany = "Semaphore released too many times" // threading's
	}
	if s.bounded && s.s.Max() == 0 {
		// BoundedSemaphore(0): nothing may ever be released.
		return nil, pyerr.New(pyerr.ValueError, "%s", tooMany)
	}
	if err := s.s.Release(); err != nil {
		if errors.Is(err, objects.ErrNotHeld) {
			return nil, pyerr.New(pyerr.ValueError, "%s", tooMany)
		}
		return nil, pyerr.New(pyerr.RuntimeError, "release: %v", err)
	}
	return starlark.None, nil
}

func (s *Semaphore) getValue(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("get_value", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(s.s.Value()), nil
}

// waitName names an acquire's wait in a trace (a constant: no allocation).
func (l *Lock) waitName() string {
	if l.recursive {
		return "RLock.acquire"
	}
	return "Lock.acquire"
}

func (s *Semaphore) waitName() string {
	if s.bounded {
		return "BoundedSemaphore.acquire"
	}
	return "Semaphore.acquire"
}

// handling is the context of wait's thread with its signal handlers, for
// the waits that run them in their middle (objects.WithHandlers); they
// see *wait as it is when they run.
func handling(wait *node.Wait) context.Context {
	ctx := procenv.Get(wait.Thread()).Ctx
	if h := pysignal.Handlers(wait); h != nil {
		ctx = objects.WithHandlers(ctx, h)
	}
	return ctx
}

// acquired is what an acquire gives.
type acquired struct {
	ok          bool
	abandonedBy int
}

// acquire runs the Acquire of obj (a Mutex or Semaphore) so that a
// signal's handler runs while it waits, as in Python (pysignal.Wait).
func acquire(wait node.Wait, obj any, timeout time.Duration, acq func(context.Context, time.Duration) (bool, int, error)) (acquired, error) {
	return pysignal.Wait(wait, procenv.Get(wait.Thread()).Ctx, objects.Interruptible(obj), timeout, func(ctx context.Context, timeout time.Duration) (acquired, error) {
		ok, ab, err := acq(ctx, timeout)
		return acquired{ok, ab}, err
	})
}
