package functoolsmod

import (
	"fmt"
	"sync"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
)

// identityHash hashes a value by its address, as Python hashes objects
// without __hash__.
func identityHash[T any](p *T) uint32 {
	u := uintptr(unsafe.Pointer(p))
	return uint32(u>>3) ^ uint32(u>>35)
}

// keyWrapper is what cmp_to_key(cmp)(x) returns: sorted() compares two of
// them by calling cmp on the thread that made them.
type keyWrapper struct {
	thread *starlark.Thread
	cmp    starlark.Value
	obj    starlark.Value
}

var _ starlark.Comparable = (*keyWrapper)(nil)

func (k *keyWrapper) String() string       { return fmt.Sprintf("<functools.KeyWrapper object at %p>", k) }
func (k *keyWrapper) Type() string         { return "functools.KeyWrapper" }
func (k *keyWrapper) Freeze()              {}
func (k *keyWrapper) Truth() starlark.Bool { return starlark.True }
func (k *keyWrapper) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'functools.KeyWrapper'")
}

func (k *keyWrapper) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*keyWrapper)
	r, err := starlark.Call(k.thread, k.cmp, starlark.Tuple{k.obj, other.obj}, nil)
	if err != nil {
		return false, err
	}
	c, ok := r.(starlark.Int)
	if !ok {
		// Python compares the result with 0: any number will do.
		return starlark.Compare(op, r, starlark.MakeInt(0))
	}
	return starlark.Compare(op, c, starlark.MakeInt(0))
}

func cmpToKey(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmp starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "mycmp", &cmp); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.NewBuiltin("cmp_to_key", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var obj starlark.Value
		if err := starlark.UnpackArgs("K", args, kwargs, "obj", &obj); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return &keyWrapper{thread: thread, cmp: cmp, obj: obj}, nil
	}), nil
}

// cached is what cache and lru_cache return: the function with a table
// of results by arguments, least recently used first.
type cached struct {
	fn      starlark.Callable
	maxsize int // -1: unbounded
	mu      sync.Mutex
	table   *starlark.Dict
	hits    int
	misses  int
}

var (
	_ starlark.Callable = (*cached)(nil)
	_ starlark.HasAttrs = (*cached)(nil)
)

func newCached(fn starlark.Value, maxsize int) (*cached, error) {
	c, ok := fn.(starlark.Callable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "the first argument must be callable")
	}
	return &cached{fn: c, maxsize: maxsize, table: new(starlark.Dict)}, nil
}

func cache(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "user_function", &fn); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return newCached(fn, -1)
}

// lruCache is lru_cache(maxsize=128, typed=False): given a function it is
// the cached function, given a size (or None) the wrapper to apply.
func lruCache(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var size starlark.Value = starlark.MakeInt(128)
	var typed starlark.Value = starlark.False
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "maxsize?", &size, "typed?", &typed); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if _, ok := size.(starlark.Callable); ok {
		return newCached(size, 128)
	}
	maxsize := -1
	switch s := size.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, _ := s.Int64()
		maxsize = int(max(n, 0))
	default:
		return nil, pyerr.New(pyerr.TypeError, "Expected first argument to be an integer, a callable, or None")
	}
	return starlark.NewBuiltin("decorating_function", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Value
		if err := starlark.UnpackArgs("decorating_function", args, kwargs, "user_function", &fn); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return newCached(fn, maxsize)
	}), nil
}

// kwMark separates positional arguments from keywords in a cache key, as
// CPython's _make_key does.
var kwMark = starlark.String("\x00kwd_mark")

func (c *cached) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	key := append(starlark.Tuple{}, args...)
	if len(kwargs) > 0 {
		key = append(key, kwMark)
		for _, kv := range kwargs {
			key = append(key, kv[0], kv[1])
		}
	}
	c.mu.Lock()
	v, found, err := c.table.Get(key)
	if err != nil {
		c.mu.Unlock()
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if found {
		c.hits++
		if c.maxsize > 0 { // most recently used: to the end
			c.table.Delete(key)
			c.table.SetKey(key, v)
		}
		c.mu.Unlock()
		return v, nil
	}
	c.misses++
	c.mu.Unlock()
	// Called unlocked: the function may call itself (recursion).
	v, err = starlark.Call(thread, c.fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	if c.maxsize == 0 {
		return v, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, found, _ := c.table.Get(key); !found && c.maxsize > 0 && c.table.Len() >= c.maxsize {
		it := c.table.Iterate()
		var oldest starlark.Value
		it.Next(&oldest)
		it.Done()
		c.table.Delete(oldest)
	}
	c.table.SetKey(key, v)
	return v, nil
}

func (c *cached) Name() string {
	if n, ok := c.fn.(interface{ Name() string }); ok {
		return n.Name()
	}
	return "cached"
}

func (c *cached) String() string {
	return fmt.Sprintf("<functools._lru_cache_wrapper object at %p>", c)
}
func (c *cached) Type() string          { return "functools._lru_cache_wrapper" }
func (c *cached) Freeze()               {} // its table is the process's, like a shared object's
func (c *cached) Truth() starlark.Bool  { return starlark.True }
func (c *cached) Hash() (uint32, error) { return identityHash(c), nil }

func (c *cached) AttrNames() []string { return []string{"__wrapped__", "cache_clear", "cache_info"} }

func (c *cached) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__wrapped__":
		return c.fn, nil
	case "cache_info":
		return starlark.NewBuiltin("cache_info", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			c.mu.Lock()
			defer c.mu.Unlock()
			var maxsize starlark.Value = starlark.None
			if c.maxsize >= 0 {
				maxsize = starlark.MakeInt(c.maxsize)
			}
			return &cacheInfo{starlark.Tuple{starlark.MakeInt(c.hits), starlark.MakeInt(c.misses), maxsize, starlark.MakeInt(c.table.Len())}}, nil
		}), nil
	case "cache_clear":
		return starlark.NewBuiltin("cache_clear", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.table.Clear()
			c.hits, c.misses = 0, 0
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// cacheInfo is the CacheInfo named tuple (hits, misses, maxsize, currsize).
type cacheInfo struct{ starlark.Tuple }

var cacheInfoFields = []string{"hits", "misses", "maxsize", "currsize"}

func (ci *cacheInfo) String() string {
	s := "CacheInfo("
	for i, f := range cacheInfoFields {
		if i > 0 {
			s += ", "
		}
		s += f + "=" + ci.Tuple[i].String()
	}
	return s + ")"
}
func (ci *cacheInfo) Type() string        { return "CacheInfo" }
func (ci *cacheInfo) AttrNames() []string { return cacheInfoFields }
func (ci *cacheInfo) Attr(name string) (starlark.Value, error) {
	for i, f := range cacheInfoFields {
		if f == name {
			return ci.Tuple[i], nil
		}
	}
	return nil, nil
}

func (ci *cacheInfo) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return ci.Tuple.CompareSameType(op, y.(*cacheInfo).Tuple, depth)
}
