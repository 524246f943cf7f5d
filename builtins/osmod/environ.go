package osmod

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
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
		return nil, false, pyerr.New(pyerr.KeyError, "%s", pyerr.Repr(k))
	}
	return v, found, err
}

func strArg(v starlark.Value, what string) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "str expected, not %s", v.Type())
	}
	if strings.ContainsRune(string(s), 0) || (what == "key" && (s == "" || strings.Contains(string(s), "="))) {
		return "", pyerr.New(pyerr.ValueError, "illegal environment variable name")
	}
	return string(s), nil
}

// SetKey implements starlark.HasSetKey: os.environ[k] = v is putenv.
func (e *Environ) SetKey(k, v starlark.Value) error {
	ks, err := strArg(k, "key")
	if err != nil {
		return err
	}
	vs, err := strArg(v, "value")
	if err != nil {
		return err
	}
	if err := os.Setenv(ks, vs); err != nil {
		return pyerr.New(pyerr.OSError, "%v", err)
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

var environMethods = []string{"clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"}

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
				return nil, pyerr.New(pyerr.KeyError, "%s", pyerr.Repr(k))
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
			if m, ok := other.(starlark.IterableMapping); ok {
				for _, kv := range m.Items() {
					if err := e.SetKey(kv[0], kv[1]); err != nil {
						return nil, err
					}
				}
			} else if other != nil {
				return nil, pyerr.New(pyerr.TypeError, "update: got %s, want a mapping", other.Type())
			}
			for _, kv := range kwargs {
				if err := e.SetKey(kv[0], kv[1]); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
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
