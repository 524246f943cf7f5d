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

	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
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

// noArgs checks that a method got no arguments.
func noArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	return unpack(fn, args, kwargs)
}
