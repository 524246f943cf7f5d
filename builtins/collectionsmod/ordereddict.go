package collectionsmod

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// OrderedDict is collections.OrderedDict: a dict (which keeps its order)
// with move_to_end and popitem(last=), whose equality with another
// OrderedDict minds the order.
type OrderedDict struct {
	*starlark.Dict
	repr reprGuard
}

var (
	_ starlark.HasSetKey       = (*OrderedDict)(nil)
	_ starlark.HasBinary       = (*OrderedDict)(nil)
	_ starlark.IterableMapping = (*OrderedDict)(nil)
	_ codec.Typed              = (*OrderedDict)(nil)
)

func newOrderedDict(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, pyerr.New(pyerr.TypeError, "expected at most 1 arguments, got %d", len(args))
	}
	d := &OrderedDict{Dict: new(starlark.Dict)}
	if err := fill(thread, d.Dict, args, kwargs); err != nil {
		return nil, err
	}
	return d, nil
}

// String is 3.12's repr: OrderedDict({...}).
func (d *OrderedDict) String() string {
	if d.Len() == 0 {
		return "OrderedDict()"
	}
	if !d.repr.enter() {
		return "..."
	}
	defer d.repr.leave()
	return "OrderedDict(" + dictRepr(d.Dict) + ")"
}

// Binary is d | other and other | d for a dict other: an OrderedDict
// (Python's __or__ and __ror__).
func (d *OrderedDict) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	o, ok := dictOf(y)
	if op != syntax.PIPE || !ok {
		return nil, nil
	}
	out := &OrderedDict{Dict: new(starlark.Dict)}
	if side == starlark.Left {
		union(out.Dict, d.Dict, o)
	} else {
		union(out.Dict, o, d.Dict)
	}
	return out, nil
}

func (d *OrderedDict) Type() string { return "collections.OrderedDict" }

func (d *OrderedDict) AttrNames() []string {
	return append(d.Dict.AttrNames(), "move_to_end")
}

func (d *OrderedDict) Attr(name string) (starlark.Value, error) {
	switch name {
	case "move_to_end":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key starlark.Value
			// last is taken by its truth, as CPython's (last=0).
			var last starlark.Value = starlark.True
			if err := starlark.UnpackArgs(name, args, kwargs, "key", &key, "last?", &last); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			v, found, err := d.Dict.Get(key)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, pyerr.New(pyerr.KeyError, "%s", pyerr.Repr(key))
			}
			return starlark.None, d.reorder(key, v, bool(last.Truth()))
		}).BindReceiver(d), nil
	case "popitem":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var last starlark.Value = starlark.True
			if err := starlark.UnpackArgs(name, args, kwargs, "last?", &last); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			items := d.Dict.Items()
			if len(items) == 0 {
				return nil, pyerr.New(pyerr.KeyError, "'dictionary is empty'")
			}
			kv := items[0]
			if last.Truth() {
				kv = items[len(items)-1]
			}
			if _, _, err := d.Dict.Delete(kv[0]); err != nil {
				return nil, err
			}
			return kv, nil
		}).BindReceiver(d), nil
	case "copy":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			c := &OrderedDict{Dict: new(starlark.Dict)}
			for _, kv := range d.Dict.Items() {
				c.Dict.SetKey(kv[0], kv[1])
			}
			return c, nil
		}).BindReceiver(d), nil
	}
	return d.Dict.Attr(name)
}

// reorder moves key (holding v) to the end (last) or the front.
func (d *OrderedDict) reorder(key, v starlark.Value, last bool) error {
	if last {
		if _, _, err := d.Dict.Delete(key); err != nil {
			return err
		}
		return d.Dict.SetKey(key, v)
	}
	items := d.Dict.Items()
	if err := d.Dict.Clear(); err != nil {
		return err
	}
	d.Dict.SetKey(key, v)
	for _, kv := range items {
		if eq, _ := starlark.Equal(kv[0], key); !eq {
			d.Dict.SetKey(kv[0], kv[1])
		}
	}
	return nil
}

// CompareSameType: two OrderedDicts are equal when their items are, in
// the same order.
func (d *OrderedDict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*OrderedDict)
	if op != syntax.EQL && op != syntax.NEQ {
		return d.Dict.CompareSameType(op, o.Dict, depth)
	}
	eq, err := starlark.EqualDepth(starlark.Tuple(itemsTuple(d.Dict)), starlark.Tuple(itemsTuple(o.Dict)), depth-1)
	if op == syntax.NEQ {
		return !eq, err
	}
	return eq, err
}

func itemsTuple(d *starlark.Dict) []starlark.Value {
	out := make([]starlark.Value, 0, d.Len())
	for _, kv := range d.Items() {
		out = append(out, kv)
	}
	return out
}

const orderedDictType = "collections.OrderedDict"

// CodecState implements codec.Typed: the items, in order.
func (d *OrderedDict) CodecState() (string, starlark.Value) { return orderedDictType, d.Dict }

func decodeOrderedDict(state starlark.Value) (starlark.Value, error) {
	items, ok := state.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("bad OrderedDict state %s", state.Type())
	}
	return &OrderedDict{Dict: items}, nil
}
