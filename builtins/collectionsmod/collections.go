// Package collectionsmod is procstar's "collections" module: defaultdict,
// OrderedDict, Counter, deque, namedtuple and ChainMap, as CPython's, each crossing processes as
// Python pickles it.
package collectionsmod

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns the "collections" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "collections", Members: starlark.StringDict{
		"defaultdict": starlark.NewBuiltin("defaultdict", newDefaultDict),
		"OrderedDict": starlark.NewBuiltin("OrderedDict", newOrderedDict),
		"Counter":     starlark.NewBuiltin("Counter", newCounter),
		"deque":       starlark.NewBuiltin("deque", newDeque),
		"namedtuple":  starlark.NewBuiltin("namedtuple", newNamedTuple),
		"ChainMap":    starlark.NewBuiltin("ChainMap", newChainMap),
	}}
}

// pyType is Python's name of a value's type, for error texts.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	case *starlark.Dict:
		return "dict"
	case *starlark.List:
		return "list"
	}
	return v.Type()
}

// dictRepr is Python's repr of d's items ({'a': 1}).
func dictRepr(d *starlark.Dict) string { return pyerr.Repr(d) }

// reprGuard is set while a collection's String writes it: a collection
// that holds itself (directly or through a list or dict, whose String
// starts its own cycle check afresh) then writes a placeholder there, as
// Python's repr does, instead of recursing until the Go stack overflows.
type reprGuard struct{ busy atomic.Bool }

// enter reports whether the value is not already being written; if so
// the caller writes it and calls leave.
func (g *reprGuard) enter() bool { return g.busy.CompareAndSwap(false, true) }
func (g *reprGuard) leave()      { g.busy.Store(false) }

// fill adds to d what Python's dict(arg, **kwargs) would hold.
func fill(thread *starlark.Thread, d *starlark.Dict, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) > 1 {
		return pyerr.New(pyerr.TypeError, "expected at most 1 argument, got %d", len(args))
	}
	if len(args) == 1 {
		src, err := pyiter.Call(thread, starlark.Universe["dict"], args, nil) // an iterator's error is ours
		if err != nil {
			return err
		}
		for _, kv := range src.(*starlark.Dict).Items() {
			if err := d.SetKey(kv[0], kv[1]); err != nil {
				return err
			}
		}
	}
	for _, kv := range kwargs {
		if err := d.SetKey(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// DefaultDict is collections.defaultdict: a dict whose missing keys, when
// read by d[k], are given default_factory() first.
type DefaultDict struct {
	*starlark.Dict
	factory starlark.Value // None: a plain dict's KeyError
	thread  *starlark.Thread
	repr    reprGuard
}

var (
	_ starlark.HasSetKey       = (*DefaultDict)(nil)
	_ starlark.IterableMapping = (*DefaultDict)(nil)
	_ starlark.Container       = (*DefaultDict)(nil)
	_ starlark.HasSetField     = (*DefaultDict)(nil)
	_ starlark.HasBinary       = (*DefaultDict)(nil)
	_ codec.Typed              = (*DefaultDict)(nil)
)

func newDefaultDict(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var factory starlark.Value = starlark.None
	if len(args) > 0 {
		factory, args = args[0], args[1:]
	}
	if _, ok := factory.(starlark.Callable); !ok && factory != starlark.None {
		return nil, pyerr.New(pyerr.TypeError, "first argument must be callable or None")
	}
	d := &DefaultDict{Dict: new(starlark.Dict), factory: factory, thread: thread}
	if err := fill(thread, d.Dict, args, kwargs); err != nil {
		return nil, err
	}
	return d, nil
}

// Has is what `in` asks: it never calls the factory.
func (d *DefaultDict) Has(k starlark.Value) (bool, error) {
	_, found, err := d.Dict.Get(k)
	return found, err
}

// Get is d[k]: a missing key gets default_factory() (Python's __missing__).
func (d *DefaultDict) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := d.Dict.Get(k)
	if err != nil || found {
		return v, found, err
	}
	if d.factory == starlark.None {
		return nil, false, pyerr.New(pyerr.KeyError, "%s", pyerr.Repr(k))
	}
	thread := d.thread
	if thread == nil {
		thread = &starlark.Thread{Name: "defaultdict"}
	}
	v, err = starlark.Call(thread, d.factory, nil, nil)
	if err != nil {
		return nil, false, err
	}
	if err := d.Dict.SetKey(k, v); err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (d *DefaultDict) String() string {
	if !d.repr.enter() {
		// Python's dict repr inside: {...}.
		return "defaultdict(" + factoryRepr(d.factory) + ", {...})"
	}
	defer d.repr.leave()
	return "defaultdict(" + factoryRepr(d.factory) + ", " + dictRepr(d.Dict) + ")"
}

// factoryRepr names a factory as Python does: Starlark's builtin list is
// Python's class list.
func factoryRepr(f starlark.Value) string {
	if b, ok := f.(*starlark.Builtin); ok && b.Receiver() == nil {
		switch b.Name() {
		case "int", "str", "list", "dict", "tuple", "float", "bool", "set", "bytes":
			return "<class '" + b.Name() + "'>"
		}
	}
	if fn, ok := f.(*starlark.Function); ok {
		return "<function " + fn.Name() + ">"
	}
	return pyerr.Repr(f)
}

func (d *DefaultDict) Type() string { return "collections.defaultdict" }

func (d *DefaultDict) AttrNames() []string {
	return append(d.Dict.AttrNames(), "default_factory")
}

func (d *DefaultDict) Attr(name string) (starlark.Value, error) {
	switch name {
	case "default_factory":
		return d.factory, nil
	case "copy":
		return starlark.NewBuiltin("copy", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			c := &DefaultDict{Dict: new(starlark.Dict), factory: d.factory, thread: d.thread}
			for _, kv := range d.Dict.Items() {
				c.Dict.SetKey(kv[0], kv[1])
			}
			return c, nil
		}), nil
	}
	return d.Dict.Attr(name)
}

// dictOf is the dict behind v if v is a dict or one of the dict types
// here (Python's isinstance(v, dict)).
func dictOf(v starlark.Value) (*starlark.Dict, bool) {
	switch v := v.(type) {
	case *starlark.Dict:
		return v, true
	case *DefaultDict:
		return v.Dict, true
	case *OrderedDict:
		return v.Dict, true
	case *Counter:
		return v.Dict, true
	}
	return nil, false
}

// union is x | y for dicts x and y, into out: x's items, then y's.
func union(out, x, y *starlark.Dict) {
	for _, d := range []*starlark.Dict{x, y} {
		for _, kv := range d.Items() {
			out.SetKey(kv[0], kv[1])
		}
	}
}

// Binary is d | other and other | d for a dict other: a defaultdict with
// d's factory (Python's __or__ and __ror__).
func (d *DefaultDict) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	o, ok := dictOf(y)
	if op != syntax.PIPE || !ok {
		return nil, nil
	}
	out := &DefaultDict{Dict: new(starlark.Dict), factory: d.factory, thread: d.thread}
	if side == starlark.Left {
		union(out.Dict, d.Dict, o)
	} else {
		union(out.Dict, o, d.Dict)
	}
	return out, nil
}

// SetField is d.default_factory = f: Python lets it be replaced (by any
// object: a non-callable fails when a missing key is read).
func (d *DefaultDict) SetField(name string, v starlark.Value) error {
	if name != "default_factory" {
		return pyerr.New("AttributeError", "'collections.defaultdict' object has no attribute '%s'", name)
	}
	d.factory = v
	return nil
}

func (d *DefaultDict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return d.Dict.CompareSameType(op, y.(*DefaultDict).Dict, depth)
}

const defaultDictType = "collections.defaultdict"

// CodecState implements codec.Typed: the factory by reference, the items
// by value.
func (d *DefaultDict) CodecState() (string, starlark.Value) {
	return defaultDictType, starlark.Tuple{d.factory, d.Dict}
}

func decodeDefaultDict(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, fmt.Errorf("bad defaultdict state %s", state.Type())
	}
	items, ok := t[1].(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("bad defaultdict state")
	}
	return &DefaultDict{Dict: items, factory: t[0]}, nil
}

// Counter is collections.Counter: a dict of counts, where a missing key
// reads 0.
type Counter struct {
	*starlark.Dict
	repr reprGuard
}

var (
	_ starlark.HasSetKey       = (*Counter)(nil)
	_ starlark.IterableMapping = (*Counter)(nil)
	_ starlark.Container       = (*Counter)(nil)
	_ starlark.HasBinary       = (*Counter)(nil)
	_ starlark.HasUnary        = (*Counter)(nil)
	_ codec.Typed              = (*Counter)(nil)
)

func newCounter(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	c := &Counter{Dict: new(starlark.Dict)}
	if err := c.update(thread, args, kwargs, 1); err != nil {
		return nil, err
	}
	return c, nil
}

// update adds (sign 1) or subtracts (-1) counts from a mapping, an
// iterable of keys, or keywords, as Counter.update and subtract.
func (c *Counter) update(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple, sign int) error {
	if len(args) > 1 {
		return pyerr.New(pyerr.TypeError, "expected at most 1 argument, got %d", len(args))
	}
	add := func(k, n starlark.Value) error {
		cur, found, err := c.Dict.Get(k)
		if err != nil {
			return err
		}
		if !found {
			cur = starlark.MakeInt(0)
		}
		// Python's update computes count + self[k], subtract
		// self[k] - count: the order shows in errors and str counts.
		v, err := starlark.Binary(syntax.PLUS, n, cur)
		if sign < 0 {
			v, err = starlark.Binary(syntax.MINUS, cur, n)
		}
		if err != nil {
			return err
		}
		return c.Dict.SetKey(k, v)
	}
	// Python's update copies a mapping into an empty Counter as
	// dict.update does, values as they are (Counter(a=2, b=None)); it
	// adds only into a non-empty one.
	addAll := func(items []starlark.Tuple) error {
		copying := sign > 0 && c.Dict.Len() == 0
		for _, kv := range items {
			var err error
			if copying {
				err = c.Dict.SetKey(kv[0], kv[1])
			} else {
				err = add(kv[0], kv[1])
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if len(args) == 1 {
		switch src := args[0].(type) {
		case starlark.IterableMapping:
			if err := addAll(src.Items()); err != nil {
				return err
			}
		case starlark.String:
			for _, r := range string(src) {
				if err := add(starlark.String(string(r)), starlark.MakeInt(1)); err != nil {
					return err
				}
			}
		case starlark.Iterable:
			// An iterator that can fail: its error is ours, the
			// elements before it counted, as in Python.
			it := pyiter.Iterate(src)
			defer it.Done()
			var x starlark.Value
			for it.Next(&x) {
				if err := add(x, starlark.MakeInt(1)); err != nil {
					return err
				}
			}
			if err := it.Err(); err != nil {
				return err
			}
		case starlark.NoneType:
		default:
			return pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(args[0]))
		}
	}
	return addAll(kwargs)
}

func (c *Counter) Has(k starlark.Value) (bool, error) {
	_, found, err := c.Dict.Get(k)
	return found, err
}

// Get is c[k]: 0 for a missing key, which is not added.
func (c *Counter) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := c.Dict.Get(k)
	if err != nil || found {
		return v, found, err
	}
	return starlark.MakeInt(0), true, nil
}

// mostCommon is the items by count, highest first; equal counts in the
// order first seen (Python's sort is stable).
func (c *Counter) mostCommon() []starlark.Tuple {
	items := c.Dict.Items()
	var sortErr error
	sort.SliceStable(items, func(i, j int) bool {
		lt, err := starlark.Compare(syntax.GT, items[i][1], items[j][1])
		if err != nil && sortErr == nil {
			sortErr = err
		}
		return lt
	})
	return items
}

func (c *Counter) String() string {
	if c.Dict.Len() == 0 {
		return "Counter()"
	}
	if !c.repr.enter() {
		// Python recurses until RecursionError.
		return "..."
	}
	defer c.repr.leave()
	parts := make([]string, 0, c.Dict.Len())
	for _, kv := range c.mostCommon() {
		parts = append(parts, pyerr.Repr(kv[0])+": "+pyerr.Repr(kv[1]))
	}
	return "Counter({" + strings.Join(parts, ", ") + "})"
}

func (c *Counter) Type() string { return "collections.Counter" }

func (c *Counter) AttrNames() []string {
	return append(c.Dict.AttrNames(), "elements", "most_common", "subtract", "total")
}

func (c *Counter) Attr(name string) (starlark.Value, error) {
	method := func(fn func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) (starlark.Value, error) {
		return starlark.NewBuiltin(name, fn), nil
	}
	switch name {
	case "most_common":
		return method(func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var n starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n?", &n); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			items := c.mostCommon()
			if n != starlark.None {
				var k int
				if err := starlark.AsInt(n, &k); err != nil {
					return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyType(n))
				}
				items = items[:max(0, min(k, len(items)))]
			}
			out := make([]starlark.Value, len(items))
			for i, kv := range items {
				out[i] = starlark.Tuple{kv[0], kv[1]}
			}
			return starlark.NewList(out), nil
		})
	case "elements":
		return method(func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			var out []starlark.Value
			for _, kv := range c.Dict.Items() {
				n, ok := kv[1].(starlark.Int)
				if !ok {
					return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyType(kv[1]))
				}
				k, _ := n.Int64()
				for ; k > 0; k-- {
					out = append(out, kv[0])
				}
			}
			return starlark.NewList(out), nil
		})
	case "update", "subtract":
		sign := 1
		if name == "subtract" {
			sign = -1
		}
		return method(func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, c.update(thread, args, kwargs, sign)
		})
	case "total":
		return method(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			var sum starlark.Value = starlark.MakeInt(0)
			for _, kv := range c.Dict.Items() {
				var err error
				if sum, err = starlark.Binary(syntax.PLUS, sum, kv[1]); err != nil {
					return nil, err
				}
			}
			return sum, nil
		})
	case "copy":
		return method(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return c.copyWhere(func(starlark.Value) bool { return true }), nil
		})
	}
	return c.Dict.Attr(name)
}

// positive reports whether a count is above zero.
func positive(v starlark.Value) bool {
	gt, err := starlark.Compare(syntax.GT, v, starlark.MakeInt(0))
	return err == nil && gt
}

func (c *Counter) copyWhere(keep func(starlark.Value) bool) *Counter {
	out := &Counter{Dict: new(starlark.Dict)}
	for _, kv := range c.Dict.Items() {
		if keep(kv[1]) {
			out.Dict.SetKey(kv[0], kv[1])
		}
	}
	return out
}

// Binary is Counter's + - & |: the result keeps positive counts only.
func (c *Counter) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	o, ok := y.(*Counter)
	if !ok {
		return nil, nil
	}
	a, b := c, o
	if side == starlark.Right {
		a, b = o, c
	}
	out := &Counter{Dict: new(starlark.Dict)}
	get := func(x *Counter, k starlark.Value) starlark.Value {
		v, found, _ := x.Dict.Get(k)
		if !found {
			return starlark.MakeInt(0)
		}
		return v
	}
	keys := append(a.Dict.Keys(), b.Dict.Keys()...)
	for _, k := range keys {
		if _, done, _ := out.Dict.Get(k); done {
			continue
		}
		x, z := get(a, k), get(b, k)
		var v starlark.Value
		var err error
		switch op {
		case syntax.PLUS:
			v, err = starlark.Binary(syntax.PLUS, x, z)
		case syntax.MINUS:
			v, err = starlark.Binary(syntax.MINUS, x, z)
		case syntax.AMP, syntax.PIPE:
			lt, cerr := starlark.Compare(syntax.LT, x, z)
			err = cerr
			if (op == syntax.AMP) == lt {
				v = x
			} else {
				v = z
			}
		default:
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if positive(v) {
			out.Dict.SetKey(k, v)
		}
	}
	return out, nil
}

// Unary is +c (positive counts) and -c (negated negative ones).
func (c *Counter) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		return c.copyWhere(positive), nil
	case syntax.MINUS:
		out := &Counter{Dict: new(starlark.Dict)}
		for _, kv := range c.Dict.Items() {
			if neg, err := starlark.Unary(syntax.MINUS, kv[1]); err == nil && positive(neg) {
				out.Dict.SetKey(kv[0], neg)
			}
		}
		return out, nil
	}
	return nil, nil
}

// CompareSameType is Python 3.10's Counter comparison: a missing key
// counts 0 (Counter(a=1) == Counter(a=1, b=0)), and <, <=, >, >= are
// multiset inclusion.
func (c *Counter) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*Counter)
	// all is whether cmp holds between c[k] and o[k] for every key of
	// either.
	all := func(cmp syntax.Token) (bool, error) {
		for _, x := range []*Counter{c, o} {
			for _, k := range x.Dict.Keys() {
				a, _, err := c.Get(k)
				if err != nil {
					return false, err
				}
				b, _, err := o.Get(k)
				if err != nil {
					return false, err
				}
				if ok, err := starlark.CompareDepth(cmp, a, b, depth-1); err != nil || !ok {
					return false, err
				}
			}
		}
		return true, nil
	}
	switch op {
	case syntax.EQL:
		return all(syntax.EQL)
	case syntax.NEQ:
		eq, err := all(syntax.EQL)
		return !eq, err
	case syntax.LE:
		return all(syntax.LE)
	case syntax.GE:
		return all(syntax.GE)
	}
	// < and >: <= (>=) and not equal.
	weak := syntax.LE
	if op == syntax.GT {
		weak = syntax.GE
	}
	ok, err := all(weak)
	if err != nil || !ok {
		return false, err
	}
	eq, err := all(syntax.EQL)
	return !eq, err
}

const counterType = "collections.Counter"

// CodecState implements codec.Typed.
func (c *Counter) CodecState() (string, starlark.Value) { return counterType, c.Dict }

func decodeCounter(state starlark.Value) (starlark.Value, error) {
	d, ok := state.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("bad Counter state %s", state.Type())
	}
	return &Counter{Dict: d}, nil
}

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{
	{Name: defaultDictType, Decode: decodeDefaultDict},
	{Name: orderedDictType, Decode: decodeOrderedDict},
	{Name: counterType, Decode: decodeCounter},
	{Name: dequeType, Decode: decodeDeque},
	{Name: namedTupleType, Decode: decodeNamedTuple},
	{Name: chainMapType, Decode: decodeChainMap},
}

// Factory is a defaultdict's default_factory, and FactoryRepr its repr as
// Python writes it (for pprint).
func (d *DefaultDict) Factory() starlark.Value { return d.factory }

// FactoryRepr is Python's repr of a default_factory (<class 'int'>).
func FactoryRepr(f starlark.Value) string { return factoryRepr(f) }

// MostCommon is Counter.most_common(): the items, most common first.
func (c *Counter) MostCommon() []starlark.Tuple { return c.mostCommon() }
