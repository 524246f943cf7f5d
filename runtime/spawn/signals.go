package spawn

import (
	"os"
	"os/signal"
	"slices"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// fatalSignals end a process by default, but the Go runtime ignores some of
// them (SIGUSR1, SIGHUP when not on a terminal...) and turns others into a
// stack dump and exit status 2 (SIGQUIT, SIGABRT). A Python child dies of
// them, and its exitcode is -N. (Python ignores SIGPIPE and SIGXFSZ, as Go
// does when they are not asked for.)
var fatalSignals = []os.Signal{
	syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2,
	syscall.SIGALRM, syscall.SIGABRT, syscall.SIGVTALRM, syscall.SIGXCPU,
	syscall.SIGPWR, syscall.SIGSTKFLT,
	// Sent with kill (not raised by a fault), these are asynchronous and
	// reach Notify; a real fault still crashes with Go's report.
	syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL,
	syscall.SIGTRAP, syscall.SIGSYS,
}

// DefaultSignals makes the fatal signals kill this process the way the
// kernel's default action would, so a parent sees death by that signal.
func DefaultSignals() {
	defaulted.Store(true)
	c := make(chan os.Signal, 1)
	signal.Notify(c, fatalSignals...)
	defaultCh.Store(&c)
	go func() {
		for s := range c {
			sig := s.(syscall.Signal)
			if !scriptHandled(sig) {
				dieBy(sig)
			}
			if f := forward.Load(); f != nil {
				(*f)(sig)
			}
		}
	}()
}

// forward is ForwardScriptSignals' function.
var forward atomic.Pointer[func(syscall.Signal)]

// ForwardScriptSignals makes DefaultSignals hand the signals it receives
// while a script's handler takes them (SetScriptHandled) to f, rather than
// f's caller receiving them too: one receiver decides, in arrival order,
// whether an arrival is the script's or kills the process. With two, a
// signal the script's handler had already run for could reach this
// receiver after the script gave the signal back to SIG_DFL, and kill it.
func ForwardScriptSignals(f func(syscall.Signal)) { forward.Store(&f) }

// Forwards reports whether DefaultSignals receives sig in this process,
// and so hands it to ForwardScriptSignals' function.
func Forwards(sig syscall.Signal) bool { return IsDefaulted(sig) }

// defaultCh is DefaultSignals' channel, to give a signal back to it.
var defaultCh atomic.Pointer[chan os.Signal]

// handled marks the signals a script's handler has (signal.signal): the
// default action no longer applies to them.
var handled [65]atomic.Bool

func scriptHandled(sig syscall.Signal) bool {
	return int(sig) < len(handled) && handled[sig].Load()
}

// SetScriptHandled tells DefaultSignals that a script's handler takes sig
// (on) or gave it back (off): then, if sig is one DefaultSignals gives its
// default action, it has it again (after a signal.Ignore, say).
func SetScriptHandled(sig syscall.Signal, on bool) {
	if int(sig) >= len(handled) {
		return
	}
	handled[sig].Store(on)
	if c := defaultCh.Load(); !on && c != nil && slices.Contains(fatalSignals, os.Signal(sig)) {
		signal.Notify(*c, sig)
	}
}

// IsDefaulted reports whether DefaultSignals gives sig its default action
// in this process.
func IsDefaulted(sig syscall.Signal) bool {
	return defaulted.Load() && slices.Contains(fatalSignals, os.Signal(sig))
}

// defaulted is whether DefaultSignals holds in this process (an embedding
// host's process keeps Go's handling).
var defaulted atomic.Bool

// DieBySelfSignal is for a signal the process sends itself (os.kill of its
// own pid): if sig is one DefaultSignals gives its default action, the
// process dies by it now, as one without a handler does before kill
// returns, and this does not return; otherwise it reports false. Left to
// the Notify goroutine, the script ran on meanwhile: a Pool task that
// killed its worker with SIGABRT could still return its result.
func DieBySelfSignal(sig syscall.Signal) bool {
	if !defaulted.Load() || !slices.Contains(fatalSignals, os.Signal(sig)) || scriptHandled(sig) {
		return false
	}
	dieBy(sig)
	return true
}

// dieBy restores the kernel's default action for sig and raises it.
func dieBy(sig syscall.Signal) {
	// struct kernel_sigaction {handler, flags, restorer, mask}: all zero is
	// SIG_DFL with no flags. signal.Reset is not enough: it leaves Go's
	// handler installed.
	var sa [4]uintptr
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&sa)), 0, 8, 0, 0)
	unix.Kill(os.Getpid(), sig)
	time.Sleep(time.Second) // the signal is on its way
	os.Exit(128 + int(sig))
}
