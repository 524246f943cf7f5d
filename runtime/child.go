package runtime

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
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
	ctl, ok := spawn.ChildControl()
	if !ok {
		return
	}
	// Ctrl-C reaches the whole foreground process group; the root alone
	// handles it and tears the tree down, so children print no traceback.
	signal.Ignore(syscall.SIGINT)
	spawn.DefaultSignals()
	spawn.Ready(ctl)
	os.Exit(New(opts...).runChild(ctl))
}

// ChildKind runs a child of a kind registered by a builtin (a Pool worker):
// it gets the child's thread and the bootstrap, and returns the exit status.
type ChildKind = node.ChildKind

func (r *Runtime) runChild(ctl *os.File) int {
	frame, err := spawn.ReadFrame(ctl, spawn.MaxFrame)
	if err != nil {
		fmt.Fprintf(os.Stderr, "procstar child: reading bootstrap: %v\n", err)
		return 1
	}
	b, err := node.DecodeBootstrap(frame)
	if err != nil {
		fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
		return 1
	}
	if b.Settings != nil {
		if missing := r.cfg.missingHostNames(b.Settings.HostNames); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "procstar child: the root's runtime.New options define %s, which this process's runtime.Dispatch options do not: pass runtime.Dispatch the same options\n", strings.Join(missing, ", "))
			return 1
		}
	}
	// EOF on the control socket means the parent is gone: PDEATHSIG normally
	// got here first, this covers the cases it cannot (a parent thread exit).
	go func() {
		io.Copy(io.Discard, ctl)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}()

	n := node.New(b.Name)
	n.ParentPid, n.ParentName = b.ParentPid, b.ParentName
	n.Identity, n.Daemon = b.Identity, b.Daemon
	n.Argv, n.Dir, n.LoadDir = b.Argv, b.Dir, b.LoadDir
	n.MainFile, n.MainSrc = b.MainFile, b.MainSrc
	n.Slot = b.Slot
	n.Names = b.Files
	for i, name := range b.Files {
		n.Files = append(n.Files, spawn.ExtraFile(i, name))
	}
	if len(n.Files) == 0 {
		fmt.Fprintln(os.Stderr, "procstar child: no process table inherited")
		return 1
	}
	table, err := ptable.Open(n.Files[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
		return 1
	}
	n.Table = table
	for i, name := range n.Names {
		if name == "arena" {
			if n.Arena, err = shm.Open(n.Files[i]); err != nil {
				fmt.Fprintf(os.Stderr, "procstar child: %v\n", err)
				return 1
			}
			n.Arena.SetTable(table)
		}
	}
	n.Stdout, n.Stderr = os.Stdout, os.Stderr
	n.Log = mplog.New(table.Writer(os.Stderr))
	n.Log.Inherit(b.LogOn, b.LogLevel)
	// The child's own output goes straight to the inherited fds; the host's
	// writers were already substituted by the root.
	r.cfg.dir, r.cfg.loadDir = b.Dir, b.LoadDir
	s := &session{cfg: r.cfg, node: n}
	s.setup(context.Background(), os.Stdout, os.Stderr)
	defer s.close()
	return s.runBootstrap(b)
}

// runBootstrap is a child's life once its process is set up: re-run the
// main module as __mp_main__, run the target (or the child kind), apply
// the exit rules; it returns the exit status.
func (s *session) runBootstrap(b *node.Bootstrap) int {
	n := s.node
	if b.TraceDir != "" {
		n.TraceDir = b.TraceDir
		n.Trace, _ = trace.Open(b.TraceDir, n.Pid, n.Name()) // untraced if it cannot
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
	target, err := s.interp.Func(b.Module, b.Func)
	if err != nil {
		return pyerr.New(pyerr.RuntimeError, "cannot find the target: %v", err)
	}
	av, err := codec.Decode(b.Args, s.interp)
	if err != nil {
		return pyerr.New(pyerr.RuntimeError, "cannot decode the arguments: %v", err)
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
