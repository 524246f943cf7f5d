package datetimemod

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Timedelta is datetime.timedelta: days, seconds (0..86399) and
// microseconds (0..999999), |days| <= 999999999.
type Timedelta struct {
	days, secs, us int64
}

var (
	_ starlark.HasBinary          = Timedelta{}
	_ starlark.HasUnary           = Timedelta{}
	_ starlark.Comparable         = Timedelta{}
	_ starlark.HasAttrs           = Timedelta{}
	_ interface{ PyStr() string } = Timedelta{}
)

// total is the timedelta in microseconds.
func (t Timedelta) total() *big.Int {
	n := big.NewInt(t.days)
	n.Mul(n, big.NewInt(usDay))
	return n.Add(n, big.NewInt(t.secs*1000000+t.us))
}

// fromMicros is the timedelta of n microseconds, or OverflowError.
func fromMicros(n *big.Int) (Timedelta, error) {
	d, r := new(big.Int).DivMod(n, big.NewInt(usDay), new(big.Int))
	if !d.IsInt64() || d.Int64() > math.MaxInt32 || d.Int64() < math.MinInt32 {
		// CPython's days are a C int before it checks their range.
		return Timedelta{}, pyerr.New("OverflowError", "Python int too large to convert to C int")
	}
	if d.Int64() > maxDays || d.Int64() < -maxDays {
		return Timedelta{}, pyerr.New("OverflowError", "days=%s; must have magnitude <= %d", d.String(), maxDays)
	}
	us := r.Int64()
	return Timedelta{days: d.Int64(), secs: us / 1000000, us: us % 1000000}, nil
}

func microsOf(us int64) Timedelta {
	t, _ := fromMicros(big.NewInt(us))
	return t
}

func (t Timedelta) Type() string         { return "datetime.timedelta" }
func (t Timedelta) Freeze()              {}
func (t Timedelta) Truth() starlark.Bool { return t != Timedelta{} }
func (t Timedelta) Hash() (uint32, error) {
	return uint32(t.days*2654435761) ^ uint32(t.secs*40503) ^ uint32(t.us), nil
}

// String is repr(td).
func (t Timedelta) String() string {
	var args []string
	if t.days != 0 {
		args = append(args, fmt.Sprintf("days=%d", t.days))
	}
	if t.secs != 0 {
		args = append(args, fmt.Sprintf("seconds=%d", t.secs))
	}
	if t.us != 0 {
		args = append(args, fmt.Sprintf("microseconds=%d", t.us))
	}
	if len(args) == 0 {
		args = append(args, "0")
	}
	return "datetime.timedelta(" + strings.Join(args, ", ") + ")"
}

// PyStr is str(td): [D day[s], ]H:MM:SS[.ffffff].
func (t Timedelta) PyStr() string {
	s := fmt.Sprintf("%d:%02d:%02d", t.secs/3600, t.secs/60%60, t.secs%60)
	if t.days != 0 {
		plural := "s"
		if t.days == 1 || t.days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, ", t.days, plural) + s
	}
	if t.us != 0 {
		s += fmt.Sprintf(".%06d", t.us)
	}
	return s
}

func (t Timedelta) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return cmpInts(op, t.total().Cmp(y.(Timedelta).total())), nil
}

func (t Timedelta) AttrNames() []string {
	return []string{"days", "max", "microseconds", "min", "resolution", "seconds", "total_seconds"}
}

func (t Timedelta) Attr(name string) (starlark.Value, error) {
	switch name {
	case "days":
		return starlark.MakeInt64(t.days), nil
	case "seconds":
		return starlark.MakeInt64(t.secs), nil
	case "microseconds":
		return starlark.MakeInt64(t.us), nil
	case "total_seconds":
		return method("total_seconds", t, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, _ := new(big.Rat).SetFrac(t.total(), big.NewInt(1000000)).Float64()
			return starlark.Float(f), noArgs("timedelta.total_seconds", args, kwargs)
		}), nil
	}
	return timedeltaClassAttr(name)
}

func timedeltaClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "min":
		return Timedelta{days: -maxDays}, nil
	case "max":
		return Timedelta{days: maxDays, secs: 86399, us: 999999}, nil
	case "resolution":
		return Timedelta{us: 1}, nil
	}
	return nil, nil
}

func (t Timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return fromMicros(new(big.Int).Neg(t.total()))
	case syntax.PLUS:
		return t, nil
	}
	return nil, nil
}

// ratOf is an int or float operand exactly, or nil.
func ratOf(v starlark.Value) *big.Rat {
	switch v := v.(type) {
	case starlark.Int:
		return new(big.Rat).SetInt(v.BigInt())
	case starlark.Bool:
		if v {
			return big.NewRat(1, 1)
		}
		return new(big.Rat)
	case starlark.Float:
		if math.IsInf(float64(v), 0) || math.IsNaN(float64(v)) {
			return nil
		}
		return new(big.Rat).SetFloat64(float64(v))
	}
	return nil
}

func (t Timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if o, ok := y.(Timedelta); ok {
		a, b := t.total(), o.total()
		if side == starlark.Right {
			a, b = b, a
		}
		switch op {
		case syntax.PLUS:
			return fromMicros(a.Add(a, b))
		case syntax.MINUS:
			return fromMicros(a.Sub(a, b))
		case syntax.SLASH:
			if b.Sign() == 0 {
				return nil, pyerr.New("ZeroDivisionError", "division by zero")
			}
			f, _ := new(big.Rat).SetFrac(a, b).Float64()
			return starlark.Float(f), nil
		case syntax.SLASHSLASH, syntax.PERCENT:
			if b.Sign() == 0 {
				if op == syntax.PERCENT {
					return nil, pyerr.New("ZeroDivisionError", "integer modulo by zero")
				}
				return nil, pyerr.New("ZeroDivisionError", "integer division or modulo by zero")
			}
			q, m := floorDivModBig(a, b)
			if op == syntax.SLASHSLASH {
				return starlark.MakeBigInt(q), nil
			}
			return fromMicros(m)
		}
		return nil, nil
	}
	if f, ok := y.(starlark.Float); ok && (op == syntax.STAR || op == syntax.SLASH && side == starlark.Left) {
		// CPython multiplies and divides by the float's as_integer_ratio().
		if math.IsNaN(float64(f)) {
			return nil, pyerr.New(pyerr.ValueError, "cannot convert NaN to integer ratio")
		}
		if math.IsInf(float64(f), 0) {
			return nil, pyerr.New("OverflowError", "cannot convert Infinity to integer ratio")
		}
	}
	r := ratOf(y)
	if r == nil {
		return nil, nil
	}
	_, isInt := y.(starlark.Int)
	switch {
	case op == syntax.STAR:
		return fromMicros(roundHalfEven(r.Mul(r, new(big.Rat).SetInt(t.total()))))
	case side == starlark.Left && (op == syntax.SLASH || op == syntax.SLASHSLASH && isInt):
		if r.Sign() == 0 {
			// CPython divides the float's integer ratio: this text for 0.0 too.
			return nil, pyerr.New("ZeroDivisionError", "integer division or modulo by zero")
		}
		q := new(big.Rat).SetInt(t.total())
		q.Quo(q, r)
		if op == syntax.SLASHSLASH {
			fl := new(big.Int).Quo(q.Num(), q.Denom())
			if q.Sign() < 0 && !q.IsInt() {
				fl.Sub(fl, big.NewInt(1))
			}
			return fromMicros(fl)
		}
		return fromMicros(roundHalfEven(q))
	}
	return nil, nil
}

func floorDivModBig(a, b *big.Int) (*big.Int, *big.Int) {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() != 0 && m.Sign() != b.Sign() {
		q.Sub(q, big.NewInt(1))
		m.Add(m, b)
	}
	return q, m
}

// newTimedelta is timedelta(days=0, seconds=0, microseconds=0,
// milliseconds=0, minutes=0, hours=0, weeks=0): the exact sum of its
// parts, rounded to a microsecond half to even.
func newTimedelta(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	names := []string{"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}
	scale := []int64{usDay, 1000000, 1, 1000, 60000000, 3600000000, 7 * usDay}
	vals := make([]starlark.Value, len(names))
	pairs := make([]any, 0, 2*len(names))
	for i, n := range names {
		pairs = append(pairs, n+"?", &vals[i])
	}
	if err := starlark.UnpackArgs("timedelta", args, kwargs, pairs...); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	// CPython's delta_new: it checks and sums the components from
	// microseconds up to weeks, so its first error is of the first bad one
	// in that order. An int adds exactly; a float adds its integer part
	// times the unit exactly, then its fraction times the unit in double
	// arithmetic, whose whole part adds and whose remainder is left over,
	// rounded half to even once at the end. td(milliseconds=0.5/1000) is
	// then 0 where the float's exact value would round to 1.
	sum := new(big.Int)
	leftover := 0.0
	for _, i := range []int{2, 3, 1, 4, 5, 0, 6} {
		v := vals[i]
		if v == nil {
			continue
		}
		unit := big.NewInt(scale[i])
		switch v := v.(type) {
		case starlark.Int:
			sum.Add(sum, new(big.Int).Mul(v.BigInt(), unit))
			continue
		case starlark.Bool:
			if v {
				sum.Add(sum, unit)
			}
			continue
		case starlark.Float:
			f := float64(v)
			// CPython's texts (float.__int__'s): NaN and infinity.
			if math.IsNaN(f) {
				return nil, pyerr.New(pyerr.ValueError, "cannot convert float NaN to integer")
			}
			if math.IsInf(f, 0) {
				return nil, pyerr.New("OverflowError", "cannot convert float infinity to integer")
			}
			whole, frac := math.Modf(f)
			w, _ := new(big.Float).SetFloat64(whole).Int(nil)
			sum.Add(sum, w.Mul(w, unit))
			if frac == 0 {
				continue
			}
			whole, frac = math.Modf(float64(scale[i]) * frac)
			w, _ = new(big.Float).SetFloat64(whole).Int(nil)
			sum.Add(sum, w)
			leftover += frac
			continue
		}
		return nil, pyerr.New(pyerr.TypeError, "unsupported type for timedelta %s component: %s", names[i], typeName(v))
	}
	if leftover != 0 {
		whole := math.Round(leftover)
		if math.Abs(whole-leftover) == 0.5 {
			odd := float64(sum.Bit(0)) // CPython's x & 1
			whole = 2*math.Round((leftover+odd)*0.5) - odd
		}
		sum.Add(sum, big.NewInt(int64(whole)))
	}
	return fromMicros(sum)
}

// PyAbs is abs(td).
func (t Timedelta) PyAbs() (starlark.Value, error) {
	if t.days < 0 {
		return fromMicros(neg(t.total()))
	}
	return t, nil
}

// PyDivmod is divmod(td, other timedelta): (floor quotient, remainder).
func (t Timedelta) PyDivmod(y starlark.Value) (starlark.Value, error) {
	o, ok := y.(Timedelta)
	if !ok {
		return nil, nil
	}
	b := o.total()
	if b.Sign() == 0 {
		return nil, pyerr.New("ZeroDivisionError", "integer division or modulo by zero")
	}
	q, m := floorDivModBig(t.total(), b)
	r, err := fromMicros(m)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.MakeBigInt(q), r}, nil
}
