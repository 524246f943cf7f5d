// Package signalmod is procstar's "signal" module: the signal numbers
// (os.kill(pid, signal.SIGTERM), Popen.send_signal(signal.SIGINT)),
// strsignal, valid_signals, raise_signal, and handlers (signal.signal,
// getsignal), which runtime/pysignal runs as Python does: in the thread
// that installed them, between steps or during a sleep.
package signalmod

import (
	"fmt"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
	"github.com/procstar/procstar/runtime/spawn"
)

// Linux's real-time signals, as glibc reserves them (CPython's SIGRTMIN).
const (
	rtMin = 34
	rtMax = 64
	nsig  = pysignal.NSIG
)

// names are the signals by number, as Python's Signals enumerates them.
var names = [...]string{1: "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
	"SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
	"SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
	"SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"}

// descriptions are glibc's strsignal texts, which CPython returns.
var descriptions = [...]string{1: "Hangup", "Interrupt", "Quit", "Illegal instruction", "Trace/breakpoint trap",
	"Aborted", "Bus error", "Floating point exception", "Killed", "User defined signal 1", "Segmentation fault",
	"User defined signal 2", "Broken pipe", "Alarm clock", "Terminated", "Stack fault", "Child exited",
	"Continued", "Stopped (signal)", "Stopped", "Stopped (tty input)", "Stopped (tty output)",
	"Urgent I/O condition", "CPU time limit exceeded", "File size limit exceeded", "Virtual timer expired",
	"Profiling timer expired", "Window changed", "I/O possible", "Power failure", "Bad system call"}

// Module returns a new "signal" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"NSIG":          starlark.MakeInt(nsig),
		"SIG_DFL":       starlark.MakeInt(0),
		"SIG_IGN":       starlark.MakeInt(1),
		"SIGRTMIN":      starlark.MakeInt(rtMin),
		"SIGRTMAX":      starlark.MakeInt(rtMax),
		"SIGIOT":        starlark.MakeInt(int(syscall.SIGABRT)),
		"SIGPOLL":       starlark.MakeInt(int(syscall.SIGIO)),
		"SIGCLD":        starlark.MakeInt(int(syscall.SIGCHLD)),
		"strsignal":     starlark.NewBuiltin("strsignal", strsignal),
		"valid_signals": starlark.NewBuiltin("valid_signals", validSignals),
		"raise_signal":  starlark.NewBuiltin("raise_signal", raiseSignal),
		"alarm":         starlark.NewBuiltin("alarm", alarm),
	}
	dih := starlark.NewBuiltin("default_int_handler", defaultIntHandler)
	m["default_int_handler"] = dih
	m["signal"] = starlark.NewBuiltin("signal", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return setHandler(thread, b, args, kwargs, dih)
	})
	m["getsignal"] = starlark.NewBuiltin("getsignal", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return getHandler(b, args, kwargs, dih)
	})
	for n, name := range names {
		if name != "" {
			m[name] = starlark.MakeInt(n)
		}
	}
	return &starlarkstruct.Module{Name: "signal", Members: m}
}

// cintArg is the one positional argument of b, a C int (TypeError and
// OverflowError as CPython's).
func cintArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return 0, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return intarg.CInt(v)
}

// signum is a signal number argument, checked as CPython checks it.
func signum(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	n, err := cintArg(b, args, kwargs)
	if err != nil {
		return 0, err
	}
	if n < 1 || n >= nsig {
		return 0, pyerr.New(pyerr.ValueError, "signal number out of range")
	}
	return n, nil
}

func strsignal(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := signum(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	switch {
	case n < len(descriptions):
		return starlark.String(descriptions[n]), nil
	case n >= rtMin:
		return starlark.String(fmt.Sprintf("Real-time signal %d", n-rtMin)), nil
	}
	return starlark.None, nil // 32 and 33: glibc's own, unnamed
}

func validSignals(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	s := starlark.NewSet(nsig)
	for n := 1; n < nsig; n++ {
		if n < len(names) || n >= rtMin {
			s.Insert(starlark.MakeInt(n))
		}
	}
	return s, nil
}

// defaultIntHandler is SIGINT's handler as Python starts (getsignal's).
func defaultIntHandler(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return nil, pyerr.New("KeyboardInterrupt", "")
}

// setHandler is signal.signal(signalnum, handler): the previous handler;
// dih is the module's default_int_handler.
func setHandler(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, dih starlark.Value) (starlark.Value, error) {
	var sigV, handler starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &sigV, &handler); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n, err := intarg.CInt(sigV)
	if err != nil {
		return nil, err
	}
	if n < 1 || n >= nsig {
		return nil, pyerr.New(pyerr.ValueError, "signal number out of range")
	}
	switch h := handler.(type) {
	case starlark.Int:
		if v, _ := h.Int64(); v != pysignal.SIG_DFL && v != pysignal.SIG_IGN {
			return nil, pyerr.New(pyerr.TypeError, "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
		}
	case starlark.Callable:
	default:
		return nil, pyerr.New(pyerr.TypeError, "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
	}
	if n == int(syscall.SIGKILL) || n == int(syscall.SIGSTOP) {
		return nil, pyerr.New("OSError", "[Errno %d] %s", int(syscall.EINVAL), "Invalid argument")
	}
	return pysignal.Install(thread, n, handler, dih)
}

func getHandler(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, dih starlark.Value) (starlark.Value, error) {
	n, err := signum(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return pysignal.Get(n, dih), nil
}

// alarm is signal.alarm(seconds): SIGALRM in that many seconds (0: none),
// returning what was left of the previous alarm, rounded as C's alarm.
func alarm(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := cintArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyerr.New("OverflowError", "can't convert negative int to unsigned")
	}
	old, err := unix.Setitimer(unix.ItimerReal, unix.Itimerval{Value: unix.Timeval{Sec: int64(n)}})
	if err != nil {
		return nil, pyerr.New("OSError", "%s", err)
	}
	left := old.Value.Sec
	if (left == 0 && old.Value.Usec != 0) || old.Value.Usec >= 500000 {
		left++
	}
	return starlark.MakeInt64(left), nil
}

// raiseSignal is signal.raise_signal(n): the signal sent to this process,
// whose default action (or procstar's handling) then applies.
func raiseSignal(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := cintArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if n < 0 || n >= nsig { // C's raise(n) refuses it; 0 sends nothing
		return nil, pyerr.New("OSError", "[Errno %d] %s", int(syscall.EINVAL), "Invalid argument")
	}
	// A signal whose default action procstar restores kills the process
	// now, as raise() does, not once the script has run on (os.kill's way).
	if n != 0 && spawn.DieBySelfSignal(syscall.Signal(n)) {
		return starlark.None, nil
	}
	before := pysignal.Arrivals(n)
	if err := syscall.Kill(syscall.Getpid(), syscall.Signal(n)); err != nil {
		return nil, pyerr.New("OSError", "[Errno %d] %s", int(err.(syscall.Errno)), err)
	}
	// Its handler runs before raise_signal returns, as C's raise() runs it.
	if err := pysignal.SelfSent(thread, n, before); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
