package spawn

import (
	"fmt"
	"os"
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
	// ProcessThreads is about how many threads a procstar child runs
	// (its Go runtime's; 7 to 9 are seen at rest).
	ProcessThreads = 16
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

// CheckThreads returns an EAGAIN error if starting a process that needs
// about need threads would bring the real user within the margin of its
// RLIMIT_NPROC; nil if it fits, or if no such limit applies.
func CheckThreads(need int) error {
	var lim syscall.Rlimit
	const rlimitNproc = 6
	if err := syscall.Getrlimit(rlimitNproc, &lim); err != nil || lim.Cur >= checkedBelow || exempt() {
		return nil
	}
	used := userThreads(syscall.Getuid())
	if used+need+threadMargin > int(lim.Cur) {
		return fmt.Errorf("%w (ulimit -u: the user runs %d threads of %d; a new process needs about %d, and %d are kept for the running ones)",
			syscall.EAGAIN, used, lim.Cur, need, threadMargin)
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
