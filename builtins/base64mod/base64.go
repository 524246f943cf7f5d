// Package base64mod is procstar's "base64" module: b64encode, b64decode and
// their URL-safe variants, bytes in and out, as Python's.
package base64mod

import (
	"encoding/base64"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "base64" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "base64", Members: starlark.StringDict{
		"b64encode":         encoder("b64encode", base64.StdEncoding),
		"b64decode":         decoder("b64decode", base64.StdEncoding),
		"urlsafe_b64encode": encoder("urlsafe_b64encode", base64.URLEncoding),
		"urlsafe_b64decode": decoder("urlsafe_b64decode", base64.URLEncoding),
	}}
}

func encoder(name string, enc *base64.Encoding) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var s starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		data, ok := s.(starlark.Bytes)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", typeName(s))
		}
		return starlark.Bytes(enc.EncodeToString([]byte(data))), nil
	})
}

// decoder decodes bytes or an ASCII str; like Python's (validate=False),
// it drops characters outside the alphabet first.
func decoder(name string, enc *base64.Encoding) *starlark.Builtin {
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
	if enc == base64.URLEncoding {
		alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var s starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		var in string
		switch v := s.(type) {
		case starlark.Bytes:
			in = string(v)
		case starlark.String:
			in = string(v)
		default:
			return nil, pyerr.New(pyerr.TypeError, "argument should be a bytes-like object or ASCII string, not '%s'", typeName(s))
		}
		in = strings.Map(func(r rune) rune {
			if strings.ContainsRune(alphabet, r) {
				return r
			}
			return -1
		}, in)
		out, err := enc.DecodeString(in)
		if err != nil {
			msg := "Incorrect padding"
			if n := len(strings.TrimRight(in, "=")); n%4 == 1 {
				msg = "Invalid base64-encoded string: number of data characters (" + itoa(n) + ") cannot be 1 more than a multiple of 4"
			}
			return nil, pyerr.New("binascii.Error", "%s", msg)
		}
		return starlark.Bytes(out), nil
	})
}

func itoa(n int) string { return starlark.MakeInt(n).String() }

func typeName(v starlark.Value) string {
	if _, ok := v.(starlark.String); ok {
		return "str"
	}
	return v.Type()
}
