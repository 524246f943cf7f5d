package shm

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

var (
	// ErrNotHeld is returned when releasing a lock that is not locked
	// (Python: "semaphore or lock released too many times").
	ErrNotHeld = errors.New("semaphore or lock released too many times")
	// ErrNotOwner is returned when a process releases an RLock it does not
	// own (Python: AssertionError).
	ErrNotOwner = errors.New("attempt to release recursive lock not owned by thread")
)

// Mutex is a Lock, or with Recursive an RLock, shared by the process tree.
//
// The lock word is the owner's pid (see arena.OwnerMask): an uncontended Acquire
// and Release are one CAS each. When the owner dies abnormally, the reaper
// sets arena.DeadBit and keeps its pid, so the next acquirer takes the lock over
// and learns who abandoned it; an owner that ends normally keeps it (see
// Arena.EndNormally).
type Mutex struct {
	ref // kind: KindLock or KindRLock
	o   *mutexObj
}

type mutexObj struct {
	hdr   own.Header
	word  uint32
	count uint32 // RLock recursion depth, meaningful to the owner only
}

// NewMutex creates a Lock.
func NewMutex(a *Arena) (*Mutex, error) { return newMutex(a, KindLock) }

// NewRLock creates a reentrant lock.
func NewRLock(a *Arena) (*Mutex, error) { return newMutex(a, KindRLock) }

func newMutex(a *Arena, k Kind) (*Mutex, error) {
	off, p, err := a.NewObject(k, unsafe.Sizeof(mutexObj{}), nil)
	if err != nil {
		return nil, err
	}
	o := (*mutexObj)(p)
	return newMutexHandle(a, off, o.hdr.Gen(), o, k), nil
}

// AttachMutex rebuilds a Lock or RLock from its handle.
func AttachMutex(a *Arena, h []byte) (*Mutex, error) {
	d, p, err := a.AttachHandle(h, KindLock, KindRLock)
	if err != nil {
		return nil, err
	}
	return newMutexHandle(a, d.Off, d.Gen, (*mutexObj)(p), d.Kind), nil
}

// attachMutexAt is AttachMutex for a lock named by another object.
func attachMutexAt(a *Arena, h own.Handle) (*Mutex, error) {
	if h.Kind != KindLock && h.Kind != KindRLock {
		return nil, ErrBadHandle
	}
	p, err := a.AttachNested(h)
	if err != nil {
		return nil, err
	}
	return newMutexHandle(a, h.Off, h.Gen, (*mutexObj)(p), h.Kind), nil
}

func newMutexHandle(a *Arena, off Off, gen uint32, o *mutexObj, k Kind) *Mutex {
	m := &Mutex{ref: ref{a: a, off: off, gen: gen, kind: k}, o: o}
	own.Track(m, &m.h, m.rel())
	return m
}

// Unref drops this handle object's reference to the lock now rather than
// when it is garbage collected (the lock is destroyed once no reference is
// left anywhere). The Mutex must not be used afterwards.
func (m *Mutex) Unref() { m.h.Unref(m.rel()) }

// Kind is KindLock or KindRLock.
func (m *Mutex) Kind() Kind { return m.kind }

// Recursive reports whether this is an RLock.
func (m *Mutex) Recursive() bool { return m.kind == KindRLock }

// Acquire takes the lock, waiting up to timeout (negative: no limit, 0: do
// not wait). ok is false on timeout. abandonedBy is the pid of a process that
// died holding the lock, if this acquisition took it over from that process.
// err is the context's error if ctx ended the wait.
func (m *Mutex) Acquire(ctx context.Context, timeout time.Duration) (ok bool, abandonedBy int, err error) {
	w := &m.o.word
	own.MayHold()
	if atomic.CompareAndSwapUint32(w, 0, self) {
		if m.kind == KindRLock {
			m.o.count = 1
		}
		runtime.KeepAlive(m)
		return true, 0, nil
	}
	return m.acquireSlow(ctx, timeout)
}

func (m *Mutex) acquireSlow(ctx context.Context, timeout time.Duration) (bool, int, error) {
	defer runtime.KeepAlive(m)
	w := &m.o.word
	recursive := m.Recursive()
	if recursive && atomic.LoadUint32(w)&(arena.OwnerMask|arena.DeadBit) == self {
		m.o.count++
		return true, 0, nil
	}
	var wt *futex.Waiter
	defer func() {
		if wt != nil {
			wt.Close()
		}
	}()
	var flag uint32 // arena.WaitBit once we have slept (see arena.Lock)
	for spin := 0; ; spin++ {
		v := atomic.LoadUint32(w)
		switch {
		case v == 0:
			if atomic.CompareAndSwapUint32(w, 0, self|flag) {
				return m.took(0)
			}
			continue
		case v&arena.DeadBit != 0:
			if atomic.CompareAndSwapUint32(w, v, self|arena.WaitBit) {
				return m.took(int(v & arena.OwnerMask))
			}
			continue
		}
		if timeout == 0 {
			return false, 0, nil
		}
		if spin < 20 {
			continue
		}
		if v&arena.WaitBit == 0 && !atomic.CompareAndSwapUint32(w, v, v|arena.WaitBit) {
			continue
		}
		if wt == nil {
			wt = futex.NewWaiter(ctx, timeout)
		}
		err := wt.Wait(w, v|arena.WaitBit)
		flag = arena.WaitBit
		switch err {
		case nil:
		case futex.ErrTimeout:
			return false, 0, nil
		default:
			return false, 0, err
		}
	}
}

func (m *Mutex) took(abandonedBy int) (bool, int, error) {
	if m.Recursive() {
		m.o.count = 1
	}
	return true, abandonedBy, nil
}

// Release releases the lock. A Lock may be released by any process (as in
// Python); an RLock only by its owner, once per Acquire.
func (m *Mutex) Release() error {
	defer runtime.KeepAlive(m)
	w := &m.o.word
	if m.kind == KindRLock {
		v := atomic.LoadUint32(w)
		if v&(arena.OwnerMask|arena.DeadBit) != self {
			return ErrNotOwner
		}
		if m.o.count > 1 {
			m.o.count--
			return nil
		}
		m.o.count = 0
		if atomic.SwapUint32(w, 0)&arena.WaitBit != 0 {
			futex.Wake(w, 1)
		}
		return nil
	}
	for {
		v := atomic.LoadUint32(w)
		if v == 0 || v&arena.DeadBit != 0 {
			return ErrNotHeld
		}
		if atomic.CompareAndSwapUint32(w, v, 0) {
			if v&arena.WaitBit != 0 {
				futex.Wake(w, 1)
			}
			return nil
		}
	}
}

// Locked reports whether some live process holds the lock.
func (m *Mutex) Locked() bool {
	v := atomic.LoadUint32(&m.o.word)
	runtime.KeepAlive(m)
	return v != 0 && v&arena.DeadBit == 0
}

// Owned reports whether this process holds the lock.
func (m *Mutex) Owned() bool {
	v := atomic.LoadUint32(&m.o.word)
	runtime.KeepAlive(m)
	return v&(arena.OwnerMask|arena.DeadBit) == self
}

// Owner returns the pid of the holder, or 0 (also when the holder died or
// ended normally holding it).
func (m *Mutex) Owner() int {
	v := atomic.LoadUint32(&m.o.word)
	runtime.KeepAlive(m)
	if v&arena.DeadBit != 0 || v&arena.OwnerMask == keptOwner {
		return 0
	}
	return int(v & arena.OwnerMask)
}

// Count is an RLock's recursion depth as seen by its owner.
func (m *Mutex) Count() int {
	if !m.Owned() {
		return 0
	}
	n := int(m.o.count)
	runtime.KeepAlive(m)
	return n
}

// releaseAll fully releases a lock this process holds (for Condition.Wait)
// and returns the recursion depth to restore.
func (m *Mutex) releaseAll() uint32 {
	defer runtime.KeepAlive(m)
	n := uint32(1)
	if m.Recursive() {
		n = m.o.count
		m.o.count = 1
	}
	m.Release()
	return n
}

// reacquire takes the lock back after releaseAll.
func (m *Mutex) reacquire(ctx context.Context, n uint32) (int, error) {
	defer runtime.KeepAlive(m)
	ok, ab, err := m.Acquire(ctx, -1)
	if !ok {
		return ab, err
	}
	if m.Recursive() {
		m.o.count = n
	}
	return ab, nil
}

// keptOwner is the owner recorded in a lock word whose holder ended
// normally (see Arena.EndNormally): it is no pid (pids stay below 1<<22),
// so no process owns it, none takes it for its own after a pid reuse, and
// no reap releases it; a Lock can still be released by any process.
const keptOwner = arena.OwnerMask

// keepMutex is the Keep hook of locks: it hands the lock, if this process
// holds it, to keptOwner.
func keepMutex(_ *Arena, p unsafe.Pointer) {
	m := (*mutexObj)(p)
	for {
		v := atomic.LoadUint32(&m.word)
		if v&(arena.OwnerMask|arena.DeadBit) != self {
			return
		}
		if atomic.CompareAndSwapUint32(&m.word, v, keptOwner|v&arena.WaitBit) {
			return
		}
	}
}

// reapMutex is the Reap hook of locks: it releases the lock if dead holds
// it, keeping the pid for the next acquirer, and wakes every sleeper.
func reapMutex(_ *Arena, _ own.Handle, p unsafe.Pointer, dead uint32) {
	m := (*mutexObj)(p)
	m.reap(dead)
	futex.WakeAll(&m.word)
}

func (m *mutexObj) reap(dead uint32) {
	for {
		v := atomic.LoadUint32(&m.word)
		if v&arena.OwnerMask != dead || v&arena.DeadBit != 0 {
			return
		}
		if atomic.CompareAndSwapUint32(&m.word, v, v|arena.DeadBit) {
			m.count = 0
			futex.Wake(&m.word, 1)
			return
		}
	}
}

// Destroy frees the lock at once, whatever references are left. No process
// may use it afterwards; other processes' handles to it become invalid.
func (m *Mutex) Destroy() {
	m.destroy(1)
}
