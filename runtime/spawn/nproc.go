package spawn

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Under a process-count limit (RLIMIT_NPROC, `ulimit -u`: the threads of
// all the processes of the real user), the Go runtime cannot survive a
// failed thread creation: it aborts with "fatal error: newosproc". A
// process started at the edge of the limit dies that way as it starts its
// runtime's threads, and so may any process of the tree that needs one
// more thread. So a start that would leave the user fewer threads than a
// new process needs, plus a margin for the processes already running,
// fails first with EAGAIN: an OSError for the script, which can go on.

const (
	// ProcessThreads is what a procstar process is counted as at least:
	// its Go runtime runs 7 to 9 threads at rest, and under a limit it
	// starts reservedThreads at once (see ReserveThreads), to which the
	// runtime adds a few as it goes (12 to 15 are seen under load): the
	// difference absorbs the overshoot of starts checked at once.
	ProcessThreads  = 20
	reservedThreads = 12
	// threadMargin is what the running processes of the tree are left.
	threadMargin = 8
	// checkedBelow: above this limit the check is not worth a scan of
	// /proc per start (a user's default limit is in the tens of
	// thousands; then the tree meets --max-procs first).
	checkedBelow = 1 << 14
)

var exempt = sync.OnceValue(func() bool {
	if syscall.Getuid() == 0 {
		return true // the kernel does not apply RLIMIT_NPROC to root
	}
	// Nor to CAP_SYS_RESOURCE or CAP_SYS_ADMIN.
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			const sysAdmin, sysResource = 21, 24
			return err == nil && caps&(1<<sysAdmin|1<<sysResource) != 0
		}
	}
	return false
})

// limit is the process-count limit that applies to this process, if one
// low enough to check does.
func limit() (uint64, bool) {
	if exempt() { // known once: no system call per start
		return 0, false
	}
	var lim syscall.Rlimit
	const rlimitNproc = 6
	if syscall.Getrlimit(rlimitNproc, &lim) != nil || lim.Cur >= checkedBelow {
		return 0, false
	}
	return lim.Cur, true
}

// ReserveThreads has the Go runtime start the threads it may need, up to
// reservedThreads, now, when a process-count limit applies: the start that
// made this process counted it as ProcessThreads (see userThreads), and a
// thread the runtime starts later, at the limit, aborts the process. Go
// keeps the threads it has started, idle, for its later needs: so a
// process that never needs more than that at once never starts another.
// Threads are made by goroutines that each hold one (locked to it) until
// all are made.
func ReserveThreads() {
	if _, ok := limit(); !ok {
		return
	}
	// A goroutine may lock a thread the runtime already had (idle), so
	// count again until there are enough, the earlier ones still held.
	release := make(chan struct{})
	defer close(release)
	for range reservedThreads {
		n := reservedThreads - threadsOf("self")
		if n <= 0 {
			return
		}
		var made sync.WaitGroup
		made.Add(n)
		for range n {
			go func() {
				runtime.LockOSThread()
				made.Done()
				<-release // the thread sleeps with its goroutine
				runtime.UnlockOSThread()
			}()
		}
		made.Wait()
	}
}

// threadsOf is the number of threads of /proc/<pid>/status, 0 if unknown.
func threadsOf(pid string) int {
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	t, _ := field(string(status), "Threads:")
	n, _ := strconv.Atoi(t)
	return n
}

// CheckThreads returns an EAGAIN error if starting a process that needs
// about need threads would bring the real user within the margin of its
// RLIMIT_NPROC; nil if it fits, or if no such limit applies.
func CheckThreads(need int) error {
	lim, ok := limit()
	if !ok {
		return nil
	}
	used := userThreads(syscall.Getuid())
	if used+need+threadMargin > int(lim) {
		return fmt.Errorf("%w (ulimit -u: the user runs %d threads of %d; a new process needs about %d, and %d are kept for the running ones)",
			syscall.EAGAIN, used, lim, need, threadMargin)
	}
	return nil
}

// selfExe is this binary, which every procstar process of the tree runs.
var selfExe = sync.OnceValue(func() string {
	exe, _ := os.Readlink("/proc/self/exe")
	return exe
})

// userThreads counts the threads of the processes whose real user is uid,
// a process of this binary as at least ProcessThreads: one just started
// has not yet started the threads its runtime will run, and counted as it
// is, a burst of starts let a tree grow past the limit, each process then
// aborting as its runtime reached for one more.
func userThreads(uid int) int {
	d, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	n := 0
	for _, name := range names {
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		var st syscall.Stat_t
		// The directory's owner is the process's effective user: a
		// cheap filter before its status is read.
		if syscall.Stat("/proc/"+name, &st) != nil || int(st.Uid) != uid {
			continue
		}
		status, err := os.ReadFile("/proc/" + name + "/status")
		if err != nil {
			continue
		}
		s := string(status)
		if ruid, ok := field(s, "Uid:"); !ok || ruid != strconv.Itoa(uid) {
			continue
		}
		if t, ok := field(s, "Threads:"); ok {
			if k, err := strconv.Atoi(t); err == nil {
				if k < ProcessThreads && selfExe() != "" {
					if exe, _ := os.Readlink("/proc/" + name + "/exe"); exe == selfExe() {
						k = ProcessThreads
					}
				}
				n += k
			}
		}
	}
	return n
}

// field is the first word after the line's key in a /proc status file.
func field(status, key string) (string, bool) {
	i := strings.Index(status, "\n"+key)
	if i < 0 {
		return "", false
	}
	rest := strings.Fields(status[i+1+len(key):])
	if len(rest) == 0 {
		return "", false
	}
	return rest[0], true
}
