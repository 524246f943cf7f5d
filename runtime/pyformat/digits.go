package pyformat

import (
	"math"
	"math/big"
	"slices"
	"sync/atomic"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Python 3.11's bound on decimal conversions of ints (CVE-2020-10735): text
// of more than 4300 digits is not parsed (Go's parsing is quadratic: 1M
// digits took 8 s) nor produced. sys.set_int_max_str_digits changes it for
// the process; 0 means no bound.
const (
	DefaultIntMaxStrDigits = 4300
	MinIntMaxStrDigits     = 640 // the smallest bound but 0 (CPython's)
)

var intMaxStrDigits atomic.Int64

func init() { intMaxStrDigits.Store(DefaultIntMaxStrDigits) }

// IntMaxStrDigits and SetIntMaxStrDigits are sys.get_int_max_str_digits and
// sys.set_int_max_str_digits.
func IntMaxStrDigits() int { return int(intMaxStrDigits.Load()) }

func SetIntMaxStrDigits(n int) error {
	if n != 0 && n < MinIntMaxStrDigits {
		return valueError("maxdigits must be 0 or larger than %d", MinIntMaxStrDigits)
	}
	intMaxStrDigits.Store(int64(n))
	return nil
}

// CheckParseDigits is the check before parsing an int of ndigits decimal
// digits (int(s), json.loads).
func CheckParseDigits(ndigits int) error {
	if max := IntMaxStrDigits(); max > 0 && ndigits > max {
		return valueError("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", max, ndigits)
	}
	return nil
}

// CheckIntText is the check before writing x in decimal (str, repr, %d,
// format, json.dumps). Small ints, nearly all, cost one comparison.
func CheckIntText(x starlark.Int) error {
	max := IntMaxStrDigits()
	if max == 0 {
		return nil
	}
	if _, small := x.Int64(); small {
		return nil // at most 19 digits
	}
	return checkBigText(x.BigInt(), max)
}

// checkBigText: an int of bit length L has between (L-1)·log10(2) + 1 and
// L·log10(2) + 1 digits; only between the two is the text written to count.
func checkBigText(b *big.Int, max int) error {
	bits := float64(b.BitLen())
	switch {
	case bits*math.Log10(2)+1 <= float64(max):
		return nil
	case (bits-1)*math.Log10(2)+1 <= float64(max)+1 && len(new(big.Int).Abs(b).Text(10)) <= max:
		return nil
	}
	return pyerr.New(pyerr.ValueError, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", max)
}

// CheckText is CheckIntText for every int that str(v) or repr(v) would
// write, inside lists, tuples, dicts and sets too.
func CheckText(v starlark.Value) error { return checkText(v, nil) }

func checkText(v starlark.Value, path []starlark.Value) error {
	switch v := v.(type) {
	case starlark.Int:
		return CheckIntText(v)
	case *starlark.List, *starlark.Dict:
		if slices.Contains(path, v) {
			return nil
		}
		path = append(path, v)
	case starlark.Tuple, *starlark.Set:
	default:
		return nil
	}
	for x := range starlark.Elements(v.(starlark.Iterable)) {
		if err := checkText(x, path); err != nil {
			return err
		}
	}
	if d, ok := v.(*starlark.Dict); ok {
		for _, kv := range d.Items() {
			if err := checkText(kv[1], path); err != nil {
				return err
			}
		}
	}
	return nil
}
