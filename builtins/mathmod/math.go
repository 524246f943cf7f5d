// Package mathmod is the math module: go.starlark.net's lib/math (the
// names, results and error texts the SPEC gives), rebuilt here because
// lib/math makes its module in its package initialization, which every
// procstar process would then pay at its start (each child is the binary
// re-executed), math or not. This module is made when a script loads it.
package mathmod

import (
	"errors"
	"fmt"
	"math"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// unary and binary are the functions of one and two floats, each taking an
// int or a float for each argument and returning a float.
var (
	unary = []struct {
		name string
		fn   func(float64) float64
	}{
		{"fabs", math.Abs}, {"round", math.Round}, {"exp", math.Exp}, {"sqrt", math.Sqrt},
		{"acos", math.Acos}, {"asin", math.Asin}, {"atan", math.Atan}, {"cos", math.Cos},
		{"sin", math.Sin}, {"tan", math.Tan}, {"degrees", degrees}, {"radians", radians},
		{"acosh", math.Acosh}, {"asinh", math.Asinh}, {"atanh", math.Atanh}, {"cosh", math.Cosh},
		{"sinh", math.Sinh}, {"tanh", math.Tanh}, {"gamma", math.Gamma},
	}
	binary = []struct {
		name string
		fn   func(float64, float64) float64
	}{
		{"copysign", math.Copysign}, {"mod", math.Mod}, {"pow", math.Pow},
		{"remainder", math.Remainder}, {"atan2", math.Atan2}, {"hypot", math.Hypot},
	}
)

// Module returns a new "math" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"ceil":  starlark.NewBuiltin("ceil", ceil),
		"floor": starlark.NewBuiltin("floor", floor),
		"log":   starlark.NewBuiltin("log", log),
		"e":     starlark.Float(math.E),
		"pi":    starlark.Float(math.Pi),
	}
	for _, u := range unary {
		m[u.name] = newUnary(u.name, u.fn)
	}
	for _, b := range binary {
		m[b.name] = newBinary(b.name, b.fn)
	}
	return &starlarkstruct.Module{Name: "math", Members: m}
}

// floatOrInt is an Unpacker that converts a Starlark int or float to Go's float64.
type floatOrInt float64

func (p *floatOrInt) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.Int:
		*p = floatOrInt(v.Float())
		return nil
	case starlark.Float:
		*p = floatOrInt(v)
		return nil
	}
	return fmt.Errorf("got %s, want float or int", v.Type())
}

func newUnary(name string, fn func(float64) float64) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x floatOrInt
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		return starlark.Float(fn(float64(x))), nil
	})
}

func newBinary(name string, fn func(float64, float64) float64) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, y floatOrInt
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 2, &x, &y); err != nil {
			return nil, err
		}
		return starlark.Float(fn(float64(x), float64(y))), nil
	})
}

// log is log(x, base=e).
func log(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		x    floatOrInt
		base floatOrInt = math.E
	)
	if err := starlark.UnpackPositionalArgs("log", args, kwargs, 1, &x, &base); err != nil {
		return nil, err
	}
	if base == 1 {
		return nil, errors.New("division by zero")
	}
	return starlark.Float(math.Log(float64(x)) / math.Log(float64(base))), nil
}

func ceil(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return toInt("ceil", math.Ceil, args, kwargs)
}

func floor(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return toInt("floor", math.Floor, args, kwargs)
}

// toInt is ceil and floor: an int unchanged, a float rounded by round to
// an int.
func toInt(name string, round func(float64) float64, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	switch t := x.(type) {
	case starlark.Int:
		return t, nil
	case starlark.Float:
		return starlark.NumberToInt(starlark.Float(round(float64(t))))
	}
	return nil, fmt.Errorf("got %s, want float or int", x.Type())
}

func degrees(x float64) float64 { return 360 * x / (2 * math.Pi) }

func radians(x float64) float64 { return 2 * math.Pi * x / 360 }
