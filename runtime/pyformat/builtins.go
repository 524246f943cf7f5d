package pyformat

import (
	"fmt"
	"math"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pymethods"
)

// Builtins holds the functions that code transformed by Rewrite calls;
// predeclare them in every module compiled after Rewrite.
//
//	__percent__(x, y)      x % y: Percent when x is a str, else Starlark's %
//	__format__(x, *a, **k) x.format(*a, **k): Format when x is a str, else
//	                       a call of x's own format attribute
//	__format_attr__(x)     x.format as a value, which __format__ calls
//	__percent_item__(x, i, y)  x[i] %= y
//	__percent_attr__(x, f, y)  x.f %= y (f a string)
//	__imul__(x, y)         x *= y: InPlaceMul when x has it, else x * y
//	__iadd__(x, y)         the right side of x += y: InPlaceAdd when x has
//	                       it (then InPlaceAdded), else y
//	__name_attr__(x)       x.__name__, which Starlark's functions lack
//	__iter__(x)            what a for loop over x iterates: Elements(x)
//	__attr__(x, name)      x.name for a name of pymethods.Has: x's own, else
//	                       the Python method pymethods gives x's type
var Builtins = starlark.StringDict{
	methodAttrName:  starlark.NewBuiltin(methodAttrName, methodAttrBuiltin),
	iterName:        starlark.NewBuiltin(iterName, iterBuiltin),
	nameAttrName:    starlark.NewBuiltin(nameAttrName, nameAttrBuiltin),
	percentName:     starlark.NewBuiltin(percentName, percentBuiltin),
	formatName:      starlark.NewBuiltin(formatName, formatBuiltin),
	formatAttrName:  starlark.NewBuiltin(formatAttrName, formatAttrBuiltin),
	percentItemName: starlark.NewBuiltin(percentItemName, percentItemBuiltin),
	percentAttrName: starlark.NewBuiltin(percentAttrName, percentAttrBuiltin),
	imulName:        starlark.NewBuiltin(imulName, imulBuiltin),
	iaddName:        starlark.NewBuiltin(iaddName, iaddBuiltin),
}

// InPlaceMultiplier is a value that x *= y changes in place (Python's
// __imul__) rather than rebinding x to x * y: a Manager's list proxy.
type InPlaceMultiplier interface {
	InPlaceMul(thread *starlark.Thread, y starlark.Value) (starlark.Value, error)
}

func imulBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 2", b.Name(), len(args)+len(kwargs))
	}
	if m, ok := args[0].(InPlaceMultiplier); ok {
		return m.InPlaceMul(thread, args[1])
	}
	return starlark.Binary(syntax.STAR, args[0], args[1])
}

// InPlaceAdder is a value that x += y extends in place (Python's __iadd__)
// rather than rebinding x to x + y: a Manager's list proxy. Starlark's +=
// extends only its own lists in place, so x += y becomes
// x += __iadd__(x, y): InPlaceAdd extends x, and the addition that follows,
// x + InPlaceAdded, is x itself (the adder's Binary must give that).
type InPlaceAdder interface {
	InPlaceAdd(thread *starlark.Thread, y starlark.Value) error
}

// InPlaceAdded is what __iadd__ gives an InPlaceAdder's += to add once
// InPlaceAdd has extended it.
var InPlaceAdded starlark.Value = inPlaceAdded{}

type inPlaceAdded struct{}

func (inPlaceAdded) String() string        { return "<in-place addition done>" }
func (inPlaceAdded) Type() string          { return "in-place addition" }
func (inPlaceAdded) Freeze()               {}
func (inPlaceAdded) Truth() starlark.Bool  { return starlark.True }
func (inPlaceAdded) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: in-place addition") }

// iaddBuiltin gives y, the right side of x += y, to every x but an
// InPlaceAdder, so that Starlark's += keeps its own semantics and errors
// (a list extended in place, a frozen list refused).
func iaddBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 2", b.Name(), len(args)+len(kwargs))
	}
	if a, ok := args[0].(InPlaceAdder); ok {
		if err := a.InPlaceAdd(thread, args[1]); err != nil {
			return nil, err
		}
		return InPlaceAdded, nil
	}
	return args[1], nil
}

// percent is x % y: Percent when x is a str, else Starlark's %.
func percent(x, y starlark.Value) (starlark.Value, error) {
	if s, ok := x.(starlark.String); ok {
		r, err := Percent(string(s), y)
		if err != nil {
			return nil, err
		}
		return starlark.String(r), nil
	}
	z, err := starlark.Binary(syntax.PERCENT, x, y)
	if f, ok := z.(starlark.Float); ok && f == 0 {
		// A zero remainder takes the divisor's sign in Python (-0.0 % 1 is
		// 0.0, 0.0 % -1 is -0.0); Starlark's keeps the dividend's.
		var div float64
		switch y := y.(type) {
		case starlark.Float:
			div = float64(y)
		case starlark.Int:
			div = float64(y.Sign())
		}
		return starlark.Float(math.Copysign(0, div)), nil
	}
	return z, err
}

func percentBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 2", b.Name(), len(args)+len(kwargs))
	}
	return percent(args[0], args[1])
}

func percentItemBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 3", b.Name(), len(args)+len(kwargs))
	}
	x, key, y := args[0], args[1], args[2]
	old, err := getItem(x, key)
	if err != nil {
		return nil, err
	}
	v, err := percent(old, y)
	if err != nil {
		return nil, err
	}
	return starlark.None, setItem(x, key, v)
}

// setItem is x[key] = v, as Starlark does it.
func setItem(x, key, v starlark.Value) error {
	switch x := x.(type) {
	case starlark.HasSetKey:
		return x.SetKey(key, v)
	case starlark.HasSetIndex:
		i, err := index(x, key)
		if err != nil {
			return err
		}
		return x.SetIndex(i, v)
	}
	return typeError("'%s' object does not support item assignment", typeName(x))
}

// index is key as an index of x, negative ones counting from the end.
func index(x starlark.Indexable, key starlark.Value) (int, error) {
	i, err := starlark.AsInt32(key)
	if err != nil {
		return 0, typeError("%s indices must be integers, not %s", typeName(x), typeName(key))
	}
	if i < 0 {
		i += x.Len()
	}
	if i < 0 || i >= x.Len() {
		return 0, pyerr.New(pyerr.IndexError, "%s index out of range", typeName(x))
	}
	return i, nil
}

func percentAttrBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 3", b.Name(), len(args)+len(kwargs))
	}
	x, y := args[0], args[2]
	name, _ := starlark.AsString(args[1])
	old, err := getAttr(x, name)
	if err != nil {
		return nil, err
	}
	v, err := percent(old, y)
	if err != nil {
		return nil, err
	}
	if s, ok := x.(starlark.HasSetField); ok {
		return starlark.None, s.SetField(name, v)
	}
	return starlark.None, pyerr.New(attributeError, "'%s' object attribute '%s' is read-only", typeName(x), name)
}

func formatAttrBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 1", b.Name(), len(args)+len(kwargs))
	}
	if s, ok := args[0].(starlark.String); ok {
		return starlark.NewBuiltin("format", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return formatBuiltin(thread, b, append(starlark.Tuple{s}, args...), kwargs)
		}).BindReceiver(s), nil
	}
	return getAttr(args[0], "format")
}

func formatBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s: missing receiver", b.Name())
	}
	recv, rest := args[0], args[1:]
	if s, ok := recv.(starlark.String); ok {
		r, err := Format(string(s), rest, kwargs)
		if err != nil {
			return nil, err
		}
		return starlark.String(r), nil
	}
	// Another type's own format method (a logging.Formatter, say).
	var method starlark.Value
	if h, ok := recv.(starlark.HasAttrs); ok {
		m, err := h.Attr("format")
		if err != nil {
			return nil, err
		}
		method = m
	}
	if method == nil {
		return nil, fmt.Errorf("%s has no .format field or method", recv.Type())
	}
	return starlark.Call(thread, method, rest, kwargs)
}

// nameAttrBuiltin is x.__name__: a value's own __name__ attribute, else a
// function's or builtin's name ("<lambda>" for a lambda, as Python's).
func nameAttrBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 1", b.Name(), len(args)+len(kwargs))
	}
	x := args[0]
	if h, ok := x.(starlark.HasAttrs); ok {
		if v, err := h.Attr("__name__"); err == nil && v != nil {
			return v, nil
		}
	}
	if c, ok := x.(starlark.Callable); ok {
		if f, ok := x.(*starlark.Function); ok && f.Name() == "lambda" {
			return starlark.String("<lambda>"), nil
		}
		return starlark.String(c.Name()), nil
	}
	return nil, pyerr.New("AttributeError", "'%s' object has no attribute '__name__'", typeName(x))
}

func methodAttrBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 2", b.Name(), len(args)+len(kwargs))
	}
	name, _ := starlark.AsString(args[1])
	if s, ok := args[0].(starlark.String); ok && name == "format_map" {
		return starlark.NewBuiltin(name, formatMap).BindReceiver(s), nil
	}
	return pymethods.Attr(args[0], name)
}

// formatMap is str.format_map(mapping).
func formatMap(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "str.format_map() takes no keyword arguments")
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "str.format_map() takes exactly one argument (%d given)", len(args))
	}
	r, err := FormatMap(string(b.Receiver().(starlark.String)), args[0])
	if err != nil {
		return nil, err
	}
	return starlark.String(r), nil
}

func iterBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 1", b.Name(), len(args)+len(kwargs))
	}
	return Elements(args[0]), nil
}

// Elements is x as Python iterates it: a str as a tuple of its characters,
// a bytes as a tuple of its ints, anything else as it is.
func Elements(x starlark.Value) starlark.Value {
	switch x := x.(type) {
	case starlark.String:
		t := make(starlark.Tuple, 0, len(x))
		for _, r := range string(x) {
			t = append(t, starlark.String(string(r)))
		}
		return t
	case starlark.Bytes:
		t := make(starlark.Tuple, len(x))
		for i := 0; i < len(x); i++ {
			t[i] = starlark.MakeInt(int(x[i]))
		}
		return t
	}
	return x
}
