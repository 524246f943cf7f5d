package pyformat

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/dialect"
)

// TestRewriteModuleInts: RewriteModule keeps Starlark's % exactly where the
// left operand is surely an int, and rewrites every other %.
func TestRewriteModuleInts(t *testing.T) {
	for _, c := range []struct {
		name   string
		src    string
		native int // % operators left to Starlark
	}{
		{"range loop in a function", "def f():\n    for i in range(3):\n        print(i % 2, (i + 1) % 3, -i % 3, 7 % 2)\n", 4},
		{"range loop at top level", "for i in range(3):\n    print(i % 2)\n", 1},
		{"string formats", "def f():\n    for i in range(3):\n        print(\"%d\" % i, \"%s\" % (i % 2))\n", 1},
		{"a parameter", "def f(i):\n    for i in range(3):\n        print(i % 2)\n", 0},
		{"reassigned", "for i in range(3):\n    pass\ni = \"%d\"\nprint(i % 5)\n", 0},
		{"augmented", "def f():\n    for i in range(3):\n        i += 1\n        print(i % 2)\n", 1},
		{"accumulator", "def f():\n    t = 0\n    for i in range(3):\n        t = (t * 31 + i) % 7\n    print(t % 2)\n", 2},
		{"accumulator %=", "def f():\n    t = 5\n    t %= 3\n    print(t % 2)\n", 2},
		{"accumulator of a parameter", "def f(x):\n    t = 0\n    t += x\n    print(t % 2)\n", 0},
		{"%= of a parameter", "def f(x):\n    x %= 3\n", 0},
		{"chain of ints", "def f():\n    a = 1\n    b = a + 1\n    c = -b * 2\n    print(c % 2)\n", 1},
		{"chain from a parameter", "def f(x):\n    a = x\n    b = a + 1\n    c = b * 2\n    print(c % 2)\n", 0},
		{"cycle of ints", "def f():\n    a = 0\n    b = 0\n    for i in range(3):\n        a = b + i\n        b = a % 5\n    print(a % 2)\n", 2},
		{"cycle with a parameter", "def f(x):\n    a = 0\n    b = 0\n    a = b + x\n    b = a\n    print(b % 2)\n", 0},
		{"true division", "def f():\n    t = 1\n    t /= 2\n    u = 7 / 2\n    print(t % 2, u % 2)\n", 0},
		{"a call", "def f():\n    t = len(\"ab\")\n    print(t % 2)\n", 0},
		{"a global read in a function", "n = 3\ndef f():\n    t = n\n    print(t % 2)\n", 0},
		{"a global at top level", "n = 3\nprint(n % 2)\n", 1},
		{"a string accumulator", "def f():\n    s = \"\"\n    for i in range(3):\n        s += \"%d\"\n    print(s % 1)\n", 0},
		{"tuple assignment", "def f():\n    a, b = 1, 2\n    print(a % 2)\n", 0},
		{"another loop", "def f(xs):\n    for i in range(3):\n        pass\n    for i in xs:\n        print(i % 2)\n", 0},
		{"tuple loop", "def f(xs):\n    for i, j in xs:\n        print(i % 2)\n", 0},
		{"comprehension", "def f():\n    return [i % 2 for i in range(3)]\n", 0},
		{"comprehension shadows", "def f():\n    for i in range(3):\n        pass\n    return [i % 2 for i in [\"%d\"]]\n", 0},
		{"lambda body", "def f():\n    for i in range(3):\n        g = lambda: i % 2\n", 0},
		{"nested function", "def f():\n    for i in range(3):\n        def g():\n            return i % 2\n", 0},
		{"unknown operand", "def f(s):\n    for i in range(3):\n        print((i + s) % 3, s % i)\n", 0},
		{"range rebound", "def range(n):\n    return [\"%d\"]\ndef f():\n    for i in range(3):\n        print(i % 2)\n", 0},
		{"range loaded", "load(\"m\", \"range\")\nfor i in range(3):\n    print(i % 2)\n", 0},
		{"range a parameter", "def f(range):\n    for i in range(3):\n        print(i % 2)\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := dialect.Options.Parse("test.star", c.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			RewriteModule(f)
			native := 0
			syntax.Walk(f, func(n syntax.Node) bool {
				if b, ok := n.(*syntax.BinaryExpr); ok && b.Op == syntax.PERCENT {
					native++
				}
				if a, ok := n.(*syntax.AssignStmt); ok && a.Op == syntax.PERCENT_EQ {
					native++
				}
				return true
			})
			if native != c.native {
				t.Errorf("%d %% operators left to Starlark, want %d", native, c.native)
			}
		})
	}
}

// TestRewriteModuleResults: the ints kept on Starlark's % give Python's
// results (floor modulo), and formats still get Python's formatting.
func TestRewriteModuleResults(t *testing.T) {
	const src = `
def f():
    out = []
    for i in range(-3, 4):
        out.append((i % 3, i % -2, (i * 7 + 1) % 4, "%03d" % i))
    return out
print(f())
`
	out := runModule(t, src)
	// python3 -c 'print([(i % 3, i % -2, (i * 7 + 1) % 4, "%03d" % i) for i in range(-3, 4)])'
	const want = `[(0, -1, 0, "-03"), (1, 0, 3, "-02"), (2, -1, 2, "-01"), (0, 0, 1, "000"), (1, -1, 0, "001"), (2, 0, 3, "002"), (0, -1, 2, "003")]`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestRewriteModuleAccumulators: int accumulators kept on Starlark's % and
// %= give Python's results, negative operands included.
func TestRewriteModuleAccumulators(t *testing.T) {
	const src = `
def g():
    t = 0
    out = []
    for i in range(-5, 5):
        t = (t * 7 - i) % 11
        u = -t - i
        u %= 4
        out.append((t, u, t % -3))
    return out
print(g())
`
	out := runModule(t, src)
	// The same g in python3.
	const want = `[(5, 0, -1), (6, 2, 0), (1, 2, -2), (9, 1, 0), (9, 0, 0), (8, 0, -1), (0, 3, 0), (9, 1, 0), (5, 0, -1), (9, 3, 0)]`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// runModule compiles src with RewriteModule, runs it and returns what it
// printed (without newlines).
func runModule(t *testing.T, src string) string {
	t.Helper()
	f, err := dialect.Options.Parse("test.star", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	RewriteModule(f)
	prog, err := starlark.FileProgram(f, Builtins.Has)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	th := &starlark.Thread{Print: func(_ *starlark.Thread, msg string) { out.WriteString(msg) }}
	if _, err := prog.Init(th, Builtins); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestRewriteModulePlainAdd: RewriteModule keeps Starlark's += for a name
// that surely holds no list proxy (its bindings make new values), and
// rewrites the others to x += __iadd__(x, Y).
func TestRewriteModulePlainAdd(t *testing.T) {
	for _, c := range []struct {
		name   string
		src    string
		native int // += left to Starlark
	}{
		{"float accumulator", "def f(xs):\n    t = 0.0\n    for x in xs:\n        t += x\n", 1},
		{"string accumulator", "s = \"\"\nfor i in range(3):\n    s += \"a\"\n", 1},
		{"list literal", "def f():\n    l = [1]\n    l += [2]\n", 1},
		{"arithmetic", "def f(a, b):\n    t = a * b\n    t += a\n", 1},
		{"range loop", "for i in range(3):\n    i += 1\n", 1},
		{"a parameter", "def f(l):\n    l += [1]\n", 0},
		{"a call", "def f(m):\n    l = m.list()\n    l += [1]\n", 0},
		{"a name", "def f(m):\n    l = m\n    l += [1]\n", 0},
		{"or", "def f(m):\n    l = m or []\n    l += [1]\n", 0},
		{"conditional", "def f(m):\n    l = m if m else []\n    l += [1]\n", 0},
		{"another loop", "def f(xs):\n    for l in xs:\n        l += [1]\n", 0},
		{"loaded", "load(\"m\", \"l\")\nl += [1]\n", 0},
		{"rebound by a call", "def f(m):\n    l = []\n    l = m.list()\n    l += [1]\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := dialect.Options.Parse("test.star", c.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			RewriteModule(f)
			native := 0
			syntax.Walk(f, func(n syntax.Node) bool {
				if a, ok := n.(*syntax.AssignStmt); ok && a.Op == syntax.PLUS_EQ {
					call, _ := a.RHS.(*syntax.CallExpr)
					if call == nil || call.Fn.(*syntax.Ident).Name != iaddName {
						native++
					}
				}
				return true
			})
			if native != c.native {
				t.Errorf("%d += left to Starlark, want %d", native, c.native)
			}
		})
	}
}
