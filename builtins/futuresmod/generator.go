package futuresmod

import (
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// generator is a Python generator made of a step function: Executor.map's
// and as_completed's. It is its own iterator (a second loop goes on where
// the first stopped), has next/__next__ (StopIteration at the end) and
// close, and Step, by which the builtins that read an iterable whole
// (list, sorted...) raise a step's error as their own. A for loop that
// meets an error ends the script with it, since a Starlark iterator
// cannot raise.
type generator struct {
	fn     string           // CPython's generator function, for the repr
	thread *starlark.Thread // the owner's, for a for loop (Iterate has none)
	// step is the next value (ok false at the end) or the error.
	step func(thread *starlark.Thread) (v starlark.Value, ok bool, err error)
	// close ends the generator (what Python's close() runs).
	close func(thread *starlark.Thread)
	// loopReason is what a for loop that met err is cancelled with.
	loopReason func(err error) string
}

var (
	_ starlark.Iterable = (*generator)(nil)
	_ starlark.HasAttrs = (*generator)(nil)
	_ stepper           = (*generator)(nil)
)

func (g *generator) String() string {
	return fmt.Sprintf("<generator object %s at %p>", g.fn, g)
}
func (g *generator) Type() string          { return "generator" }
func (g *generator) Freeze()               {}
func (g *generator) Truth() starlark.Bool  { return starlark.True }
func (g *generator) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(g)) >> 3), nil }

// Step is the next value (ok false at the end) or the error, on the
// owner's thread.
func (g *generator) Step() (starlark.Value, bool, error) { return g.step(g.thread) }

func (g *generator) Iterate() starlark.Iterator { return generatorLoop{g} }

// generatorLoop is a for loop over a generator.
type generatorLoop struct{ g *generator }

func (l generatorLoop) Next(p *starlark.Value) bool {
	v, ok, err := l.g.step(l.g.thread)
	if err != nil {
		if !pyerr.Uncatchable(err) { // else Ctrl-C or the host's context: the thread is ending
			l.g.thread.Cancel(l.g.loopReason(err))
		}
		return false
	}
	if ok {
		*p = v
	}
	return ok
}
func (generatorLoop) Done() {}

func (g *generator) AttrNames() []string { return []string{"__next__", "close", "next"} }
func (g *generator) Attr(name string) (starlark.Value, error) {
	var fn func(thread *starlark.Thread) (starlark.Value, error)
	switch name {
	case "__next__", "next":
		fn = func(thread *starlark.Thread) (starlark.Value, error) {
			v, ok, err := g.step(thread)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, pyerr.New("StopIteration", "")
			}
			return v, nil
		}
	case "close":
		fn = func(thread *starlark.Thread) (starlark.Value, error) {
			g.close(thread)
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return fn(thread)
	}).BindReceiver(g), nil
}
