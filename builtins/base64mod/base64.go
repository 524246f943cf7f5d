// Package base64mod is procstar's "base64" module: b64encode, b64decode,
// their standard_ and urlsafe_ variants, and b16encode/b16decode, bytes in
// and out, as Python's.
package base64mod

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// binasciiError is the type Python's binascii raises for bad input.
const binasciiError = "binascii.Error"

// Module returns a new "base64" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "base64", Members: starlark.StringDict{
		"b64encode":          starlark.NewBuiltin("b64encode", b64encode),
		"b64decode":          starlark.NewBuiltin("b64decode", b64decode),
		"standard_b64encode": starlark.NewBuiltin("standard_b64encode", fixed(b64encode, "", false)),
		"standard_b64decode": starlark.NewBuiltin("standard_b64decode", fixed(b64decode, "", false)),
		"urlsafe_b64encode":  starlark.NewBuiltin("urlsafe_b64encode", fixed(b64encode, "-_", false)),
		"urlsafe_b64decode":  starlark.NewBuiltin("urlsafe_b64decode", fixed(b64decode, "-_", true)),
		"b16encode":          starlark.NewBuiltin("b16encode", b16encode),
		"b16decode":          starlark.NewBuiltin("b16decode", b16decode),
	}}
}

type builtinFunc = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// fixed is a one-argument variant of f with altchars set. Python's
// urlsafe_b64decode maps -_ to +/ and decodes with the standard alphabet,
// so it also accepts + and / (urlsafeDecode).
func fixed(f builtinFunc, altchars string, urlsafeDecode bool) builtinFunc {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var s starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if urlsafeDecode {
			data, err := decodeData(s)
			if err != nil {
				return nil, err
			}
			return decode(translate(data, "-_", "+/"), false)
		}
		args = starlark.Tuple{s}
		if altchars != "" {
			args = append(args, starlark.Bytes(altchars))
		}
		return f(thread, b, args, nil)
	}
}

// b64encode is base64.b64encode(s, altchars=None).
func b64encode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, altchars starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "altchars?", &altchars); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	data, ok := s.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", typeName(s))
	}
	out := base64.StdEncoding.EncodeToString([]byte(data))
	if altchars != starlark.None {
		// Python: assert len(altchars) == 2, then bytes.maketrans, which
		// wants bytes.
		alt, ok := altchars.(starlark.Bytes)
		if !ok {
			if _, isStr := altchars.(starlark.String); isStr {
				return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not 'str'")
			}
			return nil, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", typeName(altchars))
		}
		if len(alt) != 2 {
			return nil, pyerr.New(pyerr.AssertionError, "%s", pyformat.QuoteBytes(string(alt)))
		}
		out = translate(out, "+/", string(alt))
	}
	return starlark.Bytes(out), nil
}

// b64decode is base64.b64decode(s, altchars=None, validate=False).
func b64decode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, altchars starlark.Value = nil, starlark.None
	validate := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "altchars?", &altchars, "validate?", &validate); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	data, err := decodeData(s)
	if err != nil {
		return nil, err
	}
	if altchars != starlark.None {
		alt, err := decodeData(altchars)
		if err != nil {
			return nil, err
		}
		if len(alt) != 2 {
			return nil, pyerr.New(pyerr.AssertionError, "%s", pyformat.QuoteBytes(alt))
		}
		data = translate(data, alt, "+/")
	}
	return decode(data, validate)
}

// decodeData is Python's base64._bytes_from_decode_data: bytes, or a str
// of ASCII characters only.
func decodeData(s starlark.Value) (string, error) {
	switch v := s.(type) {
	case starlark.Bytes:
		return string(v), nil
	case starlark.String:
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				return "", pyerr.New(pyerr.ValueError, "string argument should contain only ASCII characters")
			}
		}
		return string(v), nil
	}
	return "", pyerr.New(pyerr.TypeError, "argument should be a bytes-like object or ASCII string, not '%s'", typeName(s))
}

// translate maps each byte of s found in from to the byte at the same
// index of to (Python's bytes.translate with bytes.maketrans).
func translate(s, from, to string) string {
	b := []byte(s)
	for i, c := range b {
		if j := strings.IndexByte(from, c); j >= 0 {
			b[i] = to[j]
		}
	}
	return string(b)
}

// decodeTable maps a byte of the standard alphabet to its 6 bits; other
// bytes map to 0xff. Built on first use: the package runs no code at init.
var decodeTable = lazy.Value[*[256]byte]{New: func() *[256]byte {
	t := new([256]byte)
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	return t
}}

// decode is CPython 3.11's binascii.a2b_base64(s, strict_mode): Go's
// decoder is stricter than Python's default, which skips bytes outside the
// alphabet, ignores stray '=' and stops at the first complete padding
// ("YQ==YQ==" is b"a"); strict mode (validate=True) refuses each of those
// with its own message.
func decode(s string, strict bool) (starlark.Value, error) {
	fail := func(msg string) (starlark.Value, error) { return nil, pyerr.New(binasciiError, "%s", msg) }
	table := decodeTable.Get()
	if strict && len(s) > 0 && s[0] == '=' {
		return fail("Leading padding not allowed")
	}
	out := make([]byte, 0, len(s)/4*3+3)
	quadPos, pads := 0, 0
	var left byte
	paddingStarted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			paddingStarted = true
			if quadPos >= 2 {
				pads++
				if quadPos+pads >= 4 {
					// A complete pad sequence ends the data.
					if strict && i+1 < len(s) {
						return fail("Excess data after padding")
					}
					return starlark.Bytes(out), nil
				}
			}
			continue
		}
		v := table[c]
		if v == 0xff {
			if strict {
				return fail("Only base64 data is allowed")
			}
			continue
		}
		if strict && paddingStarted {
			return fail("Discontinuous padding not allowed")
		}
		pads = 0
		switch quadPos {
		case 0:
			left = v
		case 1:
			out = append(out, left<<2|v>>4)
			left = v & 0x0f
		case 2:
			out = append(out, left<<4|v>>2)
			left = v & 0x03
		case 3:
			out = append(out, left<<6|v)
			left = 0
		}
		quadPos = (quadPos + 1) % 4
	}
	switch quadPos {
	case 0:
		return starlark.Bytes(out), nil
	case 1:
		return fail(fmt.Sprintf("Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4", len(out)/3*4+1))
	}
	return fail("Incorrect padding")
}

// b16encode is base64.b16encode(s): upper-case hex.
func b16encode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	data, ok := s.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", typeName(s))
	}
	return starlark.Bytes(strings.ToUpper(hex.EncodeToString([]byte(data)))), nil
}

// b16decode is base64.b16decode(s, casefold=False): upper-case hex only
// unless casefold.
func b16decode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	casefold := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "casefold?", &casefold); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	data, err := decodeData(s)
	if err != nil {
		return nil, err
	}
	if casefold {
		data = strings.ToUpper(data)
	}
	for i := 0; i < len(data); i++ {
		if !(data[i] >= '0' && data[i] <= '9' || data[i] >= 'A' && data[i] <= 'F') {
			return nil, pyerr.New(binasciiError, "Non-base16 digit found")
		}
	}
	if len(data)%2 == 1 {
		return nil, pyerr.New(binasciiError, "Odd-length string")
	}
	out, _ := hex.DecodeString(data)
	return starlark.Bytes(out), nil
}

func typeName(v starlark.Value) string {
	if _, ok := v.(starlark.String); ok {
		return "str"
	}
	return v.Type()
}
