package pyerr

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func TestExitStatus(t *testing.T) {
	huge := new(big.Int).Lsh(big.NewInt(1), 70)
	for _, c := range []struct {
		code   starlark.Value
		status int
		msg    string
	}{
		{starlark.None, 0, ""},
		{starlark.MakeInt(0), 0, ""},
		{starlark.MakeInt(3), 3, ""},
		{starlark.MakeInt(263), 7, ""},
		{starlark.MakeInt(-1), 255, ""},
		{starlark.MakeBigInt(huge), 0, ""},
		{starlark.MakeBigInt(new(big.Int).Add(huge, big.NewInt(5))), 5, ""},
		{starlark.True, 1, ""},
		{starlark.False, 0, ""},
		{starlark.String("bye"), 1, "bye"},
		{starlark.NewList(nil), 1, "[]"},
	} {
		status, msg := (&Exit{Code: c.code}).Status()
		if status != c.status || msg != c.msg {
			t.Errorf("sys.exit(%v): status %d %q, want %d %q", c.code, status, msg, c.status, c.msg)
		}
	}
}

func TestUncatchable(t *testing.T) {
	for _, err := range []error{
		&Exit{Code: starlark.None},
		fmt.Errorf("wrapped: %w", Cancelled),
		context.Canceled,
		fmt.Errorf("x: %w", context.DeadlineExceeded),
		&starlark.EvalError{Msg: "Starlark computation cancelled: too many steps"},
	} {
		if !Uncatchable(err) {
			t.Errorf("%v is catchable", err)
		}
	}
	for _, err := range []error{New(ValueError, "x"), errors.New("fail: x")} {
		if Uncatchable(err) {
			t.Errorf("%v is uncatchable", err)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		err       error
		typ, text string
	}{
		{New(Full, ""), Full, ""},
		{fmt.Errorf("in put: %w", New(Empty, "x")), Empty, "x"},
		{errors.New("fail: boom"), Generic, "boom"},
		{errors.New("getattr: ValueError: process object is closed"), ValueError, "process object is closed"},
		{errors.New("floored division by zero"), "ZeroDivisionError", "integer division or modulo by zero"},
		{errors.New(`key "k" not in dict`), KeyError, `'k'`},
		{errors.New("index 3 out of range: index < 3"), IndexError, "index 3 out of range: index < 3"},
		{errors.New("int has no .x field or method"), "AttributeError", "'int' object has no attribute 'x'"},
		// A builtin's TypeError in starlark.UnpackArgs's words gets Python's.
		{New(TypeError, "put: got 5 arguments, want at most 3"), TypeError, "put expected at most 3 arguments, got 5"},
		{New(TypeError, `Process: unexpected keyword argument "x"`), TypeError, "Process() got an unexpected keyword argument 'x'"},
		{New(TypeError, "unhashable type: 'list'"), TypeError, "unhashable type: 'list'"},
		{New(TypeError, "getenv: for parameter key: something new"), TypeError, "getenv: for parameter key: something new"},
		{New(ValueError, "index: value not in list"), ValueError, "index: value not in list"},
		{errors.New("something else: with colons"), Generic, "something else: with colons"},
	} {
		typ, text := Classify(c.err)
		if typ != c.typ || text != c.text {
			t.Errorf("Classify(%q) = %q, %q; want %q, %q", c.err, typ, text, c.typ, c.text)
		}
	}
}

func TestErrorText(t *testing.T) {
	if got := New(Full, "").Error(); got != "queue.Full" {
		t.Errorf("empty message: %q", got)
	}
	if got := New(ValueError, "bad %d", 3).Error(); got != "ValueError: bad 3" {
		t.Errorf("got %q", got)
	}
}

// TestTraceback: frames with positions, builtin frames dropped, remote
// frames appended, last line "Type: message".
func TestTraceback(t *testing.T) {
	thread := new(starlark.Thread)
	fail := starlark.NewBuiltin("boom", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, &Error{Type: ValueError, Message: "task failed", Remote: "Traceback (most recent call last):\n  worker.star:3:5: in task\n"}
	})
	_, err := starlark.ExecFile(thread, "main.star", "def f():\n    boom()\nf()\n", starlark.StringDict{"boom": fail})
	if err == nil {
		t.Fatal("no error")
	}
	tb := Traceback(err)
	for _, want := range []string{"main.star:3:2: in <toplevel>", "main.star:2:9: in f", "worker.star:3:5: in task", "\nValueError: task failed\n"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if strings.Contains(tb, "<builtin>") {
		t.Errorf("traceback shows builtin frames:\n%s", tb)
	}
}

// TestFramesAndLoopFailure: Frames is Traceback without its last line,
// which an error crossing to another process must not carry (its
// receiver's traceback prints it once), and a failed loop's reason has the
// last line once, beneath the remote frames.
func TestFramesAndLoopFailure(t *testing.T) {
	err := &Error{Type: ValueError, Message: "task failed", Remote: "Remote traceback (most recent call last), in W:\n  worker.star:3:5: in task\n"}
	if got, want := Frames(err), err.Remote; got != want {
		t.Errorf("Frames = %q, want %q", got, want)
	}
	if got, want := Traceback(err), err.Remote+"ValueError: task failed\n"; got != want {
		t.Errorf("Traceback = %q, want %q", got, want)
	}
	if got, want := LastLine("StopIteration", ""), "StopIteration\n"; got != want {
		t.Errorf("LastLine = %q, want %q", got, want)
	}
	got := LoopFailure(err, "imap")
	want := "ValueError: task failed\n" + err.Remote + "ValueError: task failed\n" +
		"\n(a task of imap failed during a for loop; use .next() inside catch() to handle it)"
	if got != want {
		t.Errorf("LoopFailure =\n%s\nwant\n%s", got, want)
	}
}

// TestFormatStackCollapsesRecursion: a run of identical frames is cut short
// after three, as Python prints "[Previous line repeated N more times]".
func TestFormatStackCollapsesRecursion(t *testing.T) {
	thread := new(starlark.Thread)
	_, err := starlark.ExecFileOptions(&syntax.FileOptions{Recursion: true}, thread, "r.star", "def f(n):\n    if n == 0:\n        fail('deep')\n    return f(n - 1)\nf(50)\n", nil)
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v", err)
	}
	got := FormatStack(ee.CallStack)
	want := "Traceback (most recent call last):\n  r.star:5:2: in <toplevel>\n" +
		"  r.star:4:13: in f\n  r.star:4:13: in f\n  r.star:4:13: in f\n" +
		"  [Previous line repeated 47 more times]\n  r.star:3:13: in f\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestFormatStackSourceLines: each frame of a registered file shows its
// source line, stripped, beneath it (recursion collapsed with it); a name
// registered with two different texts shows none rather than a wrong one;
// a SourceFunc answers per frame.
func TestFormatStackSourceLines(t *testing.T) {
	const src = "def f(n):\n    if n == 0:\n        fail('deep')\n    return   f(n - 1)  # recurse\nf(5)\n"
	RegisterSource("src.star", []byte(src))
	RegisterSource("src.star", []byte(src)) // the same text again: still known
	_, err := starlark.ExecFileOptions(&syntax.FileOptions{Recursion: true}, new(starlark.Thread), "src.star", src, nil)
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v", err)
	}
	got := FormatStack(ee.CallStack)
	want := "Traceback (most recent call last):\n  src.star:5:2: in <toplevel>\n    f(5)\n" +
		strings.Repeat("  src.star:4:15: in f\n    return   f(n - 1)  # recurse\n", 3) +
		"  [Previous line repeated 2 more times]\n  src.star:3:13: in f\n    fail('deep')\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	RegisterSource("twice.star", []byte("a = 1\n"))
	RegisterSource("twice.star", []byte("b = 2\n"))
	if l := SourceLine("twice.star", "<toplevel>", 1); l != "" {
		t.Errorf("ambiguous file: line %q", l)
	}
	RegisterSourceFunc("<chunks>", func(frame string, line int) string { return "  " + frame + "@" + strconv.Itoa(line) + "  " })
	if l := SourceLine("<chunks>", "g", 7); l != "g@7" {
		t.Errorf("SourceFunc: line %q", l)
	}
	if l := SourceLine("unknown.star", "f", 1) + SourceLine("src.star", "f", 99); l != "" {
		t.Errorf("unknown lines: %q", l)
	}
}
