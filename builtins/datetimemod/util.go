package datetimemod

import (
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

type syntax_Token = syntax.Token

func typeName(v starlark.Value) string { return pyformat.TypeName(v) }

// argTypeName is v's type as CPython's argument parsing names it in
// "argument N must be X, not Y": None is "None", not "NoneType".
func argTypeName(v starlark.Value) string {
	if v == starlark.None {
		return "None"
	}
	return typeName(v)
}

func bigInt(n int64) *big.Int { return big.NewInt(n) }

func neg(n *big.Int) *big.Int { return new(big.Int).Neg(n) }

// method is a method of recv named name.
func method(name string, recv starlark.Value, fn func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(t *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(t, args, kwargs)
	}).BindReceiver(recv)
}

// qualified is method name of v's type as CPython's errors name it
// ("date.weekday").
func qualified(v starlark.Value, name string) string {
	return strings.TrimPrefix(v.Type(), "datetime.") + "." + name
}

// noArgs is the check of a method that takes no arguments; name is
// qualified by its type, as CPython's METH_NOARGS errors say.
func noArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(kwargs) > 0 {
		return pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", name)
	}
	if len(args) > 0 {
		return pyerr.New(pyerr.TypeError, "%s() takes no arguments (%d given)", name, len(args))
	}
	return nil
}

// compareEq is == and != of a type without an order, named typ.
func compareEq(op syntax.Token, typ string, eq bool) (bool, error) {
	switch op {
	case syntax.EQL:
		return eq, nil
	case syntax.NEQ:
		return !eq, nil
	}
	return false, pyerr.New(pyerr.TypeError, "'%s' not supported between instances of '%s' and '%s'", op, typ, typ)
}

func cmpInts(op syntax.Token, c int) bool {
	switch op {
	case syntax.EQL:
		return c == 0
	case syntax.NEQ:
		return c != 0
	case syntax.LT:
		return c < 0
	case syntax.LE:
		return c <= 0
	case syntax.GT:
		return c > 0
	}
	return c >= 0
}

// ctor is a class of the datetime (or zoneinfo) module: callable as its
// constructor, with its class attributes and methods (datetime.now,
// timedelta.max, ZoneInfo.no_cache...).
type ctor struct {
	module, name string
	call         func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)
	attrs        func(name string) (starlark.Value, error)
	names        []string
}

var (
	_ starlark.Callable = (*ctor)(nil)
	_ starlark.HasAttrs = (*ctor)(nil)
)

func (c *ctor) String() string        { return "<class '" + c.module + "." + c.name + "'>" }
func (c *ctor) Type() string          { return "type" }
func (c *ctor) Freeze()               {}
func (c *ctor) Truth() starlark.Bool  { return starlark.True }
func (c *ctor) Hash() (uint32, error) { return starlark.String(c.name).Hash() }
func (c *ctor) Name() string          { return c.name }
func (c *ctor) CallInternal(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.call(t, starlark.NewBuiltin(c.name, c.call), args, kwargs)
}
func (c *ctor) AttrNames() []string { return c.names }
func (c *ctor) Attr(name string) (starlark.Value, error) {
	if name == "__name__" {
		return starlark.String(c.name), nil
	}
	return c.attrs(name)
}

// formatArg is the format of strftime(format), given by position or by
// keyword, with the errors of CPython's "U:strftime" argument parsing.
func formatArg(args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	if n := len(args) + len(kwargs); n > 1 {
		return "", pyerr.New(pyerr.TypeError, "strftime() takes at most 1 argument (%d given)", n)
	}
	var f starlark.Value
	switch {
	case len(args) == 1:
		f = args[0]
	case len(kwargs) == 1 && string(kwargs[0][0].(starlark.String)) == "format":
		f = kwargs[0][1]
	default: // another keyword too: CPython finds format missing first
		return "", pyerr.New(pyerr.TypeError, "strftime() missing required argument 'format' (pos 1)")
	}
	s, ok := f.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "strftime() argument 1 must be str, not %s", argTypeName(f))
	}
	return string(s), nil
}

// PyFormat is format(d, spec) for a non-empty spec: d.strftime(spec), as
// CPython's date.__format__ (and time's, datetime's).
func (d Date) PyFormat(spec string) (string, error) {
	return strftime(spec, d.fields(0, 0, 0, -1), 0, nil, nil), nil
}

func (t Time) PyFormat(spec string) (string, error) {
	return strftime(spec, [9]int{1900, 1, 1, t.h, t.mi, t.s, 0, 1, -1}, t.us, t.tz, nil), nil
}

func (dt Datetime) PyFormat(spec string) (string, error) {
	return strftime(spec, dt.fields(dt.h, dt.mi, dt.s, dt.dstFlag()), dt.us, dt.tz, &dt), nil
}
