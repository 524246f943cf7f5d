package statisticsmod

import (
	"math"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// fsum is CPython's math.fsum, which fmean sums with: each item converted
// to a float first (an int past 2**53 rounds, one past the float range is
// an OverflowError), the partials of Shewchuk's algorithm summed and
// rounded once, a running sum of finite items that overflows an
// OverflowError, and inf + -inf a ValueError (a NaN alone is the result).
func fsum(xs []starlark.Value) (float64, error) {
	var partials []float64
	special, infSum := 0.0, 0.0
	for _, item := range xs {
		x, err := toFloat(item)
		if err != nil {
			return 0, err
		}
		xsave := x
		i := 0
		for _, y := range partials {
			if math.Abs(x) < math.Abs(y) {
				x, y = y, x
			}
			hi := x + y
			lo := y - (hi - x)
			if lo != 0 {
				partials[i] = lo
				i++
			}
			x = hi
		}
		partials = partials[:i]
		if x != 0 {
			if math.IsInf(x, 0) || math.IsNaN(x) {
				// Either an overflow or a NaN or infinity among the items.
				if !math.IsInf(xsave, 0) && !math.IsNaN(xsave) {
					return 0, pyerr.New("OverflowError", "intermediate overflow in fsum")
				}
				if math.IsInf(xsave, 0) {
					infSum += xsave
				}
				special += xsave
				partials = partials[:0]
			} else {
				partials = append(partials, x)
			}
		}
	}
	if special != 0 {
		if math.IsNaN(infSum) {
			return 0, pyerr.New(pyerr.ValueError, "-inf + inf in fsum")
		}
		return special, nil
	}
	// Sum the partials from the top, stopping at the first inexact
	// addition, then fix the half-way case as CPython does.
	n := len(partials)
	hi, lo := 0.0, 0.0
	if n > 0 {
		n--
		hi = partials[n]
		for n > 0 {
			x := hi
			n--
			y := partials[n]
			hi = x + y
			lo = y - (hi - x)
			if lo != 0 {
				break
			}
		}
		if n > 0 && (lo < 0 && partials[n-1] < 0 || lo > 0 && partials[n-1] > 0) {
			y := lo * 2
			x := hi + y
			if y == x-hi {
				hi = x
			}
		}
	}
	return hi, nil
}

// toFloat is PyFloat_AsDouble of an item of fsum.
func toFloat(v starlark.Value) (float64, error) {
	switch v := intarg.BoolAsInt(v).(type) {
	case starlark.Float:
		return float64(v), nil
	case starlark.Int:
		f := v.Float()
		if math.IsInf(float64(f), 0) {
			return 0, pyerr.New("OverflowError", "int too large to convert to float")
		}
		return float64(f), nil
	}
	return 0, pyerr.New(pyerr.TypeError, "must be real number, not %s", pyformat.TypeName(v))
}
