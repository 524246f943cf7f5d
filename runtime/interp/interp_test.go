package interp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/procenv"
)

func newInterp(cfg Config) (*Interp, *bytes.Buffer, *procenv.Env) {
	var out bytes.Buffer
	env := procenv.Default()
	env.Stdout = &out
	cfg.Env = env
	if cfg.Modules == nil {
		cfg.Modules = map[string]starlark.Value{
			"greet": &starlarkstruct.Module{Name: "greet", Members: starlark.StringDict{
				"hello": starlark.NewBuiltin("hello", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
					return starlark.String("hi"), nil
				}),
			}},
		}
	}
	return New(cfg), &out, env
}

func write(t *testing.T, dir string, files map[string]string) {
	for name, src := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadRelative: load() resolves against the loading file, each module
// gets its own __name__, builtin modules load by name, and modules are
// loaded once.
func TestLoadRelative(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"main.star":      `load("lib/a.star", "a", "a_name")` + "\n" + `load("greet", "hello")` + "\nprint(a(), a_name, __name__, hello())\n",
		"lib/a.star":     `load("b.star", "b")` + "\na_name = __name__\ndef a():\n    return 'a+' + b()\n",
		"lib/b.star":     "print('loading b')\ndef b():\n    return 'b'\n",
		"lib/other.star": `load("b.star", "b")` + "\n",
	})
	in, out, env := newInterp(Config{})
	main := filepath.Join(dir, "main.star")
	src, _ := os.ReadFile(main)
	if _, err := in.ExecMain(in.NewThread("t", env), main, src, "__main__"); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "loading b\na+b a __main__ hi\n" {
		t.Errorf("output %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"cycle1.star": `load("cycle2.star", "x")` + "\n",
		"cycle2.star": `load("cycle1.star", "x")` + "\n",
	})
	for _, c := range []struct{ src, want string }{
		{`load("nosuch", "x")`, `no builtin module "nosuch"`},
		{`load("missing.star", "x")`, "missing.star"},
		{`load("cycle1.star", "x")`, "cycle in load graph"},
	} {
		in, _, env := newInterp(Config{})
		_, err := in.ExecMain(in.NewThread("t", env), filepath.Join(dir, "main.star"), []byte(c.src), "__main__")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.src, err, c.want)
		}
	}
}

func TestCompileError(t *testing.T) {
	in, _, env := newInterp(Config{})
	_, err := in.ExecMain(in.NewThread("t", env), "bad.star", []byte("x = (\n"), "__main__")
	var ce *CompileError
	if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "bad.star:2:1:") {
		t.Fatalf("err = %v, want a CompileError with the position", err)
	}
	_, err = in.ExecMain(in.NewThread("t", env), "undef.star", []byte("print(nope)\n"), "__main__")
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "undef.star:1:7: undefined: nope") {
		t.Fatalf("err = %v, want a resolve error with the position", err)
	}
}

// TestDialect: the options every file is compiled with, and Python's %
// formatting.
func TestDialect(t *testing.T) {
	src := `
s = set([1])
n = 0
while n < 3:
    n += 1
for i in range(2):
    n += i
def fact(k):
    return 1 if k == 0 else k * fact(k - 1)
print(n, fact(5), "%5.2f|" % 3.14159, "{:>4}".format("x"), 7 % 3)
`
	in, out, env := newInterp(Config{})
	if _, err := in.ExecMain(in.NewThread("t", env), "d.star", []byte(src), "__main__"); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "4 120  3.14|    x 1\n" {
		t.Errorf("output %q", got)
	}
}

func TestLoadFromFS(t *testing.T) {
	fsys := fstest.MapFS{
		"scripts/main.star": {Data: []byte(`load("lib.star", "v")` + "\nprint(v)\n")},
		"scripts/lib.star":  {Data: []byte("v = 'from fs'\n")},
	}
	in, out, env := newInterp(Config{FS: fsys})
	src, err := in.ReadSource("scripts/main.star")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.ExecMain(in.NewThread("t", env), "scripts/main.star", src, "__main__"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "from fs\n" {
		t.Errorf("output %q", out.String())
	}
}

// TestFuncRef: what may cross to another process, and finding it again.
func TestFuncRef(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"lib.star": "def libf():\n    return 'lib'\n"})
	src := `
load("lib.star", "libf")
load("greet", "hello")
def top():
    return "top"
def outer():
    def inner():
        pass
    return inner
lam = lambda: 1
nested = outer()
method = [].append
L = libf
H = hello
`
	main := filepath.Join(dir, "main.star")
	in, _, env := newInterp(Config{})
	g, err := in.ExecMain(in.NewThread("t", env), main, []byte(src), "__main__")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]string{
		"top": {main, "top"},
		"L":   {filepath.Join(dir, "lib.star"), "libf"},
		"H":   {"greet", "hello"},
	} {
		mod, fn, err := in.FuncRef(g[name])
		if err != nil || mod != want[0] || fn != want[1] {
			t.Errorf("FuncRef(%s) = %q, %q, %v; want %q", name, mod, fn, err, want)
		}
	}
	if mod, fn, err := in.FuncRef(starlark.Universe["len"]); err != nil || mod != UniverseModule || fn != "len" {
		t.Errorf("FuncRef(len) = %q, %q, %v", mod, fn, err)
	}
	g["none"] = starlark.None
	for name, want := range map[string]string{
		"lam":    "cannot send a lambda (defined at " + main + ":10:7)",
		"none":   "cannot send a NoneType",
		"nested": "cannot send function inner (defined at " + main + ":7:5)",
		"method": "cannot send method append of a list",
	} {
		if _, _, err := in.FuncRef(g[name]); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("FuncRef(%s) err = %v, want %q", name, err, want)
		}
	}

	// Another process (a fresh Interp) finds the same functions.
	other, _, env2 := newInterp(Config{})
	if _, err := other.ExecMain(other.NewThread("t", env2), main, []byte(src), "__mp_main__"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"top", "L", "H"} {
		mod, fn, _ := in.FuncRef(g[name])
		v, err := other.Func(mod, fn)
		if err != nil {
			t.Fatalf("Func(%s, %s): %v", mod, fn, err)
		}
		res, err := starlark.Call(other.NewThread("t", env2), v, nil, nil)
		if err != nil || res == starlark.None {
			t.Errorf("calling %s: %v, %v", name, res, err)
		}
	}
	if _, err := other.Func(main, "guarded"); err == nil || !strings.Contains(err.Error(), `if __name__ == \"__main__\":`) && !strings.Contains(err.Error(), `if __name__ == "__main__":`) {
		t.Errorf("missing main function: err = %v, want the guard hint", err)
	}
}

// TestDeepChain: a chain of operators longer than dialect.MaxDepth fails to
// compile with its position (it overflowed the Go stack), in a script and in
// a REPL chunk; a long chain under the bound runs.
func TestDeepChain(t *testing.T) {
	in, out, env := newInterp(Config{})
	long := "x = 1\ny = " + strings.Repeat("1 + ", 150_000) + "1\n"
	_, err := in.ExecMain(in.NewThread("t", env), "deep.star", []byte(long), "__main__")
	var ce *CompileError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "expression nested too deeply") || !strings.HasPrefix(err.Error(), "deep.star:2:") {
		t.Errorf("got %v, want a CompileError at deep.star:2: saying the expression is nested too deeply", err)
	}
	if _, err := parseChunk([]byte(long)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("REPL chunk: got %v", err)
	}
	ok := "print(" + strings.Repeat("1 + ", 50_000) + "1)\n"
	if _, err := in.ExecMain(in.NewThread("t", env), "ok.star", []byte(ok), "__main__"); err != nil || out.String() != "50001\n" {
		t.Errorf("50,001 terms: %v, output %q", err, out.String())
	}
}

// TestPrecompiledReuse: Compile takes Precompile's program only for the same
// file, source and predeclared names; other names (which decide how the
// program resolves) compile it anew.
func TestPrecompiledReuse(t *testing.T) {
	ab := starlark.StringDict{"a": starlark.None, "b": starlark.None}
	ac := starlark.StringDict{"a": starlark.None, "c": starlark.None}
	src := []byte("x = b\n")

	New(Config{Predeclared: ab}).Precompile("m.star", src, "__mp_main__")
	want := precompiled.prog
	got, _, err := New(Config{Predeclared: ab}).Compile("m.star", src, "__mp_main__")
	if err != nil || got != want {
		t.Fatalf("same names: %p, %v; want the precompiled %p", got, err, want)
	}

	New(Config{Predeclared: ab}).Precompile("m.star", src, "__mp_main__")
	if _, _, err := New(Config{Predeclared: ac}).Compile("m.star", src, "__mp_main__"); err == nil || !strings.Contains(err.Error(), "undefined: b") {
		t.Fatalf("other names of the same count: %v, want undefined: b", err)
	}
	New(Config{Predeclared: ab}).Precompile("m.star", src, "__mp_main__")
	if got, _, err := New(Config{Predeclared: ab}).Compile("m.star", []byte("x = a\n"), "__mp_main__"); err != nil || got == want {
		t.Fatalf("other source: %p, %v", got, err)
	}
}

// TestOfferCompiled: Compile decodes the program a parent offers for the
// same file and source when its own predeclared names have the offered key,
// and compiles the source when the key differs, the bytes do not decode,
// or the file is another; an offer serves one Compile.
func TestOfferCompiled(t *testing.T) {
	pre := starlark.StringDict{"a": starlark.MakeInt(1)}
	src := []byte("x = a\n")
	encode := func(s string) []byte {
		prog, _, err := New(Config{Predeclared: pre}).Compile("m.star", []byte(s), "__main__")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := prog.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	// The offered program is another source's, so the test sees which ran.
	other := encode("x = a + 41\n")
	run := func(offer func()) (starlark.Value, error) {
		offer()
		in := New(Config{Predeclared: pre})
		prog, p, err := in.Compile("m.star", src, "__mp_main__")
		if err != nil {
			return nil, err
		}
		g, err := prog.Init(&starlark.Thread{}, p)
		return g["x"], err
	}
	key := NamesKey(New(Config{Predeclared: pre}).predeclared("__mp_main__"))
	for _, c := range []struct {
		what  string
		offer func()
		want  int
	}{
		{"the same key", func() { OfferCompiled("m.star", src, other, key) }, 42},
		{"another key", func() { OfferCompiled("m.star", src, other, key+1) }, 1},
		{"bytes that do not decode", func() { OfferCompiled("m.star", src, []byte("garbage"), key) }, 1},
		{"another file", func() { OfferCompiled("n.star", src, other, key) }, 1},
		{"no offer after one was used", func() {}, 1},
	} {
		v, err := run(c.offer)
		if err != nil || v != starlark.MakeInt(c.want) {
			t.Errorf("%s: x = %v, %v; want %d", c.what, v, err, c.want)
		}
	}
}

// TestNamesKey: the key depends on the set of names only, not on their
// order or values.
func TestNamesKey(t *testing.T) {
	a := starlark.StringDict{"print": starlark.None, "len": starlark.True, "Process": starlark.None}
	b := starlark.StringDict{"Process": starlark.False, "print": starlark.None, "len": starlark.None}
	if NamesKey(a) != NamesKey(b) {
		t.Error("same names, different keys")
	}
	for _, c := range []starlark.StringDict{
		{"print": starlark.None, "len": starlark.None},
		{"print": starlark.None, "len": starlark.None, "Process": starlark.None, "Pool": starlark.None},
		{"print": starlark.None, "len": starlark.None, "Processs": starlark.None},
	} {
		if NamesKey(c) == NamesKey(a) {
			t.Errorf("%v has the key of %v", c.Keys(), a.Keys())
		}
	}
}
