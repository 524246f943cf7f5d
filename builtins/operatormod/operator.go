// Package operatormod is procstar's "operator" module: Python's operators
// as functions (for functools.reduce, sorted's key and the like), and
// itemgetter, attrgetter and methodcaller, which cross processes as Python
// pickles them.
package operatormod

import (
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns the "operator" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"itemgetter":   starlark.NewBuiltin("itemgetter", newGetter(getterItem)),
		"attrgetter":   starlark.NewBuiltin("attrgetter", newGetter(getterAttr)),
		"methodcaller": starlark.NewBuiltin("methodcaller", newMethodCaller),
		"getitem": starlark.NewBuiltin("getitem", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a, k starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &a, &k); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return getItem(thread, a, k)
		}),
		"neg":    unary("neg", syntax.MINUS),
		"pos":    unary("pos", syntax.PLUS),
		"invert": unary("invert", syntax.TILDE),
		"inv":    unary("inv", syntax.TILDE),
		"not_": starlark.NewBuiltin("not_", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &a); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return !a.Truth(), nil
		}),
		"truth": starlark.NewBuiltin("truth", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &a); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return a.Truth(), nil
		}),
		"abs": starlark.NewBuiltin("abs", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.Call(thread, starlark.Universe["abs"], args, kwargs)
		}),
		"index": starlark.NewBuiltin("index", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &a); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			if _, ok := a.(starlark.Int); !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyType(a))
			}
			return a, nil
		}),
		"contains": starlark.NewBuiltin("contains", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a, x starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &a, &x); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return starlark.Binary(syntax.IN, x, a)
		}),
		"is_":    starlark.NewBuiltin("is_", identity(true)),
		"is_not": starlark.NewBuiltin("is_not", identity(false)),
	}
	for name, op := range map[string]syntax.Token{
		"add": syntax.PLUS, "sub": syntax.MINUS, "mul": syntax.STAR, "truediv": syntax.SLASH,
		"floordiv": syntax.SLASHSLASH, "mod": syntax.PERCENT, "and_": syntax.AMP, "or_": syntax.PIPE,
		"xor": syntax.CIRCUMFLEX, "lshift": syntax.LTLT, "rshift": syntax.GTGT, "concat": syntax.PLUS,
	} {
		m[name] = binary(name, op)
	}
	for name, op := range map[string]syntax.Token{
		"eq": syntax.EQL, "ne": syntax.NEQ, "lt": syntax.LT, "le": syntax.LE, "gt": syntax.GT, "ge": syntax.GE,
	} {
		m[name] = compare(name, op)
	}
	return &starlarkstruct.Module{Name: "operator", Members: m}
}

// pyType is Python's name of a value's type, for error texts.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	}
	return v.Type()
}

func binary(name string, op syntax.Token) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, y starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &y); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if name == "concat" {
			if _, ok := x.(starlark.Sequence); !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object can't be concatenated", pyType(x))
			}
		}
		return starlark.Binary(op, x, y)
	})
}

func unary(name string, op syntax.Token) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return starlark.Unary(op, x)
	})
}

func compare(name string, op syntax.Token) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, y starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &y); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		r, err := starlark.Compare(op, x, y)
		if err != nil {
			return nil, err
		}
		return starlark.Bool(r), nil
	})
}

// identity is is_ (want true) or is_not: Starlark has no identity, so
// values that are equal and immutable (None, bools, small ints, strings)
// count as the same object, and mutable ones only as themselves.
func identity(want bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, y starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &y); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return starlark.Bool((x == y) == want), nil
	}
}

// getItem is a[k], through a compiled Starlark expression so that every
// kind of index (negative, slices, mappings) and its error is the
// language's own.
func getItem(thread *starlark.Thread, a, k starlark.Value) (starlark.Value, error) {
	indexOnce.Do(func() {
		indexFn, indexErr = starlark.ExprFunc("<operator>", "lambda a, k: a[k]", nil)
	})
	if indexErr != nil {
		return nil, indexErr
	}
	fn, err := starlark.Call(thread, indexFn, nil, nil)
	if err != nil {
		return nil, err
	}
	return starlark.Call(thread, fn, starlark.Tuple{a, k}, nil)
}

var (
	indexOnce sync.Once
	indexFn   *starlark.Function
	indexErr  error
)

// getterKind says what a getter takes from its argument.
type getterKind int

const (
	getterItem getterKind = iota
	getterAttr
)

// getter is itemgetter(*items) or attrgetter(*names): one key gives the
// value, several a tuple.
type getter struct {
	kind getterKind
	keys starlark.Tuple
}

var (
	_ starlark.Callable = (*getter)(nil)
	_ codec.Typed       = (*getter)(nil)
)

func newGetter(kind getterKind) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", b.Name())
		}
		if len(args) == 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s expected 1 argument, got 0", b.Name())
		}
		if kind == getterAttr {
			for _, a := range args {
				if _, ok := a.(starlark.String); !ok {
					return nil, pyerr.New(pyerr.TypeError, "attribute name must be a string")
				}
			}
		}
		return &getter{kind: kind, keys: append(starlark.Tuple{}, args...)}, nil
	}
}

func (g *getter) get(thread *starlark.Thread, obj, key starlark.Value) (starlark.Value, error) {
	if g.kind == getterItem {
		return getItem(thread, obj, key)
	}
	v := obj
	for _, name := range strings.Split(string(key.(starlark.String)), ".") {
		var err error
		if v, err = starlark.Call(thread, starlark.Universe["getattr"], starlark.Tuple{v, starlark.String(name)}, nil); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (g *getter) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", g.Name())
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "%s expected 1 argument, got %d", g.Name(), len(args))
	}
	if len(g.keys) == 1 {
		return g.get(thread, args[0], g.keys[0])
	}
	out := make(starlark.Tuple, len(g.keys))
	for i, k := range g.keys {
		v, err := g.get(thread, args[0], k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (g *getter) Name() string {
	if g.kind == getterAttr {
		return "attrgetter"
	}
	return "itemgetter"
}

func (g *getter) String() string {
	parts := make([]string, len(g.keys))
	for i, k := range g.keys {
		parts[i] = k.String()
	}
	return "operator." + g.Name() + "(" + strings.Join(parts, ", ") + ")"
}
func (g *getter) Type() string          { return "operator." + g.Name() }
func (g *getter) Freeze()               { g.keys.Freeze() }
func (g *getter) Truth() starlark.Bool  { return starlark.True }
func (g *getter) Hash() (uint32, error) { return identityHash(unsafe.Pointer(g)), nil }

const (
	itemGetterType   = "operator.itemgetter"
	attrGetterType   = "operator.attrgetter"
	methodCallerType = "operator.methodcaller"
)

// CodecState implements codec.Typed.
func (g *getter) CodecState() (string, starlark.Value) { return g.Type(), g.keys }

// methodCaller is methodcaller(name, *args, **kwargs).
type methodCaller struct {
	name   string
	args   starlark.Tuple
	kwargs *starlark.Dict
}

var _ codec.Typed = (*methodCaller)(nil)

func newMethodCaller(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "methodcaller needs at least one argument, the method name")
	}
	name, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "method name must be a string")
	}
	m := &methodCaller{name: string(name), args: append(starlark.Tuple{}, args[1:]...), kwargs: new(starlark.Dict)}
	for _, kv := range kwargs {
		m.kwargs.SetKey(kv[0], kv[1])
	}
	return m, nil
}

func (m *methodCaller) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "methodcaller expected 1 argument, got %d", len(args)+len(kwargs))
	}
	meth, err := starlark.Call(thread, starlark.Universe["getattr"], starlark.Tuple{args[0], starlark.String(m.name)}, nil)
	if err != nil {
		return nil, err
	}
	var kw []starlark.Tuple
	for _, kv := range m.kwargs.Items() {
		kw = append(kw, starlark.Tuple{kv[0], kv[1]})
	}
	return starlark.Call(thread, meth, m.args, kw)
}

func (m *methodCaller) Name() string { return "methodcaller" }
func (m *methodCaller) String() string {
	parts := []string{starlark.String(m.name).String()}
	for _, a := range m.args {
		parts = append(parts, a.String())
	}
	for _, kv := range m.kwargs.Items() {
		parts = append(parts, fmt.Sprintf("%s=%s", kv[0].(starlark.String).GoString(), kv[1].String()))
	}
	return "operator.methodcaller(" + strings.Join(parts, ", ") + ")"
}
func (m *methodCaller) Type() string          { return methodCallerType }
func (m *methodCaller) Freeze()               { m.args.Freeze(); m.kwargs.Freeze() }
func (m *methodCaller) Truth() starlark.Bool  { return starlark.True }
func (m *methodCaller) Hash() (uint32, error) { return identityHash(unsafe.Pointer(m)), nil }

// identityHash hashes a value by its address, as Python hashes objects
// without __hash__.
func identityHash(p unsafe.Pointer) uint32 {
	u := uintptr(p)
	return uint32(u>>3) ^ uint32(u>>35)
}

// CodecState implements codec.Typed.
func (m *methodCaller) CodecState() (string, starlark.Value) {
	return methodCallerType, starlark.Tuple{starlark.String(m.name), m.args, m.kwargs}
}

func decodeGetter(kind getterKind, state starlark.Value) (starlark.Value, error) {
	keys, ok := state.(starlark.Tuple)
	if !ok || len(keys) == 0 {
		return nil, fmt.Errorf("bad getter state %s", state.Type())
	}
	return &getter{kind: kind, keys: keys}, nil
}

func decodeItemGetter(state starlark.Value) (starlark.Value, error) {
	return decodeGetter(getterItem, state)
}

func decodeAttrGetter(state starlark.Value) (starlark.Value, error) {
	return decodeGetter(getterAttr, state)
}

func init() {
	codec.RegisterType(itemGetterType, decodeItemGetter)
	codec.RegisterType(attrGetterType, decodeAttrGetter)
	codec.RegisterType(methodCallerType, func(state starlark.Value) (starlark.Value, error) {
		t, ok := state.(starlark.Tuple)
		if !ok || len(t) != 3 {
			return nil, fmt.Errorf("bad methodcaller state %s", state.Type())
		}
		name, ok1 := t[0].(starlark.String)
		args, ok2 := t[1].(starlark.Tuple)
		kw, ok3 := t[2].(*starlark.Dict)
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("bad methodcaller state")
		}
		return &methodCaller{name: string(name), args: args, kwargs: kw}, nil
	})
}
