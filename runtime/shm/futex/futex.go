// Package futex wraps the Linux futex system call for words in shared
// (MAP_SHARED) memory, and adds waits that honour a context and a deadline.
//
// The futex words used by procstar live in an arena mapped by several
// processes, so every operation here is the non-private (shared) variant: the
// kernel keys the wait queue on the underlying page, not on the address.
package futex

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	opWait = 0 // FUTEX_WAIT (shared: no FUTEX_PRIVATE_FLAG)
	opWake = 1 // FUTEX_WAKE
)

// ErrTimeout is returned by waits whose deadline passed.
var ErrTimeout = errors.New("futex: timed out")

// Wait blocks while *addr == val, for at most d (d < 0: no limit). It returns
// nil when woken, when *addr != val, or on a signal: callers re-check their
// condition in a loop. It returns ErrTimeout when d elapsed.
func Wait(addr *uint32, val uint32, d time.Duration) error {
	var tsp unsafe.Pointer
	var ts unix.Timespec
	if d >= 0 {
		ts = unix.NsecToTimespec(int64(d))
		tsp = unsafe.Pointer(&ts)
	}
	// Syscall6 (not RawSyscall6) tells the Go scheduler the thread blocks,
	// so other goroutines keep running.
	_, _, e := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), opWait, uintptr(val), uintptr(tsp), 0, 0)
	if e == unix.ETIMEDOUT {
		return ErrTimeout
	}
	return nil
}

// Wake wakes at most n waiters blocked on addr and returns how many it woke.
func Wake(addr *uint32, n int) int {
	if n > math.MaxInt32 {
		n = math.MaxInt32
	}
	// FUTEX_WAKE never blocks: the raw call skips the scheduler hand-off.
	r, _, e := unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), opWake, uintptr(n), 0, 0, 0)
	if e != 0 {
		return 0
	}
	return int(r)
}

// WakeAll wakes every waiter blocked on addr.
func WakeAll(addr *uint32) int { return Wake(addr, math.MaxInt32) }

// Waiter is one blocking operation's view of its context and deadline. A
// blocking operation creates one on its slow path (never on the uncontended
// path), calls Wait in its re-check loop, and calls Close when done.
//
// Cancellation must interrupt a FUTEX_WAIT already in the kernel, but a
// context cannot change a shared word another process also waits on. So when
// the context is done, a helper goroutine wakes the word the operation is
// waiting on, repeatedly with backoff until Close: a single wake could land
// between the operation's context check and its entry into the kernel and be
// lost. Extra wakes are harmless, as every waiter re-checks its condition.
type Waiter struct {
	ctx      context.Context
	deadline time.Time
	limited  bool
	cur      atomic.Pointer[uint32]
	done     atomic.Bool
	stop     func() bool
}

// NewWaiter starts an operation that may block until ctx is done or, when
// timeout >= 0, until timeout has elapsed.
func NewWaiter(ctx context.Context, timeout time.Duration) *Waiter {
	w := &Waiter{ctx: ctx}
	if timeout >= 0 {
		w.limited = true
		w.deadline = time.Now().Add(timeout)
	}
	if ctx.Done() != nil {
		w.stop = context.AfterFunc(ctx, w.cancelled)
	}
	return w
}

func (w *Waiter) cancelled() {
	d := 20 * time.Microsecond
	for !w.done.Load() {
		if a := w.cur.Load(); a != nil {
			WakeAll(a)
		}
		time.Sleep(d)
		if d < 10*time.Millisecond {
			d *= 2
		}
	}
}

// Wait blocks while *addr == val. It returns nil when the caller should
// re-check its condition, ErrTimeout once the deadline has passed, or the
// context's error once it is done.
func (w *Waiter) Wait(addr *uint32, val uint32) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	d := time.Duration(-1)
	if w.limited {
		d = time.Until(w.deadline)
		if d <= 0 {
			return ErrTimeout
		}
	}
	w.cur.Store(addr)
	err := Wait(addr, val, d)
	if cerr := w.ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

// Expired reports whether the deadline has passed.
func (w *Waiter) Expired() bool { return w.limited && !time.Now().Before(w.deadline) }

// Err returns the context's error, or ErrTimeout once the deadline passed.
func (w *Waiter) Err() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if w.Expired() {
		return ErrTimeout
	}
	return nil
}

// Close ends the operation and stops any cancellation wake-ups.
func (w *Waiter) Close() {
	w.done.Store(true)
	if w.stop != nil {
		w.stop()
	}
}
