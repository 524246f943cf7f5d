package own

import (
	"runtime"
	"sync/atomic"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// Holder is the part of a handle object (the *Queue, *Mutex, ... that an
// object layer's New* or Attach* function returns) that owns its
// reference.
type Holder struct {
	cl   runtime.Cleanup
	done atomic.Bool
}

// Release is what dropping a handle object's reference takes. It must not
// refer to the handle object itself, or the object would never become
// unreachable.
type Release struct {
	A      *Arena
	Off    Off
	Gen    uint32
	Kind   Kind
	Weight int32  // the weight the handle object counts in gcPressure (0: 1)
	Close  func() // run first, if not nil (a pipe end's copy still open)
}

// Track makes p, a new handle object holding a reference, drop it (r) when
// it becomes unreachable.
func Track[T any](p *T, h *Holder, r Release) {
	if r.Weight == 0 {
		r.Weight = 1
	}
	h.cl = runtime.AddCleanup(p, runCleanup, r)
	gcPressure(int64(r.Weight))
}

func runCleanup(r Release) { r.A.releaseHandle(r) }

// Unref drops the reference at once, instead of at garbage collection.
func (h *Holder) Unref(r Release) {
	if h.done.Swap(true) {
		return
	}
	h.cl.Stop()
	r.A.releaseHandle(r)
}

// Forget stops the cleanup of a handle object whose object is destroyed
// outright (Destroy).
func (h *Holder) Forget(weight int32) {
	if h.done.Swap(true) {
		return
	}
	h.cl.Stop()
	gcp.live.Add(-int64(weight))
}

func (a *Arena) releaseHandle(r Release) {
	gcp.live.Add(-int64(r.Weight))
	if !a.Enter() {
		return
	}
	defer a.Leave()
	if r.Close != nil {
		r.Close()
	}
	a.refOp(refRelease, Handle{Kind: r.Kind, Off: r.Off, Gen: r.Gen}, arena.Self())
}

// Memory the arena holds is invisible to Go's garbage collector, which may
// then run too rarely to release handles: a loop creating queues would fill
// the arena between two collections. So handle creations count a weight
// (Queue and Pipe, which hold a 64 KiB segment once used, more), and once
// the weight created since the last collection reaches gcMinDebt and half
// the weight alive, a collection is started in the background; past four
// times that, the creator waits for one.
const gcMinDebt = 4096

var gcp struct {
	debt    atomic.Int64 // weight of handles created since the last collection
	live    atomic.Int64 // weight of handles not yet released
	running atomic.Bool
}

func gcPressure(w int64) {
	d := gcp.debt.Add(w)
	l := gcp.live.Add(w)
	if d < gcMinDebt || 2*d < l {
		return
	}
	if d >= 4*gcMinDebt {
		// The collections started do not keep up with a loop creating
		// handles: make it wait for one.
		runtime.GC()
		return
	}
	if gcp.running.CompareAndSwap(false, true) {
		go func() {
			runtime.GC()
			gcp.running.Store(false)
		}()
	}
}

// A sentinel object, re-armed by its own cleanup, tells when a collection
// happened.
type gcSentinel struct {
	_ *int
	_ [16]byte
}

func armGCSentinel() {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		gcp.debt.Store(0)
		armGCSentinel()
	}, struct{}{})
}

func init() { armGCSentinel() }
