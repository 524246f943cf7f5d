// Package intarg converts Starlark ints to Go's fixed-size ints the way
// CPython converts Python ints to C integers: a value out of range is an
// OverflowError with CPython's message, never a silent truncation (os.kill
// once turned 2**32-1 into kill(-1)) nor a "want int" TypeError for an int.
package intarg

import (
	"math"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

const overflowError = "OverflowError"

// integer returns v as an int64 (ok false when beyond int64), or CPython's
// TypeError for a value that is not an int (a bool is one, as in Python).
func integer(v starlark.Value) (n int64, ok bool, err error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok = x.Int64()
		return n, ok, nil
	case starlark.Bool:
		if x {
			return 1, true, nil
		}
		return 0, true, nil
	}
	name := v.Type()
	if name == "string" {
		name = "str"
	}
	return 0, false, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", name)
}

// Arg is PyArg_Parse's "i" format (a C int, as os.kill's pid_t and signal).
func Arg(v starlark.Value) (int, error) {
	n, ok, err := integer(v)
	switch {
	case err != nil:
		return 0, err
	case !ok:
		return 0, pyerr.New(overflowError, "Python int too large to convert to C long")
	case n > math.MaxInt32:
		return 0, pyerr.New(overflowError, "signed integer is greater than maximum")
	case n < math.MinInt32:
		return 0, pyerr.New(overflowError, "signed integer is less than minimum")
	}
	return int(n), nil
}

// CInt is CPython's _PyLong_AsInt (a C int, as a semaphore's value).
func CInt(v starlark.Value) (int, error) {
	n, ok, err := integer(v)
	switch {
	case err != nil:
		return 0, err
	case !ok || n > math.MaxInt32 || n < math.MinInt32:
		return 0, pyerr.New(overflowError, "Python int too large to convert to C int")
	}
	return int(n), nil
}

// Ssize is a Py_ssize_t (a length or size): Go's int.
func Ssize(v starlark.Value) (int, error) {
	n, ok, err := integer(v)
	switch {
	case err != nil:
		return 0, err
	case !ok:
		return 0, pyerr.New(overflowError, "Python int too large to convert to C ssize_t")
	}
	return int(n), nil
}

// Clamp is v saturated to Go's int range, for arguments CPython compares
// with a length in Python code (any int is valid there): a huge offset is
// then simply larger than any buffer.
func Clamp(v starlark.Value) (int, error) {
	n, ok, err := integer(v)
	switch {
	case err != nil:
		return 0, err
	case !ok && v.(starlark.Int).Sign() > 0:
		return math.MaxInt, nil
	case !ok:
		return math.MinInt, nil
	}
	return int(n), nil
}

// BoolAsInt is v, or the int 0 or 1 for a bool: Python's bool is an int
// where a number is taken (arithmetic on weights, a ctypes value).
func BoolAsInt(v starlark.Value) starlark.Value {
	if b, ok := v.(starlark.Bool); ok {
		if b {
			return starlark.MakeInt(1)
		}
		return starlark.MakeInt(0)
	}
	return v
}
