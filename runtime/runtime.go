// Package runtime is procstar's embedding API: it runs Starlark scripts whose
// multiprocessing children are re-executions of the host binary.
//
// A host calls Dispatch first thing in main (as Python's freeze_support):
// in a child it runs the child and exits; otherwise it returns at once. Then
// it builds a Runtime from options (New) and
//   - runs a file or a source string to its end (ExecFile, ExecSource),
//   - or runs one's top level and then calls its global functions
//     (Load, LoadSource, Script.Call),
//   - or runs statements one at a time, as a REPL does (NewSession).
//
// A cancelled context.Context stops the running Starlark code and the
// processes it started, grandchildren included, and the call returns a
// KeyboardInterrupt *ScriptError that wraps the context's error.
package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
	"github.com/procstar/procstar/runtime/shm"
	"github.com/procstar/procstar/runtime/spawn"
	"github.com/procstar/procstar/runtime/trace"
)

// Runtime runs scripts with a fixed configuration. It is safe to run several
// scripts at once with one Runtime: each run is its own process tree.
type Runtime struct {
	cfg *config
}

// New returns a Runtime configured by opts.
func New(opts ...Option) *Runtime {
	// A subprocess guard is this binary too (see spawn.RunGuard), run by
	// Dispatch. In a host that forgot Dispatch it would run the host's
	// main, whose script starts a program and so a guard of its own, and so
	// on without end (each in a session of its own, outliving the host): it
	// does its work here instead, and exits.
	spawn.RunGuard()
	if spawn.IsChild() {
		// A child re-runs the host binary's main: without Dispatch it would
		// start the host's whole tree again, and again in each child.
		fmt.Fprintln(os.Stderr, "procstar: this process is a child of a procstar tree: call runtime.Dispatch first in main")
		os.Exit(1)
	}
	cfg := defaults()
	for _, o := range opts {
		o(cfg)
	}
	// Children run in dir and resolve paths against it: a relative dir would
	// be applied twice.
	if cfg.dir != "" {
		if abs, err := filepath.Abs(cfg.dir); err == nil {
			cfg.dir = abs
		}
	}
	return &Runtime{cfg: cfg}
}

// SourceError means the script could not be read or compiled (a missing
// file, a syntax or resolve error); its text gives the position.
type SourceError = interp.CompileError

// ExitError is a script's sys.exit with a non-zero status (or a message).
// Script.Call and Session.Exec report sys.exit(0) too, with Code 0.
type ExitError struct {
	Code    int
	Message string // sys.exit("msg"): printed on stderr by the CLI
}

func (e *ExitError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("exit status %d: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("exit status %d", e.Code)
}

// ScriptError is an uncaught error in a script.
type ScriptError struct {
	Type      string // the Python exception name, e.g. "ValueError"
	Message   string
	Traceback string // ready to print: frames with file:line:col, then "Type: message"
	cause     error
}

func (e *ScriptError) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// Unwrap gives the underlying error; for a cancelled run it is the
// context's error.
func (e *ScriptError) Unwrap() error { return e.cause }

// ExecFile runs the script at path (read from the OS, or from WithFS).
func (r *Runtime) ExecFile(ctx context.Context, path string) error {
	in := interp.New(interp.Config{FS: r.cfg.fsys, Dir: r.cfg.dir})
	src, err := in.ReadSource(path)
	if err != nil {
		return &SourceError{Err: fmt.Errorf("cannot open %s: %w", path, unwrapPathError(err))}
	}
	return r.ExecSource(ctx, path, src)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ExecSource runs src as the main module; filename names it in tracebacks
// and is what load() resolves relative paths against.
func (r *Runtime) ExecSource(ctx context.Context, filename string, src []byte) error {
	s, err := r.newRoot(ctx, filename, src)
	if err != nil {
		return err
	}
	defer s.close()
	if r.cfg.trace != nil {
		if err := s.startTrace(r.cfg.trace); err != nil {
			return err
		}
	}
	t0 := time.Now()
	_, err = s.interp.ExecMain(s.thread, filename, src, "__main__")
	s.node.Trace.Slice("top level", "run", t0, nil)
	err = s.finish(err)
	s.exitCode = exitCode(err)
	return err
}

// exitCode is the root's exit code in a trace, as its Process.exitcode
// would be: 0, n for sys.exit(n), 1 for an uncaught error, -2 (SIGINT)
// when interrupted.
func exitCode(err error) int {
	var ee *ExitError
	var se *ScriptError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	case errors.As(err, &se) && se.Type == pyerr.KeyboardInterrupt:
		return -int(syscall.SIGINT)
	}
	return 1
}

// startTrace makes the root's trace directory and recorder; the run's
// events are merged into w when the session closes (its children have
// ended by then).
func (s *session) startTrace(w io.Writer) error {
	dir, err := trace.Dir()
	if err != nil {
		return err
	}
	rec, err := trace.Open(dir, s.node.Pid, s.node.Name())
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	s.node.Trace, s.node.TraceDir = rec, dir
	s.closers = append(s.closers, func() {
		rec.Instant("exit", "process", map[string]any{"exitcode": s.exitCode})
		rec.Close()
		if tc, ok := s.cfg.launcher.(TraceCarrier); ok {
			if err := tc.CollectTraces(dir); err != nil {
				fmt.Fprintf(s.env.Stderr, "procstar: cannot collect the trace of processes on other machines: %v\n", err)
			}
		}
		if err := trace.Merge(dir, w); err != nil {
			fmt.Fprintf(s.env.Stderr, "procstar: cannot write the trace: %v\n", err)
		}
		os.RemoveAll(dir)
	})
	return nil
}

// session is one process's run of a script: its node in the tree, its
// interpreter and its thread.
type session struct {
	cfg    *config
	node   *node.Node
	interp *interp.Interp
	env    *procenv.Env
	thread *starlark.Thread
	ctx    context.Context
	stop   func() bool
	// endedNormally is set by a child's childExit: its target returned or
	// called sys.exit (not an uncaught error).
	endedNormally bool
	// files, in a child placed by a Launcher (ExecJob), are the script
	// files shipped with it: load() reads them, not the machine's disk.
	files interp.FilesFS
	// exitCode is the root's, for its trace (set when its run ends).
	exitCode int
	// traceHere, in a job whose root traces on another machine, is where
	// it records its own events (see TraceCarrier).
	traceHere string
	// opMu is held by an operation of a long-lived root (runOp) and by
	// its end (Script.Close, Session.Exit), and by the kill of its tree
	// when its lifetime ends (killOnCancel): that kill never runs with
	// them.
	opMu sync.Mutex

	// When the host's stdout/stderr are not files, children write into pipes
	// that are copied to them; the root writes into the same pipes so that
	// output order is kept.
	closers []func()
}

func (r *Runtime) newRoot(ctx context.Context, filename string, src []byte) (*session, error) {
	if err := r.cfg.checkDisabled(); err != nil {
		return nil, err
	}
	n := node.New("MainProcess")
	n.Root = true
	n.Dir = r.cfg.dir
	n.LoadDir = r.cfg.dir
	if n.LoadDir == "" {
		n.LoadDir, _ = os.Getwd() // children resolve scripts here whatever their os.chdir
	}
	n.MainFile, n.MainSrc = filename, src
	n.Argv = r.cfg.argv
	if n.Argv == nil {
		n.Argv = []string{filename}
	}
	s := &session{cfg: r.cfg, node: n}
	if err := s.newTree(); err != nil {
		return nil, err
	}
	if err := s.setupOutput(ctx, r.cfg.stdout, r.cfg.stderr); err != nil {
		return nil, err
	}
	return s, nil
}

// setupOutput gives the head of a tree files for its output and its
// children's (pipes copied to stdout and stderr unless they are files),
// then sets the session up.
func (s *session) setupOutput(ctx context.Context, stdoutW, stderrW io.Writer) error {
	n := s.node
	stdout, err := s.fileFor(stdoutW)
	if err != nil {
		s.close()
		return err
	}
	stderr, err := s.fileFor(stderrW)
	if err != nil {
		s.close()
		return err
	}
	n.Stdout, n.Stderr = stdout, stderr
	s.setup(ctx, writerFor(stdoutW, stdout), writerFor(stderrW, stderr))
	return nil
}

// FileWriter is an output (WithStdout, WithStderr, ExecJob's) that takes
// the process's own writes (prints, logging, a subprocess's relayed lines)
// itself, one write each, while File is what the processes and programs
// it starts inherit: a cluster job's output, which must keep its order
// with the job's other messages to its worker.
type FileWriter interface {
	io.Writer
	File() *os.File
}

// writerFor is where the process's own output goes: w itself if it is a
// FileWriter, else f (fileFor's).
func writerFor(w io.Writer, f *os.File) io.Writer {
	if fw, ok := w.(FileWriter); ok {
		return fw
	}
	return f
}

// newTree gives s's process a process tree of its own, of which it is the
// head: the process table (its slot 0), the shared memory arena and the
// arena's watcher, released by s.close. The root has one, and so has a
// child placed on another machine (ExecJob).
func (s *session) newTree() error {
	n := s.node
	table, err := ptable.Create(s.cfg.maxProcs, n.Name())
	if err != nil {
		return err
	}
	n.Table, n.Slot = table, 0
	arena, err := shm.CreateFitting(shm.DefaultSize)
	if err != nil {
		table.Close()
		return fmt.Errorf("creating shared memory: %w", err)
	}
	arena.SetTable(table)
	n.Arena = arena
	n.Files = []*os.File{table.File(), arena.File()}
	n.Names = []string{"ptable", "arena"}
	// The head keeps the arena alive and watches every process of the tree
	// die, so that what a dead process held is given back within
	// milliseconds, whoever its parent was.
	watchCtx, stopWatch := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		arena.Watch(watchCtx, table)
	}()
	s.closers = append(s.closers, func() {
		table.Close()
		arena.Close()
	}, func() {
		stopWatch()
		<-watched
	})
	return nil
}

// fileFor returns w itself if it is a file, a FileWriter's file, or the
// write end of a pipe copied into w until the session closes.
func (s *session) fileFor(w io.Writer) (*os.File, error) {
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	if fw, ok := w.(FileWriter); ok {
		return fw.File(), nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(w, pr)
		pr.Close()
	}()
	s.closers = append(s.closers, func() {
		pw.Close()
		wg.Wait()
	})
	return pw, nil
}

// setup builds the interpreter and thread once the node is known.
func (s *session) setup(ctx context.Context, stdout, stderr io.Writer) {
	n := s.node
	if n.Log == nil {
		n.Log = mplog.New(n.Table.Writer(stderr))
	}
	if s.cfg.hook != nil {
		hook := s.cfg.hook
		n.Hook = func(e node.Event) {
			hook(ProcessEvent{Start: e.Start, Name: e.Name, Pid: e.Pid, ExitCode: e.ExitCode, Duration: e.Duration, Warm: e.Warm})
		}
	}
	s.applySettings()
	n.MaxSpares = s.cfg.maxSpares
	ctx, cancel := context.WithCancel(ctx)
	s.ctx = ctx
	var stdin io.Reader
	if n.Root {
		stdin = s.cfg.stdin
	}
	s.env = &procenv.Env{
		Ctx:         ctx,
		Stdout:      n.Table.Writer(stdout),
		Stderr:      n.Table.Writer(stderr),
		Stdin:       procenv.NewInput(stdin),
		Dir:         s.cfg.dir,
		Log:         n.Log,
		ProcessName: n.Name,
	}
	// A for loop over sys.stdin ends with the run (runOp narrows it to
	// each operation).
	s.env.Stdin.SetContext(ctx)
	mods, pre := s.cfg.globals(n.Argv, s.env.Stdin)
	s.interp = interp.New(interp.Config{
		Predeclared: pre,
		Modules:     mods,
		FS:          s.cfg.fsys,
		Dir:         s.cfg.scriptDir(),
		MaxSteps:    s.cfg.maxSteps,
		Env:         s.env,
		Handle:      handleDecoder(n),
		SetupThread: func(t *starlark.Thread) { node.Set(t, n) },
	})
	n.Resolver = s.interp
	n.MainProgram = s.interp.MainProgram
	if s.cfg.launcher != nil {
		n.Launch, n.Launcher = s.launch, s.cfg.launcher
	}
	s.thread = s.newThread(s.env)
	thread := s.thread
	s.stop = context.AfterFunc(ctx, func() { thread.Cancel("KeyboardInterrupt") })
	if ctx.Err() != nil {
		// Cancelled already: not one statement runs (AfterFunc's goroutine
		// might cancel the thread only after a few).
		thread.Cancel("KeyboardInterrupt")
	}
	s.closers = append(s.closers, cancel)
}

// applySettings makes the root's data settings those of the whole tree: a
// root records its own, a child adopts its root's over what its dispatch
// options say (which supply only the Go values: builtins, a file system).
func (s *session) applySettings() {
	n, c := s.node, s.cfg
	if n.Root {
		st := &node.Settings{UseFS: c.fsys != nil, MaxSteps: c.maxSteps, MaxMessage: c.maxMessage, MaxSpares: c.maxSpares}
		codec.SetMaxMessage(c.maxMessage)
		for name := range c.disabled {
			st.Disabled = append(st.Disabled, name)
		}
		st.HostNames = c.hostNames()
		n.Settings = st
		return
	}
	if b := node.Received(); b != nil && b.Settings != nil {
		st := b.Settings
		n.Settings = st
		if !st.UseFS {
			c.fsys = nil
		} else if c.fsys == nil {
			c.fsys = missingFS{}
		}
		c.maxSteps = st.MaxSteps
		c.maxMessage = st.MaxMessage
		c.maxSpares = st.MaxSpares
		codec.SetMaxMessage(st.MaxMessage)
		c.disabled = make(map[string]bool)
		for _, name := range st.Disabled {
			c.disabled[name] = true
		}
	}
	if s.files != nil {
		// A child on another machine, and its children, read the files
		// shipped with it.
		c.fsys = s.files
		st := *n.Settings
		st.UseFS = true
		n.Settings = &st
	}
}

// missingFS is the file system of a child whose root reads scripts from an
// fs.FS that the host binary did not give its dispatch function.
type missingFS struct{}

func (missingFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("the root reads scripts from a file system (WithFS) that this process's dispatch function was not given: pass WithFS to Dispatch too")}
}

// newThread returns a thread of this process running with env.
func (s *session) newThread(env *procenv.Env) *starlark.Thread {
	t := s.interp.NewThread(s.node.Name(), env)
	node.Set(t, s.node)
	pysignal.Adopt(t)
	return t
}

func (s *session) close() {
	if s.stop != nil {
		s.stop()
	}
	// Spares hold the tree's files and output pipes: they end first.
	s.node.DropSpares()
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
}

// finish applies Python's exit rules to a finished top level (or target) and
// turns its error into the Runtime's error types.
func (s *session) finish(err error) error {
	if s.ctx.Err() != nil {
		s.node.KillAll()
		return s.cancelled(err, causeOf(s.ctx))
	}
	var early error
	if err != nil && s.cfg.uncaught != nil && s.node.Root {
		if early = convert(err); early != nil {
			s.cfg.uncaught(early)
		}
	}
	s.node.Shutdown(s.ctx.Done())
	if s.ctx.Err() != nil {
		return s.cancelled(err, causeOf(s.ctx))
	}
	if early != nil {
		return early
	}
	return convert(err)
}

// causeOf is what the error of a run stopped by ctx wraps: ctx's error,
// and also its cause when it was cancelled with one
// (context.WithCancelCause), so that errors.Is finds either.
func causeOf(ctx context.Context) error {
	err, cause := ctx.Err(), context.Cause(ctx)
	if cause == nil || cause == err {
		return err
	}
	return fmt.Errorf("%w: %w", err, cause)
}

// cancelled is the error of a run stopped by cause (a context's): a
// KeyboardInterrupt with the stack where err, the thread's error, stopped it.
func (s *session) cancelled(err, cause error) error {
	tb := "KeyboardInterrupt\n"
	tb = pyerr.Stack(err) + tb
	return &ScriptError{Type: pyerr.KeyboardInterrupt, Traceback: tb, cause: cause}
}

// ErrMaxSteps is the cause of a ScriptError of a script that reached the
// limit set by WithMaxSteps: errors.Is(err, ErrMaxSteps).
var ErrMaxSteps = errors.New("too many Starlark execution steps")

func convert(err error) error {
	if err != nil {
		// A signal handler's error ends its thread by cancelling it: the
		// script's error is the handler's (sys.exit's code included).
		if f := pysignal.Failure(); f != nil {
			err = f
		}
	}
	switch err.(type) {
	case nil:
		return nil
	case *ScriptError, *ExitError:
		return err // converted already
	}
	var ce *interp.CompileError
	if errors.As(err, &ce) {
		return ce
	}
	var ex *pyerr.Exit
	if errors.As(err, &ex) {
		code, msg := ex.Status()
		if code == 0 && msg == "" {
			return nil
		}
		return &ExitError{Code: code, Message: msg}
	}
	typ, msg := pyerr.Classify(err)
	cause := err
	if strings.Contains(msg, interp.MaxStepsReason) {
		cause = fmt.Errorf("%w: %w", ErrMaxSteps, err)
	}
	return &ScriptError{Type: typ, Message: msg, Traceback: pyerr.Traceback(err), cause: cause}
}
