package pyformat

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/pyerr"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// The tables percentCases and formatCases (cases_test.go) hold CPython's
// results, obtained by running python3 on every case. The cases below them
// are where procstar deliberately differs from CPython: %s, %r and !r use
// Starlark's str and repr (double-quoted strings), except that floats, alone
// or inside containers, are written as CPython writes them (those cases
// were checked against python3 too).

type percentCase struct{ format, args, want string }

type formatCase struct{ format, args, kwargs, want string }

var starlarkPercentCases = []percentCase{
	{`%s`, `"abc"`, "abc"},
	{`%r`, `"abc"`, `'abc'`},
	{`%5r|`, `"a"`, `  'a'|`},
	{`%a`, `"é"`, `'\xe9'`},
	{`%a`, `"日😀"`, `'\u65e5\U0001f600'`},
	{`%r`, `[1, "a"]`, `[1, 'a']`},
	{`%s`, `{"a": 1}`, `{'a': 1}`},
	{`%s`, `(1, 2)`, "!TypeError: not all arguments converted during string formatting"},
	{`%s`, `((1, 2),)`, `(1, 2)`},
	{`%s`, `float("inf")`, "inf"},
	{`%s|%f`, `(float("inf"), float("inf"))`, "inf|inf"},
	{`%s`, `123456789.123`, "123456789.123"},
	{`%s`, `1234567.0`, "1234567.0"},
	{`%s`, `[1234567.0, float("-inf"), float("nan"), 1e16, 1e-5]`, "[1234567.0, -inf, nan, 1e+16, 1e-05]"},
	{`%r`, `(((2.5e15, 0.1), {1.5: [-0.0]}),)`, "((2500000000000000.0, 0.1), {1.5: [-0.0]})"},
	{`%s`, `set([1e22])`, "{1e+22}"},
	{`%s`, `set()`, "set()"},
	{`%s`, `1e16`, "1e+16"},
	{`%r`, `1e-5`, "1e-05"},
	{`%s`, `-0.0`, "-0.0"},
	{`%s`, `b"a\xffb"`, `b'a\xffb'`}, // as CPython: str(bytes) is its repr
	{`%(a)s`, `{"a": "x"}`, "x"},
	{`%s %(a)s`, `{"a": 1}`, `{'a': 1} 1`},
	{`%(k)s`, `{1: 2}`, "!KeyError: 'k'"},
	{`%(it's)s`, `{}`, `!KeyError: "it's"`},
}

var starlarkFormatCases = []formatCase{
	{`{!r}`, `["a"]`, `{}`, `'a'`},
	{`{0!r:^9}`, `["ab"]`, `{}`, `  'ab'   `},
	{`{!a}`, `["é"]`, `{}`, `'\xe9'`},
	{`{}`, `[[1.5, "a"]]`, `{}`, `[1.5, 'a']`},
	{`{:}`, `[{"a": 1}]`, `{}`, `{'a': 1}`},
	{`{:>5}`, `[{"a": 1}]`, `{}`, "!TypeError: unsupported format string passed to dict.__format__"},
	{`{!s}`, `[1234567.0]`, `{}`, "1234567.0"},
	{`{!r:>12}`, `[[1e16]]`, `{}`, "     [1e+16]"},
	{`{}`, `[1234567.0]`, `{}`, "1234567.0"}, // format(float, "") is CPython's repr
	{`{0.upper}`, `["a"]`, `{}`, "<built-in method upper of string value>"},
	{`{0[0]}`, `[{"0": 1}]`, `{}`, "!KeyError: 0"},
	{`{0[x]}`, `[None]`, `{}`, "!TypeError: 'NoneType' object is not subscriptable"},
	{`{0[x]}`, `["abc"]`, `{}`, "!TypeError: string indices must be integers, not 'str'"},
	{`{0.x}`, `[{}]`, `{}`, "!AttributeError: 'dict' object has no attribute 'x'"},
	{`{:>5}`, `[b"ab"]`, `{}`, "!TypeError: unsupported format string passed to bytes.__format__"},
}

// errText renders an error as the tables do: "!Type: message".
func errText(err error) string {
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		if pe.Message == "" {
			return "!" + pe.Type + ": "
		}
		return "!" + pe.Type + ": " + pe.Message
	}
	return "!Go: " + err.Error()
}

func eval(t *testing.T, expr string) starlark.Value {
	t.Helper()
	thread := &starlark.Thread{Name: "eval"}
	v, err := starlark.EvalOptions(dialect.Options, thread, "<args>", expr, nil)
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

func TestPercent(t *testing.T) {
	cases := append(append([]percentCase{}, percentCases...), starlarkPercentCases...)
	failed := 0
	for _, c := range cases {
		args := eval(t, c.args)
		got, err := Percent(c.format, args)
		if err != nil {
			got = errText(err)
		}
		if got != c.want {
			failed++
			if failed <= 50 {
				t.Errorf("%q %% %s = %q, want %q", c.format, c.args, got, c.want)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d cases failed", failed, len(cases))
	}
}

func TestFormat(t *testing.T) {
	cases := append(append([]formatCase{}, formatCases...), starlarkFormatCases...)
	failed := 0
	for _, c := range cases {
		args := eval(t, c.args).(*starlark.List)
		tuple := make(starlark.Tuple, args.Len())
		for i := range tuple {
			tuple[i] = args.Index(i)
		}
		var kwargs []starlark.Tuple
		for _, item := range eval(t, c.kwargs).(*starlark.Dict).Items() {
			kwargs = append(kwargs, starlark.Tuple{item[0], item[1]})
		}
		got, err := Format(c.format, tuple, kwargs)
		if err != nil {
			got = errText(err)
		}
		if got != c.want {
			failed++
			if failed <= 50 {
				t.Errorf("%q.format(*%s, **%s) = %q, want %q", c.format, c.args, c.kwargs, got, c.want)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d cases failed", failed, len(cases))
	}
}

// run parses src with procstar's dialect, rewrites it, runs it with Builtins
// predeclared and returns what it printed, or the error.
func run(t *testing.T, src string, env starlark.StringDict) (string, error) {
	t.Helper()
	f, err := dialect.Options.Parse("test.star", src, 0)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	Rewrite(f)
	predeclared := starlark.StringDict{}
	for k, v := range Builtins {
		predeclared[k] = v
	}
	for k, v := range env {
		predeclared[k] = v
	}
	prog, err := starlark.FileProgram(f, predeclared.Has)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	var out strings.Builder
	thread := &starlark.Thread{
		Name:  "test",
		Print: func(_ *starlark.Thread, msg string) { out.WriteString(msg + "\n") },
	}
	_, err = prog.Init(thread, predeclared)
	return out.String(), err
}

// fmtObj is a non-string value with a format method.
type fmtObj struct{}

func (fmtObj) String() string        { return "fmtObj" }
func (fmtObj) Type() string          { return "fmtObj" }
func (fmtObj) Freeze()               {}
func (fmtObj) Truth() starlark.Bool  { return true }
func (fmtObj) Hash() (uint32, error) { return 0, nil }
func (fmtObj) AttrNames() []string   { return []string{"format"} }
func (fmtObj) Attr(name string) (starlark.Value, error) {
	if name != "format" {
		return nil, nil
	}
	return starlark.NewBuiltin("format", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.String(fmt.Sprintf("custom:%d:%v", len(args), kwargs)), nil
	}), nil
}

func TestEndToEnd(t *testing.T) {
	src := `
print("%0.2f秒" % 1.5)
print("%d%%" % 50)
print(10 % 3, -7 % 3, 7.5 % 2)
x = "a%s"
x %= 1
print(x)
n = 17
n %= 5
print(n)
print("{:>6.2f}|{:<4}|{:^5}".format(3.14159, "ab", "c"))
print("{0}{1}{0}".format("ab", "-"))
print("{name}={value:,}".format(name="total", value=1234567))
print("%(a)s-%(b)05.1f" % {"a": "k", "b": 2.25})
print("%-6s|%6s|" % ("ab", "cd"))
print("%5d|%-5d|%05d|%+d|%x|%#o" % (42, 42, 42, 42, 255, 8))
print("{:*^11,}".format(1234567))
print("{}".format(1e16), "{:e}".format(12345.678), "{:.1%}".format(0.125))

def f(fmt="[%s]" % "d", *args, **kw):
    return fmt % args if args else fmt

print(f(), f("%s+%s", 1, 2))
print([("%02d" % i) for i in range(3) if "%d" % i != "1"])
print({("k%d" % i): "{}!".format(i) for i in range(2)})
print((lambda s: "<%s>" % s)("L"))
d = {}
d["%s" % "key"] = "v"
print(d)
lst = ["%d" % 1]
lst[0] %= ()
print(lst)
s = "x"
print(s.upper().format(), "{}".format("a").format(), "%s".format(1))

# A non-string receiver: format calls the value's own method.
print(obj.format(1, 2, k=3))
print("{:d}".format(True), "%s %s" % (None, True))
`
	got, err := run(t, src, starlark.StringDict{"obj": fmtObj{}})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	want := `1.50秒
50%
1 2 1.5
a1
2
  3.14|ab  |  c  
ab-ab
total=1,234,567
k-002.2
ab    |    cd|
   42|42   |00042|+42|ff|0o10
*1,234,567*
1e+16 1.234568e+04 12.5%
[d] 1+2
["00", "02"]
{"k0": "0!", "k1": "1!"}
<L>
{"key": "v"}
["1"]
X a %s
custom:2:[("k", 3)]
1 None True
`
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

// rewriteSrc puts % and .format in every kind of expression and statement;
// its expected output is CPython's.
const rewriteSrc = `
def f(a="%s!" % "d", b=lambda x="<%s>" % 1: x):
    if "%d" % 1 == "1":
        return "{}{}".format(a, b())
    return None
print(f())
i = 0
while "%d" % i != "3":
    i += 1
print(i)
for c in ("%s" % "xy").split():
    print(c)
xs = [("%02d" % j) for j in range(int("%d" % 3)) if "%d" % j != "1" for _ in ["%s" % 0]]
print(" ".join(xs))
print(" ".join(["{}={}".format(k, v) for k, v in sorted({"%s" % "k": "{:>3}".format(1)}.items())]))
s = "abcdef"
print(s[int("%d" % 1):int("{}".format(5)):int("%d" % 2)], s[int("%d" % 2)])
print("yes" if "%s" % 1 == "1" else "no", -int("%d" % 5), not ("%s" % ""))
t = ("%s" % 1, ["{}".format(2)], ("%s" % 3))
print(" ".join([t[0], t[1][0], t[2]]))
args = (1, 2)
kw = {"z": 3}
print("{}-{}-{z}".format(*args, **kw), "{0}{k}".format(9, k="K"), "%s%s" % args)
print("{:{w}}|".format("a", w=int("%d" % 4)))
print(("%s" % "{}").format("inner"))
print("%s" % "%s" % "x")
print("%d" % 7 % 2 if False else "%s" % ("%d" % 7))
print(7 % 4 % 3, 2 + 10 % 4 * 3)
`

const rewriteWant = `d!<1>
3
xy
00 02
k=  1
bd c
yes -5 True
1 2 3
1-2-3 9K 12
a   |
inner
x
7
0 8
`

func TestRewrite(t *testing.T) {
	f, err := dialect.Options.Parse("test.star", rewriteSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	Rewrite(f)
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.BinaryExpr:
			if n.Op == syntax.PERCENT {
				t.Errorf("%s: %% operator left", n.OpPos)
			}
		case *syntax.AssignStmt:
			if n.Op == syntax.PERCENT_EQ {
				t.Errorf("%s: %%= left", n.OpPos)
			}
		case *syntax.CallExpr:
			if dot, ok := n.Fn.(*syntax.DotExpr); ok && dot.Name.Name == "format" {
				t.Errorf("%s: .format call left", n.Lparen)
			}
		}
		return true
	})
	got, err := run(t, rewriteSrc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != rewriteWant {
		t.Errorf("output:\n%s\nwant:\n%s", got, rewriteWant)
	}
}

func TestRewriteAugmented(t *testing.T) {
	f, err := dialect.Options.Parse("test.star", "x = 'a'\nx %= 1\nl = ['%d']\nl[0] %= 2\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	Rewrite(f)
	a := f.Stmts[1].(*syntax.AssignStmt)
	c, ok := a.RHS.(*syntax.CallExpr)
	if a.Op != syntax.EQ || !ok {
		t.Fatalf("x %%= 1 not rewritten: %#v", a)
	}
	if id := c.Fn.(*syntax.Ident); id.Name != "__percent__" || c.Lparen != a.OpPos || c.Rparen != a.OpPos {
		t.Errorf("call %s at %s..%s, want __percent__ at %s", id.Name, c.Lparen, c.Rparen, a.OpPos)
	}
	if x := c.Args[0].(*syntax.Ident); x == a.LHS || x.Name != "x" {
		t.Errorf("operand %v shares the target's node or name", x)
	}
	if b, ok := f.Stmts[3].(*syntax.ExprStmt); !ok || b.X.(*syntax.CallExpr).Fn.(*syntax.Ident).Name != percentItemName {
		t.Errorf("l[0] %%= 2 not rewritten to %s: %#v", percentItemName, f.Stmts[3])
	}
}

// TestRewriteAugmentedTargets: x[i] %= y and o.f %= y format as x % y does,
// evaluating x and i once; a bound s.format formats when called later.
// Expected output from python3 (print(json.dumps(...)) for the lists).
func TestRewriteAugmentedTargets(t *testing.T) {
	const src = `
calls = []
def idx(i):
    calls.append(i)
    return i
a = ["%05d", {"k": "%s!"}, "%.2f"]
a[idx(0)] %= 42
a[-2]["k"] %= (1234567.0,)
a[idx(-1)] %= 2.5
n = [7]
n[0] %= 4
print(a, calls, n)
f = "{:>5}|{x}".format
print(f(1, x=2.0), "%s".format)
def g(v):
    s = ["%x", "%o"]
    s[v] %= 255
    return s
print(g(0), g(1))
`
	got, err := run(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	const want = "[\"00042\", {\"k\": \"1234567.0!\"}, \"2.50\"] [0, -1] [3]\n    1|2.0 <built-in method format of string value>\n[\"ff\", \"%o\"] [\"%x\", \"377\"]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, c := range []struct{ src, msg string }{
		{"a = ['%d']\na[1] %= 1\n", "IndexError: list index out of range"},
		{"a = {}\na['k'] %= 1\n", "KeyError: 'k'"},
		{"a = ['%d']\na[0] %= 'x'\n", "TypeError: %d format: a real number is required, not str"},
		{"a = ('%d',)\na[0] %= 1\n", "TypeError: 'tuple' object does not support item assignment"},
	} {
		_, err := run(t, c.src, nil)
		if err == nil || !strings.HasSuffix(err.Error(), c.msg) {
			t.Errorf("%q: error %v, want %s", c.src, err, c.msg)
		}
	}
}

// TestRewriteLongChain: a chain of 50,000 % operators of ints (kept on
// Starlark's %) and of a format (rewritten) compiles and runs; rewriting is
// linear (BenchmarkRewriteChain).
func TestRewriteLongChain(t *testing.T) {
	const n = 50_000
	src := "x = " + strings.Repeat("7 % ", n) + "4\ny = " + strings.Repeat(`"%s" % `, n) + "1\nprint(x, y)\n"
	if got := runModule(t, src); got != "0 1" {
		t.Errorf("got %q, want %q", got, "0 1")
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, typ, msg, pos string }{
		{"x = 1\ny = \"%d\" % \"s\"\n", "TypeError", "%d format: a real number is required, not str", "test.star:2:10"},
		{"y = \"{:d}\".format(1.5)\n", "ValueError", "Unknown format code 'd' for object of type 'float'", "test.star:1:18"},
		{"y = \"%s %s\" % (1,)\n", "TypeError", "not enough arguments for format string", "test.star:1:13"},
		// Starlark's own errors, in the words pyerr.Classify gives them.
		{"y = [] % 1\n", "TypeError", "unsupported operand type(s) for %: 'list' and 'int'", "test.star:1:8"},
		{"y = 1 % 0\n", "ZeroDivisionError", "integer modulo by zero", "test.star:1:7"},
		{"y = (1).format()\n", "AttributeError", "'int' object has no attribute 'format'", "test.star:1:15"},
	} {
		_, err := run(t, c.src, nil)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		typ, msg := pyerr.Classify(err)
		if (c.typ != "" && typ != c.typ) || !strings.HasSuffix(msg, c.msg) {
			t.Errorf("%q: error %s: %s, want %s: %s", c.src, typ, msg, c.typ, c.msg)
		}
		var ee *starlark.EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%q: %T is not an EvalError", c.src, err)
			continue
		}
		top := ee.CallStack[0]
		for _, fr := range ee.CallStack {
			if fr.Pos.Filename() == "test.star" {
				top = fr
			}
		}
		if got := top.Pos.String(); got != c.pos {
			t.Errorf("%q: error at %s, want %s", c.src, got, c.pos)
		}
	}
}

// TestConcurrent runs formatting from many goroutines, for the race detector.
func TestConcurrent(t *testing.T) {
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func(g int) {
			var b strings.Builder
			for i := 0; i < 200; i++ {
				s, err := Percent("%5d|%-8.3f|%(k)s", starlark.Tuple{starlark.MakeInt(g), starlark.Float(i)})
				if err == nil {
					s = "unexpected"
				}
				f, _ := Format("{:>{w}}{k}", starlark.Tuple{starlark.MakeInt(i)}, []starlark.Tuple{{starlark.String("w"), starlark.MakeInt(g + 1)}, {starlark.String("k"), starlark.String("!")}})
				b.WriteString(s + f)
			}
			done <- b.String()
		}(g)
	}
	for g := 0; g < 8; g++ {
		if s := <-done; !strings.Contains(s, "199!") {
			t.Errorf("goroutine output lacks 199!: %.40s", s)
		}
	}
}

func TestRewriteExpr(t *testing.T) {
	e, err := dialect.Options.ParseExpr("<expr>", `"%05.1f" % x + "{:>3}".format(y)`, 0)
	if err != nil {
		t.Fatal(err)
	}
	e = RewriteExpr(e)
	env := starlark.StringDict{"x": starlark.Float(2.25), "y": starlark.MakeInt(7)}
	for k, v := range Builtins {
		env[k] = v
	}
	v, err := starlark.EvalExprOptions(dialect.Options, &starlark.Thread{}, e, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.(starlark.String)); got != "002.2  7" {
		t.Errorf("got %q, want %q", got, "002.2  7")
	}
}

// TestQuoteBytes holds CPython's repr of each bytes value.
func TestQuoteBytes(t *testing.T) {
	for in, want := range map[string]string{
		"":         `b''`,
		"a":        `b'a'`,
		"\x00\xff": `b'\x00\xff'`,
		"'":        `b"'"`,
		`'"`:       `b'\'"'`,
		"\\\t\n\r": `b'\\\t\n\r'`,
		"\x7f ~":   `b'\x7f ~'`,
	} {
		if got := QuoteBytes(in); got != want {
			t.Errorf("QuoteBytes(%q) = %s, want %s", in, got, want)
		}
	}
}
