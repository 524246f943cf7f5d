package shm

import (
	"context"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/futex"
)

// Event is a flag processes can wait for. Its word is 1 when set; when
// clear, bit 31 says someone sleeps on it. Set swaps in 1 and wakes only if
// that bit was there, so Set, Clear and IsSet make no system call unless
// someone waits.
type Event struct {
	a   *Arena
	off Off
	gen uint32
	o   *eventObj
}

type eventObj struct {
	hdr  objHeader
	word uint32
}

// NewEvent creates a cleared event.
func NewEvent(a *Arena) (*Event, error) {
	off, p, err := a.newObject(KindEvent, unsafe.Sizeof(eventObj{}), nil)
	if err != nil {
		return nil, err
	}
	o := (*eventObj)(p)
	return &Event{a, off, o.hdr.gen, o}, nil
}

// AttachEvent rebuilds an event from its handle.
func AttachEvent(a *Arena, h []byte) (*Event, error) {
	d, p, err := a.attach(h, KindEvent)
	if err != nil {
		return nil, err
	}
	return &Event{a, d.off, d.gen, (*eventObj)(p)}, nil
}

// Handle identifies the event to other processes.
func (e *Event) Handle() []byte {
	return e.a.encodeHandle(handle{kind: KindEvent, gen: e.gen, off: e.off})
}

// Set sets the flag and wakes every waiter.
func (e *Event) Set() {
	if atomic.LoadUint32(&e.o.word) == 1 {
		return
	}
	if atomic.SwapUint32(&e.o.word, 1)&waitBit != 0 {
		futex.WakeAll(&e.o.word)
	}
}

// Clear resets the flag.
func (e *Event) Clear() { atomic.CompareAndSwapUint32(&e.o.word, 1, 0) }

// IsSet reports whether the flag is set.
func (e *Event) IsSet() bool { return atomic.LoadUint32(&e.o.word) == 1 }

// Wait waits up to timeout (negative: no limit) for the flag to be set and
// reports whether it is.
func (e *Event) Wait(ctx context.Context, timeout time.Duration) (bool, error) {
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
		if v == 0 && !atomic.CompareAndSwapUint32(w, 0, waitBit) {
			continue
		}
		switch err := wt.Wait(w, waitBit); err {
		case nil:
		case futex.ErrTimeout:
			return atomic.LoadUint32(w) == 1, nil
		default:
			return false, err
		}
	}
}

// Destroy frees the event. No process may use it afterwards.
func (e *Event) Destroy() { e.a.destroyObject(e.off, e.gen) }
