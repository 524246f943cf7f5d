// Package heapqmod is procstar's "heapq" module: CPython's heap queue on a
// list (the same sift algorithm, so a heap goes through the same states),
// with nlargest, nsmallest and merge.
package heapqmod

import (
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/itertoolsmod"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "heapq" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "heapq", Members: starlark.StringDict{
		"heappush":    b("heappush", heappush),
		"heappop":     b("heappop", heappop),
		"heapify":     b("heapify", heapify),
		"heappushpop": b("heappushpop", heappushpop),
		"heapreplace": b("heapreplace", heapreplace),
		"nlargest":    b("nlargest", nbest),
		"nsmallest":   b("nsmallest", nbest),
		"merge":       b("merge", merge),
	}}
}

func less(x, y starlark.Value) (bool, error) { return starlark.Compare(syntax.LT, x, y) }

// siftdown and siftup are heapq.py's _siftdown and _siftup.
func siftdown(h *starlark.List, start, pos int) error {
	item := h.Index(pos)
	for pos > start {
		parentPos := (pos - 1) >> 1
		parent := h.Index(parentPos)
		lt, err := less(item, parent)
		if err != nil {
			return err
		}
		if !lt {
			break
		}
		h.SetIndex(pos, parent)
		pos = parentPos
	}
	return h.SetIndex(pos, item)
}

func siftup(h *starlark.List, pos int) error {
	end, start := h.Len(), pos
	item := h.Index(pos)
	child := 2*pos + 1
	for child < end {
		if right := child + 1; right < end {
			lt, err := less(h.Index(child), h.Index(right))
			if err != nil {
				return err
			}
			if !lt {
				child = right
			}
		}
		h.SetIndex(pos, h.Index(child))
		pos = child
		child = 2*pos + 1
	}
	h.SetIndex(pos, item)
	return siftdown(h, start, pos)
}

func heapArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, n int) (*starlark.List, starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) != n {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s expected %d argument%s, got %d", b.Name(), n, map[bool]string{true: "s"}[n > 1], len(args))
	}
	h, ok := args[0].(*starlark.List)
	if !ok {
		// CPython's _PyArg_BadArgument: "argument" alone for a
		// one-argument function, and None by name.
		which, got := "argument 1", pyformat.TypeName(args[0])
		if n == 1 {
			which = "argument"
		}
		if args[0] == starlark.None {
			got = "None"
		}
		return nil, nil, pyerr.New(pyerr.TypeError, "%s() %s must be list, not %s", b.Name(), which, got)
	}
	if n == 2 {
		return h, args[1], nil
	}
	return h, nil, nil
}

func heappush(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	h, item, err := heapArg(b, args, kwargs, 2)
	if err != nil {
		return nil, err
	}
	if err := h.Append(item); err != nil {
		return nil, err
	}
	return starlark.None, siftdown(h, 0, h.Len()-1)
}

func heappop(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	h, _, err := heapArg(b, args, kwargs, 1)
	if err != nil {
		return nil, err
	}
	if h.Len() == 0 {
		return nil, pyerr.New(pyerr.IndexError, "index out of range")
	}
	// The list's own pop (Go's List has none): O(1), and it refuses a
	// frozen list or one being iterated, as Python's would.
	pop, _ := h.Attr("pop")
	last, err := starlark.Call(thread, pop, nil, nil)
	if err != nil {
		return nil, err
	}
	if h.Len() == 0 {
		return last, nil
	}
	top := h.Index(0)
	h.SetIndex(0, last)
	return top, siftup(h, 0)
}

func heapify(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	h, _, err := heapArg(b, args, kwargs, 1)
	if err != nil {
		return nil, err
	}
	for i := h.Len()/2 - 1; i >= 0; i-- {
		if err := siftup(h, i); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func heappushpop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	h, item, err := heapArg(b, args, kwargs, 2)
	if err != nil {
		return nil, err
	}
	if h.Len() > 0 {
		lt, err := less(h.Index(0), item)
		if err != nil {
			return nil, err
		}
		if lt {
			top := h.Index(0)
			if err := h.SetIndex(0, item); err != nil {
				return nil, err
			}
			return top, siftup(h, 0)
		}
	}
	return item, nil
}

func heapreplace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	h, item, err := heapArg(b, args, kwargs, 2)
	if err != nil {
		return nil, err
	}
	if h.Len() == 0 {
		return nil, pyerr.New(pyerr.IndexError, "index out of range")
	}
	top := h.Index(0)
	if err := h.SetIndex(0, item); err != nil {
		return nil, err
	}
	return top, siftup(h, 0)
}

// sorted is sorted(iterable, key=key, reverse=reverse) (a str as its
// characters).
func sorted(thread *starlark.Thread, it, key starlark.Value, reverse bool) (*starlark.List, error) {
	kw := []starlark.Tuple{{starlark.String("reverse"), starlark.Bool(reverse)}}
	if key != nil && key != starlark.None {
		kw = append(kw, starlark.Tuple{starlark.String("key"), key})
	}
	it, err := pyiter.Whole(it) // an iterator that can fail: its error is ours
	if err != nil {
		return nil, err
	}
	v, err := starlark.Call(thread, starlark.Universe["sorted"], starlark.Tuple{pyformat.Elements(it)}, kw)
	if err != nil {
		return nil, err
	}
	return v.(*starlark.List), nil
}

// nbest is nlargest and nsmallest(n, iterable, key=None): as documented,
// sorted(iterable, key=key, reverse=...)[:n].
func nbest(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, it, key starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n", &nv, "iterable", &it, "key?", &key); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n, err := intarg.Clamp(nv) // any int (a bool is one): Python compares it with the size
	if err != nil {
		return nil, err
	}
	l, err := sorted(thread, it, key, b.Name() == "nlargest")
	if err != nil {
		return nil, err
	}
	elems := make([]starlark.Value, 0, max(0, min(n, l.Len())))
	for i := 0; i < n && i < l.Len(); i++ {
		elems = append(elems, l.Index(i))
	}
	return starlark.NewList(elems), nil
}

// merge is merge(*iterables, key=None, reverse=False) of sorted inputs:
// their items in order, ties in the order of the inputs, lazily consumed
// as a whole.
func merge(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value = starlark.None
	reverse := false
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "key?", &key, "reverse?", &reverse); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	var all []starlark.Value
	for _, a := range args {
		iter := pyiter.Iterate(pyformat.Elements(a))
		if iter == nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(a))
		}
		var x starlark.Value
		for iter.Next(&x) {
			all = append(all, x)
		}
		iter.Done()
		if err := iter.Err(); err != nil {
			return nil, err
		}
	}
	l, err := sorted(thread, starlark.NewList(all), key, reverse)
	if err != nil {
		return nil, err
	}
	return itertoolsmod.Of("generator", thread, l)
}
