package pyfuncs

import (
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyformat"
)

// Starlark's builtins that take iterables, taking a str as its characters
// and a bytes as its ints, as Python's do (list("abc"), sorted(word),
// set(text), max("abc")), plus enumerate(start=) and min/max(default=).
// (A for loop over a str is pyformat's rewrite.)

// iterables wraps Starlark's builtin name so that its positional
// arguments are Python's elements.
func iterables(name string) *starlark.Builtin {
	inner := starlark.Universe[name].(*starlark.Builtin)
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		switch name {
		case "zip":
			args = argElements(args, len(args))
		case "min", "max":
			// With several arguments, min and max compare the arguments.
			if len(args) == 1 {
				args = argElements(args, 1)
			}
		default:
			args = argElements(args, 1)
		}
		switch name {
		case "enumerate":
			// enumerate(iterable, start=0): Starlark takes start positionally.
			if len(kwargs) == 1 && len(args) == 1 {
				if k, _ := starlark.AsString(kwargs[0][0]); k == "start" {
					args, kwargs = append(args, kwargs[0][1]), nil
				}
			}
		case "min", "max":
			// default= is what an empty iterable gives.
			for i, kv := range kwargs {
				if k, _ := starlark.AsString(kv[0]); k != "default" {
					continue
				}
				kwargs = append(kwargs[:i:i], kwargs[i+1:]...)
				if len(args) != 1 {
					return nil, typeError("Cannot specify a default for %s() with multiple positional arguments", name)
				}
				l, err := starlark.Call(thread, starlark.Universe["list"], args, nil)
				if err != nil {
					return nil, err
				}
				if l.(*starlark.List).Len() == 0 {
					return kv[1], nil
				}
				args = starlark.Tuple{l}
				break
			}
		}
		return starlark.Call(thread, inner, args, kwargs)
	})
}

// argElements is args with each str and bytes among the first n replaced
// by its elements.
func argElements(args starlark.Tuple, n int) starlark.Tuple {
	var out starlark.Tuple
	for i, a := range args[:min(n, len(args))] {
		switch a.(type) {
		case starlark.String, starlark.Bytes:
			if out == nil {
				out = append(starlark.Tuple(nil), args...)
			}
			out[i] = pyformat.Elements(a)
		}
	}
	if out == nil {
		return args
	}
	return out
}
