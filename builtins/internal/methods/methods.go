// Package methods gives builtin Starlark types their methods: a table from
// name to Go function, and a per-object cache of bound methods so that
// `q.put(x)` in a loop does not allocate a new builtin on every call.
package methods

import (
	"sync/atomic"

	"go.starlark.net/starlark"
)

// Method is a method of a Starlark type T implemented in Go.
type Method[T starlark.Value] struct {
	Name string
	Fn   func(recv T, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

// Max is the most methods a Table may hold (the size of a Cache).
const Max = 12

// Table looks methods up by name and binds them to a receiver. A package
// declares its tables as composite literals, which the compiler lays out
// with no init code (every process initializes every package at its
// start); at most Max methods, which the scan by name keeps as fast as a
// map.
type Table[T starlark.Value] []Method[T]

// Cache holds one object's bound methods; embed it in the object.
type Cache [Max]atomic.Pointer[starlark.Builtin]

// Bind returns the method name bound to recv, or nil if there is none.
func (t Table[T]) Bind(recv T, cache *Cache, name string) *starlark.Builtin {
	if len(t) > Max {
		panic("methods: too many methods")
	}
	for i := range t {
		if t[i].Name != name {
			continue
		}
		if b := cache[i].Load(); b != nil {
			return b
		}
		fn := t[i].Fn
		b := starlark.NewBuiltin(name, func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(recv, thread, args, kwargs)
		}).BindReceiver(recv)
		cache[i].Store(b)
		return b
	}
	return nil
}

// Names lists the table's method names, in table order.
func (t Table[T]) Names() []string {
	names := make([]string, len(t))
	for i, m := range t {
		names[i] = m.Name
	}
	return names
}
