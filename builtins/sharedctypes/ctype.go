package sharedctypes

import (
	"fmt"
	"math"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

type ckind uint8

const (
	signed ckind = iota
	unsigned
	float
	char
)

// ctype is one of multiprocessing's typecodes, with the C type it stands
// for on linux/amd64 (ctypes' names: 'q' is c_long there, as in CPython).
type ctype struct {
	code byte
	name string
	size int
	kind ckind
}

// ctypes are the typecodes and ctypes names Value and Array take, built on first use.
var ctypes = lazy.Value[map[string]*ctype]{New: func() map[string]*ctype {
	return map[string]*ctype{
		"b": {'b', "c_byte", 1, signed},
		"B": {'B', "c_ubyte", 1, unsigned},
		"h": {'h', "c_short", 2, signed},
		"H": {'H', "c_ushort", 2, unsigned},
		"i": {'i', "c_int", 4, signed},
		"I": {'I', "c_uint", 4, unsigned},
		"l": {'l', "c_long", 8, signed},
		"L": {'L', "c_ulong", 8, unsigned},
		"q": {'q', "c_long", 8, signed},
		"Q": {'Q', "c_ulong", 8, unsigned},
		"f": {'f', "c_float", 4, float},
		"d": {'d', "c_double", 8, float},
		"c": {'c', "c_char", 1, char},
	}
}}

const typecodes = "b, B, h, H, i, I, l, L, q, Q, f, d or c"

func typecodeArg(fn string, v starlark.Value) (*ctype, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "%s: typecode must be a string (one of %s), not %s", fn, typecodes, v.Type())
	}
	t := ctypes.Get()[string(s)]
	if t == nil {
		return nil, pyerr.New(pyerr.TypeError, "%s: bad typecode '%s' (must be %s)", fn, string(s), typecodes)
	}
	return t, nil
}

func (t *ctype) bits() uint { return uint(8 * t.size) }

// bounds of an integer type.
func (t *ctype) minInt() int64 { return int64(-1) << (t.bits() - 1) }
func (t *ctype) maxInt() int64 { return int64(1)<<(t.bits()-1) - 1 }
func (t *ctype) maxUint() uint64 {
	if t.size == 8 {
		return math.MaxUint64
	}
	return 1<<t.bits() - 1
}

// rangeText is the type's range, as in "(-128..127)".
func (t *ctype) rangeText() string {
	switch t.kind {
	case signed:
		return fmt.Sprintf("(%d..%d)", t.minInt(), t.maxInt())
	case unsigned:
		return fmt.Sprintf("(0..%d)", t.maxUint())
	case char:
		return "(0..255)"
	}
	if t.size == 4 {
		return fmt.Sprintf("(%v..%v)", starlark.Float(-math.MaxFloat32), starlark.Float(math.MaxFloat32))
	}
	return fmt.Sprintf("(%v..%v)", starlark.Float(-math.MaxFloat64), starlark.Float(math.MaxFloat64))
}

func (t *ctype) rangeError(v starlark.Value) error {
	return pyerr.New(pyerr.ValueError, "value %s out of range for typecode '%c' %s", v.String(), t.code, t.rangeText())
}

// toBits converts a Starlark value to the element's bits, refusing values
// of the wrong type (TypeError) or out of the type's range (ValueError).
func (t *ctype) toBits(v starlark.Value) (uint64, error) {
	v = intarg.BoolAsInt(v) // a bool is an int, for ctypes' c_char too
	switch t.kind {
	case signed, unsigned:
		i, ok := v.(starlark.Int)
		if !ok {
			return 0, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyformat.TypeName(v))
		}
		if t.kind == signed {
			x, ok := i.Int64()
			if !ok || x < t.minInt() || x > t.maxInt() {
				return 0, t.rangeError(v)
			}
			return uint64(x) & t.maxUint(), nil
		}
		x, ok := i.Uint64()
		if !ok || x > t.maxUint() {
			return 0, t.rangeError(v)
		}
		return x, nil
	case float:
		var f float64
		switch x := v.(type) {
		case starlark.Float:
			f = float64(x)
		case starlark.Int:
			f = float64(x.Float())
			if math.IsInf(f, 0) {
				return 0, t.rangeError(v)
			}
		default:
			return 0, pyerr.New(pyerr.TypeError, "must be real number, not %s", pyformat.TypeName(v))
		}
		if t.size == 4 {
			f32 := float32(f)
			if math.IsInf(float64(f32), 0) && !math.IsInf(f, 0) {
				return 0, t.rangeError(v)
			}
			return uint64(math.Float32bits(f32)), nil
		}
		return math.Float64bits(f), nil
	}
	// char: a 1-byte bytes, or an int 0..255 (as ctypes' c_char)
	switch x := v.(type) {
	case starlark.Bytes:
		if len(x) == 1 {
			return uint64(x[0]), nil
		}
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < 0 || n > 255 {
			return 0, t.rangeError(v)
		}
		return uint64(n), nil
	}
	return 0, pyerr.New(pyerr.TypeError, "one character bytes, bytearray or integer expected")
}

// fromBits is the Starlark value of an element.
func (t *ctype) fromBits(u uint64) starlark.Value {
	switch t.kind {
	case signed:
		sh := 64 - t.bits()
		return starlark.MakeInt64(int64(u<<sh) >> sh)
	case unsigned:
		return starlark.MakeUint64(u)
	case float:
		if t.size == 4 {
			return starlark.Float(math.Float32frombits(uint32(u)))
		}
		return starlark.Float(math.Float64frombits(u))
	}
	return starlark.Bytes([]byte{byte(u)})
}

// zero is the element's default value.
func (t *ctype) zero() starlark.Value { return t.fromBits(0) }

// load and store the element i of a block.
func (t *ctype) load(b objects.Block, i int) uint64 { return b.LoadUint(i*t.size, t.size) }

func (t *ctype) store(b objects.Block, i int, u uint64) { b.StoreUint(i*t.size, t.size, u) }

// add adds delta to element i of b atomically and returns the new value.
func (t *ctype) add(b objects.Block, i int, delta starlark.Value) (starlark.Value, error) {
	off := i * t.size
	switch t.kind {
	case signed, unsigned:
		delta = intarg.BoolAsInt(delta)
		di, ok := delta.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "add: '%s' object cannot be interpreted as an integer", pyformat.TypeName(delta))
		}
		d, ok := di.Int64()
		if ok {
			if t.kind == signed {
				if v, err := b.AddInt(off, t.size, d); err == nil {
					return starlark.MakeInt64(v), nil
				}
			} else if v, err := b.AddUint(off, t.size, d); err == nil {
				return starlark.MakeUint64(v), nil
			}
		}
		return nil, pyerr.New(pyerr.ValueError, "add(%s): result out of range for typecode '%c' %s", delta.String(), t.code, t.rangeText())
	case float:
		d, ok := starlark.AsFloat(intarg.BoolAsInt(delta)) // v.value += True works
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "add: must be real number, not %s", pyformat.TypeName(delta))
		}
		if t.size == 4 {
			return starlark.Float(b.AddFloat32(off, d)), nil
		}
		return starlark.Float(b.AddFloat64(off, d)), nil
	}
	return nil, pyerr.New(pyerr.TypeError, "add: not supported for typecode 'c'")
}

// reprValue is ctypes' repr of a simple value: c_int(5), c_char(b'a').
func (t *ctype) reprValue(u uint64) string {
	var b strings.Builder
	b.WriteString(t.name)
	b.WriteByte('(')
	switch t.kind {
	case char:
		b.WriteString(pyformat.QuoteBytes(string([]byte{byte(u)})))
	case float:
		b.WriteString(pyformat.Repr(t.fromBits(u))) // 1234567.0, not 1.234567e+06
	default:
		b.WriteString(t.fromBits(u).String())
	}
	b.WriteByte(')')
	return b.String()
}
