package pyfuncs

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/sysmod"
	"github.com/procstar/procstar/runtime/procenv"
)

// eval runs src with the builtins predeclared and returns what print wrote
// to stdout and stderr.
func eval(t *testing.T, src string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = exec(src, &out, &errb)
	return out.String(), errb.String(), err
}

// exec runs src with the builtins and sys predeclared, printing to stdout
// and stderr.
func exec(src string, stdout, stderr io.Writer) error {
	env := procenv.Default()
	env.Stdout, env.Stderr = stdout, stderr
	th := &starlark.Thread{Name: "test"}
	procenv.Set(th, env)
	pre := Names()
	pre["sys"] = sysmod.Module(nil, nil)
	_, err := starlark.ExecFile(th, "test.star", src, pre)
	return err
}

// TestSumCompensated: floats add as CPython 3.12's sum does (Neumaier's
// compensated summation; python3.12 -c 'print(sum([0.1] * 10), ...)').
func TestSumCompensated(t *testing.T) {
	out, _, err := eval(t, "print(sum([0.1] * 10), sum([1e100, 1.0, -1e100, 1.0]), sum([0.1, 0.2, 0.3], 1), sum([1, 0.1, pow(10, 30), 0.1]))")
	if err != nil {
		t.Fatal(err)
	}
	if want := "1.0 2.0 1.6 1e+30\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// writes counts the writes made to it.
type writes struct {
	bytes.Buffer
	n int
}

func (w *writes) Write(p []byte) (int, error) { w.n++; return w.Buffer.Write(p) }

// TestPrintOneWrite: one print is one write, whatever its arguments, to
// stdout and to sys.stderr.
func TestPrintOneWrite(t *testing.T) {
	var out, errw writes
	src := "print(1, 'a', [2.5e16], sep='--', end='|\\n')\nprint('e', 1e16, file=sys.stderr, flush=True)\n"
	if err := exec(src, &out, &errw); err != nil {
		t.Fatal(err)
	}
	if out.String() != "1--a--[2.5e+16]|\n" || out.n != 1 {
		t.Errorf("stdout %q in %d writes", out.String(), out.n)
	}
	if errw.String() != "e 1e+16\n" || errw.n != 1 {
		t.Errorf("stderr %q in %d writes", errw.String(), errw.n)
	}
}

func TestPrintErrors(t *testing.T) {
	for src, want := range map[string]string{
		"print(1, file=3)":     "AttributeError: 'int' object has no attribute 'write'",
		"print(1, sep=3)":      "TypeError: sep must be None or a string, not int",
		"print(1, colour='r')": "TypeError: 'colour' is an invalid keyword argument for print()",
	} {
		_, _, err := eval(t, src)
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", src, err, want)
		}
	}
}
