package cluster

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/procstar/procstar/runtime/objects"
)

// condState is a Condition's key: its waiters in arrival order, each
// marked once notified.
type condState struct {
	Next    int          `json:"t"`
	Waiters []condWaiter `json:"w,omitempty"`
}

type condWaiter struct {
	Ticket   int    `json:"t"`
	ID       string `json:"o"` // the waiter's lease
	Notified bool   `json:"n,omitempty"`
}

// clCond is a Condition: a key of waiters over a cluster lock.
type clCond struct {
	obj
	lock *clMutex
}

var _ objects.Condition = (*clCond)(nil)

// NewCondition implements objects.Backend.
func (l *Launcher) NewCondition(lock objects.Mutex) (objects.Condition, error) {
	var m *clMutex
	if lock == nil {
		lm, err := l.NewMutex(true)
		if err != nil {
			return nil, err
		}
		m = lm.(*clMutex)
	} else {
		var ok bool
		if m, ok = lock.(*clMutex); !ok {
			return nil, objects.ErrForeignLock
		}
	}
	b, err := l.newObj("cond", condState{})
	if err != nil {
		return nil, err
	}
	b.h.Lock, b.h.Rec = m.h.Key, m.h.Rec
	return &clCond{b, m}, nil
}

// AttachCondition implements objects.Backend.
func (l *Launcher) AttachCondition(data []byte) (objects.Condition, error) {
	b, err := l.attachObj(data)
	if err != nil {
		return nil, err
	}
	m := &clMutex{obj{l, b.o, handle{Key: b.h.Lock, Bucket: b.h.Bucket, Rec: b.h.Rec}}}
	return &clCond{b, m}, nil
}

func (c *clCond) Lock() objects.Mutex { return c.lock }

func (c *clCond) Wait(ctx context.Context, timeout time.Duration) (notified bool, abandonedBy int, err error) {
	if !c.lock.Owned() {
		return false, 0, objects.ErrNotAcquired
	}
	if err := c.l.lease(c.o); err != nil {
		return false, 0, err
	}
	ticket := 0
	if err := update(c.obj, func(st *condState) error {
		ticket = st.Next
		st.Next++
		st.Waiters = append(st.Waiters, condWaiter{Ticket: ticket, ID: c.l.id})
		return nil
	}); err != nil {
		return false, 0, err
	}
	depth, err := c.lock.releaseAll()
	if err != nil {
		return false, 0, err
	}
	objects.Released(ctx)
	// A signal's handler runs in the middle of the wait (WithHandlers),
	// the ticket kept in the list and the lock released meanwhile, as in
	// Python: a notification made then is this wait's.
	_, werr := objects.Interruptions(ctx, timeout, func(ctx context.Context, timeout time.Duration) error {
		var err error
		notified, err = c.waitNotified(ctx, ticket, timeout)
		return err
	})
	// Leave the list, notified or not, then take the lock back as it was
	// held; a cancelled ctx stops that too.
	update(c.obj, func(st *condState) error {
		for i, w := range st.Waiters {
			if w.Ticket == ticket {
				notified = notified || w.Notified
				st.Waiters = append(st.Waiters[:i], st.Waiters[i+1:]...)
				break
			}
		}
		return nil
	})
	objects.Reacquiring(ctx)
	_, ab, aerr := c.lock.acquireN(ctx, -1, depth)
	if aerr != nil {
		return notified, ab, aerr
	}
	return notified, ab, werr
}

// waitNotified watches the key until this ticket is notified or the
// timeout passes.
func (c *clCond) waitNotified(ctx context.Context, ticket int, timeout time.Duration) (bool, error) {
	deadline, forever := deadlineOf(timeout)
	for {
		chs, err := c.o.watch(c.h.Key) // before reading
		if err != nil {
			return false, err
		}
		var st condState
		if _, err := c.read(ctx, &st); err != nil {
			return false, err
		}
		for _, w := range st.Waiters {
			if w.Ticket == ticket && w.Notified {
				return true, nil
			}
		}
		if timedOut, err := waitChange(ctx, chs, deadline, forever); err != nil || timedOut {
			return false, err
		}
	}
}

// Notify marks the n oldest live waiters notified; dead ones leave the
// list without taking a notification.
func (c *clCond) Notify(n int) error {
	if !c.lock.Owned() {
		return errors.New("cannot notify on un-acquired lock")
	}
	ctx, cancel := c.ctx()
	defer cancel()
	return update(c.obj, func(st *condState) error {
		left, keep := n, st.Waiters[:0]
		for _, w := range st.Waiters {
			if !w.Notified && left > 0 {
				if !c.l.alive(ctx, c.o.kv, owner{ID: w.ID}) {
					continue
				}
				w.Notified = true
				left--
			}
			keep = append(keep, w)
		}
		st.Waiters = keep
		return nil
	})
}

func (c *clCond) Waiting() int {
	var st condState
	ctx, cancel := c.ctx()
	defer cancel()
	c.read(ctx, &st)
	n := 0
	for _, w := range st.Waiters {
		if !w.Notified {
			n++
		}
	}
	return n
}

// barState is a Barrier's key. Gen counts the barrier's trips and resets;
// ResetAt is the generation the last reset began, so that the parties it
// interrupted learn they were broken.
type barState struct {
	Parties int      `json:"p"`
	Count   int      `json:"c"`
	Gen     int      `json:"g"`
	Broken  bool     `json:"b,omitempty"`
	ResetAt int      `json:"r,omitempty"`
	Waiting []string `json:"w,omitempty"` // leases of the parties waiting
}

// clBarrier is a Barrier: a key changed by compare-and-swap, watched by
// the parties waiting.
type clBarrier struct{ obj }

var _ objects.Barrier = (*clBarrier)(nil)

// NewBarrier implements objects.Backend.
func (l *Launcher) NewBarrier(parties int) (objects.Barrier, error) {
	b, err := l.newObj("bar", barState{Parties: parties})
	if err != nil {
		return nil, err
	}
	return &clBarrier{b}, nil
}

// AttachBarrier implements objects.Backend.
func (l *Launcher) AttachBarrier(data []byte) (objects.Barrier, error) {
	b, err := l.attachObj(data)
	if err != nil {
		return nil, err
	}
	return &clBarrier{b}, nil
}

func (b *clBarrier) state() barState {
	var st barState
	ctx, cancel := b.ctx()
	defer cancel()
	b.read(ctx, &st)
	return st
}

func (b *clBarrier) Parties() int { return b.state().Parties }
func (b *clBarrier) Broken() bool { return b.state().Broken }

func (b *clBarrier) NWaiting() int {
	if st := b.state(); !st.Broken && st.Count < st.Parties {
		return st.Count
	}
	return 0
}

func (b *clBarrier) Wait(ctx context.Context, timeout time.Duration, action func() error) (int, error) {
	if err := b.l.lease(b.o); err != nil {
		return 0, err
	}
	deadline, forever := deadlineOf(timeout)
	// Arrive: wait first while the last party of the previous round runs
	// its action.
	index, gen := -1, 0
	for index < 0 {
		chs, err := b.o.watch(b.h.Key) // before reading
		if err != nil {
			return 0, err
		}
		var st barState
		rev, err := b.read(ctx, &st)
		switch {
		case err != nil:
			return 0, err
		case st.Broken:
			return 0, objects.ErrBroken
		case st.Count < st.Parties:
			index, gen = st.Count, st.Gen
			st.Count++
			st.Waiting = append(st.Waiting, b.l.id)
			if ok, err := b.write(ctx, st, rev); err != nil {
				return 0, err
			} else if !ok {
				index = -1
			}
			if index >= 0 && st.Count == st.Parties {
				return index, b.trip(gen, action)
			}
			continue
		}
		if _, err := waitChange(ctx, chs, time.Time{}, true); err != nil {
			return 0, err
		}
	}
	left := time.Duration(-1)
	if !forever {
		left = max(0, time.Until(deadline))
	}
	// A signal's handler runs in the middle of the wait (WithHandlers), the
	// party still counted; an error of the handler's ends its wait, which
	// leaves the barrier unbroken, as in Python.
	released := false
	byHandlers, err := objects.Interruptions(ctx, left, func(round context.Context, timeout time.Duration) error {
		var err error
		released, err = b.awaitRelease(ctx, round, gen, timeout)
		return err
	})
	switch {
	case byHandlers:
		b.leave(gen)
		return 0, err
	case err != nil:
		return 0, err
	case !released:
		return 0, objects.ErrBroken
	}
	return index, nil
}

// awaitRelease waits, within round (ctx, or a part of it that a signal
// for a handler ends), until round gen of the barrier is released (true),
// broken or reset (false), or the timeout passes (the barrier breaks).
func (b *clBarrier) awaitRelease(ctx, round context.Context, gen int, timeout time.Duration) (bool, error) {
	deadline, forever := deadlineOf(timeout)
	for {
		chs, err := b.o.watch(b.h.Key)
		if err != nil {
			return false, err
		}
		var st barState
		if _, err := b.read(ctx, &st); err != nil {
			return false, err
		}
		switch {
		case st.Gen != gen && st.ResetAt == gen+1:
			return false, nil // a reset interrupted this round
		case st.Gen != gen:
			return true, nil
		case st.Broken:
			return false, nil
		}
		// A party that died waiting breaks the barrier, as locally; so
		// does the timeout. Each breaks this round only, then the state is
		// read again: the round may have been released since the read
		// above (Python's wait_for checks its predicate under the lock),
		// and a party released meanwhile may have ended, its lease gone,
		// without having died waiting.
		var expired bool
		for _, id := range st.Waiting {
			if !b.l.alive(ctx, b.o.kv, owner{ID: id}) {
				expired = true
				break
			}
		}
		if !expired {
			timedOut, err := waitChange(round, chs, deadline, forever)
			if err != nil {
				if ctx.Err() != nil {
					b.breakRound(gen)
				}
				return false, err
			}
			expired = timedOut
		}
		if expired {
			if err := b.breakRound(gen); err != nil {
				return false, err
			}
		}
	}
}

// breakRound breaks the barrier if it is still in round gen (not released
// or reset since).
func (b *clBarrier) breakRound(gen int) error {
	return update(b.obj, func(st *barState) error {
		if st.Gen == gen {
			st.Broken = true
		}
		return nil
	})
}

// leave takes this party out of round gen, which a handler's error ended
// before the barrier's release: it stays unbroken, one waiting party fewer
// (a round released or broken meanwhile is left as it is).
func (b *clBarrier) leave(gen int) {
	update(b.obj, func(st *barState) error {
		if st.Gen != gen || st.Broken || st.Count == 0 {
			return nil
		}
		st.Count--
		if i := slices.Index(st.Waiting, b.l.id); i >= 0 {
			st.Waiting = slices.Delete(st.Waiting, i, i+1)
		}
		return nil
	})
}

// trip is the last party's: run the action, then release the round (or
// break the barrier if the action failed or it broke meanwhile).
func (b *clBarrier) trip(gen int, action func() error) error {
	var aerr error
	if action != nil {
		aerr = action()
	}
	err := update(b.obj, func(st *barState) error {
		switch {
		case st.Gen != gen || st.Broken:
			return objects.ErrBroken
		case aerr != nil:
			st.Broken = true
		default:
			st.Gen++
			st.Count, st.Waiting = 0, nil
		}
		return nil
	})
	if aerr != nil {
		return aerr
	}
	return err
}

// Reset and Abort report a cluster that stayed away through a failover's
// retries: lost quietly, they would leave the waiters waiting.
func (b *clBarrier) Reset() error {
	return update(b.obj, func(st *barState) error {
		st.Gen++
		st.ResetAt = st.Gen
		st.Count, st.Waiting, st.Broken = 0, nil, false
		return nil
	})
}

func (b *clBarrier) Abort() error {
	return update(b.obj, func(st *barState) error {
		st.Broken = true
		return nil
	})
}
