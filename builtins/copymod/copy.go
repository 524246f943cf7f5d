// Package copymod is procstar's "copy" module: copy and deepcopy of
// Starlark's lists, dicts, sets and tuples (a deep copy keeps shared and
// cyclic structure, as Python's memo does); other values are their own
// copies, as Python's immutable ones are.
package copymod

import (
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/collectionsmod"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "copy" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "copy", Members: starlark.StringDict{
		"copy":     starlark.NewBuiltin("copy", copyFn),
		"deepcopy": starlark.NewBuiltin("deepcopy", deepcopyFn),
	}}
}

func copyFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &x); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	switch x := x.(type) {
	case *starlark.List:
		elems := make([]starlark.Value, x.Len())
		for i := range elems {
			elems[i] = x.Index(i)
		}
		return starlark.NewList(elems), nil
	case *starlark.Dict:
		d := starlark.NewDict(x.Len())
		for _, kv := range x.Items() {
			d.SetKey(kv[0], kv[1])
		}
		return d, nil
	case *starlark.Set:
		return copySet(x), nil
	case *collectionsmod.Counter, *collectionsmod.DefaultDict, *collectionsmod.OrderedDict,
		*collectionsmod.Deque, *collectionsmod.ChainMap:
		// Python's copy.copy calls the class's __copy__ (or its reduce):
		// collections' containers give a new container, as their copy
		// method does, not the same one.
		m, err := x.(starlark.HasAttrs).Attr("copy")
		if err != nil {
			return nil, err
		}
		return starlark.Call(thread, m, nil, nil)
	}
	return x, nil
}

// copySet is a new set of x's elements (hashable, so immutable: a deep
// copy is this too).
func copySet(x *starlark.Set) *starlark.Set {
	s := starlark.NewSet(x.Len())
	iter := x.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		s.Insert(v)
	}
	return s
}

func deepcopyFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, memo starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &x, "memo?", &memo); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return deep(thread, x, map[starlark.Value]starlark.Value{})
}

// deep copies x; memo maps each mutable value copied so far to its copy.
func deep(thread *starlark.Thread, x starlark.Value, memo map[starlark.Value]starlark.Value) (starlark.Value, error) {
	switch x := x.(type) {
	case *starlark.List:
		if c, ok := memo[x]; ok {
			return c, nil
		}
		l := starlark.NewList(nil)
		memo[x] = l
		for i := 0; i < x.Len(); i++ {
			v, err := deep(thread, x.Index(i), memo)
			if err != nil {
				return nil, err
			}
			l.Append(v)
		}
		return l, nil
	case *starlark.Dict:
		if c, ok := memo[x]; ok {
			return c, nil
		}
		d := starlark.NewDict(x.Len())
		memo[x] = d
		for _, kv := range x.Items() {
			k, err := deep(thread, kv[0], memo)
			if err != nil {
				return nil, err
			}
			v, err := deep(thread, kv[1], memo)
			if err != nil {
				return nil, err
			}
			if err := d.SetKey(k, v); err != nil {
				return nil, err
			}
		}
		return d, nil
	case *starlark.Set:
		if c, ok := memo[x]; ok {
			return c, nil
		}
		s := copySet(x)
		memo[x] = s
		return s, nil
	case *collectionsmod.Counter, *collectionsmod.DefaultDict, *collectionsmod.OrderedDict, *collectionsmod.Deque:
		// A new container of the same kind (its copy method), then its
		// values replaced by their deep copies, as Python reconstructs one.
		if c, ok := memo[x]; ok {
			return c, nil
		}
		m, err := x.(starlark.HasAttrs).Attr("copy")
		if err != nil {
			return nil, err
		}
		c, err := starlark.Call(thread, m, nil, nil)
		if err != nil {
			return nil, err
		}
		memo[x] = c
		switch c := c.(type) {
		case *collectionsmod.Deque:
			for i := 0; i < c.Len(); i++ {
				v, err := deep(thread, c.Index(i), memo)
				if err != nil {
					return nil, err
				}
				if err := c.SetIndex(i, v); err != nil {
					return nil, err
				}
			}
		case interface {
			starlark.HasSetKey
			Items() []starlark.Tuple
		}:
			for _, kv := range c.Items() {
				v, err := deep(thread, kv[1], memo)
				if err != nil {
					return nil, err
				}
				if err := c.SetKey(kv[0], v); err != nil {
					return nil, err
				}
			}
		}
		return c, nil
	case starlark.Tuple:
		t := make(starlark.Tuple, len(x))
		changed := false
		for i, e := range x {
			v, err := deep(thread, e, memo)
			if err != nil {
				return nil, err
			}
			t[i] = v
			changed = changed || copied(e, v)
		}
		if !changed {
			return x, nil
		}
		return t, nil
	}
	return x, nil
}

// copied reports whether deep gave v, a new value, for e. Lists, dicts and
// sets are always copied, a tuple when one of its elements was; other values
// are their own copies. (A Tuple is a slice: comparing two with != panics.)
func copied(e, v starlark.Value) bool {
	switch e := e.(type) {
	case *starlark.List, *starlark.Dict, *starlark.Set, *collectionsmod.Counter,
		*collectionsmod.DefaultDict, *collectionsmod.OrderedDict, *collectionsmod.Deque:
		return true
	case starlark.Tuple:
		t := v.(starlark.Tuple)
		return len(e) > 0 && &e[0] != &t[0]
	}
	return false
}
