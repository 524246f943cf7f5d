package spawn

import (
	"os"
	"os/signal"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// isFatal reports whether sig is one of the signals that end a process by
// default but that the Go runtime ignores (SIGUSR1, SIGHUP when not on a
// terminal...) or turns into a stack dump and exit status 2 (SIGQUIT,
// SIGABRT): the kernelDefault and the faultSignals. A Python child dies of
// them, and its exitcode is -N. (Python ignores SIGPIPE and SIGXFSZ, as Go
// does when they are not asked for.)
func isFatal(sig syscall.Signal) bool {
	return slices.Contains(kernelDefault, os.Signal(sig)) || slices.Contains(faultSignals, os.Signal(sig))
}

// kernelDefault are the fatal signals Go's runtime has no use for:
// DefaultSignals gives them back to the kernel's default action directly
// (rt_sigaction), so a process that never hands one to a script's handler
// pays nothing for them. Through os/signal, each cost a round trip with
// the runtime's signal thread at every process start.
var kernelDefault = []os.Signal{
	syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2,
	syscall.SIGALRM, syscall.SIGABRT, syscall.SIGVTALRM, syscall.SIGXCPU,
	syscall.SIGPWR, syscall.SIGSTKFLT,
}

// faultSignals are those the kernel raises for faults. Go's handler stays
// (a nil pointer is a Go panic, a real fault a crash with Go's report);
// sent with kill, they are asynchronous and reach Notify.
var faultSignals = []os.Signal{
	syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL,
	syscall.SIGTRAP, syscall.SIGSYS,
}

// DefaultSignals makes the fatal signals kill this process the way the
// kernel's default action would, so a parent sees death by that signal.
// A second call does nothing.
func DefaultSignals() {
	if defaulted.Swap(true) {
		return
	}
	for _, s := range kernelDefault {
		sig := s.(syscall.Signal)
		// Go's handler is kept to give back when a script's handler
		// takes the signal (adopt).
		sigaction(sig, &sigDefault, &goAction[sig])
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, faultSignals...)
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

// kernelAction is the kernel's struct sigaction as rt_sigaction takes it
// (handler, flags, restorer, mask), treated as opaque words.
type kernelAction [4]uintptr

// sigDefault is SIG_DFL with no flags: all zero.
var sigDefault kernelAction

// goAction holds Go's handler of each kernelDefault signal, as it was
// before DefaultSignals replaced it.
var goAction [65]kernelAction

// adopted marks the kernelDefault signals given back to Go's handler and to
// DefaultSignals' channel, as the fault signals are, once a script's
// handler took them (SetScriptHandled).
var adopted [65]bool

// adoptMu orders adoptions.
var adoptMu sync.Mutex

// adopt hands a kernelDefault signal to DefaultSignals' channel and gives
// the kernel Go's handler back, in that order: until then the kernel's
// default action applies, as it did, and from then on DefaultSignals
// decides as for the fault signals.
func adopt(sig syscall.Signal) {
	adoptMu.Lock()
	defer adoptMu.Unlock()
	c := defaultCh.Load()
	if c == nil || adopted[sig] || !slices.Contains(kernelDefault, os.Signal(sig)) {
		return
	}
	signal.Notify(*c, sig)
	sigaction(sig, &goAction[sig], nil)
	adopted[sig] = true
}

// sigaction is rt_sigaction(2): sets sig's action to act, if not nil, and
// stores the previous one in old, if not nil.
func sigaction(sig syscall.Signal, act, old *kernelAction) {
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
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
// (on: a kernelDefault signal is adopted first) or gave it back (off):
// then, if sig is one DefaultSignals gives its default action, it has it
// again (after a signal.Ignore, say).
func SetScriptHandled(sig syscall.Signal, on bool) {
	if int(sig) >= len(handled) {
		return
	}
	handled[sig].Store(on)
	if on && defaulted.Load() {
		adopt(sig)
	}
	if c := defaultCh.Load(); !on && c != nil && isFatal(sig) {
		signal.Notify(*c, sig)
	}
}

// IsDefaulted reports whether DefaultSignals gives sig its default action
// in this process.
func IsDefaulted(sig syscall.Signal) bool {
	return defaulted.Load() && isFatal(sig)
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
	if !defaulted.Load() || !isFatal(sig) || scriptHandled(sig) {
		return false
	}
	dieBy(sig)
	return true
}

// dieBy restores the kernel's default action for sig and raises it.
func dieBy(sig syscall.Signal) {
	// signal.Reset is not enough: it leaves Go's handler installed.
	sigaction(sig, &sigDefault, nil)
	unix.Kill(os.Getpid(), sig)
	time.Sleep(time.Second) // the signal is on its way
	os.Exit(128 + int(sig))
}
