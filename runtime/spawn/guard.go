package spawn

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A program started with subprocess runs in its own process group, with
// the parent-death signal; that signal kills the program alone, so when
// the process that started it dies by SIGKILL (nothing of it runs then),
// the program's own children (`sh -c "sleep 300 & ..."`) would live on.
// A guard covers that case: a small helper process, one per procstar
// process that starts programs, which this process tells the process
// group of each program it starts and each it has reaped, through a pipe.
// When the pipe ends, this process is gone however it died (the kernel
// closes its descriptors even after SIGKILL), and the guard kills every
// group still registered, then exits. What was written before stays
// readable after the writer's death, so the guard need not read each line
// as it comes: while programs start it reads at most every guardBatch,
// sleeping meanwhile until the pipe's end (a wake-up of the guard per
// program and per reap cost a tenth of subprocess.run's rate). The guard runs in a session of its
// own, so that Ctrl-C or a signal to the tree's process group does not
// end it before it has done its work. It is this binary again: hosts call
// runtime.Dispatch first thing in main, which runs it (RunGuard).

// guardEnvVar marks a guard process.
const guardEnvVar = "PROCSTAR_GUARD"

// guardThreads is about how many threads a guard runs (GOMAXPROCS=1).
const guardThreads = 8

// guardBatch is how long a guard that has just read lines leaves the next
// ones in the pipe (64 KiB holds thousands) before it reads them.
const guardBatch = 100 * time.Millisecond

var guard struct {
	mu sync.Mutex
	w  *os.File // the pipe to the guard; nil until the first program
}

// StartGuard starts this process's guard if it has none yet: call it
// before starting a program, so that a failure leaves nothing to undo.
func StartGuard() error {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.w == nil {
		w, err := startGuard()
		if err != nil {
			return err // tried again at the next program
		}
		guard.w = w
	}
	return nil
}

// GuardGroup asks this process's guard (see StartGuard) to kill process
// group pgid should this process die before calling ReleaseGroup.
func GuardGroup(pgid int) error {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.w == nil {
		return fmt.Errorf("no subprocess guard")
	}
	if _, err := guard.w.Write(guardLine('+', pgid)); err == nil {
		return nil
	}
	// The guard is gone (killed by hand): a new one guards this group and
	// the next ones (those the old one held are left to their own
	// parent-death signal).
	guard.w.Close()
	w, err := startGuard()
	guard.w = w
	if err != nil {
		return err
	}
	_, err = guard.w.Write(guardLine('+', pgid))
	return err
}

// guardLine is the guard's line for op ('+' or '-') on group pgid.
func guardLine(op byte, pgid int) []byte {
	b := make([]byte, 0, 12)
	return append(strconv.AppendInt(append(b, op), int64(pgid), 10), '\n')
}

// ReleaseGroup tells the guard that the group's leader has been reaped:
// the group is no longer this process's to kill (and its number may be
// reused).
func ReleaseGroup(pgid int) {
	guardWrite('-', pgid)
}

// LingerGroup tells the guard that the group's leader has been reaped while
// other members live on (`sh -c "cmd &"`): the guard still kills the group,
// unless a process has the leader's number by then (it was reused: the
// group is gone). ReleaseGroup ends that once the members are gone.
func LingerGroup(pgid int) {
	guardWrite('~', pgid)
}

func guardWrite(op byte, pgid int) {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.w != nil {
		guard.w.Write(guardLine(op, pgid))
	}
}

func startGuard() (*os.File, error) {
	if err := CheckThreads(guardThreads); err != nil {
		return nil, err
	}
	CloseInherited()
	r, w, err := os.Pipe() // close-on-exec: programs and children do not hold it
	if err != nil {
		return nil, err
	}
	defer r.Close()
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		w.Close()
		return nil, err
	}
	defer devnull.Close()
	cmd := &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{os.Args[0], "(procstar guard)"},
		// Nothing of this process's environment: a test binary's or a
		// host's own markers must not divert it before Dispatch.
		// One P: the fewest threads (they count against ulimit -u).
		Env:         []string{guardEnvVar + "=1", "GORACE=atexit_sleep_ms=0", "GOMAXPROCS=1"},
		Dir:         "/",
		Stdin:       r,
		Stdout:      devnull,
		Stderr:      devnull,
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("starting the subprocess guard: %w", err)
	}
	// Reaped if it ends first (a guard killed by hand), waiting in the
	// poller rather than on a thread; normally this process ends first and
	// init reaps the guard.
	go func() {
		if _, ok := waitPollable(cmd.Process.Pid); ok {
			cmd.Process.Release()
		} else {
			cmd.Wait()
		}
	}()
	return w, nil
}

// RunGuard runs this process as a guard if it was started as one, and
// exits; otherwise it returns at once.
func RunGuard() {
	if os.Getenv(guardEnvVar) != "1" {
		return
	}
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE)
	for g, leader := range guardGroups(0, guardBatch) {
		if !leader && syscall.Kill(g, 0) == nil {
			continue // a lingering group's number, taken by another process
		}
		syscall.Kill(-g, syscall.SIGKILL)
	}
	os.Exit(0)
}

// guardGroups reads the guard's lines from fd (the read end of its pipe)
// until the writer is gone, and returns the groups registered and not
// released, each with whether its leader is alive ('+') or was reaped
// ('~', see LingerGroup). Lines are read as they come while none came for a while, and
// at most every batch otherwise: in between it sleeps until the pipe's
// end (poll reports a hang-up even when asked for no event).
func guardGroups(fd int, batch time.Duration) map[int]bool {
	groups := map[int]bool{}
	syscall.SetNonblock(fd, true)
	buf := make([]byte, 64<<10)
	var line []byte // a line split between two reads
	fds := []unix.PollFd{{Fd: int32(fd)}}
	var timeout int
	for {
		got, eof := false, false
		for {
			n, err := syscall.Read(fd, buf)
			if err == syscall.EINTR {
				continue
			}
			if n <= 0 {
				eof = err != syscall.EAGAIN // 0 and no error: the end
				break
			}
			got = true
			for _, c := range buf[:n] {
				if c != '\n' {
					line = append(line, c)
					continue
				}
				if len(line) >= 2 {
					if g, err := strconv.Atoi(string(line[1:])); err == nil && g > 1 {
						switch line[0] {
						case '+':
							groups[g] = true
						case '~':
							if _, ok := groups[g]; ok {
								groups[g] = false
							}
						case '-':
							delete(groups, g)
						}
					}
				}
				line = line[:0]
			}
		}
		if eof {
			return groups
		}
		fds[0].Events, timeout = unix.POLLIN, -1
		if got {
			fds[0].Events, timeout = 0, int(batch/time.Millisecond)
		}
		unix.Poll(fds, timeout) // EINTR: read again
	}
}

// CloseInherited marks every descriptor above stderr close-on-exec, so
// that a program started next inherits only stdin, stdout and stderr, as
// Python's subprocess (close_fds=True) gives it: not a procstar child's
// control socket and shared memory, nor what the root itself inherited.
// procstar children are given theirs explicitly (exec.Cmd.ExtraFiles).
func CloseInherited() {
	// One system call (Linux 5.11) where the scan of /proc/self/fd takes
	// a few per descriptor, at every program's start.
	if unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC) == nil {
		return
	}
	closeInheritedScan()
}

// closeInheritedScan is CloseInherited on kernels without close_range.
func closeInheritedScan() {
	f, err := os.Open("/proc/self/fd")
	if err != nil {
		return
	}
	names, _ := f.Readdirnames(-1)
	dirfd := int(f.Fd())
	for _, name := range names {
		if fd, err := strconv.Atoi(name); err == nil && fd > 2 && fd != dirfd {
			syscall.CloseOnExec(fd)
		}
	}
	f.Close()
}
