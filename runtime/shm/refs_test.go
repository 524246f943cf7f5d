package shm

import (
	"context"
	"runtime"
	"testing"
	"time"
)

func init() {
	// Attaches a lock and an event, says so on ready, waits for go, then
	// takes and releases the lock (which must still be alive) and exits.
	children["uselater"] = func(c *child) int {
		m, err := AttachMutex(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		ready, _ := AttachEvent(c.a, c.handle(1))
		goev, _ := AttachEvent(c.a, c.handle(2))
		ready.Set()
		ctx := context.Background()
		if ok, _ := goev.Wait(ctx, 30*time.Second); !ok {
			return 3
		}
		if ok, _, _ := m.Acquire(ctx, time.Second); !ok {
			return 4
		}
		if m.Release() != nil {
			return 5
		}
		return 0
	}
	// Sleeps without attaching anything: killed before it does.
	children["slowstart"] = func(c *child) int {
		time.Sleep(30 * time.Second)
		return 0
	}
	// Takes one message from a queue, attaches the lock it names, uses
	// it, and exits.
	children["lockfromqueue"] = func(c *child) int {
		q, err := AttachQueue(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		ctx := context.Background()
		msg, err := q.Get(ctx, 30*time.Second)
		if err != nil {
			return 3
		}
		m, err := AttachMutex(c.a, msg)
		if err != nil {
			return 4
		}
		if ok, _, _ := m.Acquire(ctx, time.Second); !ok {
			return 5
		}
		m.Release()
		return 0
	}
}

// collect runs the garbage collector until the arena holds want objects
// (cleanups run after the collection, on a goroutine of their own).
func collect(t testing.TB, a *Arena, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		if a.Stats().Objects == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d objects left, want %d", a.Stats().Objects, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// Handle objects dropped without Destroy are released by their cleanups:
// creating and dropping objects in a loop keeps the arena flat.
func TestRefsCollected(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	base := a.Stats()
	used := func(s Stats) uint64 { return s.Top - s.FreeSpanLen }
	for round := 0; round < 5; round++ {
		for i := 0; i < 4000; i++ {
			q, err := NewQueue(a, 0)
			if err != nil {
				t.Fatal(err)
			}
			q.Put(ctx, []byte("item"), -1)
			m, _ := NewMutex(a)
			m.Acquire(ctx, -1)
			r, w, _ := NewPipe(a, true)
			w.Send(ctx, []byte("x"))
			r.Close()
			c, _ := NewCondition(a, nil)
			b, _ := NewBlock(a, 100, m)
			_, _ = c, b
		}
		collect(t, a, base.Objects)
		st := a.Stats()
		// Slabs of small blocks stay, as many as were needed at the peak
		// (a few MiB); each round's queues and pipes held 500 MiB.
		if used(st) > used(base)+8<<20 {
			t.Fatalf("round %d: %d bytes still allocated (%d before)", round, used(st), used(base))
		}
		if st.Inflight != 0 {
			t.Fatalf("%d inflight slots", st.Inflight)
		}
	}
}

// Even without explicit collections, the arena's own pressure on the
// garbage collector keeps a queue-creating loop's arena bounded.
func TestRefsGCPressure(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	var maxObjects int
	for i := 0; i < 20000; i++ {
		q, _ := NewQueue(a, 0)
		q.Put(ctx, []byte("item"), -1)
		if i%500 == 0 {
			if n := a.Stats().Objects; n > maxObjects {
				maxObjects = n
			}
		}
	}
	t.Logf("at most %d queues alive at once (20000 created)", maxObjects)
	if maxObjects > 5000 {
		t.Fatalf("%d queues alive at once: the collector was not prompted", maxObjects)
	}
}

// Unref releases at once; another handle object keeps the object alive.
func TestRefsUnref(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	base := a.Stats().Objects
	m, _ := NewMutex(a)
	h := m.Handle()
	m2, err := AttachMutex(a, h)
	if err != nil {
		t.Fatal(err)
	}
	if n := a.Refs(h); n != 2 {
		t.Fatalf("refs %d, want 2", n)
	}
	m.Unref()
	m.Unref() // idempotent
	if n := a.Refs(h); n != 1 {
		t.Fatalf("refs %d after Unref, want 1", n)
	}
	if ok, _, _ := m2.Acquire(ctx, 0); !ok {
		t.Fatal("lock unusable through the other handle")
	}
	m2.Release()
	m2.Unref()
	if a.Refs(h) != 0 || a.Stats().Objects != base {
		t.Fatal("not destroyed after the last Unref")
	}
	if _, err := AttachMutex(a, h); err != ErrBadHandle {
		t.Fatal("stale handle attached:", err)
	}
}

// A handle in a queue's message keeps its object alive until read, and its
// reader's attach takes the reference over.
func TestRefsInFlight(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	base := a.Stats().Objects
	q, _ := NewQueue(a, 0)
	m, _ := NewMutex(a)
	h := m.Handle()
	if err := q.Put(ctx, append([]byte("lock:"), h...), -1); err != nil {
		t.Fatal(err)
	}
	m.Unref()
	if n := a.Refs(h); n != 1 {
		t.Fatalf("refs %d with the handle in flight, want 1", n)
	}
	msg, _ := q.Get(ctx, 0)
	if n := a.Refs(h); n != 1 {
		t.Fatalf("refs %d with the handle received, want 1", n)
	}
	m2, err := AttachMutex(a, msg[5:])
	if err != nil {
		t.Fatal("handle from the queue:", err)
	}
	if n := a.Refs(h); n != 1 {
		t.Fatalf("refs %d after attaching, want 1 (the received one taken over)", n)
	}
	m2.Unref()
	if a.Refs(h) != 0 {
		t.Fatal("lock still alive")
	}

	// A message not put (full queue) counts nothing.
	q1, _ := NewQueue(a, 1)
	e, _ := NewEvent(a)
	he := e.Handle()
	q1.Put(ctx, he, 0)
	if err := q1.Put(ctx, he, 0); err != ErrFull {
		t.Fatal(err)
	}
	if n := a.Refs(he); n != 2 {
		t.Fatalf("refs %d, want 2 (handle, one message)", n)
	}

	// Destroying a queue drops its messages' references, and what they
	// held in turn: an inner queue named only by a message of an outer one.
	outer, _ := NewQueue(a, 0)
	inner, _ := NewQueue(a, 0)
	big := make([]byte, 20000) // a message of its own block
	copy(big[100:], he)
	inner.Put(ctx, big, -1)
	outer.Put(ctx, inner.Handle(), -1)
	inner.Unref()
	e.Unref()
	q1.Unref()
	if n := a.Refs(he); n != 1 {
		t.Fatalf("refs %d, want 1 (in the inner queue)", n)
	}
	outer.Unref()
	q.Unref()
	if st := a.Stats(); st.Objects != base || st.Inflight != 0 {
		t.Fatalf("%d objects (want %d), %d inflight after dropping everything", st.Objects, base, st.Inflight)
	}

	// Destroy drops the references of the messages too.
	q2, _ := NewQueue(a, 0)
	m3, _ := NewMutex(a)
	q2.Put(ctx, m3.Handle(), -1)
	m3.Unref()
	q2.Destroy()
	if a.Stats().Objects != base {
		t.Fatal("lock named by a destroyed queue's message still alive")
	}
}

// A Condition and a Block keep their lock alive; their handles in another
// process have the lock of their own.
func TestRefsNested(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	base := a.Stats().Objects
	m, _ := NewMutex(a)
	hm := m.Handle()
	c, _ := NewCondition(a, m)
	b, _ := NewBlock(a, 64, m)
	m.Unref()
	if n := a.Refs(hm); n != 2 {
		t.Fatalf("lock refs %d, want 2 (condition, block)", n)
	}
	b2, err := AttachBlock(a, b.Handle())
	if err != nil {
		t.Fatal(err)
	}
	b.Unref()
	c.Unref()
	if n := a.Refs(hm); n != 2 {
		t.Fatalf("lock refs %d, want 2 (block, the block handle's lock)", n)
	}
	lk := b2.Lock()
	b2.Unref()
	if n := a.Refs(hm); n != 1 {
		t.Fatalf("lock refs %d, want 1", n)
	}
	if ok, _, _ := lk.Acquire(ctx, 0); !ok {
		t.Fatal("lock unusable")
	}
	lk.Release()
	lk.Unref()
	if a.Stats().Objects != base {
		t.Fatalf("%d objects left", a.Stats().Objects-base)
	}
	// A Condition's default RLock.
	c2, _ := NewCondition(a, nil)
	c2.Mutex().Unref()
	c2.Unref()
	if a.Stats().Objects != base {
		t.Fatal("default lock of a condition left")
	}
}

// Cleanups that run after Close do nothing.
func TestRefsAfterClose(t *testing.T) {
	a, err := Create(1 << 28)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		NewQueue(a, 0)
		NewPipe(a, true)
	}
	a.Close()
	for i := 0; i < 3; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	a.ReapDead(deadPid(t))
	a.Sweep()
}

// An object used in another process outlives the creator's handle; it is
// destroyed once that process ends.
func TestMultiProcessRefs(t *testing.T) {
	tr := newTree(t, 0, true)
	a := tr.a
	base := a.Stats().Objects
	m, _ := NewMutex(a)
	ready, _ := NewEvent(a)
	goev, _ := NewEvent(a)
	hm := m.Handle()
	p := tr.spawn("uselater", hm, ready.Handle(), goev.Handle())
	if ok, _ := ready.Wait(testCtx(t), 30*time.Second); !ok {
		t.Fatal("child not ready")
	}
	m.Unref()
	runtime.GC()
	if n := a.Refs(hm); n != 1 {
		t.Fatalf("lock refs %d while the child holds it, want 1", n)
	}
	goev.Set()
	p.mustSucceed(t)
	deadline := time.Now().Add(10 * time.Second)
	for a.Refs(hm) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("lock alive after its last holder exited")
		}
		time.Sleep(5 * time.Millisecond)
	}
	ready.Unref()
	goev.Unref()
	// What was dropped without Unref goes with a cleanup, after a GC.
	collect(t, a, base)

	// A child killed before attaching what it was given: released.
	m2, _ := NewMutex(a)
	h2 := m2.Handle()
	r, w, _ := NewPipe(a, false)
	p = tr.spawn("slowstart", h2, w.Handle())
	m2.Unref()
	w.Close()
	if n := a.Refs(h2); n != 1 {
		t.Fatalf("refs %d while given to the child, want 1", n)
	}
	if ok, _ := r.Poll(testCtx(t), 0); ok {
		t.Fatal("EOF while the child holds the write end")
	}
	p.kill()
	p.Wait()
	if _, err := r.Recv(testCtx(t), 10*time.Second); err != ErrEOF {
		t.Fatal("no EOF after the child died before attaching:", err)
	}
	if n := a.Refs(h2); n != 0 {
		t.Fatalf("refs %d after the child died, want 0", n)
	}
	r.Unref()
	w.Unref()

	// A handle in a queue survives its creator's handle, until read by
	// another process.
	q, _ := NewQueue(a, 0)
	m3, _ := NewMutex(a)
	h3 := m3.Handle()
	q.Put(testCtx(t), h3, -1)
	m3.Unref()
	runtime.GC()
	if n := a.Refs(h3); n != 1 {
		t.Fatalf("refs %d in flight, want 1", n)
	}
	tr.spawn("lockfromqueue", q.Handle()).mustSucceed(t)
	if n := a.Refs(h3); n != 0 {
		t.Fatalf("refs %d after the reader exited, want 0", n)
	}
	q.Unref()
	collect(t, a, base)
}
