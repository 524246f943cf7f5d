package osmod

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Environ is os.environ: a mapping of the process environment whose
// assignments and deletions change the real environment (as Python's
// putenv/unsetenv), so children started afterwards inherit them.
type Environ struct {
	d *starlark.Dict // mirror of the environment, in sorted order at start
}

var (
	_ starlark.IterableMapping = (*Environ)(nil)
	_ starlark.HasSetKey       = (*Environ)(nil)
	_ starlark.HasAttrs        = (*Environ)(nil)
	_ starlark.Sequence        = (*Environ)(nil)
	_ starlark.HasBinary       = (*Environ)(nil)
)

func newEnviron() *Environ {
	e := &Environ{d: new(starlark.Dict)}
	env := os.Environ()
	slices.Sort(env)
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			e.d.SetKey(starlark.String(k), starlark.String(v))
		}
	}
	return e
}

func (e *Environ) String() string        { return "environ(" + e.d.String() + ")" }
func (e *Environ) Type() string          { return "environ" }
func (e *Environ) Freeze()               {} // process state, like a shared object
func (e *Environ) Truth() starlark.Bool  { return e.d.Len() > 0 }
func (e *Environ) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: environ") }
func (e *Environ) Len() int              { return e.d.Len() }
func (e *Environ) Iterate() starlark.Iterator {
	return e.d.Iterate()
}
func (e *Environ) Items() []starlark.Tuple { return e.d.Items() }

// Get implements starlark.Mapping; a missing key is a KeyError.
func (e *Environ) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := e.d.Get(k)
	if err == nil && !found {
		return nil, false, keyError(k)
	}
	return v, found, err
}

// lookup is os.environ.get(name) for Go code (expanduser, expandvars).
func (e *Environ) lookup(name string) (string, bool) {
	v, ok, _ := e.d.Get(starlark.String(name))
	if !ok {
		return "", false
	}
	s, _ := starlark.AsString(v)
	return s, true
}

// keyError is Python's KeyError for a missing key: its repr, 'NAME'.
func keyError(k starlark.Value) error {
	if s, ok := k.(starlark.String); ok {
		return pyerr.New(pyerr.KeyError, "%s", pyformat.QuoteStr(string(s)))
	}
	return pyerr.New(pyerr.KeyError, "%s", pyformat.Repr(k))
}

func strArg(v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "str expected, not %s", patharg.TypeName(v))
	}
	return string(s), nil
}

// SetKey implements starlark.HasSetKey: os.environ[k] = v is putenv,
// with its errors.
func (e *Environ) SetKey(k, v starlark.Value) error {
	ks, err := strArg(k)
	if err != nil {
		return err
	}
	vs, err := strArg(v)
	if err != nil {
		return err
	}
	if err := noNul(ks); err != nil {
		return err
	}
	if err := noNul(vs); err != nil {
		return err
	}
	if err := setenv(ks, vs); err != nil {
		return err
	}
	return e.d.SetKey(k, v)
}

func (e *Environ) del(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := e.d.Get(k)
	if err != nil || !found {
		return nil, false, err
	}
	os.Unsetenv(string(k.(starlark.String)))
	e.d.Delete(k)
	return v, true, nil
}

// Binary implements starlark.HasBinary: os.environ | mapping and
// mapping | os.environ are new dicts, as Python's os._Environ.__or__ and
// __ror__ (dict(self) updated with the other, or the other way round);
// anything but a mapping is unsupported.
func (e *Environ) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	m, ok := y.(starlark.IterableMapping)
	if op != syntax.PIPE || !ok {
		return nil, nil
	}
	d := new(starlark.Dict)
	first, second := starlark.IterableMapping(e), m
	if side == starlark.Right {
		first, second = m, e
	}
	for _, kv := range append(first.Items(), second.Items()...) {
		if err := d.SetKey(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	return d, nil
}

var environMethods = []string{"clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}

// AttrNames implements starlark.HasAttrs.
func (e *Environ) AttrNames() []string { return environMethods }

// Attr implements starlark.HasAttrs: the read-only methods are the dict's,
// the mutating ones write through to the environment.
func (e *Environ) Attr(name string) (starlark.Value, error) {
	var fn func(starlark.Tuple, []starlark.Tuple) (starlark.Value, error)
	switch name {
	case "get", "items", "keys", "values":
		return e.d.Attr(name)
	case "copy":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
				return nil, err
			}
			d := new(starlark.Dict)
			for _, kv := range e.d.Items() {
				d.SetKey(kv[0], kv[1])
			}
			return d, nil
		}
	case "pop":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k, def starlark.Value
			if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 1, &k, &def); err != nil {
				return nil, err
			}
			v, found, err := e.del(k)
			if err != nil {
				return nil, err
			}
			if !found {
				if def != nil {
					return def, nil
				}
				return nil, keyError(k)
			}
			return v, nil
		}
	case "setdefault":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k, def starlark.Value
			if err := starlark.UnpackPositionalArgs("setdefault", args, kwargs, 2, &k, &def); err != nil {
				return nil, err
			}
			if v, found, err := e.d.Get(k); err != nil || found {
				return v, err
			}
			return def, e.SetKey(k, def)
		}
	case "update":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var other starlark.Value
			if err := starlark.UnpackPositionalArgs("update", args, nil, 0, &other); err != nil {
				return nil, err
			}
			// MutableMapping.update: a mapping, or an iterable of pairs.
			if m, ok := other.(starlark.IterableMapping); ok {
				for _, kv := range m.Items() {
					if err := e.SetKey(kv[0], kv[1]); err != nil {
						return nil, err
					}
				}
			} else if other != nil {
				other, err := pyiter.Whole(other) // an iterator that can fail: its error is ours
				if err != nil {
					return nil, err
				}
				it, ok := other.(starlark.Iterable)
				if !ok {
					return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", patharg.TypeName(other))
				}
				for kv := range starlark.Elements(it) {
					pair, ok := kv.(starlark.Indexable)
					if _, isStr := kv.(starlark.String); !ok || isStr || pair.Len() != 2 {
						return nil, pyerr.New(pyerr.ValueError, "not enough values to unpack (expected 2)")
					}
					if err := e.SetKey(pair.Index(0), pair.Index(1)); err != nil {
						return nil, err
					}
				}
			}
			for _, kv := range kwargs {
				if err := e.SetKey(kv[0], kv[1]); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}
	case "popitem":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("popitem", args, kwargs, 0); err != nil {
				return nil, err
			}
			keys := e.d.Keys()
			if len(keys) == 0 {
				return nil, pyerr.New(pyerr.KeyError, "")
			}
			v, _, err := e.del(keys[0])
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{keys[0], v}, nil
		}
	case "clear":
		fn = func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
				return nil, err
			}
			for _, k := range e.d.Keys() {
				e.del(k)
			}
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(args, kwargs)
	}).BindReceiver(e), nil
}
