package mpsync

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Condition is multiprocessing's Condition over a Lock or RLock.
type Condition struct {
	n     *node.Node
	be    objects.Backend
	c     objects.Condition
	lock  *Lock
	bound methods.Cache

	managed bool // a Manager's (see managedAcquireArgs)
}

var _ starlark.HasAttrs = (*Condition)(nil)

// MarkManaged makes c a Manager's Condition, and its lock, as this
// Condition uses it, a Manager's lock (a lock passed in stays as it is).
func (c *Condition) MarkManaged() {
	c.managed = true
	l := LockOf(c.n, c.be, c.lock.m)
	l.MarkManaged()
	c.lock = l
}

func newCondition(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lv starlark.Value = starlark.None
	if err := unpack(b.Name(), args, kwargs, "lock?", &lv); err != nil {
		return nil, err
	}
	var lock *Lock
	if lv != starlark.None {
		l, ok := lv.(*Lock)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "Condition: lock must be a Lock or RLock, not %s", lv.Type())
		}
		lock = l
	}
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	var m objects.Mutex
	if lock != nil {
		m = lock.m
	}
	c, err := be.NewCondition(m)
	if errors.Is(err, objects.ErrForeignLock) {
		return nil, pyerr.New(pyerr.TypeError, "Condition: %v", err)
	} else if err != nil {
		return nil, shmError(b.Name(), err)
	}
	if lock == nil {
		lock = LockOf(n, be, c.Lock())
	}
	return &Condition{n: n, be: be, c: c, lock: lock}, nil
}

func decodeCondition(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	c, err := be.AttachCondition(data)
	if err != nil {
		return nil, err
	}
	return &Condition{n: n, be: be, c: c, lock: LockOf(n, be, c.Lock())}, nil
}

// Handle implements codec.Shared.
func (c *Condition) Handle() (string, []byte, error) {
	kind := kindCondition
	if c.managed {
		kind = kindManagedCondition
	}
	return objects.Kind(c.be, kind), c.c.Handle(), nil
}

// Portable implements codec.Portable.
func (c *Condition) Portable() bool { return c.be.Portable() }

func (c *Condition) Type() string { return "Condition" }

func (c *Condition) String() string {
	return fmt.Sprintf("<Condition(%s, %d)>", c.lock.String(), c.c.Waiting())
}

func (c *Condition) Freeze()               {}
func (c *Condition) Truth() starlark.Bool  { return starlark.True }
func (c *Condition) Hash() (uint32, error) { return identityHash(unsafe.Pointer(c)), nil }

var condMethods = methods.Table[*Condition]{
	{Name: "acquire", Fn: (*Condition).acquire},
	{Name: "notify", Fn: (*Condition).notify},
	{Name: "notify_all", Fn: (*Condition).notifyAll},
	{Name: "release", Fn: (*Condition).release},
	{Name: "wait", Fn: (*Condition).wait},
	{Name: "wait_for", Fn: (*Condition).waitFor},
}

// Attr implements starlark.HasAttrs.
func (c *Condition) Attr(name string) (starlark.Value, error) {
	if b := condMethods.Bind(c, &c.bound, name); b != nil {
		return b, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (c *Condition) AttrNames() []string { return condMethods.Names() }

func (c *Condition) acquire(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.lock.acquire(thread, args, kwargs)
}

func (c *Condition) release(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.lock.release(thread, args, kwargs)
}

// waitOnce waits up to timeout for a notification.
func (c *Condition) waitOnce(thread *starlark.Thread, timeout time.Duration) (bool, error) {
	// A Pool's callback runs only while the lock is released (the gate
	// open from Released to Reacquiring): a callback that takes it while
	// the wait holds it would take it as a recursive acquire, this
	// process's, and lose it to the wait's release, or release it under
	// the wait's reacquire.
	wait := node.StartWait(thread, "Condition.wait").Settle()
	ctx := objects.WithLockHooks(handling(&wait), func() { wait = wait.Open() }, func() { wait = wait.Settle() })
	notified, ab, err := c.c.Wait(ctx, timeout)
	wait.Done()
	ReportAbandoned(thread, c.lock.be, c.lock.Type(), ab)
	if err != nil {
		if errors.Is(err, objects.ErrNotAcquired) {
			// CPython's multiprocessing asserts here (threading's
			// Condition raises RuntimeError instead).
			if c.managed {
				return false, pyerr.New(pyerr.RuntimeError, "cannot wait on un-acquired lock")
			}
			return false, pyerr.New(pyerr.AssertionError, "must acquire() condition before using wait()")
		}
		return false, err
	}
	return notified, nil
}

func (c *Condition) wait(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := unpack("wait", args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := timeoutarg.Duration("wait", tv)
	if err != nil {
		return nil, err
	}
	ok, err := c.waitOnce(thread, timeout)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

// wait_for is CPython's: call the predicate (in this process), wait, call it
// again, until it is true or the timeout has passed; return its last value.
func (c *Condition) waitFor(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pred, tv starlark.Value = nil, starlark.None
	if err := unpack("wait_for", args, kwargs, "predicate", &pred, "timeout?", &tv); err != nil {
		return nil, err
	}
	if _, ok := pred.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "wait_for: predicate must be callable, not %s", pred.Type())
	}
	timeout, err := timeoutarg.Duration("wait_for", tv)
	if err != nil {
		return nil, err
	}
	var end time.Time
	if timeout >= 0 {
		end = time.Now().Add(timeout)
	}
	result, err := starlark.Call(thread, pred, nil, nil)
	if err != nil {
		return nil, err
	}
	for !result.Truth() {
		wait := time.Duration(-1)
		if timeout >= 0 {
			if wait = time.Until(end); wait <= 0 {
				break
			}
		}
		if _, err := c.waitOnce(thread, wait); err != nil {
			return nil, err
		}
		if result, err = starlark.Call(thread, pred, nil, nil); err != nil {
			return nil, err
		}
	}
	return result, nil
}

func (c *Condition) notifyN(n int) error {
	if !c.lock.m.Owned() {
		if c.managed {
			return pyerr.New(pyerr.RuntimeError, "cannot notify on un-acquired lock") // threading's
		}
		return pyerr.New(pyerr.AssertionError, "lock is not owned") // CPython's assert
	}
	if err := c.c.Notify(n); err != nil {
		return pyerr.New(pyerr.RuntimeError, "%v", err)
	}
	return nil
}

func (c *Condition) notify(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := 1
	if err := unpack("notify", args, kwargs, "n?", &n); err != nil {
		return nil, err
	}
	if err := c.notifyN(n); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (c *Condition) notifyAll(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("notify_all", args, kwargs); err != nil {
		return nil, err
	}
	if err := c.notifyN(1 << 30); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
