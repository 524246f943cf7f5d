package mpsync

import (
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pysignal"
)

// Event is multiprocessing's Event.
type Event struct {
	n     *node.Node
	be    objects.Backend
	e     objects.Event
	bound methods.Cache
}

var _ starlark.HasAttrs = (*Event)(nil)

func newEvent(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	e, err := be.NewEvent()
	if err != nil {
		return nil, shmError(b.Name(), err)
	}
	return &Event{n: n, be: be, e: e}, nil
}

func decodeEvent(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, err := objects.Attach(n, tag)
	if err != nil {
		return nil, err
	}
	e, err := be.AttachEvent(data)
	if err != nil {
		return nil, err
	}
	return &Event{n: n, be: be, e: e}, nil
}

// Handle implements codec.Shared.
func (e *Event) Handle() (string, []byte, error) {
	return objects.Kind(e.be, kindEvent), e.e.Handle(), nil
}

// Portable implements codec.Portable.
func (e *Event) Portable() bool { return e.be.Portable() }

func (e *Event) Type() string { return "Event" }

// String is CPython's repr: <Event at 0x... set|unset>.
func (e *Event) String() string {
	state := "unset"
	if set, _ := e.e.IsSet(); set {
		state = "set"
	}
	return fmt.Sprintf("<Event at %#x %s>", uintptr(unsafe.Pointer(e)), state)
}

func (e *Event) Freeze()               {}
func (e *Event) Truth() starlark.Bool  { return starlark.True }
func (e *Event) Hash() (uint32, error) { return identityHash(unsafe.Pointer(e)), nil }

var eventMethods = methods.Table[*Event]{
	{Name: "clear", Fn: (*Event).clear},
	{Name: "is_set", Fn: (*Event).isSet},
	{Name: "set", Fn: (*Event).set},
	{Name: "wait", Fn: (*Event).wait},
}

// Attr implements starlark.HasAttrs.
func (e *Event) Attr(name string) (starlark.Value, error) {
	if b := eventMethods.Bind(e, &e.bound, name); b != nil {
		return b, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (e *Event) AttrNames() []string { return eventMethods.Names() }

func (e *Event) set(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("set", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, e.e.Set()
}

func (e *Event) clear(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("clear", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, e.e.Clear()
}

func (e *Event) isSet(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("is_set", args, kwargs); err != nil {
		return nil, err
	}
	set, err := e.e.IsSet()
	return starlark.Bool(set), err
}

func (e *Event) wait(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := unpack("wait", args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := timeoutarg.Duration("wait", tv)
	if err != nil {
		return nil, err
	}
	wait := node.StartWait(thread, "Event.wait")
	defer wait.Done()
	// A wait changes nothing, whatever the backend: a signal's handler may
	// always interrupt it.
	ok, err := pysignal.Wait(wait, procenv.Get(thread).Ctx, true, timeout, e.e.Wait)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}
