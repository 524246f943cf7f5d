package shm

import (
	"context"
	"time"
)

// Handlers lets code run in the middle of a wait that cannot simply be
// started again: Python runs a signal's handler inside a blocking call and
// then goes on waiting (PEP 475). A Condition's wait has released its lock
// and holds a place in the line of waiters; a Barrier's has arrived and
// counts as waiting. Ended and started afresh, they would lose that place
// (a notification) or break the barrier, so with Handlers in its context
// such a wait keeps its place while they run.
type Handlers interface {
	// Arm returns a context that ends when ctx does or when something
	// arrives for Run; interrupted reports which; stop releases it.
	Arm(ctx context.Context) (armed context.Context, interrupted func() bool, stop func())
	// Run runs what arrived; its error ends the wait with that error.
	Run() error
}

type handlersKey struct{}

// WithHandlers returns ctx carrying h for the waits of Condition and
// Barrier (h nil: ctx itself).
func WithHandlers(ctx context.Context, h Handlers) context.Context {
	if h == nil {
		return ctx
	}
	return context.WithValue(ctx, handlersKey{}, h)
}

type lockHooksKey struct{}

type lockHooks struct{ released, reacquiring func() }

// WithLockHooks returns ctx carrying released and reacquiring, which a
// Condition's Wait calls once it has released its lock (Released) and
// before it takes it back (Reacquiring).
func WithLockHooks(ctx context.Context, released, reacquiring func()) context.Context {
	return context.WithValue(ctx, lockHooksKey{}, lockHooks{released, reacquiring})
}

// Released calls the released function of WithLockHooks in ctx, if any.
func Released(ctx context.Context) {
	if h, ok := ctx.Value(lockHooksKey{}).(lockHooks); ok {
		h.released()
	}
}

// Reacquiring calls the reacquiring function of WithLockHooks in ctx, if
// any.
func Reacquiring(ctx context.Context) {
	if h, ok := ctx.Value(lockHooksKey{}).(lockHooks); ok {
		h.reacquiring()
	}
}

// Interruptions runs a wait in rounds under the Handlers of ctx, if any: a
// round waits (wait's context ends at ctx's end or at an arrival for the
// handlers, its timeout is the time left), and one that an arrival ended
// is followed by the handlers and another round. unlocked, if not nil,
// runs the handlers with what the wait holds between rounds released (a
// barrier's internal lock). It returns the last round's error, or the
// handlers' own (byHandlers).
func Interruptions(ctx context.Context, timeout time.Duration, wait func(ctx context.Context, timeout time.Duration) error, unlocked func(run func() error) error) (byHandlers bool, err error) {
	h, _ := ctx.Value(handlersKey{}).(Handlers)
	if h == nil {
		return false, wait(ctx, timeout)
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		armed, interrupted, stop := h.Arm(ctx)
		err := wait(armed, timeout)
		stop()
		if err == nil || !interrupted() {
			return false, err
		}
		if unlocked != nil {
			err = unlocked(h.Run)
		} else {
			err = h.Run()
		}
		if err != nil {
			return true, err
		}
		if timeout > 0 {
			timeout = max(0, time.Until(deadline))
		}
	}
}
