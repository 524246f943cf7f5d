package spawn

import (
	"os"
	"os/signal"
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
	c := make(chan os.Signal, 1)
	signal.Notify(c, fatalSignals...)
	go func() {
		sig := (<-c).(syscall.Signal)
		dieBy(sig)
	}()
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
