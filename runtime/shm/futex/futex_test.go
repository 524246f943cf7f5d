package futex

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestWaitWake(t *testing.T) {
	var w uint32
	// Value differs: returns at once.
	if err := Wait(&w, 1, time.Second); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := Wait(&w, 0, 20*time.Millisecond); err != ErrTimeout {
		t.Fatal(err)
	}
	if time.Since(start) < 15*time.Millisecond {
		t.Fatal("timeout too early")
	}
	done := make(chan struct{})
	go func() {
		for atomic.LoadUint32(&w) == 0 {
			Wait(&w, 0, -1)
		}
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	atomic.StoreUint32(&w, 1)
	Wake(&w, 1)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("not woken")
	}
	if n := WakeAll(&w); n != 0 {
		t.Fatalf("woke %d with nobody waiting", n)
	}
}

func TestWaiterCancel(t *testing.T) {
	var w uint32
	ctx, cancel := context.WithCancel(context.Background())
	wt := NewWaiter(ctx, -1)
	defer wt.Close()
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	start := time.Now()
	var err error
	for err == nil {
		err = wt.Wait(&w, 0)
	}
	if err != context.Canceled {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("cancellation took %v", d)
	}
}

// The cancellation wake-up may come before the waiter is in the kernel;
// repeated wakes still get it out.
func TestWaiterCancelRace(t *testing.T) {
	for i := 0; i < 200; i++ {
		var w uint32
		ctx, cancel := context.WithCancel(context.Background())
		wt := NewWaiter(ctx, 5*time.Second)
		go cancel()
		var err error
		for err == nil {
			err = wt.Wait(&w, 0)
		}
		wt.Close()
		if err != context.Canceled {
			t.Fatal(i, err)
		}
	}
}

func TestWaiterDeadline(t *testing.T) {
	var w uint32
	wt := NewWaiter(context.Background(), 30*time.Millisecond)
	defer wt.Close()
	var err error
	for err == nil {
		err = wt.Wait(&w, 0)
	}
	if err != ErrTimeout || !wt.Expired() || wt.Err() != ErrTimeout {
		t.Fatal(err)
	}
}
