package collectionsmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Deque is collections.deque: a sequence with cheap appends and pops at
// both ends, bounded by maxlen if given (an append then drops from the
// other end).
type Deque struct {
	items  []starlark.Value
	maxlen int // -1: unbounded
	frozen bool
	repr   reprGuard
}

var (
	_ starlark.Indexable   = (*Deque)(nil)
	_ starlark.HasSetIndex = (*Deque)(nil)
	_ starlark.Iterable    = (*Deque)(nil)
	_ starlark.Container   = (*Deque)(nil)
	_ starlark.HasAttrs    = (*Deque)(nil)
	_ starlark.HasBinary   = (*Deque)(nil)
	_ codec.Typed          = (*Deque)(nil)
)

func newDeque(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, maxlen starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable?", &src, "maxlen?", &maxlen); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	d := &Deque{maxlen: -1}
	if maxlen != starlark.None {
		n, ok := maxlen.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "an integer is required")
		}
		m, _ := n.Int64()
		if m < 0 {
			return nil, pyerr.New(pyerr.ValueError, "maxlen must be non-negative")
		}
		d.maxlen = int(m)
	}
	if src != starlark.None {
		if err := d.extend(src, false); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *Deque) checkMutable(what string) error {
	if d.frozen {
		return fmt.Errorf("cannot %s frozen deque", what)
	}
	return nil
}

func (d *Deque) push(x starlark.Value, left bool) {
	if d.maxlen == 0 {
		return
	}
	if left {
		d.items = append([]starlark.Value{x}, d.items...)
		if d.maxlen > 0 && len(d.items) > d.maxlen {
			d.items = d.items[:d.maxlen]
		}
		return
	}
	d.items = append(d.items, x)
	if d.maxlen > 0 && len(d.items) > d.maxlen {
		d.items = d.items[len(d.items)-d.maxlen:]
	}
}

func (d *Deque) extend(src starlark.Value, left bool) error {
	var xs []starlark.Value
	switch s := src.(type) {
	case starlark.String:
		for _, r := range string(s) {
			xs = append(xs, starlark.String(string(r)))
		}
	case starlark.Iterable:
		it := pyiter.Iterate(s) // an iterator that can fail: its error is ours
		var x starlark.Value
		for it.Next(&x) {
			xs = append(xs, x)
		}
		it.Done()
		if err := it.Err(); err != nil {
			// Python's deque has appended those before it.
			for _, x := range xs {
				d.push(x, left)
			}
			return err
		}
	default:
		return pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(src))
	}
	for _, x := range xs {
		d.push(x, left)
	}
	return nil
}

func (d *Deque) String() string {
	if !d.repr.enter() {
		return "[...]"
	}
	defer d.repr.leave()
	parts := make([]string, len(d.items))
	for i, x := range d.items {
		parts[i] = pyerr.Repr(x)
	}
	s := "deque([" + strings.Join(parts, ", ") + "]"
	if d.maxlen >= 0 {
		s += fmt.Sprintf(", maxlen=%d", d.maxlen)
	}
	return s + ")"
}

func (d *Deque) Type() string         { return "collections.deque" }
func (d *Deque) Freeze()              { d.frozen = true; starlark.Tuple(d.items).Freeze() }
func (d *Deque) Truth() starlark.Bool { return len(d.items) > 0 }
func (d *Deque) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'collections.deque'")
}
func (d *Deque) Len() int { return len(d.items) }

// Index implements starlark.Indexable (Starlark has checked i).
func (d *Deque) Index(i int) starlark.Value { return d.items[i] }

func (d *Deque) SetIndex(i int, v starlark.Value) error {
	if err := d.checkMutable("assign to element of"); err != nil {
		return err
	}
	d.items[i] = v
	return nil
}

func (d *Deque) Iterate() starlark.Iterator {
	// A copy: Python raises if a deque changes while it is iterated;
	// this reads what it held when the loop began.
	return &dequeIter{items: append([]starlark.Value(nil), d.items...)}
}

type dequeIter struct {
	items []starlark.Value
	i     int
}

func (it *dequeIter) Next(p *starlark.Value) bool {
	if it.i >= len(it.items) {
		return false
	}
	*p = it.items[it.i]
	it.i++
	return true
}
func (it *dequeIter) Done() {}

func (d *Deque) Has(x starlark.Value) (bool, error) {
	for _, y := range d.items {
		if eq, err := starlark.Equal(x, y); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

func (d *Deque) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.Tuple(d.items).CompareSameType(op, starlark.Tuple(y.(*Deque).items), depth)
}

// Binary is deque's + (with another deque) and * (with an int), as
// CPython's: the result is a new deque with the left operand's maxlen
// (the deque's, for n*d), keeping the last maxlen items.
func (d *Deque) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		o, ok := y.(*Deque)
		if !ok {
			if side == starlark.Left {
				return nil, pyerr.New(pyerr.TypeError, "can only concatenate deque (not \"%s\") to deque", pyType(y))
			}
			return nil, nil
		}
		a, b := d, o
		if side == starlark.Right {
			a, b = o, d
		}
		out := &Deque{items: append([]starlark.Value(nil), a.items...), maxlen: a.maxlen}
		for _, x := range b.items {
			out.push(x, false)
		}
		return out, nil
	case syntax.STAR:
		n, ok := y.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "can't multiply sequence by non-int of type '%s'", pyType(y))
		}
		k, ok := n.Int64()
		if !ok {
			return nil, pyerr.New("OverflowError", "cannot fit 'int' into an index-sized integer")
		}
		out := &Deque{maxlen: d.maxlen}
		if k <= 0 || len(d.items) == 0 {
			return out, nil
		}
		if d.maxlen >= 0 {
			// Copies beyond those that fill maxlen only push out
			// the same items again.
			k = min(k, int64(d.maxlen/len(d.items)+2))
		} else if k > (1<<30)/int64(len(d.items)) {
			return nil, pyerr.New("MemoryError", "excessive repeat (%d * %d elements)", len(d.items), k)
		}
		for i := int64(0); i < k; i++ {
			for _, x := range d.items {
				out.push(x, false)
			}
		}
		return out, nil
	}
	return nil, nil
}

var dequeMethods = []string{"append", "appendleft", "clear", "copy", "count", "extend", "extendleft", "index", "insert", "maxlen", "pop", "popleft", "remove", "reverse", "rotate"}

func (d *Deque) AttrNames() []string { return dequeMethods }

func (d *Deque) Attr(name string) (starlark.Value, error) {
	if name == "maxlen" {
		if d.maxlen < 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(d.maxlen), nil
	}
	found := false
	for _, m := range dequeMethods {
		found = found || m == name
	}
	if !found {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return d.call(name, args, kwargs)
	}), nil
}

func (d *Deque) call(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	unpack := func(vars ...any) error {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, len(vars), vars...); err != nil {
			return pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		return nil
	}
	mutating := map[string]bool{"append": true, "appendleft": true, "clear": true, "extend": true, "extendleft": true,
		"insert": true, "pop": true, "popleft": true, "remove": true, "reverse": true, "rotate": true}
	if mutating[name] {
		if err := d.checkMutable(name + " on"); err != nil {
			return nil, err
		}
	}
	switch name {
	case "append", "appendleft":
		var x starlark.Value
		if err := unpack(&x); err != nil {
			return nil, err
		}
		d.push(x, name == "appendleft")
	case "extend", "extendleft":
		var src starlark.Value
		if err := unpack(&src); err != nil {
			return nil, err
		}
		if src == d {
			src = starlark.Tuple(append([]starlark.Value(nil), d.items...))
		}
		return starlark.None, d.extend(src, name == "extendleft")
	case "pop", "popleft":
		if err := unpack(); err != nil {
			return nil, err
		}
		if len(d.items) == 0 {
			return nil, pyerr.New(pyerr.IndexError, "pop from an empty deque")
		}
		if name == "pop" {
			x := d.items[len(d.items)-1]
			d.items = d.items[:len(d.items)-1]
			return x, nil
		}
		x := d.items[0]
		d.items = d.items[1:]
		return x, nil
	case "clear":
		if err := unpack(); err != nil {
			return nil, err
		}
		d.items = nil
	case "copy":
		if err := unpack(); err != nil {
			return nil, err
		}
		return &Deque{items: append([]starlark.Value(nil), d.items...), maxlen: d.maxlen}, nil
	case "count":
		var x starlark.Value
		if err := unpack(&x); err != nil {
			return nil, err
		}
		n := 0
		for _, y := range d.items {
			eq, err := starlark.Equal(x, y)
			if err != nil {
				return nil, err
			}
			if eq {
				n++
			}
		}
		return starlark.MakeInt(n), nil
	case "remove", "index":
		var x starlark.Value
		start, stop := 0, 0
		if name == "remove" {
			if err := unpack(&x); err != nil {
				return nil, err
			}
		} else {
			if len(args) < 1 || len(kwargs) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "index expected at least 1 argument, got %d", len(args))
			}
			x = args[0]
			// index(x, start, stop) searches d[start:stop], the
			// bounds clamped as a slice's.
			n := len(d.items)
			bound := func(v starlark.Value) (int, error) {
				var i int
				if err := starlark.AsInt(v, &i); err != nil {
					return 0, pyerr.New(pyerr.TypeError, "slice indices must be integers or have an __index__ method")
				}
				if i < 0 {
					i = max(0, i+n)
				}
				return min(i, n), nil
			}
			if len(args) > 3 {
				return nil, pyerr.New(pyerr.TypeError, "index expected at most 3 arguments, got %d", len(args))
			}
			var err error
			if len(args) > 1 {
				if start, err = bound(args[1]); err != nil {
					return nil, err
				}
			}
			stop = n
			if len(args) > 2 {
				if stop, err = bound(args[2]); err != nil {
					return nil, err
				}
			}
		}
		for i, y := range d.items {
			if i < start {
				continue
			}
			if name == "index" && i >= stop {
				break
			}
			eq, err := starlark.Equal(x, y)
			if err != nil {
				return nil, err
			}
			if eq {
				if name == "index" {
					return starlark.MakeInt(i), nil
				}
				d.items = append(d.items[:i:i], d.items[i+1:]...)
				return starlark.None, nil
			}
		}
		return nil, pyerr.New(pyerr.ValueError, "%s is not in deque", pyerr.Repr(x))
	case "insert":
		var i int
		var x starlark.Value
		if err := unpack(&i, &x); err != nil {
			return nil, err
		}
		if d.maxlen >= 0 && len(d.items) >= d.maxlen {
			return nil, pyerr.New(pyerr.IndexError, "deque already at its maximum size")
		}
		n := len(d.items)
		if i < 0 {
			i = max(0, i+n)
		}
		i = min(i, n)
		d.items = append(d.items[:i], append([]starlark.Value{x}, d.items[i:]...)...)
	case "reverse":
		if err := unpack(); err != nil {
			return nil, err
		}
		for i, j := 0, len(d.items)-1; i < j; i, j = i+1, j-1 {
			d.items[i], d.items[j] = d.items[j], d.items[i]
		}
	case "rotate":
		n := 1
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0, &n); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if k := len(d.items); k > 0 {
			n = ((n % k) + k) % k
			d.items = append(d.items[k-n:], d.items[:k-n]...)
		}
	}
	return starlark.None, nil
}

const dequeType = "collections.deque"

// CodecState implements codec.Typed.
func (d *Deque) CodecState() (string, starlark.Value) {
	var maxlen starlark.Value = starlark.None
	if d.maxlen >= 0 {
		maxlen = starlark.MakeInt(d.maxlen)
	}
	return dequeType, starlark.Tuple{starlark.Tuple(d.items), maxlen}
}

func decodeDeque(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, fmt.Errorf("bad deque state %s", state.Type())
	}
	items, ok := t[0].(starlark.Tuple)
	if !ok {
		return nil, fmt.Errorf("bad deque state")
	}
	d := &Deque{items: append([]starlark.Value(nil), items...), maxlen: -1}
	if t[1] != starlark.None {
		if err := starlark.AsInt(t[1], &d.maxlen); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Items are the deque's items, front first, and Maxlen its maxlen (-1:
// none), for pprint.
func (d *Deque) Items() []starlark.Value { return d.items }
func (d *Deque) Maxlen() int             { return d.maxlen }
