// Package operatormod is procstar's "operator" module: itemgetter,
// attrgetter and methodcaller (which cross processes, as Python pickles
// them), and the operators as functions, as far as Starlark has them.
package operatormod

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "operator" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"itemgetter":   starlark.NewBuiltin("itemgetter", newItemgetter),
		"attrgetter":   starlark.NewBuiltin("attrgetter", newAttrgetter),
		"methodcaller": starlark.NewBuiltin("methodcaller", newMethodcaller),
	}
	binops := []struct {
		name string
		op   syntax.Token
	}{{"add", syntax.PLUS}, {"sub", syntax.MINUS}, {"mul", syntax.STAR}, {"truediv", syntax.SLASH},
		{"floordiv", syntax.SLASHSLASH}, {"mod", syntax.PERCENT}, {"and_", syntax.AMP}, {"or_", syntax.PIPE},
		{"xor", syntax.CIRCUMFLEX}, {"lshift", syntax.LTLT}, {"rshift", syntax.GTGT}}
	for _, b := range binops {
		op := b.op
		m[b.name] = fn2(b.name, func(x, y starlark.Value) (starlark.Value, error) { return starlark.Binary(op, x, y) })
	}
	cmps := []struct {
		name string
		op   syntax.Token
	}{{"eq", syntax.EQL}, {"ne", syntax.NEQ}, {"lt", syntax.LT}, {"le", syntax.LE}, {"gt", syntax.GT}, {"ge", syntax.GE}}
	for _, c := range cmps {
		op := c.op
		m[c.name] = fn2(c.name, func(x, y starlark.Value) (starlark.Value, error) {
			ok, err := starlark.Compare(op, x, y)
			return starlark.Bool(ok), err
		})
	}
	m["contains"] = fn2("contains", func(a, b starlark.Value) (starlark.Value, error) { return starlark.Binary(syntax.IN, b, a) })
	m["getitem"] = fn2("getitem", getitem)
	m["concat"] = fn2("concat", func(a, b starlark.Value) (starlark.Value, error) {
		if !isSequence(a) {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object can't be concatenated", a.Type())
		}
		return starlark.Binary(syntax.PLUS, a, b)
	})
	m["is_"] = fn2("is_", func(a, b starlark.Value) (starlark.Value, error) { return starlark.Bool(same(a, b)), nil })
	m["is_not"] = fn2("is_not", func(a, b starlark.Value) (starlark.Value, error) { return starlark.Bool(!same(a, b)), nil })
	m["neg"] = fn1("neg", func(x starlark.Value) (starlark.Value, error) { return starlark.Unary(syntax.MINUS, x) })
	m["pos"] = fn1("pos", func(x starlark.Value) (starlark.Value, error) { return starlark.Unary(syntax.PLUS, x) })
	m["invert"] = fn1("invert", func(x starlark.Value) (starlark.Value, error) { return starlark.Unary(syntax.TILDE, x) })
	m["inv"] = fn1("inv", func(x starlark.Value) (starlark.Value, error) { return starlark.Unary(syntax.TILDE, x) })
	m["abs"] = fn1("abs", abs)
	m["not_"] = fn1("not_", func(x starlark.Value) (starlark.Value, error) { return !x.Truth(), nil })
	m["truth"] = fn1("truth", func(x starlark.Value) (starlark.Value, error) { return x.Truth(), nil })
	m["index"] = fn1("index", func(x starlark.Value) (starlark.Value, error) {
		switch x := x.(type) {
		case starlark.Int:
			return x, nil
		case starlark.Bool:
			if x {
				return starlark.MakeInt(1), nil
			}
			return starlark.MakeInt(0), nil
		}
		return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(x))
	})
	return &starlarkstruct.Module{Name: "operator", Members: m}
}

func fn1(name string, f func(x starlark.Value) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", name)
		}
		if len(args) != 1 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
		}
		return f(args[0])
	})
}

func fn2(name string, f func(x, y starlark.Value) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", name)
		}
		if len(args) != 2 {
			return nil, pyerr.New(pyerr.TypeError, "%s expected 2 arguments, got %d", name, len(args))
		}
		return f(args[0], args[1])
	})
}

func isSequence(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String, starlark.Bytes, starlark.Indexable:
		return true
	}
	return false
}

// same is Python's "is" as far as Starlark values have identity: the same
// object for references, equal values for None, bools, ints, floats and
// strings (which Python may or may not share).
func same(a, b starlark.Value) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch ra.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Func:
		return ra.Pointer() == rb.Pointer() && (ra.Kind() != reflect.Slice || ra.Len() == rb.Len())
	}
	if ra.Type().Comparable() {
		return a == b
	}
	eq, err := starlark.Equal(a, b)
	return err == nil && eq
}

func abs(x starlark.Value) (starlark.Value, error) {
	switch v := x.(type) {
	case starlark.Int:
		if v.Sign() < 0 {
			return starlark.Unary(syntax.MINUS, v)
		}
		return v, nil
	case starlark.Float:
		if math.Signbit(float64(v)) {
			return -v, nil
		}
		return v, nil
	case starlark.Bool:
		if v {
			return starlark.MakeInt(1), nil
		}
		return starlark.MakeInt(0), nil
	}
	return nil, pyerr.New(pyerr.TypeError, "bad operand type for abs(): '%s'", x.Type())
}

// getitem is a[b] for a mapping or a sequence with an int index.
func getitem(a, b starlark.Value) (starlark.Value, error) {
	if m, ok := a.(starlark.Mapping); ok {
		v, found, err := m.Get(b)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, pyerr.New(pyerr.KeyError, "%s", pyerr.Repr(b))
		}
		return v, nil
	}
	seq, ok := a.(starlark.Indexable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", a.Type())
	}
	var i int
	switch b := b.(type) {
	case starlark.Int:
		n, ok := b.Int64()
		if !ok {
			return nil, pyerr.New(pyerr.IndexError, "cannot fit 'int' into an index-sized integer")
		}
		i = int(n)
	case starlark.Bool:
		if b {
			i = 1
		}
	default:
		if _, ok := a.(starlark.String); ok {
			return nil, pyerr.New(pyerr.TypeError, "string indices must be integers, not '%s'", pyformat.TypeName(b))
		}
		return nil, pyerr.New(pyerr.TypeError, "%s indices must be integers or slices, not %s", a.Type(), pyformat.TypeName(b))
	}
	n := seq.Len()
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, pyerr.New(pyerr.IndexError, "%s index out of range", a.Type())
	}
	return seq.Index(i), nil
}

// Getter is itemgetter, attrgetter or methodcaller.
type Getter struct {
	kind  string // "itemgetter", "attrgetter", "methodcaller"
	items starlark.Tuple
	// methodcaller's name is items[0]; its arguments:
	kwargs []starlark.Tuple
}

var (
	_ starlark.Callable = (*Getter)(nil)
	_ codec.Typed       = (*Getter)(nil)
)

func newItemgetter(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "itemgetter() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "itemgetter expected 1 argument, got 0")
	}
	return &Getter{kind: "itemgetter", items: append(starlark.Tuple(nil), args...)}, nil
}

func newAttrgetter(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "attrgetter() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "attrgetter expected 1 argument, got 0")
	}
	for _, a := range args {
		if _, ok := a.(starlark.String); !ok {
			return nil, pyerr.New(pyerr.TypeError, "attribute name must be a string")
		}
	}
	return &Getter{kind: "attrgetter", items: append(starlark.Tuple(nil), args...)}, nil
}

func newMethodcaller(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "methodcaller needs at least one argument, the method name")
	}
	if _, ok := args[0].(starlark.String); !ok {
		return nil, pyerr.New(pyerr.TypeError, "method name must be a string")
	}
	return &Getter{kind: "methodcaller", items: append(starlark.Tuple(nil), args...), kwargs: append([]starlark.Tuple(nil), kwargs...)}, nil
}

func (g *Getter) Name() string         { return g.kind }
func (g *Getter) Type() string         { return "operator." + g.kind }
func (g *Getter) Freeze()              { g.items.Freeze() }
func (g *Getter) Truth() starlark.Bool { return starlark.True }
func (g *Getter) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'operator.%s'", g.kind)
}

// String is CPython's repr: operator.itemgetter(1, 'a').
func (g *Getter) String() string {
	var b strings.Builder
	b.WriteString("operator." + g.kind + "(")
	for i, a := range g.items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyerr.Repr(a))
	}
	for _, kv := range g.kwargs {
		k, _ := starlark.AsString(kv[0])
		fmt.Fprintf(&b, ", %s=%s", k, pyerr.Repr(kv[1]))
	}
	b.WriteByte(')')
	return b.String()
}

func getattr(v starlark.Value, name string) (starlark.Value, error) {
	if h, ok := v.(starlark.HasAttrs); ok {
		a, err := h.Attr(name)
		if err != nil {
			return nil, err
		}
		if a != nil {
			return a, nil
		}
	}
	return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", pyformat.TypeName(v), name)
}

func dotted(v starlark.Value, path string) (starlark.Value, error) {
	for _, name := range strings.Split(path, ".") {
		var err error
		if v, err = getattr(v, name); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (g *Getter) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", g.kind)
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "%s expected 1 argument, got %d", g.kind, len(args))
	}
	obj := args[0]
	switch g.kind {
	case "methodcaller":
		name, _ := starlark.AsString(g.items[0])
		m, err := getattr(obj, name)
		if err != nil {
			return nil, err
		}
		return starlark.Call(thread, m, g.items[1:], g.kwargs)
	case "attrgetter":
		out := make(starlark.Tuple, len(g.items))
		for i, a := range g.items {
			name, _ := starlark.AsString(a)
			v, err := dotted(obj, name)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		if len(out) == 1 {
			return out[0], nil
		}
		return out, nil
	}
	out := make(starlark.Tuple, len(g.items))
	for i, k := range g.items {
		v, err := getitem(obj, k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

const getterType = "operator.getter"

// CodecState implements codec.Typed: a getter crosses as a copy, as
// Python pickles it.
func (g *Getter) CodecState() (string, starlark.Value) {
	kw := starlark.NewDict(len(g.kwargs))
	for _, kv := range g.kwargs {
		kw.SetKey(kv[0], kv[1])
	}
	return getterType, starlark.Tuple{starlark.String(g.kind), g.items, kw}
}

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: getterType, Decode: decodeGetter}}

func decodeGetter(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if ok && len(t) == 3 {
		kind, _ := starlark.AsString(t[0])
		items, ok1 := t[1].(starlark.Tuple)
		kw, ok2 := t[2].(*starlark.Dict)
		if ok1 && ok2 && (kind == "itemgetter" || kind == "attrgetter" || kind == "methodcaller") {
			return &Getter{kind: kind, items: items, kwargs: kw.Items()}, nil
		}
	}
	return nil, pyerr.New(pyerr.TypeError, "bad operator getter state %s", state.String())
}
