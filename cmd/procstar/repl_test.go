package main

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chzyer/readline"

	"github.com/procstar/procstar/internal/repl"
	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/ptable"
)

// fakeTerm is the REPL's line reader in tests: lines typed by the test, with
// Ctrl-D (EOF) and Ctrl-C (at a prompt) as special lines, and the prompts
// the REPL set.
type fakeTerm struct {
	lines chan string

	mu      sync.Mutex
	prompt  string
	prompts []string // the prompt of every Readline call
}

const (
	keyEOF       = "\x04"
	keyInterrupt = "\x03"
)

func (f *fakeTerm) Readline() (string, error) {
	f.mu.Lock()
	f.prompts = append(f.prompts, f.prompt)
	f.mu.Unlock()
	l, ok := <-f.lines
	switch {
	case !ok || l == keyEOF:
		return "", io.EOF
	case l == keyInterrupt:
		return "", readline.ErrInterrupt
	}
	return l, nil
}

func (f *fakeTerm) SetPrompt(p string) {
	f.mu.Lock()
	f.prompt = p
	f.mu.Unlock()
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// replHarness runs replLoop in the background, driven by a fakeTerm.
type replHarness struct {
	t          *testing.T
	term       *fakeTerm
	interrupts chan struct{}
	out, err   *syncBuffer
	status     chan int
}

func startREPL(t *testing.T, opts ...runtime.Option) *replHarness {
	t.Helper()
	h := &replHarness{
		t:          t,
		term:       &fakeTerm{lines: make(chan string)},
		interrupts: make(chan struct{}, 1),
		out:        &syncBuffer{},
		err:        &syncBuffer{},
		status:     make(chan int, 1),
	}
	opts = append([]runtime.Option{runtime.WithStdout(h.out), runtime.WithStderr(h.err)}, opts...)
	rt := runtime.New(opts...)
	go func() { h.status <- repl.Loop(h.term, h.interrupts, rt, h.err) }()
	t.Cleanup(func() {
		select {
		case h.term.lines <- keyEOF:
		case <-h.status:
			return
		case <-time.After(10 * time.Second):
		}
		select {
		case <-h.status:
		case <-time.After(10 * time.Second):
			t.Error("REPL did not end at EOF")
		}
	})
	return h
}

// typeLines sends lines as typed at the prompt.
func (h *replHarness) typeLines(lines ...string) {
	h.t.Helper()
	for _, l := range lines {
		select {
		case h.term.lines <- l:
		case <-time.After(30 * time.Second):
			h.t.Fatalf("REPL did not ask for line %q\nstdout:\n%s\nstderr:\n%s", l, h.out, h.err)
		}
	}
}

// waitOut waits until stdout (or stderr) matches re, and returns the match.
func (h *replHarness) waitOut(re string) []string { h.t.Helper(); return h.wait(h.out, "stdout", re) }
func (h *replHarness) waitErr(re string) []string { h.t.Helper(); return h.wait(h.err, "stderr", re) }

func (h *replHarness) wait(b *syncBuffer, what, re string) []string {
	h.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := rx.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("%s never matched %q\nstdout:\n%s\nstderr:\n%s", what, re, h.out, h.err)
	return nil
}

// interrupt delivers Ctrl-C while a statement runs.
func (h *replHarness) interrupt() { h.interrupts <- struct{}{} }

// exit types Ctrl-D and returns the exit status.
func (h *replHarness) exit() int {
	h.t.Helper()
	h.typeLines(keyEOF)
	select {
	case code := <-h.status:
		h.status <- code
		return code
	case <-time.After(20 * time.Second):
		h.t.Fatal("REPL did not end at EOF")
	}
	return -1
}

func processAlive(pid int) bool { return ptable.Alive(pid, 0) }

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

func writeFile(name, data string) error { return os.WriteFile(name, []byte(data), 0o644) }

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReplStatementsAndValues(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`x = 1 + 2`, `x`)
	h.waitOut(`^3\n$`)
	h.typeLines(`"hi"`, `None`, `print("printed")`, `[x, "s"]`, `_`)
	h.waitOut(`^3\n'hi'\nprinted\n\[3, 's'\]\n\[3, 's'\]\n$`)
	h.typeLines(`y = [1,`, `  2]`, `len(y); sys.argv`)
	h.waitOut(`\[''\]\n$`)
	if code := h.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if e := h.err.String(); e != "" {
		t.Errorf("stderr: %s", e)
	}
}

func TestReplMultilineDef(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(
		`def double(n):`,
		`    if n > 10:`,
		`        return n * 2`,
		`    return 0`,
		``,
		`double(21), double(1)`)
	h.waitOut(`^\(42, 0\)\n$`)
	h.typeLines(`for i in range(2):`, `    print("i", i)`, ``)
	h.waitOut(`i 0\ni 1\n$`)
	h.exit()
	h.term.mu.Lock()
	prompts := strings.Join(h.term.prompts, "|")
	h.term.mu.Unlock()
	if !strings.HasPrefix(prompts, ">>> |... |... |... |... |>>> |>>> |... |... |>>> ") {
		t.Errorf("prompts: %s", prompts)
	}
}

func TestReplErrorKeepsSession(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`x = 5`, `def f(n):`, `    return 10 // n`, ``, `f(0)`)
	h.waitErr(`(?s)Traceback \(most recent call last\):\n.*<repl>:1:2: in <expr>\n    f\(0\)\n  <repl>:2:15: in f\n    return 10 // n\nZeroDivisionError: integer division or modulo by zero\n`)
	h.typeLines(`undefined_name + 1`)
	h.waitErr(`<repl>:1:1: undefined: undefined_name`)
	h.typeLines(`def broken(:`)
	h.waitErr(`<repl>:1:13: got ':', want '\)'`)
	h.typeLines(`fail("boom")`)
	h.waitErr(`Error: boom\n`)
	h.typeLines(`x`)
	h.waitOut(`^5\n$`)
	// Ctrl-C at a prompt drops the block being typed.
	h.typeLines(`def g():`, keyInterrupt, `x + 1`)
	h.waitOut(`^5\n6\n$`)
	h.typeLines(`g`)
	h.waitErr(`undefined: g`)
	if code := h.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

func TestReplSysExit(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`sys.exit(3)`)
	select {
	case code := <-h.status:
		h.status <- code
		if code != 3 {
			t.Errorf("exit status %d, want 3", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("sys.exit did not end the REPL")
	}
}

func TestReplFunctionAsTarget(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writeFile(dir+"/lib.star", "def twice(s):\n    return s + s\n"); err != nil {
		t.Fatal(err)
	}
	h := startREPL(t, runtime.WithDir(dir))
	h.typeLines(
		`load("lib.star", "twice")`,
		`def hello(n, tag="t"):`,
		`    print("child", n, tag, __name__, twice("ab"), helper())`,
		``,
		`def helper():`,
		`    return current_process().name`,
		``,
		`print("statements that are not defs are not re-run in children")`,
		`p = Process(target=hello, args=(7,), kwargs={"tag": "k"}); p.start(); p.join(); p.exitcode`)
	h.waitOut(`child 7 k __mp_main__ abab Process-1\n0\n$`)

	// A def using a global assigned by another statement fails in the child
	// with a NameError that says why.
	h.typeLines(`base = 10`, `def add(n):`, `    print(base + n)`, ``, `add(1)`)
	h.waitOut(`11\n$`)
	h.typeLines(`p = Process(target=add, args=(1,)); p.start(); p.join(); p.exitcode`)
	h.waitOut(`11\n1\n$`)
	h.waitErr(`(?s)Process Process-2:\nTraceback \(most recent call last\):\n  <repl>:2:11: in add\n    print\(base \+ n\)\nNameError: name 'base' is not defined in this process: a process started from an interactive session re-runs only the session's def and load statements, .*pass its value as an argument instead\n`)

	// Redefinitions: the child gets the current definition.
	h.typeLines(`def hello(n):`, `    print("new hello", n)`, ``,
		`p = Process(target=hello, args=(8,)); p.start(); p.join()`)
	h.waitOut(`new hello 8\n$`)
	h.typeLines(`old = hello`, `def hello(n):`, `    pass`, ``, `Process(target=old).start()`)
	h.waitErr(`the session has redefined hello since`)

	// A def inside a block is not a session definition.
	h.typeLines(`if True:`, `    def inner():`, `        print("inner")`, ``,
		`p = Process(target=inner); p.start(); p.join(); p.exitcode`)
	h.waitErr(`function inner not found in the interactive session's definitions`)
	h.waitOut(`\n1\n$`)
	if code := h.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

// TestReplInterrupt interrupts a pure-Starlark loop and a statement blocked
// in join(): the statement stops, its children and grandchildren are killed,
// a child of an earlier statement is not, and the session keeps its globals.
func TestReplInterrupt(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`x = 42`, `def spin():`, `    print("spinning")`, `    while True:`, `        pass`, ``, `spin()`)
	h.waitOut(`spinning\n$`)
	h.interrupt()
	h.waitErr(`(?s)Traceback \(most recent call last\):\n  <repl>:1:5: in <expr>\n    spin\(\)\n  <repl>:\d+:\d+: in spin\n    .+\nKeyboardInterrupt\n$`)
	h.typeLines(`x`)
	h.waitOut(`spinning\n42\n$`)

	h.typeLines(
		`def sleeper(tag, grand):`,
		`    print(tag, os.getpid())`,
		`    if grand:`,
		`        Process(target=sleeper, args=("grandchild", False)).start()`,
		`    time.sleep(60)`,
		``,
		`keeper = Process(target=sleeper, args=("keeper", False)); keeper.start()`)
	keeper := atoi(t, h.waitOut(`keeper (\d+)\n`)[1])
	h.typeLines(`p = Process(target=sleeper, args=("child", True)); p.start(); p.join()`)
	child := atoi(t, h.waitOut(`child (\d+)\n`)[1])
	grand := atoi(t, h.waitOut(`grandchild (\d+)\n`)[1])
	h.interrupt()
	h.waitErr(`(?s)KeyboardInterrupt\n.*KeyboardInterrupt\n$`)
	waitGone(t, []int{child, grand}, 5*time.Second)
	if !processAlive(keeper) {
		t.Errorf("the child of an earlier statement (%d) was killed", keeper)
	}
	h.typeLines(`p.exitcode, keeper.is_alive(), x`)
	h.waitOut(`\(-9, True, 42\)\n$`)
	// Ctrl-D joins the child still running, as Python's exit does; Ctrl-C
	// then kills it.
	h.typeLines(keyEOF)
	select {
	case <-h.status:
		t.Fatal("Ctrl-D ended the session without joining its running child")
	case <-time.After(300 * time.Millisecond):
	}
	if !processAlive(keeper) {
		t.Errorf("Ctrl-D killed the running child (%d) rather than joining it", keeper)
	}
	h.interrupt()
	select {
	case code := <-h.status:
		h.status <- code
		if code != 0 {
			t.Errorf("exit status %d, want 0", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Ctrl-C did not end the exit's join")
	}
	waitGone(t, []int{keeper}, 5*time.Second)
}

// TestReplDialect: Python syntax typed in the REPL gets the hint of what to
// write instead, and values echo with Python's floats.
func TestReplDialect(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`import os`)
	h.waitErr(`<repl>:1:1: import is Python, not Starlark: `)
	h.typeLines(`2 ** 8`)
	h.waitErr(`<repl>:1:5: a \*\* b is Python, not Starlark: write pow\(a, b\)`)
	h.typeLines(`pow(2, 8), [1234567.0, float("inf")], round(2.5)`)
	h.waitOut(`^\(256, \[1234567.0, inf\], 2\)\n$`)
	if code := h.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

// TestReplEchoesEveryExpression: as Python's interactive mode, every
// expression statement outside a function shows its value (repr, not None)
// and binds _, the last one of a line included, and those in the blocks
// of if, for and while statements.
func TestReplEchoesEveryExpression(t *testing.T) {
	t.Parallel()
	h := startREPL(t)
	h.typeLines(`1; None; "a"`)
	h.waitOut(`^1\n'a'\n$`)
	h.typeLines(`for i in range(3):`, `    i * 10`, `    None`, ``)
	h.waitOut(`'a'\n0\n10\n20\n$`)
	h.typeLines(`if True:`, `    "x"`, `else:`, `    "y"`, ``, `_`)
	h.waitOut(`20\n'x'\n'x'\n$`)
	h.typeLines(`def f():`, `    "not shown"`, ``, `f(); 5; _ + 1`)
	h.waitOut(`'x'\n5\n6\n$`)
	h.typeLines(`print("p"); 7; print("q")`)
	h.waitOut(`6\np\n7\nq\n$`)
	h.typeLines(`2; 1 // 0`)
	h.waitErr(`(?s)<repl>:1:6: in <expr>\n    2; 1 // 0\nZeroDivisionError: `)
	h.waitOut(`q\n2\n$`)
	if code := h.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if e := h.err.String(); strings.Count(e, "Traceback") != 1 {
		t.Errorf("stderr: %s", e)
	}
}
