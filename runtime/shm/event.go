package shm

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Event is a flag processes can wait for. Its word is 1 when set; when
// clear, bit 31 says someone sleeps on it. Set swaps in 1 and wakes only if
// that bit was there, so Set, Clear and IsSet make no system call unless
// someone waits.
type Event struct {
	ref
	o *eventObj
}

type eventObj struct {
	hdr  own.Header
	word uint32
}

// NewEvent creates a cleared event.
func NewEvent(a *Arena) (*Event, error) {
	off, p, err := a.NewObject(KindEvent, unsafe.Sizeof(eventObj{}), nil)
	if err != nil {
		return nil, err
	}
	o := (*eventObj)(p)
	return newEventHandle(a, off, o.hdr.Gen(), o), nil
}

// AttachEvent rebuilds an event from its handle.
func AttachEvent(a *Arena, h []byte) (*Event, error) {
	d, p, err := a.AttachHandle(h, KindEvent)
	if err != nil {
		return nil, err
	}
	return newEventHandle(a, d.Off, d.Gen, (*eventObj)(p)), nil
}

func newEventHandle(a *Arena, off Off, gen uint32, o *eventObj) *Event {
	e := &Event{ref: ref{a: a, off: off, gen: gen, kind: KindEvent}, o: o}
	own.Track(e, &e.h, e.rel())
	return e
}

// Unref drops this handle object's reference to the event now rather than
// when it is garbage collected (the event is destroyed once no reference is
// left anywhere). The Event must not be used afterwards.
func (e *Event) Unref() { e.h.Unref(e.rel()) }

// Set sets the flag and wakes every waiter.
func (e *Event) Set() {
	defer runtime.KeepAlive(e)
	if atomic.LoadUint32(&e.o.word) == 1 {
		return
	}
	if atomic.SwapUint32(&e.o.word, 1)&arena.WaitBit != 0 {
		futex.WakeAll(&e.o.word)
	}
}

// Clear resets the flag.
func (e *Event) Clear() {
	atomic.CompareAndSwapUint32(&e.o.word, 1, 0)
	runtime.KeepAlive(e)
}

// IsSet reports whether the flag is set.
func (e *Event) IsSet() bool {
	v := atomic.LoadUint32(&e.o.word)
	runtime.KeepAlive(e)
	return v == 1
}

// Wait waits up to timeout (negative: no limit) for the flag to be set and
// reports whether it is.
func (e *Event) Wait(ctx context.Context, timeout time.Duration) (bool, error) {
	defer runtime.KeepAlive(e)
	w := &e.o.word
	if atomic.LoadUint32(w) == 1 {
		return true, nil
	}
	if timeout == 0 {
		return false, nil
	}
	wt := futex.NewWaiter(ctx, timeout)
	defer wt.Close()
	for {
		v := atomic.LoadUint32(w)
		if v == 1 {
			return true, nil
		}
		if v == 0 && !atomic.CompareAndSwapUint32(w, 0, arena.WaitBit) {
			continue
		}
		switch err := wt.Wait(w, arena.WaitBit); err {
		case nil:
		case futex.ErrTimeout:
			return atomic.LoadUint32(w) == 1, nil
		default:
			return false, err
		}
	}
}

// Destroy frees the event at once, whatever references are left. No process
// may use it afterwards.
func (e *Event) Destroy() {
	e.destroy(1)
}

// reapEvent is the Reap hook of events: a sleeper may have missed a Set
// whose setter died before waking it.
func reapEvent(_ *Arena, _ own.Handle, p unsafe.Pointer, _ uint32) {
	futex.WakeAll(&(*eventObj)(p).word)
}
