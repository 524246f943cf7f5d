// Package repl is procstar's interactive session on a terminal: readline
// editing and history, multi-line blocks, expression values printed as
// Python's prompt prints them, Ctrl-C interrupting the running statement
// and its children. Every procstar binary runs it through internal/cli.
// Its tests live with the binaries (cmd/procstar, the cluster's
// procstar-cluster): what a session starts needs a binary's child dispatch.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/chzyer/readline"
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyformat"
)

// HistoryName is the REPL's history file, in $HOME, shared by every
// procstar binary.
const HistoryName = ".procstar_history"

// LineReader is what the REPL needs of a line editor; *readline.Instance is
// one, and tests drive the REPL through a fake one. A LineReader that has a
// CancelReadline method is also read while the session exits (see exitKeys).
type LineReader interface {
	// Readline returns a line without its newline; io.EOF for Ctrl-D on an
	// empty line; readline.ErrInterrupt for Ctrl-C.
	Readline() (string, error)
	SetPrompt(prompt string)
}

// Run is the interactive session on a terminal: readline for line editing
// and history (~/.procstar_history, shared by every session), SIGINT (Ctrl-C
// while a statement runs) for interrupts. name and version introduce it.
func Run(name, version string, opts []runtime.Option, stdin, stdout, stderr *os.File) int {
	in := readline.NewCancelableStdin(stdin)
	cfg := &readline.Config{
		Prompt:          ">>> ",
		HistoryFile:     historyFile(),
		InterruptPrompt: "^C",
		Stdin:           in,
		Stdout:          stdout,
		Stderr:          stderr,
	}
	inst, err := readline.NewEx(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	rl := &editor{Instance: inst, stdin: in}
	defer rl.Close()

	// While a statement runs, the terminal is not in raw mode and Ctrl-C is
	// a SIGINT to the foreground process group: children ignore it, the root
	// turns it into an interrupt of the statement.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	interrupts := make(chan struct{}, 1)
	go func() {
		for range sigs {
			select {
			case interrupts <- struct{}{}:
			default:
			}
		}
	}()

	fmt.Fprintf(stderr, "%s %s: Starlark with Python's multiprocessing. Ctrl-C interrupts, Ctrl-D exits.\n", name, version)
	opts = append(opts, runtime.WithStdin(&editorInput{rl: rl}))
	code := Loop(rl, interrupts, runtime.New(opts...), stderr)
	fmt.Fprintln(stdout) // leave the shell's prompt on a line of its own
	return code
}

// editor is the line editor on the terminal.
type editor struct {
	*readline.Instance
	stdin *readline.CancelableStdin
}

// CancelReadline ends a Readline under way, or the next one, with io.EOF.
// The editor is not to be read after it.
func (e *editor) CancelReadline() { e.Operation.Close() }

// Close also ends a read of the terminal under way: readline's own Close
// does not close the Stdin it was given, and would wait for that read.
func (e *editor) Close() error {
	e.stdin.Close()
	return e.Instance.Close()
}

// editorInput is what sys.stdin and input() read in the REPL: lines from
// the line editor, which owns the terminal (a reader beside it would take
// its keys). input(prompt) shows its prompt through it.
type editorInput struct{ rl LineReader }

// Read is never called: procenv.Input reads a LinePrompter by lines.
func (e *editorInput) Read([]byte) (int, error) { return 0, io.EOF }

// ReadLinePrompt reads a line; Ctrl-C (the editor's ErrInterrupt, in raw
// mode there is no SIGINT) interrupts the statement, Ctrl-D ends the read.
func (e *editorInput) ReadLinePrompt(prompt string) (string, error) {
	e.rl.SetPrompt(prompt)
	line, err := e.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", procenv.ErrInterrupted
	}
	return line, err
}

// historyFile is $HOME/.procstar_history, or "" (no history) without a home.
// readline ignores a history file it cannot open or write.
func historyFile() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, HistoryName)
}

// Loop reads statements from in and runs them in a new session of rt
// until EOF (Ctrl-D) or sys.exit, and returns the exit status: 0 at EOF,
// sys.exit's otherwise. An interrupt received while a statement runs
// cancels it and kills the children it started; the session goes on.
// Expression values go to the session's stdout, errors to its stderr;
// errw gets what happens before the session exists.
//
// At EOF or sys.exit the session ends as Python's does: daemonic children
// are terminated and the others joined; an interrupt (Ctrl-C) then kills
// them all.
func Loop(in LineReader, interrupts <-chan struct{}, rt *runtime.Runtime, errw io.Writer) int {
	sess, err := rt.NewSession(context.Background())
	if err != nil {
		fmt.Fprintf(errw, "procstar: %v\n", err)
		return 1
	}
	defer func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-interrupts:
				cancel()
			case <-ctx.Done():
			}
		}()
		stopKeys := exitKeys(in, cancel)
		sess.Exit(ctx)
		stopKeys()
	}()
	out, errOut := sess.Stdout(), sess.Stderr()
	sess.SetDisplay(func(v starlark.Value) {
		io.WriteString(out, pyformat.Repr(v)+"\n") // repr, one write
	})

	eof := false
	readLine := func() (string, error) {
		if eof {
			return "", io.EOF
		}
		line, err := in.Readline()
		in.SetPrompt("... ")
		if errors.Is(err, io.EOF) {
			eof = true
		}
		return line, err
	}
	for !eof {
		in.SetPrompt(">>> ")
		text, err := sess.ReadChunk(readLine)
		switch {
		case errors.Is(err, io.EOF):
			continue // ends the loop
		case errors.Is(err, readline.ErrInterrupt):
			continue // Ctrl-C at a prompt drops the input so far
		case err != nil:
			fmt.Fprintln(errOut, err)
			continue
		}
		// An interrupt that came after the last statement ended is stale.
		select {
		case <-interrupts:
		default:
		}
		ctx, cancel := context.WithCancel(context.Background())
		done, watched := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(watched)
			select {
			case <-interrupts:
				cancel()
			case <-done:
			}
		}()
		v, err := sess.Exec(ctx, text)
		close(done)
		// Only one watcher at a time: one left over from this statement
		// could take the next statement's Ctrl-C.
		<-watched
		cancel()
		if code, exit := printResult(out, errOut, v, err); exit {
			return code
		}
	}
	return 0
}

// exitKeys reads in while the session exits, and calls cancel on a Ctrl-D
// or a Ctrl-C: the line editor has the terminal in raw mode while it reads,
// so neither reaches the process as a signal or an end of file, and without
// a reader a second Ctrl-D would go unseen. stop ends the read and waits for
// the reader, so that the terminal is out of raw mode and the editor idle
// when the REPL returns. A reader whose read cannot be ended is not read.
func exitKeys(in LineReader, cancel func()) (stop func()) {
	c, ok := in.(interface{ CancelReadline() })
	if !ok {
		return func() {}
	}
	in.SetPrompt("")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			// Lines typed meanwhile are dropped, as Python's exit drops them.
			if _, err := in.Readline(); err != nil {
				cancel() // Ctrl-D, Ctrl-C, or the read ended once the exit is over
				return
			}
		}
	}()
	return func() {
		c.CancelReadline()
		<-done
	}
}

// printResult shows what a statement gave, as Python's prompt does; exit
// reports a sys.exit, with its status.
func printResult(out, errOut io.Writer, v starlark.Value, err error) (code int, exit bool) {
	var (
		se *runtime.SourceError
		ee *runtime.ExitError
		sc *runtime.ScriptError
	)
	switch {
	case err == nil:
		if v != nil && v != starlark.None {
			io.WriteString(out, pyformat.Repr(v)+"\n") // repr, one write
		}
	case errors.As(err, &ee):
		if ee.Message != "" {
			fmt.Fprintln(errOut, ee.Message)
		}
		return ee.Code, true
	case errors.As(err, &sc):
		io.WriteString(errOut, sc.Traceback)
	case errors.As(err, &se):
		fmt.Fprintln(errOut, se)
	default:
		fmt.Fprintf(errOut, "procstar: %v\n", err)
	}
	return 0, false
}
