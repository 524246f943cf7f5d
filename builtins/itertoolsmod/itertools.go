// Package itertoolsmod is procstar's "itertools" module: CPython 3.12's
// iterator building blocks, as lazy iterators (an infinite count() in a
// for loop with break works). Like a Python iterator, each is its own
// iterator: a second loop continues where the first stopped. A Starlark
// iterator cannot fail, so an error in a function an iterator calls (a
// predicate, a key) while a for loop drives it ends the script with that
// error; .next() inside catch() handles it. They do not cross processes
// (CPython 3.12 deprecates pickling them).
package itertoolsmod

import (
	"fmt"
	"math"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "itertools" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "itertools", Members: starlark.StringDict{
		"count":                         b("count", count),
		"cycle":                         b("cycle", cycle),
		"repeat":                        b("repeat", repeat),
		"accumulate":                    b("accumulate", accumulate),
		"chain":                         &chainType{},
		"compress":                      b("compress", compress),
		"dropwhile":                     b("dropwhile", dropwhile),
		"filterfalse":                   b("filterfalse", filterfalse),
		"groupby":                       b("groupby", groupby),
		"islice":                        b("islice", islice),
		"pairwise":                      b("pairwise", pairwise),
		"starmap":                       b("starmap", starmap),
		"takewhile":                     b("takewhile", takewhile),
		"tee":                           b("tee", tee),
		"zip_longest":                   b("zip_longest", zipLongest),
		"product":                       b("product", product),
		"permutations":                  b("permutations", permutations),
		"combinations":                  b("combinations", combinations),
		"combinations_with_replacement": b("combinations_with_replacement", combinationsWR),
		"batched":                       b("batched", batched),
	}}
}

// Iter is one of itertools' iterators, or (made by New) one of Python's
// other iterator types (iter's, map's, filter's).
type Iter struct {
	kind string
	typ  string // the full type name when not itertools'

	thread *starlark.Thread // calls of the iterator's functions run in it
	next   func() (starlark.Value, bool, error)
	repr   func() string // CPython's repr where it has one (count, repeat)
	done   bool
}

var (
	_ starlark.Iterable = (*Iter)(nil)
	_ starlark.HasAttrs = (*Iter)(nil)
)

// New is an iterator of the Python type typ (such as "map"), whose
// elements next gives (ok false at the end); calls it makes run in thread.
func New(typ string, thread *starlark.Thread, next func() (starlark.Value, bool, error)) *Iter {
	return &Iter{kind: typ, typ: typ, thread: thread, next: next}
}

// Of is an iterator over v's elements (a str's characters), as Python's
// iter(v) of the type typ ("list_iterator"...).
func Of(typ string, thread *starlark.Thread, v starlark.Value) (*Iter, error) {
	src, err := iterOf(v)
	if err != nil {
		return nil, err
	}
	return New(typ, thread, src.next), nil
}

func (it *Iter) String() string {
	if it.repr != nil {
		return it.repr()
	}
	return fmt.Sprintf("<%s object at %#x>", it.Type(), uintptr(unsafe.Pointer(it)))
}

func (it *Iter) Type() string {
	if it.typ != "" {
		return it.typ
	}
	return "itertools." + it.kind
}
func (it *Iter) Freeze()               {}
func (it *Iter) Truth() starlark.Bool  { return starlark.True }
func (it *Iter) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(it)) >> 3), nil }

// step is the next element; ok is false at the end, which is final.
func (it *Iter) step() (starlark.Value, bool, error) {
	if it.done {
		return nil, false, nil
	}
	v, ok, err := it.next()
	if !ok || err != nil {
		it.done = true
	}
	return v, ok, err
}

// Step is the next element (ok false at the end), or the error of a
// function the iterator called: a builtin that reads an iterator itself
// (Pool.map) raises it, where a for loop can only end the script.
func (it *Iter) Step() (starlark.Value, bool, error) { return it.step() }

func (it *Iter) Iterate() starlark.Iterator { return loop{it} }

type loop struct{ it *Iter }

// Next yields the next element. A Starlark iterator cannot fail: an error
// cancels the thread with it (as a Pool.imap loop does).
func (l loop) Next(p *starlark.Value) bool {
	v, ok, err := l.it.step()
	if err != nil {
		if l.it.thread != nil {
			typ, msg := pyerr.Classify(err)
			l.it.thread.Cancel(typ + ": " + msg + fmt.Sprintf("\n(in a for loop over %s; use .next() inside catch() to handle it)", l.it.Type()))
		}
		return false
	}
	if ok {
		*p = v
	}
	return ok
}
func (l loop) Done() {}

func (it *Iter) AttrNames() []string { return []string{"next"} }
func (it *Iter) Attr(name string) (starlark.Value, error) {
	if name != "next" && name != "__next__" {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(name, args, kwargs); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		v, ok, err := it.step()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, pyerr.New("StopIteration", "")
		}
		return v, nil
	}).BindReceiver(it), nil
}

// source is an input iterable read lazily. Lists and tuples are read by
// index, so that a list left half-read is not held "being iterated"
// (Starlark refuses to change such a list).
type source struct {
	seq  starlark.Indexable
	i    int
	iter *pyiter.Iterator // an iterator that can fail is read by Step
}

func iterOf(v starlark.Value) (*source, error) {
	switch v := v.(type) {
	case *starlark.List, starlark.Tuple:
		return &source{seq: v.(starlark.Indexable)}, nil
	case starlark.String:
		// A Python str is an iterable of its characters.
		var elems []starlark.Value
		for _, r := range string(v) {
			elems = append(elems, starlark.String(string(r)))
		}
		return &source{seq: starlark.Tuple(elems)}, nil
	case starlark.Iterable:
		return &source{iter: pyiter.Iterate(v)}, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
}

// next is the next element (ok false at the end), or the error of an
// input iterator that failed (Pool.imap's, iter(f, x)'s, another Iter),
// which is then the error of the iterator reading it, as in Python.
func (s *source) next() (starlark.Value, bool, error) {
	if s.seq != nil {
		if s.i >= s.seq.Len() {
			s.seq = nil
			s.i = -1
			return nil, false, nil
		}
		s.i++
		return s.seq.Index(s.i - 1), true, nil
	}
	if s.iter == nil {
		return nil, false, nil
	}
	var v starlark.Value
	if s.iter.Next(&v) {
		return v, true, nil
	}
	err := s.iter.Err()
	s.iter.Done()
	s.iter = nil
	return nil, false, err
}

// all reads the rest of an iterable (product and the combinatorics take
// their inputs whole, as CPython does).
func all(v starlark.Value) (starlark.Tuple, error) {
	s, err := iterOf(v)
	if err != nil {
		return nil, err
	}
	var out starlark.Tuple
	for {
		x, ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, x)
	}
}

func call(thread *starlark.Thread, fn starlark.Value, args ...starlark.Value) (starlark.Value, error) {
	return starlark.Call(thread, fn, starlark.Tuple(args), nil)
}

func typeErr(err error) error {
	if err == nil {
		return nil
	}
	return pyerr.New(pyerr.TypeError, "%s", err.Error())
}

func noKwargs(name string, kwargs []starlark.Tuple) error {
	if len(kwargs) > 0 {
		return pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", name)
	}
	return nil
}

func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return true
	}
	return false
}

func count(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, step starlark.Value = starlark.MakeInt(0), starlark.MakeInt(1)
	if err := starlark.UnpackArgs("count", args, kwargs, "start?", &start, "step?", &step); err != nil {
		return nil, typeErr(err)
	}
	if !isNumber(start) || !isNumber(step) {
		return nil, pyerr.New(pyerr.TypeError, "a number is required")
	}
	cur := start
	it := &Iter{kind: "count", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		v := cur
		n, err := starlark.Binary(syntax.PLUS, cur, step)
		if err != nil {
			return nil, false, err
		}
		cur = n
		return v, true, nil
	}
	it.repr = func() string {
		if i, ok := step.(starlark.Int); ok {
			if n, ok := i.Int64(); ok && n == 1 {
				return "count(" + pyerr.Repr(cur) + ")"
			}
		}
		return "count(" + pyerr.Repr(cur) + ", " + pyerr.Repr(step) + ")"
	}
	return it, nil
}

func cycle(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs("cycle", kwargs); err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "cycle expected 1 argument, got %d", len(args))
	}
	src, err := iterOf(args[0])
	if err != nil {
		return nil, err
	}
	var saved starlark.Tuple
	i, first := 0, true
	it := &Iter{kind: "cycle", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if first {
			v, ok, err := src.next()
			if err != nil {
				return nil, false, err
			}
			if ok {
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
	}
	return it, nil
}

func repeat(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	var times starlark.Value = starlark.None
	if err := starlark.UnpackArgs("repeat", args, kwargs, "object", &obj, "times?", &times); err != nil {
		return nil, typeErr(err)
	}
	left := -1
	if times != starlark.None {
		n, err := starlark.AsInt32(times)
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(times))
		}
		left = max(n, 0)
	}
	it := &Iter{kind: "repeat", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if left == 0 {
			return nil, false, nil
		}
		if left > 0 {
			left--
		}
		return obj, true, nil
	}
	it.repr = func() string {
		if left < 0 {
			return "repeat(" + pyerr.Repr(obj) + ")"
		}
		return fmt.Sprintf("repeat(%s, %d)", pyerr.Repr(obj), left)
	}
	return it, nil
}

func accumulate(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var iterable starlark.Value
	var fn, initial starlark.Value = starlark.None, starlark.None
	// initial is keyword-only: accumulate(iterable, func=None, *, initial=None).
	if len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "accumulate() takes at most 2 positional arguments (%d given)", len(args))
	}
	if err := starlark.UnpackArgs("accumulate", args, kwargs, "iterable", &iterable, "func?", &fn, "initial?", &initial); err != nil {
		return nil, typeErr(err)
	}
	src, err := iterOf(iterable)
	if err != nil {
		return nil, err
	}
	var total starlark.Value
	if initial != starlark.None {
		total = initial
	}
	pending := total != nil
	it := &Iter{kind: "accumulate", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if pending {
			pending = false
			return total, true, nil
		}
		v, ok, err := src.next()
		if !ok || err != nil {
			return nil, false, err
		}
		if total == nil {
			total = v
			return v, true, nil
		}
		if fn == starlark.None {
			v, err = starlark.Binary(syntax.PLUS, total, v)
		} else {
			v, err = call(thread, fn, total, v)
		}
		if err != nil {
			return nil, false, err
		}
		total = v
		return v, true, nil
	}
	return it, nil
}

// chainType is itertools.chain: callable, with chain.from_iterable.
type chainType struct{}

var (
	_ starlark.Callable = (*chainType)(nil)
	_ starlark.HasAttrs = (*chainType)(nil)
)

func (*chainType) String() string        { return "<class 'itertools.chain'>" }
func (*chainType) Type() string          { return "type" }
func (*chainType) Freeze()               {}
func (*chainType) Truth() starlark.Bool  { return starlark.True }
func (*chainType) Hash() (uint32, error) { return 0x636861, nil }
func (*chainType) Name() string          { return "chain" }
func (*chainType) AttrNames() []string   { return []string{"from_iterable"} }
func (*chainType) Attr(name string) (starlark.Value, error) {
	if name != "from_iterable" {
		return nil, nil
	}
	return starlark.NewBuiltin("from_iterable", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var iterable starlark.Value
		if err := starlark.UnpackArgs("from_iterable", args, kwargs, "iterable", &iterable); err != nil {
			return nil, typeErr(err)
		}
		outer, err := iterOf(iterable)
		if err != nil {
			return nil, err
		}
		return newChain(thread, outer.next), nil // outer's error is chain's
	}), nil
}

func (*chainType) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs("chain", kwargs); err != nil {
		return nil, err
	}
	i := 0
	return newChain(thread, func() (starlark.Value, bool, error) {
		if i >= len(args) {
			return nil, false, nil
		}
		i++
		return args[i-1], true, nil
	}), nil
}

func newChain(thread *starlark.Thread, nextIterable func() (starlark.Value, bool, error)) *Iter {
	var cur *source
	it := &Iter{kind: "chain", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		for {
			if cur != nil {
				v, ok, err := cur.next()
				if ok || err != nil {
					return v, ok, err
				}
				cur = nil
			}
			iterable, ok, err := nextIterable()
			if !ok || err != nil {
				return nil, false, err
			}
			s, err := iterOf(iterable)
			if err != nil {
				return nil, false, err
			}
			cur = s
		}
	}
	return it
}

func compress(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, selectors starlark.Value
	if err := starlark.UnpackArgs("compress", args, kwargs, "data", &data, "selectors", &selectors); err != nil {
		return nil, typeErr(err)
	}
	d, err := iterOf(data)
	if err != nil {
		return nil, err
	}
	s, err := iterOf(selectors)
	if err != nil {
		return nil, err
	}
	it := &Iter{kind: "compress", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		for {
			v, ok, err := d.next()
			if !ok || err != nil {
				return nil, false, err
			}
			sel, ok, err := s.next()
			if !ok || err != nil {
				return nil, false, err
			}
			if sel.Truth() {
				return v, true, nil
			}
		}
	}
	return it, nil
}

// predArgs unpacks (predicate, iterable), positional only as CPython's.
func predArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, *source, error) {
	if err := noKwargs(name, kwargs); err != nil {
		return nil, nil, err
	}
	if len(args) != 2 {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s expected 2 arguments, got %d", name, len(args))
	}
	s, err := iterOf(args[1])
	return args[0], s, err
}

func truth(thread *starlark.Thread, pred, v starlark.Value) (bool, error) {
	if pred == starlark.None {
		return bool(v.Truth()), nil
	}
	r, err := call(thread, pred, v)
	if err != nil {
		return false, err
	}
	return bool(r.Truth()), nil
}

func dropwhile(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs("dropwhile", args, kwargs)
	if err != nil {
		return nil, err
	}
	dropping := true
	it := &Iter{kind: "dropwhile", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		for {
			v, ok, err := src.next()
			if !ok || err != nil || !dropping {
				return v, ok, err
			}
			t, err := truth(thread, pred, v)
			if err != nil {
				return nil, false, err
			}
			if !t {
				dropping = false
				return v, true, nil
			}
		}
	}
	return it, nil
}

func takewhile(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs("takewhile", args, kwargs)
	if err != nil {
		return nil, err
	}
	it := &Iter{kind: "takewhile", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		v, ok, err := src.next()
		if !ok || err != nil {
			return nil, false, err
		}
		t, err := truth(thread, pred, v)
		if err != nil || !t {
			return nil, false, err
		}
		return v, true, nil
	}
	return it, nil
}

func filterfalse(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pred, src, err := predArgs("filterfalse", args, kwargs)
	if err != nil {
		return nil, err
	}
	it := &Iter{kind: "filterfalse", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		for {
			v, ok, err := src.next()
			if !ok || err != nil {
				return nil, false, err
			}
			t, err := truth(thread, pred, v)
			if err != nil {
				return nil, false, err
			}
			if !t {
				return v, true, nil
			}
		}
	}
	return it, nil
}

func starmap(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, src, err := predArgs("starmap", args, kwargs)
	if err != nil {
		return nil, err
	}
	it := &Iter{kind: "starmap", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		v, ok, err := src.next()
		if !ok || err != nil {
			return nil, false, err
		}
		a, err := all(v)
		if err != nil {
			return nil, false, err
		}
		r, err := starlark.Call(thread, fn, a, nil)
		if err != nil {
			return nil, false, err
		}
		return r, true, nil
	}
	return it, nil
}

func pairwise(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs("pairwise", kwargs); err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "pairwise expected 1 argument, got %d", len(args))
	}
	src, err := iterOf(args[0])
	if err != nil {
		return nil, err
	}
	var prev starlark.Value
	it := &Iter{kind: "pairwise", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if prev == nil {
			v, ok, err := src.next()
			if !ok || err != nil {
				return nil, false, err
			}
			prev = v
		}
		v, ok, err := src.next()
		if !ok || err != nil {
			return nil, false, err
		}
		p := starlark.Tuple{prev, v}
		prev = v
		return p, true, nil
	}
	return it, nil
}

// groupby follows CPython's: the groups share the input, and advancing
// the groupby ends the group before.
func groupby(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var iterable starlark.Value
	var key starlark.Value = starlark.None
	if err := starlark.UnpackArgs("groupby", args, kwargs, "iterable", &iterable, "key?", &key); err != nil {
		return nil, typeErr(err)
	}
	src, err := iterOf(iterable)
	if err != nil {
		return nil, err
	}
	var tgtkey, currkey, currvalue starlark.Value
	var currgrouper *Iter
	step := func() (bool, error) {
		v, ok, err := src.next()
		if !ok || err != nil {
			return false, err
		}
		k := v
		if key != starlark.None {
			var err error
			if k, err = call(thread, key, v); err != nil {
				return false, err
			}
		}
		currvalue, currkey = v, k
		return true, nil
	}
	it := &Iter{kind: "groupby", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		currgrouper = nil
		for {
			if currkey == nil {
				ok, err := step()
				if !ok || err != nil {
					return nil, false, err
				}
			}
			if tgtkey == nil {
				break
			}
			eq, err := starlark.Equal(tgtkey, currkey)
			if err != nil {
				return nil, false, err
			}
			if !eq {
				break
			}
			currkey = nil
		}
		tgtkey = currkey
		g := &Iter{kind: "_grouper", thread: thread}
		mykey := tgtkey
		g.next = func() (starlark.Value, bool, error) {
			if currgrouper != g {
				return nil, false, nil
			}
			if currkey == nil {
				ok, err := step()
				if !ok || err != nil {
					return nil, false, err
				}
			}
			eq, err := starlark.Equal(mykey, currkey)
			if err != nil || !eq {
				return nil, false, err
			}
			v := currvalue
			currkey = nil
			return v, true, nil
		}
		currgrouper = g
		return starlark.Tuple{tgtkey, g}, true, nil
	}
	return it, nil
}

// ssize is CPython's PyNumber_AsSsize_t for islice: -1, its error value,
// for what is not an int.
func ssize(v starlark.Value) int {
	if i, ok := v.(starlark.Int); ok {
		if n, ok := i.Int64(); ok {
			return int(n)
		}
	}
	return -1
}

func islice(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs("islice", kwargs); err != nil {
		return nil, err
	}
	if len(args) < 2 {
		return nil, pyerr.New(pyerr.TypeError, "islice expected at least 2 arguments, got %d", len(args))
	}
	if len(args) > 4 {
		return nil, pyerr.New(pyerr.TypeError, "islice expected at most 4 arguments, got %d", len(args))
	}
	// CPython's islice_new, checks, texts and order included: a stop of
	// -1 (PyNumber_AsSsize_t's error value, which anything not an int
	// gives) is "Stop argument", any other bad start or stop "Indices".
	const stopMsg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	start, stop, step := 0, -1, 1
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
	src, err := iterOf(args[0])
	if err != nil {
		return nil, err
	}
	pos, nextWanted := 0, start
	it := &Iter{kind: "islice", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		for stop < 0 || nextWanted < stop {
			v, ok, err := src.next()
			if !ok || err != nil {
				return nil, false, err
			}
			pos++
			if pos-1 == nextWanted {
				// As CPython, the next index is clamped to stop: a
				// step past it (or overflowing, sys.maxsize) must not
				// read on beyond stop, nor wrap around.
				if nextWanted > math.MaxInt-step {
					nextWanted = math.MaxInt
				} else {
					nextWanted += step
				}
				if stop >= 0 && nextWanted > stop {
					nextWanted = stop
				}
				return v, true, nil
			}
		}
		// CPython reads on to the end of the last step's span.
		for pos < stop && pos < nextWanted {
			_, ok, err := src.next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			pos++
		}
		return nil, false, nil
	}
	return it, nil
}

func tee(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs("tee", kwargs); err != nil {
		return nil, err
	}
	if len(args) < 1 || len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "tee expected at most 2 arguments, got %d", len(args))
	}
	n := 2
	if len(args) == 2 {
		var err error
		if n, err = starlark.AsInt32(args[1]); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(args[1]))
		}
		if n < 0 {
			return nil, pyerr.New(pyerr.ValueError, "n must be >= 0")
		}
	}
	src, err := iterOf(args[0])
	if err != nil {
		return nil, err
	}
	// buf holds what the slowest of the copies has not read; base is
	// buf[0]'s position.
	var buf []starlark.Value
	base := 0
	pos := make([]int, n)
	ended := false
	out := make(starlark.Tuple, n)
	for i := range out {
		i := i
		it := &Iter{kind: "_tee", thread: thread}
		it.next = func() (starlark.Value, bool, error) {
			if pos[i]-base >= len(buf) {
				if ended {
					return nil, false, nil
				}
				v, ok, err := src.next()
				if err != nil {
					return nil, false, err
				}
				if !ok {
					ended = true
					return nil, false, nil
				}
				buf = append(buf, v)
			}
			v := buf[pos[i]-base]
			pos[i]++
			low := pos[0]
			for _, p := range pos {
				low = min(low, p)
			}
			if drop := low - base; drop > 0 {
				buf = buf[drop:]
				base = low
			}
			return v, true, nil
		}
		out[i] = it
	}
	return out, nil
}

func zipLongest(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fill starlark.Value = starlark.None
	for _, kv := range kwargs {
		if k, _ := starlark.AsString(kv[0]); k != "fillvalue" {
			return nil, pyerr.New(pyerr.TypeError, "zip_longest() got an unexpected keyword argument '%s'", k)
		}
		fill = kv[1]
	}
	srcs := make([]*source, len(args))
	for i, a := range args {
		s, err := iterOf(a)
		if err != nil {
			return nil, err
		}
		srcs[i] = s
	}
	active := len(srcs)
	live := make([]bool, len(srcs))
	for i := range live {
		live[i] = true
	}
	it := &Iter{kind: "zip_longest", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if active == 0 {
			return nil, false, nil
		}
		t := make(starlark.Tuple, len(srcs))
		for i, s := range srcs {
			t[i] = fill
			if !live[i] {
				continue
			}
			v, ok, err := s.next()
			if err != nil {
				return nil, false, err
			}
			if ok {
				t[i] = v
			} else {
				live[i] = false
				active--
				if active == 0 {
					return nil, false, nil
				}
			}
		}
		return t, true, nil
	}
	return it, nil
}

// indices yields the tuples of pool picked by successive index vectors
// from advance, which returns false past the last.
func indices(thread *starlark.Thread, kind string, pool starlark.Tuple, idx []int, empty bool, advance func(idx []int) bool) *Iter {
	first := true
	it := &Iter{kind: kind, thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		if empty {
			return nil, false, nil
		}
		if !first && !advance(idx) {
			empty = true
			return nil, false, nil
		}
		first = false
		t := make(starlark.Tuple, len(idx))
		for i, j := range idx {
			t[i] = pool[j]
		}
		return t, true, nil
	}
	return it
}

func product(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	repeat := 1
	for _, kv := range kwargs {
		if k, _ := starlark.AsString(kv[0]); k != "repeat" {
			return nil, pyerr.New(pyerr.TypeError, "product() got an unexpected keyword argument '%s'", k)
		}
		var err error
		if repeat, err = starlark.AsInt32(kv[1]); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(kv[1]))
		}
		if repeat < 0 {
			return nil, pyerr.New(pyerr.ValueError, "repeat argument cannot be negative")
		}
	}
	var pools []starlark.Tuple
	for _, a := range args {
		p, err := all(a)
		if err != nil {
			return nil, err
		}
		pools = append(pools, p)
	}
	// One flat pool, and each position's range in it.
	var flat starlark.Tuple
	var lo, hi []int
	empty := false
	for r := 0; r < repeat; r++ {
		for _, p := range pools {
			lo = append(lo, len(flat))
			flat = append(flat, p...)
			hi = append(hi, len(flat))
			empty = empty || len(p) == 0
		}
	}
	idx := append([]int(nil), lo...)
	return indices(thread, "product", flat, idx, empty, func(idx []int) bool {
		for i := len(idx) - 1; i >= 0; i-- {
			idx[i]++
			if idx[i] < hi[i] {
				return true
			}
			idx[i] = lo[i]
		}
		return false
	}), nil
}

// poolR unpacks (iterable, r) for the combinatorics; r defaults to
// defR(n) when None or absent.
func poolR(name string, args starlark.Tuple, kwargs []starlark.Tuple, rRequired bool) (starlark.Tuple, int, error) {
	var iterable starlark.Value
	var rv starlark.Value = starlark.None
	spec := "r?"
	if rRequired {
		spec = "r"
	}
	if err := starlark.UnpackArgs(name, args, kwargs, "iterable", &iterable, spec, &rv); err != nil {
		return nil, 0, typeErr(err)
	}
	pool, err := all(iterable)
	if err != nil {
		return nil, 0, err
	}
	r := len(pool)
	if rv != starlark.None {
		n, err := starlark.AsInt32(rv)
		if err != nil {
			if _, ok := rv.(starlark.Int); ok {
				return nil, 0, pyerr.New("OverflowError", "Python int too large to convert to C ssize_t")
			}
			return nil, 0, pyerr.New(pyerr.TypeError, "Expected int as r")
		}
		if n < 0 {
			return nil, 0, pyerr.New(pyerr.ValueError, "r must be non-negative")
		}
		r = n
	}
	return pool, r, nil
}

func combinations(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pool, r, err := poolR("combinations", args, kwargs, true)
	if err != nil {
		return nil, err
	}
	n := len(pool)
	idx := make([]int, r)
	for i := range idx {
		idx[i] = i
	}
	return indices(thread, "combinations", pool, idx, r > n, func(idx []int) bool {
		i := r - 1
		for ; i >= 0 && idx[i] == i+n-r; i-- {
		}
		if i < 0 {
			return false
		}
		idx[i]++
		for j := i + 1; j < r; j++ {
			idx[j] = idx[j-1] + 1
		}
		return true
	}), nil
}

func combinationsWR(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pool, r, err := poolR("combinations_with_replacement", args, kwargs, true)
	if err != nil {
		return nil, err
	}
	n := len(pool)
	idx := make([]int, r)
	return indices(thread, "combinations_with_replacement", pool, idx, n == 0 && r > 0, func(idx []int) bool {
		i := r - 1
		for ; i >= 0 && idx[i] == n-1; i-- {
		}
		if i < 0 {
			return false
		}
		v := idx[i] + 1
		for j := i; j < r; j++ {
			idx[j] = v
		}
		return true
	}), nil
}

func permutations(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pool, r, err := poolR("permutations", args, kwargs, false)
	if err != nil {
		return nil, err
	}
	n := len(pool)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	cycles := make([]int, r)
	for i := range cycles {
		cycles[i] = n - i
	}
	idx := make([]int, r)
	copy(idx, perm)
	return indices(thread, "permutations", pool, idx, r > n, func(idx []int) bool {
		// CPython's documented algorithm over perm, reflected into idx.
		for i := r - 1; i >= 0; i-- {
			cycles[i]--
			if cycles[i] == 0 {
				p := perm[i]
				copy(perm[i:], perm[i+1:])
				perm[n-1] = p
				cycles[i] = n - i
				continue
			}
			j := cycles[i]
			perm[i], perm[n-j] = perm[n-j], perm[i]
			copy(idx, perm[:r])
			return true
		}
		return false
	}), nil
}

func batched(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var iterable starlark.Value
	var n int
	if err := starlark.UnpackArgs("batched", args, kwargs, "iterable", &iterable, "n", &n); err != nil {
		return nil, typeErr(err)
	}
	if n < 1 {
		return nil, pyerr.New(pyerr.ValueError, "n must be at least one")
	}
	src, err := iterOf(iterable)
	if err != nil {
		return nil, err
	}
	it := &Iter{kind: "batched", thread: thread}
	it.next = func() (starlark.Value, bool, error) {
		var t starlark.Tuple
		for len(t) < n {
			v, ok, err := src.next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			t = append(t, v)
		}
		return t, len(t) > 0, nil
	}
	return it, nil
}
