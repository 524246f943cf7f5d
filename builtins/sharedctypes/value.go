package sharedctypes

import (
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/builtins/mpsync"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Value is multiprocessing's Value: a Synchronized wrapper of a shared
// ctypes value, or with lock=False (and from get_obj()) the raw value.
type Value struct {
	n     *node.Node
	be    objects.Backend
	b     objects.Block
	t     *ctype
	raw   bool
	lock  *mpsync.Lock // nil when raw
	bound methods.Cache
}

var (
	_ starlark.HasAttrs    = (*Value)(nil)
	_ starlark.HasSetField = (*Value)(nil)
)

func newValue(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tc, init, lv starlark.Value = nil, nil, starlark.True
	if err := unpack(b.Name(), args, kwargs, "typecode", &tc, "value?", &init, "lock?", &lv); err != nil {
		return nil, err
	}
	t, err := typecodeArg(b.Name(), tc)
	if err != nil {
		return nil, err
	}
	var bits uint64
	if init != nil {
		if bits, err = t.toBits(init); err != nil {
			return nil, err
		}
	}
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	raw, m, lock, err := lockArg(thread, b.Name(), n, be, lv)
	if err != nil {
		return nil, err
	}
	blk, err := newBlock(b.Name(), be, t.size, m)
	if err != nil {
		return nil, err
	}
	t.store(blk, 0, bits)
	return &Value{n: n, be: be, b: blk, t: t, raw: raw, lock: lock}, nil
}

func decodeValue(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, raw, t, b, lock, err := attach(n, tag, data)
	if err != nil {
		return nil, err
	}
	if b.Len() != t.size {
		return nil, pyerr.New(pyerr.ValueError, "bad Value handle: %d bytes for typecode '%c'", b.Len(), t.code)
	}
	return &Value{n: n, be: be, b: b, t: t, raw: raw, lock: lock}, nil
}

// Handle implements codec.Shared.
func (v *Value) Handle() (string, []byte, error) {
	return objects.Kind(v.be, kindValue), handleData(v.raw, v.t, v.b), nil
}

// Portable implements codec.Portable.
func (v *Value) Portable() bool { return v.be.Portable() }

func (v *Value) Type() string {
	if v.raw {
		return v.t.name
	}
	return "Synchronized"
}

func (v *Value) String() string {
	r := v.t.reprValue(v.t.load(v.b, 0))
	if v.raw {
		return r
	}
	return "<Synchronized wrapper for " + r + ">"
}

func (v *Value) Freeze() {}

// Truth: a ctypes value is false when zero; the wrapper is always true.
func (v *Value) Truth() starlark.Bool {
	if v.raw {
		return v.t.load(v.b, 0) != 0
	}
	return starlark.True
}

func (v *Value) Hash() (uint32, error) {
	u := uint64(uintptr(unsafe.Pointer(v))) >> 3
	return uint32(u ^ u>>32), nil
}

var valueMethods = methods.Table[*Value]{
	{Name: "acquire", Fn: (*Value).acquire},
	{Name: "add", Fn: (*Value).add},
	{Name: "get", Fn: (*Value).get},
	{Name: "get_lock", Fn: (*Value).getLock},
	{Name: "get_obj", Fn: (*Value).getObj},
	{Name: "release", Fn: (*Value).release},
	{Name: "set", Fn: (*Value).set},
}

// Attr implements starlark.HasAttrs.
func (v *Value) Attr(name string) (starlark.Value, error) {
	switch name {
	case "value":
		return v.t.fromBits(v.t.load(v.b, 0)), nil
	case "acquire", "get", "get_lock", "get_obj", "release", "set":
		if v.raw {
			return nil, noAttr(v.Type(), name)
		}
	}
	if m := valueMethods.Bind(v, &v.bound, name); m != nil {
		return m, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (v *Value) AttrNames() []string {
	if v.raw {
		return []string{"add", "value"}
	}
	return []string{"acquire", "add", "get", "get_lock", "get_obj", "release", "set", "value"}
}

// SetField implements starlark.HasSetField: .value is settable.
func (v *Value) SetField(name string, x starlark.Value) error {
	if name != "value" {
		return noAttr(v.Type(), name)
	}
	bits, err := v.t.toBits(x)
	if err != nil {
		return err
	}
	v.t.store(v.b, 0, bits)
	return nil
}

func (v *Value) add(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var delta starlark.Value
	if err := unpack("add", args, kwargs, "delta", &delta); err != nil {
		return nil, err
	}
	return withLock(thread, v.lock, func() (starlark.Value, error) {
		return v.t.add(v.b, 0, delta)
	})
}

// get and set are the methods of the ValueProxy that Manager().Value gives
// in Python (this Value is what procstar's Manager().Value returns).
func (v *Value) get(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack("get", args, kwargs); err != nil {
		return nil, err
	}
	return v.t.fromBits(v.t.load(v.b, 0)), nil
}

func (v *Value) set(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := unpack("set", args, kwargs, "value", &x); err != nil {
		return nil, err
	}
	return starlark.None, v.SetField("value", x)
}

func (v *Value) getLock(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack("get_lock", args, kwargs); err != nil {
		return nil, err
	}
	return v.lock, nil
}

func (v *Value) getObj(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack("get_obj", args, kwargs); err != nil {
		return nil, err
	}
	return &Value{n: v.n, be: v.be, b: v.b, t: v.t, raw: true}, nil
}

func (v *Value) acquire(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return callLock(thread, v.lock, "acquire", args, kwargs)
}

func (v *Value) release(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return callLock(thread, v.lock, "release", args, kwargs)
}
