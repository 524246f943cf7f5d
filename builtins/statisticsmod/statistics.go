// Package statisticsmod is procstar's "statistics" module: mean, fmean,
// median (low, high), mode, multimode, variance, pvariance, stdev, pstdev
// and quantiles as CPython's, exact where CPython is exact (sums of
// fractions; a correctly rounded square root), so results print the same.
package statisticsmod

import (
	"math"
	"math/big"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Error is the Python type of the module's errors.
const Error = "statistics.StatisticsError"

// Module returns a new "statistics" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "statistics", Members: starlark.StringDict{
		"mean":        b("mean", mean),
		"fmean":       b("fmean", fmean),
		"median":      b("median", median),
		"median_low":  b("median_low", median),
		"median_high": b("median_high", median),
		"mode":        b("mode", mode),
		"multimode":   b("multimode", mode),
		"variance":    b("variance", variance),
		"pvariance":   b("pvariance", variance),
		"stdev":       b("stdev", variance),
		"pstdev":      b("pstdev", variance),
		"quantiles":   b("quantiles", quantiles),
	}}
}

// data is the elements of an iterable argument (a str's characters).
func data(v starlark.Value) ([]starlark.Value, error) {
	iter := pyiter.Iterate(pyformat.Elements(v)) // an iterator that can fail: its error is ours
	if iter == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(v))
	}
	var out []starlark.Value
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out, iter.Err()
}

// exact is a number as a fraction, and whether all so far were ints.
func exact(v starlark.Value) (*big.Rat, bool, error) {
	switch v := v.(type) {
	case starlark.Int:
		return new(big.Rat).SetInt(v.BigInt()), true, nil
	case starlark.Bool:
		if v {
			return big.NewRat(1, 1), true, nil
		}
		return new(big.Rat), true, nil
	case starlark.Float:
		if math.IsInf(float64(v), 0) || math.IsNaN(float64(v)) {
			return nil, false, nil
		}
		return new(big.Rat).SetFloat64(float64(v)), false, nil
	}
	return nil, false, pyerr.New(pyerr.TypeError, "can't convert type '%s' to numerator/denominator", pyformat.TypeName(v))
}

// sum is the exact sum of xs, whether they are all ints, and whether one
// is not finite (the float sum is then the answer, as in CPython).
func sum(xs []starlark.Value) (*big.Rat, bool, float64, error) {
	total, ints := new(big.Rat), true
	nonFinite := math.NaN()
	special := false
	for _, x := range xs {
		r, isInt, err := exact(x)
		if err != nil {
			return nil, false, 0, err
		}
		if r == nil {
			f := float64(x.(starlark.Float))
			if !special {
				nonFinite, special = f, true
			} else {
				nonFinite += f
			}
			ints = false
			continue
		}
		total.Add(total, r)
		ints = ints && isInt
	}
	if special {
		return nil, false, nonFinite, nil
	}
	return total, ints, 0, nil
}

// convert is _convert: an int when the data were ints and the value is
// integral, else a float (OverflowError past the float range, as CPython's
// Fraction.__float__ raises, where big.Rat would give inf).
func convert(r *big.Rat, ints bool) (starlark.Value, error) {
	if ints && r.IsInt() {
		return starlark.MakeBigInt(r.Num()), nil
	}
	f, _ := r.Float64()
	if math.IsInf(f, 0) {
		return nil, pyerr.New("OverflowError", "integer division result too large for a float")
	}
	return starlark.Float(f), nil
}

// oneArg is the data of f(data): by position or, as in Python, by name.
func oneArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) ([]starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return data(v)
}

func mean(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	xs, err := oneArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, pyerr.New(Error, "mean requires at least one data point")
	}
	total, ints, special, err := sum(xs)
	if err != nil {
		return nil, err
	}
	if total == nil {
		return starlark.Float(special / float64(len(xs))), nil
	}
	return convert(total.Quo(total, big.NewRat(int64(len(xs)), 1)), ints)
}

// fmean is fmean(data, weights=None) (weights since Python 3.11).
func fmean(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, weights starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &v, "weights?", &weights); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	xs, err := data(v)
	if err != nil {
		return nil, err
	}
	if weights != starlark.None {
		return weightedMean(xs, weights)
	}
	// math.fsum of the floats (its errors before the empty check, as
	// CPython's), then one division.
	total, err := fsum(xs)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, pyerr.New(Error, "fmean requires at least one data point")
	}
	return starlark.Float(total / float64(len(xs))), nil
}

// weightedMean is fmean with weights: sumprod(data, weights) /
// fsum(weights), the products summed exactly and rounded once.
func weightedMean(xs []starlark.Value, weights starlark.Value) (starlark.Value, error) {
	ws, err := data(weights)
	if err != nil {
		return nil, err
	}
	if len(xs) != len(ws) {
		return nil, pyerr.New(Error, "data and weights must be the same length")
	}
	num, fnum, special := new(big.Rat), 0.0, false
	for i, x := range xs {
		rx, _, err := exact(x)
		if err != nil {
			return nil, err
		}
		rw, _, err := exact(ws[i])
		if err != nil {
			return nil, err
		}
		if rx == nil || rw == nil {
			// A NaN or an infinity: the float product, as CPython's.
			fx, _ := starlark.AsFloat(intarg.BoolAsInt(x))
			fw, _ := starlark.AsFloat(intarg.BoolAsInt(ws[i]))
			fnum, special = fnum+fx*fw, true
			continue
		}
		num.Add(num, rx.Mul(rx, rw))
	}
	if !special {
		fnum, _ = num.Float64()
	}
	fden, err := fsum(ws)
	if err != nil {
		return nil, err
	}
	if fden == 0 {
		return nil, pyerr.New(Error, "sum of weights must be non-zero")
	}
	return starlark.Float(fnum / fden), nil
}

func sortedData(thread *starlark.Thread, xs []starlark.Value) ([]starlark.Value, error) {
	l, err := starlark.Call(thread, starlark.Universe["sorted"], starlark.Tuple{starlark.NewList(xs)}, nil)
	if err != nil {
		return nil, err
	}
	list := l.(*starlark.List)
	out := make([]starlark.Value, list.Len())
	for i := range out {
		out[i] = list.Index(i)
	}
	return out, nil
}

func median(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	xs, err := oneArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, pyerr.New(Error, "no median for empty data")
	}
	if xs, err = sortedData(thread, xs); err != nil {
		return nil, err
	}
	n := len(xs)
	switch b.Name() {
	case "median_low":
		if n%2 == 1 {
			return xs[n/2], nil
		}
		return xs[n/2-1], nil
	case "median_high":
		return xs[n/2], nil
	}
	if n%2 == 1 {
		return xs[n/2], nil
	}
	s, err := starlark.Binary(syntax.PLUS, intarg.BoolAsInt(xs[n/2-1]), intarg.BoolAsInt(xs[n/2]))
	if err != nil {
		return nil, err
	}
	return starlark.Binary(syntax.SLASH, s, starlark.MakeInt(2))
}

// mode is mode (the first of the most common) and multimode (all of them,
// in first-seen order).
func mode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	xs, err := oneArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	counts := starlark.NewDict(len(xs))
	for _, x := range xs {
		c, found, err := counts.Get(x)
		if err != nil {
			return nil, err
		}
		n := 0
		if found {
			n, _ = starlark.AsInt32(c)
		}
		counts.SetKey(x, starlark.MakeInt(n+1))
	}
	best := 0
	for _, kv := range counts.Items() {
		n, _ := starlark.AsInt32(kv[1])
		best = max(best, n)
	}
	var modes []starlark.Value
	for _, kv := range counts.Items() {
		if n, _ := starlark.AsInt32(kv[1]); n == best {
			modes = append(modes, kv[0])
		}
	}
	if b.Name() == "multimode" {
		return starlark.NewList(modes), nil
	}
	if len(modes) == 0 {
		return nil, pyerr.New(Error, "no mode for empty data")
	}
	return modes[0], nil
}

// variance is variance, pvariance, stdev and pstdev(data, xbar=None):
// the exact sum of squared deviations, over n-1 or n.
func variance(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var xbar starlark.Value = starlark.None
	name := b.Name()
	param := "xbar"
	if name[0] == 'p' {
		param = "mu"
	}
	if err := starlark.UnpackArgs(name, args, kwargs, "data", &v, param+"?", &xbar); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	xs, err := data(v)
	if err != nil {
		return nil, err
	}
	sample := name == "variance" || name == "stdev"
	if sample && len(xs) < 2 {
		return nil, pyerr.New(Error, "%s requires at least two data points", name)
	}
	if !sample && len(xs) < 1 {
		return nil, pyerr.New(Error, "%s requires at least one data point", name)
	}
	total, ints, _, err := sum(xs)
	if err != nil {
		return nil, err
	}
	if total == nil {
		return starlark.Float(math.NaN()), nil
	}
	n := big.NewRat(int64(len(xs)), 1)
	c := new(big.Rat).Quo(total, n)
	if xbar != starlark.None {
		r, isInt, err := exact(xbar)
		if err != nil || r == nil {
			return nil, pyerr.New(pyerr.TypeError, "bad %s", param)
		}
		c, ints = r, ints && isInt
	}
	// _ss: sum((x-c)**2) less the correction sum(x-c)**2/n.
	ss, dev := new(big.Rat), new(big.Rat)
	for _, x := range xs {
		r, _, _ := exact(x)
		d := new(big.Rat).Sub(r, c)
		dev.Add(dev, d)
		ss.Add(ss, d.Mul(d, d))
	}
	if xbar == starlark.None {
		// The correction of the mean's rounding (none with a given mean).
		dev.Mul(dev, dev)
		ss.Sub(ss, dev.Quo(dev, n))
	}
	div := n
	if sample {
		div = big.NewRat(int64(len(xs)-1), 1)
	}
	ss.Quo(ss, div)
	if name == "variance" || name == "pvariance" {
		return convert(ss, ints)
	}
	return starlark.Float(sqrtRat(ss)), nil
}

// sqrtRat is the square root of r, correctly rounded to a float64 (as
// CPython's _float_sqrt_of_frac).
func sqrtRat(r *big.Rat) float64 {
	f := new(big.Float).SetPrec(256).SetRat(r)
	f.Sqrt(f)
	v, _ := f.Float64()
	return v
}

// quantiles is quantiles(data, *, n=4, method="exclusive").
func quantiles(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var nv starlark.Value = starlark.MakeInt(4)
	method := "exclusive"
	// quantiles(data, *, n=4, method='exclusive'): n and method by name only.
	if len(args) > 1 {
		// Python counts the keyword-only ones given too.
		kwonly := 0
		for _, kv := range kwargs {
			if k, _ := starlark.AsString(kv[0]); k == "n" || k == "method" {
				kwonly++
			}
		}
		if kwonly == 0 {
			return nil, pyerr.New(pyerr.TypeError, "quantiles() takes 1 positional argument but %d were given", len(args))
		}
		plural := "s"
		if kwonly == 1 {
			plural = ""
		}
		return nil, pyerr.New(pyerr.TypeError, "quantiles() takes 1 positional argument but %d positional arguments (and %d keyword-only argument%s) were given", len(args), kwonly, plural)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &v, "n?", &nv, "method?", &method); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	// n=True is 1, as a bool is an int in Python.
	n, err := intarg.Arg(nv)
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, pyerr.New(Error, "n must be at least 1")
	}
	xs, err := data(v)
	if err != nil {
		return nil, err
	}
	if xs, err = sortedData(thread, xs); err != nil {
		return nil, err
	}
	ld := len(xs)
	if ld < 2 {
		return nil, pyerr.New(Error, "must have at least two data points")
	}
	// (a*(n-delta) + b*delta) / n with Python's arithmetic.
	interp := func(a, b starlark.Value, delta int) (starlark.Value, error) {
		x, err := starlark.Binary(syntax.STAR, intarg.BoolAsInt(a), starlark.MakeInt(n-delta))
		if err != nil {
			return nil, err
		}
		y, err := starlark.Binary(syntax.STAR, intarg.BoolAsInt(b), starlark.MakeInt(delta))
		if err != nil {
			return nil, err
		}
		s, err := starlark.Binary(syntax.PLUS, x, y)
		if err != nil {
			return nil, err
		}
		return starlark.Binary(syntax.SLASH, s, starlark.MakeInt(n))
	}
	var out []starlark.Value
	switch method {
	case "inclusive":
		m := ld - 1
		for i := 1; i < n; i++ {
			j, delta := i*m/n, i*m%n
			q, err := interp(xs[j], xs[min(j+1, ld-1)], delta)
			if err != nil {
				return nil, err
			}
			out = append(out, q)
		}
	case "exclusive":
		m := ld + 1
		for i := 1; i < n; i++ {
			j := min(max(i*m/n, 1), ld-1)
			delta := i*m - j*n
			q, err := interp(xs[j-1], xs[j], delta)
			if err != nil {
				return nil, err
			}
			out = append(out, q)
		}
	default:
		return nil, pyerr.New(pyerr.ValueError, "Unknown method: %s", pyerr.QuoteStr(method))
	}
	return starlark.NewList(out), nil
}
