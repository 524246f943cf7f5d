package shm

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime/shm/arena"
)

func TestMutexBasics(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, err := NewMutex(a)
	if err != nil {
		t.Fatal(err)
	}
	if m.Locked() {
		t.Fatal("new lock is locked")
	}
	if err := m.Release(); err != ErrNotHeld {
		t.Fatalf("release of unlocked lock: %v", err)
	}
	ok, ab, err := m.Acquire(ctx, -1)
	if !ok || ab != 0 || err != nil {
		t.Fatal(ok, ab, err)
	}
	if !m.Locked() || !m.Owned() || m.Owner() != Self() {
		t.Fatal("lock state after acquire")
	}
	// Not reentrant: a second acquire times out.
	start := time.Now()
	if ok, _, _ := m.Acquire(ctx, 50*time.Millisecond); ok {
		t.Fatal("Lock acquired twice")
	}
	if d := time.Since(start); d < 45*time.Millisecond || d > 2*time.Second {
		t.Fatalf("timeout took %v", d)
	}
	if ok, _, _ := m.Acquire(ctx, 0); ok {
		t.Fatal("non-blocking acquire of a held lock")
	}
	if err := m.Release(); err != nil {
		t.Fatal(err)
	}
	if err := m.Release(); err != ErrNotHeld {
		t.Fatal("double release:", err)
	}
}

func TestMutexContention(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, _ := NewMutex(a)
	// The counter lives in the arena: the race detector does not see
	// synchronisation through shared memory, and need not.
	blk, _ := NewBlock(a, 8, nil)
	counter := blk.Bytes()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5000; i++ {
				if ok, _, err := m.Acquire(ctx, -1); !ok || err != nil {
					t.Error(ok, err)
					return
				}
				put := u64(counter) + 1
				copy(counter, put64(put))
				m.Release()
			}
		}()
	}
	wg.Wait()
	if n := u64(counter); n != 40000 {
		t.Fatalf("counter %d", n)
	}
}

func TestRLock(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, _ := NewRLock(a)
	if err := m.Release(); err != ErrNotOwner {
		t.Fatalf("release of free RLock: %v", err)
	}
	for i := 0; i < 3; i++ {
		if ok, _, _ := m.Acquire(ctx, 0); !ok {
			t.Fatal("reentrant acquire failed")
		}
	}
	if m.Count() != 3 {
		t.Fatalf("count %d", m.Count())
	}
	// Another owner (faked) cannot release it.
	m.Release()
	m.Release()
	m.Release()
	if m.Locked() {
		t.Fatal("still locked after three releases")
	}
	m.o.word = 12345 // owned by another process
	if err := m.Release(); err != ErrNotOwner {
		t.Fatalf("release by non-owner: %v", err)
	}
	m.o.word = 0
}

func TestMutexCancel(t *testing.T) {
	a := newArena(t)
	m, _ := NewMutex(a)
	m.Acquire(context.Background(), -1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, _, err := m.Acquire(ctx, -1)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Fatalf("cancellation took %v", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancel did not interrupt the wait")
	}
}

func TestMutexAbandoned(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	for _, rec := range []bool{false, true} {
		m, _ := NewMutex(a)
		if rec {
			m, _ = NewRLock(a)
		}
		dead := deadPid(t)
		m.o.word = uint32(dead) // held by a process that has died
		got := make(chan int)
		go func() {
			ok, ab, err := m.Acquire(ctx, 5*time.Second)
			if !ok || err != nil {
				t.Error(ok, err)
			}
			got <- ab
		}()
		time.Sleep(20 * time.Millisecond)
		a.ReapDead(dead)
		if ab := <-got; ab != dead {
			t.Fatalf("abandonedBy %d, want %d", ab, dead)
		}
		if rec && m.Count() != 1 {
			t.Fatalf("RLock count %d after takeover", m.Count())
		}
		m.Release()
		// Only the first acquirer learns it; reaping again is a no-op.
		a.ReapDead(dead)
		if ok, ab, _ := m.Acquire(ctx, 0); !ok || ab != 0 {
			t.Fatal("second acquire:", ok, ab)
		}
		m.Release()
	}
}

func TestSemaphore(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	s, err := NewSemaphore(a, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if ok, _, _ := s.Acquire(ctx, 0); !ok {
			t.Fatal("acquire failed")
		}
	}
	if ok, _, _ := s.Acquire(ctx, 30*time.Millisecond); ok {
		t.Fatal("acquired an empty semaphore")
	}
	if s.Value() != 0 {
		t.Fatal(s.Value())
	}
	got := make(chan bool)
	go func() {
		ok, _, _ := s.Acquire(ctx, 5*time.Second)
		got <- ok
	}()
	time.Sleep(10 * time.Millisecond)
	s.Release()
	if !<-got {
		t.Fatal("waiter not woken by release")
	}
	// Unbounded: release beyond the initial value is fine.
	for i := 0; i < 5; i++ {
		if err := s.Release(); err != nil {
			t.Fatal(err)
		}
	}
	if s.Value() != 5 {
		t.Fatal(s.Value())
	}

	b, _ := NewSemaphore(a, 1, 1)
	if err := b.Release(); err != ErrNotHeld {
		t.Fatalf("over-release of bounded semaphore: %v", err)
	}
	b.Acquire(ctx, 0)
	if err := b.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := NewSemaphore(a, 2, 1); err == nil {
		t.Fatal("value above max accepted")
	}
}

func TestSemaphoreAbandoned(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	s, _ := NewSemaphore(a, 3, 3)
	dead := deadPid(t)
	// The dead process took two units (faked through the holder table).
	o := s.o
	arena.Lock(&o.lock)
	j := s.j()
	e, done, _ := a.PtGet(j, &o.tab, uint32(dead))
	j.Set32(&e.A, 2)
	j.Set32(&o.value, 1)
	j.Commit()
	arena.Unlock(&o.lock)
	done()
	s.Acquire(ctx, 0) // ours: must not be returned by the reap
	if s.Value() != 0 {
		t.Fatal(s.Value())
	}
	a.ReapDead(dead)
	if s.Value() != 2 {
		t.Fatalf("value %d after reaping 2 units", s.Value())
	}
	if ok, ab, _ := s.Acquire(ctx, 0); !ok || ab != dead {
		t.Fatalf("acquire after reap: %v, abandonedBy %d", ok, ab)
	}
	// A bounded semaphore records its holders; a plain one is a counter
	// with no owner and records none.
	s2, _ := NewSemaphore(a, 0, 1)
	s2.Release()
	s2.Acquire(ctx, 0)
	if e := a.PtFind(s2.o.tab, self); e == nil || e.A != 1 {
		t.Fatal("holding not recorded")
	}
	s3, _ := NewSemaphore(a, 1, 0)
	s3.Acquire(ctx, 0)
	if e := a.PtFind(s3.o.tab, self); e != nil && e.A != 0 {
		t.Fatal("a plain semaphore recorded a holder")
	}
}

// TestEndNormally: a process ending normally keeps its locks (held by no
// process, still releasable as a Lock) and its units of bounded semaphores,
// so the reap after its death gives nothing back.
func TestEndNormally(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, _ := NewMutex(a)
	r, _ := NewRLock(a)
	bs, _ := NewSemaphore(a, 1, 1)
	m.Acquire(ctx, -1)
	r.Acquire(ctx, -1)
	bs.Acquire(ctx, 0)
	a.EndNormally()
	if m.Owned() || !m.Locked() || m.Owner() != 0 || r.Owned() || !r.Locked() {
		t.Fatalf("after EndNormally: Lock owned %v locked %v owner %d; RLock owned %v locked %v",
			m.Owned(), m.Locked(), m.Owner(), r.Owned(), r.Locked())
	}
	if e := a.PtFind(bs.o.tab, self); e != nil && e.A != 0 {
		t.Fatal("the units stayed recorded as ours")
	}
	if ok, _, _ := m.Acquire(ctx, 0); ok {
		t.Fatal("a kept Lock was acquired")
	}
	if err := r.Release(); err != ErrNotOwner {
		t.Fatalf("RLock release by a non-owner: %v", err)
	}
	if err := m.Release(); err != nil {
		t.Fatalf("Lock release by another process: %v", err)
	}
	if ok, ab, _ := m.Acquire(ctx, 0); !ok || ab != 0 {
		t.Fatalf("acquire after release: %v %d", ok, ab)
	}
}

func TestSemaphoreRollback(t *testing.T) {
	a := newArena(t)
	s, _ := NewSemaphore(a, 5, 0)
	dead := uint32(deadPid(t))
	o := s.o
	o.lock = dead // died inside Acquire, after two of its stores
	j := s.j()
	j.Set32(&o.value, 4)
	e, _, _ := a.PtGet(j, &o.tab, dead)
	j.Set32(&e.A, 1)
	a.ReapDead(int(dead))
	if s.Value() != 5 || a.PtFind(o.tab, dead) != nil || o.lock != 0 {
		t.Fatalf("value %d after rolling back a half acquire", s.Value())
	}
}

func TestEvent(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	e, _ := NewEvent(a)
	if e.IsSet() {
		t.Fatal("new event set")
	}
	if ok, _ := e.Wait(ctx, 20*time.Millisecond); ok {
		t.Fatal("wait on clear event returned true")
	}
	var woke atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := e.Wait(ctx, -1); ok && err == nil {
				woke.Add(1)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	e.Set()
	wg.Wait()
	if woke.Load() != 4 {
		t.Fatal("not every waiter woke")
	}
	if ok, _ := e.Wait(ctx, 0); !ok {
		t.Fatal("set event: wait false")
	}
	e.Clear()
	if e.IsSet() {
		t.Fatal("clear failed")
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if ok, err := e.Wait(cctx, -1); ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(ok, err)
	}
}

func TestCondition(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, _ := NewMutex(a) // goroutines of one process: a plain Lock
	c, err := NewCondition(a, m)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Wait(ctx, 0); err != ErrNotAcquired {
		t.Fatal("wait without the lock:", err)
	}
	if err := c.Notify(1); err == nil {
		t.Fatal("notify without the lock")
	}
	const n = 5
	var woken atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Acquire(ctx, -1)
			ok, _, err := c.Wait(ctx, 3*time.Second)
			if err != nil {
				t.Error(err)
			}
			if !m.Owned() {
				t.Error("lock not re-acquired after wait")
			}
			if ok {
				woken.Add(1)
			}
			m.Release()
		}()
	}
	for c.Waiting() < n {
		time.Sleep(time.Millisecond)
	}
	// notify(2) wakes exactly two.
	m.Acquire(ctx, -1)
	c.Notify(2)
	m.Release()
	time.Sleep(100 * time.Millisecond)
	if w := woken.Load(); w != 2 {
		t.Fatalf("notify(2) woke %d", w)
	}
	m.Acquire(ctx, -1)
	c.NotifyAll()
	m.Release()
	wg.Wait()
	if woken.Load() != n {
		t.Fatalf("notify_all: %d woken", woken.Load())
	}
	// A notification with nobody waiting is not saved for later.
	m.Acquire(ctx, -1)
	c.Notify(1)
	if ok, _, _ := c.Wait(ctx, 30*time.Millisecond); ok {
		t.Fatal("wait consumed an earlier notification")
	}
	m.Release()
}

func TestConditionRLockDepth(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	c, _ := NewCondition(a, nil)
	m := c.Mutex()
	m.Acquire(ctx, -1)
	m.Acquire(ctx, -1)
	if ok, _, err := c.Wait(ctx, 10*time.Millisecond); ok || err != nil {
		t.Fatal(ok, err)
	}
	if m.Count() != 2 {
		t.Fatalf("depth %d after wait", m.Count())
	}
	m.Release()
	m.Release()
	c2, err := AttachCondition(a, c.Handle())
	if err != nil || c2.Mutex().off != m.off {
		t.Fatal("attach condition", err)
	}
}

func TestBarrier(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	b, _ := NewBarrier(a, 3)
	if b.Parties() != 3 {
		t.Fatal(b.Parties())
	}
	for round := 0; round < 3; round++ {
		var mu sync.Mutex
		idx := map[int]bool{}
		var actions atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k, err := b.Wait(ctx, 5*time.Second, func() error { actions.Add(1); return nil })
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				idx[k] = true
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(idx) != 3 || !idx[0] || !idx[1] || !idx[2] || actions.Load() != 1 {
			t.Fatalf("round %d: indexes %v, actions %d", round, idx, actions.Load())
		}
	}
	// A timeout breaks it for everyone.
	errs := make(chan error, 2)
	go func() { _, err := b.Wait(ctx, -1, nil); errs <- err }()
	for b.NWaiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	if _, err := b.Wait(ctx, 20*time.Millisecond, nil); err != ErrBroken {
		t.Fatal("timed-out wait:", err)
	}
	if err := <-errs; err != ErrBroken {
		t.Fatal("other waiter:", err)
	}
	if !b.Broken() {
		t.Fatal("not broken")
	}
	if _, err := b.Wait(ctx, 0, nil); err != ErrBroken {
		t.Fatal(err)
	}
	b.Reset()
	if b.Broken() {
		t.Fatal("still broken after reset")
	}
	// Abort wakes waiters.
	go func() { _, err := b.Wait(ctx, -1, nil); errs <- err }()
	for b.NWaiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	b.Abort()
	if err := <-errs; err != ErrBroken {
		t.Fatal(err)
	}
	// A failing action breaks the barrier and is returned to its caller.
	b2, _ := NewBarrier(a, 2)
	boom := errors.New("boom")
	go func() { _, err := b2.Wait(ctx, -1, nil); errs <- err }()
	for b2.NWaiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	go func() { _, err := b2.Wait(ctx, -1, func() error { return boom }); errs <- err }()
	e1, e2 := <-errs, <-errs
	if !(e1 == boom && e2 == ErrBroken || e1 == ErrBroken && e2 == boom) {
		t.Fatal(e1, e2)
	}
}

func TestBarrierDeadParty(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	b, _ := NewBarrier(a, 3)
	dead := deadPid(t)
	// The dead process is inside Wait.
	o := b.o
	arena.Lock(&o.lock)
	j := b.j()
	j.Set32(&o.count, 1)
	e, done, _ := a.PtGet(j, &o.tab, uint32(dead))
	j.Set32(&e.A, 1)
	j.Commit()
	arena.Unlock(&o.lock)
	done()
	errs := make(chan error)
	go func() { _, err := b.Wait(ctx, -1, nil); errs <- err }()
	time.Sleep(20 * time.Millisecond)
	a.ReapDead(dead)
	select {
	case err := <-errs:
		if err != ErrBroken {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waiter not released when a party died")
	}
}

func TestBlock(t *testing.T) {
	a := newArena(t)
	m, _ := NewRLock(a)
	b, err := NewBlock(a, 64, m)
	if err != nil {
		t.Fatal(err)
	}
	if b.Lock() != m || b.Len() != 64 {
		t.Fatal("block fields")
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				b.AddInt(0, 8, 1)
				if i < 25 {
					b.AddInt(9, 1, 1) // shares a word with its neighbours
				}
				b.AddUint(12, 2, 1)
				b.AddFloat64(16, 0.5)
				b.AddFloat32(24, 1)
				b.AddInt(28, 4, -1)
			}
		}()
	}
	wg.Wait()
	if v := b.LoadUint(0, 8); v != 4000 {
		t.Fatal("int64", v)
	}
	if v := b.LoadUint(12, 2); v != 4000 {
		t.Fatal("uint16", v)
	}
	if v := b.LoadUint(9, 1); v != 100 {
		t.Fatal("int8", v)
	}
	if b.LoadUint(8, 1) != 0 || b.LoadUint(10, 1) != 0 {
		t.Fatal("neighbour bytes clobbered")
	}
	if v, _ := b.AddFloat64(16, 0), 0; v != 2000 {
		t.Fatal("float64", v)
	}
	if v := b.AddFloat32(24, 0); v != 4000 {
		t.Fatal("float32", v)
	}
	if v, _ := b.AddInt(28, 4, 0); v != -4000 {
		t.Fatal("int32", v)
	}
	// Range errors leave the value alone.
	b.StoreUint(32, 1, 127)
	if _, err := b.AddInt(32, 1, 1); err != ErrRange {
		t.Fatal("int8 overflow:", err)
	}
	if v, err := b.AddInt(32, 1, -256); err != ErrRange || b.LoadUint(32, 1) != 127 {
		t.Fatal("int8 underflow:", v, err)
	}
	if v, err := b.AddInt(32, 1, -255+127); err != nil || v != -1 {
		t.Fatal(v, err)
	}
	if _, err := b.AddUint(40, 4, -1); err != ErrRange {
		t.Fatal("uint32 below zero:", err)
	}
	b.StoreUint(40, 8, 1<<63)
	if _, err := b.AddInt(40, 8, -1); err != ErrRange {
		t.Fatal("int64 underflow:", err)
	}
	b2, err := AttachBlock(a, b.Handle())
	if err != nil || b2.Lock() == nil || &b2.Bytes()[0] != &b.Bytes()[0] {
		t.Fatal("attach block", err)
	}
	big, err := NewBlock(a, 1<<20, nil)
	if err != nil || big.Lock() != nil || big.Bytes()[1<<20-1] != 0 {
		t.Fatal("big block", err)
	}
}
