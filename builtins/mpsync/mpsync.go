// Package mpsync provides multiprocessing's synchronization primitives (Lock,
// RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier) over the
// tree's shared memory (runtime/shm).
//
// Every object is a handle to an shm object: it crosses to other processes
// as that handle (codec.Shared, decoded by the decoders of Registrations),
// so all copies of it, in any process, are the same lock. Uncontended
// operations are a few atomic instructions; waiting is a futex wait that the
// thread's context (Ctrl-C, a host's cancellation) interrupts.
//
// A process that ends normally keeps what it holds, as in Python, and a
// plain Semaphore never gets units back. A Lock, RLock or BoundedSemaphore
// held by a process that ends abnormally (killed, or failing with an
// uncaught error) is released by the reaper (see shm); the process that
// acquires it next prints one line on its stderr naming the process that
// abandoned it. (CPython would leave it locked.)
//
// Handles received twice in one process give two Starlark objects (equal
// only to themselves) for the same shared lock.
package mpsync

import (
	"fmt"
	"io"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"Lock":             starlark.NewBuiltin("Lock", newLock),
		"RLock":            starlark.NewBuiltin("RLock", newRLock),
		"Semaphore":        starlark.NewBuiltin("Semaphore", newSemaphore),
		"BoundedSemaphore": starlark.NewBuiltin("BoundedSemaphore", newBoundedSemaphore),
		"Event":            starlark.NewBuiltin("Event", newEvent),
		"Condition":        starlark.NewBuiltin("Condition", newCondition),
		"Barrier":          starlark.NewBuiltin("Barrier", newBarrier),
	}
}

// Handle kinds (codec.Shared).
const (
	kindLock             = "mpsync.Lock" // Lock and RLock: the shm handle says which
	kindManagedLock      = "mpsync.ManagedLock"
	kindManagedCondition = "mpsync.ManagedCondition"
	kindSemaphore        = "mpsync.Semaphore"
	kindBoundedSemaphore = "mpsync.BoundedSemaphore"
	kindEvent            = "mpsync.Event"
	kindCondition        = "mpsync.Condition"
	kindBarrier          = "mpsync.Barrier"
)

// Registrations are the decoders of the package's handles (registered by
// the runtime).
var Registrations = []node.Registration{
	{Kind: kindLock, Tagged: decodeLock},
	{Kind: kindSemaphore, Tagged: decodeSemaphore},
	{Kind: kindBoundedSemaphore, Tagged: decodeSemaphore},
	{Kind: kindEvent, Tagged: decodeEvent},
	{Kind: kindCondition, Tagged: decodeCondition},
	{Kind: kindManagedLock, Tagged: decodeManagedLock},
	{Kind: kindManagedCondition, Tagged: decodeManagedCondition},
	{Kind: kindBarrier, Tagged: decodeBarrier},
}

// ReportAbandoned writes the one stderr line that says a lock or semaphore
// was taken over from a process that died holding it (pid 0: nothing).
// what is the object's type ("Lock", "Semaphore", ...).
func ReportAbandoned(thread *starlark.Thread, be objects.Backend, what string, pid int) {
	if pid == 0 {
		return
	}
	who := fmt.Sprintf("a process (pid %d)", pid)
	if be != nil {
		if name := be.ProcessName(pid); name != "" {
			who = fmt.Sprintf("%s (pid %d)", name, pid)
		}
	}
	line := fmt.Sprintf("procstar: %s abandoned by %s, which died holding it; released\n", what, who)
	io.WriteString(procenv.Get(thread).Stderr, line)
}

// shmError converts an error of an shm constructor.
func shmError(fn string, err error) error {
	return pyerr.New(pyerr.OSError, "%s: %v", fn, err)
}

// identityHash hashes a pointer, as Python's default object hash.
func identityHash(p unsafe.Pointer) uint32 {
	u := uint64(uintptr(p)) >> 3
	return uint32(u ^ u>>32)
}

// unpack is starlark.UnpackArgs with its errors typed as TypeError.
func unpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New(pyerr.TypeError, "%v", err)
	}
	return nil
}

// acquireArgs parses acquire(block=True, timeout=None) into an shm timeout.
func acquireArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (time.Duration, error) {
	var block starlark.Value = starlark.True
	var tv starlark.Value = starlark.None
	if err := unpack(fn, args, kwargs, "block?", &block, "timeout?", &tv); err != nil {
		return 0, err
	}
	if !block.Truth() {
		return 0, nil
	}
	return timeoutarg.Duration(fn, tv)
}

// A Manager's Lock, RLock, Semaphore, BoundedSemaphore and Condition
// (MarkManaged) are the same shared objects, but CPython's are proxies to
// threading's objects in the manager's process: their methods take
// threading's arguments (acquire(blocking=True, timeout=None)) and fail
// with threading's errors (RuntimeError: release unlocked lock, ...),
// which the proxy re-raises as they are. The flag travels in the handle.

// managedAcquireArgs parses a managed object's acquire(blocking=True,
// timeout=None) as threading's Lock and RLock (semaphore false) or
// Semaphore (true) take it, into an shm timeout.
func managedAcquireArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, semaphore bool) (time.Duration, error) {
	var block starlark.Value = starlark.True
	var tv starlark.Value = starlark.None
	if err := unpack(fn, args, kwargs, "blocking?", &block, "timeout?", &tv); err != nil {
		return 0, err
	}
	if semaphore {
		if !block.Truth() {
			if tv != starlark.None {
				return 0, pyerr.New(pyerr.ValueError, "can't specify timeout for non-blocking acquire")
			}
			return 0, nil
		}
		return timeoutarg.Duration(fn, tv) // a timeout not above 0 does not wait
	}
	if tv == starlark.None {
		tv = starlark.MakeInt(-1) // the proxy passes no timeout: threading's -1
	}
	f, ok := starlark.AsFloat(intarg.BoolAsInt(tv))
	if !ok {
		return 0, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(tv))
	}
	switch {
	case !bool(block.Truth()) && f != -1:
		return 0, pyerr.New(pyerr.ValueError, "can't specify a timeout for a non-blocking call")
	case !bool(block.Truth()):
		return 0, nil
	case f == -1:
		return -1, nil
	case f < 0:
		return 0, pyerr.New(pyerr.ValueError, "timeout value must be positive")
	}
	return timeoutarg.Duration(fn, tv)
}

// decodeManagedLock and decodeManagedCondition decode a managed object's
// handle (functions, not closures: no init code).
func decodeManagedLock(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	return managed(decodeLock(n, tag, data))
}

func decodeManagedCondition(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	return managed(decodeCondition(n, tag, data))
}

func managed(v starlark.Value, err error) (starlark.Value, error) {
	if m, ok := v.(interface{ MarkManaged() }); ok && err == nil {
		m.MarkManaged()
	}
	return v, err
}

// noArgs checks that a method got no arguments.
func noArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	return unpack(fn, args, kwargs)
}
