// Package catch provides catch(), procstar's stand-in for try/except, and
// the error values it returns.
package catch

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Catch is the function of the catch(fn, *args, **kwargs) builtin
// (starlark.NewBuiltin("catch", Catch)): it returns (result, None) or
// (None, err). sys.exit and cancellation are never caught.
func Catch(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "catch() missing required argument: 'fn'")
	}
	fn := args[0]
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "catch() argument 'fn' must be callable, not %s", fn.Type())
	}
	res, err := starlark.Call(thread, fn, args[1:], kwargs)
	if err == nil {
		return starlark.Tuple{res, starlark.None}, nil
	}
	if pyerr.Uncatchable(err) {
		return nil, err
	}
	return starlark.Tuple{starlark.None, FromError(err)}, nil
}

// Error is a caught error: err.type, err.message, err.traceback; str(err) is
// "type: message" and err is truthy.
type Error struct {
	Typ, Message, Traceback string
	Attrs                   starlark.StringDict // the exception's own (pyerr.Error.Attrs)
}

// FromError converts any error a Starlark call returned.
func FromError(err error) *Error {
	typ, msg := pyerr.Classify(err)
	e := &Error{Typ: typ, Message: msg, Traceback: pyerr.Traceback(err)}
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		e.Attrs = pe.Attrs
	}
	return e
}

// Frames is e's traceback without its last line ("Type: message"), for an
// error raised again from e (pyerr.Error.Remote), whose traceback prints
// that line once.
func (e *Error) Frames() string {
	return strings.TrimSuffix(e.Traceback, pyerr.LastLine(e.Typ, e.Message))
}

var (
	_ starlark.HasAttrs = (*Error)(nil)
	_ codec.Typed       = (*Error)(nil)
)

const codecType = "catch.error"

// CodecTypes lists the decoder of a caught error (the runtime registers it).
var CodecTypes = []codec.Type{{Name: codecType, Decode: decode}}

// CodecState implements codec.Typed: a caught error crosses processes as
// a copy, as Python pickles an exception (q.put(e) in an except clause),
// with its type, message, traceback and attributes.
func (e *Error) CodecState() (string, starlark.Value) {
	attrs := starlark.NewDict(len(e.Attrs))
	for _, k := range e.Attrs.Keys() {
		attrs.SetKey(starlark.String(k), e.Attrs[k])
	}
	return codecType, starlark.Tuple{starlark.String(e.Typ), starlark.String(e.Message), starlark.String(e.Traceback), attrs}
}

func decode(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 4 {
		return nil, fmt.Errorf("bad error state %s", state.Type())
	}
	var e Error
	var ok1, ok2, ok3 bool
	e.Typ, ok1 = starlark.AsString(t[0])
	e.Message, ok2 = starlark.AsString(t[1])
	e.Traceback, ok3 = starlark.AsString(t[2])
	attrs, ok4 := t[3].(*starlark.Dict)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, fmt.Errorf("bad error state")
	}
	if attrs.Len() > 0 {
		e.Attrs = make(starlark.StringDict, attrs.Len())
		for _, kv := range attrs.Items() {
			k, ok := starlark.AsString(kv[0])
			if !ok {
				return nil, fmt.Errorf("bad error attribute %s", kv[0])
			}
			e.Attrs[k] = kv[1]
		}
	}
	return &e, nil
}

func (e *Error) String() string {
	if e.Message == "" {
		return e.Typ
	}
	return e.Typ + ": " + e.Message
}
func (e *Error) Type() string          { return "error" }
func (e *Error) Freeze()               {}
func (e *Error) Truth() starlark.Bool  { return starlark.True }
func (e *Error) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: error") }

// Attr implements starlark.HasAttrs.
func (e *Error) Attr(name string) (starlark.Value, error) {
	switch name {
	case "type":
		return starlark.String(e.Typ), nil
	case "message":
		return starlark.String(e.Message), nil
	case "traceback":
		return starlark.String(e.Traceback), nil
	}
	return e.Attrs[name], nil
}

// AttrNames implements starlark.HasAttrs.
func (e *Error) AttrNames() []string {
	names := []string{"message", "traceback", "type"}
	for _, k := range e.Attrs.Keys() {
		names = append(names, k)
	}
	return names
}
