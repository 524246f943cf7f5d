// Package pymethods gives Starlark's str, bytes, list, tuple and dict the
// methods Python's have and Starlark's lack: s.ljust(10), lines.sort(),
// out.decode(), t.count(x), d.copy(), dict.fromkeys(keys)... Those of str,
// bytes, list and dict join go.starlark.net's own tables (InstallNative).
// For the others pyformat's rewrite turns every x.NAME whose NAME is one
// of them (Has) into a call of its __attr__ builtin, which asks x itself
// first (a Manager's list proxy has its own count) and this package second.
package pymethods

import (
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Has reports whether some type gets a method of this name here. (A
// switch, not a map: no package init for every process to pay.)
func Has(name string) bool {
	// The methods of str, bytes, list and dict are theirs (InstallNative):
	// these are those of types without a table of methods (tuple, int,
	// float), the types themselves (dict.fromkeys) and format_map.
	switch name {
	case "count", "index", "fromkeys", "fromhex", "maketrans", "bit_length", "to_bytes", "is_integer", "format_map":
		return true
	}
	return false
}

// Attr is x.name: x's own attribute, else the method this package gives
// x's type, else the AttributeError Python raises.
func Attr(x starlark.Value, name string) (starlark.Value, error) {
	var ownErr error
	if h, ok := x.(starlark.HasAttrs); ok {
		v, err := h.Attr(name)
		if v != nil && err == nil {
			return v, nil
		}
		ownErr = err
	}
	if fn := method(x, name); fn != nil {
		return starlark.NewBuiltin(name, fn).BindReceiver(x), nil
	}
	if ownErr != nil {
		return nil, ownErr
	}
	if b, ok := x.(*starlark.Builtin); ok && instance(b) != nil {
		return nil, pyerr.New("AttributeError", "type object '%s' has no attribute '%s'", b.Name(), name)
	}
	return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", typeName(x), name)
}

// instance is an empty value of the core type the predeclared builtin b
// constructs (str, list...), or nil if b is no such constructor.
func instance(b *starlark.Builtin) starlark.Value {
	if b.Receiver() != nil {
		return nil
	}
	switch b.Name() {
	case "str":
		return starlark.String("")
	case "bytes":
		return starlark.Bytes("")
	case "list":
		return starlark.NewList(nil)
	case "dict":
		return starlark.NewDict(0)
	case "tuple":
		return starlark.Tuple{}
	case "int":
		return starlark.MakeInt(0)
	case "float":
		return starlark.Float(0)
	case "set":
		return starlark.NewSet(0)
	}
	return nil
}

type builtinFn = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

func method(x starlark.Value, name string) builtinFn {
	switch x := x.(type) {
	case starlark.String:
		return strMethod(name)
	case starlark.Bytes:
		return bytesMethod(name)
	case *starlark.List:
		return listMethod(name)
	case starlark.Tuple:
		switch name {
		case "count":
			return seqCount
		case "index":
			return tupleIndex
		}
	case *starlark.Dict:
		if name == "copy" {
			return dictCopy
		}
	case *starlark.Builtin:
		if x.Name() == "dict" && name == "fromkeys" {
			return dictFromkeys
		}
		if x.Name() == "bytes" && name == "fromhex" {
			return bytesFromhex
		}
		if x.Name() == "str" && x.Receiver() == nil && name == "maketrans" {
			return strMaketrans // a static method, as on an instance
		}
		if sample := instance(x); sample != nil {
			if _, err := Attr(sample, name); err == nil {
				return unbound(x.Name(), name)
			}
		}
	case starlark.Int:
		switch name {
		case "bit_length":
			return intBitLength
		case "to_bytes":
			return intToBytes
		}
	case starlark.Float:
		if name == "is_integer" {
			return floatIsInteger
		}
	}
	return nil
}

// typeName is a value's Python type name.
func typeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	case *starlark.Builtin:
		return "builtin_function_or_method"
	}
	return v.Type()
}

func typeError(format string, args ...any) error {
	return pyerr.New(pyerr.TypeError, format, args...)
}

func unpack(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return typeError("%s", err)
	}
	return nil
}

func listMethod(name string) builtinFn {
	switch name {
	case "sort":
		return listSort
	case "reverse":
		return listReverse
	case "copy":
		return listCopy
	case "count":
		return seqCount
	}
	return nil
}

// listSort is list.sort(*, key=None, reverse=False): sorted's order
// (stable), written back in place.
func listSort(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, typeError("sort() takes no positional arguments")
	}
	l := b.Receiver().(*starlark.List)
	sorted, err := starlark.Call(thread, starlark.Universe["sorted"], starlark.Tuple{l}, kwargs)
	if err != nil {
		return nil, err
	}
	s := sorted.(*starlark.List)
	for i := 0; i < s.Len(); i++ {
		if err := l.SetIndex(i, s.Index(i)); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func listReverse(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	l := b.Receiver().(*starlark.List)
	for i, j := 0, l.Len()-1; i < j; i, j = i+1, j-1 {
		x, y := l.Index(i), l.Index(j)
		if err := l.SetIndex(i, y); err != nil {
			return nil, err
		}
		l.SetIndex(j, x)
	}
	return starlark.None, nil
}

func listCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	l := b.Receiver().(*starlark.List)
	elems := make([]starlark.Value, l.Len())
	for i := range elems {
		elems[i] = l.Index(i)
	}
	return starlark.NewList(elems), nil
}

// seqCount is list.count(x) and tuple.count(x).
func seqCount(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, typeError("%s", err)
	}
	seq := b.Receiver().(starlark.Indexable)
	n := 0
	for i := 0; i < seq.Len(); i++ {
		eq, err := starlark.Equal(seq.Index(i), x)
		if err != nil {
			return nil, err
		}
		if eq {
			n++
		}
	}
	return starlark.MakeInt(n), nil
}

// tupleIndex is tuple.index(x, start=0, stop=len).
func tupleIndex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	t := b.Receiver().(starlark.Tuple)
	start, stop := 0, len(t)
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x, &start, &stop); err != nil {
		return nil, typeError("%s", err)
	}
	start, stop = clamp(start, len(t)), clamp(stop, len(t))
	for i := start; i < stop; i++ {
		eq, err := starlark.Equal(t[i], x)
		if err != nil {
			return nil, err
		}
		if eq {
			return starlark.MakeInt(i), nil
		}
	}
	return nil, pyerr.New(pyerr.ValueError, "tuple.index(x): x not in tuple")
}

// clamp is a slice index as Python adjusts it: negative from the end, then
// within [0, n].
func clamp(i, n int) int {
	if i < 0 {
		i += n
	}
	return min(max(i, 0), n)
}

func dictCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	d := b.Receiver().(*starlark.Dict)
	out := starlark.NewDict(d.Len())
	for _, kv := range d.Items() {
		out.SetKey(kv[0], kv[1])
	}
	return out, nil
}

// dictFromkeys is dict.fromkeys(iterable, value=None).
func dictFromkeys(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var keys starlark.Value
	var value starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &keys, &value); err != nil {
		return nil, typeError("%s", err)
	}
	if s, ok := keys.(starlark.String); ok {
		keys = chars(string(s))
	}
	iter := pyiter.Iterate(keys) // an iterator that can fail: its error is fromkeys's
	if iter == nil {
		return nil, typeError("'%s' object is not iterable", typeName(keys))
	}
	out := starlark.NewDict(0)
	defer iter.Done()
	var k starlark.Value
	for iter.Next(&k) {
		if err := out.SetKey(k, value); err != nil {
			return nil, err
		}
	}
	if err := iter.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// chars is a str as Python iterates it: its characters.
func chars(s string) starlark.Tuple {
	var t starlark.Tuple
	for _, r := range s {
		t = append(t, starlark.String(string(r)))
	}
	return t
}

// unbound is Python's unbound method typ.name (str.lower, list.append):
// called with the receiver first, as sorted(names, key=str.lower) does.
// It refuses a receiver of another type, as Python's descriptor does.
func unbound(typ, name string) builtinFn {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, typeError("unbound method %s.%s() needs an argument", typ, name)
		}
		recv := args[0]
		if got := typeName(recv); got != typ && !(typ == "int" && got == "bool") {
			return nil, typeError("descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name, typ, got)
		}
		m, err := Attr(recv, name)
		if err != nil {
			return nil, err
		}
		return starlark.Call(thread, m, args[1:], kwargs)
	}
}
