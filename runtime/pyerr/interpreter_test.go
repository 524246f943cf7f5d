package pyerr

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/dialect"
)

// TestInterpreterTypes runs operations that go.starlark.net itself refuses
// and checks that each gets the type CPython raises for the same operation
// (python3 -c agrees on every line), so that a change in the interpreter's
// wording shows up here.
func TestInterpreterTypes(t *testing.T) {
	for _, c := range []struct{ src, typ string }{
		{`int("a")`, ValueError},
		{`int("1", 99)`, ValueError},
		{`float("x")`, ValueError},
		{`float("")`, ValueError},
		{`[1].index(5)`, ValueError},
		{`[].remove(1)`, ValueError},
		{`"abc".index("z")`, ValueError},
		{`range(1, 2, 0)`, ValueError},
		{`"a".split("")`, ValueError},
		{`1 << -1`, ValueError},
		{`min([])`, ValueError},
		{`chr(-1)`, ValueError},
		{`chr(0x110000)`, ValueError},
		{`dict([(1, 2, 3)])`, ValueError},
		{`int(float("nan"))`, ValueError},
		{`[1, 2, 3][::0]`, ValueError},
		{"def f():\n    a, b = [1, 2, 3]\nf()", ValueError},
		{"def f():\n    a, b, c = [1, 2]\nf()", ValueError},
		{`"{".format(1)`, ValueError},
		{`"a" + 1`, TypeError},
		{`None + 1`, TypeError},
		{`-"a"`, TypeError},
		{`"x" * "y"`, TypeError},
		{`1 < "a"`, TypeError},
		{`len(5)`, TypeError},
		{`{[1]: 2}`, TypeError},
		{`{}[[1]]`, TypeError},
		{`set([[1]])`, TypeError},
		{`hash([])`, TypeError},
		{`"a".join([1])`, TypeError},
		{`ord("ab")`, TypeError},
		{`dict(1)`, TypeError},
		{`list(1)`, TypeError},
		{`tuple(5)`, TypeError},
		{`zip(1)`, TypeError},
		{`max()`, TypeError},
		{`bool(1, 2)`, TypeError},
		{`"a".replace()`, TypeError},
		{`"abc".startswith(1)`, TypeError},
		{`[].extend(1)`, TypeError},
		{`(lambda x: x)()`, TypeError},
		{`(lambda x: x)(1, 2)`, TypeError},
		{`(lambda x: x)(y=1)`, TypeError},
		{`(lambda x: x)(1, x=1)`, TypeError},
		{`1()`, TypeError},
		{`1 in "abc"`, TypeError},
		{`len(*1)`, TypeError},
		{`int(None)`, TypeError},
		{`"%d" % ()`, TypeError},
		{`"%d" % (1, 2)`, TypeError},
		{`1[0]`, TypeError},
		{`[1][0]`, ""},
		{`[1][5]`, IndexError},
		{`(1,)[3]`, IndexError},
		{`"abc"[10]`, IndexError},
		{`[].pop()`, IndexError},
		{`{}["k"]`, KeyError},
		{`{}.pop("x")`, KeyError},
		{`"{a}".format(b=1)`, KeyError},
		{`1 // 0`, "ZeroDivisionError"},
		{`1 % 0`, "ZeroDivisionError"},
		{`1.0 / 0`, "ZeroDivisionError"},
		{`1.0 % 0`, "ZeroDivisionError"},
		{`int(float("inf"))`, "OverflowError"},
		{`float(1 << 2000)`, "OverflowError"},
		{`1 << 100000`, "OverflowError"},
		{`getattr(1, "zz")`, "AttributeError"},
		{"def f():\n    x\n    x = 1\nf()", "UnboundLocalError"},
		{"def f(x):\n    return f(x)\nf(1)", "RecursionError"},
		{"d = {1: 2}\nfor k in d:\n    d[3] = 4", RuntimeError},
	} {
		src := c.src
		if !strings.Contains(src, "\n") {
			src = "_ = " + src // an expression
		}
		_, err := starlark.ExecFileOptions(dialect.Options, &starlark.Thread{}, "x.star", src, nil)
		if c.typ == "" {
			if err != nil {
				t.Errorf("%s: %v", c.src, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error, want %s", c.src, c.typ)
			continue
		}
		if typ, msg := Classify(err); typ != c.typ {
			t.Errorf("%s: %s (%s), want %s", c.src, typ, msg, c.typ)
		}
	}
}
