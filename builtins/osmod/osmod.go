// Package osmod is procstar's "os" module: the process-level parts of
// Python's os module that multiprocessing scripts use (getpid, getppid,
// cpu_count, getenv, environ, kill, getcwd), and its file-system functions
// and os.path (fs.go).
//
// Every function reads the calling thread's procenv.Env at call time, so one
// module value can serve threads with different working directories.
package osmod

import (
	"os"
	"path/filepath"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/cpus"
	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
	"github.com/procstar/procstar/runtime/spawn"
)

// processEnviron is the process's one os.environ, as Python has one: the
// script's os module and the private ones that pathlib and shutil call
// share it, so Path.home() and expanduser see os.environ["HOME"] as the
// script set it (a copy made at their first use did not).
var processEnviron = lazy.Value[*Environ]{New: newEnviron}

// Module returns a new "os" module. Its environ is a mapping of the real
// environment: assignments change it (and what children inherit), and
// getenv reads it, as in Python.
func Module() *starlarkstruct.Module { return module(processEnviron.Get()) }

// module is an "os" module with the given environ (a fresh one in tests).
func module(environ *Environ) *starlarkstruct.Module {
	getenv := func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var name string
		var def starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "key", &name, "default?", &def); err != nil {
			return nil, typeError(err)
		}
		// os.environ's value, as CPython's getenv: putenv does not reach it.
		if v, ok, _ := environ.d.Get(starlark.String(name)); ok {
			return v, nil
		}
		return def, nil
	}
	members := fsMembers(environ)
	fdMembers(members)
	for name, v := range extraMembers() {
		members[name] = v
	}
	for name, v := range (starlark.StringDict{
		"getpid":    starlark.NewBuiltin("getpid", getpid),
		"getppid":   starlark.NewBuiltin("getppid", getppid),
		"cpu_count": starlark.NewBuiltin("cpu_count", cpuCount),
		"getenv":    starlark.NewBuiltin("getenv", getenv),
		"environ":   environ,
		"kill":      starlark.NewBuiltin("kill", kill),
		"getcwd":    starlark.NewBuiltin("getcwd", getcwd),
	}) {
		members[name] = v
	}
	return &starlarkstruct.Module{Name: "os", Members: members}
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

func getpid(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	return starlark.MakeInt(os.Getpid()), nil
}

func getppid(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	// A child placed by a cluster's Launcher runs under its worker daemon:
	// its parent is the process that started it, parent_process()'s.
	if n := node.FromThread(thread); n != nil && n.ParentElsewhere {
		return starlark.MakeInt(n.ParentPid), nil
	}
	return starlark.MakeInt(os.Getppid()), nil
}

// cpuCount returns the number of CPUs online, as CPython's: not only those
// the process's affinity mask lets it use (os.sched_getaffinity).
func cpuCount(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	return starlark.MakeInt(cpus.Online()), nil
}

func kill(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv, sv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &pv, &sv); err != nil {
		return nil, typeError(err)
	}
	// pid_t and int are 32 bits: os.kill(2**32-1, s) must not become kill(-1, s).
	pid, err := intarg.Arg(pv)
	if err != nil {
		return nil, err
	}
	sig, err := intarg.Arg(sv)
	if err != nil {
		return nil, err
	}
	if pid == os.Getpid() && spawn.DieBySelfSignal(syscall.Signal(sig)) {
		return starlark.None, nil // not reached
	}
	if n := node.FromThread(thread); n != nil && pid > 0 {
		// A child that ended unjoined is a zombie in Python: the signal
		// goes nowhere, without an error (procstar reaped it already).
		if c := n.Unjoined(pid); c != nil && !c.Alive() {
			return starlark.None, nil
		}
		// So is a subprocess.Popen program that ended unwaited (not seen
		// by poll, wait or communicate).
		if ended := n.Program(pid); ended != nil && closed(ended) {
			return starlark.None, nil
		}
		// A joined child may still be exiting (node.Child.Finished); in
		// Python, join reaped it and kill finds no such process.
		n.AwaitPid(pid)
	}
	// To itself (its pid, its group or every process), a signal is
	// delivered before kill returns: a handler of it runs now.
	self := pid == os.Getpid() || pid == 0 || pid == -1 || pid == -syscall.Getpgrp()
	before := pysignal.Arrivals(sig)
	if err := syscall.Kill(pid, syscall.Signal(sig)); err != nil {
		if n := node.FromThread(thread); err == syscall.ESRCH && n != nil && pid > 0 && (n.Unjoined(pid) != nil || n.Program(pid) != nil) {
			// Reaped since the check above: it has ended, a zombie.
			return starlark.None, nil
		}
		return nil, oserr.Errno(err)
	}
	if self {
		if err := pysignal.SelfSent(thread, sig, before); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// closed reports whether ch is closed.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func getcwd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	if dir := procenv.Get(thread).Dir; dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, oserr.Errno(err)
		}
		return starlark.String(abs), nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.String(wd), nil
}
