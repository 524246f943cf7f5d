package csvmod

import (
	"fmt"
	"sync"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Quoting styles, as Python's csv.QUOTE_* (the last two are 3.12's).
const (
	quoteMinimal = iota
	quoteAll
	quoteNonnumeric
	quoteNone
	quoteStrings
	quoteNotnull
)

// notSet is _csv.c's NOT_SET: no quote or escape character.
const notSet rune = -1

// Dialect is _csv.Dialect: the format parameters of a reader or writer.
type Dialect struct {
	delimiter, quotechar, escapechar rune
	doublequote, skipinitialspace    bool
	strict                           bool
	lineterminator                   string
	quoting                          int
}

var _ starlark.HasAttrs = (*Dialect)(nil)

func excel() *Dialect {
	return &Dialect{delimiter: ',', quotechar: '"', escapechar: notSet, doublequote: true, lineterminator: "\r\n", quoting: quoteMinimal}
}

// registry is csv's dialect registry, one per process as Python's.
var registry struct {
	sync.Mutex
	m     map[string]*Dialect
	order []string // registration order, which list_dialects keeps
}

func registered() map[string]*Dialect {
	if registry.m == nil {
		tab := excel()
		tab.delimiter = '\t'
		unix := excel()
		unix.lineterminator = "\n"
		unix.quoting = quoteAll
		registry.m = map[string]*Dialect{"excel": excel(), "excel-tab": tab, "unix": unix}
		registry.order = []string{"excel", "excel-tab", "unix"}
	}
	return registry.m
}

func lookupDialect(name string) (*Dialect, error) {
	registry.Lock()
	defer registry.Unlock()
	d, ok := registered()[name]
	if !ok {
		return nil, csvError("unknown dialect")
	}
	return d, nil
}

func csvError(format string, args ...any) error { return pyerr.New("csv.Error", format, args...) }

func (d *Dialect) String() string {
	return fmt.Sprintf("<_csv.Dialect object at %#x>", uintptr(unsafe.Pointer(d)))
}
func (d *Dialect) Type() string          { return "Dialect" }
func (d *Dialect) Freeze()               {}
func (d *Dialect) Truth() starlark.Bool  { return true }
func (d *Dialect) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(d)) >> 3), nil }

var dialectAttrs = []string{"delimiter", "doublequote", "escapechar", "lineterminator", "quotechar", "quoting", "skipinitialspace", "strict"}

func (d *Dialect) AttrNames() []string { return dialectAttrs }

func charValue(r rune) starlark.Value {
	if r == notSet {
		return starlark.None
	}
	return starlark.String(string(r))
}

func (d *Dialect) Attr(name string) (starlark.Value, error) {
	switch name {
	case "delimiter":
		return charValue(d.delimiter), nil
	case "quotechar":
		return charValue(d.quotechar), nil
	case "escapechar":
		return charValue(d.escapechar), nil
	case "doublequote":
		return starlark.Bool(d.doublequote), nil
	case "skipinitialspace":
		return starlark.Bool(d.skipinitialspace), nil
	case "strict":
		return starlark.Bool(d.strict), nil
	case "lineterminator":
		return starlark.String(d.lineterminator), nil
	case "quoting":
		return starlark.MakeInt(d.quoting), nil
	}
	return nil, nil
}

// makeDialect is _csv.c's dialect_new: the base dialect (a name, a
// Dialect or None) with the format parameters of kwargs over it.
func makeDialect(base starlark.Value, kwargs []starlark.Tuple) (*Dialect, error) {
	d := excel()
	switch b := base.(type) {
	case nil, starlark.NoneType:
	case starlark.String:
		r, err := lookupDialect(string(b))
		if err != nil {
			return nil, err
		}
		*d = *r
	case *Dialect:
		*d = *b
	default:
		// CPython reads the parameters as attributes of any object.
		if ha, ok := base.(starlark.HasAttrs); ok {
			var kw []starlark.Tuple
			for _, name := range dialectAttrs {
				if v, err := ha.Attr(name); err == nil && v != nil {
					kw = append(kw, starlark.Tuple{starlark.String(name), v})
				}
			}
			return makeDialect(nil, append(kw, kwargs...))
		}
	}
	quotingSet, quotecharNone := false, false
	for _, kv := range kwargs {
		name := string(kv[0].(starlark.String))
		v := kv[1]
		var err error
		switch name {
		case "delimiter":
			d.delimiter, err = setChar(name, v, false)
		case "quotechar":
			d.quotechar, err = setChar(name, v, true)
			quotecharNone = v == starlark.None
		case "escapechar":
			d.escapechar, err = setChar(name, v, true)
		case "doublequote":
			d.doublequote = bool(v.Truth())
		case "skipinitialspace":
			d.skipinitialspace = bool(v.Truth())
		case "strict":
			d.strict = bool(v.Truth())
		case "lineterminator":
			switch s := v.(type) {
			case starlark.NoneType:
				return nil, pyerr.New(pyerr.TypeError, "lineterminator must be set")
			case starlark.String:
				d.lineterminator = string(s)
			default:
				return nil, pyerr.New(pyerr.TypeError, `"lineterminator" must be a string`)
			}
		case "quoting":
			// A bool is refused: _csv.c takes an exact int here.
			var q int
			if i, ok := v.(starlark.Int); ok {
				n, ok := i.Int64()
				if !ok || n < 0 || n > quoteNotnull {
					return nil, pyerr.New(pyerr.TypeError, `bad "quoting" value`)
				}
				q = int(n)
			} else {
				return nil, pyerr.New(pyerr.TypeError, `"quoting" must be an integer`)
			}
			d.quoting, quotingSet = q, true
		default:
			return nil, pyerr.New(pyerr.TypeError, "'%s' is an invalid keyword argument for this function", name)
		}
		if err != nil {
			return nil, err
		}
	}
	if quotecharNone && !quotingSet {
		d.quoting = quoteNone
	}
	if d.delimiter == notSet {
		return nil, pyerr.New(pyerr.TypeError, `"delimiter" must be a 1-character string`)
	}
	if d.quoting != quoteNone && d.quotechar == notSet {
		return nil, pyerr.New(pyerr.TypeError, "quotechar must be set if quoting enabled")
	}
	return d, nil
}

// setChar is _csv.c's _set_char and _set_char_or_none.
func setChar(name string, v starlark.Value, orNone bool) (rune, error) {
	s, ok := v.(starlark.String)
	if !ok {
		if orNone && v == starlark.None {
			return notSet, nil
		}
		if orNone {
			return 0, pyerr.New(pyerr.TypeError, `"%s" must be string or None, not %s`, name, v.Type())
		}
		return 0, pyerr.New(pyerr.TypeError, `"%s" must be string, not %s`, name, v.Type())
	}
	rs := []rune(string(s))
	if len(rs) != 1 {
		return 0, pyerr.New(pyerr.TypeError, `"%s" must be a 1-character string`, name)
	}
	return rs[0], nil
}

func registerDialect(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "register_dialect() expected at most 2 arguments, got %d", len(args))
	}
	name, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "dialect name must be a string")
	}
	var base starlark.Value
	if len(args) == 2 {
		base = args[1]
	}
	d, err := makeDialect(base, kwargs)
	if err != nil {
		return nil, err
	}
	registry.Lock()
	defer registry.Unlock()
	if _, ok := registered()[string(name)]; !ok {
		registry.order = append(registry.order, string(name))
	}
	registry.m[string(name)] = d
	return starlark.None, nil
}

func unregisterDialect(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	registry.Lock()
	defer registry.Unlock()
	s, _ := name.(starlark.String)
	if _, ok := registered()[string(s)]; !ok {
		return nil, csvError("unknown dialect")
	}
	delete(registry.m, string(s))
	for i, n := range registry.order {
		if n == string(s) {
			registry.order = append(registry.order[:i:i], registry.order[i+1:]...)
			break
		}
	}
	return starlark.None, nil
}

func getDialect(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, _ := name.(starlark.String)
	return lookupDialect(string(s))
}

func listDialects(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	registry.Lock()
	defer registry.Unlock()
	registered()
	names := registry.order
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = starlark.String(n)
	}
	return starlark.NewList(out), nil
}
