package collectionsmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// ChainMap is collections.ChainMap: several mappings looked up as one, the
// first that has a key giving its value (command-line options over the
// environment over defaults); writes and deletions go to the first. maps
// is the list itself, as Python's, so cm.maps.append(m) adds a mapping.
type ChainMap struct {
	maps *starlark.List
	repr reprGuard
}

var (
	_ starlark.HasSetKey       = (*ChainMap)(nil)
	_ starlark.IterableMapping = (*ChainMap)(nil)
	_ starlark.Sequence        = (*ChainMap)(nil)
	_ starlark.HasBinary       = (*ChainMap)(nil)
	_ starlark.Comparable      = (*ChainMap)(nil)
	_ codec.Typed              = (*ChainMap)(nil)
)

func newChainMap(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "ChainMap.__init__() got an unexpected keyword argument '%s'", kwargs[0][0].(starlark.String))
	}
	maps := make([]starlark.Value, len(args))
	copy(maps, args)
	if len(maps) == 0 {
		maps = append(maps, starlark.NewDict(0))
	}
	return &ChainMap{maps: starlark.NewList(maps)}, nil
}

func (c *ChainMap) String() string {
	if !c.repr.enter() {
		return "..." // reprlib.recursive_repr's
	}
	defer c.repr.leave()
	parts := make([]string, c.maps.Len())
	for i := range parts {
		parts[i] = pyerr.Repr(c.maps.Index(i))
	}
	return "ChainMap(" + strings.Join(parts, ", ") + ")"
}
func (c *ChainMap) Type() string         { return "ChainMap" }
func (c *ChainMap) Freeze()              { c.maps.Freeze() }
func (c *ChainMap) Truth() starlark.Bool { return c.Len() > 0 }
func (c *ChainMap) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'ChainMap'")
}

// get looks key up in each mapping, first to last.
func (c *ChainMap) get(key starlark.Value) (starlark.Value, bool, error) {
	for i := 0; i < c.maps.Len(); i++ {
		m, ok := c.maps.Index(i).(starlark.Mapping)
		if !ok {
			return nil, false, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", pyType(c.maps.Index(i)))
		}
		v, found, err := m.Get(key)
		if err != nil {
			if typ, _ := pyerr.Classify(err); typ == pyerr.KeyError {
				continue // a mapping that says so by KeyError
			}
			return nil, false, err
		}
		if found {
			return v, true, nil
		}
	}
	return nil, false, nil
}

// Get implements starlark.Mapping: cm[key], cm.get and `in`.
func (c *ChainMap) Get(key starlark.Value) (starlark.Value, bool, error) {
	if _, err := key.Hash(); err != nil {
		return nil, false, pyerr.New(pyerr.TypeError, "unhashable type: '%s'", pyType(key))
	}
	return c.get(key)
}

// keys are the keys of every mapping, once each, in Python's order: as a
// dict built from the last mapping to the first would hold them.
func (c *ChainMap) keys() ([]starlark.Value, error) {
	seen := starlark.NewDict(0)
	for i := c.maps.Len() - 1; i >= 0; i-- {
		it, ok := c.maps.Index(i).(starlark.Iterable)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(c.maps.Index(i)))
		}
		iter := it.Iterate()
		var k starlark.Value
		for iter.Next(&k) {
			if err := seen.SetKey(k, starlark.None); err != nil {
				iter.Done()
				return nil, err
			}
		}
		iter.Done()
	}
	return seen.Keys(), nil
}

func (c *ChainMap) Len() int {
	ks, _ := c.keys()
	return len(ks)
}

func (c *ChainMap) Iterate() starlark.Iterator {
	ks, _ := c.keys()
	return starlark.Tuple(ks).Iterate()
}

// Items implements starlark.IterableMapping (dict(cm), for k, v in ...).
func (c *ChainMap) Items() []starlark.Tuple {
	ks, _ := c.keys()
	items := make([]starlark.Tuple, 0, len(ks))
	for _, k := range ks {
		v, _, _ := c.get(k)
		items = append(items, starlark.Tuple{k, v})
	}
	return items
}

// first is maps[0], where writes go, as a dict-like mapping.
func (c *ChainMap) first() (starlark.HasSetKey, error) {
	m, ok := c.maps.Index(0).(starlark.HasSetKey)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object does not support item assignment", pyType(c.maps.Index(0)))
	}
	return m, nil
}

func (c *ChainMap) SetKey(k, v starlark.Value) error {
	m, err := c.first()
	if err != nil {
		return err
	}
	return m.SetKey(k, v)
}

// deleteFirst removes key from maps[0], with ChainMap's KeyError.
func (c *ChainMap) deleteFirst(key starlark.Value) (starlark.Value, error) {
	d, ok := c.maps.Index(0).(interface {
		Delete(starlark.Value) (starlark.Value, bool, error)
	})
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object doesn't support item deletion", pyType(c.maps.Index(0)))
	}
	v, found, err := d.Delete(key)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, pyerr.New(pyerr.KeyError, "%s", pyerr.QuoteStr("Key not found in the first mapping: "+pyerr.Repr(key)))
	}
	return v, nil
}

func (c *ChainMap) AttrNames() []string {
	return []string{"clear", "copy", "get", "items", "keys", "maps", "new_child", "parents", "pop", "popitem", "setdefault", "update", "values"}
}

func (c *ChainMap) Attr(name string) (starlark.Value, error) {
	switch name {
	case "maps":
		return c.maps, nil
	case "parents":
		rest := make([]starlark.Value, 0, c.maps.Len())
		for i := 1; i < c.maps.Len(); i++ {
			rest = append(rest, c.maps.Index(i))
		}
		if len(rest) == 0 {
			rest = append(rest, starlark.NewDict(0))
		}
		return &ChainMap{maps: starlark.NewList(rest)}, nil
	}
	fn := chainMapMethod(name)
	if fn == nil {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(thread, c, b, args, kwargs)
	}).BindReceiver(c), nil
}

type chainMapFn func(*starlark.Thread, *ChainMap, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// chainMapMethod is a switch, not a map: no package init.
func chainMapMethod(name string) chainMapFn {
	switch name {
	case "get":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key starlark.Value
			var dflt starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &key, &dflt); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			v, found, err := c.Get(key)
			if err != nil || !found {
				return dflt, err
			}
			return v, nil
		}
	case "keys", "values", "items":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			items := c.Items()
			out := make([]starlark.Value, len(items))
			for i, kv := range items {
				switch b.Name() {
				case "keys":
					out[i] = kv[0]
				case "values":
					out[i] = kv[1]
				default:
					out[i] = kv
				}
			}
			return starlark.NewList(out), nil
		}
	case "new_child":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var m starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, nil, 0, &m); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			// m= names the map (Python's new_child(m=None, **kwargs)),
			// not a key of a new one.
			var rest []starlark.Tuple
			for _, kv := range kwargs {
				if kv[0] != starlark.String("m") {
					rest = append(rest, kv)
				} else if len(args) > 0 {
					return nil, pyerr.New(pyerr.TypeError, "ChainMap.new_child() got multiple values for argument 'm'")
				} else {
					m = kv[1]
				}
			}
			kwargs = rest
			if m == starlark.None {
				d := starlark.NewDict(len(kwargs))
				m = d
			}
			if len(kwargs) > 0 {
				u, ok := m.(starlark.HasSetKey)
				if !ok {
					return nil, pyerr.New(pyerr.TypeError, "'%s' object does not support item assignment", pyType(m))
				}
				for _, kv := range kwargs {
					if err := u.SetKey(kv[0], kv[1]); err != nil {
						return nil, err
					}
				}
			}
			maps := []starlark.Value{m}
			for i := 0; i < c.maps.Len(); i++ {
				maps = append(maps, c.maps.Index(i))
			}
			return &ChainMap{maps: starlark.NewList(maps)}, nil
		}
	case "copy":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return c.copy()
		}
	case "pop":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key, dflt starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &key, &dflt); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			v, err := c.deleteFirst(key)
			if err != nil && dflt != nil {
				if typ, _ := pyerr.Classify(err); typ == pyerr.KeyError {
					return dflt, nil
				}
			}
			return v, err
		}
	case "popitem":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			m, ok := c.maps.Index(0).(starlark.IterableMapping)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object has no attribute 'popitem'", pyType(c.maps.Index(0)))
			}
			items := m.Items()
			if len(items) == 0 {
				return nil, pyerr.New(pyerr.KeyError, "'No keys found in the first mapping.'")
			}
			kv := items[len(items)-1]
			if _, err := c.deleteFirst(kv[0]); err != nil {
				return nil, err
			}
			return kv, nil
		}
	case "clear":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			m, ok := c.maps.Index(0).(interface{ Clear() error })
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object has no attribute 'clear'", pyType(c.maps.Index(0)))
			}
			return starlark.None, m.Clear()
		}
	case "setdefault":
		return func(_ *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key starlark.Value
			var dflt starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &key, &dflt); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			v, found, err := c.Get(key)
			if err != nil || found {
				return v, err
			}
			return dflt, c.SetKey(key, dflt)
		}
	case "update":
		return func(thread *starlark.Thread, c *ChainMap, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			d, ok := c.maps.Index(0).(*starlark.Dict)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object has no attribute 'update'", pyType(c.maps.Index(0)))
			}
			if len(args) > 1 {
				return nil, pyerr.New(pyerr.TypeError, "update expected at most 1 argument, got %d", len(args))
			}
			if len(args) == 1 {
				if o, ok := args[0].(*ChainMap); ok {
					args = starlark.Tuple{pairs(o.Items())}
				}
			}
			return starlark.None, fill(thread, d, args, kwargs)
		}
	}
	return nil
}

func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return pyerr.New(pyerr.TypeError, "%s", err)
	}
	return nil
}

func pairs(items []starlark.Tuple) *starlark.List {
	out := make([]starlark.Value, len(items))
	for i, kv := range items {
		out[i] = kv
	}
	return starlark.NewList(out)
}

// copy is ChainMap(maps[0].copy(), *maps[1:]).
func (c *ChainMap) copy() (*ChainMap, error) {
	d, ok := c.maps.Index(0).(*starlark.Dict)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object has no attribute 'copy'", pyType(c.maps.Index(0)))
	}
	first := starlark.NewDict(d.Len())
	for _, kv := range d.Items() {
		first.SetKey(kv[0], kv[1])
	}
	maps := []starlark.Value{first}
	for i := 1; i < c.maps.Len(); i++ {
		maps = append(maps, c.maps.Index(i))
	}
	return &ChainMap{maps: starlark.NewList(maps)}, nil
}

// Binary is cm | other (3.9): a copy whose first mapping is updated with
// other; other | cm is one mapping, other updated with cm's mappings from
// the last to the first, as Python's __ror__.
func (c *ChainMap) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.PIPE {
		return nil, nil
	}
	other, ok := y.(starlark.IterableMapping)
	if !ok {
		return nil, nil
	}
	if side == starlark.Left {
		r, err := c.copy()
		if err != nil {
			return nil, err
		}
		first := r.maps.Index(0).(*starlark.Dict)
		for _, kv := range other.Items() {
			first.SetKey(kv[0], kv[1])
		}
		return r, nil
	}
	m := starlark.NewDict(0)
	for _, kv := range other.Items() {
		m.SetKey(kv[0], kv[1])
	}
	for i := c.maps.Len() - 1; i >= 0; i-- {
		child, ok := c.maps.Index(i).(starlark.IterableMapping)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not a mapping", pyType(c.maps.Index(i)))
		}
		for _, kv := range child.Items() {
			m.SetKey(kv[0], kv[1])
		}
	}
	return &ChainMap{maps: starlark.NewList([]starlark.Value{m})}, nil
}

// CompareSameType: two ChainMaps are equal when their merged items are,
// as Python's Mapping equality.
func (c *ChainMap) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	if op != syntax.EQL && op != syntax.NEQ {
		return false, pyerr.New(pyerr.TypeError, "'%s' not supported between instances of 'ChainMap' and 'ChainMap'", op)
	}
	a, b := starlark.NewDict(0), starlark.NewDict(0)
	for _, kv := range c.Items() {
		a.SetKey(kv[0], kv[1])
	}
	for _, kv := range y.(*ChainMap).Items() {
		b.SetKey(kv[0], kv[1])
	}
	eq, err := starlark.EqualDepth(a, b, depth-1)
	if op == syntax.NEQ {
		return !eq, err
	}
	return eq, err
}

const chainMapType = "collections.ChainMap"

// CodecState implements codec.Typed: the list of mappings.
func (c *ChainMap) CodecState() (string, starlark.Value) { return chainMapType, c.maps }

func decodeChainMap(state starlark.Value) (starlark.Value, error) {
	maps, ok := state.(*starlark.List)
	if !ok {
		return nil, fmt.Errorf("bad ChainMap state %s", state.Type())
	}
	return &ChainMap{maps: maps}, nil
}

// Maps are the ChainMap's mappings, first to last (for pprint).
func (c *ChainMap) Maps() []starlark.Value {
	out := make([]starlark.Value, c.maps.Len())
	for i := range out {
		out[i] = c.maps.Index(i)
	}
	return out
}
