// Package ptytest opens pseudo-terminals for tests that need a real
// terminal (the REPL's line editing, Pool's progress line).
package ptytest

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Open returns the two ends of a new pseudo-terminal.
func Open() (master, slave *os.File, err error) {
	mfd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := unix.IoctlSetPointerInt(mfd, unix.TIOCSPTLCK, 0); err != nil {
		unix.Close(mfd)
		return nil, nil, err
	}
	// TIOCGPTPEER opens the other end without a path in /dev/pts.
	sfd, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(mfd), unix.TIOCGPTPEER, uintptr(unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC))
	if errno != 0 {
		unix.Close(mfd)
		return nil, nil, errno
	}
	return os.NewFile(uintptr(mfd), "ptmx"), os.NewFile(sfd, "pts"), nil
}

// A Term is a command running on a pseudo-terminal of its own (its
// controlling terminal, in a session of its own), with what it wrote.
type Term struct {
	t      testing.TB
	cmd    *exec.Cmd
	master *os.File
	exited chan error

	mu  sync.Mutex
	out []byte
}

// Start runs cmd on a new pseudo-terminal until the test ends (then it
// is killed); it skips the test where no pseudo-terminal can be opened.
func Start(t testing.TB, cmd *exec.Cmd) *Term {
	t.Helper()
	master, slave, err := Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		master.Close()
		slave.Close()
		t.Fatal(err)
	}
	slave.Close()
	tm := &Term{t: t, cmd: cmd, master: master, exited: make(chan error, 1)}
	go func() { tm.exited <- cmd.Wait() }()
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			tm.mu.Lock()
			tm.out = append(tm.out, buf[:n]...)
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		err := <-tm.exited
		tm.exited <- err
		master.Close()
	})
	return tm
}

// Output is what the command wrote so far.
func (tm *Term) Output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return string(tm.out)
}

// Send types s.
func (tm *Term) Send(s string) { tm.master.Write([]byte(s)) }

// WaitText waits up to d until the output after offset from contains s,
// and returns the offset past it; the test fails if it never does.
func (tm *Term) WaitText(from int, s string, d time.Duration) int {
	tm.t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if o := tm.Output(); from <= len(o) {
			if i := strings.Index(o[from:], s); i >= 0 {
				return from + i + len(s)
			}
		}
	}
	tm.t.Fatalf("terminal never showed %q after offset %d; it shows:\n%q", s, from, tm.Output())
	return 0
}

// Exit waits up to d for the command to end and returns how it ended; the
// test fails if it does not.
func (tm *Term) Exit(d time.Duration) error {
	tm.t.Helper()
	select {
	case err := <-tm.exited:
		tm.exited <- err
		return err
	case <-time.After(d):
		tm.t.Fatalf("the command did not end:\n%q", tm.Output())
		return nil
	}
}
