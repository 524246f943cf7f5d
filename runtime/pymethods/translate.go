package pymethods

import (
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// strMaketrans is str.maketrans(x[, y[, z]]): the table str.translate
// takes, a dict from code points to code points, strings or None. A static
// method: its receiver, str or a str, plays no part.
func strMaketrans(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("maketrans() takes no keyword arguments")
	}
	if len(args) == 0 || len(args) > 3 {
		return nil, typeError("maketrans expected at least 1 argument, got %d", len(args))
	}
	table := starlark.NewDict(len(args))
	if len(args) == 1 {
		d, ok := args[0].(*starlark.Dict)
		if !ok {
			return nil, typeError("if you give only one argument to maketrans it must be a dict")
		}
		for _, kv := range d.Items() {
			var key starlark.Value
			switch k := kv[0].(type) {
			case starlark.Int:
				key = k
			case starlark.String:
				if utf8.RuneCountInString(string(k)) != 1 {
					return nil, pyerr.New(pyerr.ValueError, "string keys in translate table must be of length 1")
				}
				r, _ := utf8.DecodeRuneInString(string(k))
				key = starlark.MakeInt(int(r))
			default:
				return nil, typeError("keys in translate table must be strings or integers")
			}
			if err := table.SetKey(key, kv[1]); err != nil {
				return nil, err
			}
		}
		return table, nil
	}
	x, ok1 := args[0].(starlark.String)
	y, ok2 := args[1].(starlark.String)
	if !ok1 {
		return nil, typeError("first maketrans argument must be a string if there is a second argument")
	}
	if !ok2 {
		return nil, typeError("maketrans() argument 2 must be str, not %s", typeName(args[1]))
	}
	xs, ys := []rune(string(x)), []rune(string(y))
	if len(xs) != len(ys) {
		return nil, pyerr.New(pyerr.ValueError, "the first two maketrans arguments must have equal length")
	}
	for i, r := range xs {
		table.SetKey(starlark.MakeInt(int(r)), starlark.MakeInt(int(ys[i])))
	}
	if len(args) == 3 {
		z, ok := args[2].(starlark.String)
		if !ok {
			return nil, typeError("maketrans() argument 3 must be str, not %s", typeName(args[2]))
		}
		for _, r := range string(z) {
			table.SetKey(starlark.MakeInt(int(r)), starlark.None)
		}
	}
	return table, nil
}

// strTranslate is str.translate(table): each character looked up by its
// code point in table (a dict, a list...); one it lacks stays, None drops
// it, an int or a str replaces it.
func strTranslate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("str.translate() takes no keyword arguments")
	}
	if len(args) != 1 {
		return nil, typeError("str.translate() takes exactly one argument (%d given)", len(args))
	}
	table := args[0]
	lookup := func(r rune) (starlark.Value, bool, error) {
		key := starlark.MakeInt(int(r))
		switch t := table.(type) {
		case starlark.Mapping:
			return t.Get(key)
		case starlark.Indexable:
			if int(r) >= t.Len() {
				return nil, false, nil
			}
			return t.Index(int(r)), true, nil
		}
		return nil, false, typeError("'%s' object is not subscriptable", typeName(table))
	}
	s := recvStr(b)
	var out strings.Builder
	for _, r := range s {
		v, found, err := lookup(r)
		if err != nil {
			return nil, err
		}
		if !found {
			out.WriteRune(r)
			continue
		}
		switch v := v.(type) {
		case starlark.NoneType:
		case starlark.String:
			out.WriteString(string(v))
		case starlark.Int:
			n, ok := v.Int64()
			if !ok || n < 0 || n >= 0x110000 {
				return nil, pyerr.New(pyerr.ValueError, "character mapping must be in range(0x110000)")
			}
			out.WriteRune(rune(n))
		default:
			return nil, typeError("character mapping must return integer, None or str")
		}
	}
	return starlark.String(out.String()), nil
}
