// Package pyformat gives Starlark scripts Python's string formatting: the %
// operator and str.format with the full format-spec mini-language.
//
// Percent implements CPython's printf-style str % args, Format implements
// str.format, Rewrite turns the % operator and x.format(...) calls of a
// parsed file into calls of the __percent__ and __format__ builtins that
// Builtins defines. Errors are *pyerr.Error values carrying CPython's
// exception type and message.
//
// Lengths, widths and precisions count Unicode code points, as Python does;
// a byte that is not part of valid UTF-8 counts as one code point.
package pyformat

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
	"go.starlark.net/starlark"
)

// Python exception types that pyerr has no constant for.
const (
	overflowError  = "OverflowError"
	attributeError = "AttributeError"
	memoryError    = "MemoryError"
)

// maxWidth bounds widths and precisions, so that a typo such as "%.9999999999f"
// fails instead of exhausting memory (CPython raises MemoryError too, later).
const maxWidth = 1 << 26

func typeError(format string, args ...any) error {
	return pyerr.New(pyerr.TypeError, format, args...)
}

func valueError(format string, args ...any) error {
	return pyerr.New(pyerr.ValueError, format, args...)
}

// TypeName is Python's name for the type of v ("str" for a string), for
// messages that name it as Python would.
func TypeName(v starlark.Value) string { return typeName(v) }

// typeName is Python's name for the type of v.
func typeName(v starlark.Value) string {
	switch t := v.Type(); t {
	case "string":
		return "str"
	default:
		return t
	}
}

// PyStringer is a value whose Python str differs from its repr (String):
// a pathlib path prints as a/b but is PosixPath('a/b') inside a list.
type PyStringer interface {
	starlark.Value
	PyStr() string
}

// str is Python's str(v): Starlark's, with floats as Python writes them.
func str(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case PyStringer:
		return v.PyStr()
	case starlark.Bytes:
		// Python's str(b) is its repr, b'...' (Starlark's decodes it).
		return pyerr.QuoteBytes(string(v))
	}
	return repr(v)
}

// repr is Python's repr(v) of a Starlark value: strs quoted as Python
// quotes them ('a', "it's"), floats as Python writes them, sets as {1, 2}.
func repr(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyQuote(string(v))
	case starlark.Float:
		return floatRepr(float64(v))
	case starlark.Bytes:
		return pyerr.QuoteBytes(string(v))
	case *starlark.List, starlark.Tuple, *starlark.Dict, *starlark.Set:
		var b strings.Builder
		writeRepr(&b, v, nil)
		return b.String()
	}
	return v.String()
}

// Str and Repr are Python's str(v) and repr(v) for Starlark values: Starlark's
// text, except that, alone or inside a list, tuple, dict or set, a str is
// quoted as Python quotes it ('a' where Starlark writes "a"), a float is
// written as Python writes it (1234567.0, 1e+16, inf, nan, -0.0) where
// Starlark writes 1.234567e+06 and +inf, and a set is {1, 2} (set() when
// empty) where Starlark writes set([1, 2]).
func Str(v starlark.Value) string  { return str(v) }
func Repr(v starlark.Value) string { return repr(v) }

// floatRepr is Python's repr of a float.
func floatRepr(f float64) string { return formatFloat(f, 'r', 0, floatFlags{addDot0: true}) }

// writeRepr is go.starlark.net's writeValue with Python's strs, floats and
// sets; path holds the containers being written, so a list that holds
// itself shows [...].
func writeRepr(b *strings.Builder, v starlark.Value, path []starlark.Value) {
	switch v := v.(type) {
	case starlark.String:
		b.WriteString(pyQuote(string(v)))
	case starlark.Float:
		b.WriteString(floatRepr(float64(v)))
	case starlark.Bytes:
		b.WriteString(pyerr.QuoteBytes(string(v)))
	case *starlark.List:
		b.WriteByte('[')
		if slices.Contains(path, starlark.Value(v)) {
			b.WriteString("...")
		} else {
			for i := 0; i < v.Len(); i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				writeRepr(b, v.Index(i), append(path, v))
			}
		}
		b.WriteByte(']')
	case starlark.Tuple:
		b.WriteByte('(')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, x, path)
		}
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *starlark.Dict:
		b.WriteByte('{')
		if slices.Contains(path, starlark.Value(v)) {
			b.WriteString("...")
		} else {
			for i, kv := range v.Items() {
				if i > 0 {
					b.WriteString(", ")
				}
				writeRepr(b, kv[0], path)
				b.WriteString(": ")
				writeRepr(b, kv[1], append(path, v))
			}
		}
		b.WriteByte('}')
	case *starlark.Set:
		if v.Len() == 0 {
			b.WriteString("set()")
			break
		}
		b.WriteByte('{')
		i := 0
		for x := range starlark.Elements(v) {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, x, path)
			i++
		}
		b.WriteByte('}')
	default:
		b.WriteString(v.String())
	}
}

// ascii is Python's ascii(): repr with every non-ASCII code point escaped.
func ascii(v starlark.Value) string {
	s := repr(v)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return asciiEscape(s)
		}
	}
	return s
}

func asciiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}

// QuoteStr is Python's repr of a str ('a\x00b', "it's"), for messages and
// reprs that show a Python string.
func QuoteStr(s string) string { return pyQuote(s) }

// QuoteBytes is Python's repr of a bytes value (b'..'), for messages and
// reprs that show one.
func QuoteBytes(s string) string { return pyerr.QuoteBytes(s) }

// pyQuote is Python's repr of a str, used in KeyError messages.
func pyQuote(s string) string { return pyerr.QuoteStr(s) }

// keyRepr is how a KeyError shows its key: Python's repr.
func keyRepr(k starlark.Value) string {
	if s, ok := k.(starlark.String); ok {
		return pyQuote(string(s))
	}
	return k.String()
}

// runeCount is the length of s in code points.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

// truncate returns the first n code points of s.
func truncate(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// charDesc renders a format character in an error message the way CPython
// does: 'c' (0xNN) for printable ASCII, '?' (0xNN) otherwise.
func charDesc(r rune) string {
	c := r
	if r < 32 || r > 126 {
		c = '?'
	}
	return fmt.Sprintf("'%c' (0x%x)", c, r)
}

// toBig returns the integer value of an int or bool.
func toBig(v starlark.Value) (*big.Int, bool) {
	switch v := v.(type) {
	case starlark.Int:
		return v.BigInt(), true
	case starlark.Bool:
		if v {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

// bigToFloat converts an int to a float as Python's float(int) does.
func bigToFloat(x *big.Int) (float64, error) {
	if x.IsInt64() {
		if n := x.Int64(); n > -1<<53 && n < 1<<53 {
			return float64(n), nil
		}
	}
	f, _ := new(big.Float).SetInt(x).Float64()
	if math.IsInf(f, 0) {
		return 0, pyerr.New(overflowError, "int too large to convert to float")
	}
	return f, nil
}

// toFloat returns the value of an int, bool or float as a float; ok is false
// for other types.
func toFloat(v starlark.Value) (f float64, ok bool, err error) {
	switch v := v.(type) {
	case starlark.Float:
		return float64(v), true, nil
	case starlark.Int, starlark.Bool:
		x, _ := toBig(v)
		f, err := bigToFloat(x)
		return f, true, err
	}
	return 0, false, nil
}

// floatToBig is Python's int(float): truncation toward zero.
func floatToBig(f float64) (*big.Int, error) {
	if math.IsInf(f, 0) {
		return nil, pyerr.New(overflowError, "cannot convert float infinity to integer")
	}
	if math.IsNaN(f) {
		return nil, valueError("cannot convert float NaN to integer")
	}
	x, _ := new(big.Float).SetFloat64(f).Int(nil)
	return x, nil
}

// chr is Python's chr(n) for %c; n must be a valid code point.
func chr(n *big.Int) (string, error) {
	if n.Sign() < 0 || n.Cmp(big.NewInt(0x10ffff)) > 0 {
		return "", pyerr.New(overflowError, "%%c arg not in range(0x110000)")
	}
	return string(rune(n.Int64())), nil
}

// pad writes s to b padded with fill to width code points; align is '<',
// '>' or '^'.
func pad(b *strings.Builder, s string, width int, align byte, fill rune) {
	n := width - runeCount(s)
	if n <= 0 {
		b.WriteString(s)
		return
	}
	left := 0
	switch align {
	case '>':
		left = n
	case '^':
		left = n / 2
	}
	writeFill(b, fill, left)
	b.WriteString(s)
	writeFill(b, fill, n-left)
}

func writeFill(b *strings.Builder, fill rune, n int) {
	if fill < utf8.RuneSelf {
		b.Grow(n)
		for ; n > 0; n-- {
			b.WriteByte(byte(fill))
		}
		return
	}
	for ; n > 0; n-- {
		b.WriteRune(fill)
	}
}
