// Package pyiter reads iterables as Python's builtins do. A Starlark
// iterator cannot fail, so procstar's iterators whose next step can (a
// Pool.imap whose task failed, iter(callable, sentinel), map(), filter(),
// itertools', a csv reader) also have a Step method: a builtin that reads
// an iterable through this package reads such an iterator by Step, and
// its error is the builtin's, as Python's raises the iterator's error
// (catch(",".join, it) catches it). Read by starlark.Iterate (a for loop),
// the error can only end the script.
package pyiter

import (
	"go.starlark.net/starlark"
)

// Stepper is an iterator that can fail: Step is its next element (ok
// false at the end) or its error.
type Stepper interface {
	Step() (v starlark.Value, ok bool, err error)
}

// Iterator is starlark.Iterate's: Next stops at a Stepper's error, which
// Err then returns.
type Iterator struct {
	it  starlark.Iterator // v's own, when v is no Stepper
	st  Stepper
	err error
}

// Iterate is starlark.Iterate(v), or nil if v is not iterable, except
// that a Stepper is read by Step. Check Err after the loop:
//
//	it := pyiter.Iterate(v)
//	defer it.Done()
//	for it.Next(&x) { ... }
//	if err := it.Err(); err != nil { return nil, err }
func Iterate(v starlark.Value) *Iterator {
	if st, ok := v.(Stepper); ok {
		return &Iterator{st: st}
	}
	if it := starlark.Iterate(v); it != nil {
		return &Iterator{it: it}
	}
	return nil
}

func (i *Iterator) Next(p *starlark.Value) bool {
	if i.st == nil {
		return i.it.Next(p)
	}
	if i.err != nil {
		return false
	}
	v, ok, err := i.st.Step()
	if err != nil {
		i.err = err
		return false
	}
	if ok {
		*p = v
	}
	return ok
}

// Done ends the iteration (a nil Iterator's too).
func (i *Iterator) Done() {
	if i != nil && i.it != nil {
		i.it.Done()
	}
}

// Err is the error the iteration stopped at, if any.
func (i *Iterator) Err() error { return i.err }

// Guarded is a Stepper as the iterable of a builtin that reads it with
// starlark.Iterate (go.starlark.net's str.join, list.extend...): its
// iteration stops at the error, which Err then returns, for the builtin's
// caller to return instead of the builtin's result. What the builtin did
// with the elements before it (list.extend appended them) stays, as in
// Python.
type Guarded struct {
	starlark.Value
	st  Stepper
	err error
}

// Guard returns v, or a Guarded if v is a Stepper.
func Guard(v starlark.Value) starlark.Value {
	if st, ok := v.(Stepper); ok {
		return &Guarded{Value: v, st: st}
	}
	return v
}

// GuardArgs returns args with each Stepper Guarded, and whether there was
// one (if not, args itself: no copy).
func GuardArgs(args starlark.Tuple) (starlark.Tuple, bool) {
	var out starlark.Tuple
	for i, a := range args {
		if st, ok := a.(Stepper); ok {
			if out == nil {
				out = append(starlark.Tuple(nil), args...)
			}
			out[i] = &Guarded{Value: a, st: st}
		}
	}
	if out == nil {
		return args, false
	}
	return out, true
}

// GuardErr is the error of the first Guarded among args that failed.
func GuardErr(args starlark.Tuple) error {
	for _, a := range args {
		if g, ok := a.(*Guarded); ok && g.err != nil {
			return g.err
		}
	}
	return nil
}

func (g *Guarded) Iterate() starlark.Iterator { return &Iterator{st: g} }

// Err is the error that ended the iteration, if any.
func (g *Guarded) Err() error { return g.err }

// Step implements Stepper (a Guarded passed on stays one), recording the
// error.
func (g *Guarded) Step() (starlark.Value, bool, error) {
	if g.err != nil {
		return nil, false, nil
	}
	v, ok, err := g.st.Step()
	if err != nil {
		g.err = err
	}
	return v, ok, err
}

// Drain reads all of v by Step: the elements, and the error that ended
// the reading, if any.
func Drain(st Stepper) ([]starlark.Value, error) {
	var out []starlark.Value
	for {
		v, ok, err := st.Step()
		if err != nil || !ok {
			return out, err
		}
		out = append(out, v)
	}
}

// Whole is v, or, when v is a Stepper, a list of all its elements, or its
// error: for a builtin that hands v to one that reads it whole
// (sorted, list).
func Whole(v starlark.Value) (starlark.Value, error) {
	st, ok := v.(Stepper)
	if !ok {
		return v, nil
	}
	out, err := Drain(st)
	if err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
}

// Call is starlark.Call(thread, fn, args, kwargs) with each argument that
// can fail Guarded, for a builtin of go.starlark.net's (dict, tuple)
// that reads it with starlark.Iterate: the error of one that failed is
// the call's.
func Call(thread *starlark.Thread, fn starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	guarded, ok := GuardArgs(args)
	if !ok {
		return starlark.Call(thread, fn, args, kwargs)
	}
	v, err := starlark.Call(thread, fn, guarded, kwargs)
	if gerr := GuardErr(guarded); gerr != nil {
		return nil, gerr
	}
	return v, err
}
