// Package itertoolsmod is procstar's "itertools" module: Python's lazy
// iterator building blocks (count, cycle, chain, islice, groupby, product,
// combinations, batched...), each one pass, as Python's iterators are.
//
// A Starlark iterator cannot fail, so an error inside one (a key or
// predicate function that fails) cancels the thread that iterates with the
// error's text: the script ends with it, as with an uncaught exception in
// Python, but catch() cannot catch it. Errors in the arguments are raised
// by the call that makes the iterator.
package itertoolsmod

import (
	"fmt"
	"math"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns the "itertools" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "itertools", Members: starlark.StringDict{
		"count":                         b("count", count),
		"cycle":                         b("cycle", cycle),
		"repeat":                        b("repeat", repeat),
		"accumulate":                    b("accumulate", accumulate),
		"chain":                         chainValue{},
		"compress":                      b("compress", compress),
		"dropwhile":                     b("dropwhile", dropwhile),
		"takewhile":                     b("takewhile", takewhile),
		"filterfalse":                   b("filterfalse", filterfalse),
		"groupby":                       b("groupby", groupby),
		"islice":                        b("islice", islice),
		"pairwise":                      b("pairwise", pairwise),
		"starmap":                       b("starmap", starmap),
		"tee":                           b("tee", tee),
		"zip_longest":                   b("zip_longest", zipLongest),
		"product":                       b("product", product),
		"permutations":                  b("permutations", permutations),
		"combinations":                  b("combinations", combinations),
		"combinations_with_replacement": b("combinations_with_replacement", combinationsWithReplacement),
		"batched":                       b("batched", batched),
	}}
}

// iterator is an itertools object: one pass over what next yields. It is
// its own iterator, as in Python: a second loop goes on where the first
// stopped.
type iterator struct {
	typ    string
	repr   func() string // nil: <itertools.X object at ...>
	next   func() (starlark.Value, bool, error)
	thread *starlark.Thread // the caller's, cancelled if next fails
	done   bool
}

var _ starlark.Iterable = (*iterator)(nil)

func newIterator(thread *starlark.Thread, typ string, next func() (starlark.Value, bool, error)) *iterator {
	return &iterator{typ: typ, next: next, thread: thread}
}

func (it *iterator) String() string {
	if it.repr != nil {
		return it.repr()
	}
	return fmt.Sprintf("<itertools.%s object at %p>", it.typ, it)
}
func (it *iterator) Type() string               { return "itertools." + it.typ }
func (it *iterator) Freeze()                    {}
func (it *iterator) Truth() starlark.Bool       { return starlark.True }
func (it *iterator) Hash() (uint32, error)      { return uint32(uintptr(unsafe.Pointer(it)) >> 3), nil }
func (it *iterator) Iterate() starlark.Iterator { return stepper{it} }

// stepper is the starlark.Iterator of an iterator.
type stepper struct{ it *iterator }

func (s stepper) Next(p *starlark.Value) bool {
	it := s.it
	if it.done {
		return false
	}
	v, ok, err := it.next()
	if err != nil {
		it.done = true
		it.thread.Cancel(err.Error())
		return false
	}
	if !ok {
		it.done = true
		return false
	}
	*p = v
	return true
}

func (s stepper) Done() {}

// source is a pull over an iterable's items. Lists, tuples and strings
// (Python iterates a str's characters) are read by index, so that an
// itertools object left unfinished does not keep a list from changing, as
// a Starlark loop over it would.
type source struct {
	idx  starlark.Indexable
	str  string
	i    int
	iter starlark.Iterator
}

func (s *source) next() (starlark.Value, bool) {
	switch {
	case s.idx != nil:
		if s.i >= s.idx.Len() {
			return nil, false
		}
		s.i++
		return s.idx.Index(s.i - 1), true
	case s.iter != nil:
		var v starlark.Value
		if s.iter.Next(&v) {
			return v, true
		}
		s.iter.Done()
		s.iter = nil
		return nil, false
	default:
		if s.i >= len(s.str) {
			return nil, false
		}
		r := []rune(s.str[s.i:min(len(s.str), s.i+4)])[0]
		n := len(string(r))
		s.i += n
		return starlark.String(s.str[s.i-n : s.i]), true
	}
}

// all is every remaining item.
func (s *source) all() []starlark.Value {
	var out []starlark.Value
	for v, ok := s.next(); ok; v, ok = s.next() {
		out = append(out, v)
	}
	return out
}

// sourceOf is the items of v, or Python's TypeError.
func sourceOf(v starlark.Value) (*source, error) {
	switch v := v.(type) {
	case starlark.String:
		return &source{str: string(v)}, nil
	case starlark.Indexable:
		if _, ok := v.(starlark.Iterable); ok {
			return &source{idx: v}, nil
		}
	}
	if it, ok := v.(starlark.Iterable); ok {
		return &source{iter: it.Iterate()}, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(v))
}

// pyType is Python's name of a value's type, for error texts.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	}
	return v.Type()
}

func typeErr(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

func count(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, step starlark.Value = starlark.MakeInt(0), starlark.MakeInt(1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "start?", &start, "step?", &step); err != nil {
		return nil, typeErr(err)
	}
	for _, v := range []starlark.Value{start, step} {
		switch v.(type) {
		case starlark.Int, starlark.Float:
		default:
			return nil, pyerr.New(pyerr.TypeError, "a number is required")
		}
	}
	n := start
	it := newIterator(thread, "count", func() (starlark.Value, bool, error) {
		v := n
		next, err := starlark.Binary(syntax.PLUS, n, step)
		if err != nil {
			return nil, false, err
		}
		n = next
		return v, true, nil
	})
	it.repr = func() string {
		if i, ok := step.(starlark.Int); ok && i == starlark.MakeInt(1) {
			return "count(" + n.String() + ")"
		}
		return "count(" + n.String() + ", " + step.String() + ")"
	}
	return it, nil
}

func cycle(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeErr(err)
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	var saved []starlark.Value
	i, first := 0, true
	return newIterator(thread, "cycle", func() (starlark.Value, bool, error) {
		if first {
			if v, ok := src.next(); ok {
				saved = append(saved, v)
				return v, true, nil
			}
			first = false
		}
		if len(saved) == 0 {
			return nil, false, nil
		}
		v := saved[i%len(saved)]
		i++
		return v, true, nil
	}), nil
}

func repeat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	times := -1
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "object", &obj, "times?", &times); err != nil {
		return nil, typeErr(err)
	}
	bounded := len(args)+len(kwargs) > 1
	if bounded && times < 0 {
		times = 0
	}
	it := newIterator(thread, "repeat", func() (starlark.Value, bool, error) {
		if bounded {
			if times == 0 {
				return nil, false, nil
			}
			times--
		}
		return obj, true, nil
	})
	it.repr = func() string {
		if bounded {
			return fmt.Sprintf("repeat(%s, %d)", obj.String(), times)
		}
		return "repeat(" + obj.String() + ")"
	}
	return it, nil
}

func accumulate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, fn, initial starlark.Value = nil, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable", &v, "func?", &fn, "initial?", &initial); err != nil {
		return nil, typeErr(err)
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	var total starlark.Value
	if initial != starlark.None {
		total = initial
	}
	pending := total != nil // initial comes out first
	return newIterator(thread, "accumulate", func() (starlark.Value, bool, error) {
		if pending {
			pending = false
			return total, true, nil
		}
		x, ok := src.next()
		if !ok {
			return nil, false, nil
		}
		if total == nil {
			total = x
			return x, true, nil
		}
		var err error
		if fn == starlark.None {
			total, err = starlark.Binary(syntax.PLUS, total, x)
		} else {
			total, err = starlark.Call(thread, fn, starlark.Tuple{total, x}, nil)
		}
		if err != nil {
			return nil, false, err
		}
		return total, true, nil
	}), nil
}

// chainValue is itertools.chain: callable, with chain.from_iterable.
type chainValue struct{}

var (
	_ starlark.Callable = chainValue{}
	_ starlark.HasAttrs = chainValue{}
)

func (chainValue) String() string        { return "<class 'itertools.chain'>" }
func (chainValue) Type() string          { return "builtin_function_or_method" }
func (chainValue) Freeze()               {}
func (chainValue) Truth() starlark.Bool  { return starlark.True }
func (chainValue) Hash() (uint32, error) { return 0x6368, nil }
func (chainValue) Name() string          { return "chain" }
func (chainValue) AttrNames() []string   { return []string{"from_iterable"} }
func (chainValue) Attr(name string) (starlark.Value, error) {
	if name == "from_iterable" {
		return fromIterable, nil
	}
	return nil, nil
}

func (chainValue) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "chain() takes no keyword arguments")
	}
	// Python checks each argument when the chain reaches it; checked here,
	// so that the TypeError reaches catch().
	srcs := make([]*source, len(args))
	for i, a := range args {
		s, err := sourceOf(a)
		if err != nil {
			return nil, err
		}
		srcs[i] = s
	}
	return chainOf(thread, func() (*source, bool, error) {
		if len(srcs) == 0 {
			return nil, false, nil
		}
		s := srcs[0]
		srcs = srcs[1:]
		return s, true, nil
	}), nil
}

var fromIterable = starlark.NewBuiltin("from_iterable", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeErr(err)
	}
	outer, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	return chainOf(thread, func() (*source, bool, error) {
		x, ok := outer.next()
		if !ok {
			return nil, false, nil
		}
		s, err := sourceOf(x)
		return s, err == nil, err
	}), nil
})

func chainOf(thread *starlark.Thread, nextSource func() (*source, bool, error)) *iterator {
	var cur *source
	return newIterator(thread, "chain", func() (starlark.Value, bool, error) {
		for {
			if cur != nil {
				if v, ok := cur.next(); ok {
					return v, true, nil
				}
			}
			s, ok, err := nextSource()
			if err != nil || !ok {
				return nil, false, err
			}
			cur = s
		}
	})
}

func compress(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, sel starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data, "selectors", &sel); err != nil {
		return nil, typeErr(err)
	}
	d, err := sourceOf(data)
	if err != nil {
		return nil, err
	}
	s, err := sourceOf(sel)
	if err != nil {
		return nil, err
	}
	return newIterator(thread, "compress", func() (starlark.Value, bool, error) {
		for {
			v, ok1 := d.next()
			c, ok2 := s.next()
			if !ok1 || !ok2 {
				return nil, false, nil
			}
			if c.Truth() {
				return v, true, nil
			}
		}
	}), nil
}

// predicate calls pred on x (None: x's truth).
func predicate(thread *starlark.Thread, pred, x starlark.Value) (bool, error) {
	if pred == starlark.None {
		return bool(x.Truth()), nil
	}
	r, err := starlark.Call(thread, pred, starlark.Tuple{x}, nil)
	if err != nil {
		return false, err
	}
	return bool(r.Truth()), nil
}

func predArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, *source, error) {
	if len(kwargs) > 0 {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) != 2 {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s expected 2 arguments, got %d", b.Name(), len(args))
	}
	src, err := sourceOf(args[1])
	return args[0], src, err
}

func dropwhile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	dropping := true
	return newIterator(thread, "dropwhile", func() (starlark.Value, bool, error) {
		for {
			x, ok := src.next()
			if !ok {
				return nil, false, nil
			}
			if !dropping {
				return x, true, nil
			}
			keep, err := predicate(thread, pred, x)
			if err != nil {
				return nil, false, err
			}
			if !keep {
				dropping = false
				return x, true, nil
			}
		}
	}), nil
}

func takewhile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return newIterator(thread, "takewhile", func() (starlark.Value, bool, error) {
		x, ok := src.next()
		if !ok {
			return nil, false, nil
		}
		keep, err := predicate(thread, pred, x)
		if err != nil || !keep {
			return nil, false, err
		}
		return x, true, nil
	}), nil
}

func filterfalse(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return newIterator(thread, "filterfalse", func() (starlark.Value, bool, error) {
		for {
			x, ok := src.next()
			if !ok {
				return nil, false, nil
			}
			keep, err := predicate(thread, pred, x)
			if err != nil {
				return nil, false, err
			}
			if !keep {
				return x, true, nil
			}
		}
	}), nil
}

// groupby follows CPython's: the groups share the source, and moving the
// groupby on ends the group it left.
func groupby(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, keyfn starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable", &v, "key?", &keyfn); err != nil {
		return nil, typeErr(err)
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	var tgtkey, currkey, currvalue starlark.Value
	exhausted, group := false, 0
	advance := func() error {
		x, ok := src.next()
		if !ok {
			exhausted = true
			return nil
		}
		k := x
		if keyfn != starlark.None {
			var err error
			if k, err = starlark.Call(thread, keyfn, starlark.Tuple{x}, nil); err != nil {
				return err
			}
		}
		currvalue, currkey = x, k
		return nil
	}
	same := func(a, b starlark.Value) (bool, error) {
		if a == nil || b == nil {
			return false, nil
		}
		return starlark.Equal(a, b)
	}
	return newIterator(thread, "groupby", func() (starlark.Value, bool, error) {
		group++
		for {
			if currkey == nil && !exhausted {
				if err := advance(); err != nil {
					return nil, false, err
				}
			}
			if exhausted {
				return nil, false, nil
			}
			eq, err := same(tgtkey, currkey)
			if err != nil {
				return nil, false, err
			}
			if !eq {
				break
			}
			if err := advance(); err != nil {
				return nil, false, err
			}
		}
		tgtkey = currkey
		mine, key := group, currkey
		g := newIterator(thread, "_grouper", func() (starlark.Value, bool, error) {
			if mine != group || exhausted {
				return nil, false, nil
			}
			if currkey == nil {
				if err := advance(); err != nil || exhausted {
					return nil, false, err
				}
			}
			eq, err := same(key, currkey)
			if err != nil || !eq {
				return nil, false, err
			}
			r := currvalue
			currkey = nil // the next item is read when it is wanted
			if err := advance(); err != nil {
				return nil, false, err
			}
			return r, true, nil
		})
		return starlark.Tuple{key, g}, true, nil
	}), nil
}

// ssize is CPython's PyNumber_AsSsize_t for islice: -1 for what is not an
// int (its error value, which islice then reports as its own).
func ssize(v starlark.Value) int {
	if i, ok := v.(starlark.Int); ok {
		if n, ok := i.Int64(); ok {
			return int(n)
		}
	}
	return -1
}

// islice checks its arguments as CPython's islice_new does, texts and
// order included.
func islice(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "islice() takes no keyword arguments")
	}
	if len(args) < 2 || len(args) > 4 {
		return nil, pyerr.New(pyerr.TypeError, "islice expected at most 4 arguments, got %d", len(args))
	}
	const stopMsg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	start, stop, step := 0, -1, 1 // stop -1: none
	if len(args) == 2 {
		if args[1] != starlark.None {
			if stop = ssize(args[1]); stop == -1 {
				return nil, pyerr.New(pyerr.ValueError, stopMsg)
			}
		}
	} else {
		if args[1] != starlark.None {
			start = ssize(args[1])
		}
		if args[2] != starlark.None {
			if stop = ssize(args[2]); stop == -1 {
				return nil, pyerr.New(pyerr.ValueError, stopMsg)
			}
		}
	}
	if start < 0 || stop < -1 {
		return nil, pyerr.New(pyerr.ValueError, "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
	}
	if len(args) == 4 && args[3] != starlark.None {
		if step = ssize(args[3]); step < 1 {
			return nil, pyerr.New(pyerr.ValueError, "Step for islice() must be a positive integer or None.")
		}
	}
	if stop == -1 {
		stop = math.MaxInt
	}
	src, err := sourceOf(args[0])
	if err != nil {
		return nil, err
	}
	i, nextWanted := 0, start
	return newIterator(thread, "islice", func() (starlark.Value, bool, error) {
		for nextWanted < stop {
			x, ok := src.next()
			if !ok {
				return nil, false, nil
			}
			i++
			if i-1 == nextWanted {
				nextWanted += step
				return x, true, nil
			}
		}
		return nil, false, nil
	}), nil
}

func pairwise(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeErr(err)
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	var prev starlark.Value
	return newIterator(thread, "pairwise", func() (starlark.Value, bool, error) {
		if prev == nil {
			x, ok := src.next()
			if !ok {
				return nil, false, nil
			}
			prev = x
		}
		x, ok := src.next()
		if !ok {
			return nil, false, nil
		}
		pair := starlark.Tuple{prev, x}
		prev = x
		return pair, true, nil
	}), nil
}

func starmap(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, src, err := predArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return newIterator(thread, "starmap", func() (starlark.Value, bool, error) {
		x, ok := src.next()
		if !ok {
			return nil, false, nil
		}
		s, err := sourceOf(x)
		if err != nil {
			return nil, false, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(x))
		}
		v, err := starlark.Call(thread, fn, starlark.Tuple(s.all()), nil)
		return v, err == nil, err
	}), nil
}

func tee(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	n := 2
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v, &n); err != nil {
		return nil, typeErr(err)
	}
	if n < 0 {
		return nil, pyerr.New(pyerr.ValueError, "n must be >= 0")
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	// A buffer of what the slowest copy has yet to read.
	var buf []starlark.Value
	base := 0 // index in the source of buf[0]
	pos := make([]int, n)
	out := make(starlark.Tuple, n)
	for k := range n {
		out[k] = newIterator(thread, "_tee", func() (starlark.Value, bool, error) {
			if pos[k]-base == len(buf) {
				x, ok := src.next()
				if !ok {
					return nil, false, nil
				}
				buf = append(buf, x)
			}
			x := buf[pos[k]-base]
			pos[k]++
			lowest := pos[0]
			for _, p := range pos {
				lowest = min(lowest, p)
			}
			if drop := lowest - base; drop > 0 {
				buf, base = buf[drop:], lowest
			}
			return x, true, nil
		})
	}
	return out, nil
}

func zipLongest(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fill starlark.Value = starlark.None
	for _, kv := range kwargs {
		if k, _ := starlark.AsString(kv[0]); k == "fillvalue" {
			fill = kv[1]
		} else {
			return nil, pyerr.New(pyerr.TypeError, "zip_longest() got an unexpected keyword argument '%s'", k)
		}
	}
	srcs := make([]*source, len(args))
	for i, a := range args {
		s, err := sourceOf(a)
		if err != nil {
			return nil, err
		}
		srcs[i] = s
	}
	live := len(srcs)
	ended := make([]bool, len(srcs))
	return newIterator(thread, "zip_longest", func() (starlark.Value, bool, error) {
		if live == 0 {
			return nil, false, nil
		}
		t := make(starlark.Tuple, len(srcs))
		for i, s := range srcs {
			if !ended[i] {
				if x, ok := s.next(); ok {
					t[i] = x
					continue
				}
				ended[i] = true
				live--
				if live == 0 {
					return nil, false, nil
				}
			}
			t[i] = fill
		}
		return t, true, nil
	}), nil
}

// pools reads every argument into a list, as Python's product and
// combinatorics do before yielding anything.
func pool(v starlark.Value) ([]starlark.Value, error) {
	s, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	return s.all(), nil
}

func product(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	rep := 1
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		if k != "repeat" {
			return nil, pyerr.New(pyerr.TypeError, "product() got an unexpected keyword argument '%s'", k)
		}
		if err := starlark.AsInt(kv[1], &rep); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyType(kv[1]))
		}
	}
	if rep < 0 {
		return nil, pyerr.New(pyerr.ValueError, "repeat argument cannot be negative")
	}
	var pools [][]starlark.Value
	for _, a := range args {
		p, err := pool(a)
		if err != nil {
			return nil, err
		}
		pools = append(pools, p)
	}
	all := make([][]starlark.Value, 0, len(pools)*rep)
	for range rep {
		all = append(all, pools...)
	}
	idx := make([]int, len(all))
	first, over := true, false
	for _, p := range all {
		if len(p) == 0 {
			over = true
		}
	}
	return newIterator(thread, "product", func() (starlark.Value, bool, error) {
		if over {
			return nil, false, nil
		}
		if !first {
			i := len(all) - 1
			for ; i >= 0; i-- {
				idx[i]++
				if idx[i] < len(all[i]) {
					break
				}
				idx[i] = 0
			}
			if i < 0 {
				over = true
				return nil, false, nil
			}
		}
		first = false
		t := make(starlark.Tuple, len(all))
		for i, p := range all {
			t[i] = p[idx[i]]
		}
		return t, true, nil
	}), nil
}

// rArg is the r of the combinatoric functions.
func rArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, optional bool) ([]starlark.Value, int, error) {
	var v, rv starlark.Value = nil, starlark.None
	spec := "r"
	if optional {
		spec = "r?"
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable", &v, spec, &rv); err != nil {
		return nil, 0, typeErr(err)
	}
	p, err := pool(v)
	if err != nil {
		return nil, 0, err
	}
	r := len(p)
	if rv != starlark.None || !optional {
		if err := starlark.AsInt(rv, &r); err != nil {
			return nil, 0, pyerr.New(pyerr.TypeError, "Expected int as r")
		}
	}
	if r < 0 {
		return nil, 0, pyerr.New(pyerr.ValueError, "r must be non-negative")
	}
	return p, r, nil
}

func pick(p []starlark.Value, idx []int) starlark.Tuple {
	t := make(starlark.Tuple, len(idx))
	for i, j := range idx {
		t[i] = p[j]
	}
	return t
}

func permutations(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, r, err := rArg(b, args, kwargs, true)
	if err != nil {
		return nil, err
	}
	n := len(p)
	indices := make([]int, n)
	for i := range indices {
		indices[i] = i
	}
	cycles := make([]int, r)
	for i := range cycles {
		cycles[i] = n - i
	}
	first, over := true, r > n
	return newIterator(thread, "permutations", func() (starlark.Value, bool, error) {
		if over {
			return nil, false, nil
		}
		if first {
			first = false
			return pick(p, indices[:r]), true, nil
		}
		// CPython's algorithm (its documented equivalent).
		for i := r - 1; i >= 0; i-- {
			cycles[i]--
			if cycles[i] == 0 {
				moved := indices[i]
				copy(indices[i:], indices[i+1:])
				indices[n-1] = moved
				cycles[i] = n - i
				continue
			}
			j := n - cycles[i]
			indices[i], indices[j] = indices[j], indices[i]
			return pick(p, indices[:r]), true, nil
		}
		over = true
		return nil, false, nil
	}), nil
}

func combinationsOf(thread *starlark.Thread, name string, p []starlark.Value, r int, replace bool) *iterator {
	n := len(p)
	indices := make([]int, r)
	if !replace {
		for i := range indices {
			indices[i] = i
		}
	}
	first := true
	over := (!replace && r > n) || (replace && n == 0 && r > 0)
	return newIterator(thread, name, func() (starlark.Value, bool, error) {
		if over {
			return nil, false, nil
		}
		if first {
			first = false
			return pick(p, indices), true, nil
		}
		i := r - 1
		for ; i >= 0; i-- {
			if (!replace && indices[i] != i+n-r) || (replace && indices[i] != n-1) {
				break
			}
		}
		if i < 0 {
			over = true
			return nil, false, nil
		}
		if replace {
			v := indices[i] + 1
			for j := i; j < r; j++ {
				indices[j] = v
			}
		} else {
			indices[i]++
			for j := i + 1; j < r; j++ {
				indices[j] = indices[j-1] + 1
			}
		}
		return pick(p, indices), true, nil
	})
}

func combinations(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, r, err := rArg(b, args, kwargs, false)
	if err != nil {
		return nil, err
	}
	return combinationsOf(thread, "combinations", p, r, false), nil
}

func combinationsWithReplacement(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, r, err := rArg(b, args, kwargs, false)
	if err != nil {
		return nil, err
	}
	return combinationsOf(thread, "combinations_with_replacement", p, r, true), nil
}

// batched is 3.12's batched(iterable, n): tuples of n, the last shorter.
func batched(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var n int
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable", &v, "n", &n); err != nil {
		return nil, typeErr(err)
	}
	if n < 1 {
		return nil, pyerr.New(pyerr.ValueError, "n must be at least one")
	}
	src, err := sourceOf(v)
	if err != nil {
		return nil, err
	}
	return newIterator(thread, "batched", func() (starlark.Value, bool, error) {
		var t starlark.Tuple
		for len(t) < n {
			x, ok := src.next()
			if !ok {
				break
			}
			t = append(t, x)
		}
		return t, len(t) > 0, nil
	}), nil
}
