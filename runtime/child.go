package runtime

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/timemod"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/shm"
	"github.com/procstar/procstar/runtime/spawn"
	"github.com/procstar/procstar/runtime/trace"
)

// Dispatch must be called first thing in main by every program that runs
// procstar scripts, with the same options it gives New. In a procstar child
// it runs the child and exits, as in the guard a process that starts
// programs with subprocess has (see spawn.RunGuard); in any other process it
// returns at once.
func Dispatch(opts ...Option) {
	spawn.RunGuard() // a subprocess guard runs and exits there
	spawn.ReserveThreads()
	ctl, ok := spawn.ChildControl()
	if !ok {
		return
	}
	// Ctrl-C reaches the whole foreground process group; the root alone
	// handles it and tears the tree down, so children print no traceback.
	signal.Ignore(syscall.SIGINT)
	spawn.DefaultSignals()
	spawn.Ready(ctl)
	code, ended := New(opts...).runChild(ctl)
	if ended {
		spawn.End(ctl, code)
	}
	os.Exit(code)
}

// ChildKind runs a child of a kind registered by a builtin (a Pool worker):
// it gets the child's thread and the bootstrap, and returns the exit status.
type ChildKind = node.ChildKind

// runChild runs a child and returns its exit status, and whether its end
// may be announced to its parent before it exits (spawn.End): a Process
// that ended normally and holds nothing its reap would give back in a way
// another process sees.
func (r *Runtime) runChild(ctl *os.File) (code int, ended bool) {
	growStack()
	var warm *warmState
	if spawn.IsSpare() {
		// A warm spare: everything that does not depend on which child it
		// will be is done now, then it waits. It runs no script code before
		// its bootstrap arrives; EOF means its keeper dropped it.
		var ok bool
		if warm, ok = r.warmUp(ctl); !ok {
			return 0, false
		}
	}
	frame, err := spawn.ReadFrame(ctl, spawn.MaxFrame)
	if err != nil {
		if warm != nil {
			return 0, false
		}
		fmt.Fprintf(os.Stderr, "procstar child: reading bootstrap: %v\n", err)
		return 1, false
	}
	b, err := node.DecodeBootstrap(frame)
	if err != nil {
		fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
		return 1, false
	}
	if warm != nil {
		if err := becomeChild(b); err != nil {
			fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
			return 1, false
		}
	}
	if b.Settings != nil {
		if missing := r.cfg.missingHostNames(b.Settings.HostNames); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "procstar child: the root's runtime.New options define %s, which this process's runtime.Dispatch options do not: pass runtime.Dispatch the same options\n", strings.Join(missing, ", "))
			return 1, false
		}
	}
	// EOF on the control socket means the parent is gone: PDEATHSIG normally
	// got here first, this covers the cases it cannot (a parent thread exit).
	go func() {
		// A small buffer: io.Discard's pooled 8 KB one cost a child two
		// page faults at every start.
		var buf [64]byte
		for {
			if _, err := ctl.Read(buf[:]); err != nil {
				break
			}
		}
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}()

	n := node.New(b.Name)
	n.ParentPid, n.ParentName = b.ParentPid, b.ParentName
	n.Identity, n.Daemon = b.Identity, b.Daemon
	n.Argv, n.Dir, n.LoadDir = b.Argv, b.Dir, b.LoadDir
	n.MainFile, n.MainSrc = b.MainFile, b.MainSrc
	n.Slot = b.Slot
	n.Names = b.Files
	if warm != nil && slices.Equal(warm.names, b.Files) {
		// One *os.File per fd: a second one's finalizer would close it.
		n.Files, n.Table, n.Arena = warm.files, warm.table, warm.arena
	} else {
		for i, name := range b.Files {
			n.Files = append(n.Files, spawn.ExtraFile(i, name))
		}
	}
	if len(n.Files) == 0 {
		fmt.Fprintln(os.Stderr, "procstar child: no process table inherited")
		return 1, false
	}
	if n.Table != nil {
		// mapped by the spare
	} else if err := openShared(n); err != nil {
		fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
		return 1, false
	}
	n.Stdout, n.Stderr = os.Stdout, os.Stderr
	n.Log = mplog.New(n.Table.Writer(os.Stderr))
	n.Log.Inherit(b.LogOn, b.LogLevel)
	// The child's own output goes straight to the inherited fds; the host's
	// writers were already substituted by the root.
	r.cfg.dir, r.cfg.loadDir = b.Dir, b.LoadDir
	// The parent's compiled main module, which ExecMain decodes rather than
	// compile. A spare's parent sends none if the spare compiled this
	// source as it warmed up; it sends one if the source changed since (a
	// REPL session's definitions).
	interp.OfferCompiled(b.MainFile, b.MainSrc, b.MainProg, b.MainNames)
	s := &session{cfg: r.cfg, node: n}
	s.setup(context.Background(), os.Stdout, os.Stderr)
	code = func() int {
		defer s.close()
		return s.runBootstrap(b)
	}()
	// Its Process object in the parent only (Pool workers and Manager
	// servers are waited for by their reap), and only local: a Launcher's
	// objects live elsewhere.
	ended = s.endedNormally && b.Kind == "" && n.Launcher == nil &&
		(n.Arena == nil || !n.Arena.HeldForReap())
	return code, ended
}

// growStack grows the calling goroutine's stack to 16 KB at once, while it
// is shallow. A child's run (the interpreter's frames are large) would
// otherwise grow it on the way, copying the stack and reading the stack
// maps of its frames each time; in a warm spare that fell after the
// bootstrap arrived: 10 of an activation's 35 page faults, about 0.1 ms.
//
//go:noinline
func growStack() byte {
	var b [12 << 10]byte
	for i := range b {
		b[i] = byte(i) // touched now, not when the run gets that deep
	}
	return b[len(b)/2]
}

// openShared maps the process table and the arena n inherited.
func openShared(n *node.Node) error {
	table, err := ptable.Open(n.Files[0])
	if err != nil {
		return err
	}
	n.Table = table
	for i, name := range n.Names {
		if name == "arena" {
			if n.Arena, err = shm.Open(n.Files[i]); err != nil {
				return err
			}
			n.Arena.SetTable(table)
		}
	}
	return nil
}

// warmState is what a spare prepared before it knew which child it would
// be: the tree's process table and arena, mapped.
type warmState struct {
	names []string
	files []*os.File
	table *ptable.Table
	arena *shm.Arena
}

// warmUp reads a spare's warm-up frame (a bootstrap with the tree's files
// and settings, and the keeper's main module as it is now), maps the shared
// files and compiles the main module (interp.Precompile); false on EOF
// (dropped unused).
func (r *Runtime) warmUp(ctl *os.File) (*warmState, bool) {
	frame, err := spawn.ReadFrame(ctl, spawn.MaxFrame)
	if err != nil {
		return nil, false
	}
	w := &warmState{}
	b, err := node.DecodeBootstrap(frame)
	if err != nil || len(b.Files) == 0 {
		return w, true // the real bootstrap will say what is wrong
	}
	n := &node.Node{Names: b.Files}
	for i, name := range b.Files {
		n.Files = append(n.Files, spawn.ExtraFile(i, name))
	}
	// The files are kept even if they cannot be mapped: the real
	// bootstrap's error says what is wrong.
	w.names, w.files = b.Files, n.Files
	if openShared(n) == nil {
		w.table, w.arena = n.Table, n.Arena
	}
	if b.MainFile != "" && b.Settings != nil {
		// Compile it as setup and runBootstrap will (same settings, same
		// predeclared names), or decode the keeper's compiled program; its
		// top level does not run until activation.
		interp.OfferCompiled(b.MainFile, b.MainSrc, b.MainProg, b.MainNames)
		s := &session{cfg: r.cfg, node: &node.Node{}}
		s.applySettings()
		mods, pre := r.cfg.globals(b.Argv, procenv.NewInput(nil))
		in := interp.New(interp.Config{Predeclared: pre, Modules: mods, FS: r.cfg.fsys})
		in.Precompile(b.MainFile, b.MainSrc, "__mp_main__")
	}
	// The local zone (TZ, /etc/localtime), which the time module reads
	// once: read now, not after activation (a spare started under another
	// TZ is not used).
	timemod.Local()
	return w, true
}

// becomeChild gives a spare the environment and working directory that a
// cold start of its bootstrap would have given it at exec.
func becomeChild(b *node.Bootstrap) error {
	if b.Env != nil && !slices.Equal(b.Env, os.Environ()) {
		os.Clearenv()
		for _, kv := range b.Env {
			if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
				os.Setenv(k, v)
			}
		}
	}
	if b.Cwd != "" {
		if err := os.Chdir(b.Cwd); err != nil {
			return err
		}
	}
	return nil
}

// runBootstrap is a child's life once its process is set up: re-run the
// main module as __mp_main__, run the target (or the child kind), apply
// the exit rules; it returns the exit status.
func (s *session) runBootstrap(b *node.Bootstrap) int {
	n := s.node
	if b.TraceDir != "" {
		n.TraceDir = b.TraceDir
		dir := cmp.Or(s.traceHere, b.TraceDir)
		n.Trace, _ = trace.Open(dir, n.Pid, n.Name()) // untraced if it cannot
	}
	n.Bootstrapping = true
	t0 := time.Now()
	_, err := s.interp.ExecMain(s.thread, n.MainFile, n.MainSrc, "__mp_main__")
	n.Trace.Slice("top level (__mp_main__)", "run", t0, nil)
	n.Bootstrapping = false
	if err != nil {
		return s.childExit(err, false)
	}
	n.ResetCounter()
	// The target is a run of its own: the step limit bounds it, not its
	// sum with the top level's (a Pool worker's tasks get one each too).
	interp.NewRun(s.thread)
	if b.Kind != "" {
		run, ok := node.Kind(b.Kind)
		if !ok {
			fmt.Fprintf(os.Stderr, "procstar child: unknown child kind %q\n", b.Kind)
			return 1
		}
		t0 := time.Now()
		err := run(s.thread, n, b)
		n.Trace.Slice(b.Kind, "run", t0, nil)
		return s.childExit(err, true)
	}
	n.Log.Log(mplog.INFO, n.Name(), "child process calling self.run()")
	t0 = time.Now()
	err = s.runTarget(b)
	n.Trace.Slice("target "+b.Func, "run", t0, nil)
	return s.childExit(err, true)
}

func (s *session) runTarget(b *node.Bootstrap) error {
	if b.Func == "" {
		return nil
	}
	var target starlark.Value
	if b.Module != node.EncodedTarget {
		var err error
		if target, err = s.interp.Func(b.Module, b.Func); err != nil {
			return pyerr.New(pyerr.RuntimeError, "cannot find the target: %v", err)
		}
	}
	av, err := codec.Decode(b.Args, s.interp)
	if err != nil {
		return pyerr.New(pyerr.RuntimeError, "cannot decode the arguments: %v", err)
	}
	if target == nil {
		t, _ := av.(starlark.Tuple)
		if len(t) == 0 {
			return pyerr.New(pyerr.RuntimeError, "cannot find the target: no encoded target")
		}
		target, av = t[0], t[1:]
	}
	kv, err := codec.Decode(b.Kwargs, s.interp)
	if err != nil {
		return pyerr.New(pyerr.RuntimeError, "cannot decode the keyword arguments: %v", err)
	}
	args, _ := av.(starlark.Tuple)
	var kwargs []starlark.Tuple
	if d, ok := kv.(*starlark.Dict); ok {
		kwargs = d.Items()
	}
	_, err = starlark.Call(s.thread, target, args, kwargs)
	return err
}

// childExit prints what Python's _bootstrap prints for err, applies the exit
// rules, and returns the exit status.
func (s *session) childExit(err error, inRun bool) int {
	if inRun {
		// Python's _bootstrap runs the exit function (joining children) before
		// it reports the target's error.
		s.node.Shutdown(s.ctx.Done())
	}
	code := 0
	normal := true // the target returned, or sys.exit: not an uncaught error
	if err != nil {
		switch e := convert(err).(type) {
		case nil:
		case *ExitError:
			code = e.Code
			if e.Message != "" {
				fmt.Fprintln(s.env.Stderr, e.Message)
			}
		case *ScriptError:
			code, normal = 1, false
			msg := e.Traceback
			if inRun {
				msg = "Process " + s.node.Name() + ":\n" + msg
			}
			io.WriteString(s.env.Stderr, msg)
		default:
			code, normal = 1, false
			fmt.Fprintln(s.env.Stderr, e)
		}
	}
	if !inRun {
		s.node.Shutdown(s.ctx.Done())
	}
	s.endedNormally = normal
	if normal && s.node.Arena != nil {
		// As in Python, a normal end keeps the locks and units held; an
		// uncaught error leaves them to the reaper, which releases them.
		s.node.Arena.EndNormally()
	}
	if e, ok := s.node.Launcher.(objects.Ender); ok {
		e.End(normal) // the same, for a backend's objects
	}
	s.node.Log.Log(mplog.INFO, s.node.Name(), fmt.Sprintf("process exiting with exitcode %d", code))
	s.node.Trace.Instant("exit", "process", map[string]any{"exitcode": code})
	s.node.Trace.Close()
	return code
}
