// Package spawn starts procstar children: re-executions of the running binary
// that find a control socket on fd 3 and a bootstrap frame on it.
//
// It owns the two guarantees that no child outlives its parent: every child
// gets PR_SET_PDEATHSIG=SIGKILL, and since the kernel ties that signal to the
// OS thread that forked (not the process), all forks happen on a few
// goroutines locked to their threads for the life of the process. The
// control socket backs this up: a child that sees EOF on it knows its parent
// is gone.
package spawn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// EnvVar marks a child process; its value is the control fd number.
const EnvVar = "PROCSTAR_CHILD_FD"

// runtimeEnvVar lists, in a child, the names of its Request.RuntimeEnv.
const runtimeEnvVar = "PROCSTAR_RUNTIME_ENV"

// spareEnvVar marks a warm spare (Request.Spare).
const spareEnvVar = "PROCSTAR_SPARE"

// ControlFD is where a child finds its control socket; extra files follow it.
const ControlFD = 3

// FirstExtraFD is the fd of Request.Files[0] in the child.
const FirstExtraFD = ControlFD + 1

// Request describes a child to start.
type Request struct {
	Args   []string // argv; Args[0] is shown by ps. The binary is always /proc/self/exe.
	Dir    string
	Env    []string   // nil means the parent's environment
	Files  []*os.File // inherited as fds FirstExtraFD, FirstExtraFD+1, ...
	Stdout *os.File
	Stderr *os.File
	// RuntimeEnv ("NAME=value") is added to Env for the child's Go runtime,
	// which reads some settings (GOMAXPROCS) only at start; ChildControl
	// removes it again, so the script sees its parent's environment.
	RuntimeEnv []string
	// Spare starts a warm spare: Start writes no bootstrap, the child
	// reads a warm-up frame and then waits for its bootstrap (or EOF, on
	// which it exits quietly), see IsSpare.
	Spare bool
}

// Proc is a started child, seen from its parent.
type Proc struct {
	Pid     int
	Control *os.File // the parent's end of the control socket

	cmd   *exec.Cmd
	done  chan struct{}
	ready chan struct{} // closed once the child is Ready (or gone)
	code  int           // Python's exitcode, set before done is closed
	// ended is closed when the child announces its end (End), endCode
	// set before.
	ended   chan struct{}
	endCode int
}

var (
	forkOnce sync.Once
	forkReqs chan func()
)

// onForkThread runs f on one of the process's dedicated, permanently locked
// threads.
func onForkThread(f func()) {
	forkOnce.Do(func() {
		forkReqs = make(chan func())
		// One thread per CPU (up to 4), so that starts overlap: a fork
		// thread waits out the whole exec of the child it forks.
		for range min(max(runtime.NumCPU(), 1), 4) {
			go func() {
				// Never unlocked and never returns: the thread must outlive every
				// child it forked, or the kernel would send them their death signal.
				runtime.LockOSThread()
				for f := range forkReqs {
					f()
				}
			}()
		}
	})
	done := make(chan struct{})
	forkReqs <- func() { f(); close(done) }
	<-done
}

// Start starts a child and writes bootstrap to its control socket (none
// when bootstrap is nil: a spare's frames are written by its keeper).
func Start(req Request, bootstrap []byte) (*Proc, error) {
	if err := CheckThreads(ProcessThreads); err != nil {
		return nil, fmt.Errorf("spawn: %w", err)
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("socketpair: %w", err)
	}
	// Non-blocking, so that the reader of the ready byte (see WaitReady)
	// waits in the poller rather than on a thread.
	unix.SetNonblock(fds[0], true)
	parentEnd := os.NewFile(uintptr(fds[0]), "procstar-control")
	childEnd := os.NewFile(uintptr(fds[1]), "procstar-control-child")
	defer childEnd.Close()

	env := req.Env
	if env == nil {
		env = os.Environ()
	}
	env = append(env[:len(env):len(env)], fmt.Sprintf("%s=%d", EnvVar, ControlFD))
	if len(req.RuntimeEnv) > 0 {
		names := make([]string, len(req.RuntimeEnv))
		for i, kv := range req.RuntimeEnv {
			names[i], _, _ = strings.Cut(kv, "=")
		}
		env = append(env, req.RuntimeEnv...)
		env = append(env, runtimeEnvVar+"="+strings.Join(names, ","))
	}
	if req.Spare {
		env = append(env, spareEnvVar+"=1")
	}

	devnull, err := os.Open(os.DevNull)
	if err != nil {
		parentEnd.Close()
		return nil, err
	}
	defer devnull.Close()

	cmd := &exec.Cmd{
		Path:       "/proc/self/exe",
		Args:       req.Args,
		Dir:        req.Dir,
		Env:        env,
		Stdin:      devnull,
		Stdout:     req.Stdout,
		Stderr:     req.Stderr,
		ExtraFiles: append([]*os.File{childEnd}, req.Files...),
		SysProcAttr: &syscall.SysProcAttr{
			Pdeathsig: syscall.SIGKILL,
		},
	}
	if len(cmd.Args) == 0 {
		cmd.Args = []string{os.Args[0]}
	}
	onForkThread(func() { err = cmd.Start() })
	if err != nil {
		parentEnd.Close()
		return nil, fmt.Errorf("spawn: %w", err)
	}
	p := &Proc{Pid: cmd.Process.Pid, Control: parentEnd, cmd: cmd, done: make(chan struct{}), ready: make(chan struct{}), ended: make(chan struct{})}
	go p.wait()
	if bootstrap != nil {
		if err := WriteFrame(parentEnd, bootstrap); err != nil {
			// The child died before reading its bootstrap; its exit status says why.
			cmd.Process.Kill()
		}
	}
	go func() {
		// EOF or an error if the child dies first, or once the parent
		// closes Control.
		var b [1]byte
		parentEnd.Read(b[:])
		close(p.ready)
		// Then the end notice, if the child sends one (End). The reaper
		// closes Control once the child is reaped, which ends this read
		// if it has not come.
		var e [2]byte
		if _, err := io.ReadFull(parentEnd, e[:]); err == nil && e[0] == endNotice {
			p.endCode = int(e[1])
			close(p.ended)
		}
	}()
	return p, nil
}

// What a child writes on its control socket: readyByte once (Ready), then
// possibly endNotice and its exit status (End).
const (
	readyByte = 1
	endNotice = 2
)

// Ready tells the parent that this child's signal handling is in place
// (DefaultSignals): see Proc.WaitReady.
func Ready(ctl *os.File) {
	ctl.Write([]byte{readyByte})
}

// End tells the parent that this child is about to exit with status code
// and has nothing left that its reap gives back in a way any other process
// could see (see Proc.Ended). It is the child's last act before os.Exit.
func End(ctl *os.File, code int) {
	// The status the kernel reports is code's low byte (os.Exit(256)
	// exits 0), so is the one announced.
	ctl.Write([]byte{endNotice, byte(code)})
}

// Ended is closed when the child has announced its end (End) with the
// status EndCode: it is exiting, and its reap (Done) follows, a fraction
// of a millisecond later (the kernel tears its address space down before
// it tells the parent). A child that dies otherwise never closes it.
func (p *Proc) Ended() <-chan struct{} { return p.ended }

// EndCode is the status a child announced (End), read once Ended is closed.
func (p *Proc) EndCode() int { return p.endCode }

// WaitReady waits until the child's signal handlers are in place, or it
// has ended. Before, a signal would meet the Go runtime's handlers: a crash
// dump and exit status 2 (SIGQUIT, SIGSEGV...), or nothing (SIGUSR1...).
// So the pid is shown to the script, and Signal sends, only after it.
func (p *Proc) WaitReady() {
	select {
	case <-p.ready:
	case <-p.done:
	}
}

// Done is closed once the child has exited and been reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// ExitCode is Python's Process.exitcode: nil while running, the exit status,
// or -N when killed by signal N.
func (p *Proc) ExitCode() (int, bool) {
	select {
	case <-p.done:
	default:
		return 0, false
	}
	return p.code, true
}

// Signal sends sig to the child unless it has already been reaped; any
// signal but SIGKILL once the child is ready (WaitReady).
func (p *Proc) Signal(sig syscall.Signal) error {
	if sig != syscall.SIGKILL {
		p.WaitReady()
	}
	select {
	case <-p.done:
		return nil
	default:
	}
	err := p.cmd.Process.Signal(sig)
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}

// MaxFrame bounds control frames so a corrupt length prefix cannot make a
// process allocate without limit.
const MaxFrame = 1 << 30

// WriteFrame writes a length-prefixed frame.
func WriteFrame(w io.Writer, b []byte) error {
	buf := make([]byte, 4+len(b))
	binary.LittleEndian.PutUint32(buf, uint32(len(b)))
	copy(buf[4:], b)
	_, err := w.Write(buf)
	return err
}

// ReadFrame reads one frame written by WriteFrame, refusing frames over max.
func ReadFrame(r io.Reader, max int) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if int64(n) > int64(max) {
		return nil, fmt.Errorf("control frame of %d bytes exceeds the limit of %d", n, max)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// IsChild reports whether this process was started as a procstar child and
// has not taken its control socket yet (ChildControl): a host that calls
// runtime.New before runtime.Dispatch.
func IsChild() bool { return os.Getenv(EnvVar) != "" }

// ChildControl returns the control socket if this process is a procstar
// child, and removes the marker from the environment so the script sees
// exactly its parent's environment.
func ChildControl() (*os.File, bool) {
	if os.Getenv(EnvVar) == "" {
		return nil, false
	}
	os.Unsetenv(EnvVar)
	if _, ok := os.LookupEnv(spareEnvVar); ok {
		isSpare = true
		os.Unsetenv(spareEnvVar)
	}
	if names, ok := os.LookupEnv(runtimeEnvVar); ok {
		for _, name := range strings.Split(names, ",") {
			os.Unsetenv(name)
		}
		os.Unsetenv(runtimeEnvVar)
	}
	// Non-blocking, so that a read waits in the Go runtime's poller: a
	// blocking one took a thread of its own, which costs every child
	// about 0.1 ms of CPU to create.
	unix.SetNonblock(ControlFD, true)
	return os.NewFile(ControlFD, "procstar-control"), true
}

var isSpare bool

// IsSpare reports whether this child was started as a warm spare
// (Request.Spare); valid after ChildControl.
func IsSpare() bool { return isSpare }

// ExtraFile returns the i-th inherited extra file of a child.
func ExtraFile(i int, name string) *os.File {
	return os.NewFile(uintptr(FirstExtraFD+i), name)
}

// wait waits for the child's end and closes done. It waits in the Go
// runtime's poller on a pidfd, holding no OS thread: a blocking wait per
// child cost a thread each (1,500 children: 3,000 threads), and under a
// process-count limit (ulimit -u) the Go runtime could not create one and
// aborted. Without a pidfd (out of file descriptors) it waits blocking.
func (p *Proc) wait() {
	if code, ok := waitPollable(p.Pid); ok {
		p.code = code
		p.cmd.Process.Release() // reaped here: drop os.Process's own handle
	} else {
		p.cmd.Wait()
		ws, _ := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
		switch {
		case ws.Signaled():
			p.code = -int(ws.Signal())
		default:
			p.code = ws.ExitStatus()
		}
	}
	close(p.done)
}

// waitPollable reaps pid once it has ended, waiting on a pidfd in the
// poller, and returns its exitcode (-N: signal N); false if it could not
// (no pidfd, or waitid failed: nothing was reaped).
// WaitPollable waits for the end of the child pid in the Go runtime's
// poller (a pidfd), holding no OS thread, and reaps it: its exit status, or
// -N if signal N killed it. False if it cannot (no pidfd: out of file
// descriptors, an old kernel), the child then not reaped.
func WaitPollable(pid int) (int, bool) { return waitPollable(pid) }

// WaitPidfd reaps the child of pidfd if it has ended, without waiting:
// its exitcode (-N: signal N), or false if nothing was reaped.
func WaitPidfd(pidfd int) (int, bool) {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PIDFD, pidfd, &info, unix.WEXITED|unix.WNOHANG, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil || childPid(&info) == 0 {
			return 0, false
		}
		return exitCode(&info), true
	}
}

func waitPollable(pid int) (int, bool) {
	fd, err := unix.PidfdOpen(pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		return 0, false
	}
	f := os.NewFile(uintptr(fd), "pidfd")
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, false
	}
	var info unix.Siginfo
	var werr error
	err = rc.Read(func(fd uintptr) bool {
		info = unix.Siginfo{}
		werr = unix.Waitid(unix.P_PIDFD, int(fd), &info, unix.WEXITED|unix.WNOHANG, nil)
		if werr == unix.EINTR {
			return false
		}
		return werr != nil || childPid(&info) != 0 // else not ended yet: wait for readability
	})
	if err != nil || werr != nil {
		return 0, false
	}
	return exitCode(&info), true
}

// siginfo of SIGCHLD (x/sys/unix leaves it opaque): si_signo, si_errno,
// si_code, padding, then si_pid, si_uid, si_status.
type chldInfo struct {
	signo, errno, code, _ int32
	pid                   int32
	uid                   uint32
	status                int32
}

func childPid(info *unix.Siginfo) int { return int((*chldInfo)(unsafe.Pointer(info)).pid) }

// exitCode is Python's exitcode of a waitid result: the status for an exit
// (CLD_EXITED), -N for a death by signal N (CLD_KILLED, CLD_DUMPED).
func exitCode(info *unix.Siginfo) int {
	c := (*chldInfo)(unsafe.Pointer(info))
	const cldExited = 1 // CLD_EXITED, <signal.h>
	if c.code == cldExited {
		return int(c.status)
	}
	return -int(c.status)
}
