package urllibmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/textcodec"
)

// alwaysSafe are the bytes quote never escapes: RFC 3986's unreserved.
const alwaysSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"

// quoteBytes is CPython's quote_from_bytes: every byte neither always safe
// nor an ASCII byte of safe (a str or bytes) is %XX; plus makes a space
// "+" (quote_plus).
func quoteBytes(b []byte, safe starlark.Value, plus bool) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	var extra string
	switch safe := safe.(type) {
	case starlark.String:
		extra = string(safe)
	case starlark.Bytes:
		extra = string(safe)
	default:
		return "", pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(safe))
	}
	var keep [128]bool
	for _, s := range []string{alwaysSafe, extra} {
		// Non-ASCII characters of safe are ignored (CPython encodes it to
		// ASCII, ignoring errors): none of their bytes is below 0x80.
		for i := 0; i < len(s); i++ {
			if s[i] < 0x80 {
				keep[s[i]] = true
			}
		}
	}
	var out strings.Builder
	for _, c := range b {
		switch {
		case plus && c == ' ':
			out.WriteByte('+')
		case c < 0x80 && keep[c]:
			out.WriteByte(c)
		default:
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String(), nil
}

// quote is CPython's quote (quote_plus with plus): a str is encoded first.
func quote(s, safe, encoding, errors starlark.Value, plus bool) (string, error) {
	switch s := s.(type) {
	case starlark.String:
		if s == "" {
			return "", nil
		}
		codec, handler, err := codecArgs("encode", encoding, errors, "strict")
		if err != nil {
			return "", err
		}
		b, err := codec.Encode(string(s), handler)
		if err != nil {
			return "", err
		}
		return quoteBytes(b, safe, plus)
	case starlark.Bytes:
		if encoding != starlark.None {
			return "", pyerr.New(pyerr.TypeError, "quote() doesn't support 'encoding' for bytes")
		}
		if errors != starlark.None {
			return "", pyerr.New(pyerr.TypeError, "quote() doesn't support 'errors' for bytes")
		}
		return quoteBytes([]byte(s), safe, plus)
	}
	return "", pyerr.New(pyerr.TypeError, "quote_from_bytes() expected bytes")
}

// codecArgs are the codec and error handler that encoding and errors name
// (None: UTF-8 and handler), checked as str.encode and bytes.decode
// (method) check them.
func codecArgs(method string, encoding, errors starlark.Value, handler string) (*textcodec.Codec, string, error) {
	name, err := textArg(method, "encoding", encoding, "utf-8")
	if err != nil {
		return nil, "", err
	}
	if handler, err = textArg(method, "errors", errors, handler); err != nil {
		return nil, "", err
	}
	codec, err := textcodec.Lookup(name)
	return codec, handler, err
}

// textArg is the str argument param of method, or def for None.
func textArg(method, param string, v starlark.Value, def string) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.NoneType:
		return def, nil
	}
	return "", pyerr.New(pyerr.TypeError, "%s() argument '%s' must be str, not %s", method, param, pyformat.TypeName(v))
}

// unquoteBytes is CPython's unquote_to_bytes: each %XX is its byte; any
// other "%" stays.
func unquoteBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// unquote is CPython's unquote of a str: the %XX escapes of each run of
// ASCII characters are decoded together; other characters stay.
func unquote(s string, encoding, errors starlark.Value) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	codec, handler, err := codecArgs("decode", encoding, errors, "replace")
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for s != "" {
		i := 0
		for i < len(s) && s[i] < 0x80 {
			i++
		}
		b, err := codec.Decode(unquoteBytes(s[:i]), handler)
		if err != nil {
			return "", err
		}
		out.Write(b)
		j := i
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		out.WriteString(s[i:j])
		s = s[j:]
	}
	return out.String(), nil
}

// parseQSL is CPython's parse_qsl of a str.
func parseQSL(qs string, keepBlank, strict bool, encoding, errors, maxFields starlark.Value, sep string) ([][2]string, error) {
	if maxFields != starlark.None {
		n := 0
		if qs != "" {
			n = 1 + strings.Count(qs, sep)
		}
		less, err := starlark.Compare(syntax.LT, maxFields, starlark.MakeInt(n))
		if err != nil {
			return nil, err
		}
		if less {
			return nil, pyerr.New(pyerr.ValueError, "Max number of fields exceeded")
		}
	}
	if qs == "" {
		return nil, nil
	}
	var out [][2]string
	for _, field := range strings.Split(qs, sep) {
		if field == "" && !strict {
			continue
		}
		name, value, ok := strings.Cut(field, "=")
		if !ok && strict {
			return nil, pyerr.New(pyerr.ValueError, "bad query field: %s", pyformat.QuoteStr(field))
		}
		// A field without "=" has a blank value.
		if value == "" && !keepBlank {
			continue
		}
		name, err := unquote(strings.ReplaceAll(name, "+", " "), encoding, errors)
		if err != nil {
			return nil, err
		}
		value, err = unquote(strings.ReplaceAll(value, "+", " "), encoding, errors)
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{name, value})
	}
	return out, nil
}
