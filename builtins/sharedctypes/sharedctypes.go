// Package sharedctypes provides multiprocessing's Value and Array: typed
// values in the tree's shared memory (an shm.Block each), or in cluster
// mode in the cluster (an objects.Block of its backend).
//
// Every element is read and written with one atomic operation, so a reader
// never sees a torn value and `.value`, indexing and slicing never block;
// as in CPython, a read-modify-write (`v.value += 1`) is atomic only under
// the object's lock (`get_lock()`). Value.add(delta) is procstar's atomic
// increment: it takes the lock when the Value has one (unless this process
// holds it already) and adds with a compare-and-swap, so it is exact
// whether or not other processes use the lock. A value outside the
// typecode's range is a ValueError, not a silent wrap as in ctypes.
//
// Starlark cannot assign to a slice (`a[1:3] = x` does not parse), so
// Array has set_slice(start, stop, values, step=None) for it, with ctypes'
// rule that the length must not change.
package sharedctypes

import (
	"errors"
	"fmt"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/mpsync"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"Value": starlark.NewBuiltin("Value", newValue),
		"Array": starlark.NewBuiltin("Array", newArray),
		// RawValue(typecode, *args) and RawArray(typecode, size_or_initializer)
		// are Value and Array with lock=False: no lock, no get_lock.
		"RawValue": starlark.NewBuiltin("RawValue", raw(newValue, "value?")),
		"RawArray": starlark.NewBuiltin("RawArray", raw(newArray, "size_or_initializer")),
	}
}

// raw returns the builtin that calls make with its typecode and second
// argument (named arg in messages) and lock=False.
func raw(make func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error), arg string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var tc, v starlark.Value
		if err := unpack(b.Name(), args, kwargs, "typecode_or_type", &tc, arg, &v); err != nil {
			return nil, err
		}
		args = starlark.Tuple{tc}
		if v != nil {
			args = append(args, v)
		}
		return make(thread, b, args, []starlark.Tuple{{starlark.String("lock"), starlark.False}})
	}
}

// Handle kinds (codec.Shared). The data is: a flag byte (1: raw, the
// object of get_obj() or lock=False), the typecode, and the block's handle.
const (
	kindValue = "sharedctypes.Value"
	kindArray = "sharedctypes.Array"
)

// Registrations are the decoders of the package's handles (registered by
// the runtime).
var Registrations = []node.Registration{{Kind: kindValue, Tagged: decodeValue}, {Kind: kindArray, Tagged: decodeArray}}

func handleData(raw bool, t *ctype, b objects.Block) []byte {
	flag := byte(0)
	if raw {
		flag = 1
	}
	return append([]byte{flag, t.code}, b.Handle()...)
}

// attach rebuilds the parts common to Value and Array from handle data of
// the backend tagged tag.
func attach(n *node.Node, tag string, data []byte) (be objects.Backend, raw bool, t *ctype, b objects.Block, lock *mpsync.Lock, err error) {
	if len(data) < 2 {
		return nil, false, nil, nil, nil, fmt.Errorf("bad shared value handle")
	}
	raw = data[0] == 1
	if t = ctypes.Get()[string(data[1:2])]; t == nil {
		return nil, false, nil, nil, nil, fmt.Errorf("bad shared value handle: typecode %q", data[1])
	}
	if be, err = objects.Attach(n, tag); err != nil {
		return nil, false, nil, nil, nil, err
	}
	if b, err = be.AttachBlock(data[2:]); err != nil {
		return nil, false, nil, nil, nil, err
	}
	if b.Len()%t.size != 0 {
		return nil, false, nil, nil, nil, fmt.Errorf("bad shared value handle: %d bytes for typecode '%c'", b.Len(), t.code)
	}
	if !raw {
		m := b.Guard()
		if m == nil {
			return nil, false, nil, nil, nil, fmt.Errorf("bad shared value handle: no lock")
		}
		lock = mpsync.LockOf(n, be, m)
	}
	return be, raw, t, b, lock, nil
}

// lockArg interprets lock=: True or None, a new RLock; False, none (a raw
// object); a Lock or RLock, that lock. It returns the lock to build the
// block with and the value get_lock() returns.
func lockArg(thread *starlark.Thread, fn string, n *node.Node, be objects.Backend, v starlark.Value) (raw bool, m objects.Mutex, lock *mpsync.Lock, err error) {
	switch v {
	case starlark.False:
		return true, nil, nil, nil
	case starlark.True, starlark.None:
		m, err := be.NewMutex(true)
		if err != nil {
			return false, nil, nil, pyerr.New(pyerr.OSError, "%s: %v", fn, err)
		}
		return false, m, mpsync.LockOf(n, be, m), nil
	}
	if l, ok := v.(*mpsync.Lock); ok {
		return false, l.Mutex(), l, nil
	}
	if h, ok := v.(starlark.HasAttrs); ok {
		if a, _ := h.Attr("acquire"); a != nil {
			return false, nil, nil, pyerr.New(pyerr.TypeError, "%s: lock must be True, False, None, a Lock or an RLock, not %s", fn, v.Type())
		}
	}
	r := pyformat.Repr(v) // CPython's %r
	if s, ok := v.(starlark.String); ok {
		r = pyformat.QuoteStr(string(s))
	}
	return false, nil, nil, pyerr.New("AttributeError", "%s has no method 'acquire'", r)
}

// newBlock allocates nbytes guarded by m: a MemoryError when the backend
// cannot hold it, a TypeError for a lock of another backend.
func newBlock(fn string, be objects.Backend, nbytes int, m objects.Mutex) (objects.Block, error) {
	b, err := be.NewBlock(nbytes, m)
	if errors.Is(err, objects.ErrForeignLock) {
		return nil, pyerr.New(pyerr.TypeError, "%s: %v", fn, err)
	}
	if err != nil {
		return nil, pyerr.New("MemoryError", "%s: cannot allocate %d bytes of shared memory: %v", fn, nbytes, err)
	}
	return b, nil
}

// withLock runs fn holding lock (if there is one and this process does not
// hold it already).
func withLock(thread *starlark.Thread, lock *mpsync.Lock, fn func() (starlark.Value, error)) (starlark.Value, error) {
	if lock == nil || lock.Owned() {
		return fn()
	}
	if err := lock.Acquire(thread); err != nil {
		return nil, err
	}
	v, err := fn()
	if rerr := lock.Release(); err == nil && rerr != nil {
		return nil, rerr
	}
	return v, err
}

// noAttr is CPython's AttributeError for the synchronized wrapper's
// methods on a raw ctypes object.
func noAttr(typ, name string) error {
	return pyerr.New("AttributeError", "'%s' object has no attribute '%s'", typ, name)
}

// callLock calls a method of the lock (acquire, release) for the wrapper's
// methods of the same name.
func callLock(thread *starlark.Thread, lock *mpsync.Lock, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, err := lock.Attr(name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(thread, m, args, kwargs)
}

func unpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New(pyerr.TypeError, "%v", err)
	}
	return nil
}
