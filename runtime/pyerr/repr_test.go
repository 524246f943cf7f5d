package pyerr

import (
	"testing"

	"go.starlark.net/starlark"
)

func TestPyRepr(t *testing.T) {
	for _, c := range []struct{ starlark, python string }{
		{`"k"`, `'k'`},
		{`"it's"`, `"it's"`},
		{`"both'\""`, `'both\'"'`},
		{`"a\nb\t\\"`, `'a\nb\t\\'`},
		{`"\x01é"`, `'\x01é'`},
		{`b"x\x01\x80"`, `b'x\x01\x80'`},
		{`(1, "a", None, True)`, `(1, 'a', None, True)`},
		{`1.234567e+06`, `1234567.0`},
		{`1e+16`, `1e+16`},
		{`1e-05`, `1e-05`},
		{`0.0001`, `0.0001`},
		{`(+inf, -inf, nan, -0.0)`, `(inf, -inf, nan, -0.0)`},
		{`123`, `123`},
		{`<function f1>`, `<function f1>`},
		{`"unterminated`, `"unterminated`},
	} {
		if got := pyRepr(c.starlark); got != c.python {
			t.Errorf("pyRepr(%s) = %s, want %s", c.starlark, got, c.python)
		}
	}
	if got := Repr(starlark.Tuple{starlark.String("a"), starlark.Float(1e16)}); got != "('a', 1e+16)" {
		t.Errorf("Repr = %s", got)
	}
}
