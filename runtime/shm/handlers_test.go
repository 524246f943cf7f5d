package shm

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// pokes is a Handlers whose arrivals the test makes (poke), and whose Run
// calls run.
type pokes struct {
	arrived chan struct{}
	runs    atomic.Int32
	run     func() error
}

func newPokes(run func() error) *pokes {
	return &pokes{arrived: make(chan struct{}, 1), run: run}
}

func (p *pokes) poke() { p.arrived <- struct{}{} }

func (p *pokes) Arm(ctx context.Context) (context.Context, func() bool, func()) {
	ctx, cancel := context.WithCancel(ctx)
	var hit atomic.Bool
	done := make(chan struct{})
	go func() {
		select {
		case <-p.arrived:
			hit.Store(true)
			cancel()
		case <-done:
		}
	}()
	return ctx, hit.Load, func() { close(done); cancel() }
}

func (p *pokes) Run() error {
	p.runs.Add(1)
	return p.run()
}

// A Condition's wait runs the handlers with its lock released and keeps its
// place: a notification made by a handler is the wait's; a handler's error
// ends the wait with the lock taken back.
func TestConditionHandlers(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	m, _ := NewMutex(a)
	c, err := NewCondition(a, m)
	if err != nil {
		t.Fatal(err)
	}
	var p *pokes
	p = newPokes(func() error {
		if m.Owned() {
			return errors.New("handler ran with the lock held")
		}
		if ok, _, err := m.Acquire(ctx, time.Second); !ok || err != nil {
			return errors.New("handler could not take the lock")
		}
		defer m.Release()
		if c.Waiting() != 1 {
			return errors.New("the waiter left the line for the handler")
		}
		return c.Notify(1)
	})
	m.Acquire(ctx, -1)
	go p.poke()
	ok, _, err := c.Wait(WithHandlers(ctx, p), 10*time.Second)
	if !ok || err != nil || p.runs.Load() != 1 {
		t.Fatalf("notified by the handler: %v %v, %d runs", ok, err, p.runs.Load())
	}
	if !m.Owned() {
		t.Fatal("lock not taken back")
	}

	boom := errors.New("boom")
	p = newPokes(func() error { return boom })
	go p.poke()
	if ok, _, err := c.Wait(WithHandlers(ctx, p), 10*time.Second); ok || err != boom {
		t.Fatalf("handler's error: %v %v", ok, err)
	}
	if !m.Owned() || c.Waiting() != 0 {
		t.Fatalf("after the handler's error: owned %v, waiting %d", m.Owned(), c.Waiting())
	}

	// A timeout still ends it, counted from the start, not from the
	// handlers' end.
	p = newPokes(func() error { time.Sleep(30 * time.Millisecond); return nil })
	go p.poke()
	t0 := time.Now()
	if ok, _, err := c.Wait(WithHandlers(ctx, p), 20*time.Millisecond); ok || err != nil {
		t.Fatalf("timeout: %v %v", ok, err)
	}
	if p.runs.Load() != 1 || time.Since(t0) < 20*time.Millisecond {
		t.Fatalf("timeout: %d runs after %v", p.runs.Load(), time.Since(t0))
	}
	m.Release()
}

// A Barrier's wait runs the handlers and stays counted: the party that
// arrives meanwhile releases it; a handler's error leaves it unbroken.
func TestBarrierHandlers(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	b, _ := NewBarrier(a, 2)
	arrived := make(chan error, 1)
	p := newPokes(func() error {
		if b.NWaiting() != 1 {
			return errors.New("the waiter left the barrier for the handler")
		}
		// The last party releases the barrier without waiting for the
		// others to leave.
		_, err := b.Wait(ctx, 10*time.Second, nil)
		arrived <- err
		return nil
	})
	go p.poke()
	if i, err := b.Wait(WithHandlers(ctx, p), 10*time.Second, nil); i != 0 || err != nil {
		t.Fatalf("released while the handler ran: %d %v", i, err)
	}
	if err := <-arrived; err != nil {
		t.Fatal("the other party:", err)
	}

	boom := errors.New("boom")
	p = newPokes(func() error { return boom })
	go p.poke()
	if _, err := b.Wait(WithHandlers(ctx, p), 10*time.Second, nil); err != boom {
		t.Fatal("handler's error:", err)
	}
	if b.Broken() || b.NWaiting() != 0 {
		t.Fatalf("after the handler's error: broken %v, waiting %d", b.Broken(), b.NWaiting())
	}
	go func() { _, err := b.Wait(ctx, 10*time.Second, nil); arrived <- err }()
	if _, err := b.Wait(ctx, 10*time.Second, nil); err != nil {
		t.Fatal("next round:", err)
	}
	if err := <-arrived; err != nil {
		t.Fatal("next round, other party:", err)
	}
}
