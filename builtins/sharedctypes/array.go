package sharedctypes

import (
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/methods"
	"github.com/procstar/procstar/builtins/mpsync"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Array is multiprocessing's Array: a SynchronizedArray (SynchronizedString
// for typecode 'c') wrapping a shared ctypes array, or with lock=False (and
// from get_obj()) the raw array.
type Array struct {
	n     *node.Node
	be    objects.Backend
	b     objects.Block
	t     *ctype
	len   int
	raw   bool
	lock  *mpsync.Lock // nil when raw
	bound methods.Cache
}

var (
	_ starlark.HasAttrs    = (*Array)(nil)
	_ starlark.HasSetField = (*Array)(nil)
	_ starlark.Sliceable   = (*Array)(nil)
	_ starlark.HasSetIndex = (*Array)(nil)
	_ starlark.Iterable    = (*Array)(nil)
	_ starlark.HasBinary   = (*Array)(nil)
)

// maxArrayBytes bounds an Array (the arena is sparse, but not endless).
const maxArrayBytes = 1 << 34

func newArray(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tc, init, lv starlark.Value = nil, nil, starlark.True
	if err := unpack(b.Name(), args, kwargs, "typecode", &tc, "size_or_initializer", &init, "lock?", &lv); err != nil {
		return nil, err
	}
	t, err := typecodeArg(b.Name(), tc)
	if err != nil {
		return nil, err
	}
	var size int
	var elems []uint64
	switch x := init.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if ok && n < 0 || !ok && x.Sign() < 0 {
			return nil, pyerr.New(pyerr.ValueError, "Array length must be >= 0, not %s", x.String())
		}
		if !ok || n > maxArrayBytes/int64(t.size) {
			return nil, pyerr.New("MemoryError", "Array: %s elements of typecode '%c' do not fit in shared memory", x.String(), t.code)
		}
		size = int(n)
	case starlark.Bool:
		// A bool is an int in Python: Array("i", True) has one element.
		if x {
			size = 1
		}
	case starlark.Bytes:
		for i := 0; i < len(x); i++ {
			u, err := t.toBits(starlark.MakeInt(int(x[i])))
			if err != nil {
				return nil, err
			}
			elems = append(elems, u)
		}
		size = len(elems)
	case starlark.String:
		return nil, pyerr.New(pyerr.TypeError, "Array: size_or_initializer must be an int or a sequence, not string")
	case starlark.Iterable:
		it := x.Iterate()
		defer it.Done()
		var v starlark.Value
		for it.Next(&v) {
			u, err := t.toBits(v)
			if err != nil {
				return nil, err
			}
			elems = append(elems, u)
		}
		size = len(elems)
	default:
		return nil, pyerr.New(pyerr.TypeError, "Array: size_or_initializer must be an int or a sequence, not %s", init.Type())
	}
	n, be, err := objects.Of(thread, b.Name())
	if err != nil {
		return nil, err
	}
	raw, m, lock, err := lockArg(thread, b.Name(), n, be, lv)
	if err != nil {
		return nil, err
	}
	blk, err := newBlock(b.Name(), be, size*t.size, m)
	if err != nil {
		return nil, err
	}
	for i, u := range elems {
		if u != 0 {
			t.store(blk, i, u)
		}
	}
	return &Array{n: n, be: be, b: blk, t: t, len: size, raw: raw, lock: lock}, nil
}

func decodeArray(n *node.Node, tag string, data []byte) (starlark.Value, error) {
	be, raw, t, b, lock, err := attach(n, tag, data)
	if err != nil {
		return nil, err
	}
	return &Array{n: n, be: be, b: b, t: t, len: b.Len() / t.size, raw: raw, lock: lock}, nil
}

// Handle implements codec.Shared.
func (a *Array) Handle() (string, []byte, error) {
	return objects.Kind(a.be, kindArray), handleData(a.raw, a.t, a.b), nil
}

// Portable implements codec.Portable.
func (a *Array) Portable() bool { return a.be.Portable() }

func (a *Array) rawName() string { return fmt.Sprintf("%s_Array_%d", a.t.name, a.len) }

func (a *Array) Type() string {
	switch {
	case a.raw:
		return a.rawName()
	case a.t.kind == char:
		return "SynchronizedString"
	}
	return "SynchronizedArray"
}

func (a *Array) String() string {
	r := fmt.Sprintf("<multiprocessing.sharedctypes.%s object at %#x>", a.rawName(), uintptr(unsafe.Pointer(a)))
	if a.raw {
		return r
	}
	return "<" + a.Type() + " wrapper for " + r + ">"
}

func (a *Array) Freeze()              {}
func (a *Array) Truth() starlark.Bool { return a.len > 0 }
func (a *Array) Hash() (uint32, error) {
	u := uint64(uintptr(unsafe.Pointer(a))) >> 3
	return uint32(u ^ u>>32), nil
}

// Len implements starlark.Indexable.
func (a *Array) Len() int { return a.len }

// Index implements starlark.Indexable (i is in range: Starlark checks).
func (a *Array) Index(i int) starlark.Value { return a.t.fromBits(a.t.load(a.b, i)) }

// SetIndex implements starlark.HasSetIndex.
func (a *Array) SetIndex(i int, v starlark.Value) error {
	u, err := a.t.toBits(v)
	if err != nil {
		return err
	}
	a.t.store(a.b, i, u)
	return nil
}

// Slice implements starlark.Sliceable: a list, or bytes for typecode 'c'.
func (a *Array) Slice(start, end, step int) starlark.Value {
	var idx []int
	if step == 1 {
		for i := start; i < end; i++ {
			idx = append(idx, i)
		}
	} else {
		for i := start; sign(end-i) == sign(step); i += step {
			idx = append(idx, i)
		}
	}
	if a.t.kind == char {
		out := make([]byte, len(idx))
		for k, i := range idx {
			out[k] = byte(a.t.load(a.b, i))
		}
		return starlark.Bytes(out)
	}
	out := make([]starlark.Value, len(idx))
	for k, i := range idx {
		out[k] = a.Index(i)
	}
	return starlark.NewList(out)
}

func sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// Iterate implements starlark.Iterable: the elements as they are when the
// iteration reaches them.
func (a *Array) Iterate() starlark.Iterator { return &arrayIterator{a: a} }

type arrayIterator struct {
	a *Array
	i int
}

func (it *arrayIterator) Next(p *starlark.Value) bool {
	if it.i >= it.a.len {
		return false
	}
	*p = it.a.Index(it.i)
	it.i++
	return true
}

func (it *arrayIterator) Done() {}

// Binary implements `x in a`.
func (a *Array) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.IN || side != starlark.Right {
		return nil, nil
	}
	for i := 0; i < a.len; i++ {
		eq, err := starlark.Equal(a.Index(i), y)
		if err != nil {
			return nil, err
		}
		if eq {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

var arrayMethods = methods.Table[*Array]{
	{Name: "acquire", Fn: (*Array).acquire},
	{Name: "get_lock", Fn: (*Array).getLock},
	{Name: "get_obj", Fn: (*Array).getObj},
	{Name: "release", Fn: (*Array).release},
	{Name: "set_slice", Fn: (*Array).setSlice},
}

// Attr implements starlark.HasAttrs.
func (a *Array) Attr(name string) (starlark.Value, error) {
	switch name {
	case "value", "raw":
		if a.t.kind != char {
			return nil, noAttr(a.Type(), name)
		}
		if name == "raw" {
			return a.Slice(0, a.len, 1), nil
		}
		out := make([]byte, 0, a.len)
		for i := 0; i < a.len; i++ {
			c := byte(a.t.load(a.b, i))
			if c == 0 {
				break
			}
			out = append(out, c)
		}
		return starlark.Bytes(out), nil
	case "acquire", "get_lock", "get_obj", "release":
		if a.raw {
			return nil, noAttr(a.Type(), name)
		}
	}
	if m := arrayMethods.Bind(a, &a.bound, name); m != nil {
		return m, nil
	}
	return nil, nil
}

// AttrNames implements starlark.HasAttrs.
func (a *Array) AttrNames() []string {
	var names []string
	if !a.raw {
		names = append(names, "acquire", "get_lock", "get_obj")
	}
	if a.t.kind == char {
		names = append(names, "raw")
	}
	if !a.raw {
		names = append(names, "release")
	}
	names = append(names, "set_slice")
	if a.t.kind == char {
		names = append(names, "value")
	}
	return names
}

// SetField implements starlark.HasSetField: .value and .raw of a 'c' array,
// as ctypes' char arrays: value stops at the first NUL (and writes one if
// there is room), raw writes the bytes as they are.
func (a *Array) SetField(name string, v starlark.Value) error {
	if a.t.kind != char || (name != "value" && name != "raw") {
		return noAttr(a.Type(), name)
	}
	b, ok := v.(starlark.Bytes)
	if !ok {
		return pyerr.New(pyerr.TypeError, "bytes expected instead of %s instance", pyformat.TypeName(v))
	}
	if len(b) > a.len {
		return pyerr.New(pyerr.ValueError, "byte string too long")
	}
	for i := 0; i < len(b); i++ {
		a.t.store(a.b, i, uint64(b[i]))
	}
	if name == "value" && len(b) < a.len {
		a.t.store(a.b, len(b), 0)
	}
	return nil
}

// sliceIndices is Python's slice.indices(n): the first index, the step and
// the number of elements of a[start:stop:step].
func sliceIndices(n int, start, stop, step starlark.Value) (first, st, count int, err error) {
	st = 1
	if step != starlark.None {
		if st, err = starlark.AsInt32(step); err != nil {
			return 0, 0, 0, pyerr.New(pyerr.TypeError, "set_slice: step: %v", err)
		}
		if st == 0 {
			return 0, 0, 0, pyerr.New(pyerr.ValueError, "slice step cannot be zero")
		}
	}
	lo, hi := 0, n
	if st < 0 {
		lo, hi = n-1, -1
	}
	clamp := func(what string, v starlark.Value, def int) (int, error) {
		if v == starlark.None {
			return def, nil
		}
		x, err := starlark.AsInt32(v)
		if err != nil {
			return 0, pyerr.New(pyerr.TypeError, "set_slice: %s: %v", what, err)
		}
		if x < 0 {
			x += n
			if x < 0 {
				if st < 0 {
					return -1, nil
				}
				return 0, nil
			}
		} else if x >= n {
			if st < 0 {
				return n - 1, nil
			}
			return n, nil
		}
		return x, nil
	}
	if first, err = clamp("start", start, lo); err != nil {
		return 0, 0, 0, err
	}
	last, err := clamp("stop", stop, hi)
	if err != nil {
		return 0, 0, 0, err
	}
	switch {
	case st > 0 && last > first:
		count = (last - first + st - 1) / st
	case st < 0 && first > last:
		count = (first - last - st - 1) / -st
	}
	return first, st, count, nil
}

// set_slice(start, stop, values, step=None) is a[start:stop:step] = values,
// which Starlark's syntax does not allow. As ctypes, the length must stay
// the same. It holds the lock while it writes.
func (a *Array) setSlice(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, stop, values, step starlark.Value = nil, nil, nil, starlark.None
	if err := unpack("set_slice", args, kwargs, "start", &start, "stop", &stop, "values", &values, "step?", &step); err != nil {
		return nil, err
	}
	first, st, count, err := sliceIndices(a.len, start, stop, step)
	if err != nil {
		return nil, err
	}
	var bits []uint64
	switch x := values.(type) {
	case starlark.Bytes:
		for i := 0; i < len(x); i++ {
			bits = append(bits, uint64(x[i]))
		}
		if a.t.kind != char {
			for i, u := range bits {
				if bits[i], err = a.t.toBits(starlark.MakeInt(int(u))); err != nil {
					return nil, err
				}
			}
		}
	case starlark.Indexable:
		if _, isStr := values.(starlark.String); isStr {
			return nil, pyerr.New(pyerr.TypeError, "set_slice: values must be a sequence, not string")
		}
		if x.Len() != count {
			break
		}
		for i := 0; i < x.Len(); i++ {
			u, err := a.t.toBits(x.Index(i))
			if err != nil {
				return nil, err
			}
			bits = append(bits, u)
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "set_slice: values must be a sequence, not %s", values.Type())
	}
	if len(bits) != count {
		return nil, pyerr.New(pyerr.ValueError, "Can only assign sequence of same size")
	}
	return withLock(thread, a.lock, func() (starlark.Value, error) {
		for k, u := range bits {
			a.t.store(a.b, first+k*st, u)
		}
		return starlark.None, nil
	})
}

func (a *Array) getLock(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack("get_lock", args, kwargs); err != nil {
		return nil, err
	}
	return a.lock, nil
}

func (a *Array) getObj(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack("get_obj", args, kwargs); err != nil {
		return nil, err
	}
	return &Array{n: a.n, be: a.be, b: a.b, t: a.t, len: a.len, raw: true}, nil
}

func (a *Array) acquire(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return callLock(thread, a.lock, "acquire", args, kwargs)
}

func (a *Array) release(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return callLock(thread, a.lock, "release", args, kwargs)
}
