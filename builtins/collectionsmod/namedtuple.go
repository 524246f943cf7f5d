package collectionsmod

import (
	"fmt"
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// TupleType is what namedtuple() returns: a callable that makes Records.
type TupleType struct {
	name     string
	fields   []string
	defaults starlark.Tuple // for the last len(defaults) fields
}

// Record is an instance of a namedtuple: a tuple whose items also have
// names.
type Record struct {
	typ    *TupleType
	values starlark.Tuple
	repr   reprGuard
}

var (
	_ starlark.Callable   = (*TupleType)(nil)
	_ starlark.HasAttrs   = (*TupleType)(nil)
	_ starlark.Indexable  = (*Record)(nil)
	_ starlark.Sliceable  = (*Record)(nil)
	_ starlark.Iterable   = (*Record)(nil)
	_ starlark.HasAttrs   = (*Record)(nil)
	_ starlark.Comparable = (*Record)(nil)
	_ codec.Typed         = (*Record)(nil)
)

// pyKeywords are Python's keywords, which cannot be field names.
var pyKeywords = []string{"False", "None", "True", "and", "as", "assert", "async", "await", "break",
	"class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield"}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func isKeyword(s string) bool {
	for _, k := range pyKeywords {
		if s == k {
			return true
		}
	}
	return false
}

func newNamedTuple(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var typename string
	var fieldsv, defaults, module starlark.Value = nil, starlark.None, starlark.None
	rename := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "typename", &typename, "field_names", &fieldsv,
		"rename?", &rename, "defaults?", &defaults, "module?", &module); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var fields []string
	if s, ok := fieldsv.(starlark.String); ok {
		fields = strings.Fields(strings.ReplaceAll(string(s), ",", " "))
	} else if it, ok := fieldsv.(starlark.Iterable); ok {
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			s, ok := x.(starlark.String)
			if !ok {
				iter.Done()
				return nil, pyerr.New(pyerr.TypeError, "Type names and field names must be strings")
			}
			fields = append(fields, string(s))
		}
		iter.Done()
	} else {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(fieldsv))
	}
	if rename {
		seen := map[string]bool{}
		for i, f := range fields {
			if !isIdentifier(f) || isKeyword(f) || strings.HasPrefix(f, "_") || seen[f] {
				fields[i] = fmt.Sprintf("_%d", i)
			}
			seen[f] = true
		}
	}
	for _, n := range append([]string{typename}, fields...) {
		if !isIdentifier(n) {
			return nil, pyerr.New(pyerr.ValueError, "Type names and field names must be valid identifiers: %s", pyerr.Repr(starlark.String(n)))
		}
		if isKeyword(n) {
			return nil, pyerr.New(pyerr.ValueError, "Type names and field names cannot be a keyword: %s", pyerr.Repr(starlark.String(n)))
		}
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if strings.HasPrefix(f, "_") && !rename {
			return nil, pyerr.New(pyerr.ValueError, "Field names cannot start with an underscore: %s", pyerr.Repr(starlark.String(f)))
		}
		if seen[f] {
			return nil, pyerr.New(pyerr.ValueError, "Encountered duplicate field name: %s", pyerr.Repr(starlark.String(f)))
		}
		seen[f] = true
	}
	t := &TupleType{name: typename, fields: fields}
	if defaults != starlark.None {
		it, ok := defaults.(starlark.Iterable)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(defaults))
		}
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			t.defaults = append(t.defaults, x)
		}
		iter.Done()
		if len(t.defaults) > len(fields) {
			return nil, pyerr.New(pyerr.TypeError, "Got more default values than field names")
		}
	}
	return t, nil
}

func (t *TupleType) CallInternal(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := len(t.fields)
	if len(args) > n {
		lo := n - len(t.defaults)
		takes := fmt.Sprintf("%d", n+1)
		if lo != n {
			takes = fmt.Sprintf("from %d to %d", lo+1, n+1)
		}
		return nil, pyerr.New(pyerr.TypeError, "%s.__new__() takes %s positional arguments but %d were given", t.name, takes, len(args)+1)
	}
	values := make(starlark.Tuple, n)
	copy(values, args)
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		i := t.fieldIndex(k)
		if i < 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s.__new__() got an unexpected keyword argument '%s'", t.name, k)
		}
		if values[i] != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s.__new__() got multiple values for argument '%s'", t.name, k)
		}
		values[i] = kv[1]
	}
	var missing []string
	for i := range values {
		if values[i] == nil {
			if d := i - (n - len(t.defaults)); d >= 0 {
				values[i] = t.defaults[d]
				continue
			}
			missing = append(missing, "'"+t.fields[i]+"'")
		}
	}
	if len(missing) > 0 {
		list := missing[len(missing)-1]
		if len(missing) > 1 {
			list = strings.Join(missing[:len(missing)-1], ", ") + " and " + list
			if len(missing) > 2 {
				list = strings.Join(missing[:len(missing)-1], ", ") + ", and " + missing[len(missing)-1]
			}
		}
		plural := ""
		if len(missing) > 1 {
			plural = "s"
		}
		return nil, pyerr.New(pyerr.TypeError, "%s.__new__() missing %d required positional argument%s: %s", t.name, len(missing), plural, list)
	}
	return &Record{typ: t, values: values}, nil
}

func (t *TupleType) fieldIndex(name string) int {
	for i, f := range t.fields {
		if f == name {
			return i
		}
	}
	return -1
}

func (t *TupleType) Name() string          { return t.name }
func (t *TupleType) String() string        { return "<class '" + t.name + "'>" }
func (t *TupleType) Type() string          { return "type" }
func (t *TupleType) Freeze()               { t.defaults.Freeze() }
func (t *TupleType) Truth() starlark.Bool  { return starlark.True }
func (t *TupleType) Hash() (uint32, error) { return starlark.String(t.name).Hash() }
func (t *TupleType) AttrNames() []string {
	return []string{"_field_defaults", "_fields", "_make"}
}

func (t *TupleType) Attr(name string) (starlark.Value, error) {
	switch name {
	case "_fields":
		return t.fieldTuple(), nil
	case "_field_defaults":
		d := starlark.NewDict(len(t.defaults))
		off := len(t.fields) - len(t.defaults)
		for i, v := range t.defaults {
			d.SetKey(starlark.String(t.fields[off+i]), v)
		}
		return d, nil
	case "_make":
		return starlark.NewBuiltin("_make", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var it starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &it); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			items, err := pyiter.Call(thread, starlark.Universe["tuple"], starlark.Tuple{it}, nil) // an iterator's error is ours
			if err != nil {
				return nil, err
			}
			vs := items.(starlark.Tuple)
			if len(vs) != len(t.fields) {
				return nil, pyerr.New(pyerr.TypeError, "Expected %d arguments, got %d", len(t.fields), len(vs))
			}
			return &Record{typ: t, values: append(starlark.Tuple{}, vs...)}, nil
		}), nil
	}
	return nil, nil
}

func (t *TupleType) fieldTuple() starlark.Tuple {
	out := make(starlark.Tuple, len(t.fields))
	for i, f := range t.fields {
		out[i] = starlark.String(f)
	}
	return out
}

func (r *Record) String() string {
	if !r.repr.enter() {
		return r.typ.name + "(...)"
	}
	defer r.repr.leave()
	parts := make([]string, len(r.values))
	for i, v := range r.values {
		parts[i] = r.typ.fields[i] + "=" + pyerr.Repr(v)
	}
	return r.typ.name + "(" + strings.Join(parts, ", ") + ")"
}

func (r *Record) Type() string         { return r.typ.name }
func (r *Record) Freeze()              { r.values.Freeze() }
func (r *Record) Truth() starlark.Bool { return len(r.values) > 0 }
func (r *Record) Hash() (uint32, error) {
	return r.values.Hash()
}
func (r *Record) Len() int                                  { return len(r.values) }
func (r *Record) Index(i int) starlark.Value                { return r.values[i] }
func (r *Record) Slice(start, end, step int) starlark.Value { return r.values.Slice(start, end, step) }
func (r *Record) Iterate() starlark.Iterator                { return r.values.Iterate() }

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*Record) TupleSubclass() {}

func (r *Record) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	// Python compares namedtuples as tuples, whatever their types.
	return r.values.CompareSameType(op, y.(*Record).values, depth)
}

func (r *Record) AttrNames() []string {
	return append(append([]string{}, r.typ.fields...), "_asdict", "_fields", "_replace")
}

func (r *Record) Attr(name string) (starlark.Value, error) {
	if i := r.typ.fieldIndex(name); i >= 0 {
		return r.values[i], nil
	}
	switch name {
	case "_fields":
		return r.typ.fieldTuple(), nil
	case "_asdict":
		return starlark.NewBuiltin("_asdict", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			d := starlark.NewDict(len(r.values))
			for i, v := range r.values {
				d.SetKey(starlark.String(r.typ.fields[i]), v)
			}
			return d, nil
		}), nil
	case "_replace":
		return starlark.NewBuiltin("_replace", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "%s._replace() takes 1 positional argument but %d were given", r.typ.name, len(args)+1)
			}
			values := append(starlark.Tuple{}, r.values...)
			var bad []string
			for _, kv := range kwargs {
				k := string(kv[0].(starlark.String))
				if i := r.typ.fieldIndex(k); i >= 0 {
					values[i] = kv[1]
				} else {
					bad = append(bad, "'"+k+"'")
				}
			}
			if len(bad) > 0 {
				return nil, pyerr.New(pyerr.ValueError, "Got unexpected field names: [%s]", strings.Join(bad, ", "))
			}
			return &Record{typ: r.typ, values: values}, nil
		}), nil
	}
	return nil, nil // Starlark's text, which procstar gives as Python's AttributeError
}

const namedTupleType = "collections.namedtuple"

// CodecState implements codec.Typed: the type by name and fields, the
// values by value (Python pickles the class by reference; a record's type
// made at the top level exists in the receiver too, and equals this).
func (r *Record) CodecState() (string, starlark.Value) {
	return namedTupleType, starlark.Tuple{starlark.String(r.typ.name), r.typ.fieldTuple(), r.typ.defaults, r.values}
}

func decodeNamedTuple(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 4 {
		return nil, fmt.Errorf("bad namedtuple state %s", state.Type())
	}
	name, ok1 := t[0].(starlark.String)
	fields, ok2 := t[1].(starlark.Tuple)
	defaults, ok3 := t[2].(starlark.Tuple)
	values, ok4 := t[3].(starlark.Tuple)
	if !ok1 || !ok2 || !ok4 || len(fields) != len(values) {
		return nil, fmt.Errorf("bad namedtuple state")
	}
	if !ok3 {
		defaults = nil
	}
	typ := &TupleType{name: string(name), defaults: defaults}
	for _, f := range fields {
		s, ok := f.(starlark.String)
		if !ok {
			return nil, fmt.Errorf("bad namedtuple state")
		}
		typ.fields = append(typ.fields, string(s))
	}
	return &Record{typ: typ, values: values}, nil
}
