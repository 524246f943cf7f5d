package urllibmod

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// resultKind is one of CPython's result classes, namedtuples with methods.
type resultKind struct {
	name   string
	fields []string
	netloc bool // it has username, password, hostname and port
}

var (
	parseKind  = &resultKind{"ParseResult", []string{"scheme", "netloc", "path", "params", "query", "fragment"}, true}
	splitKind  = &resultKind{"SplitResult", []string{"scheme", "netloc", "path", "query", "fragment"}, true}
	defragKind = &resultKind{"DefragResult", []string{"url", "fragment"}, false}
)

// result is a ParseResult, SplitResult or DefragResult: a tuple whose
// items also have names.
type result struct {
	kind   *resultKind
	values starlark.Tuple
}

var (
	_ starlark.Indexable  = (*result)(nil)
	_ starlark.Sliceable  = (*result)(nil)
	_ starlark.Iterable   = (*result)(nil)
	_ starlark.Container  = (*result)(nil)
	_ starlark.HasAttrs   = (*result)(nil)
	_ starlark.Comparable = (*result)(nil)
)

func newResult(kind *resultKind, parts []string) *result {
	values := make(starlark.Tuple, len(parts))
	for i, p := range parts {
		values[i] = starlark.String(p)
	}
	return &result{kind: kind, values: values}
}

func (r *result) String() string {
	parts := make([]string, len(r.values))
	for i, v := range r.values {
		parts[i] = r.kind.fields[i] + "=" + pyerr.Repr(v)
	}
	return r.kind.name + "(" + strings.Join(parts, ", ") + ")"
}

func (r *result) Type() string                              { return r.kind.name }
func (r *result) Freeze()                                   { r.values.Freeze() }
func (r *result) Truth() starlark.Bool                      { return starlark.True }
func (r *result) Hash() (uint32, error)                     { return r.values.Hash() }
func (r *result) Len() int                                  { return len(r.values) }
func (r *result) Index(i int) starlark.Value                { return r.values[i] }
func (r *result) Slice(start, end, step int) starlark.Value { return r.values.Slice(start, end, step) }
func (r *result) Iterate() starlark.Iterator                { return r.values.Iterate() }
func (r *result) Has(x starlark.Value) (bool, error)        { return r.values.Has(x) }

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*result) TupleSubclass() {}

func (r *result) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	// Python compares them as tuples, whatever their classes.
	return r.values.CompareSameType(op, y.(*result).values, depth)
}

func (r *result) AttrNames() []string {
	names := append([]string{"_asdict", "_fields", "_replace", "geturl"}, r.kind.fields...)
	if r.kind.netloc {
		names = append(names, "hostname", "password", "port", "username")
	}
	return names
}

func (r *result) field(name string) starlark.Value {
	for i, f := range r.kind.fields {
		if f == name {
			return r.values[i]
		}
	}
	return nil
}

func (r *result) Attr(name string) (starlark.Value, error) {
	if v := r.field(name); v != nil {
		return v, nil
	}
	switch name {
	case "_fields":
		return r.fieldNames(), nil
	case "_asdict":
		return starlark.NewBuiltin("_asdict", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			d := starlark.NewDict(len(r.values))
			for i, v := range r.values {
				d.SetKey(starlark.String(r.kind.fields[i]), v)
			}
			return d, nil
		}), nil
	case "_replace":
		return starlark.NewBuiltin("_replace", r.replace), nil
	case "geturl":
		return starlark.NewBuiltin("geturl", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return r.geturl()
		}), nil
	}
	if !r.kind.netloc {
		return nil, nil // Starlark's text, which procstar gives as Python's AttributeError
	}
	switch name {
	case "username", "password":
		netloc, err := r.netloc()
		if err != nil {
			return nil, err
		}
		userinfo, _, ok := cutLast(netloc, "@")
		if !ok {
			return starlark.None, nil
		}
		user, password, ok := strings.Cut(userinfo, ":")
		if name == "username" {
			return starlark.String(user), nil
		}
		if !ok {
			return starlark.None, nil
		}
		return starlark.String(password), nil
	case "hostname":
		host, _, err := r.hostinfo()
		if err != nil {
			return nil, err
		}
		if host == "" {
			return starlark.None, nil
		}
		// A scoped IPv6 address keeps its zone's case.
		addr, zone, ok := strings.Cut(host, "%")
		if ok {
			zone = "%" + zone
		}
		return starlark.String(strings.ToLower(addr) + zone), nil
	case "port":
		_, port, err := r.hostinfo()
		if err != nil {
			return nil, err
		}
		if port == "" {
			return starlark.None, nil
		}
		if !onlyIn(port, "0123456789") {
			return nil, pyerr.New(pyerr.ValueError, "Port could not be cast to integer value as %s", pyformat.QuoteStr(port))
		}
		digits := strings.TrimLeft(port, "0")
		if len(digits) > 5 || atoi(digits) > 65535 {
			return nil, pyerr.New(pyerr.ValueError, "Port out of range 0-65535")
		}
		return starlark.MakeInt(atoi(digits)), nil
	}
	return nil, nil
}

func (r *result) fieldNames() starlark.Tuple {
	out := make(starlark.Tuple, len(r.kind.fields))
	for i, f := range r.kind.fields {
		out[i] = starlark.String(f)
	}
	return out
}

// replace is namedtuple's _replace(**kwargs).
func (r *result) replace(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "%s._replace() takes 1 positional argument but %d were given", r.kind.name, len(args)+1)
	}
	values := append(starlark.Tuple{}, r.values...)
	var bad []string
kw:
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		for i, f := range r.kind.fields {
			if f == k {
				values[i] = kv[1]
				continue kw
			}
		}
		bad = append(bad, pyformat.QuoteStr(k))
	}
	if len(bad) > 0 {
		return nil, pyerr.New(pyerr.ValueError, "Got unexpected field names: [%s]", strings.Join(bad, ", "))
	}
	return &result{kind: r.kind, values: values}, nil
}

func (r *result) geturl() (starlark.Value, error) {
	switch r.kind {
	case parseKind:
		return joinParts("urlunparse", 6, r.values, urlunparse)
	case splitKind:
		return joinParts("urlunsplit", 5, r.values, urlunsplit)
	}
	url, fragment := r.values[0], r.values[1]
	if !fragment.Truth() {
		return url, nil
	}
	s, err := concat(url, "#", fragment)
	return starlark.String(s), err
}

func (r *result) netloc() (string, error) {
	v := r.field("netloc")
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.New("AttributeError", "'%s' object has no attribute 'rpartition'", pyformat.TypeName(v))
	}
	return string(s), nil
}

// hostinfo is CPython's _hostinfo: the host (without brackets) and the port
// text of the netloc.
func (r *result) hostinfo() (host, port string, err error) {
	netloc, err := r.netloc()
	if err != nil {
		return "", "", err
	}
	_, hostinfo, _ := cutLast(netloc, "@")
	if _, bracketed, ok := strings.Cut(hostinfo, "["); ok {
		host, rest, _ := strings.Cut(bracketed, "]")
		_, port, _ = strings.Cut(rest, ":")
		return host, port, nil
	}
	host, port, _ = strings.Cut(hostinfo, ":")
	return host, port, nil
}

// cutLast is Python's s.rpartition(sep): before and after the last sep, or
// "" and s.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return "", s, false
}
