// Package functoolsmod is procstar's "functools" module: partial (which
// crosses processes as Python pickles it, so Pool.map(partial(f, x=1),
// items) works), reduce, cmp_to_key, cache and lru_cache.
package functoolsmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns the "functools" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "functools", Members: starlark.StringDict{
		"partial":    starlark.NewBuiltin("partial", newPartial),
		"reduce":     starlark.NewBuiltin("reduce", reduce),
		"cmp_to_key": starlark.NewBuiltin("cmp_to_key", cmpToKey),
		"cache":      starlark.NewBuiltin("cache", cache),
		"lru_cache":  starlark.NewBuiltin("lru_cache", lruCache),
	}}
}

// Partial is functools.partial: fn with some arguments given in advance.
type Partial struct {
	fn       starlark.Callable
	args     starlark.Tuple
	keywords *starlark.Dict // str → value, in the order given
}

var (
	_ starlark.Callable = (*Partial)(nil)
	_ starlark.HasAttrs = (*Partial)(nil)
	_ codec.Typed       = (*Partial)(nil)
)

func newPartial(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "type 'partial' takes at least one argument")
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "the first argument must be callable")
	}
	p := &Partial{fn: fn, keywords: new(starlark.Dict)}
	// A partial of a partial is flattened, as CPython's: one call, and one
	// function to name when it is sent.
	if inner, ok := fn.(*Partial); ok {
		p.fn = inner.fn
		p.args = append(p.args, inner.args...)
		for _, kv := range inner.keywords.Items() {
			p.keywords.SetKey(kv[0], kv[1])
		}
	}
	p.args = append(p.args, args[1:]...)
	for _, kv := range kwargs {
		p.keywords.SetKey(kv[0], kv[1])
	}
	return p, nil
}

// Unpartial gives the function and the arguments given in advance, for
// callers that run the function elsewhere (Process targets).
func (p *Partial) Unpartial() (starlark.Value, starlark.Tuple, []starlark.Tuple) {
	kw := make([]starlark.Tuple, 0, p.keywords.Len())
	for _, kv := range p.keywords.Items() {
		kw = append(kw, starlark.Tuple{kv[0], kv[1]})
	}
	return p.fn, p.args, kw
}

// CallInternal calls fn with the stored arguments, then the call's; a
// keyword of the call replaces a stored one.
func (p *Partial) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	all := make(starlark.Tuple, 0, len(p.args)+len(args))
	all = append(append(all, p.args...), args...)
	var kw []starlark.Tuple
	if p.keywords.Len() > 0 {
		given := make(map[string]bool, len(kwargs))
		for _, kv := range kwargs {
			given[string(kv[0].(starlark.String))] = true
		}
		for _, kv := range p.keywords.Items() {
			if !given[string(kv[0].(starlark.String))] {
				kw = append(kw, starlark.Tuple{kv[0], kv[1]})
			}
		}
	}
	kw = append(kw, kwargs...)
	return starlark.Call(thread, p.fn, all, kw)
}

func (p *Partial) Name() string { return "partial" }

func (p *Partial) String() string {
	var b strings.Builder
	b.WriteString("functools.partial(")
	b.WriteString(p.fn.String())
	for _, a := range p.args {
		b.WriteString(", ")
		b.WriteString(a.String())
	}
	for _, kv := range p.keywords.Items() {
		fmt.Fprintf(&b, ", %s=%s", kv[0].(starlark.String).GoString(), kv[1].String())
	}
	b.WriteString(")")
	return b.String()
}

func (p *Partial) Type() string          { return "functools.partial" }
func (p *Partial) Truth() starlark.Bool  { return starlark.True }
func (p *Partial) Hash() (uint32, error) { return identityHash(p), nil }
func (p *Partial) Freeze() {
	p.fn.Freeze()
	p.args.Freeze()
	p.keywords.Freeze()
}

func (p *Partial) AttrNames() []string { return []string{"args", "func", "keywords"} }

func (p *Partial) Attr(name string) (starlark.Value, error) {
	switch name {
	case "func":
		return p.fn, nil
	case "args":
		return p.args, nil
	case "keywords":
		// A copy: Python's is the partial's own dict, but a change to it
		// would not reach a partial already sent to another process.
		d := starlark.NewDict(p.keywords.Len())
		for _, kv := range p.keywords.Items() {
			d.SetKey(kv[0], kv[1])
		}
		return d, nil
	}
	return nil, nil
}

const partialType = "functools.partial"

// CodecState implements codec.Typed: the function by reference, the
// arguments by value, as Python pickles a partial.
func (p *Partial) CodecState() (string, starlark.Value) {
	return partialType, starlark.Tuple{p.fn, p.args, p.keywords}
}

func init() {
	codec.RegisterType(partialType, func(state starlark.Value) (starlark.Value, error) {
		t, ok := state.(starlark.Tuple)
		if !ok || len(t) != 3 {
			return nil, fmt.Errorf("bad functools.partial state %s", state.Type())
		}
		fn, ok1 := t[0].(starlark.Callable)
		args, ok2 := t[1].(starlark.Tuple)
		kw, ok3 := t[2].(*starlark.Dict)
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("bad functools.partial state")
		}
		return &Partial{fn: fn, args: args, keywords: kw}, nil
	})
}

// reduce is functools.reduce(function, iterable[, initial]).
func reduce(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "reduce() takes no keyword arguments")
	}
	if len(args) < 2 {
		return nil, pyerr.New(pyerr.TypeError, "reduce expected at least 2 arguments, got %d", len(args))
	}
	if len(args) > 3 {
		return nil, pyerr.New(pyerr.TypeError, "reduce expected at most 3 arguments, got %d", len(args))
	}
	fn := args[0]
	iterable, ok := args[1].(starlark.Iterable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "reduce() arg 2 must support iteration")
	}
	var acc starlark.Value
	if len(args) == 3 {
		acc = args[2]
	}
	it := iterable.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		if acc == nil {
			acc = x
			continue
		}
		v, err := starlark.Call(thread, fn, starlark.Tuple{acc, x}, nil)
		if err != nil {
			return nil, err
		}
		acc = v
	}
	if acc == nil {
		return nil, pyerr.New(pyerr.TypeError, "reduce() of empty iterable with no initial value")
	}
	return acc, nil
}
