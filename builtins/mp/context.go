package mp

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/pyerr"
)

// procstar has one start method, Python's spawn: these names let scripts
// written for CPython's contexts run unchanged.

// startMethod is the only start method.
const startMethod = "spawn"

// checkMethod accepts "spawn" (and None where allowNone), and refuses the
// other methods as Python refuses an unknown one.
func checkMethod(v starlark.Value, allowNone bool) error {
	if v == starlark.None && allowNone {
		return nil
	}
	s, ok := v.(starlark.String)
	switch {
	case ok && s == startMethod:
		return nil
	case ok && (s == "fork" || s == "forkserver"):
		return pyerr.New(pyerr.ValueError, "cannot use start method %q: procstar always spawns (each child re-runs the script), use \"spawn\"", string(s))
	}
	if ok {
		return pyerr.New(pyerr.ValueError, "cannot find context for '%s'", string(s))
	}
	return pyerr.New(pyerr.ValueError, "cannot find context for %s", v.String())
}

// methodSet records the processes whose start method is fixed, as Python's
// default context does: by set_start_method or get_start_method, and in a
// child from the start (its parent's method). A second set_start_method
// without force is then a RuntimeError, as in Python.
// set_start_method(None, force=True) unfixes it again (false).
var methodSet sync.Map // *node.Node -> bool

// methodFixed reports whether the start method of n's process is fixed.
func methodFixed(n *node.Node) bool {
	if v, ok := methodSet.Load(n); ok {
		return v.(bool)
	}
	return !n.Root
}

// fixMethod marks the method of thread's process as set and reports
// whether it was already.
func fixMethod(thread *starlark.Thread) (already bool) {
	n := node.FromThread(thread)
	if n == nil {
		return false
	}
	already = methodFixed(n)
	methodSet.Store(n, true)
	return already
}

// methodArgs binds the arguments of a call of the method fn ("Class.name")
// of one of CPython's contexts (def name(self, names...), the first
// required of them required) to out, or fails with the TypeError Python
// gives such a call, self counted among the positional arguments.
func methodArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, names []string, required int, out ...*starlark.Value) error {
	q := fn + "()"
	if len(args) > len(names) {
		takes := fmt.Sprintf("%d positional argument", len(names)+1)
		if required < len(names) {
			takes = fmt.Sprintf("from %d to %d positional argument", required+1, len(names)+1)
		}
		if !strings.HasPrefix(takes, "1 ") {
			takes += "s"
		}
		were := "were"
		if len(args)+1 == 1 {
			were = "was"
		}
		return pyerr.New(pyerr.TypeError, "%s takes %s but %d %s given", q, takes, len(args)+1, were)
	}
	given := make([]bool, len(names))
	for i, v := range args {
		*out[i], given[i] = v, true
	}
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		i := slices.Index(names, k)
		switch {
		case i < 0:
			return pyerr.New(pyerr.TypeError, "%s got an unexpected keyword argument '%s'", q, k)
		case given[i]:
			return pyerr.New(pyerr.TypeError, "%s got multiple values for argument '%s'", q, k)
		}
		*out[i], given[i] = kv[1], true
	}
	for i := 0; i < required; i++ {
		if !given[i] {
			return pyerr.New(pyerr.TypeError, "%s missing 1 required positional argument: '%s'", q, names[i])
		}
	}
	return nil
}

// ContextNames returns get_context and the other start-method names; names
// are the multiprocessing names a context exposes (get_context's result
// also has these).
func ContextNames(names starlark.StringDict) starlark.StringDict {
	var ctx *starlarkstruct.Module
	// getContext is get_context of CPython's DefaultContext (multiprocessing.
	// get_context) when fixes is set, else of the concrete context it
	// returns (ctx.get_context): only the former fixes the start method,
	// and only when asked for the default one (method None), as Python's.
	getContext := func(class string, fixes bool) *starlark.Builtin {
		return starlark.NewBuiltin("get_context", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var method starlark.Value = starlark.None
			if err := methodArgs(class+".get_context", args, kwargs, []string{"method"}, 0, &method); err != nil {
				return nil, err
			}
			if err := checkMethod(method, true); err != nil {
				return nil, err
			}
			if fixes && method == starlark.None {
				fixMethod(thread)
			}
			return ctx, nil
		})
	}
	// The concrete context's own start-method names (CPython's
	// BaseContext): its method is its own, it cannot be changed, and asking
	// for it fixes nothing.
	concrete := starlark.StringDict{
		"get_context": getContext("BaseContext", false),
		"set_start_method": starlark.NewBuiltin("set_start_method", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var method, force starlark.Value = nil, starlark.False
			if err := methodArgs("BaseContext.set_start_method", args, kwargs, []string{"method", "force"}, 1, &method, &force); err != nil {
				return nil, err
			}
			return nil, pyerr.New(pyerr.ValueError, "cannot set start method of concrete context")
		}),
		"get_start_method": starlark.NewBuiltin("get_start_method", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var allowNone starlark.Value = starlark.False
			if err := methodArgs("BaseContext.get_start_method", args, kwargs, []string{"allow_none"}, 0, &allowNone); err != nil {
				return nil, err
			}
			return starlark.String(startMethod), nil
		}),
	}
	own := starlark.StringDict{
		"get_context": getContext("DefaultContext", true),
		"set_start_method": starlark.NewBuiltin("set_start_method", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var method, force starlark.Value = nil, starlark.False
			if err := methodArgs("DefaultContext.set_start_method", args, kwargs, []string{"method", "force"}, 1, &method, &force); err != nil {
				return nil, err
			}
			// Python's order: set already, then None with force (which
			// forgets the method: get_start_method(allow_none=True) is None
			// again), then an unknown method, which leaves it unset.
			n := node.FromThread(thread)
			if n != nil && methodFixed(n) && !bool(force.Truth()) {
				return nil, pyerr.New(pyerr.RuntimeError, "context has already been set")
			}
			if method == starlark.None && bool(force.Truth()) {
				if n != nil {
					methodSet.Store(n, false)
				}
				return starlark.None, nil
			}
			if err := checkMethod(method, true); err != nil {
				return nil, err
			}
			fixMethod(thread)
			return starlark.None, nil
		}),
		"get_start_method": starlark.NewBuiltin("get_start_method", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var allowNoneArg starlark.Value = starlark.False
			if err := methodArgs("DefaultContext.get_start_method", args, kwargs, []string{"allow_none"}, 0, &allowNoneArg); err != nil {
				return nil, err
			}
			allowNone := bool(allowNoneArg.Truth())
			if allowNone {
				if n := node.FromThread(thread); n != nil && !methodFixed(n) {
					return starlark.None, nil
				}
			} else {
				fixMethod(thread)
			}
			return starlark.String(startMethod), nil
		}),
		"get_all_start_methods": starlark.NewBuiltin("get_all_start_methods", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := methodArgs("DefaultContext.get_all_start_methods", args, kwargs, nil, 0); err != nil {
				return nil, err
			}
			return starlark.NewList([]starlark.Value{starlark.String(startMethod)}), nil
		}),
		// Exception classes are names to compare err.type with:
		// err.type == TimeoutError.
		"TimeoutError": starlark.String(pyerr.TimeoutError),
		"ProcessError": starlark.String("ProcessError"),
	}
	members := make(starlark.StringDict, len(names)+len(own))
	for k, v := range names {
		members[k] = v
	}
	for k, v := range own {
		members[k] = v
	}
	for k, v := range concrete {
		members[k] = v
	}
	if _, ok := members["Process"]; ok {
		// Python's ctx.Process is the class SpawnProcess (its __name__).
		members["Process"] = starlark.NewBuiltin("SpawnProcess", newSpawnProcess)
	}
	ctx = &starlarkstruct.Module{Name: "SpawnContext", Members: members}
	return own
}
