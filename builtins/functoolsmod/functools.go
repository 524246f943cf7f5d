// Package functoolsmod is procstar's "functools" module: partial (which
// crosses processes as Python pickles it), reduce, cmp_to_key, lru_cache
// and cache. total_ordering and wraps are not there: Starlark has no
// classes and no decorators.
package functoolsmod

import (
	"container/list"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "functools" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "functools", Members: starlark.StringDict{
		"partial":    starlark.NewBuiltin("partial", newPartial),
		"reduce":     starlark.NewBuiltin("reduce", reduce),
		"cmp_to_key": starlark.NewBuiltin("cmp_to_key", cmpToKey),
		"lru_cache":  starlark.NewBuiltin("lru_cache", lruCache),
		"cache":      starlark.NewBuiltin("cache", cache),
	}}
}

// Partial is functools.partial: fn with some arguments given.
type Partial struct {
	fn     starlark.Value
	args   starlark.Tuple
	kwargs []starlark.Tuple // in the order given, later ones replace
}

var (
	_ starlark.Callable = (*Partial)(nil)
	_ starlark.HasAttrs = (*Partial)(nil)
	_ codec.Typed       = (*Partial)(nil)
)

// NewPartial is partial(fn, *args, **kwargs); a partial of a partial
// flattens into one, as CPython's does.
func NewPartial(fn starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*Partial, error) {
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "the first argument must be callable")
	}
	if inner, ok := fn.(*Partial); ok {
		args = append(append(starlark.Tuple(nil), inner.args...), args...)
		kwargs = mergeKwargs(inner.kwargs, kwargs)
		fn = inner.fn
	} else {
		args = append(starlark.Tuple(nil), args...)
		kwargs = mergeKwargs(nil, kwargs)
	}
	return &Partial{fn: fn, args: args, kwargs: kwargs}, nil
}

// mergeKwargs is a's keywords updated by b's, in a dict's order.
func mergeKwargs(a, b []starlark.Tuple) []starlark.Tuple {
	out := make([]starlark.Tuple, 0, len(a)+len(b))
	for _, kvs := range [][]starlark.Tuple{a, b} {
	next:
		for _, kv := range kvs {
			for i, o := range out {
				if o[0] == kv[0] {
					out[i] = starlark.Tuple{kv[0], kv[1]}
					continue next
				}
			}
			out = append(out, starlark.Tuple{kv[0], kv[1]})
		}
	}
	return out
}

func newPartial(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "type 'partial' takes at least one argument")
	}
	return NewPartial(args[0], args[1:], kwargs)
}

func (p *Partial) Name() string { return "partial" }
func (p *Partial) Type() string { return "functools.partial" }
func (p *Partial) Freeze() {
	p.fn.Freeze()
	p.args.Freeze()
	for _, kv := range p.kwargs {
		kv[1].Freeze()
	}
}
func (p *Partial) Truth() starlark.Bool { return starlark.True }
func (p *Partial) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'functools.partial'")
}

// String is CPython's repr, with procstar's text for the function.
func (p *Partial) String() string {
	var b strings.Builder
	b.WriteString("functools.partial(")
	b.WriteString(pyerr.Repr(p.fn))
	for _, a := range p.args {
		b.WriteString(", ")
		b.WriteString(pyerr.Repr(a))
	}
	for _, kv := range p.kwargs {
		k, _ := starlark.AsString(kv[0])
		fmt.Fprintf(&b, ", %s=%s", k, pyerr.Repr(kv[1]))
	}
	b.WriteByte(')')
	return b.String()
}

func (p *Partial) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	all := append(append(make(starlark.Tuple, 0, len(p.args)+len(args)), p.args...), args...)
	return starlark.Call(thread, p.fn, all, mergeKwargs(p.kwargs, kwargs))
}

// Func is the wrapped callable (never a partial).
func (p *Partial) Func() starlark.Value { return p.fn }

func (p *Partial) AttrNames() []string { return []string{"args", "func", "keywords"} }
func (p *Partial) Attr(name string) (starlark.Value, error) {
	switch name {
	case "func":
		return p.fn, nil
	case "args":
		return p.args, nil
	case "keywords":
		d := starlark.NewDict(len(p.kwargs))
		for _, kv := range p.kwargs {
			d.SetKey(kv[0], kv[1])
		}
		return d, nil
	}
	return nil, nil
}

const partialType = "functools.partial"

// CodecState implements codec.Typed: the function crosses by reference,
// the arguments by value, as Python pickles a partial.
func (p *Partial) CodecState() (string, starlark.Value) {
	kw := starlark.NewDict(len(p.kwargs))
	for _, kv := range p.kwargs {
		kw.SetKey(kv[0], kv[1])
	}
	return partialType, starlark.Tuple{p.fn, p.args, kw}
}

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: partialType, Decode: decodePartial}}

func decodePartial(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if ok && len(t) == 3 {
		args, ok1 := t[1].(starlark.Tuple)
		kw, ok2 := t[2].(*starlark.Dict)
		if ok1 && ok2 {
			return NewPartial(t[0], args, kw.Items())
		}
	}
	return nil, pyerr.New(pyerr.TypeError, "bad functools.partial state %s", state.Type())
}

func reduce(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "reduce() takes no keyword arguments")
	}
	if len(args) < 2 {
		return nil, pyerr.New(pyerr.TypeError, "reduce expected at least 2 arguments, got %d", len(args))
	}
	if len(args) > 3 {
		return nil, pyerr.New(pyerr.TypeError, "reduce expected at most 3 arguments, got %d", len(args))
	}
	it, ok := args[1].(starlark.Iterable)
	if s, isStr := args[1].(starlark.String); isStr {
		// A Python str is an iterable of its characters (as itertools
		// and collections take it here too).
		var chars starlark.Tuple
		for _, r := range string(s) {
			chars = append(chars, starlark.String(string(r)))
		}
		it, ok = chars, true
	}
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "reduce() arg 2 must support iteration")
	}
	var acc starlark.Value
	if len(args) == 3 {
		acc = args[2]
	}
	iter := pyiter.Iterate(it) // an iterator that can fail: its error is reduce's
	defer iter.Done()
	var x starlark.Value
	pair := make(starlark.Tuple, 2)
	for iter.Next(&x) {
		if acc == nil {
			acc = x
			continue
		}
		pair[0], pair[1] = acc, x
		v, err := starlark.Call(thread, args[0], pair, nil)
		if err != nil {
			return nil, err
		}
		acc = v
		pair = make(starlark.Tuple, 2) // the function may keep its args
	}
	if err := iter.Err(); err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, pyerr.New(pyerr.TypeError, "reduce() of empty iterable with no initial value")
	}
	return acc, nil
}

// cmpToKey is cmp_to_key(mycmp): K(x) is a key object whose order is
// mycmp's.
func cmpToKey(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmp starlark.Value
	if err := starlark.UnpackArgs("cmp_to_key", args, kwargs, "mycmp", &cmp); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.NewBuiltin("functools.KeyWrapper", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var obj starlark.Value
		if err := starlark.UnpackArgs("K", args, kwargs, "obj", &obj); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return &cmpKey{cmp: cmp, obj: obj, thread: thread}, nil
	}), nil
}

// cmpKey is a cmp_to_key key: comparing two calls cmp on their objects in
// the thread that made the key (sorted's, which is waiting for it).
type cmpKey struct {
	cmp, obj starlark.Value
	thread   *starlark.Thread
}

var (
	_ starlark.Comparable = (*cmpKey)(nil)
	_ starlark.HasAttrs   = (*cmpKey)(nil)
)

// Attr is K(x).obj, the wrapped value, as CPython's KeyWrapper has it.
func (k *cmpKey) Attr(name string) (starlark.Value, error) {
	if name == "obj" {
		return k.obj, nil
	}
	return nil, nil
}
func (k *cmpKey) AttrNames() []string { return []string{"obj"} }

func (k *cmpKey) String() string       { return "<functools.KeyWrapper object>" }
func (k *cmpKey) Type() string         { return "functools.KeyWrapper" }
func (k *cmpKey) Freeze()              { k.obj.Freeze() }
func (k *cmpKey) Truth() starlark.Bool { return starlark.True }
func (k *cmpKey) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'functools.KeyWrapper'")
}
func (k *cmpKey) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	r, err := starlark.Call(k.thread, k.cmp, starlark.Tuple{k.obj, y.(*cmpKey).obj}, nil)
	if err != nil {
		return false, err
	}
	n, err := starlark.Compare(op, r, starlark.MakeInt(0))
	if err != nil {
		return false, err
	}
	return n, nil
}

// lruCache is lru_cache(maxsize=128, typed=False) or lru_cache(user_function).
func lruCache(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var maxsize starlark.Value = starlark.MakeInt(128)
	typed := false
	if err := starlark.UnpackArgs("lru_cache", args, kwargs, "maxsize?", &maxsize, "typed?", &typed); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if _, ok := maxsize.(starlark.Callable); ok {
		return newCached(maxsize, 128), nil
	}
	max := -1
	switch m := maxsize.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, _ := m.Int64()
		max = int(n)
		if max < 0 {
			max = 0
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "Expected first argument to be an integer, a callable, or None")
	}
	return starlark.NewBuiltin("decorating_function", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Value
		if err := starlark.UnpackArgs("decorating_function", args, kwargs, "user_function", &fn); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if _, ok := fn.(starlark.Callable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "the first argument must be callable")
		}
		return newCached(fn, max), nil
	}), nil
}

func cache(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackArgs("cache", args, kwargs, "user_function", &fn); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "the first argument must be callable")
	}
	return newCached(fn, -1), nil
}

// Cached is lru_cache's wrapper of a function: results by arguments, the
// least recently used dropped past maxsize (-1: unbounded).
type Cached struct {
	fn           starlark.Value
	max          int
	mu           sync.Mutex
	entries      *starlark.Dict // key tuple -> *list.Element of cacheEntry
	order        *list.List     // front: most recently used
	hits, misses int
}

type cacheEntry struct{ key, value starlark.Value }

func newCached(fn starlark.Value, max int) *Cached {
	return &Cached{fn: fn, max: max, entries: starlark.NewDict(0), order: list.New()}
}

var _ starlark.Callable = (*Cached)(nil)

func (c *Cached) Name() string { return "_lru_cache_wrapper" }
func (c *Cached) Type() string { return "functools._lru_cache_wrapper" }
func (c *Cached) String() string {
	return fmt.Sprintf("<functools._lru_cache_wrapper object at %#x>", uintptr(unsafe.Pointer(c)))
}
func (c *Cached) Freeze()              {} // a cache keeps filling, as Python's does
func (c *Cached) Truth() starlark.Bool { return starlark.True }
func (c *Cached) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'functools._lru_cache_wrapper'")
}

// kwMark separates positional from keyword arguments in a key, as
// CPython's kwd_mark.
var kwMark = starlark.String("\x00functools.kwd_mark")

func (c *Cached) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	key := append(starlark.Tuple(nil), args...)
	if len(kwargs) > 0 {
		key = append(key, kwMark)
		for _, kv := range kwargs {
			key = append(key, kv[0], kv[1])
		}
	}
	if _, err := key.Hash(); err != nil {
		return nil, err
	}
	if c.max == 0 {
		c.mu.Lock()
		c.misses++
		c.mu.Unlock()
		return starlark.Call(thread, c.fn, args, kwargs)
	}
	c.mu.Lock()
	if e, found, _ := c.entries.Get(key); found {
		el := e.(*elem).el
		c.order.MoveToFront(el)
		c.hits++
		v := el.Value.(cacheEntry).value
		c.mu.Unlock()
		return v, nil
	}
	c.misses++
	c.mu.Unlock()
	v, err := starlark.Call(thread, c.fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, found, _ := c.entries.Get(key); found {
		return v, nil // another thread filled it meanwhile
	}
	el := c.order.PushFront(cacheEntry{key, v})
	c.entries.SetKey(key, &elem{el})
	if c.max > 0 && c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		c.entries.Delete(last.Value.(cacheEntry).key)
	}
	return v, nil
}

// elem holds a list element as a Starlark value, so the dict can map to it.
type elem struct{ el *list.Element }

func (e *elem) String() string        { return "<cache entry>" }
func (e *elem) Type() string          { return "cache_entry" }
func (e *elem) Freeze()               {}
func (e *elem) Truth() starlark.Bool  { return starlark.True }
func (e *elem) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable") }

func (c *Cached) AttrNames() []string { return []string{"__wrapped__", "cache_clear", "cache_info"} }
func (c *Cached) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__wrapped__":
		return c.fn, nil
	case "cache_info":
		return starlark.NewBuiltin("cache_info", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs("cache_info", args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			var max starlark.Value = starlark.None
			if c.max >= 0 {
				max = starlark.MakeInt(c.max)
			}
			return &CacheInfo{starlark.Tuple{starlark.MakeInt(c.hits), starlark.MakeInt(c.misses), max, starlark.MakeInt(c.order.Len())}}, nil
		}), nil
	case "cache_clear":
		return starlark.NewBuiltin("cache_clear", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs("cache_clear", args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			c.entries.Clear()
			c.order.Init()
			c.hits, c.misses = 0, 0
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// CacheInfo is the named tuple cache_info() returns.
type CacheInfo struct{ t starlark.Tuple }

var cacheInfoFields = [4]string{"hits", "misses", "maxsize", "currsize"}

var (
	_ starlark.Indexable  = (*CacheInfo)(nil)
	_ starlark.Comparable = (*CacheInfo)(nil)
)

func (ci *CacheInfo) String() string {
	var b strings.Builder
	b.WriteString("CacheInfo(")
	for i, f := range cacheInfoFields {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", f, ci.t[i].String())
	}
	b.WriteByte(')')
	return b.String()
}
func (ci *CacheInfo) Type() string               { return "CacheInfo" }
func (ci *CacheInfo) Freeze()                    {}
func (ci *CacheInfo) Truth() starlark.Bool       { return starlark.True }
func (ci *CacheInfo) Hash() (uint32, error)      { return ci.t.Hash() }
func (ci *CacheInfo) Len() int                   { return 4 }
func (ci *CacheInfo) Index(i int) starlark.Value { return ci.t[i] }
func (ci *CacheInfo) Iterate() starlark.Iterator { return ci.t.Iterate() }
func (ci *CacheInfo) AttrNames() []string        { return cacheInfoFields[:] }
func (ci *CacheInfo) Attr(name string) (starlark.Value, error) {
	for i, f := range cacheInfoFields {
		if f == name {
			return ci.t[i], nil
		}
	}
	return nil, nil
}
func (ci *CacheInfo) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, ci.t, y.(*CacheInfo).t, depth)
}
