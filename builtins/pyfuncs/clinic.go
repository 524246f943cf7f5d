package pyfuncs

import (
	"go.starlark.net/starlark"
)

// clinicParams describes the parameters of a builtin that CPython parses
// with Argument Clinic (round, pow, sum): its messages for wrong arguments
// are not those of functions written in Python, which pyerr gives
// UnpackArgs's.
type clinicParams struct {
	fn       string   // the function's name
	names    []string // its parameters, in order
	posonly  int      // how many of names are positional-only
	required int      // how many of names are required
}

// unpack sets *out[i] to the argument of names[i], leaving those not given
// unchanged, or fails with the TypeError CPython 3.12's
// _PyArg_UnpackKeywords raises, checking what it checks in its order.
func (p clinicParams) unpack(args starlark.Tuple, kwargs []starlark.Tuple, out ...*starlark.Value) error {
	nargs, nkwargs, maxargs := len(args), len(kwargs), len(p.names)
	if nargs+nkwargs > maxargs {
		kw := ""
		if nargs == 0 {
			kw = "keyword "
		}
		return typeError("%s() takes at most %d %s%s (%d given)", p.fn, maxargs, kw, plural(maxargs, "argument"), nargs+nkwargs)
	}
	if minposonly := min(p.posonly, p.required); nargs < minposonly {
		howMany := "exactly"
		if minposonly < maxargs {
			howMany = "at least"
		}
		return typeError("%s() takes %s %d positional %s (%d given)", p.fn, howMany, minposonly, plural(minposonly, "argument"), nargs)
	}
	kw := func(name string) starlark.Value {
		for _, kv := range kwargs {
			if k, _ := starlark.AsString(kv[0]); k == name {
				return kv[1]
			}
		}
		return nil
	}
	for i, v := range args {
		*out[i] = v
	}
	left := nkwargs
	for i := max(nargs, p.posonly); i < maxargs; i++ {
		var v starlark.Value
		if left > 0 {
			v = kw(p.names[i])
		} else if i >= p.required {
			break
		}
		if v != nil {
			*out[i] = v
			left--
		} else if i < p.required {
			return typeError("%s() missing required argument '%s' (pos %d)", p.fn, p.names[i], i+1)
		}
	}
	if left > 0 {
		for i := p.posonly; i < nargs; i++ {
			if kw(p.names[i]) != nil {
				return typeError("argument for %s() given by name ('%s') and position (%d)", p.fn, p.names[i], i+1)
			}
		}
		for _, kv := range kwargs {
			k, _ := starlark.AsString(kv[0])
			known := false
			for _, name := range p.names[p.posonly:] {
				known = known || k == name
			}
			if !known {
				return typeError("'%s' is an invalid keyword argument for %s()", k, p.fn)
			}
		}
	}
	return nil
}

// plural is n's noun: "argument" or "arguments".
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
