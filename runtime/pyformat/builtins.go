package pyformat

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Builtins holds the functions that code transformed by Rewrite calls;
// predeclare them in every module compiled after Rewrite.
//
//	__percent__(x, y)      x % y: Percent when x is a str, else Starlark's %
//	__format__(x, *a, **k) x.format(*a, **k): Format when x is a str, else
//	                       a call of x's own format attribute
var Builtins = starlark.StringDict{
	percentName: starlark.NewBuiltin(percentName, percentBuiltin),
	formatName:  starlark.NewBuiltin(formatName, formatBuiltin),
}

func percentBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: got %d arguments, want 2", b.Name(), len(args)+len(kwargs))
	}
	if s, ok := args[0].(starlark.String); ok {
		r, err := Percent(string(s), args[1])
		if err != nil {
			return nil, err
		}
		return starlark.String(r), nil
	}
	return starlark.Binary(syntax.PERCENT, args[0], args[1])
}

func formatBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s: missing receiver", b.Name())
	}
	recv, rest := args[0], args[1:]
	if s, ok := recv.(starlark.String); ok {
		r, err := Format(string(s), rest, kwargs)
		if err != nil {
			return nil, err
		}
		return starlark.String(r), nil
	}
	// Another type's own format method (a logging.Formatter, say).
	var method starlark.Value
	if h, ok := recv.(starlark.HasAttrs); ok {
		m, err := h.Attr("format")
		if err != nil {
			return nil, err
		}
		method = m
	}
	if method == nil {
		return nil, fmt.Errorf("%s has no .format field or method", recv.Type())
	}
	return starlark.Call(thread, method, rest, kwargs)
}
