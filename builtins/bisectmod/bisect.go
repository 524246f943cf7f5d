// Package bisectmod is procstar's "bisect" module: binary search and
// sorted insertion in a list, as CPython's (key= included).
package bisectmod

import (
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "bisect" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "bisect", Members: starlark.StringDict{
		"bisect_left":  b("bisect_left", search),
		"bisect_right": b("bisect_right", search),
		"bisect":       b("bisect", search),
		"insort_left":  b("insort_left", search),
		"insort_right": b("insort_right", search),
		"insort":       b("insort", search),
	}}
}

// search is every function of the module: bisect_* return the index,
// insort_* insert x there (key applies to x too).
func search(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, x starlark.Value
	var lov starlark.Value = starlark.MakeInt(0)
	var hi starlark.Value = starlark.None
	var key starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "x", &x, "lo?", &lov, "hi?", &hi, "key?", &key); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	seq, ok := a.(starlark.Indexable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", pyformat.TypeName(a))
	}
	lo, err := intarg.Ssize(lov) // a Py_ssize_t: lo=True is 1
	if err != nil {
		return nil, err
	}
	if lo < 0 {
		return nil, pyerr.New(pyerr.ValueError, "lo must be non-negative")
	}
	end := seq.Len()
	if hi != starlark.None {
		n, err := starlark.AsInt32(intarg.BoolAsInt(hi))
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "argument should be integer or None, not '%s'", pyformat.TypeName(hi))
		}
		end = n
	}
	name := b.Name()
	insort := name[0] == 'i'
	left := name == "bisect_left" || name == "insort_left"
	target := x
	if insort && key != starlark.None {
		var err error
		if target, err = starlark.Call(thread, key, starlark.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	for lo < end {
		mid := (lo + end) / 2
		if mid >= seq.Len() {
			// hi past the end (or a key that shrank the list): Python's
			// a[mid] fails the same way.
			return nil, pyerr.New(pyerr.IndexError, "%s index out of range", pyformat.TypeName(a))
		}
		v := seq.Index(mid)
		if key != starlark.None {
			var err error
			if v, err = starlark.Call(thread, key, starlark.Tuple{v}, nil); err != nil {
				return nil, err
			}
		}
		// bisect_left: a[mid] < x moves right; bisect_right: not x < a[mid].
		var goRight bool
		var err error
		if left {
			goRight, err = starlark.Compare(syntax.LT, v, target)
		} else {
			var lt bool
			lt, err = starlark.Compare(syntax.LT, target, v)
			goRight = !lt
		}
		if err != nil {
			return nil, err
		}
		if goRight {
			lo = mid + 1
		} else {
			end = mid
		}
	}
	if !insort {
		return starlark.MakeInt(lo), nil
	}
	l, ok := a.(*starlark.List)
	if !ok {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'insert'", pyformat.TypeName(a))
	}
	insert, _ := l.Attr("insert")
	if _, err := starlark.Call(thread, insert, starlark.Tuple{starlark.MakeInt(lo), x}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
