// Package pyfuncs predeclares the Python builtins a Python programmer reaches
// for that Starlark lacks or has narrower (SPEC §7): sum, round, divmod, pow,
// and print, str and repr with Python's keywords and float text; iter, next,
// map, filter, isinstance, callable, hex, oct, bin, format and vars.
package pyfuncs

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/pymethods"
)

// Python exception types that pyerr has no constant for.
const (
	overflowError     = "OverflowError"
	zeroDivisionError = "ZeroDivisionError"
)

// Names returns the builtins of this package, by name.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"sum":    starlark.NewBuiltin("sum", sum),
		"round":  starlark.NewBuiltin("round", round),
		"divmod": starlark.NewBuiltin("divmod", divmod),
		"abs":    starlark.NewBuiltin("abs", absFn),
		"pow":    starlark.NewBuiltin("pow", pow),
		"print":  starlark.NewBuiltin("print", print),
		"str":    starlark.NewBuiltin("str", str),
		"repr":   starlark.NewBuiltin("repr", repr),
		"int":    starlark.NewBuiltin("int", intFn),
		"float":  starlark.NewBuiltin("float", floatFn),
		// iter.go
		"iter":       starlark.NewBuiltin("iter", iterFn),
		"next":       starlark.NewBuiltin("next", nextFn),
		"map":        starlark.NewBuiltin("map", mapFn),
		"filter":     starlark.NewBuiltin("filter", filterFn),
		"isinstance": starlark.NewBuiltin("isinstance", isinstance),
		"callable":   starlark.NewBuiltin("callable", callable),
		"hex":        starlark.NewBuiltin("hex", intBase),
		"oct":        starlark.NewBuiltin("oct", intBase),
		"bin":        starlark.NewBuiltin("bin", intBase),
		"format":     starlark.NewBuiltin("format", format),
		"vars":       starlark.NewBuiltin("vars", vars),
		// iterables.go
		"list":      iterables("list"),
		"tuple":     iterables("tuple"),
		"set":       iterables("set"),
		"sorted":    iterables("sorted"),
		"reversed":  iterables("reversed"),
		"enumerate": iterables("enumerate"),
		"zip":       iterables("zip"),
		"min":       iterables("min"),
		"max":       iterables("max"),
		"any":       iterables("any"),
		"all":       iterables("all"),
		"dict":      iterables("dict"),
	}
}

func typeError(format string, args ...any) error {
	return pyerr.New(pyerr.TypeError, format, args...)
}

// number returns v as an int or a float; a bool counts as an int, as in
// Python.
func number(v starlark.Value) (starlark.Value, bool) {
	switch v := v.(type) {
	case starlark.Int, starlark.Float:
		return v, true
	case starlark.Bool:
		if v {
			return starlark.MakeInt(1), true
		}
		return starlark.MakeInt(0), true
	}
	return nil, false
}

// toFloat converts an int or float as Python's float(x) does.
func toFloat(v starlark.Value) (float64, error) {
	switch v := v.(type) {
	case starlark.Float:
		return float64(v), nil
	case starlark.Int:
		f := v.Float()
		if math.IsInf(float64(f), 0) {
			return 0, pyerr.New(overflowError, "int too large to convert to float")
		}
		return float64(f), nil
	}
	return 0, typeError("must be real number, not %s", pyformat.TypeName(v))
}

// toFloats converts the operands of a float operation.
func toFloats(x, y starlark.Value) (float64, float64, error) {
	fx, err := toFloat(x)
	if err != nil {
		return 0, 0, err
	}
	fy, err := toFloat(y)
	return fx, fy, err
}

// add is Python's x + y: bools add as ints.
func add(x, y starlark.Value) (starlark.Value, error) {
	if n, ok := number(x); ok {
		x = n
	}
	if n, ok := number(y); ok {
		y = n
	}
	z, err := starlark.Binary(syntax.PLUS, x, y)
	if err != nil && strings.HasPrefix(err.Error(), "unknown binary op") {
		return nil, typeError("unsupported operand type(s) for +: '%s' and '%s'", pyformat.TypeName(x), pyformat.TypeName(y))
	}
	return z, err
}

var (
	sumParams   = clinicParams{fn: "sum", names: []string{"iterable", "start"}, posonly: 1, required: 1}
	roundParams = clinicParams{fn: "round", names: []string{"number", "ndigits"}, required: 1}
	powParams   = clinicParams{fn: "pow", names: []string{"base", "exp", "mod"}, required: 2}
)

// sum(iterable, /, start=0) follows CPython 3.12: ints add exactly; from
// the first float on, floats (and ints that fit in 64 bits) add with
// Neumaier's compensated summation; anything else adds with +.
func sum(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it0 starlark.Value
	var start starlark.Value = starlark.MakeInt(0)
	if err := sumParams.unpack(args, kwargs, &it0, &start); err != nil {
		return nil, err
	}
	iterable, ok := it0.(starlark.Iterable)
	if !ok {
		return nil, typeError("'%s' object is not iterable", pyformat.TypeName(it0))
	}
	switch start.(type) {
	case starlark.String:
		return nil, typeError("sum() can't sum strings [use ''.join(seq) instead]")
	case starlark.Bytes:
		return nil, typeError("sum() can't sum bytes [use b''.join(seq) instead]")
	}
	if g, ok := pyiter.Guard(it0).(*pyiter.Guarded); ok {
		// An iterator that can fail (iter(), a Pool.imap): its error,
		// which ends the iteration, is sum's, as Python's sum raises it.
		v, err := sumOf(g, start)
		if g.Err() != nil {
			return nil, g.Err()
		}
		return v, err
	}
	return sumOf(iterable, start)
}

// sumOf is sum's loop.
func sumOf(iterable starlark.Iterable, start starlark.Value) (starlark.Value, error) {
	it := iterable.Iterate()
	defer it.Done()
	acc := start
	var x starlark.Value
	// Ints, exactly, while the total and the items are ints.
	if _, ok := acc.(starlark.Int); ok {
		for {
			if !it.Next(&x) {
				return acc, nil
			}
			var err error
			if acc, err = add(acc, x); err != nil {
				return nil, err
			}
			if _, ok := acc.(starlark.Int); !ok {
				break
			}
		}
	}
	// Floats, compensated.
	if f, ok := acc.(starlark.Float); ok {
		total, c := float64(f), 0.0
		flush := func() starlark.Value {
			if c != 0 && !math.IsInf(c, 0) && !math.IsNaN(c) {
				total += c
			}
			return starlark.Float(total)
		}
		for {
			if !it.Next(&x) {
				return flush(), nil
			}
			if y, ok := x.(starlark.Float); ok {
				t := total + float64(y)
				if math.Abs(total) >= math.Abs(float64(y)) {
					c += (total - t) + float64(y)
				} else {
					c += (float64(y) - t) + total
				}
				total = t
				continue
			}
			if n, ok := number(x); ok {
				if i, ok := n.(starlark.Int).Int64(); ok {
					total += float64(i)
					continue
				}
			}
			var err error
			if acc, err = add(flush(), x); err != nil {
				return nil, err
			}
			break
		}
	}
	for it.Next(&x) {
		var err error
		if acc, err = add(acc, x); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// CPython's bounds beyond which round(float, ndigits) returns x or ±0.0.
const (
	ndigitsMax = 323  // (DBL_MANT_DIG - DBL_MIN_EXP) * log10(2)
	ndigitsMin = -308 // -(DBL_MAX_EXP + 1) * log10(2)
)

// round(number, ndigits=None): halves go to the even neighbour; a float
// with ndigits is rounded as its exact decimal value would be, as CPython's
// dtoa-based round does.
func round(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, nd starlark.Value = nil, starlark.None
	if err := roundParams.unpack(args, kwargs, &x, &nd); err != nil {
		return nil, err
	}
	n, ok := number(x)
	if !ok {
		return nil, typeError("type %s doesn't define __round__ method", pyformat.TypeName(x))
	}
	var ndigits *big.Int
	if nd != starlark.None {
		i, ok := number(nd)
		if iv, isInt := i.(starlark.Int); ok && isInt {
			ndigits = iv.BigInt()
		} else {
			return nil, typeError("'%s' object cannot be interpreted as an integer", pyformat.TypeName(nd))
		}
	}
	if i, ok := n.(starlark.Int); ok {
		if ndigits == nil || ndigits.Sign() >= 0 {
			return i, nil
		}
		return roundInt(i.BigInt(), new(big.Int).Neg(ndigits)), nil
	}
	f := float64(n.(starlark.Float))
	if ndigits == nil {
		r := math.RoundToEven(f)
		if math.IsInf(r, 0) {
			return nil, pyerr.New(overflowError, "cannot convert float infinity to integer")
		}
		if math.IsNaN(r) {
			return nil, pyerr.New(pyerr.ValueError, "cannot convert float NaN to integer")
		}
		return starlark.NumberToInt(starlark.Float(r))
	}
	switch {
	case math.IsInf(f, 0) || math.IsNaN(f):
		return starlark.Float(f), nil
	case ndigits.Cmp(big.NewInt(ndigitsMax)) > 0:
		return starlark.Float(f), nil
	case ndigits.Cmp(big.NewInt(ndigitsMin)) < 0:
		return starlark.Float(0.0 * f), nil
	}
	return roundFloat(f, int(ndigits.Int64()))
}

// roundInt rounds x to a multiple of 10**p (p > 0), halves to even.
func roundInt(x, p *big.Int) starlark.Value {
	// A power of ten with more digits than x rounds it to 0.
	if p.Cmp(big.NewInt(int64(len(x.Text(10))+1))) > 0 {
		return starlark.MakeInt(0)
	}
	unit := new(big.Int).Exp(big.NewInt(10), p, nil)
	return starlark.MakeBigInt(new(big.Int).Mul(divNearest(x, unit), unit))
}

// divNearest is x/y (y > 0) rounded to the nearest integer, halves to even.
func divNearest(x, y *big.Int) *big.Int {
	q, r := new(big.Int).DivMod(x, y, new(big.Int)) // Euclidean: 0 <= r < y
	switch c := new(big.Int).Lsh(r, 1).Cmp(y); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		q.Add(q, big.NewInt(1))
	}
	return q
}

// roundFloat rounds the exact value of f to ndigits decimal places, halves to
// even, and returns the float nearest that decimal, as CPython does.
func roundFloat(f float64, ndigits int) (starlark.Value, error) {
	exact := new(big.Rat).SetFloat64(f)
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(ndigits))), nil))
	if ndigits >= 0 {
		exact.Mul(exact, scale)
	} else {
		exact.Quo(exact, scale)
	}
	q := divNearest(exact.Num(), exact.Denom())
	r := new(big.Rat).SetInt(q)
	if ndigits >= 0 {
		r.Quo(r, scale)
	} else {
		r.Mul(r, scale)
	}
	out, _ := r.Float64()
	if math.IsInf(out, 0) {
		return nil, pyerr.New(overflowError, "rounded value too large to represent")
	}
	if out == 0 {
		out = math.Copysign(0, f)
	}
	return starlark.Float(out), nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// divmod(a, b): (a // b, a % b) with Python's signs (the remainder takes
// the divisor's).
func divmod(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y starlark.Value
	if len(kwargs) > 0 {
		return nil, typeError("divmod() takes no keyword arguments")
	}
	if len(args) != 2 {
		// CPython's _PyArg_CheckPositional, not the text of UnpackArgs.
		return nil, typeError("divmod expected 2 arguments, got %d", len(args))
	}
	x, y = args[0], args[1]
	if d, ok := x.(divmoder); ok {
		if r, err := d.PyDivmod(y); r != nil || err != nil {
			return r, err
		}
	}
	nx, ok1 := number(x)
	ny, ok2 := number(y)
	if !ok1 || !ok2 {
		return nil, typeError("unsupported operand type(s) for divmod(): '%s' and '%s'", pyformat.TypeName(x), pyformat.TypeName(y))
	}
	ix, xInt := nx.(starlark.Int)
	iy, yInt := ny.(starlark.Int)
	if xInt && yInt {
		if iy.Sign() == 0 {
			return nil, pyerr.New(zeroDivisionError, "integer division or modulo by zero")
		}
		q, r := new(big.Int).DivMod(ix.BigInt(), iy.BigInt(), new(big.Int))
		// big's DivMod is Euclidean (r >= 0); Python's floors (r has y's sign).
		if r.Sign() != 0 && iy.Sign() < 0 {
			r.Add(r, iy.BigInt())
			q.Sub(q, big.NewInt(1))
		}
		return starlark.Tuple{starlark.MakeBigInt(q), starlark.MakeBigInt(r)}, nil
	}
	fx, fy, err := toFloats(nx, ny)
	if err != nil {
		return nil, err
	}
	if fy == 0 {
		return nil, pyerr.New(zeroDivisionError, "float divmod()")
	}
	q, r := floatDivmod(fx, fy)
	return starlark.Tuple{starlark.Float(q), starlark.Float(r)}, nil
}

// floatDivmod is CPython's _float_div_mod.
func floatDivmod(vx, wx float64) (floordiv, mod float64) {
	mod = math.Mod(vx, wx)
	div := (vx - mod) / wx
	if mod != 0 {
		if (wx < 0) != (mod < 0) {
			mod += wx
			div -= 1.0
		}
	} else {
		mod = math.Copysign(0, wx)
	}
	if div != 0 {
		floordiv = math.Floor(div)
		if div-floordiv > 0.5 {
			floordiv += 1.0
		}
	} else {
		floordiv = math.Copysign(0, vx/wx)
	}
	return floordiv, mod
}

// pow(base, exp, mod=None): ints of any size; a negative exponent gives a
// float; with mod, modular exponentiation (a negative exponent needs base
// invertible modulo mod), the result taking mod's sign.
func pow(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y, m starlark.Value = nil, nil, starlark.None
	if err := powParams.unpack(args, kwargs, &x, &y, &m); err != nil {
		return nil, err
	}
	nx, ok1 := number(x)
	ny, ok2 := number(y)
	if !ok1 || !ok2 {
		if m == starlark.None {
			return nil, typeError("unsupported operand type(s) for ** or pow(): '%s' and '%s'", pyformat.TypeName(x), pyformat.TypeName(y))
		}
		return nil, typeError("unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'", pyformat.TypeName(x), pyformat.TypeName(y), pyformat.TypeName(m))
	}
	ix, xInt := nx.(starlark.Int)
	iy, yInt := ny.(starlark.Int)
	if m != starlark.None {
		nm, ok := number(m)
		im, mInt := nm.(starlark.Int)
		if !ok || !xInt || !yInt || !mInt {
			return nil, typeError("pow() 3rd argument not allowed unless all arguments are integers")
		}
		return modPow(ix.BigInt(), iy.BigInt(), im.BigInt())
	}
	if xInt && yInt && iy.Sign() >= 0 {
		return starlark.MakeBigInt(new(big.Int).Exp(ix.BigInt(), iy.BigInt(), nil)), nil
	}
	fx, fy, err := toFloats(nx, ny)
	if err != nil {
		return nil, err
	}
	return floatPow(fx, fy)
}

func modPow(x, y, m *big.Int) (starlark.Value, error) {
	if m.Sign() == 0 {
		return nil, pyerr.New(pyerr.ValueError, "pow() 3rd argument cannot be 0")
	}
	am := new(big.Int).Abs(m)
	if am.Cmp(big.NewInt(1)) == 0 {
		return starlark.MakeInt(0), nil
	}
	base := new(big.Int).Mod(x, am)
	e := new(big.Int).Set(y)
	if e.Sign() < 0 {
		if base.ModInverse(base, am) == nil {
			return nil, pyerr.New(pyerr.ValueError, "base is not invertible for the given modulus")
		}
		e.Neg(e)
	}
	r := new(big.Int).Exp(base, e, am)
	if m.Sign() < 0 && r.Sign() != 0 {
		r.Add(r, m)
	}
	return starlark.MakeBigInt(r), nil
}

// floatPow is CPython's float_pow, less complex results.
func floatPow(x, y float64) (starlark.Value, error) {
	// An infinite exponent is dealt with first, as CPython does: 0.0 **
	// -inf is inf, not an error.
	if x == 0 && y < 0 && !math.IsInf(y, -1) {
		return nil, pyerr.New(zeroDivisionError, "0.0 cannot be raised to a negative power")
	}
	if x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0) {
		// Python returns a complex number here; Starlark has none.
		return nil, pyerr.New(pyerr.ValueError, "negative number cannot be raised to a fractional power (Python's result would be complex)")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return nil, pyerr.New(overflowError, "(34, 'Numerical result out of range')")
	}
	return starlark.Float(r), nil
}

// print(*args, sep=' ', end='\n', file=None, flush=False) writes its text
// in one write, so lines of different processes never mix.
func print(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep, end := " ", "\n"
	var file, flush starlark.Value = starlark.None, starlark.False
	for _, kv := range kwargs {
		k, v := string(kv[0].(starlark.String)), kv[1]
		switch k {
		case "sep", "end":
			s, ok := v.(starlark.String)
			if !ok && v != starlark.None {
				return nil, typeError("%s must be None or a string, not %s", k, pyformat.TypeName(v))
			}
			if ok && k == "sep" {
				sep = string(s)
			} else if ok {
				end = string(s)
			}
		case "file":
			file = v
		case "flush":
			flush = v
		default:
			return nil, typeError("'%s' is an invalid keyword argument for print()", k)
		}
	}
	var text strings.Builder
	for i, a := range args {
		if err := pyformat.CheckText(a); err != nil {
			return nil, err
		}
		if i > 0 {
			text.WriteString(sep)
		}
		text.WriteString(pyformat.Str(a))
	}
	text.WriteString(end)
	if file == starlark.None {
		if w := procenv.Get(thread).Stdout; w != nil {
			w.Write([]byte(text.String()))
		}
		return starlark.None, nil
	}
	if err := callMethod(thread, file, "write", starlark.String(text.String())); err != nil {
		return nil, err
	}
	if flush.Truth() {
		return starlark.None, callMethod(thread, file, "flush")
	}
	return starlark.None, nil
}

// callMethod calls v.name(args...), as print calls its file's write.
func callMethod(thread *starlark.Thread, v starlark.Value, name string, args ...starlark.Value) error {
	var m starlark.Value
	if h, ok := v.(starlark.HasAttrs); ok {
		m, _ = h.Attr(name)
	}
	if m == nil {
		return pyerr.New("AttributeError", "'%s' object has no attribute '%s'", pyformat.TypeName(v), name)
	}
	_, err := starlark.Call(thread, m, args, nil)
	return err
}

// str(x) and repr(x) are Starlark's with Python's text for floats.
func str(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 && len(kwargs) == 0 {
		return starlark.String(""), nil // Python's str(): defaultdict(str) calls it so
	}
	if len(args) == 1 && len(kwargs) == 0 {
		if err := pyformat.CheckText(args[0]); err != nil {
			return nil, err
		}
		return starlark.String(pyformat.Str(args[0])), nil
	}
	var obj starlark.Value = starlark.String("")
	var enc, errs starlark.Value
	if err := starlark.UnpackArgs("str", args, kwargs, "object?", &obj, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, typeError("%s", err)
	}
	if enc == nil && errs == nil {
		return str(thread, b, starlark.Tuple{obj}, nil) // str(object=x)
	}
	// str(b, encoding, errors) decodes, as b.decode(encoding, errors).
	switch obj.(type) {
	case starlark.Bytes:
	case starlark.String:
		return nil, typeError("decoding str is not supported")
	default:
		return nil, typeError("decoding to str: need a bytes-like object, %s found", pyformat.TypeName(obj))
	}
	decode, err := pymethods.Attr(obj, "decode")
	if err != nil {
		return nil, err
	}
	var dkw []starlark.Tuple
	if enc != nil {
		dkw = append(dkw, starlark.Tuple{starlark.String("encoding"), enc})
	}
	if errs != nil {
		dkw = append(dkw, starlark.Tuple{starlark.String("errors"), errs})
	}
	return starlark.Call(thread, decode, nil, dkw)
}

func repr(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, typeError("%s", err)
	}
	if err := pyformat.CheckText(x); err != nil {
		return nil, err
	}
	return starlark.String(pyformat.Repr(x)), nil
}

// intFn is Starlark's int, refusing, as Python 3.11 does, to parse more
// decimal digits than sys.get_int_max_str_digits() (parsing is quadratic).
func intFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 && len(kwargs) == 0 {
		return starlark.MakeInt(0), nil // Python's int(): defaultdict(int) calls it so
	}
	if len(args) > 0 {
		// Python ignores the whitespace around the digits: int(line) of a
		// line read from a file. A string that fails all the same fails
		// with its own text in the message, as in Python.
		if s, ok := args[0].(starlark.String); ok {
			if t := strings.TrimFunc(string(s), unicode.IsSpace); t != string(s) && t != "" {
				stripped := append(starlark.Tuple{starlark.String(t)}, args[1:]...)
				if v, err := intFn(thread, b, stripped, kwargs); err == nil {
					return v, nil
				}
			}
		}
	}
	if len(args) > 0 {
		if s, ok := args[0].(starlark.String); ok && len(s) > pyformat.IntMaxStrDigits() {
			base := 10
			if len(args) > 1 {
				if n, ok := args[1].(starlark.Int); ok {
					b, _ := n.Int64()
					base = int(b)
				}
			}
			for _, kv := range kwargs {
				if n, ok := kv[1].(starlark.Int); ok && kv[0] == starlark.String("base") {
					b, _ := n.Int64()
					base = int(b)
				}
			}
			if err := checkIntString(string(s), base); err != nil {
				return nil, err
			}
		}
	}
	if len(args) > 0 {
		if s, ok := args[0].(starlark.String); ok && strings.Contains(string(s), "_") {
			if t, ok := dropUnderscores(string(s)); ok {
				args = append(starlark.Tuple{starlark.String(t)}, args[1:]...)
			}
		}
	}
	return starlark.Call(thread, starlark.Universe["int"], args, kwargs)
}

// floatFn is Starlark's float with Python's parsing of a string: the
// whitespace around it is ignored (float(line) of a line read from a file),
// and a literal beyond the largest float is inf or -inf, not an error.
func floatFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if s, ok := args0(args, kwargs).(starlark.String); ok {
		if t := strings.TrimFunc(string(s), unicode.IsSpace); t != "" {
			v, err := starlark.Call(thread, starlark.Universe["float"], starlark.Tuple{starlark.String(t)}, nil)
			if err == nil {
				return v, nil
			}
			// Go's syntax, as Starlark's float; hex is not Python's.
			if f, perr := strconv.ParseFloat(t, 64); math.IsInf(f, 0) && errors.Is(perr, strconv.ErrRange) && !strings.ContainsAny(t, "xX") {
				return starlark.Float(f), nil
			}
		}
	}
	// Anything else fails (or not) as Starlark's does, with the string as
	// written in the message.
	return starlark.Call(thread, starlark.Universe["float"], args, kwargs)
}

// args0 is the only argument of a call, or nil.
func args0(args starlark.Tuple, kwargs []starlark.Tuple) starlark.Value {
	if len(args) == 1 && len(kwargs) == 0 {
		return args[0]
	}
	return nil
}

// dropUnderscores is s without the underscores Python's int() allows in
// it: single ones between digits, or after a 0x/0o/0b prefix; ok is false
// if s has others (int() then refuses s as written).
func dropUnderscores(s string) (string, bool) {
	t := strings.TrimSpace(s)
	sign := ""
	if t != "" && (t[0] == '+' || t[0] == '-') {
		sign, t = t[:1], t[1:]
	}
	prefix := ""
	if len(t) > 2 && t[0] == '0' && strings.ContainsRune("xXoObB", rune(t[1])) {
		prefix, t = t[:2], t[2:]
	}
	if t == "" || t[len(t)-1] == '_' || strings.Contains(t, "__") || t[0] == '_' && prefix == "" {
		return "", false
	}
	return sign + prefix + strings.ReplaceAll(t, "_", ""), true
}

// checkIntString applies the digit bound to s in base (0: as its prefix
// says); bases that are powers of two have no bound, as in Python.
func checkIntString(s string, base int) error {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "+-")
	if base == 0 && len(s) > 1 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X', 'o', 'O', 'b', 'B':
			return nil
		}
	}
	if base&(base-1) == 0 && base != 0 {
		return nil
	}
	digits := len(s) - strings.Count(s, "_")
	return pyformat.CheckParseDigits(digits)
}

// divmoder is a value of a builtin module's type that divmod takes
// (datetime.timedelta): PyDivmod returns nil, nil for an operand it does
// not take.
type divmoder interface {
	PyDivmod(y starlark.Value) (starlark.Value, error)
}

// abser is a value of a builtin module's type that abs takes.
type abser interface {
	PyAbs() (starlark.Value, error)
}

// absFn is Starlark's abs, and a type's own PyAbs (abs(t1 - t2) of
// timedeltas).
func absFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if a, ok := args[0].(abser); ok {
			return a.PyAbs()
		}
	}
	return starlark.Call(thread, starlark.Universe["abs"], args, kwargs)
}
