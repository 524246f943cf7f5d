package dialect

import (
	"strings"
	"testing"

	"go.starlark.net/resolve"
	"go.starlark.net/syntax"
)

// TestExplain: parse errors caused by Python syntax say what to write
// instead and keep their position; other errors are unchanged.
func TestExplain(t *testing.T) {
	for _, c := range []struct{ src, pos, msg string }{
		{"x = 1\ny = x ** 2\n", "t.star:2:9", "write pow(a, b)"},
		{"from os import path\n", "t.star:1:1", "import is Python"},
		{"def f():\n    try:\n        pass\n    finally:\n        pass\n", "t.star:2:5", "catch(fn, *args)"},
		{"x = [f'{y}' for y in z]\n", "t.star:1:", "f-strings are Python"},
		{"x = a < b <= c\n", "t.star:1:", "write a < b and b < c"},
		{"x = a is b\n", "t.star:1:", "compare with =="},
		{"x = 1 if y is not None else 2\n", "t.star:1:7", "compare with =="},
		{"x = [1] if 2 ** 3 else 0\n", "t.star:1:9", "write pow(a, b)"},
		{"x = 1 if 'is' == 'a ** b' else y is z\n", "t.star:1:", "compare with =="},
		{"x = 1 if y # is\n", "t.star:1:7", "conditional expression without else clause"},
		{"  # f'x'\nx = (\n", "t.star:3:1", "got end of file"}, // a comment holds no f-string
		{"x = {**a}\n", "t.star:1:6", "got '**', want primary expression"},
		{"x = 'f' 'y'\n", "t.star:1:", "got string literal"},
	} {
		_, err := Options.Parse("t.star", c.src, 0)
		if err == nil {
			t.Errorf("%q parsed", c.src)
			continue
		}
		err = Explain(err, []byte(c.src))
		se, ok := err.(syntax.Error)
		if !ok || !strings.HasPrefix(se.Pos.String(), c.pos) || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%q: got %v, want at %s a message with %q", c.src, err, c.pos, c.msg)
		}
	}
	f, _ := Options.Parse("t.star", "assert(1 == 1)\n", 0)
	err := Explain(resolve.File(f, func(string) bool { return false }, func(string) bool { return false }), nil)
	if err == nil || !strings.Contains(err.Error(), "t.star:1:1: assert is Python") {
		t.Errorf("assert(...): got %v", err)
	}
}

// TestCheckDepth: a tree deeper than MaxDepth is refused at the first node
// too deep; one within it passes.
func TestCheckDepth(t *testing.T) {
	for _, c := range []struct {
		src  string
		fail bool
	}{
		{"x = " + strings.Repeat("a.", MaxDepth+10) + "b\n", true},
		{"x = f" + strings.Repeat("()", MaxDepth+10) + "\n", true},
		{"x = " + strings.Repeat("1 - ", MaxDepth-10) + "1\n", false},
	} {
		f, err := Options.Parse("t.star", c.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckDepth(f)
		if c.fail != (err != nil) || c.fail && !strings.HasPrefix(err.Error(), "t.star:1:") {
			t.Errorf("%.20s…: got %v, want failure %v", c.src, err, c.fail)
		}
	}
}
