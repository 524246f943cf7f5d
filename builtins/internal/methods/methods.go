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

// Table looks methods up by name and binds them to a receiver.
type Table[T starlark.Value] struct {
	list  []Method[T]
	index map[string]int
	names []string
}

// NewTable builds a table of at most Max methods.
func NewTable[T starlark.Value](ms ...Method[T]) *Table[T] {
	if len(ms) > Max {
		panic("methods: too many methods")
	}
	t := &Table[T]{list: ms, index: map[string]int{}}
	for i, m := range ms {
		t.index[m.Name] = i
		t.names = append(t.names, m.Name)
	}
	return t
}

// Cache holds one object's bound methods; embed it in the object.
type Cache [Max]atomic.Pointer[starlark.Builtin]

// Bind returns the method name bound to recv, or nil if there is none.
func (t *Table[T]) Bind(recv T, cache *Cache, name string) *starlark.Builtin {
	i, ok := t.index[name]
	if !ok {
		return nil
	}
	if b := cache[i].Load(); b != nil {
		return b
	}
	fn := t.list[i].Fn
	b := starlark.NewBuiltin(name, func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(recv, thread, args, kwargs)
	}).BindReceiver(recv)
	cache[i].Store(b)
	return b
}

// Names lists the table's method names, in table order (callers return it
// from AttrNames, so it must not be modified).
func (t *Table[T]) Names() []string { return t.names }
