package pyfuncs

import (
	"math/big"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/itertoolsmod"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// The iterator builtins: iter, next, map, filter. Their iterators are
// itertoolsmod's (lazy, one pass, .next() for catch()), named as CPython
// names them. The idiom of multiprocessing's documentation,
// `for task in iter(queue.get, "STOP")`, needs iter's two-argument form.

// iteratorType is the type of iter(x) for x's Starlark type, as CPython
// 3.12 names it. (A switch, not a map: a map would make a package init,
// which every process pays.)
func iteratorType(x starlark.Value) string {
	switch x := x.(type) {
	case *starlark.List:
		return "list_iterator"
	case starlark.Tuple:
		return "tuple_iterator"
	case *starlark.Dict:
		return "dict_keyiterator"
	case *starlark.Set:
		return "set_iterator"
	case starlark.Bytes:
		return "bytes_iterator"
	case starlark.String:
		if isASCII(string(x)) {
			return "str_ascii_iterator"
		}
		return "str_iterator"
	}
	if x.Type() == "range" {
		return "range_iterator"
	}
	return "iterator"
}

// nextOf is x's __next__, or nil when x is not an iterator.
func nextOf(x starlark.Value) starlark.Value {
	h, ok := x.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	for _, name := range []string{"__next__", "next"} {
		if f, err := h.Attr(name); err == nil && f != nil {
			if _, ok := f.(starlark.Callable); ok {
				return f
			}
		}
	}
	return nil
}

// elements is v for iteration, with a bytes value as its ints (a Python
// bytes is a sequence of ints).
func elements(v starlark.Value) starlark.Value {
	if b, ok := v.(starlark.Bytes); ok {
		t := make(starlark.Tuple, len(b))
		for i := 0; i < len(b); i++ {
			t[i] = starlark.MakeInt(int(b[i]))
		}
		return t
	}
	return v
}

func iterFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("iter() takes no keyword arguments")
	}
	switch len(args) {
	case 1:
		x := args[0]
		if nextOf(x) != nil {
			return x, nil // an iterator is its own iterator
		}
		return itertoolsmod.Of(iteratorType(x), thread, elements(x))
	case 2:
		fn, sentinel := args[0], args[1]
		if _, ok := fn.(starlark.Callable); !ok {
			return nil, typeError("iter(v, w): v must be callable")
		}
		return itertoolsmod.New("callable_iterator", thread, func() (starlark.Value, bool, error) {
			v, err := starlark.Call(thread, fn, nil, nil)
			if err != nil {
				return nil, false, err
			}
			if eq, err := starlark.Equal(v, sentinel); err != nil || eq {
				return nil, false, err
			}
			return v, true, nil
		}), nil
	case 0:
		return nil, typeError("iter expected at least 1 argument, got 0")
	}
	return nil, typeError("iter expected at most 2 arguments, got %d", len(args))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func nextFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("next() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, typeError("next expected at least 1 argument, got 0")
	}
	if len(args) > 2 {
		return nil, typeError("next expected at most 2 arguments, got %d", len(args))
	}
	f := nextOf(args[0])
	if f == nil {
		return nil, typeError("'%s' object is not an iterator", pyformat.TypeName(args[0]))
	}
	v, err := starlark.Call(thread, f, nil, nil)
	if err != nil && len(args) == 2 {
		if typ, _ := pyerr.Classify(err); typ == "StopIteration" {
			return args[1], nil
		}
	}
	return v, err
}

// sources read map's or filter's inputs. An input that can fail (a
// Pool.imap, iter(), another map) is read by Step, so that its error is
// the map's, as in Python; a loop over it would end the script.
func sources(vs starlark.Tuple) ([]func() (starlark.Value, bool, error), error) {
	nexts := make([]func() (starlark.Value, bool, error), len(vs))
	for i, v := range vs {
		if st, ok := v.(stepper); ok {
			nexts[i] = st.Step
			continue
		}
		it, err := itertoolsmod.Of("iterator", nil, elements(v))
		if err != nil {
			return nil, err
		}
		nexts[i] = it.Step
	}
	return nexts, nil
}

func mapFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("map() takes no keyword arguments")
	}
	if len(args) < 2 {
		return nil, typeError("map() must have at least two arguments.")
	}
	fn := args[0]
	its, err := sources(args[1:])
	if err != nil {
		return nil, err
	}
	return itertoolsmod.New("map", thread, func() (starlark.Value, bool, error) {
		xs := make(starlark.Tuple, len(its))
		for i, next := range its {
			x, ok, err := next()
			if !ok || err != nil {
				return nil, false, err
			}
			xs[i] = x
		}
		if _, ok := fn.(starlark.Callable); !ok {
			return nil, false, typeError("'%s' object is not callable", pyformat.TypeName(fn))
		}
		v, err := starlark.Call(thread, fn, xs, nil)
		return v, err == nil, err
	}), nil
}

func filterFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("filter() takes no keyword arguments")
	}
	if len(args) != 2 {
		return nil, typeError("filter expected 2 arguments, got %d", len(args))
	}
	fn := args[0]
	its, err := sources(args[1:])
	if err != nil {
		return nil, err
	}
	return itertoolsmod.New("filter", thread, func() (starlark.Value, bool, error) {
		for {
			x, ok, err := its[0]()
			if !ok || err != nil {
				return nil, false, err
			}
			keep := x
			if fn != starlark.None {
				if _, ok := fn.(starlark.Callable); !ok {
					return nil, false, typeError("'%s' object is not callable", pyformat.TypeName(fn))
				}
				v, err := starlark.Call(thread, fn, starlark.Tuple{x}, nil)
				if err != nil {
					return nil, false, err
				}
				keep = v
			}
			if keep.Truth() {
				return x, true, nil
			}
		}
	}), nil
}

// instanceTypes are the Python types of the instances of the predeclared
// constructor named name, when it is one of the core types.
func instanceTypes(name string) ([]string, bool) {
	switch name {
	case "int":
		return []string{"int", "bool"}, true
	case "float", "str", "bool", "list", "dict", "tuple", "bytes", "set", "range":
		return []string{name}, true
	}
	return nil, false
}

func isinstance(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj, info starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &obj, &info); err != nil {
		return nil, typeError("%s", err)
	}
	ok, err := instanceOf(obj, info)
	return starlark.Bool(ok), err
}

// instanceOf is isinstance for one classinfo: a predeclared type
// constructor (int, str...), one of procstar's (Process, Queue...: their
// values' type is the constructor's name), or a tuple of classinfos.
func instanceOf(obj, info starlark.Value) (bool, error) {
	switch info := info.(type) {
	case starlark.Tuple:
		for _, c := range info {
			if ok, err := instanceOf(obj, c); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *starlark.Builtin:
		t := pyformat.TypeName(obj)
		if names, ok := instanceTypes(info.Name()); ok {
			for _, n := range names {
				if t == n {
					return true, nil
				}
			}
			return false, nil
		}
		return t == info.Name() || strings.HasSuffix(t, "."+info.Name()), nil
	}
	if c, ok := info.(starlark.Callable); ok && info.Type() != "function" {
		// Constructors implemented as values (itertools.chain, collections'
		// types) name their instances' type.
		t := pyformat.TypeName(obj)
		return t == c.Name() || strings.HasSuffix(t, "."+c.Name()), nil
	}
	return false, typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
}

func callable(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, typeError("%s", err)
	}
	_, ok := x.(starlark.Callable)
	return starlark.Bool(ok), nil
}

// intBase is hex, oct and bin: Python's prefixed text of an int.
func intBase(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, typeError("%s", err)
	}
	n, ok := number(x)
	i, isInt := n.(starlark.Int)
	if !ok || !isInt {
		return nil, typeError("'%s' object cannot be interpreted as an integer", pyformat.TypeName(x))
	}
	base, prefix := 16, "0x"
	switch b.Name() {
	case "oct":
		base, prefix = 8, "0o"
	case "bin":
		base, prefix = 2, "0b"
	}
	v := i.BigInt()
	sign := ""
	if v.Sign() < 0 {
		sign = "-"
		v = new(big.Int).Neg(v)
	}
	return starlark.String(sign + prefix + v.Text(base)), nil
}

func format(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	spec := ""
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x, &spec); err != nil {
		return nil, typeError("%s", err)
	}
	// The spec goes in as an argument of a nested field, so that its own
	// braces are not parsed as fields.
	s, err := pyformat.Format("{0:{1}}", starlark.Tuple{x, starlark.String(spec)}, nil)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

func vars(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, typeError("%s", err)
	}
	if h, ok := x.(starlark.HasAttrs); ok {
		if d, err := h.Attr("__dict__"); err == nil && d != nil {
			return d, nil
		}
	}
	return nil, typeError("vars() argument must have __dict__ attribute")
}
