package mpsync

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/vmihailenco/msgpack/v5"
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
)

// BrokenBarrierError is the Python type of Barrier.wait's failure.
const BrokenBarrierError = "threading.BrokenBarrierError"

// Barrier is multiprocessing's Barrier. Its action is a top-level function
// (or a builtin), named by reference, so that whichever process arrives last
// can find and run it.
type Barrier struct {
	n       *node.Node
	be      objects.Backend
	b       objects.Barrier
	timeout time.Duration // default for wait (negative: none)
	actMod  string        // action reference; actName == "": no action
	actName string
	mu      sync.Mutex
	action  starlark.Value // the action, once known in this process (mu)
	bound   methods.Cache
}

var _ starlark.HasAttrs = (*Barrier)(nil)

// barrierHandle is a Barrier's handle data.
type barrierHandle struct {
	H       []byte `msgpack:"h"`
	Timeout int64  `msgpack:"t"`
	Mod     string `msgpack:"m"`
	Name    string `msgpack:"n"`
}

func newBarrier(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv, action, tv starlark.Value = nil, starlark.None, starlark.None
	if err := unpack(b.Name(), args, kwargs, "parties", &pv, "action?", &action, "timeout?", &tv); err != nil {
		return nil, err
	}
	parties, err := intarg.Ssize(pv)
	switch {
	case err != nil:
		return nil, err
	case parties < 1:
		return nil, pyerr.New(pyerr.ValueError, "parties must be > 0")
	case parties > objects.MaxBarrierParties:
		return nil, pyerr.New("OverflowError", "Barrier: parties must be at most %d, not %d", objects.MaxBarrierParties, parties)
	}
	timeout, err := timeoutarg.Duration("Barrier", tv)
	if err != nil {
		return nil, err
	}
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	br := &Barrier{n: n, be: be, timeout: timeout}
	if action != starlark.None {
		if _, ok := action.(starlark.Callable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "Barrier: action must be callable, not %s", action.Type())
		}
		if n.Resolver == nil {
			return nil, pyerr.New(pyerr.RuntimeError, "Barrier: functions cannot be named here")
		}
		mod, name, err := n.Resolver.FuncRef(action)
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "Barrier action: %v", err)
		}
		br.actMod, br.actName, br.action = mod, name, action
	}
	if br.b, err = be.NewBarrier(parties); err != nil {
		return nil, shmError(b.Name(), err)
	}
	return br, nil
}

func decodeBarrier(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	var h barrierHandle
	if err := msgpack.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("bad barrier handle: %w", err)
	}
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	b, err := be.AttachBarrier(h.H)
	if err != nil {
		return nil, err
	}
	return &Barrier{n: n, be: be, b: b, timeout: time.Duration(h.Timeout), actMod: h.Mod, actName: h.Name}, nil
}

// Handle implements codec.Shared.
func (b *Barrier) Handle() (string, []byte, error) {
	data, err := msgpack.Marshal(barrierHandle{H: b.b.Handle(), Timeout: int64(b.timeout), Mod: b.actMod, Name: b.actName})
	return objects.Kind(b.be, kindBarrier), data, err
}

// Portable implements codec.Portable.
func (b *Barrier) Portable() bool { return b.be.Portable() }

func (b *Barrier) Type() string { return "Barrier" }

// String is threading.Barrier's repr, which multiprocessing's inherits.
func (b *Barrier) String() string {
	at := fmt.Sprintf("<multiprocessing.synchronize.Barrier at %#x: ", uintptr(unsafe.Pointer(b)))
	if b.b.Broken() {
		return at + "broken>"
	}
	return fmt.Sprintf("%swaiters=%d/%d>", at, b.b.NWaiting(), b.b.Parties())
}

func (b *Barrier) Freeze()               {}
func (b *Barrier) Truth() starlark.Bool  { return starlark.True }
func (b *Barrier) Hash() (uint32, error) { return identityHash(unsafe.Pointer(b)), nil }

var barrierMethods = methods.Table[*Barrier]{
	{Name: "abort", Fn: (*Barrier).abort},
	{Name: "reset", Fn: (*Barrier).reset},
	{Name: "wait", Fn: (*Barrier).wait},
}

// Attr implements starlark.HasAttrs.
func (b *Barrier) Attr(name string) (starlark.Value, error) {
	switch name {
	case "parties":
		return starlark.MakeInt(b.b.Parties()), nil
	case "n_waiting":
		return starlark.MakeInt(b.b.NWaiting()), nil
	case "broken":
		return starlark.Bool(b.b.Broken()), nil
	}
	if m := barrierMethods.Bind(b, &b.bound, name); m != nil {
		return m, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (b *Barrier) AttrNames() []string {
	return []string{"abort", "broken", "n_waiting", "parties", "reset", "wait"}
}

func (b *Barrier) wait(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := unpack("wait", args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout := b.timeout
	if tv != starlark.None {
		var err error
		if timeout, err = timeoutarg.Duration("wait", tv); err != nil {
			return nil, err
		}
	}
	wait := node.StartWait(thread, "Barrier.wait")
	var action func() error
	if b.actName != "" {
		// Starlark code of this thread's, run inside Wait: with the gate
		// closed, as the handlers are.
		action = func() error { return wait.Hold(func() error { return b.runAction(thread) }) }
	}
	i, err := b.b.Wait(handling(&wait), timeout, action)
	wait.Done()
	if err != nil {
		if errors.Is(err, objects.ErrBroken) {
			return nil, pyerr.New(BrokenBarrierError, "")
		}
		return nil, err
	}
	return starlark.MakeInt(i), nil
}

// runAction finds the action in this process (it may have been created in
// another one) and calls it.
func (b *Barrier) runAction(thread *starlark.Thread) error {
	b.mu.Lock()
	fn := b.action
	b.mu.Unlock()
	if fn == nil {
		if b.n.Resolver == nil {
			return pyerr.New(pyerr.RuntimeError, "Barrier action %s: functions cannot be found here", b.actName)
		}
		var err error
		if fn, err = b.n.Resolver.Func(b.actMod, b.actName); err != nil {
			return pyerr.New(pyerr.RuntimeError, "Barrier action: %v", err)
		}
		b.mu.Lock()
		b.action = fn
		b.mu.Unlock()
	}
	_, err := starlark.Call(thread, fn, nil, nil)
	return err
}

func (b *Barrier) reset(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("reset", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, b.b.Reset()
}

func (b *Barrier) abort(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("abort", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, b.b.Abort()
}
