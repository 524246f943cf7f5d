package pyfuncs

import (
	"fmt"
	"slices"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
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
			for i, kv := range kwargs {
				if k, _ := starlark.AsString(kv[0]); k == "strict" {
					kwargs = append(kwargs[:i:i], kwargs[i+1:]...)
					if kv[1].Truth() {
						var err error
						if args, err = strictZip(thread, args); err != nil {
							return nil, err
						}
					}
					break
				}
			}
		case "min", "max":
			// With several arguments, min and max compare the arguments.
			if len(args) == 1 {
				args = argElements(args, 1)
			}
		case "dict":
			// A str is no iterable of pairs.
		default:
			args = argElements(args, 1)
		}
		switch name {
		case "list", "tuple", "set", "sorted", "enumerate", "min", "max", "reversed":
			// These read their iterable whole: one that can fail (a
			// generator such as ProcessPoolExecutor.map's, iter(), map())
			// is read here so that its error is the call's, as Python's
			// list() raises it (a Starlark iterator cannot fail).
			if len(args) == 1 || name == "enumerate" && len(args) == 2 {
				if st, ok := args[0].(stepper); ok {
					l, err := drain(st)
					if err != nil {
						return nil, err
					}
					args = append(starlark.Tuple{l}, args[1:]...)
				}
			}
		}
		switch name {
		case "zip", "any", "all", "dict":
			// These read their iterables lazily (zip and any stop early,
			// on an endless one too): one that can fail is read by Step,
			// and its error, which ends the reading, is the call's.
			if guarded, ok := pyiter.GuardArgs(args); ok {
				v, err := starlark.Call(thread, inner, guarded, kwargs)
				if gerr := pyiter.GuardErr(guarded); gerr != nil {
					return nil, gerr
				}
				return v, err
			}
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

// stepper is an iterator that can fail (itertoolsmod's, a generator).
type stepper = pyiter.Stepper

// drain reads all of st, or returns its error.
func drain(st stepper) (*starlark.List, error) {
	out, err := pyiter.Drain(st)
	if err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
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

// strictZip is the check of zip(strict=True): the inputs, read whole,
// must be as long as each other; the error names the first that is not,
// as CPython's does when its lockstep iteration meets it.
func strictZip(thread *starlark.Thread, args starlark.Tuple) (starlark.Tuple, error) {
	lists := make(starlark.Tuple, len(args))
	lens := make([]int, len(args))
	for i, a := range args {
		var l starlark.Value
		var err error
		if st, ok := a.(stepper); ok {
			l, err = drain(st) // its error is zip's
		} else {
			l, err = starlark.Call(thread, starlark.Universe["list"], starlark.Tuple{a}, nil)
		}
		if err != nil {
			return nil, err
		}
		lists[i], lens[i] = l, l.(*starlark.List).Len()
	}
	if len(lens) < 2 {
		return lists, nil
	}
	m := slices.Min(lens)
	first := slices.Index(lens, m)
	plural := func(n int) string {
		if n == 1 {
			return "argument 1"
		}
		return fmt.Sprintf("arguments 1-%d", n)
	}
	if first > 0 {
		return nil, pyerr.New(pyerr.ValueError, "zip() argument %d is shorter than %s", first+1, plural(first))
	}
	for i := 1; i < len(lens); i++ {
		if lens[i] > m {
			return nil, pyerr.New(pyerr.ValueError, "zip() argument %d is longer than %s", i+1, plural(i))
		}
	}
	return lists, nil
}
